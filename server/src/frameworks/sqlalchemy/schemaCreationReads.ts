// Where a file creates the models' tables (`Base.metadata.create_all(engine)`, `db.create_all()`,
// `conn.run_sync(SQLModel.metadata.create_all)`), for schema-never-created (schemaCreation.ts): read by the
// SQLAlchemy collector (facts.ts) from the walk's attribute reads and called attributes, with the module's
// `if __name__ == "__main__":` blocks it visits; a one-line creation there gets what a fix moving it needs.
import type { VisitContext } from '../../syntax/factCollectors';
import { childByField, type SyntaxNode } from '../../syntax/parser';
import type { SchemaCreation } from './readFacts';

/** Files that may create them (facts.ts hands attributes and main blocks only to these). */
export const CREATE_ALL = /create_all/;
const MAIN_CONDITION = /^\s*__name__\s*==\s*['"]__main__['"]\s*$/;

export class SchemaCreationReader {
  readonly creations: SchemaCreation[] = [];
  private readonly mainBlocks: { ifNode: SyntaxNode; block: SyntaxNode }[] = [];

  /** An attribute read or called (never one assigned to): `….metadata.create_all`, `db.create_all`. */
  visitAttribute(n: SyntaxNode, ctx: VisitContext): void {
    // Most attributes are something else: the last name decides before any list is made.
    const last = childByField(n, 'attribute');
    if (last && ctx.textOf(last) !== 'create_all') return;
    // The attribute names from the last back to the root's (read as text only when they may matter).
    const steps: SyntaxNode[] = [];
    let cur: SyntaxNode | undefined = n;
    while (cur && cur.type === 'attribute') {
      const attr = childByField(cur, 'attribute');
      if (attr) steps.push(attr);
      cur = childByField(cur, 'object');
    }
    if (!cur || !steps.length || ctx.textOf(steps[0]) !== 'create_all') return;
    const rootIsName = cur.type === 'identifier' || cur.type === 'keyword_identifier';
    if ((steps.length > 1 && ctx.textOf(steps[1]) === 'metadata') || (steps.length === 1 && rootIsName)) {
      this.creations.push({ span: ctx.spanOf(steps[0]), underMain: ctx.underMain && ctx.moduleLevel });
    }
  }

  /** A module-level `if`: its block, when it is the main block. */
  visitIf(n: SyntaxNode, ctx: VisitContext): void {
    if (!ctx.moduleLevel) return;
    const condition = childByField(n, 'condition');
    if (!MAIN_CONDITION.test(condition ? ctx.textOf(condition) : '')) return;
    for (const c of n.children) if (c !== condition && c.field === 'consequence') this.mainBlocks.push({ ifNode: n, block: c });
  }

  /**
   * `create_all` calls that are one-line statements of a main block: what a quick fix needs to move them before
   * the block (schema-never-created).
   */
  noteMovableCreations(spanOf: VisitContext['spanOf'], textOf: VisitContext['textOf']): void {
    for (const { ifNode, block } of this.mainBlocks) {
      const statements = block.children.filter((c) => c.named && c.type !== 'comment');
      // (A creation on the line of one of the block's one-line statements is in it.)
      for (const creation of this.creations) {
        const st = statements.find((x) => x.type === 'expression_statement' && spanOf(x)[0] === creation.span[0] && spanOf(x)[2] === creation.span[0]);
        if (!st) continue;
        const [line, column] = spanOf(st);
        creation.move = { line, indent: column, text: textOf(st), mainLine: spanOf(ifNode)[0], only: statements.length === 1 };
      }
    }
  }
}

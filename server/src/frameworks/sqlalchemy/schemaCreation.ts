// schema-never-created: the project creates its tables only in a module's `if __name__ == "__main__":` block
// (`Base.metadata.create_all(engine)` before `uvicorn.run(app)`), has no migrations tool, and a run file starts
// the server by importing that module (`uvicorn main:app`, `gunicorn app:app`, `FLASK_APP=app`): imported, the
// module's `__name__` is not "__main__", the block never runs, and the first request fails with "no such
// table". Silent when any create_all runs elsewhere (an app factory, a lifespan, a startup hook, a function,
// module level), when Alembic or Flask-Migrate is in use, when a run file runs the module as a script
// (`python main.py`, `python -m main`), and when no run file starts it at all.
import type { Project, SourceFile } from '../../index/project';
import type { Fix } from '../../core/types';
import { LAYOUT_KEY, MANIFESTS_KEY } from '../../index/project';
import { alembicRevisionOf, sqlalchemyFactsOf, type SchemaCreation } from './facts';
import { SQLALCHEMY_MODELS_KEY } from './indexing';
import type { CommandReference } from '../../index/projectFileSummary';
import type { RuleFamily, RuleMeta } from '../../rulekit/rule';

export const SCHEMA_NEVER_CREATED: RuleMeta = {
  id: 'schema-never-created',
  defaultSeverity: 'error',
  summary: "The tables are created only under `if __name__ == \"__main__\":` of a module the server imports: they never are",
  doc: {
    catches: '`Base.metadata.create_all()` / `db.create_all()` only in the `if __name__ == "__main__":` block of a module that a run file serves by importing it (`uvicorn main:app`, `gunicorn app:app`, `FLASK_APP=app`), in a project with no migrations tool.',
    whyItBreaks: 'A server imports the module, so its `__name__` is the module name, not "__main__": the block never runs, no table is created, and the first query fails ("no such table", "relation does not exist").',
    example: '# main.py, served by `CMD ["uvicorn", "main:app"]`\nif __name__ == "__main__":\n    Base.metadata.create_all(bind=engine)\n    uvicorn.run(app)',
    fix: 'Create the tables where the served app starts: in the FastAPI lifespan or a startup hook, in the Flask app factory (`with app.app_context(): db.create_all()`), or adopt migrations (Alembic, Flask-Migrate).',
  },
};

export const schemaCreationChecks: RuleFamily = {
  rules: [SCHEMA_NEVER_CREATED],
  check(ctx) {
    const creations = sqlalchemyFactsOf(ctx.file.summary)?.schemaCreations?.filter((c) => c.underMain) ?? [];
    if (!creations.length || ctx.file.summary.unparsed) return;
    // Every file's create_all and migrations imports, and the run files, decide.
    ctx.tracker.add(SQLALCHEMY_MODELS_KEY);
    ctx.tracker.add(MANIFESTS_KEY);
    ctx.tracker.add(LAYOUT_KEY);
    if (!onlyUnderMain(ctx.project) || usesMigrations(ctx.project)) return;
    const module = moduleNameOf(ctx.file.path);
    const refs = runReferences(ctx.project);
    const script = refs.find((r) => runsAsScript(r, ctx.file.path, module));
    const served = refs.find((r) => servesByImport(r, module));
    if (script || !served) return;
    for (const creation of creations) {
      const fix = creation.move ? moveFix(ctx.file, creation.move) : null;
      ctx.report({
        rule: SCHEMA_NEVER_CREATED.id,
        span: creation.span,
        message: `Tables are never created: ${served.via} imports this file, never runs it`,
        detail: `The tables are created only when ${ctx.file.path} runs as a script, but ${served.via} imports it (${served.target}), so the main block never runs.`,
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
  },
};

function onlyUnderMain(project: Project): boolean {
  for (const f of project.allSources()) if (sqlalchemyFactsOf(f.summary)?.schemaCreations?.some((c) => !c.underMain)) return false;
  return true;
}

const MIGRATION_TOOLS = /^(alembic|flask_migrate|django|yoyo|aerich)(\.|$)/;

function usesMigrations(project: Project): boolean {
  for (const f of project.allSources()) {
    if (alembicRevisionOf(f.summary) || f.summary.imports.some((r) => MIGRATION_TOOLS.test(r.module))) return true;
  }
  for (const [path] of project.allProjectFiles()) if (/(^|\/)alembic\.ini$/.test(path)) return true;
  return false;
}

/**
 * Every reference of the run files (Dockerfile, Procfile, compose, scripts…). (A `uvicorn.run("main:app")` in
 * the module's own main block is how it runs as a script, which creates the tables first: not counted.)
 */
function runReferences(project: Project): CommandReference[] {
  const out: CommandReference[] = [];
  for (const [, summary] of project.allProjectFiles()) out.push(...(summary.references ?? []));
  return out;
}

/** `app/main.py` → `app.main` (the name a server imports it by, up to its source root). */
function moduleNameOf(path: string): string {
  return path.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
}

/** The dotted name, as a run file writes it, may name this module (from any source root). */
function namesModule(target: string, module: string): boolean {
  return module === target || module.endsWith('.' + target);
}

function runsAsScript(ref: CommandReference, path: string, module: string): boolean {
  if (ref.kind === 'file') return path === ref.target.replace(/^\.\//, '') || path.endsWith('/' + ref.target.replace(/^\.\//, ''));
  return ref.kind === 'module' && ref.via === 'python -m' && namesModule(ref.target, module);
}

function servesByImport(ref: CommandReference, module: string): boolean {
  if (ref.kind === 'file' || ref.via === 'python -m' || ref.via === 'DJANGO_SETTINGS_MODULE') return false;
  return namesModule(ref.target, module);
}

/**
 * Moves the statement before the main block, to module level, where it runs when a server imports the module:
 * `Base.metadata.create_all(engine)` as it is; Flask-SQLAlchemy's `db.create_all()` inside the app context of the
 * module's `app = Flask(...)` (none: no fix). Unsafe: the tables are then created on every import of the module.
 */
function moveFix(file: SourceFile, move: NonNullable<SchemaCreation['move']>): Fix | null {
  let moved: string;
  if (/\.metadata\.create_all\b/.test(move.text)) moved = `${move.text}\n`;
  else {
    const app = file.summary.moduleBindings.find((b) => b.name === 'app' && b.hint?.kind === 'call' && /(^|\.)Flask$/.test(b.hint.callee));
    if (!app) return null;
    moved = `with app.app_context():\n    ${move.text}\n`;
  }
  const removed = move.only ? `${' '.repeat(move.indent)}pass\n` : '';
  return {
    title: 'Create the tables when the module is imported (move the call before the main block)',
    edits: [
      { file: file.path, range: { start: { line: move.mainLine, character: 0 }, end: { line: move.mainLine, character: 0 } }, newText: `${moved}\n\n` },
      { file: file.path, range: { start: { line: move.line, character: 0 }, end: { line: move.line + 1, character: 0 } }, newText: removed },
    ],
    safety: 'unsafe',
  };
}

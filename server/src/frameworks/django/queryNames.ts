// Names Django queries give model instances beyond their fields, read from the calls the walk hands Django's
// collector: `.annotate(n=…)`/`.alias(n=…)` and `Prefetch(…, to_attr="n")` name them; `.raw(…)` and
// `.extra(select=…)` give names no summary lists, `.annotate(**names)` names computed at run time — on one
// model's instances when the receiver names it (`Model.objects….raw(…)`) or is a parameter annotated with a
// queryset of it that the function only refines, else on any model's (the model graph resolves the names).
import type { FinishContext, ParameterHandle, VisitContext } from '../../syntax/factCollectors';
import { childByField as child, type SyntaxNode } from '../../syntax/parser';

/** What calls the reader (for the collector's one scan of a file's text). */
export const QUERY_NAME_WORDS = /\.(?:annotate|alias|raw|extra)\b|Prefetch\b/;

/** A model's manager at the start of a receiver (`blog.Article.objects`): the model as written. */
const MODEL_MANAGER = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*?)\.(?:objects|_default_manager|_base_manager)\b/;

export interface QueryNameFacts {
  /** Names that `.annotate(x=…)` / `.alias(x=…)` calls (and `Prefetch(to_attr=…)`) give model instances. */
  annotatedNames?: string[];
  /** `.raw(…)` or `.extra(…)`: instances may carry names no summary lists. */
  rawQueries?: boolean;
  /** `Model.objects.raw(…)` / `.extra(select=…)`: the models (as dotted names) whose instances may carry names no summary lists. */
  rawQueryModels?: string[];
  /** `.annotate(**names)` on a queryset of a model not known here: instances may carry names computed at run time. */
  computedNames?: boolean;
  /** `Model.objects.annotate(**names)`: the models (as dotted names) whose instances may carry names computed at run time. */
  computedNameModels?: string[];
}

export class QueryNames {
  private readonly annotatedNames = new Set<string>();
  private rawQueries = false;
  private readonly rawQueryModels = new Set<string>();
  /** The same for `annotate(**names)` (computed names), kept apart: a declared `doc: Document` does not take them. */
  private readonly computed = { any: false, models: new Set<string>() };
  /** `qs.annotate(**names)` on a parameter annotated `QuerySet[Model]`: the model, once every rebinding of `qs` is known to refine it. */
  private readonly pendingParameters: { parameter: ParameterHandle; model: string; computed: boolean }[] = [];

  visit(n: SyntaxNode, ctx: VisitContext): void {
    const fn = child(n, 'function');
    if (!fn) return;
    const callee = ctx.textOf(fn);
    const args = child(n, 'arguments');
    if (/\.(annotate|alias)$/.test(callee)) {
      for (const a of args?.children ?? []) {
        const key = a.type === 'keyword_argument' ? child(a, 'name') : undefined;
        if (key) this.annotatedNames.add(ctx.textOf(key));
        else if (a.type === 'dictionary_splat') this.recordRawQuery(callee, ctx, true); // `annotate(**exprs)`: names unknown
      }
    } else if (/(^|\.)Prefetch$/.test(callee)) {
      // `Prefetch("articles", to_attr="article_list")`: the instances get that attribute (a list).
      for (const a of args?.children ?? []) {
        const key = a.type === 'keyword_argument' ? child(a, 'name') : undefined;
        const value = key && ctx.textOf(key) === 'to_attr' ? child(a, 'value') : undefined;
        const name = value ? ctx.stringValue(value) : null;
        if (name) this.annotatedNames.add(name);
      }
      // (Django's `raw()` takes the SQL: `Tokenizer.raw()` of another library is none.)
    } else if (/\.raw$/.test(callee) && args?.children.some((a) => a.named && a.type !== 'comment')) this.recordRawQuery(callee, ctx);
    else if (/\.extra$/.test(callee)) {
      // Only `extra(select=…)` (its first parameter) gives instances names; `where=`/`tables=`/`order_by=` do not.
      const argsList = (args?.children ?? []).filter((a) => a.named && a.type !== 'comment');
      const selects = argsList.some((a) => a.type === 'dictionary_splat' || a.type === 'list_splat' || (a.type !== 'keyword_argument' && argsList.indexOf(a) === 0) || (a.type === 'keyword_argument' && ctx.textOf(child(a, 'name') ?? a) === 'select'));
      if (selects) this.recordRawQuery(callee, ctx);
    }
  }

  /**
   * `Model.objects….raw(…)` (or `extra(select=…)`, `annotate(**names)`): extra names on that model's instances only (the model graph resolves the name);
   * any other receiver (`qs.raw`, `self.model.objects.raw`): on any model's.
   */
  private recordRawQuery(callee: string, ctx: VisitContext, computed = false): void {
    const model = MODEL_MANAGER.exec(callee);
    if (model && !/^(self|cls)\b/.test(model[1])) (computed ? this.computed.models : this.rawQueryModels).add(model[1]);
    else {
      // `documents.annotate(**names)` where `documents: QuerySet[Document]` is a parameter: Document's instances only.
      const root = /^[A-Za-z_]\w*/.exec(callee)?.[0];
      const parameter = root ? ctx.parameterElement(root) : undefined;
      if (parameter) this.pendingParameters.push({ parameter: parameter.parameter, model: parameter.element, computed });
      else if (computed) this.computed.any = true;
      else this.rawQueries = true;
    }
  }

  /** What was found; the parameters' models once the file is read: the parameter's one other kind of binding is `qs = qs.<calls>(…)`, else any model's instances. */
  facts({ onlyRefined }: FinishContext): QueryNameFacts {
    for (const { parameter, model, computed } of this.pendingParameters) {
      if (onlyRefined(parameter)) (computed ? this.computed.models : this.rawQueryModels).add(model);
      else if (computed) this.computed.any = true;
      else this.rawQueries = true;
    }
    return {
      ...(this.annotatedNames.size ? { annotatedNames: [...this.annotatedNames] } : {}),
      ...(this.rawQueries ? { rawQueries: true } : {}),
      ...(this.rawQueryModels.size ? { rawQueryModels: [...this.rawQueryModels] } : {}),
      ...(this.computed.any ? { computedNames: true } : {}),
      ...(this.computed.models.size ? { computedNameModels: [...this.computed.models] } : {}),
    };
  }
}

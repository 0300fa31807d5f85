// Django's URL wiring as the summarizer's walk hands it over (FileSummary.frameworks.django.urls): path()/
// re_path()/url() and include() calls, module-level `app_name` and what `urlpatterns` is built from, and the
// url names reverse()/reverse_lazy()/redirect()/resolve_url() are given (what urls.ts and urlChecks.ts read).
import type { Span } from '../../core/types';
import type { VisitContext } from '../../syntax/factCollectors';
import { childByField, dottedText, type SyntaxNode } from '../../syntax/parser';

// ---- the facts ------------------------------------------------------------------------------------------

/** A string literal's value and the span of its contents (between the quotes). */
export interface StringRef {
  value: string;
  span: Span;
}

/** `path(route, view, name="x")`, `re_path(…)`, `url(…)` anywhere in the file. */
export interface UrlPatternCall {
  /** The callee as written (`path`, `urls.re_path`). */
  callee: string;
  /** `name="x"`; null when `name=` is given something else than a string literal (names built at run time). */
  name?: string | null;
  /** The view argument when it is a dotted name (`views.detail`, `ArticleView`). */
  view?: { dotted: string; span: Span };
  /** The view argument when it is a string literal (`"blog.views.detail"`: Django < 1.10's string views). */
  viewString?: StringRef;
}

/**
 * The dotted view of `path("api/", api.urls)`: a (patterns, app_name, namespace) triple some library built, whose kind
 * the URL graph tells (DjangoUrls.classify) and whose binding its key follows (indexing.ts urlGraphKey). Undefined for
 * a plain view.
 */
export function patternsView(p: UrlPatternCall): string | undefined {
  const dotted = p.view?.dotted;
  return dotted && /urls|patterns/i.test(dotted.slice(dotted.lastIndexOf('.') + 1)) ? dotted : undefined;
}

/** `include("app.urls")`, `include(("app.urls", "ns"))`, `include(patterns, namespace="ns")`. */
export interface UrlIncludeCall {
  callee: string;
  /** The module named by a string literal (first argument, or first item of a tuple). */
  module?: StringRef;
  /** Anything else passed (dotted name as written, '?' when not even that). */
  argument?: string;
  /** Instance namespace (tuple's second item or `namespace=`); null when not a string literal. */
  namespace?: string | null;
  /** Inside `try:` catching ImportError, or under a version check. */
  guarded?: boolean;
}

export interface DjangoUrlsSummary {
  patterns: UrlPatternCall[];
  includes: UrlIncludeCall[];
  /** Module-level `app_name = "blog"`; null when it is assigned something else than a string literal. */
  appName?: string | null;
  /**
   * What module-level `urlpatterns` is built from besides list literals of path()/include() calls: dotted
   * names and callees as written ('?' for an expression that is neither).
   */
  sources: string[];
  /** `reverse("x")`, `reverse_lazy`, `redirect`, `resolve_url` with a string literal first argument. */
  nameRefs: { callee: string; name: StringRef; otherUrlconf: boolean }[];
}

// ---- the reader -----------------------------------------------------------------------------------------

/** Callees (last segment) of the calls the Django URL rules read. */
const URL_CALLEES = new Set(['path', 're_path', 'url', 'include', 'reverse', 'reverse_lazy', 'redirect', 'resolve_url', 'extend', 'append']);
/** Functions that take a url name (urlChecks.ts tells which modules they must come from). */
const REVERSERS = new Set(['reverse', 'reverse_lazy', 'redirect', 'resolve_url']);
/** Exceptions whose handlers catch Django's NoReverseMatch. */
const NO_REVERSE_MATCH_CATCHERS: ReadonlySet<string> = new Set(['NoReverseMatch', 'Exception', 'BaseException']);
/** Calls that return the url patterns they are given, with their names (i18n prefixes, format suffixes). */
const PATTERN_WRAPPERS = new Set(['i18n_patterns', 'format_suffix_patterns']);

/**
 * Whether a file's text may hold URL wiring: a call of one of URL_CALLEES (an aliased reverser's import names
 * it too), or `urlpatterns`/`app_name` (no capture group: django/facts.ts scans for it with other words). The
 * walk hands the other files' nodes to no one.
 */
export const URL_WIRING_WORDS = /\b(?:reverse(?:_lazy)?|redirect|resolve_url|urlpatterns|app_name)\b|\b(?:re_path|path|url|include)\s*\(/;

/** The node types UrlWiring reads. */
export const URL_WIRING_NODE_TYPES = ['call', 'assignment', 'augmented_assignment'];

function isName(n: SyntaxNode): boolean {
  return n.type === 'identifier' || n.type === 'keyword_identifier';
}

/** One file's URL wiring, from the calls and assignments the walk hands over (none inside unparsable code). */
export class UrlWiring {
  private readonly urls: DjangoUrlsSummary = { patterns: [], includes: [], sources: [], nameRefs: [] };

  visit(n: SyntaxNode, ctx: VisitContext): void {
    if (ctx.inError) return;
    if (n.type === 'call') {
      const fn = childByField(n, 'function');
      if (fn) this.recordCall(fn, childByField(n, 'arguments'), ctx);
      return;
    }
    const left = ctx.moduleLevel ? childByField(n, 'left') : undefined;
    if (!left || !isName(left)) return;
    const name = ctx.textOf(left);
    const right = childByField(n, 'right');
    if (n.type === 'assignment') this.recordAssignment(name, right, ctx);
    else if (name === 'urlpatterns') this.recordUrlpatternsSources(right, ctx);
  }

  /** What was found; undefined when nothing. */
  facts(): DjangoUrlsSummary | undefined {
    const u = this.urls;
    return u.patterns.length > 0 || u.includes.length > 0 || u.nameRefs.length > 0 || u.sources.length > 0 || u.appName !== undefined ? u : undefined;
  }

  /** A one-line string literal without escapes: its value and the span of its contents. */
  private stringRef(n: SyntaxNode | undefined, ctx: VisitContext): StringRef | null {
    if (n?.type !== 'string') return null;
    const m = /^([rRuU]?)("|')([^"'\\\n]*)\2$/.exec(ctx.textOf(n));
    if (!m) return null;
    const [sl, sc] = ctx.spanOf(n);
    const start = sc + m[1].length + 1;
    return { value: m[3], span: [sl, start, sl, start + m[3].length] };
  }
  /** path()/re_path()/url(), include(), reverse()/reverse_lazy()/redirect()/resolve_url(), urlpatterns.extend/append. */
  private recordCall(fn: SyntaxNode, args: SyntaxNode | undefined, ctx: VisitContext): void {
    // Most calls are none of these: the last name is read before any string is built.
    const lastNode = fn.type === 'attribute' ? childByField(fn, 'attribute') : fn;
    if (!lastNode || !isName(lastNode) || args?.type !== 'argument_list') return;
    const written = ctx.textOf(lastNode);
    const last = URL_CALLEES.has(written) ? written : fn === lastNode ? this.reverserImportedAs(written, ctx) : null;
    if (!last) return;
    const callee = dottedText(fn, ctx.textOf);
    if (!callee) return;
    if ((last === 'extend' || last === 'append') && callee !== `urlpatterns.${last}`) return;
    const positional: SyntaxNode[] = [];
    const keywords = new Map<string, SyntaxNode | undefined>();
    for (const a of args.children) {
      if (!a.named || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const k = childByField(a, 'name');
        if (k) keywords.set(ctx.textOf(k), childByField(a, 'value'));
      } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') keywords.set('**', undefined);
      else positional.push(a);
    }
    const u = this.urls;
    if (last === 'path' || last === 're_path' || last === 'url') {
      if (positional.length < 2 && !keywords.has('view')) return;
      const pattern: DjangoUrlsSummary['patterns'][number] = { callee };
      const name = keywords.get('name') ?? positional[3];
      if (name) pattern.name = ctx.stringValue(name);
      else if (keywords.has('**')) pattern.name = null;
      const view = keywords.get('view') ?? positional[1];
      const dotted = view ? dottedText(view, ctx.textOf) : null;
      if (view && dotted) pattern.view = { dotted, span: ctx.spanOf(view) };
      const viewString = this.stringRef(view, ctx);
      if (viewString) pattern.viewString = viewString;
      u.patterns.push(pattern);
    } else if (last === 'include') {
      const first = positional[0];
      if (!first) return;
      const include: DjangoUrlsSummary['includes'][number] = { callee };
      const items = first.type === 'tuple' || first.type === 'parenthesized_expression' ? first.children.filter((c) => c.named && c.type !== 'comment') : [first];
      const module = this.stringRef(items[0], ctx);
      if (module) include.module = module;
      else include.argument = (items[0] && dottedText(items[0], ctx.textOf)) ?? '?';
      const namespace = keywords.get('namespace') ?? (items.length > 1 ? items[1] : undefined);
      if (namespace) include.namespace = ctx.stringValue(namespace);
      else if (keywords.has('**')) include.namespace = null;
      if (ctx.guards.some((g) => g === 'import-error' || g === 'version')) include.guarded = true;
      u.includes.push(include);
    } else if (last === 'extend' || last === 'append') {
      if (callee === 'urlpatterns.extend' && ctx.moduleLevel) this.recordUrlpatternsSources(positional[0], ctx);
      if (callee === 'urlpatterns.append' && ctx.moduleLevel && positional[0]) this.recordUrlpatternsSources(positional[0], ctx, true);
    } else {
      const name = this.stringRef(positional[0], ctx);
      // Under `try: … except NoReverseMatch:` a missing name is the code's own test, not a defect.
      if (name && !ctx.catches(NO_REVERSE_MATCH_CATCHERS)) u.nameRefs.push({ callee, name, otherUrlconf: keywords.has('urlconf') || keywords.has('**') });
    }
  }

  /** `from django.urls import reverse as url_for`: the imported name when it is one of the reverse() family. */
  private reverserImportedAs(alias: string, ctx: VisitContext): string | null {
    const record = ctx.moduleLevelImport(alias);
    const original = record?.kind === 'from' ? record.names.find((n) => n.alias === alias)?.name : undefined;
    return original && REVERSERS.has(original) ? original : null;
  }

  /** Module-level `app_name = "blog"` and `urlpatterns = …`. */
  private recordAssignment(name: string, value: SyntaxNode | undefined, ctx: VisitContext): void {
    if (name === 'app_name') this.urls.appName = value ? ctx.stringValue(value) : null;
    else if (name === 'urlpatterns') this.recordUrlpatternsSources(value, ctx);
  }

  /**
   * What urlpatterns is built from besides list literals and the pattern calls in them (recorded by
   * recordDjangoUrlCall): names and calls whose patterns (and url names) may come from elsewhere.
   */
  private recordUrlpatternsSources(value: SyntaxNode | undefined, ctx: VisitContext, element = false): void {
    if (!value) return;
    const sources = this.urls.sources;
    switch (value.type) {
      case 'list':
      case 'tuple':
      case 'parenthesized_expression':
        for (const c of value.children) if (c.named && c.type !== 'comment') this.recordUrlpatternsSources(c, ctx, value.type !== 'parenthesized_expression' || element);
        return;
      case 'list_splat':
        this.recordUrlpatternsSources(value.children.find((c) => c.named), ctx, false);
        return;
      case 'binary_operator':
        for (const side of ['left', 'right']) this.recordUrlpatternsSources(childByField(value, side), ctx, element);
        return;
      case 'call': {
        const fn = childByField(value, 'function');
        const callee = fn ? dottedText(fn, ctx.textOf) : null;
        const last = callee?.slice(callee.lastIndexOf('.') + 1) ?? '';
        if (element && (last === 'path' || last === 're_path' || last === 'url')) return;
        // Wrappers that keep the names of the patterns they are given (their list arguments are read on).
        if (PATTERN_WRAPPERS.has(last)) {
          for (const a of childByField(value, 'arguments')?.children ?? []) if (a.named && a.type !== 'keyword_argument' && a.type !== 'comment') this.recordUrlpatternsSources(a, ctx, true);
          return;
        }
        // static(): patterns without names.
        if (last === 'static' || last === 'staticfiles_urlpatterns') return;
        sources.push(callee ?? '?');
        return;
      }
      case 'string':
      case 'integer':
      case 'none':
        return;
      default:
        sources.push(dottedText(value, ctx.textOf) ?? '?');
    }
  }

}

// The Django URL wiring rules, read off the URL graph (frameworks/django/urls.ts):
// - unknown-view: `include("blog.urlz")` naming a project module that does not exist, and a class-based view
//   class passed to path() without `.as_view()` (views.missing is unknown-module-attribute's);
// - unknown-url-name: reverse()/reverse_lazy()/redirect()/resolve_url() of a name no urls module defines.
import { nearestName } from '../../core/nearest';
import type { Span } from '../../core/types';
import { djangoUrlsOf } from './urls';
import type { ClassRef } from '../../index/symbols';
import type { UrlPatternCall } from './urlWiring';
import { djangoFactsOf } from './facts';
import { djangoTemplateFactsOf } from './templateTags';
import { replaceSpanFix } from '../../rulekit/fixes';
import { moduleRelated } from '../../rulekit/related';
import type { CheckContext, ProjectFileCheckContext, RuleFamily } from '../../rulekit/rule';
import { UNKNOWN_URL_NAME } from '../../rulekit/urlRules';

/** The functions that take a url name, by their fully qualified names; redirect-like ones also take URLs. */
const REVERSERS = new Map<string, 'reverse' | 'redirect'>([
  ['django.urls.reverse', 'reverse'],
  ['django.urls.reverse_lazy', 'reverse'],
  ['django.urls.base.reverse', 'reverse'],
  ['django.urls.base.reverse_lazy', 'reverse'],
  ['django.core.urlresolvers.reverse', 'reverse'],
  ['django.core.urlresolvers.reverse_lazy', 'reverse'],
  ['rest_framework.reverse.reverse', 'reverse'],
  ['rest_framework.reverse.reverse_lazy', 'reverse'],
  ['django.shortcuts.redirect', 'redirect'],
  ['django.shortcuts.resolve_url', 'redirect'],
]);
const INCLUDE_FUNCTIONS = new Set(['django.urls.include', 'django.urls.conf.include', 'django.conf.urls.include']);
/** Django ≥ 2.0's pattern functions. */
const PATH_FUNCTIONS = new Set(['django.urls.path', 'django.urls.re_path', 'django.urls.conf.path', 'django.urls.conf.re_path']);
const PATTERN_FUNCTIONS = new Set(['django.urls.path', 'django.urls.re_path', 'django.urls.conf.path', 'django.urls.conf.re_path', 'django.conf.urls.url']);
/** Django's class-based views (django.views.View and the generic views built on it). */
const DJANGO_VIEW_CLASS = /^django\.views(\.generic(\.\w+)?)?\.\w*View$/;

export const djangoUrlChecks: RuleFamily = {
  rules: [
    {
      id: 'unknown-view',
      defaultSeverity: 'error',
      summary: 'A URL pattern whose view or included URL module does not exist or cannot be called as a view.',
      doc: {
        catches: '`include("blog.urlz")` naming a project module that does not exist; `path("a/", ArticleView)` passing a class-based view without `.as_view()`; `path("a/", "blog.views.index")` (a string view, removed in Django 1.10).',
        whyItBreaks: 'Django imports included modules when it loads the URLconf (ModuleNotFoundError on every request); a view class is called with the request and raises TypeError when the URL is requested.',
        example: 'path("blog/", include("blog.urlz"))  # blog/urls.py exists',
        fix: 'Name the module that exists (the quick fix suggests the nearest one); pass `ArticleView.as_view()`.',
      },
    },
    UNKNOWN_URL_NAME,
  ],
  check(fileCtx) {
    const s = fileCtx.file.summary;
    const urls = djangoFactsOf(s)?.urls;
    if (!urls || s.unparsed || s.hasErrorNodes || !fileCtx.project.importsPackage('django', fileCtx.tracker)) return;
    fileCtx.each('djangoIncludes', urls.includes, (inc, ctx) => {
      if (inc.module && !inc.guarded && INCLUDE_FUNCTIONS.has(ctx.project.symbols.externalName(ctx.file, inc.callee) ?? '')) checkIncludedModule(ctx, inc.module.value, inc.module.span);
    });
    fileCtx.each('djangoUrlPatterns', urls.patterns, (pattern, ctx) => checkPatternView(ctx, pattern));
    fileCtx.each('djangoUrlNames', urls.nameRefs, (ref, ctx) => {
      if (ref.otherUrlconf) return;
      const kind = REVERSERS.get(ctx.project.symbols.externalName(ctx.file, ref.callee) ?? '');
      // redirect("/path/") and redirect("app.views.x") are URLs or view paths, not names.
      if (!kind || (kind === 'redirect' && /[./]/.test(ref.name.value))) return;
      checkUrlName({ ...ctx, path: ctx.file.path }, ref.name.value, ref.name.span, ref.callee.slice(ref.callee.lastIndexOf('.') + 1));
    });
  },
  checkProjectFile(ctx) {
    // `{% url 'blog:detail' pk=post.pk %}` in a Django template: rendering raises NoReverseMatch.
    const tags = djangoTemplateFactsOf(ctx.summary)?.urlTags;
    if (!tags?.length || !ctx.project.importsPackage('django', ctx.tracker) || !djangoUrlsOf(ctx.project).hasPatterns(ctx.tracker)) return;
    for (const tag of tags) checkUrlName(ctx, tag.name, tag.span, '{% url %}');
  },
};

/** include("a.b"): a module of the project's own top-level package that does not exist. */
function checkIncludedModule(ctx: CheckContext, module: string, span: Span): void {
  if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(module) || !djangoUrlsOf(ctx.project).hasPatterns(ctx.tracker)) return;
  const target = ctx.project.resolveModule(ctx.file.path, 0, module, ctx.tracker);
  if (target.status !== 'missing') return;
  const segments = module.split('.');
  const missing = segments[target.missingAt];
  const candidates = [...ctx.project.namesOf(target.parent, ctx.tracker)].filter((n) => ctx.project.modules.locate(`${target.parent.key}/${n}`));
  const suggestion = nearestName(missing, candidates);
  const fixed = suggestion ? [...segments.slice(0, target.missingAt), suggestion, ...segments.slice(target.missingAt + 1)].join('.') : null;
  ctx.report({
    rule: 'unknown-view',
    span,
    message: `Module '${module}' not found${fixed ? `; did you mean '${fixed}'?` : ''}`,
    detail: `include('${module}'): the project has no module '${segments.slice(0, target.missingAt + 1).join('.')}' (looked in ${target.parent.key}/): importing the URLconf raises ModuleNotFoundError.`,
    related: moduleRelated(target.parent, `looked for '${missing}' here`),
    fixes: fixed ? [replaceSpanFix(ctx.file.path, span, fixed, `Change '${module}' to '${fixed}'`)] : [],
  });
}

/** path("a/", ArticleView): a class-based view passed without .as_view(). */
function checkPatternView(ctx: CheckContext, pattern: UrlPatternCall): void {
  const callee = ctx.project.symbols.externalName(ctx.file, pattern.callee) ?? '';
  if (pattern.viewString && PATH_FUNCTIONS.has(callee)) {
    // path()/re_path() exist since Django 2.0; string views were removed in 1.10.
    ctx.report({
      rule: 'unknown-view',
      span: pattern.viewString.span,
      message: `'${pattern.viewString.value}' is a string, not a view: pass the view itself`,
      detail: `Django 1.10 removed string views: ${pattern.callee}() raises TypeError when the URLconf is imported.`,
    });
    return;
  }
  if (!pattern.view || !PATTERN_FUNCTIONS.has(callee)) return;
  const sym = ctx.project.symbols.dotted(ctx.file, pattern.view.dotted, ctx.tracker);
  if (sym?.kind !== 'class' || !isDjangoViewClass(ctx, sym.cls, new Set())) return;
  const { dotted, span } = pattern.view;
  ctx.report({
    rule: 'unknown-view',
    span,
    message: `'${dotted}' is a class-based view: pass '${dotted}.as_view()'`,
    detail: 'Django would call the class with the request, which raises TypeError.',
    fixes: [replaceSpanFix(ctx.file.path, span, `${dotted}.as_view()`, `Change to '${dotted}.as_view()'`)],
  });
}

/**
 * The class derives from Django's View through project classes and Django's own bases only, and nothing on
 * the way makes calling the class anything else (its own __init__/__new__, a metaclass, a library mixin).
 */
function isDjangoViewClass(ctx: CheckContext, cls: ClassRef, visiting: Set<string>): boolean {
  const symbols = ctx.project.symbols;
  const key = `${cls.file.path}#${cls.index}`;
  if (visiting.has(key) || visiting.size > 8) return false;
  visiting.add(key);
  const info = symbols.classInfo(cls);
  if (info.dynamic || info.keywords.length || info.decorators.length || info.members.some((m) => m.name === '__init__' || m.name === '__new__')) return false;
  let view = false;
  for (const base of info.bases) {
    const external = base === '?' ? null : symbols.externalName(cls.file, base);
    if (external && DJANGO_VIEW_CLASS.test(external)) {
      view = true;
      continue;
    }
    if (external && /^django\.views\./.test(external)) continue; // Django's mixins (ContextMixin…)
    if (external === 'builtins.object') continue;
    const sym = base === '?' ? null : symbols.dotted(cls.file, base, ctx.tracker);
    if (sym?.kind !== 'class') return false;
    if (!isDjangoViewClass(ctx, sym.cls, visiting)) {
      // A project mixin that is no view is fine as long as it is plain (no __init__ and only plain bases).
      if (!isPlainMixin(ctx, sym.cls, new Set())) return false;
    } else view = true;
  }
  return view;
}

/** A project class whose bases are project classes or object, none defining __init__/__new__. */
function isPlainMixin(ctx: CheckContext, cls: ClassRef, visiting: Set<string>): boolean {
  const symbols = ctx.project.symbols;
  const key = `${cls.file.path}#${cls.index}`;
  if (visiting.has(key) || visiting.size > 8) return false;
  visiting.add(key);
  const info = symbols.classInfo(cls);
  if (info.dynamic || info.keywords.length || info.members.some((m) => m.name === '__init__' || m.name === '__new__')) return false;
  return info.bases.every((base) => {
    const external = base === '?' ? null : symbols.externalName(cls.file, base);
    if (external === 'builtins.object' || (external && /^django\.views\./.test(external))) return true;
    const sym = base === '?' ? null : symbols.dotted(cls.file, base, ctx.tracker);
    return sym?.kind === 'class' && isPlainMixin(ctx, sym.cls, visiting);
  });
}

/** What judging a URL name needs: the project, where reads are recorded, where findings go, and the file's path. */
type UrlNameContext = Pick<ProjectFileCheckContext, 'project' | 'tracker' | 'report' | 'path'>;

function checkUrlName(ctx: UrlNameContext, name: string, span: Span, caller: string): void {
  if (!name || /\s|\//.test(name)) return;
  const graph = djangoUrlsOf(ctx.project);
  const status = graph.status(name, ctx.tracker);
  if (status === 'yes' || status === 'unknown') return;
  if (status === 'no-namespace') {
    const parts = name.split(':');
    const namespaces = graph.namespaceNames(ctx.tracker);
    const missing = parts.slice(0, -1).find((p) => !namespaces.includes(p))!;
    const suggestion = nearestName(missing, namespaces);
    const fixed = suggestion ? parts.map((p) => (p === missing ? suggestion : p)).join(':') : null;
    ctx.report({
      rule: 'unknown-url-name',
      span,
      message: `No URL namespace '${missing}'${suggestion ? `; did you mean '${fixed}'?` : ''}`,
      detail: `No include(…, namespace=…) or app_name defines '${missing}': ${caller === '{% url %}' ? 'rendering the template' : `${caller}()`} raises NoReverseMatch.`,
      fixes: fixed ? [replaceSpanFix(ctx.path, span, fixed, `Change '${name}' to '${fixed}'`)] : [],
    });
    return;
  }
  const suggestion = nearestName(name, graph.candidates(name, ctx.tracker));
  const where = name.includes(':') ? `namespace '${name.split(':').slice(-2, -1)[0]}'` : 'the project';
  ctx.report({
    rule: 'unknown-url-name',
    span,
    message: `No URL pattern named '${name}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
    detail: `No URL pattern of ${where} is named '${name.split(':').pop()}': ${caller === '{% url %}' ? 'rendering the template' : `${caller}()`} raises NoReverseMatch.`,
    fixes: suggestion ? [replaceSpanFix(ctx.path, span, suggestion, `Change '${name}' to '${suggestion}'`)] : [],
  });
}

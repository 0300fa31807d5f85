// The Django URL graph, read from summaries: every url name the project's path()/re_path()/url() calls
// define, the namespaces (`app_name`, `include(..., namespace=…)`, `include(("m", "ns"))`) and the names
// under each. Where patterns may come from code we cannot read (third-party includes, names built at run
// time, urlpatterns extended with unknown lists) the graph says so, and rules stay silent about what those
// could define: unnamespaced names, one namespace, or every namespace.
import { DependencyTracker, type Project, type SourceFile } from '../../index/project';
import { DJANGO_URLS_KEY } from './indexing';
import { djangoFactsOf } from './facts';
import { patternsView, type UrlIncludeCall } from './urlWiring';

/** Url modules of Django (and DRF) whose names are known: their app namespace (null: none) and names. */
const KNOWN_URL_MODULES = new Map<string, { namespace: string | null; names: string[] }>([
  ['django.contrib.auth.urls', { namespace: null, names: ['login', 'logout', 'password_change', 'password_change_done', 'password_reset', 'password_reset_done', 'password_reset_confirm', 'password_reset_complete'] }],
  ['django.conf.urls.i18n', { namespace: null, names: ['set_language'] }],
  ['django.contrib.flatpages.urls', { namespace: null, names: ['django.contrib.flatpages.views.flatpage'] }],
  ['rest_framework.urls', { namespace: 'rest_framework', names: ['login', 'logout'] }],
]);
const URL_MODULES = new Set(['django.urls', 'django.urls.conf', 'django.conf.urls']);
const PATTERN_NAMES = new Set(['path', 're_path', 'url']);
/** Third-party url modules that declare an app_name: included, they add names under that namespace only. */
const NAMESPACED_URL_MODULES = new Map<string, string>([['debug_toolbar.urls', 'djdt']]);

export interface UrlNamespace {
  /** Names reachable under the namespace (its modules and what they include without a namespace). */
  names: Set<string>;
  /** Names may come from patterns we cannot read. */
  open: boolean;
}

const graphs = new WeakMap<Project, DjangoUrls>();
/** The project's URL graph (one per project, rebuilt lazily). */
export function djangoUrlsOf(project: Project): DjangoUrls {
  let g = graphs.get(project);
  if (!g) graphs.set(project, (g = new DjangoUrls(project)));
  return g;
}

/** How a dotted name passed as url patterns (to include(), into urlpatterns) is known. */
/** 'custom-router': a router whose route names DRF's conventions do not give (a project subclass, another library's). */
type PatternsSource = 'project' | 'router' | 'custom-router' | 'admin' | 'external';

/** Routers that name their routes `<basename>-list`, `<basename>-detail`, `<basename>-<action>`, `api-root`. */
const DRF_NAMED_ROUTERS = /^rest_framework(_nested|_extensions)?\.routers\.\w+$/;

export class DjangoUrls {
  private built = -1;
  /** Whether the project has any url pattern at all (without one, nothing is judged). */
  private anyPatterns = false;
  private names = new Set<string>();
  /** Some `name=` is not a string literal: any name may exist. */
  private namesDynamic = false;
  /** Third-party patterns are included without a namespace: they may define any unnamespaced name. */
  private unnamespacedOpen = false;
  /** Namespaces may exist that no summary shows (third-party modules' app_name, computed namespaces). */
  private namespacesOpen = false;
  /** DRF routers' patterns are included: names `<basename>-list`, `-detail`, `-<action>` exist. */
  private routers = false;
  private namespaces = new Map<string, UrlNamespace>();
  /**
   * The keys resolving the modules `include("app.urls")` names read, and those telling what a name passed as
   * patterns is (classify: `include(extra)` with `extra` imported from a module that binds it): which file an
   * include reaches (or that it reaches none, a package gone namespace), and whether that module still binds the
   * name, are inputs of the graph that no url module's own edit shows.
   */
  private includeKeys: string[] = [];

  constructor(private readonly project: Project) {}

  /** Whether the project defines url patterns at all. */
  hasPatterns(tracker: DependencyTracker): boolean {
    tracker.add(DJANGO_URLS_KEY);
    this.build();
    tracker.addAll(this.includeKeys);
    return this.anyPatterns;
  }

  /**
   * Whether `name` ("x" or "ns:x", nested "a:ns:x") is defined: 'yes', 'no', 'unknown' (patterns we cannot
   * read could define it), or 'no-namespace' when the namespace itself is defined nowhere.
   */
  status(name: string, tracker: DependencyTracker): 'yes' | 'no' | 'unknown' | 'no-namespace' {
    tracker.add(DJANGO_URLS_KEY);
    this.build();
    tracker.addAll(this.includeKeys);
    if (!this.anyPatterns || this.namesDynamic) return 'unknown';
    const parts = name.split(':');
    const bare = parts[parts.length - 1];
    if (this.routers && bare.includes('-')) return 'unknown';
    if (parts.length === 1) {
      if (this.names.has(bare)) return 'yes';
      return this.unnamespacedOpen ? 'unknown' : 'no';
    }
    // Nested namespaces: the innermost one's names are judged (where the outer ones sit is not).
    if (parts.some((p) => p === '')) return 'unknown';
    for (const ns of parts.slice(0, -1)) {
      if (!this.namespaces.has(ns)) return this.namespacesOpen ? 'unknown' : 'no-namespace';
    }
    const ns = this.namespaces.get(parts[parts.length - 2])!;
    if (ns.names.has(bare)) return 'yes';
    return ns.open ? 'unknown' : 'no';
  }

  /** Candidates for did-you-mean: every defined name, qualified as a reference to `name` would be. */
  candidates(name: string, tracker: DependencyTracker): string[] {
    tracker.add(DJANGO_URLS_KEY);
    this.build();
    tracker.addAll(this.includeKeys);
    const parts = name.split(':');
    if (parts.length === 1) return [...this.names];
    const prefix = parts.slice(0, -1).join(':');
    const ns = this.namespaces.get(parts[parts.length - 2]);
    return ns ? [...ns.names].map((n) => `${prefix}:${n}`) : [];
  }

  /** Every namespace defined (did-you-mean for a missing one). */
  namespaceNames(tracker: DependencyTracker): string[] {
    tracker.add(DJANGO_URLS_KEY);
    this.build();
    tracker.addAll(this.includeKeys);
    return [...this.namespaces.keys()];
  }

  private namespace(name: string): UrlNamespace {
    let ns = this.namespaces.get(name);
    if (!ns) this.namespaces.set(name, (ns = { names: new Set(), open: false }));
    return ns;
  }

  private build(): void {
    if (this.built === this.project.generation) return;
    this.built = this.project.generation;
    this.anyPatterns = false;
    this.names = new Set();
    this.namesDynamic = false;
    this.unnamespacedOpen = false;
    this.namespacesOpen = false;
    this.routers = false;
    this.namespaces = new Map();
    // The graph as a whole is tracked by DJANGO_URLS_KEY, and by the keys of resolving includes and what the
    // names passed as patterns are (includeKeys).
    const includes = new DependencyTracker();
    const namesOf = new Map<string, Set<string>>();
    /** Files whose patterns may hold names we cannot read. */
    const openFiles = new Set<string>();
    /** Project url modules a file includes without a namespace (their names join the file's namespace). */
    const plainIncludes = new Map<string, string[]>();
    /** Files included under each namespace (plus those declaring it as app_name). */
    const namespaceFiles = new Map<string, Set<string>>();
    const addNamespaceFile = (ns: string, file: string) => {
      this.namespace(ns);
      let set = namespaceFiles.get(ns);
      if (!set) namespaceFiles.set(ns, (set = new Set()));
      set.add(file);
    };
    /** Patterns we cannot read enter through `source`, under `namespace` (undefined: none given). */
    const unreadable = (source: SourceFile, namespace: string | null | undefined) => {
      openFiles.add(source.path);
      if (typeof namespace === 'string') this.namespace(namespace).open = true;
      else if (namespace === null) this.namespacesOpen = true;
      else {
        this.unnamespacedOpen = true;
        this.namespacesOpen = true; // the module may declare an app_name
      }
    };
    /** A router whose names we cannot derive adds flat patterns to `source`'s own names, whatever they are. */
    const customRouter = (source: SourceFile) => {
      openFiles.add(source.path);
      if (djangoFactsOf(source.summary)?.urls?.appName === undefined) this.unnamespacedOpen = true; // a root urlconf's names
    };

    for (const source of this.project.allSources()) {
      // `from django.urls import path as p`: patterns the summary did not recognise may name anything.
      if (source.summary.imports.some((r) => r.kind === 'from' && URL_MODULES.has(r.module) && r.names.some((n) => n.alias && n.alias !== n.name && PATTERN_NAMES.has(n.name)))) this.namesDynamic = true;
      const urls = djangoFactsOf(source.summary)?.urls;
      if (!urls) continue;
      const own = new Set<string>();
      namesOf.set(source.path, own);
      if (urls.appName === null) this.namespacesOpen = true;
      else if (urls.appName !== undefined) addNamespaceFile(urls.appName, source.path);
      for (const p of urls.patterns) {
        this.anyPatterns = true;
        if (p.name === null) this.namesDynamic = true;
        else if (p.name !== undefined) {
          this.names.add(p.name);
          own.add(p.name);
        }
        // `path("api/", api.urls)`: a (patterns, app_name, namespace) triple some library built.
        const patterns = patternsView(p);
        if (patterns) {
          const kind = this.classify(source, patterns, includes);
          if (kind === 'admin') this.namespace('admin').open = true;
          else if (kind === 'router') this.routers = true;
          else if (kind === 'custom-router') customRouter(source);
          else if (kind === 'external') unreadable(source, null);
        }
      }
      for (const inc of urls.includes) this.readInclude(source, inc, includes, { addNamespaceFile, unreadable, customRouter, plainIncludes });
      for (const dotted of urls.sources) {
        if (dotted === 'urlpatterns') continue;
        const kind = dotted === '?' ? 'external' : this.classify(source, dotted, includes);
        if (kind === 'router') this.routers = true;
        else if (kind === 'custom-router') customRouter(source);
        else if (kind === 'external') unreadable(source, undefined);
        else if (kind === 'project') openFiles.add(source.path); // names still in the project, not in this file
      }
    }

    this.includeKeys = [...includes.keys];

    // The names under each namespace: its files and what they include without a namespace, transitively.
    for (const [ns, files] of namespaceFiles) {
      const namespace = this.namespace(ns);
      const seen = new Set<string>();
      const queue = [...files];
      while (queue.length) {
        const file = queue.pop()!;
        if (seen.has(file)) continue;
        seen.add(file);
        for (const n of namesOf.get(file) ?? []) namespace.names.add(n);
        if (openFiles.has(file)) namespace.open = true;
        for (const target of plainIncludes.get(file) ?? []) {
          // A module with an app_name nests its own namespace.
          if (djangoFactsOf(this.project.source(target)?.summary)?.urls?.appName === undefined) queue.push(target);
        }
      }
    }
  }

  private readInclude(
    source: SourceFile,
    inc: UrlIncludeCall,
    includes: DependencyTracker,
    into: {
      addNamespaceFile: (ns: string, file: string) => void;
      unreadable: (source: SourceFile, namespace: string | null | undefined) => void;
      customRouter: (source: SourceFile) => void;
      plainIncludes: Map<string, string[]>;
    },
  ): void {
    if (inc.namespace === null) this.namespacesOpen = true;
    if (inc.module) {
      const module = inc.module.value;
      const ownNamespace = NAMESPACED_URL_MODULES.get(module);
      if (ownNamespace && inc.namespace !== null) {
        this.namespace(inc.namespace ?? ownNamespace).open = true;
        return;
      }
      const known = KNOWN_URL_MODULES.get(module);
      if (known) {
        for (const ns of [known.namespace, inc.namespace]) {
          if (ns) for (const n of known.names) this.namespace(ns).names.add(n);
        }
        if (!known.namespace && !inc.namespace) for (const n of known.names) this.names.add(n);
        return;
      }
      const target = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(module) ? this.project.resolveModule(source.path, 0, module, includes) : { status: 'unknown' as const };
      if (target.status === 'missing') return; // unknown-view reports it; it defines nothing
      const file = target.status === 'found' ? target.location.file : null;
      if (!file) {
        into.unreadable(source, inc.namespace);
        return;
      }
      if (inc.namespace) into.addNamespaceFile(inc.namespace, file);
      else if (inc.namespace === undefined) {
        const list = into.plainIncludes.get(source.path);
        if (list) list.push(file);
        else into.plainIncludes.set(source.path, [file]);
      }
      return;
    }
    const ownNamespace = NAMESPACED_URL_MODULES.get(inc.argument ? (this.project.symbols.externalName(source, inc.argument) ?? '') : '');
    if (ownNamespace && inc.namespace !== null) {
      this.namespace(inc.namespace ?? ownNamespace).open = true;
      return;
    }
    const kind = inc.argument === '?' || !inc.argument ? 'external' : this.classify(source, inc.argument, includes);
    if (kind === 'admin') this.namespace('admin').open = true;
    else if (kind === 'router') {
      this.routers = true;
      if (inc.namespace) this.namespace(inc.namespace).open = true;
    } else if (kind === 'custom-router') {
      if (inc.namespace) this.namespace(inc.namespace).open = true;
      else if (inc.namespace === undefined) into.customRouter(source); // its names join this file's
    } else if (kind === 'project') {
      // A list of the project's patterns: their names are collected where they are written.
      if (inc.namespace) this.namespace(inc.namespace).open = true;
    } else into.unreadable(source, inc.namespace);
  }

  /** What a dotted name passed as patterns is: the project's, a DRF router's `.urls`, admin.site.urls, or a library's. */
  private classify(source: SourceFile, dotted: string, tracker: DependencyTracker): PatternsSource {
    const symbols = this.project.symbols;
    const [root] = dotted.split('.');
    const external = symbols.externalName(source, dotted);
    if (external && /(^|\.)admin\.site\.urls$/.test(external)) return 'admin';
    const bindings = this.project.bindingsOf(source, root);
    if (dotted.endsWith('.urls') && bindings.length > 0 && bindings.every((b) => b.hint?.kind === 'call' && /Router$/.test(b.hint.callee))) {
      const drfNamed = bindings.every((b) => b.hint?.kind === 'call' && DRF_NAMED_ROUTERS.test(symbols.externalName(source, b.hint.callee) ?? ''));
      return drfNamed ? 'router' : 'custom-router';
    }
    if (bindings.length > 0 && bindings.every((b) => b.kind === 'assign' && !b.hint)) return 'project'; // a list built in this file
    if (symbols.dotted(source, dotted, tracker)) return 'project';
    // A name imported from a project module that binds it (a list of patterns defined there).
    if (bindings.length === 1 && bindings[0].kind === 'import' && dotted === root) {
      const record = source.summary.imports[bindings[0].importIndex!];
      const target = record ? this.project.resolveImport(source.path, record, tracker) : null;
      const item = record?.names.find((n) => (n.alias ?? n.name) === root);
      const from = target?.status === 'found' && target.location.file ? this.project.source(target.location.file) : undefined;
      if (item && from && this.project.isBound(from, item.name)) return 'project';
    }
    return 'external';
  }
}

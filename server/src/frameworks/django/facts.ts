// Django facts of one file that the app and migration rules read, recorded only where present: a module-level
// `class Migration` (its dependencies, replaces and operations), module-level settings (INSTALLED_APPS,
// ROOT_URLCONF, AUTH_USER_MODEL, MIGRATION_MODULES), AppConfig names/labels, and model `Meta` options with the
// field calls a "create migration" fix copies. Django's collector (FileSummary.frameworks.django): it reads the
// tree on its own once the summarizer's walk is done, a few statement kinds at module and class level, and is
// handed the walk's calls and assignments (registrations and the settings module here; the URL wiring, urlWiring.ts).
import type { Span } from '../../core/types';
import { factsOf, type FactCollector, type FinishContext, type VisitContext } from '../../syntax/factCollectors';
import { childByField as child, namedChildren as named, type SyntaxNode } from '../../syntax/parser';
import type { ClassInfo, FileSummary } from '../../syntax/summary';
import { djangoClassOptions } from './classOptions';
import { djangoClassHeaders } from './classHeaders';
import { QUERY_NAME_WORDS, QueryNames, type QueryNameFacts } from './queryNames';
import { URL_WIRING_NODE_TYPES, URL_WIRING_WORDS, UrlWiring, type DjangoUrlsSummary } from './urlWiring';

export const DJANGO_FACTS_KEY = 'django';

/** A file's Django facts (undefined: it has none). */
export function djangoFactsOf(summary: FileSummary | null | undefined): DjangoFacts | undefined {
  return factsOf<DjangoFacts>(summary, DJANGO_FACTS_KEY);
}

// ---- the facts ------------------------------------------------------------------------------------------

export interface DjangoFacts extends QueryNameFacts {
  /** A module-level `class Migration`. */
  migration?: DjangoMigrationSummary;
  settings?: DjangoSettingsSummary;
  /** Top-level classes with a base named `…Config` (AppConfig and project subclasses of it) with their string `name`/`label` (and `default = True`). */
  appConfigs?: { classIndex: number; name?: string; label?: string; default?: string }[];
  /** Module-level classes defined under `if`/`try`/`with` (indexes into classes): they may not exist. */
  conditionalClasses?: number[];
  /** Top-level classes with a `Meta` (literal options the rules read) or field calls (`x = models.F(...)` text). */
  models?: { classIndex: number; meta?: Record<string, string | null>; fieldCalls: Record<string, string> }[];
  /** Calls `register_lookup` (custom ORM lookups or transforms: lookup suffixes are then unknown). */
  registersLookups?: boolean;
  /** Calls `add_to_class`/`contribute_to_class` (fields added to models at run time). */
  addsModelFields?: boolean;
  /** Module-level `admin.site.register(Article, ArticleAdmin)`: model and options class, as dotted names. */
  registrations?: { model: string; options: string }[];
  /** URL wiring (url patterns, includes, url names reversed), only in files that have any (urlWiring.ts). */
  urls?: DjangoUrlsSummary;
  /** `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")` (manage.py, wsgi.py, asgi.py): the module, and the span of its contents. */
  settingsModules?: { value: string; span: Span }[];
}

export type MigrationDependency = { app: string; name: string; span: Span } | { swappable: string; span: Span };

export interface MigrationOperation {
  /** The callee as a dotted name (`migrations.AddField`), null when it is none. */
  callee: string | null;
  span: Span;
  /** The first three positional arguments: string values, else null. */
  args: (string | null)[];
  /** Keyword arguments naming models and fields (`name`, `model_name`, `old_name`, `new_name`…): string values, else null; `fields`/`state_operations` as null. */
  keywords: Record<string, string | null>;
  /** `*args`/`**kwargs` in the call. */
  unpacks?: boolean;
  /** CreateModel: the field names (null: the list is not a literal of `("name", field)` pairs). */
  fields?: string[] | null;
  /** CreateModel: true when its options make it unmanaged or a proxy (no table), null when they cannot be read. */
  tableless?: boolean | null;
  /** CreateModel: `options={"db_table": …}` as a string, null when it is not a literal; absent without one. */
  dbTable?: string | null;
  /** SeparateDatabaseAndState: the state operations (null: not a literal list of calls). */
  state?: MigrationOperation[] | null;
}

export interface DjangoMigrationSummary {
  /** The class name `Migration`. */
  span: Span;
  dependencies: MigrationDependency[];
  /** Some dependency is not a literal pair or swappable_dependency (more may exist). */
  dependenciesDynamic: boolean;
  /** `run_before`: migrations (of any app) that must run after this one; literal pairs only, absent when none. */
  runBefore?: MigrationDependency[];
  /** Squashed migrations replaced by this one; null when not readable. */
  replaces: [string, string][] | null;
  initial: boolean;
  /** Null when `operations` is not a literal list of calls (built in a loop, by a helper…). */
  operations: MigrationOperation[] | null;
}

export interface SettingsStrings {
  value: string;
  span: Span;
  /** Not one plain module-level string assignment (conditional, computed, assigned twice). */
  dynamic: boolean;
}

export interface DjangoSettingsSummary {
  installedApps?: { entries: { value: string; span: Span }[]; dynamic: boolean };
  rootUrlconf?: SettingsStrings;
  authUserModel?: SettingsStrings;
  /** `MIGRATION_MODULES = {"label": "module" | None}`. */
  migrationModules?: { entries: { label: string; module: string | null }[]; dynamic: boolean };
  /** `MIDDLEWARE = [...]`: the dotted paths Django imports at start-up (read like INSTALLED_APPS). */
  middleware?: { entries: { value: string; span: Span }[]; dynamic: boolean };
  /** `"ENGINE": "django.db.backends.postgresql"` string literals inside `DATABASES = {...}` (spans of the literals). */
  databaseEngines?: { value: string; span: Span }[];
  /** Module-level assignments of settings a Django version removed (`USE_L10N`): the name's span. */
  removedSettings?: { name: string; span: Span; /** `True`/`False` when the value is that literal. */ value?: string }[];
}

type SpanOf = (n: SyntaxNode) => Span;

const SETTINGS = new Set(['INSTALLED_APPS', 'ROOT_URLCONF', 'AUTH_USER_MODEL', 'MIGRATION_MODULES', 'MIDDLEWARE', 'DATABASES']);
/** Settings some Django version removed (the removed-api table says which and when). */
const REMOVED_SETTINGS = new Set(['USE_L10N']);
/** Operation arguments that name models and fields (the replay reads nothing else). */
const NAME_ARGUMENTS = new Set(['name', 'model_name', 'old_name', 'new_name', 'order_with_respect_to']);
/** Meta options the rules read (literal values only). */
const META_OPTIONS = new Set(['app_label', 'abstract', 'proxy', 'managed', 'swappable']);

class DjangoReader {
  /** Names assigned once in the module or the Migration class body (`operations = [..., *state_operations]`). */
  private readonly values = new Map<string, SyntaxNode | null>();

  constructor(
    private readonly text: string,
    private readonly spanOf: SpanOf,
  ) {}

  private textOf(n: SyntaxNode): string {
    return this.text.slice(n.start, n.end);
  }

  /** A plain string literal's value (no f-strings, no concatenation), else null. */
  string(n: SyntaxNode | undefined): string | null {
    if (!n || n.type !== 'string') return null;
    if (n.children.some((c) => c.type === 'interpolation')) return null;
    const m = /^([rRuU]?)("""|'''|"|')([\s\S]*)\2$/.exec(this.textOf(n));
    return m ? m[3] : null;
  }

  /** A literal's value as text: strings, True/False/None, numbers; else null. */
  literal(n: SyntaxNode | undefined): string | null {
    if (!n) return null;
    if (n.type === 'string') return this.string(n);
    if (n.type === 'true' || n.type === 'false' || n.type === 'none' || n.type === 'integer') return this.textOf(n);
    return null;
  }

  dotted(n: SyntaxNode | undefined): string | null {
    if (!n) return null;
    if (n.type === 'identifier') return this.textOf(n);
    if (n.type === 'attribute') {
      const obj = this.dotted(child(n, 'object'));
      const attr = child(n, 'attribute');
      return obj && attr ? `${obj}.${this.textOf(attr)}` : null;
    }
    return null;
  }

  /** The items of a list or tuple literal, else null. */
  items(n: SyntaxNode | undefined, depth = 0): SyntaxNode[] | null {
    if (!n || depth > 8) return null;
    if (n.type === 'identifier') {
      // A list filled later (`ops.append(…)`, `ops += …`) is not what its assignment shows.
      const name = this.textOf(n);
      if (new RegExp(`\\b${name}\\s*(\\.\\s*(append|extend|insert)\\s*\\(|\\+=|\\[)`).test(this.text)) return null;
      return this.items(this.values.get(name) ?? undefined, depth + 1);
    }
    if (n.type === 'parenthesized_expression') return this.items(named(n)[0], depth + 1);
    if (n.type === 'binary_operator') {
      // `A + B` of lists (the tree keeps no operator token: it is the text between the operands).
      const [left, right] = named(n);
      if (!left || !right || this.text.slice(left.end, right.start).replace(/#.*$/gm, '').trim() !== '+') return null;
      const a = this.items(left, depth + 1);
      const b = a && this.items(right, depth + 1);
      return a && b ? [...a, ...b] : null;
    }
    if (n.type !== 'list' && n.type !== 'tuple') return null;
    return named(n);
  }

  // ---- migrations ---------------------------------------------------------------------------------

  /** Records names assigned once (twice: unknown) in a block of statements. */
  private noteValues(block: SyntaxNode): void {
    for (const stmt of named(block)) {
      const a = stmt.type === 'expression_statement' ? named(stmt)[0] : undefined;
      const left = a?.type === 'assignment' ? child(a, 'left') : undefined;
      if (left?.type !== 'identifier') continue;
      const name = this.textOf(left);
      this.values.set(name, this.values.has(name) ? null : (child(a!, 'right') ?? null));
    }
  }

  migration(root: SyntaxNode, cls: SyntaxNode, nameNode: SyntaxNode): DjangoMigrationSummary {
    this.noteValues(root);
    this.noteValues(child(cls, 'body') ?? cls);
    const out: DjangoMigrationSummary = { span: this.spanOf(nameNode), dependencies: [], dependenciesDynamic: false, replaces: [], initial: false, operations: [] };
    const seen = new Set<string>();
    for (const stmt of named(child(cls, 'body') ?? cls)) {
      const assign = stmt.type === 'expression_statement' ? named(stmt)[0] : undefined;
      if (assign?.type !== 'assignment' && assign?.type !== 'augmented_assignment') continue;
      const left = child(assign, 'left');
      const right = child(assign, 'right');
      const name = left?.type === 'identifier' ? this.textOf(left) : '';
      const augmented = assign.type === 'augmented_assignment' || seen.has(name);
      seen.add(name);
      if (name === 'initial') out.initial = right?.type === 'true';
      else if (name === 'dependencies') {
        const deps = this.dependencies(right);
        if (!deps || augmented) out.dependenciesDynamic = true;
        out.dependencies.push(...(deps ?? []));
      } else if (name === 'run_before') {
        // Migrations of other apps this one must precede: only literal pairs are judged.
        const pairs = (this.dependencies(right) ?? []).filter((d) => 'app' in d);
        if (pairs.length && !augmented) out.runBefore = pairs;
      } else if (name === 'replaces') {
        const items = this.items(right);
        const pairs = items?.map((i) => this.items(i)).map((p) => (p && p.length === 2 ? [this.string(p[0]), this.string(p[1])] : null));
        out.replaces = !augmented && pairs && pairs.every((p) => p && p[0] !== null && p[1] !== null) ? (pairs as [string, string][]) : null;
      } else if (name === 'operations') {
        const ops = augmented ? null : this.operations(right);
        out.operations = ops;
      }
    }
    return out;
  }

  private dependencies(n: SyntaxNode | undefined): MigrationDependency[] | null {
    const items = this.items(n);
    if (!items) return null;
    const out: MigrationDependency[] = [];
    for (const item of items) {
      const pair = this.items(item);
      if (pair && pair.length === 2) {
        const app = this.string(pair[0]);
        const name = this.string(pair[1]);
        if (app === null || name === null) return null;
        out.push({ app, name, span: this.spanOf(item) });
        continue;
      }
      // migrations.swappable_dependency(settings.AUTH_USER_MODEL)
      if (item.type === 'call' && /(^|\.)swappable_dependency$/.test(this.dotted(child(item, 'function')) ?? '')) {
        const arg = named(child(item, 'arguments') ?? item)[0];
        const setting = this.dotted(arg);
        if (!setting) return null;
        out.push({ swappable: setting.slice(setting.lastIndexOf('.') + 1), span: this.spanOf(item) });
        continue;
      }
      return null;
    }
    return out;
  }

  private operations(n: SyntaxNode | undefined): MigrationOperation[] | null {
    const items = this.items(n);
    if (!items) return null;
    const out: MigrationOperation[] = [];
    for (const item of items) {
      if (item.type !== 'call') return null;
      out.push(this.operation(item));
    }
    return out;
  }

  private operation(call: SyntaxNode): MigrationOperation {
    const op: MigrationOperation = { callee: this.dotted(child(call, 'function')), span: this.spanOf(call), args: [], keywords: {} };
    const args = named(child(call, 'arguments') ?? call);
    const kind = op.callee?.slice(op.callee.lastIndexOf('.') + 1);
    let i = -1;
    args.forEach((a) => {
      if (a.type === 'keyword_argument') {
        const k = child(a, 'name');
        const v = child(a, 'value');
        if (!k) return;
        const key = this.textOf(k);
        // Only the arguments that name models and fields are kept (summaries stay small: projects have
        // thousands of migrations).
        if (NAME_ARGUMENTS.has(key)) op.keywords[key] = this.string(v);
        else if (key === 'fields' || key === 'state_operations') op.keywords[key] = null;
        this.operationPart(op, kind, key, v);
      } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
        op.unpacks = true;
      } else {
        i++;
        if (i < 3) op.args.push(this.string(a));
        const positional = kind === 'CreateModel' ? ['name', 'fields', 'options'][i] : kind === 'SeparateDatabaseAndState' ? ['database_operations', 'state_operations'][i] : undefined;
        if (positional) this.operationPart(op, kind, positional, a);
      }
    });
    return op;
  }

  /** The parts of an operation's arguments that are not literals: CreateModel fields, state operations. */
  private operationPart(op: MigrationOperation, kind: string | undefined, key: string, value: SyntaxNode | undefined): void {
    if (key === 'fields' && kind === 'CreateModel') {
      const items = this.items(value);
      const names = items?.map((f) => this.string(this.items(f)?.[0]));
      op.fields = names && names.every((x) => x !== null) ? (names as string[]) : null;
    } else if (key === 'options' && kind === 'CreateModel') {
      // Whether the model has a table of its own (unmanaged and proxy models have none).
      const pairs = value?.type === 'dictionary' ? named(value).map((p) => (p.type === 'pair' ? [this.string(named(p)[0]), named(p)[1]] as const : null)) : null;
      if (!pairs || pairs.some((p) => !p || p[0] === null)) op.tableless = null;
      else if (pairs.some((p) => (p![0] === 'managed' && p![1]?.type !== 'true') || (p![0] === 'proxy' && p![1]?.type !== 'false'))) op.tableless = true;
      const dbTable = pairs?.find((p) => p?.[0] === 'db_table');
      if (dbTable) op.dbTable = this.string(dbTable[1]);
    } else if (key === 'state_operations' && kind === 'SeparateDatabaseAndState') {
      op.state = this.operations(value);
    }
  }

  // ---- settings -----------------------------------------------------------------------------------

  /**
   * Module-level settings, including those under module-level `if`/`try` (then `dynamic`: they may not run).
   * Lists built from other module-level lists of this file (`INSTALLED_APPS = DJANGO_APPS + LOCAL_APPS`) are read.
   */
  settings(root: SyntaxNode): DjangoSettingsSummary | undefined {
    const lists = new Map<string, SyntaxNode[] | null>();
    /** Entries certainly in those lists when the whole is not readable (`LOCAL_APPS = [...] + plugins()`). */
    const certain = new Map<string, SyntaxNode[]>();
    const out: DjangoSettingsSummary = {};
    const statements = (block: SyntaxNode, conditional: boolean, visit: (s: SyntaxNode, conditional: boolean) => void) => {
      for (const s of named(block)) {
        if (s.type === 'if_statement' || s.type === 'try_statement' || s.type === 'with_statement') {
          for (const c of named(s)) {
            if (c.type === 'block') statements(c, true, visit);
            else if (/clause$/.test(c.type)) for (const b of named(c)) if (b.type === 'block') statements(b, true, visit);
          }
        } else visit(s, conditional);
      }
    };
    statements(root, false, (s, conditional) => {
      const e = s.type === 'expression_statement' ? named(s)[0] : undefined;
      if (!e) return;
      if (e.type === 'assignment' || e.type === 'augmented_assignment') {
        const left = child(e, 'left');
        const right = child(e, 'right');
        if (left?.type !== 'identifier') return;
        const name = this.textOf(left);
        const augmented = e.type === 'augmented_assignment';
        if (augmented && right && !/^\s*\+=\s*$/.test(this.text.slice(left.end, right.start))) return; // only `+=` adds entries
        if (REMOVED_SETTINGS.has(name) && !augmented) {
          const value = right && (right.type === 'true' || right.type === 'false') ? this.textOf(right) : undefined;
          (out.removedSettings ??= []).push({ name, span: this.spanOf(left), ...(value ? { value } : {}) });
        }
        if (!SETTINGS.has(name)) {
          // Lists of strings that INSTALLED_APPS and MIDDLEWARE may be built from.
          if (/APPS|MIDDLEWARE/.test(name)) {
            lists.set(name, augmented ? null : this.stringList(right, lists));
            certain.set(name, [...(augmented ? (certain.get(name) ?? []) : []), ...this.literalEntries(right, certain)]);
          }
          return;
        }
        if (name === 'DATABASES') {
          for (const literal of this.engineStrings(right)) (out.databaseEngines ??= []).push(literal);
          return;
        }
        if (name === 'INSTALLED_APPS' || name === 'MIDDLEWARE') {
          const entries = this.stringList(right, lists);
          const apps = name === 'MIDDLEWARE' ? (out.middleware ??= { entries: [], dynamic: false }) : (out.installedApps ??= { entries: [], dynamic: false });
          if (!entries || conditional) apps.dynamic = true;
          if (!augmented && !conditional && apps.entries.length) apps.dynamic = true; // assigned twice: the last wins
          // A list partly built at run time (`[...] + plugin_apps()`) still holds its literal entries.
          for (const entry of entries ?? this.literalEntries(right, certain)) apps.entries.push({ value: this.string(entry)!, span: this.spanOf(entry) });
        } else if (name === 'MIGRATION_MODULES') {
          const mm = (out.migrationModules ??= { entries: [], dynamic: false });
          const dict = right?.type === 'dictionary' ? named(right) : null;
          if (!dict || augmented || conditional) mm.dynamic = true;
          for (const pair of dict ?? []) {
            const key = pair.type === 'pair' ? this.string(named(pair)[0]) : null;
            const value = pair.type === 'pair' ? named(pair)[1] : undefined;
            if (key === null || !value) mm.dynamic = true;
            else if (value.type === 'none') mm.entries.push({ label: key, module: null });
            else if (this.string(value) !== null) mm.entries.push({ label: key, module: this.string(value) });
            else mm.dynamic = true;
          }
        } else {
          const value = this.string(right);
          const key = name === 'ROOT_URLCONF' ? 'rootUrlconf' : 'authUserModel';
          const setting: SettingsStrings = { value: value ?? '', span: right ? this.spanOf(right) : this.spanOf(e), dynamic: value === null || augmented || conditional || out[key] !== undefined };
          out[key] = setting;
        }
        return;
      }
      // INSTALLED_APPS.append("x") / .extend([...]) / .insert(0, "x"); anything else done to it: unknown.
      if (e.type === 'call') {
        const fn = this.dotted(child(e, 'function')) ?? '';
        const m = /^INSTALLED_APPS\.(\w+)$/.exec(fn);
        if (!m) return;
        const apps = (out.installedApps ??= { entries: [], dynamic: false });
        const args = named(child(e, 'arguments') ?? e);
        const added = m[1] === 'append' ? [args[0]] : m[1] === 'extend' ? this.stringList(args[0], lists) : m[1] === 'insert' ? [args[1]] : null;
        if (!added || added.some((a) => this.string(a) === null)) {
          apps.dynamic = true;
          if (m[1] === 'extend') for (const entry of this.literalEntries(args[0], certain)) apps.entries.push({ value: this.string(entry)!, span: this.spanOf(entry) });
          return;
        }
        for (const entry of added) apps.entries.push({ value: this.string(entry)!, span: this.spanOf(entry) });
      }
    });
    return Object.keys(out).length ? out : undefined;
  }

  /** `"ENGINE": "<string>"` pairs anywhere inside a settings value (nested dicts of DATABASES). */
  private engineStrings(n: SyntaxNode | undefined): { value: string; span: Span }[] {
    if (!n) return [];
    if (n.type === 'pair') {
      const [key, value] = named(n);
      const literal = key && this.string(key) === 'ENGINE' && value ? this.string(value) : null;
      if (literal !== null) return [{ value: literal, span: this.spanOf(value!) }];
    }
    if (n.type !== 'dictionary' && n.type !== 'pair') return [];
    return named(n).flatMap((c) => this.engineStrings(c));
  }

  /**
   * The string literals certainly in a value that may not be readable whole: the literal items of a list or
   * tuple, of both sides of `a + b`, and what is known of names bound earlier (`certain`); nothing of calls,
   * comprehensions or anything else.
   */
  private literalEntries(n: SyntaxNode | undefined, certain: Map<string, SyntaxNode[]>): SyntaxNode[] {
    if (!n) return [];
    if (n.type === 'identifier') return certain.get(this.textOf(n)) ?? [];
    if (n.type === 'parenthesized_expression') return this.literalEntries(named(n)[0], certain);
    if (n.type === 'binary_operator') {
      const [left, right] = named(n);
      if (!left || !right || this.text.slice(left.end, right.start).replace(/#.*$/gm, '').trim() !== '+') return [];
      return [...this.literalEntries(left, certain), ...this.literalEntries(right, certain)];
    }
    if (n.type !== 'list' && n.type !== 'tuple') return [];
    return named(n).filter((i) => this.string(i) !== null);
  }

  /** The string literals of a list/tuple, of `a + b` of such, or of names bound to such earlier; else null. */
  private stringList(n: SyntaxNode | undefined, lists: Map<string, SyntaxNode[] | null>): SyntaxNode[] | null {
    if (!n) return null;
    if (n.type === 'identifier') return lists.get(this.textOf(n)) ?? null;
    if (n.type === 'binary_operator') {
      // The tree keeps no operator token: it is the text between the two operands.
      const [left, right] = named(n);
      if (!left || !right || this.text.slice(left.end, right.start).replace(/#.*$/gm, '').trim() !== '+') return null;
      const a = this.stringList(left, lists);
      const b = this.stringList(right, lists);
      return a && b ? [...a, ...b] : null;
    }
    const items = this.items(n);
    return items && items.every((i) => this.string(i) !== null) ? items : null;
  }

  // ---- AppConfig classes and model Meta -----------------------------------------------------------

  /** String class attributes (`name = "blog"`) and literal `Meta` options; field calls (`x = models.F(...)`). */
  classFacts(cls: SyntaxNode): { strings: Record<string, string>; meta?: Record<string, string | null>; fieldCalls: Record<string, string> } {
    const strings: Record<string, string> = {};
    const fieldCalls: Record<string, string> = {};
    let meta: Record<string, string | null> | undefined;
    for (const stmt of named(child(cls, 'body') ?? cls)) {
      if (stmt.type === 'class_definition') {
        const name = child(stmt, 'name');
        if (!name || this.textOf(name) !== 'Meta') continue;
        meta = {};
        for (const inner of named(child(stmt, 'body') ?? stmt)) {
          const a = inner.type === 'expression_statement' ? named(inner)[0] : undefined;
          const left = a?.type === 'assignment' ? child(a, 'left') : undefined;
          if (left?.type === 'identifier' && META_OPTIONS.has(this.textOf(left))) meta[this.textOf(left)] = this.literal(child(a!, 'right'));
        }
        continue;
      }
      const a = stmt.type === 'expression_statement' ? named(stmt)[0] : undefined;
      if (a?.type !== 'assignment') continue;
      const left = child(a, 'left');
      const right = child(a, 'right');
      if (left?.type !== 'identifier' || !right) continue;
      const name = this.textOf(left);
      const value = this.string(right);
      if (value !== null && (name === 'name' || name === 'label')) strings[name] = value;
      if (right.type === 'true' && name === 'default') strings[name] = 'True';
      // Model fields only (`models.X` or a bare imported name): not forms.CharField, serializers.CharField…
      if (right.type === 'call' && /^(models\.)?\w*(Field|ForeignKey)$/.test(this.dotted(child(right, 'function')) ?? '')) fieldCalls[name] = this.textOf(right);
    }
    return { strings, ...(meta && Object.keys(meta).length ? { meta } : {}), fieldCalls };
  }
}

/**
 * The Django facts of a file, or undefined when it has none. `classes` are the summary's classes (matched by
 * name and line, so the facts can name them by index).
 */
export function summarizeDjango(root: SyntaxNode, text: string, spanOf: SpanOf, classes: ClassInfo[], importsDjango: boolean): DjangoFacts | undefined {
  // Cheap gates: every fact below needs one of these words in the file.
  if (!importsDjango && !/INSTALLED_APPS|ROOT_URLCONF|AUTH_USER_MODEL|MIGRATION_MODULES/.test(text)) return undefined;
  const reader = new DjangoReader(text, spanOf);
  const facts: DjangoFacts = {};
  const direct = new Set<number>();
  for (const stmt of named(root)) {
    const cls = stmt.type === 'decorated_definition' ? child(stmt, 'definition') : stmt;
    if (cls?.type !== 'class_definition') continue;
    const nameNode = child(cls, 'name');
    if (!nameNode) continue;
    const name = text.slice(nameNode.start, nameNode.end);
    if (name === 'Migration' && importsDjango) {
      facts.migration = reader.migration(root, cls, nameNode);
      continue;
    }
    if (!importsDjango) continue;
    const line = spanOf(nameNode)[0];
    const index = classes.findIndex((c) => c.topLevel && c.name === name && c.span[0] === line);
    if (index < 0) continue;
    direct.add(index);
    const { strings, meta, fieldCalls } = reader.classFacts(cls);
    const bases = classes[index].bases;
    if (bases.some((b) => /Config$/.test(b))) (facts.appConfigs ??= []).push({ classIndex: index, ...strings });
    if (meta || Object.keys(fieldCalls).length) (facts.models ??= []).push({ classIndex: index, ...(meta ? { meta } : {}), fieldCalls });
  }
  if (importsDjango) {
    // Module-level classes under `if`/`try`/`with`: they may not exist at run time.
    const conditional = classes.flatMap((c, i) => (c.topLevel && !direct.has(i) && c.name !== 'Migration' ? [i] : []));
    if (conditional.length) facts.conditionalClasses = conditional;
  }
  if (/INSTALLED_APPS|ROOT_URLCONF|AUTH_USER_MODEL|MIGRATION_MODULES|MIDDLEWARE|DATABASES|USE_L10N/.test(text)) {
    const settings = reader.settings(root);
    if (settings) facts.settings = settings;
  }
  return Object.keys(facts).length ? facts : undefined;
}

/** `Field.register_lookup(…)`, `Model.add_to_class(…)`, module-level `admin.site.register(Model, Options)`. */
class RegistrationCalls {
  registersLookups = false;
  addsModelFields = false;
  readonly registrations: { model: string; options: string }[] = [];

  visit(n: SyntaxNode, ctx: VisitContext): void {
    const fn = child(n, 'function');
    if (!fn) return;
    const callee = ctx.textOf(fn);
    if (/(^|\.)register_lookup$/.test(callee)) this.registersLookups = true;
    // (A field's own `super().contribute_to_class(cls, name)` adds only that field.)
    else if (/(^|\.)(add_to_class|contribute_to_class)$/.test(callee) && !/^super\(.*\)\./.test(callee)) this.addsModelFields = true;
    else if (ctx.moduleLevel && /(^|\.)register$/.test(callee)) {
      // `admin.site.register(Article, ArticleAdmin)`
      const [model, options] = child(n, 'arguments')?.children.filter((a) => a.named && a.type !== 'comment') ?? [];
      const names = [model, options].map((a) => (a ? dottedName(a, ctx) : null));
      if (names[0] && names[1]) this.registrations.push({ model: names[0], options: names[1] });
    }
  }

  /** Adds what was found to the tree pass's facts. */
  into(facts: DjangoFacts | undefined): DjangoFacts | undefined {
    if (!this.registersLookups && !this.addsModelFields && !this.registrations.length) return facts;
    return {
      ...facts,
      ...(this.registersLookups ? { registersLookups: true } : {}),
      ...(this.addsModelFields ? { addsModelFields: true } : {}),
      ...(this.registrations.length ? { registrations: this.registrations } : {}),
    };
  }
}

/** `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")`: the settings module, as the calls come. */
function readSettingsModule(n: SyntaxNode, ctx: VisitContext, found: { value: string; span: Span }[]): void {
  const fn = child(n, 'function');
  if (!fn || !/(^|\.)environ\.setdefault$/.test(ctx.textOf(fn))) return;
  const [key, value] = child(n, 'arguments')?.children.filter((a) => a.named && a.type !== 'comment') ?? [];
  const module = value?.type === 'string' ? ctx.stringValue(value) : null;
  if (key && ctx.stringValue(key) === 'DJANGO_SETTINGS_MODULE' && module && /^[\w.]+$/.test(module)) {
    const [sl, sc, el, ec] = ctx.spanOf(value!);
    found.push({ value: module, span: [sl, sc + 1, el, ec - 1] });
  }
}

/** `a`, `a.b.c` as written (names and attributes only), else null. */
function dottedName(n: SyntaxNode, ctx: VisitContext): string | null {
  if (n.type === 'identifier' || n.type === 'keyword_identifier') return ctx.textOf(n);
  if (n.type !== 'attribute') return null;
  const object = child(n, 'object');
  const attr = child(n, 'attribute');
  const left = object ? dottedName(object, ctx) : null;
  return left && attr ? `${left}.${ctx.textOf(attr)}` : null;
}

/**
 * What calls for each reader, in one scan of the text (five scans cost the summarizer twice as much): a call
 * RegistrationCalls reads names one of the first three words, URL wiring is written with URL_WIRING_WORDS, a
 * settings module is named with DJANGO_SETTINGS_MODULE. Each hit resumes one character on, so that words
 * overlapping an earlier hit are found too.
 */
const READER_WORDS = new RegExp(`(register|add_to_class|contribute_to_class)|(${URL_WIRING_WORDS.source})|(DJANGO_SETTINGS_MODULE)|(${QUERY_NAME_WORDS.source})`, 'g');

interface Readers {
  text: string;
  registers: boolean;
  wiresUrls: boolean;
  namesSettings: boolean;
  queries: boolean;
}

function scanReaders(text: string): Readers {
  const readers: Readers = { text, registers: false, wiresUrls: false, namesSettings: false, queries: false };
  READER_WORDS.lastIndex = 0;
  for (let m = READER_WORDS.exec(text); m; m = READER_WORDS.exec(text)) {
    if (m[1] !== undefined) readers.registers = true;
    else if (m[2] !== undefined) readers.wiresUrls = true;
    else if (m[3] !== undefined) readers.namesSettings = true;
    else readers.queries = true;
    if (readers.registers && readers.wiresUrls && readers.namesSettings && readers.queries) break;
    READER_WORDS.lastIndex = m.index + 1;
  }
  return readers;
}

/** Which of its readers a file's text calls for: start() and wantsNodesOf() ask about the same text, scanned once. */
let lastTested: Readers | undefined;
function readersFor(text: string): Readers {
  if (lastTested?.text !== text) lastTested = scanReaders(text);
  return lastTested;
}

/**
 * Django's syntax part: the calls that register lookups, options classes and fields added at run time, and the
 * URL wiring (urlWiring.ts), as the walk visits them; then one pass over the tree after the walk (see summarizeDjango).
 */
export const djangoFacts: FactCollector = {
  key: DJANGO_FACTS_KEY,
  // A model's own field lists: `setattr(self, field.attname, …)` over one sets a field the model has.
  ownAttributeLists: {
    lists: /^(self|cls|self\.__class__|type\(self\))\._meta\.(fields|concrete_fields|local_fields|local_concrete_fields|many_to_many|get_fields\(\))$/,
    nameAttributes: ['name', 'attname'],
  },
  // What a misspelt field, lookup or queryset method raises, caught by name (a probe, unlike `except Exception:`
  // around a whole body).
  apiErrors: ['AttributeError', 'FieldError', 'FieldDoesNotExist', 'TypeError'],
  queryExpressions: {
    // Queryset methods whose arguments may hold ORM expressions naming fields.
    methods: ['filter', 'exclude', 'get', 'get_or_create', 'update_or_create', 'update', 'annotate', 'alias', 'aggregate', 'order_by', 'prefetch_related', 'values', 'values_list'],
    // Queryset methods whose keywords name new fields of the rows (`annotate(n=Count("tags"))`).
    naming: ['annotate', 'alias'],
    // A dict of expressions (any class called: Django's or the project's own `Func`), `{"n": Count("tags")}`, whose
    // keys another file's `annotate(**names)` may give.
    keyedExpressions: /(^|\.)[A-Z]\w*$/,
    // ORM expressions whose string arguments are field paths (or, for Q, whose keywords are lookups).
    expressions: ['Q', 'F', 'Count', 'Sum', 'Avg', 'Max', 'Min', 'StdDev', 'Variance', 'Prefetch', 'Lower', 'Upper', 'Length', 'Coalesce', 'Greatest', 'Least', 'Trim'],
    // Calls that make a subquery of a queryset, where `OuterRef("x")` names the outer queryset's fields.
    subqueries: ['Subquery', 'Exists'],
    outerReferences: ['OuterRef'],
  },
  // `documents: QuerySet[Document]`: a parameter or return value of a queryset holds Documents.
  collectionTypes: ['QuerySet'],
  // Class options naming model fields (`fields`, `ordering`, Meta `constraints`…), read into the class members.
  classOptions: djangoClassOptions,
  // What `@admin.register(Article)` registers and what `Manager.from_queryset(QS)` builds, kept in the classes.
  classHeaders: djangoClassHeaders,
  nodeTypes: URL_WIRING_NODE_TYPES,
  // The other files' walk hands it nothing (the tree pass still runs).
  wantsNodesOf: (text) => {
    const readers = readersFor(text);
    return readers.registers || readers.wiresUrls || readers.namesSettings || readers.queries;
  },
  // Only the URL wiring reads assignments.
  nodeTypesOf: (text) => (readersFor(text).wiresUrls ? URL_WIRING_NODE_TYPES : ['call']),
  start: (fileText) => {
    const readers = readersFor(fileText);
    const calls = readers.registers ? new RegistrationCalls() : undefined;
    const urls = readers.wiresUrls ? new UrlWiring() : undefined;
    const settingsModules: { value: string; span: Span }[] | undefined = readers.namesSettings ? [] : undefined;
    const queries = readers.queries ? new QueryNames() : undefined;
    return {
      visit: (n, ctx) => {
        if (calls && n.type === 'call') calls.visit(n, ctx);
        if (settingsModules && n.type === 'call') readSettingsModule(n, ctx, settingsModules);
        if (queries && n.type === 'call') queries.visit(n, ctx);
        urls?.visit(n, ctx);
      },
      finish: (ctx: FinishContext) => {
        const { root, text, spanOf, summary } = ctx;
        const importsDjango = summary.imports.some((r) => r.module === 'django' || r.module.startsWith('django.'));
        const facts = summarizeDjango(root, text, spanOf, summary.classes, importsDjango);
        const wiring = urls?.facts();
        const all = calls ? calls.into(facts) : facts;
        const withUrls = wiring ? { ...all, urls: wiring } : all;
        const withSettings = settingsModules?.length ? { ...withUrls, settingsModules } : withUrls;
        const queryNames = queries?.facts(ctx);
        return queryNames && Object.keys(queryNames).length ? { ...withSettings, ...queryNames } : withSettings;
      },
    };
  },
};

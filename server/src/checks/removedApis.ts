// removed-api: an API that the framework version the project pins no longer has (or no longer honours).
// Versions come from the manifests' lower bounds (`==`, `>=`, `~=`, Poetry `^`): a project whose manifests
// leave a framework unbounded is never judged.
import { compareVersions } from '../manifests/declarations';
import { declaredDependencies, type DeclaredDependencies } from '../rulekit/declaredDependencies';
import { MANIFESTS_KEY, type SourceFile } from '../index/project';
import { isImported, madeBy, moduleOfName } from '../rulekit/frameworkObjects';
import { DISTRIBUTION_DISPLAY, IMPLIED_MINIMUMS, REMOVED_APIS, type RemovedApi } from '../python/removedApis';
import type { ClassRef } from '../index/symbols';
import type { ImportRecord } from '../syntax/summary';
import type { Span } from '../core/types';
import { replaceSpanFix } from '../rulekit/fixes';
import { REPLACEMENT_API, type RemovedApiPart, type RemovedApiReader } from '../rulekit/removedApis';
import type { CheckContext, RuleFamily } from '../rulekit/rule';

/** The family, with the adapters' parts (checks/registry.ts hands them in, in the adapters' order). */
export function removedApiChecks(parts: readonly RemovedApiPart[]): RuleFamily {
  const readers = new Map<string, RemovedApiReader>();
  for (const part of parts) for (const [kind, reader] of Object.entries(part.uses ?? {})) if (reader && !readers.has(kind)) readers.set(kind, reader);
  return {
    rules: [
      {
        id: 'removed-api',
        defaultSeverity: 'error',
        summary: 'An API that the framework version the project pins has removed (or deprecated: a warning).',
        doc: {
          catches: 'Flask ≥ 2.3 `before_first_request`, `flask.json.JSONEncoder`, `_app_ctx_stack`; Flask 3 `flask.escape`/`Markup`; Django 4/5 removals (`django.conf.urls.url`, `ugettext*`, `force_text`, `NullBooleanField`, `timezone.utc`); SQLAlchemy 2 `engine.execute` (and the old `declarative_base` path, a warning); Pydantic 2 `BaseSettings`, and `orm_mode`-style config keys it ignores (a warning), `.dict()`/`.json()`/`parse_obj`/`parse_raw`/`from_orm` on project models (a warning); SQLAlchemy 2 legacy `Query.get` (a warning); Django 5 `USE_L10N` (a warning); FastAPI `on_event` (a warning). Versions come from lock files when there are any.',
          whyItBreaks: 'Removed APIs raise ImportError or AttributeError at import; ignored config keys silently stop working (`from_orm` fails without `from_attributes`).',
          example: 'from django.conf.urls import url  # requirements.txt: Django==4.2',
          fix: 'Use the replacement the message names; the quick fix applies it where it is mechanical.',
        },
      },
    ],
    check(ctx) {
      ctx.tracker.add(MANIFESTS_KEY);
      const deps = declaredDependencies(ctx.project);
      const active = activeRows(deps);
      if (!active.length) return;
      const summary = ctx.file.summary;
      // Migrations are history, never edited: a deprecation there is noise (a removal still breaks them).
      const marks = parts.map((p) => p.historyOf?.(ctx.file) ?? null).filter((m) => m !== null);
      const history = marks.length > 0;
      const migration = marks.some((m) => m.keepsOldFields);
      for (const row of active) {
        const use = row.use;
        if (history && row.status !== 'removed') continue;
        if (use.kind === 'import') {
          for (const record of summary.imports) {
            // A compatibility import (`try: … except ImportError:`) already handles the removal.
            if (record.kind !== 'from' || record.level !== 0 || record.module !== use.module || record.guards.length) continue;
            const item = record.names.find((n) => n.name === use.name);
            if (item) report(ctx, row, deps, item.span, importFix(ctx.file, record, item, row));
          }
        } else if (use.kind === 'module-attribute') {
          if (migration) continue; // historical migrations may keep removed fields
          for (const ref of summary.moduleAttributeRefs) {
            if (ref.steps[0]?.name !== use.name || ref.guards.length) continue;
            if (moduleOfName(ctx.file, ref.root) === use.module) report(ctx, row, deps, ref.steps[0].span);
          }
        } else if (use.kind === 'field-class') {
          if (migration) continue; // historical migrations may keep removed fields
          for (const cls of summary.classes) {
            for (const member of cls.members) {
              const callee = member.callArgs?.callee;
              const dot = callee ? callee.lastIndexOf('.') : -1;
              if (!callee || dot < 0 || callee.slice(dot + 1) !== use.name) continue;
              if (moduleOfName(ctx.file, callee.slice(0, dot)) === use.module) report(ctx, row, deps, member.span);
            }
          }
        } else if (use.kind === 'method') {
          for (const ref of summary.memberRefs) {
            if (ref.receiver.kind !== 'global' || ref.steps[0]?.name !== use.name || ref.guards.length) continue;
            if (madeBy(ctx.project, ctx.file, ref.receiver.name, use.factoryModule, use.factory, ctx.tracker)) report(ctx, row, deps, ref.steps[0].span);
          }
        } else if (use.kind === 'pydantic-method') {
          checkPydanticMethod(ctx, row, deps, use);
        } else if (readers.has(use.kind)) {
          for (const found of readers.get(use.kind)!(ctx, row)) {
            // `USE_L10N = True` under Django 5 asks for what Django does anyway: a dead line, no change in behaviour.
            if (found.alwaysNow !== undefined) {
              const framework = DISTRIBUTION_DISPLAY[row.distribution] ?? row.distribution;
              ctx.report({
                rule: 'removed-api',
                span: found.span,
                severity: 'information',
                message: `'${use.name}' is no longer read by ${framework} ${row.version}: the line can go`,
                detail: `${found.alwaysNow} is what ${framework} now always does, so the line has no effect.`,
              });
            } else report(ctx, row, deps, found.span, found.fix);
          }
        } else if (use.kind === 'pydantic-config') {
          for (const cls of summary.classes) {
            if (!cls.bases.some((b) => isPydanticModel(ctx.file, b))) continue;
            for (const member of cls.members) {
              if (member.kind !== 'class' || member.name !== 'Config' || member.nested === undefined) continue;
              const config = summary.classes[member.nested];
              for (const key of config?.members ?? []) {
                if (key.name !== use.name) continue;
                const span: Span = [key.span[0], key.span[1], key.span[0], key.span[1] + key.name.length];
                report(ctx, row, deps, span, row.fix?.name ? replaceSpanFix(ctx.file.path, span, row.fix.name, `Rename '${use.name}' to '${row.fix.name}'`, REPLACEMENT_API) : undefined);
              }
            }
          }
        }
      }
    },
  };
}

/** The rows that apply to the versions the manifests allow, once per manifests state (not once per file). */
const activeByDeps = new WeakMap<DeclaredDependencies, RemovedApi[]>();
function activeRows(deps: DeclaredDependencies): RemovedApi[] {
  let rows = activeByDeps.get(deps);
  if (!rows) activeByDeps.set(deps, (rows = REMOVED_APIS.filter((row) => installedAtLeast(deps, row.distribution, row.version))));
  return rows;
}

function installedAtLeast(deps: DeclaredDependencies, distribution: string, version: string): boolean {
  const min = lowestInstalled(deps, distribution);
  return !!min && compareVersions(min, version) >= 0;
}

/** The lowest version the manifests allow, directly or through another pinned distribution's own requirement. */
function lowestInstalled(deps: DeclaredDependencies, distribution: string): string | null {
  // A lock file pins what is installed: better evidence than a range (and it pins what is required indirectly).
  const pinned = deps.locked.get(distribution);
  if (pinned) return pinned;
  const own = deps.unbounded.has(distribution) ? null : (deps.minVersions.get(distribution) ?? null);
  let best = own;
  for (const rule of IMPLIED_MINIMUMS) {
    if (rule.implies !== distribution || !installedAtLeast(deps, rule.distribution, rule.version)) continue;
    if (!best || compareVersions(rule.impliedVersion, best) > 0) best = rule.impliedVersion;
  }
  return best;
}

/** `user.dict()`, `UserIn.parse_obj(data)`: only where the receiver is evidently a project Pydantic model. */
function checkPydanticMethod(ctx: CheckContext, row: RemovedApi, deps: DeclaredDependencies, use: { name: string; on: 'instance' | 'class' }): void {
  const { symbols } = ctx.project;
  for (const ref of ctx.file.summary.memberRefs) {
    if (ref.steps.length !== 1 || ref.steps[0].name !== use.name || !ref.call || ref.write || ref.guards.length) continue;
    const receiver = ref.receiver;
    let cls: ClassRef | null = null;
    if (receiver.kind === 'self') {
      if (use.on === 'instance' && !receiver.classObject) cls = { file: ctx.file, index: receiver.classIndex };
    } else {
      const sym = receiver.kind === 'global' ? symbols.global(ctx.file, receiver.name, ctx.tracker) : symbols.hint(ctx.file, receiver.hint, ctx.tracker);
      if (sym?.kind === (use.on === 'class' ? 'class' : 'instance')) cls = (sym as { cls: ClassRef }).cls;
      else if (use.on === 'instance' && receiver.kind === 'local' && receiver.hint.kind === 'call') {
        // `user = UserIn(...)`: Symbols.hint needs the whole class chain in the project; a Pydantic model's constructor is the model's.
        const callee = symbols.dotted(ctx.file, receiver.hint.callee, ctx.tracker);
        if (callee?.kind === 'class') cls = callee.cls;
      }
    }
    if (!cls) continue;
    const model = symbols.fieldModel(cls, ctx.tracker);
    if (model?.kind !== 'pydantic' || model.chain.some((c) => symbols.classInfo(c).members.some((m) => m.name === use.name))) continue;
    // `pydantic.v1.BaseModel`: Pydantic 2's bundled v1 API, where these are the current names.
    const root = model.chain[model.chain.length - 1];
    if (symbols.externalName(root.file, symbols.classInfo(root).bases[0])?.startsWith('pydantic.v1.')) continue;
    const span = ref.steps[0].span;
    report(ctx, row, deps, span, row.fix?.name ? replaceSpanFix(ctx.file.path, span, row.fix.name, `Call '${row.fix.name}' instead of '${use.name}'`, REPLACEMENT_API) : undefined);
  }
}

function report(ctx: CheckContext, row: RemovedApi, deps: DeclaredDependencies, span: Span, fix?: ReturnType<typeof replaceSpanFix>): void {
  const framework = DISTRIBUTION_DISPLAY[row.distribution] ?? row.distribution;
  const name = row.use.name;
  const direct = deps.minVersions.get(row.distribution);
  const lowest = lowestInstalled(deps, row.distribution);
  const installed = deps.locked.has(row.distribution)
    ? `the project's lock file pins ${framework} ${lowest}`
    : direct && direct === lowest
      ? `the project requires ${framework} ≥ ${direct}`
      : `the project's pins imply ${framework} ≥ ${lowest}`;
  const what =
    row.status === 'removed'
      ? `'${name}' was removed in ${framework} ${row.version}`
      : row.status === 'ignored'
        ? `'${name}' is no longer read by ${framework} ${row.version}`
        : `'${name}' is deprecated since ${framework} ${row.version}`;
  // A short replacement is the did-you-mean; a long one (a recipe) is the detail's.
  const short = row.replacement.length <= 32 && !row.replacement.includes(':');
  ctx.report({
    rule: 'removed-api',
    span,
    message: short ? `${what}; use ${row.replacement}` : what,
    detail: `${row.status === 'ignored' && !row.silently ? `${framework} warns and ignores it, and ${installed}` : `${installed[0].toUpperCase()}${installed.slice(1)}`}. Instead: ${row.replacement}.`,
    fixes: fix ? [fix] : [],
    ...(row.status === 'removed' ? {} : { severity: 'warning' as const }),
  });
}

/** The mechanical import fix: another module (only when the import names nothing else), or another name kept under the old one. */
function importFix(file: SourceFile, record: ImportRecord, item: { name: string; alias: string | null; span: Span }, row: RemovedApi): ReturnType<typeof replaceSpanFix> | undefined {
  const fix = row.fix;
  if (!fix) return undefined;
  if (fix.module && record.names.length !== 1) return undefined;
  const title = `Import ${fix.name ?? item.name} from ${fix.module ?? record.module}`;
  const newName = fix.name ? (fix.keepName && !item.alias ? `${fix.name} as ${item.name}` : fix.name) : item.name;
  const edits = [];
  if (fix.module) edits.push({ file: file.path, range: spanRange(record.moduleSpan), newText: fix.module });
  if (newName !== item.name) edits.push({ file: file.path, range: spanRange(item.span), newText: newName });
  return { title, edits, isPreferred: true, safety: REPLACEMENT_API };
}

function spanRange(span: Span) {
  return { start: { line: span[0], character: span[1] }, end: { line: span[2], character: span[3] } };
}

/** A base written as `BaseModel`/`pydantic.BaseModel` (or BaseSettings) imported from pydantic. */
function isPydanticModel(file: SourceFile, base: string): boolean {
  return ['BaseModel', 'BaseSettings'].some((cls) => isImported(file, base, 'pydantic', cls)) || isImported(file, base, 'pydantic_settings', 'BaseSettings');
}

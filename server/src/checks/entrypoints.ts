// unknown-entrypoint: run files (Dockerfile, Procfile, compose, shell scripts, [project.scripts]…) that
// start a module, attribute or file the project does not have. Where the command runs from (WORKDIR, cd,
// the build context) is often not knowable from the files, so a reference counts as found when it exists
// below any folder of the project: only a reference that exists nowhere is reported. Where the folder is
// evident (`cd backend`, `--app-dir`, `--chdir`, a WORKDIR that one COPY fills), the reference must resolve in
// a folder whose path ends with it.
import { nearestName } from '../core/nearest';
import type { Span } from '../core/types';
import { declaredDependencies, providesImport } from '../rulekit/declaredDependencies';
import { dirname, endsWithPath, joinPath, type ModuleLocation } from '../index/moduleIndex';
import { LAYOUT_KEY, MANIFESTS_KEY, PLACEMENTS_KEY, type Project } from '../index/project';
import type { CommandReference } from '../index/projectFileSummary';
import { LineMap, moduleAttrReference, type ProjectFileReaders, type PythonConfigFiles } from '../manifests/commands';
import { pythonRunReferences, refersToBuilt } from '../manifests/runConfigs';
import { STDLIB_MODULES } from '../python/stdlib';
import { replaceSpanFix } from '../rulekit/fixes';
import { bindingRelated, moduleRelated } from '../rulekit/related';
import type { CheckContext, ProjectFileCheckContext, RuleFamily } from '../rulekit/rule';

/** The rule family, reading run files and Python run strings with the adapters' project-file parts (`readers`). */
export function entrypointChecks(readers: ProjectFileReaders): RuleFamily {
  return {
    rules: [
      {
        id: 'unknown-entrypoint',
        defaultSeverity: 'error',
        summary: 'A run file (Dockerfile, Procfile, compose, script, Makefile, uWSGI/supervisor/systemd config, .flaskenv, [project.scripts], poe or taskipy task, uvicorn.run()) starts a module, attribute or file the project does not have.',
        doc: {
          catches: '`uvicorn app.mian:app`, `gunicorn project.wsgi` without `application` in it, uWSGI `module = app.wsgi:aplication`, `flask --app`/`FLASK_APP=` naming a missing module, `python -m app.worker` or `python mange.py` where no such module or file exists, `[project.scripts]` entries pointing at a missing function.',
          whyItBreaks: 'The container or process starts and exits at once: ModuleNotFoundError, "Attribute not found in module", or "can\'t open file".',
          example: 'CMD ["uvicorn", "app.mian:app", "--host", "0.0.0.0"]  # the module is app/main.py',
          fix: 'Point the command at the module, attribute or file that exists.',
        },
      },
    ],
    check(ctx) {
      // Most findings land in the run files themselves (checkProjectFile); in Python, what the file names for its
      // program to import first thing (the adapters' pythonReferences: the settings module manage.py / wsgi.py /
      // asgi.py set), and the app a server's config file names (`wsgi_app = "pkg.wsgi:app"`: pythonConfigs).
      const named = readers.pythonReferences.flatMap((read) => read(ctx.file.summary));
      const settings = ctx.file.summary.appSettings;
      const settingOf = (c: PythonConfigFiles) => settings?.find((s) => s.name === c.appSetting);
      const config = settings ? configReading(ctx, readers.pythonConfigs.filter(settingOf)) : undefined;
      const appSetting = config ? settingOf(config) : undefined;
      // setup.py is checked as Python: its entry points (read as a project file) are reported here.
      const setupPy = /(^|\/)setup\.py$/.test(ctx.file.path) ? (ctx.project.projectFile(ctx.file.path)?.references ?? []) : [];
      // `uvicorn.run("pkg.asgi:app")`, invoke's `c.run("gunicorn …")`: literal strings that start something.
      const runs = ctx.file.summary.runStrings ? pythonRunReferences(ctx.file.path, ctx.file.summary.runStrings, ctx.file.summary.imports, readers) : [];
      if (!named.length && !appSetting && !setupPy.length && !runs.length) return;
      ctx.tracker.add(LAYOUT_KEY);
      const refCtx: ReferenceContext = { path: ctx.file.path, project: ctx.project, tracker: ctx.tracker, report: ctx.report };
      for (const ref of named) checkModuleReference(refCtx, ref);
      for (const ref of setupPy) checkModuleReference(refCtx, ref);
      for (const ref of runs) {
        if (madeByTheProject(ctx.project, ref, ctx.tracker)) continue;
        if (ref.kind === 'file') checkFileReference(refCtx, ref);
        else checkModuleReference(refCtx, ref);
      }
      if (appSetting && config) {
        const [line, character] = appSetting.span;
        const lines = new LineMap(' '.repeat(character) + appSetting.value);
        const ref = moduleAttrReference({ text: appSetting.value, start: character, end: character + appSetting.value.length, dynamic: false }, lines, config.via);
        const onLine = (s: Span | undefined): Span | undefined => (s ? [line, s[1], line, s[3]] : undefined);
        if (ref) checkModuleReference(refCtx, { ...ref, span: onLine(ref.span)!, attrSpan: onLine(ref.attrSpan) });
      }
    },
    checkProjectFile(ctx) {
      if (!ctx.summary.references.length) return;
      ctx.tracker.add(LAYOUT_KEY);
      for (const ref of ctx.summary.references) {
        if (madeByTheProject(ctx.project, ref, ctx.tracker)) continue;
        if (ref.kind === 'file') checkFileReference(ctx, ref);
        else checkModuleReference(ctx, ref);
      }
    },
  };
}

/** The config files `ctx.file` is, by its usual name or as a run file loads it (`gunicorn -c deploy/prod.py`): the first. */
function configReading(ctx: CheckContext, configs: readonly PythonConfigFiles[]): PythonConfigFiles | undefined {
  const named = configs.find((c) => c.names.test(ctx.file.path));
  if (named || !configs.length) return named;
  ctx.tracker.add(PLACEMENTS_KEY);
  for (const [, f] of ctx.project.allProjectFiles()) {
    const loaded = configs.find((c) => f.references.some((r) => r.via === c.loadedVia && endsWithPath(ctx.file.path, r.target)));
    if (loaded) return loaded;
  }
  return undefined;
}

function checkFileReference(ctx: ReferenceContext, ref: CommandReference): void {
  const wanted = ref.target;
  if (wanted.split('/').includes('..')) return;
  const index = filesIndex(ctx.project);
  const found = (w: string) => index.paths.some((p) => endsWithPath(p, w));
  if (ref.cwd && found(wanted) && !found(joinPath(ref.cwd.dir, wanted))) {
    ctx.report({
      rule: 'unknown-entrypoint',
      span: ref.span,
      message: `File '${wanted}' is not in '${ref.cwd.dir}', where ${ref.via} runs`,
      detail: `Run by ${ref.via} after ${ref.cwd.how}: no '${ref.cwd.dir}' folder of the project has '${wanted}': the file is elsewhere.`,
    });
    return;
  }
  if (found(wanted)) return;
  const base = wanted.slice(wanted.lastIndexOf('/') + 1);
  const dir = dirname(wanted);
  const siblings = index.paths.filter((p) => dir === '' || endsWithPath(dirname(p), dir)).map((p) => p.slice(p.lastIndexOf('/') + 1));
  const suggestion = nearestName(base, [...new Set(siblings)].filter((s) => s.endsWith('.py')));
  const fixed = suggestion ? joinPath(dir, suggestion) : null;
  ctx.report({
    rule: 'unknown-entrypoint',
    span: ref.span,
    message: `File '${wanted}' not found${fixed ? `; did you mean '${fixed}'?` : ''}`,
    detail: `Run by ${ref.via}: no file of the project is '${wanted}'.`,
    fixes: fixed ? [replaceSpanFix(ctx.path, ref.span, fixed, `Change '${wanted}' to '${fixed}'`)] : [],
  });
}

/** Where a module reference's findings go: a run file, or a Python file (manage.py's settings module). */
type ReferenceContext = Pick<ProjectFileCheckContext, 'path' | 'project' | 'tracker' | 'report'>;

function checkModuleReference(ctx: ReferenceContext, ref: CommandReference): void {
  const { project, tracker } = ctx;
  const segments = ref.target.split('.');
  if (STDLIB_MODULES.has(segments[0])) return;
  const dirs = topLocations(project).get(segments[0]) ?? [];
  if (dirs.length === 0) {
    // Nothing of that name in the project: an installed package, unless the project declares what it
    // installs and nothing it declares provides it.
    if (ref.via === 'python -m') return;
    tracker.add(MANIFESTS_KEY);
    const deps = declaredDependencies(project);
    if (!deps.readable || providesImport(deps, segments[0])) return;
    const suggestion = nearestName(segments[0], [...topLocations(project).keys()].filter((n) => project.modules.locate(n) !== null));
    ctx.report({
      rule: 'unknown-entrypoint',
      span: firstSegmentSpan(ref.span, segments[0]),
      message: `Module '${ref.target}' not found${suggestion ? `; did you mean '${[suggestion, ...segments.slice(1)].join('.')}'?` : ''}`,
      detail: `Run by ${ref.via}: the project has no module '${segments[0]}' and no declared dependency provides one.`,
      fixes: suggestion ? [replaceSpanFix(ctx.path, firstSegmentSpan(ref.span, segments[0]), suggestion, `Change '${segments[0]}' to '${suggestion}'`)] : [],
    });
    return;
  }
  const placed = ref.cwd ? dirs.filter((d) => endsWithPath(d, ref.cwd!.dir)) : dirs;
  if (placed.length === 0 && ref.cwd) {
    // The name exists, but not where the command runs (nor as a declared package).
    tracker.add(MANIFESTS_KEY);
    const deps = declaredDependencies(project);
    if (!deps.readable || providesImport(deps, segments[0])) return;
    ctx.report({
      rule: 'unknown-entrypoint',
      span: firstSegmentSpan(ref.span, segments[0]),
      message: `Module '${ref.target}' is not in '${ref.cwd.dir}', where ${ref.via} runs`,
      detail: `Run by ${ref.via} after ${ref.cwd.how}: no '${ref.cwd.dir}' folder of the project has '${segments[0]}' (it is in ${dirs.map((d) => (d ? `${d}/` : 'the project root')).join(', ')}).`,
    });
    return;
  }
  const found: ModuleLocation[] = [];
  let deepest: { missingAt: number; parent: ModuleLocation } | null = null;
  for (const dir of placed) {
    const r = project.modules.lookup(dir, segments);
    if (r.status === 'found') found.push(r.location);
    else if (r.status === 'missing' && (!deepest || r.missingAt > deepest.missingAt)) deepest = r;
  }
  if (found.length === 0) {
    if (!deepest) return;
    const missing = segments[deepest.missingAt];
    const candidates = project.modules.childNames(deepest.parent.key, tracker);
    const suggestion = nearestName(missing, candidates);
    const span = segmentSpan(ref.span, segments, deepest.missingAt);
    const parentName = segments.slice(0, deepest.missingAt).join('.');
    const notPackage = deepest.parent.kind === 'module' || deepest.parent.kind === 'opaque';
    ctx.report({
      rule: 'unknown-entrypoint',
      span,
      message: notPackage
        ? `Module '${ref.target}' not found: '${parentName}' is a module, not a package`
        : `Module '${ref.target}' not found${suggestion ? `; did you mean '${[...segments.slice(0, deepest.missingAt), suggestion].join('.')}'?` : ''}`,
      detail: notPackage
        ? `Run by ${ref.via}: '${parentName}' (${deepest.parent.file ?? deepest.parent.key}) is a module, so it has no submodule '${missing}'.`
        : `Run by ${ref.via}: '${parentName}' (${deepest.parent.key}/) has no module '${missing}'.`,
      related: moduleRelated(deepest.parent, `looked for '${missing}' here`),
      fixes: suggestion && !notPackage ? [replaceSpanFix(ctx.path, span, suggestion, `Change '${missing}' to '${suggestion}'`)] : [],
    });
    return;
  }
  if (ref.kind !== 'module-attr' || !ref.attr) return;
  const attr = ref.attr;
  if (found.some((loc) => project.nameStatus(loc, attr, tracker) !== 'no')) return;
  const loc = found[0];
  const suggestion = nearestName(attr, project.namesOf(loc, tracker));
  const where = `'${ref.target}' (${loc.file ?? loc.key})`;
  if (ref.implicitAttr) {
    ctx.report({
      rule: 'unknown-entrypoint',
      span: ref.span,
      message: `'${ref.target}' does not define '${attr}', which ${ref.via} loads`,
      detail: `${ref.via} loads '${attr}' from ${where}, which does not define it: name the application with '${ref.target}:<name>' or define '${attr}'.`,
      related: moduleRelated(loc, `'${ref.target}': no '${attr}' here`),
    });
    return;
  }
  const span = ref.attrSpan ?? ref.span;
  ctx.report({
    rule: 'unknown-entrypoint',
    span,
    message: `'${ref.target}' does not define '${attr}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
    detail: `${ref.via} loads '${attr}' from ${where}, which does not define it.`,
    related: [...moduleRelated(loc, `'${ref.target}': no '${attr}' here`), ...(suggestion ? bindingRelated(project, loc.file, suggestion, `'${suggestion}' is here`) : [])],
    fixes: suggestion ? [replaceSpanFix(ctx.path, span, suggestion, `Change '${attr}' to '${suggestion}'`)] : [],
  });
}

/** The span of segment `index` of a dotted name written on one line at `span`. */
function segmentSpan(span: Span, segments: string[], index: number): Span {
  if (span[0] !== span[2]) return span;
  const start = span[1] + segments.slice(0, index).reduce((n, s) => n + s.length + 1, 0);
  return [span[0], start, span[0], start + segments[index].length];
}

function firstSegmentSpan(span: Span, first: string): Span {
  return span[0] === span[2] ? [span[0], span[1], span[0], span[1] + first.length] : span;
}

/**
 * A module some run file makes at build or run time (a Dockerfile `RUN cp x.py app/conf.py`, a compose volume,
 * a Makefile recipe writing it), or a file it writes: not the project's to have.
 */
function madeByTheProject(project: Project, ref: CommandReference, tracker: ReferenceContext['tracker']): boolean {
  tracker.add(PLACEMENTS_KEY); // what run files make changes it (project.ts's placements fingerprint)
  let made = madeMemo.get(project);
  // (Run files and paths only: kept across body edits, see project.surfaceGeneration.)
  if (!made || made.generation !== project.surfaceGeneration) {
    // A file copied under its own name (`COPY app.py /srv/app.py`) makes nothing new: only names the project lacks count.
    const names = new Set<string>();
    for (const [, summary] of project.allProjectFiles()) for (const m of summary.madeModules ?? []) if (!topLocations(project).has(m)) names.add(m);
    made = { generation: project.surfaceGeneration, test: refersToBuilt(names) };
    madeMemo.set(project, made);
  }
  return made.test(ref);
}

const madeMemo = new WeakMap<Project, { generation: number; test: (r: CommandReference) => boolean }>();

interface FilesIndex {
  /** project.surfaceGeneration when made. */
  generation: number;
  paths: string[];
  /** Top-level name → folders where a module, package or folder of that name sits. */
  tops: Map<string, string[]>;
}

const filesMemo = new WeakMap<Project, FilesIndex>();

function filesIndex(project: Project): FilesIndex {
  const cached = filesMemo.get(project);
  if (cached && cached.generation === project.surfaceGeneration) return cached; // (paths only)
  // In path order, not the order files were indexed in (which workers answered first): the first of several
  // same-named folders is the same in every run.
  const paths = [...project.allSources()].map((s) => s.path).sort();
  const tops = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 0; i < parts.length; i++) {
      const name = i === parts.length - 1 ? parts[i].replace(/\.pyi?$/, '') : parts[i];
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
      const dir = parts.slice(0, i).join('/');
      const key = `${dir}|${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let list = tops.get(name);
      if (!list) tops.set(name, (list = []));
      list.push(dir);
    }
  }
  const index = { generation: project.surfaceGeneration, paths, tops };
  filesMemo.set(project, index);
  return index;
}

function topLocations(project: Project): Map<string, string[]> {
  return filesIndex(project).tops;
}

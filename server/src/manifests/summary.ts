// Project files that are not Python (manifests, container and run files): which paths are project files and of
// what kind, and the pieces every reader shares. Their summaries' shape is index/projectFileSummary.ts (the
// Project keeps them); the schema is bumped here when the shape or what the readers put in it changes. Cached by content hash.
import type { CoreProjectFileKind, ProjectFileKind } from '../index/projectFileSummary';
import type { IgnoreComment } from '../syntax/summary';

export const PROJECT_FILE_SCHEMA = 9;

/** Which paths are project files and of what kind: the core's kinds and the names the adapters give kinds. */
export interface ProjectFileKinds {
  /** What kind of project file a workspace-relative path is, if any. */
  readonly kindOf: (path: string) => ProjectFileKind | null;
  /** fast-glob patterns that find every project file (kindOf decides what each is). */
  readonly globs: readonly string[];
}

/**
 * The kinds of project files, with `byName`: file names (a file's last path part) the adapters give a kind
 * (their own, `alembic.ini` → `alembic-ini`, or one of the core's, `.flaskenv` → `dotenv`). A name is tested
 * before the core's patterns: it is the more specific (`alembic.ini` is not a generic `*.ini`).
 */
export function projectFileKinds(byName: ReadonlyMap<string, ProjectFileKind>): ProjectFileKinds {
  const named = [...byName.keys()].map((name) => `**/${name}`);
  return {
    kindOf: (path) => byName.get(path.slice(path.lastIndexOf('/') + 1)) ?? coreProjectFileKind(path),
    globs: [...CORE_PROJECT_FILE_GLOBS, ...named],
  };
}

function coreProjectFileKind(path: string): CoreProjectFileKind | null {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const parent = slash < 0 ? '' : path.slice(path.lastIndexOf('/', slash - 1) + 1, slash);
  if (/requirements.*\.(txt|in)$/i.test(base) || (parent === 'requirements' && /\.(txt|in)$/.test(base))) return 'requirements';
  if (base === 'pyproject.toml') return 'pyproject';
  if (base === 'setup.cfg') return 'setup-cfg';
  if (base === 'setup.py') return 'setup-py';
  if (base === 'Pipfile') return 'pipfile';
  if (/^environment\.ya?ml$/.test(base)) return 'conda';
  if (/^Dockerfile(\.[\w.-]+)?$/.test(base) || /\.Dockerfile$/.test(base)) return 'dockerfile';
  if (/^Procfile([.-][\w.-]+)?$/.test(base) || /\.[Pp]rocfile$/.test(base)) return 'procfile';
  if (/^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(base)) return 'compose';
  if (base.endsWith('.sh')) return 'shell';
  if (/(^|\/)templates\//.test(path) && /\.(html|jinja2?|j2)$/.test(base)) return 'template';
  if (base === 'poetry.lock' || base === 'uv.lock' || base === 'Pipfile.lock') return 'lock';
  if (/\.(ini|conf|service)$/.test(base)) return 'ini';
  if (base === '.env') return 'dotenv';
  if (/^(GNUmakefile|[Mm]akefile)$/.test(base) || base.endsWith('.mk')) return 'makefile';
  return null;
}

/** fast-glob patterns that find every file of the core's kinds. */
const CORE_PROJECT_FILE_GLOBS = [
  '**/*requirements*.{txt,in}',
  '**/requirements/*.{txt,in}',
  '**/pyproject.toml',
  '**/setup.cfg',
  '**/Pipfile',
  '**/environment.{yml,yaml}',
  '**/Dockerfile*',
  '**/*.Dockerfile',
  '**/Procfile*',
  '**/*.{Procfile,procfile}',
  '**/*compose*.{yml,yaml}',
  '**/*.sh',
  '**/templates/**/*.{html,jinja,jinja2,j2}',
  '**/{poetry,uv,Pipfile}.lock',
  '**/*.{ini,conf,service}',
  '**/.env',
  '**/{GNUmakefile,Makefile,makefile,*.mk}',
];

/** The core's kinds alone (no adapter's names). */
export const CORE_PROJECT_FILE_KINDS: ProjectFileKinds = projectFileKinds(new Map());

/** PEP 503 normalized distribution name. */
export function normalizeDistribution(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const IGNORE_COMMENT = /#\s*coherence:\s*ignore(?:\[([^\]]*)\])?/;

/** `# coherence: ignore[...]` comments of a `#`-commented file. */
export function readIgnores(lines: string[]): IgnoreComment[] {
  const out: IgnoreComment[] = [];
  lines.forEach((text, line) => {
    const m = IGNORE_COMMENT.exec(text);
    if (m) out.push({ line, rules: m[1] === undefined ? null : m[1].split(',').map((r) => r.trim()).filter(Boolean) });
  });
  return out;
}

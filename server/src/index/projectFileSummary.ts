// Project files that are not Python (manifests, container and run files) summarized as plain data, like
// FileSummary for Python: what rules read of them, nothing else. The shape lives here, below manifests/ (whose
// readers fill it, manifests/summarize.ts), because the Project keeps the summaries and its index reads them.
import type { Span } from '../core/types';
import type { IgnoreComment } from '../syntax/summary';

/** The kinds the core reads itself; an adapter's project-file part adds kinds of its own (ProjectFilePart.fileKinds). */
export type CoreProjectFileKind =
  | 'requirements' // requirements*.txt / *.in, requirements/*.txt
  | 'pyproject' // pyproject.toml
  | 'setup-cfg' // setup.cfg
  | 'setup-py' // setup.py (also summarized as Python; this reads its install_requires)
  | 'pipfile' // Pipfile
  | 'conda' // environment.yml: declares packages in a way not read here
  | 'dockerfile' // Dockerfile, Dockerfile.*, *.Dockerfile
  | 'procfile' // Procfile, Procfile.*, Procfile-*, *.Procfile
  | 'compose' // docker-compose*.yml, compose*.yml
  | 'shell' // *.sh
  | 'template' // templates/**/*.html, .jinja…: the tags the adapters read in it (ProjectFilePart.templateTags)
  | 'lock' // poetry.lock, uv.lock, Pipfile.lock: the exact versions installed
  | 'ini' // *.ini, *.conf, *.service: uWSGI `[uwsgi]`, supervisor `[program:x]`, systemd `[Service]` commands
  | 'dotenv' // .env (python-dotenv's), and the names adapters give the kind (Flask's .flaskenv): variables a program loads
  | 'makefile'; // Makefile, *.mk: recipe lines

/** A core kind, or an adapter's own kind of file (its name: `alembic-ini`), which its reader reads. */
export type ProjectFileKind = CoreProjectFileKind | (string & {});

/** A distribution a manifest declares (or a `pip install` line installs). */
export interface DeclaredRequirement {
  /** PEP 503 normalized name: lowercase, runs of `-_.` as one `-`. */
  name: string;
  extras: string[];
  /** The lowest version the specifier allows (`==2.3.1`, `>=2.3`, `~=2.3`, Poetry `^2.3`), when it has one. */
  minVersion?: string;
  /** The one version the specifier allows (`==5.2.1`, `===5.2.1`), when it pins one. */
  exactVersion?: string;
  line: number;
}

/** Where a quick fix appends a distribution, and in which syntax. */
export interface InsertionPoint {
  format: 'requirements' | 'pep621' | 'poetry' | 'pipfile';
  line: number;
  character: number;
  /** Text around the new entry (a newline when the file does not end with one, a comma and indentation…). */
  before: string;
  after: string;
}

/**
 * A Python reference in a run file: `module:attr` (uvicorn, gunicorn, flask --app, [project.scripts]…),
 * `python -m module`, or `python path/file.py`.
 */
export interface CommandReference {
  kind: 'module-attr' | 'module' | 'file';
  /** Dotted module path, or the file path as written. */
  target: string;
  /** For module-attr: the attribute's first name (`create_app` of `app:create_app()`). */
  attr?: string;
  /** The whole reference as written. */
  span: Span;
  /** For module-attr: where the attribute starts, to put a missing attribute's diagnostic on it. */
  attrSpan?: Span;
  /** The attribute is the tool's default, not written (`gunicorn pkg.wsgi` looks for `application`). */
  implicitAttr?: boolean;
  /** The tool that reads it (`uvicorn`, `python -m`, `[project.scripts]`…), for messages. */
  via: string;
  /**
   * The folder the command evidently runs in (or loads the app from), relative to a project folder: `backend`
   * after `cd backend`, `--app-dir backend`, a Dockerfile `WORKDIR` under the folder `COPY . /app` fills. The
   * reference must then resolve in a folder whose path ends with it; absent when that is not evident.
   */
  cwd?: { dir: string; how: string };
  /**
   * The module must be the project's own (`python -m app.x`, a flask app): an absent top-level name is not
   * an installed package then. Otherwise only a name the project also declares or ships counts as found.
   */
  projectOnly?: boolean;
}

export interface ProjectFileSummary {
  schema: number;
  kind: ProjectFileKind;
  requirements: DeclaredRequirement[];
  /** Workspace-relative paths of files it includes (`-r other.txt`, `pip install -r x.txt`). */
  includes: string[];
  /** It declares dependencies in a way this reader cannot follow (dynamic setup.py, a URL without a name…). */
  unreadableDeclarations?: boolean;
  /** Project folders it installs as packages (Poetry/uv `path` dependencies, `-e ./pkg`), workspace-relative. */
  installedPaths?: string[];
  /** pyproject.toml `dynamic = ["dependencies"]` filled by a build hook: read only if a requirements file sits beside it. */
  dynamicDependencies?: boolean;
  insertion?: InsertionPoint;
  references: CommandReference[];
  ignores: IgnoreComment[];
  /** Lock files: the exact versions pinned, for the distributions whose version a rule reads (removed-api). */
  locked?: { name: string; version: string }[];
  /**
   * Python files the image build or a compose volume puts at another path (`RUN cp docker/config.py
   * settings/config.py`, `- ./dockerfiles/settings/web.py:/app/settings/web_docker.py`), as written (a
   * leading `./`, `$PWD/` or `${PWD}/` dropped): they run there, so their relative imports are not judged here.
   */
  placedElsewhere?: string[];
  /**
   * Modules the file makes at build or run time (a `.py` file a Dockerfile `RUN cp`/`COPY`, a compose volume or
   * a Makefile recipe writes, by module name): a run file elsewhere that starts one is not judged.
   */
  madeModules?: string[];
  /** What the adapters' readers read in it (their own kinds of file, their tags in templates), by adapter key: plain data. */
  frameworks?: Record<string, unknown>;
  /** Why it could not be read (bad TOML/YAML): then it says nothing. */
  problem?: string;
}

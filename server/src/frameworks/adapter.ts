// A framework adapter: everything Coherence knows of one framework, behind one interface, so that adding a
// framework is one new folder (docs/adapters.md). Each layer of the core asks only for its own part, in its
// own words, and names no framework:
//   syntax  — FactCollector (syntax/factCollectors.ts): the nodes it wants from the summarizer's walk (and the tree,
//             for a pass of its own when the walk is done), and the plain facts it keeps of a file (FileSummary.frameworks[key]);
//             how its instances list their own attributes (`self._meta.fields`: a `setattr` over one leaves the class listable),
//             what its API raises on a wrong call (`FieldError`: caught by name, a probe), the words of its query
//             expressions (`filter(F("likes"))`: a call's CallShape.expressions), how it reads a class's members
//             (`mapped_column(ForeignKey("users.id"))`, `posts: Mapped[List["Post"]]`, `__table_args__`: into the core's records of the member and class,
//             syntax/classMemberReaders.ts), how it reads a class's header (`@admin.register(Article)`, `Manager.from_queryset(QS)`:
//             into ClassInfo.registers and .builtBases, syntax/classHeaderReaders.ts), the class-level values it reads (`fields = ["title"]`: the member's
//             strings), the collection types of its API whose subscript is the element class (`QuerySet[Document]`);
//             its collector may ask what a collection parameter holds (`qs: QuerySet[Document]`) and
//             whether the function only refines it; what values of its API hold (value hints: a `Depends(provider)`
//             parameter, an ORM call's result, a queryset chain);
//   index   — IndexedFramework (index/frameworkParts.ts): its part of a file's surface, the dependency keys
//             its graphs publish and what of a file changes them, the graph built from summaries, the
//             folders it runs the project from (source roots), its bases whose classes' constructors take their
//             annotated fields (`SQLModel`), the library classes project classes are built on and what they
//             provide (known bases: `flask.views.MethodView`, composed with the core's python/knownBases.ts);
//   checks  — its rule families, built with the rule kit below frameworks/ (rulekit/: what a rule is, fixes,
//             related places, shared rule metas and helpers); checks/registry.ts lists every adapter's after the core's;
//   editor  — hover and go-to-definition on the references it knows (navigation/index.ts asks each adapter);
//   tables  — the public attributes of the objects its users make (`app = Flask(__name__)`), judged by the
//             core's unknown-attribute rule on framework objects (checks/frameworkObjects.ts);
//   host    — which of its files are migrations (reported even where the project's linters leave files out);
//   required packages — RequiredPackagesPart (rulekit/requiredPackages.ts): the packages its facts say the code needs
//             installed without importing them (a settings list's modules, a database URL's driver), judged
//             by the core's undeclared-dependency rule against the manifests;
//   removed APIs — RemovedApiPart (rulekit/removedApis.ts): which of its files are history its tool replays, and
//             the uses of removed APIs its facts read, judged by the core's removed-api rule;
//   project files — ProjectFilePart (manifests/commands.ts): the programs (`uvicorn`, `flask --app`), `python -m`
//             modules, environment variables (`FLASK_APP`) and Python run calls (`uvicorn.run("pkg:app")`) it
//             reads in run files, and what they reference (judged by the core's unknown-entrypoint rule), with
//             what Python files name to import at start (`DJANGO_SETTINGS_MODULE` set in manage.py) and the Python
//             config files its program reads, with the module-level setting there that names the app (`wsgi_app`);
//             kinds of files of its own by name, with their readers (`alembic.ini`), names it gives a core kind
//             (`.flaskenv`: a dotenv file), and its tags in templates (`url_for('bp.endpoint')`, `{% url 'name' %}`),
//             what they read kept as ProjectFileSummary.frameworks[key].
// The host composes the adapters (frameworks/adapters.ts) and hands them down.
import type { Span } from '../core/types';
import type { ProjectFilePart } from '../manifests/commands';
import type { FileSummary } from '../syntax/summary';
import type { IndexedFramework } from '../index/frameworkParts';
import type { Project } from '../index/project';
import type { FactCollector } from '../syntax/factCollectors';
import type { RuleFamily } from '../rulekit/rule';
import type { RequiredPackagesPart } from '../rulekit/requiredPackages';
import type { RemovedApiPart } from '../rulekit/removedApis';

export interface SourceLocation {
  file: string;
  span: Span;
}

export interface FrameworkNavigation {
  /** Markdown for what the cursor is on, and the range it covers; null when the adapter knows nothing there. */
  hover?(project: Project, path: string, line: number, character: number): { span: Span; markdown: string } | null;
  /** Where what the cursor is on is defined; null when the adapter knows nothing there. */
  definition?(project: Project, path: string, line: number, character: number): SourceLocation | null;
}

/** An object a project makes with the framework's own class (`router = APIRouter()`) and what it has. */
export interface FrameworkObjectApi {
  /** The module the class is imported from, and the class (`fastapi`, `APIRouter`). */
  module: string;
  cls: string;
  /** Its public attributes: a name missing here is a false report, so the list errs wide. */
  attributes: ReadonlySet<string>;
  /** Attribute → where what agents reach for on the wrong object lives (a message tail: `: …`). */
  hints?: ReadonlyMap<string, string>;
}

export interface FrameworkAdapter<Graph = unknown> extends FactCollector, IndexedFramework<Graph, Project>, FrameworkNavigation {
  /** Shown in docs and reports (`aiohttp`). */
  readonly name: string;
  /** Its rule families: one file per family, rules with ids from the catalogue (docs/rules is generated from them). */
  readonly ruleFamilies: readonly RuleFamily[];
  /** The framework objects the core's unknown-attribute rule judges (asked in the adapters' order). */
  readonly objectApis?: readonly FrameworkObjectApi[];
  /**
   * A migration file the framework's tool runs at deploy: the host reports on it even where the project's
   * linters leave files out (projects exclude generated code for style; a dangling reference still breaks).
   */
  isMigration?(summary: FileSummary): boolean;
  /**
   * What it reads in run files and Python run calls (with FactCollector.runStrings and .appSettings: `...projectFileParts(part)`),
   * and what Python files name for their program to import at start (from its facts); its own kinds of project
   * files, the names it gives the core's kinds, and its tags in templates.
   */
  readonly projectFiles?: ProjectFilePart;
  /** The packages its facts say a file needs installed without importing them (the core's undeclared-dependency judges them). */
  readonly requiredPackages?: RequiredPackagesPart;
  /** Its migrations (history: deprecations there are noise) and the uses of removed APIs its facts read (the core's removed-api judges them). */
  readonly removedApis?: RemovedApiPart;
  /** Names of files that mark their folder as one Python runs from (`alembic.ini`: its env.py imports from there). */
  readonly markerFiles?: readonly string[];
}

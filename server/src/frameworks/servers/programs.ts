// The Python app servers behind the adapter interface (docs/adapters.md): gunicorn, uvicorn, hypercorn,
// daphne and granian serve Django, Flask, FastAPI and every other WSGI/ASGI app alike, so their readers are
// a part of their own rather than one framework's. What their command lines (`gunicorn pkg.wsgi`,
// `python -m uvicorn app.main:app`) and `uvicorn.run("pkg.asgi:app")` in Python reference.
import { DOTTED, joinDir, moduleAttrReference, type CommandFacts, type LineMap, type ProgramReader, type ProjectFilePart, type Token } from '../../manifests/commands';

/** Options of each server that take no value (every other option is taken to consume the next word). */
const SERVER_FLAGS: Record<string, ReadonlySet<string>> = {
  uvicorn: new Set(['--reload', '--factory', '--use-colors', '--no-use-colors', '--proxy-headers', '--no-proxy-headers', '--server-header', '--no-server-header', '--date-header', '--no-date-header', '--access-log', '--no-access-log', '--help', '--version']),
  gunicorn: new Set(['--reload', '-D', '--daemon', '--preload', '--spew', '--check-config', '--print-config', '--capture-output', '--enable-stdio-inheritance', '--no-sendfile', '--reuse-port', '--strip-header-spaces', '--suppress-ragged-eofs', '--do-handshake-on-connect', '--log-syslog', '--proxy-protocol', '--initgroups', '-R', '--help', '-v', '--version']),
  hypercorn: new Set(['--reload', '--debug', '--help', '--version']),
  daphne: new Set(['--proxy-headers', '-v', '--help', '--version', '--no-server-name']),
  // granian's boolean options come in `--x/--no-x` pairs (its click command, granian/cli.py).
  granian: new Set(['ws', 'http1-keep-alive', 'http1-pipeline-flush', 'http2-adaptive-window', 'log', 'access-log', 'ssl-client-verify', 'respawn-failed-workers', 'factory', 'reload', 'reload-ignore-worker-failure'].flatMap((f) => [`--${f}`, `--no-${f}`]).concat(['--help', '--version'])),
};

/** uvicorn/gunicorn/hypercorn/daphne: every `module:attr` word that is no option's value. */
function readServer(server: string, args: Token[], lines: LineMap, facts: CommandFacts): void {
  const flags = SERVER_FLAGS[server];
  const before = facts.references.length;
  // `gunicorn --chdir x`, `uvicorn --app-dir x`: where the app module is looked up (relative to where the command runs).
  let appDir: { dir: string; how: string } | null = null;
  let searchPathUnknown = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [option, inline] = a.text.startsWith('--') && a.text.includes('=') ? [a.text.slice(0, a.text.indexOf('=')), a.text.slice(a.text.indexOf('=') + 1)] : [a.text, null];
    if ((server === 'gunicorn' && option === '--chdir') || (server === 'uvicorn' && option === '--app-dir') || (server === 'granian' && option === '--working-dir')) {
      const value = inline ?? args[i + 1]?.text;
      const dynamic = inline === null ? (args[i + 1]?.dynamic ?? true) : a.dynamic;
      const dir = value && !dynamic && !value.startsWith('/') ? joinDir(facts.cwd.dir, value) : null;
      if (dir === null) searchPathUnknown = true;
      else appDir = { dir, how: `${option} ${value}` };
    }
    if (server === 'gunicorn' && option === '--pythonpath') searchPathUnknown = true;
    if (a.text.startsWith('-')) {
      if (server === 'gunicorn' && (a.text === '-c' || a.text === '--config')) {
        const conf = args[i + 1];
        if (conf && !conf.dynamic && /^[\w./-]+\.py$/.test(conf.text) && !conf.text.startsWith('/')) {
          facts.references.push({ kind: 'file', target: conf.text.replace(/^\.\//, ''), span: lines.span(conf.start, conf.end), via: 'gunicorn -c' });
        }
      }
      if (!a.text.includes('=') && !flags.has(a.text)) i++;
      continue;
    }
    if (a.dynamic) continue;
    const ref = moduleAttrReference(a, lines, server);
    if (ref) facts.references.push(ref);
    else if (server === 'gunicorn' && DOTTED.test(a.text) && a.text.includes('.')) {
      // `gunicorn project.wsgi`: gunicorn looks for `application` in it.
      facts.references.push({ kind: 'module-attr', target: a.text, attr: 'application', span: lines.span(a.start, a.end), via: server, implicitAttr: true });
    }
  }
  const added = facts.references.slice(before);
  if (searchPathUnknown) for (const ref of added) ref.cwd = { dir: '', how: '' };
  else if (appDir) for (const ref of added) if (ref.kind !== 'file' || ref.via !== 'gunicorn -c') ref.cwd = appDir.dir ? appDir : { dir: '', how: '' };
}

const serverReader =
  (server: string): ProgramReader =>
  (args, lines, facts) =>
    readServer(server, args, lines, facts);

const SERVERS = Object.fromEntries(Object.keys(SERVER_FLAGS).map((server) => [server, serverReader(server)]));

export const serverProjectFiles: ProjectFilePart = {
  programs: SERVERS,
  modules: SERVERS,
  runCalls: [{ module: 'uvicorn', functions: ['run', 'Config'], placingKeywords: ['app_dir'] }],
  // gunicorn's config files by their usual names (`gunicorn.conf.py` is the one it reads by default), or one a
  // run file loads with `gunicorn -c` (read above): `wsgi_app = "pkg.wsgi:app"` there names the app it serves.
  pythonConfigs: [{ names: /(^|\/)gunicorn[\w.-]*\.py$/, loadedVia: 'gunicorn -c', appSetting: 'wsgi_app', via: 'gunicorn wsgi_app' }],
};

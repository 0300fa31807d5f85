// aiohttp's project-file part (docs/adapters.md): its own runner, `python -m aiohttp.web [-H host] [-P port]
// [-U path] pkg.module:factory`, which imports the module and calls the factory with the words that follow
// (aiohttp/web.py `main`; the usage line of aiohttp 3.8.4's `python3 -m aiohttp.web -h`).
import { moduleAttrReference, type CommandFacts, type LineMap, type ProjectFilePart, type Token } from '../../manifests/commands';

/** Its options that take a value (argparse: `-P 8080`, `-P8080`, `--port=8080`). */
const VALUE_OPTIONS = new Set(['-H', '--hostname', '-P', '--port', '-U', '--path']);
/** `module:function`, as it splits it: a dotted module, one attribute (`getattr(module, "a.b")` fails). */
const ENTRY_FUNC = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*$/;

/** The entry function: the first word that is no option or option value. */
function readAiohttpWeb(args: Token[], lines: LineMap, facts: CommandFacts): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.dynamic) return;
    if (a.text.startsWith('-')) {
      if (VALUE_OPTIONS.has(a.text)) i++;
      // `-h`, or an option it does not know (argparse may take what follows for it): the target is not evident.
      else if (!/^(--(hostname|port|path)=|-[HPU].)/.test(a.text)) return;
      continue;
    }
    const ref = ENTRY_FUNC.test(a.text) ? moduleAttrReference(a, lines, 'python -m aiohttp.web') : null;
    if (ref) facts.references.push(ref);
    return;
  }
}

export const aiohttpProjectFiles: ProjectFilePart = {
  modules: { 'aiohttp.web': readAiohttpWeb },
};

// FastAPI's project-file part (docs/adapters.md): `fastapi run app/main.py`, `fastapi dev main.py`.
import type { CommandFacts, LineMap, ProjectFilePart, Token } from '../../manifests/commands';

const FASTAPI_CLI_FLAGS = new Set(['--reload', '--no-reload', '--proxy-headers', '--no-proxy-headers', '--help']);

/** `fastapi run app/main.py`, `fastapi dev main.py`: the file it serves (without one, it searches: silent). */
function readFastapiCli(args: Token[], lines: LineMap, facts: CommandFacts, via: string): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.text.startsWith('-')) {
      if (!a.text.includes('=') && !FASTAPI_CLI_FLAGS.has(a.text)) i++;
      continue;
    }
    if (!a.dynamic && /^[\w./-]+\.py$/.test(a.text) && !a.text.startsWith('/')) {
      facts.references.push({ kind: 'file', target: a.text.replace(/^\.\//, ''), span: lines.span(a.start, a.end), via });
    }
    return;
  }
}

export const fastapiProjectFiles: ProjectFilePart = {
  programs: {
    fastapi(args, lines, facts) {
      if (args[0]?.text === 'run' || args[0]?.text === 'dev') readFastapiCli(args.slice(1), lines, facts, `fastapi ${args[0].text}`);
    },
  },
};

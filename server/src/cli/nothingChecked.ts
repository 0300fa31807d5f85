// A run that checked no file must not look like a clean project (issue #13): the CLI says why and exits 2.
import fg from 'fast-glob';
import * as fs from 'fs';
import { DEFAULT_EXCLUDES } from '../workspace/discovery';

/** Why `root` cannot be checked at all (it does not exist, is no folder, cannot be listed); null when it can. */
export function unusableRoot(root: string): string | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${root} does not exist` : `${root} cannot be read (${code ?? (e as Error).message})`;
  }
  if (!stat.isDirectory()) return `${root} is not a folder`;
  try {
    fs.readdirSync(root);
  } catch (e) {
    return `${root} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  return null;
}

/** Why no Python file was checked: none exists outside the folders always skipped, or every one was excluded or unreadable. */
export async function whyNothingWasChecked(root: string): Promise<string> {
  const stream = fg.stream(['**/*.{py,pyi}'], { cwd: root, ignore: DEFAULT_EXCLUDES, onlyFiles: true, followSymbolicLinks: false, suppressErrors: true });
  let found = false;
  for await (const _ of stream) {
    found = true;
    break;
  }
  return found
    ? `nothing was checked in ${root}: every Python file is excluded (--exclude, [tool.coherence] exclude) or could not be read`
    : `nothing was checked in ${root}: it holds no Python file (folders such as .venv, node_modules, build and dist are always skipped)`;
}

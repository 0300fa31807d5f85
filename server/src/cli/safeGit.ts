// Runs git in a workspace without letting the workspace's own git configuration run anything. A
// workspace is untrusted: its `.git/config` (or `.git/info/attributes`) can name commands that git runs
// on its own — an fsmonitor hook when the index is read, clean/smudge filters when worktree files are
// hashed, external diff and textconv drivers, a pager, hooks, transports for lazy fetches. Every one of
// them is switched off here with command-line configuration, which outranks every configuration file.
import { execFileSync } from 'child_process';

export class GitFailure extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** Longest a git command may take: a configured path that blocks (a FIFO as excludesFile) must not hang the CLI. */
const GIT_TIMEOUT_MS = 60_000;

/** Configuration that no configuration file can override (`-c` is read last). */
const FIXED_CONFIG: readonly string[] = [
  'core.fsmonitor=false', // a hook run whenever the index is read
  'core.useBuiltinFSMonitor=false', // older Git for Windows' spelling
  'core.untrackedCache=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'core.sshCommand=false',
  'diff.external=',
  'color.ui=false', // output that is parsed
  'log.showSignature=false', // verifying a signature runs a gpg program: never the workspace's
  'gpg.program=false',
  'gpg.openpgp.program=false',
  'gpg.x509.program=false',
  'gpg.ssh.program=false',
  'submodule.recurse=false',
  'protocol.allow=never', // a partial clone's lazy fetch would start a transport (GIT_ALLOW_PROTOCOL below also
  // outranks the repository's protocol.<name>.allow, which this does not)
  'credential.helper=',
  'safe.bareRepository=explicit', // a bare repository laid out inside the workspace is not opened by accident
  'gc.auto=0',
  'maintenance.auto=false',
];

/** Git's own variables from our environment are dropped (GIT_DIR, GIT_EXTERNAL_DIFF, GIT_CONFIG_PARAMETERS…). */
function sanitizedEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^GIT_/i.test(name)) env[name] = value;
  return {
    ...env,
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: 'false',
    SSH_ASKPASS: 'false',
    GIT_ALLOW_PROTOCOL: '', // an empty allow-list: no transport, whatever protocol.<name>.allow says
    GIT_NO_LAZY_FETCH: '1', // never fetch a partial clone's missing objects (through the transport it configures)
    GIT_ATTR_NOSYSTEM: '1',
    GIT_OPTIONAL_LOCKS: '0', // do not write the index back (read-only use)
  };
}

function execGit(root: string, configArgs: readonly string[], args: readonly string[]): string;
function execGit(root: string, configArgs: readonly string[], args: readonly string[], input: string): Buffer;
function execGit(root: string, configArgs: readonly string[], args: readonly string[], input?: string): string | Buffer {
  try {
    return execFileSync('git', ['--no-pager', ...configArgs, ...args], {
      cwd: root,
      encoding: input === undefined ? 'utf8' : 'buffer',
      env: sanitizedEnvironment(),
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      input: input === undefined ? undefined : Buffer.from(input, 'utf8'),
      timeout: GIT_TIMEOUT_MS,
      maxBuffer: 256 * 1024 * 1024,
      windowsHide: true,
    });
  } catch (e) {
    const err = e as { stderr?: string; signal?: string; code?: string };
    const stderr = (err.stderr ?? '').toString().trim();
    const why = err.code === 'ENOENT' ? 'git is not installed' : err.signal ? `git was stopped (${err.signal}) after ${GIT_TIMEOUT_MS / 1000} s` : stderr || (e as Error).message;
    throw new GitFailure(why, stderr);
  }
}

const fixedConfigArgs = (): string[] => FIXED_CONFIG.flatMap((c) => ['-c', c]);

/**
 * Filter drivers are named by attributes (`.gitattributes`, `.git/info/attributes`) and defined in
 * configuration under any name: each defined one is blanked (an empty command runs nothing) and made
 * optional (a required filter without a command would fail the command instead).
 */
function filterDriverOverrides(root: string): string[] {
  let listing: string;
  try {
    listing = execGit(root, fixedConfigArgs(), ['config', '--null', '--name-only', '--get-regexp', '^filter\\.']);
  } catch (e) {
    // `git config --get-regexp` exits 1 when nothing matches.
    if (e instanceof GitFailure && !e.stderr) return [];
    throw e;
  }
  const drivers = new Set<string>();
  for (const key of listing.split('\0')) {
    const m = /^filter\.(.+)\.[^.]+$/s.exec(key);
    if (!m) continue;
    // `-c name=value` splits at the first `=`: a driver name that cannot be written there cannot be blanked.
    if (/[=\n]/.test(m[1])) throw new GitFailure(`the repository's configuration defines a filter driver git cannot be told to skip ('${m[1]}')`, '');
    drivers.add(m[1]);
  }
  return [...drivers].flatMap((d) => ['-c', `filter.${d}.clean=`, '-c', `filter.${d}.smudge=`, '-c', `filter.${d}.process=`, '-c', `filter.${d}.required=false`]);
}

/** Commands that show diffs: their diff drivers are turned off on the command line too. */
const DIFF_COMMANDS = new Set(['diff', 'diff-tree', 'diff-index', 'diff-files', 'log', 'show']);
/** Read-only commands known to be safe with the configuration above (anything else is refused). */
const READ_COMMANDS = new Set([...DIFF_COMMANDS, 'ls-files', 'ls-tree', 'rev-parse', 'cat-file', 'merge-base', 'rev-list', 'for-each-ref']);
/** Options that would ask for what the configuration turns off (`cat-file --textconv`, `diff --ext-diff`). */
const REFUSED_OPTIONS = /^--(textconv|filters|ext-diff|recurse-submodules|output)(=|$)/;

/**
 * Runs read-only `git <args>` in `root` and returns its standard output; throws GitFailure when git
 * fails or when the command is not one known to be safe. Nothing that the repository's configuration
 * names is run (see FIXED_CONFIG and filterDriverOverrides); diff drivers are off for every diff
 * (`--no-ext-diff --no-textconv --no-color`), and submodules are not entered.
 */
export function runGitSafely(root: string, args: readonly string[]): string {
  const [command, ...rest] = args;
  if (!READ_COMMANDS.has(command)) throw new GitFailure(`'git ${command}' is not run in a workspace (only read-only commands known to be safe are)`, '');
  const refused = rest.find((a) => REFUSED_OPTIONS.test(a));
  if (refused) throw new GitFailure(`'git ${command} ${refused}' is not run in a workspace`, '');
  const guarded = DIFF_COMMANDS.has(command) ? [command, '--no-ext-diff', '--no-textconv', '--no-color', '--ignore-submodules=all', ...rest] : [...args];
  return execGit(root, [...fixedConfigArgs(), ...filterDriverOverrides(root)], guarded);
}

/** Longest file read from git objects, as for files on disk (workspace/safeRead.ts). */
const MAX_BLOB_BYTES = 2 * 1024 * 1024;

/**
 * The contents of `paths` (relative to `root`) as they are in commit `ref`, read from git's objects with
 * `git cat-file --batch` (never checked out): null for a path the commit does not have (or that is not a
 * file there), undefined for one that is there but was not read (too large, binary, a name git cannot take).
 */
export function readFilesAtRef(root: string, ref: string, paths: readonly string[]): Map<string, string | null | undefined> {
  const out = new Map<string, string | null | undefined>();
  const asked = paths.filter((p) => !/[\n\r\0]/.test(p));
  for (const p of paths) if (!asked.includes(p)) out.set(p, undefined);
  if (!asked.length) return out;
  const raw = execGit(root, [...fixedConfigArgs(), ...filterDriverOverrides(root)], ['cat-file', '--batch'], asked.map((p) => `${ref}:./${p}\n`).join(''));
  let at = 0;
  for (const p of asked) {
    const eol = raw.indexOf(10, at);
    if (eol < 0) throw new GitFailure('git cat-file --batch stopped early', '');
    const header = raw.toString('utf8', at, eol);
    at = eol + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) {
      out.set(p, null); // `<name> missing` (or ambiguous): not in that commit
      continue;
    }
    const size = Number(m[2]);
    const body = raw.subarray(at, at + size);
    at += size + 1; // the contents and git's newline after them
    if (m[1] !== 'blob') out.set(p, null);
    else if (size > MAX_BLOB_BYTES || body.includes(0)) out.set(p, undefined);
    else out.set(p, body.toString('utf8'));
  }
  return out;
}

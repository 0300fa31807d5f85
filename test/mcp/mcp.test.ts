// `coherence mcp` as an agent's MCP client drives it: the SDK's own Client over stdio, spawning the built CLI,
// on fixtures copied to temporary folders that the test edits on disk between calls.
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { RULES } from '../../server/out/checks/registry';
import { FIXTURES } from '../support/fixtures';
import { copyToTemp, removeTemp } from '../support/tempProject';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const BASIC = path.join(FIXTURES, 'imports', 'basic');
const CLEAN = path.join(FIXTURES, 'syntax', 'modern-python');

interface Finding {
  file: string;
  line: number;
  column: number;
  code: string;
  severity: string;
  message: string;
  fixes: string[];
}
interface CheckOutput {
  status: string;
  summary: string;
  totals: { findings: number; errors: number; warnings: number; files: number; filesChecked: number };
  findings: Finding[];
  truncated: boolean;
  byRule?: Record<string, number>;
  byFile?: Record<string, number>;
  changedSince?: string;
}
interface ToolResult {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
}

async function connect(root: string, extraArgs: string[] = []): Promise<Client> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', root, ...extraArgs], stderr: 'pipe' });
  const client = new Client({ name: 'coherence-test', version: '0.0.0' });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

async function check(client: Client, args: Record<string, unknown> = {}): Promise<CheckOutput> {
  const r = await call(client, 'check', args);
  assert.ok(!r.isError, r.content[0]?.text);
  return r.structuredContent as unknown as CheckOutput;
}

describe('coherence mcp (SDK client over stdio)', function () {
  this.timeout(60000);
  let dir: string;
  let client: Client;

  beforeEach(async () => {
    dir = copyToTemp(BASIC);
    client = await connect(dir);
  });
  afterEach(async () => {
    await client.close();
    removeTemp(dir);
  });

  it('lists check, explain_rule and fix_preview with their input schemas', async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    for (const name of ['check', 'explain_rule', 'fix_preview']) assert.ok(byName.has(name), name);
    assert.deepStrictEqual(Object.keys(byName.get('check')!.inputSchema.properties ?? {}).sort(), ['changed_since', 'paths']);
    assert.deepStrictEqual(byName.get('fix_preview')!.inputSchema.required?.sort(), ['file', 'line']);
    assert.ok(byName.get('check')!.outputSchema, 'check declares its structured output');
  });

  it('checks with findings (1-based positions, fix titles, totals), then sees edits, new and deleted files on disk without a restart', async () => {
    const first = await check(client);
    assert.strictEqual(first.status, 'findings');
    assert.strictEqual(first.totals.errors, 6);
    assert.strictEqual(first.totals.files, 1);
    assert.deepStrictEqual(
      { ...first.findings[0] },
      {
        file: 'app/routes.py',
        line: 14,
        column: 10,
        endLine: 14,
        endColumn: 17,
        code: 'unresolved-module',
        severity: 'error',
        message: "Module 'app.servics' not found; did you mean 'app.services'?",
        detail: "'app' (app/__init__.py) has no module 'servics': importing this file raises ModuleNotFoundError.",
        related: [{ file: 'app/__init__.py', line: 1, message: "looked for 'servics' in this package" }],
        fixes: ["Change 'servics' to 'services'"],
      },
    );
    assert.match(first.findings[0].message, /app\.servics/);

    // Fix one import in place: the very next call reflects it.
    const routes = path.join(dir, 'app', 'routes.py');
    fs.writeFileSync(routes, fs.readFileSync(routes, 'utf8').replace('from app.servics import', 'from app.services import'));
    const afterFix = await check(client);
    assert.strictEqual(afterFix.totals.errors, 5);
    assert.ok(!afterFix.findings.some((f) => f.line === 14), 'the fixed line is no longer reported');

    // A change in a module breaks its unchanged importer (dependents are re-checked).
    const user = path.join(dir, 'app', 'services', 'user.py');
    fs.writeFileSync(user, fs.readFileSync(user, 'utf8').replace('def get_user(', 'def get_user_by_id('));
    const afterRename = await check(client);
    assert.ok(afterRename.findings.some((f) => f.file === 'app/services/__init__.py' && f.code === 'unknown-import-name'), JSON.stringify(afterRename.findings));

    // A new file is indexed; a same-size rewrite made in the same instant is seen too; a deleted file is gone.
    const extra = path.join(dir, 'app', 'extra.py');
    fs.writeFileSync(extra, 'from app.models import Usr \n');
    const withNew = await check(client, { paths: ['app/extra.py'] });
    assert.deepStrictEqual(
      withNew.findings.map((f) => [f.file, f.line, f.code]),
      [['app/extra.py', 1, 'unknown-import-name']],
    );
    fs.writeFileSync(extra, 'from app.models import User\n');
    assert.strictEqual((await check(client, { paths: ['app/extra.py'] })).status, 'no findings');
    fs.writeFileSync(extra, 'from app.models import Usr \n');
    assert.strictEqual((await check(client, { paths: ['app/extra.py'] })).totals.findings, 1);
    fs.unlinkSync(extra);
    const afterDelete = await check(client);
    assert.ok(!afterDelete.findings.some((f) => f.file === 'app/extra.py'));
    assert.strictEqual(afterDelete.totals.errors, afterRename.totals.errors);
  });

  it('sees new files in old folders, new folders, deletions and same-size edits when nothing is recent (no re-listing by default)', async () => {
    // Everything an hour old: the server lists the folder again only when a folder's stamp changes.
    await client.close();
    const hourAgo = new Date(Date.now() - 3600_000);
    const age = (p: string) => {
      if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) age(path.join(p, e));
      fs.utimesSync(p, hourAgo, hourAgo);
    };
    age(dir);
    client = await connect(dir);
    assert.strictEqual((await check(client)).totals.errors, 6);
    assert.strictEqual((await check(client)).totals.errors, 6, 'a second call with nothing changed');
    fs.writeFileSync(path.join(dir, 'app', 'services', 'extra.py'), 'from app.models import Usr\n');
    fs.mkdirSync(path.join(dir, 'jobs'));
    fs.writeFileSync(path.join(dir, 'jobs', 'nightly.py'), 'from app.servics import get_user\n');
    const grown = await check(client);
    assert.deepStrictEqual(
      grown.findings.filter((f) => f.file !== 'app/routes.py').map((f) => [f.file, f.code]),
      [
        ['app/services/extra.py', 'unknown-import-name'],
        ['jobs/nightly.py', 'unresolved-module'],
      ],
    );
    age(dir);
    await check(client); // stamps taken with nothing recent
    fs.unlinkSync(path.join(dir, 'jobs', 'nightly.py'));
    // Same size, old modification time put back: the change time still differs.
    const extra = path.join(dir, 'app', 'services', 'extra.py');
    fs.writeFileSync(extra, 'from app.models import Use\n');
    fs.utimesSync(extra, hourAgo, hourAgo);
    const shrunk = await check(client);
    assert.deepStrictEqual(
      shrunk.findings.filter((f) => f.file !== 'app/routes.py').map((f) => [f.file, f.code]),
      [['app/services/extra.py', 'unknown-import-name']],
    );
    assert.match(shrunk.findings.find((f) => f.file === 'app/services/extra.py')!.message, /'Use'/);
  });

  it("answers 'no findings' explicitly, for a clean project and for a clean part of a dirty one", async () => {
    const models = await check(client, { paths: ['app/models.py', 'app/services'] });
    assert.strictEqual(models.status, 'no findings');
    assert.strictEqual(models.totals.findings, 0);
    assert.deepStrictEqual(models.findings, []);
    const cleanDir = copyToTemp(CLEAN);
    const cleanClient = await connect(cleanDir);
    try {
      const r = await call(cleanClient, 'check', {});
      assert.ok(!r.isError);
      assert.strictEqual((r.structuredContent as unknown as CheckOutput).status, 'no findings');
      assert.match(r.content[0].text, /^No findings: \d+ file\(s\) checked, 0 errors, 0 warnings\.$/);
    } finally {
      await cleanClient.close();
      removeTemp(cleanDir);
    }
  });

  it('explains a rule from its documentation, with the severity set for the project', async () => {
    const r = await call(client, 'explain_rule', { rule: 'unknown-import-name' });
    assert.ok(!r.isError);
    const doc = RULES.get('unknown-import-name')!;
    assert.deepStrictEqual(r.structuredContent, { id: doc.id, summary: doc.summary, defaultSeverity: doc.defaultSeverity, severity: doc.defaultSeverity, ...doc.doc });
    const lowered = await connect(dir, ['--rule', 'unknown-import-name=warning']);
    try {
      assert.strictEqual((await call(lowered, 'explain_rule', { rule: 'unknown-import-name' })).structuredContent?.severity, 'warning');
    } finally {
      await lowered.close();
    }
    const typo = await call(client, 'explain_rule', { rule: 'unknown-imprt-name' });
    assert.strictEqual(typo.isError, true);
    assert.match(typo.content[0].text, /did you mean 'unknown-import-name'/);
  });

  it('previews the edits of a fix without writing them', async () => {
    const routes = path.join(dir, 'app', 'routes.py');
    const before = fs.readFileSync(routes, 'utf8');
    const r = await call(client, 'fix_preview', { file: 'app/routes.py', line: 14 });
    assert.ok(!r.isError, r.content[0]?.text);
    const out = r.structuredContent as { finding: { code: string }; fixes: { title: string; edits: { file: string; line: number; column: number; newText: string }[]; preview: string }[]; applied: boolean };
    assert.strictEqual(out.finding.code, 'unresolved-module');
    assert.strictEqual(out.applied, false);
    assert.strictEqual(out.fixes[0].title, "Change 'servics' to 'services'");
    assert.deepStrictEqual(
      out.fixes[0].edits.map((e) => [e.file, e.line, e.column, e.newText]),
      [['app/routes.py', 14, 10, 'services']],
    );
    assert.strictEqual(out.fixes[0].preview, '@@ app/routes.py:14 @@\n- from app.servics import get_user as broken  # expect: unresolved-module\n+ from app.services import get_user as broken  # expect: unresolved-module');
    assert.strictEqual(fs.readFileSync(routes, 'utf8'), before, 'nothing is written');
    const nothingThere = await call(client, 'fix_preview', { file: 'app/routes.py', line: 3 });
    assert.strictEqual(nothingThere.isError, true);
    assert.match(nothingThere.content[0].text, /No finding at app\/routes\.py:3; its findings are on line\(s\) 14, 15, 16, 17, 18, 19/);
  });

  it("passes changed_since to the CLI's --changed-since selection (a temporary git repository)", async () => {
    const git = (...args: string[]) => {
      const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
    };
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'base');
    fs.writeFileSync(path.join(dir, 'app', 'late.py'), 'from app.models import Usr\n');
    const since = await check(client, { changed_since: 'HEAD' });
    assert.strictEqual(since.changedSince, 'HEAD');
    assert.deepStrictEqual(
      since.findings.map((f) => [f.file, f.code]),
      [['app/late.py', 'unknown-import-name']],
    );
    assert.strictEqual((await check(client)).totals.errors, 7, 'without it, the whole project');
  });

  it('turns bad arguments into tool errors and keeps serving', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['check', { paths: 'app' }, /paths/],
      ['check', { paths: ['../outside'] }, /outside the project root/],
      ['check', { paths: ['no/such/dir'] }, /does not exist/],
      ['check', { changed_since: '--output=/tmp/x' }, /takes a git ref/],
      ['fix_preview', { file: 'app/routes.py', line: -1 }, /line/],
      ['fix_preview', { file: 'app/routes.py', line: 14, fix_index: 5 }, /fix_index 5 is out of range/],
      ['explain_rule', {}, /rule/],
    ];
    for (const [name, args, message] of cases) {
      const r = await call(client, name, args);
      assert.strictEqual(r.isError, true, `${name} ${JSON.stringify(args)}`);
      assert.match(r.content[0].text, message);
    }
    assert.strictEqual((await check(client)).totals.errors, 6);
  });

  it('caps the list and counts every finding per rule and per file past the cap', async () => {
    const many = Array.from({ length: 60 }, (_, i) => `from app.models import Missing${i}`).join('\n') + '\n';
    fs.writeFileSync(path.join(dir, 'app', 'many.py'), many);
    const r = await check(client);
    assert.strictEqual(r.totals.findings, 66);
    assert.strictEqual(r.findings.length, 50);
    assert.strictEqual(r.truncated, true);
    assert.deepStrictEqual(r.byRule, { 'unknown-import-name': 63, 'unresolved-module': 3 });
    assert.deepStrictEqual(r.byFile, { 'app/many.py': 60, 'app/routes.py': 6 });
  });
});

describe('coherence mcp process', function () {
  this.timeout(30000);

  it('exits 0 when its client closes stdin (hang guard: 20 s)', async () => {
    const dir = copyToTemp(BASIC);
    try {
      const child = spawn(process.execPath, [CLI, 'mcp', dir], { stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdin.end();
      const code = await new Promise<number | null>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill();
          reject(new Error('coherence mcp did not exit after stdin closed'));
        }, 20000);
        child.once('exit', (c) => {
          clearTimeout(timer);
          resolve(c);
        });
      });
      assert.strictEqual(code, 0);
    } finally {
      removeTemp(dir);
    }
  });
});

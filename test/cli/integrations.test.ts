// The agent hook recipes, the GitHub Action's entry script and the pre-commit hook, run as their tools run
// them: each script is fed the JSON its agent sends (or the environment the Action gets) on a temporary copy
// of a fixture, and its exit code and output are checked.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { FIXTURES } from '../support/fixtures';
import { copyToTemp, removeTemp } from '../support/tempProject';

const REPO = path.join(__dirname, '..', '..');
const HOOKS = path.join(REPO, 'integrations', 'hooks');
const ACTION_ENTRY = path.join(REPO, 'integrations', 'github-action', 'run.js');
const BASIC = path.join(FIXTURES, 'imports', 'basic');
const CLEAN = path.join(FIXTURES, 'syntax', 'modern-python');

describe('agent hook recipes', function () {
  this.timeout(60000);
  let dirs: string[] = [];
  let stateDir: string;
  const temp = (fixture: string) => {
    const d = copyToTemp(fixture);
    dirs.push(d);
    return d;
  };
  beforeEach(() => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-hook-state-'));
    dirs = [stateDir];
  });
  afterEach(() => dirs.forEach(removeTemp));

  function hook(script: string, input: unknown, env: Record<string, string> = {}) {
    const r = spawnSync(process.execPath, [path.join(HOOKS, script)], {
      input: JSON.stringify(input),
      encoding: 'utf8',
      env: { ...process.env, COHERENCE_HOOK_STATE_DIR: stateDir, CLAUDE_PROJECT_DIR: '', ...env },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  const claudeEdit = (root: string, rel: string, tool = 'Edit') => ({
    session_id: 's1',
    transcript_path: '/tmp/t.jsonl',
    cwd: root,
    hook_event_name: 'PostToolUse',
    tool_name: tool,
    tool_input: { file_path: path.join(root, rel), old_string: 'a', new_string: 'b' },
    tool_response: { filePath: path.join(root, rel), success: true },
  });

  describe('Claude Code (claude-code.js)', () => {
    it('PostToolUse: exit 2 with the edited file\'s findings on stderr; exit 0 and silent when clean or not a checked file', () => {
      const dirty = temp(BASIC);
      const r = hook('claude-code.js', claudeEdit(dirty, 'app/routes.py'));
      assert.strictEqual(r.code, 2, r.stderr);
      assert.match(r.stderr, /^Coherence: the edit of app\/routes\.py leaves 6 finding\(s\):\napp\/routes\.py:14:10: error Module 'app\.servics' not found/);
      assert.match(r.stderr, /\[unresolved-module\]\n    'app' \(app\/__init__\.py\) has no module 'servics': importing this file raises ModuleNotFoundError\.\n/);
      assert.strictEqual(r.stdout, '');
      const readme = hook('claude-code.js', claudeEdit(dirty, 'README.md', 'Write'));
      assert.deepStrictEqual([readme.code, readme.stdout, readme.stderr], [0, '', '']);
      const clean = temp(CLEAN);
      const ok = hook('claude-code.js', claudeEdit(clean, 'modern.py', 'MultiEdit'));
      assert.deepStrictEqual([ok.code, ok.stdout, ok.stderr], [0, '', '']);
    });

    it('PostToolUse: reports what the edit broke in unchanged files, not what was broken before', () => {
      const dir = temp(BASIC);
      // routes.py is broken already: an edit of models.py that breaks nothing passes.
      assert.strictEqual(hook('claude-code.js', claudeEdit(dir, 'app/models.py')).code, 0);
      const models = path.join(dir, 'app', 'models.py');
      fs.writeFileSync(models, fs.readFileSync(models, 'utf8').replace('class User:', 'class Person:'));
      const r = hook('claude-code.js', claudeEdit(dir, 'app/models.py'));
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, /^app\/services\/user\.py:1:\d+: error .*'User'/m);
      assert.doesNotMatch(r.stderr, /app\.servics/, 'findings that were there before the edit are not reported');
    });

    it('Stop: exit 2 with the project\'s findings, 0 when clean, and 0 when already continuing for a stop hook', () => {
      const dirty = temp(BASIC);
      const stop = (root: string, active: boolean) => ({ session_id: 's1', transcript_path: '/tmp/t.jsonl', cwd: root, hook_event_name: 'Stop', stop_hook_active: active });
      const r = hook('claude-code.js', stop(dirty, false));
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, /^Coherence: 6 finding\(s\) in the project/);
      assert.deepStrictEqual(hook('claude-code.js', stop(dirty, true)).code, 0);
      const clean = hook('claude-code.js', stop(temp(CLEAN), false));
      assert.deepStrictEqual([clean.code, clean.stderr], [0, '']);
    });

    it('takes the project from CLAUDE_PROJECT_DIR, and exits 1 (not blocking) when the check cannot run', () => {
      const dirty = temp(BASIC);
      const r = hook('claude-code.js', { ...claudeEdit(dirty, 'app/routes.py'), cwd: '/' }, { CLAUDE_PROJECT_DIR: dirty });
      assert.strictEqual(r.code, 2);
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-empty-'));
      dirs.push(empty);
      const none = hook('claude-code.js', claudeEdit(empty, 'x.py'));
      assert.strictEqual(none.code, 1);
      assert.match(none.stderr, /^coherence hook: /);
    });
  });

  describe('Cursor (cursor.js)', () => {
    const afterFileEdit = (root: string, rel: string) => ({
      conversation_id: 'c1',
      generation_id: 'g1',
      hook_event_name: 'afterFileEdit',
      workspace_roots: [root],
      file_path: path.join(root, rel),
      edits: [{ old_string: 'x', new_string: 'y' }],
    });

    it('afterFileEdit: findings on stderr and as additional_context; {} when clean; always exit 0', () => {
      const dirty = temp(BASIC);
      const r = hook('cursor.js', afterFileEdit(dirty, 'app/routes.py'));
      assert.strictEqual(r.code, 0);
      assert.match(JSON.parse(r.stdout).additional_context, /app\/routes\.py:14:10: error/);
      assert.match(r.stderr, /leaves 6 finding\(s\)/);
      const clean = hook('cursor.js', afterFileEdit(temp(CLEAN), 'modern.py'));
      assert.deepStrictEqual([clean.code, JSON.parse(clean.stdout), clean.stderr], [0, {}, '']);
    });

    it('stop: the findings as a followup_message once; nothing after a follow-up or when aborted', () => {
      const dirty = temp(BASIC);
      const stop = (loop: number, status = 'completed') => ({ conversation_id: 'c1', generation_id: 'g1', hook_event_name: 'stop', workspace_roots: [dirty], status, loop_count: loop });
      const r = hook('cursor.js', stop(0));
      assert.strictEqual(r.code, 0);
      assert.match(JSON.parse(r.stdout).followup_message, /6 finding\(s\) in the project/);
      assert.deepStrictEqual(JSON.parse(hook('cursor.js', stop(1)).stdout), {});
      assert.deepStrictEqual(JSON.parse(hook('cursor.js', stop(0, 'aborted')).stdout), {});
    });
  });

  describe('GitHub Copilot (copilot.js)', () => {
    const postToolUse = (root: string, toolName: string, args: Record<string, unknown>) => ({
      timestamp: 1704614700000,
      cwd: root,
      toolName,
      toolArgs: JSON.stringify(args),
      toolResult: { resultType: 'success', textResultForLlm: 'File edited' },
    });

    it('postToolUse after edit/create: findings on stderr, exit 0; silent for other tools and clean edits', () => {
      const dirty = temp(BASIC);
      const r = hook('copilot.js', postToolUse(dirty, 'edit', { path: path.join(dirty, 'app', 'routes.py'), old_str: 'a', new_str: 'b' }));
      assert.strictEqual(r.code, 0);
      assert.match(r.stderr, /^Coherence: the edit of app\/routes\.py leaves 6 finding\(s\):/);
      const bash = hook('copilot.js', postToolUse(dirty, 'bash', { command: 'ls' }));
      assert.deepStrictEqual([bash.code, bash.stderr], [0, '']);
      const clean = temp(CLEAN);
      const created = hook('copilot.js', postToolUse(clean, 'create', { path: 'modern.py', file_text: '' }));
      assert.deepStrictEqual([created.code, created.stdout, created.stderr], [0, '', '']);
    });
  });
});

describe('GitHub Action entry script (integrations/github-action/run.js)', function () {
  this.timeout(60000);

  function runAction(project: string, inputs: Record<string, string> = {}) {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-action-'));
    fs.cpSync(project, path.join(workspace, 'backend'), { recursive: true });
    const runnerTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-runner-'));
    const output = path.join(runnerTemp, 'output');
    const summary = path.join(runnerTemp, 'summary');
    const r = spawnSync(process.execPath, [ACTION_ENTRY], {
      encoding: 'utf8',
      env: { ...process.env, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, INPUT_PATH: 'backend', ...inputs },
    });
    const result = { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs: fs.readFileSync(output, 'utf8'), summary: fs.readFileSync(summary, 'utf8'), sarif: JSON.parse(fs.readFileSync(path.join(runnerTemp, 'coherence.sarif'), 'utf8')) };
    removeTemp(workspace);
    removeTemp(runnerTemp);
    return result;
  }

  it('annotates with workspace-relative paths, writes SARIF, outputs and a job summary, exits 1 on errors', () => {
    const r = runAction(BASIC);
    assert.strictEqual(r.code, 1, r.stderr);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    assert.strictEqual(annotations.length, 6);
    assert.match(annotations[0], /^::error file=backend\/app\/routes\.py,line=14,endLine=14,col=10,endColumn=17,title=Coherence unresolved-module::Module 'app\.servics' not found/);
    assert.match(r.stdout, /^Coherence: 6 error\(s\), 0 warning\(s\), 0 note\(s\) in 1 file\(s\)$/m);
    assert.match(r.outputs, /^findings=6$/m);
    assert.match(r.outputs, /^errors=6$/m);
    assert.match(r.outputs, /^sarif=.*coherence\.sarif$/m);
    assert.strictEqual(r.sarif.version, '2.1.0');
    assert.strictEqual(r.sarif.runs[0].results.length, 6);
    assert.strictEqual(r.sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'backend/app/routes.py');
    assert.match(r.summary, /^### Coherence\n6 error\(s\)/);
  });

  it('exits 0 with no annotations on a clean project, and annotates nothing when annotate is false', () => {
    const clean = runAction(CLEAN);
    assert.strictEqual(clean.code, 0, clean.stderr);
    assert.ok(!clean.stdout.includes('::'));
    assert.match(clean.summary, /No findings\./);
    assert.strictEqual(clean.sarif.runs[0].results.length, 0);
    const quiet = runAction(BASIC, { INPUT_ANNOTATE: 'false' });
    assert.strictEqual(quiet.code, 1);
    assert.ok(!quiet.stdout.includes('::'));
  });

  it('action.yml runs this entry script and uploads its SARIF with codeql-action/upload-sarif', () => {
    const action = parseYaml(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as { runs: { using: string; steps: { uses?: string; run?: string; with?: Record<string, string> }[] } };
    assert.strictEqual(action.runs.using, 'composite');
    assert.ok(action.runs.steps.some((s) => s.run?.includes('integrations/github-action/run.js')));
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.strictEqual(upload?.with?.sarif_file, '${{ steps.check.outputs.sarif }}');
  });
});

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  it('runs the package\'s own bin over the whole project when a checked file is staged', () => {
    const hooks = parseYaml(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; pass_filenames: boolean; files: string }[];
    const hook = hooks.find((h) => h.id === 'coherence')!;
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.strictEqual(hook.language, 'node');
    assert.ok(pkg.bin[hook.entry.split(' ')[0]], `'${hook.entry}' runs a bin of package.json`);
    assert.strictEqual(hook.entry.split(' ')[1], 'check');
    assert.strictEqual(hook.pass_filenames, false);
    const files = new RegExp(hook.files);
    for (const f of ['app/models.py', 'stubs/x.pyi', 'requirements.txt', 'requirements/dev.in', 'pyproject.toml', 'Dockerfile', 'docker-compose.yml', 'Procfile']) assert.ok(files.test(f), f);
    for (const f of ['README.md', 'app/static/site.css', 'notes.txt']) assert.ok(!files.test(f), f);
  });
});

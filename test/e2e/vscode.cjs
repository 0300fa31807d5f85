// End-to-end test in a real VS Code: code-server's workbench (VS Code 1.139) with the packaged .vsix
// installed, driven by playwright-core through Debian's Chromium, asserting what a user sees.
// Started by test/e2e/run.sh, which installs everything, builds the .vsix and starts code-server.
// Usage: node vscode.cjs <base-url> <workspace> <artifacts-dir>
// Environment: PLAYWRIGHT_CORE (path of the playwright-core package), CHROMIUM (default /usr/bin/chromium).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');
const { expectedDiagnostics } = require('./workspace.cjs');

const [base, workspace, artifacts] = process.argv.slice(2);
if (!base || !workspace || !artifacts) {
  console.error('usage: node vscode.cjs <base-url> <workspace> <artifacts-dir>');
  process.exit(2);
}
fs.mkdirSync(artifacts, { recursive: true });

// Generous: the machine has 2 shared cores and the first start of the workbench compiles a lot of JS.
const LONG = 180_000;
const MEDIUM = 60_000;
const SHORT = 15_000;

const t0 = Date.now();
const lap = (what) => console.log(`  [${((Date.now() - t0) / 1000).toFixed(1)}s] ${what}`);
const results = [];
function check(ok, what) {
  results.push({ ok, what });
  console.log(`${ok ? 'ok' : 'not ok'} - ${what}`);
  if (!ok) throw new Error(`check failed: ${what}`);
}

/** Retries an interaction that can be dropped under load (a key press before the widget is ready). */
async function retry(what, fn, undo, tries = 4) {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= tries) throw e;
      lap(`${what}: attempt ${i} failed (${e.message.split('\n')[0]}), retrying`);
      await undo();
    }
  }
}

/** Waits until `fn` returns a truthy value (polling; the value is an assertion only once it holds). */
async function until(what, fn, timeout = MEDIUM, every = 200) {
  const start = Date.now();
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e.message;
    }
    if (Date.now() - start > timeout) throw new Error(`timed out after ${timeout / 1000}s waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, every));
  }
}

const norm = (s) => (s ?? '').replace(/\u00a0/g, ' ');

(async () => {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || (await context.newPage());
  page.on('pageerror', (e) => console.log('  pageerror:', e.message.split('\n')[0]));
  const shot = async (name) => {
    await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
    lap(`screenshot ${name}.png`);
  };

  // Everything the status bar shows, as it changes, from the first paint: the indexing progress is brief.
  await page.addInitScript(() => {
    const w = window;
    w.__statusHistory = [];
    new MutationObserver(() => {
      const el = document.getElementById('status.progress');
      const text = el ? (el.getAttribute('aria-label') || el.textContent || '').trim() : '';
      const h = w.__statusHistory;
      if (text && (h.length === 0 || h[h.length - 1] !== text)) h.push(text);
      // The extension's own status item (its text without the icons).
      const item = [...document.querySelectorAll('.statusbar-item')].map((e) => (e.textContent || '').trim()).find((t) => /^Coherence: (?!indexing: )/.test(t));
      const c = (w.__coherenceItem = w.__coherenceItem || []);
      if (item && (c.length === 0 || c[c.length - 1] !== item)) c.push(item);
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });

  const editorLines = () => page.locator('.part.editor .monaco-editor .view-lines').first();
  const editorText = async () => norm(await editorLines().textContent());
  const problemsCounts = async () => {
    const label = norm(await page.locator('#status\\.problems').getAttribute('aria-label'));
    const n = (re) => Number((re.exec(label) || [0, 0])[1]);
    return { errors: n(/Errors: (\d+)/), warnings: n(/Warnings: (\d+)/), label };
  };
  /** The Problems panel as a list of {file, line, column, rule, message, related} (file as "folder/name"; related: the rows of its relatedInformation). */
  const problemsPanel = async () =>
    page.$$eval('.markers-panel .monaco-list-row', (rows) => {
      const out = [];
      let file = null;
      for (const row of rows) {
        const label = row.getAttribute('aria-label') || '';
        const fileRow = /problems? in file (.+) of folder (.+)$/.exec(label);
        if (fileRow) {
          file = `${fileRow[2]}/${fileRow[1]}`;
          continue;
        }
        const text = (row.textContent || '').replace(/\u00a0/g, ' ');
        // A row of the relatedInformation under a problem ("utils.py[Ln 1, Col 5]: 'slugify' is here").
        // (Its parts are the file, the position, a ":" separator padded by CSS, and the message: no space in the text.)
        const related = /^\s*[^\s[]+\[Ln \d+, Col \d+\]:\s*(.*)$/.exec(text);
        if (related && !/^(Error|Warning|Info|Hint): /.test(label)) {
          if (out.length) out[out.length - 1].related.push(related[1]);
          continue;
        }
        const m = /coherence\(?([a-z0-9-]+)\)?\s*\[Ln (\d+), Col (\d+)\]$/.exec(text);
        const msg = /^(?:Error|Warning|Info|Hint): (.*) at line \d+ and character \d+\./.exec(label);
        out.push({ file, line: m ? Number(m[2]) : null, column: m ? Number(m[3]) : null, rule: m ? m[1] : null, message: msg ? msg[1] : label, related: [] });
      }
      return out;
    });
  const openFile = async (name) => {
    await retry(`Quick Open ${name}`, async () => {
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: SHORT });
      await page.keyboard.type(name);
      await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`, { timeout: MEDIUM });
      await page.keyboard.press('Enter');
      await page.locator('.part.editor .tab.active', { hasText: name }).waitFor({ timeout: SHORT });
    }, () => page.keyboard.press('Escape'));
    await editorLines().waitFor({ timeout: MEDIUM });
    lap(`opened ${name}`);
  };
  const goTo = async (where) => {
    await retry(`Go to ${where}`, async () => {
      await page.keyboard.press('Control+G');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: SHORT });
      await page.keyboard.type(where);
      await page.keyboard.press('Enter');
      await page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: SHORT });
      await until(`cursor at ${where}`, async () => norm(await page.locator('#status\\.editor\\.selection').textContent()).includes(`Ln ${where.split(':')[0]},`), SHORT);
    }, () => page.keyboard.press('Escape'));
  };
  /** Runs a command from the Command Palette, picking the row whose label starts with `name`. */
  const runCommand = async (name) => {
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: SHORT });
    await page.keyboard.type(name);
    await page.locator(`.quick-input-list .monaco-list-row[aria-label^="${name}"]`).first().click({ timeout: SHORT });
  };
  const save = async (file, predicate, what) => {
    await page.keyboard.press('Control+S');
    await until(`${file} saved (${what})`, () => predicate(fs.readFileSync(path.join(workspace, file), 'utf8')), MEDIUM);
  };

  let failed = null;
  try {
    const expected = expectedDiagnostics();
    const expectedKey = expected.map((d) => `${d.file}:${d.line}:${d.rule}`).sort();

    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: LONG });
    lap('workbench loaded');

    // 1. While the workspace is indexed, the status bar shows the server's progress.
    const progress = page.locator('#status\\.progress', { hasText: 'Coherence' });
    const sawProgress = await progress.waitFor({ timeout: LONG }).then(() => true, () => false);
    if (sawProgress) await shot('01-indexing-progress').catch(() => {});
    // The problems land when indexing ends; the status bar history (recorded from the first paint) tells
    // what the progress said, even if it was over before the screenshot.
    await until(`Errors: ${expected.length} in the status bar`, async () => (await problemsCounts()).errors === expected.length, LONG);
    await until('progress gone', async () => !(await progress.count()), LONG);
    const history = await page.evaluate(() => window.__statusHistory);
    lap(`status bar progress seen: ${JSON.stringify(history.filter((h) => /Coherence/.test(h)).slice(0, 6))}…`);
    check(history.some((h) => /^Coherence: indexing/.test(h)), 'the status bar shows "Coherence: indexing" while the workspace is indexed');
    check(history.some((h) => /Coherence: indexing: summarize \d+\/\d+/.test(h)), 'the progress counts files ("summarize n/total")');
    const counts = await problemsCounts();
    check(counts.errors === expected.length && counts.warnings === 0, `status bar counts ${expected.length} errors, 0 warnings (${counts.label})`);

    // 1b. The extension's status item stays: indexing, then the counts; its tooltip names the version.
    const statusItem = page.locator('.statusbar-item', { hasText: /Coherence: \d+ errors?/ }).first();
    await until(`status item "Coherence: ${expected.length} errors"`, async () => norm(await statusItem.textContent()).trim() === `Coherence: ${expected.length} errors`, MEDIUM);
    const itemHistory = await page.evaluate(() => window.__coherenceItem);
    lap(`status item texts: ${JSON.stringify(itemHistory.slice(0, 8))}`);
    check(itemHistory.some((h) => /^Coherence: indexing summarize \d+\/\d+/.test(h)), 'the status item showed the indexing progress ("Coherence: indexing summarize n/total")');
    check(true, `the status item stays with the counts: "Coherence: ${expected.length} errors"`);
    const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
    await retry('status item tooltip', async () => {
      await statusItem.hover();
      await page.locator('.monaco-hover, .workbench-hover', { hasText: `Coherence ${version}` }).first().waitFor({ timeout: SHORT });
    }, () => page.mouse.move(640, 300));
    check(true, `its tooltip names the version (Coherence ${version})`);
    await shot('01b-status-item');
    await page.mouse.move(640, 300);

    // 2. The Problems panel (opened by a click on the status item) lists every expected diagnostic, files never opened included.
    await retry('Problems panel', async () => {
      await statusItem.click({ timeout: SHORT });
      await page.locator('.markers-panel .monaco-list-row').first().waitFor({ timeout: SHORT });
    }, () => page.keyboard.press('Escape'));
    check(true, 'a click on the status item opens the Problems panel');
    // Each problem's related information adds rows below it: the panel, maximized, shows them all (its list is virtual).
    await retry('maximize the panel', () => runCommand('View: Toggle Maximized Panel'), () => page.keyboard.press('Escape'));
    const panel = await until('all problems in the panel', async () => {
      const rows = await problemsPanel();
      return rows.length === expected.length ? rows : null;
    }, MEDIUM);
    for (const p of panel) lap(`problem ${p.file}:${p.line}:${p.column} [${p.rule}] ${p.message}`);
    const panelKey = panel.map((d) => `${d.file}:${d.line}:${d.rule}`).sort();
    check(JSON.stringify(panelKey) === JSON.stringify(expectedKey), `Problems panel lists exactly the ${expected.length} marked problems (${panelKey.join(', ')})`);
    const families = new Set(panel.map((p) => p.rule));
    check(families.size >= 3, `problems from ${families.size} rule families: ${[...families].join(', ')}`);
    check(panel.filter((p) => p.file === 'helpdesk/api/routes.py').length === 3, 'routes.py, never opened, has its 3 problems in the panel');
    check(panel.some((p) => p.message.startsWith("Cannot import 'slugfy'") && p.message.includes("did you mean 'slugify'?")), 'messages name the thing and the nearest candidate');
    // Issue #19: short messages (≤ 80 characters besides the quoted names), the detail in relatedInformation and the hover.
    const unquoted = (m) => m.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, '').length;
    const long = panel.filter((p) => unquoted(p.message) > 80);
    check(long.length === 0, `every message is short (${long.map((p) => p.message).join(' | ') || 'none over 80 characters besides quoted names'})`);
    const slugfy = panel.find((p) => p.message.startsWith("Cannot import 'slugfy'"));
    for (const r of slugfy ? slugfy.related : []) lap(`related: ${r}`);
    check(!!slugfy && slugfy.related.some((r) => r.startsWith("'slugify' is here")), `the Problems panel shows its related information (${slugfy ? slugfy.related.join(' | ') : 'no row'})`);
    // The command palette that maximized the panel fades out: the picture shows the panel alone.
    await page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: SHORT }).catch(() => {});
    await page.waitForTimeout(300);
    await shot('02-problems-panel');
    await retry('restore the panel', () => runCommand('View: Toggle Maximized Panel'), () => page.keyboard.press('Escape'));

    // 3. A diagnostic as the user meets it in the editor: squiggle and hover.
    await openFile('ticket_service.py');
    await page.locator('.part.editor .monaco-editor .squiggly-error').first().waitFor({ timeout: MEDIUM });
    await goTo('14:18');
    const hover = page.locator('.monaco-hover', { hasText: "Name 'Ticket' is not defined" });
    await retry('hover', async () => {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await hover.first().waitFor({ timeout: SHORT });
    }, () => page.keyboard.press('Escape'));
    check(norm(await hover.first().textContent()).includes('undefined-name'), 'hover on the squiggle shows the message and its rule id');
    await until('hover shows the detail', async () => norm(await hover.first().textContent()).includes('raises NameError'), MEDIUM);
    check(true, 'the hover shows the detail below the short message (why it breaks)');
    const ruleLink = await hover.first().locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') || a.getAttribute('data-href') || a.title || ''));
    check(ruleLink.some((h) => h.endsWith('/docs/rules/undefined-name.md')), `the rule id links to its page (${ruleLink.join(', ')})`);
    // The hover asks the server for code actions and then links them ("Quick Fix..." instead of "Checking…").
    await until('hover offers a quick fix', async () => norm(await hover.first().textContent()).includes('Quick Fix'), MEDIUM);
    check(true, 'the hover offers "Quick Fix..."');
    await shot('03-diagnostic-hover');
    await page.keyboard.press('Escape');

    // 4. Quick fix from the lightbulb menu (Ctrl+.): the diagnostic goes away and the file changes on disk.
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: "Import 'Ticket' from 'helpdesk.models'" });
    await retry('Quick Fix menu', async () => {
      await goTo('14:18');
      await page.keyboard.press('Control+.');
      await fix.first().waitFor({ timeout: SHORT });
    }, () => page.keyboard.press('Escape'));
    check(true, "Ctrl+. offers \"Import 'Ticket' from 'helpdesk.models'\"");
    await shot('04-quick-fix-menu');
    await fix.first().click();
    await until('import inserted in the editor', async () => (await editorText()).includes('from helpdesk.models import Ticket'), MEDIUM);
    await until(`Errors: ${expected.length - 1}`, async () => (await problemsCounts()).errors === expected.length - 1, MEDIUM);
    await until('undefined-name gone from the panel', async () => !(await problemsPanel()).some((p) => p.rule === 'undefined-name' && p.file.endsWith('ticket_service.py')), MEDIUM);
    check(true, `after the fix: the undefined-name problem is gone, ${expected.length - 1} errors remain`);
    await save('helpdesk/services/ticket_service.py', (t) => t.includes('from helpdesk.models import Ticket\n'), 'import on disk');
    check(true, 'Ctrl+S wrote the fix to disk');
    await shot('05-after-quick-fix');

    // 4b. "Ignore this line for <rule>" on the remaining problem adds the comment; undone afterwards.
    const ignore = page.locator('.action-widget .monaco-list-row', { hasText: 'Ignore this line for unknown-attribute' });
    await retry('Ignore menu', async () => {
      await goTo('24:23');
      await page.keyboard.press('Control+.');
      await ignore.first().waitFor({ timeout: SHORT });
    }, () => page.keyboard.press('Escape'));
    check(true, 'Ctrl+. offers "Ignore this line for unknown-attribute"');
    await shot('05b-ignore-line');
    await ignore.first().click();
    await until('ignore comment in the editor', async () => (await editorText()).includes('# coherence: ignore[unknown-attribute]'), MEDIUM);
    await until(`Errors: ${expected.length - 2}`, async () => (await problemsCounts()).errors === expected.length - 2, MEDIUM);
    check(true, 'the ignore comment silences the line');
    await page.keyboard.press('Control+Z');
    await until('comment undone', async () => !(await editorText()).includes('# coherence: ignore'), SHORT);
    await until(`Errors: ${expected.length - 1} again`, async () => (await problemsCounts()).errors === expected.length - 1, MEDIUM);

    // 4c. Fix All (source.fixAll) on a file missing two imports: both added in one edit, in isort position.
    await openFile('digest.py');
    await page.locator('.part.editor .monaco-editor .squiggly-error').first().waitFor({ timeout: MEDIUM });
    await retry('Fix All', async () => {
      await runCommand('Fix All');
      await until('fix-all applied', async () => (await editorText()).includes('from helpdesk.utils import slugify'), SHORT);
    }, () => page.keyboard.press('Escape'));
    await save('helpdesk/api/digest.py', (t) => t.includes('from helpdesk.utils import slugify'), 'fix-all on disk');
    const digestText = fs.readFileSync(path.join(workspace, 'helpdesk', 'api', 'digest.py'), 'utf8');
    check(digestText.startsWith('import logging\n\nfrom helpdesk.models import Ticket\nfrom helpdesk.repositories.ticket_repository import TicketRepository\nfrom helpdesk.utils import slugify\n'),
      `Fix All added both imports in sorted position:\n${digestText.split('\n').slice(0, 5).join('\n')}`);
    await until(`Errors: ${expected.length - 3}`, async () => (await problemsCounts()).errors === expected.length - 3, MEDIUM);
    check(true, 'digest.py has no problems left');
    await shot('05c-after-fix-all');

    // 5. Remove a field from a model: a *different* file (never opened) lights up, and recovers on undo.
    await openFile('models.py');
    await goTo('16');
    check((await editorText()).includes('priority: int'), 'models.py shows the field Ticket.priority');
    await page.keyboard.press('Control+Shift+K');
    await until('field removed in the editor', async () => !(await editorText()).includes('priority: int'), SHORT);
    const lit = await until('notifications.py lights up', async () =>
      (await problemsPanel()).find((p) => p.file === 'helpdesk/services/notifications.py' && p.rule === 'unknown-attribute' && p.message.includes("has no attribute 'priority'")), MEDIUM);
    check(!!lit, `editing models.py (unsaved) reports notifications.py:${lit.line}: ${lit.message}`);
    await save('helpdesk/models.py', (t) => !t.includes('priority: int'), 'field removed on disk');
    await shot('06-model-edit-lights-up-other-file');
    await page.keyboard.press('Control+Z');
    await until('field back in the editor', async () => (await editorText()).includes('priority: int'), SHORT);
    await until('notifications.py clean again', async () => !(await problemsPanel()).some((p) => p.file === 'helpdesk/services/notifications.py'), MEDIUM);
    await save('helpdesk/models.py', (t) => t.includes('priority: int'), 'field restored on disk');
    check(true, 'undoing the edit clears notifications.py again');

    // 6. The CLI as a task with the extension's problem matcher: its problems join the server's in the panel.
    const before = (await problemsCounts()).errors;
    const saveRows = async () => (await problemsPanel()).filter((p) => p.message.startsWith("'TicketRepository' has no attribute 'save'")).length;
    await retry('run task', async () => {
      await runCommand('Tasks: Run Task');
      await page.locator('.quick-input-list .monaco-list-row[aria-label^="coherence check"]').first().click({ timeout: MEDIUM });
      await page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: SHORT });
    }, () => page.keyboard.press('Escape'));
    await until('task problems counted', async () => (await problemsCounts()).errors === 2 * before, LONG);
    // The task's terminal took the panel: back to the Problems tab.
    await page.getByRole('tab', { name: /^Problems/ }).first().click({ timeout: SHORT });
    // Twice the problems, each with its related rows: the list is virtual, so the maximized panel shows them all.
    await retry('maximize the panel', () => runCommand('View: Toggle Maximized Panel'), () => page.keyboard.press('Escape'));
    await until('each problem listed twice', async () => (await saveRows()) === 2, MEDIUM);
    check(true, `the "$coherence" problem matcher reads the CLI task's output: ${before} more errors, each problem listed by the server (coherence) and by the task (coherence-cli), as the README says`);
    await shot('07-cli-task-problem-matcher');
    await retry('restore the panel', () => runCommand('View: Toggle Maximized Panel'), () => page.keyboard.press('Escape'));

    // 7. The walkthrough contributed by the extension opens and lists its steps.
    await retry('walkthrough', async () => {
      await runCommand('Welcome: Open Walkthrough');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with Coherence' }).first().click({ timeout: SHORT });
      await page.locator('.gettingStartedContainer', { hasText: 'Read a diagnostic, apply a quick fix' }).first().waitFor({ timeout: SHORT });
    }, () => page.keyboard.press('Escape'));
    check(true, 'the walkthrough "Get started with Coherence" opens with its steps');
    await shot('08-walkthrough');
  } catch (e) {
    failed = e;
    console.log(`  ERROR ${e.message.split('\n')[0]}`);
    await page.screenshot({ path: path.join(artifacts, 'error.png') }).catch(() => {});
  } finally {
    await context.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  const passed = results.filter((r) => r.ok).length;
  console.log(`vscode: ${passed} passed, ${results.length - passed + (failed && results.every((r) => r.ok) ? 1 : 0)} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  process.exit(failed ? 1 : 0);
})();

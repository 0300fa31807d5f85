// Makes the workspace an e2e run works on: a fresh copy of test/e2e/project plus `count` generated, clean
// modules (helpdesk/catalog/), so that indexing takes long enough to be seen in the editor and runs on the
// server's worker threads (it parses on workers from 150 files on). Usage: node workspace.cjs <dest> [count]
'use strict';
const fs = require('fs');
const path = require('path');

function makeWorkspace(dest, count = 600) {
  const project = path.join(__dirname, 'project');
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(project, dest, { recursive: true });
  const catalog = path.join(dest, 'helpdesk', 'catalog');
  fs.mkdirSync(catalog, { recursive: true });
  fs.writeFileSync(path.join(catalog, '__init__.py'), '');
  const name = (i) => `item_${String(i).padStart(4, '0')}`;
  for (let i = 0; i < count; i++) {
    const prev = i > 0 ? name(i - 1) : null;
    const lines = [
      'from dataclasses import dataclass',
      '',
      'from helpdesk.models import Ticket',
      ...(prev ? [`from helpdesk.catalog.${prev} import Item${i - 1}, describe_${i - 1}`] : []),
      '',
      '',
      '@dataclass',
      `class Item${i}:`,
      '    sku: str',
      `    stock: int = ${i}`,
      '',
      '    def restock(self, amount: int) -> int:',
      '        self.stock += amount',
      '        return self.stock',
      '',
      '',
      `def describe_${i}(item: Item${i}, ticket: Ticket) -> str:`,
      ...(prev ? [`    before = describe_${i - 1}(Item${i - 1}(sku=item.sku), ticket)`] : ['    before = ""']),
      '    return f"{before}{item.sku}:{item.restock(1)}:{ticket.title}"',
      '',
    ];
    fs.writeFileSync(path.join(catalog, `${name(i)}.py`), lines.join('\n'));
  }
  // A task that runs the CLI with the extension's problem matcher (a user's way to check from a terminal).
  fs.mkdirSync(path.join(dest, '.vscode'), { recursive: true });
  const cli = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');
  const tasks = {
    version: '2.0.0',
    tasks: [{ label: 'coherence check', type: 'process', command: process.execPath, args: [cli, 'check', '${workspaceFolder}', '--no-color'], problemMatcher: '$coherence' }],
  };
  fs.writeFileSync(path.join(dest, '.vscode', 'tasks.json'), JSON.stringify(tasks, null, 2) + '\n');
  return dest;
}

/** The problems the project must show: [{file, line (1-based), rule}] from expected.json. */
function expectedDiagnostics() {
  const list = JSON.parse(fs.readFileSync(path.join(__dirname, 'expected.json'), 'utf8'));
  return list.sort((a, b) => `${a.file}:${a.line}`.localeCompare(`${b.file}:${b.line}`));
}

/**
 * The analysis itself, without an editor: the built CLI must report exactly expected.json on the project. When
 * this fails the rules changed (update expected.json); when only the editors fail, the integration broke.
 */
function checkWithCli() {
  const { execFileSync } = require('child_process');
  const cli = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');
  let stdout;
  try {
    stdout = execFileSync(process.execPath, [cli, 'check', path.join(__dirname, 'project'), '--format', 'json'], { encoding: 'utf8' });
  } catch (e) {
    stdout = e.stdout; // exit 1: errors were reported, as expected
  }
  const got = JSON.parse(stdout).diagnostics.map((d) => `${d.file}:${d.range.start.line + 1}:${d.code}`).sort();
  const want = expectedDiagnostics().map((d) => `${d.file}:${d.line}:${d.rule}`).sort();
  const ok = JSON.stringify(got) === JSON.stringify(want);
  console.log(`${ok ? 'ok' : 'not ok'} - the CLI reports exactly test/e2e/expected.json on the project${ok ? '' : `\n  got:  ${got.join(', ')}\n  want: ${want.join(', ')}`}`);
  return ok;
}

module.exports = { makeWorkspace, expectedDiagnostics, checkWithCli };

if (require.main === module) {
  if (process.argv[2] === '--check-cli') process.exit(checkWithCli() ? 0 : 1);
  const dest = makeWorkspace(path.resolve(process.argv[2]), Number(process.argv[3] ?? 600));
  console.log(`workspace: ${dest}`);
}

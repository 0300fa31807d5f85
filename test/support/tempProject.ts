// Temporary project folders, for tests that edit or delete files: a fixture copied, or files written.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export function copyToTemp(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-test-'));
  fs.cpSync(source, dir, { recursive: true });
  return dir;
}

export function removeTemp(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A fresh temporary folder holding `files` (relative path → text). */
export function projectOf(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-test-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

// Copies a fixture project to a fresh temporary folder, for tests that edit or delete files.
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

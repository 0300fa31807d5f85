// What the language server sends after a re-check: a file's diagnostics again only when the client would see
// a difference (publish compares the lists field by field instead of through their JSON), and then exactly
// what toLspDiagnostic makes of them.
import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { Diagnostic } from '../../server/out/core/types';
import { fileUri, toLspDiagnostic } from '../../server/out/lsp/convert';
import { Session, type Folder } from '../../server/out/lsp/session';

const ROOT = path.resolve('/tmp/coherence-publish-test');
const FILE = 'app/views.py';

function diagnostic(overrides: Partial<Diagnostic> = {}): Diagnostic {
  return {
    file: FILE,
    range: { start: { line: 2, character: 4 }, end: { line: 2, character: 10 } },
    severity: 'error',
    code: 'unknown-import-name',
    message: "Module 'app.hub' has no 'helper'",
    detail: 'looked in app/hub.py',
    related: [{ file: 'app/hub.py', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, message: 'app.hub' }],
    fixes: [],
    ...overrides,
  };
}

/** A session whose connection records the diagnostics it is asked to send. */
function recordingSession(): { session: Session; sent: PublishDiagnosticsParams[]; folder: Folder } {
  const sent: PublishDiagnosticsParams[] = [];
  const connection = { sendDiagnostics: (p: PublishDiagnosticsParams) => void sent.push(p), console: { log() {}, error() {} } } as unknown as Connection;
  const session = new Session(connection);
  session.supportsRelatedInformation = true;
  const folder: Folder = { root: ROOT, uri: pathToFileURL(ROOT).href, workspace: null };
  session.folders.push(folder);
  return { session, sent, folder };
}

describe('publishing diagnostics', () => {
  it('names files by the URI of their absolute path', () => {
    assert.strictEqual(fileUri(ROOT, FILE), pathToFileURL(path.join(ROOT, FILE)).href);
    assert.strictEqual(fileUri(ROOT, 'a b/ü.py'), pathToFileURL(path.join(ROOT, 'a b/ü.py')).href);
  });

  it('sends a file again only when what the client sees differs, and then what toLspDiagnostic makes', async () => {
    const { session, sent, folder } = recordingSession();
    try {
      session.publish(folder, new Map([[FILE, []]]));
      assert.strictEqual(sent.length, 0, 'a file never published without diagnostics: nothing to clear');
      session.publish(folder, new Map([[FILE, [diagnostic()]]]));
      assert.strictEqual(sent.length, 1);
      assert.deepStrictEqual(sent[0], { uri: fileUri(ROOT, FILE), diagnostics: [toLspDiagnostic(diagnostic(), folder)] });
      // Equal lists made anew (a re-check makes new objects): nothing sent, whatever the client does not see.
      session.publish(folder, new Map([[FILE, [diagnostic({ detail: 'other words', fixes: [{ title: 'x', edits: [], safety: 'safe' }] })]]]));
      assert.strictEqual(sent.length, 1, 'equal for the client: not sent again');
      const changes: [string, Partial<Diagnostic>][] = [
        ['message', { message: "Module 'app.hub' has no 'helpers'" }],
        ['code', { code: 'unresolved-module' }],
        ['severity', { severity: 'warning' }],
        ['range end', { range: { start: { line: 2, character: 4 }, end: { line: 2, character: 11 } } }],
        ['range start line', { range: { start: { line: 3, character: 4 }, end: { line: 3, character: 11 } } }],
        ['related message', { related: [{ ...diagnostic().related![0], message: 'app.core.hub' }] }],
        ['related file', { related: [{ ...diagnostic().related![0], file: 'app/core/hub.py' }] }],
        ['related range', { related: [{ ...diagnostic().related![0], range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } } }] }],
        ['related place added', { related: [...diagnostic().related!, { ...diagnostic().related![0], message: 'also here' }] }],
        ['related places dropped', { related: undefined }],
      ];
      for (const [what, change] of changes) {
        const before: number = sent.length;
        session.publish(folder, new Map([[FILE, [diagnostic(change)]]]));
        assert.strictEqual(sent.length, before + 1, `${what} changed: sent`);
        assert.deepStrictEqual(sent[before].diagnostics, [toLspDiagnostic(diagnostic(change), folder)], what);
      }
      const last = diagnostic(changes[changes.length - 1][1]);
      session.publish(folder, new Map([[FILE, [last, diagnostic()]]]));
      assert.strictEqual(sent[sent.length - 1].diagnostics.length, 2, 'a diagnostic added: sent');
      session.publish(folder, new Map([[FILE, [diagnostic(), last]]]));
      assert.strictEqual(sent[sent.length - 1].diagnostics[0].relatedInformation?.length, 1, 'the same diagnostics in another order: sent');
      const beforeClearing = sent.length;
      session.publish(folder, new Map([[FILE, []]]));
      assert.deepStrictEqual(sent.slice(beforeClearing), [{ uri: fileUri(ROOT, FILE), diagnostics: [] }], 'cleared: sent once');
      session.publish(folder, new Map([[FILE, []]]));
      assert.strictEqual(sent.length, beforeClearing + 1, 'cleared twice: sent once');
    } finally {
      await session.dispose();
    }
  });
});

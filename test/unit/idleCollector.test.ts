// The language server's idle-time scavenge (lsp/idleCollector.ts): it runs once the work queue has stayed empty for a
// moment, never when work arrives first, only when the young generation holds enough; and the collection it is
// given is a real minor GC that frees the garbage of the work before it.
import * as assert from 'assert';
import type { Connection } from 'vscode-languageserver/node';
import { IdleCollector, minorCollection, youngGenerationBytes } from '../../server/out/lsp/idleCollector';
import { Session } from '../../server/out/lsp/session';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('idle collector', () => {
  it('collects once the queue stays idle, with enough in the young generation', async () => {
    let collections = 0;
    const collector = new IdleCollector({ collect: () => collections++, youngBytes: () => 10, minYoungBytes: 5, delayMs: 1 });
    collector.idle();
    collector.idle(); // (one pending collection, however often idle is said)
    await wait(30);
    assert.strictEqual(collections, 1);
  });

  it('does not collect when work arrives before the delay, nor with little in the young generation', async () => {
    let collections = 0;
    const interrupted = new IdleCollector({ collect: () => collections++, youngBytes: () => 10, minYoungBytes: 5, delayMs: 10 });
    interrupted.idle();
    interrupted.busy();
    const small = new IdleCollector({ collect: () => collections++, youngBytes: () => 1, minYoungBytes: 5, delayMs: 1 });
    small.idle();
    await wait(40);
    assert.strictEqual(collections, 0);
  });

  it('does nothing without a collection to run', async () => {
    const collector = new IdleCollector({ collect: null, youngBytes: () => Number.MAX_SAFE_INTEGER, delayMs: 1 });
    collector.idle();
    await wait(10);
    collector.dispose();
  });

  it("runs after the language server's queued work, once the queue is empty, never between its tasks", async () => {
    const events: string[] = [];
    const connection = { console: { log() {}, error() {} } } as unknown as Connection;
    const session = new Session(connection, new IdleCollector({ collect: () => events.push('collect'), youngBytes: () => 10, minYoungBytes: 5, delayMs: 1 }));
    const first = session.serial(async () => {
      events.push('first');
      await wait(20); // (longer than the delay: the queue is not idle while a task runs)
    });
    const second = session.serial(async () => void events.push('second'));
    await Promise.all([first, second]);
    await wait(30);
    assert.deepStrictEqual(events, ['first', 'second', 'collect']);
    await session.dispose();
  });

  it('is given a real minor collection, which frees the garbage in the young generation', () => {
    const collect = minorCollection();
    assert.ok(collect, 'V8 offers a minor collection');
    let garbage: { n: number; s: string }[] | null = [];
    for (let i = 0; i < 50_000; i++) garbage.push({ n: i, s: `item ${i}` });
    assert.strictEqual(garbage.length, 50_000);
    garbage = null;
    const before = youngGenerationBytes();
    assert.ok(before > 1024 * 1024, `the young generation holds the garbage (${before} bytes)`);
    collect!();
    const after = youngGenerationBytes();
    assert.ok(after < before / 2, `a scavenge emptied it: ${before} → ${after} bytes`);
  });
});

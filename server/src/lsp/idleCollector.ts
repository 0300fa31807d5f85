// Empties V8's young generation while the server is idle (#17). An edit that re-checks the 500 importers of a module
// leaves a few megabytes of results that outlive it (findings, diagnostics, records); V8 copies them in the scavenge
// that runs when its nursery fills, 10–15 ms on a 2-core machine, inside whichever edit fills it. Run between edits,
// as browsers run theirs in idle time, that copy comes off the edits' latency. Only when the nursery holds enough to
// matter, and never while work is queued.
import * as v8 from 'v8';
import * as vm from 'vm';

/** Below this many bytes in the young generation, an idle scavenge saves an edit little. */
const MIN_YOUNG_BYTES = 2 * 1024 * 1024;
/** How long the queue must stay empty first: a burst of typing is one piece of work, not many idle moments. */
const IDLE_DELAY_MS = 20;

export interface IdleCollectorOptions {
  /** Runs a minor collection (null: none is available, and the collector does nothing). */
  collect: (() => void) | null;
  /** Bytes in use in the young generation now. */
  youngBytes?: () => number;
  minYoungBytes?: number;
  delayMs?: number;
}

export class IdleCollector {
  private timer: NodeJS.Timeout | null = null;
  private readonly collect: (() => void) | null;
  private readonly youngBytes: () => number;
  private readonly minYoungBytes: number;
  private readonly delayMs: number;

  constructor(options: IdleCollectorOptions) {
    this.collect = options.collect;
    this.youngBytes = options.youngBytes ?? youngGenerationBytes;
    this.minYoungBytes = options.minYoungBytes ?? MIN_YOUNG_BYTES;
    this.delayMs = options.delayMs ?? IDLE_DELAY_MS;
  }

  /** Work was queued: no collection until it is done. */
  busy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The queue is empty: collect once it has stayed so for a moment. */
  idle(): void {
    if (!this.collect || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.youngBytes() >= this.minYoungBytes) this.collect!();
    }, this.delayMs);
    this.timer.unref(); // (never what keeps the process alive)
  }

  dispose(): void {
    this.busy();
  }
}

/** Bytes in use in V8's young generation ('new_space'); 0 when V8 does not say. */
export function youngGenerationBytes(): number {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_used_size ?? 0;
}

/**
 * A function that runs a minor collection (a scavenge), or null when V8 offers none. Node exposes `gc` only with
 * --expose-gc; the flag is set here, at start-up, and the function taken from a fresh context, so that every
 * client's way of launching the server gets it.
 */
export function minorCollection(): (() => void) | null {
  try {
    let gc = (globalThis as { gc?: unknown }).gc;
    if (typeof gc !== 'function') {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc');
    }
    if (typeof gc !== 'function') return null;
    const run = gc as (options?: { type: 'minor' | 'major' }) => void;
    return () => run({ type: 'minor' });
  } catch {
    return null;
  }
}

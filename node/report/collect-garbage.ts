/**
 * A full garbage collection, asked for between a report's analyses.
 *
 * V8 gives a typed array's memory back only when a full collection finds the array unreachable, and it
 * schedules full collections mostly by the growth of its own heap, which at millions of rows is small next
 * to the arrays (a report at 5,000,000 participants keeps a JS heap of about 30 MB beside 500 MB of
 * columns). So the columns an analysis has let go, and its temporaries (ranks, sorted copies), wait for a
 * collection while the next analysis allocates its own: measured on the 5M report, about 440 MB after the
 * Spearman matrix, which put the process over 1 GB at the start of the Cox model that followed.
 *
 * `gc` is V8's own function, exposed as `node --expose-gc` would (node:v8's setFlagsFromString) and read
 * from a fresh context, where the flag makes it a global. One collection with such a heap takes about
 * 10 ms. Where it cannot be had (a runtime that refuses the flag), collecting is left to V8, as before.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

function garbageCollector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    collect = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    collect = null;
  }
  return collect;
}

/** Runs a full collection now; returns whether one ran. */
export function collectGarbage(): boolean {
  const gc = garbageCollector();
  if (!gc) return false;
  gc();
  return true;
}

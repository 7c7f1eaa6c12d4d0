/**
 * collectGarbage runs V8's full collection on demand (run-plan.ts calls it between a report's analyses):
 * an array nothing reaches is gone after it, one still held is not.
 */
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../../node/report/collect-garbage';

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('collectGarbage', () => {
  it('frees an array nothing reaches any more and keeps one still held', async () => {
    // WeakRef targets are kept until the current job ends, so the collection runs on a later turn.
    const held = new Float64Array(1000);
    const dropped = new WeakRef(new Float64Array(5_000_000));
    const kept = new WeakRef(held);
    await nextTurn();
    expect(collectGarbage()).toBe(true);
    expect(dropped.deref()).toBeUndefined();
    expect(kept.deref()).toBe(held);
  });
});

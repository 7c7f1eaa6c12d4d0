/**
 * Scratch arrays: large typed arrays lent to one computation for its temporaries and given back at
 * its end, so that a long-lived process (the app's analysis worker) reuses them from one run to the
 * next instead of allocating new ones every time.
 *
 * Why: a typed array's memory lies outside V8's heap, and V8 starts a full garbage collection of the
 * whole heap each time some 64 MB of such memory has been allocated since the last one. At 1,000,000
 * participants one run of the cumulative incidence used to allocate about 60 MB of temporaries, so
 * nearly every run paid for a full collection of the worker's heap (~50 MB, with a million participant
 * ids: 85-150 ms each on the loaded 2-core machine, seen with --trace-gc).
 *
 * Holds no results: what a computation returns is never taken from here, and a lent array's contents
 * are whatever the previous borrower left (the borrower writes every element it reads). An array is
 * lent as a view of a spare at least as long, so runs on slightly fewer rows reuse it too. At most one
 * spare per kind is kept for each array a computation borrows at once (MAX_SPARES), the longest.
 */

const MAX_SPARES = 4;

type Scratch = Float64Array | Int32Array | Uint32Array;

class Spares<T extends Scratch> {
  private readonly spare: T[] = [];
  constructor(private readonly create: (length: number) => T) {}

  take(length: number): T {
    // The shortest spare that is long enough.
    let best = -1;
    for (let k = 0; k < this.spare.length; k++) {
      if (this.spare[k].length >= length && (best < 0 || this.spare[k].length < this.spare[best].length)) best = k;
    }
    if (best < 0) return this.create(length);
    const [array] = this.spare.splice(best, 1);
    return (array.length === length ? array : array.subarray(0, length)) as T;
  }

  give(array: T): void {
    // The whole buffer goes back, not the view that was lent.
    const whole = array.length === array.buffer.byteLength / array.BYTES_PER_ELEMENT ? array : (new (array.constructor as new (buffer: ArrayBufferLike) => T)(array.buffer));
    this.spare.push(whole);
    if (this.spare.length > MAX_SPARES) {
      this.spare.sort((a, b) => b.length - a.length);
      this.spare.length = MAX_SPARES;
    }
  }
}

export class ScratchArrays {
  readonly float64 = new Spares<Float64Array>((length) => new Float64Array(length));
  readonly int32 = new Spares<Int32Array>((length) => new Int32Array(length));
  readonly uint32 = new Spares<Uint32Array>((length) => new Uint32Array(length));
}

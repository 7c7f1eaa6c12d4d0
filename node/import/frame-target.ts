/**
 * Where `loadCsv` imports to: the dataset is kept as the DataFrame the import builds, chunk by chunk,
 * instead of being written to a project and read back (which would encode, store and decode every
 * value once more). It takes the same writer calls as a project, so the import runs unchanged;
 * rejected records are only counted in the report, as an in-memory project would be thrown away anyway.
 *
 * Each column is one typed array sized from the import's estimate of the number of records (grown by a
 * quarter when the estimate falls short), so memory stays close to the frame itself rather than twice
 * it. The frame's arrays are views of exactly nRows values; when the estimate overshot by more than an
 * eighth, they are copied to fit instead.
 */
import type { Column, DataFrame } from '../../shared/data/frame';
import type { DatasetWriter } from '../store/project';

type ColumnArray = Float64Array | Int32Array;

export class FrameTarget {
  readonly path = ':memory:';
  private frame: DataFrame | null = null;
  private expectedRows = 0;

  /** A target holds one dataset, so no name is taken before the import. */
  hasDataset(_name: string): boolean {
    return false;
  }

  uniqueDatasetName(base: string): string {
    return base;
  }

  /** The import's estimate of the records to come (from the bytes per record of its sample). */
  expectRows(rows: number): void {
    this.expectedRows = Math.max(0, Math.ceil(rows));
  }

  /** The frame of the committed import. */
  result(): DataFrame {
    if (!this.frame) throw new Error('no dataset was imported');
    return this.frame;
  }

  beginDatasetImport(meta: { name: string }): DatasetWriter {
    const arrays: ColumnArray[] = [];
    const filled: number[] = [];
    const levels: string[][] = [];
    let open = true;
    const initial = this.expectedRows;
    return {
      name: meta.name,
      writeChunk(position, _chunkIndex, nRows, data) {
        // chunks come in order; the builder reuses `data` for its next chunk, so the values are copied
        const at = filled[position] ?? 0;
        let array = arrays[position];
        if (array === undefined || at + nRows > array.length) {
          const size = Math.max(at + nRows, array === undefined ? initial : Math.ceil(array.length * 1.25));
          const grown = data instanceof Int32Array ? new Int32Array(size) : new Float64Array(size);
          if (array !== undefined) grown.set(array.subarray(0, at));
          array = grown;
          arrays[position] = array;
        }
        array.set(data.subarray(0, nRows), at);
        filled[position] = at + nRows;
      },
      writeLevels(position, values) {
        levels[position] = values.slice(0, values.length);
      },
      writeRejections() {},
      commit: (final) => {
        if (!open) throw new Error('dataset writer already closed');
        open = false;
        const columns: Column[] = final.columns.map((c, position) => {
          const coded = c.type === 'categorical' || c.type === 'text';
          let array = arrays[position] ?? (coded ? new Int32Array(0) : new Float64Array(0));
          if ((filled[position] ?? 0) !== final.nRows) throw new Error(`column "${c.name}" holds ${filled[position] ?? 0} of ${final.nRows} rows`);
          if (array.length !== final.nRows) array = array.length - final.nRows > final.nRows / 8 ? array.slice(0, final.nRows) : array.subarray(0, final.nRows);
          arrays[position] = array;
          if (coded) return { name: c.name, type: c.type as 'categorical' | 'text', codes: array as Int32Array, levels: levels[position] ?? [] };
          return { name: c.name, type: c.type as 'integer' | 'number' | 'date' | 'boolean', values: array as Float64Array };
        });
        this.frame = { nRows: final.nRows, columns };
      },
      rollback() {
        open = false;
        arrays.length = 0;
      },
    };
  }
}

/**
 * The data check screen's column summaries against R (fixtures/column-summary.R): present and missing
 * counts, mean, sd, min and max of numbers and dates, and the most frequent levels of text columns
 * (at most 12, most frequent first, ties in the order the levels first appear), on lung, cgd and a
 * small CSV of edge cases (a column with no value, one value, text with missing values).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summariseColumns } from '../../../shared/data/column-summary';
import { expectClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';

interface RColumn {
  name: string;
  n: number;
  missing: number;
  kind: 'numeric' | 'text';
  mean?: number | null;
  sd?: number | null;
  min?: number | null;
  max?: number | null;
  levels?: string | string[];
  counts?: number | number[];
}
interface RDataset { dataset: string; csv: string | null; rows: number; columns: RColumn[] }

const here = import.meta.dirname;
const fixture: RDataset[] = JSON.parse(readFileSync(join(here, 'fixtures', 'column-summary.json'), 'utf8'));
const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const csvOf = (d: RDataset) => d.csv ?? readFileSync(join(here, '..', '..', 'fixtures', 'data', `${d.dataset}.csv`), 'utf8');

describe('summariseColumns matches R', () => {
  for (const d of fixture) {
    describe(d.dataset, () => {
      const summary = summariseColumns(frameFromCsv(csvOf(d)));
      it('one summary per column, in the file order', () => {
        expect(summary.rows).toBe(d.rows);
        expect(summary.columns.map((c) => c.name)).toEqual(d.columns.map((c) => c.name));
      });
      for (const r of d.columns) {
        it(r.name, () => {
          const c = summary.columns.find((s) => s.name === r.name)!;
          expect(c.n, 'present').toBe(r.n);
          expect(c.missing, 'missing').toBe(r.missing);
          if (r.kind === 'numeric') {
            expectClose(c.mean, r.mean, `${r.name} mean`);
            expectClose(c.sd, r.sd, `${r.name} sd`);
            expectClose(c.min, r.min, `${r.name} min`);
            expectClose(c.max, r.max, `${r.name} max`);
            return;
          }
          const rLevels = list(r.levels).map((value, k) => ({ value, count: list(r.counts)[k] }));
          // Most frequent first; equal counts keep the order of first appearance (a stable sort).
          const expected = [...rLevels].sort((a, b) => b.count - a.count).slice(0, 12);
          expect(c.levels).toEqual(expected);
          expect(c.distinct).toBe(rLevels.length);
        });
      }
    });
  }
  it('the cases include a text column of more than 12 levels and a date column', () => {
    expect(fixture[1].columns.find((c) => c.name === 'center')!.levels!.length).toBe(13);
    expect(frameFromCsv(csvOf(fixture[1])).columns.find((c) => c.name === 'random')!.type).toBe('date');
  });
});

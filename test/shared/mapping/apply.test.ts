/**
 * Applying a mapping: the derived outcome, the factor scores and their median/tertile splits as
 * analysis columns, checked against R (test/shared/mapping/fixtures/factors.R on the demo cohort).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyMapping, DERIVED_RELAPSE, DERIVED_STATUS, DERIVED_TIME, MEDIAN_SPLIT_LEVELS, TERTILE_SPLIT_LEVELS } from '../../../shared/mapping/apply';
import { parseMapping } from '../../../shared/mapping/format';
import { findColumn, type CodedColumn, type NumericColumn } from '../../../shared/data/frame';
import { runAnalysis } from '../../../shared/analyses/run';
import { FACTOR_IDS } from '../../../shared/factors/ids';
import { expectClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const reference = JSON.parse(readFileSync(join(fixtures, 'factors.json'), 'utf8'));
const frame = frameFromCsv(readFileSync(join(fixtures, 'demo-cohort-2000.csv'), 'utf8'));
const mapping = parseMapping(JSON.parse(readFileSync(join(fixtures, 'demo-mapping.json'), 'utf8')));
const applied = applyMapping(frame, mapping);

function counts(column: CodedColumn): number[] {
  const tally = column.levels.map(() => 0);
  for (const code of column.codes) if (code >= 0) tally[code]++;
  return tally;
}

describe('applyMapping', () => {
  it('adds the outcome, each factor score and its median and tertile splits, keeping the original columns', () => {
    const names = applied.frame.columns.map((c) => c.name);
    expect(names.slice(0, frame.columns.length)).toEqual(frame.columns.map((c) => c.name));
    for (const name of [DERIVED_TIME, DERIVED_RELAPSE, DERIVED_STATUS]) expect(names).toContain(name);
    for (const factor of FACTOR_IDS) {
      expect(names).toContain(`score.${factor}`);
      expect(names).toContain(`median.${factor}`);
      expect(names).toContain(`tertile.${factor}`);
    }
  });

  it("gives R's factor scores", () => {
    for (const factor of FACTOR_IDS) {
      const ours = (findColumn(applied.frame, `score.${factor}`) as NumericColumn).values;
      const theirs = reference.demo.scores[factor] as (number | null)[];
      theirs.forEach((v, i) => expectClose(ours[i], v, `${factor}[${i}]`));
    }
  });

  it("splits every score at R's median and tertiles (type-7 quantiles, ties to the upper group)", () => {
    for (const factor of FACTOR_IDS) {
      const median = findColumn(applied.frame, `median.${factor}`) as CodedColumn;
      const tertile = findColumn(applied.frame, `tertile.${factor}`) as CodedColumn;
      expect(median.levels).toEqual(MEDIAN_SPLIT_LEVELS);
      expect(tertile.levels).toEqual(TERTILE_SPLIT_LEVELS);
      expect(counts(median), `${factor} median`).toEqual(reference.demoSplits[factor].median);
      expect(counts(tertile), `${factor} tertiles`).toEqual(reference.demoSplits[factor].tertiles);
    }
  });

  it('derives only the split columns named in `splits`, with the same codes as all splits', () => {
    const some = applyMapping(frame, mapping, { splits: ['median.coping_skills', 'tertile.complacency'] }).frame;
    const names = some.columns.map((c) => c.name).filter((n) => n.startsWith('median.') || n.startsWith('tertile.'));
    expect(names).toEqual(['median.coping_skills', 'tertile.complacency']);
    for (const name of names) expect((findColumn(some, name) as CodedColumn).codes).toEqual((findColumn(applied.frame, name) as CodedColumn).codes);
    const none = applyMapping(frame, mapping, { splits: false }).frame;
    expect(none.columns.some((c) => c.name.startsWith('median.') || c.name.startsWith('tertile.'))).toBe(false);
  });

  it("compares relapse by the median split of craving as R's survdiff does", () => {
    const result = runAnalysis('logrank', applied.frame, { time: DERIVED_TIME, event: DERIVED_RELAPSE, group: 'median.psychological_dependence' }).result as {
      chisq: number;
      groups: { group: string; n: number; observed: number; expected: number }[];
    };
    const r = reference.demoMedianSplitLogrank;
    expectClose(result.chisq, r.chisq, 'chisq');
    expect(result.groups.map((g) => g.group)).toEqual(MEDIAN_SPLIT_LEVELS);
    result.groups.forEach((g, k) => {
      expect(g.n).toBe(r.n[k]);
      expectClose(g.observed, r.observed[k], `observed ${k}`);
      expectClose(g.expected, r.expected[k], `expected ${k}`);
    });
  });
});

describe('applyMapping with repeated participant ids', () => {
  it('refuses in one line naming the id column, the rows and what to do instead', () => {
    const text = readFileSync(join(fixtures, 'demo-cohort-2000.csv'), 'utf8');
    const lines = text.trim().split('\n');
    // Row 2 repeated as a third row: its participant id now occurs twice (data rows 2 and 3).
    const repeated = frameFromCsv([lines[0], lines[1], lines[2], lines[2], ...lines.slice(3)].join('\n'));
    expect(mapping.id).toBeDefined();
    expect(() => applyMapping(repeated, mapping)).toThrow(
      new RegExp(`^mapping: id column "${mapping.id}": participant "[^"]+" is in data rows 2 and 3, but the mapped analyses take one row per participant; .*analyze recurrent`),
    );
  });
});

describe('applyMapping consuming its frame (consumeExcept)', () => {
  it('takes each raw column out once no later factor needs it, and gives the same columns to the bit', () => {
    const own = { nRows: frame.nRows, columns: [...frame.columns] };
    const keep = new Set(['site', 'arm']);
    // The factors' item columns as the mapping lists them; each is gone once its last factor is scored.
    const itemColumns = FACTOR_IDS.flatMap((id) => (mapping.factors[id] ?? []).map((item) => item.column));
    const consumed = applyMapping(own, mapping, { consumeExcept: keep }).frame;
    // The given frame keeps only the kept columns.
    expect(own.columns.map((c) => c.name).sort()).toEqual(['arm', 'site']);
    expect(itemColumns.length).toBeGreaterThan(5);
    for (const name of itemColumns) expect(findColumn(consumed, name), name).toBeUndefined();
    // Every derived column equals the one applyMapping gives without consuming, bit for bit.
    for (const column of applied.frame.columns.filter((c) => c.name.startsWith('score.') || c.name.startsWith('outcome.'))) {
      const mine = findColumn(consumed, column.name) as NumericColumn;
      expect(mine, column.name).toBeDefined();
      expect(Buffer.from(mine.values.buffer).equals(Buffer.from((column as NumericColumn).values.buffer)), column.name).toBe(true);
    }
  });
});

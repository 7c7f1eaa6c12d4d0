import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factorScore, factorScores, itemScore, itemValues, standardise } from '../../../shared/mapping/scores';
import { parseMapping } from '../../../shared/mapping/format';
import { expectClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const fixtures = join(__dirname, 'fixtures');
const reference = JSON.parse(readFileSync(join(fixtures, 'factors.json'), 'utf8'));
const demoFrame = frameFromCsv(readFileSync(join(fixtures, 'demo-cohort-2000.csv'), 'utf8'));

describe('factor scores against base R (z-scores with sd(), protective reversed, mean of items, re-standardised)', () => {
  it('every score of the 9 demo factors for all 2,000 participants', () => {
    const mapping = parseMapping(readFileSync(join(fixtures, 'demo-mapping.json'), 'utf8'));
    const scores = factorScores(demoFrame, mapping);
    expect(scores.map((s) => s.factor)).toEqual(Object.keys(reference.demo.scores));
    let maxRelative = 0;
    for (const s of scores) {
      const expected: (number | null)[] = reference.demo.scores[s.factor];
      expect(s.scores.length).toBe(expected.length);
      for (let i = 0; i < expected.length; i++) {
        const e = expected[i];
        if (e === null) {
          expect(Number.isNaN(s.scores[i]), `${s.factor} row ${i + 1} missing`).toBe(true);
          continue;
        }
        expectClose(s.scores[i], e, `${s.factor} row ${i + 1}`, 1e-12);
        if (Math.abs(e) > 1e-3) maxRelative = Math.max(maxRelative, Math.abs(s.scores[i] - e) / Math.abs(e));
      }
      expectClose(s.rawMean, reference.demo.items[s.factor].rawMean, `${s.factor} raw mean`, 1e-12);
      expectClose(s.rawSd, reference.demo.items[s.factor].rawSd, `${s.factor} raw sd`);
    }
    expect(maxRelative).toBeLessThan(1e-9);
  });

  it("with itemScores 'drop' the factor scores are the same to the bit and only the item z-scores are left out", () => {
    const mapping = parseMapping(readFileSync(join(fixtures, 'demo-mapping.json'), 'utf8'));
    const kept = factorScores(demoFrame, mapping);
    const seen: string[] = [];
    const dropped = factorScores(demoFrame, mapping, { itemScores: 'drop', afterFactor: (factor) => seen.push(factor) });
    expect(seen).toEqual(kept.map((s) => s.factor));
    dropped.forEach((s, k) => {
      expect(Buffer.from(s.scores.buffer).equals(Buffer.from(kept[k].scores.buffer)), s.factor).toBe(true);
      expect([s.rawMean, s.rawSd, s.n, s.missing]).toEqual([kept[k].rawMean, kept[k].rawSd, kept[k].n, kept[k].missing]);
      s.items.forEach((item, j) => {
        expect(item.scores).toHaveLength(0);
        expect({ ...item, scores: null }).toEqual({ ...kept[k].items[j], scores: null });
        expect(kept[k].items[j].scores).toHaveLength(demoFrame.nRows);
      });
    });
  });

  it('a factor score is missing when fewer than half of its items are present', () => {
    // underlying_issues has 3 items: a row with only 1 present (1·2 < 3) has no score; 2 present does.
    const s = factorScore(demoFrame, 'underlying_issues', [
      { column: 'phq9_total', direction: 'risk' },
      { column: 'gad7_total', direction: 'risk' },
      { column: 'ace_any', direction: 'risk', riskValues: ['yes'] },
    ]);
    let checkedOne = 0;
    let checkedTwo = 0;
    for (let i = 0; i < demoFrame.nRows; i++) {
      const present = s.items.filter((item) => !Number.isNaN(item.scores[i])).length;
      if (present === 1) {
        expect(Number.isNaN(s.scores[i])).toBe(true);
        checkedOne++;
      }
      if (present === 2) {
        expect(Number.isNaN(s.scores[i])).toBe(false);
        checkedTwo++;
      }
    }
    expect(checkedOne).toBeGreaterThan(0);
    expect(checkedTwo).toBeGreaterThan(0);
    // Two items: one present is half, enough.
    const two = factorScore(frameFromCsv('a,b\n1,\n2,5\n3,7\n,1\n'), 'complacency', [
      { column: 'a', direction: 'risk' },
      { column: 'b', direction: 'risk' },
    ]);
    expect(Array.from(two.scores).every((v) => !Number.isNaN(v))).toBe(true);
  });

  it('protective items are reversed and riskValues count as 1', () => {
    const frame = frameFromCsv('x,yn\n1,yes\n2,no\n3,YES\n,no\n');
    const protective = itemScore(frame, { column: 'x', direction: 'protective' });
    expect(Array.from(protective.scores).slice(0, 3).map((v) => v + 0)).toEqual([1, 0, -1]); // mean 2, sd 1, reversed
    expect(Number.isNaN(protective.scores[3])).toBe(true);
    expect(protective.missing).toBe(1);
    expect(Array.from(itemValues(frame, { column: 'yn', direction: 'risk', riskValues: ['yes'] }))).toEqual([1, 0, 1, 0]);
    const numericCoded = frameFromCsv('p\n0\n1\n1\n');
    expect(Array.from(itemValues(numericCoded, { column: 'p', direction: 'risk', riskValues: ['1'] }))).toEqual([0, 1, 1]);
  });

  it('standardise uses the sample SD (R sd) and leaves missing values missing', () => {
    const z = standardise(Float64Array.of(2, 4, NaN, 6));
    expect(z.mean).toBe(4);
    expect(z.sd).toBe(2);
    expect(Array.from(z.values)).toEqual([-1, 0, NaN, 1]);
  });

  it('refuses what cannot be standardised, naming the column', () => {
    const frame = frameFromCsv('c,t,yn\n3,a,no\n3,b,no\n3,c,no\n');
    expect(() => itemScore(frame, { column: 'c', direction: 'risk' })).toThrow(/"c" is constant/);
    expect(() => itemScore(frame, { column: 't', direction: 'risk' })).toThrow(/"t" is categorical.*riskValues/);
    expect(() => itemScore(frame, { column: 'yn', direction: 'risk', riskValues: ['yes'] })).toThrow(/constant after coding/);
    expect(() => itemScore(frame, { column: 'nope', direction: 'risk' })).toThrow(/"nope" is not in the data/);
  });
});

import { describe, expect, it } from 'vitest';
import { rmstAnalysis, rmstOptionsSchema } from '../../../shared/analyses/rmst';
import { runRmst } from '../../../shared/analyses/rmst.run';
import { findAnalysis } from '../../../shared/analyses/registry';
import { AnalysisError } from '../../../shared/analyses/declaration';
import type { DataFrame } from '../../../shared/data/frame';
import { expectClose } from '../../helpers/compare';
import { textColumn } from '../../helpers/text-column';
import { caseFrame, caseOptions, rmstCase, rmstCases } from '../stats/rmst-difference-fixture';

describe('rmstAnalysis.run gives the analyze rmst document of R (fixtures/rmst-difference.R)', () => {
  for (const c of rmstCases) {
    it(c.name, () => {
      const result = runRmst(caseFrame(c), rmstOptionsSchema.parse(caseOptions(c)));
      expect(rmstAnalysis.resultSchema.safeParse(result).success).toBe(true);
      expectClose(result.tau, c.doc.tau, 'tau');
      expect(result.tauChosen).toBe(c.options.tau === null ? 'default' : 'user');
      expect(result.confLevel).toBe(c.doc.confLevel);
      expect(result.excluded).toBe(c.doc.excluded);
      expect(result.groups.map((g) => g.group)).toEqual(c.doc.groups.map((g) => g.group));
      result.groups.forEach((g, k) => {
        const e = c.doc.groups[k];
        expect([g.n, g.events], `${e.group} n, events`).toEqual([e.n, e.events]);
        for (const key of ['rmst', 'stdErr', 'lower', 'upper'] as const) expectClose(g[key], e[key], `${e.group} ${key}`);
      });
      expect(result.comparisons.map((x) => `${x.a} vs ${x.b}`)).toEqual(c.doc.comparisons.map((x) => `${x.a} vs ${x.b}`));
      result.comparisons.forEach((x, i) => {
        const e = c.doc.comparisons[i];
        for (const key of ['difference', 'differenceStdErr', 'differenceLower', 'differenceUpper', 'p', 'ratio', 'logRatioStdErr', 'ratioLower', 'ratioUpper', 'ratioP'] as const) {
          expectClose(x[key], e[key], `${e.a} vs ${e.b} ${key}`);
        }
      });
      const flat = result.warnings.filter((w) => w.code === 'rmst-beyond-follow-up').map((w) => w.message);
      expect(flat).toHaveLength(c.flatBeyond.length);
      c.flatBeyond.forEach((group, k) => expect(flat[k]).toContain(`in group ${group} (`));
    });
  }

  it('names the contract fields exactly', () => {
    const c = rmstCase('veteran by trt, default tau');
    const result = runRmst(caseFrame(c), rmstOptionsSchema.parse(caseOptions(c)));
    expect(Object.keys(result.comparisons[0])).toEqual(
      expect.arrayContaining(['a', 'b', 'difference', 'differenceLower', 'differenceUpper', 'ratio', 'ratioLower', 'ratioUpper', 'p']),
    );
    expect(Object.keys(result.groups[0]).sort()).toEqual(['events', 'group', 'lower', 'n', 'rmst', 'stdErr', 'upper']);
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['comparisons', 'groups', 'tau', 'confLevel', 'warnings', 'excluded']));
  });
});

describe('rmstAnalysis declaration', () => {
  const frame: DataFrame = {
    nRows: 6,
    columns: [
      { name: 'days', type: 'number', values: Float64Array.of(5, 8, 3, 9, 4, 6) },
      { name: 'relapse', type: 'number', values: Float64Array.of(1, 0, 1, 1, 0, 1) },
      textColumn('clinic', ['north', 'north', 'south', 'south', 'west', 'west']),
      textColumn('person', ['p1', 'p2', 'p3', 'p3', 'p5', 'p6']),
    ],
  };
  const base = { time: 'days', event: 'relapse', group: 'clinic' };

  it('is registered, with defaults of 95% and the default horizon', () => {
    expect(findAnalysis('rmst')).toBe(rmstAnalysis);
    const options = rmstOptionsSchema.parse(base);
    expect(options.confLevel).toBe(0.95);
    expect(options.tau).toBeUndefined();
    expect(rmstAnalysis.options.map((o) => o.flag)).toEqual(expect.arrayContaining(['time', 'event', 'group', 'levels', 'tau', 'conf-level', 'id']));
  });

  it('lists the pairs for up to 20 groups by default; above that only with --pairwise yes, and says so', () => {
    // 21 clinics of 4 participants each, every clinic with a relapse and a censoring.
    const k = 21;
    const days = Float64Array.from({ length: 4 * k }, (_, i) => 10 + (i % 4) * 5 + Math.floor(i / 4));
    const relapse = Float64Array.from({ length: 4 * k }, (_, i) => (i % 4 === 3 ? 0 : 1));
    const clinic = textColumn('clinic', Array.from({ length: 4 * k }, (_, i) => `c${String(Math.floor(i / 4)).padStart(2, '0')}`));
    const many: DataFrame = { nRows: 4 * k, columns: [{ name: 'days', type: 'number', values: days }, { name: 'relapse', type: 'number', values: relapse }, clinic] };
    const base21 = { time: 'days', event: 'relapse', group: 'clinic' };
    const auto = runRmst(many, rmstOptionsSchema.parse(base21));
    expect(auto.groups).toHaveLength(21);
    expect(auto.comparisons).toEqual([]);
    expect(auto.warnings.find((w) => w.code === 'pairwise-not-run')?.message).toContain('21 groups (210 pairs)');
    const all = runRmst(many, rmstOptionsSchema.parse({ ...base21, pairwise: 'yes' }));
    expect(all.comparisons).toHaveLength(210);
    expect(all.warnings.some((w) => w.code === 'pairwise-not-run')).toBe(false);
    const twenty = runRmst({ nRows: 80, columns: many.columns.map((c) => ('values' in c ? { ...c, values: c.values.slice(0, 80) } : { ...c, codes: c.codes.slice(0, 80) })) } as DataFrame, rmstOptionsSchema.parse(base21));
    expect(twenty.comparisons).toHaveLength(190);
    expect(runRmst(many, rmstOptionsSchema.parse({ ...base21, pairwise: 'no' })).comparisons).toEqual([]);
  });

  it('orders the pairs later group against earlier, also in a --levels order', () => {
    const byDefault = runRmst(frame, rmstOptionsSchema.parse(base));
    expect(byDefault.comparisons.map((x) => [x.a, x.b])).toEqual([['south', 'north'], ['west', 'north'], ['west', 'south']]);
    // Default horizon (survRM2's): north's follow-up ends with a censoring at 8; south (9) and west (6) end
    // with a relapse, so their curves are known (0) beyond; the shortest censored ending is 8.
    expect(byDefault.tau).toBe(8);
    const ordered = runRmst(frame, rmstOptionsSchema.parse({ ...base, levels: 'west,south,north' }));
    expect(ordered.groups.map((g) => g.group)).toEqual(['west', 'south', 'north']);
    expect(ordered.comparisons.map((x) => [x.a, x.b])).toEqual([['south', 'west'], ['north', 'west'], ['north', 'south']]);
    // The same pair the other way round: the difference changes sign, the ratio inverts.
    const southNorth = byDefault.comparisons[0];
    const northSouth = ordered.comparisons[2];
    expectClose(northSouth.difference, -southNorth.difference!);
    expectClose(northSouth.ratio, 1 / southNorth.ratio!);
    expectClose(northSouth.p, southNorth.p);
  });

  it('refuses a single group, a repeated participant and a missing column, each in one line', () => {
    const oneGroup: DataFrame = { ...frame, columns: [...frame.columns, textColumn('site', ['a', 'a', 'a', 'a', 'a', 'a'])] };
    const run = (data: DataFrame, options: Record<string, unknown>) => () => runRmst(data, rmstOptionsSchema.parse(options));
    expect(run(oneGroup, { ...base, group: 'site' })).toThrow(AnalysisError);
    expect(run(oneGroup, { ...base, group: 'site' })).toThrow(/^group column "site" has only one value \(a\) among the usable rows; the restricted mean comparison needs at least two groups$/);
    expect(run(frame, { ...base, id: 'person' })).toThrow(/id column "person".*the restricted mean comparison takes one row per participant/);
    expect(run(frame, { ...base, group: 'programme' })).toThrow(/^group column "programme" is not in the data/);
  });

  it('warns when the horizon is before every first time, or a group has no relapse by the horizon', () => {
    const early = runRmst(frame, rmstOptionsSchema.parse({ ...base, tau: 2 }));
    expect(early.warnings.map((w) => w.code)).toEqual(['rmst-horizon-before-first-time']);
    expect(early.groups.map((g) => [g.rmst, g.stdErr])).toEqual([[2, 0], [2, 0], [2, 0]]);
    expect(early.comparisons[0].p).toBeNull();
    const noRelapse = runRmst(frame, rmstOptionsSchema.parse({ ...base, tau: 4.5 }));
    expect(noRelapse.warnings.map((w) => w.code)).toEqual(['no-events-by-horizon', 'no-events-by-horizon']);
    expect(noRelapse.warnings[0].message).toContain('group north up to 4.5');
  });
});

/**
 * The declared presentation (shared/analyses/presentation.ts): each named format gives the report's cell
 * (numbers stay numbers, with their digits), rows from a field path or a function, `{level}` headers, tables
 * left out when empty. On R's numbers: `analyze rmst` of addicts by clinic up to day 365 and veteran by trt at
 * 90% (test/shared/stats/fixtures/rmst-difference.R, survRM2's rmst2), the cells hold R's values to 1e-6.
 */
import { describe, expect, it } from 'vitest';
import { columnLabel, declaredCell, declaredRows, declaredTableCells, levelLabel, valueAt, type DeclaredTable } from '../../../shared/analyses/presentation';
import { rmstAnalysis, rmstOptionsSchema, type RmstOptions, type RmstResult } from '../../../shared/analyses/rmst';
import { runRmst } from '../../../shared/analyses/rmst.run';
import { expectClose } from '../../helpers/compare';
import { caseFrame, caseOptions, rmstCase } from '../stats/rmst-difference-fixture';

function runCase(name: string, extra: Record<string, unknown> = {}) {
  const c = rmstCase(name);
  const options = rmstOptionsSchema.parse({ ...caseOptions(c), ...extra });
  return { c, options, result: runRmst(caseFrame(c), options) };
}

describe('declaredCell: a named format becomes a cell, never text', () => {
  const row = { group: 'clinic 2', n: 75, rmst: 309.433, p: 0.0535, lo: 1.2, hi: 3.4, time: 182.5, whole: 365, share: 0.62, nested: { estimate: 12 } };
  it('each format', () => {
    expect(declaredCell({ label: 'Group', field: 'group', format: { kind: 'text' } }, row)).toEqual({ kind: 'text', text: 'clinic 2' });
    expect(declaredCell({ label: 'n', field: 'n', format: { kind: 'count' } }, row)).toEqual({ kind: 'count', value: 75 });
    expect(declaredCell({ label: 'Mean', field: 'rmst', format: { kind: 'number', digits: 1 } }, row)).toEqual({ kind: 'number', value: 309.433, digits: 1 });
    expect(declaredCell({ label: 'Ratio', field: 'rmst', format: { kind: 'ratio' } }, row)).toEqual({ kind: 'number', value: 309.433, digits: 3 });
    expect(declaredCell({ label: 'p', field: 'p', format: { kind: 'p' } }, row)).toEqual({ kind: 'p', value: 0.0535 });
    expect(declaredCell({ label: 'Share', field: 'share', format: { kind: 'percent', digits: 1 } }, row)).toEqual({ kind: 'percent', value: 0.62, digits: 1 });
    expect(declaredCell({ label: 'CI', format: { kind: 'ci', lower: 'lo', upper: 'hi', digits: 2 } }, row)).toEqual({ kind: 'interval', lower: 1.2, upper: 3.4, digits: 2 });
    // A time is whole when it is whole, else with 2 decimals.
    expect(declaredCell({ label: 'Time', field: 'whole', format: { kind: 'time' } }, row)).toEqual({ kind: 'number', value: 365, digits: 0 });
    expect(declaredCell({ label: 'Time', field: 'time', format: { kind: 'time' } }, row)).toEqual({ kind: 'number', value: 182.5, digits: 2 });
    expect(declaredCell({ label: 'Nested', field: 'nested.estimate', format: { kind: 'number', digits: 0 } }, row)).toEqual({ kind: 'number', value: 12, digits: 0 });
  });
  it('a missing value (R NA as null, or no such field) is a missing cell', () => {
    expect(declaredCell({ label: 'x', field: 'absent', format: { kind: 'number', digits: 2 } }, row)).toEqual({ kind: 'number', value: null, digits: 2 });
    expect(declaredCell({ label: 'x', field: 'absent', format: { kind: 'count' } }, { absent: null })).toEqual({ kind: 'number', value: null, digits: 0 });
    expect(declaredCell({ label: 'x', field: 'absent', format: { kind: 'text' } }, row)).toEqual({ kind: 'text', text: '' });
    expect(valueAt({ a: { b: null } }, 'a.b.c')).toBeUndefined();
  });
  it('levelLabel writes the level as the report does', () => {
    expect([levelLabel(0.95), levelLabel(0.9), levelLabel(0.995)]).toEqual(['95%', '90%', '99.5%']);
  });
});

describe("the rmst declaration's tables hold R's numbers (survRM2 rmst2 via rmst-difference.json)", () => {
  it('addicts by clinic, tau 365: groups and the clinic 2 against clinic 1 comparison', () => {
    const { c, options, result } = runCase('addicts by clinic, tau 365');
    const tables = declaredTableCells(rmstAnalysis.presentation!, result, options);
    expect(tables.map((t) => t.id)).toEqual(['rmst-groups', 'rmst-comparisons']);
    const [groups, comparisons] = tables;
    expect(groups.columns.map((col) => col.label)).toEqual(['Group', 'Participants', 'Relapses', 'Up to', 'Restricted mean', 'SE', '95% CI']);
    groups.rows.forEach((row, k) => {
      const r = c.doc.groups[k];
      expect(row.slice(0, 4)).toEqual([{ kind: 'text', text: r.group }, { kind: 'count', value: r.n }, { kind: 'count', value: r.events }, { kind: 'number', value: 365, digits: 0 }]);
      const [mean, se, ci] = row.slice(4) as unknown as [{ value: number }, { value: number }, { lower: number; upper: number }];
      expectClose(mean.value, r.rmst, `${r.group} rmst`);
      expectClose(se.value, r.stdErr, `${r.group} se`);
      expectClose(ci.lower, r.lower, `${r.group} lower`);
      expectClose(ci.upper, r.upper, `${r.group} upper`);
    });
    expect(comparisons.columns.map((col) => col.label)).toEqual(['Group', 'Compared with', 'Difference', 'Difference 95% CI', 'p (difference)', 'Ratio', 'Ratio 95% CI', 'p (ratio)']);
    const e = c.doc.comparisons[0];
    const row = comparisons.rows[0] as unknown as [{ text: string }, { text: string }, { value: number }, { lower: number; upper: number }, { value: number }, { value: number; digits: number }, { lower: number; upper: number }, { value: number }];
    expect([row[0].text, row[1].text]).toEqual([e.a, e.b]);
    expectClose(row[2].value, e.difference, 'difference');
    expectClose(row[3].lower, e.differenceLower, 'difference lower');
    expectClose(row[3].upper, e.differenceUpper, 'difference upper');
    expectClose(row[4].value, e.p, 'p');
    expectClose(row[5].value, e.ratio, 'ratio');
    expect(row[5].digits).toBe(3);
    expectClose(row[6].lower, e.ratioLower, 'ratio lower');
    expectClose(row[6].upper, e.ratioUpper, 'ratio upper');
    expectClose(row[7].value, e.ratioP, 'ratio p');
  });

  it('a 90% level names its intervals "90% CI"', () => {
    const { result } = runCase('veteran by trt, tau 180, 90%');
    const table = rmstAnalysis.presentation!.tables[1] as DeclaredTable<RmstOptions, RmstResult>;
    expect(columnLabel(table, table.columns[3], result)).toBe('Difference 90% CI');
  });

  it('with --pairwise no the comparisons table is left out (no rows)', () => {
    const { options, result } = runCase('addicts by clinic, tau 365', { pairwise: 'no' });
    expect(declaredRows(rmstAnalysis.presentation!.tables[1], result, options)).toEqual([]);
    expect(declaredTableCells(rmstAnalysis.presentation!, result, options).map((t) => t.id)).toEqual(['rmst-groups']);
  });
});

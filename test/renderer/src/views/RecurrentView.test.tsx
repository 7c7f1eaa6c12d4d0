// @vitest-environment jsdom
/**
 * The Recurrent relapses view on R's cgd (203 (tstart, tstop] rows of 128 participants) with the real
 * handlers, mapped as several rows per participant. Its defaults (the mapping's group column treat as
 * the covariate, as categories, and as the MCF's group) give R's
 *   coxph(Surv(tstart, tstop, status) ~ treat + cluster(id), cgd)    and
 *   survfit(Surv(tstart, tstop, status) ~ treat, id = id)             (cumhaz, std.chaz, log CI)
 * of fixtures/recurrent-view.R (and ~ treat + age when age is mapped to a factor): the reply to 1e-6, the table's cells, the sentences word for word and
 * one MCF curve per group. With a one-row-per-participant mapping the view says in one line what it needs.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { RecurrentView } from '../../../../renderer/src/views/RecurrentView';
import type { RecurrentResult } from '../../../../shared/analyses/recurrent';
import type { DatasetSummaryInfo, MappingTemplate } from '../../../../renderer/src/views/types';
import { expectClose } from '../../../helpers/compare';
import R from './fixtures/recurrent-view.json';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';

const CGD_CSV = resolve(import.meta.dirname, '../../../fixtures/data/cgd.csv');
const CGD_MAPPING: MappingTemplate = {
  format: 'relapse-workbench-mapping',
  version: 1,
  id: 'id',
  outcome: { time: 'tstop', intervalStart: 'tstart', event: 'status', eventValues: ['1'] },
  groups: ['treat'],
  factors: {},
};

let harness: Harness;
let cgd: DatasetSummaryInfo;
beforeAll(async () => {
  harness = await startHarness();
  cgd = await harness.importCsv(CGD_CSV, 'cgd');
});
afterAll(() => harness.close());
afterEach(cleanup);

function lastResult(): RecurrentResult {
  const call = harness.calls.filter((c) => c.channel === 'analysis:run').pop()!;
  return (call.reply as { ok: true; value: { result: RecurrentResult } }).value.result;
}
const paragraphs = (testId: string) => [...screen.getByTestId(testId).querySelectorAll('p')].map((p) => p.textContent);

describe('RecurrentView', () => {
  test('cgd, Andersen–Gill by treatment: table with both SEs, sentences and the MCF per group, equal to R', async () => {
    harness.calls.length = 0;
    render(withWorkspace(workspaceFor(harness, CGD_MAPPING, { dataset: 'cgd', summary: cgd }), <RecurrentView />));
    await waitFor(() => screen.getByTestId('recurrent-table'), { timeout: 60_000 });
    const request = harness.calls.find((c) => c.channel === 'analysis:run')!.args as { mapping?: unknown; options: Record<string, unknown> };
    expect(request.options).toMatchObject({ start: 'tstart', time: 'tstop', event: 'status', eventValue: '1', id: 'id', model: 'ag', covariates: ['treat'], categorical: ['treat'], group: 'treat' });
    expect(request.mapping).toBeUndefined();

    const result = lastResult();
    const [row] = result.coefficients;
    const m = R.model;
    expect(row.term).toBe(m.term);
    expectClose(row.coef, m.coef, 'coef');
    expectClose(row.se, m.se, 'se');
    expectClose(row.robustSe, m.robustSe, 'robust se');
    expectClose(row.hr, m.hr, 'rate ratio');
    expectClose(row.hrLower, m.hrLower, 'lower');
    expectClose(row.hrUpper, m.hrUpper, 'upper');
    expectClose(row.z, m.z, 'z');
    expectClose(row.p, m.p, 'p');
    expect(result.n).toBe(m.n);
    expect(result.events).toBe(m.events);

    const table = screen.getByTestId('recurrent-table');
    expect([...table.querySelectorAll('th')].map((th) => th.textContent)).toEqual(expect.arrayContaining(['SE (model)', 'Robust SE', 'Rate ratio', '95% CI (robust)']));
    const cells = [...within(table).getAllByRole('row')[1].querySelectorAll('td, th')].map((c) => c.textContent);
    expect(cells).toEqual(['treat=rIFN-g', '-1.0953', '0.2610', '0.3119', '0.334', '(0.181–0.616)', '-3.51', '<0.001']);

    expect(paragraphs('recurrent-summary')[0]).toBe('Participants with treat rIFN-g had 0.33 times the rate of relapse episodes of those with treat placebo (95% CI 0.18–0.62): a lower rate.');
    expect(paragraphs('recurrent-mcf-summary')).toEqual([
      'By day 439, participants in placebo had on average 1.51 relapses each (95% CI 1.01–2.27).',
      'By day 414, participants in rIFN-g had on average 0.70 relapses each (95% CI 0.37–1.33).',
    ]);

    for (const [k, curve] of result.mcf.entries()) {
      const r = R.mcf[k];
      expect(curve.group).toBe(r.group);
      expect(curve.rows).toHaveLength(r.rows);
      const last = curve.rows[curve.rows.length - 1];
      expectClose(last.time, r.lastTime, `${r.group} last time`);
      expectClose(last.mcf, r.lastMcf, `${r.group} mcf`);
      expectClose(last.stdErr, r.lastStdErr, `${r.group} se`);
      expectClose(last.lower, r.lastLower, `${r.group} lower`);
      expectClose(last.upper, r.lastUpper, `${r.group} upper`);
      expect(curve.rows[0].atRisk).toBe(r.firstAtRisk);
    }
    const chart = screen.getByTestId('recurrent-mcf');
    expect(chart.querySelectorAll('.mcf-curve path.recharts-line-curve')).toHaveLength(2);
    expect(chart.querySelectorAll('.mcf-at-risk-row')).toHaveLength(2);
    expect(within(chart).getByRole('img', { name: /2 curves.*placebo: 65 participants, 56 relapses.*rIFN-g: 63 participants, 20 relapses/ })).toBeTruthy();
  });

  test('a column mapped to a factor joins the default covariates: treat + age, equal to R', async () => {
    harness.calls.length = 0;
    const mapping: MappingTemplate = { ...CGD_MAPPING, factors: { underlying_issues: [{ column: 'age', direction: 'risk' }] } };
    render(withWorkspace(workspaceFor(harness, mapping, { dataset: 'cgd', summary: cgd }), <RecurrentView />));
    await waitFor(() => expect(within(screen.getByTestId('recurrent-table')).getAllByRole('row')).toHaveLength(3), { timeout: 60_000 });
    const request = harness.calls.find((c) => c.channel === 'analysis:run')!.args as { options: Record<string, unknown> };
    expect(request.options).toMatchObject({ covariates: ['treat', 'age'], categorical: ['treat'] });
    const result = lastResult();
    expect(result.coefficients.map((c) => c.term)).toEqual(['treat=rIFN-g', 'age']);
    result.coefficients.forEach((row, k) => {
      const r = R.modelWithAge[k];
      for (const key of ['coef', 'se', 'robustSe', 'hr', 'hrLower', 'hrUpper', 'z', 'p'] as const) expectClose(row[key], r[key], `${row.term} ${key}`);
    });
    expect(paragraphs('recurrent-summary')[1]).toBe('Each unit more of age went with 0.97 times the rate of relapse episodes (95% CI 0.94–1.00): a lower rate.');
  });

  test('PWP gap time is a choice with its sentence, and is what the request asks for', async () => {
    harness.calls.length = 0;
    render(withWorkspace(workspaceFor(harness, CGD_MAPPING, { dataset: 'cgd', summary: cgd }), <RecurrentView />));
    await waitFor(() => screen.getByTestId('recurrent-table'), { timeout: 60_000 });
    const gap = screen.getByRole('radio', { name: 'PWP, gap time' });
    expect(document.getElementById(gap.getAttribute('aria-describedby')!)!.textContent).toBe('As PWP total time, but the clock restarts at each episode: the time since the previous relapse.');
    fireEvent.click(gap);
    await waitFor(() => expect(lastResult()?.model).toBe('pwp-gap'), { timeout: 60_000 });
  });

  test('edge cases: a row missing its start left out (and said), tied stops, two relapses of one participant; equal to R', async () => {
    const edges = await harness.importCsv(resolve(import.meta.dirname, 'fixtures/recurrent-edges.csv'), 'edges');
    const mapping: MappingTemplate = { format: 'relapse-workbench-mapping', version: 1, id: 'pid', outcome: { time: 't1', intervalStart: 't0', event: 'ev', eventValues: ['1'] }, groups: ['arm'], factors: {} };
    harness.calls.length = 0;
    render(withWorkspace(workspaceFor(harness, mapping, { dataset: 'edges', summary: edges }), <RecurrentView />));
    await waitFor(() => screen.getByTestId('recurrent-table'), { timeout: 60_000 });
    expect(document.querySelector('[data-warning="rows-excluded"]')!.textContent).toBe('1 rows were left out because the start, the stop, the event, the id, a covariate or the group was missing.');
    const result = lastResult();
    const r = R.edgeModel;
    expect(result.n).toBe(r.n);
    expect(result.events).toBe(r.events);
    const [row] = result.coefficients;
    for (const key of ['coef', 'se', 'robustSe', 'hr', 'hrLower', 'hrUpper', 'z', 'p'] as const) expectClose(row[key], r[key], `arm=b ${key}`);
    result.mcf.forEach((curve, g) => {
      const rc = R.edgeMcf[g];
      expect(curve.group).toBe(rc.group);
      expect(curve.rows.map((x) => x.time)).toEqual(rc.time);
      expect(curve.rows.map((x) => x.atRisk)).toEqual(rc.atRisk);
      curve.rows.forEach((x, k) => {
        expectClose(x.mcf, rc.mcf[k], `${rc.group} mcf ${k}`);
        expectClose(x.stdErr, rc.stdErr[k], `${rc.group} se ${k}`);
      });
    });
    expect(paragraphs('recurrent-summary')[0]).toBe(
      'Participants with arm b had 1.57 times the rate of relapse episodes of those with arm a (95% CI 0.87–2.85); the interval includes 1, so these data do not show whether the rate is higher or lower.',
    );
  });

  test('no relapse at all: the model is refused in one line', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = resolve(mkdtempSync(resolve(tmpdir(), 'rw-recurrent-')), 'none.csv');
    writeFileSync(path, 'pid,t0,t1,ev,arm\n1,0,10,0,a\n1,10,20,0,a\n2,0,15,0,b\n3,0,8,0,b\n');
    const none = await harness.importCsv(path, 'none');
    const mapping: MappingTemplate = { format: 'relapse-workbench-mapping', version: 1, id: 'pid', outcome: { time: 't1', intervalStart: 't0', event: 'ev', eventValues: ['1'] }, groups: ['arm'], factors: {} };
    render(withWorkspace(workspaceFor(harness, mapping, { dataset: 'none', summary: none }), <RecurrentView />));
    await waitFor(() => screen.getByRole('alert'), { timeout: 60_000 });
    expect(screen.getByRole('alert').textContent).toBe('This could not be completed: no relapses among the 4 intervals analysed: the model cannot be estimated');
    expect(screen.queryByTestId('recurrent-table')).toBeNull();
  });

  test('with one row per participant it says in one line what it needs', () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <RecurrentView />));
    expect(screen.getByTestId('recurrent-needs-rows').textContent).toBe(
      'Recurrent relapses need several rows per participant (episodes or intervals): choose that in the Mapping step. Mapping',
    );
  });
});

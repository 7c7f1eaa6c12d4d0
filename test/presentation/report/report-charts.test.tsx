// @vitest-environment jsdom
/**
 * The report's chart blocks drawn as charts: a KM block carrying the log-rank p of its grouping prints it on
 * the plot (R survdiff p for addicts by clinic, test/shared/stats/fixtures/log-rank.R); a forest block's
 * reference row is drawn as "1 (reference)".
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { reportChartElement } from '../../../presentation/report/report-charts';
import { addictsByClinic, addictsCoxHazardRatios } from '../charts/chart-data';

afterEach(cleanup);

const survdiff = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../shared/stats/fixtures/log-rank.json'), 'utf8')) as { cases: { name: string; result: { p: number } }[] };
const pOf = (name: string) => survdiff.cases.find((c) => c.name === name)!.result.p;

describe('reportChartElement', () => {
  test('a KM block with the log-rank p prints it; without, nothing', () => {
    const groups = addictsByClinic().groups;
    const p = pOf('addicts clinic');
    const withP = render(reportChartElement({ type: 'km', title: 'By clinic', groups, pValue: { p } })!);
    expect(withP.container.querySelector('.km-p-value')!.textContent).toBe('Log-rank p < 0.001');
    cleanup();
    const lungP = pOf('lung sex');
    const other = render(reportChartElement({ type: 'km', title: 'By clinic', groups, pValue: { p: lungP } })!);
    // R: 0.00131 prints as 0.001 (three decimals below 0.1).
    expect(other.container.querySelector('.km-p-value')!.textContent).toBe('Log-rank p = 0.001');
    cleanup();
    const without = render(reportChartElement({ type: 'km', title: 'By clinic', groups })!);
    expect(without.container.querySelector('.km-p-value')).toBeNull();
  });

  test("a forest block's reference row: an open square at 1 and '1 (reference)', no interval", () => {
    const [clinic2, ...rest] = addictsCoxHazardRatios;
    const rows = [{ term: 'clinic: 1', hr: 1, hrLower: null, hrUpper: null, p: null, reference: true }, { ...clinic2, term: 'clinic: 2 vs 1' }, ...rest];
    const { container } = render(reportChartElement({ type: 'forest', title: 'Hazard ratios', rows, confLevel: 0.95 })!);
    const labels = [...container.querySelectorAll('.forest-row')].map((g) => [g.getAttribute('data-term'), g.querySelector('.forest-label')!.textContent]);
    expect(labels[0]).toEqual(['clinic: 1', '1 (reference)']);
    expect(labels[1][1]).toBe('0.36 (0.24\u20130.56)  p <0.001');
    expect(container.querySelector('.forest-reference-row .forest-interval')).toBeNull();
    expect(container.querySelectorAll('.forest-estimate.forest-reference')).toHaveLength(1);
  });
});

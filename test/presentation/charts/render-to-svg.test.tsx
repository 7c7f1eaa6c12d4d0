// @vitest-environment node
// Deliberately the Node environment (no global document): this is how the report runs renderChartToSvg.
import { describe, expect, test } from 'vitest';
import { renderChartToSvg } from '../../../presentation/charts/render-to-svg';
import { KaplanMeierChart } from '../../../presentation/charts/KaplanMeierChart';
import { addictsByClinic } from './chart-data';

describe('renderChartToSvg in Node', () => {
  test('KM chart: standalone SVG with a path per group and the at-risk numbers', async () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    const { groups, time, clinic } = addictsByClinic();
    const svg = await renderChartToSvg(
      <KaplanMeierChart width={720} height={520} groups={groups} title="Retention by clinic" ticks={[0, 365, 730]} />,
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g)).toHaveLength(1);
    // No reference to anything outside the file except the namespace itself.
    expect(svg.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/http/);
    expect(svg).toContain('width="720"');
    expect(svg).toContain('height="520"');
    expect(svg.match(/class="km-curve"/g)).toHaveLength(2);
    // At-risk numbers, counted from the data, appear as table cells inside the SVG.
    const cells = Array.from(svg.matchAll(/class="km-at-risk-count" data-tick="(\d+)"[^>]*>([^<]*)</g), (m) => [Number(m[1]), m[2]]);
    const expected = [1, 2].flatMap((level) =>
      [0, 365, 730].map((tick) => [tick, String(time.filter((t, i) => clinic[i] === level && t >= tick).length)]),
    );
    expect(cells).toEqual(expected);
    expect(svg).toContain('Number at risk');
    expect(svg).toContain('Retention by clinic');
    // The global scope is left as it was.
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
  });

  test('ids are unique per chart, references follow them, and the same chart gives the same markup', async () => {
    const { groups } = addictsByClinic();
    const element = <KaplanMeierChart width={600} height={480} groups={groups.slice(0, 1)} title="Clinic 1" />;
    const first = await renderChartToSvg(element);
    const second = await renderChartToSvg(element);
    const ids = (svg: string) => Array.from(svg.matchAll(/ id="([^"]+)"/g), (m) => m[1]);
    expect(ids(first).length).toBeGreaterThan(0);
    expect(ids(first).every((id) => id.startsWith('chart'))).toBe(true);
    expect(ids(first).filter((id) => ids(second).includes(id))).toEqual([]);
    for (const [, ref] of first.matchAll(/url\(#([^)]+)\)/g)) expect(ids(first)).toContain(ref);
    const again = await renderChartToSvg(element, { idPrefix: 'same-' });
    const onceMore = await renderChartToSvg(element, { idPrefix: 'same-' });
    expect(onceMore).toBe(again);
  });
});

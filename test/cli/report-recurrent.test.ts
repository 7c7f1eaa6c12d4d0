// `report --csv cgd.csv --mapping M --out report.html` with a mapping of several rows per participant,
// run as a child process: the report holds the Repeated relapses section (the MCF chart drawn as SVG,
// the AG table with R's rate ratio, both SEs and p as coxph(Surv(tstart, tstop, status) ~ treat +
// cluster(id)) gives them in test/renderer/src/views/fixtures/recurrent-view.json), the one-row
// sections left out with one line, and the export of it replays with `rerun`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseHtml } from '../node/report/parse-html';
import { formatCI, formatNumber, formatP } from '../../presentation/format';
import { CHILD_ENV, CLI_BIN, ensureCliBuilt, NODE, PROJECT_ROOT } from '../helpers/run-cli';

let dir: string;
const path = (name: string) => join(dir, name);
const cli = (args: string[]) => execFileSync(NODE, [CLI_BIN, ...args], { cwd: PROJECT_ROOT, env: CHILD_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 * 1024 * 1024 });
const fixture = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/renderer/src/views/fixtures/recurrent-view.json'), 'utf8'));
const cgd = join(PROJECT_ROOT, 'test/fixtures/data/cgd.csv');

beforeAll(async () => {
  await ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'cli-report-recurrent-'));
  writeFileSync(
    path('mapping.json'),
    JSON.stringify({ format: 'relapse-workbench-mapping', version: 1, id: 'id', outcome: { intervalStart: 'tstart', time: 'tstop', event: 'status', eventValues: [1] }, groups: ['treat'] }),
  );
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli report, several rows per participant', () => {
  test("writes the Repeated relapses section: the MCF chart and R's AG rate ratio, SEs and p", () => {
    const out = JSON.parse(cli(['report', '--csv', cgd, '--mapping', path('mapping.json'), '--out', path('report.html'), '--min-cell', '0', '--export-analysis', path('analysis.json'), '--json']));
    expect(out.sections).toEqual(['recurrent', 'methods', 'provenance', 'mapping']);
    expect(out.failed).toEqual([]);
    const doc = parseHtml(readFileSync(path('report.html'), 'utf8'));
    const section = doc.querySelector('section[data-section="recurrent"]')!;
    expect(section.querySelector('h2')?.textContent).toBe('Repeated relapses');
    expect(section.textContent).toContain('the sections that take one row per participant');
    expect(section.querySelector('figure[data-chart="mcf"] svg')).not.toBeNull();
    const row = [...section.querySelectorAll('#table-recurrent-ag tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    const m = fixture.model;
    expect(row).toEqual([['treat: rIFN-g vs placebo', formatNumber(m.hr, 3), formatCI(m.hrLower, m.hrUpper, 3), formatNumber(m.se, 4), formatNumber(m.robustSe, 4), formatNumber(m.z, 2), formatP(m.p)]]);
    const methods = doc.querySelector('section[data-section="methods"]')!.textContent ?? '';
    expect(methods).toContain('coxph(Surv(start, stop, event) ~ x + cluster(id))');
  });

  test('the analysis-only export replays the same section with rerun', () => {
    cli(['rerun', path('analysis.json'), '--csv', cgd, '--out', path('rerun.html')]);
    const first = parseHtml(readFileSync(path('report.html'), 'utf8')).querySelector('#table-recurrent-ag')!.textContent;
    const again = parseHtml(readFileSync(path('rerun.html'), 'utf8')).querySelector('#table-recurrent-ag')!.textContent;
    expect(again).toBe(first);
  });
});

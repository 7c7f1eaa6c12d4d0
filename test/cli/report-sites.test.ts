// `report --sites-by COL` run as a child process: the opt-in section comparing sites (funnel plot,
// observed/expected table, adjusted curves, restricted means, readings, methods) under small-cell
// suppression; the default report has no such section; an unknown column is refused in one line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseHtml } from '../node/report/parse-html';
import { DEMO_MAPPING } from '../../shared/demo/demo-mapping';
import { CHILD_ENV, CLI_BIN, ensureCliBuilt, NODE, PROJECT_ROOT } from '../helpers/run-cli';

let dir: string;
const path = (name: string) => join(dir, name);
const cli = (args: string[]) => execFileSync(NODE, [CLI_BIN, ...args], { cwd: PROJECT_ROOT, env: CHILD_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 * 1024 * 1024 });

beforeAll(async () => {
  await ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'cli-report-sites-'));
  cli(['demo-cohort', '--out', path('cohort.csv'), '--participants', '2000']);
  writeFileSync(path('mapping.json'), JSON.stringify({ ...DEMO_MAPPING, groups: ['arm'] }));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli report --sites-by', () => {
  test('adds the sites section after the factors (site is not a mapped group column); no count under 11', () => {
    const out = JSON.parse(cli(['report', '--csv', path('cohort.csv'), '--mapping', path('mapping.json'), '--out', path('sites.html'), '--sites-by', 'site', '--min-cell', '11', '--json']));
    expect(out.sections).toEqual(['overview', 'group:arm', 'factors', 'sites', 'competing', 'correlation', 'methods', 'provenance', 'mapping']);
    const doc = parseHtml(readFileSync(path('sites.html'), 'utf8'));
    const text = doc.body.textContent ?? '';
    expect(text).toContain('Comparing sites (site)');
    expect(doc.querySelector('figure[data-chart="funnel"] svg')).toBeTruthy();
    expect(doc.querySelector('figure[data-chart="adjusted"] svg')).toBeTruthy();
    for (const caption of ['Observed and expected relapses by site', 'Restricted mean time free of relapse to day', 'Differences in restricted mean by site']) expect(text).toContain(caption);
    expect(text).toContain('Adjustment removes differences between sites in the measured factors only');
    expect(text).toContain("Spiegelhalter's (2005) exact Poisson limits");
    for (const site of ['Eastgate', 'Hillcrest', 'Northside', 'Riverside']) expect(doc.querySelector(`figure[data-chart="funnel"] [data-group="${site}"]`), site).toBeTruthy();
    const counts = [...doc.querySelectorAll('[data-kind="count"], [data-kind="suppressed"], .km-at-risk-count')].map((el) => el.textContent ?? '');
    expect(counts.filter((t) => t !== '<11' && t !== 'suppressed' && t !== '0' && !(Number(t.replace(/,/g, '')) >= 11))).toEqual([]);
  }, 180_000);

  test('without --sites-by there is no sites section', () => {
    const out = JSON.parse(cli(['report', '--csv', path('cohort.csv'), '--mapping', path('mapping.json'), '--out', path('plain.html'), '--json']));
    expect(out.sections).not.toContain('sites');
    expect(readFileSync(path('plain.html'), 'utf8')).not.toContain('data-chart="funnel"');
  }, 180_000);

  test('an unknown site column is refused in one line', () => {
    let failure: { status: number; stderr: string } | null = null;
    try {
      cli(['report', '--csv', path('cohort.csv'), '--mapping', path('mapping.json'), '--out', path('bad.html'), '--sites-by', 'clinic']);
    } catch (error) {
      failure = error as { status: number; stderr: string };
    }
    expect(failure).not.toBeNull();
    expect(failure!.status).not.toBe(0);
    const lines = failure!.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('the site column "clinic" of the sites section is not in the data');
  }, 120_000);
});

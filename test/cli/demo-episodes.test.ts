// `demo --out DIR` (npm run demo) writes the demo episodes too: the same participants' relapse episodes
// (byte for byte shared/demo's dataset), their several-rows mapping and their report, whose Repeated
// relapses section shows the aftercare rate ratio and the MCF; the built CLI as a child process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseHtml } from '../node/report/parse-html';
import { DEMO_EPISODES_MAPPING, demoEpisodesCsv } from '../../shared/demo/demo-episodes';
import { DEMO_PARTICIPANTS } from '../../shared/demo/demo-mapping';
import { parseMapping } from '../../shared/mapping/format';
import { CHILD_ENV, CLI_BIN, ensureCliBuilt, NODE, PROJECT_ROOT } from '../helpers/run-cli';

let dir: string;
const path = (name: string) => join(dir, name);
const cli = (args: string[]) => execFileSync(NODE, [CLI_BIN, ...args], { cwd: PROJECT_ROOT, env: CHILD_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 * 1024 * 1024 });

beforeAll(async () => {
  await ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'cli-demo-episodes-'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli demo: the episodes', () => {
  test('writes the episodes, their mapping and their report with the Repeated relapses section', () => {
    const out = JSON.parse(cli(['demo', '--out', path('demo'), '--json']));
    expect(out.files.episodes).toBe(path('demo/demo-episodes.csv'));
    expect(out.episodesSections).toEqual(['notes', 'recurrent', 'methods', 'provenance', 'mapping']);
    expect(readFileSync(path('demo/demo-episodes.csv'), 'utf8')).toBe(demoEpisodesCsv(DEMO_PARTICIPANTS));
    expect(parseMapping(readFileSync(path('demo/demo-episodes-mapping.json'), 'utf8'))).toEqual(parseMapping(DEMO_EPISODES_MAPPING));
    const doc = parseHtml(readFileSync(path('demo/demo-episodes-report.html'), 'utf8'));
    const section = doc.querySelector('section[data-section="recurrent"]')!;
    expect(section.querySelector('figure[data-chart="mcf"] svg')).not.toBeNull();
    const terms = [...section.querySelectorAll('#table-recurrent-ag tbody tr td:first-child')].map((td) => td.textContent);
    expect(terms).toContain('aftercare_attendance: attended vs absent');
    expect(terms).toContain('craving_vas (per unit)');
  }, 180_000);
});

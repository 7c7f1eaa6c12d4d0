/**
 * The CLI contract of `analyze rmst` (issue 14 item 4): `analyze rmst --csv F --time COL --event COL
 * --group COL [--tau T] --json` gives `comparisons` ({a, b, difference, differenceLower,
 * differenceUpper, ratio, ratioLower, ratioUpper, p}) and the per-group restricted means, equal to R
 * field for field (test/shared/stats/fixtures/rmst-difference.R: survfit's rmean and se(rmean) with
 * survRM2 rmst2's formulas); a single group and a repeated participant are refused in one line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { expectDocument, expectJsonSuccess, expectOneLineError } from './contract';
import { asArray } from '../shared/stats/km-fixture';
import { rmstCase, type RmstFixtureCase } from '../shared/stats/rmst-difference-fixture';

const dir = mkdtempSync(join(tmpdir(), 'rw-rmst-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The contract command for a fixture case: the dataset CSV itself, or a CSV of the inline data. */
function commandFor(c: RmstFixtureCase): string[] {
  const s = c.source;
  let csv: string;
  let columns: string[];
  if (s.inline) {
    csv = join(dir, 'inline.csv');
    const time = asArray(s.inline.time);
    const status = asArray(s.inline.status);
    const group = asArray(s.inline.group);
    writeFileSync(csv, ['time,status,group', ...time.map((t, i) => `${t},${status[i]},${group[i]}`)].join('\n') + '\n');
    columns = ['--time', 'time', '--event', 'status', '--group', 'group'];
  } else {
    csv = `test/fixtures/data/${s.dataset}.csv`;
    columns = ['--time', s.time!, '--event', s.event!, '--group', s.group!];
    if (s.eventValue != null) columns.push('--event-value', s.eventValue);
  }
  const args = ['analyze', 'rmst', '--csv', csv, ...columns];
  if (c.options.tau !== null) args.push('--tau', String(c.options.tau));
  if (c.options.confLevel !== 0.95) args.push('--conf-level', String(c.options.confLevel));
  return [...args, '--json'];
}

describe('analyze rmst', () => {
  const cases = [
    'veteran by trt, default tau',
    'veteran by trt, tau 180, 90%',
    "veteran by celltype, tau 500 (beyond two groups' follow-up)",
    "addicts by clinic, tau 1000 (beyond clinic 1's follow-up)",
    'lung by ph.ecog (one missing, a one-row group)',
    'a group with no events',
  ];
  for (const name of cases) {
    it(`${name}: the document equals R`, async () => {
      const c = rmstCase(name);
      const doc = expectJsonSuccess(await runCli(commandFor(c)), name);
      expectDocument(doc, c.doc, name);
      for (const comparison of doc.comparisons) {
        expect(Object.keys(comparison)).toEqual(
          expect.arrayContaining(['a', 'b', 'difference', 'differenceLower', 'differenceUpper', 'ratio', 'ratioLower', 'ratioUpper', 'p']),
        );
      }
      expect(doc.tauChosen).toBe(c.options.tau === null ? 'default' : 'user');
      const flat = doc.warnings.filter((w: { code: string }) => w.code === 'rmst-beyond-follow-up');
      expect(flat.map((w: { message: string }) => w.message.match(/in group (\S+) \(/)?.[1])).toEqual(c.flatBeyond);
    });
  }

  it('refuses a single group in one line', async () => {
    const csv = join(dir, 'one-group.csv');
    writeFileSync(csv, 'days,relapse,clinic\n5,1,north\n8,0,north\n3,1,north\n');
    const line = expectOneLineError(await runCli(['analyze', 'rmst', '--csv', csv, '--time', 'days', '--event', 'relapse', '--group', 'clinic', '--json']), 'one group');
    expect(line).toMatch(/group column "clinic" has only one value \(north\) among the usable rows; the restricted mean comparison needs at least two groups/);
  });

  it('refuses a repeated participant with --id in one line (colon has a recurrence and a death row per patient)', async () => {
    const line = expectOneLineError(
      await runCli(['analyze', 'rmst', '--csv', 'test/fixtures/data/colon.csv', '--time', 'time', '--event', 'status', '--group', 'rx', '--id', 'id', '--json']),
      'repeated id',
    );
    expect(line).toMatch(/id column "id": .*the restricted mean comparison takes one row per participant/);
  });
});

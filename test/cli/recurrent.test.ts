/**
 * The CLI contract of `analyze recurrent` (issue 13, item 5): flags from the declaration, the model table
 * as `analyze cox` gives it plus `robustSe`, and `mcf` per group; bad intervals refused in one line.
 * Numbers against R: test/shared/stats/fixtures/cox-counting-process.R (cgd, coxph(... + cluster(id))).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { expectClose } from '../helpers/compare';
import { expectOneLineError } from './contract';
import { fixture } from '../shared/stats/cox-counting-process-cases';

describe('analyze recurrent', () => {
  it('gives the AG model of cgd with robust SEs and the MCF by treatment, as R', async () => {
    const run = await runCli([
      'analyze', 'recurrent', '--csv', 'test/fixtures/data/cgd.csv', '--start', 'tstart', '--time', 'tstop', '--event', 'status', '--id', 'id',
      '--group', 'treat', '--model', 'ag', '--covariates', 'treat,sex,age', '--categorical', 'treat,sex', '--reference', 'sex=male', '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const doc = run.json<{ coefficients: { term: string; coef: number; se: number; robustSe: number }[]; participants: number; mcf: { group: string; rows: { time: number; mcf: number; stdErr: number; lower: number; upper: number }[] }[] }>();
    const r = fixture.cases['cgd-efron'];
    expect(doc.participants).toBe(128);
    expect(doc.coefficients.map((c) => c.term)).toEqual(['treat=rIFN-g', 'sex=female', 'age']);
    doc.coefficients.forEach((c, k) => {
      expectClose(c.coef, r.coefficients[k], `${c.term} coef`);
      expectClose(c.se, r.standardErrors[k], `${c.term} se`);
      expectClose(c.robustSe, r.robustStandardErrors![k], `${c.term} robustSe`);
    });
    expect(doc.mcf.map((g) => g.group)).toEqual(['placebo', 'rIFN-g']);
    expect(Object.keys(doc.mcf[0].rows[0])).toEqual(expect.arrayContaining(['time', 'mcf', 'stdErr', 'lower', 'upper']));
  });

  it('refuses overlapping intervals of a participant in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rw-recurrent-'));
    try {
      const csv = join(dir, 'overlap.csv');
      writeFileSync(csv, 'id,start,stop,event,x\n1,0,10,1,1\n1,5,20,0,1\n2,0,8,1,0\n');
      const line = expectOneLineError(
        await runCli(['analyze', 'recurrent', '--csv', csv, '--start', 'start', '--time', 'stop', '--event', 'event', '--id', 'id', '--covariates', 'x', '--json']),
        'recurrent',
      );
      expect(line).toMatch(/participant "1": the intervals of data rows 1 \(0, 10\] and 2 \(5, 20\] overlap/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

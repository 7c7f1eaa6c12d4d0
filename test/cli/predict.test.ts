/**
 * The CLI contract of `analyze predict` (issue 14 item 1): `analyze predict --csv F --time COL --event COL
 * --covariates a,b [--categorical …] [--strata COL] --profile 'col=value,…' [--profile …] [--times t1,t2]
 * --json` gives the fitted coefficients (term, coef, se, hr), n, events and one curve per profile
 * {profile, rows, atTimes}, equal to R field for field (test/shared/stats/fixtures/cox-predicted-survival.R:
 * survfit(coxph_fit, newdata = profile) and summary(curve, times =, extend = FALSE)). Bad profiles, a
 * missing --profile and a repeated participant are refused in one line with a non-zero exit code.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { expectDocument, expectJsonSuccess, expectOneLineError } from './contract';
import { asArray, caseSubsetCsv, predictionCases, profileEcho, type PredictionCase } from '../shared/stats/cox-predicted-survival-cases';

const dir = mkdtempSync(join(tmpdir(), 'rw-predict-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const byId = (id: string) => predictionCases.find((c) => c.id === id)!;

/** The contract command for a fixture case: the dataset's CSV, or the inline data / subset written to a file. */
function commandFor(c: PredictionCase, extra: string[] = []): string[] {
  let csv = `test/fixtures/data/${c.dataset}.csv`;
  if (c.inline || c.subset) {
    csv = join(dir, `${c.id}.csv`);
    writeFileSync(csv, caseSubsetCsv(c));
  }
  const args = ['analyze', 'predict', '--csv', csv, '--time', c.time, '--event', c.event, '--covariates', asArray(c.covariates).join(',')];
  if (asArray(c.categorical).length > 0) args.push('--categorical', asArray(c.categorical).join(','));
  if (c.strata) args.push('--strata', c.strata);
  args.push('--ties', c.ties);
  for (const profile of c.profiles) args.push('--profile', profile);
  args.push('--times', c.times.join(','));
  return [...args, ...extra, '--json'];
}

/** The document R's numbers make: the fit, and per profile the curve's rows and summary(times =). */
function expectedDocument(c: PredictionCase, confLevel = 0.95) {
  const r = c.r;
  const other = confLevel !== 0.95;
  return {
    n: r.n,
    events: r.nevent,
    coefficients: asArray(r.names).map((term, k) => {
      const coef = asArray(r.coef)[k];
      // A collinear column: R's coef is NA (its sqrt(diag(var)) is 0, printed NA by summary(coxph)): se and hr are null.
      return coef === null ? { term, coef: null, se: null, hr: null } : { term, coef, se: asArray(r.se)[k], hr: Math.exp(coef) };
    }),
    ties: c.ties,
    confLevel,
    times: c.times,
    curves: r.curves.map((e) => {
      const surv = asArray(e.surv);
      const lower = other ? asArray(e.otherConf!.lower) : asArray(e.lower);
      const upper = other ? asArray(e.otherConf!.upper) : asArray(e.upper);
      const at = e.at;
      const atLower = other ? asArray(e.otherConf!.at.lower) : asArray(at.lower);
      const atUpper = other ? asArray(e.otherConf!.at.upper) : asArray(at.upper);
      return {
        profile: profileEcho(c, e.profile),
        rows: asArray(e.time).map((time, j) => ({
          time,
          nRisk: asArray(e['n.risk'])[j],
          nEvent: asArray(e['n.event'])[j],
          nCensor: asArray(e['n.censor'])[j],
          survival: surv[j],
          // summary.survfit's std.err: the SE of S = survfit's std.err × surv.
          stdErr: asArray(e['std.err'])[j] * surv[j],
          lower: lower[j],
          upper: upper[j],
          cumHaz: asArray(e.cumhaz)[j],
          cumHazStdErr: asArray(e['std.err'])[j],
        })),
        atTimes: asArray(at.time).map((time, j) => ({
          time,
          nRisk: asArray(at['n.risk'])[j],
          nEvent: asArray(at['n.event'])[j],
          nCensor: asArray(at['n.censor'])[j],
          survival: asArray(at.surv)[j],
          stdErr: asArray(at['std.err'])[j],
          lower: atLower[j],
          upper: atUpper[j],
        })),
      };
    }),
  };
}

describe('analyze predict', () => {
  const cases = [
    'veteran-efron',
    'veteran-breslow',
    'addicts-strata-efron',
    'addicts-efron',
    'colon-strata-sex',
    'ties-time-zero-efron',
    'ties-time-zero-breslow',
    'stratum-without-events',
    'collinear-covariate',
  ];
  for (const id of cases) {
    it(`${id}: the document equals R`, async () => {
      const c = byId(id);
      const doc = expectJsonSuccess(await runCli(commandFor(c)), id);
      expectDocument(doc, expectedDocument(c), id);
      for (const curve of doc.curves) {
        expect(Object.keys(curve)).toEqual(expect.arrayContaining(['profile', 'rows', 'atTimes']));
        for (const row of [...curve.rows, ...curve.atTimes]) expect(Object.keys(row)).toEqual(expect.arrayContaining(['time', 'survival', 'stdErr', 'lower', 'upper']));
      }
    });
  }

  it('--conf-level 0.9 gives R conf.int = 0.9 limits (addicts, strata by clinic)', async () => {
    const c = byId('addicts-strata-efron');
    const doc = expectJsonSuccess(await runCli(commandFor(c, ['--conf-level', '0.9'])), 'conf 0.9');
    expectDocument(doc, expectedDocument(c, 0.9), 'addicts-strata-efron at 0.9');
  });

  it('a profile outside the range of the data is computed and warned about (veteran karno=5)', async () => {
    const c = byId('veteran-efron');
    const doc = expectJsonSuccess(await runCli(commandFor(c)), 'extrapolation');
    const warnings = doc.warnings.filter((w: { code: string }) => w.code === 'extrapolation');
    expect(warnings.map((w: { message: string }) => w.message)).toEqual(['Profile "karno=5,celltype=large,trt=1": karno = 5 is outside the range of the data (10 to 99): extrapolation.']);
  });

  it('without --times, atTimes is empty', async () => {
    const c = byId('ties-time-zero-efron');
    const args = commandFor(c).filter((_, i, all) => all[i] !== '--times' && all[i - 1] !== '--times');
    const doc = expectJsonSuccess(await runCli(args), 'no times');
    expect(doc.times).toEqual([]);
    for (const curve of doc.curves) expect(curve.atTimes).toEqual([]);
  });

  const vet = ['analyze', 'predict', '--csv', 'test/fixtures/data/veteran.csv', '--time', 'time', '--event', 'status', '--covariates', 'karno,celltype,trt', '--json'];
  it.each([
    ['a covariate without a value', ['--profile', 'karno=60,celltype=squamous'], /^error: profile "karno=60,celltype=squamous": no value for covariate "trt"/],
    ['a level that is not in the data', ['--profile', 'karno=60,celltype=squamus,trt=1'], /^error: profile "karno=60,celltype=squamus,trt=1": celltype = "squamus" is not a level of celltype in the rows analysed \(levels: adeno, large, smallcell, squamous\)$/],
    ['a column not in the model', ['--profile', 'karno=60,celltype=adeno,trt=1', '--profile', 'karno=60,celltype=adeno,trt=1,age=60'], /^error: profile "karno=60,celltype=adeno,trt=1,age=60": column "age" is not in the model/],
    ['a number that is not one', ['--profile', 'karno=sixty,celltype=adeno,trt=1'], /^error: profile "karno=sixty,celltype=adeno,trt=1": karno = "sixty" is not a number/],
    ['a value so far out that the hazard overflows', ['--profile', 'karno=-100000,celltype=adeno,trt=1'], /^error: profile "karno=-100000,celltype=adeno,trt=1": karno = -100000 \(the data: 10 to 99\) lies so far outside the data that the model's hazard overflows/],
  ])('refuses %s in one line', async (label, extra, message) => {
    const line = expectOneLineError(await runCli([...vet, ...extra]), label);
    expect(line).toMatch(message);
  });

  it('refuses a profile without its stratum in one line', async () => {
    const c = byId('addicts-strata-efron');
    const args = commandFor(c).map((a) => (a === 'prison=0,dose=60,clinic=1' ? 'prison=0,dose=60' : a));
    const line = expectOneLineError(await runCli(args), 'no stratum');
    expect(line).toMatch(/^error: profile "prison=0,dose=60": no value for the strata column "clinic"/);
  });

  it('refuses a missing --profile as a usage error (exit 2)', async () => {
    const line = expectOneLineError(await runCli(vet), 'no profile', 2);
    expect(line).toMatch(/missing --profile/);
  });

  it('refuses a repeated participant with --id in one line (colon has a recurrence and a death row per patient)', async () => {
    const line = expectOneLineError(
      await runCli(['analyze', 'predict', '--csv', 'test/fixtures/data/colon.csv', '--time', 'time', '--event', 'status', '--covariates', 'age', '--id', 'id', '--profile', 'age=60', '--json']),
      'repeated id',
    );
    expect(line).toMatch(/id column "id": .*the prediction takes one row per participant/);
  });
});

describe('analyze predict: profiles separated with ";" in one --profile, as its help says', () => {
  // R survival 3.5-3: summary(survfit(coxph(Surv(time, status) ~ prison + dose, addicts),
  //   newdata = data.frame(prison = c(0, 1), dose = c(60, 40))), times = 100): surv 0.90914034047, 0.789046439691.
  const base = ['analyze', 'predict', '--csv', 'test/fixtures/data/addicts.csv', '--time', 'time', '--event', 'status', '--covariates', 'prison,dose', '--times', '100', '--json'];
  it('gives the same two curves as two --profile flags, equal to R', async () => {
    type Doc = { curves: { profile: Record<string, number>; atTimes: { survival: number }[] }[] };
    const joined = expectJsonSuccess(await runCli([...base, '--profile', 'prison=0,dose=60;prison=1,dose=40']), 'predict joined') as unknown as Doc;
    const repeated = expectJsonSuccess(await runCli([...base, '--profile', 'prison=0,dose=60', '--profile', 'prison=1,dose=40']), 'predict repeated') as unknown as Doc;
    expect(joined.curves.map((c) => c.profile)).toEqual([{ prison: 0, dose: 60 }, { prison: 1, dose: 40 }]);
    expect(joined.curves).toEqual(repeated.curves);
    expect(Math.abs(joined.curves[0].atTimes[0].survival / 0.90914034047 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(joined.curves[1].atTimes[0].survival / 0.789046439691 - 1)).toBeLessThan(1e-9);
  });
});

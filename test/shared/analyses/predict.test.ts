/**
 * `analyze predict` against R survival 3.5-3 (test/shared/stats/fixtures/cox-predicted-survival.R):
 * the fit (n, events, coef, se, hr), and per profile every row of survfit(coxph_fit, newdata = profile)
 * (time, numbers at risk/events/censored, survival, cumulative hazard, its SE = survfit's std.err, the
 * SE of S = summary's std.err, the log CI) and summary(curve, times =, extend = FALSE), to 1e-6
 * relative. Data: veteran, colon (a subset, missing nodes, strata by sex), addicts (a factor, strata by
 * clinic, profiles outside the data's range), inline data with tied times, time 0, a stratum without
 * events and a collinear covariate; both ties methods and a second confidence level. Then the warnings and the one-line
 * refusals of bad profiles.
 */
import { describe, expect, it } from 'vitest';
import { predictAnalysis, predictOptionsSchema, predictResultSchema, type PredictResult } from '../../../shared/analyses/predict';
import { runPredict } from '../../../shared/analyses/predict.run';
import { AnalysisError } from '../../../shared/analyses/declaration';
import { findAnalysis } from '../../../shared/analyses/registry';
import { expectAllClose, expectClose } from '../../helpers/compare';
import { frameFromCsv } from '../../helpers/frame-from-csv';
import { asArray, caseSubsetCsv, predictionCases, profileEcho, type PredictionCase } from '../stats/cox-predicted-survival-cases';

const byId = (id: string) => predictionCases.find((c) => c.id === id)!;

function optionsFor(c: PredictionCase, extra: Record<string, unknown> = {}) {
  return predictOptionsSchema.parse({
    time: c.time,
    event: c.event,
    covariates: asArray(c.covariates).join(','),
    categorical: asArray(c.categorical),
    strata: c.strata,
    ties: c.ties,
    profile: c.profiles,
    times: c.times,
    ...extra,
  });
}

function run(c: PredictionCase, extra: Record<string, unknown> = {}): PredictResult {
  return runPredict(frameFromCsv(caseSubsetCsv(c)), optionsFor(c, extra));
}

const pick = <T, K extends keyof T>(rows: T[], key: K) => rows.map((r) => r[key]);

describe('analyze predict against R survfit(coxph, newdata)', () => {
  for (const c of predictionCases) {
    it(c.id, () => {
      const result = run(c);
      expect(() => predictResultSchema.parse(result)).not.toThrow();
      const r = c.r;
      expect(result.n).toBe(r.n);
      expect(result.events).toBe(r.nevent);
      expect(result.coefficients.map((x) => x.term)).toEqual(asArray(r.names));
      expectAllClose(result.coefficients.map((x) => x.coef!), asArray(r.coef), 'coef');
      // A collinear column: R's coef is NA and sqrt(diag(var)) 0; summary(coxph) prints its se as NA, and so does the analysis (null).
      expectAllClose(result.coefficients.map((x) => x.se!), asArray(r.se).map((se, k) => (asArray(r.coef)[k] === null ? null : se)), 'se');
      expectAllClose(result.coefficients.map((x) => x.hr!), asArray(r.coef).map((coef) => (coef === null ? null : Math.exp(coef))), 'hr');
      expect(result.curves).toHaveLength(r.curves.length);
      result.curves.forEach((curve, k) => {
        const e = r.curves[k];
        const label = `${c.id} ${e.profile}`;
        expect(curve.profile, label).toEqual(profileEcho(c, e.profile));
        const surv = asArray(e.surv);
        expectAllClose(pick(curve.rows, 'time'), asArray(e.time), `${label} time`);
        expectAllClose(pick(curve.rows, 'nRisk'), asArray(e['n.risk']), `${label} n.risk`);
        expectAllClose(pick(curve.rows, 'nEvent'), asArray(e['n.event']), `${label} n.event`);
        expectAllClose(pick(curve.rows, 'nCensor'), asArray(e['n.censor']), `${label} n.censor`);
        expectAllClose(pick(curve.rows, 'survival'), surv, `${label} surv`);
        expectAllClose(pick(curve.rows, 'cumHaz'), asArray(e.cumhaz), `${label} cumhaz`);
        expectAllClose(pick(curve.rows, 'cumHazStdErr'), asArray(e['std.err']), `${label} std.err`);
        // summary.survfit's std.err (the SE of S) is survfit's std.err times surv.
        expectAllClose(pick(curve.rows, 'stdErr'), asArray(e['std.err']).map((se, j) => se * surv[j]), `${label} SE of S`);
        expectAllClose(pick(curve.rows, 'lower'), asArray(e.lower), `${label} lower`);
        expectAllClose(pick(curve.rows, 'upper'), asArray(e.upper), `${label} upper`);

        const at = e.at;
        expectAllClose(pick(curve.atTimes, 'time'), asArray(at.time), `${label} at time`);
        expectAllClose(pick(curve.atTimes, 'survival'), asArray(at.surv), `${label} at surv`);
        expectAllClose(pick(curve.atTimes, 'stdErr'), asArray(at['std.err']), `${label} at std.err`);
        expectAllClose(pick(curve.atTimes, 'lower'), asArray(at.lower), `${label} at lower`);
        expectAllClose(pick(curve.atTimes, 'upper'), asArray(at.upper), `${label} at upper`);
        expectAllClose(pick(curve.atTimes, 'nRisk'), asArray(at['n.risk']), `${label} at n.risk`);
        expectAllClose(pick(curve.atTimes, 'nEvent'), asArray(at['n.event']), `${label} at n.event`);
        expectAllClose(pick(curve.atTimes, 'nCensor'), asArray(at['n.censor']), `${label} at n.censor`);
      });
    });
  }

  it('--conf-level 0.9 gives R survfit(..., conf.int = 0.9) limits (addicts, strata by clinic)', () => {
    const c = byId('addicts-strata-efron');
    expect(c.otherConfLevel).toBe(0.9);
    const result = run(c, { confLevel: 0.9 });
    expect(result.confLevel).toBe(0.9);
    result.curves.forEach((curve, k) => {
      const other = c.r.curves[k].otherConf!;
      expectAllClose(pick(curve.rows, 'lower'), asArray(other.lower), `curve ${k} lower`);
      expectAllClose(pick(curve.rows, 'upper'), asArray(other.upper), `curve ${k} upper`);
      expectAllClose(pick(curve.atTimes, 'lower'), asArray(other.at.lower), `curve ${k} at lower`);
      expectAllClose(pick(curve.atTimes, 'upper'), asArray(other.at.upper), `curve ${k} at upper`);
    });
  });

  it('the reference level changes the coefficients but not the predicted curves (addicts, --reference clinic=2)', () => {
    const c = byId('addicts-efron');
    const result = run(c, { reference: 'clinic=2' });
    expect(result.coefficients[0].term).toBe('clinic=1');
    expectClose(result.coefficients[0].coef, -asArray(c.r.coef)[0]!, 'clinic=1 against 2');
    result.curves.forEach((curve, k) => {
      expectAllClose(pick(curve.rows, 'survival'), asArray(c.r.curves[k].surv), `curve ${k} surv`);
      expectAllClose(pick(curve.rows, 'cumHazStdErr'), asArray(c.r.curves[k]['std.err']), `curve ${k} std.err`);
    });
  });

  it('warns of extrapolation for a value outside the range of the data, naming the profile and the column', () => {
    const vet = run(byId('veteran-efron'));
    const extrapolation = vet.warnings.filter((w) => w.code === 'extrapolation');
    expect(extrapolation.map((w) => w.message)).toEqual(['Profile "karno=5,celltype=large,trt=1": karno = 5 is outside the range of the data (10 to 99): extrapolation.']);
    const addicts = run(byId('addicts-breslow'));
    expect(addicts.warnings.filter((w) => w.code === 'extrapolation').map((w) => w.message)).toEqual([
      'Profile "clinic=2,prison=0,dose=150": dose = 150 is outside the range of the data (20 to 110): extrapolation.',
    ]);
    expect(run(byId('addicts-strata-efron')).warnings.filter((w) => w.code === 'extrapolation')).toEqual([]);
  });

  it('says which times are after the last follow-up (veteran: 1000 after 999), and leaves them out', () => {
    const result = run(byId('veteran-efron'));
    const beyond = result.warnings.filter((w) => w.code === 'times-beyond-follow-up');
    expect(beyond).toHaveLength(1);
    expect(beyond[0].message).toMatch(/^Times 1000 are after the last follow-up \(999\)/);
    expect(result.times).toEqual([0, 30, 90, 180, 365.5, 999, 1000]);
    for (const curve of result.curves) expect(pick(curve.atTimes, 'time')).toEqual([0, 30, 90, 180, 365.5, 999]);
  });

  it('a stratum without events: survival stays at 1, and a warning names the stratum', () => {
    const result = run(byId('stratum-without-events'));
    expect(pick(result.curves[1].rows, 'survival')).toEqual([1, 1]);
    expect(result.warnings.find((w) => w.code === 'no-events')!.message).toBe('No relapses in stratum g=2: the predicted survival there stays at 1.');
    expect(result.strata).toEqual({ column: 'g', levels: ['1', '2'] });
  });

  it('a collinear covariate (x2 = 2x) has no coefficient, is named in a warning, and its profile value changes nothing, as in R', () => {
    const result = run(byId('collinear-covariate'));
    expect(result.coefficients[1]).toEqual({ term: 'x2', coef: null, se: null, hr: null });
    expect(result.warnings.find((w) => w.code === 'singular')!.message).toMatch(/^x2 is a linear combination of the other covariates/);
    expect(pick(result.curves[1].rows, 'survival')).toEqual(pick(result.curves[0].rows, 'survival'));
  });

  it('colon: the rows missing nodes are left out and counted', () => {
    const c = byId('colon-efron');
    const result = run(c);
    const subsetRows = caseSubsetCsv(c).trim().split('\n').length - 1;
    expect(result.excluded).toBe(subsetRows - c.r.n);
    expect(result.excluded).toBeGreaterThan(0);
    expect(result.warnings.map((w) => w.code)).toContain('rows-excluded');
  });

  it('without --times, atTimes is empty; several profiles may be given as one text separated by ";"', () => {
    const c = byId('ties-time-zero-efron');
    const result = run(c, { times: undefined, profile: 'x=0; x=1.5' });
    expect(result.curves.map((curve) => curve.profile)).toEqual([{ x: 0 }, { x: 1.5 }]);
    for (const curve of result.curves) expect(curve.atTimes).toEqual([]);
    expectAllClose(pick(result.curves[1].rows, 'survival'), asArray(c.r.curves[1].surv), 'surv');
  });

  it('is registered', () => {
    expect(findAnalysis('predict')).toBe(predictAnalysis);
  });
});

describe('analyze predict refuses bad profiles in one line naming the profile and the column', () => {
  const refusal = (c: PredictionCase, extra: Record<string, unknown>): string => {
    try {
      run(c, extra);
    } catch (error) {
      expect(error).toBeInstanceOf(AnalysisError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      return message;
    }
    throw new Error('not refused');
  };
  const vet = byId('veteran-efron');
  const strata = byId('addicts-strata-efron');

  it.each([
    [vet, 'karno=60,celltype=squamous', 'profile "karno=60,celltype=squamous": no value for covariate "trt" (every covariate of the model needs one)'],
    [vet, 'karno=60,celltype=squamous,trt=1,age=50', 'profile "karno=60,celltype=squamous,trt=1,age=50": column "age" is not in the model (covariates: karno, celltype, trt)'],
    [vet, 'karno=60,celltype=squamus,trt=1', 'profile "karno=60,celltype=squamus,trt=1": celltype = "squamus" is not a level of celltype in the rows analysed (levels: adeno, large, smallcell, squamous)'],
    [vet, 'karno=high,celltype=squamous,trt=1', 'profile "karno=high,celltype=squamous,trt=1": karno = "high" is not a number (karno is a numeric covariate)'],
    [vet, 'karno=,celltype=squamous,trt=1', 'profile "karno=,celltype=squamous,trt=1": karno = "" is not a number (karno is a numeric covariate)'],
    [vet, 'karno=60,karno=70,celltype=squamous,trt=1', 'profile "karno=60,karno=70,celltype=squamous,trt=1": column "karno" is given twice'],
    [vet, 'karno60,celltype=squamous,trt=1', 'profile "karno60,celltype=squamous,trt=1": "karno60" should be written column=value, e.g. karno=1'],
    [strata, 'prison=0,dose=60', 'profile "prison=0,dose=60": no value for the strata column "clinic" (each profile names its stratum, e.g. clinic=1)'],
    [strata, 'prison=0,dose=60,clinic=3', 'profile "prison=0,dose=60,clinic=3": clinic = "3" is not a stratum of clinic in the rows analysed (strata: 1, 2)'],
  ])('%#: %s', (c, profile, message) => {
    expect(refusal(c, { profile: [profile] })).toBe(message);
  });

  it('refuses a profile so far outside the data that its hazard overflows (R: a curve of NaN, 0 and Inf), naming the column', () => {
    const addicts = byId('addicts-efron');
    expect(refusal(addicts, { profile: ['clinic=1,prison=0,dose=-30000'] })).toBe(
      'profile "clinic=1,prison=0,dose=-30000": dose = -30000 (the data: 20 to 110) lies so far outside the data that the model\'s hazard overflows; no survival can be predicted',
    );
  });

  it('names the second profile when only it is bad', () => {
    expect(refusal(vet, { profile: ['karno=60,celltype=squamous,trt=1', 'karno=60,celltype=squamous,trt=1,clinic=2'] })).toMatch(/^profile "karno=60,celltype=squamous,trt=1,clinic=2": column "clinic" is not in the model/);
  });

  it('a level written as the same number is accepted (clinic=1.0 is clinic 1)', () => {
    const result = run(byId('addicts-efron'), { profile: ['clinic=1.0,prison=0,dose=60'] });
    expect(result.curves[0].profile).toEqual({ clinic: '1', prison: 0, dose: 60 });
    expectAllClose(pick(result.curves[0].rows, 'survival'), asArray(byId('addicts-efron').r.curves[0].surv), 'surv');
  });

  it('no profile is an option error', () => {
    expect(predictOptionsSchema.safeParse({ ...optionsFor(vet), profile: [] }).success).toBe(false);
    expect(predictOptionsSchema.safeParse({ ...optionsFor(vet), profile: ' ; ' }).success).toBe(false);
  });

  it('no relapses, and a repeated participant, are refused as the Cox analysis refuses them', () => {
    const noEvents = frameFromCsv('time,status,x,id\n1,0,1,a\n2,0,2,b\n3,0,3,c\n');
    const options = predictOptionsSchema.parse({ time: 'time', event: 'status', covariates: 'x', profile: 'x=1' });
    expect(() => runPredict(noEvents, options)).toThrow(/no relapses among the 3 rows analysed: the Cox model cannot be estimated/);
    const repeated = frameFromCsv('time,status,x,id\n1,1,1,a\n2,0,2,a\n3,1,3,c\n');
    expect(() => runPredict(repeated, { ...options, id: 'id' })).toThrow(/id column "id": .*the prediction takes one row per participant/);
  });
});

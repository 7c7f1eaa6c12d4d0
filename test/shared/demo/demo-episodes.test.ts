/**
 * The demo's episodes dataset: deterministic, valid counting-process data (survcheck: no overlap, no
 * interval of length 0 or less), the same participants as the demo cohort, attendance dropping off over
 * the programme's months, and an Andersen–Gill fit that recovers the true aftercare rate ratio.
 */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { DEMO_SITES, demoCohortCsv } from '../../../shared/demo/demo-cohort';
import {
  AFTERCARE_MONTHS,
  DEMO_EPISODE_COLUMNS,
  DEMO_EPISODES_MAPPING,
  DEMO_TRUE_AFTERCARE_LOG_RATE_RATIO,
  DEMO_TRUE_EPISODE_ARM_LOG_RATE_RATIO,
  DEMO_TRUE_EPISODE_CRAVING_LOG_RATE_RATIO,
  DEMO_TRUE_EPISODE_SITE_LOG_RATE_RATIOS,
  demoEpisodesCsv,
} from '../../../shared/demo/demo-episodes';
import { parseMapping } from '../../../shared/mapping/format';
import { validateMapping } from '../../../shared/mapping/validate';
import { runAnalysis } from '../../../shared/analyses/run';
import type { RecurrentResult } from '../../../shared/analyses/recurrent';
import { survcheck } from '../../../shared/stats/survcheck';
import { frameFromCsv } from '../../helpers/frame-from-csv';
import { expectClose } from '../../helpers/compare';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { columnsOfPlan, defaultReportSettings, planAnalyses, prepareAnalysisData } from '../../../shared/report/plan';
import { PROJECT_ROOT } from '../../helpers/run-cli';

type Row = Record<(typeof DEMO_EPISODE_COLUMNS)[number], string>;
const parse = (csv: string) => Papa.parse<Row>(csv.trim(), { header: true }).data;

const csv = demoEpisodesCsv(1500);
const rows = parse(csv);

describe('demo episodes dataset', () => {
  it('is the same bytes for the same seeds, and different for another seed', () => {
    expect(demoEpisodesCsv(200)).toBe(demoEpisodesCsv(200));
    expect(demoEpisodesCsv(200, 7)).not.toBe(demoEpisodesCsv(200));
    // The chunked output is the same text whatever the chunk size.
    expect(csv.startsWith(demoEpisodesCsv(200).split('\n').slice(0, -1).join('\n'))).toBe(true);
  });

  it('has the documented columns and is valid (start, stop] data: survcheck finds no overlap and no stop at or before start', () => {
    expect(Object.keys(rows[0])).toEqual([...DEMO_EPISODE_COLUMNS]);
    const ids = [...new Set(rows.map((r) => r.participant_id))];
    const code = new Map(ids.map((id, k) => [id, k]));
    const check = survcheck({
      start: Float64Array.from(rows, (r) => Number(r.start)),
      stop: Float64Array.from(rows, (r) => Number(r.stop)),
      status: Uint8Array.from(rows, (r) => Number(r.relapse)),
      id: Int32Array.from(rows, (r) => code.get(r.participant_id)!),
      idLabels: ids,
    });
    expect(check.flags.overlap).toBe(0);
    expect(check.flags['zero-length']).toBe(0);
    expect(check.flags['stop-before-start']).toBe(0);
    expect(check.flags.gap).toBe(0);
    expect(check.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // Several rows per participant, several relapses for some, whole days from day 0.
    expect(rows.length).toBeGreaterThan(5 * ids.length);
    expect(rows.some((r) => Number(r.episode) >= 3)).toBe(true);
    for (const r of rows) expect(Number.isInteger(Number(r.start)) && Number.isInteger(Number(r.stop))).toBe(true);
    expect(rows.filter((r) => r.start === '0')).toHaveLength(ids.length);
  });

  it('numbers the episodes: 1 until the first relapse, one more after each', () => {
    let previous: Row | null = null;
    for (const r of rows) {
      const expected = previous?.participant_id === r.participant_id ? Number(previous.episode) + Number(previous.relapse) : 1;
      expect(Number(r.episode)).toBe(expected);
      previous = r;
    }
  });

  it('describes the demo cohort\'s participants: same ids, sites and arms, craving missing where the cohort has it missing', () => {
    const cohort = new Map(parse(demoCohortCsv(1500)).map((r) => [r.participant_id, r as unknown as Record<string, string>]));
    let missing = 0;
    for (const r of rows) {
      const person = cohort.get(r.participant_id)!;
      expect([r.site, r.arm, r.craving_vas]).toEqual([person.site, person.arm, person.craving_vas]);
      if (r.craving_vas === '') missing++;
    }
    expect(missing).toBeGreaterThan(0);
    // Everyone followed for at least a day has rows (the episodes follow the cohort's follow-up, relapse aside).
    expect(new Set(rows.map((r) => r.participant_id)).size).toBeGreaterThan(1490);
  });

  it('has monthly aftercare attendance that drops off over the programme and stops after month 12', () => {
    const share = (month: number) => {
      const inMonth = rows.filter((r) => Math.floor(Number(r.start) / 30) === month);
      return inMonth.filter((r) => r.aftercare_attendance === 'attended').length / inMonth.length;
    };
    expect(share(0)).toBeGreaterThan(0.7);
    expect(share(5)).toBeLessThan(share(0));
    expect(share(11)).toBeLessThan(share(5));
    expect(share(11)).toBeGreaterThan(0.2);
    expect(rows.filter((r) => Number(r.start) >= AFTERCARE_MONTHS * 30 && r.aftercare_attendance === 'attended')).toEqual([]);
    // Rows split at every 30-day month boundary of the programme.
    for (const r of rows) {
      if (Number(r.start) < AFTERCARE_MONTHS * 30) expect(Math.floor(Number(r.start) / 30)).toBe(Math.floor((Number(r.stop) - 1) / 30));
    }
  });

  it('has a valid several-rows mapping', () => {
    const issues = validateMapping(frameFromCsv(csv), parseMapping(DEMO_EPISODES_MAPPING));
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});

describe('demo episodes: the Andersen–Gill model recovers the true rate ratios', () => {
  it('on 10,000 participants, each estimate lies within 3 robust SEs of its true value', () => {
    // The data follow a marginal rate model with the true log rate ratios (the frailty is independent of
    // the covariates and of follow-up), so the AG estimate is consistent with sampling SD estimated by
    // its robust SE: a deviation beyond 3 robust SEs has probability about 0.3% under the truth.
    const frame = frameFromCsv(demoEpisodesCsv(10_000));
    const result = runAnalysis('recurrent', frame, {
      start: 'start',
      time: 'stop',
      event: 'relapse',
      eventValue: '1',
      id: 'participant_id',
      covariates: ['aftercare_attendance', 'site', 'arm', 'craving_vas'],
      categorical: ['aftercare_attendance', 'site', 'arm'],
      reference: 'aftercare_attendance=absent,site=Northside,arm=methadone',
    }).result as RecurrentResult;
    const term = (name: string) => result.coefficients.find((c) => c.term === name)!;
    const truths: [string, number][] = [
      ['aftercare_attendance=attended', DEMO_TRUE_AFTERCARE_LOG_RATE_RATIO],
      ['arm=buprenorphine', DEMO_TRUE_EPISODE_ARM_LOG_RATE_RATIO],
      ['craving_vas', DEMO_TRUE_EPISODE_CRAVING_LOG_RATE_RATIO],
      ...DEMO_SITES.slice(1).map((site, k): [string, number] => [`site=${site}`, DEMO_TRUE_EPISODE_SITE_LOG_RATE_RATIOS[k + 1]]),
    ];
    for (const [name, truth] of truths) {
      const c = term(name);
      expect(Math.abs(c.coef! - truth) / c.robustSe!, name).toBeLessThan(3);
    }
    // The aftercare effect is estimated precisely enough to matter (robust SE about 0.03).
    expect(term('aftercare_attendance=attended').robustSe!).toBeLessThan(0.05);
    // The frailty makes one participant's episodes go together: the robust SE exceeds the model-based one.
    expect(term('craving_vas').robustSe!).toBeGreaterThan(term('craving_vas').se!);
  });
});

describe('demo episodes as the report analyses them, against R (fixtures/demo-episodes.R on the first 500 participants)', () => {
  const fixtureCsv = readFileSync(join(PROJECT_ROOT, 'test/shared/demo/fixtures/demo-episodes-500.csv'), 'utf8');
  const r = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/shared/demo/fixtures/demo-episodes.json'), 'utf8'));

  it('is the committed fixture byte for byte (the file R read)', () => {
    expect(demoEpisodesCsv(500)).toBe(fixtureCsv);
  });

  it("gives R's coxph(Surv(start, stop, relapse) ~ arm + site + craving_vas + aftercare_attendance + cluster(participant_id)) and survfit(~ arm, id = participant_id)", () => {
    const mapping = parseMapping(DEMO_EPISODES_MAPPING);
    const plan = planAnalyses(mapping, defaultReportSettings());
    const prepared = prepareAnalysisData(frameFromCsv(fixtureCsv), mapping, { keep: columnsOfPlan(plan) });
    expect(prepared.exclusions.analysed).toBe(r.rows);
    const result = runAnalysis(plan[0].analysis, prepared.frame, plan[0].options).result as RecurrentResult;
    expect([result.n, result.events, result.participants, result.excluded]).toEqual([r.n, r.events, r.participants, r.excluded]);
    expect(result.coefficients.map((c) => c.term)).toEqual(r.coefficients.map((c: { term: string }) => c.term));
    result.coefficients.forEach((c, k) => {
      for (const field of ['coef', 'hr', 'se', 'robustSe', 'z', 'p', 'hrLower', 'hrUpper'] as const) expectClose(c[field], r.coefficients[k][field], `${c.term} ${field}`);
    });
    expect(result.mcf.map((c) => c.group)).toEqual(['buprenorphine', 'methadone']);
    result.mcf.forEach((curve, k) => {
      const expected = r.mcf[k];
      expect(curve.rows.map((row) => row.time)).toEqual(expected.time);
      expect(curve.rows.map((row) => row.atRisk)).toEqual(expected.atRisk);
      expect(curve.rows.map((row) => row.events)).toEqual(expected.events);
      curve.rows.forEach((row, i) => {
        expectClose(row.mcf, expected.mcf[i], `${curve.group} MCF at ${row.time}`);
        expectClose(row.stdErr, expected.stdErr[i], `${curve.group} SE at ${row.time}`);
      });
    });
    expect(r.flags.overlap).toBe(0);
  });
});

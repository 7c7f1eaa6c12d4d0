/**
 * A declared presentation as text (presentation/declared.ts): the cells written by format-cell.ts, the
 * sentences and the methods, on R's numbers: `analyze rmst` of addicts by clinic (survRM2's rmst2,
 * test/shared/stats/fixtures/rmst-difference.R) and `analyze predict` of addicts (survfit(coxph, newdata),
 * test/shared/stats/fixtures/cox-predicted-survival.R). Expected text is R's number formatted by format.ts,
 * or, for the sentences, written out by hand from R's numbers (rounded as the comment says).
 */
import { describe, expect, it } from 'vitest';
import { alignedTable, declaredText } from '../../presentation/declared';
import { formatCI, formatNumber, formatP } from '../../presentation/format';
import { rmstAnalysis, rmstOptionsSchema } from '../../shared/analyses/rmst';
import { runRmst } from '../../shared/analyses/rmst.run';
import { predictAnalysis, predictOptionsSchema } from '../../shared/analyses/predict';
import { runPredict } from '../../shared/analyses/predict.run';
import { caseFrame, caseOptions, rmstCase } from '../shared/stats/rmst-difference-fixture';
import { asArray, caseSubsetCsv, predictionCases } from '../shared/stats/cox-predicted-survival-cases';
import { frameFromCsv } from '../helpers/frame-from-csv';

function rmstText(name: string) {
  const c = rmstCase(name);
  const options = rmstOptionsSchema.parse(caseOptions(c));
  return { c, text: declaredText(rmstAnalysis.presentation!, runRmst(caseFrame(c), options), options) };
}

describe('rmst as text', () => {
  it("addicts by clinic, tau 365: the comparison row is R's numbers as format.ts writes them", () => {
    const { c, text } = rmstText('addicts by clinic, tau 365');
    const e = c.doc.comparisons[0];
    expect(text.tables[1].rows[0]).toEqual([
      '2', '1', formatNumber(e.difference, 1), formatCI(e.differenceLower, e.differenceUpper, 1), formatP(e.p),
      formatNumber(e.ratio, 3), formatCI(e.ratioLower, e.ratioUpper, 3), formatP(e.ratioP),
    ]);
    // R: difference 29.066 (95% CI -0.447 to 58.580): an interval that includes 0, so no direction is claimed.
    expect(text.sentences).toContain(
      'These data do not show whether participants in clinic 2 stayed free of relapse longer or shorter on average than those in clinic 1 over the first 365 days (difference 29.1 days, 95% CI -0.4 to 58.6, an interval that includes 0).',
    );
    // R: clinic 1's restricted mean to day 365 is 280.37 days.
    expect(text.sentences[0]).toBe('Over the first 365 days, participants in clinic 1 stayed free of relapse for 280 days on average (restricted mean).');
    expect(text.methods).toMatch(/^The restricted mean time free of relapse .* each group of clinic up to a horizon of 365, and compared .* rmst2/);
  });

  it('addicts by clinic, default tau (905, R): a difference whose interval leaves out 0 is given its direction', () => {
    const { text } = rmstText('addicts by clinic, default tau');
    // R: difference 212.209 (122.187 to 302.231) days over the first 905 days.
    expect(text.sentences).toContain(
      'Over the first 905 days, participants in clinic 2 stayed free of relapse 212.2 days longer on average than those in clinic 1 (difference 212.2 days, 95% CI 122.2 to 302.2).',
    );
    expect(text.methods).toContain('the default horizon of R survRM2');
  });
});

describe('predict as text', () => {
  const c = predictionCases.find((x) => x.id === 'addicts-efron')!;
  const options = predictOptionsSchema.parse({ time: c.time, event: c.event, covariates: asArray(c.covariates).join(','), categorical: asArray(c.categorical), ties: c.ties, profile: c.profiles, times: c.times });
  const text = declaredText(predictAnalysis.presentation!, runPredict(frameFromCsv(caseSubsetCsv(c)), options), options);

  it("the table at the chosen times holds R's summary(survfit(coxph, newdata), times) for each profile", () => {
    const table = text.tables.find((t) => t.id === 'predict-at-times')!;
    expect(table.columns.map((col) => col.label)).toEqual(['Profile', 'Time', 'At risk', 'Predicted survival', 'SE', '95% CI']);
    const expected = c.r.curves.flatMap((curve, k) =>
      curve.at.time.map((time, i) => [
        ['clinic = 1, prison = 0, dose = 60', 'clinic = 2, prison = 1, dose = 40', 'clinic = 2, prison = 0, dose = 150'][k],
        formatNumber(time, 0), formatNumber(curve.at['n.risk'][i]), formatNumber(curve.at.surv[i], 3), formatNumber(curve.at['std.err'][i], 3), formatCI(curve.at.lower[i], curve.at.upper[i], 3),
      ]),
    );
    expect(table.rows).toEqual(expected);
    expect(text.tables.find((t) => t.id === 'predict-model')!.rows.map((r) => r[0])).toEqual(['clinic=2', 'prison', 'dose']);
  });

  it('one sentence per profile at its last chosen time', () => {
    // R: profile 2 at day 730: S = 0.2330 (0.1148 to 0.4733).
    expect(text.sentences[1]).toBe('For a participant with clinic = 2, prison = 1, dose = 40, the model predicts that an estimated 23% would still be free of relapse at day 730 (95% CI 11%–47%).');
    expect(text.methods).toBe('A Cox proportional-hazards model of time to relapse on clinic, prison, dose (efron ties) gave each profile\u2019s predicted survival curve with pointwise confidence limits on the log scale, as R survival\u2019s survfit(coxph_fit, newdata = profile).');
  });
});

describe('alignedTable', () => {
  it('numbers to the right, text to the left, two spaces apart', () => {
    const table = { id: 't', title: 'T', columns: [{ label: 'Group', numeric: false }, { label: 'n', numeric: true }], rows: [['clinic 1', '163'], ['2', '75']] };
    expect(alignedTable(table)).toBe(['  Group       n', '  clinic 1  163', '  2          75'].join('\n'));
  });
});

/**
 * How `analyze predict` is shown (presentation.ts): each profile's predicted survival at the chosen times
 * with its confidence interval, the Cox model behind the predictions, one sentence per profile (at the
 * last chosen time the curve reaches) and the methods paragraph. Attached to the declaration in predict.ts.
 */
import type { AnalysisPresentation } from './presentation';
import type { Cell } from '../report/model';
import type { Sentence } from '../report/sentences';
import { UNIT_DIGITS, UNIT_WORDS } from '../mapping/units';
import type { PredictOptions, PredictResult } from './predict';

/** A profile as the user wrote it: "clinic = 2, prison = 1, dose = 40" (the values echo the request). */
export function profileText(profile: Record<string, string | number>): string {
  return Object.entries(profile)
    .map(([column, value]) => `${column} = ${value}`)
    .join(', ');
}

const percent = (value: number | null): Cell => ({ kind: 'percent', value, digits: 0 });
const levelCell = (confLevel: number): Cell => ({ kind: 'percent', value: confLevel, digits: Number.isInteger(Math.round(confLevel * 1e6) / 1e4) ? 0 : 1 });

export const predictPresentation: AnalysisPresentation<PredictOptions, PredictResult> = {
  tables: [
    {
      id: 'predict-at-times',
      title: 'Predicted share free of relapse at the chosen times, by profile',
      rowsOf: (result) => result.curves.flatMap((c) => c.atTimes.map((row) => ({ profile: profileText(c.profile), ...row }))),
      columns: [
        { label: 'Profile', field: 'profile', format: { kind: 'text' } },
        { label: 'Time', field: 'time', format: { kind: 'time' } },
        { label: 'At risk', field: 'nRisk', format: { kind: 'count' } },
        { label: 'Predicted survival', field: 'survival', format: { kind: 'number', digits: 3 } },
        { label: 'SE', field: 'stdErr', format: { kind: 'number', digits: 3 } },
        { label: '{level} CI', format: { kind: 'ci', lower: 'lower', upper: 'upper', digits: 3 } },
      ],
      note: 'At risk: participants of the profile\u2019s stratum still followed at that time, in the data the model was fitted on.',
    },
    {
      id: 'predict-model',
      title: 'The Cox model behind the predictions',
      rows: 'coefficients',
      columns: [
        { label: 'Term', field: 'term', format: { kind: 'text' } },
        { label: 'Coefficient', field: 'coef', format: { kind: 'number', digits: 4 } },
        { label: 'SE', field: 'se', format: { kind: 'number', digits: 4 } },
        { label: 'Hazard ratio', field: 'hr', format: { kind: 'ratio' } },
      ],
    },
  ],
  sentences(result, _options, context) {
    const unit = context.unit ?? 'days';
    const sentences: Sentence[] = [];
    for (const curve of result.curves) {
      const last = curve.atTimes[curve.atTimes.length - 1];
      if (!last) continue;
      const time: Cell = { kind: 'number', value: last.time, digits: Number.isInteger(last.time) ? 0 : UNIT_DIGITS[unit] };
      sentences.push([
        `For a participant with ${profileText(curve.profile)}, the model predicts that an estimated `, percent(last.survival),
        ` would still be free of relapse at ${UNIT_WORDS[unit].one} `, time, ' (', levelCell(result.confLevel), ' CI ', percent(last.lower), '\u2013', percent(last.upper), ').',
      ]);
    }
    if (sentences.length > 0) {
      sentences.push(['These are the model\u2019s predictions for the profiles given, not what happened to particular participants; they hold as far as the model\u2019s proportional hazards do.']);
    }
    return sentences;
  },
  methods(options) {
    const strata = options.strata ? `, stratified by ${options.strata}` : '';
    return [
      `A Cox proportional-hazards model of time to relapse on ${options.covariates.join(', ')}${strata} (${options.ties} ties) gave each profile\u2019s predicted survival curve with pointwise confidence limits on the log scale, as R survival\u2019s survfit(coxph_fit, newdata = profile).`,
    ];
  },
};

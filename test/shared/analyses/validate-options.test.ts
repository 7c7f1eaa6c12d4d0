/**
 * validateAnalysisOptions (shared/analyses/validate-options.ts), the one gate of every request's options: defaults
 * filled, and each invalid option named in its reader's words, the CLI's flag or the app's label, in one line.
 */
import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../../shared/analyses/declaration';
import { validateAnalysisOptions } from '../../../shared/analyses/validate-options';

describe('validateAnalysisOptions', () => {
  it('fills the defaults of a valid request', () => {
    expect(validateAnalysisOptions('km', { time: 'time', event: 'status' })).toMatchObject({ time: 'time', event: 'status', confType: 'log', confLevel: 0.95 });
  });

  it('names the flag for the CLI and the label for the app', () => {
    const bad = { time: 'time', event: 'status', confLevel: 2, confType: 'arcsin' };
    expect(() => validateAnalysisOptions('km', bad)).toThrow(AnalysisError);
    expect(() => validateAnalysisOptions('km', bad)).toThrow(/^km: option --conf-type: .*; option --conf-level: /);
    expect(() => validateAnalysisOptions('km', bad, 'app')).toThrow(/^Kaplan–Meier survival: Confidence interval type: .*; Confidence level: /);
  });

  it('refuses an unknown analysis in one line listing the known ones', () => {
    expect(() => validateAnalysisOptions('kaplan', {})).toThrow(/^unknown analysis "kaplan" \(known: adjusted, correlation, cox, cuminc, factors, km, logrank, /);
  });
});

/**
 * Plain-language summaries for readers who are not statisticians. They describe what the data show
 * and stop there: differences between groups and hazard ratios are associations in observational
 * data, never presented as effects of a group or a factor. Numbers stay cells (formatted by the
 * renderer); estimates withheld by small-cell suppression are not summarised.
 */
import type { KmResult } from '../analyses/km';
import type { CoxResult } from '../analyses/cox';
import type { Block, Cell, Inline } from './model';
import type { ReportSettings } from './plan';
import { factorLabel, type CorrelationResultShape, type LogrankResultShape } from './result-shapes';

const SIGNIFICANCE = 0.05;
const num = (value: number | null, digits: number): Cell => ({ kind: 'number', value, digits });
const pct = (value: number | null): Cell => ({ kind: 'percent', value, digits: 0 });
const pval = (value: number | null): Cell => ({ kind: 'p', value });
const summary = (...parts: Inline[]): Block => ({ kind: 'paragraph', tone: 'summary', parts });

export const plainSummaries = {
  /** `survivalAt`: the estimate at a report time as the report shows it; null where it is withheld. */
  overview(g: KmResult['groups'][number], settings: ReportSettings, survivalAt: (time: number) => { survival: number } | null): Block[] {
    const parts: Inline[] = [];
    const lastTime = [...settings.times].reverse().find((t) => survivalAt(t) !== null);
    const at = lastTime === undefined ? null : survivalAt(lastTime);
    if (at) parts.push('An estimated ', pct(at.survival), ` of participants were still free of relapse ${lastTime} days after the start of follow-up. `);
    if (g.median.estimate !== null) parts.push('Half of the participants had relapsed by day ', num(g.median.estimate, 0), '. ');
    else parts.push('Fewer than half relapsed during follow-up, so the median time to relapse is not reached. ');
    parts.push('These figures describe this cohort; they depend on who was enrolled and how long they were followed.');
    return [summary(...parts)];
  },

  logrank(column: string, lr: LogrankResultShape): Block[] {
    if (lr.p === null) return [];
    if (lr.p < SIGNIFICANCE) {
      return [summary(`Time to relapse differed between the ${column} groups by more than chance alone would readily explain (log-rank p `, pval(lr.p), '). This shows an association, not a cause: the groups may differ in who they serve and in other ways the data do not record.')];
    }
    return [summary(`The data show no clear difference in time to relapse between the ${column} groups (log-rank p `, pval(lr.p), '). This is not proof that the groups are the same; a real difference may be too small for this cohort to detect.')];
  },

  cox(cox: CoxResult): Block[] {
    const significant = cox.coefficients.filter((c) => c.p !== null && c.p < SIGNIFICANCE && c.hr !== null);
    if (significant.length === 0) {
      return [summary('No factor score was clearly associated with the timing of relapse once the others were taken into account.')];
    }
    const strongest = [...significant].sort((a, b) => Math.abs(Math.log(b.hr!)) - Math.abs(Math.log(a.hr!)))[0];
    const direction = strongest.hr! > 1 ? 'sooner' : 'later';
    return [
      summary(
        `Of the factors, ${factorLabel(strongest.term).toLowerCase()} showed the strongest association: participants one standard deviation higher on it tended to relapse ${direction} (hazard ratio `,
        num(strongest.hr, 2),
        ', with the other factors held fixed). ',
        `${significant.length} of ${cox.coefficients.length} factors had p below 0.05. `,
        'These are associations in observational data; they do not show that changing a factor would change the risk of relapse.',
      ),
    ];
  },

  correlation(cor: CorrelationResultShape): Block[] {
    const finite = cor.pairs.filter((p) => p.estimate !== null);
    if (finite.length === 0) return [];
    const strongest = [...finite].sort((a, b) => Math.abs(b.estimate!) - Math.abs(a.estimate!))[0];
    return [
      summary(
        `The strongest correlation was between ${factorLabel(strongest.x).toLowerCase()} and ${factorLabel(strongest.y).toLowerCase()} (`,
        num(strongest.estimate, 2),
        '). Correlated factors share information, so their hazard ratios in the joint model should be read together.',
      ),
    ];
  },
};

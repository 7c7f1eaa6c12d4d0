/**
 * The methods section, written from the settings actually used: the estimators, their CI and
 * tie-handling options, the tests, the exclusions and the missing-data handling, the small-cell rule,
 * and the software version. Each sentence names the R function whose numbers the engine reproduces,
 * so a reader can check the method; conditional sentences appear only when that analysis ran.
 */
import { EXCLUSION_REASON_LABEL } from '../mapping/exclude';
import { conversionText, UNIT_WORDS } from '../mapping/units';
import { FACTOR_CATALOGUE } from '../factors/catalogue';
import type { Mapping } from '../mapping/format';
import type { Block, Cell, Inline } from './model';
import type { Exclusions, PlannedAnalysis, ReportSettings } from './plan';
import { isScoreSplitColumn, mappedFactors, reportGroups, survivalSettings, userBuiltAnalyses } from './plan';
import { groupingLabel } from './result-shapes';
import { SOFTWARE_NAME, SOFTWARE_VERSION } from './version';
import { recurrentMethodsParts } from './recurrent-section';
import { suppressCount } from './suppression';
import { findAnalysis } from '../analyses/registry';

const CONF_TYPE_TEXT: Record<ReportSettings['confType'], string> = {
  log: 'log-transformed',
  'log-log': 'log–log-transformed',
  plain: 'untransformed (plain, linear-scale)',
};

const CORRELATION_TEXT: Record<ReportSettings['correlationMethod'], string> = {
  pearson: "Pearson's product-moment correlation (t test; Fisher-z confidence interval)",
  spearman: "Spearman's rank correlation (p-values as R's cor.test gives them by default: exact for up to 9 pairs and by the AS 89 Edgeworth series for up to 1,290 pairs when neither measure has ties, otherwise the t approximation; which one was used is recorded for each pair)",
  kendall: "Kendall's tau-b (p-values as R's cor.test gives them by default: exact for fewer than 50 pairs when neither measure has ties, otherwise the normal approximation with tie correction and no continuity correction; which one was used is recorded for each pair)",
};

const P_ADJUST_TEXT: Record<ReportSettings['pAdjust'], string> = {
  none: 'not adjusted for multiple comparisons',
  holm: "adjusted for multiple comparisons with Holm's step-down method",
  hochberg: "adjusted for multiple comparisons with Hochberg's step-up method",
  bonferroni: 'adjusted for multiple comparisons with the Bonferroni correction',
  BH: 'adjusted with the Benjamini–Hochberg false-discovery-rate method',
  BY: 'adjusted with the Benjamini–Yekutieli false-discovery-rate method',
};

function level(settings: ReportSettings): string {
  return `${Number((settings.confLevel * 100).toPrecision(6))}%`;
}

function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * How a factor score's median or tertile split was made: shared/mapping/apply.ts's splitAtQuantiles on the
 * scores of every row of the mapped data (after the rows the user left out), before the exclusion rule, as
 * the app's Survival step makes it.
 */
function splitText(columns: readonly string[]): string {
  const described = columns.map((column) => {
    const label = groupingLabel(column);
    const score = label.slice(0, label.lastIndexOf(' ('));
    return column.startsWith('median.')
      ? `${label}: the ${score} score below its median ("below median") or at or above it ("median or above")`
      : `${label}: the ${score} score below its first tertile ("lower third"), from the first tertile to below the second ("middle third"), or at or above the second ("upper third")`;
  });
  return `Groups by a factor score were made as in the app's Survival step: ${listText(described)}. The median and tertiles are R's quantile(type = 7) of the score over every row of the data with a score (the rows the user left out in the Mapping step excepted), taken before rows with a missing or negative follow-up time or a missing event were left out; a score equal to a cut point goes to the upper group, and a row without a score is in no group.`;
}

export interface MethodsInput {
  mapping: Mapping;
  settings: ReportSettings;
  plan: PlannedAnalysis[];
  exclusions: Exclusions;
  minCell: number;
  /** The cell of a count under its key (the report's disclosure ledger); default: primary suppression only. */
  count?: (key: string, n: number) => Cell;
}

/** The rows the user left out in the Mapping step, in the exclusions sentence: ', or were left out by the user …'. */
function userExclusionParts(exclusions: Exclusions, mapping: Mapping, cell: (key: string, n: number) => Cell): Inline[] {
  const byUser = exclusions.leftOutByUser ?? [];
  if (byUser.length === 0) return [];
  const parts: Inline[] = [', or were left out by the user in the Mapping step (recorded in the mapping and the project\'s audit log): '];
  byUser.forEach((e, i) => {
    const rows = mapping.excludeRows?.find((x) => x.reason === e.reason)?.rows ?? [];
    if (i > 0) parts.push(i === byUser.length - 1 ? ' and ' : ', ');
    parts.push(cell(`leftOutByUser:${i}`, e.count), ` because of ${EXCLUSION_REASON_LABEL[e.reason]}${rows.length > 0 && rows.length <= 20 ? ` (data row${rows.length === 1 ? '' : 's'} ${rows.join(', ')})` : ''}`);
  });
  return parts;
}

export function methodsBlocks(input: MethodsInput): Block[] {
  const { mapping, settings, plan, exclusions, minCell } = input;
  const has = (role: PlannedAnalysis['role']) => plan.some((p) => p.role === role);
  const blocks: Block[] = [];
  const paragraph = (...parts: Inline[]) => blocks.push({ kind: 'paragraph', parts });
  const outcome = mapping.outcome;
  const cell = input.count ?? ((_key: string, n: number) => suppressCount(n, minCell));

  const unit = outcome.unit ?? 'days';
  const unitWords = UNIT_WORDS[unit];
  const timeText = outcome.intervalStart !== undefined
    ? `the (start, stop] intervals of follow-up in days, from column "${outcome.intervalStart}" to column "${outcome.time}", several per participant`
    : outcome.time !== undefined
    ? unit === 'days'
      ? `the follow-up time in days (column "${outcome.time}")`
      : `the follow-up time (column "${outcome.time}") ${conversionText(unit)}; every time in this report (medians, follow-up, restricted means, the report times, the charts' axes) is in ${unit}, each analysis fitted on the follow-up in ${unit}`
    : `the days from the start date ("${outcome.start}") to the relapse date${outcome.end ? ` ("${outcome.end}")` : ''}${outcome.censorEnd ? `, or to the last-contact date ("${outcome.censorEnd}") when there was no relapse` : ''}`;
  const competing = outcome.competingValues ?? [];
  paragraph(
    `The outcome was time to relapse, measured as ${timeText}. A relapse was recorded when column "${outcome.event}" held ${listText(outcome.eventValues.map((v) => `"${String(v)}"`))}`,
    competing.length > 0
      ? `; ${listText(competing.map((v) => `"${String(v)}"`))} marked a competing end of follow-up (for example death or transfer), which was treated as censoring in the survival curves, the log-rank tests and the Cox model (a cause-specific analysis); any other value was censoring.`
      : '; any other value was censoring.',
  );
  paragraph(
    'Exclusions and missing data: of ',
    cell('rows', exclusions.rows),
    ' rows, ',
    cell('excluded', exclusions.excluded),
    ' were left out before every analysis because the follow-up time was missing (',
    cell('missingTime', exclusions.missingTime),
    ') or negative (',
    cell('negativeTime', exclusions.negativeTime),
    ') or the event was missing (',
    cell('missingEvent', exclusions.missingEvent),
    ')',
    ...userExclusionParts(exclusions, mapping, cell),
    '. Each analysis then used the complete cases for its own variables (a row with a missing group value is left out of that group comparison; the factor model uses the rows with every factor score), and its section states how many rows it left out. Missing values were not imputed.',
  );

  if (has('overall-km') || has('group-km')) {
    paragraph(
      `Survival was estimated with the Kaplan–Meier method with ${CONF_TYPE_TEXT[survivalSettings(settings, unit).confType]} ${level({ ...settings, confLevel: survivalSettings(settings, unit).confLevel })} pointwise confidence intervals (Greenwood variance), as R's survfit(conf.type = "${survivalSettings(settings, unit).confType}"). `,
      'Median survival and its confidence interval follow R\'s quantile rule for survfit; survival is reported at ',
      listText(survivalSettings(settings, unit).times.map((t) => `${t}`)),
      ` ${unitWords.many}. The restricted mean survival time (RMST) is the area under the curve up to `,
      settings.tau !== undefined ? `${settings.tau} ${unitWords.many}` : 'the longest follow-up time in the data (R\'s rmean = "common")',
      '. Median follow-up was estimated with the reverse Kaplan–Meier method.',
    );
  }
  if (has('group-logrank')) {
    const splits = reportGroups(mapping, settings).filter(isScoreSplitColumn);
    if (splits.length > 0) paragraph(splitText(splits));
    paragraph(`Groups (${listText(reportGroups(mapping, settings).map((g) => (isScoreSplitColumn(g) ? groupingLabel(g) : `"${g}"`)))}) were compared with the log-rank test (R survdiff, rho = 0); a test with k groups has k − 1 degrees of freedom. Groups are listed in the order R's factor() gives them: numbers in numeric order (also when stored as text), other text alphabetically, letter case counting only between otherwise equal words (as R sorts text under ICU).`);
  }
  if (has('factor-cox') && settings.cox) {
    const cox = settings.cox;
    paragraph(
      `Hazard ratios come from the Cox proportional-hazards model set up in the app's Cox step (R coxph, ${cox.ties === 'efron' ? "Efron's" : "Breslow's"} method for ties) with the covariates ${listText(cox.covariates.map((c) => `"${c}"`))}`,
      cox.categorical.length > 0 ? `, of which ${listText(cox.categorical.map((c) => `"${c}"`))} as categories (one hazard ratio per level against the reference${cox.reference ? `; reference levels ${cox.reference}` : ', the first level in sort order'})` : '',
      cox.strata ? `, stratified by "${cox.strata}" (a baseline hazard per stratum)` : '',
      cox.weights ? `, with case weights from column "${cox.weights}" (R coxph(…, weights = ${cox.weights}); rows of weight 0 are refused, as R refuses them)` : '',
      cox.cluster
        ? `, with the robust (sandwich) variance by "${cox.cluster}" (R coxph(…, cluster = ${cox.cluster})), which allows the rows of one ${cox.cluster} to go together. Confidence intervals (${Number((cox.confLevel * 100).toPrecision(6))}%) are exp(β ± z·robust SE) and p-values are Wald tests with the robust SE, as summary.coxph gives them; the model-based SE is shown beside the robust one, and the Wald and robust score tests of the whole model use the robust variance`
        : cox.weights
          ? `. When a weight is not a whole number, the variance is the robust (sandwich) one with each row its own cluster, as R's coxph does by default: the confidence intervals (${Number((cox.confLevel * 100).toPrecision(6))}%, exp(β ± z·robust SE)), z and p-values then use the robust SE, shown beside the model-based SE; with whole weights (frequencies) they use the model-based SE`
          : `. Confidence intervals (${Number((cox.confLevel * 100).toPrecision(6))}%) are exp(β ± z·SE) and p-values are Wald tests`,
      `; the proportional-hazards assumption was checked with the score test of R's cox.zph (Kaplan–Meier time transform).`,
    );
  } else if (has('factor-cox')) {
    const factors = mappedFactors(mapping).map((f) => FACTOR_CATALOGUE[f].label.toLowerCase());
    paragraph(
      `Hazard ratios come from a Cox proportional-hazards model with ${settings.ties === 'efron' ? "Efron's" : "Breslow's"} method for ties (R coxph), fitted to the standardised scores of ${factors.length} relapse factor${factors.length === 1 ? '' : 's'} (${listText(factors)}) together, so each hazard ratio is per standard deviation of its factor score, adjusted for the others. `,
      'A factor score is the mean of its items\' z-scores (reversed for protective items), standardised again to mean 0 and SD 1. ',
      `Confidence intervals (${level(settings)}) are exp(β ± z·SE) and p-values are Wald tests. Discrimination is Harrell's concordance with its infinitesimal-jackknife standard error; the proportional-hazards assumption was checked with the score test of R's cox.zph (Kaplan–Meier time transform), per factor and globally.`,
    );
  }
  if (has('sites-funnel') || has('sites-adjusted') || has('sites-rmst')) {
    const column = plan.find((p) => p.role.startsWith('sites-'))?.group ?? '';
    const factors = mappedFactors(mapping).map((f) => FACTOR_CATALOGUE[f].label.toLowerCase());
    const parts: string[] = [];
    if (has('sites-funnel')) {
      parts.push(
        `Sites ("${column}") were compared with what their participants' measured factors would lead one to expect. A Cox model of the factor scores (${listText(factors)}) without the site (R coxph, ${settings.ties === 'efron' ? "Efron's" : "Breslow's"} ties) gave each participant's expected number of relapses, their cumulative hazard at their own follow-up time (R predict(fit, type = "expected")); summed over a site's participants they give its expected relapses E, and the observed O over E is its standardised relapse ratio, with Garwood's exact Poisson ${level(settings)} interval (as R poisson.test). `,
        "The funnel plot draws each site's ratio against E with Spiegelhalter's (2005) exact Poisson limits at 95% and 99.8% around 1, interpolated for the discreteness of counts; a site outside them had more or fewer relapses than expected given its participants' measured factors. ",
      );
    }
    if (has('sites-adjusted')) {
      parts.push(
        "The adjusted curves are direct standardisation (the g-formula): a Cox model of the site and the factor scores, and for each site the average of the predicted survival curves of all participants with the site set to it, with standard errors from the influence function (Ozenne et al. 2020, as R riskRegression's ate) and Wald limits clipped to 0 and 1. ",
      );
    }
    if (has('sites-rmst')) {
      parts.push("The restricted mean time free of relapse per site, and the difference between each pair of sites with its confidence interval and p-value, are those of R survRM2's rmst2 on each site's own (unadjusted) Kaplan–Meier curve. ");
    }
    parts.push('Adjustment removes differences between sites in the measured factors only; differences in anything not measured remain.');
    paragraph(...parts);
  }
  const recurrentPlan = plan.find((p) => p.role === 'recurrent');
  if (recurrentPlan) paragraph(...recurrentMethodsParts(recurrentPlan, minCell));
  if (has('cumulative-incidence')) {
    paragraph('Because a competing end of follow-up prevents a later relapse, the cumulative incidence of relapse and of the competing end was also estimated with the Aalen–Johansen estimator (R cmprsk::cuminc), with Gray\'s variance and log(−log) confidence limits.');
  }
  const correlationPlan = plan.find((p) => p.role === 'factor-correlation');
  if (correlationPlan && settings.correlation) {
    const cor = settings.correlation;
    paragraph(`Associations between the columns set up in the app's Correlation step (${listText(cor.columns.map((c) => `"${c}"`))}) were measured with ${CORRELATION_TEXT[cor.method]}, using ${cor.missing} complete cases; p-values were ${P_ADJUST_TEXT[cor.pAdjust]}.`);
  } else if (has('factor-correlation')) {
    paragraph(`Associations between factor scores were measured with ${CORRELATION_TEXT[settings.correlationMethod]}, using ${settings.correlationMissing === 'pairwise' ? 'pairwise' : 'listwise'} complete cases; p-values were ${P_ADJUST_TEXT[settings.pAdjust]}.`);
  }
  // The declared analyses the report added (plan.ts planDeclared): each run's methods paragraph, as its declaration writes it.
  for (const planned of plan.filter((p) => p.role === 'declared')) {
    const declaration = findAnalysis(planned.analysis);
    const parsed = declaration?.optionsSchema.safeParse(planned.options);
    if (declaration?.presentation?.methods && parsed?.success) paragraph(...declaration.presentation.methods(parsed.data));
  }
  paragraph(
    minCell > 1
      ? `Small-cell suppression (k = ${minCell}): counts from 1 to ${minCell - 1} are shown as "<${minCell}" and a zero as 0; further counts are shown as "suppressed" where a hidden one could otherwise be worked out from totals or differences (group sizes adding up to the cohort, relapses plus censored, consecutive numbers at risk). As in the ACRO disclosure-control project, Kaplan–Meier curves step only once at least ${minCell} participants have left the risk set, each step's relapses and censorings being 0 or at least ${minCell}; the drawn curve and its confidence band are recomputed from these steps, while the survival at the report times (withheld once fewer than ${minCell} remain at risk), the medians and the restricted means are the exact estimates. Groups with fewer than ${minCell} participants are named without their numbers.`
      : 'Small-cell suppression was turned off for this report: small counts are shown as they are. Do not share it outside the team that may see participant-level data.',
  );
  const userBuilt = userBuiltAnalyses(settings);
  if (userBuilt.length > 0) paragraph(`User-built analyses: ${listText(userBuilt)} ${userBuilt.length === 1 ? 'is' : 'are'} as the user set ${userBuilt.length === 1 ? 'it' : 'them'} up in the app's steps; the other analyses are the report's defaults.`);
  paragraph(
    `Analyses were run with ${SOFTWARE_NAME} ${SOFTWARE_VERSION}, whose estimates reproduce R 4.2 with survival 3.5-3 and cmprsk 2.2 to a relative difference of 10⁻⁶. `,
    'The analysis settings and the mapping are available as an analysis-only export (no data) so the analysis can be rerun on another copy of the data.',
  );
  return blocks;
}

/**
 * The analyses the user set up in the Cox, Correlation and Survival steps (their remembered forms,
 * remembered-options.ts), as the report settings' user-built specs (shared/report/plan.ts: cox,
 * correlation, survival). Each form is read through its declaration's option schema, as the step's own
 * request is. A Cox model with a robust variance (cluster) or case weights is carried with them, and curves
 * split at a factor score's median or tertiles with the split (the report derives it as the steps do). A
 * model on (start, stop] rows (start) is left to the report's default, with the reason: the report fits one
 * row per participant, and a mapping of one row per participant has no intervals to fit on.
 */
import { findAnalysis } from '../../../shared/analyses/registry';
import { validateAnalysisOptions } from '../../../shared/analyses/validate-options';
import { declaredSectionKey, reportableAnalyses, userCoxSchema, userCorrelationSchema, userSurvivalSchema, type UserCorrelation, type UserCox, type UserSurvival } from '../../../shared/report/plan';
import { toAnalysisOptions, type FormValues } from '../components/AnalysisForm';
import { recallForm, type OptionsMemory, type RememberScope } from './remembered-options';
import { DERIVED_RELAPSE, DERIVED_TIME } from './workspace';

const OUTCOME = { time: DERIVED_TIME, event: DERIVED_RELAPSE };

export interface UserAnalyses {
  cox?: UserCox;
  correlation?: UserCorrelation;
  survival?: UserSurvival;
  /** Steps whose set-up the report cannot carry, with the reason (the report's default is used). */
  left: string[];
}

function parsed(analysis: string, values: FormValues): Record<string, unknown> | null {
  const specs = findAnalysis(analysis)?.options ?? [];
  try {
    return validateAnalysisOptions(analysis, { ...toAnalysisOptions(specs, values), ...(analysis === 'correlation' ? {} : OUTCOME) }, 'app') as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * The Survival step's times are in the mapping's follow-up unit, as the report's are (shared/report/plan.ts):
 * they are carried over as they are.
 */
export function userAnalysesFor(memory: OptionsMemory | null, scope: RememberScope): UserAnalyses {
  const out: UserAnalyses = { left: [] };
  const coxValues = recallForm(memory, 'cox', scope);
  const cox = coxValues ? parsed('cox', coxValues) : null;
  if (cox) {
    if (cox.start !== undefined) out.left.push('the Cox model (on (start, stop] intervals: the report fits one row per participant)');
    // The cox analysis refuses case weights with a robust variance by a column, as its step does: nothing to carry.
    else if (cox.cluster !== undefined && cox.weights !== undefined) out.left.push('the Cox model (case weights and a robust variance by a column cannot be combined)');
    else {
      const optional = Object.fromEntries((['reference', 'strata', 'cluster', 'weights'] as const).filter((name) => cox[name]).map((name) => [name, cox[name]]));
      const spec = userCoxSchema.safeParse({ covariates: cox.covariates, categorical: cox.categorical, ...optional, ties: cox.ties, confLevel: cox.confLevel });
      if (spec.success) out.cox = spec.data;
    }
  }
  const correlationValues = recallForm(memory, 'correlation', scope);
  const correlation = correlationValues ? parsed('correlation', correlationValues) : null;
  if (correlation) {
    const spec = userCorrelationSchema.safeParse({ columns: correlation.columns, method: correlation.method, pAdjust: correlation.pAdjust, missing: correlation.missing });
    if (spec.success) out.correlation = spec.data;
  }
  const survivalValues = recallForm(memory, 'survival', scope);
  const km = survivalValues ? parsed('km', survivalValues) : null;
  if (km) {
    // A factor score's median or tertile split (median.<factor>, tertile.<factor>) is carried too: the report derives it as the steps do.
    const group = typeof km.group === 'string' ? km.group : undefined;
    const times = Array.isArray(km.times) && km.times.length > 0 && (km.times as number[]).every((t) => t > 0) ? { times: km.times as number[] } : {};
    const spec = userSurvivalSchema.safeParse({ groups: group ? [group] : [], confType: km.confType, confLevel: km.confLevel, ...times });
    if (spec.success) out.survival = spec.data;
  }
  return out;
}

/** The report's sections with the group sections of the groups compared (the user's, when the survival section is user-built). */
export function sectionsForGroups(sections: readonly string[], groups: readonly string[]): string[] {
  const kept = sections.filter((id) => !id.startsWith('group:') || groups.includes(id.slice('group:'.length)));
  const missing = groups.filter((g) => !kept.includes(`group:${g}`)).map((g) => `group:${g}`);
  if (missing.length === 0) return kept;
  const lastGroup = kept.map((id) => id.startsWith('group:')).lastIndexOf(true);
  const at = lastGroup >= 0 ? lastGroup + 1 : kept.includes('overview') ? kept.indexOf('overview') + 1 : 0;
  return [...kept.slice(0, at), ...missing, ...kept.slice(at)];
}

/**
 * The sections of the declared analyses with a report part (shared/report/plan.ts reportableAnalyses), labelled
 * from their declarations, not ticked by default: a report keeps the sections it has always had (and its
 * analysis-only export the same analyses) unless the user adds one, and the restricted means the group sections
 * already show are up to the longest follow-up while the comparison's default horizon is survRM2's, a second
 * horizon a reader should meet only when it was asked for.
 */
export function declaredSectionChoices(): { id: string; label: string; included: boolean }[] {
  return reportableAnalyses().map((a) => ({ id: declaredSectionKey(a.id), label: a.presentation?.report?.label ?? a.title, included: false }));
}

/**
 * Every analysis the app offers, by id: the declarations only (no computation, no engine), so the renderer
 * can read them. Adding an analysis means its declaration here (`<id>.ts`), its run beside it (`<id>.run.ts`,
 * listed in run.ts) and its engine file in shared/stats: the UI form, the CLI flags, the worker job and the
 * report section all come from the declaration.
 */
import type { AnalysisDeclaration } from './declaration';
import { kmAnalysis } from './km';
import { logrankAnalysis } from './logrank';
import { coxAnalysis } from './cox';
import { cumincAnalysis } from './cuminc';
import { correlationAnalysis } from './correlation';
import { factorsAnalysis } from './factors';
import { recurrentAnalysis } from './recurrent';
import { sitesAnalysis } from './sites';
import { rmstAnalysis } from './rmst';
import { adjustedAnalysis } from './adjusted';
import { predictAnalysis } from './predict';

export const ANALYSES: readonly AnalysisDeclaration[] = [kmAnalysis, logrankAnalysis, coxAnalysis, cumincAnalysis, correlationAnalysis, factorsAnalysis, recurrentAnalysis, rmstAnalysis, sitesAnalysis, predictAnalysis, adjustedAnalysis];

export type AnalysisId = 'km' | 'logrank' | 'cox' | 'cuminc' | 'correlation' | 'factors' | 'recurrent' | 'rmst' | 'sites' | 'predict' | 'adjusted';

export function findAnalysis(id: string): AnalysisDeclaration | undefined {
  return ANALYSES.find((a) => a.id === id);
}

/**
 * Flags shared by `report`, `export-analysis` and `demo`: the report settings (shared/report/plan.ts)
 * and the small-cell threshold, with their defaults documented in --help.
 */
import { reportSettingsSchema, type ReportSettings } from '../../shared/report/plan';
import { DEFAULT_MIN_CELL } from '../../shared/report/suppression';
import { UsageError, type FlagConfig, type ParsedCommandLine } from '../args';

export const reportSettingFlags: FlagConfig = {
  times: { type: 'string' },
  'conf-type': { type: 'string' },
  'conf-level': { type: 'string' },
  ties: { type: 'string' },
  'cor-method': { type: 'string' },
  'p-adjust': { type: 'string' },
  tau: { type: 'string' },
  'sites-by': { type: 'string' },
  'min-cell': { type: 'string' },
};

export const REPORT_SETTINGS_USAGE = [
  '  --min-cell K       small-cell threshold: counts 1..K-1 print as "<K" (0 stays 0), counts that would reveal them are hidden,',
  '                     and survival curves step only when at least K people leave the risk set',
  `                     (default ${DEFAULT_MIN_CELL}; --min-cell 0 turns suppression off)`,
  '  --times 30,90,180,365   times at which survival and cumulative incidence are reported, in the mapping\'s follow-up unit (default 30,90,180,365 days; 1,3,6,12 months)',
  '  --conf-type log|log-log|plain   Kaplan–Meier CI (default log)',
  '  --conf-level 0.95  confidence level',
  '  --ties efron|breslow    Cox model ties (default efron)',
  '  --cor-method pearson|spearman|kendall   factor correlations (default spearman)',
  '  --p-adjust none|holm|hochberg|bonferroni|BH|BY   (default holm)',
  '  --tau T            restricted mean horizon in the mapping\'s follow-up unit (default: the longest follow-up)',
  '  --sites-by COL     add the section comparing sites by COL: observed against expected relapses (funnel plot),',
  '                     curves adjusted for the factor scores, restricted means (off by default)',
].join('\n');

function number(flag: string, text: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${flag}: "${text}" is not a number`);
  return value;
}

export function minCellFrom(values: ParsedCommandLine['values']): number {
  const raw = values['min-cell'];
  if (typeof raw !== 'string') return DEFAULT_MIN_CELL;
  const k = number('min-cell', raw);
  if (!Number.isInteger(k) || k < 0 || k > 1000) throw new UsageError('--min-cell must be a whole number from 0 (off) to 1000');
  return k;
}

export function settingsFrom(values: ParsedCommandLine['values']): ReportSettings {
  const str = (flag: string) => (typeof values[flag] === 'string' ? (values[flag] as string) : undefined);
  const raw: Record<string, unknown> = {};
  if (str('times') !== undefined) raw.times = str('times')!.split(',').filter((s) => s.trim() !== '').map((s) => number('times', s));
  if (str('conf-type') !== undefined) raw.confType = str('conf-type');
  if (str('conf-level') !== undefined) raw.confLevel = number('conf-level', str('conf-level')!);
  if (str('ties') !== undefined) raw.ties = str('ties');
  if (str('cor-method') !== undefined) raw.correlationMethod = str('cor-method');
  if (str('p-adjust') !== undefined) raw.pAdjust = str('p-adjust');
  if (str('tau') !== undefined) raw.tau = number('tau', str('tau')!);
  if (str('sites-by') !== undefined) raw.sitesBy = str('sites-by')!.trim();
  const parsed = reportSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const flagOf: Record<string, string> = { times: 'times', confType: 'conf-type', confLevel: 'conf-level', ties: 'ties', correlationMethod: 'cor-method', pAdjust: 'p-adjust', tau: 'tau', sitesBy: 'sites-by' };
    throw new UsageError(parsed.error.issues.map((i) => `--${flagOf[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

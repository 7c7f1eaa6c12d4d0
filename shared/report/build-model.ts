/**
 * Builds the report model from the analyses' results: which sections, in which order, what each
 * holds. Pure: the results, the provenance and the settings in, the model out. Every count is a cell
 * handed out by a DisclosureLedger under a key naming what it counts, with the sums that tie the
 * counts together; once every section is built the ledger applies primary and secondary suppression.
 * Under suppression, curves and the numbers at risk come from the aggregated Kaplan–Meier steps, the
 * survival at the report times is the exact estimate while at least k are at risk, and groups with
 * fewer than k participants keep only their name. Labels and sentences are
 * never rewritten: a count inside a warning is rebuilt from its result field.
 */
import { EXCLUSION_REASON_LABEL } from '../mapping/exclude';
import { type FollowUpUnit, UNIT_DIGITS, UNIT_WORDS } from '../mapping/units';
import { UserFacingError } from '../errors';
import { type Mapping, mappingToTemplate } from '../mapping/format';
import type { KmResult } from '../analyses/km';
import type { CoxResult } from '../analyses/cox';
import type { CumincResult } from '../analyses/cuminc';
import type { SitesResult } from '../analyses/sites';
import type { AdjustedResult } from '../analyses/adjusted';
import type { RmstResult } from '../analyses/rmst';
import type { Block, Cell, Inline, KmCurve, ReportModel, ReportSection, TableColumn } from './model';
import { sectionFitsRows } from './model';
import { methodsBlocks } from './methods';
import { type CrowdedGroup, hasCompetingEnds, MANY_GROUPS, reportGroups, survivalSettings, type Exclusions, type OutcomeCounts, type PlannedAnalysis, type ReportSettings } from './plan';
import { atRiskOnSteps, DisclosureLedger, foldBelow, foldedGroupsLabel, foldTinyGroups, isSmallCount, type KmStep, suppressionActive, ticksWithPeopleAtRisk } from './suppression';
import { aggregateKmSteps } from './suppressed-km-steps';
import { ADJUSTMENT_NOTE, FUNNEL_NOTE, rmstSitesNote, adjustedCurvesSentence, factorScoreTerm, funnelSentence, rmstDifferenceSentence, siteRatioSentence } from './sentences';
import { ASSOCIATION_NOTE, ciMeaning, cohortSentence, hazardRatioSentence, cohortSurvivalSentence, correlationSentence, describedCorrelations, factorHazardRatioSentence, logrankSentence, phSentence, type Sentence } from './sentences';
import { FACTOR_IDS } from '../factors/ids';
import { FACTOR_CATALOGUE } from '../factors/catalogue';
import { factorLabel, groupingLabel, type CorrelationResultShape, type LogrankResultShape } from './result-shapes';
import { coxTermRows } from './cox-terms';

export { factorLabel, groupingLabel, type CorrelationResultShape, type LogrankResultShape };
import { SOFTWARE_ID, SOFTWARE_NAME, SOFTWARE_VERSION } from './version';
import type { RecurrentResult } from '../analyses/recurrent';
import { isSeveralRowsMapping, RECURRENT_PLAN_KEY } from './recurrent-plan';
import { recurrentSection } from './recurrent-section';
import { findAnalysis } from '../analyses/registry';
import { declaredSection } from './declared-section';
import { declaredIdOfSection, declaredSectionKey, reportableAnalyses } from './plan';

export interface AnalysisRun {
  key: string;
  result?: unknown;
  /** The analysis could not run; the message is worded for the user. */
  error?: string;
}

export interface Provenance {
  source: 'csv' | 'project';
  fileName: string | null;
  fileSize: number | null;
  sha256: string | null;
  importedAt: string | null;
  rowsRead: number;
  rejectedRows: number;
  rejectionsByReason: { reason: string; count: number }[];
  projectFile?: string;
  dataset?: string;
}

export interface ReportInput {
  title?: string;
  mapping: Mapping;
  settings: ReportSettings;
  minCell: number;
  notes?: string;
  /** Section ids in the order wanted ("groups" stands for every group section); default: all. */
  sections?: string[];
  plan: PlannedAnalysis[];
  runs: AnalysisRun[];
  /** Mapped group columns of more than 20 groups, left out of the default group sections (plan.ts crowdedGroups). */
  crowdedGroups?: CrowdedGroup[];
  exclusions: Exclusions;
  outcomes: OutcomeCounts;
  provenance: Provenance;
  generatedAt: Date;
}

export const ALL_SECTION_KEYS = ['notes', 'overview', 'groups', 'factors', 'sites', 'recurrent', 'competing', 'correlation', 'methods', 'provenance', 'mapping'] as const;

const text = (value: string): Cell => ({ kind: 'text', text: value });
const num = (value: number | null | undefined, digits = 2): Cell => ({ kind: 'number', value: value ?? null, digits });
const pct = (value: number | null | undefined, digits = 1): Cell => ({ kind: 'percent', value: value ?? null, digits });
const pval = (value: number | null | undefined): Cell => ({ kind: 'p', value: value ?? null });
const interval = (lower: number | null | undefined, upper: number | null | undefined, digits = 2): Cell => ({ kind: 'interval', lower: lower ?? null, upper: upper ?? null, digits });

function percentInterval(lower: number | null, upper: number | null): Cell {
  return { kind: 'interval', lower: lower === null ? null : lower * 100, upper: upper === null ? null : upper * 100, digits: 1 };
}

/** A plain-language paragraph (shared/report/sentences.ts, as the app shows it). */
const summary = (...sentences: Sentence[]): Block => ({ kind: 'paragraph', tone: 'summary', parts: sentences.flatMap((s, i) => (i === 0 ? s : [' ', ...s])) });

function levelText(confLevel: number): string {
  return `${Number((confLevel * 100).toPrecision(6))}%`;
}

/** The Cox table's note when its CI, z and p use the robust SE (a cluster, or fractional case weights). */
function robustNote(user: { cluster?: string; weights?: string }): string {
  const why = user.cluster
    ? `the robust (sandwich) variance by ${user.cluster}, which allows for the rows of one ${user.cluster} going together`
    : `the robust (sandwich) variance with each row its own cluster, as R's coxph does by default when case weights (${user.weights ?? 'the weights'}) are not whole numbers`;
  return `SE is the model-based standard error of the coefficient (the log hazard ratio); the confidence interval, z and p use ${why}. The likelihood-ratio test above assumes independent rows; the Wald and robust score tests do not.`;
}

type KmGroup = KmResult['groups'][number];

/** Warning codes whose messages hold no count of people (times, labels, iteration limits). */
const COUNT_FREE_WARNINGS = new Set([
  'no-events',
  'times-beyond-follow-up',
  'rmst-beyond-follow-up',
  'single-group',
  'no-test',
  'singular-variance',
  'no-trend-test',
  'not-converged',
  'infinite-coefficient',
  'singular',
  'one-group',
  'gray-singular',
]);

class SectionBuilder {
  private readonly k: number;
  readonly ledger: DisclosureLedger;
  private readonly stepCache = new Map<KmGroup, KmStep[]>();
  /** Per drawn curve (ledger unit): the charts that draw it, for when the ledger drops it. */
  private readonly units = new Map<string, { charts: { group: string; curves: KmCurve[] }[] }>();
  /** Work that needs the resolved suppression (numbers that would reveal a count hidden by it). */
  private readonly afterResolve: (() => void)[] = [];
  /** The mapping's follow-up unit: every time in the report is in it (the plan fits on outcome.time_<unit>). */
  readonly followUpUnit: FollowUpUnit;
  constructor(private readonly input: ReportInput) {
    this.followUpUnit = input.mapping.outcome.unit ?? 'days';
    this.k = input.minCell;
    this.ledger = new DisclosureLedger(input.minCell);
    const ex = input.exclusions;
    const o = input.outcomes;
    for (const [key, value] of [['rows', ex.rows], ['excluded', ex.excluded], ['missingTime', ex.missingTime], ['negativeTime', ex.negativeTime], ['missingEvent', ex.missingEvent], ['participants', o.participants], ['relapses', o.relapses], ['censored', o.censored]] as const) {
      this.ledger.unshown(key, value);
    }
    // Competing ends that are not mapped are known to be none.
    if (hasCompetingEnds(input.mapping)) this.ledger.unshown('competing', o.competing);
    else this.ledger.fixed('competing', o.competing);
    this.ledger.sum('rows', ['excluded', 'participants']);
    const byUser = ex.leftOutByUser ?? [];
    byUser.forEach((e, i) => this.ledger.unshown(`leftOutByUser:${i}`, e.count));
    this.ledger.sum('excluded', ['missingTime', 'negativeTime', 'missingEvent', ...byUser.map((_, i) => `leftOutByUser:${i}`)]);
    this.ledger.sum('participants', ['relapses', 'censored', 'competing']);
  }

  /** The unit as words ('month', 'months'). */
  get unitWords(): { one: string; many: string } {
    return UNIT_WORDS[this.followUpUnit];
  }

  /** A time in the unit, with the unit's decimals (whole days, tenths of weeks and months, hundredths of years). */
  time(value: number | null | undefined): Cell {
    return num(value, UNIT_DIGITS[this.followUpUnit]);
  }

  /** A median time to relapse: "not reached" when fewer than half relapsed during follow-up (R prints NA). */
  median(value: number | null | undefined): Cell {
    return value === null || value === undefined ? text('not reached') : this.time(value);
  }

  /** A report time point: as given when whole, otherwise with the unit's decimals. */
  timePoint(value: number): Cell {
    return num(value, Number.isInteger(value) ? 0 : UNIT_DIGITS[this.followUpUnit]);
  }

  timeInterval(lower: number | null | undefined, upper: number | null | undefined): Cell {
    return interval(lower, upper, UNIT_DIGITS[this.followUpUnit]);
  }

  /**
   * The one row of a table's folded groups (suppression.ts foldTinyGroups): their summed participants and
   * relapses as counts (each group's own, printed nowhere, and the sums tying them go to the ledger), then
   * `blanks` cells of '—' where the table's estimates would be.
   */
  foldedRow(prefix: string, groups: { nKey: string; eventsKey: string; n: number; events: number }[], below: number, blanks: number): Cell[] {
    const nKey = `${prefix}:folded:n`;
    const eventsKey = `${prefix}:folded:events`;
    for (const g of groups) {
      this.ledger.unshown(g.nKey, g.n);
      this.ledger.unshown(g.eventsKey, g.events);
    }
    const n = groups.reduce((s, g) => s + g.n, 0);
    const events = groups.reduce((s, g) => s + g.events, 0);
    const row = [text(foldedGroupsLabel(groups.length, below)), this.count(nKey, n), this.count(eventsKey, events), ...Array.from({ length: blanks }, () => text('—'))];
    this.ledger.unshown(`${prefix}:folded:censored`, n - events);
    this.ledger.sum(nKey, [eventsKey, `${prefix}:folded:censored`]);
    this.ledger.sum(nKey, groups.map((g) => g.nKey));
    this.ledger.sum(eventsKey, groups.map((g) => g.eventsKey));
    return row;
  }

  /** The cell of a count, under the key naming what it counts (the same key wherever it is printed). */
  count(key: string, n: number): Cell {
    return this.ledger.cell(key, n);
  }

  /** The Kaplan–Meier table as drawn: aggregated steps under suppression, the full table otherwise. */
  steps(g: KmGroup, km: KmResult): KmStep[] {
    let steps = this.stepCache.get(g);
    if (!steps) {
      steps = aggregateKmSteps(g.table, this.k, km.confType, km.confLevel);
      this.stepCache.set(g, steps);
    }
    return steps;
  }

  /**
   * The sums a curve's counts obey: n = relapses + censored. A drawn curve (its steps run to the end of
   * follow-up) shows n, the relapses and the censored: they are what the ledger may drop it for.
   */
  registerCurve(prefix: string, g: KmGroup, km: KmResult, drawn: boolean, nKey: string, eventsKey: string): void {
    const ledger = this.ledger;
    ledger.unshown(nKey, g.n);
    ledger.unshown(eventsKey, g.events);
    ledger.unshown(`${prefix}:censored`, g.n - g.events);
    ledger.sum(nKey, [eventsKey, `${prefix}:censored`]);
    if (!drawn || !suppressionActive(this.k)) return;
    const steps = this.steps(g, km);
    if (steps.length === 0) return;
    ledger.fixed(nKey, steps[0].nRisk, prefix);
    ledger.fixed(eventsKey, steps.reduce((s, r) => s + r.nEvent, 0), prefix);
    ledger.fixed(`${prefix}:censored`, steps.reduce((s, r) => s + r.nCensor, 0), prefix);
  }

  /** Analysis warnings as paragraphs; under suppression a message that may hold a count is rebuilt from its result field. */
  warnings(list: readonly { code: string; message: string }[], rebuilt: Record<string, () => Inline[]> = {}): Block[] {
    const byCode = new Map<string, Inline[][]>();
    for (const w of list) {
      let parts: Inline[];
      if (!suppressionActive(this.k)) parts = [w.message];
      else if (rebuilt[w.code]) parts = rebuilt[w.code]();
      else if (COUNT_FREE_WARNINGS.has(w.code) || COUNT_FREE_WARNINGS.has(w.code.replace(/^pairwise-/, ''))) parts = [w.message];
      else parts = [`The analysis gave a warning (${w.code}) whose text is not shown because it may hold a count below ${this.k}.`];
      byCode.set(w.code, [...(byCode.get(w.code) ?? []), parts]);
    }
    return [...byCode.values()].map((messages): Block => {
      const shown = messages.length <= 2 ? messages : messages.slice(0, 2);
      const parts: Inline[] = shown.flatMap((m, i) => (i === 0 ? m : [' ', ...m]));
      if (messages.length > 2) parts.push(` (The same applies to ${messages.length - 2} more group${messages.length === 3 ? '' : 's'}.)`);
      return { kind: 'paragraph', tone: 'warning', parts };
    });
  }

  withheld(): Cell {
    return { kind: 'withheld', reason: `fewer than ${this.k} at risk` };
  }

  run<T>(key: string): { result?: T; error?: string } | undefined {
    const run = this.input.runs.find((r) => r.key === key);
    return run ? { result: run.result as T | undefined, error: run.error } : undefined;
  }

  /** Groups of a KM result whose numbers may be shown. */
  shownGroups(km: KmResult): KmResult['groups'] {
    return km.groups.filter((g) => !isSmallCount(g.n, this.k));
  }

  private unit(key: string) {
    let unit = this.units.get(key);
    if (!unit) this.units.set(key, (unit = { charts: [] }));
    return unit;
  }

  /** `logrankP`: the log-rank test's p for the same grouping, printed on the plot (survminer's pval = TRUE). */
  kmChart(id: string, title: string, subtitle: string | undefined, km: KmResult, groups: KmResult['groups'], unitOf: (g: KmGroup) => string, logrankP?: number | null): Block {
    // Under suppression a group whose counts allow no step is not drawn (its table says why).
    const drawn = groups.filter((g) => this.steps(g, km).length > 0);
    const curves: KmCurve[] = drawn.map((g) => ({ group: g.group, n: g.n, events: g.events, table: this.steps(g, km), median: { estimate: g.median.estimate } }));
    for (const g of drawn) this.unit(unitOf(g)).charts.push({ group: g.group, curves });
    const lastTime = Math.max(0, ...curves.map((c) => (c.table.length > 0 ? c.table[c.table.length - 1].time : 0)));
    const ticks = ticksWithPeopleAtRisk(niceTicks(lastTime), curves.map((c) => c.table));
    return {
      kind: 'chart',
      id,
      chart: {
        type: 'km',
        title,
        // Under suppression a drop is drawn only once enough people have left follow-up: say so where it is seen.
        subtitle: suppressionActive(this.k) ? `${subtitle ?? ''}${subtitle ? '; ' : ''}drawn in steps of at least ${this.k} leaving follow-up (see Methods)` : subtitle,
        groups: curves,
        timeUnit: this.followUpUnit,
        ...(suppressionActive(this.k) ? { minAtRisk: this.k, suppressBelow: this.k } : {}),
        ticks,
        ...(logrankP !== undefined ? { pValue: { p: logrankP } } : {}),
      },
    };
  }

  /** Survival at the report times, one row per group and time. */
  survivalAtTimesTable(id: string, caption: string, km: KmResult, groups: KmResult['groups'], showGroup: boolean, prefix: (g: KmGroup) => string): Block {
    const columns: TableColumn[] = [
      ...(showGroup ? [{ label: 'Group', align: 'left' as const }] : []),
      { label: capitalised(this.unitWords.one), align: 'right' },
      { label: 'At risk', align: 'right' },
      { label: 'Relapse-free survival (%)', align: 'right' },
      { label: `${levelText(km.confLevel)} CI (%)`, align: 'right' },
    ];
    const rows: Cell[][] = [];
    const active = suppressionActive(this.k);
    for (const g of groups) {
      const steps = this.steps(g, km);
      for (const time of survivalSettings(this.input.settings, this.followUpUnit).times) {
        const lead = showGroup ? [text(g.group)] : [];
        if (isSmallCount(g.n, this.k)) {
          rows.push([...lead, this.timePoint(time), this.withheld(), this.withheld(), this.withheld()]);
        } else if (active) {
          // The estimate is the exact one (R's survfit), shown while at least k are at risk; the number
          // at risk is the drawn curve's (that at the start of the step in progress), so that no two
          // numbers at risk in the report differ by 1..k − 1.
          const at = g.atTimes.find((a) => a.time === time);
          const nRisk = atRiskOnSteps(steps, time);
          let risk = this.withheld();
          if (nRisk !== null) {
            const key = `${prefix(g)}:atRisk:${steps.findIndex((s) => s.time >= time)}`;
            this.ledger.fixed(key, nRisk, prefix(g));
            risk = this.count(key, nRisk);
          }
          if (!at) rows.push([...lead, this.timePoint(time), text('—'), text('after the last follow-up'), text('—')]);
          else if (at.nRisk < this.k) rows.push([...lead, this.timePoint(time), risk, this.withheld(), this.withheld()]);
          else rows.push([...lead, this.timePoint(time), risk, pct(at.survival), percentInterval(at.lower, at.upper)]);
        } else {
          const at = g.atTimes.find((a) => a.time === time);
          if (!at) rows.push([...lead, this.timePoint(time), text('—'), text('after the last follow-up'), text('—')]);
          else rows.push([...lead, this.timePoint(time), this.count(`${prefix(g)}:atRisk:day${time}`, at.nRisk), pct(at.survival), percentInterval(at.lower, at.upper)]);
        }
      }
    }
    return {
      kind: 'table',
      id,
      caption,
      columns,
      rows,
      ...(active
        ? { footnotes: [`Survival is the Kaplan–Meier estimate, withheld once fewer than ${this.k} remain at risk. The number at risk is the chart's: that at the start of the step in progress at that time (the chart steps only once at least ${this.k} have left follow-up).`] }
        : {}),
    };
  }

  overview(): ReportSection {
    const { outcomes, exclusions, mapping } = this.input;
    const blocks: Block[] = [];
    const run = this.run<KmResult>('km:all');
    const items: { term: string; value: Cell }[] = [
      { term: 'Rows in the dataset', value: this.count('rows', exclusions.rows) },
      { term: 'Rows left out (missing or negative time, missing event)', value: this.count('excluded', exclusions.excluded) },
      { term: 'Participants analysed', value: this.count('participants', outcomes.participants) },
      { term: 'Relapses', value: this.count('relapses', outcomes.relapses) },
      { term: 'Censored (follow-up ended without relapse)', value: this.count('censored', outcomes.censored) },
    ];
    if ((mapping.outcome.competingValues?.length ?? 0) > 0) items.push({ term: 'Competing ends of follow-up', value: this.count('competing', outcomes.competing) });
    const overall = run?.result?.groups[0];
    if (run?.result && overall) {
      this.registerCurve('km:all', overall, run.result, true, 'participants', 'relapses');
      this.ledger.sum('km:all:censored', ['censored', 'competing']);
    }
    if (overall) {
      const { one, many } = this.unitWords;
      items.push({ term: `Median follow-up, ${many} (reverse Kaplan–Meier)`, value: this.time(overall.followUp.estimate) });
      items.push({ term: `Median follow-up ${levelText(run!.result!.confLevel)} CI`, value: this.timeInterval(overall.followUp.lower, overall.followUp.upper) });
      items.push({ term: `Median time to relapse, ${many}`, value: this.median(overall.median.estimate) });
      items.push({ term: `Median time to relapse ${levelText(run!.result!.confLevel)} CI`, value: this.timeInterval(overall.median.lower, overall.median.upper) });
      items.push({ term: `Restricted mean relapse-free time to ${one} ${formatPlain(overall.rmst.tau)}, ${many}`, value: num(overall.rmst.estimate, 1) });
    }
    blocks.push({ kind: 'definitions', id: 'overview-counts', items });
    if (run?.error) blocks.push({ kind: 'paragraph', tone: 'warning', parts: [`The survival curve could not be estimated: ${run.error}`] });
    if (run?.result && overall) {
      const survivalAt = (time: number) => overall.atTimes.find((a) => a.time === time && (!suppressionActive(this.k) || a.nRisk >= this.k)) ?? null;
      const competing = hasCompetingEnds(mapping) ? { competing: this.count('competing', outcomes.competing) } : {};
      blocks.push(
        summary(
          cohortSentence({ participants: this.count('participants', outcomes.participants), relapses: this.count('relapses', outcomes.relapses), ...competing, censored: this.count('censored', outcomes.censored), medianFollowUp: overall.followUp.estimate, unit: this.followUpUnit }),
          cohortSurvivalSentence(survivalSettings(this.input.settings, this.followUpUnit).times, survivalAt, overall.median.estimate, this.followUpUnit),
        ),
      );
      blocks.push(this.kmChart('chart-km-all', 'Relapse-free survival, whole cohort', 'Kaplan–Meier estimate; number at risk below the axis', run.result, [overall], () => 'km:all'));
      blocks.push(this.survivalAtTimesTable('table-km-all-times', 'Relapse-free survival at the report times, whole cohort', run.result, [overall], false, () => 'km:all'));
      blocks.push(...this.warnings(run.result.warnings));
    }
    return { id: 'overview', title: 'Cohort overview', blocks };
  }

  group(column: string): ReportSection {
    const blocks: Block[] = [];
    // A factor score's split reads by its meaning ('coping skills (median split)'); ids and keys keep the column.
    const name = groupingLabel(column);
    const crowded = this.input.crowdedGroups?.find((g) => g.column === column);
    if (crowded) {
      blocks.push({
        kind: 'paragraph',
        tone: 'note',
        parts: [`${column} has ${crowded.groups} groups among the participants analysed, more than ${MANY_GROUPS}, so this report does not compare them one by one: most groups would be too small to read. To include it, compare by ${name} in the Survival step and use that set-up in the report.`],
      });
      return { id: `group:${column}`, title: `Relapse by ${name}`, blocks };
    }
    const km = this.run<KmResult>(`km:${column}`);
    const logrank = this.run<LogrankResultShape>(`logrank:${column}`);
    if (km?.error) blocks.push({ kind: 'paragraph', tone: 'warning', parts: [`Survival by ${name} could not be estimated: ${km.error}`] });
    // More than 20 groups: the tiny ones are folded into one row of counts (suppression.ts foldTinyGroups).
    const below = foldBelow(this.k);
    if (km?.result) {
      const result = km.result;
      const { kept, folded } = foldTinyGroups(result.groups, (g) => g.n, below);
      const shown = kept.filter((g) => !isSmallCount(g.n, this.k));
      const small = kept.filter((g) => isSmallCount(g.n, this.k)).map((g) => g.group);
      const stepless = suppressionActive(this.k) ? shown.filter((g) => this.steps(g, result).length === 0).map((g) => g.group) : [];
      const level = levelText(result.confLevel);
      const key = (g: KmGroup) => `group:${column}:${g.group}`;
      const rows: Cell[][] = kept.map((g) =>
        isSmallCount(g.n, this.k)
          ? [text(g.group), this.count(`${key(g)}:n`, g.n), this.count(`${key(g)}:events`, g.events), this.withheld(), this.withheld(), this.withheld()]
          : [text(g.group), this.count(`${key(g)}:n`, g.n), this.count(`${key(g)}:events`, g.events), this.median(g.median.estimate), this.timeInterval(g.median.lower, g.median.upper), num(g.rmst.estimate, 1)],
      );
      // The groups' participants and relapses add up to the cohort's, less those with no group value
      // (whether there are any is shown by a footnote; their number is not).
      const missingEvents = this.input.outcomes.relapses - result.groups.reduce((s, g) => s + g.events, 0);
      for (const g of result.groups) this.registerCurve(key(g), g, result, shown.includes(g), `${key(g)}:n`, `${key(g)}:events`);
      if (folded.length > 0) rows.push(this.foldedRow(`group:${column}`, folded.map((g) => ({ nKey: `${key(g)}:n`, eventsKey: `${key(g)}:events`, n: g.n, events: g.events })), below, 3));
      const mark = result.excluded > 0 ? this.ledger.unshown.bind(this.ledger) : this.ledger.fixed.bind(this.ledger);
      mark(`group:${column}:missing`, result.excluded);
      mark(`group:${column}:missing:events`, missingEvents);
      this.ledger.sum('participants', [...result.groups.map((g) => `${key(g)}:n`), `group:${column}:missing`]);
      this.ledger.sum('relapses', [...result.groups.map((g) => `${key(g)}:events`), `group:${column}:missing:events`]);
      const tau = result.groups[0]?.rmst.tau;
      blocks.push({
        kind: 'table',
        id: `table-km-${column}`,
        caption: `Time to relapse by ${name}`,
        columns: [
          { label: name, align: 'left' },
          { label: 'Participants', align: 'right' },
          { label: 'Relapses', align: 'right' },
          { label: `Median, ${this.unitWords.many}`, align: 'right' },
          { label: `${level} CI`, align: 'right' },
          { label: `RMST to ${this.unitWords.one} ${formatPlain(tau ?? 0)}, ${this.unitWords.many}`, align: 'right' },
        ],
        rows,
        footnotes: [
          'A median is not reached when fewer than half relapsed during follow-up; a confidence limit shown as NA was not reached either.',
          ...(result.excluded > 0 ? [`Rows with no ${name} value were left out of this comparison.`] : []),
          ...(small.length > 0 ? [`${small.join(', ')}: fewer than ${this.k} participants, so their numbers are not shown and their curves are not drawn.`] : []),
          ...(stepless.length > 0 ? [`${stepless.join(', ')}: no curve is drawn, because any step of it would show fewer than ${this.k} relapses or censorings.`] : []),
          ...(folded.length > 0 ? [foldedNote(result.groups.length, folded.length, below)] : []),
        ],
      });
      if (shown.length > 0) {
        blocks.push(this.kmChart(`chart-km-${column}`, `Relapse-free survival by ${name}`, `Kaplan–Meier estimates; number at risk below the axis`, result, shown, key, logrank?.result ? logrank.result.p : undefined));
        if (folded.length > 0) blocks.push({ kind: 'paragraph', tone: 'note', parts: [`The curves of the ${folded.length} folded groups (fewer than ${below} participants each) are not drawn.`] });
        blocks.push(this.survivalAtTimesTable(`table-km-${column}-times`, `Relapse-free survival at the report times by ${name}`, result, kept, true, key));
      }
      blocks.push(...this.warnings(result.warnings));
    }
    if (logrank?.error) blocks.push({ kind: 'paragraph', tone: 'warning', parts: [`The log-rank test by ${name} could not be computed: ${logrank.error}`] });
    if (logrank?.result) {
      const lr = logrank.result;
      const lrFold = foldTinyGroups(lr.groups, (g) => g.n, below);
      blocks.push({
        kind: 'table',
        id: `table-logrank-${column}`,
        caption: `Log-rank test by ${name}: χ² = `,
        columns: [
          { label: name, align: 'left' },
          { label: 'Participants', align: 'right' },
          { label: 'Observed relapses', align: 'right' },
          { label: 'Expected relapses', align: 'right' },
        ],
        rows: [
          ...lrFold.kept.map((g) =>
            isSmallCount(g.n, this.k)
              ? [text(g.group), this.count(`group:${column}:${g.group}:n`, g.n), this.count(`group:${column}:${g.group}:events`, g.observed), this.withheld()]
              : [text(g.group), this.count(`group:${column}:${g.group}:n`, g.n), this.count(`group:${column}:${g.group}:events`, g.observed), num(g.expected, 1)],
          ),
          ...(lrFold.folded.length > 0 ? [this.foldedRow(`group:${column}`, lrFold.folded.map((g) => ({ nKey: `group:${column}:${g.group}:n`, eventsKey: `group:${column}:${g.group}:events`, n: g.n, events: g.observed })), below, 1)] : []),
        ],
        ...(lrFold.folded.length > 0 ? { footnotes: [`The test compares all ${lr.groups.length} groups; the ${lrFold.folded.length} groups with fewer than ${below} participants each are shown together in one row, without their expected relapses.`] } : {}),
      });
      // The caption holds numbers; keep them as cells in a definitions block instead.
      const table = blocks[blocks.length - 1] as Extract<Block, { kind: 'table' }>;
      table.caption = `Log-rank test by ${name}`;
      blocks.push({
        kind: 'definitions',
        id: `logrank-${column}`,
        items: [
          { term: 'Chi-square', value: num(lr.chisq, 2) },
          { term: 'Degrees of freedom', value: num(lr.df, 0) },
          { term: 'p-value', value: pval(lr.p) },
        ],
      });
      if (lr.p !== null) blocks.push(summary(logrankSentence({ column: name, chisq: lr.chisq, df: lr.df, p: lr.p })));
      blocks.push(...this.warnings(lr.warnings ?? []));
    }
    return { id: `group:${column}`, title: `Relapse by ${name}`, blocks };
  }

  factors(): ReportSection | null {
    const run = this.run<CoxResult>('cox:factors');
    if (!run) return null;
    const blocks: Block[] = [];
    if (run.error) blocks.push({ kind: 'paragraph', tone: 'warning', parts: [`The ${this.input.settings.cox ? 'Cox model set up in the Cox step' : 'factor model'} could not be fitted: ${run.error}`] });
    const cox = run.result;
    if (cox && this.input.settings.cox) blocks.push(...this.userCox(cox));
    else if (cox) {
      const level = levelText(cox.confLevel);
      const phByTerm = new Map(cox.ph.terms.map((t) => [t.term, t]));
      blocks.push({
        kind: 'definitions',
        id: 'cox-summary',
        items: [
          ...this.coxFitItems(cox, 'missing factor score'),
        ],
      });
      blocks.push({
        kind: 'chart',
        id: 'chart-forest',
        chart: {
          type: 'forest',
          title: 'Hazard ratio of relapse per SD of each factor score',
          subtitle: `Cox model, all factors together; ${level} confidence intervals`,
          rows: cox.coefficients.map((c) => ({ term: factorLabel(c.term), hr: c.hr, hrLower: c.hrLower, hrUpper: c.hrUpper, p: c.p })),
          confLevel: cox.confLevel,
        },
      });
      blocks.push({
        kind: 'table',
        id: 'table-cox',
        caption: 'Factor model: hazard ratios per SD of the factor score',
        columns: [
          { label: 'Factor', align: 'left' },
          { label: 'Hazard ratio', align: 'right' },
          { label: `${level} CI`, align: 'right' },
          { label: 'p', align: 'right' },
          { label: 'PH test p', align: 'right' },
        ],
        rows: cox.coefficients.map((c) => [text(factorLabel(c.term)), num(c.hr, 2), interval(c.hrLower, c.hrUpper, 2), pval(c.p), pval(phByTerm.get(c.term)?.p)]),
        footnotes: [
          'Each hazard ratio is per SD of the factor score, which counts risk: a higher score means more of a risk factor, or less of a protective one such as coping skills. Above 1, a higher score goes with a higher rate of relapse; below 1, a lower rate. The sentences below read each factor in its own direction. A small PH test p suggests the ratio changes over follow-up.',
        ],
      });
      this.ledger.unshown('cox:excluded:events', this.input.outcomes.relapses - cox.events);
      this.ledger.sum('participants', ['cox:n', 'cox:excluded']);
      this.ledger.sum('relapses', ['cox:events', 'cox:excluded:events']);
      blocks.push(summary(...cox.coefficients.map((c) => factorHazardRatioSentence(c.term, c, cox.confLevel)), [ASSOCIATION_NOTE], ciMeaning(cox.confLevel)));
      // Factor scores are continuous: a change over follow-up is not met by stratifying.
      const violated = cox.ph.terms.filter((t) => t.p !== null && t.p < 0.05).map((t) => ({ term: factorLabel(t.term).toLowerCase(), categorical: false }));
      blocks.push(summary(phSentence(cox.ph.global.p, violated)));
      blocks.push(
        ...this.warnings(cox.warnings, {
          'rows-excluded': () => ['Rows were left out of the factor model because the time, the event or a factor score was missing: ', this.count('cox:excluded', cox.excluded), '.'],
          'few-events': () => ['Only ', this.count('cox:events', cox.events), ` relapses for ${cox.coefficients.length} coefficients (fewer than 10 per coefficient); the estimates may be unstable.`],
        }),
      );
    }
    return { id: 'factors', title: 'Relapse factors (Cox model)', blocks };
  }

  /**
   * The Cox model the user built (settings.cox): its own terms (factor scores per SD, categorical levels
   * against their reference, other columns per unit), strata and ties, with the same counts, tests and
   * suppression as the default model.
   */
  /** The fit's counts and tests, shown for the factor model and for the user's own Cox model alike. */
  private coxFitItems(cox: CoxResult, leftOutBecause: string): { term: string; value: Cell }[] {
    return [
      { term: 'Participants in the model', value: this.count('cox:n', cox.n) },
      { term: 'Relapses', value: this.count('cox:events', cox.events) },
      { term: `Rows left out (${leftOutBecause})`, value: this.count('cox:excluded', cox.excluded) },
      { term: 'Concordance (Harrell’s C)', value: num(cox.concordance.estimate, 3) },
      { term: 'Concordance standard error', value: num(cox.concordance.stdErr, 3) },
      { term: 'Likelihood-ratio test χ²', value: num(cox.tests.likelihoodRatio.statistic, 2) },
      { term: 'Likelihood-ratio test df', value: num(cox.tests.likelihoodRatio.df, 0) },
      { term: 'Likelihood-ratio test p', value: pval(cox.tests.likelihoodRatio.p) },
      { term: 'Proportional-hazards global test p', value: pval(cox.ph.global.p) },
    ];
  }

  /** The tests that allow for the robust variance (R's summary.coxph with cluster = : the Wald and robust score tests). */
  private robustTestItems(cox: CoxResult): { term: string; value: Cell }[] {
    const robustScore = cox.tests.robustScore;
    return [
      { term: 'Wald test χ² (robust variance)', value: num(cox.tests.wald.statistic, 2) },
      { term: 'Wald test df', value: num(cox.tests.wald.df, 0) },
      { term: 'Wald test p', value: pval(cox.tests.wald.p) },
      ...(robustScore ? [{ term: 'Robust score test χ²', value: num(robustScore.statistic, 2) }, { term: 'Robust score test p', value: pval(robustScore.p) }] : []),
    ];
  }

  userCox(cox: CoxResult): Block[] {
    const user = this.input.settings.cox!;
    const level = levelText(cox.confLevel);
    const phByTerm = new Map(cox.ph.terms.map((t) => [t.term, t]));
    const references = new Map(cox.terms.map((t) => [t.term, t.reference]));
    const termOf = (coefficient: string) => {
      const at = coefficient.indexOf('=');
      return at > 0 && references.has(coefficient.slice(0, at)) ? { column: coefficient.slice(0, at), level: coefficient.slice(at + 1) } : { column: coefficient, level: undefined };
    };
    // Each level against its reference ("arm: methadone vs buprenorphine"), the reference level as its own row.
    const termRows = coxTermRows(cox, factorLabel);
    // A robust variance (cluster, or fractional case weights as R's default): the CI, z and p of the result
    // use the robust SE, shown beside the model-based SE, as summary(coxph(…, cluster =)) prints them.
    const robust = cox.coefficients.some((c) => c.robustSe !== undefined);
    const blocks: Block[] = [];
    blocks.push({
      kind: 'definitions',
      id: 'cox-summary',
      items: [
        { term: 'Model', value: text(`Set up in the Cox step: ${user.covariates.map(factorLabel).join(', ')}${user.strata ? `; stratified by ${user.strata}` : ''}${user.cluster ? `; robust (sandwich) variance by ${user.cluster}` : ''}${user.weights ? `; case weights from ${user.weights}` : ''}; ${user.ties === 'efron' ? 'Efron' : 'Breslow'} ties`) },
        ...this.coxFitItems(cox, 'missing value'),
        ...(robust ? this.robustTestItems(cox) : []),
      ],
    });
    blocks.push({
      kind: 'chart',
      id: 'chart-forest',
      chart: {
        type: 'forest',
        title: 'Hazard ratio of relapse per term of the model',
        subtitle: `Cox model as set up in the Cox step; ${level} confidence intervals`,
        rows: termRows.map((r) =>
          r.kind === 'reference'
            ? { term: r.name, hr: 1, hrLower: null, hrUpper: null, p: null, reference: true }
            : { term: r.name, hr: r.coefficient.hr, hrLower: r.coefficient.hrLower, hrUpper: r.coefficient.hrUpper, p: r.coefficient.p },
        ),
        confLevel: cox.confLevel,
      },
    });
    blocks.push({
      kind: 'table',
      id: 'table-cox',
      caption: 'Cox model: hazard ratios of the terms set up in the Cox step',
      columns: [
        { label: 'Term', align: 'left' },
        { label: 'Hazard ratio', align: 'right' },
        { label: `${level} CI`, align: 'right' },
        ...(robust ? [{ label: 'SE', align: 'right' as const }, { label: 'Robust SE', align: 'right' as const }, { label: 'z', align: 'right' as const }] : []),
        { label: 'p', align: 'right' },
        { label: 'PH test p', align: 'right' },
      ],
      // A categorical term's reference level has a row of its own: hazard ratio 1, "reference".
      rows: termRows.map((r) =>
        r.kind === 'reference'
          ? [text(r.name), text('1'), text('reference'), ...(robust ? [text(''), text(''), text('')] : []), text(''), text('')]
          : [
              text(r.name),
              num(r.coefficient.hr, 2),
              interval(r.coefficient.hrLower, r.coefficient.hrUpper, 2),
              ...(robust ? [num(r.coefficient.se, 4), num(r.coefficient.robustSe, 4), num(r.coefficient.z, 2)] : []),
              pval(r.coefficient.p),
              pval(phByTerm.get(termOf(r.coefficient.term).column)?.p ?? phByTerm.get(r.coefficient.term)?.p),
            ],
      ),
      footnotes: [
        'A factor score’s hazard ratio is per SD of the score; a categorical level’s is against its reference level, whose own row reads 1; any other column’s is per unit. A small PH test p suggests the ratio changes over follow-up.',
        ...(robust ? [robustNote(user)] : []),
      ],
    });
    this.ledger.unshown('cox:excluded:events', this.input.outcomes.relapses - cox.events);
    this.ledger.sum('participants', ['cox:n', 'cox:excluded']);
    this.ledger.sum('relapses', ['cox:events', 'cox:excluded:events']);
    const sentences = cox.coefficients.map((c): Sentence => {
      const { column, level: value } = termOf(c.term);
      if (column.startsWith('score.')) return factorHazardRatioSentence(column, c, cox.confLevel);
      const ratio = { label: column, hr: c.hr, lower: c.hrLower, upper: c.hrUpper, confLevel: cox.confLevel };
      return value !== undefined || user.categorical.includes(column) ? hazardRatioSentence({ ...ratio, scale: 'groups', levelName: value, reference: references.get(column) ?? null }) : hazardRatioSentence({ ...ratio, scale: 'unit' });
    });
    blocks.push(summary(...sentences, [ASSOCIATION_NOTE], ciMeaning(cox.confLevel)));
    const categorical = new Set([...user.categorical, ...cox.terms.filter((t) => t.kind === 'factor').map((t) => t.term)]);
    const violated = cox.ph.terms.filter((t) => t.p !== null && t.p < 0.05).map((t) => ({ term: factorLabel(t.term).toLowerCase(), categorical: categorical.has(t.term) }));
    blocks.push(summary(phSentence(cox.ph.global.p, violated)));
    blocks.push(
      ...this.warnings(cox.warnings, {
        'rows-excluded': () => ['Rows were left out of the Cox model because the time, the event or a covariate was missing: ', this.count('cox:excluded', cox.excluded), '.'],
        'few-events': () => ['Only ', this.count('cox:events', cox.events), ` relapses for ${cox.coefficients.length} coefficients (fewer than 10 per coefficient); the estimates may be unstable.`],
      }),
    );
    return blocks;
  }

  /**
   * The opt-in comparison of sites (settings.sitesBy): the funnel plot and the observed/expected table,
   * the case-mix-adjusted curves, the restricted means, their readings. Counts go through the ledger;
   * a site whose participants or relapses are hidden keeps its name only (its expected count and ratio
   * would give the relapses away), and is left out of the funnel plot and the sentences. Under
   * suppression the adjusted curves are drawn at the whole cohort's aggregated Kaplan–Meier steps only,
   * and not for a site with fewer than k participants.
   */
  sites(): ReportSection | null {
    const column = this.input.settings.sitesBy;
    if (column === undefined) return null;
    const blocks: Block[] = [{ kind: 'paragraph', tone: 'note', parts: [ADJUSTMENT_NOTE] }];
    const funnel = this.run<SitesResult>(`sites:${column}`);
    const adjusted = this.run<AdjustedResult>(`adjusted:${column}`);
    const rmst = this.run<RmstResult>(`rmst:${column}`);
    const planned = this.input.plan.find((p) => p.key === `sites:${column}`);
    const covariates = (planned?.options.covariates as string[] | undefined) ?? [];
    const words = covariates.map((c) => factorScoreTerm(c)?.label ?? c);
    if (!funnel) blocks.push({ kind: 'paragraph', tone: 'note', parts: ['No factor scores are mapped, so there is no case mix to set each site\'s relapses against: only the restricted means are given.'] });
    if (funnel?.error) blocks.push({ kind: 'paragraph', tone: 'warning', parts: [`The relapses by ${column} could not be compared with the expected: ${funnel.error}`] });
    if (funnel?.result) blocks.push(...this.funnelBlocks(column, funnel.result));
    if (adjusted?.error) blocks.push({ kind: 'paragraph', tone: 'warning', parts: [`The adjusted curves by ${column} could not be estimated: ${adjusted.error}`] });
    if (adjusted?.result) {
      const result = adjusted.result;
      const cut = this.adjustedTimes();
      const below = foldBelow(this.k);
      const foldedSites = new Set(foldTinyGroups(result.groups, (g) => g.participants, below).folded.map((g) => g.group));
      const curves = result.curves
        .filter((c) => !foldedSites.has(c.group) && !isSmallCount(result.groups.find((g) => g.group === c.group)?.participants ?? 0, this.k))
        .map((c) => ({ group: c.group, rows: (cut ? sampleAt(c.rows, cut) : c.rows).map((r) => ({ time: r.time, survival: r.survival, lower: r.lower, upper: r.upper })) }));
      blocks.push({
        kind: 'chart',
        id: `chart-adjusted-${column}`,
        chart: {
          type: 'adjusted',
          title: `Relapse-free survival by ${column}, adjusted for case mix`,
          subtitle: `Direct standardisation over a Cox model of ${words.join(', ')}${cut ? `; drawn at the whole cohort's steps of at least ${this.k} leaving follow-up` : ''}`,
          curves,
          timeUnit: this.followUpUnit,
        },
      });
      blocks.push(summary(adjustedCurvesSentence(column, words)));
      if (foldedSites.size > 0) blocks.push({ kind: 'paragraph', tone: 'note', parts: [`The adjusted curves of the ${foldedSites.size} sites with fewer than ${below} participants each are not drawn.`] });
      else if (curves.length < result.curves.length) blocks.push({ kind: 'paragraph', tone: 'note', parts: [`Sites with fewer than ${this.k} participants have no adjusted curve drawn.`] });
      blocks.push(...this.warnings(result.warnings));
    }
    if (rmst?.error) blocks.push({ kind: 'paragraph', tone: 'warning', parts: [`The restricted means by ${column} could not be estimated: ${rmst.error}`] });
    if (rmst?.result) blocks.push(...this.rmstBlocks(column, rmst.result));
    return { id: 'sites', title: `Comparing sites (${column})`, blocks };
  }

  /** Under suppression, the times of the whole cohort's aggregated Kaplan–Meier steps (null: every time may be shown). */
  private adjustedTimes(): number[] | null {
    if (!suppressionActive(this.k)) return null;
    const overall = this.run<KmResult>('km:all')?.result;
    const group = overall?.groups[0];
    return overall && group ? this.steps(group, overall).map((s) => s.time) : [];
  }

  private funnelBlocks(column: string, result: SitesResult): Block[] {
    const key = (g: string) => `sites:${column}:${g}`;
    const below = foldBelow(this.k);
    const { kept, folded } = foldTinyGroups(result.sites, (s) => s.participants, below);
    const foldedSites = new Set(folded.map((s) => s.group));
    const small = (s: SitesResult['sites'][number]) => isSmallCount(s.participants, this.k) || foldedSites.has(s.group);
    for (const s of result.sites) {
      this.ledger.unshown(`${key(s.group)}:n`, s.participants);
      this.ledger.unshown(`${key(s.group)}:observed`, s.observed);
      this.ledger.unshown(`${key(s.group)}:censored`, s.participants - s.observed);
      this.ledger.sum(`${key(s.group)}:n`, [`${key(s.group)}:observed`, `${key(s.group)}:censored`]);
    }
    const rows: Cell[][] = kept.map((s) => {
      const n = this.count(`${key(s.group)}:n`, s.participants);
      const observed = this.count(`${key(s.group)}:observed`, s.observed);
      if (small(s)) return [text(s.group), n, observed, this.withheld(), this.withheld(), this.withheld(), this.withheld()];
      const where = s.outside998 ? 'outside 99.8%' : s.outside95 ? 'outside 95%' : 'within';
      return [text(s.group), n, observed, num(s.expected, 1), num(s.ratio, 2), interval(s.lower, s.upper, 2), text(where)];
    });
    if (folded.length > 0) rows.push(this.foldedRow(`sites:${column}`, folded.map((s) => ({ nKey: `${key(s.group)}:n`, eventsKey: `${key(s.group)}:observed`, n: s.participants, events: s.observed })), below, 4));
    // The sites' participants and relapses add up to those of the case-mix model: the factor model's own
    // (shown in its section) when it used the same rows, so that no site's count follows from that total.
    const cox = this.run<CoxResult>('cox:factors')?.result;
    const total = cox && cox.n === result.n && cox.events === result.events && cox.excluded === result.excluded ? 'cox' : `sites:${column}`;
    this.ledger.unshown(`${total}:n`, result.n);
    this.ledger.unshown(`${total}:events`, result.events);
    this.ledger.unshown(`${total}:excluded`, result.excluded);
    this.ledger.unshown(`${total}:excluded:events`, this.input.outcomes.relapses - result.events);
    this.ledger.sum(`${total}:n`, result.sites.map((s) => `${key(s.group)}:n`));
    this.ledger.sum(`${total}:events`, result.sites.map((s) => `${key(s.group)}:observed`));
    this.ledger.sum('participants', [`${total}:n`, `${total}:excluded`]);
    this.ledger.sum('relapses', [`${total}:events`, `${total}:excluded:events`]);
    const chart: Extract<Block, { kind: 'chart' }> = {
      kind: 'chart',
      id: `chart-funnel-${column}`,
      chart: {
        type: 'funnel',
        title: `Relapses against expected, by ${column}`,
        subtitle: 'Observed/expected ratio against expected relapses; 95% and 99.8% limits (Spiegelhalter 2005)',
        sites: result.sites.filter((s) => !small(s)).map((s) => ({ group: s.group, expected: s.expected, ratio: s.ratio, outside95: s.outside95, outside998: s.outside998 })),
        limits: result.limits,
      },
    };
    const reading: Block = { kind: 'paragraph', tone: 'summary', parts: [] };
    // Once suppression is resolved: a site whose participants or relapses are hidden keeps its name only.
    this.afterResolve.push(() => {
      const hidden = new Set(result.sites.filter((s) => this.ledger.isHidden(`${key(s.group)}:n`) || this.ledger.isHidden(`${key(s.group)}:observed`)).map((s) => s.group));
      kept.forEach((s, i) => {
        if (!hidden.has(s.group)) return;
        for (let j = 3; j < rows[i].length; j++) rows[i][j] = this.withheld();
      });
      if (chart.chart.type === 'funnel') chart.chart.sites = chart.chart.sites.filter((s) => !hidden.has(s.group));
      const shown = result.sites.filter((s) => !hidden.has(s.group) && !small(s));
      const above = result.outsideLimits.above95.filter((g) => shown.some((s) => s.group === g));
      const below = result.outsideLimits.below95.filter((g) => shown.some((s) => s.group === g));
      const sentences: Sentence[] = [funnelSentence(shown.length, above, below)];
      // Each site outside the limits in a sentence (all of them when there are few sites).
      for (const s of shown.filter((x) => x.outside95 || shown.length <= 5)) {
        sentences.push(siteRatioSentence({ site: `${column} ${s.group}`, observed: s.observed, expected: s.expected, ratio: s.ratio, lower: s.lower, upper: s.upper, confLevel: result.confLevel, outside95: s.outside95, outside998: s.outside998 }));
      }
      reading.parts.push(...sentences.flatMap((x, i) => (i === 0 ? x : [' ', ...x])));
    });
    return [
      chart,
      {
        kind: 'table',
        id: `table-sites-${column}`,
        caption: `Observed and expected relapses by ${column}`,
        columns: [
          { label: column, align: 'left' },
          { label: 'Participants', align: 'right' },
          { label: 'Observed relapses', align: 'right' },
          { label: 'Expected relapses', align: 'right' },
          { label: 'Observed / expected', align: 'right' },
          { label: `${levelText(result.confLevel)} CI`, align: 'right' },
          { label: 'Funnel limits', align: 'left' },
        ],
        rows,
        footnotes: [
          'Expected relapses: the sum over the site\'s participants of their cumulative hazard under a Cox model of the case mix without the site. The interval is the exact Poisson interval of the ratio.',
          ...(folded.length > 0 ? [`${folded.length} of the ${result.sites.length} sites have fewer than ${below} participants each: they are shown together in one row, with their participants and observed relapses summed, and are not drawn. The expected relapses come from the case-mix model of every site.`] : []),
          ...(suppressionActive(this.k) ? [`A site whose participants or relapses are hidden (fewer than ${this.k}, or hidden so that another cannot be worked out) is named without its expected relapses and ratio, which would give its relapses away, and is not drawn.`] : []),
        ],
      },
      reading,
      { kind: 'paragraph', tone: 'note', parts: [FUNNEL_NOTE] },
      ...this.warnings(result.warnings, {
        'rows-excluded': () => ['Rows were left out because the time, the event, a factor score or the site was missing: ', this.count(`${total}:excluded`, result.excluded), '.'],
      }),
    ];
  }

  private rmstBlocks(column: string, result: RmstResult): Block[] {
    const key = (g: string) => `group:${column}:${g}`;
    const below = foldBelow(this.k);
    const { kept, folded } = foldTinyGroups(result.groups, (g) => g.n, below);
    const small = new Set([...kept.filter((g) => isSmallCount(g.n, this.k)), ...folded].map((g) => g.group));
    const level = levelText(result.confLevel);
    const rows: Cell[][] = kept.map((g) => [
      text(g.group),
      this.count(`${key(g.group)}:n`, g.n),
      this.count(`${key(g.group)}:events`, g.events),
      ...(small.has(g.group) ? [this.withheld(), this.withheld()] : [num(g.rmst, 1), interval(g.lower, g.upper, 1)]),
    ]);
    if (folded.length > 0) rows.push(this.foldedRow(`group:${column}`, folded.map((g) => ({ nKey: `${key(g.group)}:n`, eventsKey: `${key(g.group)}:events`, n: g.n, events: g.events })), below, 2));
    const missingEvents = this.input.outcomes.relapses - result.groups.reduce((s, g) => s + g.events, 0);
    for (const g of result.groups) {
      this.ledger.unshown(`${key(g.group)}:censored`, g.n - g.events);
      this.ledger.sum(`${key(g.group)}:n`, [`${key(g.group)}:events`, `${key(g.group)}:censored`]);
    }
    const mark = result.excluded > 0 ? this.ledger.unshown.bind(this.ledger) : this.ledger.fixed.bind(this.ledger);
    mark(`group:${column}:missing`, result.excluded);
    mark(`group:${column}:missing:events`, missingEvents);
    this.ledger.sum('participants', [...result.groups.map((g) => `${key(g.group)}:n`), `group:${column}:missing`]);
    this.ledger.sum('relapses', [...result.groups.map((g) => `${key(g.group)}:events`), `group:${column}:missing:events`]);
    const blocks: Block[] = [
      {
        kind: 'table',
        id: `table-rmst-${column}`,
        caption: `Restricted mean time free of relapse to ${this.unitWords.one} ${formatPlain(result.tau)} by ${column}`,
        columns: [
          { label: column, align: 'left' },
          { label: 'Participants', align: 'right' },
          { label: 'Relapses', align: 'right' },
          { label: `RMST, ${this.unitWords.many}`, align: 'right' },
          { label: `${level} CI`, align: 'right' },
        ],
        rows,
        footnotes: [
          result.tauChosen === 'user' ? `The horizon, ${this.unitWords.one} ${formatPlain(result.tau)}, is the report's setting.` : `The horizon, ${this.unitWords.one} ${formatPlain(result.tau)}, is the shortest last follow-up among the sites whose follow-up ends without a relapse (as survRM2).`,
          ...(small.size > folded.length ? [`${kept.filter((g) => small.has(g.group)).map((g) => g.group).join(', ')}: fewer than ${this.k} participants, so their restricted means are not shown.`] : []),
          ...(folded.length > 0 ? [`${folded.length} of the ${result.groups.length} groups have fewer than ${below} participants each: they are shown together in one row, with their participants and relapses summed, without a restricted mean (pooled, several small groups give a number that describes none of them), and are left out of the differences.`] : []),
        ],
      },
    ];
    const comparisons = result.comparisons.filter((c) => !small.has(c.a) && !small.has(c.b));
    if (comparisons.length > 0) {
      blocks.push({
        kind: 'table',
        id: `table-rmst-differences-${column}`,
        caption: `Differences in restricted mean by ${column}`,
        columns: [
          { label: column, align: 'left' },
          { label: 'versus', align: 'left' },
          { label: `Difference, ${this.unitWords.many}`, align: 'right' },
          { label: `${level} CI`, align: 'right' },
          { label: 'p', align: 'right' },
        ],
        rows: comparisons.map((c) => [text(c.a), text(c.b), num(c.difference, 1), interval(c.differenceLower, c.differenceUpper, 1), pval(c.p)]),
        footnotes: ['Per pair, not adjusted for multiple comparisons.'],
      });
    }
    if (comparisons.length > 0 && comparisons.length <= 3) {
      blocks.push(summary(...comparisons.map((c) => rmstDifferenceSentence(`${column} ${c.a}`, `${column} ${c.b}`, result.tau, c.difference, c.differenceLower, c.differenceUpper, result.confLevel, this.followUpUnit)), [rmstSitesNote(this.followUpUnit)]));
    } else blocks.push({ kind: 'paragraph', tone: 'note', parts: [rmstSitesNote(this.followUpUnit)] });
    blocks.push(...this.warnings(result.warnings));
    return blocks;
  }

  competing(): ReportSection | null {
    const run = this.run<CumincResult>('cuminc:all');
    if (!run) return null;
    const blocks: Block[] = [];
    if (run.error) blocks.push({ kind: 'paragraph', tone: 'warning', parts: [`The cumulative incidence could not be estimated: ${run.error}`] });
    const ci = run.result;
    const overallRun = this.run<KmResult>('km:all')?.result;
    const overallKm = overallRun?.groups[0];
    if (ci) {
      const causeLabels: Record<string, string> = { '1': 'relapse', '2': 'competing end' };
      const overallSteps = overallKm && overallRun ? this.steps(overallKm, overallRun) : [];
      const stop = overallSteps.length > 0 ? overallSteps[overallSteps.length - 1].time : null;
      const cut = (time: number) => !suppressionActive(this.k) || (stop !== null && time <= stop);
      blocks.push({
        kind: 'chart',
        id: 'chart-cuminc',
        chart: {
          type: 'cuminc',
          title: 'Cumulative incidence of relapse and of competing ends',
          subtitle: 'Aalen–Johansen estimates',
          timeUnit: this.followUpUnit,
          curves: ci.curves.map((c) => ({
            group: c.group,
            cause: c.cause,
            points: c.steps.time.map((time, i) => ({ time, estimate: c.steps.estimate[i] })).filter((p) => cut(p.time)),
          })),
          causeLabels,
        },
      });
      blocks.push({
        kind: 'table',
        id: 'table-cuminc',
        caption: 'Cumulative incidence at the report times',
        columns: [
          { label: 'End of follow-up', align: 'left' },
          { label: capitalised(this.unitWords.one), align: 'right' },
          { label: 'Cumulative incidence (%)', align: 'right' },
          { label: `${levelText(ci.confLevel)} CI (%)`, align: 'right' },
        ],
        rows: ci.curves.flatMap((c) =>
          c.atTimes.map((a) =>
            cut(a.time) ? [text(causeLabels[c.cause] ?? c.cause), this.timePoint(a.time), pct(a.estimate), percentInterval(a.lower, a.upper)] : [text(causeLabels[c.cause] ?? c.cause), this.timePoint(a.time), this.withheld(), this.withheld()],
          ),
        ),
        footnotes: ['Unlike 1 − Kaplan–Meier, the cumulative incidence does not count people whose follow-up ended for a competing reason as if they could still relapse.'],
      });
      blocks.push(...this.warnings(ci.warnings, { 'rows-excluded': () => ['Rows with a missing time or event were left out: ', this.count('cuminc:excluded', ci.excluded), '.'] }));
    }
    return { id: 'competing', title: 'Competing ends of follow-up', blocks };
  }

  correlation(): ReportSection | null {
    const run = this.run<CorrelationResultShape>('correlation:factors');
    if (!run) return null;
    const blocks: Block[] = [];
    if (run.error) blocks.push({ kind: 'paragraph', tone: 'warning', parts: [`The correlations could not be computed: ${run.error}`] });
    const planned = this.input.plan.find((p) => p.key === 'correlation:factors');
    const columns = (planned?.options.columns as string[] | undefined) ?? [];
    const method = (planned?.options.method as ReportSettings['correlationMethod'] | undefined) ?? this.input.settings.correlationMethod;
    const subject = this.input.settings.correlation ? 'Correlation between the variables chosen in the Correlation step' : 'Correlation between factor scores';
    const cor = run.result;
    if (cor) {
      blocks.push({
        kind: 'chart',
        id: 'chart-heatmap',
        chart: {
          type: 'heatmap',
          title: subject,
          subtitle: `${method[0].toUpperCase()}${method.slice(1)} correlation; n and adjusted p for each pair are in the table below`,
          variables: columns.map((id) => ({ id, label: factorLabel(id) })),
          pairs: cor.pairs.map((p) => ({ x: p.x, y: p.y, n: p.n, estimate: p.estimate, pAdjusted: p.pAdjusted })),
          method,
          ...(suppressionActive(this.k) ? { minCell: this.k } : {}),
        },
      });
      blocks.push({
        kind: 'table',
        id: 'table-correlation',
        caption: subject,
        columns: [
          { label: 'Factor', align: 'left' },
          { label: 'Factor', align: 'left' },
          { label: 'n', align: 'right' },
          { label: 'Correlation', align: 'right' },
          ...(method === 'pearson' ? [{ label: '95% CI', align: 'right' as const }] : []),
          { label: 'p', align: 'right' },
          { label: 'Adjusted p', align: 'right' },
        ],
        rows: cor.pairs.map((p) => [text(factorLabel(p.x)), text(factorLabel(p.y)), this.count(`correlation:${p.x}:${p.y}:n`, p.n), num(p.estimate, 2), ...(method === 'pearson' ? [interval(p.lower, p.upper, 2)] : []), pval(p.p), pval(p.pAdjusted)]),
        footnotes: [method === 'pearson' ? "The confidence interval is Fisher's z interval." : 'No confidence interval is given for a rank correlation.'],
      });
      const strongest = describedCorrelations(cor.pairs, new Set(), { max: 1 })[0];
      if (strongest) {
        const variable = (column: string) => ({ column, label: factorLabel(column).toLowerCase() });
        blocks.push(
          summary(
            correlationSentence(variable(strongest.x), variable(strongest.y), strongest.estimate, this.count(`correlation:${strongest.x}:${strongest.y}:n`, strongest.n), strongest.pAdjusted, method),
            [this.input.settings.correlation ? 'This is the strongest correlation among the variables chosen in the Correlation step.' : 'This is the strongest correlation among the factor scores. Correlated factors share information, so their hazard ratios in the joint model should be read together.'],
          ),
        );
      }
      const undefinedPairs = (tooFew: boolean) => () =>
        cor.pairs
          .filter((p) => p.estimate === null && (p.n < (method === 'pearson' ? 3 : 2)) === tooFew)
          .flatMap((p, i): Inline[] => [
            i === 0 ? '' : ' ',
            `${factorLabel(p.x)} and ${factorLabel(p.y)}: ${tooFew ? 'too few rows have both values for a correlation' : 'one of them does not vary over the rows with both values, so the correlation is undefined'} (n = `,
            this.count(`correlation:${p.x}:${p.y}:n`, p.n),
            ').',
          ]);
      const correlationWarnings = (cor.warnings ?? []).filter((w, i, all) => !['too-few-pairs', 'constant-column'].includes(w.code) || all.findIndex((v) => v.code === w.code) === i);
      blocks.push(...this.warnings(correlationWarnings, { 'too-few-pairs': undefinedPairs(true), 'constant-column': undefinedPairs(false) }));
    }
    return { id: 'correlation', title: 'How the factors relate to each other', blocks };
  }

  methods(): ReportSection {
    const { mapping, settings, plan, exclusions, minCell } = this.input;
    return { id: 'methods', title: 'Methods', blocks: methodsBlocks({ mapping, settings, plan, exclusions, minCell, count: (key, n) => this.count(key, n) }) };
  }

  provenance(): ReportSection {
    const p = this.input.provenance;
    const items: { term: string; value: Cell }[] = [
      { term: 'Data file', value: text(p.fileName ?? 'unknown') },
      { term: 'File size, bytes', value: p.fileSize === null ? text('unknown') : num(p.fileSize, 0) },
      { term: 'SHA-256', value: text(p.sha256 ?? 'unknown') },
      { term: 'Imported', value: text(p.importedAt ?? 'unknown') },
    ];
    if (p.dataset) items.push({ term: 'Dataset', value: text(p.dataset) });
    if (p.projectFile) items.push({ term: 'Project file', value: text(p.projectFile) });
    items.push(
      { term: 'Rows read', value: this.count('rowsRead', p.rowsRead) },
      { term: 'Rows rejected at import', value: this.count('rejected', p.rejectedRows) },
      { term: 'Rows left out before analysis', value: this.count('excluded', this.input.exclusions.excluded) },
      { term: 'Rows analysed', value: this.count('participants', this.input.exclusions.analysed) },
      { term: 'Software', value: text(`${SOFTWARE_NAME} ${SOFTWARE_VERSION} (${SOFTWARE_ID})`) },
      { term: 'Report generated', value: text(this.input.generatedAt.toISOString()) },
      { term: 'Small-cell threshold', value: suppressionActive(this.k) ? text(`${this.k} (counts from 1 to ${this.k - 1} shown as <${this.k}; see Methods)`) : text('off') },
    );
    const blocks: Block[] = [{ kind: 'definitions', id: 'provenance', items }];
    if (p.rejectionsByReason.length > 0) {
      blocks.push({
        kind: 'table',
        id: 'table-rejections',
        caption: 'Rows rejected at import, by reason',
        columns: [{ label: 'Reason', align: 'left' }, { label: 'Rows', align: 'right' }],
        rows: p.rejectionsByReason.map((r, i) => [text(r.reason), this.count(`rejected:${i}`, r.count)]),
      });
      if (p.rejectionsByReason.reduce((s, r) => s + r.count, 0) === p.rejectedRows) this.ledger.sum('rejected', p.rejectionsByReason.map((_, i) => `rejected:${i}`));
    }
    const ex = this.input.exclusions;
    blocks.push({
      kind: 'table',
      id: 'table-exclusions',
      caption: 'Rows left out before analysis, by reason',
      columns: [{ label: 'Reason', align: 'left' }, { label: 'Rows', align: 'right' }],
      rows: [
        [text('Follow-up time missing'), this.count('missingTime', ex.missingTime)],
        [text('Follow-up time negative'), this.count('negativeTime', ex.negativeTime)],
        [text('Event missing'), this.count('missingEvent', ex.missingEvent)],
        ...(ex.leftOutByUser ?? []).map((e, i) => [text(`Left out in the Mapping step: ${EXCLUSION_REASON_LABEL[e.reason]}`), this.count(`leftOutByUser:${i}`, e.count)]),
      ],
    });
    blocks.push({ kind: 'paragraph', tone: 'note', parts: ['The mapping used is given in the appendix. The analysis-only export (mapping, settings and software version, no data) lets a colleague rerun these analyses on their own copy of the data.'] });
    return { id: 'provenance', title: 'Provenance', blocks };
  }

  mappingAppendix(): ReportSection {
    return {
      id: 'mapping',
      title: 'Appendix: column mapping',
      blocks: [
        { kind: 'paragraph', parts: ['How the data file\'s columns became the outcome, the groups and the factor scores:'] },
        {
          kind: 'table',
          id: 'table-mapping',
          caption: 'Column mapping',
          columns: [
            { label: 'Role', align: 'left' },
            { label: 'Column', align: 'left' },
            { label: 'Coding', align: 'left' },
          ],
          rows: mappingRows(this.input.mapping).map((row) => row.map(text)),
        },
        { kind: 'paragraph', parts: ['The same mapping as a template (format relapse-workbench-mapping, version 1), which the app and the command line can load:'] },
        { kind: 'code', language: 'json', text: JSON.stringify(mappingToTemplate(this.input.mapping), null, 2), download: 'mapping.json' },
      ],
    };
  }

  /** Primary and secondary suppression over every count handed out. */
  finish(): void {
    const ledger = this.ledger;
    ledger.resolve();
    if (ledger.unresolved.length > 0) {
      throw new UserFacingError(`small-cell suppression could not hide every count below ${this.k} (${ledger.unresolved.join(', ')}); the report was not written`);
    }
    for (const task of this.afterResolve) task();
    // A curve the ledger dropped (its group size would give another away) is not drawn.
    for (const [key, unit] of this.units) {
      if (!ledger.isDropped(key)) continue;
      for (const chart of unit.charts) chart.curves.splice(chart.curves.findIndex((c) => c.group === chart.group), 1);
    }
  }

  /** Repeated relapses (several rows per participant): recurrent-section.ts. */
  recurrent(): ReportSection | null {
    return recurrentSection({
      run: this.run<RecurrentResult>(RECURRENT_PLAN_KEY),
      planned: this.input.plan.find((p) => p.key === RECURRENT_PLAN_KEY),
      relapses: this.input.outcomes.relapses,
      declaredLeftOut: (this.input.settings.declared ?? []).map((id) => findAnalysis(id)?.title ?? id),
      k: this.k,
      count: (key, n) => this.count(key, n),
      ledger: this.ledger,
      warnings: (list, rebuilt) => this.warnings(list, rebuilt),
      withheld: () => this.withheld(),
      afterResolve: (task) => this.afterResolve.push(task),
    });
  }

  /**
   * A declared analysis's section (`declared:<id>`), built generically by declared-section.ts from each run its
   * report part planned (plan.ts planDeclared), with its small-cell rule (counts below k as "<k", the estimates
   * of their rows and of the rows naming their group withheld); no run planned: the part's one line saying why.
   * Several runs (one per group column, say): each table's caption names its group column.
   */
  declared(id: string): ReportSection | null {
    const declaration = findAnalysis(id);
    const part = declaration?.presentation?.report;
    if (!declaration || !part) return null;
    const sectionId = declaredSectionKey(id) as `declared:${string}`;
    const planned = this.input.plan.filter((p) => p.role === 'declared' && p.analysis === id);
    if (planned.length === 0) return { id: sectionId, title: declaration.title, blocks: [{ kind: 'paragraph', tone: 'note', parts: [part.leftOut] }] };
    const blocks: Block[] = [];
    planned.forEach((p, index) => {
      const by = planned.length > 1 && p.group !== undefined ? ` (by ${groupingLabel(p.group)})` : '';
      const run = this.run<unknown>(p.key);
      if (!run?.result) {
        blocks.push({ kind: 'paragraph', tone: 'warning', parts: [`The ${declaration.title.toLowerCase()}${by} could not be estimated: ${run?.error ?? 'it was not run'}`] });
        return;
      }
      const options = declaration.optionsSchema.parse(p.options);
      const section = declaredSection(declaration, run.result, options, { minCell: this.k, unit: this.followUpUnit });
      blocks.push(...(planned.length > 1 ? section.blocks.map((b): Block => (b.kind === 'table' ? { ...b, id: `${b.id}-${index + 1}`, caption: `${b.caption}${by}` } : b)) : section.blocks));
    });
    return { id: sectionId, title: declaration.title, blocks };
  }

  notes(): ReportSection | null {
    const notes = this.input.notes?.trim();
    if (!notes) return null;
    return {
      id: 'notes',
      title: 'Notes',
      blocks: notes.split(/\n\s*\n/).map((paragraph): Block => ({ kind: 'paragraph', tone: 'note', parts: [paragraph.trim()] })),
    };
  }
}

/** A step curve read at given times: the last row at or before each (none before the first row). */
function sampleAt<R extends { time: number }>(rows: readonly R[], times: readonly number[]): R[] {
  const out: R[] = [];
  let i = -1;
  for (const time of times) {
    while (i + 1 < rows.length && rows[i + 1].time <= time) i++;
    if (i >= 0 && (out.length === 0 || out[out.length - 1] !== rows[i])) out.push({ ...rows[i], time });
  }
  return out;
}

/** The footnote of a table with folded groups: what the one row holds and why it gives no estimate. */
function foldedNote(groups: number, folded: number, below: number): string {
  return `${folded} of the ${groups} groups have fewer than ${below} participants each: they are shown together in one row, with their participants and relapses summed. That row gives no median or restricted mean (pooled, several small groups give a number that describes none of them), and their curves are not drawn. The analyses themselves use every group: the log-rank test compares all ${groups}.`;
}

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** A number in running text of a caption or label (whole days). */
function formatPlain(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Round x ticks from 0 to max (1, 2, 2.5, 5 × 10^k steps), as the charts choose them. */
function niceTicks(max: number, target = 6): number[] {
  if (!(max > 0)) return [0];
  const raw = max / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  const step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10) * magnitude;
  const ticks: number[] = [];
  for (let i = 0; i * step <= max + 1e-9; i++) ticks.push(Number((i * step).toFixed(6)));
  return ticks;
}

const quoted = (values: readonly (string | number | boolean)[]) => values.map((v) => String(v)).join(' or ');

/**
 * The mapping as rows of (role, column, coding) for the appendix: the participant id, the follow-up time
 * (a duration column or dates), the relapse and competing codes, the groups, and each factor's items with
 * their direction and the values counted as risk.
 */
export function mappingRows(mapping: Mapping): [string, string, string][] {
  const rows: [string, string, string][] = [];
  const outcome = mapping.outcome;
  if (mapping.id) rows.push(['Participant id', mapping.id, 'identifies a participant (not shown in the report)']);
  if (outcome.time !== undefined) {
    if (outcome.intervalStart !== undefined) rows.push(['Interval start', outcome.intervalStart, 'days, start of each (start, stop] row']);
    rows.push(['Follow-up time', outcome.time, outcome.intervalStart !== undefined ? 'days, end of each (start, stop] row' : `${outcome.unit ?? 'days'} from the start of follow-up`]);
  } else {
    if (outcome.start) rows.push(['Start of follow-up', outcome.start, 'date']);
    if (outcome.end) rows.push(['Relapse date', outcome.end, 'date; follow-up time = relapse date − start']);
    if (outcome.censorEnd) rows.push(['Last contact', outcome.censorEnd, 'date; follow-up time without a relapse = last contact − start']);
  }
  rows.push(['Relapse', outcome.event, `${outcome.event} = ${quoted(outcome.eventValues)}`]);
  const competing = outcome.competingValues ?? [];
  if (competing.length > 0) rows.push(['Competing end of follow-up', outcome.event, `${outcome.event} = ${quoted(competing)}`]);
  rows.push(['Censored', outcome.event, 'any other value']);
  for (const group of mapping.groups) rows.push(['Group', group, 'compared in its own section']);
  for (const id of FACTOR_IDS) {
    for (const item of mapping.factors[id] ?? []) {
      const direction = item.direction === 'risk' ? 'higher = more risk' : 'higher = less risk (protective)';
      const coding = item.riskValues ? `${quoted(item.riskValues)} counts as 1, any other value as 0; ${direction}` : direction;
      rows.push([`Factor: ${FACTOR_CATALOGUE[id].label}`, item.column, coding]);
    }
  }
  return rows;
}

/**
 * The section keys a request asks for, in order; unknown keys are an error worth naming. Besides the report's own
 * sections, `declared:<id>` names a declared analysis's section (any analysis whose presentation has a report
 * part). By default (no list asked for): every section, with the declared sections of `declared` (the settings'
 * declared analyses) after the specialised ones, before the methods.
 */
export function resolveSectionOrder(requested: readonly string[] | undefined, groups: readonly string[], declared: readonly string[] = []): string[] {
  const keys: readonly string[] =
    requested && requested.length > 0
      ? requested
      : declared.length === 0
        ? ALL_SECTION_KEYS
        : ALL_SECTION_KEYS.flatMap((key) => (key === 'methods' ? [...reportableAnalyses().filter((a) => declared.includes(a.id)).map((a) => declaredSectionKey(a.id)), key] : [key]));
  const out: string[] = [];
  for (const key of keys) {
    if (key === 'groups') out.push(...groups.map((g) => `group:${g}`));
    else if (key.startsWith('group:') && groups.includes(key.slice(6))) out.push(key);
    else if ((ALL_SECTION_KEYS as readonly string[]).includes(key)) out.push(key);
    else if (declaredIdOfSection(key) !== undefined) out.push(key);
    else throw new UserFacingError(`unknown report section "${key}" (known: ${[...ALL_SECTION_KEYS, ...groups.map((g) => `group:${g}`), ...reportableAnalyses().map((a) => declaredSectionKey(a.id))].join(', ')})`);
  }
  return [...new Set(out)];
}

export function buildReportModel(input: ReportInput): ReportModel {
  const builder = new SectionBuilder(input);
  const order = resolveSectionOrder(input.sections, reportGroups(input.mapping, input.settings), input.settings.declared);
  const sections: ReportSection[] = [];
  const severalRows = isSeveralRowsMapping(input.mapping);
  for (const key of order) {
    // A several-rows report leaves out the one-row sections (its recurrent section says so); a one-row report has no recurrent section.
    if (severalRows && !sectionFitsRows(key, true)) continue;
    const section =
      key === 'overview' ? builder.overview()
      : key.startsWith('group:') ? builder.group(key.slice(6))
      : key === 'factors' ? builder.factors()
      : key === 'sites' ? builder.sites()
      : key === 'competing' ? builder.competing()
      : key === 'correlation' ? builder.correlation()
      : key === 'methods' ? builder.methods()
      : key === 'provenance' ? builder.provenance()
      : key === 'mapping' ? builder.mappingAppendix()
      : key === 'recurrent' ? builder.recurrent()
      : key === 'notes' ? builder.notes()
      : key.startsWith('declared:') ? builder.declared(key.slice('declared:'.length))
      : null;
    if (section) sections.push(section);
  }
  builder.finish();
  const source = input.provenance.fileName ?? input.provenance.dataset ?? 'dataset';
  return {
    title: input.title ?? 'Relapse analysis report',
    subtitle: `${source} · ${SOFTWARE_NAME} ${SOFTWARE_VERSION}`,
    generatedAt: input.generatedAt.toISOString(),
    software: { name: SOFTWARE_NAME, version: SOFTWARE_VERSION },
    minCell: input.minCell,
    sections,
  };
}

export type { Inline };

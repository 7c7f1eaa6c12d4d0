/**
 * The report's "Repeated relapses" section, for a mapping of several rows per participant
 * (recurrent-plan.ts): the mean cumulative function by the mapped group (chart with the number at risk,
 * and a table of each group's participants, relapses and mean relapses per participant at its last
 * time), the Andersen–Gill model table (rate ratio, its CI and p from the robust SE, the model-based and
 * the robust SE side by side), the sentences of sentences.ts, and the line saying which one-row sections
 * are left out and why. Its methods paragraph is `recurrentMethodsParts`.
 *
 * Small-cell suppression as elsewhere: every count is a ledger cell (participants, intervals, relapses,
 * rows left out; per group participants and relapses, which add up to the model's), a group with fewer
 * than k participants keeps its name only and is not drawn, and a group whose counts the ledger hides
 * is withdrawn from the chart and the sentences once suppression is resolved. Under suppression the MCF
 * is drawn while at least k are at risk, stepping only once at least k relapses have accrued since the
 * previous step (the drawn values are the exact MCF at those times), so no step shows fewer than k
 * relapses and no number at risk below k is printed.
 */
import type { RecurrentResult } from '../analyses/recurrent';
import type { Block, Cell, Inline, ReportSection } from './model';
import type { DisclosureLedger } from './suppression';
import { isSmallCount, suppressionActive } from './suppression';
import { EPISODE_RATE_NOTE, ciMeaning, episodeRateRatioSentence, meanRelapsesSentence, type Sentence } from './sentences';
import type { PlannedAnalysis } from './plan';

type Coefficient = RecurrentResult['coefficients'][number];
type McfCurve = RecurrentResult['mcf'][number];
type McfRow = McfCurve['rows'][number];

export interface RecurrentSectionContext {
  run: { result?: RecurrentResult; error?: string } | undefined;
  planned: PlannedAnalysis | undefined;
  /** Relapses among all the analysed rows (the report's 'relapses' count). */
  relapses: number;
  /** Titles of the declared analyses' sections asked for (`declared:<id>`), which take one row per participant too. */
  declaredLeftOut?: readonly string[];
  k: number;
  count(key: string, n: number): Cell;
  ledger: DisclosureLedger;
  warnings(list: readonly { code: string; message: string }[], rebuilt?: Record<string, () => Inline[]>): Block[];
  withheld(): Cell;
  afterResolve(task: () => void): void;
}

export const ONE_ROW_SECTIONS_LEFT_OUT =
  'The mapping has several rows per participant (episodes or intervals), so the sections that take one row per participant (the cohort overview, relapse by group, the factor model, comparing sites, competing ends and the correlations of factor scores) are left out: they would count each interval as a participant.';

/** The line naming the declared sections asked for that a several-rows report leaves out, for the same reason. */
export function declaredSectionsLeftOut(titles: readonly string[]): string {
  const list = titles.length === 1 ? titles[0] : `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}`;
  const one = titles.length === 1;
  return `The ${one ? 'section' : 'sections'} asked for (${list}) ${one ? 'takes' : 'take'} one row per participant as well and ${one ? 'is' : 'are'} left out too.`;
}

const text = (value: string): Cell => ({ kind: 'text', text: value });
const num = (value: number | null | undefined, digits = 2): Cell => ({ kind: 'number', value: value ?? null, digits });
const pval = (value: number | null | undefined): Cell => ({ kind: 'p', value: value ?? null });
const interval = (lower: number | null | undefined, upper: number | null | undefined, digits = 2): Cell => ({ kind: 'interval', lower: lower ?? null, upper: upper ?? null, digits });
const summary = (...sentences: Sentence[]): Block => ({ kind: 'paragraph', tone: 'summary', parts: sentences.flatMap((s, i) => (i === 0 ? s : [' ', ...s])) });
const levelText = (confLevel: number) => `${Number((confLevel * 100).toPrecision(6))}%`;

/** "treat: rIFN-g vs placebo" for a level of a categorical term, the column's name otherwise. */
function termLabel(term: string, result: RecurrentResult): string {
  const at = term.indexOf('=');
  const column = at > 0 ? term.slice(0, at) : term;
  const info = result.terms.find((t) => t.term === column);
  if (at > 0 && info?.kind === 'factor') return `${column}: ${term.slice(at + 1)} vs ${info.reference ?? 'reference'}`;
  return info?.kind === 'numeric' ? `${term} (per unit)` : term;
}

/** The sentence of one coefficient, as the Recurrent relapses step words it. */
export function coefficientSentence(c: Coefficient, result: RecurrentResult): Sentence {
  const at = c.term.indexOf('=');
  const column = at > 0 ? c.term.slice(0, at) : c.term;
  const info = result.terms.find((t) => t.term === column);
  const ratio = { label: column, ratio: c.hr, lower: c.hrLower, upper: c.hrUpper, confLevel: result.confLevel };
  if (at > 0 && info?.kind === 'factor') return episodeRateRatioSentence({ ...ratio, scale: 'groups', levelName: c.term.slice(at + 1), reference: info.reference });
  return episodeRateRatioSentence({ ...ratio, scale: 'unit' });
}

/**
 * The MCF rows drawn under suppression: while at least k are at risk, a row once at least k relapses
 * have accrued since the last row kept (its value the exact MCF there); without suppression, every row.
 */
export function mcfRowsShown(rows: readonly McfRow[], k: number): McfRow[] {
  if (!suppressionActive(k)) return [...rows];
  const shown: McfRow[] = [];
  let accrued = 0;
  for (const row of rows) {
    if (row.atRisk < k) break;
    accrued += row.events;
    if (accrued >= k) {
      shown.push(row);
      accrued = 0;
    }
  }
  return shown;
}

export function recurrentSection(context: RecurrentSectionContext): ReportSection | null {
  const { run, k } = context;
  if (!run) return null;
  const blocks: Block[] = [{ kind: 'paragraph', tone: 'note', parts: [ONE_ROW_SECTIONS_LEFT_OUT] }];
  const declared = context.declaredLeftOut ?? [];
  if (declared.length > 0) blocks.push({ kind: 'paragraph', tone: 'note', parts: [declaredSectionsLeftOut(declared)] });
  if (run.error) blocks.push({ kind: 'paragraph', tone: 'warning', parts: [`The repeated relapses could not be analysed: ${run.error}`] });
  const result = run.result;
  if (!result) return { id: 'recurrent', title: 'Repeated relapses', blocks };
  const ledger = context.ledger;
  const level = levelText(result.confLevel);
  const group = context.planned?.group;

  // Counts: the model's participants, intervals and relapses, and the rows it left out.
  blocks.push({
    kind: 'definitions',
    id: 'recurrent-summary',
    items: [
      { term: 'Participants', value: context.count('recurrent:participants', result.participants) },
      { term: 'Intervals (rows) analysed', value: context.count('recurrent:n', result.n) },
      { term: 'Relapses', value: context.count('recurrent:events', result.events) },
      { term: 'Rows left out (a missing value)', value: context.count('recurrent:excluded', result.excluded) },
    ],
  });
  ledger.unshown('recurrent:censored', result.n - result.events);
  ledger.sum('recurrent:n', ['recurrent:events', 'recurrent:censored']);
  ledger.unshown('recurrent:excluded:events', context.relapses - result.events);
  ledger.sum('participants', ['recurrent:n', 'recurrent:excluded']);
  ledger.sum('relapses', ['recurrent:events', 'recurrent:excluded:events']);

  // The mean cumulative function per group.
  const key = (g: string) => `recurrent:${g}`;
  const small = (c: McfCurve) => isSmallCount(c.participants, k);
  const drawn = result.mcf.filter((c) => !small(c)).map((c) => ({ group: c.group, participants: c.participants, events: c.events, rows: mcfRowsShown(c.rows, k) })).filter((c) => c.rows.length > 0);
  const chart: Extract<Block, { kind: 'chart' }> = {
    kind: 'chart',
    id: 'chart-mcf',
    chart: {
      type: 'mcf',
      title: group !== undefined ? `Mean number of relapses per participant by ${group}` : 'Mean number of relapses per participant',
      subtitle: `Mean cumulative function with its ${level} confidence band (robust, by participant); number at risk below the axis${suppressionActive(k) ? `; drawn while at least ${k} are at risk, in steps of at least ${k} relapses (see Methods)` : ''}`,
      curves: drawn,
    },
  };
  blocks.push(chart);
  const lastShown = (c: McfCurve) => {
    const rows = suppressionActive(k) ? c.rows.filter((r) => r.atRisk >= k) : c.rows;
    return rows[rows.length - 1];
  };
  const rows: Cell[][] = result.mcf.map((c) => {
    const lead = group !== undefined ? [text(c.group), context.count(`${key(c.group)}:participants`, c.participants), context.count(`${key(c.group)}:events`, c.events)] : [text('all')];
    const last = lastShown(c);
    if (small(c) || !last) return [...lead, context.withheld(), context.withheld(), context.withheld()];
    return [...lead, num(last.time, 0), num(last.mcf, 2), interval(last.lower, last.upper, 2)];
  });
  if (group !== undefined) {
    ledger.sum('recurrent:participants', result.mcf.map((c) => `${key(c.group)}:participants`));
    ledger.sum('recurrent:events', result.mcf.map((c) => `${key(c.group)}:events`));
  }
  blocks.push({
    kind: 'table',
    id: 'table-mcf',
    caption: group !== undefined ? `Mean relapses per participant by ${group}` : 'Mean relapses per participant',
    columns: [
      { label: group ?? 'Participants', align: 'left' },
      ...(group !== undefined ? [{ label: 'Participants', align: 'right' as const }, { label: 'Relapses', align: 'right' as const }] : []),
      { label: 'By day', align: 'right' },
      { label: 'Mean relapses per participant', align: 'right' },
      { label: `${level} CI`, align: 'right' },
    ],
    rows,
    footnotes: [
      `The mean cumulative function at the group's last time${suppressionActive(k) ? ` with at least ${k} at risk` : ''}: the average number of relapses per participant by that day, counting every episode.`,
      ...(result.mcf.some(small) ? [`${result.mcf.filter(small).map((c) => c.group).join(', ')}: fewer than ${k} participants, so their numbers are not shown and their curves are not drawn.`] : []),
    ],
  });
  const reading: Block = { kind: 'paragraph', tone: 'summary', parts: [] };
  blocks.push(reading);
  context.afterResolve(() => {
    // A group whose counts the ledger hid keeps its name only: withdrawn from the chart, its row and the sentences.
    const hidden = new Set(group === undefined ? [] : result.mcf.filter((c) => ledger.isHidden(`${key(c.group)}:participants`) || ledger.isHidden(`${key(c.group)}:events`)).map((c) => c.group));
    result.mcf.forEach((c, i) => {
      if (hidden.has(c.group)) for (let j = 3; j < rows[i].length; j++) rows[i][j] = context.withheld();
    });
    if (chart.chart.type === 'mcf') chart.chart.curves = chart.chart.curves.filter((c) => !hidden.has(c.group));
    const sentences = result.mcf
      .filter((c) => !small(c) && !hidden.has(c.group) && lastShown(c) !== undefined)
      .map((c) => {
        const last = lastShown(c)!;
        return meanRelapsesSentence(group !== undefined ? c.group : 'all', last.mcf, last.time, last.lower, last.upper, result.confLevel);
      });
    reading.parts.push(...sentences.flatMap((s, i) => (i === 0 ? s : [' ', ...s])));
  });

  // The Andersen–Gill model.
  if (result.coefficients.length > 0) {
    blocks.push({
      kind: 'table',
      id: 'table-recurrent-ag',
      caption: 'Rate ratios of relapse episodes (Andersen–Gill model)',
      columns: [
        { label: 'Term', align: 'left' },
        { label: 'Rate ratio', align: 'right' },
        { label: `${level} CI (robust)`, align: 'right' },
        { label: 'SE (model)', align: 'right' },
        { label: 'Robust SE', align: 'right' },
        { label: 'z (robust)', align: 'right' },
        { label: 'p', align: 'right' },
      ],
      rows: result.coefficients.map((c) => [text(termLabel(c.term, result)), num(c.hr, 3), interval(c.hrLower, c.hrUpper, 3), num(c.se, 4), num(c.robustSe, 4), num(c.z, 2), pval(c.p)]),
      footnotes: [
        'The SEs are those of the log rate ratio (the coefficient). The confidence interval, z and p use the robust SE, which allows for the episodes of one participant going together; the model-based SE treats every episode as independent. A categorical level is against its reference level; any other column is per unit.',
      ],
    });
    blocks.push(summary(...result.coefficients.map((c) => coefficientSentence(c, result)), [EPISODE_RATE_NOTE], ciMeaning(result.confLevel)));
  } else {
    blocks.push({ kind: 'paragraph', tone: 'note', parts: ['No group or factor column is mapped, so no rate ratios are estimated: only the mean cumulative function is given.'] });
  }
  blocks.push(
    ...context.warnings(result.warnings, {
      'rows-excluded': () => ['Rows were left out because the start, the stop, the event, the id, a covariate or the group was missing: ', context.count('recurrent:excluded', result.excluded), '.'],
    }),
  );
  return { id: 'recurrent', title: 'Repeated relapses', blocks };
}

/** The methods paragraph of the section (methods.ts): the model, the variance, the MCF and what they assume. */
export function recurrentMethodsParts(planned: PlannedAnalysis, minCell: number): Inline[] {
  const o = planned.options as { start: string; time: string; event: string; id: string; covariates: string[]; categorical: string[]; ties: string; confLevel: number; group?: string };
  const level = levelText(o.confLevel);
  const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
  return [
    `Repeated relapses were analysed on the (start, stop] intervals ("${o.start}" to "${o.time}", several per participant "${o.id}", a relapse at the stop when "${o.event}" marks one). `,
    o.covariates.length > 0
      ? `The rate of relapse episodes was modelled with the Andersen–Gill counting-process Cox model (${o.ties === 'efron' ? "Efron's" : "Breslow's"} method for ties) of ${quoted(o.covariates)}${o.categorical.length > 0 ? ` (${quoted(o.categorical)} as categories, each level against the first in sort order)` : ''}, with the cluster-robust sandwich variance by participant, as R survival's coxph(Surv(start, stop, event) ~ x + cluster(id)). Rate ratios are exp(β); their ${level} confidence intervals (exp(β ± z·robust SE)), z and Wald p-values use the robust SE, and the model-based SE is shown beside it. `
      : '',
    'The model assumes that every episode counts alike (the same rate ratio for a first and a later relapse, on the time since the start of follow-up, a participant being at risk over all of their intervals) and that the rate ratios are constant over follow-up; the robust SE allows the episodes of one participant to go together without modelling how, so the rate ratios compare mean rates of relapse (Lin, Wei, Yang and Ying 2000). ',
    `The mean cumulative function${o.group !== undefined ? ` by "${o.group}"` : ''}, the mean number of relapses per participant by each day, is the Nelson–Aalen estimate over the participants at risk, as R's survfit(Surv(start, stop, event) ~ group, id = id) (its cumulative hazard), with the robust (infinitesimal-jackknife) SE by participant and log-transformed ${level} limits; it assumes that the end of a participant's follow-up is unrelated to their rate of relapse.`,
    suppressionActive(minCell) ? ` Under small-cell suppression it is drawn while at least ${minCell} participants are at risk, stepping only once at least ${minCell} relapses have accrued (the exact estimate at those days).` : '',
  ];
}

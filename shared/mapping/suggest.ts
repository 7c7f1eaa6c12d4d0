/**
 * Proposes a mapping for a data set the app has not seen: which column is the participant id, the
 * follow-up time (a duration, or start/end dates), the event and its coding, the group columns, and
 * which columns measure which relapse factor. Nothing is applied: every proposal carries a confidence
 * (0..1) and a reason, and the user confirms or changes it.
 *
 * Evidence used:
 * - names, through the instrument dictionary (shared/factors/instruments.ts) and role words
 *   (id, intake/start, relapse/end, last contact, days followed, relapsed/status, site/arm/cohort);
 * - contents: an id must be unique and complete; an event column has two values (0/1, yes/no,
 *   true/false) or a level naming relapse; dates are date columns; a duration is non-negative;
 *   a group has a few distinct values; a yes/no factor item gets riskValues ["yes"].
 */
import type { FollowUpUnit } from './units';
import { type Column, type DataFrame, isMissing, isNumericColumn } from '../data/frame';
import { FACTOR_IDS, type FactorId } from '../factors/ids';
import { matchInstrument, normaliseColumnName } from '../factors/instruments';
import type { ItemDirection } from '../factors/catalogue';
import type { Mapping, MappingItem } from './format';

export interface FactorItemSuggestion {
  column: string;
  direction: ItemDirection;
  confidence: number;
  reason: string;
  /** For a categorical (yes/no) item: the value that counts as 1. */
  riskValues?: (string | number)[];
}

export type OutcomeRole = 'id' | 'time' | 'start' | 'end' | 'censorEnd' | 'event' | 'group';

export interface RoleSuggestion {
  role: OutcomeRole;
  column: string;
  confidence: number;
  reason: string;
}

export interface MappingSuggestion {
  outcome: {
    id?: string;
    time?: string;
    start?: string;
    end?: string;
    censorEnd?: string;
    /** The time column's unit, when its name says weeks, months or years. */
    unit?: FollowUpUnit;
    event?: string;
    eventValues?: (string | number)[];
    competingValues?: (string | number)[];
  };
  groups: string[];
  factors: Partial<Record<FactorId, FactorItemSuggestion[]>>;
  /** The confidence and reason behind each outcome and group proposal. */
  roles: RoleSuggestion[];
}

/** What the suggestion needs to know about one column's contents. */
interface ColumnProfile {
  column: Column;
  words: string;
  compact: string;
  missing: number;
  /** Distinct non-missing values, capped at DISTINCT_CAP + 1. */
  distinct: number;
  unique: boolean;
  /** Lower-cased distinct values when there are at most DISTINCT_CAP of them. */
  values: string[] | null;
  min: number;
  max: number;
  meanValue: number;
}

const DISTINCT_CAP = 20;
const AFFIRMATIVE = ['yes', 'y', 'true', 't', '1', 'present', 'positive'];
const NEGATIVE = ['no', 'n', 'false', 'f', '0', 'absent', 'negative'];

function profile(column: Column, nRows: number): ColumnProfile {
  const { words, compact } = normaliseColumnName(column.name);
  let missing = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  const seen = new Set<string | number>();
  let unique = true;
  for (let i = 0; i < nRows; i++) {
    if (isMissing(column, i)) {
      missing++;
      continue;
    }
    const key = isNumericColumn(column) ? column.values[i] : column.codes[i];
    if (isNumericColumn(column)) {
      const v = column.values[i];
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    if (seen.has(key)) unique = false;
    else seen.add(key);
  }
  const present = nRows - missing;
  let values: string[] | null = null;
  if (seen.size <= DISTINCT_CAP) {
    values = Array.from(seen, (key) => (isNumericColumn(column) ? (column.type === 'boolean' ? (key === 1 ? 'true' : 'false') : String(key)) : column.levels[key as number])).map((v) => v.trim().toLowerCase());
  }
  return { column, words, compact, missing, distinct: seen.size, unique: unique && present > 0, values, min, max, meanValue: present > 0 ? sum / present : NaN };
}

function valueInFile(p: ColumnProfile, lowered: string): string | number {
  if (isNumericColumn(p.column)) return p.column.type === 'boolean' ? lowered : Number(lowered);
  return p.column.levels.find((level) => level.trim().toLowerCase() === lowered) ?? lowered;
}

/** For a two-valued column: the value that means "yes" (1, yes, true, ...), or null. */
function affirmativeValue(p: ColumnProfile): string | number | null {
  if (!p.values || p.values.length !== 2) return null;
  const [a, b] = p.values;
  if (AFFIRMATIVE.includes(a) && NEGATIVE.includes(b)) return valueInFile(p, a);
  if (AFFIRMATIVE.includes(b) && NEGATIVE.includes(a)) return valueInFile(p, b);
  return null;
}

const ID_WORDS = /(^|_)(id|ids|participant|client|patient|subject|record|pid|mrn|case|person|study_?id|code)(_|$)|id$/;
const DURATION_STRONG = /(^|_)(days?_?(followed|follow_?up|to_?(relapse|event|censor|lapse))|follow_?up(_days|_time)?|time_?to_?(relapse|event|lapse)|survival_?time|duration|futime|tte|time|days_?at_?risk)(_|$)/;
const DURATION_WEAK = /(^|_)(days|weeks|months|time|los)(_|$)/;
const START_WORDS = /(intake|start|admi|enrol|entry|baseline|index|randomi|begin|discharge)/;
const END_WORDS = /(relapse|lapse|event|failure|return_?to_?use|use_?date)/;
const CENSOR_END_WORDS = /(last|contact|censor|follow|exit|end|dropout|stop|study_?end)/;
const EVENT_STRONG = /(relaps|lapse|returned_?to_?use|reuse|event|failure)/;
const EVENT_WEAK = /(^|_)(status|outcome|dead|died|censor(ed)?)(_|$)/;
const GROUP_WORDS = /(^|_)(site|sites|clinic|centre|center|cohort|arm|treatment|group|programme|program|wave|location|region|service|facility|condition|intake_?cohort|quarter)(_|$)/;
const COMPETING_WORDS = /(death|died|dead|deceased|incarcerat|prison|jail|transfer|moved)/;
const RELAPSE_LEVEL = /(^relaps|^lapse|^returned to use|^event$)/;

export function suggestMapping(frame: DataFrame): MappingSuggestion {
  const profiles = frame.columns.map((c) => profile(c, frame.nRows));
  const roles: RoleSuggestion[] = [];
  const taken = new Set<string>();
  const take = (role: OutcomeRole, p: ColumnProfile, confidence: number, reason: string) => {
    roles.push({ role, column: p.column.name, confidence, reason });
    taken.add(p.column.name);
  };
  const free = () => profiles.filter((p) => !taken.has(p.column.name));
  const best = <T extends { confidence: number }>(candidates: T[]): T | null => candidates.reduce<T | null>((b, c) => (b === null || c.confidence > b.confidence ? c : b), null);
  const outcome: MappingSuggestion['outcome'] = {};

  // Participant id: unique and complete.
  const idCandidate = best(
    free()
      .filter((p) => p.unique && p.missing === 0 && frame.nRows > 1 && p.column.type !== 'date')
      .map((p) => {
        const named = ID_WORDS.test(p.words);
        const confidence = named ? 0.95 : isNumericColumn(p.column) ? 0.4 : 0.6;
        return { p, confidence, reason: named ? `name "${p.column.name}" reads as an id, and every value is present and unique` : `every value is present and unique` };
      }),
  );
  if (idCandidate) {
    outcome.id = idCandidate.p.column.name;
    take('id', idCandidate.p, idCandidate.confidence, idCandidate.reason);
  }

  // Event: a two-valued column named for relapse or status; else a level that names relapse.
  const eventCandidate = best(
    free().flatMap((p) => {
      const yes = affirmativeValue(p);
      if (yes !== null) {
        const inverted = /censor/.test(p.words);
        if (EVENT_STRONG.test(p.words) || EVENT_WEAK.test(p.words)) {
          const eventValue = inverted ? valueInFile(p, p.values!.find((v) => NEGATIVE.includes(v))!) : yes;
          const confidence = EVENT_STRONG.test(p.words) ? 0.95 : 0.8;
          return [{ p, confidence, eventValues: [eventValue], competingValues: [] as (string | number)[], reason: `name "${p.column.name}" reads as the event and it has two values (${p.values!.join('/')}); ${JSON.stringify(eventValue)} is taken to mean relapse${inverted ? ' (the column marks censoring, so its "no" value is the event)' : ''}` }];
        }
        return [];
      }
      if (!p.values || p.values.length < 2) return [];
      const relapseLevels = p.values.filter((v) => RELAPSE_LEVEL.test(v));
      if (relapseLevels.length > 0) {
        const competing = p.values.filter((v) => COMPETING_WORDS.test(v));
        return [{ p, confidence: 0.7, eventValues: relapseLevels.map((v) => valueInFile(p, v)), competingValues: competing.map((v) => valueInFile(p, v)), reason: `the values of "${p.column.name}" name relapse (${relapseLevels.join(', ')})${competing.length ? `; ${competing.join(', ')} look like competing ends` : ''}` }];
      }
      // A numeric status coded 0/1/2: 1 relapse, 2 a competing end (the usual competing-risks coding).
      if (isNumericColumn(p.column) && EVENT_WEAK.test(p.words) && p.values.every((v) => ['0', '1', '2'].includes(v)) && p.values.includes('1')) {
        return [{ p, confidence: 0.6, eventValues: [1], competingValues: p.values.includes('2') ? [2] : [], reason: `"${p.column.name}" is a status coded ${p.values.join('/')}; 1 is taken as relapse${p.values.includes('2') ? ' and 2 as a competing end' : ''}` }];
      }
      return [];
    }),
  );
  if (eventCandidate) {
    outcome.event = eventCandidate.p.column.name;
    outcome.eventValues = eventCandidate.eventValues;
    if (eventCandidate.competingValues.length > 0) outcome.competingValues = eventCandidate.competingValues;
    take('event', eventCandidate.p, eventCandidate.confidence, eventCandidate.reason);
  }

  // Time: a duration column, or start and end dates.
  const durationCandidate = best(
    free()
      .filter((p) => isNumericColumn(p.column) && p.column.type !== 'date' && p.column.type !== 'boolean' && p.min >= 0 && p.distinct > 2)
      .flatMap((p) => {
        const factorMatch = matchInstrument(p.column.name);
        if (DURATION_STRONG.test(p.words)) return [{ p, confidence: 0.9, reason: `name "${p.column.name}" reads as the follow-up time, and its values are non-negative numbers` }];
        if (DURATION_WEAK.test(p.words) && (!factorMatch || factorMatch.confidence < 0.6)) {
          const unit = /weeks|months|years/.test(p.words) ? ' (its unit is taken from its name: check it)' : '';
          return [{ p, confidence: 0.6, reason: `name "${p.column.name}" suggests a time, and its values are non-negative numbers${unit}` }];
        }
        return [];
      }),
  );
  const dates = free().filter((p) => p.column.type === 'date');
  const pickDate = (words: RegExp, role: string, exclude: Set<string>) =>
    best(dates.filter((p) => !exclude.has(p.column.name) && words.test(p.words)).map((p) => ({ p, confidence: 0.85, reason: `"${p.column.name}" is a date column whose name reads as the ${role}` })));
  const used = new Set<string>();
  const start = pickDate(START_WORDS, 'start of follow-up', used);
  if (start) used.add(start.p.column.name);
  const end = pickDate(END_WORDS, 'relapse date', used);
  if (end) used.add(end.p.column.name);
  const censorEnd = pickDate(CENSOR_END_WORDS, 'last-contact date', used);
  if (durationCandidate && (durationCandidate.confidence >= 0.8 || !start || (!end && !censorEnd))) {
    outcome.time = durationCandidate.p.column.name;
    // a name in weeks, months or years gives the unit (converted to days exactly: units.ts)
    const w = durationCandidate.p.words;
    const named = /(^|_)weeks?(_|$)/.test(w) ? 'weeks' : /(^|_)months?(_|$)/.test(w) ? 'months' : /(^|_)(years?|yrs?)(_|$)/.test(w) ? 'years' : null;
    if (named) outcome.unit = named;
    take('time', durationCandidate.p, durationCandidate.confidence, durationCandidate.reason);
  } else if (start && (end || censorEnd)) {
    outcome.start = start.p.column.name;
    take('start', start.p, start.confidence, start.reason);
    if (end) {
      outcome.end = end.p.column.name;
      take('end', end.p, end.confidence, end.reason);
    }
    if (censorEnd) {
      outcome.censorEnd = censorEnd.p.column.name;
      take('censorEnd', censorEnd.p, censorEnd.confidence, censorEnd.reason);
    }
  }
  // Dates not used for the time are not factor items either.
  for (const p of dates) taken.add(p.column.name);

  // Groups: few distinct values and a name such as site, clinic, arm or cohort.
  const groups: string[] = [];
  for (const p of free()) {
    if (p.distinct >= 2 && p.distinct <= DISTINCT_CAP && GROUP_WORDS.test(p.words) && !matchInstrument(p.column.name)) {
      groups.push(p.column.name);
      take('group', p, 0.8, `name "${p.column.name}" reads as a grouping (site, clinic, arm or cohort) with ${p.distinct} values`);
    }
  }

  // Factors: the instrument dictionary, checked against the contents.
  const factors: MappingSuggestion['factors'] = {};
  for (const p of free()) {
    const rule = matchInstrument(p.column.name);
    if (!rule || p.distinct < 2) continue;
    let riskValues: (string | number)[] | undefined;
    let note = '';
    if (!isNumericColumn(p.column) || p.column.type === 'boolean') {
      const yes = affirmativeValue(p);
      const numericLevels = !isNumericColumn(p.column) && p.column.levels.every((l) => Number.isFinite(Number(l)) && l.trim() !== '');
      if (yes !== null) {
        riskValues = [yes];
        note = `; ${JSON.stringify(yes)} counts as 1`;
      } else if (!numericLevels) continue; // a categorical column with several non-yes/no values: the user must choose its risk values
    } else if (p.values && p.values.length === 2 && p.values.includes('0') && p.values.includes('1')) {
      note = '; coded 0/1';
    }
    const item: FactorItemSuggestion = {
      column: p.column.name,
      direction: rule.direction,
      confidence: rule.confidence,
      reason: `name "${p.column.name}" matches ${rule.meaning}${note}`,
      ...(riskValues ? { riskValues } : {}),
    };
    (factors[rule.factor] ??= []).push(item);
  }
  const orderedFactors: MappingSuggestion['factors'] = {};
  for (const id of FACTOR_IDS) if (factors[id]) orderedFactors[id] = factors[id];

  // Keys in the documented order: id, time | start/end/censorEnd, event, eventValues, competingValues.
  const orderedOutcome: MappingSuggestion['outcome'] = {};
  for (const key of ['id', 'time', 'start', 'end', 'censorEnd', 'unit', 'event', 'eventValues', 'competingValues'] as const) {
    if (outcome[key] !== undefined) (orderedOutcome as Record<string, unknown>)[key] = outcome[key];
  }
  return { outcome: orderedOutcome, groups, factors: orderedFactors, roles };
}

/**
 * The suggestion as a mapping (every proposal accepted), or null when it lacks an event or a time.
 * Meant for the form's starting state; the user confirms or changes it.
 */
export function suggestionToMapping(suggestion: MappingSuggestion): Mapping | null {
  const o = suggestion.outcome;
  if (o.event === undefined || o.eventValues === undefined || (o.time === undefined && o.start === undefined)) return null;
  const factors: Mapping['factors'] = {};
  for (const id of FACTOR_IDS) {
    const items = suggestion.factors[id];
    if (!items) continue;
    factors[id] = items.map((s): MappingItem => ({ column: s.column, direction: s.direction, ...(s.riskValues ? { riskValues: s.riskValues } : {}) }));
  }
  return {
    ...(o.id !== undefined ? { id: o.id } : {}),
    outcome: {
      ...(o.time !== undefined ? { time: o.time, ...(o.unit !== undefined ? { unit: o.unit } : {}) } : { start: o.start, ...(o.end !== undefined ? { end: o.end } : {}), ...(o.censorEnd !== undefined ? { censorEnd: o.censorEnd } : {}) }),
      event: o.event,
      eventValues: o.eventValues,
      ...(o.competingValues ? { competingValues: o.competingValues } : {}),
    },
    groups: suggestion.groups,
    factors,
  };
}

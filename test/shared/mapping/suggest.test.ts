import { describe, expect, it } from 'vitest';
import { demoCohortCsv, DEMO_FACTOR_COLUMNS } from '../../../shared/demo/demo-cohort';
import { FACTOR_IDS, type FactorId } from '../../../shared/factors/ids';
import { suggestMapping, suggestionToMapping, type MappingSuggestion } from '../../../shared/mapping/suggest';
import { frameFromCsv } from '../../helpers/frame-from-csv';

const demoCsv = demoCohortCsv(400);

/** The demo's factor columns renamed to the instrument names evaluators' exports use. */
const INSTRUMENT_NAMES: Record<string, string> = {
  cows_peak: 'COWS_score',
  craving_vas: 'VAS_craving',
  ocds_total: 'OCDS',
  phq9_total: 'PHQ-9 Total',
  gad7_total: 'GAD7',
  ace_any: 'ACE',
  returned_to_use_area: 'back_in_old_neighbourhood',
  trigger_exposure_days: 'cue_exposure_days',
  n_friends_using: 'peersUsing',
  partner_uses: 'partner_substance_use',
  brief_cope_adaptive: 'BriefCOPE_adaptive',
  abstinence_confidence: 'DTCQ8_total',
  aftercare_sessions_attended_pct: 'NA_meeting_attendance',
  stopped_meetings: 'meetings_dropped',
  expectation_gap: 'expectancy_gap',
  expects_no_cravings: 'expect_no_craving',
};

function renamed(csv: string, names: Record<string, string>): string {
  const newline = csv.indexOf('\n');
  const header = csv.slice(0, newline).split(',').map((c) => names[c] ?? c);
  return header.map((h) => (h.includes(' ') ? `"${h}"` : h)).join(',') + csv.slice(newline);
}

/** Count of the demo's true (factor, column, direction) triples the suggestion reproduces. */
function placedRight(suggestion: MappingSuggestion, names: Record<string, string> = {}): { right: number; wrong: string[] } {
  let right = 0;
  const wrong: string[] = [];
  for (const factor of FACTOR_IDS) {
    for (const truth of DEMO_FACTOR_COLUMNS[factor]) {
      const column = names[truth.column] ?? truth.column;
      const found = (Object.entries(suggestion.factors) as [FactorId, MappingSuggestion['factors'][FactorId]][]).find(([, items]) => items!.some((i) => i.column === column));
      const item = found?.[1]!.find((i) => i.column === column);
      if (found && found[0] === factor && item!.direction === truth.direction && JSON.stringify(item!.riskValues ?? null) === JSON.stringify(truth.riskValues ?? null)) right++;
      else wrong.push(`${column} → ${found ? `${found[0]} ${item!.direction}` : 'nothing'} (truth ${factor} ${truth.direction})`);
    }
  }
  return { right, wrong };
}

describe('mapping suggestions', () => {
  it('places every demo column (16 factor items, id, time, event, groups) with a confidence and a reason', () => {
    const suggestion = suggestMapping(frameFromCsv(demoCsv));
    expect(suggestion.outcome).toEqual({ id: 'participant_id', time: 'days_followed', event: 'relapsed', eventValues: [1] });
    expect(Object.keys(suggestion.outcome)).toEqual(['id', 'time', 'event', 'eventValues']);
    expect(suggestion.groups).toEqual(['site', 'intake_cohort', 'arm']);
    const { right, wrong } = placedRight(suggestion);
    expect(wrong).toEqual([]);
    expect(right).toBe(16);
    for (const items of Object.values(suggestion.factors)) {
      for (const item of items!) {
        expect(item.confidence).toBeGreaterThan(0);
        expect(item.confidence).toBeLessThanOrEqual(1);
        expect(item.reason).toContain(item.column);
      }
    }
    // Nothing that is not a factor (age, gender, exit reason, dates) is proposed as one.
    const proposed = Object.values(suggestion.factors).flatMap((items) => items!.map((i) => i.column));
    for (const other of ['age', 'gender', 'exit_reason', 'exit_status', 'intake_date', 'relapse_date', 'last_contact_date']) expect(proposed).not.toContain(other);
    expect(suggestion.roles.find((r) => r.role === 'id')?.reason).toMatch(/unique/);
  });

  it('places at least 9 (here all 16) of the demo factor columns after renaming them to instrument names', () => {
    const suggestion = suggestMapping(frameFromCsv(renamed(demoCsv, INSTRUMENT_NAMES)));
    const { right, wrong } = placedRight(suggestion, INSTRUMENT_NAMES);
    expect(right, wrong.join('; ')).toBeGreaterThanOrEqual(9);
    expect(wrong).toEqual([]);
  });

  it('recognises other instruments and synonyms by name', () => {
    const names = ['SOWS', 'CIWA_Ar', 'PACS_total', 'BDI_II', 'PCL5', 'K10', 'housing_unstable', 'friendsWhoUse', 'coping_skills_score', 'self_efficacy', 'aftercare_attendance', 'AA_meetings_month', 'unrealistic_expectations_score'];
    const expected: [string, FactorId, 'risk' | 'protective'][] = [
      ['SOWS', 'physical_dependence', 'risk'], ['CIWA_Ar', 'physical_dependence', 'risk'], ['PACS_total', 'psychological_dependence', 'risk'],
      ['BDI_II', 'underlying_issues', 'risk'], ['PCL5', 'underlying_issues', 'risk'], ['K10', 'underlying_issues', 'risk'],
      ['housing_unstable', 'environmental_triggers', 'risk'], ['friendsWhoUse', 'social_pressure', 'risk'], ['coping_skills_score', 'coping_skills', 'protective'],
      ['self_efficacy', 'overconfidence', 'risk'], ['aftercare_attendance', 'complacency', 'protective'], ['AA_meetings_month', 'complacency', 'protective'],
      ['unrealistic_expectations_score', 'unrealistic_expectations', 'risk'],
    ];
    const rows = Array.from({ length: 30 }, (_, i) => names.map((_, j) => (i * (j + 3)) % 17).join(','));
    const suggestion = suggestMapping(frameFromCsv([names.join(','), ...rows].join('\n')));
    for (const [column, factor, direction] of expected) {
      const item = suggestion.factors[factor]?.find((i) => i.column === column);
      expect(item, `${column} → ${factor}`).toBeDefined();
      expect(item!.direction, column).toBe(direction);
    }
  });

  it('dates for the time when there is no duration column, a yes/no event, and a text id', () => {
    const csv = [
      'client_code,clinic,admission_date,relapse_date,last_contact,relapsed_yn,phq9',
      'A1,North,2024-01-01,2024-02-01,,yes,10',
      'A2,South,2024-01-05,,2024-06-01,no,4',
      'A3,North,2024-02-01,,2024-05-01,no,12',
      'A4,South,2024-03-01,2024-03-20,,yes,20',
    ].join('\n');
    const suggestion = suggestMapping(frameFromCsv(csv));
    expect(suggestion.outcome).toEqual({ id: 'client_code', start: 'admission_date', end: 'relapse_date', censorEnd: 'last_contact', event: 'relapsed_yn', eventValues: ['yes'] });
    expect(suggestion.groups).toEqual(['clinic']);
    const mapping = suggestionToMapping(suggestion)!;
    expect(mapping.outcome.start).toBe('admission_date');
    expect(mapping.factors.underlying_issues).toEqual([{ column: 'phq9', direction: 'risk' }]);
  });

  it('an exit-reason column naming relapse, with competing ends; no id when none is unique', () => {
    const csv = ['site,days,exit_reason', 'a,10,relapse', 'a,20,death', 'b,30,lost', 'b,30,relapse', 'a,5,incarceration'].join('\n');
    const suggestion = suggestMapping(frameFromCsv(csv));
    expect(suggestion.outcome).toEqual({ time: 'days', event: 'exit_reason', eventValues: ['relapse'], competingValues: ['death', 'incarceration'] });
    expect(suggestionToMapping({ ...suggestion, outcome: { time: 'days' } })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { FACTOR_CATALOGUE, factorCatalogue } from '../../../shared/factors/catalogue';
import { FACTOR_IDS } from '../../../shared/factors/ids';
import { INSTRUMENT_RULES, matchInstrument, normaliseColumnName } from '../../../shared/factors/instruments';

describe('factor catalogue', () => {
  it('describes each of the nine factors, in the fixed order', () => {
    expect(factorCatalogue().map((f) => f.id)).toEqual([...FACTOR_IDS]);
    for (const id of FACTOR_IDS) {
      const f = FACTOR_CATALOGUE[id];
      expect(f.id).toBe(id);
      expect(f.description.length).toBeGreaterThan(40);
      expect(f.typicalMeasures.length).toBeGreaterThanOrEqual(3);
    }
    expect(FACTOR_CATALOGUE.coping_skills.usualDirection).toBe('protective');
    expect(FACTOR_CATALOGUE.complacency.usualDirection).toBe('protective');
    expect(FACTOR_CATALOGUE.physical_dependence.usualDirection).toBe('risk');
    // As named, only coping skills lowers risk; complacency is a risk although its usual measures are protective.
    expect(FACTOR_IDS.filter((id) => FACTOR_CATALOGUE[id].namedDirection === 'protective')).toEqual(['coping_skills']);
    expect(FACTOR_CATALOGUE.complacency.namedDirection).toBe('risk');
  });

  it('every factor has instrument rules', () => {
    for (const id of FACTOR_IDS) expect(INSTRUMENT_RULES.some((r) => r.factor === id), id).toBe(true);
  });
});

describe('instrument dictionary', () => {
  it('normalises names written in different styles alike', () => {
    expect(normaliseColumnName('PHQ-9 Total')).toEqual({ words: 'phq_9_total', compact: 'phq9total' });
    expect(normaliseColumnName('nFriendsUsing').words).toBe('n_friends_using');
  });

  it('the more specific rule wins', () => {
    expect(matchInstrument('stopped_meetings')).toMatchObject({ factor: 'complacency', direction: 'risk' });
    expect(matchInstrument('meetings_attended')).toMatchObject({ factor: 'complacency', direction: 'protective' });
    expect(matchInstrument('expects_no_cravings')).toMatchObject({ factor: 'unrealistic_expectations' });
    expect(matchInstrument('craving_vas')).toMatchObject({ factor: 'psychological_dependence' });
    expect(matchInstrument('age')).toBeNull();
    expect(matchInstrument('gender')).toBeNull();
  });
});

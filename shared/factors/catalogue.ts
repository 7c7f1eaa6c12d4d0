/**
 * The catalogue of the nine relapse factors: what each one means in plain language, the instruments
 * and measures programmes usually record for it, and the usual direction of those measures
 * ('risk': a higher value means more relapse risk; 'protective': a higher value means less), and the
 * direction of the factor as its name reads, which sentences use to describe a factor in its own direction
 * ("more coping skills"). The two differ for complacency: its usual measures (aftercare attended) are
 * protective, but more complacency is a risk. A factor score always counts risk (shared/mapping/scores.ts),
 * so a higher coping-skills score means fewer coping skills.
 */
import { FACTOR_IDS, type FactorId } from './ids';

export type ItemDirection = 'risk' | 'protective';

export interface FactorDescription {
  id: FactorId;
  /** Short name for tables and forms. */
  label: string;
  /** One or two plain-language sentences. */
  description: string;
  /** Instruments and measures usually recorded for this factor. */
  typicalMeasures: string[];
  /** Direction of the usual measures. */
  usualDirection: ItemDirection;
  /** Direction of the factor as named: 'protective' when more of it means less relapse risk (coping skills). */
  namedDirection: ItemDirection;
}

export const FACTOR_CATALOGUE: Record<FactorId, FactorDescription> = {
  physical_dependence: {
    id: 'physical_dependence',
    label: 'Physical dependence',
    description: 'How strongly the body has adapted to the drug: withdrawal severity, tolerance and the dose needed to feel normal.',
    typicalMeasures: ['COWS (Clinical Opiate Withdrawal Scale)', 'SOWS (Subjective Opiate Withdrawal Scale)', 'CIWA-Ar', 'withdrawal severity', 'daily dose before treatment', 'years of use'],
    usualDirection: 'risk',
    namedDirection: 'risk',
  },
  psychological_dependence: {
    id: 'psychological_dependence',
    label: 'Psychological dependence',
    description: 'Craving and the compulsion to use: how much the mind still reaches for the drug.',
    typicalMeasures: ['craving VAS (0-100)', 'OCDS (Obsessive Compulsive Drinking/Drug Scale)', 'PACS', 'SDS (Severity of Dependence Scale)', 'craving frequency'],
    usualDirection: 'risk',
    namedDirection: 'risk',
  },
  underlying_issues: {
    id: 'underlying_issues',
    label: 'Underlying issues',
    description: 'Mental-health conditions and past trauma that drug use may have been self-medicating: depression, anxiety, PTSD, adverse childhood experiences.',
    typicalMeasures: ['PHQ-9', 'GAD-7', 'BDI-II', 'PCL-5', 'ACE score', 'K10', 'psychiatric diagnosis'],
    usualDirection: 'risk',
    namedDirection: 'risk',
  },
  environmental_triggers: {
    id: 'environmental_triggers',
    label: 'Environmental triggers',
    description: 'Places, things and situations tied to past use: going back to the same area, unstable housing, exposure to cues.',
    typicalMeasures: ['returned to the area of use', 'days exposed to triggers', 'housing instability / homelessness', 'cue exposure'],
    usualDirection: 'risk',
    namedDirection: 'risk',
  },
  social_pressure: {
    id: 'social_pressure',
    label: 'Social pressure',
    description: 'People around the person who use or encourage use: friends, partner, family members.',
    typicalMeasures: ['number of friends using', 'partner uses', 'peers using', 'family member uses', 'Important People Inventory'],
    usualDirection: 'risk',
    namedDirection: 'risk',
  },
  coping_skills: {
    id: 'coping_skills',
    label: 'Coping skills',
    description: 'How well the person handles stress, cravings and setbacks without using; more skill means less risk.',
    typicalMeasures: ['Brief COPE (adaptive coping)', 'CSI (Coping Strategies Inventory)', 'relapse-prevention skills score', 'problem-solving score'],
    usualDirection: 'protective',
    namedDirection: 'protective',
  },
  overconfidence: {
    id: 'overconfidence',
    label: 'Overconfidence',
    description: 'Believing relapse cannot happen: very high confidence in staying abstinent that is not matched by skills or support.',
    typicalMeasures: ['abstinence confidence rating', 'DTCQ / self-efficacy (when used as a confidence rating)', 'AASE', 'belief one can use "just once"'],
    usualDirection: 'risk',
    namedDirection: 'risk',
  },
  complacency: {
    id: 'complacency',
    label: 'Complacency',
    description: 'Letting recovery work slide once things go well: missing aftercare, dropping meetings, stopping medication.',
    typicalMeasures: ['aftercare sessions attended (%)', 'NA/AA or mutual-help meeting attendance', 'stopped attending meetings', 'medication adherence'],
    usualDirection: 'protective',
    namedDirection: 'risk',
  },
  unrealistic_expectations: {
    id: 'unrealistic_expectations',
    label: 'Unrealistic expectations',
    description: 'Expecting recovery to be quick and easy (for instance no cravings, or life fixed at once), so ordinary setbacks feel like failure.',
    typicalMeasures: ['expectation gap score', 'expects no cravings', 'expected time to "feel normal"', 'treatment expectancy questionnaire'],
    usualDirection: 'risk',
    namedDirection: 'risk',
  },
};

/** The catalogue in the fixed factor order. */
export function factorCatalogue(): FactorDescription[] {
  return FACTOR_IDS.map((id) => FACTOR_CATALOGUE[id]);
}

/**
 * The dictionary behind mapping suggestions: the instruments, scales and everyday column names that
 * evaluators use for each relapse factor, with the direction a higher value usually has.
 *
 * A column name is normalised first (see `normaliseColumnName`): camelCase and punctuation become
 * underscores and everything is lower-cased, so `PHQ-9 Total`, `phq9_total` and `Phq9Total` read
 * alike. Each rule is tested against the underscore form (`words`) or the form without separators
 * (`compact`, for instrument acronyms such as `phq9` written `phq_9`). Where several rules match, the
 * one with the highest confidence wins; the more specific rules (e.g. "stopped meetings") therefore
 * carry a higher confidence than the general ones ("meetings").
 */
import type { FactorId } from './ids';
import type { ItemDirection } from './catalogue';

export interface InstrumentRule {
  factor: FactorId;
  direction: ItemDirection;
  /** Tested against the underscore-separated normalised name. */
  words?: RegExp;
  /** Tested against the normalised name with the separators removed. */
  compact?: RegExp;
  /** 0..1: how sure a match makes us. */
  confidence: number;
  /** What the match means, shown to the user as the reason. */
  meaning: string;
}

export interface NormalisedName {
  words: string;
  compact: string;
}

/** `PHQ-9 Total` → { words: 'phq_9_total', compact: 'phq9total' }; `nFriendsUsing` → 'n_friends_using'. */
export function normaliseColumnName(name: string): NormalisedName {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return { words, compact: words.replace(/_/g, '') };
}

/** A word (token) pattern: matches `alt` only as whole underscore-separated tokens. */
function token(alternatives: string): RegExp {
  return new RegExp(`(^|_)(${alternatives})(_|$)`);
}

export const INSTRUMENT_RULES: readonly InstrumentRule[] = [
  // Physical dependence
  { factor: 'physical_dependence', direction: 'risk', compact: /cows/, confidence: 0.95, meaning: 'COWS, the Clinical Opiate Withdrawal Scale' },
  { factor: 'physical_dependence', direction: 'risk', compact: /sows|oows/, confidence: 0.95, meaning: 'SOWS/OOWS, the Subjective/Objective Opiate Withdrawal Scale' },
  { factor: 'physical_dependence', direction: 'risk', compact: /ciwa/, confidence: 0.9, meaning: 'CIWA-Ar, the alcohol withdrawal scale' },
  { factor: 'physical_dependence', direction: 'risk', compact: /withdraw/, confidence: 0.85, meaning: 'withdrawal severity' },
  { factor: 'physical_dependence', direction: 'risk', compact: /tolerance|physicaldepend/, confidence: 0.75, meaning: 'tolerance / physical dependence' },
  { factor: 'physical_dependence', direction: 'risk', words: token('years_using|years_of_use|use_years|daily_use|pretreatment_dose'), confidence: 0.5, meaning: 'amount or duration of use before treatment' },
  { factor: 'physical_dependence', direction: 'risk', words: token('dose|dosage'), confidence: 0.35, meaning: 'a dose; if this is the treatment dose rather than the dose used before treatment, it is not physical dependence' },

  // Psychological dependence
  { factor: 'psychological_dependence', direction: 'risk', compact: /ocds/, confidence: 0.95, meaning: 'OCDS, the Obsessive Compulsive Drinking/Drug Scale (craving)' },
  { factor: 'psychological_dependence', direction: 'risk', compact: /pacs/, confidence: 0.9, meaning: 'PACS, the Penn Alcohol Craving Scale' },
  { factor: 'psychological_dependence', direction: 'risk', words: token('sds'), confidence: 0.8, meaning: 'SDS, the Severity of Dependence Scale' },
  { factor: 'psychological_dependence', direction: 'risk', compact: /crav(e|ing).*vas|vas.*crav(e|ing)/, confidence: 0.95, meaning: 'a craving visual analogue scale' },
  { factor: 'psychological_dependence', direction: 'risk', compact: /crav(e|ing)|urge/, confidence: 0.85, meaning: 'craving' },
  { factor: 'psychological_dependence', direction: 'risk', compact: /compuls|psychdepend|psychologicaldepend/, confidence: 0.75, meaning: 'compulsion to use / psychological dependence' },
  { factor: 'psychological_dependence', direction: 'risk', words: token('vas'), confidence: 0.5, meaning: 'a visual analogue scale, often used for craving' },

  // Underlying issues
  { factor: 'underlying_issues', direction: 'risk', compact: /phq/, confidence: 0.95, meaning: 'PHQ-9, the Patient Health Questionnaire (depression)' },
  { factor: 'underlying_issues', direction: 'risk', compact: /gad7|gad/, confidence: 0.9, meaning: 'GAD-7 (generalised anxiety)' },
  { factor: 'underlying_issues', direction: 'risk', compact: /bdi|beckdep/, confidence: 0.9, meaning: 'BDI, the Beck Depression Inventory' },
  { factor: 'underlying_issues', direction: 'risk', compact: /pcl5|pcl/, confidence: 0.9, meaning: 'PCL-5, the PTSD Checklist' },
  { factor: 'underlying_issues', direction: 'risk', words: token('aces?|ace_score|ace_total|ace_any'), confidence: 0.85, meaning: 'ACE, adverse childhood experiences' },
  { factor: 'underlying_issues', direction: 'risk', compact: /adversechild|childhoodtrauma|ctq/, confidence: 0.9, meaning: 'childhood adversity / trauma questionnaire' },
  { factor: 'underlying_issues', direction: 'risk', compact: /k10|kessler|hads|dass|audit_?c?score/, confidence: 0.85, meaning: 'a psychological distress scale' },
  { factor: 'underlying_issues', direction: 'risk', compact: /depress|anxiet|ptsd|trauma|psychiatr|mentalhealth|dualdiag|comorbid/, confidence: 0.75, meaning: 'a mental-health condition or trauma' },

  // Environmental triggers
  { factor: 'environmental_triggers', direction: 'risk', compact: /trigger/, confidence: 0.85, meaning: 'exposure to triggers' },
  { factor: 'environmental_triggers', direction: 'risk', words: token('cues?|cue_exposure'), confidence: 0.8, meaning: 'exposure to drug cues' },
  { factor: 'environmental_triggers', direction: 'risk', compact: /homeless|unstablehous|housinginstab|shelter|nofixedabode/, confidence: 0.8, meaning: 'unstable housing' },
  { factor: 'environmental_triggers', direction: 'risk', compact: /housing/, confidence: 0.6, meaning: 'housing situation (check which value means unstable housing)' },
  { factor: 'environmental_triggers', direction: 'risk', compact: /neighbo(u)?rhood|usearea|usingarea|oldarea|samearea|returnedto|returnedhome|backhome/, confidence: 0.75, meaning: 'returning to the place of past use' },

  // Social pressure
  { factor: 'social_pressure', direction: 'risk', compact: /(friend|peer|partner|spouse|family|network|household|sibling|roommate)s?(who)?(us(e|es|ing)|drug|drink)|(using|drugusing)(friend|peer|partner)/, confidence: 0.9, meaning: 'people close to the participant who use' },
  { factor: 'social_pressure', direction: 'risk', compact: /peerpressure|socialpressure|importantpeople|ipi/, confidence: 0.85, meaning: 'social pressure to use' },
  { factor: 'social_pressure', direction: 'risk', words: token('friends?|peers?|partner'), confidence: 0.55, meaning: 'friends, peers or partner (check that this counts people who use)' },

  // Coping skills (protective)
  { factor: 'coping_skills', direction: 'protective', compact: /briefcope|cope|coping|csi/, confidence: 0.9, meaning: 'coping (e.g. Brief COPE adaptive coping); more coping means less risk' },
  { factor: 'coping_skills', direction: 'protective', compact: /problemsolv|relapseprevention|rpskill|skills/, confidence: 0.6, meaning: 'relapse-prevention or problem-solving skills; more skill means less risk' },

  // Overconfidence
  { factor: 'overconfidence', direction: 'risk', compact: /overconfiden/, confidence: 0.95, meaning: 'overconfidence' },
  { factor: 'overconfidence', direction: 'risk', compact: /confiden/, confidence: 0.8, meaning: 'confidence in staying abstinent; very high confidence is the overconfidence factor' },
  { factor: 'overconfidence', direction: 'risk', compact: /dtcq|selfefficacy|aase/, confidence: 0.6, meaning: 'DTCQ / self-efficacy rating, read as confidence in abstinence (check the direction: some programmes treat self-efficacy as protective)' },

  // Complacency
  { factor: 'complacency', direction: 'risk', compact: /(stop|stopped|drop|dropped|quit|missed|ceased|left|skipped)(attending)?(meeting|aftercare|session|group|na|aa|medication|meds|counsel)/, confidence: 0.85, meaning: 'stopped attending meetings, aftercare or medication' },
  { factor: 'complacency', direction: 'risk', compact: /(meeting|aftercare|session|medication|meds)s?(stopped|dropped|quit|missed|ceased|skipped)/, confidence: 0.85, meaning: 'stopped attending meetings, aftercare or medication' },
  { factor: 'complacency', direction: 'risk', compact: /complacen/, confidence: 0.95, meaning: 'complacency' },
  { factor: 'complacency', direction: 'protective', compact: /aftercare|meeting|attend|mutualhelp|twelvestep|12step|sponsor/, confidence: 0.8, meaning: 'aftercare or mutual-help (NA/AA) attendance; more attendance means less risk' },
  { factor: 'complacency', direction: 'protective', words: token('na|aa|ca|smart'), confidence: 0.7, meaning: 'NA/AA/SMART meeting attendance; more attendance means less risk' },
  { factor: 'complacency', direction: 'protective', compact: /adheren/, confidence: 0.6, meaning: 'treatment adherence; more adherence means less risk' },

  // Unrealistic expectations
  { factor: 'unrealistic_expectations', direction: 'risk', compact: /unrealistic/, confidence: 0.95, meaning: 'unrealistic expectations' },
  { factor: 'unrealistic_expectations', direction: 'risk', compact: /expect/, confidence: 0.9, meaning: 'expectations of recovery (a gap between expected and realistic recovery)' },
];

/** The best-matching rule for a column name, or null. */
export function matchInstrument(name: string): InstrumentRule | null {
  const normalised = normaliseColumnName(name);
  let best: InstrumentRule | null = null;
  for (const rule of INSTRUMENT_RULES) {
    const hit = (rule.words?.test(normalised.words) ?? false) || (rule.compact?.test(normalised.compact) ?? false);
    if (hit && (best === null || rule.confidence > best.confidence)) best = rule;
  }
  return best;
}

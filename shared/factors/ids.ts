/** The nine relapse factors tracked by treatment programmes, by their fixed ids. */
export const FACTOR_IDS = [
  'physical_dependence',
  'psychological_dependence',
  'underlying_issues',
  'environmental_triggers',
  'social_pressure',
  'coping_skills',
  'overconfidence',
  'complacency',
  'unrealistic_expectations',
] as const;

export type FactorId = (typeof FACTOR_IDS)[number];

export function isFactorId(value: string): value is FactorId {
  return (FACTOR_IDS as readonly string[]).includes(value);
}

/**
 * Screening for direct identifiers before anything is stored. A column is flagged by its name (name,
 * e-mail, phone, national ID/SSN, address, postcode, date of birth) or by its content, when at least half
 * of its non-missing sample values match a pattern (e-mail address, phone number, US SSN, UK National
 * Insurance number, street address, UK or US ZIP+4 postcode, "First Last" personal names). The user then
 * drops or confirms each flagged column; the import report records the decision.
 */
import type { ColumnType } from '../../shared/data/frame';
import { type MissingCodes, trimCell } from './values';

export type IdentifierKind = 'name' | 'email' | 'phone' | 'national-id' | 'address' | 'postcode' | 'date-of-birth';

export interface FlaggedIdentifier {
  column: string;
  kind: IdentifierKind;
  /** 'name' when the column name gave it away, 'content' when its values did. */
  evidence: 'name' | 'content';
  reason: string;
}

const NAME_RULES: { kind: IdentifierKind; pattern: RegExp }[] = [
  { kind: 'email', pattern: /e[-_ ]?mail/i },
  { kind: 'phone', pattern: /(phone|mobile|^tel$|telephone|^fax$|cell[-_ ]?phone)/i },
  { kind: 'national-id', pattern: /(^ssn$|social[-_ ]?security|national[-_ ]?(id|insurance|number)|^nin$|^nino$|passport|insurance[-_ ]?number|^bsn$|^personnummer$)/i },
  { kind: 'date-of-birth', pattern: /(^dob$|birth[-_ ]?date|date[-_ ]?of[-_ ]?birth|^birthday$|geburtsdatum)/i },
  { kind: 'postcode', pattern: /(post[-_ ]?code|^zip$|zip[-_ ]?code|postal[-_ ]?code|^plz$)/i },
  { kind: 'address', pattern: /(address|street|^adres|^addr$|^strasse$|^straße$)/i },
  { kind: 'name', pattern: /(^name$|full[-_ ]?name|first[-_ ]?name|last[-_ ]?name|given[-_ ]?name|sur[-_ ]?name|family[-_ ]?name|forename|patient[-_ ]?name|client[-_ ]?name|^vorname$|^nachname$)/i },
];

const CONTENT_RULES: { kind: IdentifierKind; reason: string; pattern: RegExp; types?: ColumnType[] }[] = [
  { kind: 'email', reason: 'values look like e-mail addresses', pattern: /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/ },
  { kind: 'national-id', reason: 'values look like US social security numbers', pattern: /^\d{3}-\d{2}-\d{4}$/ },
  { kind: 'national-id', reason: 'values look like UK National Insurance numbers', pattern: /^[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]$/i },
  { kind: 'phone', reason: 'values look like phone numbers', pattern: /^(\+|00)?[\d][\d\s().\/-]{6,}\d$/, types: ['text', 'categorical'] },
  { kind: 'postcode', reason: 'values look like UK postcodes', pattern: /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i },
  { kind: 'postcode', reason: 'values look like US ZIP+4 codes', pattern: /^\d{5}-\d{4}$/ },
  {
    kind: 'address',
    reason: 'values look like street addresses',
    pattern: /(^\d+[a-z]?\s+\S.*\b(street|st|road|rd|avenue|ave|lane|ln|drive|dr|way|close|court|place|boulevard|blvd)\b\.?)|(\b\S+(straße|strasse|str\.|weg|gasse|laan|straat|gatan|vej)\s*\d+)/i,
  },
  { kind: 'name', reason: 'values look like personal names', pattern: /^\p{Lu}[\p{Ll}'’-]+(\s+(\p{Ll}{1,3}\s+)?\p{Lu}[\p{Ll}'’-]+)+$/u, types: ['text'] },
];

/** Share of non-missing sample values that must match a content pattern. */
const CONTENT_SHARE = 0.5;

export function screenIdentifiers(
  names: readonly string[],
  sample: readonly (readonly string[])[],
  types: readonly ColumnType[],
  missingCodes: MissingCodes,
): FlaggedIdentifier[] {
  const flagged: FlaggedIdentifier[] = [];
  names.forEach((name, j) => {
    const byName = NAME_RULES.find((r) => r.pattern.test(name.trim()));
    if (byName) {
      flagged.push({ column: name, kind: byName.kind, evidence: 'name', reason: `column name "${name}" suggests ${describe(byName.kind)}` });
      return;
    }
    // No content pattern can match a value that reads as a number, a date or a boolean (each needs '@',
    // letters beside digits, or a digit-dash layout no number or date has), and a flag needs half the
    // values while such a column fits its type in at least 99% of them: only coded columns are scanned.
    if (types[j] !== 'text' && types[j] !== 'categorical') return;
    const values: string[] = [];
    for (const row of sample) {
      const s = trimCell(row[j] ?? '');
      if (!missingCodes.isMissing(s)) values.push(s);
    }
    if (values.length === 0) return;
    for (const rule of CONTENT_RULES) {
      if (rule.types && !rule.types.includes(types[j])) continue;
      const needed = Math.max(1, values.length * CONTENT_SHARE);
      let hits = 0;
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        if (v.length <= 200 && rule.pattern.test(v)) hits++;
        // stop once the rest of the values could not bring the hits up to the share needed
        else if (hits + (values.length - k - 1) < needed) break;
      }
      if (hits >= needed) {
        flagged.push({ column: name, kind: rule.kind, evidence: 'content', reason: `${hits} of ${values.length} sampled values in "${name}": ${rule.reason}` });
        return;
      }
    }
  });
  return flagged;
}

function describe(kind: IdentifierKind): string {
  switch (kind) {
    case 'name': return 'personal names';
    case 'email': return 'e-mail addresses';
    case 'phone': return 'phone numbers';
    case 'national-id': return 'a national ID / social security number';
    case 'address': return 'street addresses';
    case 'postcode': return 'postcodes';
    case 'date-of-birth': return 'full dates of birth';
  }
}

/**
 * Type inference for one column from the leading sample of records.
 *
 * A column gets the narrowest type that at least 99% of its non-missing sample values fit
 * (integer, then number, then date, then boolean); the few that do not fit become missing at import and
 * are counted and reported with examples. Otherwise it is categorical (few distinct values) or text.
 * Slashed dates: the order is decided by the values that fit one order only (a first part above 12 is a
 * day: D/M/Y; a second part above 12: M/D/Y); an impossible value such as 15/13/2020 fits neither and is
 * one of the few misfits that become missing, named with its line, instead of turning the column into
 * text. When every value fits both orders the column is ambiguous: kept as text and flagged for the
 * user to choose D/M/Y or M/D/Y, never guessed; values that fit only one order each way are a conflict,
 * and the column stays text.
 */
import type { ColumnType } from '../../shared/data/frame';
import { UserFacingError } from '../../shared/errors';
import { DateShape, dateParts, daysFromCivil, type DateOrder, type MissingCodes, parseBoolean, parseInteger, parseNumber, trimCell } from './values';

export interface ColumnInference {
  type: ColumnType;
  /** For date columns: how the dates are written. */
  dateFormat?: 'ISO' | DateOrder;
  /** The values look like a/b/yyyy dates but nothing tells day from month. */
  ambiguousDate: boolean;
  missing: number;
  nonMissing: number;
  distinct: number;
}

/** Share of non-missing values that may fail to fit the inferred type. */
export const MISFIT_TOLERANCE = 0.01;
/** A column with at most this many distinct values (and repeated values) is categorical. */
export const MAX_CATEGORICAL_LEVELS = 50;

export function inferColumn(
  values: readonly string[],
  missingCodes: MissingCodes,
  decimalComma: boolean,
  dateOrder?: DateOrder,
): ColumnInference {
  let missing = 0;
  let integerFits = 0;
  let numberFits = 0;
  let booleanFits = 0;
  let isoFits = 0;
  let slashedShapes = 0;
  let dmyOnly = 0;
  let mdyOnly = 0;
  let dmyFits = 0;
  let mdyFits = 0;
  const distinct = new Set<string>();
  for (const raw of values) {
    const s = trimCell(raw);
    if (missingCodes.isMissing(s)) {
      missing++;
      continue;
    }
    if (distinct.size <= 100_000) distinct.add(s);
    if (!Number.isNaN(parseInteger(s))) {
      // an integer is a number, and (digits and a sign only) neither a date nor a boolean word
      integerFits++;
      numberFits++;
      continue;
    }
    if (!Number.isNaN(parseNumber(s, decimalComma))) {
      // a number has at most one separator ('.' or ',') and no letter but an exponent's e: not a date or boolean
      numberFits++;
      continue;
    }
    if (!Number.isNaN(parseBoolean(s))) booleanFits++;
    const p = dateParts(s);
    if (p.shape === DateShape.Iso) {
      if (!Number.isNaN(daysFromCivil(p.year, p.first, p.second))) isoFits++;
    } else if (p.shape === DateShape.Slashed) {
      slashedShapes++;
      const dmy = !Number.isNaN(daysFromCivil(p.year, p.second, p.first));
      const mdy = !Number.isNaN(daysFromCivil(p.year, p.first, p.second));
      if (dmy) dmyFits++;
      if (mdy) mdyFits++;
      if (dmy && !mdy) dmyOnly++;
      if (mdy && !dmy) mdyOnly++;
    }
  }
  const nonMissing = values.length - missing;
  const result: ColumnInference = { type: 'text', ambiguousDate: false, missing, nonMissing, distinct: distinct.size };
  if (nonMissing === 0) return result;
  const needed = nonMissing - Math.floor(nonMissing * MISFIT_TOLERANCE);
  if (integerFits >= needed) return { ...result, type: 'integer' };
  if (numberFits >= needed) return { ...result, type: 'number' };
  if (isoFits >= needed) return { ...result, type: 'date', dateFormat: 'ISO' };
  if (slashedShapes >= needed) {
    if (dateOrder) {
      const fits = dateOrder === 'DMY' ? dmyFits : mdyFits;
      if (fits >= needed) return { ...result, type: 'date', dateFormat: dateOrder };
    } else if (dmyOnly > 0 && mdyOnly === 0 && dmyFits >= needed) {
      return { ...result, type: 'date', dateFormat: 'DMY' };
    } else if (mdyOnly > 0 && dmyOnly === 0 && mdyFits >= needed) {
      return { ...result, type: 'date', dateFormat: 'MDY' };
    } else if (dmyOnly === 0 && mdyOnly === 0 && dmyFits >= needed) {
      return { ...result, type: 'text', ambiguousDate: true };
    }
  }
  if (booleanFits >= needed) return { ...result, type: 'boolean' };
  const isCategorical = distinct.size <= MAX_CATEGORICAL_LEVELS && distinct.size * 2 <= nonMissing;
  return { ...result, type: isCategorical ? 'categorical' : 'text' };
}

/**
 * The type the user chose for a column at import (the preview's type menu, the CLI's `--type col=date`),
 * in place of the inferred one. Values that do not fit it become missing at import and are counted and
 * named with their lines, as any misfit. A date column's format is the inferred one, the user's day/month
 * order, or what the values show (ISO, or slashed dates whose day or month is above 12); when nothing
 * tells day from month the column stays ambiguous (text, flagged for the user's choice), never guessed.
 * A column none of whose values fits a numeric, date or yes/no type is refused in one line: forcing it
 * would turn every value into a missing one.
 */
export function forceColumnType(
  name: string,
  values: readonly string[],
  type: ColumnType,
  inferred: ColumnInference,
  missingCodes: MissingCodes,
  decimalComma: boolean,
  dateOrder?: DateOrder,
): ColumnInference {
  if (type === inferred.type) return inferred;
  const base: ColumnInference = { ...inferred, type, ambiguousDate: false, dateFormat: undefined };
  if (type === 'text' || type === 'categorical') return base;
  let fits = 0;
  let isoFits = 0;
  let dmyFits = 0;
  let mdyFits = 0;
  let dmyOnly = 0;
  let mdyOnly = 0;
  let example: string | null = null;
  for (const raw of values) {
    const s = trimCell(raw);
    if (missingCodes.isMissing(s)) continue;
    if (type === 'integer' || type === 'number') {
      if (!Number.isNaN(parseNumber(s, decimalComma))) fits++;
      else example ??= s;
    } else if (type === 'boolean') {
      if (!Number.isNaN(parseBoolean(s))) fits++;
      else example ??= s;
    } else {
      const p = dateParts(s);
      if (p.shape === DateShape.Iso && !Number.isNaN(daysFromCivil(p.year, p.first, p.second))) isoFits++;
      else if (p.shape === DateShape.Slashed) {
        const dmy = !Number.isNaN(daysFromCivil(p.year, p.second, p.first));
        const mdy = !Number.isNaN(daysFromCivil(p.year, p.first, p.second));
        if (dmy) dmyFits++;
        if (mdy) mdyFits++;
        if (dmy && !mdy) dmyOnly++;
        if (mdy && !dmy) mdyOnly++;
        if (!dmy && !mdy) example ??= s;
      } else example ??= s;
    }
  }
  const what = type === 'boolean' ? 'a yes/no value' : type === 'date' ? 'a date' : 'a number';
  const refuse = () => {
    throw new UserFacingError(`column "${name}" cannot be read as ${type === 'boolean' ? 'yes/no' : type}: none of its values is ${what} (e.g. ${JSON.stringify(example ?? '')}); keep its type ${inferred.type} or fix the file`, { column: name });
  };
  if (type !== 'date') {
    if (inferred.nonMissing > 0 && fits === 0) refuse();
    return base;
  }
  if (inferred.type === 'date') return inferred;
  if (isoFits + dmyFits + mdyFits === 0) {
    if (inferred.nonMissing > 0) refuse();
    return { ...base, dateFormat: 'ISO' };
  }
  if (isoFits >= Math.max(dmyFits, mdyFits)) return { ...base, dateFormat: 'ISO' };
  if (dateOrder) return { ...base, dateFormat: dateOrder };
  if (dmyOnly > 0 && mdyOnly === 0) return { ...base, dateFormat: 'DMY' };
  if (mdyOnly > 0 && dmyOnly === 0) return { ...base, dateFormat: 'MDY' };
  if (dmyOnly === 0 && mdyOnly === 0) return { ...inferred, type: 'text', ambiguousDate: true, dateFormat: undefined };
  throw new UserFacingError(`column "${name}" cannot be read as a date: some values put the day first, others the month (${dmyOnly} and ${mdyOnly} values); fix the file`, { column: name });
}

/**
 * buildModelMatrix against R's model.matrix of the fitted coxph models in test/shared/stats/fixtures/cox.json
 * (treatment contrasts, alphabetical/numeric level order, relevel, listwise deletion).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Column, DataFrame } from '../../../shared/data/frame';
import { buildModelMatrix, completeRows, factorLevels, ModelMatrixError, parseReferenceLevels } from '../../../shared/analyses/model-matrix';
import { expectAllClose } from '../../helpers/compare';
import { loadDataset } from '../../helpers/datasets';

interface Case {
  id: string;
  dataset?: string;
  subset?: { column: string; value: number };
  derived?: string;
  time: string;
  event: string;
  covariates: string[] | string;
  categorical?: string[] | string;
  reference?: string;
  strata?: string;
  r: { names: string[]; design?: { nRows: number; columnSums: number[]; firstRows: number[] } };
}
const fixture = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'stats', 'fixtures', 'cox.json'), 'utf8')) as { cases: Case[] };
const asArray = <T,>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A DataFrame from a test dataset: numeric columns as numbers, the others as categorical codes. */
function frameFromDataset(name: string, subset?: { column: string; value: number }): DataFrame {
  const ds = loadDataset(name);
  const keep = Array.from({ length: ds.nRows }, (_, i) => i).filter((i) => !subset || ds.num(subset.column)[i] === subset.value);
  const columns: Column[] = Object.keys(ds.text).map((col) => {
    if (ds.numeric[col]) return { name: col, type: 'number', values: Float64Array.from(keep, (i) => ds.numeric[col][i]) };
    const levels: string[] = [];
    const index = new Map<string, number>();
    const codes = Int32Array.from(keep, (i) => {
      const v = ds.text[col][i];
      if (v === '') return -1;
      if (!index.has(v)) {
        index.set(v, levels.length);
        levels.push(v);
      }
      return index.get(v)!;
    });
    return { name: col, type: 'categorical', codes, levels };
  });
  return { nRows: keep.length, columns };
}

describe('buildModelMatrix against R model.matrix', () => {
  for (const c of fixture.cases.filter((x) => x.dataset && x.r.design)) {
    it(c.id, () => {
      const frame = frameFromDataset(c.dataset!, c.subset);
      if (c.derived === 'dose2') {
        const dose = (frame.columns.find((x) => x.name === 'dose') as { values: Float64Array }).values;
        const prison = (frame.columns.find((x) => x.name === 'prison') as { values: Float64Array }).values;
        frame.columns.push({ name: 'dose2', type: 'number', values: Float64Array.from(dose, (d, i) => 2 * d + prison[i]) });
      }
      const outcome = completeRows(frame, [c.time, c.event].map((n) => frame.columns.find((x) => x.name === n)!));
      const mm = buildModelMatrix(
        frame,
        { covariates: asArray(c.covariates), categorical: asArray(c.categorical), reference: parseReferenceLevels(c.reference), strata: c.strata },
        outcome.rows,
      );
      const design = c.r.design!;
      expect(mm.columnNames).toEqual(asArray(c.r.names));
      expect(mm.rows.length).toBe(design.nRows);
      expect(mm.dropped + outcome.dropped).toBe(frame.nRows - design.nRows);
      expectAllClose(
        mm.columns.map((col) => col.reduce((s, v) => s + v, 0)),
        design.columnSums,
        'column sums',
      );
      const p = mm.columns.length;
      const first = Array.from({ length: design.firstRows.length }, (_, k) => mm.columns[k % p][Math.floor(k / p)]);
      expectAllClose(first, design.firstRows, 'first rows');
    });
  }
});

describe('model matrix details', () => {
  const lung = frameFromDataset('lung');

  it('keeps the term → columns map, with k − 1 columns for a k-level factor', () => {
    const mm = buildModelMatrix(lung, { covariates: ['age', 'ph.ecog', 'sex'], categorical: ['ph.ecog'] });
    expect(mm.terms.map((t) => [t.name, t.kind, t.columns])).toEqual([
      ['age', 'numeric', [0]],
      ['ph.ecog', 'factor', [1, 2, 3]],
      ['sex', 'numeric', [4]],
    ]);
    expect(mm.terms[1].levels).toEqual(['0', '1', '2', '3']);
    expect(mm.terms[1].reference).toBe('0');
    expect(mm.dropped).toBe(1); // one lung row lacks ph.ecog
  });

  it('uses a numeric column as it is when every row is analysed, and a copy of the kept rows otherwise', () => {
    const age = (lung.columns.find((c) => c.name === 'age') as { values: Float64Array }).values;
    const all = buildModelMatrix(lung, { covariates: ['age', 'sex'] });
    expect(all.dropped).toBe(0);
    expect(all.columns[0]).toBe(age);
    const some = buildModelMatrix(lung, { covariates: ['age', 'ph.ecog'] });
    expect(some.columns[0]).not.toBe(age);
    expect(Array.from(some.columns[0])).toEqual(Array.from(some.rows, (r) => age[r]));
  });

  it('relevels to a named reference, matching a number written differently', () => {
    const mm = buildModelMatrix(lung, { covariates: ['ph.ecog'], categorical: ['ph.ecog'], reference: parseReferenceLevels('ph.ecog=2.0') });
    expect(mm.columnNames).toEqual(['ph.ecog=0', 'ph.ecog=1', 'ph.ecog=3']);
    expect(mm.terms[0].levels).toEqual(['2', '0', '1', '3']);
  });

  it('codes strata by sorted level and requires them present', () => {
    const veteran = frameFromDataset('veteran');
    const mm = buildModelMatrix(veteran, { covariates: ['karno'], strata: 'celltype' });
    expect(mm.strataLevels).toEqual(['adeno', 'large', 'smallcell', 'squamous']);
    const celltype = veteran.columns.find((c) => c.name === 'celltype') as { codes: Int32Array; levels: string[] };
    expect(mm.strataLevels![mm.strata![0]]).toBe(celltype.levels[celltype.codes[0]]);
  });

  it('parses reference text', () => {
    expect(parseReferenceLevels('clinic=1, arm=patch only')).toEqual({ clinic: '1', arm: 'patch only' });
    expect(parseReferenceLevels(undefined)).toEqual({});
    expect(() => parseReferenceLevels('clinic')).toThrow(ModelMatrixError);
  });

  it('factor levels sort numbers numerically and strings by code point', () => {
    const numeric: Column = { name: 'x', type: 'number', values: Float64Array.of(10, 2, 2, 1) };
    expect(factorLevels(numeric, Int32Array.of(0, 1, 2, 3))).toEqual({ codes: Int32Array.of(2, 1, 1, 0), levels: ['1', '2', '10'] });
    const text: Column = { name: 'y', type: 'text', codes: Int32Array.of(0, 1, 2), levels: ['b', 'B', 'a'] };
    expect(factorLevels(text, Int32Array.of(0, 1, 2)).levels).toEqual(['B', 'a', 'b']);
  });

  it('rejects unusable requests with a clear message', () => {
    expect(() => buildModelMatrix(lung, { covariates: ['nope'] })).toThrow(/covariate column "nope" is not in the data/);
    expect(() => buildModelMatrix(lung, { covariates: ['age'], categorical: ['sex'] })).toThrow(/not among the covariates/);
    expect(() => buildModelMatrix(lung, { covariates: ['age'], reference: { age: '50' } })).toThrow(/numeric/);
    expect(() => buildModelMatrix(lung, { covariates: ['sex'], categorical: ['sex'], reference: { sex: '3' } })).toThrow(/not a value of "sex"/);
    expect(() => buildModelMatrix(lung, { covariates: ['sex'], categorical: ['sex'] }, Int32Array.of(0, 1, 2))).toThrow(/single value/);
    expect(() => buildModelMatrix(lung, { covariates: ['age', 'age'] })).toThrow(/twice/);
    expect(() => buildModelMatrix(lung, { covariates: ['age'], strata: 'age' })).toThrow(/both a covariate and the strata/);
  });
});

describe('buildModelMatrix for a caller that has given the frame up (release)', () => {
  it('compacts a numeric covariate in its own array, the same values as the copy, and releases each covariate once', () => {
    const usual = buildModelMatrix(frameFromDataset('lung'), { covariates: ['age', 'ph.ecog', 'wt.loss', 'sex'], categorical: ['ph.ecog'] });
    const frame = frameFromDataset('lung');
    const sources = new Map(frame.columns.map((c) => [c.name, (c as { values?: Float64Array }).values]));
    const released: string[] = [];
    const lean = buildModelMatrix(frame, { covariates: ['age', 'ph.ecog', 'wt.loss', 'sex'], categorical: ['ph.ecog'] }, undefined, (column) => released.push(column.name));
    expect(released).toEqual(['age', 'ph.ecog', 'wt.loss', 'sex']);
    // wt.loss and ph.ecog are missing in some rows, so rows were dropped: R's complete cases.
    expect(lean.rows.length).toBeLessThan(frame.nRows);
    expect(Array.from(lean.rows)).toEqual(Array.from(usual.rows));
    expect(lean.columnNames).toEqual(usual.columnNames);
    lean.columns.forEach((column, k) => expect(Array.from(column)).toEqual(Array.from(usual.columns[k])));
    // The numeric columns are views of the frame's own arrays, not copies.
    for (const name of ['age', 'wt.loss', 'sex']) {
      const column = lean.columns[lean.columnNames.indexOf(name)];
      expect(column.buffer).toBe(sources.get(name)!.buffer);
      expect(column.length).toBe(lean.rows.length);
    }
  });
});

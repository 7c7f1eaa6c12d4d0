/**
 * The registry (shared/analyses/registry.ts) finds every analysis by its file: each `<id>.ts` of shared/analyses that
 * exports a declaration is one, with no list kept by hand. Checked against the folder itself, so a declaration
 * file the registry missed, or a list that crept back, fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ANALYSES, declarationsOf, findAnalysis, idOfFile } from '../../../shared/analyses/registry';
import { defineAnalysis } from '../../../shared/analyses/declaration';

const FOLDER = resolve(import.meta.dirname, '../../../shared/analyses');

const declare = (id: string) => defineAnalysis({ id, title: id, summary: `${id}.`, options: [], resultSchema: z.object({}) });

describe('the analysis registry', () => {
  it('holds exactly the analyses whose declaration file exists, each found under its file name', () => {
    const declarationFiles = readdirSync(FOLDER)
      .filter((name) => /^[a-z-]+\.ts$/.test(name) && name !== 'run.ts' && name !== 'registry.ts')
      .filter((name) => readFileSync(join(FOLDER, name), 'utf8').includes('defineAnalysis('))
      .filter((name) => name !== 'declaration.ts')
      .map((name) => name.replace(/\.ts$/, ''))
      .sort();
    expect(ANALYSES.map((a) => a.id)).toEqual(declarationFiles);
    expect(declarationFiles).toEqual(expect.arrayContaining(['adjusted', 'correlation', 'cox', 'cuminc', 'factors', 'km', 'logrank', 'predict', 'recurrent', 'rmst', 'sites']));
    expect(findAnalysis('rmst')?.title).toBe('Restricted mean time free of relapse');
    expect(findAnalysis('kaplan')).toBeUndefined();
  });

  it('keeps no list of analyses: neither the registry nor the runner names one', () => {
    for (const file of ['registry.ts', 'run.ts']) {
      // The code only: a comment may give an example ("'./km.ts' → 'km'").
      const source = readFileSync(join(FOLDER, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      for (const { id } of ANALYSES) expect(source, `${file} names ${id}`).not.toMatch(new RegExp(`['"./]${id}(\\.run)?['"]|\\b${id}Analysis\\b`));
    }
  });

  it('takes a declaration from any export of its file, sorted by id, and skips modules that declare nothing', () => {
    const rmstDifference = declare('rmst-difference');
    const km = declare('km');
    expect(declarationsOf({ './rmst-difference.ts': { rmstDifference, TAU_DEFAULT: 1 }, './km.ts': { km }, './outcome.ts': { outcomeOptions: [] } }).map((d) => d.id)).toEqual(['km', 'rmst-difference']);
    expect(idOfFile('./rmst-difference.ts')).toBe('rmst-difference');
  });

  it("refuses a declaration whose id is not its file's name, and two declarations in one file", () => {
    expect(() => declarationsOf({ './kaplan.ts': { km: declare('km') } })).toThrow('./kaplan.ts declares the analysis "km"; its file must be named km.ts');
    expect(() => declarationsOf({ './km.ts': { km: declare('km'), logrank: declare('logrank') } })).toThrow('./km.ts exports 2 analysis declarations; one file holds one analysis');
  });
});

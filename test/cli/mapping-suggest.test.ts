/**
 * `mapping suggest --csv FILE --json` as a user runs it: the outcome roles (id and time, or start/end
 * dates), the group columns and, per relapse factor, the items with direction, confidence and reason.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FACTOR_IDS } from '../../shared/factors/ids';
import { parseMapping } from '../../shared/mapping/format';
import { PROJECT_ROOT, runCli } from '../helpers/run-cli';
import { expectJsonSuccess } from './contract';

const DEMO_CSV = 'test/shared/mapping/fixtures/demo-cohort-2000.csv';
const demoMapping = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/shared/mapping/fixtures/demo-mapping.json'), 'utf8'));
const demoLines = readFileSync(join(PROJECT_ROOT, DEMO_CSV), 'utf8').trim().split('\n');
const demoHeader = demoLines[0].split(',');

function expectSuggestionShape(document: any, header: string[]): void {
  expect(typeof document.outcome).toBe('object');
  expect(Array.isArray(document.groups)).toBe(true);
  for (const group of document.groups) expect(header, 'group column').toContain(group);
  expect(typeof document.factors).toBe('object');
  for (const [factor, items] of Object.entries(document.factors) as [string, any[]][]) {
    expect(FACTOR_IDS as readonly string[], 'factor id').toContain(factor);
    expect(Array.isArray(items), factor).toBe(true);
    for (const item of items) {
      expect(header, `${factor} column`).toContain(item.column);
      expect(['risk', 'protective'], `${factor}.${item.column} direction`).toContain(item.direction);
      expect(typeof item.confidence, `${factor}.${item.column} confidence`).toBe('number');
      expect(item.confidence).toBeGreaterThan(0);
      expect(item.confidence).toBeLessThanOrEqual(1);
      expect(typeof item.reason, `${factor}.${item.column} reason`).toBe('string');
      expect(item.reason.length).toBeGreaterThan(0);
    }
  }
}

describe('mapping suggest --json', () => {
  it('demo cohort: id, time, event coding, groups and the nine factors with the demo mapping\'s items', async () => {
    const document = expectJsonSuccess(await runCli(['mapping', 'suggest', '--csv', DEMO_CSV, '--json']), 'mapping suggest');
    expectSuggestionShape(document, demoHeader);
    expect(document.outcome.id).toBe('participant_id');
    expect(document.outcome.time).toBe('days_followed');
    expect(document.outcome.event).toBe('relapsed');
    expect(document.outcome.eventValues).toEqual([1]);
    for (const group of demoMapping.groups) expect(document.groups).toContain(group);
    expect(Object.keys(document.factors).sort()).toEqual([...FACTOR_IDS].sort());
    for (const [factor, items] of Object.entries(demoMapping.factors) as [string, { column: string; direction: string }[]][]) {
      const suggested = document.factors[factor].map((i: { column: string; direction: string }) => [i.column, i.direction]);
      expect(suggested, factor).toEqual(items.map((i) => [i.column, i.direction]));
    }
  });

  it('without a follow-up time column: start, end and last-contact dates instead', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relapse-cli-'));
    try {
      const drop = demoHeader.indexOf('days_followed');
      const file = join(dir, 'demo-dates.csv');
      writeFileSync(file, demoLines.slice(0, 301).map((line) => line.split(',').filter((_, j) => j !== drop).join(',')).join('\n') + '\n');
      const document = expectJsonSuccess(await runCli(['mapping', 'suggest', '--csv', file, '--json']), 'mapping suggest dates');
      expectSuggestionShape(document, demoHeader.filter((_, j) => j !== drop));
      expect(document.outcome.time).toBeUndefined();
      expect(document.outcome.start).toBe('intake_date');
      expect(document.outcome.end).toBe('relapse_date');
      expect(document.outcome.event).toBe('relapsed');
      expect(document.outcome.eventValues).toEqual([1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--out writes a mapping template that --mapping accepts (suggest, then analyze factors and report)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relapse-cli-'));
    try {
      const out = join(dir, 'mapping.json');
      const document = expectJsonSuccess(await runCli(['mapping', 'suggest', '--csv', DEMO_CSV, '--out', out, '--json']), 'mapping suggest --out');
      expect(document.out).toBe(out);
      const template = JSON.parse(readFileSync(out, 'utf8'));
      expect(template.format).toBe('relapse-workbench-mapping');
      expect(template.version).toBe(1);
      const mapping = parseMapping(template);
      expect(mapping.outcome).toEqual({ time: document.outcome.time, event: document.outcome.event, eventValues: document.outcome.eventValues });
      expect(Object.keys(mapping.factors).sort()).toEqual(Object.keys(document.factors).sort());
      const factors = expectJsonSuccess(await runCli(['analyze', 'factors', '--csv', DEMO_CSV, '--mapping', out, '--json']), 'factors with the suggested template');
      expect(factors.factors.map((f: { factor: string }) => f.factor).sort()).toEqual([...FACTOR_IDS].sort());
      const validate = await runCli(['mapping', 'validate', '--csv', DEMO_CSV, '--mapping', out, '--json']);
      expect(validate.code, validate.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a saved `suggest --json` document given as --mapping is one line saying how to write a template', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relapse-cli-'));
    try {
      const saved = join(dir, 'suggestion.json');
      writeFileSync(saved, (await runCli(['mapping', 'suggest', '--csv', DEMO_CSV, '--json'])).stdout);
      const run = await runCli(['analyze', 'factors', '--csv', DEMO_CSV, '--mapping', saved, '--json']);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/output of `mapping suggest --json`, not a mapping template/);
      expect(run.stderr).toMatch(/--out/);
      expect(run.stderr).not.toMatch(/Unrecognized key/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

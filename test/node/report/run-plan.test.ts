/**
 * runPlan on the demo report's plan (2,000 demo participants, the demo mapping): with the prepared frame
 * given up (as report building does) the runs are the same as with a kept frame, in plan order, while the
 * Cox model is computed last and the frame's columns are dropped as the runs finish with them.
 * The values themselves are checked against R in plan.test.ts and build-model.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCohortCsv } from '../../../node/files/demo-cohort-file';
import { loadCsv } from '../../../node/import';
import { executionOrder, runPlan } from '../../../node/report/run-plan';
import { DEMO_MAPPING } from '../../../shared/demo/demo-mapping';
import { parseMapping } from '../../../shared/mapping/format';
import { defaultReportSettings, planAnalyses, prepareAnalysisData } from '../../../shared/report/plan';
import type { DataFrame } from '../../../shared/data/frame';

const mapping = parseMapping(DEMO_MAPPING);
const plan = planAnalyses(mapping, defaultReportSettings());
let dir: string;
let raw: DataFrame;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rw-run-plan-'));
  const csv = join(dir, 'demo.csv');
  await writeDemoCohortCsv(csv, 2000, 20261124);
  raw = (await loadCsv(csv)).frame;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const withoutTiming = (runs: ReturnType<typeof runPlan>) => runs.map(({ analysisMs: _ms, ...run }) => run);

describe('runPlan', () => {
  it('the demo plan holds a Cox model that is not last, so giving the frame up reorders the computation', () => {
    const analyses = plan.map((p) => p.analysis);
    expect(analyses).toContain('cox');
    expect(analyses.at(-1)).not.toBe('cox');
    const order = executionOrder(plan, true);
    expect(order.map((i) => plan[i].analysis).at(-1)).toBe('cox');
    expect([...order].sort((a, b) => a - b)).toEqual(plan.map((_, i) => i));
    expect(executionOrder(plan, false)).toEqual(plan.map((_, i) => i));
  });

  it('a given-up frame gives the same runs in plan order and ends without columns; a kept frame keeps them', () => {
    const kept = prepareAnalysisData(raw, mapping).frame;
    const columnsBefore = kept.columns.map((c) => c.name);
    const usual = runPlan(kept, plan);
    expect(kept.columns.map((c) => c.name)).toEqual(columnsBefore);

    const givenUp = prepareAnalysisData(raw, mapping).frame;
    const seen: string[] = [];
    const lean = runPlan(givenUp, plan, (_done, _total, key) => seen.push(key), { frameGivenUp: true });
    expect(withoutTiming(lean)).toEqual(withoutTiming(usual));
    expect(lean.map((r) => r.key)).toEqual(plan.map((p) => p.key));
    expect(seen).toEqual(executionOrder(plan, true).map((i) => plan[i].key));
    expect(lean.every((r) => !('error' in r) || r.error === undefined)).toBe(true);
    expect(givenUp.columns).toEqual([]);
  });
});

/**
 * Rows left out in the Mapping step, through main (issue 15 item 1): mapping:validate offers the backward
 * and follow-up-missing rows, mapping:use refuses while an error remains and records the rows left out in
 * the project's audit log, mapping:save records them too, and the report states how many rows were left
 * out and why (provenance table and methods).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../../electron/main/ipc/dispatch';
import { createHandlers } from '../../../../electron/main/ipc/handlers';
import { InlineJobRunner } from '../../../../node/jobs/inline-runner';

let folder: string;
let handlers: ReturnType<typeof createHandlers>;
const call = async (channel: string, args: unknown) => {
  const reply = await dispatch(handlers, channel, args);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as any;
};

/** 40 participants with intake and relapse/last-contact dates; row 5 relapses before intake, row 9 has neither end date. */
function cohortCsv(): string {
  const lines = ['pid,intake,relapse_date,last_contact,relapsed,employed'];
  const day = (d: number) => new Date(Date.UTC(2023, 0, 1) + d * 864e5).toISOString().slice(0, 10);
  for (let k = 1; k <= 40; k++) {
    const start = (k * 7) % 60;
    const relapsed = k % 3 !== 0 ? 1 : 0;
    const length = 20 + ((k * 37) % 300);
    let end = relapsed ? day(start + length) : '';
    let last = relapsed ? '' : day(start + length);
    if (k === 5) end = day(start - 10);
    if (k === 9) last = '';
    lines.push(`P${k},${day(start)},${end},${last},${relapsed},${k % 2}`);
  }
  return lines.join('\n') + '\n';
}

const mapping = {
  format: 'relapse-workbench-mapping',
  version: 1,
  id: 'pid',
  outcome: { start: 'intake', end: 'relapse_date', censorEnd: 'last_contact', event: 'relapsed', eventValues: [1] },
  groups: [],
  factors: { coping_skills: [{ column: 'employed', direction: 'protective' }] },
};

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'rw-exclusions-'));
  const csv = join(folder, 'messy.csv');
  writeFileSync(csv, cohortCsv());
  handlers = createHandlers({ appVersion: '0.0.0-test', userDataDir: folder, jobs: new InlineJobRunner(), dialogs: { openCsv: async () => csv, openProject: async () => null, openMapping: async () => null, saveFile: async () => null }, emit: () => {}, log: () => {} });
  await call('project:open', { path: join(folder, 'p.sqlite'), create: true });
  await call('dataset:import', { path: csv, name: 'messy' });
});
afterAll(() => {
  handlers.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('rows left out in the Mapping step, through main', () => {
  it('validation offers rows 5 (backward) and 9 (no follow-up) with their values', async () => {
    const issues = await call('mapping:validate', { dataset: 'messy', mapping });
    const backward = issues.find((i: { code: string }) => i.code === 'end-before-start');
    expect(backward).toMatchObject({ severity: 'error', column: 'relapse_date', rows: [5], exclusion: { reason: 'end-before-start', rows: [5] } });
    expect(backward.exclusion.values[0].cells).toEqual([
      { column: 'pid', value: 'P5' },
      { column: 'intake', value: '2023-02-05' },
      { column: 'relapse_date', value: '2023-01-26' },
      { column: 'last_contact', value: 'missing' },
      { column: 'relapsed', value: '1' },
    ]);
    expect(issues.find((i: { code: string }) => i.code === 'missing-time')).toMatchObject({ severity: 'warning', rows: [9], exclusion: { reason: 'missing-time', rows: [9] } });
  });

  it('"Use this mapping" is refused in one line while the backward row is in, and records the rows once left out', async () => {
    const refused = await dispatch(handlers, 'mapping:use', { dataset: 'messy', mapping });
    expect(refused).toEqual({ ok: false, error: 'the mapping cannot be used yet: end (relapse) date "relapse_date" is before the start date "intake" in data rows 5: correct the dates in the file and import it again, or leave these rows out' });
    const excluding = { ...mapping, excludeRows: [{ reason: 'end-before-start', rows: [5] }, { reason: 'missing-time', rows: [9] }] };
    expect(await call('mapping:use', { dataset: 'messy', mapping: excluding })).toEqual({ excludedRows: 2 });
    const entry = (await call('audit:list', {})).filter((e: { action: string }) => e.action === 'rows-excluded').at(-1);
    expect(entry.details).toEqual({
      dataset: 'messy',
      exclusions: [
        { reason: 'end-before-start', label: 'end date before the start date', count: 1, rows: [5] },
        { reason: 'missing-time', label: 'follow-up time missing', count: 1, rows: [9] },
      ],
    });
    await call('mapping:save', { name: 'messy mapping', mapping: excluding });
    const saved = (await call('audit:list', {})).filter((e: { action: string }) => e.action === 'rows-excluded').at(-1);
    expect(saved.details).toMatchObject({ mapping: 'messy mapping', exclusions: [{ reason: 'end-before-start', rows: [5] }, { reason: 'missing-time', rows: [9] }] });
    expect((await call('mapping:get', { name: 'messy mapping' })).excludeRows).toEqual(excluding.excludeRows);
  });

  it('the report says how many rows were left out and why, and analyses the 38 others', async () => {
    const excluding = { ...mapping, excludeRows: [{ reason: 'end-before-start', rows: [5] }, { reason: 'missing-time', rows: [9] }] };
    const { html } = await call('report:html', { dataset: 'messy', mapping: excluding, minCell: 0, sections: ['overview', 'methods', 'provenance'] });
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').replace(/&#x27;/g, "'").replace(/&quot;/g, '"');
    expect(text).toContain('Left out in the Mapping step: end date before the start date 1');
    expect(text).toContain('Left out in the Mapping step: follow-up time missing 1');
    expect(text).toMatch(/Exclusions and missing data: of 40 rows, 2 were left out before every analysis because the follow-up time was missing \(0\) or negative \(0\) or the event was missing \(0\), or were left out by the user in the Mapping step \(recorded in the mapping and the project's audit log\): 1 because of end date before the start date \(data row 5\) and 1 because of follow-up time missing \(data row 9\)\./);
    expect(text).toMatch(/Rows analysed 38/);
  });
});

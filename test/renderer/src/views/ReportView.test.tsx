// @vitest-environment jsdom
/**
 * The report step with the real handlers on addicts: the preview is the report main builds, in a
 * sandboxed frame; the small-cell threshold (default 5) goes into the request and the preview follows
 * it; Save HTML saves exactly the previewed report; Save PDF without the desktop app's printer shows
 * main's explanation as a note. A mapping of several rows per participant (R's cgd) offers the repeated
 * relapses section and none of the one-row ones. A declared analysis with a report part (rmst) is offered from its
 * declaration, unticked; ticked, its section is built with R's numbers (survRM2's rmst2 of addicts by clinic).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ReportView } from '../../../../renderer/src/views/ReportView';
import { ADDICTS_MAPPING, startHarness, withWorkspace, workspaceFor, type Harness } from './harness';
import type { MappingTemplate } from '../../../../renderer/src/views/types';
import { reportableAnalyses } from '../../../../shared/report/plan';

const LONG = { timeout: 30_000 };

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
afterEach(cleanup);

function reportCalls() {
  return harness.calls.filter((c) => c.channel === 'report:html') as { args: { minCell: number }; reply?: { ok: boolean; value: { html: string } } }[];
}

describe('ReportView', () => {
  test('previews the report in a sandboxed frame, follows the threshold, and saves what it shows', async () => {
    harness.calls.length = 0;
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <ReportView />));
    const frame = (await waitFor(() => screen.getByTestId('report-preview'), LONG)) as HTMLIFrameElement;
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect((screen.getByLabelText('Small counts') as HTMLSelectElement).value).toBe('5');
    const first = reportCalls();
    expect(first).toHaveLength(1);
    expect(first[0].args.minCell).toBe(5);
    expect(frame.getAttribute('srcdoc')).toBe(first[0].reply!.value.html);
    expect(frame.getAttribute('srcdoc')).toMatch(/^<!doctype html>/i);
    expect(screen.getByTestId('report-ready').textContent).toContain('counts below 5 hidden');

    fireEvent.change(screen.getByLabelText('Small counts'), { target: { value: '0' } });
    await waitFor(() => expect(screen.getByTestId('report-ready').textContent).toContain('every count shown'), LONG);
    const second = reportCalls().at(-1)!;
    expect(second.args.minCell).toBe(0);
    expect(screen.getByTestId('report-preview').getAttribute('srcdoc')).toBe(second.reply!.value.html);

    const before = harness.saved.length;
    fireEvent.click(screen.getByRole('button', { name: 'Save HTML…' }));
    await waitFor(() => expect(harness.saved.length).toBe(before + 1), LONG);
    expect(harness.saved[before].name).toBe('addicts-report.html');
    expect(harness.saved[before].content).toBe(second.reply!.value.html);
    await waitFor(() => expect(screen.getByText(/Saved to .*addicts-report\.html/)).toBeTruthy(), LONG);
  }, 60_000);

  test('the user picks the sections and their order, and the report follows', async () => {
    harness.calls.length = 0;
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <ReportView />));
    await waitFor(() => screen.getByTestId('report-preview'), LONG);
    const groups = ADDICTS_MAPPING.groups ?? [];
    const first = reportCalls()[0] as unknown as { args: { sections: string[] }; reply: { value: { sections: string[] } } };
    expect(first.args.sections).toEqual(['notes', 'overview', ...groups.map((g) => `group:${g}`), 'factors', 'competing', 'correlation', 'methods', 'provenance', 'mapping']);
    expect(screen.queryByLabelText('Repeated relapses')).toBeNull();
    fireEvent.click(screen.getByLabelText('Appendix: column mapping'));
    // Methods moves up past the (unticked) sections of the declared analyses with a report part, then past the correlations.
    for (let i = 0; i <= reportableAnalyses().length; i++) fireEvent.click(screen.getByRole('button', { name: 'Move Methods up' }));
    fireEvent.click(screen.getByRole('button', { name: 'Update the preview' }));
    await waitFor(() => expect(reportCalls()[1]?.reply).toBeTruthy(), LONG);
    const second = reportCalls()[1] as unknown as { args: { sections: string[] }; reply: { value: { sections: string[]; html: string } } };
    expect(second.args.sections.slice(-3)).toEqual(['methods', 'correlation', 'provenance']);
    expect(second.args.sections).not.toContain('mapping');
    // The built report holds what was asked, in that order (sections without content, such as notes left empty, are left out).
    const built = second.reply.value.sections;
    expect(built).not.toContain('mapping');
    expect(built.indexOf('methods')).toBeLessThan(built.indexOf('provenance'));
    expect(second.reply.value.html).not.toContain('Appendix: column mapping');
  }, 60_000);

  test('a declared analysis with a report part is offered from its declaration, unticked; ticked, its section joins the report before the methods', async () => {
    harness.calls.length = 0;
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <ReportView />));
    await waitFor(() => expect(reportCalls()[0]?.reply).toBeTruthy(), LONG);
    // The label is rmst's declared report part's (shared/analyses/rmst.presentation.ts).
    const box = screen.getByLabelText('Restricted mean time free of relapse: differences between groups') as HTMLInputElement;
    expect(box.checked).toBe(false);
    const items = [...screen.getByTestId('report-sections').querySelectorAll('li')].map((li) => li.textContent?.replace(/[↑↓]/g, '').trim());
    // The declared sections sit just before the methods, in the registry's order.
    expect(items.slice(-3 - reportableAnalyses().length)).toEqual([...reportableAnalyses().map((a) => a.presentation!.report!.label ?? a.title), 'Methods', 'Provenance', 'Appendix: column mapping']);
    expect(items).toContain('Restricted mean time free of relapse: differences between groups');
    expect((reportCalls()[0] as unknown as { args: { sections: string[] } }).args.sections).not.toContain('declared:rmst');
    fireEvent.click(box);
    fireEvent.click(screen.getByRole('button', { name: 'Update the preview' }));
    await waitFor(() => expect(reportCalls()[1]?.reply).toBeTruthy(), LONG);
    const second = reportCalls()[1] as unknown as { args: { sections: string[] }; reply: { value: { sections: string[]; html: string } } };
    expect(second.args.sections.slice(-4)).toEqual(['declared:rmst', 'methods', 'provenance', 'mapping']);
    expect(second.reply.value.sections.slice(-4)).toEqual(['declared:rmst', 'methods', 'provenance', 'mapping']);
    // survRM2's rmst2 of addicts by clinic at its default horizon, day 905 (test/shared/stats/fixtures/rmst-difference.json): difference 212.2 (122.2–302.2).
    const table = new DOMParser().parseFromString(second.reply.value.html, 'text/html').getElementById('table-rmst-comparisons');
    const row = [...table!.querySelectorAll('tbody tr td')].map((td) => td.textContent);
    expect(row.slice(0, 3)).toEqual(['2', '1', '212.2']);
    expect(row[3]).toMatch(/^\(?122\.2.302\.2\)?$/);
  }, 60_000);

  test('several rows per participant (cgd): the repeated relapses section is offered, the one-row sections and the site comparison are not', async () => {
    const cgd = await harness.importCsv(resolve(import.meta.dirname, '../../../fixtures/data/cgd.csv'), 'cgd-report');
    const mapping: MappingTemplate = { format: 'relapse-workbench-mapping', version: 1, id: 'id', outcome: { time: 'tstop', intervalStart: 'tstart', event: 'status', eventValues: ['1'] }, groups: ['treat'], factors: {} };
    harness.calls.length = 0;
    render(withWorkspace(workspaceFor(harness, mapping, { dataset: 'cgd-report', summary: cgd }), <ReportView />));
    await waitFor(() => expect(reportCalls()[0]?.reply).toBeTruthy(), LONG);
    const first = reportCalls()[0] as unknown as { args: { sections: string[] }; reply: { ok: boolean; value: { sections: string[]; html: string } } };
    expect(first.args.sections).toEqual(['notes', 'recurrent', 'methods', 'provenance', 'mapping']);
    expect(screen.queryByLabelText('Compare sites')).toBeNull();
    expect(screen.getByLabelText('Repeated relapses')).toBeTruthy();
    expect(screen.queryByLabelText('Cohort overview')).toBeNull();
    expect(first.reply.value.sections).toEqual(['recurrent', 'methods', 'provenance', 'mapping']);
    expect(first.reply.value.html).toContain('Repeated relapses');
  }, 60_000);

  test('choosing a site column adds the sites section after the factors: funnel plot, O/E table, adjusted curves', async () => {
    harness.calls.length = 0;
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <ReportView />));
    await waitFor(() => screen.getByTestId('report-preview'), LONG);
    const select = screen.getByLabelText('Compare sites') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value).slice(0, 2)).toEqual(['', 'clinic']);
    fireEvent.change(select, { target: { value: 'clinic' } });
    fireEvent.click(screen.getByRole('button', { name: 'Update the preview' }));
    await waitFor(() => expect(reportCalls()[1]?.reply).toBeTruthy(), LONG);
    const second = reportCalls()[1] as unknown as { args: { sections: string[]; sitesBy: string }; reply: { value: { sections: string[]; html: string } } };
    expect(second.args.sitesBy).toBe('clinic');
    expect(second.args.sections).toEqual(['notes', 'overview', 'group:clinic', 'factors', 'sites', 'competing', 'correlation', 'methods', 'provenance', 'mapping']);
    expect(second.reply.value.sections).toContain('sites');
    const html = second.reply.value.html;
    expect(html).toContain('Comparing sites (clinic)');
    expect(html).toContain('data-chart="funnel"');
    expect(html).toContain('data-chart="adjusted"');
    expect(html).toContain('Observed and expected relapses by clinic');
    // The first preview (no site column) had none.
    expect((reportCalls()[0] as unknown as { reply: { value: { html: string } } }).reply.value.html).not.toContain('data-chart="funnel"');
  }, 60_000);

  test('Save PDF where main cannot print shows its explanation politely', async () => {
    render(withWorkspace(workspaceFor(harness, ADDICTS_MAPPING), <ReportView />));
    await waitFor(() => screen.getByTestId('report-preview'), LONG);
    fireEvent.click(screen.getByRole('button', { name: 'Save PDF…' }));
    const note = await waitFor(() => screen.getByTestId('pdf-note'), LONG);
    expect(note.getAttribute('role')).toBe('status');
    expect(note.textContent).toContain('The PDF could not be made here.');
    expect(note.textContent).toContain('PDF export needs the desktop app');
    expect(screen.queryByRole('alert')).toBeNull();
  }, 60_000);
});

/**
 * The report model to one self-contained HTML file: each chart is drawn by the app's own chart
 * component (mounted in jsdom by renderChartToSvg, since recharts 3 renders nothing on the server) and
 * inlined as <svg>; the document itself is static markup. The SVG namespace attribute is dropped (an
 * HTML parser puts inline <svg> in that namespace anyway), so the file holds no URL at all.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ReportModel } from '../../shared/report/model';
import { renderChartToSvg } from '../charts/render-to-svg';
import { ReportDocument } from './ReportDocument';
import { reportChartElement } from './report-charts';

/** Inline SVG for an HTML page: no namespace declarations, no XML prolog. */
export function inlineSvg(markup: string): string {
  return markup.replace(/^<\?xml[^>]*>\s*/, '').replace(/\s+xmlns(:\w+)?="[^"]*"/g, '');
}

export async function renderReportCharts(model: ReportModel, onChart?: (done: number, total: number) => void): Promise<Record<string, string>> {
  const blocks = model.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'chart');
  const charts: Record<string, string> = {};
  let done = 0;
  for (const block of blocks) {
    const element = reportChartElement(block.chart);
    if (element) charts[block.id] = inlineSvg(await renderChartToSvg(element, { idPrefix: `${block.id}-` }));
    onChart?.(++done, blocks.length);
  }
  return charts;
}

export async function renderReportHtml(model: ReportModel, onChart?: (done: number, total: number) => void): Promise<string> {
  const charts = await renderReportCharts(model, onChart);
  return '<!DOCTYPE html>\n' + renderToStaticMarkup(createElement(ReportDocument, { model, charts })) + '\n';
}

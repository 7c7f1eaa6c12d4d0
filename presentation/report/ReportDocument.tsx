/**
 * The report model as one HTML document: a header, a table of contents, and each section's paragraphs,
 * tables, charts (pre-rendered SVG, passed in by block id) and definition lists. No script, no link, no
 * image file: everything is in the page, and a Content-Security-Policy forbids fetching anything.
 */
import type { Block, Cell, ReportModel } from '../../shared/report/model';
import { cellText, sentenceText } from './format-cell';
import { REPORT_CSS } from './report-styles';
import { divergingColour, textOnDiverging } from '../charts/palette';
import { formatNumber } from '../format';

/** Nothing may be fetched: styles are inline, images are inline SVG. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; form-action 'none'; base-uri 'none'";

export interface ReportDocumentProps {
  model: ReportModel;
  /** Inline SVG markup per chart block id. */
  charts: Record<string, string>;
}

const isNumeric = (cell: Cell) => cell.kind !== 'text';

function CellView(props: { cell: Cell; align?: 'left' | 'right' }) {
  const { cell } = props;
  const classes = [props.align === 'right' || (props.align === undefined && isNumeric(cell)) ? 'num' : '', cell.kind === 'suppressed' || cell.kind === 'withheld' ? 'suppressed' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <td className={classes || undefined} data-kind={cell.kind}>
      {cellText(cell)}
    </td>
  );
}

function Heatmap(props: { chart: Extract<Extract<Block, { kind: 'chart' }>['chart'], { type: 'heatmap' }> }) {
  const { variables, pairs } = props.chart;
  const lookup = (a: string, b: string) => pairs.find((p) => (p.x === a && p.y === b) || (p.x === b && p.y === a));
  return (
    <table className="heatmap" data-chart="heatmap">
      <caption>{props.chart.title}</caption>
      <thead>
        <tr>
          <th />
          {variables.map((v) => (
            <th key={v.id} scope="col">
              {v.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {variables.map((row) => (
          <tr key={row.id}>
            <th scope="row" style={{ textAlign: 'left' }}>
              {row.label}
            </th>
            {variables.map((col) => {
              if (row.id === col.id) return <td key={col.id} style={{ background: divergingColour(1), color: textOnDiverging(1) }}>1</td>;
              const pair = lookup(row.id, col.id);
              const r = pair?.estimate ?? null;
              const star = pair?.pAdjusted !== null && pair?.pAdjusted !== undefined && pair.pAdjusted < 0.05 ? '*' : '';
              return (
                <td key={col.id} style={{ background: divergingColour(r), color: textOnDiverging(r) }}>
                  {formatNumber(r, 2)}
                  {star}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BlockView(props: { block: Block; charts: Record<string, string> }) {
  const { block } = props;
  switch (block.kind) {
    case 'paragraph':
      return <p className={block.tone ? `tone-${block.tone}` : undefined}>{sentenceText(block.parts)}</p>;
    case 'list':
      return (
        <ul>
          {block.items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ul>
      );
    case 'code':
      // A download offered as a data: link (the report is offline: no network, no script).
      return block.download ? (
        <div className="code-download">
          <p>
            <a download={block.download} href={`data:application/json;charset=utf-8,${encodeURIComponent(block.text)}`} data-testid="mapping-download">
              Download {block.download}
            </a>
          </p>
          <details>
            <summary>Show the JSON</summary>
            <pre data-language={block.language}>{block.text}</pre>
          </details>
        </div>
      ) : (
        <pre data-language={block.language}>{block.text}</pre>
      );
    case 'definitions':
      return (
        <dl className="definitions" id={block.id}>
          {block.items.map((item, i) => [
            <dt key={`t${i}`}>{item.term}</dt>,
            <dd key={`d${i}`} data-kind={item.value.kind}>
              {cellText(item.value)}
            </dd>,
          ])}
        </dl>
      );
    case 'table':
      return (
        <table id={block.id}>
          <caption>{block.caption}</caption>
          <thead>
            <tr>
              {block.columns.map((c, i) => (
                <th key={i} scope="col" className={c.align === 'right' ? 'num' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {block.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) => (
                  <CellView key={c} cell={cell} align={block.columns[c]?.align} />
                ))}
              </tr>
            ))}
          </tbody>
          {block.footnotes && block.footnotes.length > 0 ? (
            <tfoot>
              {block.footnotes.map((note, i) => (
                <tr key={i}>
                  <td colSpan={block.columns.length}>{note}</td>
                </tr>
              ))}
            </tfoot>
          ) : null}
        </table>
      );
    case 'chart': {
      const svg = props.charts[block.id];
      if (svg === undefined && block.chart.type === 'heatmap') {
        return (
          <figure id={block.id}>
            <Heatmap chart={block.chart} />
            {block.chart.subtitle ? <figcaption>{block.chart.subtitle}</figcaption> : null}
          </figure>
        );
      }
      return (
        <figure id={block.id} data-chart={block.chart.type}>
          {svg === undefined ? <p className="tone-warning">The chart “{block.chart.title}” could not be drawn.</p> : <div dangerouslySetInnerHTML={{ __html: svg }} />}
          {block.caption ? <figcaption>{block.caption}</figcaption> : null}
        </figure>
      );
    }
  }
}

export function ReportDocument(props: ReportDocumentProps) {
  const { model } = props;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta httpEquiv="Content-Security-Policy" content={REPORT_CSP} />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="generator" content={`${model.software.name} ${model.software.version}`} />
        <title>{model.title}</title>
        <style dangerouslySetInnerHTML={{ __html: REPORT_CSS }} />
      </head>
      <body>
        <main>
          <header className="report-header">
            <h1>{model.title}</h1>
            <p className="report-subtitle">
              {model.subtitle} · generated {model.generatedAt.slice(0, 10)}
            </p>
            {model.minCell > 1 ? (
              <p className="suppression-banner">
                Small-cell suppression is on: counts from 1 to {model.minCell - 1} are shown as “&lt;{model.minCell}”, counts that would give them away as “suppressed”, and survival curves step only when at least {model.minCell} participants leave follow-up (see Methods).
              </p>
            ) : (
              <p className="suppression-banner">Small-cell suppression is off: this report may show counts small enough to identify participants. Share it only with people allowed to see the data.</p>
            )}
          </header>
          <nav className="toc" aria-label="Contents">
            <strong>Contents</strong>
            <ol>
              {model.sections.map((s) => (
                <li key={s.id}>
                  <a href={`#${sectionAnchor(s.id)}`}>{s.title}</a>
                </li>
              ))}
            </ol>
          </nav>
          {model.sections.map((section) => (
            <section key={section.id} id={sectionAnchor(section.id)} className="report-section" data-section={section.id}>
              <h2>{section.title}</h2>
              {section.blocks.map((block, i) => (
                <BlockView key={i} block={block} charts={props.charts} />
              ))}
            </section>
          ))}
          <footer className="report-footer">
            {model.software.name} {model.software.version} · {model.generatedAt}
          </footer>
        </main>
      </body>
    </html>
  );
}

/** An id usable as a fragment: "group:site" → "section-group-site". */
export function sectionAnchor(id: string): string {
  return `section-${id.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

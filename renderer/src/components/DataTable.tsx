/**
 * A result table with a caption and a "Save as CSV" button. Each column gives its header and how a row
 * shows in it (already formatted text, via format.ts); the CSV holds exactly the text the table shows.
 */
import { useState, type ReactNode } from 'react';
import { toCsv } from '../../../shared/data/csv-write';
import { fileNameFor } from './csv';
import { saveText } from './save';

export interface TableColumn<Row> {
  header: string;
  cell: (row: Row, index: number) => string;
  /** Numbers align right. */
  numeric?: boolean;
  /** Optional richer rendering in the app (the CSV still uses `cell`). */
  render?: (row: Row, index: number) => ReactNode;
}

export interface DataTableProps<Row> {
  title: string;
  columns: readonly TableColumn<Row>[];
  rows: readonly Row[];
  /** data-testid for the table element. */
  testId?: string;
  note?: string;
  rowKey?: (row: Row, index: number) => string;
  onRowActivate?: (row: Row) => void;
  exportable?: boolean;
}

export function tableCsv<Row>(columns: readonly TableColumn<Row>[], rows: readonly Row[]): string {
  return toCsv(
    columns.map((c) => c.header),
    rows.map((row, i) => columns.map((c) => c.cell(row, i))),
  );
}

export function DataTable<Row>(props: DataTableProps<Row>) {
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const exportCsv = async () => {
    setError(null);
    try {
      const path = await saveText(fileNameFor(props.title, 'csv'), tableCsv(props.columns, props.rows));
      setSaved(path);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="table-block">
      <div className="table-scroll" tabIndex={0} role="region" aria-label={props.title}>
        <table data-testid={props.testId}>
          <caption>{props.title}</caption>
          <thead>
            <tr>
              {props.columns.map((c) => (
                <th key={c.header} scope="col" className={c.numeric ? 'num' : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row, i) => (
              <tr
                key={props.rowKey ? props.rowKey(row, i) : i}
                tabIndex={props.onRowActivate ? 0 : undefined}
                className={props.onRowActivate ? 'clickable' : undefined}
                onClick={props.onRowActivate ? () => props.onRowActivate!(row) : undefined}
                onKeyDown={
                  props.onRowActivate
                    ? (event) => {
                        if (event.key === 'Enter' || event.key === ' ') {
                          event.preventDefault();
                          props.onRowActivate!(row);
                        }
                      }
                    : undefined
                }
              >
                {props.columns.map((c) => (
                  <td key={c.header} className={c.numeric ? 'num' : undefined}>
                    {c.render ? c.render(row, i) : c.cell(row, i)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.note ? <p className="table-note">{props.note}</p> : null}
      {props.exportable === false ? null : (
        <div className="export-row">
          {/* The accessible name begins with the visible text (WCAG 2.5.3, label in name) and names the table. */}
          <button type="button" onClick={exportCsv} aria-label={`Save as CSV, table "${props.title}"`}>
            Save as CSV
          </button>
          {saved ? <span className="saved" role="status">Saved to {saved}</span> : null}
          {error ? <span className="error-text" role="alert">{error}</span> : null}
        </div>
      )}
    </div>
  );
}

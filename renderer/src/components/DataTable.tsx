/**
 * A result table with a caption and a "Save as CSV" button. Each column gives its header and how a row
 * shows in it (already formatted text, via format.ts); the CSV holds the text the table shows, except that a
 * number keeps no thousands separators there ("1,234" on screen, 1234 in the CSV).
 */
import { useState, type ReactNode } from 'react';
import { toCsv } from '../../../shared/data/csv-write';
import { plainNumberText } from '../../../presentation/format';
import { fileNameFor } from './csv';
import { saveText } from './save';

export interface TableColumn<Row> {
  header: string;
  cell: (row: Row, index: number) => string;
  /** Numbers align right. */
  numeric?: boolean;
  /** Long text (variable labels) may wrap onto more lines, so the table stays narrow enough to show every column. */
  wrap?: boolean;
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
    rows.map((row, i) => columns.map((c) => plainNumberText(c.cell(row, i)))),
  );
}

/** The class of a column's cells: right-aligned numbers, wrapping text, or none. */
function cellClass<Row>(column: TableColumn<Row>): string | undefined {
  return [column.numeric ? 'num' : '', column.wrap ? 'wrap' : ''].filter(Boolean).join(' ') || undefined;
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
                <th key={c.header} scope="col" className={cellClass(c)}>
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
                  <td key={c.header} className={cellClass(c)}>
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

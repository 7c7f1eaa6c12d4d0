// @vitest-environment jsdom
/** Result tables and their CSV export through file:save. */
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DataTable, tableCsv } from '../../../../renderer/src/components/DataTable';
import { fileNameFor } from '../../../../renderer/src/components/csv';
import { csvCell as csvField, toCsv } from '../../../../shared/data/csv-write';
import { formatNumber } from '../../../../presentation/format';

afterEach(() => {
  cleanup();
  delete window.relapse;
});

const rows = [
  { group: 'clinic 1', median: 428 },
  { group: 'clinic "2", new', median: null as number | null },
];
const columns = [
  { header: 'Group', cell: (r: (typeof rows)[number]) => r.group },
  { header: 'Median (days)', cell: (r: (typeof rows)[number]) => (r.median === null ? 'not reached' : String(r.median)), numeric: true },
];

describe('csv', () => {
  test('RFC 4180 quoting, CRLF lines', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(toCsv(['x', 'y'], [[1, 'a\nb']])).toBe('x,y\r\n1,"a\nb"\r\n');
  });
  test('file names from titles', () => {
    expect(fileNameFor('Time to relapse by clinic', 'svg')).toBe('time-to-relapse-by-clinic.svg');
    expect(fileNameFor('!!!', 'csv')).toBe('export.csv');
  });
  test('the CSV holds the text the table shows', () => {
    expect(tableCsv(columns, rows)).toBe('Group,Median (days)\r\nclinic 1,428\r\n"clinic ""2"", new",not reached\r\n');
  });
  test('numbers shown with thousands separators are plain numbers in the CSV', () => {
    const counts = [{ group: 'mgus2, all', n: 1384, rmst: 12345.67 }];
    const cols = [
      { header: 'Group', cell: (r: (typeof counts)[number]) => r.group },
      { header: 'Participants', cell: (r: (typeof counts)[number]) => formatNumber(r.n), numeric: true },
      { header: 'RMST', cell: (r: (typeof counts)[number]) => formatNumber(r.rmst, 1), numeric: true },
    ];
    expect(cols[1].cell(counts[0])).toBe('1,384');
    expect(tableCsv(cols, counts)).toBe('Group,Participants,RMST\r\n"mgus2, all",1384,12345.7\r\n');
  });
  test('the table CSV escapes cells a spreadsheet would run as formulas; shown numbers stay numbers', () => {
    const hostile = [
      { group: '=HYPERLINK("http://x","y")', median: -0.35 },
      { group: '@SUM(A1)', median: null },
      { group: '+1 555', median: 3 },
      { group: '-2+3', median: -12 },
      { group: '\tx', median: 1 },
      { group: '\r=1', median: 1 },
    ];
    expect(tableCsv(columns, hostile)).toBe(
      'Group,Median (days)\r\n' +
        `"'=HYPERLINK(""http://x"",""y"")",-0.35\r\n"'@SUM(A1)",not reached\r\n"'+1 555",3\r\n"'-2+3",-12\r\n"'\tx",1\r\n"'\r=1",1\r\n`,
    );
  });
});

describe('DataTable', () => {
  test('caption, header cells and a CSV export through the save dialog', async () => {
    const saved: unknown[] = [];
    window.relapse = {
      pathForFile: () => null,
      invoke: (async (channel: string, args: unknown) => {
        saved.push({ channel, args });
        return { ok: true, value: '/tmp/medians.csv' };
      }) as never,
      onProgress: () => () => {},
    };
    render(<DataTable title="Medians" columns={columns} rows={rows} testId="t" />);
    expect(screen.getByRole('table', { name: 'Medians' })).toBeTruthy();
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Group', 'Median (days)']);
    // The accessible name begins with the visible text (label in name) and names the table.
    const save = screen.getByRole('button', { name: 'Save as CSV, table "Medians"' });
    expect(save.textContent!.startsWith('Save as CSV')).toBe(true);
    fireEvent.click(save);
    await waitFor(() => screen.getByText('Saved to /tmp/medians.csv'));
    expect(saved).toEqual([{ channel: 'file:save', args: { suggestedName: 'medians.csv', content: tableCsv(columns, rows), encoding: 'utf8' } }]);
  });

  test('rows that open something are focusable and answer Enter', () => {
    const opened: string[] = [];
    render(<DataTable title="Pairs" columns={columns} rows={rows} onRowActivate={(r) => opened.push(r.group)} exportable={false} />);
    const row = screen.getAllByRole('row')[1];
    expect(row.tabIndex).toBe(0);
    fireEvent.keyDown(row, { key: 'Enter' });
    expect(opened).toEqual(['clinic 1']);
    expect(screen.queryByRole('button')).toBeNull();
  });
});

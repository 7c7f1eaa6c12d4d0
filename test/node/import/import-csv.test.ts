import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCsv, loadCsv, previewCsv } from '../../../node/import';
import { openProject, type Project } from '../../../node/store';
import type { CodedColumn, DataFrame, NumericColumn } from '../../../shared/data/frame';
import { UserFacingError } from '../../../shared/errors';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
let dir: string;
let project: Project;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'import-test-'));
  project = openProject(':memory:');
});
afterEach(() => {
  project.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const num = (frame: DataFrame, name: string) => Array.from((frame.columns.find((c) => c.name === name) as NumericColumn).values);
const text = (frame: DataFrame, name: string) => {
  const c = frame.columns.find((col) => col.name === name) as CodedColumn;
  return Array.from(c.codes, (code) => (code < 0 ? null : c.levels[code]));
};
async function expectUserError(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  expect((error as Error).message).toMatch(pattern);
  expect((error as Error).message).not.toContain('\n');
}

describe('encodings', () => {
  const content = 'name,stadt,n\nJörg,Köln,1\nZoë,Zürich,2\n';
  const utf16be = (s: string) => {
    const le = Buffer.from(s, 'utf16le');
    for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
    return le;
  };
  const variants: [string, Buffer, string][] = [
    ['utf-8', Buffer.from(content, 'utf8'), 'utf-8'],
    ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(content, 'utf8')]), 'utf-8-bom'],
    ['utf-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(content, 'utf16le')]), 'utf-16le'],
    ['utf-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(content)]), 'utf-16be'],
    ['windows-1252', Buffer.from(content, 'latin1'), 'windows-1252'],
  ];
  for (const [label, bytes, encoding] of variants) {
    it(`reads ${label}`, async () => {
      const { frame, report } = await loadCsv(file('enc.csv', bytes));
      expect(report.encoding).toBe(encoding);
      expect(report.columns.map((c) => c.name)).toEqual(['name', 'stadt', 'n']);
      expect(text(frame, 'name')).toEqual(['Jörg', 'Zoë']);
      expect(text(frame, 'stadt')).toEqual(['Köln', 'Zürich']);
      expect(num(frame, 'n')).toEqual([1, 2]);
    });
  }
  it('switches to Windows-1252 when a Latin-1 byte appears after a long UTF-8-clean head', async () => {
    const head = 'id,city\n' + Array.from({ length: 120_000 }, (_, i) => `${i},Berlin`).join('\n') + '\n';
    const tail = Buffer.from('120000,München\n', 'latin1');
    const { frame, report } = await loadCsv(file('late.csv', Buffer.concat([Buffer.from(head), tail])));
    expect(report.rows).toBe(120_001);
    expect(text(frame, 'city')[120_000]).toBe('München');
    expect(text(frame, 'city')[0]).toBe('Berlin');
    expect(report.warnings.join(' ')).toMatch(/not valid UTF-8 throughout/);
  });
});

describe('delimiters, decimal comma, header', () => {
  for (const [label, d] of [['comma', ','], ['semicolon', ';'], ['tab', '\t'], ['pipe', '|']] as const) {
    it(`detects the ${label} delimiter`, async () => {
      const path = file('d.csv', ['id|x|label', '1|2.5|a,b;c', '2|3.5|d'].map((l) => l.replaceAll('|', d).replace('a,b;c', d === ',' ? '"a,b;c"' : 'a,b;c'.replace(d, ' '))).join('\r\n'));
      const { frame, report } = await loadCsv(path);
      expect(report.delimiter).toBe(d);
      expect(num(frame, 'x')).toEqual([2.5, 3.5]);
    });
  }
  it('reads an Excel-style Latin-1 file with ; and a decimal comma, D/M/Y dates and NA codes', async () => {
    const report = await importCsv(project, join(fixtures, 'latin1-semicolon-decimal-comma.csv'));
    expect(report).toMatchObject({ encoding: 'windows-1252', delimiter: ';', decimalComma: true, hasHeader: true, rows: 4, rejectedRows: 0 });
    expect(report.columns.map((c) => [c.name, c.type, c.missing])).toEqual([
      ['id', 'integer', 0],
      ['Vorname', 'text', 0],
      ['gewicht', 'number', 2],
      ['aufnahme', 'date', 1],
      ['rückfall', 'categorical', 0],
    ]);
    const frame = project.readDataset(report.name);
    expect(num(frame, 'gewicht')).toEqual([72.5, NaN, NaN, 80.25]);
    expect(num(frame, 'aufnahme')).toEqual([Date.UTC(2022, 3, 3) / 864e5, Date.UTC(2022, 3, 13) / 864e5, NaN, Date.UTC(2021, 1, 28) / 864e5]);
    expect(report.flaggedIdentifiers).toMatchObject([{ column: 'Vorname', kind: 'name', decision: 'undecided' }]);
  });
  it('uses configurable missing codes', async () => {
    const { frame, report } = await loadCsv(file('na.csv', 'x,y\n1,a\n-99,b\nmissing,c\n4,NA\n'), { naCodes: ['missing'] });
    expect(num(frame, 'x')).toEqual([1, -99, NaN, 4]);
    expect(report.columns[1]).toMatchObject({ name: 'y', missing: 0 });
    expect(report.naCodes).toEqual(['', 'missing']);
  });
  it('detects a file without a header row', async () => {
    const { frame, report } = await loadCsv(file('nh.csv', '1,2.5,2020-01-01\n2,3.5,2020-01-02\n3,4,2020-01-03\n'));
    expect(report.hasHeader).toBe(false);
    expect(report.columns.map((c) => [c.name, c.type])).toEqual([['V1', 'integer'], ['V2', 'number'], ['V3', 'date']]);
    expect(frame.nRows).toBe(3);
  });
});

describe('keepColumns', () => {
  const csv = 'id,site,days,note\np1,north,10,x\np2,south,,y\n"p3, jr",north,7,"a ""q"""\nshort,row\n';
  it('builds only the columns named, with the values and rejections of a full load', async () => {
    const full = await loadCsv(file('keep.csv', csv));
    const seen: string[][] = [];
    const some = await loadCsv(file('keep.csv', csv), {
      keepColumns: (names) => {
        seen.push(names);
        return ['days', 'id'];
      },
    });
    expect(seen).toEqual([['id', 'site', 'days', 'note']]);
    expect(some.frame.columns.map((c) => c.name)).toEqual(['id', 'days']);
    expect(some.frame.columns).toEqual(full.frame.columns.filter((c) => c.name === 'id' || c.name === 'days'));
    expect(num(some.frame, 'days')).toEqual([10, NaN, 7]);
    expect(some.report.rejectedRows).toBe(1);
    expect(some.report.rejections).toEqual(full.report.rejections);
    expect(some.report.droppedColumns).toEqual(['site', 'note']);
  });
  it('reads every column when it names none (null or an empty list)', async () => {
    expect((await loadCsv(file('keep.csv', csv), { keepColumns: () => null })).frame.columns).toHaveLength(4);
    expect((await loadCsv(file('keep.csv', csv), { keepColumns: () => [] })).frame.columns).toHaveLength(4);
  });
});

describe('types', () => {
  it('flags an ambiguous date column, keeps it as text, and reads it as dates once the user chooses the order', async () => {
    const path = file('amb.csv', 'id,visit\n1,03/04/2022\n2,05/06/2022\n3,01/12/2021\n');
    const preview = await previewCsv(path);
    expect(preview.ambiguousDateColumns).toEqual(['visit']);
    const report = await importCsv(project, path);
    expect(report.columns[1]).toMatchObject({ name: 'visit', type: 'text' });
    expect(report.warnings.join(' ')).toMatch(/"visit" holds dates where day and month cannot be told apart/);
    const mdy = await importCsv(project, path, { name: 'mdy', dateOrder: { visit: 'MDY' } });
    expect(mdy.columns[1]).toMatchObject({ type: 'date', dateFormat: 'MDY' });
    expect(num(project.readDataset('mdy'), 'visit')[0]).toBe(Date.UTC(2022, 2, 4) / 864e5);
    expect(mdy.decisions.dateOrder).toEqual({ visit: 'MDY' });
  });
  it('keeps a D/M/Y date column a date when one value is impossible (15/13/2020): that value is missing, named with its line', async () => {
    // Issue 15 item 1: one impossible date used to turn the whole column into text.
    const lines = ['id,intake,discharge'];
    for (let k = 1; k <= 200; k++) lines.push(`${k},${k === 57 ? '15/13/2020' : `${String((k % 28) + 1).padStart(2, '0')}/${String((k % 12) + 1).padStart(2, '0')}/2020`},${String((k % 12) + 1).padStart(2, '0')}/${String((k % 28) + 1).padStart(2, '0')}/2021`);
    const { frame, report } = await loadCsv(file('bad-date.csv', lines.join('\n')));
    expect(report.columns[1]).toMatchObject({ name: 'intake', type: 'date', dateFormat: 'DMY', invalid: 1, missing: 1, invalidExamples: [{ line: 58, value: '15/13/2020' }] });
    expect(report.columns[2]).toMatchObject({ name: 'discharge', type: 'date', dateFormat: 'MDY', invalid: 0 });
    expect(num(frame, 'intake')[56]).toBeNaN();
    expect(num(frame, 'intake')[0]).toBe(Date.UTC(2020, 1, 2) / 864e5);
    // Values that fit one order only, each way, are a conflict: the column is not read as dates.
    const mixed = ['id,visit', ...Array.from({ length: 100 }, (_, k) => `${k},${k % 2 ? '25/01/2020' : '01/25/2020'}`)];
    expect((await loadCsv(file('mixed-date.csv', mixed.join('\n')))).report.columns[1].type).not.toBe('date');
  });
  it('infers integer, number, date (ISO, M/D/Y), boolean, categorical and text', async () => {
    const lines = ['i,n,iso,mdy,b,cat,txt'];
    for (let k = 0; k < 40; k++) lines.push(`${k},${k}.5,2021-01-${String((k % 28) + 1).padStart(2, '0')},12/${(k % 28) + 1}/2021,${k % 2 ? 'TRUE' : 'false'},${['a', 'b', 'c'][k % 3]},word${k}`);
    const { frame, report } = await loadCsv(file('types.csv', lines.join('\n')));
    expect(report.columns.map((c) => c.type)).toEqual(['integer', 'number', 'date', 'date', 'boolean', 'categorical', 'text']);
    expect(report.columns[3].dateFormat).toBe('MDY');
    expect(num(frame, 'b').slice(0, 2)).toEqual([0, 1]);
    expect(num(frame, 'mdy')[0]).toBe(Date.UTC(2021, 11, 1) / 864e5);
  });
  it('turns a value that does not fit its column into missing, counted, with examples and line numbers', async () => {
    const rows = ['id,score'];
    for (let k = 1; k <= 12_000; k++) rows.push(`${k},${k === 11_000 ? 'abc' : k === 11_500 ? '12.5.3' : k}`);
    const { frame, report } = await loadCsv(file('bad.csv', rows.join('\n')));
    expect(report.columns[1]).toMatchObject({ type: 'integer', invalid: 2, missing: 2, invalidExamples: [{ line: 11_001, value: 'abc' }, { line: 11_501, value: '12.5.3' }] });
    expect(num(frame, 'score')[10_999]).toBeNaN();
    expect(report.rows).toBe(12_000);
  });
  it('promotes an integer column to number when a decimal value appears after the sample', async () => {
    const rows = ['x'];
    for (let k = 1; k <= 11_000; k++) rows.push(k === 10_500 ? '2.25' : String(k));
    const { frame, report } = await loadCsv(file('promote.csv', rows.join('\n')));
    expect(report.columns[0]).toMatchObject({ type: 'number', invalid: 0 });
    expect(report.columns[0].notes[0]).toMatch(/line 10501/);
    expect(num(frame, 'x')[10_499]).toBe(2.25);
  });
  it('keeps formula-like cells as text', async () => {
    const { frame, report } = await loadCsv(join(fixtures, 'formulas.csv'));
    // '-5' and '+3' are numbers, not formulas; '-2+3' is not a number, so the column is text
    expect(report.columns.map((c) => c.type)).toEqual(['integer', 'text', 'integer']);
    expect(text(frame, 'formula')).toEqual(['=HYPERLINK("http://evil")', '@SUM(A1)', '-2+3']);
    expect(num(frame, 'amount')).toEqual([-5, 3, 7]);
  });
});

describe('identifier screening', () => {
  it('flags identifiers by name and content; dropped columns are never stored, decisions are reported', async () => {
    const rows = ['pid,contact,tel,ssn_like,postcode,home,client,birth_date,age'];
    const names = ['Anna Berg', 'Jonas Meier', 'Li Wei', 'Maria Lopez'];
    for (let k = 0; k < 4; k++) rows.push(`P${k},p${k}@mail.example.org,+44 20 7946 09${k}${k},123-45-678${k},SW1A ${k}AA,${k + 10} Baker Street,${names[k]},1980-01-0${k + 1},${30 + k}`);
    const path = file('ids.csv', rows.join('\n'));
    const preview = await previewCsv(path);
    expect(preview.flaggedIdentifiers.map((f) => [f.column, f.kind])).toEqual([
      ['contact', 'email'],
      ['tel', 'phone'],
      ['ssn_like', 'national-id'],
      ['postcode', 'postcode'],
      ['home', 'address'],
      ['client', 'name'],
      ['birth_date', 'date-of-birth'],
    ]);
    const report = await importCsv(project, path, { dropColumns: ['contact', 'tel', 'ssn_like', 'home', 'client', 'birth_date'], confirmIdentifiers: ['postcode'] });
    expect(report.droppedColumns).toEqual(['contact', 'tel', 'ssn_like', 'home', 'client', 'birth_date']);
    expect(report.flaggedIdentifiers.find((f) => f.column === 'postcode')?.decision).toBe('confirmed');
    expect(report.flaggedIdentifiers.find((f) => f.column === 'contact')?.decision).toBe('dropped');
    expect(project.readDataset(report.name).columns.map((c) => c.name)).toEqual(['pid', 'postcode', 'age']);
    expect(project.auditLog().at(-1)?.details).toMatchObject({ droppedColumns: report.droppedColumns });
  });
});

describe('bad input', () => {
  it('rejects ragged rows with a reason and counts every record', async () => {
    const report = await importCsv(project, join(fixtures, 'ragged.csv'));
    expect(report.rows).toBe(2);
    expect(report.rejectedRows).toBe(2);
    expect(report.rejections.examples.map((r) => r.reason)).toEqual(['line 3: expected 3 fields, found 2', 'line 4: expected 3 fields, found 4']);
    expect(project.rejectedRecords(report.name).map((r) => r.raw)).toEqual(['4,5', '6,7,8,9']);
  });
  it('rejects a record with an unbalanced quote', async () => {
    const report = await importCsv(project, join(fixtures, 'unbalanced-quote.csv'));
    // the quote opened on line 2 is never closed, so the rest of the file is one record, rejected
    expect([report.rows, report.rejectedRows]).toEqual([0, 1]);
    expect(report.rejections.examples[0].reason).toMatch(/^line 2: unbalanced quote/);
    expect(project.rejectedRecords(report.name)[0].raw).toBe('1,open\n2,3\n4,5\n');
  });
  it('counts lines across a quoted multi-line field', async () => {
    const report = await importCsv(project, join(fixtures, 'multiline.csv'));
    expect(report.rows).toBe(2);
    expect(report.rejections.examples[0].reason).toBe('line 4: expected 3 fields, found 2');
    expect(text(project.readDataset(report.name), 'note')).toEqual(['two\nlines', 'ok']);
  });
  it('rejects a record with a NUL byte; refuses a binary file', async () => {
    const report = await importCsv(project, join(fixtures, 'nul-byte.csv'));
    expect([report.rows, report.rejectedRows]).toEqual([2, 1]);
    expect(report.rejections.examples[0].reason).toBe('line 3: NUL byte in field 2');
    await expectUserError(loadCsv(file('bin.csv', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)))), /bin\.csv: line \d+: this looks like a binary file/);
  });
  it('renames duplicate and blank headers and says so', async () => {
    const report = await importCsv(project, join(fixtures, 'duplicate-blank-headers.csv'));
    expect(report.columns.map((c) => c.name)).toEqual(['a', 'a_2', 'V3', 'b']);
    expect(report.warnings).toEqual([
      'duplicate-blank-headers.csv: line 1, column 3: blank header, named "V3"',
      'duplicate-blank-headers.csv: line 1, column 2: duplicate header "a", renamed "a_2"',
    ]);
  });
  it('imports a 5,000-column file', async () => {
    const header = Array.from({ length: 5000 }, (_, j) => `c${j}`).join(',');
    const rows = Array.from({ length: 50 }, (_, r) => Array.from({ length: 5000 }, (_, j) => r + j).join(','));
    const report = await importCsv(project, file('wide.csv', [header, ...rows].join('\n')));
    expect(report.columns).toHaveLength(5000);
    expect(report.rows).toBe(50);
    expect(num(project.readDataset(report.name), 'c4999')[49]).toBe(49 + 4999);
  });
  it('imports a 10 MB field', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const report = await importCsv(project, file('big.csv', `id,note\n1,"${big}"\n2,short\n`));
    expect(report.rows).toBe(2);
    expect(text(project.readDataset(report.name), 'note')[0]).toHaveLength(big.length);
  });
  it('gives one-line errors for an xlsx renamed to .csv, an empty file, a header-only file, a directory and a missing path', async () => {
    await expectUserError(loadCsv(join(fixtures, 'workbook-renamed.csv')), /workbook-renamed\.csv: line 1: this is an Excel workbook \(\.xlsx\)/);
    await expectUserError(loadCsv(file('empty.csv', '')), /empty\.csv: the file is empty/);
    await expectUserError(loadCsv(file('blank.csv', '\n\n  \n')), /blank\.csv: the file is empty/);
    await expectUserError(loadCsv(file('header.csv', 'a,b\n')), /header\.csv: line 2: the file has a header but no data records/);
    mkdirSync(join(dir, 'folder.csv'));
    await expectUserError(loadCsv(join(dir, 'folder.csv')), /folder\.csv: is a directory/);
    await expectUserError(loadCsv(join(dir, 'nope.csv')), /nope\.csv: no such file/);
    await expectUserError(loadCsv(file('ok.csv', 'a\n1\n'), { dropColumns: ['zz'] }), /ok\.csv: no column named "zz"/);
    expect(project.listDatasets()).toEqual([]);
  });
});

describe('preview, progress, cancel, atomicity', () => {
  it('previews the first rows as parsed with types, before anything is stored', async () => {
    const preview = await previewCsv(join(fixtures, 'latin1-semicolon-decimal-comma.csv'), { rows: 2 });
    expect(preview.rows).toEqual([
      [1, 'Jörg', 72.5, '2022-04-03', 'ja'],
      [2, 'Renée', null, '2022-04-13', 'nein'],
    ]);
    expect(preview.lines).toEqual([2, 3]);
    expect(preview.columns.map((c) => c.type)).toEqual(['integer', 'text', 'number', 'date', 'categorical']);
  });
  it('reports progress and keeps the project unchanged when cancelled or failing', async () => {
    const first = await importCsv(project, file('first.csv', 'a\n1\n2\n'));
    const big = file('big.csv', 'id,x\n' + Array.from({ length: 300_000 }, (_, i) => `${i},${i % 7}`).join('\n'));
    const controller = new AbortController();
    const seen: number[] = [];
    const attempt = importCsv(project, big, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.rows);
        if (p.rows > 50_000) controller.abort();
      },
    });
    await expectUserError(attempt, /big\.csv: import cancelled/);
    expect(seen.length).toBeGreaterThan(1);
    expect(project.listDatasets().map((d) => d.name)).toEqual([first.name]);
    expect(project.auditLog().filter((e) => e.action === 'import')).toHaveLength(1);
    const again = await importCsv(project, big, { onProgress: (p) => seen.push(p.bytes) });
    expect(again.rows).toBe(300_000);
    expect(again.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(project.readDataset(first.name).nRows).toBe(2);
  });
});

describe('records past the sample (read by the field scanner where the text has no quotes)', () => {
  for (const newline of ['\n', '\r\n']) {
    it(`gives the same values, counts, lines and rejections (${JSON.stringify(newline)} line breaks)`, async () => {
      const n = 60_000;
      const lines = ['id,x,day,flag,group,k'];
      const expected = { id: [] as number[], x: [] as number[], day: [] as number[], flag: [] as number[], group: [] as (string | null)[], k: [] as number[] };
      let fileLine = 1;
      const rejectedLines: number[] = [];
      for (let i = 1; i <= n; i++) {
        fileLine++;
        if (i === 30_000) {
          lines.push(`${i},1,2020-01-01,yes`); // too few fields
          rejectedLines.push(fileLine);
          continue;
        }
        if (i === 45_000) {
          lines.push(''); // a blank line counts for line numbers only
          fileLine++;
        }
        const x = i === 41_000 ? 'abc' : i % 97 === 0 ? 'NA' : i % 89 === 0 ? ` ${i / 4} ` : `${i / 4}`;
        const day = i === 52_000 ? '2021-02-30' : i % 83 === 0 ? '' : `2021-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`;
        const flag = ['yes', 'no', 'TRUE', 'f'][i % 4];
        const group = i % 71 === 0 ? '' : i % 5 === 0 ? ' b ' : ['a', 'b', 'c'][i % 3];
        const k = i === 40_000 ? '2.5' : String(i % 1000);
        lines.push([i, x, day, flag, group, k].join(','));
        expected.id.push(i);
        expected.x.push(x.trim() === 'NA' || x === 'abc' ? NaN : Number(x));
        const [y, m, d] = day.split('-').map(Number);
        expected.day.push(day === '' || i === 52_000 ? NaN : Date.UTC(y, m - 1, d) / 864e5);
        expected.flag.push(flag === 'yes' || flag === 'TRUE' ? 1 : 0);
        expected.group.push(group === '' ? null : group.trim());
        expected.k.push(Number(k));
      }
      const path = file('past-sample.csv', lines.join(newline) + newline);
      const report = await importCsv(project, path);
      expect(report.rows).toBe(n - 1);
      expect(report.rejectedRows).toBe(1);
      expect(report.rejections.examples.map((r) => r.reason)).toEqual([`line ${rejectedLines[0]}: expected 6 fields, found 4`]);
      expect(project.rejectedRecords(report.name).map((r) => r.raw)).toEqual(['30000,1,2020-01-01,yes']);
      expect(report.columns.map((c) => [c.name, c.type])).toEqual([['id', 'integer'], ['x', 'number'], ['day', 'date'], ['flag', 'boolean'], ['group', 'categorical'], ['k', 'number']]);
      // record i is on line i + 1 (the header is line 1), one further down after the blank line before record 45,000
      expect(report.columns[1]).toMatchObject({ invalid: 1, invalidExamples: [{ line: 41_001, value: 'abc' }] });
      expect(report.columns[1].missing).toBe(expected.x.filter((v) => Number.isNaN(v)).length);
      expect(report.columns[2]).toMatchObject({ invalid: 1, invalidExamples: [{ line: 52_002, value: '2021-02-30' }] });
      expect(report.columns[4].missing).toBe(expected.group.filter((v) => v === null).length);
      expect(report.columns[5].notes).toEqual(['became a number column at line 40001 (value "2.5")']);
      const frame = project.readDataset(report.name);
      expect(num(frame, 'id')).toEqual(expected.id);
      expect(num(frame, 'x')).toEqual(expected.x);
      expect(num(frame, 'day')).toEqual(expected.day);
      expect(num(frame, 'flag')).toEqual(expected.flag);
      expect(text(frame, 'group')).toEqual(expected.group);
      expect(num(frame, 'k')).toEqual(expected.k);
      const loaded = await loadCsv(path);
      expect(loaded.report.rows).toBe(n - 1);
      expect(text(loaded.frame, 'group')).toEqual(expected.group);
      expect(num(loaded.frame, 'day')).toEqual(expected.day);
    });
  }
});

describe('loadCsv', () => {
  it('gives the frame an import into a project reads back, also when the file holds far more records than its sample suggests', async () => {
    // long records first (the estimate of records to come is taken from them), then many short ones
    const rows = ['id,note,x,g'];
    for (let i = 0; i < 12_000; i++) rows.push(`${i},${'n'.repeat(150)}${i % 3},${i / 8},${'abc'[i % 3]}`);
    for (let i = 12_000; i < 200_000; i++) rows.push(`${i},s${i % 5},${i % 11 === 0 ? '' : -i / 4},${'abcd'[i % 4]}`);
    const path = file('grow.csv', rows.join('\n') + '\n');
    const report = await importCsv(project, path);
    const stored = project.readDataset(report.name);
    const { frame, report: loadedReport } = await loadCsv(path);
    expect(loadedReport.rows).toBe(200_000);
    expect(frame.nRows).toBe(200_000);
    expect(frame.columns.map((c) => [c.name, c.type])).toEqual(stored.columns.map((c) => [c.name, c.type]));
    for (const name of ['id', 'x']) expect(num(frame, name)).toEqual(num(stored, name));
    for (const name of ['note', 'g']) expect(text(frame, name)).toEqual(text(stored, name));
    expect(num(frame, 'x')[199_999]).toBe(-199_999 / 4);
  });
  it('stores the dataset with the same import time as its report', async () => {
    const report = await importCsv(project, file('t.csv', 'a\n1\n'));
    expect(project.listDatasets()[0].importedAt).toBe(report.importedAt);
  });
});

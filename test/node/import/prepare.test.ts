/**
 * prepare.ts's second read: where the first data record starts (`dataStart`, read off the file's head), and
 * `readDataAgain`, which reads the data records again from there with the field scanner on instead of
 * handing the sample's records on as strings. The records, their lines and the file's SHA-256 must be
 * exactly those of the first read; the expected values below are built from the text the test writes.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CodedColumn, NumericColumn } from '../../../shared/data/frame';
import { loadCsv } from '../../../node/import/import-csv';
import { fieldText } from '../../../node/import/field-table';
import { prepareImport, readDataAgain } from '../../../node/import/prepare';

const dir = mkdtempSync(join(tmpdir(), 'prepare-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, contents: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, contents);
  return file;
}

async function dataStartOf(name: string, contents: string | Buffer, header?: boolean) {
  const prepared = await prepareImport(write(name, contents), header === undefined ? {} : { header });
  await prepared.rest.return(undefined);
  return prepared.dataStart;
}

const HEADER = 'id,site,score';
const rows = (n: number) => Array.from({ length: n }, (_, i) => `P${i + 1},${['A', 'B', 'C'][i % 3]},${(i % 50) / 4}`);

describe('dataStart: the first data record, read off the head', () => {
  it('after the header line (LF): the header has 13 characters and a line break', async () => {
    expect(await dataStartOf('lf.csv', [HEADER, ...rows(5)].join('\n') + '\n')).toEqual({ offset: 14, line: 2 });
  });

  it('after a BOM and a CRLF header: 3 + 13 + 2 bytes', async () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([HEADER, ...rows(5)].join('\r\n') + '\r\n')]);
    expect(await dataStartOf('bom-crlf.csv', text)).toEqual({ offset: 18, line: 2 });
  });

  it('at the start when there is no header (after its BOM, if any)', async () => {
    expect(await dataStartOf('nohead.csv', rows(5).join('\n') + '\n', false)).toEqual({ offset: 0, line: 1 });
  });

  it('none when the header has a quote (it might span lines) or a blank line follows it', async () => {
    expect(await dataStartOf('quoted.csv', ['id,"site",score', ...rows(5)].join('\n') + '\n')).toBeNull();
    expect(await dataStartOf('blank.csv', [HEADER, '', ...rows(5)].join('\n') + '\n')).toBeNull();
    expect(await dataStartOf('leading-blank.csv', ['', HEADER, ...rows(5)].join('\n') + '\n')).toBeNull();
  });

  it('none for UTF-16, whose line break is two bytes', async () => {
    const text = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([HEADER, ...rows(5)].join('\n') + '\n', 'utf16le')]);
    expect(await dataStartOf('utf16.csv', text)).toBeNull();
  });
});

describe('readDataAgain', () => {
  // 60,000 records of about 15 bytes: the sample (10,000 records, read in 256 KB chunks) does not reach the end
  const data = rows(60_000);
  data[4] = 'P5,A'; // line 6: too few fields
  data[99] = 'P100,"B, or C",1.5'; // line 101: a quoted field with the delimiter
  data[40_000] = 'P40001,A,2,extra'; // line 40,002: too many fields
  const text = [HEADER, ...data].join('\n') + '\n';

  it('gives every data record again, on its line, and the whole file\'s SHA-256', async () => {
    const file = write('again.csv', text);
    const prepared = await prepareImport(file);
    expect(prepared.buffered.rows.length).toBeGreaterThanOrEqual(10_000);
    expect(prepared.progress.bytesRead).toBeLessThan(text.length);
    prepared.fieldScan.width = 3;
    expect(await readDataAgain(prepared)).toBe(true);
    expect(prepared.buffered.rows).toEqual([]);
    const records: { line: number; fields: string[] }[] = [];
    for await (const batch of prepared.rest) {
      batch.rows.forEach((fields, r) => records.push({ line: batch.lines[r], fields }));
      const table = batch.fields;
      if (!table) continue;
      for (let r = 0; r < table.nRows; r++) records.push({ line: table.lines[r], fields: [0, 1, 2].map((f) => fieldText(table, r, f)) });
    }
    records.sort((a, b) => a.line - b.line);
    expect(records).toHaveLength(60_000);
    expect(records[0]).toEqual({ line: 2, fields: ['P1', 'A', '0'] });
    expect(records[4]).toEqual({ line: 6, fields: ['P5', 'A'] });
    expect(records[99]).toEqual({ line: 101, fields: ['P100', 'B, or C', '1.5'] });
    expect(records[40_000]).toEqual({ line: 40_002, fields: ['P40001', 'A', '2', 'extra'] });
    expect(records[59_999]).toEqual({ line: 60_001, fields: ['P60000', 'C', String((59_999 % 50) / 4)] });
    expect(prepared.progress.bytesRead).toBe(text.length);
    expect(prepared.progress.sha256).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('leaves the sample in place when the data\'s start is not plain', async () => {
    const prepared = await prepareImport(write('again-quoted-header.csv', ['id,"site",score', ...data].join('\n') + '\n'));
    const sampled = prepared.buffered.rows.length;
    expect(await readDataAgain(prepared)).toBe(false);
    expect(prepared.buffered.rows.length).toBe(sampled);
    await prepared.rest.return(undefined);
  });

  it('an import of the file rejects the sample\'s bad records on their lines and keeps the rest', async () => {
    const { frame, report } = await loadCsv(write('again-import.csv', text));
    expect(report.rows).toBe(59_998);
    expect(report.rejectedRows).toBe(2);
    expect(report.rejections.examples.map((e) => e.line)).toEqual([6, 40_002]);
    expect(report.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    const site = frame.columns.find((c) => c.name === 'site') as CodedColumn;
    const score = frame.columns.find((c) => c.name === 'score') as NumericColumn;
    expect([site.type, score.type]).toEqual(['categorical', 'number']);
    // line 101 is the 99th record kept (line 6 was rejected): its quoted site, and its score
    expect(site.levels[site.codes[98]]).toBe('B, or C');
    expect(score.values[98]).toBe(1.5);
    expect(score.values[59_997]).toBe((59_999 % 50) / 4);
  });
});

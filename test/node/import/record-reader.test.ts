import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { fieldText } from '../../../node/import/field-table';
import { readRecords, type ReaderProgress } from '../../../node/import/record-reader';

const dir = mkdtempSync(join(tmpdir(), 'reader-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every record the reader gives (scanner tables and plain arrays alike), in line order. */
async function readAll(text: string, newline: '\n' | '\r\n', chunkBytes: number, width: number) {
  const file = join(dir, `r-${chunkBytes}.csv`);
  writeFileSync(file, text);
  const progress: ReaderProgress = { bytesRead: 0, totalBytes: text.length, sha256: null, decoder: null };
  const out: { line: number; fields: string[] }[] = [];
  const reader = readRecords(
    { file, label: 'r.csv', totalBytes: text.length, encoding: { encoding: 'utf-8', bomLength: 0 }, delimiter: ',', newline, chunkBytes, fieldScan: { width } },
    progress,
  );
  let scanned = 0;
  for await (const batch of reader) {
    batch.rows.forEach((fields, r) => out.push({ line: batch.lines[r], fields }));
    const table = batch.fields;
    if (!table) continue;
    for (let r = 0; r < table.nRows; r++) {
      const fields: string[] = [];
      for (let f = 0; f < width; f++) fields.push(fieldText(table, r, f));
      out.push({ line: table.lines[r], fields });
      scanned++;
    }
  }
  return { records: out.sort((a, b) => a.line - b.line), scanned };
}

describe('record reader', () => {
  for (const newline of ['\n', '\r\n'] as const) {
    it(`gives the records and lines papaparse gives for the whole text, whatever the chunk size (${JSON.stringify(newline)})`, async () => {
      const lines: string[] = [];
      for (let i = 0; i < 300; i++) {
        if (i % 37 === 5) lines.push('');
        else if (i % 41 === 7) lines.push(`${i},short`);
        else if (i === 150) lines.push(`${i},"quoted, with a delimiter",x`);
        else if (i >= 200 && i < 230) lines.push(`${i},Zoë,Müller`); // chunks with non-ASCII text take the string scanner
        else lines.push(`${i},v${i % 7},${'w'.repeat(i % 13)}`);
      }
      const text = lines.join(newline) + (newline === '\n' ? '' : newline);
      const expected: { line: number; fields: string[] }[] = [];
      Papa.parse<string[]>(text, { delimiter: ',', newline, quoteChar: '"' }).data.forEach((fields, k) => {
        if (!(fields.length === 1 && fields[0] === '')) expected.push({ line: k + 1, fields });
      });
      for (const chunkBytes of [1, 2, 3, 7, 64, 1000, 1 << 20]) {
        const { records, scanned } = await readAll(text, newline, chunkBytes, 3);
        expect(records, `chunks of ${chunkBytes} bytes`).toEqual(expected);
        // a chunk holding the quote (the whole file, for the largest chunks) goes through papaparse;
        // with small chunks, nearly every record goes through the scanner
        if (chunkBytes <= 64) expect(scanned, `chunks of ${chunkBytes} bytes`).toBeGreaterThan(250);
        else if (chunkBytes > text.length) expect(scanned).toBeLessThanOrEqual(1); // at most the last record, carried to the end
      }
    });
  }
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, type CsvParserOptions, type CsvRecord } from './csv-parser.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function parse(input: string | Uint8Array, chunkSizes: number[] = [], options: CsvParserOptions = {}) {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  const parser = new CsvParser(options);
  const records: CsvRecord[] = [];
  let offset = 0;
  let turn = 0;
  while (offset < bytes.length) {
    const size = chunkSizes.length > 0 ? (chunkSizes[turn++ % chunkSizes.length] ?? 1) : bytes.length;
    records.push(...parser.push(bytes.subarray(offset, offset + Math.max(1, size))));
    offset += Math.max(1, size);
  }
  records.push(...parser.end());
  return records;
}

const texts = (records: CsvRecord[]) => records.map((record) => record.fields.map((f) => decoder.decode(f)));

function toCsv(rows: string[][], lineBreak: string): string {
  return rows
    .map((row) =>
      row
        .map((cell) => (/[",\r\n]/.test(cell) || cell === '' ? `"${cell.replace(/"/g, '""')}"` : cell))
        .join(','),
    )
    .join(lineBreak);
}

describe('CsvParser', () => {
  it('reads RFC 4180: quotes, escaped quotes, delimiters and line breaks inside quotes, CRLF', () => {
    const records = parse(
      'email,name\r\n"a@x.org","Ann ""The Stone"" Lee"\r\nb@x.org,"Line 1\nLine 2, still"\r\n',
    );
    expect(texts(records)).toEqual([
      ['email', 'name'],
      ['a@x.org', 'Ann "The Stone" Lee'],
      ['b@x.org', 'Line 1\nLine 2, still'],
    ]);
    expect(records.map((record) => record.number)).toEqual([1, 2, 3]);
  });

  it('gives the same records whatever the chunking, for any table (property)', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'é', '"', ',', '\n', '\r', ' ', '€', '𝄞', 'z'),
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('\n', '\r\n'),
        (rows, chunks, lineBreak) => {
          const csv = toCsv(rows, lineBreak);
          expect(texts(parse(csv, chunks))).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('skips blank lines but counts them, so numbers match the spreadsheet rows', () => {
    const records = parse('h\n\na\n\r\nb');
    expect(texts(records)).toEqual([['h'], ['a'], ['b']]);
    expect(records.map((record) => record.number)).toEqual([1, 3, 5]);
    // A line of one empty quoted field is a record, not a blank line.
    expect(texts(parse('h\n""\n'))).toEqual([['h'], ['']]);
  });

  it('drops a UTF-8 byte order mark, even split across chunks, and keeps bytes that only look like one', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('email\nx')]);
    expect(texts(parse(withBom, [1]))).toEqual([['email'], ['x']]);
    expect(texts(parse(withBom, [2, 5]))).toEqual([['email'], ['x']]);
    const notBom = new Uint8Array([0xef, 0x41]);
    expect(parse(notBom, [1])[0]?.fields[0]).toEqual(new Uint8Array([0xef, 0x41]));
    expect(parse(new Uint8Array([0xef]))[0]?.fields[0]).toEqual(new Uint8Array([0xef]));
  });

  it('cuts an oversized field and reports it, without holding it in memory, then goes on', () => {
    const huge = 'x'.repeat(100_000);
    const records = parse(`a,b\n1,"${huge}"\n2,ok\n`, [4096], { maxFieldBytes: 1000 });
    expect(records[1]?.oversized).toEqual([1]);
    expect(records[1]?.fields[1]?.length).toBe(1000);
    expect(texts(records)[2]).toEqual(['2', 'ok']);
  });

  it('reports text after a closing quote, an unclosed quote at the end, and too many fields', () => {
    const records = parse('a,b\n"x"y,2\n3,4\n', [], { maxFields: 3 });
    expect(records[1]?.malformed).toMatch(/after the closing quote/);
    expect(texts(records)[1]).toEqual(['xy', '2']);
    expect(records[2]?.malformed).toBeUndefined();
    const open = parse('a\n"never closed\nmore');
    expect(open[1]?.malformed).toMatch(/never closed/);
    expect(parse('1,2,3,4,5', [], { maxFields: 3 })[0]).toMatchObject({ tooManyFields: true });
  });

  it('keeps a quote inside an unquoted field and bytes that are not UTF-8 as they are', () => {
    expect(texts(parse('5" screen,b'))).toEqual([['5" screen', 'b']]);
    const latin1 = new Uint8Array([0x4a, 0x6f, 0x73, 0xe9, 0x2c, 0x41]); // "José,A" in Latin-1
    expect(parse(latin1)[0]?.fields[0]).toEqual(new Uint8Array([0x4a, 0x6f, 0x73, 0xe9]));
  });
});

import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAppError } from '../../../test/support/expect-app-error.js';
import { AppError } from '../../errors.js';
import { detectContainerType, detectImageType, extractCredential } from './extract.js';
import { extractFromPdf, hasPdfSignature, listPdfAttachments } from './pdf.js';

const CREDENTIAL = JSON.stringify({
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Ünïcödé 日本語 (parens) \\ backslash',
});
const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl';
const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
const utf8 = (text: string) => new TextEncoder().encode(text);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

type FileSpec = { name: string; data: Uint8Array; subtype?: string; compress?: boolean; hexName?: boolean };

/** A minimal PDF with the given attachments in an EmbeddedFiles name tree, written by hand. */
function makePdf(files: FileSpec[], options: { objectStream?: boolean; eof?: boolean } = {}): Uint8Array {
  const parts: Uint8Array[] = [latin1('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n')];
  let next = 3;
  const names: string[] = [];
  const specs: string[] = [];
  const bodies: Uint8Array[] = [];
  for (const file of files) {
    const streamNum = next++;
    const specNum = next++;
    const data = file.compress ? deflateSync(file.data) : file.data;
    const filter = file.compress ? ' /Filter /FlateDecode' : '';
    const subtype = file.subtype ? ` /Subtype /${file.subtype.replace('/', '#2F')}` : '';
    bodies.push(
      concat(
        latin1(
          `${streamNum} 0 obj\n<< /Type /EmbeddedFile${subtype} /Length ${data.length}${filter} >>\nstream\n`,
        ),
        data,
        latin1('\nendstream\nendobj\n'),
      ),
    );
    const nameLiteral = file.hexName
      ? `<FEFF${[...file.name].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('')}>`
      : `(${file.name})`;
    specs.push(
      `${specNum} 0 obj\n<< /Type /Filespec /F ${nameLiteral} /UF ${nameLiteral} /EF << /F ${streamNum} 0 R >> /AFRelationship /Source >>\nendobj\n`,
    );
    names.push(`${nameLiteral} ${specNum} 0 R`);
  }
  const catalog = `1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [${names.join(' ')}] >> >> >>\nendobj\n`;
  const pages = '2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n';
  parts.push(latin1(catalog), latin1(pages), ...bodies);
  if (options.objectStream) {
    // The file specifications inside a compressed object stream, as PDF 1.5+ writers do.
    const objects = specs.map((spec) => spec.replace(/^\d+ 0 obj\n/, '').replace(/endobj\n$/, ''));
    const numbers = specs.map((spec) => Number(spec.split(' ')[0]));
    let header = '';
    let body = '';
    for (const [index, object] of objects.entries()) {
      header += `${numbers[index]} ${body.length} `;
      body += object;
    }
    const content = deflateSync(latin1(header + body));
    parts.push(
      concat(
        latin1(
          `${next} 0 obj\n<< /Type /ObjStm /N ${objects.length} /First ${header.length} /Filter /FlateDecode /Length ${content.length} >>\nstream\n`,
        ),
        content,
        latin1('\nendstream\nendobj\n'),
      ),
    );
  } else {
    parts.push(...specs.map(latin1));
  }
  parts.push(latin1('trailer\n<< /Root 1 0 R >>\n'));
  if (options.eof !== false) {
    parts.push(latin1('%%EOF\n'));
  }
  return concat(...parts);
}

describe('extractFromPdf', () => {
  it('reads a credential.json attachment, compressed or not', () => {
    for (const compress of [false, true]) {
      const pdf = makePdf([
        { name: 'credential.json', data: utf8(CREDENTIAL), subtype: 'application/ld+json', compress },
      ]);
      expect(extractFromPdf(pdf)).toEqual({ obVersion: '3.0', kind: 'json', text: CREDENTIAL });
    }
  });

  it('reads file specifications inside a compressed object stream, and UTF-16 file names', () => {
    const pdf = makePdf(
      [{ name: 'credential.json', data: utf8(CREDENTIAL), compress: true, hexName: true }],
      {
        objectStream: true,
      },
    );
    expect(listPdfAttachments(pdf)).toMatchObject([{ name: 'credential.json', relationship: 'Source' }]);
    expect(extractFromPdf(pdf).text).toBe(CREDENTIAL);
  });

  it('picks the credential among other attachments, and reads a JWT', () => {
    const pdf = makePdf([
      { name: 'notes.txt', data: utf8('hello') },
      { name: 'data.json', data: utf8('{"not":"a credential"}'), subtype: 'application/json' },
      { name: 'credential.jwt', data: utf8(JWT), compress: true },
    ]);
    expect(extractFromPdf(pdf)).toEqual({ obVersion: '3.0', kind: 'jwt', text: JWT });
    expect(listPdfAttachments(pdf).map((file) => file.name)).toEqual([
      'notes.txt',
      'data.json',
      'credential.jwt',
    ]);
  });

  it('dispatches through extractCredential and detectContainerType', () => {
    const pdf = makePdf([{ name: 'credential.json', data: utf8(CREDENTIAL), compress: true }]);
    expect(hasPdfSignature(pdf)).toBe(true);
    expect(detectContainerType(pdf)).toBe('pdf');
    expect(detectImageType(pdf)).toBeUndefined();
    expect(extractCredential(pdf).text).toBe(CREDENTIAL);
  });

  it('says PDF_NO_CREDENTIAL for a PDF without one, naming what it has', () => {
    expectAppError(() => extractFromPdf(makePdf([])), 'PDF_NO_CREDENTIAL', /no embedded files/);
    expectAppError(
      () => extractFromPdf(makePdf([{ name: 'notes.txt', data: utf8('hello') }])),
      'PDF_NO_CREDENTIAL',
      /notes\.txt/,
    );
  });

  it('says PDF_INVALID for damaged data: a corrupt stream, a truncated file, no objects', () => {
    const pdf = makePdf([{ name: 'credential.json', data: utf8(CREDENTIAL.repeat(20)), compress: true }]);
    const start = new TextDecoder('latin1').decode(pdf).indexOf('stream\n') + 'stream\n'.length;
    const corrupt = pdf.slice();
    for (let i = start + 10; i < start + 40; i++) {
      corrupt[i] = 0xff;
    }
    expectAppError(() => extractFromPdf(corrupt), 'PDF_INVALID', /does not inflate/);
    expectAppError(() => extractFromPdf(pdf.subarray(0, start + 30)), 'PDF_INVALID');
    expectAppError(
      () => extractFromPdf(latin1('%PDF-1.7\nnothing here\n%%EOF')),
      'PDF_INVALID',
      /no objects/,
    );
    expectAppError(() => extractFromPdf(utf8('{}')), 'PDF_INVALID', /PDF header/);
  });

  it('only ever throws AppError on random bytes after a PDF header, and on mangled PDFs', () => {
    const pdf = makePdf([{ name: 'credential.json', data: utf8(CREDENTIAL), compress: true }], {
      objectStream: true,
    });
    const inputs = fc.oneof(
      fc.uint8Array({ maxLength: 512 }).map((tail) => concat(latin1('%PDF-1.4\n'), tail)),
      fc.string({ maxLength: 300 }).map((text) => latin1(`%PDF-1.4\n1 0 obj\n${text}`)),
      fc
        .tuple(fc.nat({ max: pdf.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.nat({ max: pdf.length }))
        .map(([index, byte, cut]) => {
          const mangled = pdf.slice(0, Math.max(cut, 20));
          if (index < mangled.length) {
            mangled[index] = byte;
          }
          return mangled;
        }),
    );
    fc.assert(
      fc.property(inputs, (bytes) => {
        try {
          extractFromPdf(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 1500 },
    );
  });
});

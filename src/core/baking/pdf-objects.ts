/**
 * Just enough of PDF's object syntax (ISO 32000-2 §7.3) to find a document's embedded files: a tokenizer
 * and parser for direct objects, a scan for indirect objects (`N G obj … endobj`, including those inside
 * compressed object streams), and the stream filters files are stored with.
 *
 * It does not read the cross-reference table: it scans the whole file, so it also reads files whose
 * offsets are wrong, and a later definition of an object (an incremental update) replaces an earlier one.
 */
import { AppError } from '../../errors.js';
import { InflateError, inflateZlib } from '../encoding/inflate.js';

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfString {
  constructor(readonly bytes: Uint8Array) {}
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

export class PdfDict {
  constructor(readonly entries: Map<string, PdfValue>) {}
  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }
}

export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfValue[];

/** A stream's dictionary and where its raw (still encoded) bytes sit in the file. */
export type PdfStream = { dict: PdfDict; data: Uint8Array };

export type PdfObject = { value: PdfValue; stream?: PdfStream };

/** Every indirect object of a file, by object number. */
export type PdfObjects = Map<number, PdfObject>;

const MAX_DEPTH = 64;

function isWhitespace(byte: number): boolean {
  return byte === 0 || byte === 9 || byte === 10 || byte === 12 || byte === 13 || byte === 32;
}

function isDelimiter(byte: number): boolean {
  // ( ) < > [ ] { } / %
  return (
    byte === 0x28 ||
    byte === 0x29 ||
    byte === 0x3c ||
    byte === 0x3e ||
    byte === 0x5b ||
    byte === 0x5d ||
    byte === 0x7b ||
    byte === 0x7d ||
    byte === 0x2f ||
    byte === 0x25
  );
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) {
    return byte - 0x30;
  }
  if (byte >= 0x41 && byte <= 0x46) {
    return byte - 0x37;
  }
  if (byte >= 0x61 && byte <= 0x66) {
    return byte - 0x57;
  }
  return -1;
}

class SyntaxFailure extends Error {}

/** One character per byte, so string offsets are byte offsets. */
function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x2000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  }
  return text;
}

/** A parser over the file's bytes, positioned anywhere. Throws SyntaxFailure on malformed syntax. */
class Parser {
  constructor(
    readonly bytes: Uint8Array,
    public position: number,
  ) {}

  skipWhitespace(): void {
    const bytes = this.bytes;
    while (this.position < bytes.length) {
      const byte = bytes[this.position]!;
      if (isWhitespace(byte)) {
        this.position++;
      } else if (byte === 0x25) {
        // A comment runs to the end of the line.
        while (this.position < bytes.length && bytes[this.position] !== 10 && bytes[this.position] !== 13) {
          this.position++;
        }
      } else {
        return;
      }
    }
  }

  private regular(): string {
    const start = this.position;
    while (
      this.position < this.bytes.length &&
      !isWhitespace(this.bytes[this.position]!) &&
      !isDelimiter(this.bytes[this.position]!)
    ) {
      this.position++;
    }
    return String.fromCharCode(...this.bytes.subarray(start, this.position));
  }

  /** The next keyword (e.g. `stream`, `endobj`) without consuming it, or undefined. */
  peekKeyword(): string | undefined {
    this.skipWhitespace();
    const saved = this.position;
    const word = this.regular();
    this.position = saved;
    return word === '' ? undefined : word;
  }

  value(depth = 0): PdfValue {
    if (depth > MAX_DEPTH) {
      throw new SyntaxFailure('objects nested too deeply');
    }
    this.skipWhitespace();
    const bytes = this.bytes;
    const byte = bytes[this.position];
    if (byte === undefined) {
      throw new SyntaxFailure('unexpected end of file');
    }
    if (byte === 0x3c && bytes[this.position + 1] === 0x3c) {
      return this.dict(depth);
    }
    if (byte === 0x3c) {
      return this.hexString();
    }
    if (byte === 0x28) {
      return this.literalString();
    }
    if (byte === 0x2f) {
      return this.name();
    }
    if (byte === 0x5b) {
      this.position++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipWhitespace();
        if (bytes[this.position] === 0x5d) {
          this.position++;
          return items;
        }
        items.push(this.value(depth + 1));
      }
    }
    const word = this.regular();
    if (word === '') {
      throw new SyntaxFailure(`unexpected character ${String.fromCharCode(byte)}`);
    }
    if (word === 'true' || word === 'false') {
      return word === 'true';
    }
    if (word === 'null') {
      return null;
    }
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      throw new SyntaxFailure(`unexpected keyword ${word.slice(0, 20)}`);
    }
    const number = Number(word);
    // `N G R` is a reference: look ahead for a second integer and the R.
    if (/^\d+$/.test(word)) {
      const saved = this.position;
      this.skipWhitespace();
      const generation = this.regular();
      if (/^\d+$/.test(generation)) {
        this.skipWhitespace();
        if (this.regular() === 'R') {
          return new PdfRef(number, Number(generation));
        }
      }
      this.position = saved;
    }
    return number;
  }

  private dict(depth: number): PdfDict {
    this.position += 2;
    const entries = new Map<string, PdfValue>();
    for (;;) {
      this.skipWhitespace();
      if (this.bytes[this.position] === 0x3e && this.bytes[this.position + 1] === 0x3e) {
        this.position += 2;
        return new PdfDict(entries);
      }
      const key = this.value(depth + 1);
      if (!(key instanceof PdfName)) {
        throw new SyntaxFailure('a dictionary key is not a name');
      }
      entries.set(key.name, this.value(depth + 1));
    }
  }

  private name(): PdfName {
    this.position++;
    const raw = this.regular();
    // #xx escapes (PDF 1.2+), e.g. /application#2Fld+json.
    const bytes: number[] = [];
    for (let i = 0; i < raw.length; i++) {
      const high = raw.charCodeAt(i + 1);
      const low = raw.charCodeAt(i + 2);
      if (raw[i] === '#' && i + 2 < raw.length && hexValue(high) >= 0 && hexValue(low) >= 0) {
        bytes.push(hexValue(high) * 16 + hexValue(low));
        i += 2;
      } else {
        bytes.push(raw.charCodeAt(i));
      }
    }
    return new PdfName(new TextDecoder().decode(Uint8Array.from(bytes)));
  }

  private hexString(): PdfString {
    this.position++;
    const out: number[] = [];
    let pending = -1;
    for (;;) {
      const byte = this.bytes[this.position++];
      if (byte === undefined) {
        throw new SyntaxFailure('unterminated hex string');
      }
      if (byte === 0x3e) {
        break;
      }
      if (isWhitespace(byte)) {
        continue;
      }
      const value = hexValue(byte);
      if (value < 0) {
        throw new SyntaxFailure('invalid hex string');
      }
      if (pending < 0) {
        pending = value;
      } else {
        out.push(pending * 16 + value);
        pending = -1;
      }
    }
    if (pending >= 0) {
      out.push(pending * 16);
    }
    return new PdfString(Uint8Array.from(out));
  }

  private literalString(): PdfString {
    this.position++;
    const out: number[] = [];
    let nesting = 1;
    const bytes = this.bytes;
    for (;;) {
      const byte = bytes[this.position++];
      if (byte === undefined) {
        throw new SyntaxFailure('unterminated string');
      }
      if (byte === 0x28) {
        nesting++;
      } else if (byte === 0x29) {
        nesting--;
        if (nesting === 0) {
          return new PdfString(Uint8Array.from(out));
        }
      } else if (byte === 0x5c) {
        const next = bytes[this.position++];
        if (next === undefined) {
          throw new SyntaxFailure('unterminated string');
        }
        const simple: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12 };
        if (simple[next] !== undefined) {
          out.push(simple[next]);
        } else if (next >= 0x30 && next <= 0x37) {
          let octal = next - 0x30;
          for (let i = 0; i < 2; i++) {
            const digit = bytes[this.position];
            if (digit === undefined || digit < 0x30 || digit > 0x37) {
              break;
            }
            octal = octal * 8 + digit - 0x30;
            this.position++;
          }
          out.push(octal & 0xff);
        } else if (next === 13) {
          // A backslash at the end of a line continues the string on the next.
          if (bytes[this.position] === 10) {
            this.position++;
          }
        } else if (next !== 10) {
          out.push(next);
        }
        continue;
      }
      out.push(byte);
    }
  }
}

function invalid(detail: string, cause?: unknown): AppError {
  return new AppError('PDF_INVALID', `The PDF is damaged: ${detail}`, cause === undefined ? {} : { cause });
}

/** Where a stream's data ends: its direct /Length when that lands on `endstream`, else the keyword itself. */
function streamEnd(bytes: Uint8Array, text: string, start: number, length: PdfValue | undefined): number {
  if (
    typeof length === 'number' &&
    Number.isInteger(length) &&
    length >= 0 &&
    start + length <= bytes.length
  ) {
    const after = new Parser(bytes, start + length);
    if (after.peekKeyword() === 'endstream') {
      return start + length;
    }
  }
  const keyword = text.indexOf('endstream', start);
  if (keyword < 0) {
    throw invalid('a stream has no end (truncated?)');
  }
  let end = keyword;
  // The end-of-line before `endstream` is not part of the data.
  if (bytes[end - 1] === 10) {
    end--;
  }
  if (bytes[end - 1] === 13) {
    end--;
  }
  return Math.max(start, end);
}

/**
 * Decodes a stream's data through its filters. Supports FlateDecode (without predictors) and
 * ASCIIHexDecode, which is what embedded files and object streams use in practice.
 *
 * Fails with PDF_INVALID when a filter is not supported or the data does not decode.
 */
export function decodeStream(stream: PdfStream, maxOutput?: number): Uint8Array {
  const filter = stream.dict.get('Filter');
  const filters = (
    Array.isArray(filter) ? filter : filter === undefined || filter === null ? [] : [filter]
  ).map((entry) => (entry instanceof PdfName ? entry.name : ''));
  const parms = stream.dict.get('DecodeParms');
  const parmList = Array.isArray(parms) ? parms : [parms];
  let data = stream.data;
  filters.forEach((name, index) => {
    const parm = parmList[index];
    const predictor = parm instanceof PdfDict ? parm.get('Predictor') : undefined;
    if (typeof predictor === 'number' && predictor > 1) {
      throw invalid(`a stream uses a predictor (${predictor}), which Cairn does not read`);
    }
    if (name === 'FlateDecode' || name === 'Fl') {
      try {
        data = inflateZlib(data, maxOutput);
      } catch (error) {
        throw invalid(
          `a compressed stream does not inflate (${error instanceof InflateError ? error.message : 'error'})`,
          error,
        );
      }
    } else if (name === 'ASCIIHexDecode' || name === 'AHx') {
      const text = latin1(data).replace(/\s+/g, '');
      const end = text.indexOf('>');
      const hex = end < 0 ? text : text.slice(0, end);
      if (!/^[0-9A-Fa-f]*$/.test(hex)) {
        throw invalid('an ASCIIHex stream holds other characters');
      }
      const padded = hex.length % 2 ? `${hex}0` : hex;
      data = Uint8Array.from(padded.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
    } else {
      throw invalid(`a stream uses the ${name || 'unknown'} filter, which Cairn does not read`);
    }
  });
  return data;
}

function readObjectStream(stream: PdfStream, objects: PdfObjects): void {
  const count = stream.dict.get('N');
  const first = stream.dict.get('First');
  if (typeof count !== 'number' || typeof first !== 'number' || count < 0 || count > 100_000) {
    throw invalid('an object stream has no valid /N or /First');
  }
  const data = decodeStream(stream);
  const header = new Parser(data, 0);
  const entries: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const num = header.value();
    const offset = header.value();
    if (typeof num !== 'number' || typeof offset !== 'number') {
      throw invalid('an object stream has a malformed header');
    }
    entries.push([num, offset]);
  }
  for (const [num, offset] of entries) {
    const parser = new Parser(data, first + offset);
    objects.set(num, { value: parser.value() });
  }
}

/**
 * Finds every indirect object in a PDF file, by scanning for `N G obj` rather than trusting the
 * cross-reference table; objects inside object streams (`/Type /ObjStm`) are read too. A later
 * definition of the same object number replaces an earlier one, as an incremental update does.
 *
 * Fails with PDF_INVALID when the file holds no objects, an object stream does not decode, or a
 * stream has no end.
 */
export function readPdfObjects(bytes: Uint8Array): PdfObjects {
  const text = latin1(bytes);
  const objects: PdfObjects = new Map();
  const header = /(\d+)\s+(\d+)\s+obj\b/g;
  const objectStreams: PdfStream[] = [];
  let match = header.exec(text);
  while (match !== null) {
    const num = Number(match[1]);
    const parser = new Parser(bytes, match.index + match[0].length);
    let resumeAt = parser.position;
    try {
      const value = parser.value();
      resumeAt = parser.position;
      if (parser.peekKeyword() === 'stream' && value instanceof PdfDict) {
        parser.skipWhitespace();
        let start = parser.position + 'stream'.length;
        // `stream` is followed by CRLF or LF (a lone CR is tolerated).
        if (bytes[start] === 13) {
          start++;
        }
        if (bytes[start] === 10) {
          start++;
        }
        const end = streamEnd(bytes, text, start, value.get('Length'));
        const stream: PdfStream = { dict: value, data: bytes.subarray(start, end) };
        objects.set(num, { value, stream });
        const type = value.get('Type');
        if (type instanceof PdfName && type.name === 'ObjStm') {
          objectStreams.push(stream);
        }
        resumeAt = end;
      } else {
        objects.set(num, { value });
      }
    } catch (error) {
      if (!(error instanceof SyntaxFailure)) {
        throw error;
      }
      // A malformed object is skipped, as viewers do; the credential may still be readable.
    }
    header.lastIndex = Math.max(resumeAt, match.index + match[0].length);
    match = header.exec(text);
  }
  for (const stream of objectStreams) {
    try {
      readObjectStream(stream, objects);
    } catch (error) {
      if (error instanceof SyntaxFailure) {
        throw invalid('an object stream is malformed', error);
      }
      throw error;
    }
  }
  if (objects.size === 0) {
    throw invalid('it holds no objects');
  }
  return objects;
}

/** Follows references (at most a few hops) to the value they name; undefined for a missing object. */
export function resolve(objects: PdfObjects, value: PdfValue | undefined): PdfValue | undefined {
  let current = value;
  for (let hops = 0; current instanceof PdfRef && hops < 8; hops++) {
    current = objects.get(current.num)?.value;
  }
  return current instanceof PdfRef ? undefined : current;
}

/** A PDF text string: UTF-16BE or UTF-8 with a byte order mark, else PDFDocEncoding (read as Latin-1). */
export function decodeTextString(value: PdfValue | undefined): string | undefined {
  if (!(value instanceof PdfString)) {
    return undefined;
  }
  const bytes = value.bytes;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder().decode(bytes.subarray(3));
  }
  return latin1(bytes);
}

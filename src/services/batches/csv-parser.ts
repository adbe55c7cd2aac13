/**
 * A streaming CSV parser (RFC 4180) over bytes: feed it chunks as they arrive and it hands back the
 * records completed so far, so memory stays bounded by the chunk size and the field cap, whatever the
 * size of the file.
 *
 * It works on bytes, not text: the delimiter, quote and line breaks are ASCII, and no byte of a multi-byte
 * UTF-8 sequence is ASCII, so a record can be split exactly before anything is decoded. Decoding (and
 * refusing bytes that are not UTF-8) is the caller's business, per field, so one bad row does not sink
 * the file.
 *
 * What it accepts beyond RFC 4180, as spreadsheets write it: LF, CRLF or CR line breaks; a UTF-8 byte
 * order mark at the start (dropped); a quote inside an unquoted field (kept as a character). What it
 * reports on the record instead of throwing: a field longer than `maxFieldBytes` (cut, listed in
 * `oversized`), more than `maxFields` fields (the rest dropped), characters after a closing quote, and a
 * quoted field still open at the end of the input.
 */

export type CsvRecord = {
  /** 1-based, counting every record (blank lines too, which are not returned): the spreadsheet row. */
  number: number;
  /** The raw bytes of each field, quotes removed, `""` unescaped. */
  fields: Uint8Array[];
  /** Indexes of fields cut at `maxFieldBytes`. */
  oversized: number[];
  /** Fields beyond `maxFields` were dropped. */
  tooManyFields: boolean;
  /** A quoting problem, described. */
  malformed?: string;
};

export type CsvParserOptions = {
  /** Longest field kept, in bytes (default 64 KiB); longer ones are cut and reported. */
  maxFieldBytes?: number;
  /** Most fields kept per record (default 200). */
  maxFields?: number;
};

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const BOM = [0xef, 0xbb, 0xbf];

enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: the end of the field, or the first half of `""`. */
  QuoteInQuoted,
  /** After the closing quote: only a delimiter or a line break may follow. */
  AfterQuoted,
}

export class CsvParser {
  private readonly maxFieldBytes: number;
  private readonly maxFields: number;
  private state = State.FieldStart;
  private field: Uint8Array;
  private length = 0;
  private fieldOversized = false;
  private fields: Uint8Array[] = [];
  private oversized: number[] = [];
  private tooManyFields = false;
  private malformed: string | undefined;
  /** Bytes seen in the current record (to tell a blank line from a record of one empty field). */
  private recordBytes = 0;
  private quotedFieldSeen = false;
  private recordNumber = 0;
  private skipLf = false;
  private head: Uint8Array | undefined = new Uint8Array(0);

  constructor(options: CsvParserOptions = {}) {
    this.maxFieldBytes = options.maxFieldBytes ?? 64 * 1024;
    this.maxFields = options.maxFields ?? 200;
    this.field = new Uint8Array(Math.min(256, this.maxFieldBytes));
  }

  /** The records completed by this chunk (possibly none). */
  push(chunk: Uint8Array): CsvRecord[] {
    const out: CsvRecord[] = [];
    let bytes = chunk;
    if (this.head !== undefined) {
      // The start of the input is held back until it shows whether it begins with a UTF-8 byte order mark.
      const joined = new Uint8Array(this.head.length + chunk.length);
      joined.set(this.head);
      joined.set(chunk, this.head.length);
      if (joined.length < BOM.length && BOM.slice(0, joined.length).every((b, k) => joined[k] === b)) {
        this.head = joined;
        return out;
      }
      this.head = undefined;
      bytes = BOM.every((b, k) => joined[k] === b) ? joined.subarray(BOM.length) : joined;
    }
    let i = 0;
    for (; i < bytes.length; i++) {
      const byte = bytes[i] as number;
      if (this.skipLf) {
        this.skipLf = false;
        if (byte === LF) {
          continue;
        }
      }
      switch (this.state) {
        case State.FieldStart:
          if (byte === QUOTE) {
            this.state = State.Quoted;
            this.quotedFieldSeen = true;
            this.recordBytes += 1;
          } else if (byte === COMMA) {
            this.recordBytes += 1;
            this.endField();
          } else if (byte === CR || byte === LF) {
            this.endRecord(out, byte);
          } else {
            this.recordBytes += 1;
            this.appendByte(byte);
            this.state = State.Unquoted;
          }
          break;
        case State.Unquoted:
          if (byte === COMMA) {
            this.recordBytes += 1;
            this.endField();
            this.state = State.FieldStart;
          } else if (byte === CR || byte === LF) {
            this.endRecord(out, byte);
          } else {
            this.recordBytes += 1;
            this.appendByte(byte);
          }
          break;
        case State.Quoted:
          this.recordBytes += 1;
          if (byte === QUOTE) {
            this.state = State.QuoteInQuoted;
          } else {
            this.appendByte(byte);
          }
          break;
        case State.QuoteInQuoted:
          if (byte === QUOTE) {
            this.recordBytes += 1;
            this.appendByte(QUOTE);
            this.state = State.Quoted;
          } else if (byte === COMMA) {
            this.recordBytes += 1;
            this.endField();
            this.state = State.FieldStart;
          } else if (byte === CR || byte === LF) {
            this.endRecord(out, byte);
          } else {
            this.recordBytes += 1;
            this.malformed ??= `text after the closing quote of field ${this.fields.length + 1}`;
            this.appendByte(byte);
            this.state = State.AfterQuoted;
          }
          break;
        case State.AfterQuoted:
          if (byte === COMMA) {
            this.recordBytes += 1;
            this.endField();
            this.state = State.FieldStart;
          } else if (byte === CR || byte === LF) {
            this.endRecord(out, byte);
          } else {
            this.recordBytes += 1;
            this.appendByte(byte);
          }
          break;
      }
    }
    return out;
  }

  /** The last record, when the input does not end with a line break. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.head !== undefined) {
      // Input shorter than a byte order mark, and a prefix of one: it was data.
      const head = this.head;
      this.head = undefined;
      out.push(...this.push(head));
    }
    if (this.state === State.Quoted) {
      this.malformed ??= `field ${this.fields.length + 1} opens a quote that is never closed`;
    }
    if (this.recordBytes > 0 || this.fields.length > 0 || this.length > 0) {
      this.endRecord(out, undefined);
    }
    return out;
  }

  private appendByte(byte: number): void {
    if (this.length >= this.maxFieldBytes) {
      this.fieldOversized = true;
      return;
    }
    if (this.length === this.field.length) {
      const grown = new Uint8Array(Math.min(this.maxFieldBytes, this.field.length * 2));
      grown.set(this.field);
      this.field = grown;
    }
    this.field[this.length++] = byte;
  }

  private endField(): void {
    if (this.fields.length >= this.maxFields) {
      this.tooManyFields = true;
    } else {
      this.fields.push(this.field.slice(0, this.length));
      if (this.fieldOversized) {
        this.oversized.push(this.fields.length - 1);
      }
    }
    this.length = 0;
    this.fieldOversized = false;
    if (this.field.length > 4096) {
      // Let a huge field's buffer go rather than keep it for every later field.
      this.field = new Uint8Array(256);
    }
  }

  private endRecord(out: CsvRecord[], byte: number | undefined): void {
    this.recordNumber += 1;
    const blank = this.recordBytes === 0 && this.fields.length === 0 && !this.quotedFieldSeen;
    if (!blank) {
      this.endField();
      out.push({
        number: this.recordNumber,
        fields: this.fields,
        oversized: this.oversized,
        tooManyFields: this.tooManyFields,
        ...(this.malformed === undefined ? {} : { malformed: this.malformed }),
      });
    }
    this.fields = [];
    this.oversized = [];
    this.tooManyFields = false;
    this.malformed = undefined;
    this.recordBytes = 0;
    this.quotedFieldSeen = false;
    this.length = 0;
    this.fieldOversized = false;
    this.state = State.FieldStart;
    this.skipLf = byte === CR;
  }
}

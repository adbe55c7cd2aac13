/**
 * What a batch row may hold and how each is checked (docs/batches.md): the columns of DESIGN §7, the
 * per-row validation with its error codes, and the row's idempotency key.
 */
import { createHash } from 'node:crypto';
import { normalizeEmail } from '../../storage/codec.js';

/** The columns Cairn knows, by their canonical names. */
export const BATCH_COLUMNS = [
  'email',
  'name',
  'did',
  'achievement',
  'evidence',
  'narrative',
  'result',
  'validFrom',
  'validUntil',
  'key',
] as const;
export type BatchColumn = (typeof BATCH_COLUMNS)[number];

/**
 * Header spellings accepted for each column: compared without case, spaces, `_` or `-`
 * (`Valid From`, `valid_from` and `validFrom` are one column).
 */
const ALIASES: Record<string, BatchColumn> = {
  email: 'email',
  emailaddress: 'email',
  recipientemail: 'email',
  name: 'name',
  recipientname: 'name',
  fullname: 'name',
  did: 'did',
  recipientdid: 'did',
  achievement: 'achievement',
  achievementid: 'achievement',
  achievementname: 'achievement',
  evidence: 'evidence',
  evidenceurl: 'evidence',
  narrative: 'narrative',
  result: 'result',
  validfrom: 'validFrom',
  validuntil: 'validUntil',
  key: 'key',
  rowkey: 'key',
  idempotencykey: 'key',
};

export function canonicalColumn(name: string): BatchColumn | undefined {
  return ALIASES[
    name
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, '')
  ];
}

/** Per-row error codes, as the report and the API name them. */
export const ROW_ERROR_CODES = {
  INVALID_ENCODING: 'A value is not valid UTF-8 text',
  FIELD_TOO_LARGE: 'A value is longer than a field may be',
  MALFORMED_ROW: 'The row is not valid CSV (quotes)',
  WRONG_FIELD_COUNT: 'The row has more values than the header has columns',
  MISSING_RECIPIENT: 'Neither an e-mail address nor a DID',
  INVALID_EMAIL: 'The e-mail address is not valid',
  INVALID_DID: 'The DID is not valid',
  MISSING_ACHIEVEMENT: 'No achievement named, and the batch has no default',
  UNKNOWN_ACHIEVEMENT: 'No achievement of the organization has this id or name',
  AMBIGUOUS_ACHIEVEMENT: 'Several achievements have this name: use the id',
  ACHIEVEMENT_NOT_ACTIVE: 'The achievement is a draft or archived',
  INVALID_DATE: 'A date is not a date (YYYY-MM-DD, or a date-time with a time zone)',
  INVALID_VALIDITY: 'validUntil is not after validFrom, or already past',
  INVALID_URL: 'The evidence is not an http(s) URL',
  TOO_LONG: 'A value is longer than allowed',
  FORMULA_REJECTED: 'A value starts like a spreadsheet formula (=, +, -, @, tab, CR)',
  CONTROL_CHARACTERS: 'A value contains control characters',
  INVALID_KEY: 'The key is longer than 200 characters',
  // At issuing time
  ISSUE_FAILED: 'The credential could not be issued',
  JOB_FAILED: 'The row could not be issued after every retry',
} as const;
export type RowErrorCode = keyof typeof ROW_ERROR_CODES | string;

export type RowError = { column: string | null; code: RowErrorCode; message: string };

/** A valid row, normalized: what the issuing job passes to `issueCredential`. */
export type BatchRowData = {
  achievementId: string;
  email?: string;
  did?: string;
  name?: string;
  evidence?: string;
  narrative?: string;
  result?: string;
  validFrom?: string;
  validUntil?: string;
  key?: string;
};

export type AchievementLookup =
  | { kind: 'found'; id: string }
  | { kind: 'unknown' }
  | { kind: 'ambiguous'; count: number }
  | { kind: 'inactive'; status: string };

export type RowContext = {
  /** Resolves an achievement id or exact name (cached by the caller). */
  resolveAchievement: (value: string) => Promise<AchievementLookup>;
  /** The batch's default, for rows that name none. */
  defaultAchievementId: string | undefined;
  now: Date;
};

const MAX_LENGTH: Partial<Record<BatchColumn, number>> = {
  email: 320,
  name: 300,
  did: 2000,
  achievement: 300,
  evidence: 2000,
  narrative: 20_000,
  result: 1000,
  validFrom: 40,
  validUntil: 40,
  key: 200,
};

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
const DID = /^did:[a-z0-9]+:[A-Za-z0-9._:%-]+(?:[/?#].*)?$/;
const NUMBER = /^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)%?$/;
// C0 controls except tab, LF and CR (allowed in a narrative), and DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * True for a value a spreadsheet would run as a formula: it starts with `=`, `+`, `-`, `@`, a tab or a
 * CR, and is not simply a number (`-5`, `+3.5` are safe). See docs/batches.md, "Formula injection".
 */
export function looksLikeFormula(value: string): boolean {
  return /^[=+\-@\t\r]/.test(value) && !NUMBER.test(value);
}

/** A date (midnight UTC) or a date-time with a time zone, as ISO 8601 UTC; undefined if neither. */
export function parseBatchDate(value: string): string | undefined {
  let date: Date;
  const day = DATE_ONLY.exec(value);
  if (day) {
    date = new Date(`${value}T00:00:00Z`);
    // Date() rolls 2026-02-30 over into March: refuse what does not round-trip.
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
      return undefined;
    }
  } else if (DATE_TIME.test(value)) {
    date = new Date(value);
  } else {
    return undefined;
  }
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1900 || year > 9999) {
    return undefined;
  }
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * Checks one row given as column → text (already decoded and trimmed), resolving its achievement.
 * Returns the normalized row, or every problem found (not just the first).
 */
export async function validateRow(
  values: Partial<Record<BatchColumn, string>>,
  context: RowContext,
): Promise<{ data?: BatchRowData; errors: RowError[] }> {
  const errors: RowError[] = [];
  const fail = (column: string | null, code: RowErrorCode, message: string) =>
    errors.push({ column, code, message });
  const clean: Partial<Record<BatchColumn, string>> = {};

  for (const column of BATCH_COLUMNS) {
    const value = values[column];
    if (value === undefined || value === '') {
      continue;
    }
    if (looksLikeFormula(value)) {
      fail(
        column,
        'FORMULA_REJECTED',
        `${column} starts with "${value.slice(0, 1)}" like a spreadsheet formula`,
      );
      continue;
    }
    if (CONTROL.test(value) || (column !== 'narrative' && /[\r\n]/.test(value))) {
      fail(column, 'CONTROL_CHARACTERS', `${column} contains control characters or line breaks`);
      continue;
    }
    const max = MAX_LENGTH[column] ?? 1000;
    if (value.length > max) {
      fail(
        column,
        column === 'key' ? 'INVALID_KEY' : 'TOO_LONG',
        `${column} is longer than ${max} characters`,
      );
      continue;
    }
    clean[column] = value;
  }

  const data: Partial<BatchRowData> = {};
  if (clean.email !== undefined) {
    if (EMAIL.test(clean.email)) {
      data.email = normalizeEmail(clean.email);
    } else {
      fail('email', 'INVALID_EMAIL', `"${clean.email}" is not an e-mail address`);
    }
  }
  if (clean.did !== undefined) {
    if (DID.test(clean.did)) {
      data.did = clean.did;
    } else {
      fail('did', 'INVALID_DID', 'did must look like did:method:identifier');
    }
  }
  if (values.email === undefined || values.email === '') {
    if (values.did === undefined || values.did === '') {
      fail('email', 'MISSING_RECIPIENT', 'Give an e-mail address or a DID for the recipient');
    }
  }
  if (clean.name !== undefined) {
    data.name = clean.name;
  }

  const achievement = clean.achievement ?? (values.achievement ? undefined : context.defaultAchievementId);
  if (achievement === undefined) {
    if (!values.achievement) {
      fail('achievement', 'MISSING_ACHIEVEMENT', 'Name the achievement (its id or exact name)');
    }
  } else {
    const found = await context.resolveAchievement(achievement);
    if (found.kind === 'found') {
      data.achievementId = found.id;
    } else if (found.kind === 'unknown') {
      fail('achievement', 'UNKNOWN_ACHIEVEMENT', `No achievement has the id or name "${achievement}"`);
    } else if (found.kind === 'ambiguous') {
      fail(
        'achievement',
        'AMBIGUOUS_ACHIEVEMENT',
        `${found.count} achievements are named "${achievement}": use the achievement's id`,
      );
    } else {
      fail('achievement', 'ACHIEVEMENT_NOT_ACTIVE', `The achievement "${achievement}" is ${found.status}`);
    }
  }

  if (clean.evidence !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(clean.evidence);
    } catch {
      url = undefined;
    }
    if (
      url &&
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.username === '' &&
      url.password === ''
    ) {
      data.evidence = url.href;
    } else {
      fail('evidence', 'INVALID_URL', 'evidence must be an http:// or https:// URL');
    }
  }
  if (clean.narrative !== undefined) {
    data.narrative = clean.narrative;
  }
  if (clean.result !== undefined) {
    data.result = clean.result;
  }

  for (const column of ['validFrom', 'validUntil'] as const) {
    const value = clean[column];
    if (value === undefined) {
      continue;
    }
    const parsed = parseBatchDate(value);
    if (parsed === undefined) {
      fail(column, 'INVALID_DATE', `${column} "${value}" is not a date (YYYY-MM-DD or 2026-01-31T09:00:00Z)`);
    } else {
      data[column] = parsed;
    }
  }
  if (data.validUntil !== undefined) {
    const from = data.validFrom === undefined ? context.now : new Date(data.validFrom);
    if (new Date(data.validUntil) <= from) {
      fail(
        'validUntil',
        'INVALID_VALIDITY',
        data.validFrom === undefined
          ? 'validUntil is already past: the credential would be expired when issued'
          : 'validUntil must be after validFrom',
      );
    }
  }
  if (clean.key !== undefined) {
    data.key = clean.key;
  }

  if (errors.length > 0 || data.achievementId === undefined) {
    return { errors };
  }
  return { data: data as BatchRowData, errors };
}

/**
 * The idempotency key a row issues under: its `key` column when given, else a hash of its normalized
 * content, so the same row uploaded again (in this file, a re-upload, or a resumed batch) finds the
 * credential it issued before instead of issuing another. The batch id is deliberately not part of it.
 */
export function rowIdempotencyKey(data: BatchRowData): string {
  if (data.key !== undefined) {
    return data.key;
  }
  const content = [
    data.achievementId,
    data.email ?? null,
    data.did ?? null,
    data.name ?? null,
    data.evidence ?? null,
    data.narrative ?? null,
    data.result ?? null,
    data.validFrom ?? null,
    data.validUntil ?? null,
  ];
  return `row-sha256:${createHash('sha256').update(JSON.stringify(content), 'utf8').digest('hex')}`;
}

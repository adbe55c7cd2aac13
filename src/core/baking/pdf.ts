/**
 * Reading the credential a PDF carries as an embedded file (an attachment), as Cairn's certificates do:
 * `credential.json` (`application/ld+json`) or `credential.jwt`, named in the document's EmbeddedFiles
 * and associated files (`/AF`, `AFRelationship /Source`). Pure and isomorphic: bytes in, text out.
 *
 * @see ISO 32000-2 §7.11.4 (embedded file streams), §14.13 (associated files)
 */
import { AppError } from '../../errors.js';
import { readOb3Text } from './credential-text.js';
import {
  decodeStream,
  decodeTextString,
  PdfDict,
  PdfName,
  type PdfObjects,
  PdfRef,
  type PdfValue,
  readPdfObjects,
  resolve,
} from './pdf-objects.js';
import type { ExtractedCredential } from './types.js';

/** A file embedded in a PDF. */
export type PdfAttachment = {
  /** The file name (`/UF`, else `/F`). */
  name: string;
  /** The embedded file's `/Subtype`, e.g. `application/ld+json`, when given. */
  mediaType?: string;
  /** The file specification's `/AFRelationship`, e.g. `Source` or `Data`, when given. */
  relationship?: string;
  /** The file's bytes, decoded. */
  bytes: Uint8Array;
};

/** Attachments larger than this are not read: a credential is a few kilobytes. */
const MAX_ATTACHMENT = 8 * 1024 * 1024;

/**
 * Whether `bytes` look like a PDF: `%PDF-` in the first kilobyte (the header may follow some junk, as
 * PDF readers allow). Never fails.
 */
export function hasPdfSignature(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.length - 5, 1024);
  for (let i = 0; i <= limit; i++) {
    if (
      bytes[i] === 0x25 &&
      bytes[i + 1] === 0x50 &&
      bytes[i + 2] === 0x44 &&
      bytes[i + 3] === 0x46 &&
      bytes[i + 4] === 0x2d
    ) {
      return true;
    }
  }
  return false;
}

function hasEndMarker(bytes: Uint8Array): boolean {
  const tail = String.fromCharCode(...bytes.subarray(Math.max(0, bytes.length - 1024)));
  return tail.includes('%%EOF');
}

/** Every file specification dictionary (one with an `/EF` entry) reachable anywhere in the file. */
function findFileSpecs(objects: PdfObjects): PdfDict[] {
  const found: PdfDict[] = [];
  const seen = new Set<unknown>();
  const visit = (value: PdfValue | undefined, depth: number) => {
    if (depth > 32 || value === undefined || value === null || seen.has(value)) {
      return;
    }
    if (value instanceof PdfDict) {
      seen.add(value);
      if (value.get('EF') !== undefined) {
        found.push(value);
      }
      for (const entry of value.entries.values()) {
        if (!(entry instanceof PdfRef)) {
          visit(entry, depth + 1);
        }
      }
    } else if (Array.isArray(value)) {
      seen.add(value);
      for (const entry of value) {
        if (!(entry instanceof PdfRef)) {
          visit(entry, depth + 1);
        }
      }
    }
  };
  for (const object of objects.values()) {
    visit(object.value, 0);
  }
  return found;
}

/**
 * The files embedded in a PDF, in file order, each once.
 *
 * Fails with PDF_INVALID when the file is not a PDF, holds no objects, or an attachment's data does
 * not decode.
 */
export function listPdfAttachments(pdf: Uint8Array): PdfAttachment[] {
  if (!hasPdfSignature(pdf)) {
    throw new AppError('PDF_INVALID', 'The file does not start with the PDF header');
  }
  const objects = readPdfObjects(pdf);
  const attachments: PdfAttachment[] = [];
  const streamsSeen = new Set<number>();
  for (const spec of findFileSpecs(objects)) {
    const ef = resolve(objects, spec.get('EF'));
    if (!(ef instanceof PdfDict)) {
      continue;
    }
    const reference = ef.get('UF') ?? ef.get('F');
    if (!(reference instanceof PdfRef) || streamsSeen.has(reference.num)) {
      continue;
    }
    const stream = objects.get(reference.num)?.stream;
    if (!stream) {
      continue;
    }
    streamsSeen.add(reference.num);
    const name =
      decodeTextString(resolve(objects, spec.get('UF'))) ?? decodeTextString(resolve(objects, spec.get('F')));
    const subtype = stream.dict.get('Subtype');
    const relationship = spec.get('AFRelationship');
    attachments.push({
      name: name ?? '',
      ...(subtype instanceof PdfName ? { mediaType: subtype.name } : {}),
      ...(relationship instanceof PdfName ? { relationship: relationship.name } : {}),
      bytes: decodeStream(stream, MAX_ATTACHMENT),
    });
  }
  return attachments;
}

const CREDENTIAL_TYPES = new Set([
  'application/ld+json',
  'application/vc+ld+json',
  'application/vc',
  'application/json',
  'application/jwt',
  'application/vc+jwt',
  'text/plain',
]);

/** How likely an attachment is to be the credential: a recognised name or media type first. */
function rank(attachment: PdfAttachment): number {
  const name = attachment.name.toLowerCase();
  let score = 0;
  if (/^credential\.(json|jsonld|jwt)$/.test(name)) {
    score += 4;
  } else if (/\.(json|jsonld|jwt|jws)$/.test(name)) {
    score += 2;
  }
  if (attachment.mediaType !== undefined && CREDENTIAL_TYPES.has(attachment.mediaType)) {
    score += 2;
  }
  if (attachment.relationship === 'Source' || attachment.relationship === 'Data') {
    score += 1;
  }
  return score;
}

function asCredential(attachment: PdfAttachment): ExtractedCredential | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(attachment.bytes);
  } catch {
    return undefined;
  }
  try {
    const extracted = readOb3Text(text, `attachment "${attachment.name}"`);
    if (extracted.kind === 'json') {
      const parsed = JSON.parse(extracted.text) as { type?: unknown };
      const types = Array.isArray(parsed.type) ? parsed.type : [parsed.type];
      if (!types.includes('VerifiableCredential')) {
        return undefined;
      }
    }
    return extracted;
  } catch {
    return undefined;
  }
}

/**
 * Extracts the credential embedded in a PDF: the attachment named like a credential (`credential.json`,
 * any `.json` / `.jwt`, or an `application/ld+json` file) that holds a verifiable credential as JSON,
 * or a compact JWS.
 *
 * Fails with PDF_INVALID when the file is not a PDF or is damaged (an attachment does not decode, the
 * file is cut off before its attachments), and with PDF_NO_CREDENTIAL when it carries no credential.
 *
 * @example
 * const { kind, text } = extractFromPdf(certificateBytes);
 */
export function extractFromPdf(pdf: Uint8Array): ExtractedCredential {
  const attachments = listPdfAttachments(pdf);
  const candidates = attachments
    .map((attachment, index) => ({ attachment, index, score: rank(attachment) }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
  for (const { attachment } of candidates) {
    const extracted = asCredential(attachment);
    if (extracted) {
      return extracted;
    }
  }
  if (attachments.length === 0 && !hasEndMarker(pdf)) {
    throw new AppError('PDF_INVALID', 'The PDF is damaged: it ends without %%EOF (truncated?)');
  }
  throw new AppError(
    'PDF_NO_CREDENTIAL',
    attachments.length === 0
      ? 'The PDF has no embedded files'
      : `None of the PDF's embedded files (${attachments.map((a) => a.name || '(unnamed)').join(', ')}) is a credential`,
  );
}

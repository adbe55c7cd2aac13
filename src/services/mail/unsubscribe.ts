/**
 * Unsubscribe links for non-essential mail (expiry reminders): `/unsubscribe/{token}`,
 * where the token names the organization and the address and carries an HMAC-SHA256 under a key derived
 * from the master key, so nothing needs storing until someone uses it and nobody can unsubscribe another
 * address. A GET shows a page with a button; a POST (the button, or a mail client's one-click
 * unsubscribe, RFC 8058) records it. Essential mail (issued, revoked, sign-in) is sent regardless.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../errors.js';
import { normalizeEmail } from '../../storage/codec.js';
import { insertMailUnsubscribe, isMailUnsubscribed } from '../../storage/mail.repository.js';
import type { AppContext } from '../context.js';

export type UnsubscribeTarget = { organizationId: string; email: string };

function signingKey(masterKey: Uint8Array): Buffer {
  // A key of its own, so an unsubscribe signature can never stand for anything else made with the master key.
  return createHmac('sha256', masterKey).update('cairn/mail-unsubscribe/v1').digest();
}

function signature(masterKey: Uint8Array, payload: string): Buffer {
  return createHmac('sha256', signingKey(masterKey)).update(payload).digest().subarray(0, 16);
}

export function unsubscribeToken(ctx: AppContext, target: UnsubscribeTarget): string {
  const payload = Buffer.from(JSON.stringify([target.organizationId, normalizeEmail(target.email)])).toString(
    'base64url',
  );
  return `${payload}.${signature(ctx.masterKey, payload).toString('base64url')}`;
}

export function unsubscribeUrl(ctx: AppContext, target: UnsubscribeTarget): string {
  return `${ctx.config.publicUrl}/unsubscribe/${unsubscribeToken(ctx, target)}`;
}

/** The headers that let mail clients offer "unsubscribe" themselves (RFC 2369, RFC 8058 one-click). */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** Throws UNSUBSCRIBE_INVALID for a token Cairn did not make (altered, or under another master key). */
export function readUnsubscribeToken(ctx: AppContext, token: string): UnsubscribeTarget {
  const [payload = '', mac = '', extra] = token.split('.');
  const expected = signature(ctx.masterKey, payload);
  const given = Buffer.from(mac, 'base64url');
  if (extra !== undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('UNSUBSCRIBE_INVALID');
  }
  const [organizationId, email] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [
    string,
    string,
  ];
  return { organizationId, email };
}

/** Records the unsubscribe (idempotent); throws UNSUBSCRIBE_INVALID. */
export async function unsubscribe(ctx: AppContext, token: string): Promise<UnsubscribeTarget> {
  const target = readUnsubscribeToken(ctx, token);
  await insertMailUnsubscribe(ctx.db, target.organizationId, target.email, ctx.clock());
  return target;
}

export async function isUnsubscribed(
  db: AppContext['db'],
  organizationId: string,
  email: string,
): Promise<boolean> {
  return await isMailUnsubscribed(db, organizationId, normalizeEmail(email));
}

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeWebhookSignature, signWebhookPayload, verifyWebhookSignature } from './signature.js';

const SECRET = 'whsec_test-secret';
const BODY = '{"id":"evt_1","type":"credential.issued","data":{"credentialId":"c1"}}';
const NOW = new Date('2026-03-01T12:00:00Z');

describe('webhook signatures', () => {
  it('is HMAC-SHA256 over "<t>.<body>", as any HMAC library computes it', () => {
    const t = Math.floor(NOW.getTime() / 1000);
    const expected = createHmac('sha256', SECRET).update(`${t}.${BODY}`).digest('hex');
    expect(computeWebhookSignature(SECRET, t, BODY)).toBe(expected);
    expect(signWebhookPayload(SECRET, BODY, NOW)).toBe(`t=${t},v1=${expected}`);
    expect(computeWebhookSignature(SECRET, t, new TextEncoder().encode(BODY))).toBe(expected);
  });

  it('verifies a fresh signature and refuses a changed body, another secret or a stale timestamp', () => {
    const header = signWebhookPayload(SECRET, BODY, NOW);
    expect(verifyWebhookSignature(SECRET, header, BODY, NOW)).toMatchObject({ valid: true });
    expect(verifyWebhookSignature(SECRET, header, BODY, new Date(NOW.getTime() + 299_000)).valid).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, `${BODY} `, NOW)).toMatchObject({ reason: 'mismatch' });
    expect(verifyWebhookSignature('whsec_other', header, BODY, NOW)).toMatchObject({ reason: 'mismatch' });
    expect(verifyWebhookSignature(SECRET, header, BODY, new Date(NOW.getTime() + 301_000))).toMatchObject({
      reason: 'expired',
    });
    expect(
      verifyWebhookSignature(SECRET, header, BODY, new Date(NOW.getTime() + 3600_000), {
        toleranceSeconds: 7200,
      }).valid,
    ).toBe(true);
  });

  it('accepts any matching v1 entry (secret rotation) and reports garbled headers as malformed', () => {
    const header = signWebhookPayload(['whsec_old', SECRET], BODY, NOW);
    expect(header.split(',').length).toBe(3);
    expect(verifyWebhookSignature(SECRET, header, BODY, NOW).valid).toBe(true);
    expect(verifyWebhookSignature('whsec_old', header, BODY, NOW).valid).toBe(true);
    for (const bad of [undefined, null, '', 'v1=abc', 't=123', 't=abc,v1=00', 'nonsense']) {
      expect(verifyWebhookSignature(SECRET, bad, BODY, NOW)).toMatchObject({
        valid: false,
        reason: 'malformed',
      });
    }
  });
});

/** The status entry and the status list credential, as Cairn issues them. */
import { describe, expect, it } from 'vitest';
import { expectAppError } from '../../../test/support/expect-app-error.js';
import { FIXED_NOW, readFixtureJson } from '../../../test/support/fixtures.js';
import { newKeyPair, signAs, verifyOffline } from '../../../test/support/signing.js';
import { validateCredential } from '../credentials/validate-credential.js';
import { createBitstring, encodeBitstring } from './bitstring.js';
import { buildStatusEntry } from './build-status-entry.js';
import { buildStatusListCredential } from './build-status-list-credential.js';

const LIST = 'https://cairn.example/status/3';

describe('buildStatusEntry', () => {
  it('writes the index as a decimal string and an id that is not the list URL', () => {
    expect(
      buildStatusEntry({ statusListCredential: LIST, statusListIndex: 94_567, statusPurpose: 'revocation' }),
    ).toEqual({
      id: `${LIST}#94567`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '94567',
      statusListCredential: LIST,
    });
  });

  it('carries statusSize, statusMessage and statusReference when given', () => {
    const entry = buildStatusEntry({
      statusListCredential: LIST,
      statusListIndex: 0,
      statusPurpose: 'message',
      statusSize: 2,
      statusMessage: [
        { status: '0x0', message: 'pending_review' },
        { status: '0x1', message: 'accepted' },
        { status: '0x2', message: 'rejected' },
        { status: '0x3', message: 'undefined' },
      ],
      statusReference: 'https://cairn.example/status-dictionary/',
    });
    expect(entry).toMatchObject({ id: `${LIST}#0`, statusSize: 2, statusListIndex: '0' });
    expect(entry.statusMessage).toHaveLength(4);
    expect(entry.statusReference).toBe('https://cairn.example/status-dictionary/');
  });

  it('passes the OB 3.0 schema inside a credential', () => {
    const badge = readFixtureJson('standards/examples/ob3/basic-openbadgecredential.json');
    const credentialStatus = buildStatusEntry({
      statusListCredential: LIST,
      statusListIndex: 12,
      statusPurpose: 'suspension',
    });
    expect(validateCredential({ ...badge, credentialStatus }, { mode: 'verify' }).errors).toEqual([]);
  });

  it('refuses what a verifier could not use (INVALID_INPUT)', () => {
    const base = { statusListCredential: LIST, statusListIndex: 1, statusPurpose: 'revocation' } as const;
    for (const [input, message] of [
      [{ ...base, statusListCredential: 'ftp://cairn.example/status/3' }, /http or https URL/],
      [{ ...base, statusListCredential: `${LIST}#list` }, /fragment/],
      [{ ...base, statusListCredential: '/status/3' }, /http or https URL/],
      [{ ...base, statusListIndex: -1 }, /non-negative integer/],
      [{ ...base, statusListIndex: 1.5 }, /non-negative integer/],
      [{ ...base, statusPurpose: 'deleted' }, /must be one of/],
      [{ ...base, statusSize: 0 }, /statusSize/],
      [{ ...base, statusSize: 2 }, /statusMessage: is required/],
      [
        { ...base, statusSize: 1, statusMessage: [{ status: '0x0', message: 'ok' }] },
        /one message for each of the 2/,
      ],
      [
        {
          ...base,
          statusMessage: [
            { status: '0', message: 'ok' },
            { status: '0x1', message: 'no' },
          ],
        },
        /hexadecimal/,
      ],
      [
        {
          ...base,
          statusMessage: [
            { status: '0x1', message: 'ok' },
            { status: '0x1', message: 'no' },
          ],
        },
        /repeated/,
      ],
      [{ ...base, statusReference: 'not a url' }, /statusReference/],
    ] as const) {
      expectAppError(() => buildStatusEntry(input as never), 'INVALID_INPUT', message);
    }
  });
});

describe('buildStatusListCredential', () => {
  it('builds the list credential with a string issuer and a #list subject', async () => {
    const bitstring = createBitstring();
    if (!bitstring.ok) {
      throw new Error('cannot create a bitstring');
    }
    const encodedList = await encodeBitstring(bitstring.value);
    const list = buildStatusListCredential({
      id: LIST,
      issuer: 'did:web:cairn.example',
      validFrom: new Date('2026-11-28T10:00:00.500Z'),
      validUntil: '2026-12-28T10:00:00+01:00',
      statusPurpose: 'revocation',
      encodedList,
      ttl: 300_000,
    });
    expect(list).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: LIST,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:web:cairn.example',
      validFrom: '2026-11-28T10:00:00Z',
      validUntil: '2026-12-28T09:00:00Z',
      credentialSubject: {
        id: `${LIST}#list`,
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList,
        ttl: 300_000,
      },
    });
  });

  it('signs and verifies with Cairn as a plain verifiable credential', async () => {
    const keyPair = await newKeyPair();
    const bitstring = createBitstring();
    if (!bitstring.ok) {
      throw new Error('cannot create a bitstring');
    }
    const list = buildStatusListCredential({
      id: LIST,
      issuer: keyPair.controller,
      validFrom: '2026-11-01T00:00:00Z',
      statusPurpose: 'suspension',
      encodedList: await encodeBitstring(bitstring.value),
    });
    const signed = await signAs(list, keyPair);
    const report = await verifyOffline(signed, { now: FIXED_NOW });
    expect(report.verified, JSON.stringify(report.checks)).toBe(true);
    expect(typeof (signed as { issuer: unknown }).issuer).toBe('string');
  });

  it('refuses an object issuer, dates without a time zone, a bad encodedList or ttl (INVALID_INPUT)', () => {
    const base = {
      id: LIST,
      issuer: 'did:web:cairn.example',
      validFrom: '2026-11-28T10:00:00Z',
      statusPurpose: 'revocation',
      encodedList: 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA',
    } as const;
    for (const [input, message] of [
      [{ ...base, issuer: { id: 'did:web:cairn.example' } }, /issuer: must be the issuer id as a string/],
      [{ ...base, issuer: 'cairn' }, /issuer/],
      [{ ...base, id: `${LIST}#x` }, /fragment/],
      [{ ...base, validFrom: '2026-11-28T10:00:00' }, /validFrom/],
      [{ ...base, validUntil: '2026-11-28T09:00:00Z' }, /validUntil: must be after validFrom/],
      [{ ...base, encodedList: 'H4sIAAAA' }, /encodedList/],
      [{ ...base, encodedList: 'uH4sI=' }, /encodedList/],
      [{ ...base, ttl: -1 }, /ttl/],
      [{ ...base, statusPurpose: 'whatever' }, /statusPurpose/],
    ] as const) {
      expectAppError(() => buildStatusListCredential(input as never), 'INVALID_INPUT', message);
    }
  });
});

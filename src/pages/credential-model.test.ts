import { describe, expect, it } from 'vitest';
import { displayableImage, safeUrl, summarizeCredential } from './credential-model.js';
import { rowsOf } from './verification-panel.js';

describe('summarizeCredential', () => {
  it('reads an Open Badges 3.0 credential', () => {
    const summary = summarizeCredential({
      id: 'urn:uuid:1',
      issuer: { id: 'did:web:example.org', name: 'Example U', url: 'https://example.org' },
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: {
        identifier: [
          { identityType: 'emailAddress', hashed: true, identityHash: 'sha256$abc' },
          { identityType: 'name', hashed: false, identityHash: 'Ada Lovelace' },
        ],
        achievement: {
          id: 'https://example.org/a/1',
          name: { '@value': 'Arches' },
          description: 'Build an arch.',
          criteria: { narrative: 'It stands.', id: 'javascript:alert(1)' },
          image: { id: 'https://example.org/images/1', caption: 'An arch' },
          alignment: [
            { targetName: 'Keystones', targetUrl: 'https://skills.example/k', targetFramework: 'Stone' },
          ],
          tag: ['stone', 42, null],
          creditsAvailable: 2,
        },
      },
      evidence: { id: 'https://example.org/work', name: 'Work' },
    });
    expect(summary).toMatchObject({
      name: 'Arches',
      description: 'Build an arch.',
      issuer: { id: 'did:web:example.org', name: 'Example U', url: 'https://example.org/' },
      recipient: { name: 'Ada Lovelace', hashedEmail: true },
      criteria: { narrative: 'It stands.' },
      image: { url: 'https://example.org/images/1', caption: 'An arch' },
      alignments: [{ name: 'Keystones', url: 'https://skills.example/k', framework: 'Stone' }],
      tags: ['stone', '42'],
      evidence: [{ name: 'Work', url: 'https://example.org/work' }],
      creditsAvailable: 2,
      hasStatus: false,
    });
    expect(summary.criteria?.url).toBeUndefined();
  });

  it('reads an Open Badges 2.0 assertion with its BadgeClass and issuer embedded (as the verifier gives it)', () => {
    const summary = summarizeCredential({
      id: 'https://example.org/assertions/1',
      type: 'Assertion',
      recipient: { type: 'email', hashed: true, salt: 's', identity: 'sha256$abc' },
      issuedOn: '2026-01-15T10:00:00Z',
      expires: '2027-01-15T10:00:00Z',
      badge: {
        id: 'https://example.org/badges/5',
        name: '3-D Printmaster',
        description: 'Passed the 3-D printing test.',
        criteria: { narrative: 'Pass the test.' },
        tags: ['making'],
        issuer: {
          id: 'https://example.org/issuer',
          name: 'Example Maker Society',
          url: 'https://example.org',
        },
      },
    });
    expect(summary).toMatchObject({
      id: 'https://example.org/assertions/1',
      name: '3-D Printmaster',
      description: 'Passed the 3-D printing test.',
      issuer: {
        id: 'https://example.org/issuer',
        name: 'Example Maker Society',
        url: 'https://example.org/',
      },
      recipient: { hashedEmail: true },
      awardedDate: '2026-01-15T10:00:00Z',
      validUntil: '2027-01-15T10:00:00Z',
      criteria: { narrative: 'Pass the test.' },
      tags: ['making'],
    });
  });

  it('survives a credential with nothing in it', () => {
    expect(summarizeCredential({})).toMatchObject({
      name: '',
      issuer: { name: '' },
      alignments: [],
      tags: [],
    });
    expect(summarizeCredential({ issuer: 'did:key:z6Mk', credentialSubject: [] }).issuer).toEqual({
      id: 'did:key:z6Mk',
      name: 'did:key:z6Mk',
    });
  });
});

describe('links and images', () => {
  it('keep only http(s) links', () => {
    expect(safeUrl('https://example.org/x')).toBe('https://example.org/x');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,hi')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
  });

  it('show images from this server (as paths) or data: URIs, nothing else', () => {
    expect(displayableImage('http://localhost:3000/images/1', 'http://localhost:3000')).toBe('/images/1');
    expect(displayableImage('https://cairn.example/base/images/1', 'https://cairn.example/base')).toBe(
      '/base/images/1',
    );
    expect(displayableImage('data:image/png;base64,AAAA', 'https://cairn.example')).toBe(
      'data:image/png;base64,AAAA',
    );
    expect(displayableImage('https://tracker.example/pixel.png', 'https://cairn.example')).toBeUndefined();
    expect(displayableImage('//tracker.example/pixel.png', 'https://cairn.example')).toBeUndefined();
    expect(displayableImage(undefined, 'https://cairn.example')).toBeUndefined();
  });
});

describe('verification rows', () => {
  it('group the checks and take each group’s worst status', () => {
    const rows = rowsOf({
      checks: [
        { check: 'format', status: 'passed', detail: 'JSON-LD' },
        { check: 'schema', status: 'failed', detail: 'missing name' },
        { check: 'proof', status: 'passed', detail: 'ok' },
        { check: 'issuer', status: 'passed', detail: 'ok' },
        { check: 'validity', status: 'passed', detail: 'ok' },
        { check: 'status', status: 'passed', detail: 'list 1' },
        { check: 'status', status: 'unknown', detail: 'list 2 unreachable' },
      ],
    });
    expect(rows.map((row) => [row.name, row.status])).toEqual([
      ['format', 'failed'],
      ['signature', 'passed'],
      ['issuer', 'passed'],
      ['validity', 'passed'],
      ['status', 'unknown'],
    ]);
    expect(rows[0]?.details).toEqual(['JSON-LD', 'missing name']);
  });

  it('put the Open Badges 2.0 checks in their rows, and the recipient in its own', () => {
    const rows = rowsOf({
      checks: [
        { check: 'format', status: 'passed', detail: 'Open Badges 2.0 hosted assertion' },
        { check: 'hosted', status: 'passed', detail: 'fetched' },
        { check: 'badge', status: 'passed', detail: 'badge' },
        { check: 'issuer', status: 'unknown', detail: 'scope' },
        { check: 'recipient', status: 'failed', detail: 'not awarded to bob@example.org' },
        { check: 'validity', status: 'passed', detail: 'valid' },
        { check: 'status', status: 'passed', detail: 'not revoked' },
      ],
    });
    expect(Object.fromEntries(rows.map((row) => [row.name, row.status]))).toEqual({
      format: 'passed',
      signature: 'passed',
      issuer: 'unknown',
      validity: 'passed',
      status: 'passed',
      recipient: 'failed',
    });
  });

  it('never call a check that was not made passed', () => {
    const rows = rowsOf({ checks: [{ check: 'format', status: 'failed', detail: 'not JSON' }] });
    expect(rows.filter((row) => row.name !== 'format').every((row) => row.status === 'unknown')).toBe(true);
  });
});

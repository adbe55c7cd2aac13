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

  it('never call a check that was not made passed', () => {
    const rows = rowsOf({ checks: [{ check: 'format', status: 'failed', detail: 'not JSON' }] });
    expect(rows.filter((row) => row.name !== 'format').every((row) => row.status === 'unknown')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { es } from './es.js';
import { formatDate, negotiateLocale, pickLocale, translator } from './index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('message catalogs', () => {
  it('translate every English string into Spanish, with the same placeholders', () => {
    for (const [key, english] of Object.entries(en)) {
      const spanish = es[key as keyof typeof en];
      expect(spanish, key).toBeTruthy();
      expect(placeholders(spanish), key).toEqual(placeholders(english));
    }
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
  });

  it('leave few strings identical to English (names and codes only)', () => {
    const same = Object.keys(en).filter((key) => en[key as keyof typeof en] === es[key as keyof typeof en]);
    expect(same.sort()).toEqual(
      ['achievementType.Diploma', 'c.issue.did', 'c.issuers.did', 'meta.credentialTitle'].sort(),
    );
  });

  it('fill placeholders, formatting numbers for the locale', () => {
    expect(translator('en')('c.credentials.shown', { count: 12345 })).toBe('12,345 credentials shown');
    expect(translator('es')('c.credentials.shown', { count: 12345 })).toBe('12.345 credenciales mostradas');
    expect(translator('en')('verify.reason', {})).toBe('Reason: {reason}');
  });
});

describe('choosing the language', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['es-MX,es;q=0.9,en;q=0.8', 'es'],
    ['fr-FR,fr;q=0.9,es;q=0.5,en;q=0.4', 'es'],
    ['de, en;q=0.1, es;q=0', 'en'],
    ['*', 'en'],
    ['EN-gb', 'en'],
  ])('Accept-Language %s → %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });

  it('prefers an explicit choice, then the cookie, then the header', () => {
    expect(pickLocale({ query: 'es', cookie: 'cairn_lang=en', acceptLanguage: 'en' })).toBe('es');
    expect(pickLocale({ query: 'xx', cookie: 'a=b; cairn_lang=es', acceptLanguage: 'en' })).toBe('es');
    expect(pickLocale({ cookie: 'cairn_lang=zz', acceptLanguage: 'es' })).toBe('es');
  });
});

describe('dates', () => {
  it('are written the local way, in UTC so that a date reads the same everywhere', () => {
    expect(formatDate('en', '2026-03-03T23:30:00Z')).toBe('March 3, 2026');
    expect(formatDate('es', '2026-03-03T23:30:00Z')).toBe('3 de marzo de 2026');
    expect(formatDate('en', 'not a date')).toBe('');
    expect(formatDate('en', undefined)).toBe('');
  });
});

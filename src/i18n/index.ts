/**
 * Every string a person reads in Cairn's pages, in English and Spanish, and the Intl formatting of dates
 * and numbers. Isomorphic: the server renders public pages with it (language from `?lang`, the
 * `cairn_lang` cookie or Accept-Language), the browser picks the same way (the cookie, else
 * `navigator.language`).
 */
import { en, type MessageKey } from './en.js';
import { es } from './es.js';

export type { MessageKey } from './en.js';

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** The name of each language in itself, for the language switch. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español' };

/** The cookie the language switch sets; read by the server (public pages) and the console. */
export const LOCALE_COOKIE = 'cairn_lang';

const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, es };

export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** `{name}` placeholders are replaced by `params.name`; numbers are formatted for the locale. */
export function translator(locale: Locale): Translate {
  return once(translators, locale, () => {
    const catalog = CATALOGS[locale];
    const numbers = new Intl.NumberFormat(locale);
    return (key, params) => {
      const template = catalog[key] ?? en[key] ?? key;
      if (!params) {
        return template;
      }
      return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
        const value = params[name];
        if (value === undefined) {
          return whole;
        }
        return typeof value === 'number' ? numbers.format(value) : value;
      });
    };
  });
}

// Intl formatters are costly to build (a batch renders an e-mail per row) and never change: one each.
const translators = new Map<Locale, Translate>();
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<Locale, Intl.DateTimeFormat>();

function once<T>(cache: Map<Locale, T>, locale: Locale, make: () => T): T {
  let value = cache.get(locale);
  if (value === undefined) {
    value = make();
    cache.set(locale, value);
  }
  return value;
}

/**
 * The best of our locales for an Accept-Language header (RFC 9110 §12.5.4): highest q first, a region
 * matching its language (`es-MX` → `es`), `*` or nothing → English.
 */
export function negotiateLocale(header: string | undefined | null): Locale {
  if (!header) {
    return DEFAULT_LOCALE;
  }
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((range) => range.tag !== '' && range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const range of ranges) {
    const language = range.tag.split('-')[0];
    if (isLocale(language)) {
      return language;
    }
  }
  return DEFAULT_LOCALE;
}

/** A locale from a `Cookie` header's `cairn_lang`, if it names one of ours. */
export function localeFromCookieHeader(cookie: string | undefined | null): Locale | undefined {
  const match = cookie ? new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([a-z]{2})`).exec(cookie) : null;
  return match && isLocale(match[1]) ? match[1] : undefined;
}

/** The locale for a request: an explicit choice (`?lang`), then the cookie, then Accept-Language. */
export function pickLocale(choice: {
  query?: string | undefined;
  cookie?: string | undefined;
  acceptLanguage?: string | undefined;
}): Locale {
  if (isLocale(choice.query)) {
    return choice.query;
  }
  return localeFromCookieHeader(choice.cookie) ?? negotiateLocale(choice.acceptLanguage);
}

/**
 * A date as people of the locale write it, in UTC, so a credential issued on the 3rd reads the 3rd
 * everywhere (and the server's page matches the browser's when it hydrates).
 */
export function formatDate(locale: Locale, value: string | Date | undefined | null): string {
  const date = toDate(value);
  return date
    ? once(
        dateFormats,
        locale,
        () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }),
      ).format(date)
    : '';
}

/** A moment in the reader's own time zone (for the console, which is rendered in the browser only). */
export function formatDateTime(locale: Locale, value: string | Date | undefined | null): string {
  const date = toDate(value);
  return date
    ? once(
        dateTimeFormats,
        locale,
        () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
      ).format(date)
    : '';
}

function toDate(value: string | Date | undefined | null): Date | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function formatNumber(locale: Locale, value: number): string {
  return new Intl.NumberFormat(locale).format(value);
}

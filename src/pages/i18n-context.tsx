/** The language of a rendered tree: `useI18n()` gives its translate and format functions. */
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import {
  DEFAULT_LOCALE,
  formatDate,
  formatDateTime,
  formatNumber,
  type Locale,
  type Translate,
  translator,
} from '../i18n/index.js';

export type I18n = {
  locale: Locale;
  t: Translate;
  date: (value: string | Date | undefined | null) => string;
  dateTime: (value: string | Date | undefined | null) => string;
  number: (value: number) => string;
};

export function createI18n(locale: Locale): I18n {
  return {
    locale,
    t: translator(locale),
    date: (value) => formatDate(locale, value),
    dateTime: (value) => formatDateTime(locale, value),
    number: (value) => formatNumber(locale, value),
  };
}

const I18nContext = createContext<I18n>(createI18n(DEFAULT_LOCALE));

export function I18nProvider({ locale, children }: { locale: Locale; children?: ReactNode }) {
  const value = useMemo(() => createI18n(locale), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/**
 * The e-mails Cairn sends to learners, in English and Spanish (src/i18n, keys `mail.*`), each as HTML
 * and plain text. Pure: the services gather the data (names, links, dates) and queue the result.
 *
 * Essential mail (issued, revoked, suspended / unsuspended, sign-in link) has no unsubscribe link; the
 * non-essential (expiring soon) gets one from the caller (`unsubscribeUrl`). Pathway progress is part of
 * the "you earned" mail of the credential that made it.
 */
import { formatDate, isLocale, type Locale, translator } from '../../i18n/index.js';
import { type MailContent, type RenderedMail, renderMail } from './layout.js';

export type { RenderedMail } from './layout.js';

/** What every credential mail names. */
export type CredentialMailData = {
  locale: string;
  learnerName?: string | null;
  achievementName: string;
  issuerName: string;
  credentialUrl: string;
  /** The badge image's URL, shown with alt text. */
  imageUrl?: string | null;
};

function localeOf(value: string): Locale {
  return isLocale(value) ? value : 'en';
}

function frame(
  data: { locale: string; learnerName?: string | null; issuerName?: string },
  content: Omit<MailContent, 'locale' | 'greeting' | 'footer' | 'linkFallback'> & {
    essential: boolean;
    unsubscribeUrl?: string;
  },
): RenderedMail {
  const locale = localeOf(data.locale);
  const t = translator(locale);
  const { essential, unsubscribeUrl, ...rest } = content;
  const issuer = data.issuerName;
  return renderMail({
    ...rest,
    locale,
    greeting: data.learnerName ? t('mail.greeting', { name: data.learnerName }) : t('mail.greetingAnonymous'),
    linkFallback: t('mail.linkFallback'),
    footer: [
      issuer ? t('mail.footer', { issuer }) : t('mail.footerInstallation'),
      ...(essential ? [t('mail.essential')] : []),
    ],
    ...(unsubscribeUrl && !essential
      ? { unsubscribe: { label: t('mail.unsubscribe', { issuer: issuer ?? 'Cairn' }), url: unsubscribeUrl } }
      : {}),
  });
}

function badge(data: CredentialMailData) {
  const t = translator(localeOf(data.locale));
  return data.imageUrl
    ? { image: { src: data.imageUrl, alt: t('mail.badgeAlt', { achievement: data.achievementName }) } }
    : {};
}

/** How far a new credential took its learner along a pathway it does not complete yet. */
export type PathwayProgressNote = {
  pathwayName: string;
  percent: number;
  /** Names of the achievements still to earn (the next steps). */
  remaining: readonly string[];
  pathwayUrl: string;
};

/**
 * "You earned …": the claim link (when there is one) and the credential's page, saying plainly that the
 * credential is valid and shareable before it is claimed. With `pathwayName`, the credential was awarded
 * for completing that pathway, and the mail says so. With `progress`, the pathways it counts toward and
 * what is left of each: one e-mail per credential, not one more per pathway.
 */
export function credentialIssuedMail(
  data: CredentialMailData & {
    claimUrl?: string;
    claimExpiresAt?: string;
    pathwayName?: string;
    progress?: readonly PathwayProgressNote[];
  },
): RenderedMail {
  const locale = localeOf(data.locale);
  const t = translator(locale);
  const names = { issuer: data.issuerName, achievement: data.achievementName };
  const subject = data.pathwayName
    ? t('mail.pathwayCompleted.subject', { pathway: data.pathwayName })
    : t('mail.issued.subject', names);
  const view = { label: t('mail.issued.viewAction'), url: data.credentialUrl };
  const progress = data.progress ?? [];
  const pathwayLinks = progress.map((note) => ({
    label: t('mail.progress.link', { pathway: note.pathwayName }),
    url: note.pathwayUrl,
  }));
  return frame(data, {
    essential: true,
    subject,
    heading: subject,
    ...badge(data),
    paragraphs: [
      data.pathwayName
        ? t('mail.pathwayCompleted.lead', { ...names, pathway: data.pathwayName })
        : t('mail.issued.lead', names),
      t('mail.issued.valid'),
      ...(data.claimUrl ? [t('mail.issued.claim', { date: formatDate(locale, data.claimExpiresAt) })] : []),
      ...progress.flatMap((note) => progressParagraphs(locale, note)),
    ],
    ...(data.claimUrl
      ? {
          action: { label: t('mail.issued.claimAction'), url: data.claimUrl },
          links: [view, ...pathwayLinks],
        }
      : { action: view, ...(pathwayLinks.length > 0 ? { links: pathwayLinks } : {}) }),
  });
}

function progressParagraphs(locale: Locale, note: PathwayProgressNote): string[] {
  const t = translator(locale);
  const values = { pathway: note.pathwayName, percent: Math.round(note.percent) };
  const list = new Intl.ListFormat(locale, { type: 'conjunction' }).format(
    note.remaining.map((name) => t('mail.progress.item', { name })),
  );
  return [
    t('mail.progress.lead', values),
    ...(note.remaining.length > 0 ? [t('mail.progress.remaining', { items: list })] : []),
  ];
}

export type StatusMailKind = 'revoked' | 'suspended' | 'unsuspended';

/** Revoked, suspended, active again; with the reason only when the issuer made it public. */
export function credentialStatusMail(
  kind: StatusMailKind,
  data: CredentialMailData & { publicReason?: string | null },
): RenderedMail {
  const t = translator(localeOf(data.locale));
  const names = { issuer: data.issuerName, achievement: data.achievementName };
  const subject = t(`mail.${kind}.subject`, names);
  return frame(data, {
    essential: true,
    subject,
    heading: subject,
    paragraphs: [
      t(`mail.${kind}.lead`, names),
      ...(data.publicReason && kind !== 'unsuspended'
        ? [t('mail.reason', { reason: data.publicReason })]
        : []),
      t('mail.questions', names),
    ],
    action: { label: t('mail.issued.viewAction'), url: data.credentialUrl },
  });
}

/** "Expires on …": a reminder before validUntil. Non-essential. */
export function credentialExpiringMail(
  data: CredentialMailData & { validUntil: string; unsubscribeUrl: string },
): RenderedMail {
  const locale = localeOf(data.locale);
  const t = translator(locale);
  const names = {
    issuer: data.issuerName,
    achievement: data.achievementName,
    date: formatDate(locale, data.validUntil),
  };
  const subject = t('mail.expiring.subject', names);
  return frame(data, {
    essential: false,
    unsubscribeUrl: data.unsubscribeUrl,
    subject,
    heading: subject,
    ...badge(data),
    paragraphs: [t('mail.expiring.lead', names), t('mail.expiring.renew', names)],
    action: { label: t('mail.issued.viewAction'), url: data.credentialUrl },
  });
}

/** A magic sign-in link (learner accounts). Essential. */
export function signInLinkMail(data: {
  locale: string;
  url: string;
  minutes: number;
  learnerName?: string | null;
}): RenderedMail {
  const t = translator(localeOf(data.locale));
  const subject = t('mail.signIn.subject');
  return frame(data, {
    essential: true,
    subject,
    heading: subject,
    paragraphs: [t('mail.signIn.lead', { minutes: data.minutes }), t('mail.signIn.ignore')],
    action: { label: t('mail.signIn.action'), url: data.url },
  });
}

/**
 * What a page shows of a credential, read defensively out of its JSON: any field may be missing, a
 * language map or a list where a string was expected. Pure: the server page, the browser verifier and
 * the console's preview all read credentials through it.
 */

type Json = Record<string, unknown>;

export type Alignment = {
  name: string;
  url?: string;
  framework?: string;
  code?: string;
  description?: string;
};
export type EvidenceItem = { name?: string; url?: string; narrative?: string; description?: string };
export type ResultItem = { value?: string; status?: string; level?: string };

export type CredentialSummary = {
  id?: string;
  name: string;
  description?: string;
  achievementType?: string;
  achievementId?: string;
  image?: { url: string; caption?: string };
  issuer: {
    id?: string;
    name: string;
    url?: string;
    email?: string;
    description?: string;
    imageUrl?: string;
  };
  recipient: {
    /** The learner's name as the issuer wrote it, when it did. */
    name?: string;
    /** A DID or URL naming the learner. */
    id?: string;
    /** True when the learner is named by a hashed e-mail address (privacy: the address is not in the credential). */
    hashedEmail: boolean;
  };
  awardedDate?: string;
  validFrom?: string;
  validUntil?: string;
  criteria?: { narrative?: string; url?: string };
  alignments: Alignment[];
  tags: string[];
  evidence: EvidenceItem[];
  results: ResultItem[];
  narrative?: string;
  creditsAvailable?: number;
  fieldOfStudy?: string;
  hasStatus: boolean;
};

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string, or the first string of a list or a JSON-LD value / language map. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value.trim() === '' ? undefined : value;
  }
  if (typeof value === 'number') {
    return String(value);
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = text(item);
      if (found !== undefined) {
        return found;
      }
    }
    return undefined;
  }
  if (isObject(value)) {
    if ('@value' in value) {
      return text(value['@value']);
    }
    return undefined;
  }
  return undefined;
}

function list(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

/** Only http(s) links are ever put in an href: a `javascript:` URL in a credential must not become a link. */
export function safeUrl(value: unknown): string | undefined {
  const candidate = text(value);
  if (!candidate) {
    return undefined;
  }
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function imageUrl(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  return isObject(value) ? text(value.id) : undefined;
}

function firstSubject(credential: Json): Json {
  const subject = credential.credentialSubject;
  const first = Array.isArray(subject) ? subject[0] : subject;
  return isObject(first) ? first : {};
}

function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

/**
 * An Open Badges 2.0 Assertion in the OB 3.0 shape the page reads: its BadgeClass is the achievement,
 * the BadgeClass's issuer the issuer, `issuedOn` / `expires` the validity window.
 */
function fromOb2Assertion(assertion: Json): Json {
  const badge = isObject(assertion.badge) ? assertion.badge : {};
  const recipient = isObject(assertion.recipient) ? assertion.recipient : {};
  return {
    id: assertion.id,
    issuer: badge.issuer,
    awardedDate: assertion.issuedOn,
    validFrom: assertion.issuedOn,
    validUntil: assertion.expires,
    evidence: assertion.evidence,
    credentialSubject: {
      achievement: { ...badge, tag: badge.tags },
      narrative: assertion.narrative,
      identifier:
        recipient.type === 'email'
          ? [
              {
                identityType: 'emailAddress',
                hashed: recipient.hashed === true,
                identityHash: recipient.identity,
              },
            ]
          : [],
    },
  };
}

export function summarizeCredential(credential: Json): CredentialSummary {
  if (credential.credentialSubject === undefined && credential.badge !== undefined) {
    return summarizeCredential(fromOb2Assertion(credential));
  }
  const subject = firstSubject(credential);
  const achievement = isObject(subject.achievement) ? subject.achievement : {};
  const issuer = isObject(credential.issuer) ? credential.issuer : {};
  const issuerId = typeof credential.issuer === 'string' ? credential.issuer : text(issuer.id);
  const identifiers = list(subject.identifier).filter(isObject);
  const nameIdentity = identifiers.find((entry) => entry.identityType === 'name' && entry.hashed !== true);
  const image = imageUrl(achievement.image) ?? imageUrl(credential.image);
  const criteria = isObject(achievement.criteria) ? achievement.criteria : undefined;
  const credits = Number(achievement.creditsAvailable);
  return compact({
    id: text(credential.id),
    name: text(achievement.name) ?? text(credential.name) ?? '',
    description: text(achievement.description) ?? text(credential.description),
    achievementType: text(achievement.achievementType),
    achievementId: text(achievement.id),
    image: image
      ? compact({
          url: image,
          caption: isObject(achievement.image) ? text(achievement.image.caption) : undefined,
        })
      : undefined,
    issuer: compact({
      id: issuerId,
      name: text(issuer.name) ?? issuerId ?? '',
      url: safeUrl(issuer.url),
      email: text(issuer.email),
      description: text(issuer.description),
      imageUrl: imageUrl(issuer.image),
    }),
    recipient: compact({
      name: text(subject.name) ?? text(nameIdentity?.identityHash),
      id: text(subject.id),
      hashedEmail: identifiers.some(
        (entry) => entry.identityType === 'emailAddress' && entry.hashed === true,
      ),
    }),
    awardedDate: text(credential.awardedDate),
    validFrom: text(credential.validFrom) ?? text(credential.issuanceDate),
    validUntil: text(credential.validUntil) ?? text(credential.expirationDate),
    criteria: criteria
      ? compact({ narrative: text(criteria.narrative), url: safeUrl(criteria.id) })
      : undefined,
    alignments: list(achievement.alignment)
      .filter(isObject)
      .map((entry) =>
        compact({
          name: text(entry.targetName) ?? text(entry.targetUrl) ?? '',
          url: safeUrl(entry.targetUrl),
          framework: text(entry.targetFramework),
          code: text(entry.targetCode),
          description: text(entry.targetDescription),
        }),
      )
      .filter((entry) => entry.name !== ''),
    tags: list(achievement.tag)
      .map(text)
      .filter((tag): tag is string => tag !== undefined),
    evidence: list(credential.evidence)
      .filter(isObject)
      .map((entry) =>
        compact({
          name: text(entry.name),
          url: safeUrl(entry.id),
          narrative: text(entry.narrative),
          description: text(entry.description),
        }),
      ),
    results: list(subject.result)
      .filter(isObject)
      .map((entry) =>
        compact({ value: text(entry.value), status: text(entry.status), level: text(entry.achievedLevel) }),
      ),
    narrative: text(subject.narrative),
    creditsAvailable:
      Number.isFinite(credits) && achievement.creditsAvailable !== undefined ? credits : undefined,
    fieldOfStudy: text(achievement.fieldOfStudy),
    hasStatus: credential.credentialStatus !== undefined,
  }) as CredentialSummary;
}

/**
 * The address an image may be shown from: the page's own server (a path, so a page reached by another
 * host name still shows it) or a data: URI of an image. Anything else is not loaded: the page's
 * Content-Security-Policy would refuse it, and a remote image would tell a third party who looked.
 */
export function displayableImage(url: string | undefined, publicUrl: string): string | undefined {
  if (!url) {
    return undefined;
  }
  if (/^data:image\/(png|svg\+xml|jpeg|gif|webp);/i.test(url)) {
    return url;
  }
  return localPath(url, publicUrl);
}

/**
 * A URL of this server as a path (`https://host/base/x` → `/base/x`), so that it works whatever host name
 * the page was reached by; a path stays as it is; anything else is undefined.
 */
export function localPath(url: string, publicUrl: string): string | undefined {
  const base = publicUrl.replace(/\/+$/, '');
  if (url.startsWith(`${base}/`)) {
    return url.slice(base.length - new URL(base).pathname.replace(/\/+$/, '').length);
  }
  if (url.startsWith('/') && !url.startsWith('//')) {
    return url;
  }
  return undefined;
}

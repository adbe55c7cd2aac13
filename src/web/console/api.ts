/**
 * The console's HTTP client: same-origin JSON with the session cookie, the CSRF token (double submit:
 * the `cairn_csrf` cookie echoed in X-CSRF-Token) on writes, and the chosen organization in
 * X-Cairn-Organization. Errors are the server's problem+json, kept whole (code, detail, per-field errors).
 */

export type FieldProblem = { path: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldProblem[],
  ) {
    super(detail ?? title);
  }

  /** The route is not on this server (an API that has not landed yet). */
  get isMissingRoute(): boolean {
    return this.status === 404 && /^Nothing at /.test(this.detail ?? '');
  }
}

let organizationId: string | undefined;
let csrfCookie = 'cairn_csrf';

/** The cookie whose CSRF token writes echo: the wallet's session has its own (`cairn_wallet_csrf`). */
export function setCsrfCookie(name: string): void {
  csrfCookie = name;
}
let onSignedOut: (() => void) | undefined;

/** Called when the server no longer knows the session (it expired, or was ended elsewhere). */
export function whenSignedOut(handler: (() => void) | undefined): void {
  onSignedOut = handler;
}

export function setOrganization(id: string | undefined): void {
  organizationId = id;
}

function cookie(name: string): string | undefined {
  const match = new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(document.cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** A file upload (multipart/form-data). */
  form?: FormData;
  /** Leave out the organization header (sign-in, /auth/me). */
  noOrganization?: boolean;
};

/** What every request of the console carries: the CSRF token on writes, the chosen organization. */
export function sessionHeaders(
  method = 'GET',
  options: { noOrganization?: boolean } = {},
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') {
    const csrf = cookie(csrfCookie);
    if (csrf) {
      headers['x-csrf-token'] = csrf;
    }
  }
  if (organizationId && !options.noOrganization) {
    headers['x-cairn-organization'] = organizationId;
  }
  return headers;
}

function requestHeaders(method: string, accept: string, noOrganization?: boolean): Record<string, string> {
  return { accept, ...sessionHeaders(method, { noOrganization: noOrganization === true }) };
}

/**
 * Downloads a file the API answers (the batch error report): fetched with the session's headers — a
 * plain link could not name the organization — and saved under `filename`.
 */
export async function downloadFile(path: string, filename: string): Promise<void> {
  const response = await fetch(path, { headers: sessionHeaders(), credentials: 'same-origin' });
  if (!response.ok) {
    throw await problemOf(response, undefined);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once click() returns; the URL is no longer needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

async function problemOf(response: Response, json: unknown): Promise<ApiError> {
  const problem = (json ?? (await response.json().catch(() => ({})))) as {
    code?: string;
    title?: string;
    detail?: string;
    errors?: FieldProblem[];
  };
  return new ApiError(
    response.status,
    problem.code ?? `HTTP_${response.status}`,
    problem.title ?? response.statusText,
    problem.detail,
    Array.isArray(problem.errors) ? problem.errors : [],
  );
}

/** A POST whose answer is a file (a design preview: SVG, PNG or PDF), as a Blob. */
export async function apiBlob(path: string, body: unknown, signal?: AbortSignal): Promise<Blob> {
  const headers = requestHeaders('POST', '*/*');
  headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    credentials: 'same-origin',
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) {
    throw await problemOf(response, undefined);
  }
  return await response.blob();
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers = requestHeaders(method, 'application/json', options.noOrganization);
  let body: BodyInit | undefined;
  if (options.form) {
    body = options.form;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body ?? null, credentials: 'same-origin' });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', 'The server could not be reached', (error as Error).message, []);
  }
  if (response.status === 204) {
    return undefined as T;
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (response.status === 401 && !options.noOrganization) {
    onSignedOut?.();
  }
  if (!response.ok) {
    throw await problemOf(response, json ?? {});
  }
  return json as T;
}

/** The API's shapes the console reads (DESIGN §7 and the OpenAPI document). */
export type Role = 'owner' | 'admin' | 'issuer' | 'viewer';
export const ROLES: Role[] = ['owner', 'admin', 'issuer', 'viewer'];

export type Me = {
  user: { id: string; email: string; name: string };
  organizations: { id: string; role: Role; name?: string; slug?: string }[];
};

export type IssuerKey = {
  id: string;
  verificationMethod: string;
  publicKeyMultibase: string;
  status: string;
  createdAt: string;
  retiredAt: string | null;
};

export type Issuer = {
  id: string;
  slug: string;
  did: string;
  name: string;
  url: string | null;
  email: string | null;
  description: string | null;
  imageId: string | null;
  keys?: IssuerKey[];
};

export type AchievementStatus = 'draft' | 'active' | 'archived';

export type Achievement = {
  id: string;
  url?: string;
  name: string;
  achievementType: string;
  status?: AchievementStatus;
  issuerId?: string;
  imageId?: string | null;
  validityMonths?: number | null;
  achievement?: Record<string, unknown>;
  createdAt?: string;
  updatedAt?: string;
};

export type CredentialStatus = 'active' | 'revoked' | 'suspended' | 'expired';

export type IssuedCredential = {
  id: string;
  url: string;
  status: CredentialStatus;
  achievementId: string;
  issuerId: string;
  recipient: { email: string | null; did: string | null };
  awardedDate: string;
  validFrom: string;
  validUntil: string | null;
  statusReason: string | null;
  issuedAt: string;
  credential: Record<string, unknown>;
  mail?: CredentialMail | null;
};

export type Page<T> = { items: T[]; next: string | null };

export type MailStatus = 'queued' | 'retrying' | 'sent' | 'failed';

/** The last e-mail about a credential (`mail` on the credential). */
export type CredentialMail = {
  id: string;
  kind: string;
  status: MailStatus;
  to: string;
  lastError: string | null;
  sentAt: string | null;
  updatedAt: string;
};

export type MailDelivery = {
  id: string;
  kind: string;
  to: string;
  subject: string;
  locale: string;
  credentialId: string | null;
  status: MailStatus;
  transport: 'smtp' | 'mailbox' | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
};

export type MailboxMessage = {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  kind: string;
  sentAt: string | null;
};

export type Member = { userId: string; email: string; name: string; role: Role; joinedAt: string };

export type ApiKey = {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export type UploadedImage = { id: string; url: string; mediaType: string };

export type BadgeDesign = {
  shape?: string;
  colors?: { background?: string; border?: string; text?: string; accent?: string };
  icon?: string;
  imageId?: string;
  textLines?: string[];
  altText?: string;
};

export type CertificateDesign = {
  layout?: 'certificate' | 'diploma';
  paper?: 'A4' | 'Letter';
  font?: 'serif' | 'sans';
  colors?: { primary?: string; accent?: string; text?: string; background?: string };
  title?: string;
  logoImageId?: string;
  signatures?: { name: string; title?: string }[];
  showBadge?: boolean;
};

export type AchievementDesign = {
  achievementId: string;
  badge: BadgeDesign | null;
  certificate: CertificateDesign | null;
  effective: { badge: BadgeDesign; certificate: CertificateDesign };
  updatedAt: string | null;
};

export type CredentialEvent = {
  id: string;
  action: string;
  at: string;
  actor: { type: 'user' | 'api_key' | 'system'; id: string | null; name: string | null };
  details: Record<string, unknown> | null;
};

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
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** A file upload (multipart/form-data). */
  form?: FormData;
  /** Leave out the organization header (sign-in, /auth/me). */
  noOrganization?: boolean;
};

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    const csrf = cookie(csrfCookie);
    if (csrf) {
      headers['x-csrf-token'] = csrf;
    }
  }
  if (organizationId && !options.noOrganization) {
    headers['x-cairn-organization'] = organizationId;
  }
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
    const problem = (json ?? {}) as {
      code?: string;
      title?: string;
      detail?: string;
      errors?: FieldProblem[];
    };
    throw new ApiError(
      response.status,
      problem.code ?? `HTTP_${response.status}`,
      problem.title ?? response.statusText,
      problem.detail,
      Array.isArray(problem.errors) ? problem.errors : [],
    );
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
};

export type Page<T> = { items: T[]; next: string | null };

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

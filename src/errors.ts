/**
 * The catalog of every error Cairn reports to a caller: a stable code, its HTTP status and a title.
 * A shipped code never changes. `docs/errors.md` lists every code; `errors.test.ts` keeps the two in step.
 */
export const ERROR_CODES = {
  // Input a caller gave us
  INVALID_INPUT: { status: 400, title: 'The input is not valid' },
  UNREADABLE_INPUT: { status: 400, title: 'The input could not be read' },
  INVALID_JSON: { status: 400, title: 'The input is not valid JSON' },
  INVALID_KEY: { status: 400, title: 'The key is not a valid key pair' },
  UNSUPPORTED_KEY_TYPE: { status: 400, title: 'This key type is not supported' },
  UNSUPPORTED_SUITE: { status: 400, title: 'This proof suite is not supported' },
  ISSUER_KEY_MISMATCH: { status: 422, title: "The credential's issuer is not the key's controller" },
  CREDENTIAL_INVALID: { status: 422, title: 'The credential does not match the Open Badges 3.0 schema' },
  CREDENTIAL_NOT_SIGNABLE: { status: 422, title: 'The credential cannot be signed as it stands' },
  VERIFICATION_FAILED: { status: 422, title: 'The credential or presentation did not verify' },
  // JSON-LD
  CONTEXT_UNKNOWN: { status: 422, title: 'The credential uses a JSON-LD context Cairn does not know' },
  JSONLD_UNDEFINED_TERM: { status: 422, title: 'The credential uses a term no context defines' },
  JSONLD_ERROR: { status: 422, title: 'The credential is not valid JSON-LD' },
  // Keys and identifiers
  DID_UNSUPPORTED: { status: 422, title: 'This DID method is not supported' },
  DID_NOT_FOUND: { status: 422, title: 'The DID or verification method could not be resolved' },
  // Images
  IMAGE_INVALID: { status: 422, title: 'The image is damaged or not a PNG or SVG' },
  IMAGE_NO_CREDENTIAL: { status: 422, title: 'The image carries no credential' },
  IMAGE_ALREADY_BAKED: { status: 409, title: 'The image already carries a credential' },
  PDF_INVALID: { status: 422, title: 'The PDF is damaged or cannot be read' },
  PDF_NO_CREDENTIAL: { status: 422, title: 'The PDF carries no credential' },
  // Rendering
  RENDER_FAILED: { status: 500, title: 'The image or document could not be rendered' },
  // Outbound fetches
  FETCH_BLOCKED: { status: 422, title: 'The address is not allowed to be fetched' },
  FETCH_FAILED: { status: 502, title: 'The address could not be fetched' },
  FETCH_TIMEOUT: { status: 504, title: 'The address took too long to answer' },
  FETCH_TOO_LARGE: { status: 502, title: 'The answer was larger than allowed' },
  // Operation
  CONFIG_INVALID: { status: 500, title: 'The server configuration is not valid' },
  // Access
  UNAUTHENTICATED: { status: 401, title: 'Sign in or send an API key' },
  FORBIDDEN: { status: 403, title: 'Your role does not allow this' },
  CSRF_FAILED: { status: 403, title: 'The request lacks a valid CSRF token' },
  INVALID_CREDENTIALS: { status: 401, title: 'The e-mail address or password is wrong' },
  RATE_LIMITED: { status: 429, title: 'Too many requests; try again later' },
  // HTTP
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'This content type is not accepted here' },
  CONFLICT: { status: 409, title: 'This conflicts with what exists' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'The idempotency key was used for a different request' },
  // Batches
  BATCH_FILE_INVALID: { status: 422, title: 'The batch file cannot be used as a whole' },
  // Pathways
  PATHWAY_INVALID: { status: 422, title: 'The pathway cannot be met or is not valid' },
  // Learner accounts and the wallet
  LINK_INVALID: { status: 400, title: 'The link is unknown, already used or expired' },
  IDENTITY_TAKEN: { status: 409, title: 'This e-mail address or DID belongs to another account' },
  DID_PROOF_FAILED: { status: 422, title: 'The proof of control of the DID did not verify' },
  HANDLE_TAKEN: { status: 409, title: 'This portfolio handle is taken' },
  // Claims and mail
  CLAIM_USED: { status: 410, title: 'This claim link was used already' },
  CLAIM_EXPIRED: { status: 410, title: 'This claim link has expired' },
  UNSUBSCRIBE_INVALID: { status: 400, title: 'The unsubscribe link is not valid' },
  MAILBOX_UNAVAILABLE: { status: 404, title: 'There is no development mailbox: mail goes to SMTP' },
  MAIL_NOT_FAILED: { status: 409, title: 'Only an e-mail that failed can be sent again' },
  MAIL_NOT_RESENDABLE: { status: 409, title: 'This e-mail cannot be sent again' },
  // Generic
  NOT_FOUND: { status: 404, title: 'Not found' },
  INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error with a stable code from ERROR_CODES; `detail` says what went wrong for this call. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ?? ERROR_CODES[code].title, options);
    this.code = code;
    this.detail = detail;
  }
  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

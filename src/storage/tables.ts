import type { Generated } from 'kysely';

/**
 * The row types of every table, as Kysely sees them. Both dialects return the same JavaScript values
 * (see `docs/storage.md`):
 *
 * - ids are text;
 * - timestamps are ISO-8601 UTC strings with milliseconds (`2026-11-28T10:51:49.427Z`): `text` on SQLite,
 *   `timestamptz` on PostgreSQL (read back through a type parser into the same string form);
 * - JSON that Cairn does not sign (`*.details`, `achievements.document`) is a JSON string: `text` on
 *   SQLite, `jsonb` on PostgreSQL (read back as text); the repositories parse and serialize it;
 * - a signed credential is `text` on both, byte for byte as signed (jsonb would reorder its keys);
 * - booleans are `DbBoolean` (0 | 1): `integer` on SQLite, `boolean` on PostgreSQL (read back as 0 | 1);
 * - bytes are `Uint8Array` (a Buffer when read): `blob` on SQLite, `bytea` on PostgreSQL.
 */

/** A boolean column: 0 or 1 on both dialects. `toDbBoolean` / `fromDbBoolean` convert. */
export type DbBoolean = 0 | 1;

/** An ISO-8601 UTC timestamp with milliseconds, as produced by `Date.prototype.toISOString`. */
export type Timestamp = string;

export type Role = 'owner' | 'admin' | 'issuer' | 'viewer';
export const ROLES: readonly Role[] = ['owner', 'admin', 'issuer', 'viewer'];

export type ActorType = 'user' | 'api_key' | 'system';
export const ACTOR_TYPES: readonly ActorType[] = ['user', 'api_key', 'system'];

export type IssuerKeyStatus = 'active' | 'retired';
export const ISSUER_KEY_STATUSES: readonly IssuerKeyStatus[] = ['active', 'retired'];

export type AchievementStatus = 'draft' | 'active' | 'archived';
export const ACHIEVEMENT_STATUSES: readonly AchievementStatus[] = ['draft', 'active', 'archived'];

export type LearnerIdentifierType = 'email' | 'did' | 'external';
export const LEARNER_IDENTIFIER_TYPES: readonly LearnerIdentifierType[] = ['email', 'did', 'external'];

/** What is stored. `expired` is never stored: it is computed from `valid_until` (see `credentialStatus`). */
export type StoredCredentialStatus = 'active' | 'revoked' | 'suspended';
export const STORED_CREDENTIAL_STATUSES: readonly StoredCredentialStatus[] = [
  'active',
  'revoked',
  'suspended',
];

export type OrganizationTable = {
  id: string;
  slug: string;
  name: string;
  /** The language of mail to learners when the issue request names none (migration 0010); null: English. */
  mail_locale: string | null;
  created_at: Timestamp;
};

export type UserTable = {
  id: string;
  /** Trimmed, NFC-normalized and lower-cased by the repository; unique. */
  email: string;
  password_hash: string;
  name: string;
  created_at: Timestamp;
};

export type MembershipTable = {
  organization_id: string;
  user_id: string;
  role: Role;
  created_at: Timestamp;
};

export type SessionTable = {
  /** SHA-256 (hex) of the session token: the token itself is never stored. */
  id: string;
  user_id: string;
  csrf_token_hash: string | null;
  expires_at: Timestamp;
  created_at: Timestamp;
};

export type ApiKeyTable = {
  id: string;
  organization_id: string;
  name: string;
  role: Role;
  /** The first characters of the key, shown in lists so people can tell keys apart. */
  prefix: string;
  /** SHA-256 (hex) of the whole key; unique. API keys are long random strings, so a fast hash suffices. */
  key_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
};

export type AuditLogTable = {
  id: string;
  organization_id: string;
  actor_type: ActorType;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** JSON text. */
  details: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
};

export type IssuerTable = {
  id: string;
  organization_id: string;
  /** Unique across the installation: it is part of the issuer's did:web. */
  slug: string;
  name: string;
  url: string | null;
  email: string | null;
  description: string | null;
  image_id: string | null;
  /** Credentials carry a suspension entry too (a second credentialStatus, beyond OB 3.0's one). */
  suspension_enabled: Generated<DbBoolean>;
  /** LinkedIn's id of the issuing organization, for Add-to-Profile links (migration 0005). */
  linkedin_organization_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type IssuerKeyTable = {
  id: string;
  issuer_id: string;
  organization_id: string;
  /** 'Ed25519' today; not constrained in the database so a new key type needs no table rebuild. */
  type: string;
  public_key_multibase: string;
  /** The secret key, encrypted under the master key (AES-256-GCM); its format belongs to the service. */
  encrypted_secret_key: string;
  status: IssuerKeyStatus;
  created_at: Timestamp;
  retired_at: Timestamp | null;
};

export type ImageTable = {
  id: string;
  organization_id: string;
  media_type: string;
  bytes: Uint8Array;
  /** SHA-256 (hex) of `bytes`. */
  sha256: string;
  created_at: Timestamp;
};

export type AchievementTable = {
  id: string;
  organization_id: string;
  issuer_id: string;
  status: AchievementStatus;
  name: string;
  achievement_type: string;
  /** JSON text: the full Open Badges 3.0 Achievement fields. */
  document: string;
  image_id: string | null;
  validity_months: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type LearnerTable = {
  id: string;
  organization_id: string;
  name: string | null;
  created_at: Timestamp;
};

export type LearnerIdentifierTable = {
  id: string;
  organization_id: string;
  learner_id: string;
  type: LearnerIdentifierType;
  /** Normalized by the repository (e-mail addresses lower-cased); unique per organization and type. */
  value: string;
  verified: DbBoolean;
  created_at: Timestamp;
};

export type CredentialTable = {
  /** The credential's public id (the service decides its form, e.g. a UUID behind `urn:uuid:`). */
  id: string;
  organization_id: string;
  issuer_id: string;
  achievement_id: string;
  learner_id: string;
  recipient_email: string | null;
  recipient_did: string | null;
  status: StoredCredentialStatus;
  status_reason: string | null;
  /** Whether the public page shows `status_reason` to verifiers. */
  status_reason_public: Generated<DbBoolean>;
  /** The learner's choice (0011): `public` (listed on their portfolio), `link` (the default), `private`. */
  visibility: Generated<CredentialVisibility>;
  /** The credential exactly as signed: JSON text, never re-serialized. */
  document: string;
  awarded_date: Timestamp;
  valid_from: Timestamp;
  valid_until: Timestamp | null;
  idempotency_key: string | null;
  /** The language of the learner's mail about this credential, chosen at issuance (migration 0010). */
  mail_locale: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type StatusPurposeColumn = 'revocation' | 'suspension';

export type StatusListTable = {
  id: string;
  organization_id: string;
  issuer_id: string;
  purpose: StatusPurposeColumn;
  /** Entries (bits) in the list. */
  size: number;
  /** How many entries have been handed out: the next credential gets permutedIndex(allocated). */
  allocated: number;
  permutation_key: Uint8Array;
  /** Bumped by every change of an entry's value. */
  version: number;
  /** The version `signed_document` shows; -1 before the first signature. */
  signed_version: number;
  signed_document: string | null;
  signed_at: Timestamp | null;
  created_at: Timestamp;
};

export type CredentialStatusEntryTable = {
  organization_id: string;
  credential_id: string;
  list_id: string;
  purpose: StatusPurposeColumn;
  status_index: number;
  /** The entry's bit: 1 revoked (or suspended), 0 not. */
  value: number;
};

/** A key of the installation itself (not of an organization), by a stable name such as `vc-api-conformance`. */
export type SystemKeyTable = {
  name: string;
  /** 'Ed25519' today. */
  type: string;
  public_key_multibase: string;
  /** The secret key, encrypted under the master key (AES-256-GCM); its format belongs to the service. */
  encrypted_secret_key: string;
  created_at: Timestamp;
};

/** An achievement's design settings (migration 0006): JSON text, validated by the API. */
export type DesignTable = {
  organization_id: string;
  /** Unique: one design per achievement. */
  achievement_id: string;
  /** JSON text: the badge design (`src/rendering/design.ts`), or null for none. */
  badge: string | null;
  /** JSON text: the certificate design, or null for none. */
  certificate: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

/** A status entry of a VC-API conformance credential (not stored as a credential). */
export type VcApiStatusEntryTable = {
  credential_id: string;
  purpose: StatusPurposeColumn;
  list_id: string;
  status_index: number;
  value: number;
};

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'dead';
export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'dead'];

/**
 * One unit of background work (docs/jobs.md). `failed` means an attempt failed and another is due at
 * `run_at`; `dead` means it gave up (after `max_attempts`, or at once for a permanent failure).
 */
export type JobTable = {
  id: string;
  /** Null for the installation's own jobs. */
  organization_id: string | null;
  kind: string;
  /** JSON text. */
  payload: string;
  status: JobStatus;
  /** Attempts started so far (a claim counts, so a job that kills its worker cannot loop forever). */
  attempts: number;
  max_attempts: number;
  /** When the job is due (the next attempt, after a failure). */
  run_at: Timestamp;
  /** The worker holding the job while it runs (afterwards: the last one that ran it) … */
  locked_by: string | null;
  /** … until then: an expired lease means the worker died, and another worker takes the job. */
  locked_until: Timestamp | null;
  last_error: string | null;
  /** At most one live (queued, running or failed) job per key. */
  dedupe_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
};

export type BatchStatus = 'validating' | 'validated' | 'running' | 'completed' | 'failed' | 'cancelled';
export const BATCH_STATUSES: readonly BatchStatus[] = [
  'validating',
  'validated',
  'running',
  'completed',
  'failed',
  'cancelled',
];

/** A bulk issue: a CSV file or a JSON list of rows (docs/batches.md). */
export type BatchTable = {
  id: string;
  organization_id: string;
  status: BatchStatus;
  source: 'csv' | 'json';
  filename: string | null;
  /** 1: validate only (status ends `validated`, nothing issued until the batch is started). */
  dry_run: DbBoolean;
  /** 1: each credential e-mails its learner (migration 0010). */
  notify: Generated<DbBoolean>;
  /** The achievement of rows that name none. */
  default_achievement_id: string | null;
  /** JSON text: the header as given. */
  columns: string | null;
  /** JSON text: columns (or JSON fields) Cairn does not know; reported, their values unused. */
  unknown_columns: string | null;
  /** Rows read. */
  total: number;
  /** Rows that failed validation. */
  invalid: number;
  /** Rows that got a new credential. */
  issued: number;
  /** Rows whose credential existed already (same key or same content): nothing new was issued. */
  existing: number;
  /** Valid rows that could not be issued. */
  failed: number;
  /** A file-level failure (status `failed`): an error code and what went wrong. */
  error_code: string | null;
  error: string | null;
  created_by_type: ActorType;
  created_by_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
};

export type BatchRowStatus = 'invalid' | 'pending' | 'issued' | 'existing' | 'failed';
export const BATCH_ROW_STATUSES: readonly BatchRowStatus[] = [
  'invalid',
  'pending',
  'issued',
  'existing',
  'failed',
];

export type BatchRowTable = {
  batch_id: string;
  organization_id: string;
  row_number: number;
  chunk: number;
  status: BatchRowStatus;
  /** JSON text: the normalized values of a valid row; the raw values (cut short) of an invalid one. */
  data: string;
  /** JSON text: `[{ column, code, message }]`, for invalid and failed rows. */
  errors: string | null;
  idempotency_key: string | null;
  credential_id: string | null;
};

export type WebhookEndpointTable = {
  id: string;
  organization_id: string;
  url: string;
  description: string | null;
  /** JSON text: the event types sent to it (`["*"]`: all). */
  events: string;
  enabled: DbBoolean;
  encrypted_secret: string;
  /** The secret's first characters, to tell secrets apart in lists. */
  secret_prefix: string;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';

export type WebhookDeliveryTable = {
  id: string;
  organization_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  /** The exact JSON body sent and signed. */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  response_status: number | null;
  /** The start of the last answer's body. */
  response_body: string | null;
  duration_ms: number | null;
  last_error: string | null;
  /** The delivery this one re-sends. */
  resend_of: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_attempt_at: Timestamp | null;
  delivered_at: Timestamp | null;
};

export type PathwayRevocationPolicy = 'keep' | 'flag' | 'revoke';
export const PATHWAY_REVOCATION_POLICIES: readonly PathwayRevocationPolicy[] = ['keep', 'flag', 'revoke'];

export type PathwayStatus = 'active' | 'archived';
export const PATHWAY_STATUSES: readonly PathwayStatus[] = ['active', 'archived'];

/** A pathway (migration 0008): a target achievement awarded when a requirement tree is met. */
export type PathwayTable = {
  id: string;
  organization_id: string;
  /** Unique per organization: one pathway leads to an achievement. */
  target_achievement_id: string;
  name: string;
  description: string | null;
  /** The version new learners start on. */
  current_version: number;
  /** What happens to an award when a component credential is revoked. */
  revocation_policy: PathwayRevocationPolicy;
  status: PathwayStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
};

/** A published requirement tree; never changed once written. */
export type PathwayVersionTable = {
  organization_id: string;
  pathway_id: string;
  version: number;
  /** JSON text: the requirement tree (`src/core/pathways/types.ts`). */
  requirements: string;
  created_at: Timestamp;
};

/** The achievements a version's tree names (an index for "which pathways could this credential complete"). */
export type PathwayComponentTable = {
  organization_id: string;
  pathway_id: string;
  version: number;
  achievement_id: string;
};

/** A learner's start on a pathway: the version they are judged by. */
export type PathwayEnrollmentTable = {
  organization_id: string;
  pathway_id: string;
  learner_id: string;
  version: number;
  started_at: Timestamp;
  completed_at: Timestamp | null;
  awarded_credential_id: string | null;
  updated_at: Timestamp;
};

/** The award of a pathway's target to a learner: at most one per pathway and learner. */
export type PathwayAwardTable = {
  organization_id: string;
  pathway_id: string;
  learner_id: string;
  /** The target credential issued. */
  credential_id: string;
  version: number;
  awarded_at: Timestamp;
  /** Set when a component was revoked (or suspended) under the "flag" policy. */
  flagged_at: Timestamp | null;
  flag_reason: string | null;
  /** The component credential that raised the flag. */
  flag_credential_id: string | null;
};

/** The component credentials an award was based on. */
export type PathwayAwardComponentTable = {
  organization_id: string;
  pathway_id: string;
  learner_id: string;
  credential_id: string;
};

export type MailStatus = 'queued' | 'retrying' | 'sent' | 'failed';
export const MAIL_STATUSES: readonly MailStatus[] = ['queued', 'retrying', 'sent', 'failed'];
export type MailTransport = 'smtp' | 'mailbox';

/**
 * An e-mail in the outbox (migration 0010, docs/mail.md): `queued` until its `mail.send` job runs,
 * `retrying` after a temporary failure, then `sent` (to SMTP, or stored in the development mailbox) or
 * `failed` (refused for good, or out of attempts).
 */
export type MailMessageTable = {
  id: string;
  /** Null for the installation's own mail (a learner's sign-in link). */
  organization_id: string | null;
  /** What the mail is about: `credential.issued`, `credential.revoked`, `expiry.reminder`, … */
  kind: string;
  to_address: string;
  subject: string;
  /** The bodies; null once SMTP took (or refused for good) the message: they may carry a claim link. */
  text_body: string | null;
  html_body: string | null;
  locale: string;
  credential_id: string | null;
  /** JSON text: extra headers (`List-Unsubscribe`, `List-Unsubscribe-Post`). */
  headers: string | null;
  status: MailStatus;
  transport: MailTransport | null;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: Timestamp | null;
};

/** A claim link's token (only its SHA-256), single-use and expiring. */
export type ClaimTokenTable = {
  token_hash: string;
  organization_id: string;
  credential_id: string;
  /** The address the link was sent to (normalized). */
  email: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
};

/** An address that wants no more non-essential mail (reminders, progress) from an organization. */
export type MailUnsubscribeTable = {
  organization_id: string;
  email: string;
  created_at: Timestamp;
};

/** An "expiring soon" reminder sent: once per credential, threshold (days before) and expiry date. */
export type ExpiryReminderTable = {
  organization_id: string;
  credential_id: string;
  days: number;
  valid_until: Timestamp;
  sent_at: Timestamp;
};

/** Who may open a credential's public page and files (docs/learners.md). */
export type CredentialVisibility = 'public' | 'link' | 'private';

/** A learner's wallet account, across organizations (not tenant-owned). */
export type LearnerAccountTable = {
  id: string;
  /** Unique; the portfolio's `/u/{handle}`. */
  handle: string | null;
  display_name: string | null;
  /** scrypt; null for an account that signs in by magic link only. */
  password_hash: string | null;
  /** A verified DID of the account that new credentials issued to its e-mail addresses name. */
  subject_did: string | null;
  portfolio_public: Generated<DbBoolean>;
  portfolio_pathways: Generated<DbBoolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type AccountIdentityType = 'email' | 'did';

/** A verified e-mail address or DID of an account; each belongs to at most one account. */
export type LearnerAccountIdentityTable = {
  id: string;
  account_id: string;
  type: AccountIdentityType;
  /** E-mail addresses normalized (`normalizeEmail`). */
  value: string;
  verified_at: Timestamp;
  created_at: Timestamp;
};

export type AccountTokenPurpose = 'sign-in' | 'verify-email' | 'did-challenge' | 'merge';

/** A single-use secret: only its SHA-256 (the id) is stored. */
export type LearnerAccountTokenTable = {
  id: string;
  purpose: AccountTokenPurpose;
  /** The account it acts for; null for a sign-in link to an address no account holds yet. */
  account_id: string | null;
  /** The e-mail address the link went to, or the DID challenged. */
  value: string;
  /** JSON text: what else the token carries (e.g. the credential a claim came from). */
  detail: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
};

export type LearnerSessionTable = {
  /** SHA-256 of the cookie's token. */
  id: string;
  account_id: string;
  csrf_token_hash: string;
  expires_at: Timestamp;
  created_at: Timestamp;
};

export type WalletImportSource = 'file' | 'url' | 'paste';

/** A credential a learner imported, kept as given with the verdict it got on import. */
export type WalletImportTable = {
  id: string;
  account_id: string;
  source: WalletImportSource;
  /** json, jwt, png, svg or pdf. */
  container: string;
  source_url: string | null;
  /** The uploaded file's bytes (a baked image or PDF); null for JSON and JWT text. */
  file: Uint8Array | null;
  /** The credential text found (JSON or a compact JWS). */
  text: string;
  verified: DbBoolean;
  /** `verified`, or what failed (revoked, expired, tampered, unknown …). */
  verdict: string;
  /** JSON text: the verification report. */
  report: string;
  name: string | null;
  issuer_name: string | null;
  created_at: Timestamp;
  /** The credential's own `id`, when it has one (0012): an upsert through the OB 3.0 API replaces by it. */
  credential_id: string | null;
  /** The connected app that sent it through the OB 3.0 API (0012); null for the wallet's own imports. */
  api_client_id: string | null;
};

/** An OAuth 2.0 client of the Open Badges 3.0 API, registered by itself (RFC 7591; migration 0012). */
export type ObApiClientTable = {
  /** The client_id. */
  id: string;
  /** SHA-256 of the client_secret (256 random bits), which is shown once. */
  secret_hash: string;
  client_name: string;
  client_uri: string;
  logo_uri: string;
  tos_uri: string;
  policy_uri: string;
  software_id: string;
  software_version: string;
  /** JSON text: the registered redirect URIs, matched exactly. */
  redirect_uris: string;
  /** The scopes it registered for, space separated. */
  scope: string;
  created_at: Timestamp;
};

/** An authorization code: single use, short-lived, bound to client, redirect URI and PKCE challenge. */
export type ObApiCodeTable = {
  /** SHA-256 of the code. */
  id: string;
  client_id: string;
  account_id: string;
  redirect_uri: string;
  scope: string;
  /** The S256 code_challenge (base64url of the verifier's SHA-256). */
  code_challenge: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
};

/** An access token and its refresh token; a refresh revokes the row and writes a new one (rotation). */
export type ObApiTokenTable = {
  id: string;
  client_id: string;
  account_id: string;
  /** The code that started this family of tokens. */
  grant_id: string;
  access_token_hash: string;
  refresh_token_hash: string;
  scope: string;
  access_expires_at: Timestamp;
  refresh_expires_at: Timestamp;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
};

/** The Kysely database type: every table Cairn owns. */
export type Database = {
  organizations: OrganizationTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  audit_log: AuditLogTable;
  images: ImageTable;
  issuers: IssuerTable;
  issuer_keys: IssuerKeyTable;
  achievements: AchievementTable;
  learners: LearnerTable;
  learner_identifiers: LearnerIdentifierTable;
  credentials: CredentialTable;
  status_lists: StatusListTable;
  credential_status_entries: CredentialStatusEntryTable;
  system_keys: SystemKeyTable;
  vc_api_status_entries: VcApiStatusEntryTable;
  designs: DesignTable;
  jobs: JobTable;
  batches: BatchTable;
  batch_rows: BatchRowTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  pathways: PathwayTable;
  pathway_versions: PathwayVersionTable;
  pathway_components: PathwayComponentTable;
  pathway_enrollments: PathwayEnrollmentTable;
  pathway_awards: PathwayAwardTable;
  pathway_award_components: PathwayAwardComponentTable;
  mail_messages: MailMessageTable;
  claim_tokens: ClaimTokenTable;
  mail_unsubscribes: MailUnsubscribeTable;
  expiry_reminders: ExpiryReminderTable;
  learner_accounts: LearnerAccountTable;
  learner_account_identities: LearnerAccountIdentityTable;
  learner_account_tokens: LearnerAccountTokenTable;
  learner_sessions: LearnerSessionTable;
  wallet_imports: WalletImportTable;
  ob_api_clients: ObApiClientTable;
  ob_api_codes: ObApiCodeTable;
  ob_api_tokens: ObApiTokenTable;
};

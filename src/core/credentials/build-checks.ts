/**
 * Checks every builder runs on its output before handing it back, so that a builder either returns
 * something that passes the formal OB schema and stays signable, or throws INVALID_INPUT saying why.
 */
import { AppError } from '../../errors.js';
import { explainSchemaErrors, prefixIssues, type ValidationIssue } from './schema-errors.js';
import { getValidator, SCHEMA_IDS } from './schemas.js';
import { validateCredential } from './validate-credential.js';

function describe(issues: readonly ValidationIssue[]): string {
  return issues
    .map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`))
    .join('; ');
}

/** Throws INVALID_INPUT listing the issues (the list is also attached as `cause`). */
export function failWithIssues(what: string, issues: readonly ValidationIssue[]): never {
  throw new AppError('INVALID_INPUT', `${what} is not valid: ${describe(issues)}`, { cause: issues });
}

/**
 * Validates a built part against its `$defs` entry in the formal OB AchievementCredential schema.
 * @param field where the part sits, for messages, e.g. `achievement`.
 */
export function assertDefinition(value: unknown, definition: 'Achievement' | 'Profile', field: string): void {
  const validate = getValidator(`${SCHEMA_IDS.OB_ACHIEVEMENT_CREDENTIAL_FORMAL}#/$defs/${definition}`);
  if (!validate(value)) {
    failWithIssues(`The ${definition}`, prefixIssues(field, explainSchemaErrors(validate.errors)));
  }
}

/** Validates a built credential in `issue` mode (formal schemas and Cairn's issue rules). */
export function assertValidCredential(credential: unknown, what: string): void {
  const result = validateCredential(credential, { mode: 'issue' });
  if (!result.valid) {
    failWithIssues(what, result.errors);
  }
}

/**
 * Terms OB 3.0 defines but the pinned OB context 3.0.3 does not: emitting them would make the
 * credential unsignable (the VCDM 2.0 context has no `@vocab`, so JSON-LD safe mode rejects them).
 * `endorsementJwt` was added to the purl context in place by 1EdTech PR #642 (2026-06); Cairn's
 * bundled copy predates it.
 */
const UNSIGNABLE_TERMS: ReadonlyMap<string, string> = new Map([
  [
    'endorsementJwt',
    'is not defined by the bundled OB 3.0.3 JSON-LD context, so the credential could not be signed; embed the endorsement as an EndorsementCredential in "endorsement" instead',
  ],
]);

/** Throws INVALID_INPUT when a built document contains a term no bundled context defines. */
export function assertSignableTerms(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      assertSignableTerms(item, `${path}[${index}]`);
    });
    return;
  }
  if (value === null || typeof value !== 'object') {
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (key === '@context') {
      continue; // an embedded context may define anything; only the data matters here
    }
    const childPath = path === '' ? key : `${path}.${key}`;
    const reason = UNSIGNABLE_TERMS.get(key);
    if (reason !== undefined) {
      throw new AppError('INVALID_INPUT', `${childPath}: ${reason}`);
    }
    assertSignableTerms(child, childPath);
  }
}

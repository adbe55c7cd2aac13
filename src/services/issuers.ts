/**
 * Issuer profiles and their keys. Each issuer is `did:web:{host}:i:{slug}`, served at /i/{slug}/did.json,
 * with an Ed25519 key made at creation and encrypted at rest. Rotation retires the old key but keeps it in
 * the DID document, so credentials signed before the rotation still verify.
 */
import { toPublicKey } from '../core/crypto/keys.js';
import type { DidDocument } from '../core/keys/did-document.js';
import { buildDidWebDocument, didWebFromUrl } from '../core/keys/did-web.js';
import type { KeyPair } from '../core/keys/key-pair.js';
import { publicKeyToMultibase } from '../core/keys/multikey.js';
import { AppError } from '../errors.js';
import { isUniqueViolation } from '../storage/errors.js';
import { newId } from '../storage/ids.js';
import {
  findActiveIssuerKey,
  insertIssuerKey,
  listPublicIssuerKeys,
  retireIssuerKey,
} from '../storage/issuer-keys.repository.js';
import {
  findIssuer,
  findPublicIssuerBySlug,
  type Issuer,
  insertIssuer,
  updateIssuer,
} from '../storage/issuers.repository.js';
import { withTransaction } from '../storage/transaction.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { decryptSecret, encryptSecret } from './key-vault.js';

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The path segments of the public URL (a Cairn served under a sub-path keeps it in its DIDs). */
function basePath(publicUrl: string): string[] {
  return new URL(publicUrl).pathname.split('/').filter((segment) => segment !== '');
}

export function issuerDid(publicUrl: string, slug: string): string {
  return didWebFromUrl(publicUrl, [...basePath(publicUrl), 'i', slug]);
}

/** The issuer slug a did:web of this installation names, or undefined for any other DID. */
export function slugOfLocalDid(publicUrl: string, did: string): string | undefined {
  const prefix = `${didWebFromUrl(publicUrl, [...basePath(publicUrl), 'i'])}:`;
  if (!did.startsWith(prefix)) {
    return undefined;
  }
  const slug = decodeURIComponent(did.slice(prefix.length).split('#')[0] ?? '');
  return SLUG_PATTERN.test(slug) ? slug : undefined;
}

function keyFragment(keyId: string): string {
  return `key-${keyId}`;
}

export type IssuerInput = {
  name: string;
  slug: string;
  url?: string | null;
  email?: string | null;
  description?: string | null;
  imageId?: string | null;
  /** LinkedIn's numeric id of the organization, for Add-to-Profile links. */
  linkedinOrganizationId?: string | null;
};

export type IssuerPatchInput = Partial<Omit<IssuerInput, 'slug'>> & { suspensionEnabled?: boolean };

/** Changes the profile (never the slug: it is in the did:web of every credential issued). */
export async function updateIssuerProfile(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: IssuerPatchInput,
): Promise<Issuer> {
  return await withTransaction(ctx.db, async (trx) => {
    const updated = await updateIssuer(trx, actor.organizationId, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.imageId !== undefined ? { image_id: input.imageId } : {}),
      ...(input.suspensionEnabled !== undefined
        ? { suspension_enabled: input.suspensionEnabled ? 1 : 0 }
        : {}),
      ...(input.linkedinOrganizationId !== undefined
        ? { linkedin_organization_id: input.linkedinOrganizationId }
        : {}),
    });
    if (!updated) {
      throw new AppError('NOT_FOUND', 'No such issuer');
    }
    await audit(trx, actor, 'issuer.update', { type: 'issuer', id }, { fields: Object.keys(input) });
    return updated;
  });
}

/** Creates the issuer and its first key, in one transaction. Throws INVALID_INPUT, CONFLICT. */
export async function createIssuer(ctx: AppContext, actor: Actor, input: IssuerInput): Promise<Issuer> {
  if (!SLUG_PATTERN.test(input.slug)) {
    throw new AppError('INVALID_INPUT', 'slug: lower-case letters, digits and hyphens, 1 to 63 characters');
  }
  try {
    return await withTransaction(ctx.db, async (trx) => {
      const issuer = await insertIssuer(trx, {
        organization_id: actor.organizationId,
        slug: input.slug,
        name: input.name,
        url: input.url ?? null,
        email: input.email ?? null,
        description: input.description ?? null,
        image_id: input.imageId ?? null,
        linkedin_organization_id: input.linkedinOrganizationId ?? null,
      });
      await addKey(ctx, trx, issuer);
      await audit(trx, actor, 'issuer.create', { type: 'issuer', id: issuer.id }, { slug: issuer.slug });
      return issuer;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', `The issuer slug "${input.slug}" is taken`);
    }
    throw error;
  }
}

async function addKey(ctx: AppContext, db: AppContext['db'], issuer: Issuer): Promise<void> {
  const privateKey = await ctx.crypto.generateKey('Ed25519');
  if (privateKey.algorithm !== 'Ed25519') {
    throw new AppError('INTERNAL', 'Issuer keys are Ed25519');
  }
  const id = newId();
  await insertIssuerKey(db, {
    id,
    organization_id: issuer.organization_id,
    issuer_id: issuer.id,
    type: 'Ed25519',
    public_key_multibase: publicKeyToMultibase(toPublicKey(privateKey)),
    encrypted_secret_key: encryptSecret(ctx.masterKey, privateKey.secretKey, id),
  });
}

/** Retires the active key and makes a new one; the old key stays in the DID document. */
export async function rotateIssuerKey(ctx: AppContext, actor: Actor, issuerId: string): Promise<void> {
  await withTransaction(ctx.db, async (trx) => {
    const issuer = await findIssuer(trx, actor.organizationId, issuerId);
    if (!issuer) {
      throw new AppError('NOT_FOUND', 'No such issuer');
    }
    const active = await findActiveIssuerKey(trx, actor.organizationId, issuerId);
    if (active) {
      await retireIssuerKey(trx, actor.organizationId, active.id);
    }
    await addKey(ctx, trx, issuer);
    await audit(
      trx,
      actor,
      'issuer.rotate_key',
      { type: 'issuer', id: issuer.id },
      { retired: active?.id ?? null },
    );
  });
}

/** The key credentials are signed with now, decrypted. Throws NOT_FOUND when the issuer has none. */
export async function loadSigningKey(ctx: AppContext, issuer: Issuer): Promise<KeyPair> {
  const key = await findActiveIssuerKey(ctx.db, issuer.organization_id, issuer.id);
  if (!key) {
    throw new AppError('NOT_FOUND', `The issuer ${issuer.slug} has no active key`);
  }
  const secretKey = decryptSecret(ctx.masterKey, key.encrypted_secret_key, key.id);
  const did = issuerDid(ctx.config.publicUrl, issuer.slug);
  return {
    id: `${did}#${keyFragment(key.id)}`,
    controller: did,
    privateKey: { algorithm: 'Ed25519', secretKey, publicKey: ctx.crypto.ed25519PublicKey(secretKey) },
  };
}

/** The public DID document of an issuer of this installation, every key listed (newest first). */
export async function issuerDidDocument(ctx: AppContext, slug: string): Promise<DidDocument | undefined> {
  const issuer = await findPublicIssuerBySlug(ctx.db, slug);
  if (!issuer) {
    return undefined;
  }
  const keys = await listPublicIssuerKeys(ctx.db, issuer.id);
  return buildDidWebDocument(
    issuerDid(ctx.config.publicUrl, issuer.slug),
    [...keys]
      .reverse()
      .map((key) => ({ fragment: keyFragment(key.id), publicKeyMultibase: key.public_key_multibase })),
    { alsoKnownAs: [`${ctx.config.publicUrl}/i/${issuer.slug}`] },
  );
}

/** For the verifier: this installation's own did:web documents, answered from the database. */
export function localDidDocuments(ctx: AppContext): (did: string) => Promise<DidDocument | undefined> {
  return async (did) => {
    const slug = slugOfLocalDid(ctx.config.publicUrl, did);
    return slug ? issuerDidDocument(ctx, slug) : undefined;
  };
}

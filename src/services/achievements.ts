/**
 * Achievements: what an organization's issuers award. Each is stored as the Open Badges 3.0 Achievement
 * fields its author gave (the row's `document`); its `id` (its public URI), `type` and `image` are derived
 * here, so a stored achievement always builds into a valid OB Achievement and no caller can point its id
 * or image elsewhere. Every write is validated through `buildAchievement` first and audited.
 *
 * Life cycle: a new achievement is a `draft` (unless created `active`); `activate` publishes it (its URI
 * `/a/{id}` then answers, and credentials may award it); `archive` stops new awards but keeps the URI
 * answering for the credentials already out there. Only a draft can be deleted. Editing is allowed in
 * every state: credentials embed the achievement as it was when they were signed, so they are not
 * affected; `version` is the author's to change.
 */
import { randomUUID } from 'node:crypto';
import { type AchievementInput, buildAchievement } from '../core/credentials/build-achievement.js';
import type {
  AlignmentInput,
  IdentifierEntryInput,
  RelatedInput,
  ResultDescriptionInput,
  RubricCriterionLevelInput,
} from '../core/credentials/build-parts.js';
import type { Achievement as ObAchievement } from '../core/credentials/types.js';
import type { AchievementType } from '../core/credentials/vocabulary.js';
import { AppError, isAppError } from '../errors.js';
import {
  type Achievement as AchievementRow,
  deleteDraftAchievement,
  findAchievement,
  insertAchievement,
  listAchievements,
  updateAchievement as updateAchievementRow,
} from '../storage/achievements.repository.js';
import type { JsonObject } from '../storage/codec.js';
import { newId } from '../storage/ids.js';
import { findImage } from '../storage/images.repository.js';
import { findIssuer } from '../storage/issuers.repository.js';
import type { Page, PageRequest } from '../storage/pagination.js';
import type { AchievementStatus } from '../storage/tables.js';
import { withTransaction } from '../storage/transaction.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { urls } from './urls.js';

export type { AchievementRow };

/** A result description as authored: `id` may be left out, and one is made (`urn:uuid:…`) and kept. */
export type ResultDescriptionFields = Omit<ResultDescriptionInput, 'id' | 'rubricCriterionLevel'> & {
  id?: string;
  rubricCriterionLevel?: (Omit<RubricCriterionLevelInput, 'id'> & { id?: string })[];
};

/**
 * The OB 3.0 Achievement fields an author controls, as stored in the row's `document`. `imageCaption`
 * becomes the `caption` of the derived `image`.
 */
export type AchievementFields = {
  name: string;
  description: string;
  /** How to earn it: a `narrative` (Markdown), an `id` (URL of a criteria page), or both. */
  criteria: { id?: string; narrative?: string };
  /** `Badge` when not given. */
  achievementType?: AchievementType;
  alignment?: AlignmentInput[];
  tag?: string[];
  resultDescription?: ResultDescriptionFields[];
  creditsAvailable?: number;
  fieldOfStudy?: string;
  /** BCP 47 language tag of the texts, e.g. `en` or `pt-BR`. */
  inLanguage?: string;
  version?: string;
  humanCode?: string;
  specialization?: string;
  otherIdentifier?: IdentifierEntryInput[];
  related?: RelatedInput[];
  imageCaption?: string;
};

export const DEFAULT_ACHIEVEMENT_TYPE: AchievementType = 'Badge';

/** At most a century: the validity policy is "expires N months after it is awarded". */
export const MAX_VALIDITY_MONTHS = 1200;

export type CreateAchievementInput = AchievementFields & {
  issuerId: string;
  imageId?: string;
  /** Credentials awarding it expire this many months after their `validFrom`; absent: they do not expire. */
  validityMonths?: number;
  /** `draft` unless `active` is asked for. */
  status?: 'draft' | 'active';
};

type Nullable<T> = { [K in keyof T]?: T[K] | null };

/** Only the fields given change; `null` removes an optional field. `name`, `description`, `criteria` and `issuerId` cannot be removed. */
export type UpdateAchievementInput = Partial<Pick<AchievementFields, 'name' | 'description' | 'criteria'>> &
  Nullable<Omit<AchievementFields, 'name' | 'description' | 'criteria'>> & {
    issuerId?: string;
    imageId?: string | null;
    validityMonths?: number | null;
  };

const REQUIRED_FIELDS = ['name', 'description', 'criteria'] as const;
const OPTIONAL_FIELDS = [
  'achievementType',
  'alignment',
  'tag',
  'resultDescription',
  'creditsAvailable',
  'fieldOfStudy',
  'inLanguage',
  'version',
  'humanCode',
  'specialization',
  'otherIdentifier',
  'related',
  'imageCaption',
] as const satisfies readonly (keyof AchievementFields)[];

/** Drops `type` from an authored object (ids and types are Cairn's to write) and every undefined value. */
function plain<T extends object>(value: T): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return value; // not what the schema allows: left for buildAchievement to report
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== 'type' && item !== undefined) {
      out[key] = item;
    }
  }
  return out as T;
}

/**
 * The fields as they are stored: `type` dropped from every nested object, an id made for each result
 * description and rubric level that has none, so that results in credentials can point at them.
 */
function normalizeFields(fields: AchievementFields): AchievementFields {
  const out: Record<string, unknown> = {};
  for (const key of [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS]) {
    if (fields[key] !== undefined) {
      out[key] = fields[key];
    }
  }
  const normalized = structuredClone(out) as AchievementFields;
  normalized.criteria = plain(normalized.criteria);
  if (normalized.alignment) {
    normalized.alignment = normalized.alignment.map(plain);
  }
  if (normalized.otherIdentifier) {
    normalized.otherIdentifier = normalized.otherIdentifier.map(plain);
  }
  if (normalized.related) {
    normalized.related = normalized.related.map(plain);
  }
  if (normalized.resultDescription) {
    normalized.resultDescription = normalized.resultDescription.map((description) => {
      const result = plain({ ...description, id: description.id ?? `urn:uuid:${randomUUID()}` });
      if (result.alignment) {
        result.alignment = result.alignment.map(plain);
      }
      if (result.rubricCriterionLevel) {
        result.rubricCriterionLevel = result.rubricCriterionLevel.map((level) => {
          const built = plain({ ...level, id: level.id ?? `urn:uuid:${randomUUID()}` });
          return built.alignment ? { ...built, alignment: built.alignment.map(plain) } : built;
        });
      }
      return result;
    });
  }
  return normalized;
}

function buildInput(
  publicUrl: string,
  id: string,
  fields: AchievementFields,
  imageId: string | null,
): AchievementInput {
  const { imageCaption, resultDescription, ...rest } = fields;
  return {
    ...rest,
    id: urls.achievement(publicUrl, id),
    achievementType: fields.achievementType ?? DEFAULT_ACHIEVEMENT_TYPE,
    ...(resultDescription ? { resultDescription: resultDescription as ResultDescriptionInput[] } : {}),
    ...(imageId === null
      ? {}
      : {
          image: {
            id: urls.image(publicUrl, imageId),
            type: 'Image',
            ...(imageCaption === undefined ? {} : { caption: imageCaption }),
          },
        }),
  };
}

/** `achievement.alignment[0].targetUrl` → `alignment.0.targetUrl`: the request body's own path form. */
function bodyPath(path: string): string {
  const withoutRoot = path.replace(/^achievement(?:\.|(?=\[)|$)/, '');
  const dotted = withoutRoot.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
  if (dotted === 'image.caption') {
    return 'imageCaption';
  }
  return dotted.startsWith('image') ? 'imageId' : dotted;
}

/**
 * Builds the OB Achievement, turning the builder's INVALID_INPUT into one that names the request's
 * fields (`errors: [{ path, message }]`, paths as in the request body).
 */
function buildOrExplain(input: AchievementInput): ObAchievement {
  try {
    return buildAchievement(input);
  } catch (error) {
    if (!isAppError(error, 'INVALID_INPUT')) {
      throw error;
    }
    const cause = error.cause;
    const issues = Array.isArray(cause)
      ? (cause as { path: string; message: string }[])
      : (() => {
          const match = /^([\w.[\]]+): ([\s\S]*)$/.exec(error.detail ?? '');
          return match ? [{ path: match[1] ?? '', message: match[2] ?? '' }] : [];
        })();
    const errors = issues.map((issue) => ({ path: bodyPath(issue.path), message: issue.message }));
    const detail = errors.map((issue) => `${issue.path || 'achievement'}: ${issue.message}`).join('; ');
    throw new AppError(
      'INVALID_INPUT',
      `The achievement is not valid: ${detail || (error.detail ?? '')}`,
      errors.length > 0 ? { cause: errors } : undefined,
    );
  }
}

/** Properties that hold URIs in the authored fields. */
const URI_KEYS = new Set(['id', 'targetUrl', 'requiredLevel']);
/** Schemes an achievement may link to: what a wallet may show as a link must not be `javascript:` or `data:`. */
const URI_SCHEMES = /^(?:https?|urn|did):/i;

/** Throws INVALID_INPUT naming every URI whose scheme is not http(s), urn or did. */
function checkUriSchemes(fields: AchievementFields): void {
  const errors: { path: string; message: string }[] = [];
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        walk(item, `${path}.${index}`);
      });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const itemPath = path === '' ? key : `${path}.${key}`;
        if (URI_KEYS.has(key) && typeof item === 'string' && !URI_SCHEMES.test(item)) {
          errors.push({ path: itemPath, message: 'must be an https:, http:, urn: or did: URI' });
        } else {
          walk(item, itemPath);
        }
      }
    }
  };
  walk(fields, '');
  if (errors.length > 0) {
    throw new AppError(
      'INVALID_INPUT',
      `The achievement is not valid: ${errors.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      { cause: errors },
    );
  }
}

function notFound(what: 'issuer' | 'image', field: 'issuerId' | 'imageId'): AppError {
  return new AppError('NOT_FOUND', `${field}: no such ${what} in this organization`, {
    cause: [{ path: field, message: `no such ${what} in this organization` }],
  });
}

function checkValidityMonths(value: number | null | undefined): void {
  if (
    value !== undefined &&
    value !== null &&
    (!Number.isInteger(value) || value < 1 || value > MAX_VALIDITY_MONTHS)
  ) {
    throw new AppError('INVALID_INPUT', `validityMonths: a whole number from 1 to ${MAX_VALIDITY_MONTHS}`, {
      cause: [{ path: 'validityMonths', message: `must be a whole number from 1 to ${MAX_VALIDITY_MONTHS}` }],
    });
  }
}

/** The fields stored in a row (its `document`). */
export function achievementFields(row: AchievementRow): AchievementFields {
  return row.document as unknown as AchievementFields;
}

/**
 * The full OB 3.0 Achievement of a stored achievement, with its derived `id`
 * (`{publicUrl}/a/{id}`), `type` and `image`: what a credential awarding it embeds.
 *
 * Throws INVALID_INPUT only if the stored fields no longer build (they were validated when written).
 */
export function achievementDocument(ctx: Pick<AppContext, 'config'>, row: AchievementRow): ObAchievement {
  return buildOrExplain(buildInput(ctx.config.publicUrl, row.id, achievementFields(row), row.image_id));
}

/**
 * When a credential awarding this achievement from `validFrom` expires under its validity policy
 * (`validityMonths` calendar months later, the day clamped to the month's end), or undefined when it
 * does not expire.
 *
 * @example achievementValidUntil({ validity_months: 1 }, new Date('2026-01-31T10:00:00Z')) // 2026-02-28T10:00:00Z
 */
export function achievementValidUntil(
  row: Pick<AchievementRow, 'validity_months'>,
  validFrom: Date,
): Date | undefined {
  if (row.validity_months === null) {
    return undefined;
  }
  const target = new Date(validFrom.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + row.validity_months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}

/** The organization's achievement. Throws NOT_FOUND (also for another organization's). */
export async function getAchievement(ctx: AppContext, actor: Actor, id: string): Promise<AchievementRow> {
  const row = await findAchievement(ctx.db, actor.organizationId, id);
  if (!row) {
    throw new AppError('NOT_FOUND', 'No such achievement');
  }
  return row;
}

export type AchievementListFilters = { status?: AchievementStatus; issuerId?: string; q?: string };

/** The organization's achievements, newest first, filtered, one page at a time. */
export async function listAchievementsOf(
  ctx: AppContext,
  actor: Actor,
  filters: AchievementListFilters,
  page: PageRequest,
): Promise<Page<AchievementRow>> {
  return await listAchievements(
    ctx.db,
    actor.organizationId,
    {
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.issuerId ? { issuerId: filters.issuerId } : {}),
      ...(filters.q ? { nameContains: filters.q } : {}),
    },
    page,
  );
}

async function checkReferences(
  trx: AppContext['db'],
  organizationId: string,
  issuerId: string | undefined,
  imageId: string | null | undefined,
): Promise<void> {
  if (issuerId !== undefined && !(await findIssuer(trx, organizationId, issuerId))) {
    throw notFound('issuer', 'issuerId');
  }
  if (imageId !== undefined && imageId !== null && !(await findImage(trx, organizationId, imageId))) {
    throw notFound('image', 'imageId');
  }
}

/**
 * Creates an achievement of one of the organization's issuers.
 *
 * Throws INVALID_INPUT (with `errors` naming the fields) when the fields do not make a valid OB
 * Achievement or `validityMonths` is out of range; NOT_FOUND when `issuerId` or `imageId` is not the
 * organization's.
 */
export async function createAchievement(
  ctx: AppContext,
  actor: Actor,
  input: CreateAchievementInput,
): Promise<AchievementRow> {
  checkValidityMonths(input.validityMonths);
  const id = newId();
  const fields = normalizeFields(input);
  const imageId = input.imageId ?? null;
  checkUriSchemes(fields);
  buildOrExplain(buildInput(ctx.config.publicUrl, id, fields, imageId));
  return await withTransaction(ctx.db, async (trx) => {
    await checkReferences(trx, actor.organizationId, input.issuerId, imageId);
    const row = await insertAchievement(trx, {
      id,
      organization_id: actor.organizationId,
      issuer_id: input.issuerId,
      status: input.status ?? 'draft',
      name: fields.name,
      achievement_type: fields.achievementType ?? DEFAULT_ACHIEVEMENT_TYPE,
      document: fields as unknown as JsonObject,
      image_id: imageId,
      validity_months: input.validityMonths ?? null,
      created_at: ctx.clock().toISOString(),
    });
    await audit(
      trx,
      actor,
      'achievement.create',
      { type: 'achievement', id },
      {
        name: row.name,
        status: row.status,
        issuerId: row.issuer_id,
      },
    );
    return row;
  });
}

/**
 * Changes the fields given (`null` removes an optional one) and validates the result as a whole.
 * Throws like `createAchievement`, and NOT_FOUND for an unknown achievement.
 */
export async function updateAchievement(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: UpdateAchievementInput,
): Promise<AchievementRow> {
  checkValidityMonths(patch.validityMonths);
  return await withTransaction(ctx.db, async (trx) => {
    const row = await findAchievement(trx, actor.organizationId, id);
    if (!row) {
      throw new AppError('NOT_FOUND', 'No such achievement');
    }
    const merged: Record<string, unknown> = { ...achievementFields(row) };
    const changed: string[] = [];
    for (const key of [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS]) {
      const value = patch[key];
      if (value === undefined) {
        continue;
      }
      changed.push(key);
      if (value === null) {
        delete merged[key];
      } else {
        merged[key] = value;
      }
    }
    const fields = normalizeFields(merged as AchievementFields);
    const imageId = patch.imageId === undefined ? row.image_id : patch.imageId;
    for (const key of ['issuerId', 'imageId', 'validityMonths'] as const) {
      if (patch[key] !== undefined) {
        changed.push(key);
      }
    }
    if (changed.length === 0) {
      return row;
    }
    checkUriSchemes(fields);
    buildOrExplain(buildInput(ctx.config.publicUrl, id, fields, imageId));
    await checkReferences(trx, actor.organizationId, patch.issuerId, patch.imageId);
    const updated = await updateAchievementRow(
      trx,
      actor.organizationId,
      id,
      {
        name: fields.name,
        achievement_type: fields.achievementType ?? DEFAULT_ACHIEVEMENT_TYPE,
        document: fields as unknown as JsonObject,
        image_id: imageId,
        ...(patch.issuerId === undefined ? {} : { issuer_id: patch.issuerId }),
        ...(patch.validityMonths === undefined ? {} : { validity_months: patch.validityMonths }),
      },
      ctx.clock(),
    );
    if (!updated) {
      throw new AppError('NOT_FOUND', 'No such achievement');
    }
    await audit(trx, actor, 'achievement.update', { type: 'achievement', id }, { fields: changed });
    return updated;
  });
}

const TRANSITIONS: Record<'activate' | 'archive', { to: AchievementStatus; from: AchievementStatus[] }> = {
  activate: { to: 'active', from: ['draft', 'archived'] },
  archive: { to: 'archived', from: ['active'] },
};

/**
 * `activate`: a draft or archived achievement becomes active (published, awardable). `archive`: an
 * active one stops being awarded; its URI keeps answering. Asking for the state it is already in
 * changes nothing. Throws NOT_FOUND, or CONFLICT for archiving a draft (delete it instead).
 */
export async function changeAchievementStatus(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: 'activate' | 'archive',
): Promise<AchievementRow> {
  const { to, from } = TRANSITIONS[action];
  return await withTransaction(ctx.db, async (trx) => {
    const row = await findAchievement(trx, actor.organizationId, id);
    if (!row) {
      throw new AppError('NOT_FOUND', 'No such achievement');
    }
    if (row.status === to) {
      return row;
    }
    if (!from.includes(row.status)) {
      throw new AppError(
        'CONFLICT',
        `A ${row.status} achievement cannot be archived: it was never published; delete the draft instead`,
      );
    }
    const updated = await updateAchievementRow(trx, actor.organizationId, id, { status: to }, ctx.clock());
    if (!updated) {
      throw new AppError('NOT_FOUND', 'No such achievement');
    }
    await audit(trx, actor, `achievement.${action}`, { type: 'achievement', id }, { from: row.status, to });
    return updated;
  });
}

/** Deletes a draft. Throws NOT_FOUND, or CONFLICT when it is not a draft (archive it instead). */
export async function deleteAchievement(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await withTransaction(ctx.db, async (trx) => {
    const row = await findAchievement(trx, actor.organizationId, id);
    if (!row) {
      throw new AppError('NOT_FOUND', 'No such achievement');
    }
    if (row.status !== 'draft' || !(await deleteDraftAchievement(trx, actor.organizationId, id))) {
      throw new AppError(
        'CONFLICT',
        `Only a draft can be deleted; this one is ${row.status}: archive it instead`,
      );
    }
    await audit(trx, actor, 'achievement.delete', { type: 'achievement', id }, { name: row.name });
  });
}

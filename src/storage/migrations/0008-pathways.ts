import { sql } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';
import type { MigrationDb } from './index.js';

/**
 * Pathways: a target achievement awarded when a requirement tree of component achievements is met.
 *
 * - `pathways`: one per target achievement in an organization (alternatives go inside the tree, as
 *   `atLeast`), with the version in force, the revocation policy and a status.
 * - `pathway_versions`: every tree ever published (JSON), never changed once written.
 * - `pathway_components`: which achievements each version names, to find the pathways a newly issued
 *   credential may complete with one indexed query.
 * - `pathway_enrollments`: a learner's start on a pathway (the version they are judged by), made when
 *   their first component is issued (or the pathway is created while they hold one); the row the award
 *   transaction locks.
 * - `pathway_awards`: the award, at most one per pathway and learner (the primary key): the last line of
 *   defence against awarding twice. Flags (a component revoked under the "flag" policy) live here.
 * - `pathway_award_components`: the component credentials an award was based on, to find the awards a
 *   revocation touches.
 *
 * Like every tenant-owned table, references between these rows carry `organization_id` (composite
 * foreign keys), so a row of organization B cannot point at a pathway, version, learner or enrollment of
 * organization A. The references to `credentials` are by id alone (credentials have no (organization,
 * id) key); the repository always writes and filters the organization.
 */
export async function up(db: MigrationDb, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  const oneOf = (column: string, values: readonly string[]) =>
    sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;

  await db.schema
    .createTable('pathways')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('organization_id', 'text', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('target_achievement_id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('current_version', 'integer', (col) => col.notNull())
    .addColumn('revocation_policy', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addColumn('updated_at', t.timestamp, (col) => col.notNull())
    .addUniqueConstraint('pathways_org_id_unique', ['organization_id', 'id'])
    .addUniqueConstraint('pathways_target_unique', ['organization_id', 'target_achievement_id'])
    .addForeignKeyConstraint(
      'pathways_target_fk',
      ['organization_id', 'target_achievement_id'],
      'achievements',
      ['organization_id', 'id'],
    )
    .addCheckConstraint('pathways_policy_check', oneOf('revocation_policy', ['keep', 'flag', 'revoke']))
    .addCheckConstraint('pathways_status_check', oneOf('status', ['active', 'archived']))
    .execute();
  await db.schema
    .createIndex('pathways_org_created_idx')
    .on('pathways')
    .columns(['organization_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('pathway_versions')
    .addColumn('organization_id', 'text', (col) => col.notNull())
    .addColumn('pathway_id', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('requirements', t.json, (col) => col.notNull())
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('pathway_versions_pk', ['pathway_id', 'version'])
    .addUniqueConstraint('pathway_versions_org_unique', ['organization_id', 'pathway_id', 'version'])
    .addForeignKeyConstraint(
      'pathway_versions_pathway_fk',
      ['organization_id', 'pathway_id'],
      'pathways',
      ['organization_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addCheckConstraint('pathway_versions_version_check', sql`version >= 1`)
    .execute();

  await db.schema
    .createTable('pathway_components')
    .addColumn('organization_id', 'text', (col) => col.notNull())
    .addColumn('pathway_id', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull())
    // No foreign key to achievements: the tree (JSON) is the truth, and a draft component may be
    // deleted; evaluation then simply finds no credential of it.
    .addColumn('achievement_id', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('pathway_components_pk', ['pathway_id', 'version', 'achievement_id'])
    .addForeignKeyConstraint(
      'pathway_components_version_fk',
      ['organization_id', 'pathway_id', 'version'],
      'pathway_versions',
      ['organization_id', 'pathway_id', 'version'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('pathway_components_achievement_idx')
    .on('pathway_components')
    .columns(['organization_id', 'achievement_id'])
    .execute();

  await db.schema
    .createTable('pathway_enrollments')
    .addColumn('organization_id', 'text', (col) => col.notNull())
    .addColumn('pathway_id', 'text', (col) => col.notNull())
    .addColumn('learner_id', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('started_at', t.timestamp, (col) => col.notNull())
    .addColumn('completed_at', t.timestamp)
    .addColumn('awarded_credential_id', 'text')
    .addColumn('updated_at', t.timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('pathway_enrollments_pk', ['pathway_id', 'learner_id'])
    .addUniqueConstraint('pathway_enrollments_org_unique', ['organization_id', 'pathway_id', 'learner_id'])
    .addForeignKeyConstraint(
      'pathway_enrollments_pathway_fk',
      ['organization_id', 'pathway_id'],
      'pathways',
      ['organization_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'pathway_enrollments_learner_fk',
      ['organization_id', 'learner_id'],
      'learners',
      ['organization_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'pathway_enrollments_version_fk',
      ['organization_id', 'pathway_id', 'version'],
      'pathway_versions',
      ['organization_id', 'pathway_id', 'version'],
    )
    .execute();
  await db.schema
    .createIndex('pathway_enrollments_org_pathway_idx')
    .on('pathway_enrollments')
    .columns(['organization_id', 'pathway_id', 'learner_id'])
    .execute();

  await db.schema
    .createTable('pathway_awards')
    .addColumn('organization_id', 'text', (col) => col.notNull())
    .addColumn('pathway_id', 'text', (col) => col.notNull())
    .addColumn('learner_id', 'text', (col) => col.notNull())
    .addColumn('credential_id', 'text', (col) =>
      col.notNull().unique().references('credentials.id').onDelete('cascade'),
    )
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('awarded_at', t.timestamp, (col) => col.notNull())
    .addColumn('flagged_at', t.timestamp)
    .addColumn('flag_reason', 'text')
    .addColumn('flag_credential_id', 'text')
    // Never twice: one award per pathway and learner, whatever races above it.
    .addPrimaryKeyConstraint('pathway_awards_pk', ['pathway_id', 'learner_id'])
    .addUniqueConstraint('pathway_awards_org_unique', ['organization_id', 'pathway_id', 'learner_id'])
    .addForeignKeyConstraint(
      'pathway_awards_enrollment_fk',
      ['organization_id', 'pathway_id', 'learner_id'],
      'pathway_enrollments',
      ['organization_id', 'pathway_id', 'learner_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('pathway_award_components')
    .addColumn('organization_id', 'text', (col) => col.notNull())
    .addColumn('pathway_id', 'text', (col) => col.notNull())
    .addColumn('learner_id', 'text', (col) => col.notNull())
    .addColumn('credential_id', 'text', (col) =>
      col.notNull().references('credentials.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('pathway_award_components_pk', ['pathway_id', 'learner_id', 'credential_id'])
    .addForeignKeyConstraint(
      'pathway_award_components_award_fk',
      ['organization_id', 'pathway_id', 'learner_id'],
      'pathway_awards',
      ['organization_id', 'pathway_id', 'learner_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('pathway_award_components_credential_idx')
    .on('pathway_award_components')
    .columns(['organization_id', 'credential_id'])
    .execute();
}

import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';
import type { MigrationDb } from './index.js';

/**
 * Design settings of an achievement: its badge (shape, colours, icon or image, text lines) and its
 * certificate or diploma (layout, colours, signature lines). Kept out of `achievements.document`, which
 * is Open Badges JSON that goes into every credential. One row per achievement, tenant-scoped with a
 * composite foreign key like every other tenant-owned table, and removed with its achievement.
 */
export async function up(db: MigrationDb, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('designs')
    .addColumn('organization_id', 'text', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('achievement_id', 'text', (col) => col.notNull().unique())
    .addColumn('badge', t.json)
    .addColumn('certificate', t.json)
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addColumn('updated_at', t.timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('designs_pk', ['organization_id', 'achievement_id'])
    .addForeignKeyConstraint(
      'designs_achievement_fk',
      ['organization_id', 'achievement_id'],
      'achievements',
      ['organization_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
}

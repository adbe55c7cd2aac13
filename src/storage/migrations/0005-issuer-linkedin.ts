import type { DialectName } from '../database.js';
import type { MigrationDb } from './index.js';

/**
 * The issuer's LinkedIn organization id (optional): LinkedIn's Add-to-Profile link names the issuing
 * organization by this id when it is known, which links the certification to the organization's page.
 */
export async function up(db: MigrationDb, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('issuers').addColumn('linkedin_organization_id', 'text').execute();
}

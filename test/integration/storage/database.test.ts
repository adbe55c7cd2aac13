import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { createDatabase } from '../../../src/storage/database.js';
import { isUniqueViolation } from '../../../src/storage/errors.js';
import { withTransaction } from '../../../src/storage/transaction.js';
import { DIALECTS, forEachDialect, setupTestDatabase } from '../../support/databases.js';

forEachDialect('column representations', (ctx) => {
  test('timestamps, JSON, booleans, counts and bytes read back the same on both dialects', async () => {
    const row = await sql<{
      at: string;
      json: string;
      yes: number;
      no: number;
      count: number;
      bytes: Uint8Array;
    }>`select ${sql.raw(
      ctx.dialect === 'postgres'
        ? `'2026-11-28T10:51:49.427Z'::timestamptz as at, '{"b":1, "a":[true]}'::jsonb as json,
           true as yes, false as no, count(*) as count, '\\x00ff10'::bytea as bytes`
        : `'2026-11-28T10:51:49.427Z' as at, '{"a":[true],"b":1}' as json,
           1 as yes, 0 as no, count(*) as count, x'00ff10' as bytes`,
    )}`.execute(ctx.db);
    const value = row.rows[0];
    expect(value?.at).toBe('2026-11-28T10:51:49.427Z');
    expect(JSON.parse(value?.json ?? 'null')).toEqual({ a: [true], b: 1 });
    expect(value?.yes).toBe(1);
    expect(value?.no).toBe(0);
    expect(value?.count).toBe(1);
    expect(Buffer.from(value?.bytes ?? [])).toEqual(Buffer.from([0, 255, 16]));
  });

  test.runIf(ctx.dialect === 'postgres')(
    'a timestamp written with another offset reads back in UTC',
    async () => {
      const row = await sql<{ at: string }>`select '2026-11-28 12:51:49.427+02'::timestamptz as at`.execute(
        ctx.db,
      );
      expect(row.rows[0]?.at).toBe('2026-11-28T10:51:49.427Z');
    },
  );

  test('foreign keys are enforced', async () => {
    const error = await ctx.db
      .insertInto('memberships')
      .values({
        organization_id: 'nope',
        user_id: 'nope',
        role: 'owner',
        created_at: new Date().toISOString(),
      })
      .execute()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
  });

  test('withTransaction commits, rolls back on a throw, and joins an outer transaction', async () => {
    const now = new Date().toISOString();
    await withTransaction(ctx.db, async (trx) => {
      await trx
        .insertInto('organizations')
        .values({ id: 'tx-1', slug: 'tx-1', name: 'T', created_at: now })
        .execute();
      await withTransaction(trx, async (inner) => {
        await inner
          .insertInto('organizations')
          .values({ id: 'tx-2', slug: 'tx-2', name: 'T', created_at: now })
          .execute();
      });
    });
    const failed = withTransaction(ctx.db, async (trx) => {
      await trx
        .insertInto('organizations')
        .values({ id: 'tx-3', slug: 'tx-3', name: 'T', created_at: now })
        .execute();
      await trx
        .insertInto('organizations')
        .values({ id: 'tx-4', slug: 'tx-1', name: 'T', created_at: now })
        .execute();
    });
    const error = await failed.catch((caught: unknown) => caught);
    expect(isUniqueViolation(error)).toBe(true);
    const ids = await ctx.db
      .selectFrom('organizations')
      .select('id')
      .where('id', 'like', 'tx-%')
      .orderBy('id')
      .execute();
    expect(ids.map((row) => row.id)).toEqual(['tx-1', 'tx-2']);
  });
});

describe('sqlite: opening a file', () => {
  test('creates the directory and sets the pragmas', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-sqlite-open-'));
    const handle = await createDatabase({ dialect: 'sqlite', file: join(dir, 'a', 'b', 'cairn.sqlite') });
    try {
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`pragma ${name}`).execute(handle.db)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(5000);
      expect(await pragma('synchronous')).toBe(1); // NORMAL
    } finally {
      await handle.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an in-memory database works', async () => {
    const handle = await createDatabase({ dialect: 'sqlite', file: ':memory:' });
    expect((await sql<{ one: number }>`select 1 as one`.execute(handle.db)).rows).toEqual([{ one: 1 }]);
    await handle.destroy();
  });
});

describe('postgres: a server that drops idle connections', () => {
  test.runIf(DIALECTS.includes('postgres'))(
    'does not end the process, and the next query reconnects',
    async () => {
      const database = await setupTestDatabase('postgres');
      const errors: Error[] = [];
      const handle = await createDatabase(
        { dialect: 'postgres', url: database.location },
        {
          onIdleConnectionError: (error) => errors.push(error),
        },
      );
      try {
        expect((await sql<{ one: number }>`select 1 as one`.execute(handle.db)).rows).toEqual([{ one: 1 }]);
        // Another session kills every idle connection of ours, as a server restart would.
        await sql`select pg_terminate_backend(pid) from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid()`.execute(database.db);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(errors.length).toBeGreaterThan(0);
        expect((await sql<{ one: number }>`select 1 as one`.execute(handle.db)).rows).toEqual([{ one: 1 }]);
      } finally {
        await handle.destroy();
        await database.destroy();
      }
    },
  );
});

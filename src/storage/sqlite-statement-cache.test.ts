import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from './sqlite-statement-cache.js';

describe('withStatementCache', () => {
  const opened: BetterSqlite3.Database[] = [];
  const open = () => {
    const database = new BetterSqlite3(':memory:');
    opened.push(database);
    database.exec('create table t (a integer)');
    database.exec('insert into t values (1), (2), (3)');
    return database;
  };
  afterEach(() => {
    for (const database of opened.splice(0)) {
      if (database.open) {
        database.close();
      }
    }
  });

  it('prepares a statement once and hands back the same one for the same SQL', () => {
    const cache = withStatementCache(open());
    const first = cache.prepare('select a from t where a = ?');
    expect(cache.prepare('select a from t where a = ?')).toBe(first);
    expect(cache.prepare('select a from t where a > ?')).not.toBe(first);
    expect(first.all(2)).toEqual([{ a: 2 }]);
  });

  it('gives a fresh statement while the cached one is mid-iteration, and the cached one again after', () => {
    const cache = withStatementCache(open());
    const query = 'select a from t order by a';
    const streaming = cache.prepare(query);
    const iterator = streaming.iterate();
    expect(iterator.next().value).toEqual({ a: 1 });
    const meanwhile = cache.prepare(query);
    expect(meanwhile).not.toBe(streaming);
    expect(meanwhile.all()).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect([...iterator]).toEqual([{ a: 2 }, { a: 3 }]);
    expect(cache.prepare(query)).toBe(streaming);
  });

  it('keeps only the most recently used statements', () => {
    const cache = withStatementCache(open(), 2);
    const one = cache.prepare('select 1');
    const two = cache.prepare('select 2');
    expect(cache.prepare('select 1')).toBe(one);
    cache.prepare('select 3');
    expect(cache.prepare('select 1')).toBe(one);
    expect(cache.prepare('select 2')).not.toBe(two);
  });

  it('sees a schema change made after a statement was cached', () => {
    const database = open();
    const cache = withStatementCache(database);
    expect(cache.prepare('select * from t where a = 1').all()).toEqual([{ a: 1 }]);
    database.exec('alter table t add column b text default "x"');
    expect(cache.prepare('select * from t where a = 1').all()).toEqual([{ a: 1, b: 'x' }]);
  });

  it('serves Kysely: a streamed select, then ordinary queries, then close', async () => {
    const database = open();
    const db = new Kysely<{ t: { a: number } }>({
      dialect: new SqliteDialect({ database: withStatementCache(database) }),
    });
    const streamed: number[] = [];
    // Kysely holds SQLite's one connection for the stream, so the other queries run after it.
    for await (const row of db.selectFrom('t').select('a').orderBy('a').stream()) {
      streamed.push(row.a);
    }
    await db.insertInto('t').values({ a: 4 }).execute();
    const again = await db.selectFrom('t').select('a').orderBy('a').execute();
    expect(streamed).toEqual([1, 2, 3]);
    expect(again.map((row) => row.a)).toEqual([1, 2, 3, 4]);
    await sql`select 1`.execute(db);
    await db.destroy();
    expect(database.open).toBe(false);
  });
});

/**
 * Never twice, on PostgreSQL with real parallel transactions: two component credentials of one learner
 * committed at the same moment award the pathway once.
 *
 * 1. Two app instances (two connection pools, as two server processes would have, with some latency
 *    on every query) on one database issue the last two units of many learners at once: each learner
 *    gets exactly one certificate, and exactly one of the two answers carries it.
 * 2. Step by step with two open transactions: the second waits on the learner's enrollment row (seen in
 *    pg_stat_activity) until the first commits, then sees its unit and awards.
 *
 * Without the enrollment lock, (1) fails: both transactions evaluate before either commits, neither
 * sees the other's unit, and the certificate is never awarded (checked by hand when this was written:
 * `forUpdate: false` makes it fail within a few learners).
 */
import type { FastifyInstance } from 'fastify';
import {
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { type Actor, type AppContext, createAppContext } from '../../src/services/context.js';
import { issueInTransaction } from '../../src/services/issue-credential.js';
import { createDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { DIALECTS } from '../support/databases.js';
import { unique } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/http.js';
import { addAchievement, courseTenant, createPathway, type IssuedBody, issue } from '../support/pathways.js';

/** Waits 0 to 8 ms after every query. */
class Latency implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 8));
    return args.result;
  }
}

const allOf = (ids: string[]) => ({ all: ids.map((achievement) => ({ achievement })) });

describe.skipIf(!DIALECTS.includes('postgres'))('postgres: concurrent completion awards once', () => {
  let server: TestServer;
  let secondDatabase: DatabaseHandle;
  let secondCtx: AppContext;
  let secondApp: FastifyInstance;
  let firstApp: FastifyInstance;

  beforeAll(async () => {
    server = await startTestServer('postgres');
    // A second instance on the same database: its own pool, its own app, as a second process would be.
    secondDatabase = await createDatabase(
      { dialect: 'postgres', url: server.database.location },
      { poolSize: 10 },
    );
    const instance = (db: AppContext['db']) =>
      createAppContext({
        config: server.ctx.config,
        db,
        dialect: 'postgres',
        masterKey: server.ctx.masterKey,
        passwordCost: 2 ** 10,
      });
    secondCtx = instance(secondDatabase.db);
    // In one Node process the two instances would take turns at every synchronous step (signing is CPU
    // work), which hides races. A few milliseconds of random latency on every query, as a database
    // across a network has, lets their transactions interleave the way two servers' would.
    firstApp = await buildApp(instance(server.database.db.withPlugin(new Latency())));
    secondApp = await buildApp(instance(secondDatabase.db.withPlugin(new Latency())));
  });

  afterAll(async () => {
    await firstApp?.close();
    await secondApp?.close();
    await secondDatabase?.destroy();
    await server?.app.close();
    await server?.database.destroy();
  });

  async function certificatesOf(learnerId: string, certificateId: string): Promise<number> {
    const row = await server.ctx.db
      .selectFrom('credentials')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('learner_id', '=', learnerId)
      .where('achievement_id', '=', certificateId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  it('two app instances issue the last two units of 16 learners at the same moment: one certificate each', async () => {
    const course = await courseTenant(server);
    await createPathway(server, course.apiKey, {
      targetAchievementId: course.certificateId,
      requirements: allOf(course.units),
    });
    const emails = Array.from({ length: 16 }, () => `${unique('race')}@example.org`);
    await Promise.all(
      emails.map(async (email) => {
        await issue(server, course.apiKey, course.units[0] as string, email);
        await issue(server, course.apiKey, course.units[1] as string, email);
      }),
    );
    const post = (app: FastifyInstance, achievementId: string, email: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/credentials',
        headers: { authorization: `Bearer ${course.apiKey}` },
        payload: { achievementId, recipient: { email } },
      });
    // One learner at a time, their two last units at once: nothing else queues either request.
    for (const email of emails) {
      const pair = await Promise.all([
        post(firstApp, course.units[2] as string, email),
        post(secondApp, course.units[3] as string, email),
      ]);
      for (const response of pair) {
        expect(response.statusCode, response.body).toBe(201);
      }
      const bodies = pair.map((response) => response.json() as IssuedBody);
      expect(bodies.map((body) => body.awarded.length).sort()).toEqual([0, 1]);
      expect(await certificatesOf(bodies[0]?.learnerId as string, course.certificateId)).toBe(1);
    }
    const awards = await server.ctx.db
      .selectFrom('pathway_awards')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('organization_id', '=', course.organization.id)
      .executeTakeFirstOrThrow();
    expect(Number(awards.count)).toBe(emails.length);
  });

  it('step by step: the second transaction waits on the enrollment row, then sees the first unit and awards', async () => {
    const course = await courseTenant(server, { units: 3 });
    // The fourth unit comes from another issuer, so the two transactions share no status list: the
    // only thing they can wait on is the learner's enrollment row.
    const other = await server.request({
      method: 'POST',
      url: '/api/v1/issuers',
      key: course.apiKey,
      payload: { name: 'Department of Bridges', slug: unique('bridges') },
    });
    expect(other.statusCode, other.body).toBe(201);
    const [u1, u2, u3] = course.units as [string, string, string];
    const u4 = await addAchievement(server, { ...course, issuer: other.json() }, 'Unit 4: Bridges');
    await createPathway(server, course.apiKey, {
      targetAchievementId: course.certificateId,
      requirements: allOf([u1, u2, u3, u4]),
    });
    const email = `${unique('step')}@example.org`;
    await issue(server, course.apiKey, u1, email);
    const { learnerId } = await issue(server, course.apiKey, u2, email);
    const actor: Actor = { type: 'api_key', id: null, organizationId: course.organization.id, role: 'admin' };

    const first = await server.ctx.db.startTransaction().execute();
    const second = await secondCtx.db.startTransaction().execute();
    try {
      const third = await issueInTransaction(server.ctx, first, actor, {
        achievementId: u3,
        recipient: { email },
      });
      expect(third.awarded).toEqual([]); // the fourth is not there yet
      let settled = false;
      const fourth = issueInTransaction(secondCtx, second, actor, {
        achievementId: u4,
        recipient: { email },
      }).finally(() => {
        settled = true;
      });
      // The second transaction reaches the enrollment row and waits on the first one's lock.
      let waiting: { query: string }[] = [];
      for (let attempt = 0; attempt < 100 && waiting.length === 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        waiting = (
          await sql<{ query: string }>`select query from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`.execute(server.database.db)
        ).rows;
      }
      expect(settled).toBe(false);
      expect(waiting.map((row) => row.query).join('\n')).toMatch(/from "pathway_enrollments".*for update/is);

      await first.commit().execute();
      const awarded = await fourth;
      expect(awarded.awarded).toHaveLength(1);
      expect(awarded.awarded[0]?.row.achievement_id).toBe(course.certificateId);
      await second.commit().execute();
    } catch (error) {
      await first
        .rollback()
        .execute()
        .catch(() => undefined);
      await second
        .rollback()
        .execute()
        .catch(() => undefined);
      throw error;
    }
    expect(await certificatesOf(learnerId, course.certificateId)).toBe(1);
  });
});

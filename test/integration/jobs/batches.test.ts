/**
 * Batches over HTTP on both databases: a streamed CSV with every kind of bad row (each gets its own
 * clear error, the good rows issue), the error report (safe for spreadsheets), re-uploads that issue
 * nothing new, JSON rows with a dry run then start, cancel and resume, progress as server-sent events,
 * file-level refusals, multipart uploads, roles and tenants.
 */
import { get as httpGet } from 'node:http';
import { beforeAll, expect, it } from 'vitest';
import { validateCredential } from '../../../src/core/credentials/validate-credential.js';
import { insertAchievement } from '../../../src/storage/achievements.repository.js';
import { forEachServer, type TestServer } from '../../support/http.js';
import { csv, getBatch, streamOf, waitForBatch, withWorker } from '../../support/jobs.js';
import { type IssuingTenant, issuingTenant } from '../../support/tenant.js';

const ACHIEVEMENT = 'Unit 1: Balance';

async function upload(
  s: TestServer,
  key: string,
  body: string | Uint8Array | ReturnType<typeof streamOf>,
  query = '',
) {
  return await s.request({
    method: 'POST',
    url: `/api/v1/batches${query}`,
    key,
    headers: { 'content-type': 'text/csv' },
    payload: body as never,
  });
}

async function credentialCount(s: TestServer, tenant: IssuingTenant): Promise<number> {
  const response = await s.request({
    method: 'GET',
    url: `/api/v1/credentials?achievementId=${tenant.achievementId}&limit=200`,
    key: tenant.apiKey,
  });
  expect(response.statusCode).toBe(200);
  return response.json().items.length;
}

function parseCsv(text: string): string[][] {
  // The report's own cells: quoted when needed, no quoted line breaks in these tests.
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => {
      const cells: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const char = line[i];
        if (quoted) {
          if (char === '"' && line[i + 1] === '"') {
            cell += '"';
            i++;
          } else if (char === '"') {
            quoted = false;
          } else {
            cell += char;
          }
        } else if (char === '"') {
          quoted = true;
        } else if (char === ',') {
          cells.push(cell);
          cell = '';
        } else {
          cell += char;
        }
      }
      cells.push(cell);
      return cells;
    });
}

forEachServer('batches', (server) => {
  let tenant: IssuingTenant;

  beforeAll(async () => {
    tenant = await issuingTenant(server(), { achievementName: ACHIEVEMENT });
  });

  it('streams a CSV with bad rows: each gets a clear per-row error, the good rows issue', async () => {
    const s = server();
    const header = 'email,name,achievement,validFrom,validUntil,evidence,notes\r\n';
    const good = [
      `ann@example.org,Ann Stone,${ACHIEVEMENT},,,https://portfolio.example/ann,first\r\n`,
      `bob@example.org,Bob Rock,${tenant.achievementId},2026-01-01,,,\r\n`,
      `cleo@example.org,"Cleo ""Pebble"" Lee",${ACHIEVEMENT},2026-01-01T09:00:00Z,2036-01-01,,\r\n`,
    ];
    const bad: (string | Uint8Array)[] = [
      `,Nobody,${ACHIEVEMENT},,,,\r\n`, // row 5: no e-mail, no DID
      'dan@example.org,Dan,Unit 99: Levitation,,,,\r\n', // row 6: unknown achievement
      `eve@example.org,Eve,${ACHIEVEMENT},2026-02-30,,,\r\n`, // row 7: no such date
      Buffer.concat([
        Buffer.from('jose@example.org,Jos'),
        Buffer.from([0xe9]), // Latin-1 "é": not UTF-8
        Buffer.from(`,${ACHIEVEMENT},,,,\r\n`),
      ]), // row 8
      `fay@example.org,"=HYPERLINK(""http://evil.example/x"",""Click me"")",${ACHIEVEMENT},,,,\r\n`, // row 9
      'gus@example.org,"', // row 10: a 10 MB name, streamed in 1 MB pieces
    ];
    const tenMegabytes = Array.from({ length: 10 }, () => 'x'.repeat(1024 * 1024));
    const body = streamOf([
      header,
      ...good,
      ...bad,
      ...tenMegabytes,
      `",${ACHIEVEMENT},,,,\r\n`,
      `hal@example.org,Hal,${ACHIEVEMENT},2027-01-01,2026-01-01,,\r\n`, // row 11: ends before it starts
      'ivy@example.org,Ivy,' + `${ACHIEVEMENT},,,not a url,\r\n`, // row 12: evidence not a URL
      `jon@example.org,Jon,${ACHIEVEMENT},,,,,extra\r\n`, // row 13: one value too many
    ]);
    const created = await upload(s, tenant.apiKey, body);
    expect(created.statusCode, created.body).toBe(202);
    expect(created.json()).toMatchObject({ status: 'running', total: 12, invalid: 9, valid: 3 });
    expect(created.json().unknownColumns).toEqual(['notes']);

    const batch = await withWorker(s.ctx, () => waitForBatch(s, tenant.apiKey, created.json().id));
    expect(batch).toMatchObject({ total: 12, done: 3, issued: 3, alreadyIssued: 0, failed: 9, pending: 0 });

    const rows = await s.request({
      method: 'GET',
      url: `/api/v1/batches/${batch.id}/rows?status=invalid`,
      key: tenant.apiKey,
    });
    const errors = Object.fromEntries(
      rows
        .json()
        .items.map((row: { row: number; errors: { code: string }[] }) => [
          row.row,
          row.errors.map((error) => error.code),
        ]),
    );
    expect(errors).toEqual({
      5: ['MISSING_RECIPIENT'],
      6: ['UNKNOWN_ACHIEVEMENT'],
      7: ['INVALID_DATE'],
      8: ['INVALID_ENCODING'],
      9: ['FORMULA_REJECTED'],
      10: ['FIELD_TOO_LARGE'],
      11: ['INVALID_VALIDITY'],
      12: ['INVALID_URL'],
      13: ['WRONG_FIELD_COUNT'],
    });

    const issued = await s.request({
      method: 'GET',
      url: `/api/v1/batches/${batch.id}/rows?status=issued`,
      key: tenant.apiKey,
    });
    const items = issued.json().items as { row: number; credentialId: string }[];
    expect(items.map((row) => row.row)).toEqual([2, 3, 4]);
    const cleo = await s.request({
      method: 'GET',
      url: `/api/v1/credentials/${items[2]?.credentialId}`,
      key: tenant.apiKey,
    });
    const credential = cleo.json().credential;
    expect(credential.credentialSubject.recipient ?? credential.credentialSubject.identifier).toBeDefined();
    expect(credential.validFrom).toBe('2026-01-01T09:00:00Z');
    expect(credential.validUntil).toBe('2036-01-01T00:00:00Z');
    expect(validateCredential(credential, { mode: 'issue' }).errors).toEqual([]);
    const ann = await s.request({
      method: 'GET',
      url: `/api/v1/credentials/${items[0]?.credentialId}`,
      key: tenant.apiKey,
    });
    expect(ann.json().credential.evidence).toEqual([
      expect.objectContaining({ id: 'https://portfolio.example/ann' }),
    ]);

    // The report: one line per problem, the formula neutralized, the unknown column named.
    const report = await s.request({
      method: 'GET',
      url: `/api/v1/batches/${batch.id}/errors.csv`,
      key: tenant.apiKey,
    });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toMatch(/^text\/csv/);
    expect(report.headers['content-disposition']).toMatch(/attachment; filename="batch-.*-errors\.csv"/);
    const lines = parseCsv(report.body);
    expect(lines[0]).toEqual([
      'row',
      'column',
      'code',
      'error',
      'email',
      'did',
      'name',
      'achievement',
      'key',
    ]);
    expect(lines[1]).toEqual(expect.arrayContaining(['header', 'notes', 'UNKNOWN_COLUMN']));
    const formula = lines.find((line) => line[2] === 'FORMULA_REJECTED');
    expect(formula?.[0]).toBe('9');
    expect(formula?.[6]).toBe(`'=HYPERLINK("http://evil.example/x","Click me")`);
    for (const line of lines) {
      for (const cell of line) {
        expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
    expect(lines.find((line) => line[2] === 'FIELD_TOO_LARGE')?.[1]).toBe('name');
    expect(report.body.length).toBeLessThan(20_000);
  });

  it('re-uploading a file issues nothing new; a row key names the credential across files', async () => {
    const s = server();
    const own = await issuingTenant(s, { achievementName: 'Unit 2: Arches' });
    const file = csv([
      ['email', 'achievement', 'key'],
      ['kim@example.org', 'Unit 2: Arches', ''],
      ['lea@example.org', 'Unit 2: Arches', ''],
      ['max@example.org', 'Unit 2: Arches', 'enrolment-42'],
      ['kim@example.org', 'Unit 2: Arches', ''], // the same row twice: one credential
    ]);
    const first = await upload(s, own.apiKey, file);
    expect(first.statusCode, first.body).toBe(202);
    const done = await withWorker(s.ctx, () => waitForBatch(s, own.apiKey, first.json().id));
    expect(done).toMatchObject({ total: 4, issued: 3, alreadyIssued: 1, failed: 0 });
    expect(await credentialCount(s, own)).toBe(3);

    const again = await upload(s, own.apiKey, file);
    const second = await withWorker(s.ctx, () => waitForBatch(s, own.apiKey, again.json().id));
    expect(second).toMatchObject({ total: 4, issued: 0, alreadyIssued: 4, failed: 0 });
    expect(await credentialCount(s, own)).toBe(3);

    // The key, not the content, decides for max: a changed name under the same key issues nothing new.
    const renamed = csv([
      ['email', 'name', 'achievement', 'key'],
      ['max@example.org', 'Max Mustermann', 'Unit 2: Arches', 'enrolment-42'],
    ]);
    const third = await upload(s, own.apiKey, renamed);
    const keyed = await withWorker(s.ctx, () => waitForBatch(s, own.apiKey, third.json().id));
    expect(keyed).toMatchObject({ issued: 0, alreadyIssued: 1 });
    expect(await credentialCount(s, own)).toBe(3);
  });

  it('rows issue a group per transaction: a key used for another learner fails its row only', async () => {
    const s = server();
    const own = await issuingTenant(s, { achievementName: 'Unit 3: Walls' });
    const first = await upload(
      s,
      own.apiKey,
      csv([
        ['email', 'achievement', 'key'],
        ['ola@example.org', 'Unit 3: Walls', 'walls-1'],
        ['pia@example.org', 'Unit 3: Walls', 'walls-2'],
      ]),
    );
    await withWorker(s.ctx, () => waitForBatch(s, own.apiKey, first.json().id));
    // 45 rows: more than two groups. Row 3 reuses walls-1 for ola (her credential, no second one); row 10
    // names walls-2 for someone else (refused); row 30 names walls-2 again, for pia (hers).
    const rows = Array.from({ length: 45 }, (_, index) => [
      `walls${index}@example.org`,
      'Unit 3: Walls',
      `walls-new-${index}`,
    ]);
    rows[1] = ['ola@example.org', 'Unit 3: Walls', 'walls-1'];
    rows[8] = ['not-pia@example.org', 'Unit 3: Walls', 'walls-2'];
    rows[28] = ['pia@example.org', 'Unit 3: Walls', 'walls-2'];
    const second = await upload(s, own.apiKey, csv([['email', 'achievement', 'key'], ...rows]));
    expect(second.statusCode, second.body).toBe(202);
    const done = await withWorker(s.ctx, () => waitForBatch(s, own.apiKey, second.json().id));
    expect(done).toMatchObject({ total: 45, issued: 42, alreadyIssued: 2, failed: 1, pending: 0 });
    const failed = await s.request({
      method: 'GET',
      url: `/api/v1/batches/${second.json().id}/rows?status=failed`,
      key: own.apiKey,
    });
    expect(failed.statusCode, failed.body).toBe(200);
    expect(failed.json().items).toEqual([
      expect.objectContaining({
        row: 10,
        errors: [expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' })],
      }),
    ]);
    expect(await credentialCount(s, own)).toBe(44);
    // Every credential got its own status-list slot, though a group's slots are claimed at once.
    const indexes = await s.ctx.db
      .selectFrom('credential_status_entries')
      .innerJoin('credentials', 'credentials.id', 'credential_status_entries.credential_id')
      .select(['credential_status_entries.list_id', 'credential_status_entries.status_index'])
      .where('credentials.achievement_id', '=', own.achievementId)
      .execute();
    expect(indexes).toHaveLength(44);
    expect(new Set(indexes.map((entry) => `${entry.list_id}:${entry.status_index}`)).size).toBe(44);
    // No slot is spent on a row whose key had its credential already: 44 credentials, 44 slots taken.
    const lists = await s.ctx.db
      .selectFrom('status_lists')
      .select('allocated')
      .where('issuer_id', '=', own.issuer.id)
      .where('purpose', '=', 'revocation')
      .execute();
    expect(lists.reduce((sum, list) => sum + Number(list.allocated), 0)).toBe(44);
  });

  it('JSON rows with a dry run: a preview and a report, nothing issued until started', async () => {
    const s = server();
    const own = await issuingTenant(s, { achievementName: 'Unit 3: Cairns' });
    const created = await s.request({
      method: 'POST',
      url: '/api/v1/batches',
      key: own.apiKey,
      payload: {
        dryRun: true,
        achievementId: own.achievementId,
        rows: [
          { email: 'nia@example.org', name: 'Nia' },
          { did: 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp', result: '92' },
          { email: 'not-an-address', colour: 'blue' },
        ],
      },
    });
    expect(created.statusCode, created.body).toBe(202);
    const batch = created.json();
    expect(batch).toMatchObject({ status: 'validated', dryRun: true, total: 3, valid: 2, invalid: 1 });
    expect(batch.unknownColumns).toEqual(['colour']);

    const preview = await s.request({
      method: 'GET',
      url: `/api/v1/batches/${batch.id}/rows?status=pending`,
      key: own.apiKey,
    });
    expect(preview.json().items.map((row: { row: number; data: object }) => [row.row, row.data])).toEqual([
      [1, { achievementId: own.achievementId, email: 'nia@example.org', name: 'Nia' }],
      [
        2,
        {
          achievementId: own.achievementId,
          did: 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp',
          result: '92',
        },
      ],
    ]);
    const invalid = await s.request({
      method: 'GET',
      url: `/api/v1/batches/${batch.id}/rows?status=invalid`,
      key: own.apiKey,
    });
    expect(invalid.json().items[0].errors[0]).toMatchObject({ column: 'email', code: 'INVALID_EMAIL' });

    await withWorker(s.ctx, async () => {
      // A dry run issues nothing, even with workers running.
      expect((await getBatch(s, own.apiKey, batch.id)).status).toBe('validated');
      expect(await credentialCount(s, own)).toBe(0);
      const started = await s.request({
        method: 'POST',
        url: `/api/v1/batches/${batch.id}/start`,
        key: own.apiKey,
      });
      expect(started.statusCode, started.body).toBe(202);
      const done = await waitForBatch(s, own.apiKey, batch.id);
      expect(done).toMatchObject({ issued: 2, failed: 1 });
    });
    expect(await credentialCount(s, own)).toBe(2);
    const again = await s.request({
      method: 'POST',
      url: `/api/v1/batches/${batch.id}/start`,
      key: own.apiKey,
    });
    expect(again.statusCode).toBe(409);
  });

  it('cancel stops a batch, resume finishes it; no row is issued twice', async () => {
    const s = server();
    const own = await issuingTenant(s, { achievementName: 'Unit 4: Walls' });
    const rows = [['email', 'achievement']];
    for (let n = 0; n < 250; n++) {
      rows.push([`learner${n}@example.org`, 'Unit 4: Walls']);
    }
    // No worker yet: the batch is running, its jobs queued. (No learner mail: its cost is not what this
    // test is about; test/integration/mail covers a batch's mail.)
    const created = await upload(s, own.apiKey, csv(rows), '?notify=false');
    expect(created.json()).toMatchObject({ status: 'running', total: 250, pending: 250 });
    const id = created.json().id;
    const cancelled = await s.request({
      method: 'POST',
      url: `/api/v1/batches/${id}/cancel`,
      key: own.apiKey,
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect(
      (await s.request({ method: 'POST', url: `/api/v1/batches/${id}/cancel`, key: own.apiKey })).statusCode,
    ).toBe(409);

    await withWorker(s.ctx, async (worker) => {
      // The jobs run and find the batch cancelled: they issue nothing.
      await waitForJobsSettled(s, own.apiKey);
      expect(worker.stats.succeeded).toBeGreaterThan(0);
    });
    expect(await getBatch(s, own.apiKey, id)).toMatchObject({ status: 'cancelled', done: 0, pending: 250 });
    expect(await credentialCount(s, own)).toBe(0);

    const resumed = await s.request({ method: 'POST', url: `/api/v1/batches/${id}/resume`, key: own.apiKey });
    expect(resumed.statusCode, resumed.body).toBe(202);
    expect(resumed.json().status).toBe('running');
    // Resuming twice queues nothing more: a chunk has at most one live job.
    expect(
      (await s.request({ method: 'POST', url: `/api/v1/batches/${id}/resume`, key: own.apiKey })).statusCode,
    ).toBe(202);
    const done = await withWorker(s.ctx, () => waitForBatch(s, own.apiKey, id));
    expect(done).toMatchObject({ total: 250, issued: 250, failed: 0 });
    expect(await credentialCount(s, own)).toBe(200); // the page holds 200 …
    const all = await s.ctx.db
      .selectFrom('credentials')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('organization_id', '=', own.organization.id)
      .executeTakeFirstOrThrow();
    expect(Number(all.count)).toBe(250); // … the database all 250, once each
    expect(
      (await s.request({ method: 'POST', url: `/api/v1/batches/${id}/resume`, key: own.apiKey })).statusCode,
    ).toBe(409);
  });

  it('pushes progress as server-sent events until the batch completes', async () => {
    const s = server();
    const own = await issuingTenant(s, { achievementName: 'Unit 5: Bridges' });
    const rows = [['email', 'achievement']];
    for (let n = 0; n < 120; n++) {
      rows.push([`sse${n}@example.org`, 'Unit 5: Bridges']);
    }
    const created = await upload(s, own.apiKey, csv(rows), '?notify=false');
    const id = created.json().id;
    // The stream opens while nothing is issued yet, then the worker starts.
    const stream = s.request({ method: 'GET', url: `/api/v1/batches/${id}/events`, key: own.apiKey });
    const response = await withWorker(s.ctx, () => stream);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = response.body
      .split('\n\n')
      .filter((block) => block.includes('data: '))
      .map((block) => ({
        event: /event: (\w+)/.exec(block)?.[1],
        data: JSON.parse(/data: (.*)/.exec(block)?.[1] ?? '{}'),
      }));
    expect(events[0]).toMatchObject({ event: 'progress', data: { status: 'running', done: 0, total: 120 } });
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { status: 'completed', done: 120 } });
    const done = events.map((event) => event.data.done as number);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(events.at(-1)?.data.rate).toBeGreaterThan(0);
  });

  it("streams the events over a real HTTP connection, as a browser's EventSource reads them", async () => {
    const s = server();
    const own = await issuingTenant(s, { achievementName: 'Unit 12: Lintels' });
    const rows = [['email', 'achievement']];
    for (let n = 0; n < 30; n++) {
      rows.push([`http${n}@example.org`, 'Unit 12: Lintels']);
    }
    const id = (await upload(s, own.apiKey, csv(rows))).json().id;
    const address = await s.app.listen({ port: 0, host: '127.0.0.1' });
    const received: string[] = [];
    const body = await withWorker(
      s.ctx,
      () =>
        new Promise<string>((resolve, reject) => {
          const request = httpGet(
            `${address}/api/v1/batches/${id}/events`,
            { headers: { authorization: `Bearer ${own.apiKey}`, accept: 'text/event-stream' } },
            (response) => {
              expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
              let text = '';
              response.on('data', (chunk: Buffer) => {
                text += chunk.toString('utf8');
                received.push(chunk.toString('utf8'));
              });
              response.on('end', () => resolve(text));
            },
          );
          request.on('error', reject);
        }),
    );
    expect(body).toMatch(/^retry: 2000/);
    expect(body).toMatch(/event: progress\nid: 1\ndata: \{/);
    expect(body).toMatch(/event: end\nid: \d+\ndata: \{.*"status":"completed"/);
    // The events came as the batch went, not all at the end.
    expect(received.length).toBeGreaterThan(1);
  });

  it('refuses files it cannot use as a whole, with the reason; a failed upload is visible', async () => {
    const s = server();
    const noRecipient = await upload(s, tenant.apiKey, 'name,achievement\r\nAnn,Unit 1\r\n');
    expect(noRecipient.statusCode).toBe(422);
    expect(noRecipient.json()).toMatchObject({ code: 'BATCH_FILE_INVALID' });
    expect(noRecipient.json().detail).toMatch(/no email or did column/);

    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email,achievement\r\n', 'utf16le')]);
    const wide = await upload(s, tenant.apiKey, utf16);
    expect(wide.json()).toMatchObject({ code: 'BATCH_FILE_INVALID' });
    expect(wide.json().detail).toMatch(/UTF-16/);

    expect((await upload(s, tenant.apiKey, '')).json().code).toBe('BATCH_FILE_INVALID');
    expect((await upload(s, tenant.apiKey, 'email,achievement\r\n')).json().detail).toMatch(/no rows/);
    const twice = await upload(s, tenant.apiKey, 'email,E-mail,achievement\r\na@b.org,a@b.org,x\r\n');
    expect(twice.json().detail).toMatch(/appears twice/);
    const noAchievement = await upload(s, tenant.apiKey, 'email\r\na@example.org\r\n');
    expect(noAchievement.json().detail).toMatch(/no achievement column/);
    const unknownDefault = await upload(
      s,
      tenant.apiKey,
      'email\r\na@example.org\r\n',
      '?achievementId=nope',
    );
    expect(unknownDefault.statusCode).toBe(404);

    const list = await s.request({ method: 'GET', url: '/api/v1/batches?status=failed', key: tenant.apiKey });
    expect(list.json().items.length).toBeGreaterThanOrEqual(5);
    expect(list.json().items[0].error).toMatchObject({ code: 'BATCH_FILE_INVALID' });
  });

  it('takes a multipart upload with the achievement chosen for the whole file', async () => {
    const s = server();
    const own = await issuingTenant(s, { achievementName: 'Unit 6: Domes' });
    const boundary = '----cairn-test-boundary';
    const body = [
      `--${boundary}\r\nContent-Disposition: form-data; name="achievementId"\r\n\r\n${own.achievementId}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="dryRun"\r\n\r\ntrue\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cohort.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      'Email Address,Full Name\r\nola@example.org,Ola\r\npia@example.org,Pia\r\n',
      `\r\n--${boundary}--\r\n`,
    ].join('');
    const response = await s.request({
      method: 'POST',
      url: '/api/v1/batches',
      key: own.apiKey,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toMatchObject({
      status: 'validated',
      filename: 'cohort.csv',
      total: 2,
      valid: 2,
      columns: ['Email Address', 'Full Name'],
      unknownColumns: [],
      defaultAchievementId: own.achievementId,
    });
  });

  it('needs the issuer role to upload and keeps batches inside their organization', async () => {
    const s = server();
    const other = await issuingTenant(s);
    const created = await upload(
      s,
      tenant.apiKey,
      csv([
        ['email', 'achievement'],
        ['zed@example.org', ACHIEVEMENT],
      ]),
      '?dryRun=true',
    );
    const id = created.json().id;
    for (const url of [
      `/api/v1/batches/${id}`,
      `/api/v1/batches/${id}/rows`,
      `/api/v1/batches/${id}/errors.csv`,
    ]) {
      expect((await s.request({ method: 'GET', url, key: other.apiKey })).statusCode).toBe(404);
    }
    expect(
      (await s.request({ method: 'POST', url: `/api/v1/batches/${id}/cancel`, key: other.apiKey }))
        .statusCode,
    ).toBe(404);
    const viewer = await s.request({
      method: 'POST',
      url: '/api/v1/api-keys',
      key: tenant.apiKey,
      payload: { name: 'read only', role: 'viewer' },
    });
    const viewerKey = viewer.json().key;
    expect((await upload(s, viewerKey, 'email,achievement\r\n')).statusCode).toBe(403);
    expect(
      (await s.request({ method: 'GET', url: `/api/v1/batches/${id}`, key: viewerKey })).statusCode,
    ).toBe(200);
    expect((await s.request({ method: 'GET', url: '/api/v1/batches' })).statusCode).toBe(401);
  });

  it('an achievement archived after validation fails its rows at issuing; the rest issue', async () => {
    const s = server();
    const own = await issuingTenant(s, { achievementName: 'Unit 7: Towers' });
    const second = await insertAchievement(s.ctx.db, {
      organization_id: own.organization.id,
      issuer_id: own.issuer.id,
      status: 'active',
      name: 'Unit 8: Vaults',
      achievement_type: 'MicroCredential',
      document: { name: 'Unit 8: Vaults', description: 'Vaults.', criteria: { narrative: 'Build one.' } },
    });
    const created = await upload(
      s,
      own.apiKey,
      csv([
        ['email', 'achievement'],
        ['quinn@example.org', 'Unit 7: Towers'],
        ['rae@example.org', 'Unit 8: Vaults'],
      ]),
      '?dryRun=true',
    );
    await s.ctx.db
      .updateTable('achievements')
      .set({ status: 'archived' })
      .where('id', '=', second.id)
      .execute();
    const id = created.json().id;
    await s.request({ method: 'POST', url: `/api/v1/batches/${id}/start`, key: own.apiKey });
    const done = await withWorker(s.ctx, () => waitForBatch(s, own.apiKey, id));
    expect(done).toMatchObject({ issued: 1, failed: 1, invalid: 0 });
    const failed = await s.request({
      method: 'GET',
      url: `/api/v1/batches/${id}/rows?status=failed`,
      key: own.apiKey,
    });
    expect(failed.json().items[0]).toMatchObject({ row: 3, errors: [{ code: 'CONFLICT' }] });
  });
});

async function waitForJobsSettled(s: TestServer, key: string): Promise<void> {
  const { waitFor } = await import('../../support/wait.js');
  await waitFor(async () => {
    const response = await s.request({ method: 'GET', url: '/api/v1/jobs?kind=batch.issue&limit=200', key });
    return response.json().items.every((job: { status: string }) => job.status === 'succeeded');
  });
}

forEachServer('batches when issuing keeps failing', (server) => {
  it('a chunk whose job dies fails its rows (the batch completes); resume issues them once fixed', async () => {
    const s = server();
    const own = await issuingTenant(s, { achievementName: 'Unit 10: Keystones' });
    // The issuer's key cannot be decrypted: every attempt fails with an internal error, a job failure.
    const key = await s.ctx.db
      .selectFrom('issuer_keys')
      .select(['id', 'encrypted_secret_key'])
      .where('issuer_id', '=', own.issuer.id)
      .executeTakeFirstOrThrow();
    await s.ctx.db
      .updateTable('issuer_keys')
      .set({ encrypted_secret_key: 'v1.AAAA.AAAA' })
      .where('id', '=', key.id)
      .execute();
    const created = await upload(
      s,
      own.apiKey,
      csv([
        ['email', 'achievement'],
        ['abe@example.org', 'Unit 10: Keystones'],
        ['bea@example.org', 'Unit 10: Keystones'],
      ]),
    );
    const id = created.json().id;
    const failed = await withWorker(s.ctx, () => waitForBatch(s, own.apiKey, id));
    expect(failed).toMatchObject({ status: 'completed', done: 0, failed: 2, invalid: 0 });
    const rows = await s.request({
      method: 'GET',
      url: `/api/v1/batches/${id}/rows?status=failed`,
      key: own.apiKey,
    });
    expect(rows.json().items[0].errors[0]).toMatchObject({ code: 'JOB_FAILED' });
    expect(rows.json().items[0].errors[0].message).toMatch(/Not issued after 10 attempts: .*decrypted/);
    const dead = await s.request({ method: 'GET', url: '/api/v1/jobs?status=dead', key: own.apiKey });
    expect(dead.json().items).toEqual([expect.objectContaining({ kind: 'batch.issue', attempts: 10 })]);

    await s.ctx.db
      .updateTable('issuer_keys')
      .set({ encrypted_secret_key: key.encrypted_secret_key })
      .where('id', '=', key.id)
      .execute();
    const resumed = await s.request({ method: 'POST', url: `/api/v1/batches/${id}/resume`, key: own.apiKey });
    expect(resumed.statusCode, resumed.body).toBe(202);
    expect(resumed.json()).toMatchObject({ status: 'running', failed: 0, pending: 2 });
    const done = await withWorker(s.ctx, () => waitForBatch(s, own.apiKey, id));
    expect(done).toMatchObject({ issued: 2, failed: 0 });
  });

  it('closing the server ends open event streams instead of waiting for them', async () => {
    const s = server();
    const own = await issuingTenant(s, { achievementName: 'Unit 11: Corbels' });
    const created = await upload(
      s,
      own.apiKey,
      csv([
        ['email', 'achievement'],
        ['cal@example.org', 'Unit 11: Corbels'],
      ]),
    );
    // No worker: the batch stays running, the stream stays open …
    const stream = s.request({
      method: 'GET',
      url: `/api/v1/batches/${created.json().id}/events`,
      key: own.apiKey,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // … until the app closes.
    await s.app.close();
    const response = await stream;
    expect(response.body).toMatch(/event: progress/);
    expect(response.body).not.toMatch(/event: end/);
  });
});

/**
 * A describe block's mail set-up on one database: a real SMTP server on 127.0.0.1, a Cairn server that
 * sends to it, a job worker and an issuing tenant, started before the block's tests and stopped after.
 */
import { afterAll, beforeAll } from 'vitest';
import type { JobWorker } from '../../src/jobs/worker.js';
import type { DialectName } from '../../src/storage/database.js';
import type { TestServer } from './http.js';
import { startTestWorker } from './jobs.js';
import { startSmtpTestServer, TestSmtpServer } from './smtp.js';
import { type IssuingTenant, issuingTenant } from './tenant.js';

export type MailTestbed = { server: TestServer; tenant: IssuingTenant };

/**
 * Registers the block's beforeAll / afterAll and returns the SMTP server; `ready` gets the server and
 * tenant once they are up. `answer` decides how the SMTP server answers each recipient (default: accept).
 */
export function useMailTestbed(
  dialect: DialectName,
  ready: (bed: MailTestbed) => void,
  options: { answer?: TestSmtpServer['answer'] } = {},
): TestSmtpServer {
  const smtp = new TestSmtpServer();
  let server: TestServer | undefined;
  let worker: JobWorker | undefined;
  beforeAll(async () => {
    await smtp.start();
    if (options.answer) {
      smtp.answer = options.answer;
    }
    server = await startSmtpTestServer(dialect, smtp);
    worker = startTestWorker(server.ctx);
    ready({ server, tenant: await issuingTenant(server) });
  });
  afterAll(async () => {
    await worker?.stop();
    await smtp.stop();
    await server?.app.close();
    await server?.database.destroy();
  });
  return smtp;
}

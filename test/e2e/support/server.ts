/**
 * A real Cairn for the browser: startServer (the same as `cairn serve`) on a free port of 127.0.0.1,
 * a temporary data directory and SQLite, the demo organization seeded — its admin is who signs in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config.js';
import { type DemoInfo, type RunningServer, startServer } from '../../../src/http/server.js';

export type E2eServer = { url: string; demo: DemoInfo; server: RunningServer; close: () => Promise<void> };

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** `env` adds configuration, e.g. CAIRN_SMTP_URL for a test SMTP server. */
export async function startE2eServer(env: Record<string, string> = {}): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-e2e-'));
  const port = await freePort();
  // The public URL names localhost, as on a laptop: issuer DIDs are did:web:localhost%3A<port>:i:…
  const config = loadConfig({
    CAIRN_PORT: String(port),
    CAIRN_HOST: '127.0.0.1',
    CAIRN_PUBLIC_URL: `http://localhost:${port}`,
    CAIRN_DATA_DIR: dataDir,
    CAIRN_LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    ...env,
  });
  const server = await startServer(config, { logger: false });
  if (!server.demo) {
    throw new Error('The demo organization was not seeded');
  }
  return {
    url: `http://localhost:${port}`,
    demo: server.demo,
    server,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

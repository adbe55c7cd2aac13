/** The commands that use the configured database: serve, migrate, init. */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import { openContext, startServer } from '../../http/server.js';
import { createIssuer, issuerDid } from '../../services/issuers.js';
import { createOrganization, slugify } from '../../services/organizations.js';
import { createDatabase } from '../../storage/database.js';
import { migrateToLatest } from '../../storage/migrations/index.js';
import { type CliIo, EXIT, UsageError } from '../io.js';

export const SERVE_HELP = `Usage: cairn serve

Starts the HTTP server on CAIRN_HOST:CAIRN_PORT and a job worker in the same process (batches, webhook
deliveries; CAIRN_JOBS_IN_SERVER=off leaves the jobs to \`cairn worker\` processes).
Applies database migrations first. On the first start with an empty database it seeds the demo
organization and prints its sign-in (also written to CAIRN_DATA_DIR/demo.json). See docs/configuration.md.
`;

export const MIGRATE_HELP = `Usage: cairn migrate

Applies the database migrations (SQLite under CAIRN_DATA_DIR, or CAIRN_DATABASE_URL) and lists them.
`;

export const INIT_HELP = `Usage: cairn init --org NAME --email EMAIL [--password PASSWORD] [--slug SLUG]

Creates an organization, its owner (EMAIL) and an admin API key, plus an issuer profile of the same
name; prints { "url", "login": { "email", "password" }, "apiKey", "organizationId", "issuerDid" } as JSON.
A password is generated when not given (and printed once).
`;

export async function serve(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout(SERVE_HELP);
    return EXIT.OK;
  }
  const config = loadConfig(io.env);
  const server = await startServer(config);
  io.stdout(`\nCairn is running at ${config.publicUrl} (listening on ${server.url}).\n`);
  io.stdout(`  console:  ${config.publicUrl}/console\n  verifier: ${config.publicUrl}/verify\n`);
  if (server.demo) {
    io.stdout(
      [
        '',
        'A demo organization, "Demo Academy", is ready:',
        `  sign in:  ${server.demo.login.email} / ${server.demo.login.password}`,
        `  API key:  ${server.demo.apiKey}`,
        `  (also in ${config.dataDir}/demo.json)`,
        '',
        'Try it:',
        `  curl -s -H "Authorization: Bearer ${server.demo.apiKey}" ${config.publicUrl}/api/v1/achievements`,
        `  API docs: ${config.publicUrl}/api/docs`,
        '',
      ].join('\n'),
    );
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return EXIT.OK;
}

export async function migrate(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout(MIGRATE_HELP);
    return EXIT.OK;
  }
  const config = loadConfig(io.env);
  const handle = await createDatabase(config.database);
  try {
    const applied = await migrateToLatest(handle);
    io.stdout(applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
  } finally {
    await handle.destroy();
  }
  return EXIT.OK;
}

export async function init(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      org: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      slug: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout(INIT_HELP);
    return EXIT.OK;
  }
  if (!values.org || !values.email) {
    throw new UsageError('--org NAME and --email EMAIL are required');
  }
  const config = loadConfig(io.env);
  const { ctx, close } = await openContext(config);
  try {
    const slug = values.slug ?? slugify(values.org);
    const created = await createOrganization(ctx, {
      name: values.org,
      slug,
      owner: { email: values.email, ...(values.password ? { password: values.password } : {}) },
    });
    const issuer = await createIssuer(
      ctx,
      { type: 'system', id: null, organizationId: created.organization.id, role: 'owner' },
      { name: values.org, slug },
    );
    io.stdout(
      `${JSON.stringify(
        {
          url: config.publicUrl,
          login: { email: created.owner.email, password: created.password ?? values.password ?? null },
          apiKey: created.apiKey,
          organizationId: created.organization.id,
          issuerDid: issuerDid(config.publicUrl, issuer.slug),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await close();
  }
  return EXIT.OK;
}

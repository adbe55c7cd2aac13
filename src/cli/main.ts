/** Entry point of the `cairn` command: dispatches to a command and maps errors to exit codes. */
import { isAppError } from '../errors.js';
import { BAKE_HELP, bake } from './commands/bake.js';
import { EXTRACT_HELP, extract } from './commands/extract.js';
import { KEYS_CREATE_HELP, keysCreate } from './commands/keys-create.js';
import { INIT_HELP, init, MIGRATE_HELP, migrate, SERVE_HELP, serve } from './commands/server-commands.js';
import { SIGN_HELP, sign } from './commands/sign.js';
import { VERIFY_HELP, verify } from './commands/verify.js';
import { WORKER_HELP, worker } from './commands/worker.js';
import { type CliIo, EXIT, processIo, UsageError } from './io.js';

type Command = { help: string; run: (args: string[], io: CliIo) => Promise<number> };

export const HELP = `cairn — stackable, verifiable micro-credentials (Open Badges 3.0)

Offline (no server, no database):
  cairn keys create [--type Ed25519|P-256|RSA] [--out key.json]   a key pair with its did:key
  cairn sign --key key.json [--suite eddsa-rdfc-2022|eddsa-jcs-2022|vc-jwt] FILE|-
  cairn verify [--json] FILE|-                                      JSON, JWT, PNG or SVG
  cairn bake --credential c.json IMAGE.png|svg -o OUT              embed a credential in a badge image
  cairn extract FILE                                                print the credential baked in an image

With the server's database (SQLite under CAIRN_DATA_DIR, or CAIRN_DATABASE_URL):
  cairn serve                                  start the HTTP server and a job worker (npm start)
  cairn worker                                 run job workers only (scale-out)
  cairn migrate                                apply database migrations
  cairn init --org NAME --email EMAIL          create an organization, its admin and an API key (JSON)

Run \`cairn <command> --help\` for the details of a command.
`;

const COMMANDS: Record<string, Command> = {
  'keys create': { help: KEYS_CREATE_HELP, run: keysCreate },
  sign: { help: SIGN_HELP, run: sign },
  verify: { help: VERIFY_HELP, run: verify },
  bake: { help: BAKE_HELP, run: bake },
  extract: { help: EXTRACT_HELP, run: extract },
  serve: { help: SERVE_HELP, run: serve },
  worker: { help: WORKER_HELP, run: worker },
  migrate: { help: MIGRATE_HELP, run: migrate },
  init: { help: INIT_HELP, run: init },
};

function findCommand(argv: string[]): { command: Command; args: string[] } | undefined {
  const two = argv.slice(0, 2).join(' ');
  if (COMMANDS[two]) {
    return { command: COMMANDS[two], args: argv.slice(2) };
  }
  const one = argv[0];
  if (one !== undefined && COMMANDS[one]) {
    return { command: COMMANDS[one], args: argv.slice(1) };
  }
  return undefined;
}

/** Runs the command line; returns the exit code (0 ok, 1 failed / not verified, 2 bad usage or input). */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(HELP);
    return argv.length === 0 ? EXIT.USAGE : EXIT.OK;
  }
  const found = findCommand(argv);
  if (!found) {
    io.stderr(`cairn: unknown command "${argv.join(' ')}"\n\n${HELP}`);
    return EXIT.USAGE;
  }
  try {
    return await found.command.run(found.args, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`cairn: ${(error as Error).message}\n\n${found.command.help}`);
      return EXIT.USAGE;
    }
    if (isAppError(error)) {
      io.stderr(`cairn: ${error.detail ?? error.message} (${error.code})\n`);
      const usage = [
        'UNREADABLE_INPUT',
        'INVALID_JSON',
        'INVALID_KEY',
        'IMAGE_INVALID',
        'IMAGE_NO_CREDENTIAL',
        'PDF_INVALID',
        'PDF_NO_CREDENTIAL',
        'INVALID_INPUT',
        'CONFIG_INVALID',
      ];
      return usage.includes(error.code) ? EXIT.USAGE : EXIT.FAILED;
    }
    io.stderr(`cairn: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.FAILED;
  }
}

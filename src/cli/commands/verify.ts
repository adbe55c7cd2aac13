import { parseArgs } from 'node:util';
import { createGuardedFetch } from '../../node/guarded-fetch.js';
import { nodeCryptoBackend } from '../../node/node-crypto-backend.js';
import { readCredentialInput } from '../../services/read-credential-input.js';
import { createVerifier } from '../../services/verifier.js';
import { formatReport } from '../format-report.js';
import { type CliIo, EXIT, readInput, UsageError } from '../io.js';

export const VERIFY_HELP = `Usage: cairn verify [--json] [--offline] FILE|-

Verifies a credential: JSON (Data Integrity proof), a VC-JWT, or a badge image (PNG, SVG) with a
credential baked in. Prints each check (format, context, schema, proof, issuer, validity, status).
A check that cannot be made is "unknown", and then the credential is not reported as verified.

  --json      print the report as JSON: { verified, format, credential, checks, problems, ... }
  --offline   never use the network (did:web keys and status lists are then "unknown")

Exit status: 0 verified, 1 not verified, 2 bad usage or unreadable input.
`;

export async function verify(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      json: { type: 'boolean' },
      offline: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout(VERIFY_HELP);
    return EXIT.OK;
  }
  if (positionals.length !== 1) {
    throw new UsageError('give exactly one file to verify (or - for standard input)');
  }
  const source = positionals[0] as string;
  const input = readCredentialInput(await readInput(io, source));
  const verifier = createVerifier({
    crypto: nodeCryptoBackend,
    ...(values.offline ? {} : { fetch: createGuardedFetch() }),
  });
  const report = await verifier(input.text, { now: io.now() });
  const container =
    input.container === 'png' || input.container === 'svg'
      ? `baked in ${input.container.toUpperCase()}`
      : undefined;
  if (values.json) {
    io.stdout(
      `${JSON.stringify({ ...report, ...(container ? { container: input.container } : {}) }, null, 2)}\n`,
    );
  } else {
    io.stdout(formatReport(report, container));
  }
  return report.verified ? EXIT.OK : EXIT.FAILED;
}

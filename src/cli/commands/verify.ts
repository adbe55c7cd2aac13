import { parseArgs } from 'node:util';
import { createGuardedFetch } from '../../node/guarded-fetch.js';
import { nodeCryptoBackend } from '../../node/node-crypto-backend.js';
import { readCredentialInput } from '../../services/read-credential-input.js';
import { createVerifier } from '../../services/verifier.js';
import { formatReport } from '../format-report.js';
import { type CliIo, EXIT, readInput, UsageError } from '../io.js';

export const VERIFY_HELP = `Usage: cairn verify [--json] [--offline] [--recipient EMAIL] FILE|-

Verifies a credential: JSON (Data Integrity proof), a VC-JWT, a badge image (PNG, SVG) with a
credential baked in, or a PDF certificate with the credential attached. Prints each check (format, context, schema, proof, issuer, validity, status).
Open Badges 2.0 badges (a hosted assertion, its URL, a signed JWS, or a baked PNG / SVG) are verified by
OB 2.0's own rules: a hosted assertion is fetched from the issuer's server, a signed one is checked with
the key the issuer's Profile lists, and the issuer's revocation list is read.
A check that cannot be made is "unknown", and then the credential is not reported as verified.
Status lists are fetched over https: a Bitstring Status List must be signed by the credential's
issuer, or the status stays "unknown"; a 1EdTech revocation list is unsigned, and the report says so.

  --json      print the report as JSON: { verified, format, credential, checks, problems, ... }
  --offline   never use the network (did:web keys and status lists are then "unknown")
  --recipient EMAIL   check that an OB 2.0 badge was awarded to this e-mail address (hashed or not)

Development only (never against credentials you do not control):
  --allow-http              fetch keys and status lists over plain http too
  --allow-private-network   fetch from localhost and private addresses (e.g. a local cairn serve)

Exit status: 0 verified, 1 not verified, 2 bad usage or unreadable input.
`;

export async function verify(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      json: { type: 'boolean' },
      offline: { type: 'boolean' },
      recipient: { type: 'string' },
      'allow-http': { type: 'boolean' },
      'allow-private-network': { type: 'boolean' },
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
  if (values.offline && (values['allow-http'] || values['allow-private-network'])) {
    throw new UsageError(
      '--offline fetches nothing, so --allow-http and --allow-private-network make no sense with it',
    );
  }
  const source = positionals[0] as string;
  const input = readCredentialInput(await readInput(io, source));
  const verifier = createVerifier({
    crypto: nodeCryptoBackend,
    ...(values.offline
      ? {}
      : {
          fetch: createGuardedFetch({
            allowHttp: values['allow-http'] ?? false,
            allowPrivateNetwork: values['allow-private-network'] ?? false,
          }),
          // A development server (cairn serve on localhost) serves its did:web documents over http.
          ...(values['allow-http'] ? { didWebScheme: 'http' as const } : {}),
        }),
  });
  const report = await verifier(input.text, {
    now: io.now(),
    ...(values.recipient !== undefined ? { recipient: values.recipient } : {}),
  });
  const container =
    input.container === 'png' || input.container === 'svg'
      ? `baked in ${input.container.toUpperCase()}`
      : input.container === 'pdf'
        ? 'attached to a PDF'
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

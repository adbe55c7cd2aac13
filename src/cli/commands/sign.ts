import { parseArgs } from 'node:util';
import { createFastCanonizer } from '../../core/jsonld/fast-canonize.js';
import { importKeyFile } from '../../core/keys/key-pair.js';
import { AppError } from '../../errors.js';
import { nodeCryptoBackend } from '../../node/node-crypto-backend.js';
import { SIGNING_FORMATS, type SigningFormat, signCredential } from '../../services/sign-credential.js';
import { type CliIo, EXIT, parseJson, readInput, UsageError } from '../io.js';

export const SIGN_HELP = `Usage: cairn sign --key key.json [--suite eddsa-rdfc-2022|eddsa-jcs-2022|vc-jwt] FILE|-

Signs an unsigned credential (FILE, or standard input for -) and prints it: the credential with its
proof, or the compact JWT for vc-jwt. The credential's issuer must be the key's controller (its DID).

  --key     a key file from \`cairn keys create\`
  --suite   eddsa-rdfc-2022 (default, the Open Badges 3.0 conformance suite), eddsa-jcs-2022, or vc-jwt
`;

export async function sign(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      key: { type: 'string', short: 'k' },
      suite: { type: 'string', default: 'eddsa-rdfc-2022' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout(SIGN_HELP);
    return EXIT.OK;
  }
  if (!values.key) {
    throw new UsageError('--key key.json is required');
  }
  if (positionals.length !== 1) {
    throw new UsageError('give exactly one credential file (or - for standard input)');
  }
  const format = values.suite as SigningFormat;
  if (!SIGNING_FORMATS.includes(format)) {
    throw new UsageError(`--suite must be one of ${SIGNING_FORMATS.join(', ')}`);
  }
  const keyPair = importKeyFile(
    parseJson(await readInput(io, values.key), `The key file ${values.key}`),
    nodeCryptoBackend,
  );
  const credential = parseJson(await readInput(io, positionals[0] as string), 'The credential');
  if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) {
    throw new AppError('INVALID_INPUT', 'The credential must be a JSON object');
  }
  const created = io
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const signed = await signCredential(
    credential as Record<string, unknown>,
    { keyPair, format, created },
    {
      crypto: nodeCryptoBackend,
      canonize: createFastCanonizer(undefined, { sha256Hex: nodeCryptoBackend.sha256Hex }),
    },
  );
  io.stdout(typeof signed === 'string' ? `${signed}\n` : `${JSON.stringify(signed, null, 2)}\n`);
  return EXIT.OK;
}

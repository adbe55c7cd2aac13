import { parseArgs } from 'node:util';
import { KEY_ALGORITHMS, type KeyAlgorithm } from '../../core/crypto/keys.js';
import { exportKeyFile, generateKeyPair } from '../../core/keys/key-pair.js';
import { nodeCryptoBackend } from '../../node/node-crypto-backend.js';
import { type CliIo, EXIT, UsageError } from '../io.js';

export const KEYS_CREATE_HELP = `Usage: cairn keys create [--type Ed25519|P-256|RSA] [--out key.json]

Creates a key pair and its did:key. The key file is the Multikey JSON Digital Bazaar's libraries use
(P-256 and RSA keys as JWK in the same envelope). It holds the SECRET key: keep it private.

  --type   Ed25519 (default; for eddsa-rdfc-2022, eddsa-jcs-2022 and VC-JWT EdDSA),
           P-256 (VC-JWT ES256) or RSA (VC-JWT RS256)
  --out    write the key file there (mode 0600) and print only the DID; default: print the key file
`;

export async function keysCreate(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      type: { type: 'string', default: 'Ed25519' },
      out: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout(KEYS_CREATE_HELP);
    return EXIT.OK;
  }
  const type = KEY_ALGORITHMS.find(
    (algorithm) => algorithm.toLowerCase() === String(values.type).toLowerCase(),
  );
  if (!type) {
    throw new UsageError(`--type must be one of ${KEY_ALGORITHMS.join(', ')}, not ${values.type}`);
  }
  const keyPair = await generateKeyPair(type as KeyAlgorithm, nodeCryptoBackend);
  const file = `${JSON.stringify(exportKeyFile(keyPair), null, 2)}\n`;
  if (values.out) {
    await io.writeFile(values.out, file, { mode: 0o600 });
    io.stdout(`${keyPair.controller}\n`);
    io.stderr(`Wrote the ${type} key pair to ${values.out}. It contains the secret key: keep it private.\n`);
  } else {
    io.stdout(file);
  }
  return EXIT.OK;
}

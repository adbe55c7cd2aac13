import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.js';

/** The master key's length: AES-256 takes 32 bytes. */
export const MASTER_KEY_LENGTH = 32;

/** The file, inside the data directory, that holds the generated master key. */
export const MASTER_KEY_FILE = 'master.key';

/**
 * Decodes a master key written as 64 hexadecimal digits or as base64 (standard or URL-safe, padding
 * optional). Returns undefined unless it is exactly 32 bytes. Surrounding white space is ignored.
 */
export function decodeMasterKey(text: string): Uint8Array | undefined {
  const value = text.trim();
  // Hex first: 64 hex digits are also valid base64 (of 48 bytes).
  if (/^[0-9a-fA-F]{64}$/.test(value)) {
    return new Uint8Array(Buffer.from(value, 'hex'));
  }
  if (/^[A-Za-z0-9+/]{43}=?$/.test(value) || /^[A-Za-z0-9_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return bytes.length === MASTER_KEY_LENGTH ? new Uint8Array(bytes) : undefined;
  }
  return undefined;
}

/**
 * The master key stored in `dataDir/master.key`, generated (32 random bytes, written as hex, file mode
 * 0600, directory created with 0700) when the file does not exist yet.
 *
 * Two processes starting at once on a new data directory get the same key: the key is written to a
 * private temporary file first, then linked into place, which fails if another process got there first;
 * the loser reads the winner's key. A file is never seen half written.
 *
 * Fails with CONFIG_INVALID when the file exists but does not hold a 32-byte key (its content is not
 * repeated in the message), and with the file system's error when the directory cannot be written.
 */
export async function loadOrCreateMasterKey(dataDir: string): Promise<Uint8Array> {
  const file = join(dataDir, MASTER_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing !== undefined) {
    return existing;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const key = new Uint8Array(randomBytes(MASTER_KEY_LENGTH));
  const temporary = join(dataDir, `.${MASTER_KEY_FILE}.${randomUUID()}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${Buffer.from(key).toString('hex')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, file);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
    const winner = await readKeyFile(file);
    if (winner === undefined) {
      throw error;
    }
    return winner;
  } finally {
    await unlink(temporary);
  }
}

async function readKeyFile(file: string): Promise<Uint8Array | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
  const key = decodeMasterKey(text);
  if (key === undefined) {
    throw new AppError(
      'CONFIG_INVALID',
      `${file} does not hold a 32-byte master key (64 hex digits or base64). Restore it from a backup: ` +
        'without it, the issuers’ private keys cannot be decrypted.',
    );
  }
  return key;
}

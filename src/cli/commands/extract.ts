import { parseArgs } from 'node:util';
import { extractCredential } from '../../core/baking/index.js';
import { type CliIo, EXIT, readInput, UsageError } from '../io.js';

export const EXTRACT_HELP = `Usage: cairn extract FILE

Prints the credential baked into a PNG or SVG badge image (Open Badges 3.0, or an OB 2.0 assertion),
or attached to a PDF certificate.
`;

export async function extract(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout(EXTRACT_HELP);
    return EXIT.OK;
  }
  if (positionals.length !== 1) {
    throw new UsageError('give exactly one image or PDF file');
  }
  const extracted = extractCredential(await readInput(io, positionals[0] as string));
  if (extracted.kind === 'json') {
    try {
      io.stdout(`${JSON.stringify(JSON.parse(extracted.text), null, 2)}\n`);
      return EXIT.OK;
    } catch {
      // Not JSON after all: print it as it is.
    }
  }
  io.stdout(`${extracted.text}\n`);
  if (extracted.obVersion !== '3.0') {
    io.stderr(`Note: this image is baked the Open Badges ${extracted.obVersion} way (${extracted.kind}).\n`);
  }
  return EXIT.OK;
}

import { parseArgs } from 'node:util';
import { bakePng, bakeSvg, detectImageType } from '../../core/baking/index.js';
import { AppError } from '../../errors.js';
import { type CliIo, EXIT, readInput, UsageError } from '../io.js';

export const BAKE_HELP = `Usage: cairn bake --credential c.json IMAGE.png|IMAGE.svg -o OUT [--overwrite]

Embeds a signed credential (JSON, or a JWT file) in a badge image, per Open Badges 3.0 baking: an iTXt
chunk "openbadgecredential" in a PNG, an <openbadges:credential> element in an SVG.

  --credential  the signed credential (JSON or compact JWT)
  -o, --out     where to write the baked image
  --overwrite   replace a credential already baked into the image (default: refuse)
`;

export async function bake(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      credential: { type: 'string', short: 'c' },
      out: { type: 'string', short: 'o' },
      overwrite: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout(BAKE_HELP);
    return EXIT.OK;
  }
  if (!values.credential || !values.out || positionals.length !== 1) {
    throw new UsageError('usage: cairn bake --credential c.json IMAGE -o OUT');
  }
  const credentialText = new TextDecoder().decode(await readInput(io, values.credential)).trim();
  const image = await readInput(io, positionals[0] as string);
  const type = detectImageType(image);
  const options = { overwrite: values.overwrite === true };
  let baked: Uint8Array | string;
  if (type === 'png') {
    baked = bakePng(image, credentialText, options);
  } else if (type === 'svg') {
    baked = bakeSvg(new TextDecoder().decode(image), credentialText, options);
  } else {
    throw new AppError('IMAGE_INVALID', `${positionals[0]} is neither a PNG nor an SVG`);
  }
  await io.writeFile(values.out, baked);
  io.stderr(`Baked the credential into ${values.out}.\n`);
  return EXIT.OK;
}

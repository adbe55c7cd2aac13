/** Pixels of a PNG, for tests that check what a badge looks like (decoded by @napi-rs/canvas). */
import { createCanvas, loadImage } from '@napi-rs/canvas';

/** The share of the image's pixels within `tolerance` of `#RRGGBB` on every channel. */
export async function colorShare(png: Uint8Array, hex: string, tolerance = 12): Promise<number> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  const want = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)) as [number, number, number];
  let matching = 0;
  for (let at = 0; at < data.length; at += 4) {
    if (
      (data[at + 3] ?? 0) > 200 &&
      Math.abs((data[at] ?? 0) - want[0]) <= tolerance &&
      Math.abs((data[at + 1] ?? 0) - want[1]) <= tolerance &&
      Math.abs((data[at + 2] ?? 0) - want[2]) <= tolerance
    ) {
      matching++;
    }
  }
  return matching / (data.length / 4);
}

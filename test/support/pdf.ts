/**
 * Reading PDFs as a person would, for tests: the text of every page (pdf.js) and the QR code on the
 * first page, rendered to pixels (pdf.js on @napi-rs/canvas) and decoded (jsQR).
 */
import { createCanvas } from '@napi-rs/canvas';
import jsqrModule from 'jsqr';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

// jsqr is CommonJS with an ES-style default export: take the function whichever way it arrives.
type JsQr = typeof jsqrModule.default;
const jsQR = ((jsqrModule as unknown as { default?: JsQr }).default ?? jsqrModule) as JsQr;

async function open(bytes: Uint8Array) {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  return await getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
}

/** The text of every page, joined with spaces. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await open(bytes);
  try {
    const parts: string[] = [];
    for (let number = 1; number <= doc.numPages; number++) {
      const content = await (await doc.getPage(number)).getTextContent();
      parts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    }
    return parts.join(' ');
  } finally {
    await doc.destroy();
  }
}

/** The first page drawn at twice its size in points (about 144 dpi). */
async function renderFirstPage(bytes: Uint8Array) {
  const doc = await open(bytes);
  try {
    const page = await doc.getPage(1);
    const size = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: 2 });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
    return { width: size.width, height: size.height, canvas, context };
  } finally {
    await doc.destroy();
  }
}

/** The first page's size in points, and its QR code's text (undefined when none decodes). */
export async function pdfFirstPage(
  bytes: Uint8Array,
): Promise<{ width: number; height: number; qr?: string }> {
  const { width, height, canvas, context } = await renderFirstPage(bytes);
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  const qr = jsQR(new Uint8ClampedArray(image.data.buffer), image.width, image.height);
  return { width, height, ...(qr ? { qr: qr.data } : {}) };
}

/** The first page as a PNG, to save and look at. */
export async function pdfFirstPagePng(bytes: Uint8Array): Promise<Uint8Array> {
  const { canvas } = await renderFirstPage(bytes);
  return new Uint8Array(await canvas.encode('png'));
}

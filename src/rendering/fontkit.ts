/**
 * fontkit for pdf-lib. pdf-lib's own fork (`@pdf-lib/fontkit` 1.1.1) writes broken TrueType subsets
 * (a short `loca` table without padding), which silently drops glyphs from subset fonts; upstream
 * fontkit 2 fixed that. pdf-lib accepts any object with `create`; the one gap is that pdf-lib reads a
 * subset through `encodeStream()`, which fontkit 2 replaced with `encode()`, so subsets get a tiny
 * stream-like wrapper here.
 */
import * as fontkit from 'fontkit';

type Listener = (value?: unknown) => void;

/** What pdf-lib's `registerFontkit` takes. */
export type PdfLibFontkit = { create(buffer: Uint8Array, postscriptName?: string): unknown };

function withEncodeStream(subset: fontkit.Subset) {
  return Object.assign(subset, {
    encodeStream() {
      const listeners: Record<string, Listener> = {};
      const emitter = {
        on(event: string, listener: Listener) {
          listeners[event] = listener;
          if (listeners.data && listeners.end && listeners.error) {
            // pdf-lib attaches data, end and error in one chain; answer once all three are there.
            queueMicrotask(() => {
              try {
                listeners.data?.(subset.encode());
                listeners.end?.();
              } catch (error) {
                listeners.error?.(error);
              }
            });
          }
          return emitter;
        },
      };
      return emitter;
    },
  });
}

export const fontkitForPdfLib: PdfLibFontkit = {
  create(buffer, postscriptName) {
    const font = fontkit.create(buffer, postscriptName);
    const createSubset = font.createSubset.bind(font);
    return Object.assign(font, { createSubset: () => withEncodeStream(createSubset()) });
  },
};

export { fontkit };

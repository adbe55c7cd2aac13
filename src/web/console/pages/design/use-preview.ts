/**
 * A live preview: the design, sent to POST /api/v1/designs/preview a moment after the last change (so
 * typing does not start a render per key), answered as an object URL the page shows. A newer request
 * aborts the older one, so a slow answer never replaces a newer one.
 */
import { useEffect, useState } from 'react';
import { ApiError, apiBlob } from '../../api.js';

export type Preview = { url: string | undefined; error: string | undefined; rendering: boolean };

const SETTLE_MS = 250;

export function usePreview(body: object | undefined): Preview {
  const key = body ? JSON.stringify(body) : '';
  const [state, setState] = useState<Preview>({ url: undefined, error: undefined, rendering: false });
  useEffect(() => {
    if (key === '') {
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ ...previous, rendering: true }));
    const timer = window.setTimeout(() => {
      apiBlob('/api/v1/designs/preview', JSON.parse(key), controller.signal)
        .then((blob) => {
          const url = URL.createObjectURL(blob);
          setState((previous) => {
            if (previous.url) {
              URL.revokeObjectURL(previous.url);
            }
            return { url, error: undefined, rendering: false };
          });
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) {
            return;
          }
          const message = error instanceof ApiError ? (error.detail ?? error.title) : String(error);
          setState((previous) => ({ ...previous, error: message, rendering: false }));
        });
    }, SETTLE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [key]);
  return state;
}

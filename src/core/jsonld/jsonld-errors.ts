import { AppError } from '../../errors.js';

type JsonLdErrorShape = {
  name?: string;
  message?: string;
  details?: {
    code?: string;
    url?: string;
    cause?: unknown;
    event?: { code?: string; message?: string; details?: Record<string, unknown> };
  };
};

/**
 * Turns an error thrown by the `jsonld` library into an AppError a person can act on:
 * CONTEXT_UNKNOWN for a context the loader refused, JSONLD_UNDEFINED_TERM for a term or type that safe
 * mode would drop (no @vocab in VCDM 2.0, so such data would be silently unsigned), JSONLD_ERROR otherwise.
 */
export function toJsonLdAppError(error: unknown): AppError {
  if (error instanceof AppError) {
    return error;
  }
  const e = (error ?? {}) as JsonLdErrorShape;
  const cause = e.details?.cause;
  if (cause instanceof AppError) {
    return cause;
  }
  const event = e.details?.event;
  if (e.name === 'jsonld.ValidationError' && event) {
    const details = event.details ?? {};
    const term = details.property ?? details.type ?? details.term ?? details.value;
    const what =
      event.code === 'relative @type reference'
        ? `the type ${JSON.stringify(term)}`
        : event.code === 'invalid property'
          ? `the property ${JSON.stringify(term)}`
          : `${JSON.stringify(term ?? event.code)}`;
    return new AppError(
      'JSONLD_UNDEFINED_TERM',
      `${what} is not defined by any of the credential's @context entries (${event.code}); add a context that defines it or remove it`,
      { cause: error },
    );
  }
  if (e.details?.code === 'loading remote context failed' || e.details?.code === 'loading document failed') {
    return new AppError(
      'CONTEXT_UNKNOWN',
      `The JSON-LD context ${JSON.stringify(e.details.url)} could not be loaded`,
      {
        cause: error,
      },
    );
  }
  return new AppError(
    'JSONLD_ERROR',
    `${e.details?.code ?? e.name ?? 'JSON-LD error'}: ${e.message ?? String(error)}`,
    {
      cause: error,
    },
  );
}

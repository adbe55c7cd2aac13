/**
 * What the public pages need from the browser to verify: the verifier itself (core, in the page), a way
 * to load a credential from a URL, and a way to read a dropped file. Absent on the server, so the
 * server-rendered page shows the verification panel in its "about to check" state; the browser entry
 * (src/web/public-entry.tsx) provides it when it hydrates.
 */
import { createContext, useContext, useEffect, useState } from 'react';
import type { VerificationReport } from '../core/verification/report.js';

/** Where the verifier is: reported while it runs, for the progress line and the live region. */
export type VerificationStage = 'format' | 'key' | 'status' | 'done';

export type ReadInput = {
  /** The credential: JSON text or a compact JWT. */
  text: string;
  /** What held it. */
  container: 'json' | 'jwt' | 'png' | 'svg' | 'pdf';
};

export type VerifierPort = {
  verify: (input: string, onStage: (stage: VerificationStage) => void) => Promise<VerificationReport>;
  /** The credential at a URL: same origin directly, any other through the server's guarded fetch. */
  fetchCredential: (url: string) => Promise<string>;
  /** A dropped or chosen file: JSON, JWT, a baked PNG / SVG or a certificate PDF (its credential extracted). */
  readFile: (file: File) => Promise<ReadInput>;
};

const VerifierContext = createContext<VerifierPort | undefined>(undefined);

export const VerifierProvider = VerifierContext.Provider;

/**
 * The verifier, from the first render after hydration on: the hydrating render must match the server's
 * HTML exactly (React does not repair attribute differences), and the server had none.
 */
export function useVerifier(): VerifierPort | undefined {
  const verifier = useContext(VerifierContext);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated ? verifier : undefined;
}

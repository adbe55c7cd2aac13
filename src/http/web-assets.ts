/**
 * The built web app (dist/web, written by `vite build`): where it is, and which hashed files a page links,
 * read from Vite's manifest. The server works without it — public pages are whole HTML without their
 * script, and the console answers that the web app is not built.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PageAssets } from './html.js';

/** `<package>/dist/web`, both from src/http (tests) and dist/http (the built server). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

type ManifestChunk = {
  file: string;
  css?: string[];
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
};
type Manifest = Record<string, ManifestChunk>;

export type WebApp = {
  root: string;
  /** Scripts and styles of the script that hydrates public pages; none when the app is not built. */
  publicAssets: () => PageAssets;
  /** The console's index.html, or undefined when the app is not built. */
  consoleHtml: () => string | undefined;
};

const PUBLIC_ENTRY = 'public-entry.tsx';

export function openWebApp(root: string = DEFAULT_WEB_ROOT): WebApp {
  const manifestPath = join(root, '.vite', 'manifest.json');
  let cached: { mtimeMs: number; assets: PageAssets; html: string | undefined } | undefined;

  // Re-read when the build changes (a rebuild while the server runs), otherwise from memory.
  const load = () => {
    if (!existsSync(manifestPath)) {
      cached = undefined;
      return undefined;
    }
    const mtimeMs = statSync(manifestPath).mtimeMs;
    if (cached?.mtimeMs === mtimeMs) {
      return cached;
    }
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    const entry = manifest[PUBLIC_ENTRY];
    const preload = new Set<string>();
    const styles = new Set<string>(entry?.css ?? []);
    const visit = (key: string, seen: Set<string>) => {
      if (seen.has(key)) {
        return;
      }
      seen.add(key);
      const chunk = manifest[key];
      if (!chunk) {
        return;
      }
      preload.add(chunk.file);
      for (const css of chunk.css ?? []) {
        styles.add(css);
      }
      for (const next of chunk.imports ?? []) {
        visit(next, seen);
      }
    };
    // Static imports, and the verifier the page loads at once after hydrating: fetched in parallel.
    for (const next of [...(entry?.imports ?? []), ...(entry?.dynamicImports ?? [])]) {
      visit(next, new Set());
    }
    const indexPath = join(root, 'index.html');
    cached = {
      mtimeMs,
      assets: entry
        ? {
            script: `/${entry.file}`,
            styles: [...styles].map((file) => `/${file}`),
            preload: [...preload].map((file) => `/${file}`),
          }
        : { styles: [], preload: [] },
      html: existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : undefined,
    };
    return cached;
  };

  return {
    root,
    publicAssets: () => load()?.assets ?? { styles: [], preload: [] },
    consoleHtml: () => load()?.html,
  };
}

/**
 * The browser build: `vite build` writes the console (index.html) and the script that hydrates the
 * server-rendered public pages (/c/{id}, /i/{slug}, /verify) into dist/web, with a manifest the server
 * reads to link them (src/http/web-assets.ts). JSX goes through Vite's own transform: no plugin needed.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./src/web', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      input: {
        console: fileURLToPath(new URL('./src/web/index.html', import.meta.url)),
        public: fileURLToPath(new URL('./src/web/public-entry.tsx', import.meta.url)),
      },
    },
  },
});

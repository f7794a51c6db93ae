import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** `npm run build:explorer` (root) → packages/explorer/dist, which local mode serves at GET /. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
});

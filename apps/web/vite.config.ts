import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API serves the build at /app/ (apps/api/src/web-app.ts); `pnpm dev` proxies the API's
// paths to it, so the session cookie and CSRF work as in production (one origin).
const api = process.env.KLUB_API_URL ?? 'http://localhost:8000';

export default defineConfig({
  base: '/app/',
  plugins: [react()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(
      ['/api', '/trpc', '/admin', '/upload'].map((p) => [p, { target: api, changeOrigin: false }]),
    ),
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    // Read by scripts/bundle-size.mjs (the first-load budget in bench/README.md).
    manifest: true,
    chunkSizeWarningLimit: 1000,
  },
});

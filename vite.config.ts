/**
 * The operator app's build: `app/` → `dist/app`, which the server serves at `/` (`npm run build`). The website
 * widget (channels/widget/embed) is built beside it as `dist/app/widget.js`, a fixed name sites can link to.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import solid from 'vite-plugin-solid'
import { serviceWorker } from './build/service-worker'

export default defineConfig({
  root: fileURLToPath(new URL('./app', import.meta.url)),
  plugins: [
    solid(),
    serviceWorker(fileURLToPath(new URL('./app/offline/service-worker.ts', import.meta.url))),
  ],
  build: {
    outDir: fileURLToPath(new URL('./dist/app', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./app/index.html', import.meta.url)),
        widget: fileURLToPath(new URL('./channels/widget/embed/widget.ts', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'widget' ? 'widget.js' : 'assets/[name]-[hash].js'),
      },
      onwarn(warning, warn) {
        // zod's sources carry `@__PURE__` notes in places Rollup ignores; harmless, and not ours to fix.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/')) return
        warn(warning)
      },
    },
  },
  server: {
    // `vite` alone serves the app with hot reload; the API and the sync socket stay on the server (`npm start`).
    proxy: {
      '/api': 'http://localhost:8080',
      '/sync': { target: 'ws://localhost:8080', ws: true },
    },
  },
})

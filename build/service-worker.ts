/**
 * A Vite plugin that writes the app shell's service worker: `app/offline/service-worker.ts`, compiled to
 * `sw.js` at the root of the build with `SHELL` defined as the list of files to precache (`index.html`, the
 * hashed assets, the public files; never source maps) and a version hashed from all their contents. A build
 * that changes any byte is a new worker, and the browser swaps the cache; one that changes nothing is not.
 */
import { createHash } from 'node:crypto'
import { type Dirent, readdirSync, readFileSync } from 'node:fs'
import { join, posix, relative, sep } from 'node:path'
import { type Plugin, type ResolvedConfig, transformWithEsbuild } from 'vite'

export const SERVICE_WORKER_FILE = 'sw.js'

export interface ShellFile {
  /** The path in the build, `/`-separated, no leading slash: `assets/index-abc.js`. */
  readonly name: string
  readonly content: string | Uint8Array
}

export interface Shell {
  readonly version: string
  /** URL paths: `/index.html`, `/assets/index-abc.js`. */
  readonly files: readonly string[]
}

/** Not worth a place in the cache: debugging aids, and the worker itself. */
const skipped = (name: string): boolean => name.endsWith('.map') || name === SERVICE_WORKER_FILE

/** What the worker precaches, and its version: the first 16 hex of a SHA-256 over the worker and every file. */
export const shellOf = (files: readonly ShellFile[], workerSource: string, base = '/'): Shell => {
  const kept = files.filter((f) => !skipped(f.name)).sort((a, b) => (a.name < b.name ? -1 : 1))
  const hash = createHash('sha256').update(workerSource)
  for (const file of kept) hash.update(`\0${file.name}\0`).update(file.content)
  return { version: hash.digest('hex').slice(0, 16), files: kept.map((f) => `${base}${f.name}`) }
}

const publicFiles = (dir: string): ShellFile[] => {
  if (!dir) return []
  const files: ShellFile[] = []
  const walk = (at: string): void => {
    let entries: Dirent[]
    try {
      entries = readdirSync(at, { withFileTypes: true })
    } catch {
      return // no public folder
    }
    for (const entry of entries) {
      const path = join(at, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) {
        files.push({ name: relative(dir, path).split(sep).join(posix.sep), content: readFileSync(path) })
      }
    }
  }
  walk(dir)
  return files
}

/** `source`: the worker's TypeScript file. */
export const serviceWorker = (source: string): Plugin => {
  let config: ResolvedConfig | null = null
  return {
    name: 'switchboard:service-worker',
    apply: 'build',
    // After Vite's own plugins have put index.html and the CSS into the bundle.
    enforce: 'post',
    configResolved(resolved) {
      config = resolved
    },
    async generateBundle(_options, bundle) {
      if (!config) throw new Error('service worker: the config was not resolved')
      if (!('index.html' in bundle)) throw new Error('service worker: index.html is not in the bundle')
      const built: ShellFile[] = Object.values(bundle).map((item) => ({
        name: item.fileName,
        content: item.type === 'chunk' ? item.code : item.source,
      }))
      const code = readFileSync(source, 'utf8')
      const shell = shellOf([...built, ...publicFiles(config.publicDir)], code, config.base)
      const worker = await transformWithEsbuild(code, source, {
        define: { SHELL: JSON.stringify(shell) },
        format: 'iife',
        target: 'es2022',
        sourcemap: false,
      })
      this.emitFile({ type: 'asset', fileName: SERVICE_WORKER_FILE, source: worker.code })
    },
  }
}

import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  buildImportGraph,
  findCycles,
  findViolations,
  formatCycle,
  parseImports,
  readSourceFiles,
  type SourceFile,
} from './helpers/imports'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))

describe('architecture', () => {
  const files = readSourceFiles(repoRoot)

  it('architecture: sees the repo’s source files (this test file at least)', () => {
    expect(files.map((file) => file.path)).toContain('tests/architecture.test.ts')
  })

  it('architecture: folders import only what STYLE.md allows', () => {
    const violations = findViolations(files)
    expect(violations, `${violations.length} forbidden import(s):\n${violations.join('\n')}`).toEqual([])
  })

  it('architecture: no import cycles between files of model/, channels/, sync-server/, app/', () => {
    const cycles = findCycles(buildImportGraph(files)).map(formatCycle)
    expect(cycles, `${cycles.length} import cycle(s):\n${cycles.join('\n')}`).toEqual([])
  })
})

describe('architecture checker: self-test on in-memory fixtures', () => {
  const file = (path: string, text: string): SourceFile => ({ path, text })

  it('parses static, side-effect, type, export-from and dynamic imports, not comments or strings', () => {
    const text = [
      "import { a } from './a'",
      "import './side-effect'",
      "import type { T } from 'lib0/encoding'",
      "import * as Y from 'yjs'",
      "export { b } from '../model/b'",
      "export * from '@scope/pkg/sub'",
      "export type { U } from './types'",
      "const lazy = () => import('node:fs')",
      "type Lazy = typeof import('zod')",
      "// import { nope } from 'commented-out'",
      "/* import 'block-comment' */",
      'const notAnImport = "import x from \'in-a-string\'"',
      'const computed = (name: string) => import(name)',
      "import { a as again } from './a'",
    ].join('\n')
    expect(parseImports('model/x.ts', text)).toEqual([
      './a',
      './side-effect',
      'lib0/encoding',
      'yjs',
      '../model/b',
      '@scope/pkg/sub',
      './types',
      'node:fs',
      'zod',
    ])
  })

  it('reports a model file importing node:fs', () => {
    expect(findViolations([file('model/store.ts', "import { readFileSync } from 'node:fs'")])).toEqual([
      "model/store.ts: imports 'node:fs' (folder model may not import node:fs)",
    ])
  })

  it('reports app importing ../sync-server/x', () => {
    expect(findViolations([file('app/inbox.tsx', "import { x } from '../sync-server/x'")])).toEqual([
      "app/inbox.tsx: imports '../sync-server/x' (folder app may not import sync-server)",
    ])
  })

  it('reports every other kind of forbidden import, each on its own line', () => {
    const violations = findViolations([
      file('model/a.ts', "import 'hono'\nimport type { X } from '../channels/x'\nexport * from 'zod/v4'"),
      file('model/deep/b.ts', "import { c } from '../../package.json'"),
      file('channels/telegram.ts', "import { s } from '../sync-server/s'\nimport 'node:fs'\nimport 'pino'"),
      file('channels/vk.ts', "const app = await import('../app/app')"),
      file('app/main.ts', "import 'fs'\nimport { t } from '../channels/t'\nimport 'node:crypto'"),
      file('sync-server/main.ts', "import type { App } from '../app/app'"),
    ])
    expect(violations).toEqual([
      "model/a.ts: imports 'hono' (folder model may not import hono)",
      "model/a.ts: imports '../channels/x' (folder model may not import channels)",
      "model/deep/b.ts: imports '../../package.json' (folder model may not import <repo root>)",
      "channels/telegram.ts: imports '../sync-server/s' (folder channels may not import sync-server)",
      "channels/telegram.ts: imports 'node:fs' (folder channels may not import node:fs)",
      "channels/telegram.ts: imports 'pino' (folder channels may not import pino)",
      "channels/vk.ts: imports '../app/app' (folder channels may not import app)",
      "app/main.ts: imports 'fs' (folder app may not import node:fs)",
      "app/main.ts: imports '../channels/t' (folder app may not import channels)",
      "app/main.ts: imports 'node:crypto' (folder app may not import node:crypto)",
      "sync-server/main.ts: imports '../app/app' (folder sync-server may not import app)",
    ])
  })

  it('does not report allowed imports', () => {
    const violations = findViolations([
      file(
        'model/doc.ts',
        "import * as Y from 'yjs'\nimport * as encoding from 'lib0/encoding'\nimport { z } from 'zod'",
      ),
      file('model/deep/x.ts', "import { y } from '../doc'\nexport * from './z'\nimport '..'"),
      file(
        'channels/tg.ts',
        "import { createHmac } from 'node:crypto'\nimport { Buffer } from 'node:buffer'",
      ),
      file('channels/sub/wa.ts', "import type { Msg } from '../../model/doc'\nimport { t } from '../tg'"),
      file('sync-server/main.ts', "import { Hono } from 'hono'\nimport 'node:http'\nimport '../channels/tg'"),
      file(
        'sync-server/db.ts',
        "import Database from 'better-sqlite3'\nimport '@hono/node-server'\nimport '../model'",
      ),
      file(
        'app/main.tsx',
        "import { x } from '../model/doc'\nimport 'some-browser-lib/dist/x.css'\nimport './ui'",
      ),
      file('tests/a.test.ts', "import '../app/main'\nimport '../sync-server/main'\nimport 'node:fs'"),
      file('bench/run.ts', "import '../sync-server/db'\nimport 'node:perf_hooks'\nimport '../package.json'"),
    ])
    expect(violations).toEqual([])
  })

  it('reports a -> b -> a as a cycle', () => {
    const graph = buildImportGraph([
      file('model/a.ts', "import { b } from './b'"),
      file('model/b.ts', "import type { A } from './a.js'"),
    ])
    expect(findCycles(graph).map(formatCycle)).toEqual(['model/a.ts -> model/b.ts -> model/a.ts'])
  })

  it('reports longer cycles through index files and self-imports, and no acyclic imports', () => {
    const graph = buildImportGraph([
      file('sync-server/a.ts', "import './b'"),
      file('sync-server/b.ts', "import './c/index'"),
      file('sync-server/c/index.ts', "export * from '../a'\nimport '../../model/leaf'"),
      file('model/leaf.ts', "import { self } from './leaf'"),
      file('app/x.tsx', "import './y'\nimport '../model/leaf'"),
      file('app/y.tsx', "import '../model/leaf'"),
      file('tests/t.test.ts', "import './u'"),
      file('tests/u.ts', "import './t.test'"),
    ])
    expect(graph.get('sync-server/b.ts')).toEqual(['sync-server/c/index.ts'])
    expect(graph.has('tests/t.test.ts')).toBe(false)
    expect(findCycles(graph).map(formatCycle)).toEqual([
      'model/leaf.ts -> model/leaf.ts',
      'sync-server/a.ts -> sync-server/b.ts -> sync-server/c/index.ts -> sync-server/a.ts',
    ])
  })
})

/**
 * The import checker behind tests/architecture.test.ts: which top folder may import what, and no cycles
 * between source files. Everything here but `readSourceFiles` is pure, so the self-test can feed it
 * in-memory fixtures.
 */
import { type Dirent, readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, posix } from 'node:path'
import ts from 'typescript'

/** The top folders whose files are checked. */
export const CHECKED_FOLDERS = ['model', 'channels', 'sync-server', 'app', 'tests', 'bench'] as const
export type CheckedFolder = (typeof CHECKED_FOLDERS)[number]

/** The folders whose relative imports form the graph that must have no cycle. */
export const SOURCE_FOLDERS = ['model', 'channels', 'sync-server', 'app'] as const

/** A file of the repo: `path` is relative to the repo root with `/` separators, e.g. `model/protocol.ts`. */
export interface SourceFile {
  path: string
  text: string
}

/** What one folder may import; `'any'` means every package, or every Node built-in. */
export interface FolderRule {
  /** Top folders that relative imports may land in (the folder itself included). */
  folders: readonly string[]
  /** npm package names (`name` or `@scope/name`). */
  packages: readonly string[] | 'any'
  /** Node built-ins, spelled `node:name`. */
  builtins: readonly string[] | 'any'
}

/** The table of STYLE.md: folder → what it may import. `'anything'`: no restriction. */
export const IMPORT_RULES: Record<CheckedFolder, FolderRule | 'anything'> = {
  model: { folders: ['model'], packages: ['yjs', 'lib0', 'zod'], builtins: [] },
  channels: { folders: ['channels', 'model'], packages: ['zod'], builtins: ['node:crypto', 'node:buffer'] },
  'sync-server': { folders: ['sync-server', 'model', 'channels'], packages: 'any', builtins: 'any' },
  app: { folders: ['app', 'model'], packages: 'any', builtins: [] },
  tests: 'anything',
  bench: 'anything',
}

const SKIPPED_DIRS = new Set(['node_modules', 'dist'])
const SOURCE_EXTENSION = /\.tsx?$/

function isCheckedFolder(name: string): name is CheckedFolder {
  return (CHECKED_FOLDERS as readonly string[]).includes(name)
}

/** Every `.ts`/`.tsx` file under the checked folders of `root`, sorted by path. */
export function readSourceFiles(root: string, folders: readonly string[] = CHECKED_FOLDERS): SourceFile[] {
  const files: SourceFile[] = []
  const walk = (relDir: string): void => {
    let entries: Dirent[]
    try {
      entries = readdirSync(join(root, relDir), { withFileTypes: true })
    } catch {
      return // a folder that does not exist yet has nothing to check
    }
    for (const entry of entries) {
      const rel = posix.join(relDir, entry.name)
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(rel)
      } else if (entry.isFile() && SOURCE_EXTENSION.test(entry.name)) {
        files.push({ path: rel, text: readFileSync(join(root, rel), 'utf8') })
      }
    }
  }
  for (const folder of folders) walk(folder)
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

function stringArgument(node: ts.Node | undefined): string | undefined {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return node.text
  return undefined
}

/**
 * The module specifiers a file imports, in source order without repeats: `import … from 'x'`, `import 'x'`,
 * `import type …`, `export … from 'x'`, `import x = require('x')`, `import('x')` and `require('x')` with a
 * literal, and `import('x')` in type positions. Comments and strings that merely look like imports are not
 * counted, since this parses the file with TypeScript.
 */
export function parseImports(fileName: string, text: string): string[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind)
  const specs: string[] = []
  const add = (spec: string | undefined): void => {
    if (spec !== undefined && !specs.includes(spec)) specs.push(spec)
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      add(stringArgument(node.moduleSpecifier))
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(stringArgument(node.moduleReference.expression))
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require'
      if (isImport || isRequire) add(stringArgument(node.arguments[0]))
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(stringArgument(node.argument.literal))
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return specs
}

export function isRelative(spec: string): boolean {
  return spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../')
}

/** The repo-relative path a relative specifier points at, without query (`?url`) or hash suffixes. */
export function resolveRelative(fromFile: string, spec: string): string {
  const bare = spec.replace(/[?#].*$/, '')
  return posix.normalize(posix.join(posix.dirname(fromFile), bare))
}

/** The package a bare specifier names: `lib0/encoding` → `lib0`, `@scope/pkg/sub` → `@scope/pkg`. */
export function packageName(spec: string): string {
  const parts = spec.split('/')
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec)
}

const BUILTINS = new Set(builtinModules)

/** What an import lands on: a top folder of the repo, a Node built-in, or an npm package. */
export type ImportTarget =
  | { kind: 'folder'; folder: string }
  | { kind: 'builtin'; name: string }
  | { kind: 'package'; name: string }

/** The top folder of a repo-relative path; `<repo root>` and `<outside the repo>` for the other cases. */
export function topFolder(repoPath: string): string {
  if (repoPath === '..' || repoPath.startsWith('../')) return '<outside the repo>'
  const [first, ...rest] = repoPath.split('/')
  if (first === undefined || first === '' || first === '.') return '<repo root>'
  // `import '../model'` resolves to the folder's index file.
  if (rest.length === 0 && !isCheckedFolder(first)) return '<repo root>'
  return first
}

export function classifyImport(fromFile: string, spec: string): ImportTarget {
  if (isRelative(spec)) return { kind: 'folder', folder: topFolder(resolveRelative(fromFile, spec)) }
  if (spec.startsWith('/')) return { kind: 'folder', folder: '<absolute path>' }
  if (spec.startsWith('node:')) return { kind: 'builtin', name: spec }
  // `fs`, `fs/promises`, `crypto`: the same built-ins without the `node:` prefix.
  if (BUILTINS.has(spec)) return { kind: 'builtin', name: `node:${spec}` }
  return { kind: 'package', name: packageName(spec) }
}

function allows(list: readonly string[] | 'any', name: string): boolean {
  return list === 'any' || list.includes(name)
}

/** Why `spec` may not be imported from `fromFile`, or `undefined` if it may. */
export function importViolation(fromFile: string, spec: string): string | undefined {
  const folder = fromFile.split('/')[0] ?? ''
  if (!isCheckedFolder(folder)) return undefined
  const rule = IMPORT_RULES[folder]
  if (rule === 'anything') return undefined
  const target = classifyImport(fromFile, spec)
  const ok =
    target.kind === 'folder'
      ? rule.folders.includes(target.folder)
      : target.kind === 'builtin'
        ? allows(rule.builtins, target.name)
        : allows(rule.packages, target.name)
  const what = target.kind === 'folder' ? target.folder : target.name
  return ok ? undefined : `${fromFile}: imports '${spec}' (folder ${folder} may not import ${what})`
}

/** Every forbidden import of `files`, one line each, as `file: imports 'spec' (folder X may not import Y)`. */
export function findViolations(files: readonly SourceFile[]): string[] {
  const violations: string[] = []
  for (const file of files) {
    for (const spec of parseImports(file.path, file.text)) {
      const violation = importViolation(file.path, spec)
      if (violation !== undefined) violations.push(violation)
    }
  }
  return violations
}

/** The file of `known` that a relative specifier loads: `x`, `x.ts`, `x.tsx`, `x/index.ts(x)`, `x.js` → `x.ts`. */
export function resolveToFile(
  fromFile: string,
  spec: string,
  known: ReadonlySet<string>,
): string | undefined {
  const base = resolveRelative(fromFile, spec)
  const stem = base.replace(/\.(js|jsx|mjs|cjs)$/, '')
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]
  if (stem !== base) candidates.push(`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`)
  return candidates.find((candidate) => known.has(candidate))
}

/** File → the files it imports relatively, for the files of the source folders only. Sorted, for stable output. */
export function buildImportGraph(files: readonly SourceFile[]): Map<string, string[]> {
  const inSource = (path: string): boolean =>
    (SOURCE_FOLDERS as readonly string[]).includes(path.split('/')[0] ?? '')
  const sources = files.filter((file) => inSource(file.path))
  const known = new Set(sources.map((file) => file.path))
  const graph = new Map<string, string[]>()
  for (const file of sources) {
    const targets = new Set<string>()
    for (const spec of parseImports(file.path, file.text)) {
      if (!isRelative(spec)) continue
      const target = resolveToFile(file.path, spec, known)
      if (target !== undefined) targets.add(target)
    }
    graph.set(file.path, [...targets].sort())
  }
  return graph
}

/**
 * One cycle per strongly connected component that has one, as a path that starts and ends at the same file
 * (`['a.ts', 'b.ts', 'a.ts']`; a file importing itself gives `['a.ts', 'a.ts']`).
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's strongly connected components.
  const index = new Map<string, number>()
  const lowLink = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const components: string[][] = []
  let counter = 0
  const connect = (node: string): void => {
    index.set(node, counter)
    lowLink.set(node, counter)
    counter++
    stack.push(node)
    onStack.add(node)
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next)
        lowLink.set(node, Math.min(lowLink.get(node)!, lowLink.get(next)!))
      } else if (onStack.has(next)) {
        lowLink.set(node, Math.min(lowLink.get(node)!, index.get(next)!))
      }
    }
    if (lowLink.get(node) === index.get(node)) {
      const component: string[] = []
      let member: string | undefined
      do {
        member = stack.pop()!
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      components.push(component)
    }
  }
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) connect(node)

  const cycles: string[][] = []
  for (const component of components) {
    const members = new Set(component)
    const start = [...component].sort()[0]!
    if (component.length === 1 && !(graph.get(start) ?? []).includes(start)) continue
    // Shortest way from `start` back to itself inside the component (breadth-first).
    const previous = new Map<string, string>()
    const queue = [start]
    let found = false
    for (let i = 0; i < queue.length && !found; i++) {
      const node = queue[i]!
      for (const next of graph.get(node) ?? []) {
        if (next === start) {
          previous.set(start, node)
          found = true
          break
        }
        if (members.has(next) && !previous.has(next)) {
          previous.set(next, node)
          queue.push(next)
        }
      }
    }
    const path = [start]
    for (let node = previous.get(start)!; node !== start; node = previous.get(node)!) path.push(node)
    path.push(start)
    cycles.push([path[0]!, ...path.slice(1, -1).reverse(), start])
  }
  return cycles.sort((a, b) => formatCycle(a).localeCompare(formatCycle(b)))
}

/** `a.ts -> b.ts -> a.ts` */
export function formatCycle(cycle: readonly string[]): string {
  return cycle.join(' -> ')
}

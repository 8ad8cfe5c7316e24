import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { configTable } from '../sync-server'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('README', () => {
  it('lists every configuration variable exactly as the config schema defines it', () => {
    const block = readme.split('<!-- config-table:start -->')[1]?.split('<!-- config-table:end -->')[0]
    expect(block?.trim()).toBe(configTable())
  })

  it('names the commands to run and to test the project', () => {
    expect(readme).toContain('npm ci && npm start')
    expect(readme).toContain('npm test')
  })
})

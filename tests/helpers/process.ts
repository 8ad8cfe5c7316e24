/** Runs `npm start`'s entry point as a real child process, for crash tests. */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

export interface ServerProcess {
  readonly child: ChildProcess
  readonly url: string
  readonly wsUrl: string
  readonly output: () => string
  kill(signal: NodeJS.Signals): Promise<void>
}

export const spawnServer = (env: Record<string, string>): Promise<ServerProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`server did not start:\n${out}`))
    }, 20_000)
    const onData = (chunk: Buffer): void => {
      out += chunk.toString()
      const match = out.match(/running on http:\/\/localhost:(\d+)/)
      if (match) {
        clearTimeout(timer)
        const url = `http://127.0.0.1:${match[1]}`
        resolve({
          child,
          url,
          wsUrl: url.replace(/^http/, 'ws'),
          output: () => out,
          kill: (signal) =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done()
              child.once('exit', () => done())
              child.kill(signal)
            }),
        })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${out}`))
    })
  })

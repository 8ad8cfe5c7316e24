/**
 * The server's configuration: one schema, parsed once in main.ts from the environment. Each field's description
 * is the README's configuration table (`npm run config:table` prints it).
 */
import { z } from 'zod'

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max)

export const ConfigSchema = z.object({
  PORT: int(0, 65_535).default(8080).describe('HTTP and WebSocket port (0 picks a free one).'),
  HOST: z.string().min(1).default('0.0.0.0').describe('Address to listen on.'),
  DATA_DIR: z.string().min(1).default('./data').describe('Folder for the SQLite database and media.'),
  APP_DIR: z
    .string()
    .min(1)
    .default('./dist/app')
    .describe(
      'Folder of the built operator app, served at / (`npm run build` makes it; `npm start` too when missing).',
    ),
  PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .describe('Public base URL, used in webhook URLs for the providers (default: http://localhost:PORT).'),
  ADMIN_EMAIL: z
    .string()
    .email()
    .default('admin@localhost')
    .describe('The admin created on the first start.'),
  ADMIN_PASSWORD: z
    .string()
    .min(8)
    .optional()
    .describe('Password of that admin; when unset, a generated one is printed once on the first start.'),
  SESSION_TTL_HOURS: int(1, 24 * 365)
    .default(24 * 7)
    .describe('How long a login token or session cookie stays valid.'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level (logs are JSON lines on stdout).'),
  MAX_MESSAGE_BYTES: int(1024, 256 * 1024 * 1024)
    .default(16 * 1024 * 1024)
    .describe('Largest WebSocket frame accepted; a larger one closes that connection with code 1009.'),
  DOC_IDLE_MS: int(0, 24 * 3600 * 1000)
    .default(30_000)
    .describe('A doc nobody has open is unloaded from memory after this long.'),
  INDEX_CLOSED_DAYS: int(0, 36_500)
    .default(30)
    .describe(
      'Closed chats leave the inbox index this many days after their last message; they stay stored.',
    ),
  SQLITE_SYNCHRONOUS: z
    .enum(['FULL', 'NORMAL'])
    .default('FULL')
    .describe(
      'FULL: a write is on disk, surviving a power cut, before anyone sees it. NORMAL: it survives a crash of the process but not of the machine; about 0.3 ms faster per write.',
    ),
  DEMO: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1')
    .describe(
      'Seed a demo workspace with simulated customers, and serve a demo shop page with the widget at /demo (`npm run demo` sets it).',
    ),
  COMPACT_EVERY: int(2, 1_000_000)
    .default(500)
    .describe('A doc’s update log is compacted into one snapshot once it has this many entries.'),
  MEDIA_MAX_BYTES: int(1024, 1024 * 1024 * 1024)
    .default(20 * 1024 * 1024)
    .describe('Largest file an operator may attach to an answer (`POST /api/media`); a larger one gets 413.'),
  CONTACT_AUTO_LINK: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1')
    .describe(
      'A new messenger conversation whose phone (by its digits) or email matches exactly one known contact with a messenger chat becomes another chat of that contact (website visitors are merged by hand: their email is typed, not proven).',
    ),
  ONLINE_GRACE_MS: int(0, 600_000)
    .default(5_000)
    .describe(
      'An operator whose last sync socket closed still shows online in the team view this long, so a reload or a short reconnect does not flicker.',
    ),
})

export type Config = z.infer<typeof ConfigSchema>

/** Parses an environment-like record; throws a readable error listing every bad variable. */
export const parseConfig = (env: Record<string, string | undefined>): Config => {
  const result = ConfigSchema.safeParse(env)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`invalid configuration:\n${lines.join('\n')}`)
  }
  return result.data
}

/** The README's configuration table, made from the schema. */
export const configTable = (): string => {
  const rows = Object.entries(ConfigSchema.shape).map(([name, schema]) => {
    const def = schema.safeParse(undefined)
    const shown = def.success && def.data !== undefined ? `\`${String(def.data)}\`` : '—'
    return `| \`${name}\` | ${shown} | ${schema.description ?? ''} |`
  })
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n')
}

import { pino } from 'pino'

/** The logger passed into every factory; child loggers carry `docName`, `connId`, `channel`, `requestId`. */
export type Logger = pino.Logger

export const createLogger = (level: string): Logger =>
  pino({ level, base: { service: 'switchboard' }, timestamp: pino.stdTimeFunctions.isoTime })

/**
 * Imported first by main.tsx, before any module that defines or parses a schema: our CSP allows no eval, and zod's
 * compiled parsers would probe `new Function` on the first parse (caught, yet reported as a CSP violation).
 */
import { z } from 'zod'

z.config({ jitless: true })

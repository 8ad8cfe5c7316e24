import { describe, expect, it } from 'vitest'
import { bytesMatchType, cleanFileName, mimeOfFile, normalizeMime, uploadKindOf } from '../../model'

const bytes = (...values: (number | string)[]): Uint8Array =>
  new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])))

describe('attachments', () => {
  it('[MED1] the type says the kind; what is not listed (HTML, SVG, scripts, unknown) may not be uploaded', () => {
    expect(uploadKindOf('image/png')).toBe('image')
    expect(uploadKindOf('video/mp4')).toBe('video')
    expect(uploadKindOf('audio/ogg')).toBe('audio')
    expect(uploadKindOf('application/pdf')).toBe('document')
    expect(uploadKindOf('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe(
      'document',
    )
    for (const mime of [
      'text/html',
      'image/svg+xml',
      'application/javascript',
      'application/x-msdownload',
      '',
    ]) {
      expect(uploadKindOf(mime)).toBeNull()
    }
  })

  it('[MED1] aliases and parameters are normalized; an empty browser type comes from the extension', () => {
    expect(normalizeMime(' Image/JPG ')).toBe('image/jpeg')
    expect(normalizeMime('text/plain; charset=utf-8')).toBe('text/plain')
    expect(normalizeMime('audio/x-wav')).toBe('audio/wav')
    expect(uploadKindOf('audio/x-m4a')).toBe('audio')
    expect(mimeOfFile('', 'Договор.DOCX')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    )
    expect(mimeOfFile('image/png', 'x.pdf')).toBe('image/png')
    expect(mimeOfFile('', 'no-extension')).toBe('')
    expect(mimeOfFile('', 'run.exe')).toBe('')
  })

  it('[MED2] a picture’s first bytes must be the format its type names; other types are not sniffed', () => {
    expect(bytesMatchType('image/png', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe(true)
    expect(bytesMatchType('image/jpeg', bytes(0xff, 0xd8, 0xff, 0xe0))).toBe(true)
    expect(bytesMatchType('image/gif', bytes('GIF89a', 1))).toBe(true)
    expect(bytesMatchType('image/webp', bytes('RIFF', 0, 0, 0, 0, 'WEBP'))).toBe(true)
    expect(bytesMatchType('image/png', bytes('<html>'))).toBe(false)
    expect(bytesMatchType('image/jpeg', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a))).toBe(false)
    expect(bytesMatchType('image/webp', bytes('RIFF', 0, 0, 0, 0, 'WAVE'))).toBe(false)
    expect(bytesMatchType('image/gif', bytes('GIF'))).toBe(false)
    expect(bytesMatchType('application/pdf', bytes('anything'))).toBe(true)
  })

  it('a file name keeps no folders and no control characters, and at most 255 characters', () => {
    expect(cleanFileName('C:\\Users\\anna\\счёт.pdf')).toBe('счёт.pdf')
    expect(cleanFileName('../../etc/passwd')).toBe('passwd')
    expect(cleanFileName('a\u0000b\nc.txt')).toBe('abc.txt')
    expect(cleanFileName(`${'x'.repeat(300)}.png`)).toHaveLength(255)
  })
})

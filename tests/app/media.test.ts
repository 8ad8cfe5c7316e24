import { describe, expect, it } from 'vitest'
import { formatSize, mediaView, safeMediaUrl } from '../../app/features/chat/media'

const BASE = 'https://app.example/chats'

describe('app: attachments in the history', () => {
  it('links only to http(s) or same-origin addresses', () => {
    expect(safeMediaUrl('/icon.svg', BASE)).toBe('https://app.example/icon.svg')
    expect(safeMediaUrl('https://cdn.example/a.png', BASE)).toBe('https://cdn.example/a.png')
    expect(safeMediaUrl('http://cdn.example/a.png', BASE)).toBe('http://cdn.example/a.png')
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\nscript:alert(1)',
      'data:image/svg+xml,<svg/>',
      'blob:https://app.example/1',
      'file:///etc/passwd',
      '',
      'http://',
    ]) {
      expect(safeMediaUrl(bad, BASE), bad).toBeNull()
    }
    expect(safeMediaUrl('/icon.svg', undefined)).toBeNull()
  })

  it('previews images and stickers, plays audio and video, links the rest', () => {
    expect(mediaView('image')).toBe('image')
    expect(mediaView('sticker')).toBe('image')
    expect(mediaView('audio')).toBe('audio')
    expect(mediaView('video')).toBe('video')
    expect(mediaView('document')).toBe('file')
    expect(mediaView('text')).toBe('file')
    expect(mediaView('location')).toBe('none')
    expect(mediaView('contact')).toBe('none')
  })

  it('tells sizes in the interface language', () => {
    expect(formatSize(512, 'en')).toBe('512 bytes')
    expect(formatSize(2.5 * 1024 ** 2, 'en')).toBe('2.5 MB')
    expect(formatSize(2.5 * 1024 ** 2, 'ru')).toBe('2,5 МБ')
  })
})

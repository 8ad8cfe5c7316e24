/**
 * The unread count where the operator sees it from another tab: in the tab's title («(3) Switchboard») and drawn on
 * the favicon. The icon is drawn on a canvas and set as a `data:` URL (the CSP's img-src allows `data:`; no
 * generated file, no inline script).
 */
import { type Accessor, createEffect, onCleanup } from 'solid-js'
import { titleWith } from '../../state/notifications-alerts'

const SIZE = 64

/** The app's mark (icon.svg: a blue rounded square with three lines) with a red badge holding the count. */
export const drawBadgeIcon = (count: number): string | null => {
  const canvas = document.createElement('canvas')
  canvas.width = SIZE
  canvas.height = SIZE
  const g = canvas.getContext('2d')
  if (!g) return null
  g.fillStyle = '#2563eb'
  g.beginPath()
  g.roundRect(0, 0, SIZE, SIZE, 14)
  g.fill()
  g.strokeStyle = '#fff'
  g.lineWidth = 6
  g.lineCap = 'round'
  g.beginPath()
  for (const [y, end] of [
    [22, 48],
    [32, 48],
    [42, 36],
  ] as const) {
    g.moveTo(16, y)
    g.lineTo(end, y)
  }
  g.stroke()
  const text = count > 99 ? '99+' : String(count)
  g.fillStyle = '#dc2626'
  g.beginPath()
  g.arc(SIZE - 20, 20, 20, 0, 2 * Math.PI)
  g.fill()
  g.fillStyle = '#fff'
  g.font = `bold ${text.length > 2 ? 18 : text.length > 1 ? 24 : 30}px sans-serif`
  g.textAlign = 'center'
  g.textBaseline = 'middle'
  g.fillText(text, SIZE - 20, 21)
  return canvas.toDataURL('image/png')
}

/** Keeps the title and the favicon showing `count()` for the owner's life; puts both back after. */
export const createTabBadge = (count: Accessor<number>, baseTitle: Accessor<string>): void => {
  const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]')
  const original = link ? { href: link.href, type: link.type } : null
  let drawn = -1
  createEffect(() => {
    const n = count()
    document.title = titleWith(baseTitle(), n)
    if (!link || !original || n === drawn) return
    drawn = n
    const icon = n > 0 ? drawBadgeIcon(n) : null
    link.type = icon ? 'image/png' : original.type
    link.href = icon ?? original.href
  })
  onCleanup(() => {
    document.title = baseTitle()
    if (link && original) {
      link.type = original.type
      link.href = original.href
    }
  })
}

/**
 * Opening a chat «at the comment»: once the chat's history is on screen, scroll its row (`data-message-id`) into
 * view and flash it. A comment older than the history's first page is brought in the way an operator would: by
 * scrolling the history to its top, which loads the page before (Timeline.tsx). Gives up after `timeoutMs` (a
 * comment no longer there).
 */

const FLASH_MS = 2_000

/** Starts looking for the message's row; returns the function that stops looking. */
export const revealMessage = (messageId: string, timeoutMs = 8_000): (() => void) => {
  const deadline = Date.now() + timeoutMs
  let frame = 0
  const step = (): void => {
    const row = document.querySelector<HTMLElement>(`.zone.chat [data-message-id="${CSS.escape(messageId)}"]`)
    if (row) {
      row.scrollIntoView({ block: 'center' })
      // A focusable row (MessageRow gives each one tabindex -1): the keyboard and a screen reader land on it too.
      if (row.hasAttribute('tabindex')) row.focus({ preventScroll: true })
      row.classList.add('flash')
      setTimeout(() => row.classList.remove('flash'), FLASH_MS)
      return
    }
    if (Date.now() > deadline) return
    const history = document.querySelector<HTMLElement>('.zone.chat .timeline')
    if (history && history.scrollTop > 0) history.scrollTop = 0
    frame = requestAnimationFrame(step)
  }
  frame = requestAnimationFrame(step)
  return () => cancelAnimationFrame(frame)
}

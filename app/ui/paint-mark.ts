/**
 * User Timing marks at the moments an operator sees something (`switchboard:inbox-ready`,
 * `switchboard:chat-ready`), which `npm run bench -- app` reads. A mark is made only once the frame showing it has
 * been painted: `check` runs at each animation frame until the DOM holds what is to be seen (it returns the
 * mark's detail, or `null` to wait for the next frame), and the mark comes in the task after that frame's paint.
 */

/** Frames to wait for the DOM before giving up: ~2 s at 60 Hz. No mark is better than a false one. */
const MAX_FRAMES = 120

export const markWhenPainted = (name: string, check: () => Record<string, unknown> | null): void => {
  if (typeof requestAnimationFrame === 'undefined' || typeof MessageChannel === 'undefined') return
  let frames = 0
  const onFrame = (): void => {
    const detail = check()
    if (detail === null) {
      if (++frames < MAX_FRAMES) requestAnimationFrame(onFrame)
      return
    }
    // An animation frame callback runs before the frame is painted; a message posted from it, after.
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      performance.mark(name, { detail })
    }
    channel.port2.postMessage(null)
  }
  requestAnimationFrame(onFrame)
}

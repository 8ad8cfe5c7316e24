/**
 * What the app benchmarks ask of the page: the app's User Timing marks (app/ui/paint-mark.ts), the time of the
 * last click as the page saw it, and the docs y-indexeddb keeps. Everything runs in the page, so the times are the
 * browser's own (`performance.now()`, from the navigation start of the page).
 */
import type { BrowserContext, Page } from 'playwright-core'

export const INBOX_READY = 'switchboard:inbox-ready'
export const CHAT_READY = 'switchboard:chat-ready'

export interface Mark {
  /** Milliseconds since the page's navigation start. */
  readonly startTime: number
  readonly detail: Record<string, unknown>
}

/**
 * Every page of the context records the time of each click (the event's own time stamp, when the browser made
 * it), so a chat open is timed from the moment the app got the click, not from when playwright sent it.
 */
export const recordClicks = async (context: BrowserContext): Promise<void> => {
  await context.addInitScript(() => {
    addEventListener(
      'click',
      (event) => {
        ;(globalThis as { benchClickAt?: number }).benchClickAt = event.timeStamp
      },
      true,
    )
  })
}

export const lastClickAt = (page: Page): Promise<number | null> =>
  page.evaluate(() => (globalThis as { benchClickAt?: number }).benchClickAt ?? null)

/** Drops the page's marks of that name, so the next wait sees only a new one. */
export const clearMarks = (page: Page, name: string): Promise<void> =>
  page.evaluate((n) => performance.clearMarks(n), name)

/**
 * The first mark of that name (with `detail.chatId` equal to `chatId`, when given), waiting for it with a
 * buffered PerformanceObserver (it is told of the marks made before too) rather than polling, so the wait adds
 * no work to the page's main thread. (No named functions in here: tsx would wrap them in a helper the page lacks.)
 */
export const waitForMark = (
  page: Page,
  name: string,
  chatId: string | null,
  timeoutMs = 30_000,
): Promise<Mark> =>
  page.evaluate(
    ({ name, chatId, timeoutMs }) =>
      new Promise<Mark>((resolve, reject) => {
        const observer = new PerformanceObserver(() => {
          for (const entry of performance.getEntriesByName(name, 'mark') as PerformanceMark[]) {
            const detail = (entry.detail ?? {}) as Record<string, unknown>
            if (chatId !== null && detail.chatId !== chatId) continue
            observer.disconnect()
            clearTimeout(timer)
            resolve({ startTime: entry.startTime, detail })
            return
          }
        })
        const timer = setTimeout(() => {
          observer.disconnect()
          reject(new Error(`no ${name} mark within ${timeoutMs} ms`))
        }, timeoutMs)
        observer.observe({ type: 'mark', buffered: true })
      }),
    { name, chatId, timeoutMs },
  )

/** When the page's DOMContentLoaded handlers ended, in ms since its navigation start: the app's code has run. */
export const domContentLoaded = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
    return nav?.domContentLoadedEventEnd ?? Number.NaN
  })

/** Deletes the databases whose names contain `part`; call it from a page of the origin that has none open. */
export const deleteStored = (page: Page, part: string): Promise<number> =>
  page.evaluate(async (part) => {
    const names = (await indexedDB.databases()).flatMap((db) => (db.name?.includes(part) ? [db.name] : []))
    for (const name of names) {
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.deleteDatabase(name)
        req.onsuccess = () => resolve()
        req.onerror = () => reject(new Error(`could not delete ${name}`))
        req.onblocked = () => reject(new Error(`${name} is still open`))
      })
    }
    return names.length
  }, part)

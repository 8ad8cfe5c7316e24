/**
 * Browser notifications, once the operator allowed them: the permission (asked only from a button: browsers refuse
 * a prompt nobody asked for) and showing one, whose click brings the tab forward and opens what it names.
 */
import { type Accessor, createSignal } from 'solid-js'

export type Permission = NotificationPermission | 'unsupported'

export interface ShownNotification {
  readonly title: string
  readonly body: string
  /** One per tag: a newer one with the same tag replaces it. */
  readonly tag: string
  onClick(): void
}

export interface BrowserNotifications {
  readonly permission: Accessor<Permission>
  /** Asks the browser (call it from a click). */
  request(): Promise<void>
  /** Shows it when allowed; nothing otherwise. */
  show(notification: ShownNotification): void
}

const current = (): Permission =>
  typeof Notification === 'function' ? Notification.permission : 'unsupported'

export const createBrowserNotifications = (): BrowserNotifications => {
  const [permission, setPermission] = createSignal<Permission>(current())
  return {
    permission,
    async request() {
      if (typeof Notification !== 'function') return
      setPermission(await Notification.requestPermission())
    },
    show({ title, body, tag, onClick }) {
      // Read again: the operator may have changed it in the browser's settings meanwhile.
      setPermission(current())
      if (permission() !== 'granted') return
      let shown: Notification
      try {
        shown = new Notification(title, { body, tag, icon: '/icon.svg' })
      } catch {
        // Android's Chrome allows notifications only from a service worker: there the sound alone remains.
        return
      }
      shown.onclick = () => {
        window.focus()
        onClick()
        shown.close()
      }
    },
  }
}

/**
 * Whether the app is online (the socket is up and the browser has a network), and how many local changes the
 * server has not yet stored. The browser's own signal counts too: a dead socket may take a while to notice.
 */
import { type Accessor, createSignal, onCleanup } from 'solid-js'
import type { ConnectionStatus, Session } from '../sync'

export interface ConnectionState {
  readonly status: Accessor<ConnectionStatus>
  readonly online: Accessor<boolean>
  readonly pending: Accessor<number>
}

export const createConnection = (session: Session): ConnectionState => {
  const [status, setStatus] = createSignal(session.client.status)
  const [pending, setPending] = createSignal(session.client.pending)
  const [network, setNetwork] = createSignal(navigator.onLine)
  const offStatus = session.client.onStatus(setStatus)
  const offPending = session.client.onPending(setPending)
  const onNetwork = (): void => {
    setNetwork(navigator.onLine)
  }
  window.addEventListener('online', onNetwork)
  window.addEventListener('offline', onNetwork)
  onCleanup(() => {
    offStatus()
    offPending()
    window.removeEventListener('online', onNetwork)
    window.removeEventListener('offline', onNetwork)
  })
  return { status, online: () => network() && status() === 'online', pending }
}

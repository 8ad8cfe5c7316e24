/**
 * Installs the app shell's service worker (`/sw.js`, built from `service-worker.ts`), so the next start works
 * with no network. Only for the built app: the dev server has no `sw.js`, and hot reload must not be cached.
 */

export const SERVICE_WORKER_URL = '/sw.js'

/** Registers once the page has loaded, so the worker's precaching does not compete with the first render. */
export const registerServiceWorker = (container: ServiceWorkerContainer | undefined): void => {
  if (!container) return
  const register = (): void => {
    container.register(SERVICE_WORKER_URL, { scope: '/' }).catch((err: unknown) => {
      // The app works without it (online); only starting offline is lost, so say so where a developer looks.
      console.warn('Switchboard: the offline shell is not installed:', err)
    })
  }
  if (document.readyState === 'complete') register()
  else window.addEventListener('load', register, { once: true })
}

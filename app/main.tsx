/** The operator app's entry: renders into `#root` of index.html and, in the built app, installs the offline shell. */
// First: no module may parse a schema before zod is told not to probe for eval.
import './csp'
import { render } from 'solid-js/web'
import { App } from './App'
import { registerServiceWorker } from './offline/register'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
render(() => <App />, root)
if (import.meta.env.PROD) registerServiceWorker(navigator.serviceWorker)

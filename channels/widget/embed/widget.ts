/**
 * The website widget: what `<script type="module" src="https://switchboard.example/widget.js?channel=ID">` puts on
 * a page. A chat bubble; the panel shows the conversation, the operators' answers and typing live (server-sent
 * events), and keeps it across reloads (the visitor's token and unsent messages live in localStorage). It speaks
 * the JSON of sync-server/widget/routes.ts and imports nothing, so the script stays small.
 *
 * Messages carry the id the widget made, so a retry after a lost answer is stored once, and the widget shows each
 * message once whichever way it arrives first (the POST's answer, the event stream, a reload's snapshot).
 *
 * A rating request (`ask: 'rating'`, issue 7 §3) carries a rating form (rating.ts); once rated, the score given
 * shows in its place (the server's word on the request's `rating`, or what this browser sent).
 */
import { type GivenRating, RatingForm, type RatingWords } from './rating'

interface WidgetMessage {
  id: string
  at: number
  from: 'customer' | 'operator' | 'bot'
  name: string | null
  kind: string
  text: string
  media: { url: string; mime: string; name?: string } | null
  /** The server's rating request [RAT6]. */
  ask?: 'rating'
  /** On a rating request: the visitor's score for it, when the server knows one (a snapshot) [RAT7]. */
  rating?: { score: number; comment: string | null } | null
}

interface Snapshot {
  items: WidgetMessage[]
  hasMore: boolean
  typing: { names: string[] }
}

interface PublicConfig {
  title: string
  greeting: string | null
  color: string | null
}

interface Stored {
  visitorId: string
  token: string
  /** Written, not yet accepted by the server: sent again on the next start. */
  unsent: { id: string; text: string }[]
  /** The last answer the visitor saw, for the bubble's unread count. */
  seen: string | null
  /** The ratings given, by the request's message id. */
  rated?: Record<string, GivenRating>
}

const WORDS = {
  ru: {
    open: 'Открыть чат',
    close: 'Закрыть',
    message: 'Сообщение',
    send: 'Отправить',
    placeholder: 'Напишите сообщение…',
    failed: 'Не отправлено.',
    retry: 'Повторить',
    sending: 'Отправляется…',
    offline: 'Нет связи. Сообщения уйдут, когда она появится.',
    one: (name: string) => `${name} печатает…`,
    many: (names: string) => `${names} печатают…`,
    you: 'Вы',
    operator: 'Оператор',
    unread: (n: number) => `Непрочитанных: ${n}`,
    tooMany: 'Слишком много сообщений. Подождите минуту.',
    error: 'Не удалось отправить сообщение.',
    rating: {
      rate: 'Оцените разговор',
      score: (n: number, max: number) => `Оценка ${n} из ${max}`,
      comment: 'Комментарий (необязательно)',
      send: 'Отправить',
      sending: 'Отправляется…',
      yours: 'Ваша оценка:',
      failed: 'Оценка не отправлена.',
    } satisfies RatingWords,
  },
  en: {
    open: 'Open chat',
    close: 'Close',
    message: 'Message',
    send: 'Send',
    placeholder: 'Write a message…',
    failed: 'Not sent.',
    retry: 'Retry',
    sending: 'Sending…',
    offline: 'No connection. Messages will go out when it is back.',
    one: (name: string) => `${name} is typing…`,
    many: (names: string) => `${names} are typing…`,
    you: 'You',
    operator: 'Operator',
    unread: (n: number) => `Unread: ${n}`,
    tooMany: 'Too many messages. Please wait a minute.',
    error: 'The message could not be sent.',
    rating: {
      rate: 'Rate the conversation',
      score: (n: number, max: number) => `Score ${n} of ${max}`,
      comment: 'Comment (optional)',
      send: 'Send',
      sending: 'Sending…',
      yours: 'Your rating:',
      failed: 'The rating was not sent.',
    } satisfies RatingWords,
  },
}
type Words = (typeof WORDS)['ru']

const STYLE = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.bubble { position: fixed; right: 20px; bottom: 20px; width: 56px; height: 56px; border-radius: 50%; border: 0;
  background: var(--sb-color); color: #fff; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25);
  display: grid; place-items: center; z-index: 2147483000; }
.bubble:focus-visible, button:focus-visible, textarea:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.badge { position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; border-radius: 10px;
  background: #d93025; color: #fff; font-size: 12px; line-height: 20px; padding: 0 6px; }
.panel { position: fixed; right: 20px; bottom: 88px; width: min(370px, calc(100vw - 40px));
  height: min(560px, calc(100vh - 120px)); background: #fff; color: #1f2328; border-radius: 12px;
  box-shadow: 0 8px 30px rgba(0,0,0,.25); display: flex; flex-direction: column; overflow: hidden;
  z-index: 2147483000; font-size: 14px; }
.panel[hidden] { display: none; }
header { background: var(--sb-color); color: #fff; padding: 12px 14px; display: flex; align-items: center; }
header h2 { font-size: 16px; margin: 0; flex: 1; font-weight: 600; }
header button { background: transparent; border: 0; color: #fff; font-size: 22px; cursor: pointer; line-height: 1; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f6f7f9; }
.msg { max-width: 80%; padding: 8px 10px; border-radius: 10px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.customer { align-self: flex-end; background: var(--sb-color); color: #fff; }
.msg.operator, .msg.bot, .msg.greeting { align-self: flex-start; background: #fff; border: 1px solid #e1e4e8; }
.msg .who { display: block; font-size: 12px; font-weight: 600; margin-bottom: 2px; color: #57606a; }
.msg img { max-width: 100%; border-radius: 6px; display: block; }
.msg a { color: inherit; }
.state { font-size: 12px; opacity: .85; margin-top: 2px; }
.state button { font: inherit; background: transparent; border: 0; color: inherit; text-decoration: underline; cursor: pointer; padding: 0; }
.typing { min-height: 20px; padding: 2px 12px; font-size: 12px; color: #57606a; font-style: italic; }
.notice { padding: 6px 12px; font-size: 12px; background: #fff8c5; color: #4d2d00; }
.notice[hidden] { display: none; }
form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e1e4e8; background: #fff; }
textarea { flex: 1; resize: none; border: 1px solid #d0d7de; border-radius: 8px; padding: 8px; font-size: 14px;
  min-height: 40px; max-height: 120px; }
form button { border: 0; border-radius: 8px; padding: 0 14px; background: var(--sb-color); color: #fff;
  font-weight: 600; cursor: pointer; }
.rating { margin-top: 8px; }
.rating form { display: grid; gap: 6px; padding: 0; border: 0; background: transparent; }
.rating-stars { display: flex; gap: 2px; }
.rating form .rating-star { background: transparent; color: #c4c9d0; font-size: 26px; line-height: 1; padding: 0 2px; }
.rating form .rating-star.on { color: #f59e0b; }
.rating textarea { min-height: 36px; }
.rating form .rating-send { justify-self: start; padding: 6px 14px; }
.rating-send:disabled { opacity: .5; cursor: default; }
.rating-error { color: #d93025; font-size: 12px; }
.rating-error[hidden] { display: none; }
.rating-given span { color: #f59e0b; letter-spacing: 1px; }
.rating-comment { font-style: italic; margin-top: 2px; }
`

const ICON =
  '<svg width="26" height="26" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>'

/** A v4 UUID; `crypto.randomUUID` exists only on https pages and localhost. */
const uuid = (): string => {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** The server stores a visitor's message under this id (channels/widget `widgetMessageId`). */
const storedId = (clientId: string): string => `w:${clientId}`

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  text?: string,
): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(key, value)
  if (text !== undefined) node.textContent = text
  return node
}

class Widget {
  readonly #api: string
  readonly #storageKey: string
  readonly #t: Words
  #stored: Stored | null
  #config: PublicConfig = { title: '', greeting: null, color: null }
  readonly #messages = new Map<string, WidgetMessage>()
  /** Own messages on their way: stored id → state. */
  readonly #outgoing = new Map<string, { text: string; state: 'sending' | 'failed'; error?: string }>()
  readonly #inFlight = new Set<string>()
  #events: EventSource | null = null
  /** Rating forms by the request's message id, kept across renders. */
  readonly #ratingForms = new Map<string, RatingForm>()
  #typing: string[] = []
  #open = false

  // The DOM, inside a shadow root so the site's styles and ours never meet.
  readonly #bubble = el('button', { type: 'button', class: 'bubble', 'aria-expanded': 'false' })
  readonly #badge = el('span', { class: 'badge', hidden: '' })
  readonly #panel = el('section', { class: 'panel', role: 'dialog', hidden: '' })
  readonly #title = el('h2')
  readonly #log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite' })
  readonly #typingLine = el('div', { class: 'typing', 'aria-live': 'polite' })
  readonly #notice = el('div', { class: 'notice', role: 'status', hidden: '' })
  readonly #input = el('textarea', { rows: '1' })
  readonly #form = el('form')

  constructor(base: string, channelId: string, lang: 'ru' | 'en') {
    this.#api = `${base}/api/widget/${encodeURIComponent(channelId)}`
    this.#storageKey = `switchboard-widget:${channelId}`
    this.#t = WORDS[lang]
    this.#stored = this.#load()
    for (const m of this.#stored?.unsent ?? [])
      this.#outgoing.set(storedId(m.id), { text: m.text, state: 'sending' })
  }

  async start(): Promise<void> {
    this.#mount()
    try {
      this.#config = (await this.#request('GET', '/config')) as PublicConfig
    } catch {
      // The server is unreachable: the bubble still works, and messages wait for it.
    }
    this.#applyConfig()
    if (this.#stored) this.#listen()
    this.#render()
    void this.#sendUnsent()
    addEventListener('online', () => void this.#sendUnsent())
  }

  #mount(): void {
    const host = el('div', { id: 'switchboard-widget' })
    const root = host.attachShadow({ mode: 'open' })
    const style = el('style', {}, STYLE)
    this.#bubble.innerHTML = ICON
    this.#bubble.setAttribute('aria-label', this.#t.open)
    this.#bubble.append(this.#badge)
    this.#bubble.addEventListener('click', () => this.#toggle(!this.#open))

    const header = el('header')
    const close = el('button', { type: 'button', 'aria-label': this.#t.close }, '×')
    close.addEventListener('click', () => this.#toggle(false))
    header.append(this.#title, close)

    this.#input.setAttribute('aria-label', this.#t.message)
    this.#input.setAttribute('placeholder', this.#t.placeholder)
    this.#input.setAttribute('maxlength', '4000')
    this.#input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault()
        this.#form.requestSubmit()
      }
    })
    const send = el('button', { type: 'submit' }, this.#t.send)
    this.#form.append(this.#input, send)
    this.#form.addEventListener('submit', (e) => {
      e.preventDefault()
      const text = this.#input.value.trim()
      if (!text) return
      this.#input.value = ''
      void this.#send(uuid(), text)
    })
    this.#panel.append(header, this.#notice, this.#log, this.#typingLine, this.#form)
    root.append(style, this.#panel, this.#bubble)
    document.body.append(host)
  }

  #applyConfig(): void {
    const color = this.#config.color ?? '#2f6feb'
    ;(this.#panel.getRootNode() as ShadowRoot).host.setAttribute('style', `--sb-color: ${color}`)
    this.#title.textContent = this.#config.title
    this.#panel.setAttribute('aria-label', this.#config.title || this.#t.open)
  }

  #toggle(open: boolean): void {
    this.#open = open
    this.#panel.hidden = !open
    this.#bubble.setAttribute('aria-expanded', String(open))
    if (open) {
      this.#input.focus()
      this.#markSeen()
    }
    this.#render()
  }

  // -- the server ------------------------------------------------------------------------------------------------

  async #request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = {}
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    if (this.#stored) headers.Authorization = `Bearer ${this.#stored.token}`
    const response = await fetch(`${this.#api}${path}`, {
      method,
      headers,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    const data: unknown = await response.json().catch(() => null)
    if (!response.ok) {
      const message = (data as { message?: string } | null)?.message ?? `HTTP ${response.status}`
      throw new HttpError(response.status, message)
    }
    return data
  }

  async #ensureVisitor(): Promise<Stored> {
    if (this.#stored) return this.#stored
    const started = (await this.#request('POST', '/visitors', { page: location.href.slice(0, 2048) })) as {
      visitorId: string
      token: string
    }
    this.#stored = {
      visitorId: started.visitorId,
      token: started.token,
      unsent: [...this.#outgoing].map(([id, m]) => ({ id: id.slice(2), text: m.text })),
      seen: null,
    }
    this.#save()
    this.#listen()
    return this.#stored
  }

  #listen(): void {
    if (!this.#stored || this.#events) return
    const url = `${this.#api}/events?token=${encodeURIComponent(this.#stored.token)}`
    const events = new EventSource(url)
    this.#events = events
    events.addEventListener('snapshot', (e) => {
      const snapshot = JSON.parse((e as MessageEvent<string>).data) as Snapshot
      for (const m of snapshot.items) this.#add(m)
      this.#typing = snapshot.typing.names
      this.#setNotice(null)
      this.#render()
      void this.#sendUnsent()
    })
    events.addEventListener('message', (e) => {
      this.#add(JSON.parse((e as MessageEvent<string>).data) as WidgetMessage)
      this.#render()
    })
    events.addEventListener('typing', (e) => {
      this.#typing = (JSON.parse((e as MessageEvent<string>).data) as { names: string[] }).names
      this.#renderTyping()
    })
    events.addEventListener('error', () => {
      // EventSource retries by itself; a closed one was refused (the visitor is gone): start afresh on next send.
      if (events.readyState === EventSource.CLOSED) {
        this.#events = null
        void this.#checkVisitor()
      } else if (!navigator.onLine) this.#setNotice(this.#t.offline)
    })
  }

  async #checkVisitor(): Promise<void> {
    try {
      await this.#request('GET', '/messages?limit=1')
      setTimeout(() => this.#listen(), 3_000)
    } catch (err) {
      if (err instanceof HttpError && err.status === 401) this.#forgetVisitor()
      else setTimeout(() => this.#listen(), 5_000)
    }
  }

  async #send(clientId: string, text: string): Promise<void> {
    const id = storedId(clientId)
    if (this.#inFlight.has(id)) return
    this.#inFlight.add(id)
    this.#outgoing.set(id, { text, state: 'sending' })
    this.#persistUnsent()
    this.#render()
    try {
      await this.#ensureVisitor()
      const { message } = (await this.#request('POST', '/messages', { id: clientId, text })) as {
        message: WidgetMessage
      }
      this.#outgoing.delete(id)
      this.#add(message)
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 0
      if (status === 401) this.#forgetVisitor()
      // A refusal says why; no answer at all (offline, server down) is retried when the connection is back.
      const error =
        status === 429 ? this.#t.tooMany : status >= 400 && err instanceof Error ? err.message : undefined
      this.#outgoing.set(id, { text, state: 'failed', ...(error !== undefined && { error }) })
      if (status === 0) this.#setNotice(this.#t.offline)
    } finally {
      this.#inFlight.delete(id)
    }
    this.#persistUnsent()
    this.#render()
  }

  /** Sends again what is waiting: restored from storage, or failed for want of a connection (not refused). */
  async #sendUnsent(): Promise<void> {
    if (!navigator.onLine) return
    for (const [id, m] of [...this.#outgoing]) {
      if (m.state === 'failed' && m.error !== undefined) continue
      await this.#send(id.slice(2), m.text)
    }
  }

  #forgetVisitor(): void {
    this.#stored = null
    this.#save()
    this.#events?.close()
    this.#events = null
  }

  #markSeen(): void {
    if (!this.#open || document.visibilityState !== 'visible' || !this.#stored) return
    const answers = [...this.#messages.values()].filter((m) => m.from !== 'customer')
    const last = answers.at(-1)
    if (!last || this.#stored.seen === last.id) return
    this.#stored.seen = last.id
    this.#save()
    void this.#request('POST', '/read', { upTo: last.id }).catch(() => {})
  }

  // -- state -----------------------------------------------------------------------------------------------------

  #add(message: WidgetMessage): void {
    this.#messages.set(message.id, message)
    this.#outgoing.delete(message.id)
  }

  #load(): Stored | null {
    try {
      const raw = localStorage.getItem(this.#storageKey)
      return raw ? (JSON.parse(raw) as Stored) : null
    } catch {
      return null // storage off (privacy settings): the conversation lasts for this page only
    }
  }

  #save(): void {
    try {
      if (this.#stored) localStorage.setItem(this.#storageKey, JSON.stringify(this.#stored))
      else localStorage.removeItem(this.#storageKey)
    } catch {
      // as in #load
    }
  }

  #persistUnsent(): void {
    if (!this.#stored) return
    this.#stored.unsent = [...this.#outgoing].map(([id, m]) => ({ id: id.slice(2), text: m.text }))
    this.#save()
  }

  #setNotice(text: string | null): void {
    this.#notice.hidden = text === null
    this.#notice.textContent = text ?? ''
  }

  // -- rendering -------------------------------------------------------------------------------------------------

  #render(): void {
    const t = this.#t
    const nodes: HTMLElement[] = []
    if (this.#config.greeting) nodes.push(el('div', { class: 'msg greeting' }, this.#config.greeting))
    for (const m of this.#messages.values()) nodes.push(this.#messageNode(m))
    for (const [id, m] of this.#outgoing) {
      const node = el('div', { class: 'msg customer', 'data-id': id, 'data-state': m.state })
      node.append(document.createTextNode(m.text))
      const state = el(
        'div',
        { class: 'state' },
        m.state === 'sending' ? t.sending : `${m.error ?? t.failed} `,
      )
      if (m.state === 'failed') {
        const retry = el('button', { type: 'button' }, t.retry)
        retry.addEventListener('click', () => void this.#send(id.slice(2), m.text))
        state.append(retry)
      }
      node.append(state)
      nodes.push(node)
    }
    const atBottom = this.#log.scrollHeight - this.#log.scrollTop - this.#log.clientHeight < 40
    // A rating form's comment or star may have the focus: moving its node out and back would drop it.
    const root = this.#log.getRootNode() as ShadowRoot
    const focused = root.activeElement instanceof HTMLElement ? root.activeElement : null
    this.#log.replaceChildren(...nodes)
    if (focused?.isConnected && root.activeElement !== focused) focused.focus({ preventScroll: true })
    if (atBottom || this.#open) this.#log.scrollTop = this.#log.scrollHeight
    this.#renderTyping()
    this.#markSeen()
    this.#renderBadge()
  }

  #messageNode(m: WidgetMessage): HTMLElement {
    const node = el('div', { class: `msg ${m.from}`, 'data-id': m.id })
    if (m.from !== 'customer') node.append(el('span', { class: 'who' }, m.name ?? this.#t.operator))
    if (m.media) {
      if (m.media.mime.startsWith('image/'))
        node.append(el('img', { src: m.media.url, alt: m.media.name ?? '' }))
      else
        node.append(
          el('a', { href: m.media.url, target: '_blank', rel: 'noopener' }, m.media.name ?? m.media.url),
        )
    }
    if (m.text) node.append(document.createTextNode(m.text))
    if (m.ask === 'rating' && m.from !== 'customer') node.append(this.#ratingForm(m).node)
    return node
  }

  /** The request's form, made once; a score the server reports (given in another tab, say) replaces it. */
  #ratingForm(m: WidgetMessage): RatingForm {
    const known: GivenRating | null = m.rating
      ? { score: m.rating.score, ...(m.rating.comment && { comment: m.rating.comment }) }
      : null
    let form = this.#ratingForms.get(m.id)
    if (form) {
      if (known) form.show(known)
      return form
    }
    const messageId = m.id
    form = new RatingForm(
      this.#t.rating,
      known ?? this.#stored?.rated?.[messageId] ?? null,
      async (rating) => {
        await this.#request('POST', '/rating', { messageId, ...rating })
        if (!this.#stored) return
        this.#stored.rated = { ...this.#stored.rated, [messageId]: rating }
        this.#save()
      },
    )
    this.#ratingForms.set(messageId, form)
    return form
  }

  #renderTyping(): void {
    const names = this.#typing
    this.#typingLine.textContent =
      names.length === 0
        ? ''
        : names.length === 1
          ? this.#t.one(names[0] ?? '')
          : this.#t.many(names.join(', '))
  }

  #renderBadge(): void {
    const answers = [...this.#messages.values()].filter((m) => m.from !== 'customer')
    const seenAt = answers.findIndex((m) => m.id === this.#stored?.seen)
    const unread = this.#open ? 0 : answers.length - (seenAt + 1)
    this.#badge.hidden = unread <= 0
    this.#badge.textContent = String(unread)
    this.#bubble.setAttribute(
      'aria-label',
      unread > 0 ? `${this.#t.open}. ${this.#t.unread(unread)}` : this.#t.open,
    )
  }
}

/** Where the script was loaded from: the server, the channel, and an optional `lang`. */
const boot = (): void => {
  const src = new URL(import.meta.url)
  const channelId = src.searchParams.get('channel')
  if (!channelId) {
    console.error('Switchboard widget: add ?channel=<channel id> to the script’s src')
    return
  }
  const asked = src.searchParams.get('lang') ?? navigator.language
  const lang = asked.toLowerCase().startsWith('ru') ? 'ru' : 'en'
  const start = (): void => void new Widget(src.origin, channelId, lang).start()
  if (document.body) start()
  else addEventListener('DOMContentLoaded', start, { once: true })
}

boot()

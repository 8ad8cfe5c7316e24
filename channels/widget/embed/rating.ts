/**
 * The widget's rating form under a rating request (issue 7 §3) [RAT7]: five star buttons («Оценка 1 из 5»…), an
 * optional comment and «Отправить»; once sent, the score given (and the comment) in its place. The form's DOM is
 * made once and kept by the widget across its re-renders, so a half-typed comment and the chosen star survive a
 * message arriving meanwhile. Plain DOM: the embed imports nothing.
 */

export interface RatingWords {
  /** The form's name. */
  rate: string
  score: (n: number, max: number) => string
  comment: string
  send: string
  sending: string
  yours: string
  failed: string
}

export interface GivenRating {
  score: number
  comment?: string
}

const MAX = 5
const MAX_COMMENT = 2000

const stars = (score: number): string => '★'.repeat(score) + '☆'.repeat(MAX - score)

const node = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] => {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value)
  if (text !== undefined) el.textContent = text
  return el
}

export class RatingForm {
  readonly node = node('div', { class: 'rating', role: 'group' })
  readonly #words: RatingWords
  readonly #submit: (rating: GivenRating) => Promise<void>
  readonly #stars: HTMLButtonElement[] = []
  readonly #comment = node('textarea', { rows: '2', maxlength: String(MAX_COMMENT) })
  readonly #send = node('button', { type: 'submit', class: 'rating-send' })
  readonly #error = node('div', { class: 'rating-error', role: 'alert' })
  #score: number | null = null
  #given: GivenRating | null = null

  /** `submit` posts the rating; it throws an Error whose message is shown when the server refused it. */
  constructor(words: RatingWords, given: GivenRating | null, submit: (rating: GivenRating) => Promise<void>) {
    this.#words = words
    this.#submit = submit
    this.node.setAttribute('aria-label', words.rate)
    if (given) this.#showGiven(given)
    else this.#build()
  }

  #build(): void {
    const form = node('form', { class: 'rating-form' })
    const row = node('div', { class: 'rating-stars' })
    for (let n = 1; n <= MAX; n++) {
      const star = node('button', {
        type: 'button',
        class: 'rating-star',
        'aria-label': this.#words.score(n, MAX),
        'aria-pressed': 'false',
      })
      star.textContent = '★'
      star.addEventListener('click', () => this.#choose(n))
      this.#stars.push(star)
      row.append(star)
    }
    this.#comment.setAttribute('aria-label', this.#words.comment)
    this.#comment.setAttribute('placeholder', this.#words.comment)
    this.#send.textContent = this.#words.send
    this.#send.disabled = true
    form.addEventListener('submit', (e) => {
      e.preventDefault()
      void this.#post()
    })
    this.#error.hidden = true
    form.append(row, this.#comment, this.#send, this.#error)
    this.node.replaceChildren(form)
  }

  #choose(score: number): void {
    this.#score = score
    this.#stars.forEach((star, i) => {
      star.setAttribute('aria-pressed', String(i + 1 === score))
      star.classList.toggle('on', i < score)
    })
    this.#send.disabled = false
  }

  async #post(): Promise<void> {
    const score = this.#score
    if (score === null) return
    const comment = this.#comment.value.trim()
    const rating: GivenRating = { score, ...(comment && { comment }) }
    this.#send.disabled = true
    this.#send.textContent = this.#words.sending
    this.#error.hidden = true
    try {
      await this.#submit(rating)
      this.#showGiven(rating)
    } catch (err) {
      this.#error.textContent = `${this.#words.failed} ${err instanceof Error ? err.message : ''}`.trim()
      this.#error.hidden = false
      this.#send.disabled = false
      this.#send.textContent = this.#words.send
    }
  }

  /** Shows `given` in the form's place, unless that is shown already. */
  show(given: GivenRating): void {
    if (this.#given?.score === given.score && this.#given.comment === given.comment) return
    this.#showGiven(given)
  }

  #showGiven(given: GivenRating): void {
    this.#given = given
    const line = node('div', { class: 'rating-given' }, `${this.#words.yours} `)
    line.append(
      node('span', { role: 'img', 'aria-label': this.#words.score(given.score, MAX) }, stars(given.score)),
    )
    this.node.replaceChildren(line)
    if (given.comment) this.node.append(node('div', { class: 'rating-comment' }, given.comment))
  }
}

/**
 * The search benchmark's made-up workspace: contacts with Russian and English names, phones written in the
 * formats people type, emails, a few notes; and message texts drawn from a vocabulary with a Zipf-like spread
 * (a few words in most messages, most words rare), as in real support chats. Deterministic: a seeded PRNG.
 */

/** A small seeded PRNG (mulberry32): every run makes the same workspace. */
export const random = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FIRST = [
  'Мария',
  'Алексей',
  'Ольга',
  'Дмитрий',
  'Екатерина',
  'Сергей',
  'Наталья',
  'Павел',
  'Ирина',
  'Олег',
]
const FIRST_LATIN = [
  'maria',
  'alexey',
  'olga',
  'dmitry',
  'ekaterina',
  'sergey',
  'natalia',
  'pavel',
  'irina',
  'oleg',
]
const LAST = [
  'Иванова',
  'Кузнецов',
  'Соколова',
  'Попов',
  'Лебедева',
  'Новиков',
  'Морозова',
  'Волков',
  'Орлов',
]
const LAST_LATIN = [
  'ivanova',
  'kuznetsov',
  'sokolova',
  'popov',
  'lebedeva',
  'novikov',
  'morozova',
  'volkov',
  'orlov',
]

/** The common words of support chats; the rest of the vocabulary is made of syllables. */
const COMMON = (
  'здравствуйте заказ доставка спасибо когда оплата размер возврат курьер пункт выдачи номер карта ' +
  'подскажите пожалуйста можно ли мой где товар сегодня завтра адрес телефон чек скидка акция ' +
  'привезут поменять отменить магазин посылка трек склад цвет модель гарантия брак коробка ' +
  'вопрос ответ оператор хорошо отлично добрый день вечер утро срочно долго ждать неделю ' +
  'hello order delivery thanks payment size return courier tracking refund'
).split(' ')
const SYLLABLES = 'ка ло ми на ре то су ве пи до ль ра ни ко те ма лу ва зо бе ги да сы по'.split(' ')

export interface Vocabulary {
  readonly words: readonly string[]
  /** Draws a word: the one at rank r with weight 1 / (r + 1). */
  pick(rnd: () => number): string
}

export const vocabulary = (size: number): Vocabulary => {
  const rnd = random(11)
  const words = new Set<string>(COMMON)
  while (words.size < size) {
    const n = 2 + Math.floor(rnd() * 3)
    let w = ''
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)]!
    words.add(w)
  }
  const list = [...words]
  // Cumulative Zipf weights (s = 1), for drawing by binary search.
  const cumulative = new Float64Array(list.length)
  let sum = 0
  for (let r = 0; r < list.length; r++) {
    sum += 1 / (r + 1)
    cumulative[r] = sum
  }
  return {
    words: list,
    pick(rnd) {
      const x = rnd() * sum
      let lo = 0
      let hi = cumulative.length - 1
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (cumulative[mid]! < x) lo = mid + 1
        else hi = mid
      }
      return list[lo]!
    },
  }
}

export interface FakeContact {
  readonly firstName: string
  readonly lastName: string
  /** As the customer gave it: `+7 (916) 123-45-67`, `8 916 123 45 67` or `79161234567`. */
  readonly phone: string
  readonly email: string
  readonly note: string | null
}

/** Contact `i` of the workspace: the same `i` gives the same contact. */
export const fakeContact = (i: number): FakeContact => {
  const f = i % FIRST.length
  const l = (i * 7) % LAST.length
  const digits = String(9_000_000_000 + ((i * 7_919_317) % 999_999_999)).padStart(10, '0')
  const [a, b, c, d] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6, 8), digits.slice(8)]
  const phone =
    i % 3 === 0 ? `+7 (${a}) ${b}-${c}-${d}` : i % 3 === 1 ? `8 ${a} ${b} ${c} ${d}` : `7${digits}`
  return {
    firstName: FIRST[f]!,
    lastName: `${LAST[l]!}`,
    phone,
    email: `${FIRST_LATIN[f]}.${LAST_LATIN[l]}.${i}@example.com`,
    note: i % 10 === 0 ? `Постоянный клиент ${i}, просит звонить после 18:00` : null,
  }
}

/** A message text of 4–14 words from the vocabulary. */
export const fakeText = (vocab: Vocabulary, rnd: () => number): string => {
  const n = 4 + Math.floor(rnd() * 11)
  const words: string[] = []
  for (let i = 0; i < n; i++) words.push(vocab.pick(rnd))
  const text = words.join(' ')
  return `${text[0]!.toLocaleUpperCase()}${text.slice(1)}.`
}

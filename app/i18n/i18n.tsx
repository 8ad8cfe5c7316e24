/**
 * The interface language: Russian by default, English when the browser asks for it on the first start, then
 * whatever the operator picked (kept in localStorage).
 */
import { type Accessor, createContext, createEffect, createSignal, type JSX, useContext } from 'solid-js'
import { dictionaries, LOCALES, type Locale, type MessageKey } from './dictionaries'

export const LOCALE_KEY = 'switchboard.locale'

export type Params = Readonly<Record<string, string | number>>

export interface I18n {
  readonly locale: Accessor<Locale>
  setLocale(locale: Locale): void
  /** The word for `key` in the current language, with `{name}` filled from `params`. */
  t(key: MessageKey, params?: Params): string
}

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>

const isLocale = (value: string | null): value is Locale =>
  value !== null && (LOCALES as readonly string[]).includes(value)

/** The saved choice, else the browser's language when it is one we speak, else Russian. */
export const initialLocale = (storage: KeyValueStore, browserLanguage: string | undefined): Locale => {
  const saved = storage.getItem(LOCALE_KEY)
  if (isLocale(saved)) return saved
  const wanted = browserLanguage?.toLowerCase().split('-')[0] ?? null
  return isLocale(wanted) ? wanted : 'ru'
}

export const fill = (text: string, params: Params = {}): string =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))

export const createI18n = (storage: KeyValueStore, browserLanguage: string | undefined): I18n => {
  const [locale, setLocaleSignal] = createSignal(initialLocale(storage, browserLanguage))
  createEffect(() => {
    document.documentElement.lang = locale()
  })
  return {
    locale,
    setLocale(next) {
      storage.setItem(LOCALE_KEY, next)
      setLocaleSignal(next)
    },
    t: (key, params) => fill(dictionaries[locale()][key], params),
  }
}

const I18nContext = createContext<I18n>()

export const I18nProvider = (props: { i18n: I18n; children: JSX.Element }): JSX.Element => (
  <I18nContext.Provider value={props.i18n}>{props.children}</I18nContext.Provider>
)

export const useI18n = (): I18n => {
  const i18n = useContext(I18nContext)
  if (!i18n) throw new Error('useI18n outside I18nProvider')
  return i18n
}

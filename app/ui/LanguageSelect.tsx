/** Switches the interface language; the choice is remembered. */
import { For, type JSX } from 'solid-js'
import { LOCALE_NAMES, LOCALES, type Locale, useI18n } from '../i18n'

export const LanguageSelect = (): JSX.Element => {
  const { t, locale, setLocale } = useI18n()
  return (
    <select
      class="language"
      aria-label={t('language')}
      value={locale()}
      onChange={(e) => setLocale(e.currentTarget.value as Locale)}
    >
      <For each={LOCALES}>{(l) => <option value={l}>{LOCALE_NAMES[l]}</option>}</For>
    </select>
  )
}

/** A value to take elsewhere (a webhook URL, an embed tag, a token): read-only text and a copy button. */
import { createSignal, type JSX } from 'solid-js'
import { useI18n } from '../../i18n'

export const CopyField = (props: { label: string; value: string }): JSX.Element => {
  const { t } = useI18n()
  const [copied, setCopied] = createSignal(false)
  const copy = (): void => {
    // The clipboard needs a secure context; elsewhere the text stays selectable by hand.
    navigator.clipboard?.writeText(props.value).then(
      () => setCopied(true),
      () => setCopied(false),
    )
  }
  return (
    <div class="copy-field">
      <label>
        <span>{props.label}</span>
        <textarea
          readOnly
          rows={props.value.length > 80 ? 3 : 1}
          value={props.value}
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <button type="button" onClick={copy}>
        {copied() ? t('copied') : t('copy')}
      </button>
    </div>
  )
}

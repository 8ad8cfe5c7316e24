/** What stops a settings form: a required field left blank, or the server's refusal in its own words. */
import { type JSX, Show } from 'solid-js'
import { useI18n } from '../../i18n'
import type { Failure } from '../../state/settings'

export const FormFailure = (props: { missing?: string | null; failure: Failure | null }): JSX.Element => {
  const { t } = useI18n()
  return (
    <>
      <Show when={props.missing}>
        {(label) => (
          <p class="error" role="alert">
            {t('fieldRequired', { field: label() })}
          </p>
        )}
      </Show>
      <Show when={!props.missing && props.failure}>
        {(failure) => (
          <p class="error" role="alert">
            {failure().status === 0
              ? t('serverUnreachable')
              : t('requestFailed', { message: failure().message })}
          </p>
        )}
      </Show>
    </>
  )
}

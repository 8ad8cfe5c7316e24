/** Why a request about a message failed, in words: the server's own message, or that it could not be reached. */
import { type JSX, Show } from 'solid-js'
import { useI18n } from '../../i18n'
import type { RequestState } from '../../state/messenger'

export const RequestError = (props: { request: RequestState | undefined }): JSX.Element => {
  const { t } = useI18n()
  return (
    <Show when={props.request?.error}>
      {(error) => (
        <p class="message-error" role="alert">
          {error().status === 0 ? t('serverUnreachable') : t('requestFailed', { message: error().message })}
        </p>
      )}
    </Show>
  )
}

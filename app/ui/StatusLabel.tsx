/** A chat's status in words: «Без статуса», «В работе», «Закрыт». */
import type { JSX } from 'solid-js'
import type { Status } from '../../model'
import { useI18n } from '../i18n'

const KEY = { open: 'statusOpen', in_work: 'statusInWork', closed: 'statusClosed' } as const satisfies Record<
  Status,
  string
>

export const StatusLabel = (props: { status: Status }): JSX.Element => {
  const { t } = useI18n()
  return <span class={`status status-${props.status}`}>{t(KEY[props.status])}</span>
}

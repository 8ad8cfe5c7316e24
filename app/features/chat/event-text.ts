/** A status change as the history's system line says it. */
import type { HistoryActor, HistoryEntry } from '../../../model'
import type { MessageKey, Params } from '../../i18n'

type Translate = (key: MessageKey, params?: Params) => string

const REASON = { solved: 'reasonSolved', no_reply: 'reasonNoReply', other: 'reasonOther' } as const

export const actorName = (
  actor: HistoryActor,
  operatorName: (id: string) => string,
  t: Translate,
): string => {
  switch (actor.kind) {
    case 'operator':
      return operatorName(actor.id)
    case 'bot':
      return actor.name
    case 'channel':
      return t('customer')
    case 'server':
      return t('system')
  }
}

/** The line for a history entry; `null` for one that changed nothing and is not worth a line. */
export const eventText = (
  entry: HistoryEntry,
  operatorName: (id: string) => string,
  t: Translate,
): string | null => {
  if (entry.outcome === 'unchanged' || entry.outcome === 'skipped') return null
  const { event } = entry
  const actor = actorName(event.actor, operatorName, t)
  let text: string
  switch (event.type) {
    case 'assign': {
      const to = operatorName(event.to)
      const self = event.actor.kind === 'operator' && event.actor.id === event.to
      text = event.auto
        ? t('eventAutoAssign', { to })
        : self
          ? t('eventTake', { actor })
          : t('eventAssign', { to, actor })
      break
    }
    case 'return':
      text = t('eventReturn', { actor })
      break
    case 'close':
      text = t('eventClose', { actor }) + (event.reason ? ` · ${t(REASON[event.reason])}` : '')
      break
    case 'reopen':
      text = t('eventReopen')
      break
  }
  const comment = 'comment' in event && event.comment ? ` · «${event.comment}»` : ''
  return text + comment + (entry.outcome === 'lost' ? ` (${t('eventLost')})` : '')
}

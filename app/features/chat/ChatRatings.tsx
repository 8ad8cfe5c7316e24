/**
 * Under the chat's header: what the current conversation was rated [MET12] (the customer's score and comment, or
 * that a rating was asked for; the operators' rating of the customer) and «Оценить клиента» [RAT5]. Hidden while
 * the chat has no conversation yet (no customer message): a rating there would belong to none.
 */
import { createSignal, type JSX, Show } from 'solid-js'
import { useI18n } from '../../i18n'
import { type ConversationRatings, ownRatingOf } from '../../state/ratings'
import { RateCustomerDialog } from './RateCustomerDialog'
import { Stars } from './Stars'

export const ChatRatings = (props: {
  ratings: ConversationRatings
  operatorId: string
  operatorName: (id: string) => string
}): JSX.Element => {
  const { t } = useI18n()
  const [rating, setRating] = createSignal(false)
  return (
    <Show when={props.ratings.current()}>
      {(current) => (
        <div class="chat-ratings">
          <Show
            when={current().customerRating}
            fallback={
              <Show when={current().ratingRequested}>
                <span class="chat-rating muted">{t('csatRequested')}</span>
              </Show>
            }
          >
            {(r) => (
              <span class="chat-rating">
                {t('csatCustomerRated')} <Stars score={r().score} />
                <Show when={r().comment}>{(comment) => <q class="rating-comment">{comment()}</q>}</Show>
              </span>
            )}
          </Show>
          <Show when={current().operatorRating}>
            {(r) => (
              <span class="chat-rating">
                {t('csatOperatorRated', { name: props.operatorName(r().by) })} <Stars score={r().score} />
                <Show when={r().note}>{(note) => <q class="rating-comment">{note()}</q>}</Show>
              </span>
            )}
          </Show>
          <button type="button" class="ghost" onClick={() => setRating(true)}>
            {t('csatRateCustomer')}
          </button>
          <Show when={rating()}>
            <RateCustomerDialog
              initial={ownRatingOf(current(), props.operatorId)}
              onSave={(score, note) => props.ratings.rate(score, note)}
              onClose={() => setRating(false)}
            />
          </Show>
        </div>
      )}
    </Show>
  )
}

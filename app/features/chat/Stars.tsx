/** A score as stars (★★★★☆), read out as «4 из 5». */
import type { JSX } from 'solid-js'
import { RATING_MAX } from '../../../model'
import { useI18n } from '../../i18n'
import { starsOf } from '../../state/ratings'

export const Stars = (props: { score: number }): JSX.Element => {
  const { t } = useI18n()
  return (
    <span class="stars" role="img" aria-label={t('csatScoreOf', { score: props.score, max: RATING_MAX })}>
      {starsOf(props.score)}
    </span>
  )
}

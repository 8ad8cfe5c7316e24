/** A contact's or operator's initials on a colour picked from their id. */
import type { JSX } from 'solid-js'

export const initials = (name: string): string => {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters = words.length > 1 ? [words[0], words[1]] : [words[0] ?? '?']
  return letters
    .map((w) => Array.from(w ?? '')[0] ?? '')
    .join('')
    .toUpperCase()
}

const hue = (seed: string): number => {
  let h = 0
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) % 360
  return h
}

export const Avatar = (props: { name: string; seed: string; size?: 'small' | 'large' }): JSX.Element => (
  <span
    class={`avatar avatar-${props.size ?? 'small'}`}
    style={{ 'background-color': `hsl(${hue(props.seed)} 45% 45%)` }}
    aria-hidden="true"
  >
    {initials(props.name)}
  </span>
)

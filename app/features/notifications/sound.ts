/**
 * The three sounds of seed 004, synthesized in the page (no audio files to ship or to allow in the CSP): each is a
 * few sine notes with a soft attack and decay, rendered once into an AudioBuffer and played through Web Audio, one
 * buffer source per sound.
 *
 * Browsers start an AudioContext suspended until the page has had a user gesture, and a hidden tab cannot get one:
 * `unlock()` is called on the operator's first click or key press, so the context is running by the time the tab
 * is hidden and a sound is due.
 */
import { AlertSound } from '../../state/notifications-alerts'

interface Note {
  readonly hz: number
  /** Seconds from the sound's start. */
  readonly at: number
  readonly length: number
}

/** «Новый диалог» rises (two notes), «Новое сообщение» is one short note, «Напоминание» taps twice, lower. */
const NOTES: Readonly<Record<AlertSound, readonly Note[]>> = {
  [AlertSound.newChat]: [
    { hz: 880, at: 0, length: 0.18 },
    { hz: 1318.5, at: 0.15, length: 0.35 },
  ],
  [AlertSound.newMessage]: [{ hz: 987.8, at: 0, length: 0.25 }],
  [AlertSound.reminder]: [
    { hz: 659.3, at: 0, length: 0.15 },
    { hz: 659.3, at: 0.22, length: 0.2 },
  ],
}

const TAIL_S = 0.05
const VOLUME = 0.2

/** How long each sound lasts, in seconds (a browser test tells them apart by it). */
export const SOUND_SECONDS: Readonly<Record<AlertSound, number>> = Object.fromEntries(
  Object.entries(NOTES).map(([sound, notes]) => [
    sound,
    Math.max(...notes.map((n) => n.at + n.length)) + TAIL_S,
  ]),
) as Record<AlertSound, number>

/** The sound's samples: each note a sine with its octave, 5 ms attack, exponential decay. */
const render = (ctx: BaseAudioContext, sound: AlertSound): AudioBuffer => {
  const rate = ctx.sampleRate
  const buffer = ctx.createBuffer(1, Math.ceil(SOUND_SECONDS[sound] * rate), rate)
  const data = buffer.getChannelData(0)
  for (const note of NOTES[sound]) {
    const from = Math.floor(note.at * rate)
    const count = Math.floor(note.length * rate)
    for (let i = 0; i < count && from + i < data.length; i++) {
      const t = i / rate
      const envelope = Math.min(1, t / 0.005) * Math.exp((-5 * t) / note.length)
      const wave = Math.sin(2 * Math.PI * note.hz * t) + 0.3 * Math.sin(4 * Math.PI * note.hz * t)
      data[from + i] = (data[from + i] ?? 0) + VOLUME * envelope * wave
    }
  }
  return buffer
}

export interface SoundPlayer {
  /** After a user gesture: creates or resumes the audio context, so later sounds may play in a hidden tab. */
  unlock(): void
  play(sound: AlertSound): void
  dispose(): void
}

/** The page's audio context, or `null` where there is none (an old browser): then nothing plays. */
const browserAudio = (): AudioContext | null =>
  typeof AudioContext === 'function' ? new AudioContext() : null

export const makeSoundPlayer = (create: () => AudioContext | null = browserAudio): SoundPlayer => {
  let ctx: AudioContext | null | undefined
  const buffers = new Map<AlertSound, AudioBuffer>()
  const context = (): AudioContext | null => {
    if (ctx === undefined) ctx = create()
    // Resolves once running; stays pending while the browser still wants a gesture, which is no error.
    if (ctx?.state === 'suspended') void ctx.resume().catch(() => undefined)
    return ctx
  }
  return {
    unlock: () => void context(),
    play(sound) {
      const c = context()
      if (!c) return
      let buffer = buffers.get(sound)
      if (!buffer) {
        buffer = render(c, sound)
        buffers.set(sound, buffer)
      }
      const source = c.createBufferSource()
      source.buffer = buffer
      source.connect(c.destination)
      source.start()
    },
    dispose() {
      void ctx?.close().catch(() => undefined)
      ctx = null
    },
  }
}

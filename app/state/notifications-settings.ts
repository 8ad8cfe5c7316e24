/**
 * The operator's own notification settings, kept in this browser (localStorage, per operator): sounds on or off.
 * Every tab of theirs follows a change made in another one (the `storage` event), since only one tab plays.
 */
import { type Accessor, createSignal, onCleanup } from 'solid-js'

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>

export const soundSettingKey = (operatorId: string): string => `switchboard.${operatorId}.sounds`

/** On unless turned off. */
export const soundsOn = (stored: string | null): boolean => stored !== 'off'

export interface AlertSettings {
  readonly sounds: Accessor<boolean>
  setSounds(on: boolean): void
}

export const createAlertSettings = (storage: KeyValueStore, operatorId: string): AlertSettings => {
  const key = soundSettingKey(operatorId)
  const [sounds, setSignal] = createSignal(soundsOn(storage.getItem(key)))
  const onStorage = (event: StorageEvent): void => {
    if (event.key === key) setSignal(soundsOn(event.newValue))
  }
  window.addEventListener('storage', onStorage)
  onCleanup(() => window.removeEventListener('storage', onStorage))
  return {
    sounds,
    setSounds(on) {
      storage.setItem(key, on ? 'on' : 'off')
      setSignal(on)
    },
  }
}

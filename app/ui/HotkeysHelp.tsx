/** «Горячие клавиши»: every hotkey of the registry with its keys, in a modal dialog (Esc or «Закрыть» closes it). */
import { For, type JSX, Show } from 'solid-js'
import { useI18n } from '../i18n'
import { Dialog } from './Dialog'
import { HOTKEY_IDS, HOTKEYS } from './hotkeys'

export const HotkeysHelp = (props: { onClose: () => void }): JSX.Element => {
  const { t } = useI18n()
  return (
    <Dialog title={t('hkTitle')} onClose={props.onClose}>
      <dl class="hotkeys">
        <For each={HOTKEY_IDS}>
          {(id) => {
            const hotkey = HOTKEYS[id]
            return (
              <div class="hotkey">
                <dt>
                  <For each={hotkey.keys}>
                    {(combo, i) => (
                      <>
                        <Show when={i() > 0}>
                          <span class="hotkey-or"> {t('hkOr')} </span>
                        </Show>
                        <kbd>
                          <For each={combo}>
                            {(key, j) => (
                              <>
                                <Show when={j() > 0}>+</Show>
                                <kbd>{key}</kbd>
                              </>
                            )}
                          </For>
                        </kbd>
                      </>
                    )}
                  </For>
                </dt>
                <dd>
                  {t(hotkey.label)}
                  <Show when={'note' in hotkey ? hotkey.note : undefined}>
                    {(note) => <small class="hotkey-note">{t(note())}</small>}
                  </Show>
                </dd>
              </div>
            )
          }}
        </For>
      </dl>
      <div class="dialog-actions">
        <button type="button" class="primary" onClick={() => props.onClose()}>
          {t('hkClose')}
        </button>
      </div>
    </Dialog>
  )
}

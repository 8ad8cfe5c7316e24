/** Integration tokens: create one with a scope and optional channels, see it once, revoke it. */
import { createSignal, For, type JSX, Show } from 'solid-js'
import { formatFullTime, useI18n } from '../../i18n'
import { createRequest, type SettingsState } from '../../state/settings'
import type { TokenScope } from '../../sync'
import { ChannelBadge } from '../../ui/ChannelBadge'
import { CopyField } from './CopyField'
import { FormFailure } from './FormFailure'

export const TokensTab = (props: { settings: SettingsState }): JSX.Element => {
  const { t, locale } = useI18n()
  const [name, setName] = createSignal('')
  const [scope, setScope] = createSignal<TokenScope>('read')
  const [channels, setChannels] = createSignal<readonly string[]>([])
  const [missing, setMissing] = createSignal<string | null>(null)
  // The new token, shown this once: it is not kept anywhere else.
  const [shown, setShown] = createSignal<string | null>(null)
  const request = createRequest()
  const submit = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    setMissing(name().trim() ? null : t('tokenName'))
    if (!name().trim()) return
    const token = await request.run(() =>
      props.settings.createToken({
        name: name().trim(),
        scope: scope(),
        channels: channels().length ? channels() : null,
      }),
    )
    if (token) {
      setShown(token)
      setName('')
      setChannels([])
    }
  }
  return (
    <>
      <form class="settings-form" noValidate onSubmit={submit}>
        <label>
          <span>{t('tokenName')}</span>
          <input value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          <span>{t('scope')}</span>
          <select value={scope()} onChange={(e) => setScope(e.currentTarget.value as TokenScope)}>
            <option value="read">{t('scopeRead')}</option>
            <option value="send">{t('scopeSend')}</option>
          </select>
        </label>
        <fieldset class="picker">
          <legend>{t('tokenChannels')}</legend>
          <For each={props.settings.channels()}>
            {(channel) => (
              <label>
                <input
                  type="checkbox"
                  checked={channels().includes(channel.id)}
                  onChange={(e) =>
                    setChannels((list) =>
                      e.currentTarget.checked
                        ? [...list, channel.id]
                        : list.filter((id) => id !== channel.id),
                    )
                  }
                />{' '}
                <ChannelBadge kind={channel.kind} /> {channel.name}
              </label>
            )}
          </For>
        </fieldset>
        <FormFailure missing={missing()} failure={request.failure()} />
        <button type="submit" class="primary" disabled={request.busy()}>
          {t('createToken')}
        </button>
      </form>
      <Show when={shown()}>
        {(token) => (
          <section class="created" aria-label={t('newToken')}>
            <p class="notice" role="alert">
              {t('tokenOnce')}
            </p>
            <CopyField label={t('newToken')} value={token()} />
            <button type="button" onClick={() => setShown(null)}>
              {t('done')}
            </button>
          </section>
        )}
      </Show>
      <table class="settings-table">
        <thead>
          <tr>
            <th>{t('tokenName')}</th>
            <th>{t('scope')}</th>
            <th>{t('channels')}</th>
            <th>{t('createdAt')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          <For each={props.settings.tokens()}>
            {(token) => (
              <tr aria-label={token.name}>
                <td>{token.name}</td>
                <td>{token.scope === 'read' ? t('scopeRead') : t('scopeSend')}</td>
                <td>
                  {token.channels === null
                    ? t('allChannels')
                    : token.channels.map((id) => props.settings.channelName(id)).join(', ')}
                </td>
                <td>{formatFullTime(token.createdAt, locale())}</td>
                <td class="row-actions">
                  <Show when={token.revokedAt === null} fallback={t('revoked')}>
                    <button
                      type="button"
                      onClick={() => request.run(() => props.settings.revokeToken(token.id))}
                    >
                      {t('revoke')}
                    </button>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </>
  )
}

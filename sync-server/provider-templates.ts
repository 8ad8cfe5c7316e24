/**
 * [WTP1] The approved message templates of each WhatsApp channel's business account, asked from the provider and
 * kept for a few minutes: every operator opening the picker would otherwise call Meta's API. A channel whose
 * credentials change is asked afresh; a failure is not kept.
 */
import type { ProviderTemplate } from '../channels'
import { DomainError, ErrorCode } from '../model'
import { bridgeContext, type bridgeOf } from './bridges'
import type { ChannelRecord, ChannelRegistry } from './channel-registry'
import { isSandbox } from './outbox/dispatcher'

export interface ProviderTemplatesDeps {
  readonly channels: ChannelRegistry
  readonly bridgeOf: typeof bridgeOf
  readonly now: () => number
  /** How long a list is kept, ms. */
  readonly ttlMs?: number
  readonly fetch?: typeof fetch
}

export const TEMPLATES_TTL_MS = 5 * 60_000

interface Cached {
  /** The config the list was asked with: other credentials, another list. */
  readonly config: string
  readonly at: number
  readonly templates: readonly ProviderTemplate[]
}

export class ProviderTemplates {
  readonly #deps: ProviderTemplatesDeps
  readonly #cache = new Map<string, Cached>()
  readonly #asking = new Map<string, Promise<readonly ProviderTemplate[]>>()

  constructor(deps: ProviderTemplatesDeps) {
    this.#deps = deps
  }

  /** Whether the channel's messenger has templates at all. */
  has(channel: ChannelRecord): boolean {
    return this.#deps.bridgeOf(channel.kind)?.listTemplates !== undefined
  }

  /**
   * The channel's approved templates: kept ones while fresh (`refresh` asks again). `not_found` for a channel
   * without templates, `conflict` with the provider's reason when it could not be asked.
   */
  async list(
    channelId: string,
    refresh = false,
  ): Promise<{ templates: readonly ProviderTemplate[]; at: number }> {
    const channel = this.#deps.channels.byId(channelId)
    const bridge = channel ? this.#deps.bridgeOf(channel.kind) : null
    if (!channel || !bridge?.listTemplates) {
      throw new DomainError(ErrorCode.notFound, 'this channel has no message templates')
    }
    // A sandbox channel talks to no provider: it has none.
    if (isSandbox(channel.config)) return { templates: [], at: this.#deps.now() }
    const config = JSON.stringify(channel.config)
    const cached = this.#cache.get(channelId)
    const ttl = this.#deps.ttlMs ?? TEMPLATES_TTL_MS
    if (!refresh && cached && cached.config === config && this.#deps.now() - cached.at < ttl) {
      return { templates: cached.templates, at: cached.at }
    }
    const key = `${channelId}\n${config}`
    let asking = this.#asking.get(key)
    if (!asking) {
      const listTemplates = bridge.listTemplates.bind(bridge)
      const ctx = bridgeContext(channel, bridge, this.#deps.now, {
        ...(this.#deps.fetch && { fetch: this.#deps.fetch }),
      })
      asking = listTemplates(ctx)
        .then((result) => {
          if (!result.ok)
            throw new DomainError(
              ErrorCode.conflict,
              `the messenger did not list its templates: ${result.error}`,
            )
          this.#cache.set(channelId, { config, at: this.#deps.now(), templates: result.templates })
          return result.templates
        })
        .finally(() => this.#asking.delete(key))
      this.#asking.set(key, asking)
    }
    const templates = await asking
    return { templates, at: this.#cache.get(channelId)?.at ?? this.#deps.now() }
  }
}

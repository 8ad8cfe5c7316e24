/** The directory doc as the app reads it: operators' names, the channels, and who is online (its awareness). */
import { type Accessor, createMemo } from 'solid-js'
import { type ChannelPublic, directoryParts, type OperatorPublic, onlineOperators } from '../../model'
import type { LiveDoc } from '../sync'
import { createDocValue } from './doc-value'
import { createAwarenessStates } from './presence'

export interface DirectoryState {
  readonly operators: Accessor<ReadonlyMap<string, OperatorPublic>>
  /** The active operators by name: whom a chat can be handed to or filtered by. */
  readonly activeOperators: Accessor<readonly OperatorPublic[]>
  /** Channels by name. */
  readonly channels: Accessor<readonly ChannelPublic[]>
  operatorName(id: string | null): string | null
  channel(id: string): ChannelPublic | undefined
  /**
   * [TEAM4] Operator id → online since, from the server's state on the directory's awareness; `null`: unknown
   * (not synced yet, or offline).
   */
  readonly online: Accessor<ReadonlyMap<string, number> | null>
}

export const createDirectory = (live: LiveDoc): DirectoryState => {
  const operators = createDocValue(live, (doc) => new Map(directoryParts(doc).operators.entries()))
  const channels = createDocValue(live, (doc) =>
    [...directoryParts(doc).channels.values()].sort((a, b) => a.name.localeCompare(b.name)),
  )
  const states = createAwarenessStates(live.awareness)
  const online = createMemo(() => onlineOperators(states()), null, {
    equals: (a, b) => JSON.stringify(a && [...a]) === JSON.stringify(b && [...b]),
  })
  const activeOperators = createMemo(() =>
    [...operators().values()].filter((op) => op.active).sort((a, b) => a.name.localeCompare(b.name)),
  )
  return {
    operators,
    activeOperators,
    channels,
    operatorName: (id) => (id === null ? null : (operators().get(id)?.name ?? null)),
    channel: (id) => channels().find((c) => c.id === id),
    online,
  }
}

/** The directory doc as the app reads it: operators' names and the channels. */
import { type Accessor, createMemo } from 'solid-js'
import { type ChannelPublic, directoryParts, type OperatorPublic } from '../../model'
import type { LiveDoc } from '../sync'
import { createDocValue } from './doc-value'

export interface DirectoryState {
  readonly operators: Accessor<ReadonlyMap<string, OperatorPublic>>
  /** The active operators by name: whom a chat can be handed to or filtered by. */
  readonly activeOperators: Accessor<readonly OperatorPublic[]>
  /** Channels by name. */
  readonly channels: Accessor<readonly ChannelPublic[]>
  operatorName(id: string | null): string | null
  channel(id: string): ChannelPublic | undefined
}

export const createDirectory = (live: LiveDoc): DirectoryState => {
  const operators = createDocValue(live, (doc) => new Map(directoryParts(doc).operators.entries()))
  const channels = createDocValue(live, (doc) =>
    [...directoryParts(doc).channels.values()].sort((a, b) => a.name.localeCompare(b.name)),
  )
  const activeOperators = createMemo(() =>
    [...operators().values()].filter((op) => op.active).sort((a, b) => a.name.localeCompare(b.name)),
  )
  return {
    operators,
    activeOperators,
    channels,
    operatorName: (id) => (id === null ? null : (operators().get(id)?.name ?? null)),
    channel: (id) => channels().find((c) => c.id === id),
  }
}

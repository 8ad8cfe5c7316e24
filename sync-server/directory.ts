/** Mirrors operators' and channels' public records and the tag catalogue into the directory doc every operator reads. */
import type * as Y from 'yjs'
import { directoryDocName, directoryParts, serverContext } from '../model'
import type { TagCatalogue } from './admin/tags'
import { type ChannelRegistry, publicChannel } from './channel-registry'
import type { DocHub } from './docs/hub'
import { type Operators, publicOf } from './operators'

/**
 * Makes `map` hold exactly `records` (key → value), writing only the entries that changed: every write is an update
 * all operators download, so an unchanged catalogue republished at start-up costs nothing.
 */
export const mirrorMap = <T>(map: Y.Map<T>, records: ReadonlyMap<string, T>): void => {
  for (const key of [...map.keys()]) if (!records.has(key)) map.delete(key)
  for (const [key, value] of records) {
    if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) map.set(key, value)
  }
}

export const publishDirectory = (
  hub: DocHub,
  operators: Operators,
  channels: ChannelRegistry,
  tags: TagCatalogue,
  now: number,
): Promise<void> =>
  hub.transact(
    directoryDocName,
    (doc) => {
      const parts = directoryParts(doc)
      mirrorMap(parts.operators, new Map(operators.list().map((op) => [op.id, publicOf(op)])))
      mirrorMap(parts.channels, new Map(channels.list().map((c) => [c.id, publicChannel(c)])))
      mirrorMap(parts.tags, new Map(tags.list().map((t) => [t.name, t])))
    },
    serverContext('directory', now).origin,
  )

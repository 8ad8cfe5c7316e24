/** Mirrors operators' and channels' public records and the tag catalogue into the directory doc every operator reads. */
import { directoryDocName, directoryParts, serverContext } from '../model'
import type { TagCatalogue } from './admin/tags'
import { type ChannelRegistry, publicChannel } from './channel-registry'
import type { DocHub } from './docs/hub'
import { type Operators, publicOf } from './operators'

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
      const ops = new Map(operators.list().map((op) => [op.id, publicOf(op)]))
      for (const id of [...parts.operators.keys()]) if (!ops.has(id)) parts.operators.delete(id)
      for (const [id, op] of ops) {
        if (JSON.stringify(parts.operators.get(id)) !== JSON.stringify(op)) parts.operators.set(id, op)
      }
      const chans = new Map(channels.list().map((c) => [c.id, publicChannel(c)]))
      for (const id of [...parts.channels.keys()]) if (!chans.has(id)) parts.channels.delete(id)
      for (const [id, c] of chans) {
        if (JSON.stringify(parts.channels.get(id)) !== JSON.stringify(c)) parts.channels.set(id, c)
      }
      const catalogue = new Map(tags.list().map((t) => [t.name, t]))
      for (const name of [...parts.tags.keys()]) if (!catalogue.has(name)) parts.tags.delete(name)
      for (const [name, t] of catalogue) {
        if (JSON.stringify(parts.tags.get(name)) !== JSON.stringify(t)) parts.tags.set(name, t)
      }
    },
    serverContext('directory', now).origin,
  )

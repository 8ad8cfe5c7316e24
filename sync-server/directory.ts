/** Mirrors operators' and channels' public records into the directory doc that every operator reads. */
import { directoryDocName, directoryParts, serverContext } from '../model'
import { type ChannelRegistry, publicChannel } from './channel-registry'
import type { DocHub } from './docs/hub'
import { type Operators, publicOf } from './operators'

export const publishDirectory = (
  hub: DocHub,
  operators: Operators,
  channels: ChannelRegistry,
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
    },
    serverContext('directory', now).origin,
  )

/**
 * The team view's state [TEAM1–TEAM5]: `teamSnapshot` over the admin's index summaries (live, and stored for
 * offline), the directory's operators and who is online (the server's state on the directory's awareness). While
 * the app is offline nobody's online state is known, and the numbers are those of the last sync.
 */
import { type Accessor, createEffect, createMemo, createSignal, on, untrack } from 'solid-js'
import { type ChatSummary, type TeamSnapshot, teamSnapshot } from '../../model'
import type { DirectoryState } from './directory'
import { folderTime } from './inbox'

export interface TeamState {
  readonly snapshot: Accessor<TeamSnapshot>
  /** Who is online is known: the app is online and has the server's state. */
  readonly known: Accessor<boolean>
  /** While offline: when the app last was online in this tab (`null`: not since it started, or online now). */
  readonly lastOnlineAt: Accessor<number | null>
}

const NOBODY: ReadonlyMap<string, number> = new Map()

export const createTeam = (deps: {
  readonly chats: Accessor<readonly ChatSummary[]>
  readonly directory: Pick<DirectoryState, 'operators' | 'online'>
  /** The app's connection is up (ConnectionState.online). */
  readonly online: Accessor<boolean>
  readonly now: Accessor<number>
}): TeamState => {
  const known = createMemo(() => deps.online() && deps.directory.online() !== null)
  // The queue depends on the clock only through each chat's `unassignedAt` (as the folders do): the snapshot is
  // computed again when one passes, not at every tick; the waits tick in the view.
  const at = createMemo((prev: number) => folderTime(deps.chats(), prev, deps.now()), untrack(deps.now))
  const snapshot = createMemo(() =>
    teamSnapshot({
      summaries: deps.chats(),
      operators: deps.directory.operators().values(),
      online: known() ? (deps.directory.online() ?? NOBODY) : NOBODY,
      now: at(),
    }),
  )
  const [lastOnlineAt, setLastOnlineAt] = createSignal<number | null>(null)
  createEffect(
    on(deps.online, (up, wasUp) => {
      if (up) setLastOnlineAt(null)
      else if (wasUp) setLastOnlineAt(Date.now())
    }),
  )
  return { snapshot, known, lastOnlineAt }
}

/**
 * Merging the open contact into another (seed 003: one person, chats in several channels): find the other
 * contact with the server search, pick it, merge [MRG1–MRG3]. Online only: the server checks that the operator
 * may see every chat of both and moves the chats in one commit. The component only renders this.
 */
import { type Accessor, createSignal } from 'solid-js'
import { ApiError, type ContactApi, type ContactHit, type MergedContact } from '../sync'

/** Why a search or a merge failed, in the words the dialog shows. */
export type MergeProblemKind = 'forbidden' | 'not_found' | 'conflict' | 'offline' | 'other'

export interface MergeProblem {
  readonly kind: MergeProblemKind
  /** The server's own message (for `conflict` and `other`). */
  readonly message: string
}

export const mergeProblemOf = (err: unknown): MergeProblem => {
  if (!(err instanceof ApiError))
    return { kind: 'other', message: err instanceof Error ? err.message : String(err) }
  if (err.status === 0) return { kind: 'offline', message: err.message }
  if (err.status === 403) return { kind: 'forbidden', message: err.message }
  if (err.status === 404) return { kind: 'not_found', message: err.message }
  if (err.status === 409) return { kind: 'conflict', message: err.message }
  return { kind: 'other', message: err.message }
}

/** The contacts one may merge into: every hit but the contact itself. */
export const mergeCandidates = (hits: readonly ContactHit[], self: string): ContactHit[] =>
  hits.filter((hit) => hit.id !== self)

export interface ContactMergeState {
  readonly query: Accessor<string>
  setQuery(q: string): void
  /** `null` until a search ran. */
  readonly results: Accessor<readonly ContactHit[] | null>
  readonly chosen: Accessor<string | null>
  choose(contactId: string): void
  readonly busy: Accessor<boolean>
  readonly problem: Accessor<MergeProblem | null>
  /** Runs the server search for the query; an empty query clears the results. */
  search(): Promise<void>
  /** Merges the contact into the chosen one; `undefined` when nothing was chosen or it failed (see `problem`). */
  merge(): Promise<MergedContact | undefined>
}

export const createContactMerge = (api: ContactApi, contactId: Accessor<string>): ContactMergeState => {
  const [query, setQuery] = createSignal('')
  const [results, setResults] = createSignal<readonly ContactHit[] | null>(null)
  const [chosen, setChosen] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)
  const [problem, setProblem] = createSignal<MergeProblem | null>(null)

  const run = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true)
    setProblem(null)
    try {
      return await fn()
    } catch (err) {
      setProblem(mergeProblemOf(err))
      return undefined
    } finally {
      setBusy(false)
    }
  }

  return {
    query,
    setQuery,
    results,
    chosen,
    choose: setChosen,
    busy,
    problem,
    async search() {
      const q = query().trim()
      if (q === '') {
        setResults(null)
        setChosen(null)
        return
      }
      const hits = await run(() => api.findContacts(q))
      if (!hits) return
      const candidates = mergeCandidates(hits, contactId())
      setResults(candidates)
      // The choice survives a new search only while it is still on the list.
      if (!candidates.some((c) => c.id === chosen()))
        setChosen(candidates.length === 1 ? candidates[0]!.id : null)
    },
    async merge() {
      const into = chosen()
      if (into === null || busy()) return undefined
      return run(() => api.mergeContact(contactId(), into))
    },
  }
}

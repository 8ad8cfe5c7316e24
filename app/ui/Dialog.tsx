/**
 * A small modal dialog: the browser's own `<dialog>` (role dialog, focus kept inside, Escape closes), named by its
 * title. Mount it to open it; it calls `onClose` however it is dismissed.
 */
import { createUniqueId, type JSX, onMount } from 'solid-js'

export const Dialog = (props: { title: string; onClose: () => void; children: JSX.Element }): JSX.Element => {
  const titleId = createUniqueId()
  let dialog: HTMLDialogElement | undefined
  onMount(() => dialog?.showModal())
  return (
    <dialog class="dialog" ref={dialog} aria-labelledby={titleId} onClose={() => props.onClose()}>
      <h3 id={titleId}>{props.title}</h3>
      {props.children}
    </dialog>
  )
}

/** Hands a file the app fetched to the browser's downloads: a Blob behind a temporary `<a download>`, clicked. */
import type { CsvFile } from '../../sync'

/** Long enough for the browser to have taken the file; the object URL is freed after it. */
const REVOKE_AFTER_MS = 60_000

export const saveFile = (file: CsvFile): void => {
  const url = URL.createObjectURL(file.blob)
  const link = document.createElement('a')
  link.href = url
  link.download = file.filename
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS)
}

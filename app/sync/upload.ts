/**
 * An attachment's upload (`POST /api/media?chat=…`, sync-server/media-upload.ts): the raw file, its type and its
 * URI-encoded name. The server stores it for the chat and answers where it is served; the message that carries it
 * is written later, on Send. Errors are `ApiError`s (`status` 0: the server could not be reached).
 */
import type { UploadKind } from '../../model'
import { ApiError } from './api'

export interface UploadedMedia {
  readonly id: string
  /** Where the server serves it (`/api/media/<id>`): the message's `media.url`. */
  readonly url: string
  readonly mime: string
  readonly name: string
  readonly size: number
  readonly kind: UploadKind
}

export const uploadMedia = async (
  token: string,
  chatId: string,
  file: Blob,
  name: string,
  mime: string,
  baseUrl = '',
): Promise<UploadedMedia> => {
  let res: Response
  try {
    res = await fetch(`${baseUrl}/api/media?chat=${encodeURIComponent(chatId)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': mime || 'application/octet-stream',
        'x-file-name': encodeURIComponent(name),
      },
      body: file,
    })
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err))
  }
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    throw new ApiError(res.status, 'bad_response', `HTTP ${res.status}: not JSON`)
  }
  if (!res.ok) {
    const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown }
    throw new ApiError(
      res.status,
      typeof code === 'string' ? code : 'http_error',
      typeof message === 'string' ? message : `HTTP ${res.status}`,
    )
  }
  return body as UploadedMedia
}

/**
 * Deletes an upload taken off before it was sent (`DELETE /api/media/:id`). Best effort, and so it never throws:
 * a file left behind (offline, or the server refused) only takes disk space, and nobody sees it. `true` once gone.
 */
export const discardMedia = async (token: string, url: string, baseUrl = ''): Promise<boolean> => {
  try {
    const res = await fetch(baseUrl + url, {
      method: 'DELETE',
      credentials: 'same-origin',
      headers: { authorization: `Bearer ${token}` },
    })
    return res.ok
  } catch {
    return false
  }
}

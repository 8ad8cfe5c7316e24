/**
 * Files an operator attaches to an answer: which types may be uploaded, the message kind each makes [MED1], and
 * whether an image's first bytes are the image its type says [MED2]. The server checks uploads with these and the
 * app checks a picked file with the same list before it uploads anything.
 */

/** The kinds of message an uploaded file makes. */
export type UploadKind = 'image' | 'video' | 'audio' | 'document'

/**
 * [MED1] The types an operator may upload, each with the kind of message it makes. Pictures a messenger shows
 * inline (no SVG: it is a script container), common audio and video, and office documents, PDF, text and archives.
 */
export const UPLOAD_TYPES: Readonly<Record<string, UploadKind>> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
  'video/mp4': 'video',
  'video/webm': 'video',
  'video/quicktime': 'video',
  'audio/mpeg': 'audio',
  'audio/ogg': 'audio',
  'audio/mp4': 'audio',
  'audio/aac': 'audio',
  'audio/wav': 'audio',
  'audio/webm': 'audio',
  'application/pdf': 'document',
  'text/plain': 'document',
  'text/csv': 'document',
  'application/rtf': 'document',
  'application/zip': 'document',
  'application/msword': 'document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'document',
  'application/vnd.ms-excel': 'document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'document',
  'application/vnd.ms-powerpoint': 'document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'document',
  'application/vnd.oasis.opendocument.text': 'document',
  'application/vnd.oasis.opendocument.spreadsheet': 'document',
}

/** Browsers leave `File.type` empty for some extensions: the type by the name's extension, for those. */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  wav: 'audio/wav',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  rtf: 'application/rtf',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  rar: 'application/vnd.rar',
  '7z': 'application/x-7z-compressed',
  heic: 'image/heic',
}

/** A file type by its extension (`'pdf'`, any case), or `undefined` when the extension is not a known one. */
export const mimeOfExtension = (ext: string): string | undefined => BY_EXTENSION[ext.toLowerCase()]

/** `Image/PNG; charset=x` → `image/png`; the aliases some systems give (`audio/x-wav`) → the listed name. */
export const normalizeMime = (raw: string): string => {
  const mime = raw.split(';')[0]!.trim().toLowerCase()
  switch (mime) {
    case 'image/jpg':
    case 'image/pjpeg':
      return 'image/jpeg'
    case 'audio/x-wav':
    case 'audio/wave':
      return 'audio/wav'
    case 'audio/mp3':
      return 'audio/mpeg'
    case 'audio/x-m4a':
      return 'audio/mp4'
    case 'application/x-zip-compressed':
      return 'application/zip'
    default:
      return mime
  }
}

/** [MED1] The kind of message a file of this type makes, or `null` when it may not be uploaded. */
export const uploadKindOf = (mime: string): UploadKind | null => UPLOAD_TYPES[normalizeMime(mime)] ?? null

/** The file's type: what the browser says, else what its extension says, else `''`. */
export const mimeOfFile = (type: string, name: string): string => {
  if (type.trim() !== '') return normalizeMime(type)
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase()
  return (ext && BY_EXTENSION[ext]) ?? ''
}

const startsWith = (bytes: Uint8Array, at: number, expected: readonly number[]): boolean =>
  bytes.length >= at + expected.length && expected.every((b, i) => bytes[at + i] === b)

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0))

/**
 * [MED2] An image's first bytes match its declared type (JPEG, PNG, GIF, WebP), so a page or a script cannot be
 * stored as a picture. Other types are not sniffed: they are served with their type and `nosniff`.
 */
export const bytesMatchType = (mime: string, bytes: Uint8Array): boolean => {
  switch (normalizeMime(mime)) {
    case 'image/jpeg':
      return startsWith(bytes, 0, [0xff, 0xd8, 0xff])
    case 'image/png':
      return startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    case 'image/gif':
      return startsWith(bytes, 0, ascii('GIF87a')) || startsWith(bytes, 0, ascii('GIF89a'))
    case 'image/webp':
      return startsWith(bytes, 0, ascii('RIFF')) && startsWith(bytes, 8, ascii('WEBP'))
    default:
      return true
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/g

/** A file's name as we store and show it: no folders, no control characters, at most 255 characters. */
export const cleanFileName = (raw: string): string =>
  (raw.split(/[/\\]/).pop() ?? '').replace(CONTROL, '').trim().slice(0, 255)

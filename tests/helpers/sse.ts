/** Reads a server-sent event stream with fetch (headers allowed, unlike EventSource), for Node-side tests. */
export interface SseEvent {
  readonly event: string
  readonly data: unknown
}

export interface SseReader {
  readonly events: SseEvent[]
  readonly status: number
  close(): void
}

export const openSse = async (url: string, headers: Record<string, string> = {}): Promise<SseReader> => {
  const abort = new AbortController()
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal })
  const events: SseEvent[] = []
  if (res.ok && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
    void (async () => {
      let buffer = ''
      try {
        for (;;) {
          const { value, done } = await reader.read()
          if (done) return
          buffer += value
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            let event = 'message'
            const data: string[] = []
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) event = line.slice(6).trim()
              else if (line.startsWith('data:')) data.push(line.slice(5).trimStart())
            }
            if (data.length > 0) events.push({ event, data: JSON.parse(data.join('\n')) })
          }
        }
      } catch {
        // aborted
      }
    })()
  }
  return { events, status: res.status, close: () => abort.abort() }
}

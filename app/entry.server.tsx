import { Transform } from 'node:stream'
import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { NonceContext } from '~/components/nonce'

export const streamTimeout = 5_000

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext?.cspNonce === 'string' ? loadContext.cspNonce : undefined
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode
  return new Promise((resolve, reject) => {
    let shellRendered = false
    // The abort timer holds the whole render (React's request, the loader data) until it fires 6 s
    // later: at 40 pages a second, some 240 finished pages kept alive. It is cleared once all is rendered.
    const timer: { id?: ReturnType<typeof setTimeout> } = {}
    const done = () => clearTimeout(timer.id)
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady: waitForAll ? undefined : done,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          if (waitForAll) done()
          shellRendered = true
          // React 18.3 flushes its whole 2048-byte buffer even when a multi-byte character did not fit
          // at its end, leaving NUL bytes in the HTML (facebook/react#26228, fixed in React 19).
          const body = new Transform({
            transform(chunk: Buffer, _encoding, callback) {
              let end = chunk.length
              while (end > 0 && chunk[end - 1] === 0) end--
              callback(null, end === chunk.length ? chunk : chunk.subarray(0, end))
            },
          })
          const stream = createReadableStreamFromReadable(body)
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }))
          pipe(body)
        },
        onShellError(error: unknown) {
          done()
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) console.error(error)
        },
      },
    )
    timer.id = setTimeout(abort, streamTimeout + 1000)
  })
}

// The production HTTP server: Express + the Remix request handler, with compression, security
// headers (CSP with a per-request nonce), an Origin check on every non-GET request, and static
// files. `npm start` builds the app, then runs this through `cli serve`.
import crypto from 'node:crypto'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, { type NextFunction, type Request, type Response } from 'express'
import { originAllowed } from '../auth/origin'

export type ServeOptions = { port: number; host: string; buildPath?: string; quiet?: boolean }

export async function createApp(buildPath = path.resolve('build/index.js')) {
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild
  const app = express()
  app.disable('x-powered-by')
  if (process.env.TRUST_PROXY) app.set('trust proxy', process.env.TRUST_PROXY === 'true' ? true : process.env.TRUST_PROXY)
  app.use(compression())

  app.use((req: Request, res: Response, next: NextFunction) => {
    const nonce = crypto.randomBytes(16).toString('base64')
    res.locals.cspNonce = nonce
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    )
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'same-origin')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()')
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000')
    // The client address the app records in the audit log: from the socket (or trusted proxy), never from the client.
    req.headers['x-scb-client-ip'] = req.ip ?? req.socket.remoteAddress ?? ''
    next()
  })

  // Origin check on every state-changing request (CSRF defence in addition to SameSite=Lax).
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next()
    const host = req.get('host') ?? ''
    if (originAllowed({ origin: req.get('origin'), referer: req.get('referer'), host, protocol: req.protocol, authorization: req.get('authorization') })) {
      return next()
    }
    res.status(403).type('text/plain; charset=utf-8').send('Yêu cầu bị từ chối: nguồn gửi (Origin) không khớp với trang này.')
  })

  app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }))
  app.use(express.static('public', { maxAge: '1h' }))

  app.all(
    '*',
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV ?? 'production',
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
    }),
  )
  return app
}

export async function serve(options: ServeOptions) {
  const app = await createApp(options.buildPath)
  return new Promise<import('node:http').Server>((resolve) => {
    const server = app.listen(options.port, options.host, () => {
      if (!options.quiet) console.log(`Sổ chi bộ đang chạy tại http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${options.port}`)
      resolve(server)
    })
  })
}

// DB-backed sessions: the cookie holds a random token; the database holds its SHA-256 and the
// expiry. Cookies are HttpOnly, SameSite=Lax, and Secure whenever the request came over TLS.
import { createCookie, createCookieSessionStorage, redirect, type Cookie } from '@remix-run/node'
import type { Actor } from '~/domain/permissions'
import type { ActorContext } from '~/models/context'
import {
  actorForSession,
  cookieSecret,
  createSession,
  deleteSessionByToken,
  refreshSession,
  SESSION_DAYS,
} from '~/models/users.server'
import { getDb } from '~/utils/db.server'

let cookie: Cookie | undefined
function sessionCookie(): Cookie {
  cookie ??= createCookie('__session', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: SESSION_DAYS * 86_400,
    secrets: [cookieSecret(getDb())],
  })
  return cookie
}

let flash: ReturnType<typeof createCookieSessionStorage<Record<string, never>, { toast: Toast }>> | undefined
function flashStorage() {
  flash ??= createCookieSessionStorage<Record<string, never>, { toast: Toast }>({
    cookie: { name: '__flash', httpOnly: true, sameSite: 'lax', path: '/', secrets: [cookieSecret(getDb())] },
  })
  return flash
}

export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === 'https:'
}

/** The client address, set by the server from the socket (never trusted from the client). */
export function clientIp(request: Request): string | null {
  return request.headers.get('x-scb-client-ip')
}

type Resolved = { actor: Actor; sessionId: string; mustChangePassword: boolean; expiresAt: string } | null
const cache = new WeakMap<Request, Promise<Resolved>>()

async function resolve(request: Request): Promise<Resolved> {
  const token = await sessionCookie().parse(request.headers.get('Cookie'))
  if (typeof token !== 'string' || !token) return null
  const db = getDb()
  const found = actorForSession(db, token)
  if (found) refreshSession(db, found.sessionId, found.expiresAt)
  return found
}

export function getSession(request: Request): Promise<Resolved> {
  let p = cache.get(request)
  if (!p) {
    p = resolve(request)
    cache.set(request, p)
  }
  return p
}

export async function getActor(request: Request): Promise<Actor | null> {
  return (await getSession(request))?.actor ?? null
}

/** The logged-in user, or a redirect to /login that comes back here afterwards. */
export async function requireUser(request: Request): Promise<Actor> {
  const session = await getSession(request)
  const url = new URL(request.url)
  if (!session) {
    const back = `${url.pathname}${url.search}`
    throw redirect(`/login${back && back !== '/' ? `?redirectTo=${encodeURIComponent(back)}` : ''}`)
  }
  if (session.mustChangePassword && url.pathname !== '/account' && url.pathname !== '/logout') {
    throw redirect('/account?required=1')
  }
  return session.actor
}

/** requireUser plus the client address: what model mutations take. */
export async function requireContext(request: Request): Promise<ActorContext> {
  return { actor: await requireUser(request), ip: clientIp(request) }
}

export async function startSession(request: Request, userId: string, redirectTo: string) {
  const db = getDb()
  const { token } = createSession(db, userId, { ip: clientIp(request), userAgent: request.headers.get('User-Agent') })
  return redirect(safeRedirect(redirectTo), {
    headers: { 'Set-Cookie': await sessionCookie().serialize(token, { secure: isSecureRequest(request) }) },
  })
}

export async function endSession(request: Request) {
  const token = await sessionCookie().parse(request.headers.get('Cookie'))
  if (typeof token === 'string' && token) deleteSessionByToken(getDb(), token)
  return redirect('/login', {
    headers: { 'Set-Cookie': await sessionCookie().serialize('', { maxAge: 0, secure: isSecureRequest(request) }) },
  })
}

/** Only same-site relative paths; anything else goes home. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (!to || typeof to !== 'string') return fallback
  if (!to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
}

// --------------------------------------------------------------------------------------------
// Toasts: a one-time message shown after a redirect.
export type Toast = { title: string; description?: string; type?: 'success' | 'error' | 'info' }

export async function redirectWithToast(url: string, toast: Toast, init: ResponseInit = {}) {
  const storage = flashStorage()
  const session = await storage.getSession()
  session.flash('toast', toast)
  const headers = new Headers(init.headers)
  headers.append('Set-Cookie', await storage.commitSession(session))
  return redirect(url, { ...init, headers })
}

export async function popToast(request: Request): Promise<{ toast: Toast | null; setCookie: string | null }> {
  const cookieHeader = request.headers.get('Cookie')
  if (!cookieHeader?.includes('__flash')) return { toast: null, setCookie: null }
  const storage = flashStorage()
  const session = await storage.getSession(cookieHeader)
  const toast = (session.get('toast') as Toast | undefined) ?? null
  return { toast, setCookie: toast ? await storage.commitSession(session) : null }
}

// Authentication and responses of the JSON API (/api/v1/*). A request is authenticated either by a
// personal access token (`Authorization: Bearer scb_…`, app/models/api-tokens.server.ts) or by the
// browser session cookie. With an Authorization header the cookie is ignored, so a bad token is always
// a 401, never silently the browser's identity. Errors are JSON `{ "error": "…" }` in Vietnamese.
import type { Actor } from '~/domain/permissions'
import { parseYear } from '~/domain/compliance'
import { toZonedParts } from '~/domain/vn-date'
import { actorForApiToken } from '~/models/api-tokens.server'
import { AppError } from '~/models/context'
import { getDb } from '~/utils/db.server'
import { getSession } from './session.server'

export type ApiCaller = { actor: Actor; via: 'session' | 'token'; tokenId: string | null }

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }

export function apiJson(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers: { ...JSON_HEADERS, ...init.headers } })
}

export function apiError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return apiJson({ error: message }, { status, headers })
}

const UNAUTHORIZED_HEADERS = { 'WWW-Authenticate': 'Bearer realm="so-chi-bo"' }

/** The caller, or a thrown 401 JSON response. */
export async function authenticateApi(request: Request): Promise<ApiCaller> {
  const header = request.headers.get('Authorization')
  if (header !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match) throw apiError(401, 'Tiêu đề Authorization phải có dạng "Bearer <khóa truy cập>".', UNAUTHORIZED_HEADERS)
    const found = actorForApiToken(getDb(), match[1])
    if (!found) {
      throw apiError(401, 'Khóa truy cập không hợp lệ, đã bị thu hồi hoặc tài khoản đã bị khóa. Hãy tạo khóa mới ở trang Tài khoản → Khóa truy cập API.', UNAUTHORIZED_HEADERS)
    }
    return { actor: found.actor, via: 'token', tokenId: found.tokenId }
  }
  const session = await getSession(request)
  if (!session) {
    throw apiError(401, 'Chưa đăng nhập. Hãy gửi kèm tiêu đề "Authorization: Bearer <khóa truy cập>" hoặc đăng nhập trên trình duyệt.', UNAUTHORIZED_HEADERS)
  }
  if (session.mustChangePassword) throw apiError(403, 'Đồng chí cần đổi mật khẩu trên trình duyệt trước khi dùng API.')
  return { actor: session.actor, via: 'session', tokenId: null }
}

/** ?year=YYYY (default: the current Hà Nội year), or a thrown 400. */
export function apiYear(url: URL, now = new Date()): number {
  const year = parseYear(url.searchParams.get('year'), toZonedParts(now).year)
  if (year === null) throw apiError(400, 'Tham số year không hợp lệ: hãy dùng năm có 4 chữ số, từ 2000 đến 2100 (ví dụ year=2026).')
  return year
}

/** An id parameter (UUID-like), or a thrown 400 naming it. */
export function apiId(url: URL, name: string, required: boolean): string | null {
  const value = url.searchParams.get(name)?.trim() ?? ''
  if (!value) {
    if (required) throw apiError(400, `Thiếu tham số ${name}.`)
    return null
  }
  if (!/^[0-9A-Za-z-]{1,64}$/.test(value)) throw apiError(400, `Tham số ${name} không hợp lệ.`)
  return value
}

/**
 * Runs an API handler: thrown Responses pass through; model errors become JSON with their status
 * (422 → 400: the request was wrong); anything else is a 500 with a generic message.
 */
export async function handleApi(fn: () => Response | Promise<Response>): Promise<Response> {
  try {
    return await fn()
  } catch (error) {
    if (error instanceof Response) return error
    if (error instanceof AppError) return apiError(error.status === 422 ? 400 : error.status, error.message)
    console.error(error)
    return apiError(500, 'Máy chủ gặp sự cố ngoài ý muốn. Hãy thử lại sau ít phút.')
  }
}

// Small helpers for loaders and actions: permission checks, 4xx responses, AppError → form reply.
import { data } from '@remix-run/node'
import { can, type Actor, type Permission, type Scope } from '~/domain/permissions'
import { AppError } from '~/models/context'

export function invariantResponse(condition: unknown, message: string, init: { status: number } = { status: 400 }): asserts condition {
  if (!condition) throw new Response(message, { status: init.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

/** 404 when the actor may not see the scope at all; 403 when they may see it but not do this. */
export function requirePermission(actor: Actor, permission: Permission, scope: Scope): void {
  if (can(actor, permission, scope)) return
  const status = can(actor, 'org:read', scope) ? 403 : 404
  throw new Response(status === 404 ? 'Không tìm thấy' : 'Không có quyền', { status })
}

export type FormReply<T = Record<string, string>> = {
  ok: false
  formError?: string
  fieldErrors?: Record<string, string[]>
  values?: T
}

/** Turns a model AppError into a 4xx reply the form shows next to what the user typed. */
export function appErrorReply<T>(error: unknown, values?: T) {
  if (error instanceof AppError) {
    if (error.status === 404) throw new Response(error.message, { status: 404 })
    const reply: FormReply<T> = {
      ok: false,
      formError: error.field ? undefined : error.message,
      fieldErrors: error.field ? { [error.field]: [error.message] } : undefined,
      values,
    }
    return data(reply, { status: error.status })
  }
  throw error
}

/** Zod issues → { field: [messages] }. */
export function zodFieldErrors(issues: { path: PropertyKey[]; message: string }[]) {
  const out: Record<string, string[]> = {}
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || 'form'
    ;(out[key] ??= []).push(issue.message)
  }
  return out
}

export function formValues(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of formData.entries()) if (typeof v === 'string') out[k] = v
  return out
}

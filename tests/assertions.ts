// Test-only helpers shared by integration tests (kept apart from tests/factories.ts, which the demo
// seed also loads at run time and so must not import vitest).
import { expect } from 'vitest'
import type { Role } from '~/domain/constants'
import type { Actor } from '~/domain/permissions'
import { AppError } from '~/models/context'

/** Runs `fn` and expects a model AppError with this HTTP status; returns it for message checks. */
export function expectStatus(status: number, fn: () => unknown): AppError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).status).toBe(status)
    return error as AppError
  }
  throw new Error(`expected an AppError ${status}, but the call succeeded`)
}

/** An actor holding the given grants (no user row needed for model-level tests). */
export function actorOn(name: string, grants: [{ id: string; path: string }, Role][], memberId: string | null = null): Actor {
  return {
    userId: `user-${name}`,
    username: name,
    displayName: name,
    memberId,
    isSystemAdmin: false,
    grants: grants.map(([org, role]) => ({ orgId: org.id, orgPath: org.path, role })),
  }
}

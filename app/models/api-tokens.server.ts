// Personal access tokens for the JSON API (issue 7, item 6). A token acts with exactly its owner's
// grants, read fresh on every request (a revoked grant or a disabled account takes effect at once).
// The plain token ("scb_" + 43 base64url characters, 256 random bits) is shown once; the database
// keeps only its SHA-256.
import crypto from 'node:crypto'
import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import type { DB } from '../../db/client.server'
import { apiTokens, users } from '../../db/schema'
import type { Actor } from '~/domain/permissions'
import { cleanText } from '~/utils/text'
import { writeAudit } from './audit.server'
import { AppError, notFound, type ActorContext } from './context'
import { actorFromUser } from './users.server'

export const API_TOKEN_PREFIX = 'scb_'
export const MAX_ACTIVE_TOKENS = 20
export const TOKEN_NAME_MAX = 100
const TOKEN_RE = /^scb_[A-Za-z0-9_-]{43}$/
/** lastUsedAt is written at most this often per token (no write on every API call). */
const LAST_USED_RESOLUTION_MS = 60_000

export function hashApiToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

export function looksLikeApiToken(token: string): boolean {
  return TOKEN_RE.test(token)
}

/** Creates a token for the acting user; returns the plain token, which is never stored. */
export function createApiToken(db: DB, ctx: ActorContext, input: { name: string }): { id: string; name: string; token: string } {
  const name = cleanText(input.name ?? '')
  if (!name) throw new AppError(422, 'Hãy đặt tên cho khóa, ví dụ "Hệ thống báo cáo của Văn phòng Đảng ủy".', 'name')
  if (name.length > TOKEN_NAME_MAX) throw new AppError(422, `Tên khóa dài tối đa ${TOKEN_NAME_MAX} ký tự.`, 'name')
  const token = `${API_TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`
  return db.transaction((tx) => {
    const active =
      tx
        .select({ n: sql<number>`count(*)` })
        .from(apiTokens)
        .where(and(eq(apiTokens.userId, ctx.actor.userId), isNull(apiTokens.revokedAt)))
        .get()?.n ?? 0
    if (active >= MAX_ACTIVE_TOKENS) {
      throw new AppError(422, `Đồng chí đã có ${MAX_ACTIVE_TOKENS} khóa đang dùng. Hãy thu hồi khóa không còn dùng rồi tạo khóa mới.`)
    }
    const row = tx.insert(apiTokens).values({ userId: ctx.actor.userId, name, tokenHash: hashApiToken(token) }).returning().get()
    writeAudit(tx, ctx, {
      action: 'api_token.create',
      entityType: 'user',
      entityId: ctx.actor.userId,
      summary: `Tạo khóa truy cập API "${name}"`,
      details: { tokenId: row.id },
    })
    return { id: row.id, name: row.name, token }
  })
}

/** The acting user's tokens, newest first (never the hash). */
export function listApiTokens(db: DB, actor: Actor) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, actor.userId))
    .orderBy(desc(apiTokens.createdAt))
    .all()
}

/** Revokes one of the acting user's own tokens (404 for anybody else's). Revoking twice is harmless. */
export function revokeApiToken(db: DB, ctx: ActorContext, tokenId: string) {
  db.transaction((tx) => {
    const row = tx
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, ctx.actor.userId)))
      .get()
    if (!row) throw notFound('Không tìm thấy khóa này.')
    if (row.revokedAt) return
    tx.update(apiTokens).set({ revokedAt: new Date().toISOString() }).where(eq(apiTokens.id, tokenId)).run()
    writeAudit(tx, ctx, {
      action: 'api_token.revoke',
      entityType: 'user',
      entityId: ctx.actor.userId,
      summary: `Thu hồi khóa truy cập API "${row.name}"`,
      details: { tokenId },
    })
  })
}

/**
 * The actor behind a bearer token, or null when the token is malformed, unknown, revoked, or its
 * owner is disabled. Records when the token was last used (at most once a minute).
 */
export function actorForApiToken(db: DB, token: string, now = new Date()): { actor: Actor; tokenId: string } | null {
  if (!looksLikeApiToken(token)) return null
  const row = db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(apiTokens.userId, users.id))
    .where(and(eq(apiTokens.tokenHash, hashApiToken(token)), isNull(apiTokens.revokedAt), isNull(users.disabledAt)))
    .get()
  if (!row) return null
  const last = row.token.lastUsedAt ? Date.parse(row.token.lastUsedAt) : 0
  if (now.getTime() - last >= LAST_USED_RESOLUTION_MS) {
    db.update(apiTokens).set({ lastUsedAt: now.toISOString() }).where(eq(apiTokens.id, row.token.id)).run()
  }
  return { actor: actorFromUser(db, row.user), tokenId: row.token.id }
}

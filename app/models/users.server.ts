// Users, role grants, sessions and login throttling.
import crypto from 'node:crypto'
import { and, asc, eq, gt, inArray, isNull, like, lt, or, sql } from 'drizzle-orm'
import { preparedPer, type DB, type Executor } from '../../db/client.server'
import { appSettings, loginThrottle, members, organizations, roleGrants, sessions, users } from '../../db/schema'
import { ROLE_LABELS, type Role } from '~/domain/constants'
import { can, pathFilter, type Actor, type Grant } from '~/domain/permissions'
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from '~/auth/password.server'
import { cleanText, foldVietnamese } from '~/utils/text'
import { writeAudit } from './audit.server'
import { AppError, conflict, notFound, type ActorContext } from './context'
import { getOrganization } from './organizations.server'

export type User = typeof users.$inferSelect

export const SESSION_DAYS = 14
const THROTTLE_WINDOW_MS = 15 * 60_000
const LOCK_MS = 15 * 60_000
export const MAX_FAILURES_PER_USER = 5
export const MAX_FAILURES_PER_IP = 20

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase()
}

function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

// --------------------------------------------------------------------------------------------
// Actor loading

const grantsQuery = preparedPer((db: Executor) =>
  db
    .select({ orgId: roleGrants.orgId, orgPath: organizations.path, role: roleGrants.role })
    .from(roleGrants)
    .innerJoin(organizations, eq(roleGrants.orgId, organizations.id))
    .where(eq(roleGrants.userId, sql.placeholder('userId')))
    .prepare(),
)

export function grantsOf(db: Executor, userId: string): Grant[] {
  return grantsQuery(db).all({ userId })
}

export function actorFromUser(db: Executor, user: User): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    memberId: user.memberId,
    isSystemAdmin: user.isSystemAdmin,
    grants: grantsOf(db, user.id),
  }
}

/** The actor behind a session token, or null when the session is unknown, expired or the user disabled. */
const sessionQuery = preparedPer((db: DB) =>
  db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(and(eq(sessions.id, sql.placeholder('id')), gt(sessions.expiresAt, sql.placeholder('now')), isNull(users.disabledAt)))
    .prepare(),
)

export function actorForSession(db: DB, token: string, now = new Date()): { actor: Actor; sessionId: string; mustChangePassword: boolean; expiresAt: string } | null {
  const row = sessionQuery(db).get({ id: hashToken(token), now: now.toISOString() })
  if (!row) return null
  return {
    actor: actorFromUser(db, row.user),
    sessionId: row.session.id,
    mustChangePassword: row.user.mustChangePassword,
    expiresAt: row.session.expiresAt,
  }
}

export function createSession(db: DB, userId: string, meta: { ip: string | null; userAgent: string | null }) {
  const token = crypto.randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000).toISOString()
  db.insert(sessions)
    .values({ id: hashToken(token), userId, expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) ?? null })
    .run()
  return { token, expiresAt }
}

/** Slides a session's expiry forward when less than half of it remains. */
export function refreshSession(db: DB, sessionId: string, expiresAt: string) {
  const remaining = Date.parse(expiresAt) - Date.now()
  if (remaining > (SESSION_DAYS * 86_400_000) / 2) return
  db.update(sessions)
    .set({ expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000).toISOString() })
    .where(eq(sessions.id, sessionId))
    .run()
}

export function deleteSessionByToken(db: DB, token: string) {
  db.delete(sessions).where(eq(sessions.id, hashToken(token))).run()
}

export function purgeExpiredSessions(db: DB) {
  db.delete(sessions).where(lt(sessions.expiresAt, new Date().toISOString())).run()
}

// --------------------------------------------------------------------------------------------
// Login with throttling per username and per IP

type ThrottleState = { lockedUntil: number | null }

function throttleState(db: Executor, key: string, now: number): ThrottleState {
  const row = db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get()
  if (!row?.lockedUntil) return { lockedUntil: null }
  const until = Date.parse(row.lockedUntil)
  return { lockedUntil: until > now ? until : null }
}

function recordFailure(db: Executor, key: string, max: number, now: number) {
  const row = db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get()
  const windowStart = row ? Date.parse(row.windowStartedAt) : now
  const fresh = !row || now - windowStart > THROTTLE_WINDOW_MS
  const failures = fresh ? 1 : row.failures + 1
  const lockedUntil = failures >= max ? new Date(now + LOCK_MS).toISOString() : null
  db.insert(loginThrottle)
    .values({ key, failures, windowStartedAt: new Date(fresh ? now : windowStart).toISOString(), lockedUntil })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: { failures, windowStartedAt: new Date(fresh ? now : windowStart).toISOString(), lockedUntil },
    })
    .run()
}

export type LoginResult =
  | { ok: true; user: User }
  | { ok: false; error: string; status: 400 | 429 }

function lockMessage(until: number, now: number) {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000))
  return `Đăng nhập sai quá nhiều lần. Vì an toàn, tài khoản tạm khóa đăng nhập; đồng chí vui lòng thử lại sau ${minutes} phút.`
}

export async function login(db: DB, input: { username: string; password: string; ip: string | null }): Promise<LoginResult> {
  const username = normalizeUsername(input.username)
  const now = Date.now()
  const userKey = `u:${username}`
  const ipKey = `ip:${input.ip ?? 'unknown'}`
  for (const key of [userKey, ipKey]) {
    const state = throttleState(db, key, now)
    if (state.lockedUntil) return { ok: false, status: 429, error: lockMessage(state.lockedUntil, now) }
  }
  const user = db.select().from(users).where(eq(users.username, username)).get()
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash()))
  if (!user || !valid || user.disabledAt) {
    db.transaction((tx) => {
      recordFailure(tx, userKey, MAX_FAILURES_PER_USER, now)
      recordFailure(tx, ipKey, MAX_FAILURES_PER_IP, now)
    })
    if (user && valid && user.disabledAt) {
      return { ok: false, status: 400, error: 'Tài khoản này đã bị khóa. Đồng chí hãy liên hệ quản trị viên.' }
    }
    return { ok: false, status: 400, error: 'Tên đăng nhập hoặc mật khẩu không đúng.' }
  }
  db.delete(loginThrottle).where(eq(loginThrottle.key, userKey)).run()
  return { ok: true, user }
}

/** Re-authentication (e.g. before signing): checks the password of the acting user, throttled like login. */
export async function confirmPassword(db: DB, actor: Actor, password: string, ip: string | null): Promise<boolean> {
  const result = await login(db, { username: actor.username, password, ip })
  if (!result.ok && result.status === 429) throw new AppError(429, result.error)
  return result.ok && result.user.id === actor.userId
}

// --------------------------------------------------------------------------------------------
// Account management

export async function changeOwnPassword(
  db: DB,
  ctx: ActorContext,
  input: { currentPassword: string; newPassword: string },
) {
  const user = db.select().from(users).where(eq(users.id, ctx.actor.userId)).get()
  if (!user) throw notFound()
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new AppError(422, 'Mật khẩu hiện tại không đúng.', 'currentPassword')
  }
  const problem = passwordProblem(input.newPassword)
  if (problem) throw new AppError(422, problem, 'newPassword')
  if (input.newPassword === input.currentPassword) {
    throw new AppError(422, 'Mật khẩu mới phải khác mật khẩu hiện tại.', 'newPassword')
  }
  const hash = await hashPassword(input.newPassword)
  db.transaction((tx) => {
    tx.update(users)
      .set({ passwordHash: hash, mustChangePassword: false, passwordChangedAt: new Date().toISOString(), version: sql`${users.version} + 1` })
      .where(eq(users.id, user.id))
      .run()
    writeAudit(tx, ctx, { action: 'user.password.change', entityType: 'user', entityId: user.id, summary: 'Đổi mật khẩu của chính mình' })
  })
}

export type NewUserInput = {
  username: string
  displayName: string
  password: string
  memberId?: string | null
  isSystemAdmin?: boolean
  grants?: { orgId: string; role: Role }[]
  mustChangePassword?: boolean
}

const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{2,39}$/

export async function createUser(db: DB, ctx: ActorContext | null, input: NewUserInput): Promise<User> {
  const username = normalizeUsername(input.username)
  if (!USERNAME_RE.test(username)) {
    throw new AppError(422, 'Tên đăng nhập gồm 3–40 ký tự: chữ không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang.', 'username')
  }
  const problem = passwordProblem(input.password)
  if (problem) throw new AppError(422, problem, 'password')
  const hash = await hashPassword(input.password)
  return db.transaction((tx) => {
    if (ctx && !ctx.actor.isSystemAdmin) {
      if (input.isSystemAdmin) throw new AppError(403, 'Chỉ quản trị hệ thống mới tạo được quản trị hệ thống.')
      const grants = input.grants ?? []
      if (grants.length === 0) throw new AppError(422, 'Hãy giao ít nhất một vai trò trong phạm vi đồng chí quản lý.', 'orgId')
      for (const g of grants) getOrganization(tx, ctx.actor, g.orgId, 'user:manage')
    }
    if (input.memberId) {
      const member = tx.select({ id: members.id, cellId: members.cellId, path: organizations.path }).from(members).innerJoin(organizations, eq(members.cellId, organizations.id)).where(eq(members.id, input.memberId)).get()
      if (!member || (ctx && !can(ctx.actor, 'user:manage', { orgPath: member.path }))) {
        throw new AppError(422, 'Không tìm thấy đảng viên này trong phạm vi đồng chí quản lý.', 'memberId')
      }
      const linked = tx.select({ username: users.username }).from(users).where(eq(users.memberId, input.memberId)).get()
      if (linked) throw new AppError(422, `Đảng viên này đã có tài khoản "${linked.username}".`, 'memberId')
    }
    if (tx.select({ id: users.id }).from(users).where(eq(users.username, username)).get()) {
      throw new AppError(422, `Tên đăng nhập "${username}" đã có người dùng.`, 'username')
    }
    const user = tx
      .insert(users)
      .values({
        username,
        displayName: cleanText(input.displayName),
        searchName: foldVietnamese(input.displayName),
        passwordHash: hash,
        memberId: input.memberId ?? null,
        isSystemAdmin: input.isSystemAdmin ?? false,
        mustChangePassword: input.mustChangePassword ?? false,
      })
      .returning()
      .get()
    for (const g of input.grants ?? []) {
      tx.insert(roleGrants).values({ userId: user.id, orgId: g.orgId, role: g.role }).run()
    }
    const firstOrg = input.grants?.[0] ? tx.select({ path: organizations.path }).from(organizations).where(eq(organizations.id, input.grants[0].orgId)).get() : undefined
    writeAudit(tx, ctx, {
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      orgPath: firstOrg?.path ?? null,
      summary: `Tạo tài khoản ${username}${input.isSystemAdmin ? ' (quản trị hệ thống)' : ''}`,
      details: { grants: input.grants ?? [] },
    })
    return user
  })
}

/** A user the actor may manage: system admins manage all; org admins manage users holding a grant in their subtree. */
export function getManagedUser(db: Executor, actor: Actor, userId: string) {
  const user = db.select().from(users).where(eq(users.id, userId)).get()
  if (!user) throw notFound('Không tìm thấy tài khoản này.')
  if (actor.isSystemAdmin) return user
  const grants = grantsOf(db, userId)
  if (user.isSystemAdmin || grants.length === 0 || !grants.every((g) => can(actor, 'user:manage', { orgPath: g.orgPath }))) {
    throw notFound('Không tìm thấy tài khoản này.')
  }
  return user
}

export function listUsers(db: DB, actor: Actor, opts: { q?: string; page?: number; pageSize?: number } = {}) {
  const filter = pathFilter(actor, 'user:manage')
  const pageSize = opts.pageSize ?? 50
  const page = Math.max(1, opts.page ?? 1)
  const q = opts.q?.trim().toLowerCase()
  const scoped = filter.all
    ? sql`1`
    : sql`${users.id} IN (SELECT g.user_id FROM role_grants g JOIN organizations o ON o.id = g.org_id WHERE ${
        filter.subtree.length ? sql.join(filter.subtree.map((p) => sql`o.path LIKE ${p + '%'}`), sql` OR `) : sql`0`
      })`
  const folded = q ? foldVietnamese(q) : ''
  const where = and(scoped, q ? or(like(users.username, `%${q}%`), like(users.searchName, `%${folded}%`)) : undefined)
  const rows = db.select().from(users).where(where).orderBy(asc(users.username)).limit(pageSize).offset((page - 1) * pageSize).all()
  const total = db.select({ n: sql<number>`count(*)` }).from(users).where(where).get()?.n ?? 0
  const grantRows = rows.length
    ? db
        .select({ userId: roleGrants.userId, id: roleGrants.id, role: roleGrants.role, orgId: roleGrants.orgId, orgName: organizations.name })
        .from(roleGrants)
        .innerJoin(organizations, eq(roleGrants.orgId, organizations.id))
        .where(inArray(roleGrants.userId, rows.map((r) => r.id)))
        .all()
    : []
  return {
    total,
    page,
    pageSize,
    users: rows.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      isSystemAdmin: u.isSystemAdmin,
      disabledAt: u.disabledAt,
      memberId: u.memberId,
      grants: grantRows.filter((g) => g.userId === u.id),
    })),
  }
}

export function userDetail(db: DB, actor: Actor, userId: string) {
  const user = getManagedUser(db, actor, userId)
  const grants = db
    .select({ id: roleGrants.id, role: roleGrants.role, orgId: roleGrants.orgId, orgName: organizations.name, orgPath: organizations.path })
    .from(roleGrants)
    .innerJoin(organizations, eq(roleGrants.orgId, organizations.id))
    .where(eq(roleGrants.userId, userId))
    .all()
  const member = user.memberId
    ? db.select({ id: members.id, fullName: members.fullName, cellId: members.cellId }).from(members).where(eq(members.id, user.memberId)).get()
    : undefined
  return { user, grants, member }
}

export function setUserDisabled(db: DB, ctx: ActorContext, userId: string, disabled: boolean, version: number) {
  return db.transaction((tx) => {
    const user = getManagedUser(tx, ctx.actor, userId)
    if (user.id === ctx.actor.userId) throw new AppError(422, 'Đồng chí không thể tự khóa tài khoản của mình.')
    const row = tx
      .update(users)
      .set({ disabledAt: disabled ? new Date().toISOString() : null, version: sql`${users.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(users.id, userId), eq(users.version, version)))
      .returning()
      .get()
    if (!row) throw conflict()
    if (disabled) tx.delete(sessions).where(eq(sessions.userId, userId)).run()
    writeAudit(tx, ctx, {
      action: disabled ? 'user.disable' : 'user.enable',
      entityType: 'user',
      entityId: userId,
      summary: `${disabled ? 'Khóa' : 'Mở khóa'} tài khoản ${user.username}`,
    })
    return row
  })
}

export async function resetUserPassword(db: DB, ctx: ActorContext, userId: string, newPassword: string) {
  const problem = passwordProblem(newPassword)
  if (problem) throw new AppError(422, problem, 'password')
  const hash = await hashPassword(newPassword)
  db.transaction((tx) => {
    const user = getManagedUser(tx, ctx.actor, userId)
    tx.update(users)
      .set({ passwordHash: hash, mustChangePassword: true, version: sql`${users.version} + 1`, updatedAt: new Date().toISOString() })
      .where(eq(users.id, userId))
      .run()
    tx.delete(sessions).where(eq(sessions.userId, userId)).run()
    tx.delete(loginThrottle).where(eq(loginThrottle.key, `u:${user.username}`)).run()
    writeAudit(tx, ctx, {
      action: 'user.password.reset',
      entityType: 'user',
      entityId: userId,
      summary: `Đặt lại mật khẩu cho ${user.username} (phải đổi ở lần đăng nhập sau)`,
    })
  })
}

export function addGrant(db: DB, ctx: ActorContext, userId: string, orgId: string, role: Role) {
  db.transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.id, userId)).get()
    if (!user) throw notFound('Không tìm thấy tài khoản này.')
    const org = getOrganization(tx, ctx.actor, orgId, 'user:manage')
    // An organisation admin may only grant roles to accounts wholly inside their scope (or accounts
    // that hold no role at all); never to a system admin, whose password they could then reset.
    if (
      !ctx.actor.isSystemAdmin &&
      (user.isSystemAdmin || grantsOf(tx, userId).some((g) => !can(ctx.actor, 'user:manage', { orgPath: g.orgPath })))
    ) {
      throw notFound('Không tìm thấy tài khoản này.')
    }
    const exists = tx
      .select({ id: roleGrants.id })
      .from(roleGrants)
      .where(and(eq(roleGrants.userId, userId), eq(roleGrants.orgId, orgId), eq(roleGrants.role, role)))
      .get()
    if (exists) throw new AppError(422, `Tài khoản đã có vai trò ${ROLE_LABELS[role]} tại ${org.name}.`)
    tx.insert(roleGrants).values({ userId, orgId, role }).run()
    writeAudit(tx, ctx, {
      action: 'grant.add',
      entityType: 'user',
      entityId: userId,
      orgPath: org.path,
      summary: `Giao vai trò ${ROLE_LABELS[role]} tại ${org.name} cho ${user.username}`,
    })
  })
}

export function removeGrant(db: DB, ctx: ActorContext, userId: string, grantId: string) {
  db.transaction((tx) => {
    const user = getManagedUser(tx, ctx.actor, userId)
    const grant = tx
      .select({ id: roleGrants.id, role: roleGrants.role, orgId: roleGrants.orgId, orgName: organizations.name, orgPath: organizations.path })
      .from(roleGrants)
      .innerJoin(organizations, eq(roleGrants.orgId, organizations.id))
      .where(and(eq(roleGrants.id, grantId), eq(roleGrants.userId, userId)))
      .get()
    if (!grant) throw notFound()
    if (!can(ctx.actor, 'user:manage', { orgPath: grant.orgPath })) throw notFound()
    if (userId === ctx.actor.userId && grant.role === 'admin' && !ctx.actor.isSystemAdmin) {
      throw new AppError(422, 'Đồng chí không thể tự thu hồi quyền quản trị của mình; hãy nhờ quản trị cấp trên.')
    }
    tx.delete(roleGrants).where(eq(roleGrants.id, grantId)).run()
    writeAudit(tx, ctx, {
      action: 'grant.remove',
      entityType: 'user',
      entityId: userId,
      orgPath: grant.orgPath,
      summary: `Thu hồi vai trò ${ROLE_LABELS[grant.role]} tại ${grant.orgName} của ${user.username}`,
    })
  })
}

// --------------------------------------------------------------------------------------------
// Instance secret for signing cookies (generated once, stored in the database).
export function cookieSecret(db: DB): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET
  const row = db.select().from(appSettings).where(eq(appSettings.key, 'cookie_secret')).get()
  if (row) return row.value
  const value = crypto.randomBytes(32).toString('base64url')
  db.insert(appSettings).values({ key: 'cookie_secret', value }).onConflictDoNothing().run()
  return db.select().from(appSettings).where(eq(appSettings.key, 'cookie_secret')).get()!.value
}

export function userCount(db: DB): number {
  return db.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0
}

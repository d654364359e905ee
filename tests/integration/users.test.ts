import { and, asc, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { auditLog, sessions, users } from '../../db/schema'
import { AppError, type ActorContext } from '~/models/context'
import {
  MAX_FAILURES_PER_IP,
  MAX_FAILURES_PER_USER,
  actorForSession,
  actorFromUser,
  addGrant,
  changeOwnPassword,
  createSession,
  createUser,
  getManagedUser,
  login,
  removeGrant,
  resetUserPassword,
  setUserDisabled,
  userDetail,
} from '~/models/users.server'
import { createTestDb } from '../db'
import { createOrg, createUserWithGrants, systemCtx } from '../factories'

type TestDb = ReturnType<typeof createTestDb>
let db: TestDb
beforeEach(() => {
  db = createTestDb()
})
afterEach(() => db.cleanup())

const WRONG = 'Tên đăng nhập hoặc mật khẩu không đúng.'
const IP = '203.0.113.7'

/** Đảng bộ phường → (Đảng bộ trường → Chi bộ Tổ Toán), (Đảng bộ bệnh viện → Chi bộ Khoa Nội). */
function tree() {
  const upper = createOrg(db, { name: 'Đảng bộ phường Ba Đình', kind: 'upper' })
  const school = createOrg(db, { name: 'Đảng bộ Trường THPT Phan Đình Phùng', kind: 'grassroots', parentId: upper.id })
  const math = createOrg(db, { name: 'Chi bộ Tổ Toán – Tin', kind: 'cell_sub', parentId: school.id })
  const hospital = createOrg(db, { name: 'Đảng bộ Bệnh viện đa khoa Ba Đình', kind: 'grassroots', parentId: upper.id })
  const internal = createOrg(db, { name: 'Chi bộ Khoa Nội', kind: 'cell_sub', parentId: hospital.id })
  return { upper, school, math, hospital, internal }
}

async function catchError(fn: () => unknown): Promise<AppError> {
  try {
    await fn()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected an AppError')
}

function ctxOf(actor: ActorContext['actor']): ActorContext {
  return { actor, ip: IP }
}

function sessionCount(userId: string) {
  return db.select().from(sessions).where(eq(sessions.userId, userId)).all().length
}

describe('login', () => {
  test('the right password logs in; wrong password and unknown user get the same message', async () => {
    const { math } = tree()
    await createUserWithGrants(db, { username: 'bithu', displayName: 'Nguyễn Văn Hùng', password: 'dung-mat-khau', grants: [{ orgId: math.id, role: 'secretary' }] })

    const ok = await login(db, { username: '  BiThu ', password: 'dung-mat-khau', ip: IP })
    expect(ok.ok && ok.user.username).toBe('bithu')

    const wrong = await login(db, { username: 'bithu', password: 'sai-mat-khau', ip: IP })
    const unknown = await login(db, { username: 'khongco', password: 'dung-mat-khau', ip: IP })
    expect(wrong).toEqual({ ok: false, status: 400, error: WRONG })
    expect(unknown).toEqual({ ok: false, status: 400, error: WRONG })
  })

  test(`after ${MAX_FAILURES_PER_USER} failures even the right password is refused with 429`, async () => {
    await createUserWithGrants(db, { username: 'dangvien', displayName: 'Phạm Thị Hoa', password: 'dung-mat-khau' })
    for (let i = 0; i < MAX_FAILURES_PER_USER; i++) {
      const r = await login(db, { username: 'dangvien', password: `sai-${i}`, ip: `10.0.0.${i}` })
      expect(r.ok).toBe(false)
    }
    const locked = await login(db, { username: 'dangvien', password: 'dung-mat-khau', ip: '10.0.1.1' })
    expect(locked.ok).toBe(false)
    if (locked.ok) return
    expect(locked.status).toBe(429)
    expect(locked.error).toMatch(/^Đăng nhập sai quá nhiều lần\..*thử lại sau \d+ phút\.$/)
  })

  test('the per-user lock does not lock other users', async () => {
    await createUserWithGrants(db, { username: 'dangvien', displayName: 'Phạm Thị Hoa', password: 'dung-mat-khau' })
    await createUserWithGrants(db, { username: 'dangvien2', displayName: 'Vũ Thị Mai', password: 'dung-mat-khau' })
    for (let i = 0; i < MAX_FAILURES_PER_USER; i++) await login(db, { username: 'dangvien', password: 'sai', ip: `10.0.0.${i}` })
    expect((await login(db, { username: 'dangvien2', password: 'dung-mat-khau', ip: '10.0.0.1' })).ok).toBe(true)
  })

  test(`after ${MAX_FAILURES_PER_IP} failures from one address on different usernames, that address is refused`, async () => {
    await createUserWithGrants(db, { username: 'bithu', displayName: 'Nguyễn Văn Hùng', password: 'dung-mat-khau' })
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
      const r = await login(db, { username: `doan-mo-${i}`, password: 'sai', ip: IP })
      expect(r.ok).toBe(false)
    }
    const fromSameIp = await login(db, { username: 'bithu', password: 'dung-mat-khau', ip: IP })
    expect(fromSameIp.ok).toBe(false)
    if (!fromSameIp.ok) {
      expect(fromSameIp.status).toBe(429)
      expect(fromSameIp.error).toContain('thử lại sau')
    }
    expect((await login(db, { username: 'bithu', password: 'dung-mat-khau', ip: '198.51.100.1' })).ok).toBe(true)
  })

  test('a disabled user cannot log in, and their open sessions end', async () => {
    const { school, math } = tree()
    const { actor: admin } = await createUserWithGrants(db, { username: 'quantri', displayName: 'Đinh Công Bình', grants: [{ orgId: school.id, role: 'admin' }] })
    const { user } = await createUserWithGrants(db, { username: 'dangvien', displayName: 'Phạm Thị Hoa', password: 'dung-mat-khau', grants: [{ orgId: math.id, role: 'member' }] })
    const { token } = createSession(db, user.id, { ip: IP, userAgent: 'Firefox' })
    expect(actorForSession(db, token)).not.toBeNull()

    setUserDisabled(db, ctxOf(admin), user.id, true, user.version)

    expect(actorForSession(db, token)).toBeNull()
    expect(sessionCount(user.id)).toBe(0)
    const r = await login(db, { username: 'dangvien', password: 'dung-mat-khau', ip: IP })
    expect(r).toEqual({ ok: false, status: 400, error: 'Tài khoản này đã bị khóa. Đồng chí hãy liên hệ quản trị viên.' })

    // Re-enabled with the new version: logs in again. A stale version is a conflict.
    const stale = await catchError(() => setUserDisabled(db, ctxOf(admin), user.id, false, user.version))
    expect(stale.status).toBe(409)
    setUserDisabled(db, ctxOf(admin), user.id, false, user.version + 1)
    expect((await login(db, { username: 'dangvien', password: 'dung-mat-khau', ip: IP })).ok).toBe(true)
  })

  test('an admin cannot disable their own account', async () => {
    const { school } = tree()
    const { user, actor } = await createUserWithGrants(db, { username: 'quantri', displayName: 'Đinh Công Bình', grants: [{ orgId: school.id, role: 'admin' }] })
    const error = await catchError(() => setUserDisabled(db, ctxOf(actor), user.id, true, user.version))
    expect(error.status).toBe(422)
    expect(error.message).toContain('không thể tự khóa')
  })
})

describe('passwords', () => {
  test('a reset sets a temporary password that must be changed, and ends open sessions', async () => {
    const { school, math } = tree()
    const { actor: admin } = await createUserWithGrants(db, { username: 'quantri', displayName: 'Đinh Công Bình', grants: [{ orgId: school.id, role: 'admin' }] })
    const { user } = await createUserWithGrants(db, { username: 'dangvien', displayName: 'Phạm Thị Hoa', password: 'mat-khau-cu', grants: [{ orgId: math.id, role: 'member' }] })
    const { token } = createSession(db, user.id, { ip: IP, userAgent: null })

    await resetUserPassword(db, ctxOf(admin), user.id, 'tam-thoi-123')

    expect(actorForSession(db, token)).toBeNull()
    expect(sessionCount(user.id)).toBe(0)
    expect((await login(db, { username: 'dangvien', password: 'mat-khau-cu', ip: IP })).ok).toBe(false)
    const r = await login(db, { username: 'dangvien', password: 'tam-thoi-123', ip: IP })
    expect(r.ok && r.user.mustChangePassword).toBe(true)
    const fresh = createSession(db, user.id, { ip: IP, userAgent: null })
    expect(actorForSession(db, fresh.token)?.mustChangePassword).toBe(true)
  })

  test('a reset also lifts the login lock of that user', async () => {
    const { school, math } = tree()
    const { actor: admin } = await createUserWithGrants(db, { username: 'quantri', displayName: 'Đinh Công Bình', grants: [{ orgId: school.id, role: 'admin' }] })
    const { user } = await createUserWithGrants(db, { username: 'dangvien', displayName: 'Phạm Thị Hoa', grants: [{ orgId: math.id, role: 'member' }] })
    for (let i = 0; i < MAX_FAILURES_PER_USER; i++) await login(db, { username: 'dangvien', password: 'sai', ip: `10.0.0.${i}` })
    await resetUserPassword(db, ctxOf(admin), user.id, 'tam-thoi-123')
    expect((await login(db, { username: 'dangvien', password: 'tam-thoi-123', ip: '10.0.9.9' })).ok).toBe(true)
  })

  test('a reset password shorter than 8 characters is refused on the password field', async () => {
    const { school, math } = tree()
    const { actor: admin } = await createUserWithGrants(db, { username: 'quantri', displayName: 'Đinh Công Bình', grants: [{ orgId: school.id, role: 'admin' }] })
    const { user } = await createUserWithGrants(db, { username: 'dangvien', displayName: 'Phạm Thị Hoa', grants: [{ orgId: math.id, role: 'member' }] })
    const error = await catchError(() => resetUserPassword(db, ctxOf(admin), user.id, 'ngan'))
    expect([error.status, error.field]).toEqual([422, 'password'])
  })

  test('changing one’s own password needs the current one, and clears "must change"', async () => {
    const { math } = tree()
    const { user, actor } = await createUserWithGrants(db, { username: 'dangvien', displayName: 'Phạm Thị Hoa', password: 'mat-khau-cu', grants: [{ orgId: math.id, role: 'member' }] })
    db.update(users).set({ mustChangePassword: true }).where(eq(users.id, user.id)).run()

    const wrong = await catchError(() => changeOwnPassword(db, ctxOf(actor), { currentPassword: 'doan-bua', newPassword: 'mat-khau-moi' }))
    expect([wrong.status, wrong.field, wrong.message]).toEqual([422, 'currentPassword', 'Mật khẩu hiện tại không đúng.'])
    const same = await catchError(() => changeOwnPassword(db, ctxOf(actor), { currentPassword: 'mat-khau-cu', newPassword: 'mat-khau-cu' }))
    expect(same.field).toBe('newPassword')
    const short = await catchError(() => changeOwnPassword(db, ctxOf(actor), { currentPassword: 'mat-khau-cu', newPassword: 'ngan' }))
    expect(short.field).toBe('newPassword')

    await changeOwnPassword(db, ctxOf(actor), { currentPassword: 'mat-khau-cu', newPassword: 'mat-khau-moi' })
    const r = await login(db, { username: 'dangvien', password: 'mat-khau-moi', ip: IP })
    expect(r.ok && r.user.mustChangePassword).toBe(false)
    expect((await login(db, { username: 'dangvien', password: 'mat-khau-cu', ip: IP })).ok).toBe(false)
  })
})

describe('sessions', () => {
  test('a session finds its actor with grants and organisation paths', async () => {
    const { math, hospital } = tree()
    const { user } = await createUserWithGrants(db, {
      username: 'bithu',
      displayName: 'Nguyễn Văn Hùng',
      grants: [
        { orgId: math.id, role: 'secretary' },
        { orgId: hospital.id, role: 'inspector' },
      ],
    })
    const { token, expiresAt } = createSession(db, user.id, { ip: IP, userAgent: 'Chromium' })
    const found = actorForSession(db, token)
    expect(found?.actor.username).toBe('bithu')
    expect(found?.expiresAt).toBe(expiresAt)
    expect(found?.actor.grants).toEqual(
      expect.arrayContaining([
        { orgId: math.id, orgPath: math.path, role: 'secretary' },
        { orgId: hospital.id, orgPath: hospital.path, role: 'inspector' },
      ]),
    )
    expect(found?.actor.grants).toHaveLength(2)
    // The database keeps only a hash of the token.
    expect(db.select().from(sessions).where(eq(sessions.id, token)).get()).toBeUndefined()
  })

  test('an expired session or an unknown token finds nobody', async () => {
    const { user } = await createUserWithGrants(db, { username: 'bithu', displayName: 'Nguyễn Văn Hùng' })
    const { token, expiresAt } = createSession(db, user.id, { ip: null, userAgent: null })
    expect(actorForSession(db, token, new Date(Date.parse(expiresAt) + 1000))).toBeNull()
    db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(sessions.userId, user.id)).run()
    expect(actorForSession(db, token)).toBeNull()
    expect(actorForSession(db, 'khong-phai-token')).toBeNull()
  })
})

describe('creating users and managing them within a subtree', () => {
  test('an org admin creates users in their subtree, but gets a 404 outside it', async () => {
    const { school, math, internal } = tree()
    const { actor: schoolAdmin } = await createUserWithGrants(db, { username: 'quantritruong', displayName: 'Lương Thị Thu Hà', grants: [{ orgId: school.id, role: 'admin' }] })

    const inside = await createUser(db, ctxOf(schoolAdmin), {
      username: 'giaovien1',
      displayName: 'Trần Văn Nam',
      password: 'tam-thoi-123',
      grants: [{ orgId: math.id, role: 'member' }],
      mustChangePassword: true,
    })
    expect(inside.mustChangePassword).toBe(true)
    expect(actorFromUser(db, inside).grants).toEqual([{ orgId: math.id, orgPath: math.path, role: 'member' }])

    const outside = await catchError(() =>
      createUser(db, ctxOf(schoolAdmin), { username: 'bacsi1', displayName: 'Lê Thị Lan', password: 'tam-thoi-123', grants: [{ orgId: internal.id, role: 'member' }] }),
    )
    expect(outside.status).toBe(404)
    expect(db.select().from(users).where(eq(users.username, 'bacsi1')).get()).toBeUndefined()
  })

  test('an org admin may not create system admins nor users without a role', async () => {
    const { school, math } = tree()
    const { actor: schoolAdmin } = await createUserWithGrants(db, { username: 'quantritruong', displayName: 'Lương Thị Thu Hà', grants: [{ orgId: school.id, role: 'admin' }] })
    const sys = await catchError(() =>
      createUser(db, ctxOf(schoolAdmin), { username: 'sieuquantri', displayName: 'X', password: 'tam-thoi-123', isSystemAdmin: true, grants: [{ orgId: math.id, role: 'admin' }] }),
    )
    expect(sys.status).toBe(403)
    const none = await catchError(() => createUser(db, ctxOf(schoolAdmin), { username: 'khongvaitro', displayName: 'Y', password: 'tam-thoi-123' }))
    expect([none.status, none.field]).toEqual([422, 'orgId'])
  })

  test('usernames: 3–40 unaccented characters, case-insensitive and unique', async () => {
    const attempt = (username: string) => catchError(() => createUser(db, systemCtx, { username, displayName: 'Người thử', password: 'tam-thoi-123' }))
    for (const bad of ['ab', 'hùng', 'nguyen van hung', '.bithu', '-bithu', 'a'.repeat(41), 'bi@thu']) {
      const error = await attempt(bad)
      expect([error.status, error.field], bad).toEqual([422, 'username'])
    }
    const created = await createUser(db, systemCtx, { username: '  BiThu.KP3_a-1 ', displayName: 'Nguyễn Văn Hùng', password: 'tam-thoi-123' })
    expect(created.username).toBe('bithu.kp3_a-1')
    expect((await createUser(db, systemCtx, { username: 'a'.repeat(40), displayName: 'Dài', password: 'tam-thoi-123' })).username).toHaveLength(40)
    const duplicate = await attempt('BITHU.kp3_a-1')
    expect([duplicate.status, duplicate.field]).toEqual([422, 'username'])
    expect(duplicate.message).toContain('đã có người dùng')

    const shortPassword = await catchError(() => createUser(db, systemCtx, { username: 'matkhaungan', displayName: 'Z', password: '1234567' }))
    expect([shortPassword.status, shortPassword.field]).toEqual([422, 'password'])
  })

  test('users outside the admin’s subtree, or also holding a role outside it, are not found', async () => {
    const { school, math, hospital, internal } = tree()
    const { actor: schoolAdmin } = await createUserWithGrants(db, { username: 'quantritruong', displayName: 'Lương Thị Thu Hà', grants: [{ orgId: school.id, role: 'admin' }] })
    const { user: doctor } = await createUserWithGrants(db, { username: 'bacsi', displayName: 'Lê Thị Lan', grants: [{ orgId: internal.id, role: 'member' }] })
    const { user: both } = await createUserWithGrants(db, {
      username: 'haivaitro',
      displayName: 'Hai vai trò',
      grants: [
        { orgId: math.id, role: 'member' },
        { orgId: hospital.id, role: 'inspector' },
      ],
    })
    const { user: sys } = await createUserWithGrants(db, { username: 'admin', displayName: 'Quản trị hệ thống', isSystemAdmin: true })
    for (const target of [doctor, both, sys]) {
      expect((await catchError(() => getManagedUser(db, schoolAdmin, target.id))).status).toBe(404)
      expect((await catchError(() => userDetail(db, schoolAdmin, target.id))).status).toBe(404)
      expect((await catchError(() => setUserDisabled(db, ctxOf(schoolAdmin), target.id, true, target.version))).status).toBe(404)
      expect((await catchError(() => resetUserPassword(db, ctxOf(schoolAdmin), target.id, 'tam-thoi-123'))).status).toBe(404)
    }
    expect((await catchError(() => addGrant(db, ctxOf(schoolAdmin), doctor.id, math.id, 'member'))).status).toBe(404)
    expect((await catchError(() => getManagedUser(db, schoolAdmin, 'khong-co'))).status).toBe(404)
    // Nothing changed for them.
    expect(db.select().from(users).where(eq(users.id, doctor.id)).get()?.disabledAt).toBeNull()
  })

  test('grants: added inside the subtree, not twice, not outside; removed by the admin', async () => {
    const { school, math, internal } = tree()
    const { actor: schoolAdmin } = await createUserWithGrants(db, { username: 'quantritruong', displayName: 'Lương Thị Thu Hà', grants: [{ orgId: school.id, role: 'admin' }] })
    const { user } = await createUserWithGrants(db, { username: 'giaovien', displayName: 'Trần Văn Nam', grants: [{ orgId: math.id, role: 'member' }] })

    addGrant(db, ctxOf(schoolAdmin), user.id, math.id, 'deputy')
    const twice = await catchError(() => addGrant(db, ctxOf(schoolAdmin), user.id, math.id, 'deputy'))
    expect(twice.status).toBe(422)
    expect((await catchError(() => addGrant(db, ctxOf(schoolAdmin), user.id, internal.id, 'member'))).status).toBe(404)

    const detail = userDetail(db, schoolAdmin, user.id)
    expect(detail.grants.map((g) => g.role).sort()).toEqual(['deputy', 'member'])
    const deputy = detail.grants.find((g) => g.role === 'deputy')!
    removeGrant(db, ctxOf(schoolAdmin), user.id, deputy.id)
    expect(userDetail(db, schoolAdmin, user.id).grants.map((g) => g.role)).toEqual(['member'])
  })
})

describe('audit log', () => {
  test('every account change writes a row with who, from where and what', async () => {
    const { school, math } = tree()
    const { actor: admin, user: adminUser } = await createUserWithGrants(db, { username: 'quantri', displayName: 'Đinh Công Bình', grants: [{ orgId: school.id, role: 'admin' }] })
    const ctx = ctxOf(admin)

    const user = await createUser(db, ctx, { username: 'giaovien', displayName: 'Trần Văn Nam', password: 'tam-thoi-123', grants: [{ orgId: math.id, role: 'member' }] })
    addGrant(db, ctx, user.id, math.id, 'committee')
    const committee = userDetail(db, admin, user.id).grants.find((g) => g.role === 'committee')!
    removeGrant(db, ctx, user.id, committee.id)
    setUserDisabled(db, ctx, user.id, true, 1)
    setUserDisabled(db, ctx, user.id, false, 2)
    await resetUserPassword(db, ctx, user.id, 'tam-thoi-456')
    const self = actorFromUser(db, db.select().from(users).where(eq(users.id, user.id)).get()!)
    await changeOwnPassword(db, { actor: self, ip: '192.0.2.9' }, { currentPassword: 'tam-thoi-456', newPassword: 'mat-khau-rieng' })

    const rows = db.select().from(auditLog).where(and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, user.id))).orderBy(asc(auditLog.id)).all()
    expect(rows.map((r) => r.action)).toEqual([
      'user.create',
      'grant.add',
      'grant.remove',
      'user.disable',
      'user.enable',
      'user.password.reset',
      'user.password.change',
    ])
    for (const r of rows.slice(0, 6)) {
      expect(r).toMatchObject({ userId: adminUser.id, username: 'quantri', ip: IP })
      expect(r.summary).toBeTruthy()
    }
    expect(rows[6]).toMatchObject({ userId: user.id, username: 'giaovien', ip: '192.0.2.9' })
    expect(rows[0].orgPath).toBe(math.path)
    expect(rows[1].summary).toBe('Giao vai trò Chi ủy viên tại Chi bộ Tổ Toán – Tin cho giaovien')
    // The audit log never holds a password.
    expect(JSON.stringify(rows)).not.toMatch(/tam-thoi|mat-khau-rieng/)
  })

  test('a refused change writes nothing', async () => {
    const { school, internal } = tree()
    const { actor: admin } = await createUserWithGrants(db, { username: 'quantri', displayName: 'Đinh Công Bình', grants: [{ orgId: school.id, role: 'admin' }] })
    const before = db.select().from(auditLog).all().length
    await catchError(() => createUser(db, ctxOf(admin), { username: 'bacsi', displayName: 'Lê Thị Lan', password: 'tam-thoi-123', grants: [{ orgId: internal.id, role: 'member' }] }))
    expect(db.select().from(auditLog).all().length).toBe(before)
  })
})

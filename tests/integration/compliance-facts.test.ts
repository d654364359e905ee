// compliance_facts (migration 0007, ADR 012): the grid reads facts that triggers keep. What the
// inspector would notice if a trigger were missing — attendance recorded or corrected, minutes signed or
// amended, a meeting cancelled or moved to another month, quality assessed, a meeting deleted — each
// change made through the app's own functions where there is one, then the grid read again. After each
// step the facts equal what the live tables say.
import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { meetings, minutesVersions, qualityAssessments } from '../../db/schema'
import type { Actor } from '~/domain/permissions'
import { fromVnWallTime } from '~/domain/vn-date'
import { refillComplianceFacts, staleComplianceFacts } from '~/models/compliance-facts.server'
import { complianceGrid } from '~/models/compliance.server'
import type { ActorContext } from '~/models/context'
import type { Member } from '~/models/members.server'
import type { Organization } from '~/models/organizations.server'
import { cancelMeeting, createMeeting, rescheduleMeeting } from '~/models/planning.server'
import { saveQuality } from '~/models/quality.server'
import { recordView, setAttendance, startMeeting } from '~/models/record.server'
import { createTestDb } from '../db'
import { createMembers, createOrg, createUserWithGrants, rng, systemCtx } from '../factories'

type TestDb = ReturnType<typeof createTestDb>

const hn = (wall: string) => fromVnWallTime(wall.slice(0, 10), wall.slice(11) || '00:00').toISOString()
/** Friday 20/11/2026, 10:00 in Hà Nội. */
const NOW = new Date(hn('2026-11-20 10:00'))

let db: TestDb
let cell: Organization
let list: Member[]
let secretary: ActorContext
let inspector: Actor

beforeAll(async () => {
  db = createTestDb()
  const root = createOrg(db, { name: 'Đảng bộ phường Ba Đình', kind: 'upper', placeName: 'Hà Nội' })
  cell = createOrg(db, { name: 'Chi bộ Khu phố 3', kind: 'cell_base', parentId: root.id })
  list = createMembers(db, rng(42), cell.id, 8, (i) => (i === 0 ? { position: 'secretary' } : {}))
  secretary = { actor: (await createUserWithGrants(db, { username: 'bithu', displayName: list[0].fullName, memberId: list[0].id, grants: [{ orgId: cell.id, role: 'secretary' }] })).actor, ip: null }
  inspector = (await createUserWithGrants(db, { username: 'kiemtra', displayName: 'Kiểm tra phường', grants: [{ orgId: root.id, role: 'inspector' }] })).actor
})
afterAll(() => db.cleanup())

/** Month m (1–12) of the cell in the inspector's 2026 grid, as of NOW. */
function month(m: number) {
  const row = complianceGrid(db, inspector, cell.id, 2026, {}, NOW).cells.find((c) => c.id === cell.id)!
  return row.months[m - 1]
}
function cellRow() {
  return complianceGrid(db, inspector, cell.id, 2026, {}, NOW).cells.find((c) => c.id === cell.id)!
}
const version = (meetingId: string) => db.select({ v: meetings.version }).from(meetings).where(eq(meetings.id, meetingId)).get()!.v
const attendanceVersion = (meetingId: string, memberId: string) => recordView(db, systemCtx.actor, meetingId).attendance.find((a) => a.memberId === memberId)!.version

function expectFactsFresh() {
  expect(staleComplianceFacts(db.$client)).toEqual([])
}

describe('the grid follows every change (compliance_facts triggers)', () => {
  let october: string

  test('a held meeting: attendance recorded, then corrected, shows in the month and the unexcused flags', () => {
    expect(month(10).state).toBe('missing')
    october = createMeeting(db, secretary, cell.id, { type: 'regular', date: '2026-10-08', time: '14:00' }).id
    expect(month(10)).toMatchObject({ state: 'unsigned', meetingId: october, attendance: null })
    startMeeting(db, secretary, october, { chairMemberId: list[0].id, secretaryMemberId: list[1].id, startedAt: hn('2026-10-08 14:00') })
    // Everyone is listed present until the secretary says otherwise.
    expect(month(10).attendance).toEqual({ present: 8, expected: 8 })
    setAttendance(db, secretary, october, list[5].id, { status: 'unexcused', version: attendanceVersion(october, list[5].id) })
    setAttendance(db, secretary, october, list[6].id, { status: 'excused', reason: 'Ốm, có đơn xin phép', version: attendanceVersion(october, list[6].id) })
    expect(month(10).attendance).toEqual({ present: 6, expected: 8 })
    setAttendance(db, secretary, october, list[6].id, { status: 'present', version: attendanceVersion(october, list[6].id) })
    expect(month(10).attendance).toEqual({ present: 7, expected: 8 })
    expect(cellRow().attendance).toMatchObject({ present: 7, expected: 8 })
    expect(cellRow().unexcusedFlags).toEqual([]) // one absence: no warning yet
    expectFactsFresh()
  })

  test('quality assessed, then re-scored: the month shows the level', () => {
    expect(month(10).quality).toBeNull()
    const saved = saveQuality(db, secretary, october, { scores: { preparation: 14, attendance: 18, conduct: 40, closing: 18 }, version: 0 })
    expect(month(10).quality).toBe(saved.level)
    saveQuality(db, secretary, october, { scores: { preparation: 5, attendance: 5, conduct: 10, closing: 5 }, version: saved.version })
    const stored = db.select({ level: qualityAssessments.level }).from(qualityAssessments).where(eq(qualityAssessments.meetingId, october)).get()!
    expect(stored.level).not.toBe(saved.level)
    expect(month(10).quality).toBe(stored.level)
    expectFactsFresh()
  })

  test('minutes signed (on time), then amended later: the first signature still counts', () => {
    expect(month(10).state).toBe('unsigned')
    const v1 = db
      .insert(minutesVersions)
      .values({ meetingId: october, cellId: cell.id, versionNo: 1, snapshot: '{}', hash: crypto.randomBytes(32).toString('hex'), verifyCode: crypto.randomBytes(5).toString('hex') })
      .returning()
      .get()
    expect(month(10).state).toBe('unsigned') // pending: not signed yet
    db.update(minutesVersions).set({ status: 'signed', signedAt: hn('2026-10-12 09:00') }).where(eq(minutesVersions.id, v1.id)).run()
    expect(month(10)).toMatchObject({ state: 'signed_on_time', signedAt: hn('2026-10-12 09:00'), signDelay: 4 })
    db.insert(minutesVersions)
      .values({ meetingId: october, cellId: cell.id, versionNo: 2, status: 'signed', snapshot: '{}', hash: crypto.randomBytes(32).toString('hex'), verifyCode: crypto.randomBytes(5).toString('hex'), signedAt: hn('2026-11-02 09:00') })
      .run()
    db.update(minutesVersions).set({ status: 'superseded' }).where(eq(minutesVersions.id, v1.id)).run()
    expect(month(10)).toMatchObject({ state: 'signed_on_time', signedAt: hn('2026-10-12 09:00') })
    expectFactsFresh()
  })

  test('a meeting cancelled with its reason; another moved to the month before', () => {
    const november = createMeeting(db, secretary, cell.id, { type: 'regular', date: '2026-11-25', time: '14:00' })
    expect(month(11)).toMatchObject({ state: 'planned', meetingId: november.id })
    cancelMeeting(db, secretary, november.id, { reason: 'Trùng lịch tổng vệ sinh khu phố', version: version(november.id) })
    expect(month(11)).toMatchObject({ state: 'cancelled', cancelledReason: 'Trùng lịch tổng vệ sinh khu phố' })

    const september = createMeeting(db, secretary, cell.id, { type: 'regular', date: '2026-09-28', time: '14:00' })
    expect(month(9).state).toBe('unsigned')
    rescheduleMeeting(db, secretary, september.id, { kind: 'postpone', date: '2026-12-02', time: '14:00', reason: 'Bí thư đi công tác đột xuất', version: version(september.id) })
    expect(month(9).state).toBe('missing')
    expect(month(12)).toMatchObject({ state: 'planned', meetingId: september.id })
    expectFactsFresh()
  })

  test('a deleted meeting leaves the grid', () => {
    const extra = createMeeting(db, secretary, cell.id, { type: 'regular', date: '2026-08-05', time: '14:00' })
    expect(month(8).meetingId).toBe(extra.id)
    db.delete(meetings).where(eq(meetings.id, extra.id)).run()
    expect(month(8)).toMatchObject({ state: 'missing', meetingId: null })
    expectFactsFresh()
  })

  test('kept results are not reused once the clock passes a planned start or midnight, or an organisation changes', () => {
    const planned = createMeeting(db, secretary, cell.id, { type: 'regular', date: '2026-11-23', time: '14:00' })
    const before = new Date(hn('2026-11-23 13:59'))
    const grid = (now: Date) => complianceGrid(db, inspector, cell.id, 2026, {}, now).cells[0]
    expect(grid(before).months[10]).toMatchObject({ state: 'planned', meetingId: planned.id })
    expect(grid(new Date(hn('2026-11-23 14:00'))).months[10]).toMatchObject({ state: 'unsigned', meetingId: planned.id, overdue: false })
    // Unsigned 7 days later is on time until midnight of the 30th, overdue from 1 December.
    expect(grid(new Date(hn('2026-11-30 23:59'))).months[10].overdue).toBe(false)
    expect(grid(new Date(hn('2026-12-01 00:00'))).months[10].overdue).toBe(true)
    // Back in time (a test, a clock corrected): not the later result either.
    expect(grid(before).months[10].state).toBe('planned')
    db.$client.prepare('UPDATE organizations SET name = ? WHERE id = ?').run('Chi bộ Khu phố 3 (mới)', cell.id)
    expect(grid(before).name).toBe('Chi bộ Khu phố 3 (mới)')
    db.delete(meetings).where(eq(meetings.id, planned.id)).run()
    expect(grid(before).months[10].state).toBe('cancelled')
  })

  test('inside a transaction (rows read at once, not streamed) the grid is the same', () => {
    const outside = complianceGrid(db, inspector, cell.id, 2026, {}, NOW)
    const inside = db.transaction((tx) => complianceGrid(tx, inspector, cell.id, 2026, {}, NOW))
    expect(inside).toEqual(outside)
    expect(outside.cells[0].months.filter((m) => m.meetingId).length).toBeGreaterThanOrEqual(3)
  })

  test('the bulk refill (scale generator) rebuilds exactly what the triggers keep', () => {
    const before = db.$client.prepare('SELECT * FROM compliance_facts ORDER BY meeting_id').all()
    expect(before.length).toBeGreaterThanOrEqual(3)
    db.$client.exec(`UPDATE compliance_facts SET status = 'planned', signed_at = NULL, present = NULL`)
    expect(staleComplianceFacts(db.$client).length).toBeGreaterThan(0)
    expect(refillComplianceFacts(db.$client)).toBe(before.length)
    expect(db.$client.prepare('SELECT * FROM compliance_facts ORDER BY meeting_id').all()).toEqual(before)
    expectFactsFresh()
  })
})

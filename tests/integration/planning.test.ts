// The year plan of a cell against a real SQLite file: generating the regular meetings from the
// meeting-day rule, thematic topics per quarter, moving, postponing and cancelling with a reason,
// who may do it, optimistic concurrency, the audit trail and the CLI's rows.
import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { auditLog, meetings } from '../../db/schema'
import { meetingLines, runMeetingsCommand } from '~/cli/meetings'
import { AppError, type ActorContext } from '~/models/context'
import { meetingRows } from '~/models/meetings.server'
import { updateOrganization, type Organization } from '~/models/organizations.server'
import {
  cancelMeeting,
  createMeeting,
  generateYearPlan,
  meetingScheduleView,
  planThematic,
  rescheduleMeeting,
  updateMeetingDetails,
  yearPlanView,
} from '~/models/planning.server'
import { toIsoWithOffset } from '~/domain/vn-date'
import { createTestDb } from '../db'
import { createMembers, createOrg, createUserWithGrants, rng, systemCtx } from '../factories'

type TestDb = ReturnType<typeof createTestDb>

let db: TestDb
let cell: Organization
let otherCell: Organization
let secretary: ActorContext
let member: ActorContext
let otherSecretary: ActorContext
let drafterId: string
let outsiderId: string

beforeEach(async () => {
  db = createTestDb()
  const root = createOrg(db, { name: 'Đảng bộ phường Ba Đình', kind: 'upper', placeName: 'Hà Nội' })
  cell = createOrg(db, { name: 'Chi bộ Khu phố 3', kind: 'cell_base', parentId: root.id })
  otherCell = createOrg(db, { name: 'Chi bộ Khu phố 5', kind: 'cell_base', parentId: root.id })
  const r = rng(7)
  const people = createMembers(db, r, cell.id, 5, (i) => (i === 0 ? { position: 'secretary' } : i === 1 ? { position: 'deputy' } : {}))
  const others = createMembers(db, r, otherCell.id, 3, (i) => (i === 0 ? { position: 'secretary' } : {}))
  drafterId = people[1].id
  outsiderId = others[1].id
  const bithu = await createUserWithGrants(db, { username: 'bithu', displayName: people[0].fullName, memberId: people[0].id, grants: [{ orgId: cell.id, role: 'secretary' }] })
  const dangvien = await createUserWithGrants(db, { username: 'dangvien', displayName: people[3].fullName, memberId: people[3].id, grants: [{ orgId: cell.id, role: 'member' }] })
  const bithu5 = await createUserWithGrants(db, { username: 'bithu5', displayName: others[0].fullName, memberId: others[0].id, grants: [{ orgId: otherCell.id, role: 'secretary' }] })
  secretary = { actor: bithu.actor, ip: '127.0.0.1' }
  member = { actor: dangvien.actor, ip: '127.0.0.1' }
  otherSecretary = { actor: bithu5.actor, ip: '127.0.0.1' }
})
afterEach(() => db.cleanup())

function expectAppError(fn: () => unknown, status: number, field?: string): AppError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).status).toBe(status)
    if (field) expect((error as AppError).field).toBe(field)
    return error as AppError
  }
  throw new Error(`expected an AppError ${status}, but the call succeeded`)
}

const cellMeetings = () => db.select().from(meetings).where(eq(meetings.cellId, cell.id)).all()
const regularOf = (month: number) =>
  db
    .select()
    .from(meetings)
    .where(and(eq(meetings.cellId, cell.id), eq(meetings.periodYear, 2026), eq(meetings.periodMonth, month), eq(meetings.type, 'regular')))
    .get()!
const view = (ctx: ActorContext = secretary, today = '2026-11-30') => yearPlanView(db, ctx.actor, cell.id, 2026, today)
const codes = (ctx?: ActorContext, today?: string) => view(ctx, today).warnings.map((w) => `${w.code}:${w.month ?? ''}${w.quarter ?? ''}`)

describe('generating the year plan', () => {
  test('creates the 12 regular meetings on the rule day, at 14:00 Hà Nội (07:00 UTC)', () => {
    const result = generateYearPlan(db, secretary, cell.id, 2026)
    expect(result.created).toBe(12)
    const rows = cellMeetings().sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    expect(rows.map((m) => m.startsAt)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}-05T07:00:00.000Z`),
    )
    expect(rows.every((m) => m.type === 'regular' && m.status === 'planned' && m.plannedMinutes === 90)).toBe(true)
    expect(rows.map((m) => m.periodMonth)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(view().meetings[1].title).toBe('Sinh hoạt chi bộ thường kỳ tháng 02 năm 2026')
  })

  test("follows the cell's own rule, time and place (first Tuesday, 19:30)", () => {
    updateOrganization(db, systemCtx, cell.id, {
      name: cell.name,
      settings: { meetingDayRule: { kind: 'nth_weekday', n: 1, weekday: 2 }, defaultMeetingTime: '19:30', defaultMeetingPlace: 'Nhà văn hóa khu phố 3' },
      version: cell.version,
    })
    generateYearPlan(db, secretary, cell.id, 2026)
    // First Tuesdays of 2026: 06/01, 03/02, 03/03; 19:30 Hà Nội = 12:30 UTC.
    expect(regularOf(1).startsAt).toBe('2026-01-06T12:30:00.000Z')
    expect(regularOf(2).startsAt).toBe('2026-02-03T12:30:00.000Z')
    expect(regularOf(3).startsAt).toBe('2026-03-03T12:30:00.000Z')
    expect(regularOf(3).place).toBe('Nhà văn hóa khu phố 3')
  })

  test('is idempotent: a second run creates nothing, and only missing months are filled', () => {
    expect(generateYearPlan(db, secretary, cell.id, 2026).created).toBe(12)
    expect(generateYearPlan(db, secretary, cell.id, 2026).created).toBe(0)
    expect(cellMeetings()).toHaveLength(12)
    db.delete(meetings).where(eq(meetings.id, regularOf(4).id)).run()
    const again = generateYearPlan(db, secretary, cell.id, 2026)
    expect(again.created).toBe(1)
    expect(regularOf(4).startsAt).toBe('2026-04-05T07:00:00.000Z')
    expect(cellMeetings()).toHaveLength(12)
  })

  test('another year is planned separately', () => {
    generateYearPlan(db, secretary, cell.id, 2026)
    expect(generateYearPlan(db, secretary, cell.id, 2027).created).toBe(12)
    expect(cellMeetings()).toHaveLength(24)
    expect(view().meetings).toHaveLength(12)
  })
})

describe('thematic meetings', () => {
  test('a quarter without a thematic meeting is warned about until one is planned', () => {
    generateYearPlan(db, secretary, cell.id, 2026)
    expect(codes()).toEqual(expect.arrayContaining(['missing_thematic:1', 'missing_thematic:2', 'missing_thematic:3', 'missing_thematic:4']))
    expect(codes().filter((c) => c.startsWith('missing_regular'))).toEqual([])

    const thematic = planThematic(db, secretary, cell.id, {
      year: 2026,
      month: 3,
      topic: 'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần tự học',
      drafterMemberId: drafterId,
    })
    expect(thematic.type).toBe('thematic')
    expect(thematic.contributionsOpen).toBe(true)
    // Same day as March's regular meeting, right after it (14:00 + 90 min).
    expect(thematic.startsAt).toBe('2026-03-05T08:30:00.000Z')
    expect(codes()).not.toContain('missing_thematic:1')
    expect(codes()).toContain('missing_thematic:2')

    const slot = view().slots.find((s) => s.quarter === 1)!
    expect(slot.month).toBe(3)
    expect(slot.planned.map((m) => [m.topic, m.drafterName])).toEqual([[thematic.topic, expect.any(String)]])
  })

  test('combined: the regular meeting of the month becomes a combined one of at least 120 minutes', () => {
    generateYearPlan(db, secretary, cell.id, 2026)
    const june = regularOf(6)
    const combined = planThematic(db, secretary, cell.id, { year: 2026, month: 6, topic: 'Chuyển đổi số trong công tác đảng viên ở khu phố', combined: true })
    expect(combined.id).toBe(june.id)
    expect(combined.startsAt).toBe(june.startsAt)
    expect(combined.type).toBe('combined')
    expect(combined.plannedMinutes).toBe(120)
    expect(cellMeetings()).toHaveLength(12)
    expect(codes()).not.toContain('missing_thematic:2')
    expect(codes()).not.toContain('missing_regular:6')
  })

  test('the topic is required, the drafter must belong to the cell, and a month has one thematic meeting', () => {
    generateYearPlan(db, secretary, cell.id, 2026)
    expectAppError(() => planThematic(db, secretary, cell.id, { year: 2026, month: 9, topic: '  ' }), 422, 'topic')
    expectAppError(() => planThematic(db, secretary, cell.id, { year: 2026, month: 9, topic: 'Chủ đề quý III', drafterMemberId: outsiderId }), 422, 'drafterMemberId')
    planThematic(db, secretary, cell.id, { year: 2026, month: 9, topic: 'Chủ đề quý III' })
    expectAppError(() => planThematic(db, secretary, cell.id, { year: 2026, month: 9, topic: 'Chủ đề khác' }), 422, 'month')
  })
})

describe('moving, postponing and cancelling', () => {
  test('a move records its reason and keeps the original start in movedFrom', () => {
    generateYearPlan(db, secretary, cell.id, 2026)
    const sept = regularOf(9)
    const moved = rescheduleMeeting(db, secretary, sept.id, {
      kind: 'move',
      date: '2026-09-08',
      time: '19:30',
      reason: 'Trùng ngày khai giảng năm học mới',
      version: sept.version,
    })
    expect(moved.startsAt).toBe('2026-09-08T12:30:00.000Z')
    expect(moved.movedFrom).toBe('2026-09-05T07:00:00.000Z')
    expect(moved.moveReason).toBe('Trùng ngày khai giảng năm học mới')
    expect(moved.periodMonth).toBe(9)

    const again = rescheduleMeeting(db, secretary, sept.id, { kind: 'postpone', date: '2026-09-10', time: '19:30', reason: 'Bí thư đi công tác đột xuất', version: moved.version })
    expect(again.movedFrom).toBe('2026-09-05T07:00:00.000Z')
    expect(again.moveReason).toBe('Bí thư đi công tác đột xuất')

    const page = meetingScheduleView(db, secretary.actor, sept.id)
    expect(page.history.map((h) => h.action)).toEqual(['meeting.postpone', 'meeting.move'])
    expect(page.history[1].reason).toBe('Trùng ngày khai giảng năm học mới')
  })

  test('a move needs a reason; a postponement needs a later time', () => {
    generateYearPlan(db, secretary, cell.id, 2026)
    const oct = regularOf(10)
    expectAppError(() => rescheduleMeeting(db, secretary, oct.id, { kind: 'move', date: '2026-10-06', time: '14:00', reason: ' ', version: oct.version }), 422, 'reason')
    expectAppError(() => rescheduleMeeting(db, secretary, oct.id, { kind: 'postpone', date: '2026-10-01', time: '14:00', reason: 'Lý do hợp lệ', version: oct.version }), 422, 'date')
    expect(regularOf(10).startsAt).toBe(oct.startsAt)
  })

  test('a cancellation requires a reason, and the cancelled month shows the missing-regular warning', () => {
    generateYearPlan(db, secretary, cell.id, 2026)
    const may = regularOf(5)
    expectAppError(() => cancelMeeting(db, secretary, may.id, { reason: '', version: may.version }), 422, 'reason')
    const cancelled = cancelMeeting(db, secretary, may.id, { reason: 'Trùng lịch thi học kỳ II', version: may.version })
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.cancelledReason).toBe('Trùng lịch thi học kỳ II')

    const plan = view()
    const warning = plan.warnings.find((w) => w.code === 'missing_regular' && w.month === 5)
    expect(warning).toMatchObject({ severity: 'warning', message: 'Tháng 05/2026 chưa có buổi sinh hoạt thường kỳ.' })
    expect(plan.months[4].regular).toBeNull()
    expect(plan.months[4].cancelled.map((m) => m.cancelledReason)).toEqual(['Trùng lịch thi học kỳ II'])

    // The cancellation stands: generating again does not bring the meeting back …
    expect(generateYearPlan(db, secretary, cell.id, 2026).created).toBe(0)
    // … cancelling twice is refused, and a new regular meeting may be added for the month.
    expectAppError(() => cancelMeeting(db, secretary, may.id, { reason: 'Lần nữa', version: cancelled.version }), 422)
    createMeeting(db, secretary, cell.id, { type: 'regular', date: '2026-05-20', time: '14:00' })
    expect(codes()).not.toContain('missing_regular:5')
  })

  test('a meeting whose minutes are signed cannot be moved, cancelled or edited', () => {
    generateYearPlan(db, secretary, cell.id, 2026)
    const jan = regularOf(1)
    db.update(meetings).set({ status: 'signed' }).where(eq(meetings.id, jan.id)).run()
    const error = expectAppError(
      () => rescheduleMeeting(db, secretary, jan.id, { kind: 'move', date: '2026-01-06', time: '14:00', reason: 'Đổi ngày họp', version: jan.version }),
      422,
    )
    expect(error.message).toContain('đã được ký')
    expectAppError(() => cancelMeeting(db, secretary, jan.id, { reason: 'Không họp nữa', version: jan.version }), 422)
    expectAppError(
      () =>
        updateMeetingDetails(db, secretary, jan.id, {
          place: 'Hội trường',
          plannedMinutes: 90,
          form: 'in_person',
          topic: null,
          drafterMemberId: null,
          contributionsOpen: false,
          version: jan.version,
        }),
      422,
    )
  })

  test('a meeting under way cannot be cancelled', () => {
    generateYearPlan(db, secretary, cell.id, 2026)
    const feb = regularOf(2)
    db.update(meetings).set({ status: 'in_progress' }).where(eq(meetings.id, feb.id)).run()
    expectAppError(() => cancelMeeting(db, secretary, feb.id, { reason: 'Mất điện toàn khu', version: feb.version }), 422)
  })

  test('a stale version is a conflict, and nothing is changed', () => {
    generateYearPlan(db, secretary, cell.id, 2026)
    const nov = regularOf(11)
    updateMeetingDetails(db, secretary, nov.id, {
      place: 'Nhà văn hóa khu phố',
      plannedMinutes: 100,
      form: 'in_person',
      topic: null,
      drafterMemberId: null,
      contributionsOpen: false,
      time: '15:00',
      version: nov.version,
    })
    expect(regularOf(11).startsAt).toBe('2026-11-05T08:00:00.000Z')
    expectAppError(() => rescheduleMeeting(db, secretary, nov.id, { kind: 'move', date: '2026-11-06', time: '14:00', reason: 'Trùng lịch họp tổ dân phố', version: nov.version }), 409)
    expectAppError(() => cancelMeeting(db, secretary, nov.id, { reason: 'Trùng lịch họp tổ dân phố', version: nov.version }), 409)
    expect(regularOf(11).status).toBe('planned')
    expect(regularOf(11).place).toBe('Nhà văn hóa khu phố')
  })
})

describe('who may plan', () => {
  test('a member reads the plan but may not generate, plan, add, move or cancel (403)', () => {
    generateYearPlan(db, secretary, cell.id, 2026)
    const plan = view(member)
    expect(plan.meetings).toHaveLength(12)
    expect(plan.may.plan).toBe(false)
    const dec = regularOf(12)
    expectAppError(() => generateYearPlan(db, member, cell.id, 2027), 403)
    expectAppError(() => planThematic(db, member, cell.id, { year: 2026, month: 12, topic: 'Chủ đề quý IV' }), 403)
    expectAppError(() => createMeeting(db, member, cell.id, { type: 'extraordinary', date: '2026-12-20', time: '14:00' }), 403)
    expectAppError(() => rescheduleMeeting(db, member, dec.id, { kind: 'move', date: '2026-12-06', time: '14:00', reason: 'Đổi ngày họp', version: dec.version }), 403)
    expectAppError(() => cancelMeeting(db, member, dec.id, { reason: 'Không họp', version: dec.version }), 403)
    expect(regularOf(12).startsAt).toBe(dec.startsAt)
  })

  test("the secretary of another cell sees nothing of this cell's plan (404)", () => {
    generateYearPlan(db, secretary, cell.id, 2026)
    const dec = regularOf(12)
    expectAppError(() => yearPlanView(db, otherSecretary.actor, cell.id, 2026), 404)
    expectAppError(() => generateYearPlan(db, otherSecretary, cell.id, 2027), 404)
    expectAppError(() => planThematic(db, otherSecretary, cell.id, { year: 2026, month: 12, topic: 'Chủ đề quý IV' }), 404)
    expectAppError(() => rescheduleMeeting(db, otherSecretary, dec.id, { kind: 'move', date: '2026-12-06', time: '14:00', reason: 'Đổi ngày họp', version: dec.version }), 404)
    expectAppError(() => meetingScheduleView(db, otherSecretary.actor, dec.id), 404)
  })
})

describe('extra meetings', () => {
  test('an extraordinary meeting is added; a second regular meeting in a month is refused', () => {
    generateYearPlan(db, secretary, cell.id, 2026)
    const extra = createMeeting(db, secretary, cell.id, {
      type: 'extraordinary',
      date: '2026-07-20',
      time: '19:30',
      topic: 'Triển khai công tác phòng, chống thiên tai mùa mưa bão',
      place: 'Nhà văn hóa khu phố 3',
    })
    expect(extra).toMatchObject({ type: 'extraordinary', periodYear: 2026, periodMonth: 7, startsAt: '2026-07-20T12:30:00.000Z', plannedMinutes: 90 })
    expect(view().months[6].others.map((m) => m.id)).toEqual([extra.id])
    expectAppError(() => createMeeting(db, secretary, cell.id, { type: 'regular', date: '2026-07-25', time: '14:00' }), 422, 'date')
    expectAppError(() => createMeeting(db, secretary, cell.id, { type: 'thematic', date: '2026-08-25', time: '14:00', topic: '' }), 422, 'topic')
  })
})

describe('audit and CLI', () => {
  test('every planning change writes its audit entry in the cell', () => {
    generateYearPlan(db, secretary, cell.id, 2026)
    const aug = regularOf(8)
    planThematic(db, secretary, cell.id, { year: 2026, month: 9, topic: 'Nâng cao chất lượng sinh hoạt chi bộ khu dân cư' })
    rescheduleMeeting(db, secretary, aug.id, { kind: 'move', date: '2026-08-07', time: '14:00', reason: 'Trùng lịch tiêm chủng', version: aug.version })
    cancelMeeting(db, secretary, regularOf(12).id, { reason: 'Trùng Đại hội chi bộ', version: regularOf(12).version })
    const entries = db.select().from(auditLog).where(eq(auditLog.orgPath, cell.path)).all()
    const actions = entries.filter((e) => e.action.startsWith('meeting.')).map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['meeting.plan_year', 'meeting.plan_thematic', 'meeting.move', 'meeting.cancel']))
    expect(entries.filter((e) => e.action.startsWith('meeting.')).every((e) => e.username === 'bithu' && e.ip === '127.0.0.1')).toBe(true)
    expect(entries.find((e) => e.action === 'meeting.move')?.summary).toContain('Trùng lịch tiêm chủng')
  })

  test('the CLI rows carry ISO instants with the +07:00 offset', () => {
    generateYearPlan(db, secretary, cell.id, 2026)
    const rows = meetingRows(db, { cellId: cell.id, year: 2026 })
    expect(rows).toHaveLength(12)
    expect(toIsoWithOffset(rows[1].startsAt)).toBe('2026-02-05T14:00:00+07:00')

    const out: string[] = []
    expect(runMeetingsCommand(db, { json: true, cell: cell.id, year: 2026 }, (line) => out.push(line))).toBe(12)
    const first = JSON.parse(out[0])
    expect(Object.keys(first)).toEqual(['id', 'cellId', 'cellName', 'type', 'startsAt', 'status'])
    expect(first).toMatchObject({ cellId: cell.id, cellName: 'Chi bộ Khu phố 3', type: 'regular', startsAt: '2026-01-05T14:00:00+07:00', status: 'planned' })
    expect(meetingLines(db, { year: 2027 })).toEqual([])
    expectAppError(() => meetingLines(db, { cell: 'khong-co' }), 404)
  })
})

describe('demo seed', () => {
  test('every demo cell has its plan; Khu phố 3 is complete, Tổ Ngữ văn – Lịch sử misses a month and a quarter', async () => {
    const { seedDemo } = await import('../../db/seed/demo')
    const { seedPlans } = await import('../../db/seed/plan')
    const demoDb = createTestDb()
    try {
      const demo = await seedDemo(demoDb)
      const seeded = seedPlans(demoDb, demo, '2026-11-30')
      expect(seeded.year).toBe(2026)
      for (const key of ['kp3', 'kp5', 'math', 'lit', 'admin', 'internal', 'surgery'] as const) {
        expect(seeded.byCell[key].regular.length, key).toBe(key === 'lit' ? 11 : 12)
      }
      const missing = (cellId: string) =>
        yearPlanView(demoDb, demo.accounts.admin.actor, cellId, 2026, '2026-11-30')
          .warnings.filter((w) => w.code === 'missing_regular' || w.code === 'missing_thematic')
          .map((w) => `${w.code}:${w.month ?? w.quarter}`)
      expect(missing(demo.orgs.kp3.id)).toEqual([])
      expect(missing(demo.orgs.internal.id)).toEqual([])
      expect(missing(demo.orgs.lit.id)).toEqual([`missing_regular:${seeded.lit.cancelledMonth}`, `missing_thematic:${seeded.lit.missingQuarter}`])

      const kp3 = yearPlanView(demoDb, demo.accounts.bithu.actor, demo.orgs.kp3.id, 2026, '2026-11-30')
      const moved = kp3.meetings.find((m) => m.id === seeded.kp3.movedId)!
      expect(moved.movedFrom).toBe('2026-09-05T07:00:00.000Z')
      expect(moved.moveReason).toContain('khai giảng')
      expect(kp3.meetings.find((m) => m.id === seeded.kp3.extraordinaryId)?.type).toBe('extraordinary')
      expect(kp3.slots.every((s) => s.planned.length === 1 && s.planned[0].drafterName)).toBe(true)
      expect(kp3.meetings.every((m) => m.status === 'planned')).toBe(true)
    } finally {
      demoDb.cleanup()
    }
  })
})

describe('query plans at the full size (391 k meetings, 80 k a year)', () => {
  /** Every SELECT `fn` runs, with SQLite's plan for it. */
  function plansOf(fn: () => void): { sql: string; plan: string[] }[] {
    const client = db.$client
    const prepare = client.prepare
    const seen = new Set<string>()
    client.prepare = ((source: string) => {
      seen.add(source)
      return prepare.call(client, source)
    }) as typeof prepare
    try {
      fn()
    } finally {
      client.prepare = prepare
    }
    return [...seen]
      .filter((s) => /^\s*select/i.test(s))
      .map((s) => ({
        sql: s,
        plan: (client.prepare(`EXPLAIN QUERY PLAN ${s}`).all(...Array((s.match(/\?/g) ?? []).length).fill(null)) as { detail: string }[]).map((r) => r.detail),
      }))
  }

  test("the year plan and its generation read the cell's own meetings, never every cell's year", () => {
    const plans = plansOf(() => {
      generateYearPlan(db, secretary, cell.id, 2026)
      view()
    })
    expect(plans.some((p) => /from "meetings"/.test(p.sql))).toBe(true)
    const walksTheYear = plans.filter((p) => p.plan.some((d) => /^SCAN meetings\b/.test(d) || /meetings USING (COVERING )?INDEX meetings_period_idx \(period_year=\?\)$/.test(d)))
    expect(walksTheYear.map((p) => p.sql)).toEqual([])
  })
})

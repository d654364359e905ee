// The inspector's compliance grid against a real SQLite file: constructed years (late, missing,
// cancelled, missing thematic) read back through complianceGrid, the grass-roots aggregation and
// drill-down, filters and pagination, who may see what, a constant number of SQL statements whatever
// the number of cells, the query plan, the exports, and the demo seed showing every state — read from
// compliance_facts exactly as from the live tables.
import crypto from 'node:crypto'
import fs from 'node:fs'
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { attendance, meetings, minutesVersions, qualityAssessments } from '../../db/schema'
import { COMPLIANCE_STATES, cellCompliance, type ComplianceMeeting, type ComplianceState, type ComplianceView } from '~/domain/compliance'
import type { MeetingStatus, MeetingType } from '~/domain/constants'
import type { Actor } from '~/domain/permissions'
import { DEFAULT_RUBRIC } from '~/domain/quality'
import { fromVnWallTime } from '~/domain/vn-date'
import { COMPLIANCE_FACT_COLUMNS, refillComplianceFacts, staleComplianceFacts } from '~/models/compliance-facts.server'
import { complianceApi, complianceExport, complianceFactsQuery, complianceGrid, inspectableOrganizations, meetingsApi } from '~/models/compliance.server'
import { AppError } from '~/models/context'
import { verifyCellChain } from '~/models/minutes.server'
import { effectiveSettings, getOrganizationById } from '~/models/organizations.server'
import { writeCsv } from '~/utils/spreadsheet.server'
import { seedCompliance } from '../../db/seed/compliance'
import { seedDemo } from '../../db/seed/demo'
import { seedPlans } from '../../db/seed/plan'
import { createTestDb } from '../db'
import { createMembers, createOrg, createUserWithGrants, rng } from '../factories'

type TestDb = ReturnType<typeof createTestDb>

const hn = (wall: string) => fromVnWallTime(wall.slice(0, 10), wall.slice(11) || '00:00').toISOString()
/** Monday 30/11/2026, 10:00 in Hà Nội. */
const NOW = new Date(hn('2026-11-30 10:00'))

function expect404(fn: () => unknown) {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).status).toBe(404)
    return
  }
  throw new Error('expected a 404 AppError, but the call succeeded')
}

function addMeeting(
  db: TestDb,
  cellId: string,
  input: { at: string; type?: MeetingType; status?: MeetingStatus; cancelledReason?: string; signedAt?: string; quality?: 'good' | 'fair' | 'average' | 'poor' },
) {
  const startsAt = hn(input.at)
  const row = db
    .insert(meetings)
    .values({
      cellId,
      type: input.type ?? 'regular',
      periodYear: Number(input.at.slice(0, 4)),
      periodMonth: Number(input.at.slice(5, 7)),
      startsAt,
      status: input.status ?? (input.signedAt ? 'signed' : 'planned'),
      cancelledReason: input.cancelledReason ?? null,
    })
    .returning()
    .get()
  if (input.signedAt) {
    db.insert(minutesVersions)
      .values({
        meetingId: row.id,
        cellId,
        versionNo: 1,
        status: 'signed',
        snapshot: '{}',
        hash: crypto.randomBytes(32).toString('hex'),
        verifyCode: crypto.randomBytes(5).toString('hex').toUpperCase(),
        signedAt: hn(input.signedAt),
      })
      .run()
  }
  if (input.quality) {
    db.insert(qualityAssessments).values({ meetingId: row.id, rubric: DEFAULT_RUBRIC, scores: {}, total: 80, level: input.quality }).run()
  }
  return row
}

function states(grid: ReturnType<typeof complianceGrid>, cellId: string): ComplianceState[] {
  const row = grid.cells.find((c) => c.id === cellId)
  if (!row) throw new Error(`cell ${cellId} not in the grid`)
  return row.months.map((m) => m.state)
}

describe('a constructed tree and year', () => {
  let db: TestDb
  let ids: Record<'upper' | 'g1' | 'g2' | 'a' | 'b' | 'c' | 'd', string>
  let actors: Record<'upperInspector' | 'g1Inspector' | 'member' | 'secretaryC' | 'admin', Actor>
  let aMembers: { id: string }[]

  beforeAll(async () => {
    db = createTestDb()
    const upper = createOrg(db, { name: 'Đảng bộ phường Thử Nghiệm', kind: 'upper' })
    const g1 = createOrg(db, { name: 'Đảng bộ Trường A', kind: 'grassroots', parentId: upper.id })
    const g2 = createOrg(db, { name: 'Đảng bộ Bệnh viện B', kind: 'grassroots', parentId: upper.id })
    const a = createOrg(db, { name: 'Chi bộ Tổ Toán', kind: 'cell_sub', parentId: g1.id })
    const b = createOrg(db, { name: 'Chi bộ Tổ Văn', kind: 'cell_sub', parentId: g1.id })
    const c = createOrg(db, { name: 'Chi bộ Khoa Nội', kind: 'cell_sub', parentId: g2.id })
    const d = createOrg(db, { name: 'Chi bộ Khu phố 1', kind: 'cell_base', parentId: upper.id })
    ids = { upper: upper.id, g1: g1.id, g2: g2.id, a: a.id, b: b.id, c: c.id, d: d.id }
    aMembers = createMembers(db, rng(7), a.id, 5)
    const memberUser = await createUserWithGrants(db, { username: 'dv-a', displayName: 'Đảng viên A', memberId: aMembers[0].id, grants: [{ orgId: a.id, role: 'member' }] })
    actors = {
      upperInspector: (await createUserWithGrants(db, { username: 'kt-phuong', displayName: 'Kiểm tra phường', grants: [{ orgId: upper.id, role: 'inspector' }] })).actor,
      g1Inspector: (await createUserWithGrants(db, { username: 'kt-truong', displayName: 'Kiểm tra trường', grants: [{ orgId: g1.id, role: 'inspector' }] })).actor,
      member: memberUser.actor,
      secretaryC: (await createUserWithGrants(db, { username: 'bt-c', displayName: 'Bí thư C', grants: [{ orgId: c.id, role: 'secretary' }] })).actor,
      admin: (await createUserWithGrants(db, { username: 'quantri', displayName: 'Quản trị', isSystemAdmin: true })).actor,
    }

    // ---- Cell A, 2025: late in February, nothing in March, cancelled in April (with an
    // extraordinary meeting that does not replace it), unsigned in May, a meeting moved from
    // June to 1 July, a combined meeting in September, thematic only in quarters I and III.
    addMeeting(db, a.id, { at: '2025-01-06 14:00', signedAt: '2025-01-13 20:00', quality: 'good' }) // 7 days: on time
    addMeeting(db, a.id, { at: '2025-02-05 14:00', signedAt: '2025-02-13 08:00', quality: 'fair' }) // 8 days: late
    addMeeting(db, a.id, { at: '2025-03-05 16:00', type: 'thematic', signedAt: '2025-03-06 08:00' })
    addMeeting(db, a.id, { at: '2025-04-05 14:00', status: 'cancelled', cancelledReason: 'Trùng lịch thi học kỳ II' })
    addMeeting(db, a.id, { at: '2025-04-20 19:30', type: 'extraordinary', signedAt: '2025-04-21 08:00' })
    const may = addMeeting(db, a.id, { at: '2025-05-05 14:00', status: 'minutes_draft' })
    addMeeting(db, a.id, { at: '2025-07-01 14:00', signedAt: '2025-07-02 08:00' }) // June's, moved
    addMeeting(db, a.id, { at: '2025-07-05 14:00', signedAt: '2025-07-06 08:00' })
    addMeeting(db, a.id, { at: '2025-08-05 14:00', signedAt: '2025-08-06 08:00' })
    addMeeting(db, a.id, { at: '2025-09-05 14:00', type: 'combined', signedAt: '2025-09-06 08:00' })
    for (const m of [10, 11, 12]) addMeeting(db, a.id, { at: `2025-${m}-05 14:00`, signedAt: `2025-${m}-07 08:00` })
    // Attendance in May: member 1 absent without reason (again in August → a warning at 2).
    const [first, second] = aMembers
    const august = db.select().from(meetings).all().find((m) => m.cellId === a.id && m.startsAt === hn('2025-08-05 14:00'))!
    for (const [meetingId, absent] of [
      [may.id, second.id],
      [august.id, second.id],
    ] as const) {
      db.insert(attendance)
        .values(aMembers.map((m) => ({ meetingId, memberId: m.id, memberStatus: 'official' as const, status: m.id === absent ? ('unexcused' as const) : m.id === first.id ? ('exempt' as const) : ('present' as const) })))
        .run()
    }

    // ---- Cell B, 2025: every month on time, thematic every quarter.
    for (let m = 1; m <= 12; m++) {
      const mm = String(m).padStart(2, '0')
      addMeeting(db, b.id, { at: `2025-${mm}-10 14:00`, signedAt: `2025-${mm}-12 09:00` })
      if (m % 3 === 0) addMeeting(db, b.id, { at: `2025-${mm}-10 16:00`, type: 'thematic', signedAt: `2025-${mm}-12 09:00` })
    }
    // ---- Cell C: late twice in 2025. Cell D: no meetings at all (all missing).
    addMeeting(db, c.id, { at: '2025-01-08 14:00', signedAt: '2025-01-30 09:00' })
    addMeeting(db, c.id, { at: '2025-02-08 14:00', signedAt: '2025-02-28 09:00' })
    // ---- 2026 for cell A: the year in progress (December planned).
    addMeeting(db, a.id, { at: '2026-11-05 14:00' })
    addMeeting(db, a.id, { at: '2026-12-05 14:00' })
  })
  afterAll(() => db.cleanup())

  test('the constructed year reads back month by month', () => {
    const grid = complianceGrid(db, actors.upperInspector, ids.upper, 2025, {}, NOW)
    expect(states(grid, ids.a)).toEqual([
      'signed_on_time', // signed exactly 7 days after
      'signed_late', // 8 days after
      'missing', // only a thematic meeting
      'cancelled', // the extraordinary meeting does not replace it
      'unsigned',
      'missing', // June's meeting was held on 1 July
      'signed_on_time',
      'signed_on_time',
      'signed_on_time', // combined
      'signed_on_time',
      'signed_on_time',
      'signed_on_time',
    ])
    const a = grid.cells.find((c) => c.id === ids.a)!
    expect(a.months[3].cancelledReason).toBe('Trùng lịch thi học kỳ II')
    expect(a.months[3].otherHeld).toBe(1)
    expect(a.months[0].quality).toBe('good')
    expect(a.months[2].thematic).toBe(true)
    expect(a.months[8].thematic).toBe(true)
    expect(a.quarters).toEqual(['held', 'missing', 'held', 'missing'])
    expect(a.thematicMissingQuarters).toEqual([2, 4])
    // May and August: 3 present of 4 expected each (the exempt member is not expected).
    expect(a.attendance).toMatchObject({ present: 6, expected: 8 })
    expect(a.unexcusedFlags).toEqual([{ memberId: aMembers[1].id, count: 2, flag: 'warning' }])
    expect(a.months[4].meetingId).not.toBeNull()
    expect(states(grid, ids.b).every((s) => s === 'signed_on_time')).toBe(true)
    expect(states(grid, ids.c).slice(0, 3)).toEqual(['signed_late', 'signed_late', 'missing'])
    expect(states(grid, ids.d).every((s) => s === 'missing')).toBe(true)
  })

  test('the year in progress: the current month judged, next month planned', () => {
    const grid = complianceGrid(db, actors.upperInspector, ids.upper, 2026, {}, NOW)
    expect(states(grid, ids.a).slice(9)).toEqual(['missing', 'unsigned', 'planned'])
    expect(states(grid, ids.d).slice(10)).toEqual(['missing', 'not_due'])
  })

  test('grass-roots rows with counts and % on time; drill-down to one organisation’s cells', () => {
    const grid = complianceGrid(db, actors.upperInspector, ids.upper, 2025, {}, NOW)
    expect(grid.groupsAreCells).toBe(false)
    expect(grid.groups.map((g) => g.name)).toEqual(['Chi bộ Khu phố 1', 'Đảng bộ Bệnh viện B', 'Đảng bộ Trường A'])
    const g1 = grid.groups.find((g) => g.id === ids.g1)!
    expect(g1.aggregate.cells).toBe(2)
    expect(g1.aggregate.counts).toMatchObject({ signed_on_time: 19, signed_late: 1, missing: 2, cancelled: 1, unsigned: 1 })
    // Due: 19 on time + 1 late + 2 missing + 1 cancelled + 1 overdue unsigned.
    expect(g1.aggregate.due).toBe(24)
    expect(g1.aggregate.onTimeRate).toBeCloseTo(19 / 24)
    expect(grid.groups.find((g) => g.id === ids.d)!.isCell).toBe(true)
    expect(grid.totals.cells).toBe(4)

    const drilled = complianceGrid(db, actors.upperInspector, ids.upper, 2025, { grassrootsId: ids.g1 }, NOW)
    expect(drilled.selectedGroup).toMatchObject({ id: ids.g1, name: 'Đảng bộ Trường A', kind: 'grassroots' })
    expect(drilled.cells.map((c) => c.id).sort()).toEqual([ids.a, ids.b].sort())
    expect(drilled.totals.cells).toBe(2)
    expect(drilled.chart[1]).toMatchObject({ signed_on_time: 1, signed_late: 1 })
    // Every month of a row links to its meeting when there is one.
    expect(drilled.cells.find((c) => c.id === ids.a)!.months[1].meetingId).toMatch(/^[0-9a-f-]{36}$/)
    expect404(() => complianceGrid(db, actors.upperInspector, ids.upper, 2025, { grassrootsId: ids.a }, NOW))
  })

  test('filters by state and meeting type, sorts, paginates — the counts cover the whole set', () => {
    const late = complianceGrid(db, actors.upperInspector, ids.upper, 2025, { state: 'signed_late' }, NOW)
    expect(late.cells.map((c) => c.name).sort()).toEqual(['Chi bộ Khoa Nội', 'Chi bộ Tổ Toán'])
    expect(late.matchingCells).toBe(2)
    expect(late.totalCells).toBe(4)
    expect(late.totals.cells).toBe(4)
    expect(late.groups.find((g) => g.id === ids.g1)!.matchingCells).toBe(1)

    const thematicGaps = complianceGrid(db, actors.upperInspector, ids.upper, 2025, { state: 'thematic_missing' }, NOW)
    expect(thematicGaps.cells.map((c) => c.name).sort()).toEqual(['Chi bộ Khoa Nội', 'Chi bộ Khu phố 1', 'Chi bộ Tổ Toán'])

    const byMissing = complianceGrid(db, actors.upperInspector, ids.upper, 2025, { sort: 'missing' }, NOW)
    expect(byMissing.cells.map((c) => c.name)).toEqual(['Chi bộ Khu phố 1', 'Chi bộ Khoa Nội', 'Chi bộ Tổ Toán', 'Chi bộ Tổ Văn'])
    const byOnTime = complianceGrid(db, actors.upperInspector, ids.upper, 2025, { sort: 'on_time' }, NOW)
    expect(byOnTime.cells[0].onTimeRate).toBe(0)
    expect(byOnTime.cells.at(-1)!.name).toBe('Chi bộ Tổ Văn')

    const groupsPage2 = complianceGrid(db, actors.upperInspector, ids.upper, 2025, { pageSize: 2, groupPage: 2 }, NOW)
    expect(groupsPage2.groups.map((g) => g.name)).toEqual(['Đảng bộ Trường A'])
    expect(groupsPage2.groupCount).toBe(3)
    expect(groupsPage2.groupOptions).toHaveLength(3)

    const page2 = complianceGrid(db, actors.upperInspector, ids.upper, 2025, { pageSize: 3, page: 2 }, NOW)
    expect(page2.cells).toHaveLength(1)
    expect(page2.page).toBe(2)
    expect(page2.matchingCells).toBe(4)
    expect(page2.totals.counts.missing).toBe(byMissing.totals.counts.missing)

    const thematic = complianceGrid(db, actors.upperInspector, ids.upper, 2025, { type: 'thematic', grassrootsId: ids.g1 }, NOW)
    const a = thematic.cells.find((c) => c.id === ids.a)!
    expect(a.months.map((m) => m.state)).toEqual(['none', 'none', 'signed_on_time', 'none', 'none', 'none', 'none', 'none', 'signed_on_time', 'none', 'none', 'none'])
  })

  test('who sees what: an inspector sees only their subtree; plain members and other cells get 404', () => {
    const own = complianceGrid(db, actors.g1Inspector, ids.g1, 2025, {}, NOW)
    expect(own.cells.map((c) => c.id).sort()).toEqual([ids.a, ids.b].sort())
    expect(own.groupsAreCells).toBe(true)
    expect404(() => complianceGrid(db, actors.g1Inspector, ids.g2, 2025, {}, NOW))
    expect404(() => complianceGrid(db, actors.g1Inspector, ids.c, 2025, {}, NOW))
    expect404(() => complianceGrid(db, actors.g1Inspector, ids.upper, 2025, {}, NOW))
    expect404(() => complianceGrid(db, actors.member, ids.a, 2025, {}, NOW))
    expect404(() => complianceGrid(db, actors.secretaryC, ids.c, 2025, {}, NOW))
    expect404(() => complianceExport(db, actors.member, ids.a, 2025))
    expect(complianceGrid(db, actors.admin, ids.upper, 2025, {}, NOW).totalCells).toBe(4)

    expect(inspectableOrganizations(db, actors.g1Inspector).map((o) => o.id)).toEqual([ids.g1])
    expect(inspectableOrganizations(db, actors.member)).toEqual([])
    expect404(() => complianceApi(db, actors.member, 2025, null, NOW))
    expect(complianceApi(db, actors.g1Inspector, 2025, null, NOW).org.id).toBe(ids.g1)
    expect(complianceApi(db, actors.upperInspector, 2025, null, NOW).cells).toHaveLength(4)
    // Meetings: anyone who reads the cell's meetings; nobody else.
    expect(meetingsApi(db, actors.member, ids.a, 2025).meetings.length).toBeGreaterThan(10)
    expect404(() => meetingsApi(db, actors.member, ids.c, 2025))
    expect404(() => meetingsApi(db, actors.g1Inspector, ids.c, 2025))
  })

  test('the same table as CSV and XLSX rows', () => {
    const file = complianceExport(db, actors.upperInspector, ids.upper, 2025, { state: 'signed_late', grassrootsId: ids.g1 })
    expect(file.header).toHaveLength(2 + 12 + 4 + 8)
    expect(file.rows).toHaveLength(1)
    expect(file.rows[0].slice(0, 4)).toEqual(['Đảng bộ Trường A', 'Chi bộ Tổ Toán', '✓ Đúng hạn (họp 06/01, ký 13/01)', '◷ Ký muộn (họp 05/02, ký 13/02)'])
    expect(file.rows[0][5]).toBe('⊘ Hủy: Trùng lịch thi học kỳ II')
    expect(file.fileBaseName).toBe('kiem-tra-sinh-hoat-dang-bo-truong-a-2025')
    const csv = writeCsv(file.header, file.rows)
    expect(csv).toContain('✗ Không họp')
  })
})

describe('scale: statements and the query plan', () => {
  let db: TestDb
  let small: { id: string }
  let large: { id: string }
  let admin: Actor

  beforeAll(async () => {
    db = createTestDb()
    admin = (await createUserWithGrants(db, { username: 'quantri', displayName: 'Quản trị', isSystemAdmin: true })).actor
    const build = (name: string, grassroots: number, cellsEach: number) => {
      const root = createOrg(db, { name, kind: 'upper' })
      for (let g = 0; g < grassroots; g++) {
        const gr = createOrg(db, { name: `${name} — Đảng bộ ${g + 1}`, kind: 'grassroots', parentId: root.id })
        for (let c = 0; c < cellsEach; c++) {
          const cell = createOrg(db, { name: `${name} — Chi bộ ${g + 1}.${c + 1}`, kind: 'cell_sub', parentId: gr.id })
          for (const m of [1, 2, 3]) addMeeting(db, cell.id, { at: `2025-0${m}-05 14:00`, signedAt: `2025-0${m}-0${m + 5} 10:00` })
        }
      }
      return root
    }
    small = build('Nhỏ', 1, 3)
    large = build('Lớn', 6, 10)
  })
  afterAll(() => db.cleanup())

  function statementsOf(fn: () => void): number {
    const client = db.$client
    const original = client.prepare.bind(client)
    let count = 0
    client.prepare = ((source: string) => {
      count++
      return original(source)
    }) as typeof client.prepare
    try {
      fn()
    } finally {
      client.prepare = original as typeof client.prepare
    }
    return count
  }

  test('the grid issues the same few statements for 3 cells and for 60', () => {
    let smallCells = 0
    let largeCells = 0
    const forSmall = statementsOf(() => {
      smallCells = complianceGrid(db, admin, small.id, 2025, {}, NOW).totalCells
    })
    const forLarge = statementsOf(() => {
      largeCells = complianceGrid(db, admin, large.id, 2025, {}, NOW).totalCells
    })
    expect(smallCells).toBe(3)
    expect(largeCells).toBe(60)
    expect(forLarge).toBe(forSmall)
    // The permission check, the version of the facts, the organisations, the meetings.
    expect(forSmall).toBeLessThanOrEqual(4)
    // The same year again, nothing changed (the export, the API, the next page): the permission check
    // and the version only — the judged year is reused.
    expect(statementsOf(() => complianceExport(db, admin, large.id, 2025, {}, NOW))).toBe(2)
    expect(statementsOf(() => complianceApi(db, admin, 2025, large.id, NOW))).toBe(2)
    expect(statementsOf(() => complianceGrid(db, admin, large.id, 2025, { page: 2, pageSize: 10, sort: 'missing' }, NOW))).toBe(2)
  })

  test('the meetings query reads the path index and compliance_facts by its key (no table scan)', () => {
    const root = complianceGrid(db, admin, large.id, 2025, {}, NOW)
    expect(root.totalCells).toBe(60)
    const path = db.$client.prepare('SELECT path FROM organizations WHERE id = ?').get(large.id) as { path: string }
    const query = new SQLiteSyncDialect().sqlToQuery(complianceFactsQuery(path.path, 2025))
    const plan = (db.$client.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[]).map((r) => r.detail)
    expect(plan.some((d) => /SEARCH o USING (COVERING )?INDEX organizations_path_idx/.test(d))).toBe(true)
    // One cell's year: a range of the facts' primary key (cell, start), no meeting row touched.
    expect(plan.some((d) => /SEARCH f USING PRIMARY KEY \(cell_id=\? AND starts_at>\? AND starts_at<\?\)/.test(d))).toBe(true)
    expect(plan.filter((d) => /^SCAN /.test(d))).toEqual([])
    expect(plan.join('\n')).not.toMatch(/meetings|attendance|minutes_versions|quality_assessments/)
  })
})

describe('the demo seed', () => {
  let db: TestDb
  let demo: Awaited<ReturnType<typeof seedDemo>>
  beforeAll(async () => {
    db = createTestDb()
    demo = await seedDemo(db)
    seedPlans(db, demo, '2026-11-30')
    seedCompliance(db, demo, NOW)
  }, 120_000)
  afterAll(() => db.cleanup())

  test('the inspector’s tree shows every state across this year and last year', () => {
    const { actor } = demo.accounts.kiemtra
    const seen = new Set<ComplianceState>()
    let thematicMissing = 0
    let flagged = 0
    for (const year of [2025, 2026]) {
      const grid = complianceGrid(db, actor, demo.orgs.upper.id, year, {}, NOW)
      for (const c of grid.cells) for (const m of c.months) seen.add(m.state)
      thematicMissing += grid.totals.thematicMissing
      flagged += grid.totals.unexcusedFlagged
    }
    expect([...seen].sort()).toEqual(COMPLIANCE_STATES.filter((s) => s !== 'none').sort())
    expect(thematicMissing).toBeGreaterThan(0)
    expect(flagged).toBeGreaterThan(0)
    // The school inspector sees the school's cells only.
    const school = complianceGrid(db, demo.accounts.kiemtratruong.actor, demo.orgs.school.id, 2025, {}, NOW)
    expect(school.cells.map((c) => c.name).sort()).toEqual(['Chi bộ Hành chính – Phục vụ', 'Chi bộ Tổ Ngữ văn – Lịch sử', 'Chi bộ Tổ Toán – Tin'])
    expect404(() => complianceGrid(db, demo.accounts.kiemtratruong.actor, demo.orgs.hospital.id, 2025, {}, NOW))
  })

  test('the grid from compliance_facts equals the rules applied to the live tables, every cell, both views', () => {
    // What the grid read before the facts table (docs/performance.md): meetings with their first
    // signature, quality and attendance straight from the four tables.
    const live = db.$client.prepare(`
      SELECT m.id, m.type, m.starts_at AS startsAt, m.status, m.cancelled_reason AS cancelledReason,
        (SELECT min(v.signed_at) FROM minutes_versions v WHERE v.meeting_id = m.id AND v.signed_at IS NOT NULL AND v.status IN ('signed', 'superseded')) AS signedAt,
        (SELECT level FROM quality_assessments q WHERE q.meeting_id = m.id) AS quality,
        (SELECT count(*) FROM attendance a WHERE a.meeting_id = m.id) AS rows,
        (SELECT count(*) FROM attendance a WHERE a.meeting_id = m.id AND a.status = 'present') AS present,
        (SELECT count(*) FROM attendance a WHERE a.meeting_id = m.id AND a.status IN ('present', 'excused', 'unexcused')) AS expected,
        (SELECT group_concat(a.member_id) FROM attendance a WHERE a.meeting_id = m.id AND a.status = 'unexcused') AS unexcused
      FROM meetings m WHERE m.cell_id = ?`)
    const meetingsOf = (cellId: string): ComplianceMeeting[] =>
      (live.all(cellId) as (Omit<ComplianceMeeting, 'attendance'> & { rows: number; present: number; expected: number; unexcused: string | null })[]).map(({ rows, present, expected, unexcused, ...m }) => ({
        ...m,
        attendance: rows ? { present, expected, unexcusedMemberIds: unexcused ? unexcused.split(',') : [] } : null,
      }))
    let compared = 0
    for (const year of [2025, 2026]) {
      for (const view of ['regular', 'thematic'] as ComplianceView[]) {
        const grid = complianceGrid(db, demo.accounts.kiemtra.actor, demo.orgs.upper.id, year, { type: view, pageSize: 1000 }, NOW)
        expect(grid.cells.length).toBe(grid.totalCells)
        for (const c of grid.cells) {
          expect(c.minutesSignDays).toBe(effectiveSettings(db, getOrganizationById(db, c.id)!).minutesSignDays)
          const expected = cellCompliance({ year, meetings: meetingsOf(c.id), minutesSignDays: c.minutesSignDays, now: NOW, view })
          const { months, quarters, counts, due, onTime, attendance: att, unexcusedFlags } = c
          expect({ months, quarters, counts, due, onTime, attendance: att, unexcusedFlags }, c.name).toEqual({
            months: expected.months,
            quarters: expected.quarters,
            counts: expected.counts,
            due: expected.due,
            onTime: expected.onTime,
            attendance: expected.attendance,
            unexcusedFlags: expected.unexcusedFlags,
          })
          compared++
        }
      }
    }
    expect(compared).toBeGreaterThan(20)
  })

  test('compliance_facts: the triggers, the migration’s back-fill and the bulk refill give the same rows', () => {
    const c = db.$client
    const rows = () => c.prepare(`SELECT ${COMPLIANCE_FACT_COLUMNS}, packed FROM compliance_facts ORDER BY meeting_id`).all()
    expect(staleComplianceFacts(c)).toEqual([])
    const kept = rows()
    expect(kept.length).toBe((c.prepare('SELECT count(*) AS n FROM meetings').get() as { n: number }).n)
    // The back-fill statement of the migration, run again on the seeded tables.
    const backfill = fs
      .readFileSync(new URL('../../db/migrations/0007_compliance_facts.sql', import.meta.url), 'utf8')
      .split('--> statement-breakpoint')
      .find((stmt) => /INSERT INTO `compliance_facts`/.test(stmt))!
    c.exec('DELETE FROM compliance_facts')
    c.exec(backfill)
    expect(rows()).toEqual(kept)
    expect(refillComplianceFacts(c)).toBe(kept.length)
    expect(rows()).toEqual(kept)
  })

  test('the seeded signatures go through the real signing code and verify', () => {
    for (const key of ['kp5', 'math', 'lit', 'admin', 'internal', 'surgery'] as const) {
      const result = verifyCellChain(db, demo.orgs[key].id)
      expect(result.versions).toBeGreaterThan(5)
      expect(result.problems).toEqual([])
    }
    const api = meetingsApi(db, demo.accounts.kiemtra.actor, demo.orgs.internal.id, 2025)
    const signed = api.meetings.find((m) => m.signedAt)!
    expect(signed.startsAt).toMatch(/T\d{2}:\d{2}:\d{2}\+07:00$/)
    expect(signed.verifyCode).toMatch(/\S/)
  })
})

// Demo seed, step "compliance" (issue 7, item 7): the inspector's tree (Đảng bộ phường Ba Đình) shows
// every compliance state across the demo cells, in the current year and the last one — minutes signed
// on time and late, held meetings without signed minutes, a month without a meeting, a cancelled
// meeting with its reason (plus an extraordinary one that does not replace it), a moved meeting
// counted in its actual month, thematic meetings held in some quarters and missing in others,
// attendance with members at 2 and 3 unexcused absences, quality levels, and next month planned or
// not planned yet.
//
// Runs AFTER seedDemo and seedPlans (db/seed/plan.ts creates the current year's plans, which this
// step moves forward) and after the record seeds. Chi bộ Khu phố 3 is never touched: its meetings
// belong to the planning/record/minutes seeds. Last year's meetings are created here.
//
// Signing goes through markSignedForDemo(), i.e. the real signing code (app/models/minutes.server.ts).
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import type { DB } from '../client.server'
import { attendance, meetings, memberPeriods, minutesVersions, qualityAssessments } from '../schema'
import type { DemoIds } from './demo'
import type { AttendanceStatus, MeetingType } from '../../app/domain/constants'
import { memberStandingOn } from '../../app/domain/members'
import { DEFAULT_RUBRIC, scoreQuality } from '../../app/domain/quality'
import { zonedInstant } from '../../app/domain/schedule'
import { toIsoDate, toZonedParts } from '../../app/domain/vn-date'
import { completeSigningForSeed, submitForSignature } from '../../app/models/minutes.server'
import { effectiveSettings, getOrganizationById } from '../../app/models/organizations.server'
import { rng, systemCtx, type Rng } from '../../tests/factories'

type CellKey = 'kp5' | 'math' | 'lit' | 'admin' | 'internal' | 'surgery'

/**
 * One letter per month (January first):
 *   O signed on time · L signed late · U held, minutes not signed · M no meeting (an existing planned one is
 *   moved to the 2nd of the next month) · C cancelled with a reason · X the (future) month's plan is
 *   removed, so it shows "not planned yet" · . leave whatever exists.
 * Thematic: one letter per quarter, same letters; "-" means no thematic meeting that quarter.
 */
type Scenario = { regular: string; thematic: string }

const LAST_YEAR: Record<CellKey, Scenario> = {
  kp5: { regular: 'OOOOOOOOOLOO', thematic: 'OOOO' },
  math: { regular: 'OOOOOOOOOOOL', thematic: 'O-OO' },
  lit: { regular: 'OOMOOOOCOOOO', thematic: 'OOOO' },
  admin: { regular: 'OOOOOUOOOOLO', thematic: 'OOO-' },
  internal: { regular: 'OOOOOOOOOOOO', thematic: 'OOOO' },
  surgery: { regular: 'OOOLOOMOUOOO', thematic: '-OLO' },
}

const CURRENT_YEAR: Record<CellKey, Scenario> = {
  kp5: { regular: 'OOOOOOLOOOU.', thematic: 'OOO.' },
  math: { regular: 'OOOOOOOOOLU.', thematic: 'OOU.' },
  lit: { regular: 'OOOO.LOOUOU.', thematic: 'OO..' },
  admin: { regular: 'OMOUOOOOUOUX', thematic: 'OOO.' },
  internal: { regular: 'OOLOOOOOOOO.', thematic: 'OOO.' },
  surgery: { regular: 'OLOLOUOLOCU.', thematic: 'OLO.' },
}

/** Combined meetings (thường kỳ kết hợp chuyên đề) instead of regular + thematic, by [cell, month], last year only. */
const COMBINED_LAST_YEAR: Partial<Record<CellKey, number>> = { admin: 9, internal: 12 }

const CANCEL_REASONS: Partial<Record<CellKey, string>> = {
  lit: 'Trùng lịch tập huấn chuyên môn hè của giáo viên toàn trường',
  surgery: 'Khoa tập trung toàn bộ nhân lực ứng phó dịch sốt xuất huyết; chi bộ xin hoãn, không tổ chức được trong tháng',
}

/** Extraordinary meetings held (they never replace the monthly one): [cell, month] of the current year. */
const EXTRAORDINARY: { key: CellKey; month: number; topic: string }[] = [
  { key: 'math', month: 4, topic: 'Thảo luận, cho ý kiến về phương án tuyển sinh lớp 10 chuyên Toán, Tin' },
  { key: 'surgery', month: 10, topic: 'Triển khai phương án ứng phó dịch sốt xuất huyết của Bệnh viện' },
]

/** Unexcused absences: member index in the cell → months, per year offset (0 = current, 1 = last year). */
const UNEXCUSED: Record<0 | 1, Partial<Record<CellKey, Record<number, number[]>>>> = {
  1: { surgery: { 5: [2, 5, 10], 6: [3, 11] }, kp5: { 4: [4, 11] } },
  0: { surgery: { 5: [1, 4], 7: [2, 6, 8] }, lit: { 3: [2, 7] }, admin: { 2: [1, 3, 5] } },
}

const THEMATIC_TOPICS = [
  'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phong cách quần chúng, dân chủ, nêu gương',
  'Nâng cao chất lượng sinh hoạt chi bộ theo tinh thần Chỉ thị 50-CT/TW',
  'Phòng, chống suy thoái về tư tưởng chính trị, đạo đức, lối sống, "tự diễn biến", "tự chuyển hóa"',
  'Thực hành tiết kiệm, chống lãng phí trong cơ quan, đơn vị',
]

const EXCUSE_REASONS = ['Ốm, có giấy của bệnh viện', 'Đi công tác theo quyết định của cơ quan', 'Việc gia đình đột xuất, đã báo bí thư', 'Trực chuyên môn']

const CELL_KEYS: CellKey[] = ['kp5', 'math', 'lit', 'admin', 'internal', 'surgery']

export type ComplianceSeed = { currentYear: number; lastYear: number; created: number; signed: number }

export function seedCompliance(db: DB, demo: DemoIds, now = new Date()): ComplianceSeed {
  const r = rng(20251105)
  const currentYear = toZonedParts(now).year
  const lastYear = currentYear - 1
  const ctx: SeedContext = { db, demo, now, r, signs: [], created: 0, periods: loadPeriods(db, demo) }

  for (const key of CELL_KEYS) {
    seedYear(ctx, key, lastYear, LAST_YEAR[key], 1)
    seedYear(ctx, key, currentYear, CURRENT_YEAR[key], 0)
  }
  for (const e of EXTRAORDINARY) {
    const start = zonedInstant(isoDate(currentYear, e.month, 15), '19:30')
    if (Date.parse(start) >= now.getTime()) continue
    const id = insertMeeting(ctx, e.key, { type: 'extraordinary', year: currentYear, month: e.month, startsAt: start, topic: e.topic, status: 'minutes_draft' })
    holdMeeting(ctx, e.key, id, start, 0)
    sign(ctx, id, start, 'O')
  }

  // Sign in date order so every cell's chain of signed minutes follows time.
  ctx.signs.sort((a, b) => a.signedAt.localeCompare(b.signedAt))
  for (const s of ctx.signs) markSignedForDemo(db, s.meetingId, s.signedAt)
  return { currentYear, lastYear, created: ctx.created, signed: ctx.signs.length }
}

// ---------------------------------------------------------------------------------------------

type SeedContext = {
  db: DB
  demo: DemoIds
  now: Date
  r: Rng
  signs: { meetingId: string; signedAt: string }[]
  created: number
  periods: Map<string, { kind: 'exempt' | 'elsewhere'; startsOn: string; endsOn: string | null }[]>
}

function seedYear(ctx: SeedContext, key: CellKey, year: number, scenario: Scenario, yearOffset: 0 | 1) {
  const { db, now } = ctx
  const cellId = ctx.demo.orgs[key].id
  const combinedMonth = yearOffset === 1 ? COMBINED_LAST_YEAR[key] : undefined

  for (let month = 1; month <= 12; month++) {
    const letter = scenario.regular[month - 1]
    const start = zonedInstant(isoDate(year, month, 5), '14:00')
    const past = Date.parse(start) < now.getTime()
    const existing = countingMeetings(db, cellId, year, month)

    if (letter === 'X') {
      // A future month whose plan was not made yet (removed only if nothing refers to it).
      if (past) continue
      for (const m of existing.filter((e) => e.status === 'planned')) {
        try {
          db.delete(meetings).where(eq(meetings.id, m.id)).run()
        } catch {
          // Referenced by an agenda, a document or a task: keep it (the month shows as planned).
        }
      }
      continue
    }
    if (letter === '.' || !past) continue

    if (letter === 'M') {
      // Nothing held this month: a planned meeting is moved to the 2nd of next month (ADR 007: it counts there).
      for (const m of existing.filter((e) => e.status !== 'cancelled')) {
        const to = zonedInstant(isoDate(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 2), '14:00')
        db.update(meetings)
          .set({ startsAt: to, movedFrom: m.startsAt, moveReason: 'Bí thư chi bộ đi công tác đột xuất; chi bộ dời sang đầu tháng sau', updatedAt: now.toISOString() })
          .where(eq(meetings.id, m.id))
          .run()
        if (Date.parse(to) < now.getTime()) {
          holdMeeting(ctx, key, m.id, to, yearOffset)
          sign(ctx, m.id, to, 'O')
        }
      }
      continue
    }

    if (letter === 'C') {
      const reason = CANCEL_REASONS[key] ?? 'Trùng lịch công tác đột xuất của cơ quan'
      const target = existing.find((e) => e.status !== 'cancelled')
      if (target) {
        db.update(meetings).set({ status: 'cancelled', cancelledReason: reason, updatedAt: now.toISOString() }).where(eq(meetings.id, target.id)).run()
      } else if (!existing.length) {
        insertMeeting(ctx, key, { type: 'regular', year, month, startsAt: start, status: 'cancelled', cancelledReason: reason })
      }
      continue
    }

    // O, L, U: a held regular (or combined) meeting — the month's own one first (not one moved in from the month before).
    let target = existing.find((e) => e.status !== 'cancelled' && e.periodMonth === month) ?? existing.find((e) => e.status !== 'cancelled')
    if (!target) {
      const type: MeetingType = combinedMonth === month ? 'combined' : 'regular'
      const id = insertMeeting(ctx, key, {
        type,
        year,
        month,
        startsAt: start,
        status: 'minutes_draft',
        topic: type === 'combined' ? THEMATIC_TOPICS[Math.ceil(month / 3) - 1] : null,
      })
      target = { id, startsAt: start, status: 'minutes_draft', type, periodMonth: month }
    }
    holdMeeting(ctx, key, target.id, target.startsAt, yearOffset)
    sign(ctx, target.id, target.startsAt, letter)
  }

  // Thematic meetings, one per quarter, in its last month (the default thematic months 3, 6, 9, 12).
  for (let quarter = 1; quarter <= 4; quarter++) {
    const letter = scenario.thematic[quarter - 1]
    const month = quarter * 3
    if (letter === '.' || letter === '-') continue
    if (combinedMonth && Math.ceil(combinedMonth / 3) === quarter) continue
    const start = zonedInstant(isoDate(year, month, 5), '16:00')
    if (Date.parse(start) >= now.getTime()) continue
    let target = db
      .select({ id: meetings.id, startsAt: meetings.startsAt, status: meetings.status })
      .from(meetings)
      .where(and(eq(meetings.cellId, cellId), eq(meetings.type, 'thematic'), eq(meetings.periodYear, year), inArray(meetings.periodMonth, [month - 2, month - 1, month])))
      .orderBy(asc(meetings.startsAt))
      .get()
    if (target?.status === 'cancelled') continue
    if (!target) {
      const id = insertMeeting(ctx, key, { type: 'thematic', year, month, startsAt: start, status: 'minutes_draft', topic: THEMATIC_TOPICS[quarter - 1] })
      target = { id, startsAt: start, status: 'minutes_draft' }
    }
    if (Date.parse(target.startsAt) >= now.getTime()) continue
    holdMeeting(ctx, key, target.id, target.startsAt, yearOffset)
    sign(ctx, target.id, target.startsAt, letter)
  }
}

/** Regular/combined meetings of the cell whose Hà Nội date falls in the month. */
function countingMeetings(db: DB, cellId: string, year: number, month: number) {
  const from = zonedInstant(isoDate(year, month, 1), '00:00')
  const to = zonedInstant(month === 12 ? isoDate(year + 1, 1, 1) : isoDate(year, month + 1, 1), '00:00')
  return db
    .select({ id: meetings.id, startsAt: meetings.startsAt, status: meetings.status, type: meetings.type, periodMonth: meetings.periodMonth })
    .from(meetings)
    .where(and(eq(meetings.cellId, cellId), inArray(meetings.type, ['regular', 'combined']), sql`${meetings.startsAt} >= ${from}`, sql`${meetings.startsAt} < ${to}`))
    .orderBy(asc(meetings.startsAt))
    .all()
}

function insertMeeting(
  ctx: SeedContext,
  key: CellKey,
  input: { type: MeetingType; year: number; month: number; startsAt: string; status: 'planned' | 'minutes_draft' | 'cancelled'; topic?: string | null; cancelledReason?: string },
): string {
  const org = getOrganizationById(ctx.db, ctx.demo.orgs[key].id)!
  const settings = effectiveSettings(ctx.db, org)
  const minutes = input.type === 'combined' ? settings.minCombinedMinutes : input.type === 'extraordinary' ? 60 : settings.minRegularMinutes
  const row = ctx.db
    .insert(meetings)
    .values({
      cellId: org.id,
      type: input.type,
      topic: input.topic ?? null,
      periodYear: input.year,
      periodMonth: input.month,
      startsAt: input.startsAt,
      plannedMinutes: minutes,
      place: settings.defaultMeetingPlace || null,
      status: input.status,
      contributionsOpen: input.type === 'thematic' || input.type === 'combined',
      cancelledReason: input.cancelledReason ?? null,
      publishedAt: input.status === 'cancelled' ? null : new Date(Date.parse(input.startsAt) - 3 * 86_400_000).toISOString(),
      publishedBy: input.status === 'cancelled' ? null : 'demo',
    })
    .returning({ id: meetings.id })
    .get()
  ctx.created++
  return row.id
}

/** Marks a meeting as held: chair and minute-taker, start/end, attendance and a quality score (once). */
function holdMeeting(ctx: SeedContext, key: CellKey, meetingId: string, startsAt: string, yearOffset: 0 | 1) {
  const { db, r } = ctx
  const people = ctx.demo.members[key]
  const date = toIsoDate(startsAt)
  const month = Number(date.slice(5, 7))
  const m = db.select().from(meetings).where(eq(meetings.id, meetingId)).get()!
  db.update(meetings)
    .set({
      status: m.status === 'planned' || m.status === 'prepared' ? 'minutes_draft' : m.status,
      chairMemberId: m.chairMemberId ?? people[0].id,
      secretaryMemberId: m.secretaryMemberId ?? (people[1] ?? people[0]).id,
      startedAt: m.startedAt ?? startsAt,
      endedAt: m.endedAt ?? new Date(Date.parse(startsAt) + (m.plannedMinutes ?? 90) * 60_000 + 10 * 60_000).toISOString(),
      publishedAt: m.publishedAt ?? new Date(Date.parse(startsAt) - 3 * 86_400_000).toISOString(),
    })
    .where(eq(meetings.id, meetingId))
    .run()

  const hasAttendance = db.select({ n: sql<number>`count(*)` }).from(attendance).where(eq(attendance.meetingId, meetingId)).get()!.n > 0
  if (!hasAttendance && m.type !== 'committee') {
    const unexcused = UNEXCUSED[yearOffset][key] ?? {}
    const rows: (typeof attendance.$inferInsert)[] = []
    people.forEach((p, index) => {
      if (p.joinedOn && p.joinedOn > date) return
      if (p.endedOn && p.endedOn <= date) return
      const standing = memberStandingOn(p, ctx.periods.get(p.id) ?? [], date)
      let status: AttendanceStatus
      let reason: string | null = null
      if (standing === 'exempt' || standing === 'elsewhere' || standing === 'suspended') status = standing
      else if (m.type !== 'extraordinary' && unexcused[index]?.includes(month) && isCountingType(m.type)) status = 'unexcused'
      else if (index > 1 && r.chance(0.08)) {
        status = 'excused'
        reason = r.pick(EXCUSE_REASONS)
      } else status = 'present'
      rows.push({
        meetingId,
        memberId: p.id,
        memberStatus: p.officialOn && p.officialOn <= date ? 'official' : p.status,
        status,
        reason,
        arrivedAt: status === 'present' ? startsAt : null,
      })
    })
    if (rows.length) db.insert(attendance).values(rows).run()
  }

  const hasQuality = db.select({ n: sql<number>`count(*)` }).from(qualityAssessments).where(eq(qualityAssessments.meetingId, meetingId)).get()!.n > 0
  if (!hasQuality && isCountingType(m.type)) {
    const weak = key === 'surgery' && r.chance(0.4)
    const scores: Record<string, number> = {}
    for (const c of DEFAULT_RUBRIC.criteria) {
      const share = weak ? 0.5 + r.next() * 0.25 : 0.75 + r.next() * 0.25
      scores[c.key] = Math.round(c.maxPoints * share)
    }
    const scored = scoreQuality(DEFAULT_RUBRIC, scores)
    if (scored.ok) {
      db.insert(qualityAssessments).values({ meetingId, rubric: DEFAULT_RUBRIC, scores, total: scored.total, level: scored.level }).run()
    }
  }
}

function isCountingType(type: MeetingType): boolean {
  return type === 'regular' || type === 'combined' || type === 'thematic'
}

/** Queues the signing: on time 1–5 days after the meeting, late 3–15 days past the deadline; U = not signed. */
function sign(ctx: SeedContext, meetingId: string, startsAt: string, letter: string) {
  if (letter !== 'O' && letter !== 'L') return
  if (ctx.signs.some((s) => s.meetingId === meetingId)) return
  const already = ctx.db.select({ n: sql<number>`count(*)` }).from(minutesVersions).where(and(eq(minutesVersions.meetingId, meetingId), isNotNull(minutesVersions.signedAt))).get()!.n
  if (already > 0) return
  const org = getOrganizationById(ctx.db, ctx.db.select({ cellId: meetings.cellId }).from(meetings).where(eq(meetings.id, meetingId)).get()!.cellId)!
  const signDays = effectiveSettings(ctx.db, org).minutesSignDays
  const delay = letter === 'O' ? ctx.r.int(1, Math.max(1, Math.min(5, signDays))) : signDays + ctx.r.int(3, 15)
  const date = addDays(toIsoDate(startsAt), delay)
  let signedAt = zonedInstant(date, `${String(ctx.r.int(8, 20)).padStart(2, '0')}:${ctx.r.pick(['00', '15', '30', '45'])}`)
  if (Date.parse(signedAt) > ctx.now.getTime()) {
    if (letter === 'L') return // would be signed in the future: leave it unsigned
    signedAt = new Date(ctx.now.getTime() - 3_600_000).toISOString()
  }
  ctx.signs.push({ meetingId, signedAt })
}

function loadPeriods(db: DB, demo: DemoIds) {
  const ids = CELL_KEYS.flatMap((k) => demo.members[k].map((m) => m.id))
  const rows = db.select().from(memberPeriods).where(inArray(memberPeriods.memberId, ids)).all()
  const map = new Map<string, { kind: 'exempt' | 'elsewhere'; startsOn: string; endsOn: string | null }[]>()
  for (const p of rows) {
    const list = map.get(p.memberId) ?? []
    list.push({ kind: p.kind, startsOn: p.startsOn, endsOn: p.endsOn })
    map.set(p.memberId, list)
  }
  return map
}

// ---------------------------------------------------------------------------------------------

/**
 * Signs a held meeting's minutes through the real signing code (app/models/minutes.server.ts): the
 * record is frozen as a version (submitForSignature, as the system) and signed by the chair and the
 * minute-taker at `signedAt` (completeSigningForSeed), so the version joins the cell's hash chain and
 * verifies like any other. The meeting must be in minutes_draft with a chair and a minute-taker;
 * call it in date order per cell so the chain follows time.
 */
export function markSignedForDemo(db: DB, meetingId: string, signedAt: string): void {
  submitForSignature(db, systemCtx, meetingId)
  completeSigningForSeed(db, meetingId, { chairAt: new Date(Date.parse(signedAt) - 20 * 60_000).toISOString(), secretaryAt: signedAt })
}

function isoDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

function addDays(date: string, days: number): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + days * 86_400_000
  return new Date(t).toISOString().slice(0, 10)
}

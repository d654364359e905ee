// Meeting quality (DOMAIN §9) and unexcused absences (DOMAIN §5).
//
// The rubric is set by upper bodies (or a cell itself) in settings.rubric and inherited down the tree:
// for the criteria and for the thresholds separately, the closest organisation that defines them wins
// (app/domain/quality.ts mergeRubric). A meeting's assessment keeps a snapshot of the rubric it was
// scored with, so a later change of the rubric never rewrites past scores. The upper-level
// representative attending (a guest flagged isUpperRep) confirms the score; changing the scores after
// that drops the confirmation.
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm'
import type { DB, Executor } from '../../db/client.server'
import { attendance, guests, meetings, members, qualityAssessments } from '../../db/schema'
import type { MeetingType } from '~/domain/constants'
import { absenceFlag, absenceLabel, countUnexcusedByMemberYear, type AbsenceFlag } from '~/domain/absences'
import { QUALITY_LEVEL_LABELS, mergeRubric, scoreQuality, type QualityLevel, type Rubric } from '~/domain/quality'
import { toIsoDate } from '~/domain/vn-date'
import { compareVietnameseNames } from '~/utils/text'
import { writeAudit } from './audit.server'
import { AppError, notFound, type ActorContext } from './context'
import { meetingTitle } from './meetings.server'
import { ancestorsOf, type Organization } from './organizations.server'
import { assertRecordEditable, describeGuest, getRecordMeeting, RECORD_CONFLICT_MESSAGE, recordView } from './record.server'

// ---------------------------------------------------------------------------------------------
// The rubric

/** The rubric in force for an organisation: its own settings.rubric, then its ancestors', then the default. */
export function effectiveRubric(db: Executor, org: Pick<Organization, 'path'>): Rubric {
  const chain = ancestorsOf(db, org).reverse() // the organisation itself first
  return mergeRubric(chain.map((o) => o.settings?.rubric ?? null))
}

/** Where the criteria and the thresholds come from (organisation names; null = the default rubric). */
export function rubricSources(db: Executor, org: Pick<Organization, 'path'>) {
  const chain = ancestorsOf(db, org).reverse()
  const criteria = chain.find((o) => (o.settings?.rubric?.criteria?.length ?? 0) > 0)
  const thresholds = chain.find((o) => o.settings?.rubric?.thresholds)
  return {
    criteria: criteria ? { id: criteria.id, name: criteria.name } : null,
    thresholds: thresholds ? { id: thresholds.id, name: thresholds.name } : null,
  }
}

// ---------------------------------------------------------------------------------------------
// A meeting's assessment

/**
 * The assessment of a meeting, or the rubric to score it with. No access check: the caller has loaded
 * the meeting within the actor's grants (recordView).
 */
export function qualityOf(db: Executor, meeting: { id: string; cellPath: string }) {
  const row = db.select().from(qualityAssessments).where(eq(qualityAssessments.meetingId, meeting.id)).get()
  const confirmedBy = row?.confirmedByGuestId ? db.select().from(guests).where(eq(guests.id, row.confirmedByGuestId)).get() : undefined
  return {
    rubric: row?.rubric ?? effectiveRubric(db, { path: meeting.cellPath }),
    scored: Boolean(row),
    scores: row?.scores ?? {},
    total: row?.total ?? null,
    level: (row?.level ?? null) as QualityLevel | null,
    levelLabel: row ? QUALITY_LEVEL_LABELS[row.level] : null,
    confirmedBy: confirmedBy ? { guestId: confirmedBy.id, name: confirmedBy.name, title: confirmedBy.title, unit: confirmedBy.unit } : null,
    confirmedAt: row?.confirmedAt ?? null,
    /** 0 while the meeting has not been scored: the first save sends 0. */
    version: row?.version ?? 0,
  }
}
export type QualityView = ReturnType<typeof qualityOf>

const conflict = () => new AppError(409, RECORD_CONFLICT_MESSAGE)

/** Saves the score per criterion; total and level are computed here. `version` 0 = the first save. */
export function saveQuality(db: DB, ctx: ActorContext, meetingId: string, input: { scores: Record<string, number>; version: number }) {
  return db.transaction((tx) => {
    const meeting = getRecordMeeting(tx, ctx.actor, meetingId)
    assertRecordEditable(meeting)
    const existing = tx.select().from(qualityAssessments).where(eq(qualityAssessments.meetingId, meeting.id)).get()
    if ((existing?.version ?? 0) !== input.version) throw conflict()
    const rubric = existing?.rubric ?? effectiveRubric(tx, meeting.cell)
    const scored = scoreQuality(rubric, input.scores)
    if (!scored.ok) throw new AppError(422, scored.error, 'scores')
    const scores = Object.fromEntries(rubric.criteria.map((c) => [c.key, input.scores[c.key]]))
    const changed = !existing || JSON.stringify(existing.scores) !== JSON.stringify(scores)
    const dropConfirmation = Boolean(existing?.confirmedByGuestId && changed)
    const now = new Date().toISOString()
    let row
    if (!existing) {
      row = tx.insert(qualityAssessments).values({ meetingId: meeting.id, rubric, scores, total: scored.total, level: scored.level, updatedAt: now }).returning().get()
    } else {
      row = tx
        .update(qualityAssessments)
        .set({
          scores,
          total: scored.total,
          level: scored.level,
          ...(dropConfirmation ? { confirmedByGuestId: null, confirmedAt: null } : {}),
          version: sql`${qualityAssessments.version} + 1`,
          updatedAt: now,
        })
        .where(and(eq(qualityAssessments.meetingId, meeting.id), eq(qualityAssessments.version, input.version)))
        .returning()
        .get()
      if (!row) throw conflict()
    }
    writeAudit(tx, ctx, {
      action: 'record.quality',
      entityType: 'meeting',
      entityId: meeting.id,
      orgPath: meeting.cell.path,
      summary: `${meetingTitle(meeting)}: chấm điểm chất lượng ${scored.total} điểm — ${QUALITY_LEVEL_LABELS[scored.level]}${dropConfirmation ? ' (điểm thay đổi nên xác nhận trước đó không còn giá trị)' : ''}`,
      details: { scores, total: scored.total, level: scored.level, from: existing ? { scores: existing.scores, total: existing.total } : null },
    })
    return row
  })
}

/** The upper-level representative (a guest flagged isUpperRep) confirms the score; who and when are kept. */
export function confirmQuality(db: DB, ctx: ActorContext, meetingId: string, input: { guestId: string; version: number }) {
  return db.transaction((tx) => {
    const meeting = getRecordMeeting(tx, ctx.actor, meetingId)
    assertRecordEditable(meeting)
    const existing = tx.select().from(qualityAssessments).where(eq(qualityAssessments.meetingId, meeting.id)).get()
    if (!existing) throw new AppError(422, 'Chưa chấm điểm chất lượng: hãy chấm đủ các tiêu chí trước khi đại biểu cấp trên xác nhận.')
    const guest = tx.select().from(guests).where(and(eq(guests.id, input.guestId), eq(guests.meetingId, meeting.id))).get()
    if (!guest) throw notFound('Không tìm thấy khách mời này trong buổi sinh hoạt.')
    if (!guest.isUpperRep) throw new AppError(422, `${guest.name} không phải đại biểu cấp trên; chỉ đại biểu cấp trên dự họp mới xác nhận kết quả chấm điểm.`, 'guestId')
    const now = new Date().toISOString()
    const row = tx
      .update(qualityAssessments)
      .set({ confirmedByGuestId: guest.id, confirmedAt: now, version: sql`${qualityAssessments.version} + 1`, updatedAt: now })
      .where(and(eq(qualityAssessments.meetingId, meeting.id), eq(qualityAssessments.version, input.version)))
      .returning()
      .get()
    if (!row) throw conflict()
    writeAudit(tx, ctx, {
      action: 'record.quality_confirm',
      entityType: 'meeting',
      entityId: meeting.id,
      orgPath: meeting.cell.path,
      summary: `${meetingTitle(meeting)}: ${describeGuest(guest)} xác nhận kết quả chấm điểm ${existing.total} điểm — ${QUALITY_LEVEL_LABELS[existing.level]}`,
      details: { guestId: guest.id, total: existing.total, level: existing.level },
    })
    return row
  })
}

// ---------------------------------------------------------------------------------------------
// Unexcused absences per member and calendar year (DOMAIN §5): informs, never acts.

/** Meetings whose absences count: the cell's own sessions (not committee meetings, congresses…). */
export const ABSENCE_MEETING_TYPES: readonly MeetingType[] = ['regular', 'thematic', 'combined', 'extraordinary']

/**
 * memberId → number of unexcused absences at the cell's regular, thematic, combined and extraordinary
 * meetings held in the calendar year (by the Hà Nội date of the meeting). Members without any are absent
 * from the map. No actor: the caller has already loaded the cell within the actor's grants.
 */
export function unexcusedCounts(db: Executor, cellId: string, year: number): Map<string, number> {
  // A day either side of the UTC year: the exact Hà Nội year is filtered by countUnexcusedByMemberYear.
  const from = new Date(Date.UTC(year, 0, 1) - 86_400_000).toISOString()
  const to = new Date(Date.UTC(year + 1, 0, 1) + 86_400_000).toISOString()
  const at = sql<string>`coalesce(${meetings.startedAt}, ${meetings.startsAt})`
  const rows = db
    .select({ memberId: attendance.memberId, status: attendance.status, at })
    .from(attendance)
    .innerJoin(meetings, eq(attendance.meetingId, meetings.id))
    .where(
      and(
        eq(meetings.cellId, cellId),
        inArray(meetings.type, [...ABSENCE_MEETING_TYPES]),
        sql`${meetings.status} <> 'cancelled'`,
        eq(attendance.status, 'unexcused'),
        gte(at, from),
        lt(at, to),
      ),
    )
    .all()
  return countUnexcusedByMemberYear(
    rows.map((r) => ({ memberId: r.memberId, date: toIsoDate(r.at), attendance: r.status })),
    year,
  )
}

export type AbsenceStatus = { count: number; flag: AbsenceFlag; label: string | null }

/** What to show next to a member: none / warning (2) / flag (3+) and the sentence (app/domain/absences.ts). */
export function absenceStatus(count: number): AbsenceStatus {
  return { count, flag: absenceFlag(count), label: absenceLabel(count) }
}

/** Members of the cell at a warning or flag this year, with names: flags first, then by count, then name. */
export function unexcusedAlerts(db: Executor, cellId: string, year: number) {
  const counts = unexcusedCounts(db, cellId, year)
  const ids = [...counts.entries()].filter(([, n]) => absenceFlag(n) !== 'none').map(([id]) => id)
  if (ids.length === 0) return []
  const names = new Map(db.select({ id: members.id, fullName: members.fullName }).from(members).where(inArray(members.id, ids)).all().map((m) => [m.id, m.fullName]))
  return ids
    .map((memberId) => ({ memberId, fullName: names.get(memberId) ?? '', ...absenceStatus(counts.get(memberId)!) }))
    .sort((a, b) => b.count - a.count || compareVietnameseNames(a.fullName, b.fullName))
}

// ---------------------------------------------------------------------------------------------
// The whole record

/**
 * What the minute-taker's page, its sync endpoint and the CLI read: recordView (record.server.ts) plus
 * the quality assessment and each listed member's unexcused absences in the meeting's year.
 */
export function meetingRecord(db: Executor, actor: Parameters<typeof recordView>[1], meetingId: string) {
  const view = recordView(db, actor, meetingId)
  const year = Number(view.meeting.date.slice(0, 4))
  const counts = unexcusedCounts(db, view.meeting.cellId, year)
  const absences: Record<string, AbsenceStatus> = {}
  for (const a of view.attendance) {
    const n = counts.get(a.memberId) ?? 0
    if (n > 0) absences[a.memberId] = absenceStatus(n)
  }
  return { ...view, quality: qualityOf(db, { id: view.meeting.id, cellPath: view.meeting.cellPath }), absences, absenceYear: year }
}
export type MeetingRecord = ReturnType<typeof meetingRecord>

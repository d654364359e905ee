// Planning a cell's year (DOMAIN §3, issue 3): the regular meetings generated from the meeting-day
// rule, the thematic topics per quarter with their drafters, extra meetings, and moving, postponing
// or cancelling a meeting with a reason. The rules themselves (dates, instants, warnings, what a
// valid move is) live in app/domain/schedule.ts; this module applies them to the database. Every
// change runs in one transaction with its audit entry; meeting updates use the optimistic `version`.
import { and, asc, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm'
import type { DB, Executor } from '../../db/client.server'
import { auditLog, meetings, members } from '../../db/schema'
import {
  MEETING_STATUS_LABELS,
  MEETING_TYPE_LABELS,
  isCellKind,
  type MeetingForm,
  type MeetingStatus,
  type MeetingType,
  type OrgSettings,
} from '~/domain/constants'
import { can, type Actor } from '~/domain/permissions'
import {
  localDateOf,
  meetingDateInMonth,
  minimumMinutes,
  planYear,
  quarterOf,
  scheduleWarnings,
  thematicSlots,
  validateReschedule,
  zonedInstant,
  type RescheduleAction,
  type ScheduleMeeting,
  type ScheduleWarning,
} from '~/domain/schedule'
import { describeDayRule } from '~/domain/settings'
import { formatTime, formatUiDateShort, monthLabel, toIsoDate } from '~/domain/vn-date'
import { cleanText } from '~/utils/text'
import { diffFields, writeAudit } from './audit.server'
import { AppError, conflict, forbidden, type ActorContext } from './context'
import { cellMemberOptions, getMeeting, isPublished, listCellMeetings, meetingTitle, type Meeting, type ScopedMeeting } from './meetings.server'
import { effectiveSettings, getOrganization, type Organization } from './organizations.server'

/** Planned length of the types that have no legal minimum (minimumMinutes() gives null). */
const OTHER_DEFAULT_MINUTES: Partial<Record<MeetingType, number>> = {
  committee: 60,
  annual_review: 180,
  congress: 240,
  admission: 60,
}

/** The earliest and latest plan years the app accepts. */
export const PLAN_YEAR_MIN = 2000
export const PLAN_YEAR_MAX = 2100

// ---------------------------------------------------------------------------------------------
// Guards

/** The cell, when the actor may plan its meetings: 404 outside their grants, 403 for readers only. */
function cellForPlanning(db: Executor, actor: Actor, cellId: string): Organization {
  const cell = getOrganization(db, actor, cellId, 'meeting:read')
  if (!can(actor, 'meeting:plan', { orgPath: cell.path })) {
    throw forbidden('Chỉ Bí thư, Phó Bí thư chi bộ mới được lên kế hoạch và thay đổi lịch sinh hoạt.')
  }
  if (!isCellKind(cell.kind)) throw new AppError(422, 'Chỉ chi bộ mới có kế hoạch sinh hoạt.')
  return cell
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < PLAN_YEAR_MIN || year > PLAN_YEAR_MAX) {
    throw new AppError(422, `Năm kế hoạch phải trong khoảng ${PLAN_YEAR_MIN}–${PLAN_YEAR_MAX}.`, 'year')
  }
}

const HELD_STATUSES: readonly MeetingStatus[] = ['in_progress', 'minutes_draft', 'signing', 'signed']

/** Signed (or being signed) and cancelled meetings are closed to every planning change. */
function assertOpen(m: Pick<Meeting, 'status'>): void {
  if (m.status === 'signing' || m.status === 'signed') {
    throw new AppError(
      422,
      `Biên bản buổi sinh hoạt này ${m.status === 'signed' ? 'đã được ký' : 'đang trình ký'} nên không thể thay đổi lịch hay thông tin buổi họp. Nếu cần điều chỉnh, hãy ghi vào biên bản hoặc nghị quyết của buổi sinh hoạt sau.`,
    )
  }
  if (m.status === 'cancelled') {
    throw new AppError(422, 'Buổi sinh hoạt này đã bị hủy nên không thể thay đổi. Nếu vẫn tổ chức, hãy thêm một buổi sinh hoạt mới.')
  }
}

/** Moving, postponing and cancelling make sense only before the meeting has started. */
function assertNotHeld(m: Pick<Meeting, 'status'>, action: RescheduleAction): void {
  assertOpen(m)
  if (HELD_STATUSES.includes(m.status)) {
    const what = action === 'cancel' ? 'hủy' : action === 'postpone' ? 'hoãn' : 'dời lịch'
    throw new AppError(422, `Buổi sinh hoạt đã bắt đầu (${MEETING_STATUS_LABELS[m.status].toLowerCase()}) nên không thể ${what}.`)
  }
}

/** A Hà Nội date and time → the instant, or a 422 on the date field. */
function instantOf(date: string, time: string): string {
  try {
    return zonedInstant(date, time)
  } catch {
    throw new AppError(422, 'Ngày hoặc giờ họp không hợp lệ. Hãy nhập ngày theo lịch và giờ dạng 14:00.', 'date')
  }
}

function periodOf(startsAt: string): { periodYear: number; periodMonth: number } {
  const date = localDateOf(startsAt)
  return { periodYear: Number(date.slice(0, 4)), periodMonth: Number(date.slice(5, 7)) }
}

/** An active member of the cell, for the drafter of a thematic paper. */
function drafterOf(db: Executor, cellId: string, memberId: string | null | undefined) {
  if (!memberId) return null
  const row = db
    .select({ id: members.id, fullName: members.fullName })
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.cellId, cellId), isNull(members.endedOn)))
    .get()
  if (!row) throw new AppError(422, 'Người được phân công dự thảo phải là đảng viên đang sinh hoạt tại chi bộ.', 'drafterMemberId')
  return row
}

function requireTopic(topic: string | null | undefined, type: MeetingType): string {
  const text = cleanText(topic ?? '')
  if (text.length < 3) {
    throw new AppError(
      422,
      type === 'combined'
        ? 'Vui lòng nhập chủ đề của phần sinh hoạt chuyên đề.'
        : 'Vui lòng nhập chủ đề sinh hoạt chuyên đề (ví dụ: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về …").',
      'topic',
    )
  }
  return text
}

function optionalText(value: string | null | undefined): string | null {
  const text = cleanText(value ?? '')
  return text ? text : null
}

/** "15:30" = "14:00" + 90 minutes, rounded up to a quarter hour and kept within the day. */
function timeAfter(time: string, minutes: number): string {
  const [h, m] = time.split(':').map(Number)
  const total = Math.min(Math.ceil((h * 60 + m + minutes) / 15) * 15, 23 * 60)
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`
}

/**
 * The months of a year in which a cell has a regular or combined meeting (even a cancelled one). The
 * unary `+` keeps period_year out of index selection: on (cell, year) alone SQLite picks
 * meetings_period_idx (period_year, period_month, cell_id) and walks every cell's meetings of the year
 * (80 k at the full size); through meetings_cell_start_idx it reads the cell's own, about 80.
 */
function regularMonthsOf(db: Executor, cellId: string, year: number): Set<number> {
  return new Set(
    db
      .select({ month: meetings.periodMonth })
      .from(meetings)
      .where(and(eq(meetings.cellId, cellId), sql`+${meetings.periodYear} = ${year}`, inArray(meetings.type, ['regular', 'combined'])))
      .all()
      .map((r) => r.month),
  )
}

/** Meetings of a cell belonging to a period (year, month), of the given types. */
function meetingsOfPeriod(db: Executor, cellId: string, year: number, month: number, types: MeetingType[], withCancelled = false) {
  return db
    .select()
    .from(meetings)
    .where(
      and(
        eq(meetings.cellId, cellId),
        eq(meetings.periodYear, year),
        eq(meetings.periodMonth, month),
        inArray(meetings.type, types),
        withCancelled ? undefined : ne(meetings.status, 'cancelled'),
      ),
    )
    .orderBy(asc(meetings.startsAt))
    .all()
}

function describeMeeting(m: Pick<Meeting, 'type' | 'topic' | 'periodYear' | 'periodMonth' | 'startsAt'>): string {
  return `${meetingTitle(m)} (${formatUiDateShort(m.startsAt)} ${formatTime(m.startsAt)})`
}

// ---------------------------------------------------------------------------------------------
// Generating the year

/**
 * Creates the year's regular meetings from the cell's effective settings (meeting-day rule, default
 * time and place, minimum length) for the months that have none yet. Idempotent: a month that already
 * has a regular or combined meeting for its period — even a cancelled one, whose cancellation was a
 * decision of the cell — is left alone, so running it twice creates nothing the second time.
 */
export function generateYearPlan(db: DB, ctx: ActorContext, cellId: string, year: number): { created: number; meetingIds: string[] } {
  assertYear(year)
  return db.transaction((tx) => {
    const cell = cellForPlanning(tx, ctx.actor, cellId)
    const settings = effectiveSettings(tx, cell)
    const taken = regularMonthsOf(tx, cell.id, year)
    const missing = planYear({ year, settings }).filter((p) => !taken.has(p.month))
    if (missing.length === 0) return { created: 0, meetingIds: [] }
    const rows = tx
      .insert(meetings)
      .values(
        missing.map((p) => ({
          cellId: cell.id,
          type: 'regular' as const,
          periodYear: p.year,
          periodMonth: p.month,
          startsAt: p.startsAt,
          plannedMinutes: p.plannedMinutes,
          place: optionalText(settings.defaultMeetingPlace),
          status: 'planned' as const,
        })),
      )
      .returning({ id: meetings.id })
      .all()
    writeAudit(tx, ctx, {
      action: 'meeting.plan_year',
      entityType: 'organization',
      entityId: cell.id,
      orgPath: cell.path,
      summary: `Tạo kế hoạch sinh hoạt năm ${year}: ${rows.length} buổi sinh hoạt thường kỳ (${describeDayRule(settings.meetingDayRule)}, ${settings.defaultMeetingTime})`,
      details: { year, months: missing.map((p) => p.month), meetingIds: rows.map((r) => r.id) },
    })
    return { created: rows.length, meetingIds: rows.map((r) => r.id) }
  })
}

// ---------------------------------------------------------------------------------------------
// Thematic meetings

export type ThematicInput = {
  year: number
  month: number
  /** Hà Nội date 'YYYY-MM-DD'; by default the day of the month's regular meeting. */
  date?: string | null
  /** 'HH:mm'; by default right after the regular meeting of that day (or the default meeting time). */
  time?: string | null
  topic: string
  drafterMemberId?: string | null
  plannedMinutes?: number | null
  /** Hold it inside the month's regular meeting (thường kỳ kết hợp chuyên đề) instead of separately. */
  combined?: boolean
}

/**
 * Plans the thematic topic of a month: a separate thematic meeting (members may send contributions),
 * or, with `combined`, turns that month's regular meeting into a combined one of at least
 * `minCombinedMinutes` (creating it on the rule's day if the month has none).
 */
export function planThematic(db: DB, ctx: ActorContext, cellId: string, input: ThematicInput): Meeting {
  assertYear(input.year)
  if (!Number.isInteger(input.month) || input.month < 1 || input.month > 12) throw new AppError(422, 'Tháng không hợp lệ.', 'month')
  return db.transaction((tx) => {
    const cell = cellForPlanning(tx, ctx.actor, cellId)
    const settings = effectiveSettings(tx, cell)
    const type: MeetingType = input.combined ? 'combined' : 'thematic'
    const topic = requireTopic(input.topic, type)
    const drafter = drafterOf(tx, cell.id, input.drafterMemberId)
    const period = monthLabel(input.year, input.month)
    if (input.date && (Number(input.date.slice(0, 4)) !== input.year || Number(input.date.slice(5, 7)) !== input.month)) {
      throw new AppError(422, `Ngày họp phải thuộc ${period}.`, 'date')
    }
    const regular = meetingsOfPeriod(tx, cell.id, input.year, input.month, ['regular', 'combined'])

    if (input.combined) {
      const existing = regular[0]
      if (existing?.type === 'combined') {
        throw new AppError(422, `Buổi sinh hoạt ${period} đã là buổi thường kỳ kết hợp chuyên đề ("${existing.topic ?? ''}"). Muốn đổi chủ đề, hãy sửa thông tin buổi đó.`)
      }
      if (existing) {
        assertOpen(existing)
        if (HELD_STATUSES.includes(existing.status)) {
          throw new AppError(422, `Buổi sinh hoạt thường kỳ ${period} đã diễn ra nên không thể kết hợp chuyên đề vào buổi đó; hãy lên kế hoạch một buổi chuyên đề riêng.`)
        }
        const row = tx
          .update(meetings)
          .set({
            type: 'combined',
            topic,
            drafterMemberId: drafter?.id ?? null,
            contributionsOpen: true,
            plannedMinutes: input.plannedMinutes ?? Math.max(existing.plannedMinutes ?? 0, settings.minCombinedMinutes),
            version: sql`${meetings.version} + 1`,
            updatedAt: new Date().toISOString(),
          })
          .where(and(eq(meetings.id, existing.id), eq(meetings.version, existing.version)))
          .returning()
          .get()
        if (!row) throw conflict()
        writeAudit(tx, ctx, {
          action: 'meeting.plan_thematic',
          entityType: 'meeting',
          entityId: row.id,
          orgPath: cell.path,
          summary: `Kết hợp chuyên đề "${topic}" vào buổi sinh hoạt thường kỳ ${period}${drafter ? `; đ/c ${drafter.fullName} dự thảo` : ''}`,
          details: diffFields(existing, row),
        })
        return row
      }
    } else {
      const same = meetingsOfPeriod(tx, cell.id, input.year, input.month, ['thematic'])
      if (same.length > 0) {
        throw new AppError(
          422,
          `${capitalize(period)} đã có buổi sinh hoạt chuyên đề "${same[0].topic ?? ''}" (ngày ${formatUiDateShort(same[0].startsAt)}). Muốn đổi chủ đề hay người dự thảo, hãy sửa thông tin buổi đó.`,
          'month',
        )
      }
    }

    // A new meeting: on the given day, else the day of the month's regular meeting (or the rule's day).
    const anchor = regular[0]
    const date = input.date || (anchor ? localDateOf(anchor.startsAt) : meetingDateInMonth(settings.meetingDayRule, input.year, input.month))
    let time = input.time || settings.defaultMeetingTime
    if (!input.time && !input.combined && anchor && localDateOf(anchor.startsAt) === date) {
      time = timeAfter(formatTime(anchor.startsAt), anchor.plannedMinutes ?? settings.minRegularMinutes)
    }
    const row = tx
      .insert(meetings)
      .values({
        cellId: cell.id,
        type,
        topic,
        periodYear: input.year,
        periodMonth: input.month,
        startsAt: instantOf(date, time),
        plannedMinutes: input.plannedMinutes ?? (input.combined ? settings.minCombinedMinutes : settings.minRegularMinutes),
        place: optionalText(settings.defaultMeetingPlace),
        drafterMemberId: drafter?.id ?? null,
        contributionsOpen: true,
        status: 'planned',
      })
      .returning()
      .get()
    writeAudit(tx, ctx, {
      action: 'meeting.plan_thematic',
      entityType: 'meeting',
      entityId: row.id,
      orgPath: cell.path,
      summary: `Lên kế hoạch ${MEETING_TYPE_LABELS[type].toLowerCase()} quý ${ROMAN[quarterOf(input.month)]}: "${topic}", ${describeWhen(row.startsAt)}${drafter ? `; đ/c ${drafter.fullName} dự thảo` : ''}`,
    })
    return row
  })
}

// ---------------------------------------------------------------------------------------------
// Any other meeting

export type NewMeetingInput = {
  type: MeetingType
  /** Hà Nội date 'YYYY-MM-DD'. */
  date: string
  /** 'HH:mm', Hà Nội. */
  time: string
  topic?: string | null
  place?: string | null
  plannedMinutes?: number | null
  form?: MeetingForm | null
  drafterMemberId?: string | null
}

/**
 * Adds one meeting: extraordinary, committee, annual review, congress, admission — or a thematic
 * one, or a regular/combined one for a month that has none (a cancelled one does not count).
 */
export function createMeeting(db: DB, ctx: ActorContext, cellId: string, input: NewMeetingInput): Meeting {
  return db.transaction((tx) => {
    const cell = cellForPlanning(tx, ctx.actor, cellId)
    const settings = effectiveSettings(tx, cell)
    const startsAt = instantOf(input.date, input.time)
    const { periodYear, periodMonth } = periodOf(startsAt)
    assertYear(periodYear)
    const thematicLike = input.type === 'thematic' || input.type === 'combined'
    const topic = thematicLike ? requireTopic(input.topic, input.type) : optionalText(input.topic)
    const drafter = drafterOf(tx, cell.id, input.drafterMemberId)
    const period = monthLabel(periodYear, periodMonth)

    if (input.type === 'regular' || input.type === 'combined') {
      const existing = meetingsOfPeriod(tx, cell.id, periodYear, periodMonth, ['regular', 'combined'])[0]
      if (existing) {
        throw new AppError(
          422,
          `${capitalize(period)} đã có buổi ${MEETING_TYPE_LABELS[existing.type].toLowerCase()} (ngày ${formatUiDateShort(existing.startsAt)}, ${formatTime(existing.startsAt)}). Nếu cần đổi ngày, hãy dời lịch buổi đó${input.type === 'combined' ? '; muốn kết hợp chuyên đề, hãy dùng "Lên kế hoạch chuyên đề" trên trang kế hoạch năm' : ''}.`,
          'date',
        )
      }
    }
    if (input.type === 'thematic') {
      const same = meetingsOfPeriod(tx, cell.id, periodYear, periodMonth, ['thematic'])[0]
      if (same) {
        throw new AppError(422, `${capitalize(period)} đã có buổi sinh hoạt chuyên đề "${same.topic ?? ''}" (ngày ${formatUiDateShort(same.startsAt)}).`, 'date')
      }
    }

    const row = tx
      .insert(meetings)
      .values({
        cellId: cell.id,
        type: input.type,
        topic,
        periodYear,
        periodMonth,
        startsAt,
        plannedMinutes: input.plannedMinutes ?? minimumMinutes(input.type, settings) ?? OTHER_DEFAULT_MINUTES[input.type] ?? null,
        place: optionalText(input.place) ?? optionalText(settings.defaultMeetingPlace),
        form: input.form ?? 'in_person',
        drafterMemberId: drafter?.id ?? null,
        contributionsOpen: thematicLike,
        status: 'planned',
      })
      .returning()
      .get()
    writeAudit(tx, ctx, {
      action: 'meeting.create',
      entityType: 'meeting',
      entityId: row.id,
      orgPath: cell.path,
      summary: `Thêm ${describeMeeting(row)}`,
    })
    return row
  })
}

// ---------------------------------------------------------------------------------------------
// Moving, postponing, cancelling, editing

export type RescheduleInput = {
  kind: 'move' | 'postpone'
  /** New Hà Nội date and time. */
  date: string
  time: string
  reason: string
  version: number
}

/**
 * Moves (dời lịch) or postpones (hoãn: to a later time) a meeting that has not started. The first
 * move keeps the original start in `movedFrom`; every move records its reason. The meeting keeps
 * its period (a January meeting moved to 2 February is still January's).
 */
export function rescheduleMeeting(db: DB, ctx: ActorContext, meetingId: string, input: RescheduleInput): Meeting {
  return db.transaction((tx) => {
    const before = getMeeting(tx, ctx.actor, meetingId, 'meeting:plan')
    assertNotHeld(before, input.kind)
    const to = instantOf(input.date, input.time)
    const check = validateReschedule({ action: input.kind, from: before.startsAt, to, reason: input.reason })
    if (!check.ok) {
      const field = check.errors.to ? 'date' : 'reason'
      throw new AppError(422, [check.errors.to, check.errors.reason].filter(Boolean).join(' '), field)
    }
    const reason = cleanText(input.reason)
    const row = tx
      .update(meetings)
      .set({
        startsAt: to,
        movedFrom: before.movedFrom ?? before.startsAt,
        moveReason: reason,
        version: sql`${meetings.version} + 1`,
        updatedAt: new Date().toISOString(),
      })
      .where(and(eq(meetings.id, meetingId), eq(meetings.version, input.version)))
      .returning()
      .get()
    if (!row) throw conflict()
    const verb = input.kind === 'postpone' ? 'Hoãn' : 'Dời lịch'
    writeAudit(tx, ctx, {
      action: input.kind === 'postpone' ? 'meeting.postpone' : 'meeting.move',
      entityType: 'meeting',
      entityId: meetingId,
      orgPath: before.cell.path,
      summary: `${verb} ${meetingTitle(before)} từ ${describeWhen(before.startsAt)} sang ${describeWhen(to)}. Lý do: ${reason}`,
      details: { from: before.startsAt, to, reason },
    })
    return row
  })
}

/** Cancels a meeting that has not started, with its reason (status cancelled + cancelledReason). */
export function cancelMeeting(db: DB, ctx: ActorContext, meetingId: string, input: { reason: string; version: number }): Meeting {
  return db.transaction((tx) => {
    const before = getMeeting(tx, ctx.actor, meetingId, 'meeting:plan')
    assertNotHeld(before, 'cancel')
    const check = validateReschedule({ action: 'cancel', from: before.startsAt, reason: input.reason })
    if (!check.ok) throw new AppError(422, check.errors.reason ?? 'Vui lòng ghi lý do hủy buổi sinh hoạt.', 'reason')
    const reason = cleanText(input.reason)
    const row = tx
      .update(meetings)
      .set({ status: 'cancelled', cancelledReason: reason, version: sql`${meetings.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(meetings.id, meetingId), eq(meetings.version, input.version)))
      .returning()
      .get()
    if (!row) throw conflict()
    writeAudit(tx, ctx, {
      action: 'meeting.cancel',
      entityType: 'meeting',
      entityId: meetingId,
      orgPath: before.cell.path,
      summary: `Hủy ${describeMeeting(before)}. Lý do: ${reason}`,
      details: { from: before.status, reason },
    })
    return row
  })
}

export type MeetingDetailsInput = {
  place: string | null
  plannedMinutes: number | null
  form: MeetingForm
  topic: string | null
  drafterMemberId: string | null
  contributionsOpen: boolean
  /** A new start time on the same day ('HH:mm'); a new day goes through rescheduleMeeting with a reason. */
  time?: string | null
  version: number
}

const DETAIL_LABELS = {
  place: 'địa điểm',
  plannedMinutes: 'thời lượng dự kiến',
  form: 'hình thức',
  topic: 'nội dung',
  drafterMemberId: 'người dự thảo',
  contributionsOpen: 'việc nhận ý kiến đóng góp',
  startsAt: 'giờ họp',
} as const

/** Edits place, planned length, form, topic, drafter, contributions and the time of day (nothing changed: nothing written). */
export function updateMeetingDetails(db: DB, ctx: ActorContext, meetingId: string, input: MeetingDetailsInput): Meeting {
  return db.transaction((tx) => {
    const before = getMeeting(tx, ctx.actor, meetingId, 'meeting:plan')
    assertOpen(before)
    const thematicLike = before.type === 'thematic' || before.type === 'combined'
    const topic = thematicLike ? requireTopic(input.topic, before.type) : optionalText(input.topic)
    const drafter = drafterOf(tx, before.cellId, input.drafterMemberId)
    if (input.plannedMinutes !== null && (!Number.isInteger(input.plannedMinutes) || input.plannedMinutes < 10 || input.plannedMinutes > 720)) {
      throw new AppError(422, 'Thời lượng dự kiến phải từ 10 đến 720 phút.', 'plannedMinutes')
    }
    let startsAt = before.startsAt
    if (input.time && input.time !== formatTime(before.startsAt)) {
      if (HELD_STATUSES.includes(before.status)) throw new AppError(422, 'Buổi sinh hoạt đã bắt đầu nên không thể đổi giờ họp.', 'time')
      try {
        startsAt = zonedInstant(localDateOf(before.startsAt), input.time)
      } catch {
        throw new AppError(422, 'Giờ họp không hợp lệ; hãy nhập dạng 14:00.', 'time')
      }
    }
    const values = {
      place: optionalText(input.place),
      plannedMinutes: input.plannedMinutes,
      form: input.form,
      topic,
      drafterMemberId: drafter?.id ?? null,
      contributionsOpen: before.type === 'thematic' ? true : input.contributionsOpen,
      startsAt,
    }
    const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => values[k] !== before[k])
    if (before.version !== input.version) throw conflict()
    if (changed.length === 0) return before
    const row = tx
      .update(meetings)
      .set({ ...values, version: sql`${meetings.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(meetings.id, meetingId), eq(meetings.version, input.version)))
      .returning()
      .get()
    if (!row) throw conflict()
    writeAudit(tx, ctx, {
      action: 'meeting.update',
      entityType: 'meeting',
      entityId: meetingId,
      orgPath: before.cell.path,
      summary: `Sửa ${changed.map((k) => DETAIL_LABELS[k]).join(', ')} của ${describeMeeting(row)}`,
      details: diffFields(before, row),
    })
    return row
  })
}

// ---------------------------------------------------------------------------------------------
// Reading

export type PlanMeeting = {
  id: string
  type: MeetingType
  status: MeetingStatus
  title: string
  topic: string | null
  /** ISO UTC. */
  startsAt: string
  /** Hà Nội 'YYYY-MM-DD' and 'HH:mm'. */
  date: string
  time: string
  month: number
  periodYear: number
  periodMonth: number
  plannedMinutes: number | null
  place: string | null
  form: MeetingForm
  drafterMemberId: string | null
  drafterName: string | null
  contributionsOpen: boolean
  published: boolean
  publishedAt: string | null
  movedFrom: string | null
  moveReason: string | null
  cancelledReason: string | null
  version: number
}

export type MonthSummary = {
  month: number
  /** The regular or combined meeting held (by date) in the month, if any. */
  regular: PlanMeeting | null
  /** Cancelled regular meetings of the month (shown with their reason). */
  cancelled: PlanMeeting[]
  thematic: PlanMeeting[]
  /** Other meetings of the month (extraordinary, committee…), not cancelled. */
  others: PlanMeeting[]
  /** Warnings about this month or its meetings. */
  warnings: ScheduleWarning[]
}

export type ThematicSlotView = {
  quarter: number
  month: number
  fromSettings: boolean
  planned: PlanMeeting[]
}

function toPlanMeeting(m: Meeting, drafterNames: Map<string, string>): PlanMeeting {
  const date = localDateOf(m.startsAt)
  return {
    id: m.id,
    type: m.type,
    status: m.status,
    title: meetingTitle(m),
    topic: m.topic,
    startsAt: m.startsAt,
    date,
    time: formatTime(m.startsAt),
    month: Number(date.slice(5, 7)),
    periodYear: m.periodYear,
    periodMonth: m.periodMonth,
    plannedMinutes: m.plannedMinutes,
    place: m.place,
    form: m.form,
    drafterMemberId: m.drafterMemberId,
    drafterName: m.drafterMemberId ? (drafterNames.get(m.drafterMemberId) ?? null) : null,
    contributionsOpen: m.contributionsOpen,
    published: isPublished(m),
    publishedAt: m.publishedAt,
    movedFrom: m.movedFrom,
    moveReason: m.moveReason,
    cancelledReason: m.cancelledReason,
    version: m.version,
  }
}

function memberNames(db: Executor, ids: (string | null)[]): Map<string, string> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))]
  if (wanted.length === 0) return new Map()
  return new Map(
    db
      .select({ id: members.id, fullName: members.fullName })
      .from(members)
      .where(inArray(members.id, wanted))
      .all()
      .map((r) => [r.id, r.fullName]),
  )
}

/** Hà Nội "today", 'YYYY-MM-DD'. */
export function planToday(now = new Date()): string {
  return toIsoDate(now)
}

/**
 * Everything the year-plan page shows: the cell, its effective settings, the year's meetings with
 * their titles, a summary per month, the secretary's warnings (scheduleWarnings, today in Hà Nội)
 * and the thematic slot of each quarter with what is planned in it. Readable with 'meeting:read'.
 */
export function yearPlanView(db: Executor, actor: Actor, cellId: string, year: number, today = planToday()) {
  assertYear(year)
  const { cell, meetings: rows } = listCellMeetings(db, actor, cellId, year)
  const settings: OrgSettings = effectiveSettings(db, cell)
  const names = memberNames(
    db,
    rows.map((m) => m.drafterMemberId),
  )
  const list = rows.map((m) => toPlanMeeting(m, names))
  const scheduleInput: ScheduleMeeting[] = rows.map((m) => ({
    id: m.id,
    type: m.type,
    status: m.status,
    startsAt: m.startsAt,
    plannedMinutes: m.plannedMinutes,
    publishedAt: isPublished(m) ? m.publishedAt : null,
  }))
  const warnings = scheduleWarnings({ year, meetings: scheduleInput, settings, today })
  const byId = new Map(list.map((m) => [m.id, m]))

  const months: MonthSummary[] = Array.from({ length: 12 }, (_, i) => {
    const month = i + 1
    const inMonth = list.filter((m) => m.month === month)
    const live = inMonth.filter((m) => m.status !== 'cancelled')
    return {
      month,
      regular: live.find((m) => m.type === 'regular' || m.type === 'combined') ?? null,
      cancelled: inMonth.filter((m) => m.status === 'cancelled' && (m.type === 'regular' || m.type === 'combined')),
      thematic: live.filter((m) => m.type === 'thematic' || m.type === 'combined'),
      others: live.filter((m) => m.type !== 'regular' && m.type !== 'combined' && m.type !== 'thematic'),
      warnings: warnings.filter((w) => w.month === month || (w.meetingId !== undefined && byId.get(w.meetingId)?.month === month)),
    }
  })

  const slots: ThematicSlotView[] = thematicSlots(year, settings).map((s) => ({
    quarter: s.quarter,
    month: s.month,
    fromSettings: s.fromSettings,
    planned: list.filter((m) => (m.type === 'thematic' || m.type === 'combined') && m.status !== 'cancelled' && quarterOf(m.month) === s.quarter),
  }))

  // Months whose period has no regular/combined meeting at all: what generateYearPlan would create.
  const plannedPeriods = regularMonthsOf(db, cell.id, year)

  return {
    cell: { id: cell.id, name: cell.name, kind: cell.kind, path: cell.path },
    year,
    today,
    settings,
    dayRuleText: describeDayRule(settings.meetingDayRule),
    meetings: list,
    months,
    warnings,
    slots,
    monthsToGenerate: Array.from({ length: 12 }, (_, i) => i + 1).filter((m) => !plannedPeriods.has(m)),
    may: {
      plan: can(actor, 'meeting:plan', { orgPath: cell.path }),
      seeWarnings:
        can(actor, 'meeting:plan', { orgPath: cell.path }) ||
        can(actor, 'meeting:record', { orgPath: cell.path }) ||
        can(actor, 'inspection:read', { orgPath: cell.path }),
    },
  }
}
export type YearPlanView = ReturnType<typeof yearPlanView>

export type ScheduleHistoryEntry = { at: string; username: string | null; action: string; summary: string; reason: string | null }

/**
 * The scheduling page of one meeting (planners only): the meeting, the cell's settings and members
 * for the drafter picker, and the history of its planning changes from the audit log.
 */
export function meetingScheduleView(db: Executor, actor: Actor, meetingId: string) {
  const meeting: ScopedMeeting = getMeeting(db, actor, meetingId, 'meeting:plan')
  const settings = effectiveSettings(db, meeting.cell)
  const names = memberNames(db, [meeting.drafterMemberId])
  const history: ScheduleHistoryEntry[] = db
    .select({ at: auditLog.at, username: auditLog.username, action: auditLog.action, summary: auditLog.summary, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'meeting'), eq(auditLog.entityId, meeting.id), sql`${auditLog.action} LIKE 'meeting.%'`))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(50)
    .all()
    .map((r) => ({
      at: r.at,
      username: r.username,
      action: r.action,
      summary: r.summary,
      reason: typeof r.details?.reason === 'string' ? r.details.reason : null,
    }))
  return {
    meeting: toPlanMeeting(meeting, names),
    cell: { id: meeting.cell.id, name: meeting.cell.name },
    settings,
    history,
    minimumMinutes: minimumMinutes(meeting.type, settings),
  }
}

/**
 * What the "add a meeting" form needs (planners only): the cell, its settings, its members for the
 * drafter picker, and a suggested date — the rule's day of the requested month, else today.
 */
export function newMeetingForm(db: Executor, actor: Actor, cellId: string, opts: { year?: number; month?: number } = {}, today = planToday()) {
  const cell = cellForPlanning(db, actor, cellId)
  const settings = effectiveSettings(db, cell)
  const year = opts.year ?? Number(today.slice(0, 4))
  const date =
    opts.month && opts.month >= 1 && opts.month <= 12 && year >= PLAN_YEAR_MIN && year <= PLAN_YEAR_MAX
      ? meetingDateInMonth(settings.meetingDayRule, year, opts.month)
      : today
  return {
    cell: { id: cell.id, name: cell.name },
    settings,
    suggestedDate: date,
    members: cellMemberOptions(db, cell.id),
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

const ROMAN = ['', 'I', 'II', 'III', 'IV']

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function describeWhen(startsAt: string): string {
  return `${formatTime(startsAt)} ngày ${formatUiDateShort(startsAt)}`
}

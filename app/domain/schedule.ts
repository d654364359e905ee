// The cell's year plan and the secretary's schedule warnings (DOMAIN §3). Pure functions: no I/O, no clock —
// "today" is always passed in. Every instant is read in Hà Nội time (vn-date.ts), whatever the server's zone.
import {
  MEETING_STATUSES,
  MEETING_STATUS_LABELS,
  MEETING_TYPES,
  MEETING_TYPE_LABELS,
  type MeetingDayRule,
  type MeetingStatus,
  type MeetingType,
  type OrgSettings,
} from './constants'
import { daysInMonth, formatTime, formatUiDateShort, fromVnWallTime, toIsoDate, toZonedParts } from './vn-date'

export { MEETING_STATUSES, MEETING_STATUS_LABELS, MEETING_TYPES, MEETING_TYPE_LABELS }
export type { MeetingStatus, MeetingType }

// ---------------------------------------------------------------------------------------------
// Dates and instants

/**
 * The date a meeting-day rule gives in a month, as 'YYYY-MM-DD':
 * - day_of_month: that day, clamped to the month's length (day 31 → 28/29 February, 30 April);
 * - nth_weekday: the n-th (1–4) given weekday (0 = Sunday … 6 = Saturday);
 * - last_weekday: the month's last given weekday.
 * Throws RangeError on a rule or month that makes no sense.
 */
export function meetingDateInMonth(rule: MeetingDayRule, year: number, month: number): string {
  if (!Number.isInteger(year) || year < 1 || year > 9999 || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Invalid month: ${year}-${month}`)
  }
  const length = daysInMonth(year, month)
  let day: number
  switch (rule.kind) {
    case 'day_of_month': {
      if (!Number.isInteger(rule.day) || rule.day < 1 || rule.day > 31) throw new RangeError(`Invalid day: ${rule.day}`)
      day = Math.min(rule.day, length)
      break
    }
    case 'nth_weekday': {
      assertWeekday(rule.weekday)
      if (!Number.isInteger(rule.n) || rule.n < 1 || rule.n > 4) throw new RangeError(`Invalid week number: ${rule.n}`)
      const first = weekdayOfDate(year, month, 1)
      day = 1 + ((rule.weekday - first + 7) % 7) + 7 * (rule.n - 1)
      break
    }
    case 'last_weekday': {
      assertWeekday(rule.weekday)
      const last = weekdayOfDate(year, month, length)
      day = length - ((last - rule.weekday + 7) % 7)
      break
    }
    default:
      throw new RangeError(`Unknown meeting-day rule: ${JSON.stringify(rule)}`)
  }
  return isoDate(year, month, day)
}

/** A Hà Nội wall time → the instant as ISO UTC: ('2026-02-05', '14:00') → '2026-02-05T07:00:00.000Z'. */
export function zonedInstant(date: string, time: string): string {
  return fromVnWallTime(date, time).toISOString()
}

/** The Hà Nội calendar date of an instant: '2026-02-28T23:00:00.000Z' → '2026-03-01'. */
export function localDateOf(instantIso: string): string {
  return toIsoDate(instantIso)
}

/**
 * When a meeting's documents must be published at the latest (DOMAIN §3.2: "available at least N day(s)
 * before"): the end of the Hà Nội day N days before the meeting's Hà Nội date, i.e.
 * (meeting date − N days) 23:59:59.999 Hà Nội, returned as ISO UTC. A meeting on 05/02/2026 with N = 1 →
 * 04/02/2026 23:59:59.999 Hà Nội = '2026-02-04T16:59:59.999Z'; publishing at that instant is on time,
 * any later is late. With N ≤ 0 the deadline is the meeting's start.
 */
export function publicationDeadline(startsAt: string, leadDays: number): string {
  if (!(leadDays >= 1)) return new Date(startsAt).toISOString()
  const lastDay = addCalendarDays(localDateOf(startsAt), -Math.floor(leadDays))
  return new Date(fromVnWallTime(lastDay, '23:59:59').getTime() + 999).toISOString()
}

// ---------------------------------------------------------------------------------------------
// Year plan

export type PlannedMeeting = {
  type: 'regular' | 'combined'
  year: number
  month: number
  /** Hà Nội date, 'YYYY-MM-DD'. */
  date: string
  /** ISO UTC. */
  startsAt: string
  plannedMinutes: number
}

/**
 * One meeting a month on the rule's day at the default time, `minRegularMinutes` long. A thematic month
 * still gets its regular meeting: the thematic one is planned separately and does not replace it
 * (DOMAIN §3.1). With `combineThematic` the meetings of the thematic months become combined
 * ones (thường kỳ kết hợp chuyên đề) of `minCombinedMinutes`.
 */
export function planYear({
  year,
  settings,
  combineThematic = false,
}: {
  year: number
  settings: OrgSettings
  combineThematic?: boolean
}): PlannedMeeting[] {
  const thematic = new Set(settings.thematicMonths)
  return Array.from({ length: 12 }, (_, i) => {
    const month = i + 1
    const date = meetingDateInMonth(settings.meetingDayRule, year, month)
    const combined = combineThematic && thematic.has(month)
    return {
      type: combined ? 'combined' : 'regular',
      year,
      month,
      date,
      startsAt: zonedInstant(date, settings.defaultMeetingTime),
      plannedMinutes: combined ? settings.minCombinedMinutes : settings.minRegularMinutes,
    }
  })
}

/** 1–12 → 1–4. */
export function quarterOf(month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`Invalid month: ${month}`)
  return Math.ceil(month / 3)
}

export type ThematicSlot = {
  year: number
  quarter: number
  /** The suggested month for the quarter's thematic meeting. */
  month: number
  /** Whether the month comes from settings.thematicMonths (false: the quarter's last month, by default). */
  fromSettings: boolean
}

/** For each quarter, the month to plan its thematic meeting in: the first thematic month of the quarter, else its last month. */
export function thematicSlots(year: number, settings: Pick<OrgSettings, 'thematicMonths'>): ThematicSlot[] {
  return [1, 2, 3, 4].map((quarter) => {
    const months = settings.thematicMonths
      .filter((m) => Number.isInteger(m) && m >= 1 && m <= 12 && quarterOf(m) === quarter)
      .sort((a, b) => a - b)
    return months.length > 0
      ? { year, quarter, month: months[0], fromSettings: true }
      : { year, quarter, month: quarter * 3, fromSettings: false }
  })
}

/** The planned-duration minimum of a meeting type, or null when the type has none (committee and the rest). */
export function minimumMinutes(type: MeetingType, settings: Pick<OrgSettings, 'minRegularMinutes' | 'minCombinedMinutes'>): number | null {
  switch (type) {
    case 'regular':
    case 'thematic':
    case 'extraordinary':
      return settings.minRegularMinutes
    case 'combined':
      return settings.minCombinedMinutes
    default:
      return null
  }
}

// ---------------------------------------------------------------------------------------------
// Warnings

export type ScheduleMeeting = {
  id: string
  type: MeetingType
  status: MeetingStatus
  /** ISO UTC. */
  startsAt: string
  plannedMinutes: number | null
  /** ISO UTC, null while the agenda is not published. */
  publishedAt: string | null
  cancelled?: boolean
}

export const SCHEDULE_WARNING_CODES = ['missing_regular', 'missing_thematic', 'agenda_late', 'agenda_due', 'short_duration'] as const
export type ScheduleWarningCode = (typeof SCHEDULE_WARNING_CODES)[number]

export type ScheduleWarning = {
  code: ScheduleWarningCode
  /** 1–12: the uncovered month, or the month of the meeting concerned. */
  month?: number
  /** 1–4: the uncovered quarter. */
  quarter?: number
  meetingId?: string
  /** What the secretary reads, in Vietnamese. */
  message: string
  severity: 'warning' | 'info'
}
export type Warning = ScheduleWarning

/** An unpublished agenda whose deadline falls within this many days from today is reported as due. */
export const AGENDA_DUE_WINDOW_DAYS = 3

/**
 * The secretary's warnings for one plan year, in this order: uncovered months, uncovered quarters, then
 * the meetings' own warnings in chronological order. Only meetings whose Hà Nội date falls in `year`
 * are considered; cancelled ones (status 'cancelled' or `cancelled: true`) are ignored altogether.
 *
 * - missing_regular: a month with no regular or combined meeting on a Hà Nội date in that month (a moved
 *   meeting counts where it now falls; an extraordinary or thematic one does not count). All 12 months
 *   of the year are checked, so a secretary planning next year sees every gap:
 *   a month that has started (its first day ≤ today) → warning "Tháng 02/2026 chưa có buổi sinh hoạt
 *   thường kỳ."; a month still to come → info "Tháng 05/2026 chưa lên kế hoạch sinh hoạt thường kỳ.".
 * - missing_thematic: the same per quarter, covered by a thematic or combined meeting
 *   ("Quý I/2026 chưa có buổi sinh hoạt chuyên đề." / "Quý III/2026 chưa lên kế hoạch sinh hoạt chuyên đề.").
 * - agenda_late (warning), for every meeting type but committee (chi ủy meetings are internal):
 *   published after publicationDeadline() → "… được gửi muộn (ngày dd/mm/yyyy) …" whatever today is;
 *   unpublished and today is after the deadline's Hà Nội date → "… chưa được gửi trước ít nhất N ngày.".
 *   With only a date for today, the deadline day itself is not yet late.
 * - agenda_due (info): unpublished, deadline date between today and today + AGENDA_DUE_WINDOW_DAYS.
 * - short_duration (warning): plannedMinutes under minimumMinutes() of the type.
 */
export function scheduleWarnings({
  year,
  meetings,
  settings,
  today,
}: {
  year: number
  meetings: readonly ScheduleMeeting[]
  settings: OrgSettings
  today: string
}): ScheduleWarning[] {
  const todayDate = toIsoDate(today)
  const dueLimit = addCalendarDays(todayDate, AGENDA_DUE_WINDOW_DAYS)
  const active = meetings
    .filter((m) => !m.cancelled && m.status !== 'cancelled')
    .map((m) => ({ meeting: m, date: localDateOf(m.startsAt) }))
    .filter((x) => Number(x.date.slice(0, 4)) === year)
    .sort((a, b) => Date.parse(a.meeting.startsAt) - Date.parse(b.meeting.startsAt))

  const warnings: ScheduleWarning[] = []

  const regularMonths = new Set(
    active.filter((x) => x.meeting.type === 'regular' || x.meeting.type === 'combined').map((x) => monthOfDate(x.date)),
  )
  for (let month = 1; month <= 12; month++) {
    if (regularMonths.has(month)) continue
    const label = `Tháng ${pad2(month)}/${year}`
    const started = isoDate(year, month, 1) <= todayDate
    warnings.push(
      started
        ? { code: 'missing_regular', month, severity: 'warning', message: `${label} chưa có buổi sinh hoạt thường kỳ.` }
        : { code: 'missing_regular', month, severity: 'info', message: `${label} chưa lên kế hoạch sinh hoạt thường kỳ.` },
    )
  }

  const thematicQuarters = new Set(
    active.filter((x) => x.meeting.type === 'thematic' || x.meeting.type === 'combined').map((x) => quarterOf(monthOfDate(x.date))),
  )
  for (let quarter = 1; quarter <= 4; quarter++) {
    if (thematicQuarters.has(quarter)) continue
    const label = `Quý ${ROMAN_QUARTERS[quarter]}/${year}`
    const started = isoDate(year, quarter * 3 - 2, 1) <= todayDate
    warnings.push(
      started
        ? { code: 'missing_thematic', quarter, severity: 'warning', message: `${label} chưa có buổi sinh hoạt chuyên đề.` }
        : { code: 'missing_thematic', quarter, severity: 'info', message: `${label} chưa lên kế hoạch sinh hoạt chuyên đề.` },
    )
  }

  const lead = settings.agendaLeadDays
  const leadText = lead >= 1 ? `trước ít nhất ${Math.floor(lead)} ngày` : 'trước giờ họp'
  for (const { meeting, date } of active) {
    const month = monthOfDate(date)
    const noun = MEETING_NOUNS[meeting.type]
    const when = `ngày ${formatUiDateShort(date)}`
    const base = { month, meetingId: meeting.id }

    if (meeting.type !== 'committee') {
      const deadline = publicationDeadline(meeting.startsAt, lead)
      const deadlineDate = localDateOf(deadline)
      if (meeting.publishedAt !== null) {
        if (Date.parse(meeting.publishedAt) > Date.parse(deadline)) {
          warnings.push({
            ...base,
            code: 'agenda_late',
            severity: 'warning',
            message: `Chương trình ${noun} ${when} được gửi muộn (ngày ${formatUiDateShort(meeting.publishedAt)}); cần gửi ${leadText}.`,
          })
        }
      } else if (todayDate > deadlineDate) {
        warnings.push({
          ...base,
          code: 'agenda_late',
          severity: 'warning',
          message: `Chương trình ${noun} ${when} chưa được gửi ${leadText}.`,
        })
      } else if (deadlineDate <= dueLimit) {
        warnings.push({
          ...base,
          code: 'agenda_due',
          severity: 'info',
          message: `Cần gửi chương trình ${noun} ${when} chậm nhất ngày ${formatUiDateShort(deadlineDate)}.`,
        })
      }
    }

    const min = minimumMinutes(meeting.type, settings)
    if (min !== null && meeting.plannedMinutes !== null && meeting.plannedMinutes < min) {
      warnings.push({
        ...base,
        code: 'short_duration',
        severity: 'warning',
        message: `${capitalize(noun)} ${when}: thời lượng dự kiến ${meeting.plannedMinutes} phút, dưới mức tối thiểu ${min} phút.`,
      })
    }
  }
  return warnings
}

// ---------------------------------------------------------------------------------------------
// Moving, postponing, cancelling

export const RESCHEDULE_ACTIONS = ['move', 'postpone', 'cancel'] as const
export type RescheduleAction = (typeof RESCHEDULE_ACTIONS)[number]
export const RESCHEDULE_ACTION_LABELS: Record<RescheduleAction, string> = {
  move: 'Dời lịch',
  postpone: 'Hoãn',
  cancel: 'Hủy',
}
export const MIN_RESCHEDULE_REASON_LENGTH = 5

export type RescheduleValidation = { ok: true } | { ok: false; errors: { reason?: string; to?: string } }

/**
 * Checks a move, postponement or cancellation before the database records it. `from` is the meeting's
 * current start and `to` the new one (ISO instants; `to` is ignored when cancelling). Every action needs
 * a reason of at least MIN_RESCHEDULE_REASON_LENGTH characters; a move needs a different start and a
 * postponement a later one.
 */
export function validateReschedule({
  action,
  from,
  to,
  reason,
}: {
  action: RescheduleAction
  from: string
  to?: string | null
  reason: string | null | undefined
}): RescheduleValidation {
  const errors: { reason?: string; to?: string } = {}
  if ((reason ?? '').trim().length < MIN_RESCHEDULE_REASON_LENGTH) {
    const what = action === 'cancel' ? 'hủy' : action === 'postpone' ? 'hoãn' : 'dời lịch'
    errors.reason = `Vui lòng ghi lý do ${what} buổi sinh hoạt (ít nhất ${MIN_RESCHEDULE_REASON_LENGTH} ký tự).`
  }
  if (action !== 'cancel') {
    const fromMs = Date.parse(from)
    const toMs = to ? Date.parse(to) : NaN
    if (Number.isNaN(toMs)) {
      errors.to = 'Vui lòng chọn ngày giờ mới của buổi sinh hoạt.'
    } else if (action === 'postpone' && !(toMs > fromMs)) {
      errors.to = `Hoãn buổi sinh hoạt thì ngày giờ mới phải sau thời điểm đã định (${formatUiDateShort(from)} ${formatTime(from)}).`
    } else if (action === 'move' && toMs === fromMs) {
      errors.to = 'Ngày giờ mới trùng với ngày giờ đã định; vui lòng chọn thời điểm khác.'
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true }
}

// ---------------------------------------------------------------------------------------------
// Helpers

const ROMAN_QUARTERS = ['', 'I', 'II', 'III', 'IV']

/** How a meeting is named inside a sentence ("Chương trình buổi sinh hoạt ngày …"). */
const MEETING_NOUNS: Record<MeetingType, string> = {
  regular: 'buổi sinh hoạt',
  thematic: 'buổi sinh hoạt chuyên đề',
  combined: 'buổi sinh hoạt',
  committee: 'buổi họp chi ủy',
  extraordinary: 'buổi sinh hoạt bất thường',
  annual_review: 'buổi kiểm điểm cuối năm',
  congress: 'đại hội chi bộ',
  admission: 'lễ kết nạp đảng viên',
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`
}

function monthOfDate(date: string): number {
  return Number(date.slice(5, 7))
}

function weekdayOfDate(year: number, month: number, day: number): number {
  return toZonedParts(isoDate(year, month, day)).weekday
}

function assertWeekday(weekday: number): void {
  if (!Number.isInteger(weekday) || weekday < 0 || weekday > 6) throw new RangeError(`Invalid weekday: ${weekday}`)
}

/** 'YYYY-MM-DD' plus `days` calendar days (plain date arithmetic: no time zone, no date-fns, so the
 * browser pages that import this module do not carry a time-zone library). */
function addCalendarDays(date: string, days: number): string {
  const p = toZonedParts(date)
  const d = new Date(0)
  d.setUTCFullYear(p.year, p.month - 1, p.day + days)
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

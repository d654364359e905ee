// Compliance of a cell's year (DOMAIN §9, ADR 007): for every month, what an inspector of the minutes
// book would say — held and signed on time, signed late, not signed, no meeting, cancelled — with the
// quarter's thematic meeting, attendance, unexcused absences and quality. Pure: no I/O and no clock,
// "now" is passed in. Months are Hà Nội calendar months of the meeting's actual start (a February
// meeting moved to 2 March counts for March).
import { absenceFlag, countUnexcusedByMemberYear, type AttendanceRow } from './absences'
import type { MeetingStatus, MeetingType } from './constants'
import { QUALITY_LEVEL_LABELS, type QualityLevel } from './quality'
import { toIsoDate } from './vn-date'

// ---------------------------------------------------------------------------------------------
// States and their words

export const COMPLIANCE_STATES = ['signed_on_time', 'signed_late', 'unsigned', 'missing', 'cancelled', 'planned', 'not_due', 'none'] as const
export type ComplianceState = (typeof COMPLIANCE_STATES)[number]

export type StateInfo = {
  /** A symbol that tells the state without colour. */
  icon: string
  /** What the grid cell says next to the icon. */
  short: string
  /** The full label (abbr title, legend, exports). */
  label: string
  /** What it means, for the legend. */
  description: string
}

export const COMPLIANCE_STATE_INFO: Record<ComplianceState, StateInfo> = {
  signed_on_time: { icon: '✓', short: 'Đúng hạn', label: 'Đã họp, biên bản ký đúng hạn', description: 'Đã sinh hoạt; biên bản được ký trong thời hạn quy định.' },
  signed_late: { icon: '◷', short: 'Ký muộn', label: 'Đã họp, biên bản ký muộn', description: 'Đã sinh hoạt; biên bản được ký sau thời hạn quy định.' },
  unsigned: { icon: '✎', short: 'Chưa ký', label: 'Đã họp, biên bản chưa ký', description: 'Đã đến ngày họp nhưng chưa có biên bản được ký.' },
  missing: { icon: '✗', short: 'Không họp', label: 'Không sinh hoạt', description: 'Tháng đã qua hoặc đang diễn ra mà không có buổi sinh hoạt nào (kể cả chưa lên lịch).' },
  cancelled: { icon: '⊘', short: 'Hủy', label: 'Buổi sinh hoạt bị hủy', description: 'Buổi sinh hoạt của tháng đã bị hủy (có ghi lý do) và không có buổi thay thế.' },
  planned: { icon: '○', short: 'Dự kiến', label: 'Đã lên lịch, chưa đến ngày họp', description: 'Đã có kế hoạch sinh hoạt; chưa đến ngày họp.' },
  not_due: { icon: '·', short: 'Chưa đến', label: 'Chưa đến kỳ, chưa có kế hoạch', description: 'Tháng chưa bắt đầu và chưa có kế hoạch sinh hoạt.' },
  none: { icon: '–', short: 'Không có', label: 'Không có buổi chuyên đề trong tháng', description: 'Tháng không có buổi sinh hoạt chuyên đề (chỉ trong chế độ xem chuyên đề).' },
}

/** The states a month can be in, by view: "none" only exists in the thematic view. */
export const COMPLIANCE_VIEWS = ['regular', 'thematic'] as const
export type ComplianceView = (typeof COMPLIANCE_VIEWS)[number]
export const COMPLIANCE_VIEW_LABELS: Record<ComplianceView, string> = {
  regular: 'Thường kỳ (hằng tháng)',
  thematic: 'Chuyên đề',
}
export function statesOfView(view: ComplianceView): ComplianceState[] {
  return COMPLIANCE_STATES.filter((s) => (view === 'thematic' ? s !== 'missing' && s !== 'not_due' : s !== 'none'))
}

/** "✓ Đúng hạn" */
export function stateText(state: ComplianceState): string {
  const info = COMPLIANCE_STATE_INFO[state]
  return `${info.icon} ${info.short}`
}

/** Which meetings satisfy a month in each view (DOMAIN §3.1): an extraordinary meeting never does. */
export function countsForView(type: MeetingType, view: ComplianceView): boolean {
  return view === 'regular' ? type === 'regular' || type === 'combined' : type === 'thematic' || type === 'combined'
}
export function isThematicLike(type: MeetingType): boolean {
  return type === 'thematic' || type === 'combined'
}

// ---------------------------------------------------------------------------------------------
// Input

export type ComplianceMeeting = {
  id: string
  type: MeetingType
  /** ISO instant (UTC). */
  startsAt: string
  status: MeetingStatus
  cancelledReason: string | null
  /** When the first version of the minutes was fully signed (ISO instant), or null. */
  signedAt: string | null
  quality: QualityLevel | null
  /** Attendance recorded for the meeting, or null when none was recorded. */
  attendance: { present: number; expected: number; unexcusedMemberIds: readonly string[] } | null
}

/** Meetings that never satisfy a month but are worth mentioning (extraordinary, annual review…). */
const OTHER_TYPES: readonly MeetingType[] = ['extraordinary', 'annual_review', 'congress', 'admission']

/** Statuses that say the meeting took place whatever its date. */
const HELD_STATUSES: readonly MeetingStatus[] = ['in_progress', 'minutes_draft', 'signing', 'signed']

/** Held: not cancelled, and either its start has passed or it is recorded as started. */
export function isHeld(m: Pick<ComplianceMeeting, 'status' | 'startsAt' | 'signedAt'>, now: Date): boolean {
  if (m.status === 'cancelled') return false
  return HELD_STATUSES.includes(m.status) || m.signedAt !== null || Date.parse(m.startsAt) <= now.getTime()
}

/**
 * The instant from which the clock alone makes a meeting held (its start), or null when the clock
 * changes nothing for it (cancelled, already held, or recorded as held): how long a judged year stays
 * right without a change to the data.
 */
export function heldByClockFrom(m: Pick<ComplianceMeeting, 'status' | 'startsAt' | 'signedAt'>, now: Date): number | null {
  if (m.status === 'cancelled' || HELD_STATUSES.includes(m.status) || m.signedAt !== null) return null
  const ms = Date.parse(m.startsAt)
  return ms > now.getTime() ? ms : null
}

/** The next Hà Nội midnight after `now` (when "today" changes: overdue minutes, months that begin). */
export function nextHanoiMidnight(now: Date): number {
  return Date.parse(`${addDays(hanoiDate(now), 1)}T00:00:00+07:00`)
}

/** Whole Hà Nội calendar days from the meeting's date to the signing date (same day = 0). */
export function signDelayDays(startsAt: string, signedAt: string): number {
  return daysBetween(hanoiDate(startsAt), hanoiDate(signedAt))
}

/** Signed exactly N days after the meeting is on time; N + 1 days is late. */
export function isSignedOnTime(startsAt: string, signedAt: string, minutesSignDays: number): boolean {
  return signDelayDays(startsAt, signedAt) <= minutesSignDays
}

/** The last Hà Nội date on which the minutes are still on time ('YYYY-MM-DD'). */
export function signDeadline(startsAt: string, minutesSignDays: number): string {
  return addDays(hanoiDate(startsAt), minutesSignDays)
}

// ---------------------------------------------------------------------------------------------
// Output

export type MonthCompliance = {
  month: number
  state: ComplianceState
  /** The meeting the state is about (the best one of the month), if any. */
  meetingId: string | null
  /** Its Hà Nội date 'YYYY-MM-DD'. */
  meetingDate: string | null
  signedAt: string | null
  /** Days from the meeting to the signature (signed states). */
  signDelay: number | null
  /** Last on-time signing date (held meetings). */
  signDeadline: string | null
  /** Unsigned and past the deadline (the minutes are overdue). */
  overdue: boolean
  cancelledReason: string | null
  /** A non-cancelled thematic or combined meeting was held this month. */
  thematic: boolean
  /** A thematic or combined meeting is planned later this month. */
  thematicPlanned: boolean
  thematicMeetingId: string | null
  quality: QualityLevel | null
  attendance: { present: number; expected: number } | null
  /** Other meetings held this month (extraordinary, annual review, congress, admission): they never replace the monthly one. */
  otherHeld: number
}

export const QUARTER_MARKS = ['held', 'planned', 'missing', 'not_due'] as const
export type QuarterMark = (typeof QUARTER_MARKS)[number]
export const QUARTER_MARK_INFO: Record<QuarterMark, { icon: string; label: string }> = {
  held: { icon: '◆', label: 'Đã sinh hoạt chuyên đề' },
  planned: { icon: '◇', label: 'Đã lên lịch sinh hoạt chuyên đề' },
  missing: { icon: '✗', label: 'Thiếu sinh hoạt chuyên đề' },
  not_due: { icon: '·', label: 'Chưa đến quý' },
}
export const ROMAN_QUARTERS = ['I', 'II', 'III', 'IV'] as const

export type StateCounts = Record<ComplianceState, number>

export type UnexcusedFlag = { memberId: string; count: number; flag: 'warning' | 'flag' }

export type CellCompliance = {
  months: MonthCompliance[]
  /** Thematic mark of quarters I–IV. */
  quarters: QuarterMark[]
  /** Quarters (1–4) without a thematic meeting that are over or under way with none planned. */
  thematicMissingQuarters: number[]
  counts: StateCounts
  /** Months already judged: on time + late + overdue unsigned + missing + cancelled. */
  due: number
  onTime: number
  /** onTime / due, or null when nothing is due yet. */
  onTimeRate: number | null
  attendance: { present: number; expected: number; rate: number | null }
  /** Members with 2 (warning) or ≥3 (flag) unexcused absences in the year (DOMAIN §5). */
  unexcusedFlags: UnexcusedFlag[]
}

export function emptyCounts(): StateCounts {
  // A literal (not Object.fromEntries): one fast object shape for the 5,000 cells of an upper body.
  return { signed_on_time: 0, signed_late: 0, unsigned: 0, missing: 0, cancelled: 0, planned: 0, not_due: 0, none: 0 }
}

const STATE_RANK: Record<ComplianceState, number> = {
  signed_on_time: 0,
  signed_late: 1,
  unsigned: 2,
  planned: 3,
  cancelled: 4,
  missing: 5,
  not_due: 6,
  none: 7,
}

/**
 * A meeting with what every month and quarter asks of it, worked out once per cell-year: its Hà Nội
 * date and whether it was held (the grid judges 80 k meetings of an upper body in one request).
 */
type Prepared = { m: ComplianceMeeting; date: string; held: boolean }

function prepare(m: ComplianceMeeting, nowMs: number): Prepared {
  const held = m.status !== 'cancelled' && (HELD_STATUSES.includes(m.status) || m.signedAt !== null || Date.parse(m.startsAt) <= nowMs)
  return { m, date: hanoiDate(m.startsAt), held }
}

/** By start (the order the month's first planned and last cancelled meeting are read in). */
function byStart(a: Prepared, b: Prepared): number {
  return a.m.startsAt < b.m.startsAt ? -1 : a.m.startsAt > b.m.startsAt ? 1 : 0
}

type Judged = { state: ComplianceState; p: Prepared; signDelay: number | null; overdue: boolean }

function judgeHeld(p: Prepared, signDays: number, today: string): Judged {
  const { m } = p
  if (m.signedAt) {
    const delay = daysBetween(p.date, hanoiDate(m.signedAt))
    return { state: delay <= signDays ? 'signed_on_time' : 'signed_late', p, signDelay: delay, overdue: false }
  }
  return { state: 'unsigned', p, signDelay: null, overdue: today > addDays(p.date, signDays) }
}

/**
 * The state of one month from the meetings whose Hà Nội date falls in it:
 * - the best held meeting that counts for the view (on time > late > unsigned);
 * - else a counting meeting still to come → planned;
 * - else a cancelled counting meeting → cancelled (with its reason);
 * - else missing when the month has begun (regular view), not_due before it; "none" in the thematic view.
 */
export function judgeMonth(input: {
  year: number
  month: number
  meetings: readonly ComplianceMeeting[]
  minutesSignDays: number
  now: Date
  view?: ComplianceView
}): MonthCompliance {
  const { year, month, now } = input
  const key = ym(year, month)
  const nowMs = now.getTime()
  const ofMonth = input.meetings.flatMap((m) => (monthKey(m.startsAt) === key ? [prepare(m, nowMs)] : [])).sort(byStart)
  return judgePreparedMonth(year, month, ofMonth, input.minutesSignDays, hanoiDate(now), input.view ?? 'regular')
}

/** judgeMonth on the month's prepared meetings, in start order. */
function judgePreparedMonth(year: number, month: number, ofMonth: readonly Prepared[], minutesSignDays: number, today: string, view: ComplianceView): MonthCompliance {
  let judged: Judged | null = null
  let firstActive: Prepared | null = null
  let lastCounting: Prepared | null = null
  let thematicHeld: Prepared | null = null
  let thematicOpen: Prepared | null = null
  let thematicPlanned = false
  let otherHeld = 0
  for (const p of ofMonth) {
    const { type, status } = p.m
    if (countsForView(type, view)) {
      lastCounting = p
      if (status !== 'cancelled') {
        firstActive ??= p
        if (p.held) {
          const j = judgeHeld(p, minutesSignDays, today)
          if (!judged || STATE_RANK[j.state] < STATE_RANK[judged.state]) judged = j
        }
      }
    }
    if (isThematicLike(type)) {
      if (p.held) thematicHeld ??= p
      if (status !== 'cancelled') {
        thematicOpen ??= p
        if (!p.held) thematicPlanned = true
      }
    }
    if (p.held && OTHER_TYPES.includes(type)) otherHeld++
  }

  let state: ComplianceState
  let meeting: Prepared | null = judged?.p ?? null
  if (judged) state = judged.state
  else if (firstActive) {
    state = 'planned'
    meeting = firstActive
  } else if (lastCounting) {
    state = 'cancelled'
    meeting = lastCounting
  } else if (view === 'thematic') state = 'none'
  else state = ym(year, month) + '-01' <= today ? 'missing' : 'not_due'

  const heldMeeting = meeting?.held ? meeting.m : null
  return {
    month,
    state,
    meetingId: meeting?.m.id ?? null,
    meetingDate: meeting?.date ?? null,
    signedAt: judged?.p.m.signedAt ?? null,
    signDelay: judged?.signDelay ?? null,
    signDeadline: heldMeeting ? addDays(meeting!.date, minutesSignDays) : null,
    overdue: judged?.overdue ?? false,
    cancelledReason: state === 'cancelled' ? (meeting?.m.cancelledReason ?? null) : null,
    thematic: thematicHeld !== null,
    thematicPlanned,
    thematicMeetingId: (thematicHeld ?? thematicOpen)?.m.id ?? null,
    quality: heldMeeting?.quality ?? null,
    attendance: heldMeeting?.attendance ? { present: heldMeeting.attendance.present, expected: heldMeeting.attendance.expected } : null,
    otherHeld,
  }
}

/** Quarter q's thematic mark: held, planned, missing (begun with none held or planned), or not yet due. */
export function judgeQuarter(year: number, quarter: number, meetings: readonly ComplianceMeeting[], now: Date): QuarterMark {
  const months = new Set([1, 2, 3].map((i) => ym(year, quarter * 3 - 3 + i)))
  const nowMs = now.getTime()
  return quarterMark(year, quarter, meetings.flatMap((m) => (months.has(monthKey(m.startsAt)) ? [prepare(m, nowMs)] : [])), hanoiDate(now))
}

function quarterMark(year: number, quarter: number, ofQuarter: readonly Prepared[], today: string): QuarterMark {
  let planned = false
  for (const p of ofQuarter) {
    if (!isThematicLike(p.m.type) || p.m.status === 'cancelled') continue
    if (p.held) return 'held'
    planned = true
  }
  if (planned) return 'planned'
  return ym(year, quarter * 3 - 2) + '-01' <= today ? 'missing' : 'not_due'
}

/** A cell's whole year. */
export function cellCompliance(input: {
  year: number
  meetings: readonly ComplianceMeeting[]
  minutesSignDays: number
  now: Date
  view?: ComplianceView
}): CellCompliance {
  const { year, now, minutesSignDays } = input
  const view = input.view ?? 'regular'
  const today = hanoiDate(now)
  const nowMs = now.getTime()
  // Each meeting is prepared once; every month and quarter then looks only at its own meetings.
  const byMonth: Prepared[][] = Array.from({ length: 13 }, () => [])
  const prefix = `${String(year).padStart(4, '0')}-`
  for (const m of input.meetings) {
    const p = prepare(m, nowMs)
    if (p.date.startsWith(prefix)) byMonth[Number(p.date.slice(5, 7))].push(p)
  }
  for (const list of byMonth) if (list.length > 1) list.sort(byStart)
  const months: MonthCompliance[] = []
  const counts = emptyCounts()
  let due = 0
  for (let i = 1; i <= 12; i++) {
    const month = judgePreparedMonth(year, i, byMonth[i], minutesSignDays, today, view)
    months.push(month)
    counts[month.state]++
    if (isDue(month)) due++
  }
  const quarters = [1, 2, 3, 4].map((q) => quarterMark(year, q, [...byMonth[q * 3 - 2], ...byMonth[q * 3 - 1], ...byMonth[q * 3]], today))
  const onTime = counts.signed_on_time

  let present = 0
  let expected = 0
  const rows: AttendanceRow[] = []
  for (let i = 1; i <= 12; i++) {
    for (const { m, held, date } of byMonth[i]) {
      if (m.type === 'committee' || !m.attendance || !held) continue
      present += m.attendance.present
      expected += m.attendance.expected
      for (const memberId of m.attendance.unexcusedMemberIds) rows.push({ memberId, date, attendance: 'unexcused' })
    }
  }
  const unexcusedFlags: UnexcusedFlag[] = []
  if (rows.length > 0) {
    for (const [memberId, count] of countUnexcusedByMemberYear(rows, year)) {
      const flag = absenceFlag(count)
      if (flag !== 'none') unexcusedFlags.push({ memberId, count, flag })
    }
    unexcusedFlags.sort((a, b) => b.count - a.count || a.memberId.localeCompare(b.memberId))
  }

  return {
    months,
    quarters,
    thematicMissingQuarters: quarters.flatMap((q, i) => (q === 'missing' ? [i + 1] : [])),
    counts,
    due,
    onTime,
    onTimeRate: due > 0 ? onTime / due : null,
    attendance: { present, expected, rate: expected > 0 ? present / expected : null },
    unexcusedFlags,
  }
}

/** Is the month already judged (counts in the on-time rate)? Unsigned minutes still within their deadline are not. */
export function isDue(m: Pick<MonthCompliance, 'state' | 'overdue'>): boolean {
  switch (m.state) {
    case 'signed_on_time':
    case 'signed_late':
    case 'missing':
    case 'cancelled':
      return true
    case 'unsigned':
      return m.overdue
    default:
      return false
  }
}

// ---------------------------------------------------------------------------------------------
// Aggregates (per grass-roots organisation, per inspected organisation)

export type ComplianceAggregate = {
  cells: number
  counts: StateCounts
  due: number
  onTime: number
  onTimeRate: number | null
  /** Cell-quarters without a thematic meeting. */
  thematicMissing: number
  /** Cells with at least one missing month. */
  cellsWithMissing: number
  attendance: { present: number; expected: number; rate: number | null }
  /** Members at 2 unexcused absences (warning) and at ≥3 (flag). */
  unexcusedWarnings: number
  unexcusedFlagged: number
}

export function aggregateCompliance(cells: readonly CellCompliance[]): ComplianceAggregate {
  const counts = emptyCounts()
  let due = 0
  let onTime = 0
  let thematicMissing = 0
  let cellsWithMissing = 0
  let present = 0
  let expected = 0
  let unexcusedWarnings = 0
  let unexcusedFlagged = 0
  for (const c of cells) {
    for (const s of COMPLIANCE_STATES) counts[s] += c.counts[s]
    due += c.due
    onTime += c.onTime
    thematicMissing += c.thematicMissingQuarters.length
    if (c.counts.missing > 0) cellsWithMissing++
    present += c.attendance.present
    expected += c.attendance.expected
    for (const f of c.unexcusedFlags) {
      if (f.flag === 'flag') unexcusedFlagged++
      else unexcusedWarnings++
    }
  }
  return {
    cells: cells.length,
    counts,
    due,
    onTime,
    onTimeRate: due > 0 ? onTime / due : null,
    thematicMissing,
    cellsWithMissing,
    attendance: { present, expected, rate: expected > 0 ? present / expected : null },
    unexcusedWarnings,
    unexcusedFlagged,
  }
}

/** States per month across cells, for the chart. */
export function countsPerMonth(cells: readonly Pick<CellCompliance, 'months'>[]): StateCounts[] {
  const out = Array.from({ length: 12 }, () => emptyCounts())
  for (const c of cells) for (const m of c.months) out[m.month - 1][m.state]++
  return out
}

// ---------------------------------------------------------------------------------------------
// Filters and sorting (shared by the page, the exports and the API)

export const COMPLIANCE_FILTER_STATES = [...COMPLIANCE_STATES, 'thematic_missing'] as const
export type ComplianceStateFilter = (typeof COMPLIANCE_FILTER_STATES)[number]
export const THEMATIC_MISSING_LABEL = 'Thiếu sinh hoạt chuyên đề trong quý'

export const COMPLIANCE_SORTS = ['name', 'on_time', 'missing'] as const
export type ComplianceSort = (typeof COMPLIANCE_SORTS)[number]
export const COMPLIANCE_SORT_LABELS: Record<ComplianceSort, string> = {
  name: 'Tên chi bộ (A–Z)',
  on_time: 'Tỷ lệ đúng hạn (thấp trước)',
  missing: 'Số tháng không họp (nhiều trước)',
}

export function matchesStateFilter(c: Pick<CellCompliance, 'months' | 'thematicMissingQuarters'>, state: ComplianceStateFilter | undefined): boolean {
  if (!state) return true
  if (state === 'thematic_missing') return c.thematicMissingQuarters.length > 0
  return c.months.some((m) => m.state === state)
}

/**
 * Orders rows: by name (Vietnamese collation), by on-time rate (lowest first; nothing due last), or by
 * missing months (most first); ties by name.
 */
export function compareCells<T extends { name: string; compliance: Pick<CellCompliance, 'onTimeRate' | 'counts'> }>(
  sort: ComplianceSort,
  byName: (a: string, b: string) => number,
): (a: T, b: T) => number {
  return (a, b) => {
    let d = 0
    if (sort === 'on_time') d = (a.compliance.onTimeRate ?? 2) - (b.compliance.onTimeRate ?? 2)
    else if (sort === 'missing') d = b.compliance.counts.missing - a.compliance.counts.missing
    return d || byName(a.name, b.name)
  }
}

export type ComplianceQuery = {
  view: ComplianceView
  state: ComplianceStateFilter | undefined
  grassrootsId: string | undefined
  sort: ComplianceSort
  page: number
  /** Page of the grass-roots summary (?gpage=). */
  groupPage: number
}

/** Reads ?type=&state=&org=&sort=&page=&gpage=, ignoring values it does not know. */
export function parseComplianceQuery(params: URLSearchParams): ComplianceQuery {
  const type = params.get('type')
  const state = params.get('state')
  const sort = params.get('sort')
  const org = params.get('org')?.trim()
  const pageOf = (name: string) => {
    const n = Number.parseInt(params.get(name) ?? '1', 10)
    return Number.isInteger(n) && n > 0 && n < 100_000 ? n : 1
  }
  return {
    view: (COMPLIANCE_VIEWS as readonly string[]).includes(type ?? '') ? (type as ComplianceView) : 'regular',
    state: (COMPLIANCE_FILTER_STATES as readonly string[]).includes(state ?? '') ? (state as ComplianceStateFilter) : undefined,
    grassrootsId: org && /^[0-9a-zA-Z-]{1,64}$/.test(org) ? org : undefined,
    sort: (COMPLIANCE_SORTS as readonly string[]).includes(sort ?? '') ? (sort as ComplianceSort) : 'name',
    page: pageOf('page'),
    groupPage: pageOf('gpage'),
  }
}

export const MIN_YEAR = 2000
export const MAX_YEAR = 2100

/** A year parameter: absent → the fallback; "2026" → 2026; anything else (or out of range) → null. */
export function parseYear(text: string | null | undefined, fallback: number): number | null {
  if (text === null || text === undefined || text.trim() === '') return fallback
  if (!/^\d{4}$/.test(text.trim())) return null
  const year = Number(text.trim())
  return year >= MIN_YEAR && year <= MAX_YEAR ? year : null
}

// ---------------------------------------------------------------------------------------------
// Words for people

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`
}

/** Attendance bands of local rubrics (DOMAIN §5): ≥90%, 75–90%, 65–75%, <65%. */
export function attendanceBand(rate: number | null): 'high' | 'fair' | 'low' | 'poor' | null {
  if (rate === null) return null
  if (rate >= 0.9) return 'high'
  if (rate >= 0.75) return 'fair'
  if (rate >= 0.65) return 'low'
  return 'poor'
}

function shortDate(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`
}

/**
 * One sentence for a grid cell's title and the exports:
 * "Tháng 02/2026: đã họp ngày 05/02/2026; biên bản ký ngày 20/02/2026, muộn 8 ngày (hạn 7 ngày)."
 */
export function describeMonth(year: number, m: MonthCompliance, minutesSignDays: number, view: ComplianceView = 'regular'): string {
  const head = `Tháng ${String(m.month).padStart(2, '0')}/${year}`
  const noun = view === 'thematic' ? 'sinh hoạt chuyên đề' : 'sinh hoạt thường kỳ'
  const when = m.meetingDate ? shortDate(m.meetingDate) : ''
  let text: string
  switch (m.state) {
    case 'signed_on_time':
      text = `đã ${noun} ngày ${when}; biên bản ký ngày ${shortDate(hanoiDate(m.signedAt!))}, đúng hạn (${m.signDelay} ngày sau buổi họp, hạn ${minutesSignDays} ngày)`
      break
    case 'signed_late':
      text = `đã ${noun} ngày ${when}; biên bản ký ngày ${shortDate(hanoiDate(m.signedAt!))}, muộn ${(m.signDelay ?? 0) - minutesSignDays} ngày (hạn ${minutesSignDays} ngày)`
      break
    case 'unsigned':
      text = `đã ${noun} ngày ${when}; biên bản chưa ký${m.signDeadline ? (m.overdue ? `, đã quá hạn ${shortDate(m.signDeadline)}` : `, hạn ký đến ${shortDate(m.signDeadline)}`) : ''}`
      break
    case 'missing':
      text = `không có buổi ${noun}`
      break
    case 'cancelled':
      text = `buổi ${noun} ngày ${when} bị hủy${m.cancelledReason ? `. Lý do: ${m.cancelledReason}` : ''}`
      break
    case 'planned':
      text = `dự kiến ${noun} ngày ${when}`
      break
    case 'not_due':
      text = 'chưa đến kỳ, chưa có kế hoạch sinh hoạt'
      break
    case 'none':
      text = 'không có buổi sinh hoạt chuyên đề'
      break
  }
  const extras: string[] = []
  if (view === 'regular' && m.thematic) extras.push('có sinh hoạt chuyên đề')
  else if (view === 'regular' && m.thematicPlanned) extras.push('có lịch sinh hoạt chuyên đề')
  if (m.attendance && m.attendance.expected > 0) extras.push(`dự họp ${m.attendance.present}/${m.attendance.expected} đồng chí`)
  if (m.quality) extras.push(`chất lượng: ${QUALITY_LEVEL_LABELS[m.quality]}`)
  if (m.otherHeld > 0) extras.push(`${m.otherHeld} buổi sinh hoạt khác (không thay cho buổi ${noun})`)
  return `${head}: ${text}${extras.length ? `; ${extras.join('; ')}` : ''}.`
}

/** "2 đ/c vắng 2 lần; 1 đ/c vắng từ 3 lần" or "" */
export function describeUnexcused(flags: readonly UnexcusedFlag[]): string {
  return describeUnexcusedCounts(flags.filter((f) => f.flag === 'flag').length, flags.filter((f) => f.flag === 'warning').length)
}

/** describeUnexcused from the numbers of members flagged (≥3) and warned (2), as the grid page receives them. */
export function describeUnexcusedCounts(flagged: number, warnings: number): string {
  const parts: string[] = []
  if (flagged) parts.push(`${flagged} đ/c vắng không lý do từ 3 lần`)
  if (warnings) parts.push(`${warnings} đ/c vắng không lý do 2 lần`)
  return parts.join('; ')
}

// ---------------------------------------------------------------------------------------------
// Date helpers (calendar dates, no time zone)

function ym(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`
}

/** 'YYYY-MM' of an instant in Hà Nội. */
function monthKey(instant: string): string {
  return hanoiDate(instant).slice(0, 7)
}

const UTC7_SINCE = Date.parse('1975-06-12T17:00:00Z')
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i

/**
 * The Hà Nội calendar date of an instant, 'YYYY-MM-DD'. Vietnam has kept UTC+7 without daylight saving
 * since 13/6/1975, so later instants are shifted by 7 hours (fast: the grid reads every meeting of
 * thousands of cells); anything else goes through vn-date's time-zone-aware toIsoDate.
 */
export function hanoiDate(instant: string | Date): string {
  if (typeof instant === 'string' && isPlainUtc(instant)) {
    // "2026-02-05T07:00:00.000Z": before 17:00 UTC the Hà Nội date is the UTC date, no parsing needed.
    const hour = (instant.charCodeAt(11) - 48) * 10 + (instant.charCodeAt(12) - 48)
    if (hour < 17) return instant.slice(0, 10)
  }
  const key = typeof instant === 'string' ? instant : instant.getTime()
  const cached = dateCache.get(key)
  if (cached !== undefined) return cached
  const ms = typeof instant === 'string' ? (HAS_OFFSET.test(instant) ? Date.parse(instant) : NaN) : instant.getTime()
  const date = ms >= UTC7_SINCE ? new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10) : toIsoDate(instant)
  if (dateCache.size >= DATE_CACHE_MAX) dateCache.clear()
  dateCache.set(key, date)
  return date
}
/** Memo of hanoiDate (the same instants come back for every month of a cell): bounded, cleared when full. */
const dateCache = new Map<string | number, string>()
const DATE_CACHE_MAX = 100_000

/** A stored instant "YYYY-MM-DDTHH:MM…Z" from 1976 on (UTC+7 without exception, see above). */
const PLAIN_UTC = /^(19[89]\d|19[7][6-9]|2\d{3})-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/
function isPlainUtc(s: string): boolean {
  return s.length >= 17 && s.charCodeAt(s.length - 1) === 90 /* Z */ && s.charCodeAt(10) === 84 /* T */ && PLAIN_UTC.test(s)
}

/** Days since 1970-01-01 of 'YYYY-MM-DD' (civil-from-days arithmetic, H. Hinnant): no Date per call. */
function dayNumber(date: string): number {
  const m = Number(date.slice(5, 7))
  const y = Number(date.slice(0, 4)) - (m <= 2 ? 1 : 0)
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + Number(date.slice(8, 10)) - 1
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468
}

function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from)
}

function addDays(date: string, days: number): string {
  // Within the month (every month has 28 days) the day of month just moves: the usual 7-day deadline.
  const day = Number(date.slice(8, 10)) + days
  if (days >= 0 && day <= 28) return `${date.slice(0, 8)}${day < 10 ? '0' : ''}${day}`
  return new Date((dayNumber(date) + days) * 86_400_000).toISOString().slice(0, 10)
}

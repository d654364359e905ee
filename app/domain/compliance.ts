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
  return Object.fromEntries(COMPLIANCE_STATES.map((s) => [s, 0])) as StateCounts
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

type Judged = { state: ComplianceState; meeting: ComplianceMeeting; signDelay: number | null; overdue: boolean }

function judgeHeld(m: ComplianceMeeting, signDays: number, today: string): Judged {
  if (m.signedAt) {
    const delay = signDelayDays(m.startsAt, m.signedAt)
    return { state: delay <= signDays ? 'signed_on_time' : 'signed_late', meeting: m, signDelay: delay, overdue: false }
  }
  return { state: 'unsigned', meeting: m, signDelay: null, overdue: today > signDeadline(m.startsAt, signDays) }
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
  const { year, month, minutesSignDays, now } = input
  const view = input.view ?? 'regular'
  const today = hanoiDate(now)
  const ofMonth = input.meetings.filter((m) => monthKey(m.startsAt) === ym(year, month)).sort((a, b) => a.startsAt.localeCompare(b.startsAt))
  const counting = ofMonth.filter((m) => countsForView(m.type, view))
  const active = counting.filter((m) => m.status !== 'cancelled')
  const held = active.filter((m) => isHeld(m, now))

  let judged: Judged | null = null
  for (const m of held) {
    const j = judgeHeld(m, minutesSignDays, today)
    if (!judged || STATE_RANK[j.state] < STATE_RANK[judged.state]) judged = j
  }
  let state: ComplianceState
  let meeting: ComplianceMeeting | null = judged?.meeting ?? null
  if (judged) state = judged.state
  else if (active.length > 0) {
    state = 'planned'
    meeting = active[0]
  } else if (counting.length > 0) {
    state = 'cancelled'
    meeting = counting[counting.length - 1]
  } else if (view === 'thematic') state = 'none'
  else state = ym(year, month) + '-01' <= today ? 'missing' : 'not_due'

  const thematicHeld = ofMonth.filter((m) => isThematicLike(m.type) && isHeld(m, now))
  const thematicPlanned = ofMonth.some((m) => isThematicLike(m.type) && m.status !== 'cancelled' && !isHeld(m, now))
  const heldMeeting = meeting && isHeld(meeting, now) ? meeting : null
  return {
    month,
    state,
    meetingId: meeting?.id ?? null,
    meetingDate: meeting ? hanoiDate(meeting.startsAt) : null,
    signedAt: judged?.meeting.signedAt ?? null,
    signDelay: judged?.signDelay ?? null,
    signDeadline: heldMeeting ? signDeadline(heldMeeting.startsAt, minutesSignDays) : null,
    overdue: judged?.overdue ?? false,
    cancelledReason: state === 'cancelled' ? (meeting?.cancelledReason ?? null) : null,
    thematic: thematicHeld.length > 0,
    thematicPlanned,
    thematicMeetingId: thematicHeld[0]?.id ?? ofMonth.find((m) => isThematicLike(m.type) && m.status !== 'cancelled')?.id ?? null,
    quality: heldMeeting?.quality ?? null,
    attendance: heldMeeting?.attendance ? { present: heldMeeting.attendance.present, expected: heldMeeting.attendance.expected } : null,
    otherHeld: ofMonth.filter((m) => OTHER_TYPES.includes(m.type) && isHeld(m, now)).length,
  }
}

/** Quarter q's thematic mark: held, planned, missing (begun with none held or planned), or not yet due. */
export function judgeQuarter(year: number, quarter: number, meetings: readonly ComplianceMeeting[], now: Date): QuarterMark {
  const months = new Set([1, 2, 3].map((i) => ym(year, quarter * 3 - 3 + i)))
  const thematic = meetings.filter((m) => isThematicLike(m.type) && m.status !== 'cancelled' && months.has(monthKey(m.startsAt)))
  if (thematic.some((m) => isHeld(m, now))) return 'held'
  if (thematic.length > 0) return 'planned'
  return ym(year, quarter * 3 - 2) + '-01' <= hanoiDate(now) ? 'missing' : 'not_due'
}

/** A cell's whole year. */
export function cellCompliance(input: {
  year: number
  meetings: readonly ComplianceMeeting[]
  minutesSignDays: number
  now: Date
  view?: ComplianceView
}): CellCompliance {
  const { year, now } = input
  // Each meeting's month is read once; every month and quarter then looks only at its own meetings.
  const byMonth: ComplianceMeeting[][] = Array.from({ length: 13 }, () => [])
  const prefix = `${String(year).padStart(4, '0')}-`
  for (const m of input.meetings) {
    const key = monthKey(m.startsAt)
    if (key.startsWith(prefix)) byMonth[Number(key.slice(5, 7))].push(m)
  }
  const yearMeetings = byMonth.flat()
  const months = Array.from({ length: 12 }, (_, i) => judgeMonth({ ...input, month: i + 1, meetings: byMonth[i + 1] }))
  const quarters = [1, 2, 3, 4].map((q) => judgeQuarter(year, q, byMonth.slice(q * 3 - 2, q * 3 + 1).flat(), now))
  const counts = emptyCounts()
  for (const m of months) counts[m.state]++
  const due = months.filter((m) => isDue(m)).length
  const onTime = counts.signed_on_time

  let present = 0
  let expected = 0
  const rows: AttendanceRow[] = []
  for (const m of yearMeetings) {
    if (m.type === 'committee' || !m.attendance || !isHeld(m, now)) continue
    present += m.attendance.present
    expected += m.attendance.expected
    const date = hanoiDate(m.startsAt)
    for (const memberId of m.attendance.unexcusedMemberIds) rows.push({ memberId, date, attendance: 'unexcused' })
  }
  const unexcusedFlags: UnexcusedFlag[] = []
  for (const [memberId, count] of countUnexcusedByMemberYear(rows, year)) {
    const flag = absenceFlag(count)
    if (flag !== 'none') unexcusedFlags.push({ memberId, count, flag })
  }
  unexcusedFlags.sort((a, b) => b.count - a.count || a.memberId.localeCompare(b.memberId))

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
  const warnings = flags.filter((f) => f.flag === 'warning').length
  const flagged = flags.filter((f) => f.flag === 'flag').length
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

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000
}

function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from)
}

function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * 86_400_000).toISOString().slice(0, 10)
}

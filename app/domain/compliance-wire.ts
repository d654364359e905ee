// The inspector's grid as the browser receives it. An upper body's page showed 100 cells × 12 months,
// and every month went out as a 17-field object twice (in the HTML and in Remix's loader data) plus a
// 150-character title: ~1.5 MB of HTML that took longer to render and serialise than to compute
// (docs/performance.md). The loader now sends what the page shows, a month as a short code that
// unpackMonths turns back into the MonthCompliance the component and describeMonth expect. Pure and
// shared by the server (packing) and the browser (unpacking).
import { COMPLIANCE_STATES, QUARTER_MARKS, type CellCompliance, type ComplianceAggregate, type ComplianceState, type MonthCompliance, type QuarterMark } from './compliance'
import type { OrgKind } from './constants'
import { QUALITY_LEVELS, type QualityLevel } from './quality'

/** The states worth a column in summaries (planned / not yet due are not findings). */
export const FINDING_STATES = ['signed_on_time', 'signed_late', 'unsigned', 'missing', 'cancelled'] as const satisfies readonly ComplianceState[]

/** One row of the grass-roots summary: its numbers only (rates are worked out from them when shown). */
export type GroupRowWire = {
  id: string
  name: string
  kind: OrgKind
  isCell: boolean
  cells: number
  /** Months per FINDING_STATES, in that order. */
  counts: number[]
  onTime: number
  due: number
  thematicMissing: number
  present: number
  expected: number
  /** Cells of the group that pass the state filter. */
  matchingCells: number
}

export function packGroup(g: { id: string; name: string; kind: OrgKind; isCell: boolean; aggregate: ComplianceAggregate; matchingCells: number }): GroupRowWire {
  const a = g.aggregate
  return {
    id: g.id,
    name: g.name,
    kind: g.kind,
    isCell: g.isCell,
    cells: a.cells,
    counts: FINDING_STATES.map((s) => a.counts[s]),
    onTime: a.onTime,
    due: a.due,
    thematicMissing: a.thematicMissing,
    present: a.attendance.present,
    expected: a.attendance.expected,
    matchingCells: g.matchingCells,
  }
}

/** One grid row: a cell's year, as the page renders it. */
export type GridRowWire = {
  id: string
  name: string
  /** The cell's grass-roots organisation, only when the page shows it (not drilled down, not the cell itself). */
  group: string | null
  minutesSignDays: number
  /** The 12 months, see packMonth. */
  months: string
  /** Quarters I–IV, one letter each (the QUARTER_MARKS' first letters are distinct). */
  quarters: string
  onTime: number
  due: number
  present: number
  expected: number
  /** Members absent without excuse ≥3 times (flag) and exactly twice (warning). */
  flagged: number
  warned: number
  /** Cancelled months' reasons (free text, so not packed): [month, reason]. */
  reasons: [number, string][] | null
}

const STATE_CODE: Record<ComplianceState, string> = {
  signed_on_time: 'o',
  signed_late: 'l',
  unsigned: 'u',
  missing: 'm',
  cancelled: 'c',
  planned: 'p',
  not_due: 'n',
  none: 'x',
}
const STATE_OF_CODE = new Map(COMPLIANCE_STATES.map((s) => [STATE_CODE[s], s]))
const QUALITY_OF_CODE = new Map(QUALITY_LEVELS.map((q) => [q[0], q]))
const QUARTER_OF_CODE = new Map(QUARTER_MARKS.map((q) => [q[0], q]))

/**
 * "l t.8.15.f.22/23..<meeting id>": state code and flags (v overdue, t thematic held, p thematic
 * planned), then day of the meeting, days to the signature, quality's first letter, attendance,
 * other meetings held, and the meeting's id last (ids hold no "." but are kept last anyway). Empty
 * fields for what the month lacks. Months are separated by spaces.
 */
export function packMonth(m: MonthCompliance): string {
  const flags = `${m.overdue ? 'v' : ''}${m.thematic ? 't' : ''}${m.thematicPlanned ? 'p' : ''}`
  const day = m.meetingDate ? String(Number(m.meetingDate.slice(8, 10))) : ''
  const attendance = m.attendance ? `${m.attendance.present}/${m.attendance.expected}` : ''
  return [
    STATE_CODE[m.state] + flags,
    day,
    m.signDelay ?? '',
    m.quality ? m.quality[0] : '',
    attendance,
    m.otherHeld || '',
    m.meetingId ?? '',
  ].join('.')
}

export function packRow(
  c: { id: string; name: string; grassrootsName: string; minutesSignDays: number; months: MonthCompliance[] } & Pick<CellCompliance, 'quarters' | 'onTime' | 'due' | 'attendance' | 'unexcusedFlags'>,
  showGroup: boolean,
): GridRowWire {
  const reasons = c.months.filter((m) => m.cancelledReason).map((m): [number, string] => [m.month, m.cancelledReason!])
  return {
    id: c.id,
    name: c.name,
    group: showGroup && c.grassrootsName !== c.name ? c.grassrootsName : null,
    minutesSignDays: c.minutesSignDays,
    months: c.months.map(packMonth).join(' '),
    quarters: c.quarters.map((q) => q[0]).join(''),
    onTime: c.onTime,
    due: c.due,
    present: c.attendance.present,
    expected: c.attendance.expected,
    flagged: c.unexcusedFlags.filter((f) => f.flag === 'flag').length,
    warned: c.unexcusedFlags.filter((f) => f.flag === 'warning').length,
    reasons: reasons.length ? reasons : null,
  }
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

function plusDays(year: number, month: number, day: number, days: number): string {
  // Within the month (every month has 28 days) no calendar is needed: the usual 7-day deadline.
  if (day + days <= 28) return isoDate(year, month, day + days)
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10)
}

/** The row's months back as MonthCompliance (signedAt as the signing's Hà Nội date; thematicMeetingId is not sent). */
export function unpackMonths(year: number, row: Pick<GridRowWire, 'months' | 'minutesSignDays' | 'reasons'>): MonthCompliance[] {
  return row.months.split(' ').map((token, i) => {
    const month = i + 1
    const [head, day, delay, quality, attendance, other, ...id] = token.split('.')
    const state = STATE_OF_CODE.get(head[0])!
    const d = day ? Number(day) : null
    const signDelay = delay ? Number(delay) : null
    const [present, expected] = attendance ? attendance.split('/').map(Number) : []
    const held = state === 'signed_on_time' || state === 'signed_late' || state === 'unsigned'
    return {
      month,
      state,
      meetingId: id.join('.') || null,
      meetingDate: d ? isoDate(year, month, d) : null,
      // Midnight UTC is the same Hà Nội date (hanoiDate reads it as such).
      signedAt: d && signDelay !== null ? `${plusDays(year, month, d, signDelay)}T00:00:00.000Z` : null,
      signDelay,
      signDeadline: d && held ? plusDays(year, month, d, row.minutesSignDays) : null,
      overdue: head.includes('v'),
      cancelledReason: row.reasons?.find((r) => r[0] === month)?.[1] ?? null,
      thematic: head.includes('t'),
      thematicPlanned: head.includes('p'),
      thematicMeetingId: null,
      quality: quality ? (QUALITY_OF_CODE.get(quality) as QualityLevel) : null,
      attendance: attendance ? { present, expected } : null,
      otherHeld: other ? Number(other) : 0,
    }
  })
}

export function unpackQuarters(row: Pick<GridRowWire, 'quarters'>): QuarterMark[] {
  return [...row.quarters].map((c) => QUARTER_OF_CODE.get(c)!)
}

// Inspection remarks (DOMAIN §9, issue 7 item 3) and the periodic report's period (item 5): pure
// rules, no I/O and no clock ("today" is passed in as a Hà Nội 'YYYY-MM-DD').
//
// A remark is written by an inspector of the upper committee about one meeting, or about a cell and a
// period. Its life:
//   draft ──sign (author, password)──▶ open ──reply (cell's bí thư / phó bí thư)──▶ answered
//   answered ──close (an inspector of the subtree)──▶ closed
//   answered ──reopen with a note (an inspector of the subtree)──▶ open
//   answered ──reply again──▶ answered (the reply can be edited until the remark is closed)
// Signing freezes the remark (remarks, requested fixes, deadline, signing time); only a draft is
// edited or discarded. Who may read is decided inside the queries (app/models/remarks.server.ts);
// the same rule in words: the author, inspectors whose subtree holds the cell, and the cell's bí thư,
// phó bí thư and chi ủy viên — never plain members; a draft only to its author.
import { REMARK_STATUS_LABELS, type RemarkStatus } from './constants'
import { can, type Actor } from './permissions'

// ---------------------------------------------------------------------------------------------
// Transitions

export const REMARK_ACTIONS = ['edit', 'discard', 'sign', 'reply', 'close', 'reopen'] as const
export type RemarkAction = (typeof REMARK_ACTIONS)[number]

/** From which states each action starts, and where it leads (null: the draft is deleted). */
export const REMARK_TRANSITIONS: Record<RemarkAction, { from: readonly RemarkStatus[]; to: RemarkStatus | null }> = {
  edit: { from: ['draft'], to: 'draft' },
  discard: { from: ['draft'], to: null },
  sign: { from: ['draft'], to: 'open' },
  reply: { from: ['open', 'answered'], to: 'answered' },
  close: { from: ['answered'], to: 'closed' },
  reopen: { from: ['answered'], to: 'open' },
}

export type RemarkCheck = { ok: true; to: RemarkStatus | null } | { ok: false; message: string }

const SIGNED_FROZEN =
  'Nhận xét đã ký nên không sửa được nữa: nội dung nhận xét, yêu cầu khắc phục và thời hạn giữ nguyên như khi ký. Nếu cần bổ sung, hãy viết một nhận xét mới.'

const REFUSALS: Record<RemarkAction, Partial<Record<RemarkStatus, string>>> = {
  edit: { open: SIGNED_FROZEN, answered: SIGNED_FROZEN, closed: SIGNED_FROZEN },
  discard: {
    open: 'Nhận xét đã ký và gửi chi bộ nên không xóa được.',
    answered: 'Nhận xét đã ký và gửi chi bộ nên không xóa được.',
    closed: 'Nhận xét đã ký và gửi chi bộ nên không xóa được.',
  },
  sign: {
    open: 'Nhận xét này đã được ký và gửi chi bộ rồi.',
    answered: 'Nhận xét này đã được ký và gửi chi bộ rồi.',
    closed: 'Nhận xét này đã được ký và đã đóng.',
  },
  reply: {
    draft: 'Nhận xét chưa được ký gửi chi bộ nên chưa trả lời được.',
    closed: 'Nhận xét đã đóng: không gửi hoặc sửa trả lời được nữa.',
  },
  close: {
    draft: 'Nhận xét chưa được ký gửi chi bộ: chưa có gì để đóng. Đồng chí có thể xóa bản nháp.',
    open: 'Chi bộ chưa trả lời: chỉ đóng nhận xét sau khi chi bộ đã trả lời.',
    closed: 'Nhận xét đã đóng rồi.',
  },
  reopen: {
    draft: 'Nhận xét chưa được ký gửi chi bộ.',
    open: 'Nhận xét đang chờ chi bộ trả lời; không cần mở lại.',
    closed: 'Nhận xét đã đóng nên không mở lại được. Nếu chi bộ cần khắc phục tiếp, hãy viết một nhận xét mới.',
  },
}

/** May `action` happen to a remark in `status`? The message says why not, in Vietnamese. */
export function checkRemarkAction(status: RemarkStatus, action: RemarkAction): RemarkCheck {
  const t = REMARK_TRANSITIONS[action]
  if (t.from.includes(status)) return { ok: true, to: t.to }
  return { ok: false, message: REFUSALS[action][status] ?? `Không thể thực hiện thao tác này với nhận xét ở trạng thái "${REMARK_STATUS_LABELS[status]}".` }
}

/** Signed remarks never change these fields (the model refuses, the form does not offer them). */
export const FROZEN_AFTER_SIGNING = ['remarks', 'requestedFixes', 'dueOn', 'signedAt', 'periodFrom', 'periodTo', 'inspectorName', 'inspectorBody'] as const

/** Open and its deadline has passed ('YYYY-MM-DD' comparisons in Hà Nội). Answered remarks wait for the inspector, not the cell. */
export function isRemarkOverdue(r: { status: RemarkStatus; dueOn: string | null }, today: string): boolean {
  return r.status === 'open' && r.dueOn !== null && r.dueOn < today
}

/** Is a draft ready to be signed? Everything it lacks, in one message each. */
export function checkSignable(r: { remarks: string; requestedFixes: string | null; dueOn: string | null }, today: string): string[] {
  const problems: string[] = []
  if (r.remarks.trim().length < 10) problems.push('Nội dung nhận xét quá ngắn: hãy ghi rõ những gì đã kiểm tra và nhận thấy (ít nhất 10 ký tự).')
  if (r.requestedFixes?.trim() && !r.dueOn) problems.push('Có yêu cầu khắc phục thì cần ghi thời hạn khắc phục.')
  if (r.dueOn && r.dueOn < today) problems.push(`Thời hạn khắc phục (${shortDate(r.dueOn)}) đã qua: hãy chọn một ngày từ hôm nay trở đi rồi ký.`)
  return problems
}

// ---------------------------------------------------------------------------------------------
// Who may do what (reading is scoped in the queries; these answer the buttons and the writes)

/** The cell roles that read the remarks the cell received. */
export const CELL_REMARK_READER_ROLES = ['secretary', 'deputy', 'committee'] as const
/** The cell roles that answer them. */
export const CELL_REMARK_ANSWER_ROLES = ['secretary', 'deputy'] as const

function hasCellRole(actor: Actor, cellPath: string, roles: readonly string[]): boolean {
  return actor.grants.some((g) => g.orgPath === cellPath && roles.includes(g.role))
}

/** Bí thư and phó bí thư of this very cell answer its remarks (not admins, not inspectors). */
export function canAnswerRemark(actor: Actor, cellPath: string): boolean {
  return hasCellRole(actor, cellPath, CELL_REMARK_ANSWER_ROLES)
}

/** Writes, signs, closes and reopens: 'inspection:remark' over the cell (an inspector of its subtree). */
export function canWriteRemark(actor: Actor, cellPath: string): boolean {
  return can(actor, 'inspection:remark', { orgPath: cellPath })
}

/** Reads the remarks of a cell at all (the list page): inspectors of its subtree and the cell's committee. */
export function canReadCellRemarks(actor: Actor, cellPath: string): boolean {
  return can(actor, 'inspection:read', { orgPath: cellPath }) || hasCellRole(actor, cellPath, CELL_REMARK_READER_ROLES)
}

/** The visibility rule for one remark, as the queries apply it. */
export function canReadRemark(actor: Actor, r: { status: RemarkStatus; inspectorUserId: string }, cellPath: string): boolean {
  if (r.inspectorUserId === actor.userId) return true
  if (r.status === 'draft') return false
  return canReadCellRemarks(actor, cellPath)
}

// ---------------------------------------------------------------------------------------------
// Forms: the zod schemas are in ./remarks.schema, so that pages importing these rules (the cell's
// overview, the remark lists) do not ship zod to the browser.

export type { PeriodRemarkInput, RemarkContent, RemarkDraftInput } from './remarks.schema'

// ---------------------------------------------------------------------------------------------
// Lists

export const REMARK_FILTERS = ['all', 'open', 'overdue', 'answered', 'closed', 'draft'] as const
export type RemarkFilter = (typeof REMARK_FILTERS)[number]
export const REMARK_FILTER_LABELS: Record<RemarkFilter, string> = {
  all: 'Tất cả',
  open: 'Chờ chi bộ trả lời',
  overdue: 'Quá hạn',
  answered: 'Chi bộ đã trả lời',
  closed: 'Đã đóng',
  draft: 'Bản nháp của tôi',
}

export function parseRemarkFilter(value: string | null | undefined, fallback: RemarkFilter = 'all'): RemarkFilter {
  return (REMARK_FILTERS as readonly string[]).includes(value ?? '') ? (value as RemarkFilter) : fallback
}

/** The words of a status, with "Quá hạn" in text (never colour alone). */
export function remarkStatusText(r: { status: RemarkStatus; dueOn: string | null }, today: string): string {
  return isRemarkOverdue(r, today) ? `${REMARK_STATUS_LABELS[r.status]} — Quá hạn` : REMARK_STATUS_LABELS[r.status]
}

/** What the remark is about: "Kỳ 01/10/2026 – 31/10/2026" for a period remark (meeting remarks use the meeting's title). */
export function periodText(from: string | null, to: string | null): string | null {
  if (!from && !to) return null
  if (from && to) return from === to ? `Ngày ${shortDate(from)}` : `Kỳ ${shortDate(from)} – ${shortDate(to)}`
  return `Từ ${shortDate((from ?? to)!)}`
}

// ---------------------------------------------------------------------------------------------
// The periodic report's period (issue 7 item 5): a month, a quarter or a year

export const REPORT_PERIOD_KINDS = ['month', 'quarter', 'year'] as const
export type ReportPeriodKind = (typeof REPORT_PERIOD_KINDS)[number]
export const REPORT_PERIOD_KIND_LABELS: Record<ReportPeriodKind, string> = { month: 'Tháng', quarter: 'Quý', year: 'Năm' }

export type ReportPeriod = { kind: 'month'; year: number; month: number } | { kind: 'quarter'; year: number; quarter: number } | { kind: 'year'; year: number }

export const ROMAN = ['I', 'II', 'III', 'IV'] as const

/** Months (1–12) the period covers. */
export function periodMonths(p: ReportPeriod): number[] {
  if (p.kind === 'month') return [p.month]
  if (p.kind === 'quarter') return [1, 2, 3].map((i) => (p.quarter - 1) * 3 + i)
  return Array.from({ length: 12 }, (_, i) => i + 1)
}

/** Quarters (1–4) the period touches: a month belongs to its quarter. */
export function periodQuarters(p: ReportPeriod): number[] {
  return [...new Set(periodMonths(p).map((m) => Math.ceil(m / 3)))]
}

/** First and last calendar day ('YYYY-MM-DD'). */
export function periodRange(p: ReportPeriod): { from: string; to: string } {
  const months = periodMonths(p)
  const first = months[0]
  const last = months[months.length - 1]
  const lastDay = new Date(Date.UTC(p.year, last, 0)).getUTCDate()
  return { from: `${p.year}-${pad2(first)}-01`, to: `${p.year}-${pad2(last)}-${pad2(lastDay)}` }
}

/** "tháng 02 năm 2026", "quý I năm 2026", "năm 2026" (leading zero for months 1–2 only, DOMAIN §7). */
export function periodLabel(p: ReportPeriod): string {
  if (p.kind === 'month') return `tháng ${p.month <= 2 ? pad2(p.month) : p.month} năm ${p.year}`
  if (p.kind === 'quarter') return `quý ${ROMAN[p.quarter - 1]} năm ${p.year}`
  return `năm ${p.year}`
}

export const REPORT_MIN_YEAR = 2000
export const REPORT_MAX_YEAR = 2100

/**
 * Reads ?period=month|quarter|year&year=YYYY&month=M&quarter=Q. Missing values fall back to the month
 * (or quarter) of `today`; anything malformed gives null (a 400 for the page).
 */
export function parseReportPeriod(params: URLSearchParams, today: string): ReportPeriod | null {
  const kindText = params.get('period') ?? 'month'
  if (!(REPORT_PERIOD_KINDS as readonly string[]).includes(kindText)) return null
  const kind = kindText as ReportPeriodKind
  const int = (name: string, fallback: number, min: number, max: number): number | null => {
    const raw = params.get(name)
    if (raw === null || raw.trim() === '') return fallback
    if (!/^\d{1,4}$/.test(raw.trim())) return null
    const n = Number(raw.trim())
    return n >= min && n <= max ? n : null
  }
  const currentYear = Number(today.slice(0, 4))
  const currentMonth = Number(today.slice(5, 7))
  const year = int('year', currentYear, REPORT_MIN_YEAR, REPORT_MAX_YEAR)
  if (year === null) return null
  if (kind === 'year') return { kind, year }
  if (kind === 'quarter') {
    const quarter = int('quarter', Math.ceil(currentMonth / 3), 1, 4)
    return quarter === null ? null : { kind, year, quarter }
  }
  const month = int('month', currentMonth, 1, 12)
  return month === null ? null : { kind, year, month }
}

/** The query string of a period (and optional unit), for links such as the .docx download. */
export function reportQuery(p: ReportPeriod, unitId?: string | null): string {
  const params = new URLSearchParams({ period: p.kind, year: String(p.year) })
  if (p.kind === 'month') params.set('month', String(p.month))
  if (p.kind === 'quarter') params.set('quarter', String(p.quarter))
  if (unitId) params.set('unit', unitId)
  return params.toString()
}

/** Whether the period has ended by `today` (otherwise the report says "tính đến ngày …"). */
export function periodEnded(p: ReportPeriod, today: string): boolean {
  return periodRange(p).to < today
}

/** A share as "87,5%" (one decimal, Vietnamese comma), or "—" when there is nothing to divide. */
export function rateText(part: number, whole: number): string {
  if (whole <= 0) return '—'
  const value = Math.round((part / whole) * 1000) / 10
  return `${String(value).replace('.', ',')}%`
}

// ---------------------------------------------------------------------------------------------

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

/** 'YYYY-MM-DD' → 'DD/MM/YYYY'. */
export function shortDate(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`
}

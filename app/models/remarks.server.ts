// Inspection (issue 7): the inspector's remarks (item 3), the read-only review of one meeting
// (item 2) and the periodic report (item 5).
//
// Remarks: who reads one is decided inside the query (remarkVisibility): its author; inspectors whose
// subtree holds the cell ('inspection:read'); the cell's bí thư, phó bí thư and chi ủy viên — a draft
// only to its author. Everyone else gets a 404, as if it did not exist. Every write loads the remark
// through that condition, checks the transition (app/domain/remarks.ts), the writer's right and the
// version the writer saw, then updates with `version = version + 1 WHERE version = :seen` and writes
// the audit row in the same transaction. Signing asks for the author's password (confirmPassword,
// throttled like the login) and freezes the remark.
//
// The review and the report only compose the other modules' read models (agenda, record, minutes and
// chain, audit, criticism; the compliance rules of app/domain/compliance.ts through complianceGrid),
// so they show exactly what those pages show, within the same grants.
import { and, asc, desc, eq, gte, inArray, isNotNull, like, ne, or, sql, type SQL } from 'drizzle-orm'
import type { DB, Executor } from '../../db/client.server'
import { auditLog, inspectionRemarks, meetings, minutesVersions, organizations, users } from '../../db/schema'
import { COMPLIANCE_STATE_INFO, QUARTER_MARK_INFO, hanoiDate, isDue, type ComplianceState, type QuarterMark } from '~/domain/compliance'
import {
  ATTENDANCE_LABELS,
  CRITICISM_KIND_LABELS,
  CRITICISM_STATUS_LABELS,
  MEETING_FORM_LABELS,
  MEETING_STATUS_LABELS,
  MEETING_TYPE_LABELS,
  MEMBER_STATUS_LABELS,
  REMARK_STATUS_LABELS,
  SIGNER_ROLE_LABELS,
  isCellKind,
  type RemarkStatus,
} from '~/domain/constants'
import { can, type Actor } from '~/domain/permissions'
import { QUALITY_LEVELS, QUALITY_LEVEL_LABELS, type QualityLevel } from '~/domain/quality'
import {
  CELL_REMARK_READER_ROLES,
  ROMAN,
  canAnswerRemark,
  canReadCellRemarks,
  canWriteRemark,
  checkRemarkAction,
  checkSignable,
  isRemarkOverdue,
  periodEnded,
  periodLabel,
  periodMonths,
  periodQuarters,
  periodRange,
  periodText,
  rateText,
  reportQuery,
  type PeriodRemarkInput,
  type RemarkAction,
  type RemarkContent,
  type RemarkFilter,
  type ReportPeriod,
} from '~/domain/remarks'
import { VOTE_KIND_LABELS, VOTE_METHOD_LABELS, describeDenominator, describeRule, evaluateVote } from '~/domain/voting'
import { renderRichTextToHtml } from '~/rich-text/html.server'
import type { RichText } from '~/rich-text/types'
import { compareVietnamese } from '~/utils/text'
import { listAudit } from './audit.server'
import { complianceGrid } from './compliance.server'
import { AppError, conflict, forbidden, notFound, type ActorContext } from './context'
import { meetingCriticism } from './criticism.server'
import { agendaForRead } from './agenda.server'
import { getMeeting, meetingTitle } from './meetings.server'
import { todayIso } from './members.server'
import { minutesPage, verifyCellChain } from './minutes.server'
import { getOrganization } from './organizations.server'
import { meetingRecord } from './quality.server'
import { describeGuest } from './record.server'
import { scopeCondition } from './scope.server'
import { confirmPassword } from './users.server'

export type Remark = typeof inspectionRemarks.$inferSelect

const NOT_FOUND = 'Không tìm thấy nhận xét kiểm tra này, hoặc đồng chí không có quyền xem.'
export const AUDIT_ENTITY = 'inspection_remark'
export const REMARKS_PAGE_SIZE = 50

// ---------------------------------------------------------------------------------------------
// Visibility: the one condition (over inspection_remarks joined with the cell in organizations)

export function remarkVisibility(actor: Actor): SQL {
  const cellPaths = [...new Set(actor.grants.filter((g) => (CELL_REMARK_READER_ROLES as readonly string[]).includes(g.role)).map((g) => g.orgPath))]
  const readers = cellPaths.length
    ? or(scopeCondition(actor, 'inspection:read', organizations.path), inArray(organizations.path, cellPaths))!
    : scopeCondition(actor, 'inspection:read', organizations.path)
  return or(eq(inspectionRemarks.inspectorUserId, actor.userId), and(ne(inspectionRemarks.status, 'draft'), readers))!
}

const rowColumns = {
  remark: inspectionRemarks,
  cell: { id: organizations.id, name: organizations.name, path: organizations.path, kind: organizations.kind },
  meeting: {
    id: meetings.id,
    type: meetings.type,
    topic: meetings.topic,
    periodYear: meetings.periodYear,
    periodMonth: meetings.periodMonth,
    startsAt: meetings.startsAt,
    status: meetings.status,
  },
}

function visibleRemarks(db: Executor, actor: Actor, ...conditions: (SQL | undefined)[]) {
  return db
    .select(rowColumns)
    .from(inspectionRemarks)
    .innerJoin(organizations, eq(organizations.id, inspectionRemarks.orgId))
    .leftJoin(meetings, eq(meetings.id, inspectionRemarks.meetingId))
    .where(and(remarkVisibility(actor), ...conditions))
}

type Row = Awaited<ReturnType<ReturnType<typeof visibleRemarks>['all']>>[number]

function loadVisible(db: Executor, actor: Actor, remarkId: string): Row {
  const row = visibleRemarks(db, actor, eq(inspectionRemarks.id, remarkId)).get()
  if (!row) throw notFound(NOT_FOUND)
  return row
}

/** Overdue remarks first, then drafts, open, answered, closed; newest first within each. */
const LIST_ORDER = (today: string) => [
  sql`CASE WHEN ${inspectionRemarks.status} = 'open' AND ${inspectionRemarks.dueOn} < ${today} THEN 0 WHEN ${inspectionRemarks.status} = 'draft' THEN 1 WHEN ${inspectionRemarks.status} = 'open' THEN 2 WHEN ${inspectionRemarks.status} = 'answered' THEN 3 ELSE 4 END`,
  desc(sql`coalesce(${inspectionRemarks.signedAt}, ${inspectionRemarks.createdAt})`),
  desc(inspectionRemarks.id),
]

// ---------------------------------------------------------------------------------------------
// Views

function subjectOf(row: Row): string {
  if (row.meeting) return meetingTitle(row.meeting)
  return periodText(row.remark.periodFrom, row.remark.periodTo) ?? 'Nhận xét chung'
}

function remarkSummary(row: Row, actor: Actor, today: string) {
  const r = row.remark
  return {
    id: r.id,
    status: r.status,
    statusLabel: REMARK_STATUS_LABELS[r.status],
    overdue: isRemarkOverdue(r, today),
    cell: { id: row.cell.id, name: row.cell.name },
    meeting: row.meeting ? { id: row.meeting.id, title: meetingTitle(row.meeting), startsAt: row.meeting.startsAt } : null,
    subject: subjectOf(row),
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    inspectorName: r.inspectorName,
    inspectorBody: r.inspectorBody,
    /** The first line of the remarks, for lists. */
    excerpt: excerpt(r.remarks),
    dueOn: r.dueOn,
    signedAt: r.signedAt,
    repliedAt: r.repliedAt,
    closedAt: r.closedAt,
    createdAt: r.createdAt,
    mine: r.inspectorUserId === actor.userId,
  }
}
export type RemarkSummary = ReturnType<typeof remarkSummary>

function excerpt(text: string, max = 160): string {
  const line = text.split('\n').find((l) => l.trim()) ?? ''
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}

function mayOn(actor: Actor, row: Row) {
  const r = row.remark
  const writer = canWriteRemark(actor, row.cell.path)
  const author = r.inspectorUserId === actor.userId
  const allowed = (action: RemarkAction) => checkRemarkAction(r.status, action).ok
  return {
    edit: author && writer && allowed('edit'),
    sign: author && writer && allowed('sign'),
    discard: author && writer && allowed('discard'),
    reply: canAnswerRemark(actor, row.cell.path) && allowed('reply'),
    close: writer && allowed('close'),
    reopen: writer && allowed('reopen'),
    /** Links to the inspector's review (inspectors) or to the cell's own pages. */
    inspect: can(actor, 'inspection:read', { orgPath: row.cell.path }),
  }
}

const HISTORY_LABELS: Record<string, string> = {
  'remark.create': 'Viết bản nháp',
  'remark.update': 'Sửa bản nháp',
  'remark.sign': 'Ký và gửi chi bộ',
  'remark.reply': 'Chi bộ trả lời',
  'remark.reply.update': 'Chi bộ sửa trả lời',
  'remark.close': 'Đóng nhận xét',
  'remark.reopen': 'Yêu cầu chi bộ bổ sung (mở lại)',
}

/**
 * One remark with what the reader may do, its history (from the audit log: who did what, when, and the
 * notes of closing and reopening) and, for a meeting remark, the amendments of the minutes made since
 * it was signed. A 404 outside the visibility rule.
 */
export function getRemark(db: Executor, actor: Actor, remarkId: string, now = new Date()) {
  const today = todayIso(now)
  const row = loadVisible(db, actor, remarkId)
  const r = row.remark
  const author = r.inspectorUserId === actor.userId
  const history = db
    .select({ at: auditLog.at, action: auditLog.action, username: auditLog.username, details: auditLog.details, displayName: users.displayName })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(eq(auditLog.entityType, AUDIT_ENTITY), eq(auditLog.entityId, r.id)))
    .orderBy(asc(auditLog.at), asc(auditLog.id))
    .all()
    // The draft's own history is the author's business.
    .filter((h) => author || (h.action !== 'remark.create' && h.action !== 'remark.update'))
    .map((h) => ({
      at: h.at,
      action: h.action,
      label: HISTORY_LABELS[h.action] ?? h.action,
      by: h.displayName ?? h.username ?? 'hệ thống',
      note: typeof h.details?.note === 'string' ? h.details.note : null,
    }))
  const amendments =
    row.meeting && r.signedAt
      ? db
          .select({ id: minutesVersions.id, versionNo: minutesVersions.versionNo, status: minutesVersions.status, reason: minutesVersions.amendmentReason, createdAt: minutesVersions.createdAt, signedAt: minutesVersions.signedAt })
          .from(minutesVersions)
          .where(and(eq(minutesVersions.meetingId, row.meeting.id), isNotNull(minutesVersions.amendmentReason), gte(minutesVersions.createdAt, r.signedAt)))
          .orderBy(asc(minutesVersions.versionNo))
          .all()
      : []
  return {
    ...remarkSummary(row, actor, today),
    remarks: r.remarks,
    requestedFixes: r.requestedFixes,
    reply: r.reply,
    repliedBy: r.repliedBy,
    version: r.version,
    cellPath: row.cell.path,
    meetingStatus: row.meeting?.status ?? null,
    today,
    may: mayOn(actor, row),
    history,
    amendments,
  }
}
export type RemarkView = ReturnType<typeof getRemark>

// ---------------------------------------------------------------------------------------------
// Lists

function filterCondition(filter: RemarkFilter, actor: Actor, today: string): SQL | undefined {
  switch (filter) {
    case 'all':
      return undefined
    case 'overdue':
      return and(eq(inspectionRemarks.status, 'open'), sql`${inspectionRemarks.dueOn} < ${today}`)
    case 'draft':
      return and(eq(inspectionRemarks.status, 'draft'), eq(inspectionRemarks.inspectorUserId, actor.userId))
    default:
      return eq(inspectionRemarks.status, filter)
  }
}

function countsOf(db: Executor, actor: Actor, today: string, scope: SQL) {
  const rows = db
    .select({
      status: inspectionRemarks.status,
      n: sql<number>`count(*)`,
      overdue: sql<number>`sum(CASE WHEN ${inspectionRemarks.status} = 'open' AND ${inspectionRemarks.dueOn} < ${today} THEN 1 ELSE 0 END)`,
    })
    .from(inspectionRemarks)
    .innerJoin(organizations, eq(organizations.id, inspectionRemarks.orgId))
    .where(and(remarkVisibility(actor), scope))
    .groupBy(inspectionRemarks.status)
    .all()
  const by = (s: RemarkStatus) => rows.find((r) => r.status === s)?.n ?? 0
  return {
    all: rows.reduce((a, r) => a + r.n, 0),
    open: by('open'),
    overdue: rows.reduce((a, r) => a + (r.overdue ?? 0), 0),
    answered: by('answered'),
    closed: by('closed'),
    // Only the actor's own drafts are visible at all.
    draft: by('draft'),
  } satisfies Record<RemarkFilter, number>
}

function pageOf(db: Executor, actor: Actor, scope: SQL, opts: { filter?: RemarkFilter; page?: number; pageSize?: number }, today: string) {
  const filter = opts.filter ?? 'all'
  const pageSize = opts.pageSize ?? REMARKS_PAGE_SIZE
  const counts = countsOf(db, actor, today, scope)
  const total = counts[filter]
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(Math.max(1, opts.page ?? 1), pages)
  const rows = visibleRemarks(db, actor, scope, filterCondition(filter, actor, today))
    .orderBy(...LIST_ORDER(today))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
  return { filter, counts, total, page, pageSize, remarks: rows.map((r) => remarkSummary(r, actor, today)) }
}

/**
 * The inspector's remarks over an organisation's subtree, filtered (open, overdue, answered, closed,
 * own drafts) and paginated, with the count of each filter. A 404 for anyone who may not inspect it.
 */
export function listInspectorRemarks(db: Executor, actor: Actor, orgId: string, opts: { filter?: RemarkFilter; page?: number; pageSize?: number } = {}, now = new Date()) {
  const org = getOrganization(db, actor, orgId, 'inspection:read')
  const today = todayIso(now)
  const list = pageOf(db, actor, like(organizations.path, `${org.path}%`), opts, today)
  return {
    org: { id: org.id, name: org.name, kind: org.kind, isCell: isCellKind(org.kind) },
    today,
    mayWrite: can(actor, 'inspection:remark', { orgPath: org.path }),
    ...list,
  }
}

/** A cell's remarks, as the cell (bí thư, phó bí thư, chi ủy viên) or its inspectors read them. Plain members: 404. */
export function listCellRemarks(db: Executor, actor: Actor, cellId: string, opts: { filter?: RemarkFilter; page?: number; pageSize?: number } = {}, now = new Date()) {
  const cell = db.select().from(organizations).where(eq(organizations.id, cellId)).get()
  if (!cell || !isCellKind(cell.kind) || !canReadCellRemarks(actor, cell.path)) throw notFound('Không tìm thấy chi bộ này, hoặc đồng chí không có quyền xem nhận xét của cấp trên.')
  const today = todayIso(now)
  const list = pageOf(db, actor, eq(inspectionRemarks.orgId, cell.id), opts, today)
  return {
    cell: { id: cell.id, name: cell.name },
    today,
    mayAnswer: canAnswerRemark(actor, cell.path),
    mayInspect: can(actor, 'inspection:read', { orgPath: cell.path }),
    mayWrite: canWriteRemark(actor, cell.path),
    ...list,
  }
}

/**
 * For the secretary's home page ("Nhận xét của cấp trên"): the cell's open remarks (oldest deadline
 * first) and how many answered ones wait for the inspector; null when the actor may not read them.
 */
export function cellRemarksSummary(db: Executor, actor: Actor, cellId: string, now = new Date()) {
  const cell = db.select().from(organizations).where(eq(organizations.id, cellId)).get()
  if (!cell || !canReadCellRemarks(actor, cell.path)) return null
  const today = todayIso(now)
  const scope = eq(inspectionRemarks.orgId, cell.id)
  const counts = countsOf(db, actor, today, scope)
  const open = visibleRemarks(db, actor, scope, eq(inspectionRemarks.status, 'open'))
    .orderBy(sql`${inspectionRemarks.dueOn} IS NULL`, asc(inspectionRemarks.dueOn), asc(inspectionRemarks.signedAt))
    .limit(10)
    .all()
    .map((r) => remarkSummary(r, actor, today))
  return { cellId: cell.id, open, openCount: counts.open, overdueCount: counts.overdue, answeredCount: counts.answered, mayAnswer: canAnswerRemark(actor, cell.path) }
}

/**
 * Cells of an organisation's subtree the actor may write period remarks for (the form's choices), by
 * name, at most `limit` (`truncated` says there are more: the inspector then opens the cell's own page).
 */
export function remarkCellOptions(db: Executor, actor: Actor, orgId: string, limit = 300) {
  const org = getOrganization(db, actor, orgId, 'inspection:read')
  if (!canWriteRemark(actor, org.path)) return { cells: [], truncated: false }
  const rows = db
    .select({ id: organizations.id, name: organizations.name, path: organizations.path })
    .from(organizations)
    .where(and(like(organizations.path, `${org.path}%`), inArray(organizations.kind, ['cell_base', 'cell_sub']), sql`${organizations.archivedAt} IS NULL`))
    .orderBy(asc(organizations.name))
    .limit(limit + 1)
    .all()
    .sort((a, b) => compareVietnamese(a.name, b.name))
  return { cells: rows.slice(0, limit).map((c) => ({ id: c.id, name: c.name })), truncated: rows.length > limit }
}

/** The remarks on one meeting that the actor may read. */
export function meetingRemarks(db: Executor, actor: Actor, meetingId: string, now = new Date()) {
  const today = todayIso(now)
  return visibleRemarks(db, actor, eq(inspectionRemarks.meetingId, meetingId))
    .orderBy(...LIST_ORDER(today))
    .all()
    .map((r) => remarkSummary(r, actor, today))
}

// ---------------------------------------------------------------------------------------------
// Writing

/** The inspecting body named on a new remark: the organisation of the actor's closest inspector grant over the cell. */
function defaultInspectorBody(db: Executor, actor: Actor, cellPath: string): string | null {
  const grant = actor.grants
    .filter((g) => g.role === 'inspector' && cellPath.startsWith(g.orgPath))
    .sort((a, b) => b.orgPath.length - a.orgPath.length)[0]
  if (!grant) return null
  return db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, grant.orgId)).get()?.name ?? null
}

/** The body a new remark would be signed under (for the form's placeholder). */
export function inspectorBodyFor(db: Executor, actor: Actor, cellPath: string): string | null {
  return defaultInspectorBody(db, actor, cellPath)
}

function assertContent(input: RemarkContent) {
  if (!input.remarks || input.remarks.trim().length < 10) throw new AppError(422, 'Hãy ghi nội dung nhận xét (ít nhất 10 ký tự).', 'remarks')
  if (input.dueOn !== null && !/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn)) throw new AppError(422, 'Thời hạn khắc phục không hợp lệ: hãy chọn một ngày.', 'dueOn')
}

function assertPeriod(from: string | null, to: string | null) {
  if (!from || !to) throw new AppError(422, 'Nhận xét theo kỳ cần ngày bắt đầu và ngày kết thúc của kỳ kiểm tra.', !from ? 'periodFrom' : 'periodTo')
  if (from > to) throw new AppError(422, 'Ngày kết thúc phải từ ngày bắt đầu trở đi.', 'periodTo')
}

/** The audit row of a step, dated with the step itself (`at`, the same instant as the remark's own timestamps). */
function auditRemark(tx: Executor, ctx: ActorContext, at: string, row: Pick<Row, 'cell'> & { id: string }, action: string, summary: string, details?: Record<string, unknown>) {
  tx.insert(auditLog)
    .values({
      at,
      userId: ctx.actor.userId,
      username: ctx.actor.username,
      ip: ctx.ip,
      action,
      entityType: AUDIT_ENTITY,
      entityId: row.id,
      orgPath: row.cell.path,
      summary,
      details: details ?? null,
    })
    .run()
}

/** An inspector of the cell's subtree writes a remark on a meeting: a draft only they see until they sign it. */
export function createMeetingRemark(db: DB, ctx: ActorContext, meetingId: string, input: RemarkContent, now = new Date()): Remark {
  assertContent(input)
  return db.transaction((tx) => {
    const meeting = getMeeting(tx, ctx.actor, meetingId)
    if (!canWriteRemark(ctx.actor, meeting.cell.path)) {
      if (can(ctx.actor, 'inspection:read', { orgPath: meeting.cell.path })) throw forbidden('Đồng chí được xem nhưng không được giao viết nhận xét kiểm tra cho chi bộ này.')
      throw notFound('Không tìm thấy buổi sinh hoạt này, hoặc đồng chí không có quyền xem.')
    }
    const at = now.toISOString()
    const row = tx
      .insert(inspectionRemarks)
      .values({
        orgId: meeting.cellId,
        meetingId: meeting.id,
        inspectorUserId: ctx.actor.userId,
        inspectorName: ctx.actor.displayName,
        inspectorBody: input.inspectorBody ?? defaultInspectorBody(tx, ctx.actor, meeting.cell.path),
        remarks: input.remarks,
        requestedFixes: input.requestedFixes,
        dueOn: input.dueOn,
        status: 'draft',
        createdAt: at,
        updatedAt: at,
      })
      .returning()
      .get()
    auditRemark(tx, ctx, at, { id: row.id, cell: meeting.cell }, 'remark.create', `Viết nhận xét kiểm tra (bản nháp) về buổi ${meetingTitle(meeting)} — ${meeting.cell.name}`, { meetingId: meeting.id })
    return row
  })
}

/** A remark on a cell and a period (not one meeting): same rules. */
export function createPeriodRemark(db: DB, ctx: ActorContext, input: PeriodRemarkInput, now = new Date()): Remark {
  assertContent(input)
  assertPeriod(input.periodFrom, input.periodTo)
  return db.transaction((tx) => {
    const cell = tx
      .select()
      .from(organizations)
      .where(and(eq(organizations.id, input.cellId), scopeCondition(ctx.actor, 'inspection:read', organizations.path)))
      .get()
    if (!cell) throw notFound('Không tìm thấy chi bộ này trong phạm vi kiểm tra của đồng chí.')
    if (!isCellKind(cell.kind)) throw new AppError(422, 'Nhận xét theo kỳ được viết cho một chi bộ: hãy chọn chi bộ.', 'cellId')
    if (!canWriteRemark(ctx.actor, cell.path)) throw forbidden('Đồng chí được xem nhưng không được giao viết nhận xét kiểm tra cho chi bộ này.')
    const at = now.toISOString()
    const row = tx
      .insert(inspectionRemarks)
      .values({
        orgId: cell.id,
        periodFrom: input.periodFrom,
        periodTo: input.periodTo,
        inspectorUserId: ctx.actor.userId,
        inspectorName: ctx.actor.displayName,
        inspectorBody: input.inspectorBody ?? defaultInspectorBody(tx, ctx.actor, cell.path),
        remarks: input.remarks,
        requestedFixes: input.requestedFixes,
        dueOn: input.dueOn,
        status: 'draft',
        createdAt: at,
        updatedAt: at,
      })
      .returning()
      .get()
    auditRemark(tx, ctx, at, { id: row.id, cell }, 'remark.create', `Viết nhận xét kiểm tra (bản nháp) ${periodText(input.periodFrom, input.periodTo)?.toLowerCase() ?? ''} — ${cell.name}`)
    return row
  })
}

/** The checks every write makes, in order: the transition (422), the writer's right (403), the version seen (409). */
function guard(row: Row, actor: Actor, action: RemarkAction, version: number) {
  const check = checkRemarkAction(row.remark.status, action)
  if (!check.ok) throw new AppError(422, check.message)
  const author = row.remark.inspectorUserId === actor.userId
  switch (action) {
    case 'edit':
    case 'discard':
    case 'sign':
      if (!author) throw forbidden('Chỉ đồng chí viết nhận xét mới sửa, ký hoặc xóa được bản nháp này.')
      if (!canWriteRemark(actor, row.cell.path)) throw forbidden('Đồng chí không còn được giao kiểm tra chi bộ này.')
      break
    case 'reply':
      if (!canAnswerRemark(actor, row.cell.path)) throw forbidden('Chỉ Bí thư hoặc Phó Bí thư chi bộ mới trả lời được nhận xét của cấp trên.')
      break
    case 'close':
    case 'reopen':
      if (!canWriteRemark(actor, row.cell.path)) throw forbidden('Chỉ cán bộ kiểm tra của cấp ủy cấp trên mới đóng hoặc mở lại được nhận xét.')
      break
  }
  if (row.remark.version !== version) throw conflict()
}

/** `UPDATE … SET version = version + 1 WHERE id = ? AND version = ?`; a lost race is a 409. */
function bump(tx: Executor, id: string, seen: number, set: Partial<Remark>, at: string): Remark {
  const updated = tx
    .update(inspectionRemarks)
    .set({ ...set, version: sql`${inspectionRemarks.version} + 1`, updatedAt: at })
    .where(and(eq(inspectionRemarks.id, id), eq(inspectionRemarks.version, seen)))
    .returning()
    .get()
  if (!updated) throw conflict()
  return updated
}

/** The author edits a draft (a signed remark is frozen: 422 with the reason). */
export function updateRemarkDraft(
  db: DB,
  ctx: ActorContext,
  remarkId: string,
  input: RemarkContent & { periodFrom?: string | null; periodTo?: string | null; version: number },
  now = new Date(),
): Remark {
  return db.transaction((tx) => {
    const row = loadVisible(tx, ctx.actor, remarkId)
    guard(row, ctx.actor, 'edit', input.version)
    assertContent(input)
    const periodic = !row.remark.meetingId
    if (periodic) assertPeriod(input.periodFrom ?? null, input.periodTo ?? null)
    const next = {
      remarks: input.remarks,
      requestedFixes: input.requestedFixes,
      dueOn: input.dueOn,
      inspectorBody: input.inspectorBody ?? row.remark.inspectorBody,
      ...(periodic ? { periodFrom: input.periodFrom ?? null, periodTo: input.periodTo ?? null } : {}),
    }
    const changed = Object.entries(next)
      .filter(([k, v]) => row.remark[k as keyof Remark] !== v)
      .map(([k]) => k)
    const at = now.toISOString()
    const updated = bump(tx, row.remark.id, input.version, next, at)
    auditRemark(tx, ctx, at, { id: row.remark.id, cell: row.cell }, 'remark.update', `Sửa bản nháp nhận xét kiểm tra: ${subjectOf(row)} — ${row.cell.name}`, { changed })
    return updated
  })
}

/** The author deletes a draft that was never signed. */
export function discardRemarkDraft(db: DB, ctx: ActorContext, remarkId: string, input: { version: number }, now = new Date()): void {
  const at = now.toISOString()
  db.transaction((tx) => {
    const row = loadVisible(tx, ctx.actor, remarkId)
    guard(row, ctx.actor, 'discard', input.version)
    const gone = tx
      .delete(inspectionRemarks)
      .where(and(eq(inspectionRemarks.id, row.remark.id), eq(inspectionRemarks.version, input.version)))
      .run()
    if (gone.changes === 0) throw conflict()
    auditRemark(tx, ctx, at, { id: row.remark.id, cell: row.cell }, 'remark.discard', `Xóa bản nháp nhận xét kiểm tra: ${subjectOf(row)} — ${row.cell.name}`)
  })
}

function checkBeforeSigning(row: Row, actor: Actor, version: number, now: Date) {
  guard(row, actor, 'sign', version)
  const problems = checkSignable(row.remark, todayIso(now))
  if (problems.length) throw new AppError(422, problems.join(' '))
}

function applySign(db: DB, ctx: ActorContext, remarkId: string, version: number, now: Date, method: 'password' | 'seed'): Remark {
  return db.transaction(
    (tx) => {
      const row = loadVisible(tx, ctx.actor, remarkId)
      checkBeforeSigning(row, ctx.actor, version, now)
      const at = now.toISOString()
      const updated = bump(tx, row.remark.id, version, { status: 'open', signedAt: at }, at)
      auditRemark(
        tx,
        ctx,
        at,
        { id: row.remark.id, cell: row.cell },
        'remark.sign',
        `Ký và gửi nhận xét kiểm tra cho ${row.cell.name}: ${subjectOf(row)}${row.remark.dueOn ? ` (thời hạn khắc phục ${row.remark.dueOn})` : ''}`,
        { method, dueOn: row.remark.dueOn },
      )
      return updated
    },
    { behavior: 'immediate' },
  )
}

/**
 * The author signs the draft by re-entering their password: the remark becomes open (sent to the
 * cell) and immutable. Everything that can be checked is checked before the password is tried.
 */
export async function signRemark(db: DB, ctx: ActorContext, remarkId: string, input: { password: string; version: number }, now = new Date()): Promise<Remark> {
  checkBeforeSigning(loadVisible(db, ctx.actor, remarkId), ctx.actor, input.version, now)
  if (!(await confirmPassword(db, ctx.actor, input.password, ctx.ip))) throw new AppError(422, 'Mật khẩu không đúng: nhận xét chưa được ký.', 'password')
  return applySign(db, ctx, remarkId, input.version, now, 'password')
}

/** For the demo seed and tests only: signs as the author without asking for the password (audited as such). */
export function signRemarkForSeed(db: DB, ctx: ActorContext, remarkId: string, now = new Date()): Remark {
  const row = loadVisible(db, ctx.actor, remarkId)
  return applySign(db, ctx, remarkId, row.remark.version, now, 'seed')
}

/** The cell's bí thư or phó bí thư answers (or corrects the answer) until the remark is closed. */
export function replyToRemark(db: DB, ctx: ActorContext, remarkId: string, input: { reply: string; version: number }, now = new Date()): Remark {
  const text = input.reply.normalize('NFC').replace(/\r\n?/g, '\n').trim()
  return db.transaction((tx) => {
    const row = loadVisible(tx, ctx.actor, remarkId)
    guard(row, ctx.actor, 'reply', input.version)
    if (text.length < 5) throw new AppError(422, 'Hãy ghi nội dung trả lời (ít nhất 5 ký tự): chi bộ đã tiếp thu, khắc phục thế nào.', 'reply')
    const again = row.remark.status === 'answered'
    const at = now.toISOString()
    const updated = bump(tx, row.remark.id, input.version, { status: 'answered', reply: text, repliedAt: at, repliedBy: ctx.actor.displayName }, at)
    auditRemark(
      tx,
      ctx,
      at,
      { id: row.remark.id, cell: row.cell },
      again ? 'remark.reply.update' : 'remark.reply',
      `${again ? 'Sửa trả lời' : 'Trả lời'} nhận xét kiểm tra của đ/c ${row.remark.inspectorName}: ${subjectOf(row)} — ${row.cell.name}`,
    )
    return updated
  })
}

/** An inspector of the subtree closes an answered remark (optionally with a note). */
export function closeRemark(db: DB, ctx: ActorContext, remarkId: string, input: { note?: string | null; version: number }, now = new Date()): Remark {
  const note = input.note?.trim() || null
  return db.transaction((tx) => {
    const row = loadVisible(tx, ctx.actor, remarkId)
    guard(row, ctx.actor, 'close', input.version)
    const at = now.toISOString()
    const updated = bump(tx, row.remark.id, input.version, { status: 'closed', closedAt: at }, at)
    auditRemark(tx, ctx, at, { id: row.remark.id, cell: row.cell }, 'remark.close', `Đóng nhận xét kiểm tra: ${subjectOf(row)} — ${row.cell.name}`, note ? { note } : undefined)
    return updated
  })
}

/** An inspector of the subtree sends an answered remark back to the cell with a note of what is still missing. */
export function reopenRemark(db: DB, ctx: ActorContext, remarkId: string, input: { note: string; version: number }, now = new Date()): Remark {
  const note = input.note.normalize('NFC').trim()
  return db.transaction((tx) => {
    const row = loadVisible(tx, ctx.actor, remarkId)
    guard(row, ctx.actor, 'reopen', input.version)
    if (note.length < 5) throw new AppError(422, 'Hãy ghi rõ chi bộ cần bổ sung, khắc phục thêm điều gì (ít nhất 5 ký tự).', 'note')
    const at = now.toISOString()
    const updated = bump(tx, row.remark.id, input.version, { status: 'open' }, at)
    auditRemark(tx, ctx, at, { id: row.remark.id, cell: row.cell }, 'remark.reopen', `Yêu cầu chi bộ bổ sung trả lời nhận xét kiểm tra: ${subjectOf(row)} — ${row.cell.name}`, { note })
    return updated
  })
}

// ---------------------------------------------------------------------------------------------
// The inspector's review of one meeting (issue 7 item 2)

const html = (doc: unknown) => renderRichTextToHtml((doc ?? null) as RichText | null)

/**
 * Everything an inspector reads about one meeting of their subtree, read-only: the agenda with its
 * documents, the record (attendance, guests, speeches, votes with their arithmetic, tasks, quality),
 * the minutes' versions and signatures, the cell's chain check, the meeting's audit trail, the
 * criticism items (their own visibility rule) and the remarks. A 404 for anyone who may not inspect
 * the cell — plain members included, even of that cell.
 */
export function meetingReview(db: DB, actor: Actor, meetingId: string, now = new Date()) {
  const meeting = getMeeting(db, actor, meetingId)
  if (!can(actor, 'inspection:read', { orgPath: meeting.cell.path })) throw notFound('Không tìm thấy buổi sinh hoạt này, hoặc đồng chí không có quyền kiểm tra.')
  const ctx: ActorContext = { actor, ip: null }

  const agenda = agendaForRead(db, actor, meetingId, now)
  const record = meetingRecord(db, actor, meetingId)
  const minutes = minutesPage(db, actor, meetingId)
  const chain = verifyCellChain(db, meeting.cellId)
  const audit = listAudit(db, ctx, { orgPath: meeting.cell.path, entityType: 'meeting', entityId: meetingId, pageSize: 200 })
  const criticism = meetingCriticism(db, actor, meetingId)
  const remarks = meetingRemarks(db, actor, meetingId, now)
  const signedVersions = minutes.versions.filter((v) => v.status === 'signed' || v.status === 'superseded')

  const absent = record.attendance.filter((a) => a.status !== 'present')
  return {
    meeting: {
      id: meeting.id,
      title: meetingTitle(meeting),
      typeLabel: MEETING_TYPE_LABELS[meeting.type],
      status: meeting.status,
      statusLabel: MEETING_STATUS_LABELS[meeting.status],
      startsAt: meeting.startsAt,
      startedAt: meeting.startedAt,
      endedAt: meeting.endedAt,
      place: meeting.place,
      formLabel: MEETING_FORM_LABELS[meeting.form],
      cancelledReason: meeting.cancelledReason,
      cell: { id: meeting.cell.id, name: meeting.cell.name },
      chairName: record.meeting.chairName,
      secretaryName: record.meeting.secretaryName,
      conclusionHtml: html(meeting.conclusion),
    },
    agenda: {
      visible: agenda.visible,
      publication: agenda.publication,
      totalMinutes: agenda.totalMinutes,
      minimumMinutes: agenda.minimumMinutes,
      items: agenda.items.map((i) => ({ id: i.id, section: i.section, title: i.title, presenter: i.presenter, plannedMinutes: i.plannedMinutes, bodyHtml: i.bodyHtml, documents: i.documents })),
    },
    record: {
      started: record.attendance.length > 0 || record.items.some((i) => i.speeches.length > 0) || record.votes.length > 0,
      summary: record.summary,
      denominatorText: describeDenominator(record.denominator),
      absent: absent.map((a) => ({ memberId: a.memberId, name: a.name, statusLabel: ATTENDANCE_LABELS[a.status], memberStatusLabel: MEMBER_STATUS_LABELS[a.memberStatus], reason: a.reason })),
      guests: record.guests.map((g) => ({ id: g.id, text: describeGuest(g), isUpperRep: g.isUpperRep })),
      items: record.items.map((i) => ({
        id: i.id,
        title: i.title,
        conclusionHtml: html(i.conclusion),
        speeches: i.speeches.map((s) => ({ id: s.id, speakerName: s.speakerName, gistHtml: html(s.gist), contributionTitle: s.contribution?.title ?? null })),
      })),
      votes: record.votes.map((v) => {
        const evaluated = evaluateVote({ kind: v.kind, denominator: v.denominator, presentVoters: v.presentVoters, for: v.for, against: v.against, abstain: v.abstain ?? 0, allowAbstain: v.abstain !== null })
        return {
          id: v.id,
          subject: v.subject,
          kindLabel: VOTE_KIND_LABELS[v.kind],
          methodLabel: VOTE_METHOD_LABELS[v.method],
          for: v.for,
          against: v.against,
          abstain: v.abstain,
          denominator: v.denominator,
          presentVoters: v.presentVoters,
          passed: v.passed,
          sentence: v.sentence,
          outcome: v.outcome,
          rule: describeRule(v.kind),
          threshold: evaluated.ok ? evaluated.threshold : null,
          /** The stored outcome disagrees with the arithmetic (only possible by editing the database). */
          mismatch: evaluated.ok ? evaluated.passed !== v.passed : false,
          reserved: v.reserved,
        }
      }),
      tasks: record.tasks.map((t) => ({ id: t.id, memberName: t.memberName, text: t.text, dueOn: t.dueOn, status: t.status })),
      quality: record.quality.scored
        ? {
            total: record.quality.total,
            levelLabel: record.quality.levelLabel,
            criteria: record.quality.rubric.criteria.map((c) => ({ label: c.label, maxPoints: c.maxPoints, points: record.quality.scores[c.key] ?? null })),
            confirmedBy: record.quality.confirmedBy ? describeGuest({ ...record.quality.confirmedBy, isUpperRep: true }) : null,
            confirmedAt: record.quality.confirmedAt,
          }
        : null,
    },
    minutes: {
      versions: minutes.versions.map((v, i, all) => ({
        id: v.id,
        versionNo: v.versionNo,
        status: v.status,
        hash: v.hash,
        verifyCode: v.verifyCode,
        amendmentReason: v.amendmentReason,
        withdrawnReason: v.withdrawnReason,
        createdAt: v.createdAt,
        signedAt: v.signedAt,
        signatures: v.signatures.map((s) => ({ roleLabel: SIGNER_ROLE_LABELS[s.role], name: s.name, signedAt: s.signedAt })),
        previous: i > 0 ? { id: all[i - 1].id, versionNo: all[i - 1].versionNo } : null,
      })),
      signed: signedVersions.length > 0,
      currentId: minutes.currentId,
      durationWarning: minutes.durationWarning,
    },
    chain: {
      versions: chain.versions,
      ok: chain.problems.length === 0,
      problems: chain.problems.map((p) => ({ meetingId: p.meetingId, meetingLabel: p.meetingLabel, chainSeq: p.chainSeq, problem: p.problem, thisMeeting: p.meetingId === meetingId })),
    },
    audit: { total: audit.total, rows: audit.rows.map((a) => ({ id: a.id, at: a.at, username: a.username, summary: a.summary })) },
    criticism: {
      items: criticism.items.map((c) => ({
        id: c.id,
        subjectName: c.subjectName,
        kindLabel: CRITICISM_KIND_LABELS[c.kind],
        category: `${c.category}. ${c.categoryLabel}`,
        description: c.description,
        remedy: c.remedy,
        dueOn: c.dueOn,
        statusLabel: CRITICISM_STATUS_LABELS[c.status],
        overdue: c.overdue,
        publicSummary: c.publicSummary,
      })),
      followUps: criticism.followUps,
    },
    remarks,
    may: {
      remark: canWriteRemark(actor, meeting.cell.path),
      inspectorBody: defaultInspectorBody(db, actor, meeting.cell.path),
    },
  }
}
export type MeetingReview = ReturnType<typeof meetingReview>

// ---------------------------------------------------------------------------------------------
// The periodic report (issue 7 item 5)

/** Months that had to have a meeting: held, missing or cancelled (not "planned", "not yet due"). */
const REQUIRED_STATES: readonly ComplianceState[] = ['signed_on_time', 'signed_late', 'unsigned', 'missing', 'cancelled']
const HELD_STATES: readonly ComplianceState[] = ['signed_on_time', 'signed_late', 'unsigned']

export type ReportTally = {
  cells: number
  /** Cell-months that required a meeting (the month has begun and it was not just planned). */
  required: number
  held: number
  signedOnTime: number
  signedLate: number
  /** Held, minutes not signed yet: within the deadline, and past it. */
  unsigned: number
  unsignedOverdue: number
  missing: number
  cancelled: number
  /** Still planned later in the (current) period. */
  planned: number
  /** Months judged for the on-time rate (app/domain/compliance.ts isDue). */
  due: number
  attendance: { present: number; expected: number }
  quality: Record<QualityLevel | 'unscored', number>
}

function emptyTally(): ReportTally {
  return {
    cells: 0,
    required: 0,
    held: 0,
    signedOnTime: 0,
    signedLate: 0,
    unsigned: 0,
    unsignedOverdue: 0,
    missing: 0,
    cancelled: 0,
    planned: 0,
    due: 0,
    attendance: { present: 0, expected: 0 },
    quality: { good: 0, fair: 0, average: 0, poor: 0, unscored: 0 },
  }
}

function addTally(into: ReportTally, from: ReportTally) {
  for (const k of ['cells', 'required', 'held', 'signedOnTime', 'signedLate', 'unsigned', 'unsignedOverdue', 'missing', 'cancelled', 'planned', 'due'] as const) into[k] += from[k]
  into.attendance.present += from.attendance.present
  into.attendance.expected += from.attendance.expected
  for (const k of [...QUALITY_LEVELS, 'unscored'] as const) into.quality[k] += from.quality[k]
}

/** Rates of a tally as numbers (0–1, null when nothing to divide) and as text ("87,5%", "—"). */
function ratesOf(t: ReportTally) {
  const r = (a: number, b: number) => (b > 0 ? a / b : null)
  return {
    held: r(t.held, t.required),
    onTime: r(t.signedOnTime, t.due),
    attendance: r(t.attendance.present, t.attendance.expected),
    text: { held: rateText(t.held, t.required), onTime: rateText(t.signedOnTime, t.due), attendance: rateText(t.attendance.present, t.attendance.expected) },
  }
}

type ListItem = {
  cellId: string
  cellName: string
  unitName: string
  month: number
  /** Hà Nội date of the meeting, if any. */
  meetingDate: string | null
  meetingId: string | null
  /** Where the item is read: the meeting review, or the cell's grid for the year. */
  href: string
  detail: string
}

export type ReportView = ReturnType<typeof reportView>

/**
 * The periodic report of an organisation's subtree (or of one grass-roots organisation below it,
 * `unitId`) for a month, a quarter or a year: counts and rates — cells, meetings held / required,
 * minutes signed on time / late / unsigned, months missing or cancelled, thematic meetings per quarter,
 * attendance, quality levels — per unit (or per cell) and in total, the lists of missing, cancelled,
 * late and unsigned items with links, and the remarks signed in the period. States come from the
 * compliance rules (app/domain/compliance.ts via complianceGrid). A 404 for anyone who may not
 * inspect the organisation. Lists are capped at `listLimit` items each (`total` says how many there are).
 */
export function reportView(db: Executor, actor: Actor, orgId: string, period: ReportPeriod, opts: { unitId?: string | null; now?: Date; listLimit?: number } = {}) {
  const now = opts.now ?? new Date()
  const today = todayIso(now)
  const listLimit = opts.listLimit ?? 500
  const grid = complianceGrid(db, actor, orgId, period.year, { type: 'regular', grassrootsId: opts.unitId ?? undefined, pageSize: Number.MAX_SAFE_INTEGER }, now)
  const scopeOrg = getOrganization(db, actor, grid.selectedGroup?.id ?? grid.org.id, 'inspection:read')
  const months = new Set(periodMonths(period))
  const quarters = periodQuarters(period)
  const unitNames = new Map(grid.groupOptions.map((g) => [g.id, g.name]))
  const yearHref = (cellId: string) => `/inspect/${cellId}?year=${period.year}`

  const total = emptyTally()
  const perUnit = new Map<string, ReportTally>()
  const perCell: { id: string; name: string; unitName: string; tally: ReportTally }[] = []
  const quarterMarks = quarters.map((q) => ({ quarter: q, counts: { held: 0, planned: 0, missing: 0, not_due: 0 } as Record<QuarterMark, number> }))
  const lists = { missing: [] as ListItem[], cancelled: [] as ListItem[], late: [] as ListItem[], unsigned: [] as ListItem[], thematicMissing: [] as (Omit<ListItem, 'month'> & { quarter: number })[] }

  for (const c of grid.cells) {
    const unitName = unitNames.get(c.groupId) ?? c.grassrootsName
    const t = emptyTally()
    t.cells = 1
    for (const m of c.months) {
      if (!months.has(m.month)) continue
      if (REQUIRED_STATES.includes(m.state)) t.required++
      if (isDue(m)) t.due++
      const base = { cellId: c.id, cellName: c.name, unitName, month: m.month, meetingDate: m.meetingDate, meetingId: m.meetingId }
      const review = m.meetingId ? `/inspect/meetings/${m.meetingId}` : yearHref(c.id)
      switch (m.state) {
        case 'signed_on_time':
          t.signedOnTime++
          break
        case 'signed_late':
          t.signedLate++
          lists.late.push({ ...base, href: review, detail: `Ký ngày ${dmy(hanoiDate(m.signedAt!))}, muộn ${(m.signDelay ?? 0) - c.minutesSignDays} ngày (hạn ${c.minutesSignDays} ngày sau buổi họp)` })
          break
        case 'unsigned':
          t.unsigned++
          if (m.overdue) t.unsignedOverdue++
          lists.unsigned.push({ ...base, href: review, detail: m.overdue ? `Biên bản chưa ký, đã quá hạn ký (${m.signDeadline ? dmy(m.signDeadline) : '—'})` : `Biên bản chưa ký, hạn ký đến ${m.signDeadline ? dmy(m.signDeadline) : '—'}` })
          break
        case 'missing':
          t.missing++
          lists.missing.push({ ...base, href: yearHref(c.id), detail: COMPLIANCE_STATE_INFO.missing.label })
          break
        case 'cancelled':
          t.cancelled++
          lists.cancelled.push({ ...base, href: review, detail: m.cancelledReason ? `Lý do: ${m.cancelledReason}` : 'Không ghi lý do hủy' })
          break
        case 'planned':
          t.planned++
          break
        default:
          break
      }
      if (HELD_STATES.includes(m.state)) {
        t.held++
        if (m.attendance) {
          t.attendance.present += m.attendance.present
          t.attendance.expected += m.attendance.expected
        }
        t.quality[m.quality ?? 'unscored']++
      }
    }
    for (const q of quarterMarks) {
      const mark = c.quarters[q.quarter - 1]
      q.counts[mark]++
      if (mark === 'missing') lists.thematicMissing.push({ cellId: c.id, cellName: c.name, unitName, quarter: q.quarter, meetingDate: null, meetingId: null, href: yearHref(c.id), detail: QUARTER_MARK_INFO.missing.label })
    }
    addTally(total, t)
    const u = perUnit.get(c.groupId) ?? emptyTally()
    addTally(u, t)
    perUnit.set(c.groupId, u)
    perCell.push({ id: c.id, name: c.name, unitName, tally: t })
  }

  // Rows: per unit when the scope has several grass-roots organisations; otherwise per cell.
  const rowsAreCells = Boolean(grid.selectedGroup) || grid.groupsAreCells
  const rows = rowsAreCells
    ? perCell.map((c) => ({ id: c.id, name: c.name, href: yearHref(c.id), tally: c.tally, rates: ratesOf(c.tally) }))
    : [...perUnit.entries()]
        .map(([id, tally]) => ({ id, name: unitNames.get(id) ?? id, href: `/inspect/${orgId}/report?${reportQuery(period, id)}`, tally, rates: ratesOf(tally) }))
        .sort((a, b) => compareVietnamese(a.name, b.name))

  const byPlace = (a: { unitName: string; cellName: string }, b: { unitName: string; cellName: string }) => compareVietnamese(a.unitName, b.unitName) || compareVietnamese(a.cellName, b.cellName)
  const capped = <T extends { unitName: string; cellName: string }>(items: T[], order: (a: T, b: T) => number) => {
    const sorted = [...items].sort(order)
    return { total: sorted.length, items: sorted.slice(0, listLimit) }
  }
  const byPlaceThenMonth = (a: ListItem, b: ListItem) => byPlace(a, b) || a.month - b.month

  // Remarks of the scope: signed in the period, and where they stand today.
  const range = periodRange(period)
  const remarkRows = db
    .select({ status: inspectionRemarks.status, dueOn: inspectionRemarks.dueOn, signedAt: inspectionRemarks.signedAt })
    .from(inspectionRemarks)
    .innerJoin(organizations, eq(organizations.id, inspectionRemarks.orgId))
    .where(and(remarkVisibility(actor), like(organizations.path, `${scopeOrg.path}%`), ne(inspectionRemarks.status, 'draft')))
    .all()
  const remarks = {
    signedInPeriod: remarkRows.filter((r) => r.signedAt && hanoiDate(r.signedAt) >= range.from && hanoiDate(r.signedAt) <= range.to).length,
    open: remarkRows.filter((r) => r.status === 'open').length,
    overdue: remarkRows.filter((r) => isRemarkOverdue(r, today)).length,
    answered: remarkRows.filter((r) => r.status === 'answered').length,
    closed: remarkRows.filter((r) => r.status === 'closed').length,
  }

  return {
    org: grid.org,
    unit: grid.selectedGroup,
    /** Grass-roots organisations (or cells) directly below the organisation, for the scope selector. */
    unitOptions: grid.groupsAreCells ? [] : grid.groupOptions,
    scopeName: grid.selectedGroup?.name ?? grid.org.name,
    period,
    periodLabel: periodLabel(period),
    range,
    ended: periodEnded(period, today),
    today,
    generatedAt: now.toISOString(),
    minutesSignDays: grid.minutesSignDays,
    total,
    rates: ratesOf(total),
    quarters: quarterMarks.map((q) => ({ quarter: q.quarter, label: `Quý ${ROMAN[q.quarter - 1]}`, ...q.counts })),
    quality: [...QUALITY_LEVELS.map((l) => ({ level: l as QualityLevel | 'unscored', label: QUALITY_LEVEL_LABELS[l], count: total.quality[l] })), { level: 'unscored' as const, label: 'Chưa chấm điểm', count: total.quality.unscored }],
    rowsAreCells,
    rows,
    lists: {
      missing: capped(lists.missing, byPlaceThenMonth),
      cancelled: capped(lists.cancelled, byPlaceThenMonth),
      late: capped(lists.late, byPlaceThenMonth),
      unsigned: capped(lists.unsigned, byPlaceThenMonth),
      thematicMissing: capped(lists.thematicMissing, (a, b) => byPlace(a, b) || a.quarter - b.quarter),
    },
    remarks,
  }
}

function dmy(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`
}

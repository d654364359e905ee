// Tasks (nhiệm vụ) assigned at a meeting or to carry out a resolution: a member (or the whole cell),
// a deadline, a status and a result. They come back at the next regular meeting's "Đánh giá kết quả
// thực hiện nghị quyết tháng trước" item (tasksForReview) and on each member's home (myTasks).
// Reading needs 'meeting:read' on the cell; assigning and reviewing need 'meeting:record' or
// 'meeting:plan' (secretary, deputy, committee); the assigned member reports on their own task.
import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { z } from 'zod'
import type { DB, Executor } from '../../db/client.server'
import { documents, meetings, members, organizations, tasks } from '../../db/schema'
import { citeDocument } from '~/domain/citation'
import { isCellKind, TASK_STATUSES, TASK_STATUS_LABELS, type TaskStatus } from '~/domain/constants'
import { isValidIsoDate } from '~/domain/members'
import { can, type Actor } from '~/domain/permissions'
import { pathIds } from '~/domain/settings'
import { toIsoDate } from '~/domain/vn-date'
import { cleanText } from '~/utils/text'
import { diffFields, writeAudit } from './audit.server'
import { AppError, conflict, forbidden, notFound, type ActorContext } from './context'
import { documentOptions } from './documents.server'
import { getMeeting, meetingTitle } from './meetings.server'
import { getOrganization } from './organizations.server'
import { scopeCondition } from './scope.server'

export type Task = typeof tasks.$inferSelect
type Organization = typeof organizations.$inferSelect

export const MAX_TASK_TEXT = 1000
export const MAX_RESULT_NOTE = 2000

/** Today in Hà Nội, 'YYYY-MM-DD'. */
function today(now = new Date()): string {
  return toIsoDate(now)
}

/** An open task whose deadline has passed. */
export function isOverdue(task: { status: TaskStatus; dueOn: string | null }, on: string = today()): boolean {
  return task.status === 'open' && task.dueOn !== null && task.dueOn < on
}

/** May the actor assign, edit and review the cell's tasks? */
export function canManageTasks(actor: Actor, cell: Pick<Organization, 'path'>): boolean {
  const scope = { orgPath: cell.path }
  return can(actor, 'meeting:record', scope) || can(actor, 'meeting:plan', scope)
}

const fromMeeting = alias(meetings, 'from_meeting')
const reviewedMeeting = alias(meetings, 'reviewed_meeting')

const taskColumns = {
  task: tasks,
  memberName: members.fullName,
  fromMeeting: {
    id: fromMeeting.id,
    type: fromMeeting.type,
    topic: fromMeeting.topic,
    periodYear: fromMeeting.periodYear,
    periodMonth: fromMeeting.periodMonth,
    startsAt: fromMeeting.startsAt,
  },
  document: {
    id: documents.id,
    docType: documents.docType,
    numberText: documents.numberText,
    issuedOn: documents.issuedOn,
    issuer: documents.issuer,
    title: documents.title,
  },
}

type JoinedTask = {
  task: Task
  memberName: string | null
  fromMeeting: { id: string; type: Parameters<typeof meetingTitle>[0]['type']; topic: string | null; periodYear: number; periodMonth: number; startsAt: string } | null
  document: { id: string; docType: Parameters<typeof citeDocument>[0]['docType']; numberText: string | null; issuedOn: string | null; issuer: string; title: string } | null
}

function present(r: JoinedTask, on: string) {
  return {
    ...r.task,
    memberName: r.memberName,
    overdue: isOverdue(r.task, on),
    fromMeeting: r.fromMeeting?.id ? { id: r.fromMeeting.id, title: meetingTitle(r.fromMeeting), startsAt: r.fromMeeting.startsAt } : null,
    document: r.document?.id ? { id: r.document.id, label: citeDocument(r.document) } : null,
  }
}
export type TaskView = ReturnType<typeof present>

function joinedTasks(db: Executor) {
  return db
    .select(taskColumns)
    .from(tasks)
    .leftJoin(members, eq(tasks.memberId, members.id))
    .leftJoin(fromMeeting, eq(tasks.meetingId, fromMeeting.id))
    .leftJoin(documents, eq(tasks.documentId, documents.id))
}

function requireCell(db: Executor, actor: Actor, cellId: string) {
  const cell = getOrganization(db, actor, cellId, 'meeting:read')
  if (!isCellKind(cell.kind)) throw new AppError(422, 'Chỉ chi bộ mới có danh sách nhiệm vụ.')
  return cell
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A task the actor may read (its cell's meetings), with the names around it — or a 404. */
export function getTask(db: Executor, actor: Actor, taskId: string, on = today()) {
  const row = db
    .select({ ...taskColumns, cell: organizations, reviewedMeeting: { id: reviewedMeeting.id, type: reviewedMeeting.type, topic: reviewedMeeting.topic, periodYear: reviewedMeeting.periodYear, periodMonth: reviewedMeeting.periodMonth } })
    .from(tasks)
    .innerJoin(organizations, eq(tasks.cellId, organizations.id))
    .leftJoin(members, eq(tasks.memberId, members.id))
    .leftJoin(fromMeeting, eq(tasks.meetingId, fromMeeting.id))
    .leftJoin(reviewedMeeting, eq(tasks.reviewedMeetingId, reviewedMeeting.id))
    .leftJoin(documents, eq(tasks.documentId, documents.id))
    .where(and(eq(tasks.id, taskId), scopeCondition(actor, 'meeting:read', organizations.path)))
    .get()
  if (!row) throw notFound('Không tìm thấy nhiệm vụ này, hoặc đồng chí không có quyền xem.')
  const manage = canManageTasks(actor, row.cell)
  const assignee = Boolean(actor.memberId && row.task.memberId === actor.memberId)
  return {
    ...present(row, on),
    cell: row.cell,
    reviewedMeeting: row.reviewedMeeting?.id ? { id: row.reviewedMeeting.id, title: meetingTitle(row.reviewedMeeting) } : null,
    canManage: manage,
    /** The assigned member (not a manager) may report progress: open ↔ done with a result note. */
    canReport: manage || assignee,
    isAssignee: assignee,
  }
}

export type TaskListFilter = {
  status?: TaskStatus | 'overdue'
  memberId?: string
  page?: number
  pageSize?: number
  /** 'YYYY-MM-DD'; defaults to today in Hà Nội. */
  today?: string
}

/** The cell's tasks: open first (overdue, then by deadline), then the rest, newest first. */
export function listCellTasks(db: Executor, actor: Actor, cellId: string, filter: TaskListFilter = {}) {
  const cell = requireCell(db, actor, cellId)
  const on = filter.today ?? today()
  const conditions: (SQL | undefined)[] = [eq(tasks.cellId, cell.id)]
  if (filter.status === 'overdue') conditions.push(eq(tasks.status, 'open'), lt(tasks.dueOn, on))
  else if (filter.status) conditions.push(eq(tasks.status, filter.status))
  if (filter.memberId) conditions.push(eq(tasks.memberId, filter.memberId))
  const where = and(...conditions)
  const pageSize = filter.pageSize ?? 50
  const page = Math.max(1, filter.page ?? 1)
  const rows = joinedTasks(db)
    .where(where)
    .orderBy(
      sql`CASE ${tasks.status} WHEN 'open' THEN 0 WHEN 'done' THEN 1 ELSE 2 END`,
      sql`CASE WHEN ${tasks.status} = 'open' THEN coalesce(${tasks.dueOn}, '9999-12-31') ELSE '' END`,
      desc(tasks.updatedAt),
    )
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
  const total = db.select({ n: sql<number>`count(*)` }).from(tasks).where(where).get()?.n ?? 0
  const counts = db
    .select({
      open: sql<number>`coalesce(sum(CASE WHEN ${tasks.status} = 'open' THEN 1 ELSE 0 END), 0)`,
      overdue: sql<number>`coalesce(sum(CASE WHEN ${tasks.status} = 'open' AND ${tasks.dueOn} < ${on} THEN 1 ELSE 0 END), 0)`,
      done: sql<number>`coalesce(sum(CASE WHEN ${tasks.status} = 'done' THEN 1 ELSE 0 END), 0)`,
      cancelled: sql<number>`coalesce(sum(CASE WHEN ${tasks.status} = 'cancelled' THEN 1 ELSE 0 END), 0)`,
    })
    .from(tasks)
    .where(eq(tasks.cellId, cell.id))
    .get() ?? { open: 0, overdue: 0, done: 0, cancelled: 0 }
  return { cell, total, page, pageSize, counts, tasks: rows.map((r) => present(r, on)) }
}

/**
 * The actor's own tasks (as a member) for their home page: every open one (overdue first, then by
 * deadline), then the ten most recently finished.
 */
export function myTasks(db: Executor, actor: Actor, opts: { today?: string } = {}) {
  if (!actor.memberId) return []
  const on = opts.today ?? today()
  const mine = and(eq(tasks.memberId, actor.memberId), scopeCondition(actor, 'meeting:read', organizations.path))
  const base = () =>
    db
      .select({ ...taskColumns, cellName: organizations.name })
      .from(tasks)
      .innerJoin(organizations, eq(tasks.cellId, organizations.id))
      .leftJoin(members, eq(tasks.memberId, members.id))
      .leftJoin(fromMeeting, eq(tasks.meetingId, fromMeeting.id))
      .leftJoin(documents, eq(tasks.documentId, documents.id))
  const open = base()
    .where(and(mine, eq(tasks.status, 'open')))
    .orderBy(asc(sql`coalesce(${tasks.dueOn}, '9999-12-31')`), asc(tasks.createdAt))
    .limit(200)
    .all()
  const finished = base()
    .where(and(mine, ne(tasks.status, 'open')))
    .orderBy(desc(tasks.updatedAt))
    .limit(10)
    .all()
  return [...open, ...finished].map((r) => ({ ...present(r, on), cellName: r.cellName }))
}

export type ReviewTask = {
  id: string
  text: string
  memberId: string | null
  /** null: the task belongs to the whole cell. */
  memberName: string | null
  dueOn: string | null
  status: TaskStatus
  resultNote: string | null
  fromMeetingTitle: string | null
}

/**
 * What the "Đánh giá kết quả thực hiện nghị quyết tháng trước" item of the meeting starting at
 * `meetingStartsAt` reviews: the cell's tasks that arose before that meeting (at an earlier meeting,
 * or created before it when not tied to a meeting), not cancelled, and
 * - still open (an unfinished task comes back at every meeting until it is done), or
 * - finished but not yet reviewed at an earlier meeting (reviewed at this one or never).
 * A plain query with no actor: the caller has already loaded the meeting within its grants.
 */
export function tasksForReview(db: Executor, cellId: string, meetingStartsAt: string): ReviewTask[] {
  const at = new Date(meetingStartsAt).toISOString()
  const rows = db
    .select({
      id: tasks.id,
      text: tasks.text,
      memberId: tasks.memberId,
      memberName: members.fullName,
      dueOn: tasks.dueOn,
      status: tasks.status,
      resultNote: tasks.resultNote,
      fromMeeting: {
        id: fromMeeting.id,
        type: fromMeeting.type,
        topic: fromMeeting.topic,
        periodYear: fromMeeting.periodYear,
        periodMonth: fromMeeting.periodMonth,
      },
    })
    .from(tasks)
    .leftJoin(members, eq(tasks.memberId, members.id))
    .leftJoin(fromMeeting, eq(tasks.meetingId, fromMeeting.id))
    .leftJoin(reviewedMeeting, eq(tasks.reviewedMeetingId, reviewedMeeting.id))
    .where(
      and(
        eq(tasks.cellId, cellId),
        ne(tasks.status, 'cancelled'),
        sql`coalesce(${fromMeeting.startsAt}, ${tasks.createdAt}) < ${at}`,
        or(eq(tasks.status, 'open'), isNull(tasks.reviewedMeetingId), gte(reviewedMeeting.startsAt, at)),
      ),
    )
    .orderBy(asc(sql`coalesce(${fromMeeting.startsAt}, ${tasks.createdAt})`), asc(sql`coalesce(${tasks.dueOn}, '9999-12-31')`), asc(tasks.createdAt))
    .all()
  return rows.map((r) => ({
    id: r.id,
    text: r.text,
    memberId: r.memberId,
    memberName: r.memberName,
    dueOn: r.dueOn,
    status: r.status,
    resultNote: r.resultNote,
    fromMeetingTitle: r.fromMeeting?.id ? meetingTitle(r.fromMeeting) : null,
  }))
}

/** Tasks carrying out a document, in the cells the actor may read (for the document page). */
export function documentTasks(db: Executor, actor: Actor, documentId: string, on = today()) {
  return db
    .select({ ...taskColumns, cellName: organizations.name })
    .from(tasks)
    .innerJoin(organizations, eq(tasks.cellId, organizations.id))
    .leftJoin(members, eq(tasks.memberId, members.id))
    .leftJoin(fromMeeting, eq(tasks.meetingId, fromMeeting.id))
    .leftJoin(documents, eq(tasks.documentId, documents.id))
    .where(and(eq(tasks.documentId, documentId), scopeCondition(actor, 'meeting:read', organizations.path)))
    .orderBy(asc(organizations.name), sql`CASE ${tasks.status} WHEN 'open' THEN 0 ELSE 1 END`, asc(sql`coalesce(${tasks.dueOn}, '9999-12-31')`))
    .limit(200)
    .all()
    .map((r) => ({ ...present(r, on), cellName: r.cellName }))
}

/** What the create form offers: active members, recent meetings, documents readable at the cell. */
export function taskFormOptions(db: Executor, actor: Actor, cellId: string) {
  const cell = requireCell(db, actor, cellId)
  const memberOptions = db
    .select({ id: members.id, fullName: members.fullName })
    .from(members)
    .where(and(eq(members.cellId, cell.id), isNull(members.endedOn)))
    .orderBy(asc(members.searchName))
    .all()
  const since = new Date(Date.now() - 400 * 86_400_000).toISOString()
  const meetingOptions = db
    .select({ id: meetings.id, type: meetings.type, topic: meetings.topic, periodYear: meetings.periodYear, periodMonth: meetings.periodMonth, startsAt: meetings.startsAt })
    .from(meetings)
    .where(and(eq(meetings.cellId, cell.id), ne(meetings.status, 'cancelled'), gte(meetings.startsAt, since)))
    .orderBy(desc(meetings.startsAt))
    .limit(40)
    .all()
    .map((m) => ({ id: m.id, title: meetingTitle(m), startsAt: m.startsAt }))
  return { cell, members: memberOptions, meetings: meetingOptions, documents: documentOptions(db, cell) }
}

// ---------------------------------------------------------------------------------------------
// Writing

const dateField = z
  .string()
  .optional()
  .refine((v) => !v || isValidIsoDate(v), 'Ngày không hợp lệ.')

/** The create form; the model re-checks what belongs to the cell. */
export const TaskCreateSchema = z.object({
  text: z.string({ error: 'Hãy ghi nội dung nhiệm vụ.' }).trim().min(1, 'Hãy ghi nội dung nhiệm vụ.').max(MAX_TASK_TEXT, `Nội dung tối đa ${MAX_TASK_TEXT} ký tự.`),
  memberId: z.string().max(64).optional(),
  dueOn: dateField,
  meetingId: z.string().max(64).optional(),
  documentId: z.string().max(64).optional(),
})

/** The edit form: managers send every field; the assigned member only status and result. */
export const TaskUpdateSchema = z.object({
  status: z.enum(TASK_STATUSES, { error: 'Hãy chọn tình trạng.' }),
  resultNote: z.string().trim().max(MAX_RESULT_NOTE, `Kết quả tối đa ${MAX_RESULT_NOTE} ký tự.`).optional(),
  text: z.string().trim().min(1, 'Hãy ghi nội dung nhiệm vụ.').max(MAX_TASK_TEXT, `Nội dung tối đa ${MAX_TASK_TEXT} ký tự.`).optional(),
  memberId: z.string().max(64).optional(),
  dueOn: dateField,
  version: z.coerce.number({ error: 'Thiếu phiên bản bản ghi; hãy tải lại trang.' }).int(),
})

function checkMember(tx: Executor, cellId: string, memberId: string | null | undefined, current: string | null = null) {
  if (!memberId) return null
  const m = tx.select({ id: members.id, cellId: members.cellId, fullName: members.fullName, endedOn: members.endedOn }).from(members).where(eq(members.id, memberId)).get()
  if (!m || m.cellId !== cellId) throw new AppError(422, 'Đảng viên được giao không thuộc chi bộ này.', 'memberId')
  if (m.endedOn && m.id !== current) throw new AppError(422, `Đồng chí ${m.fullName} đã thôi sinh hoạt tại chi bộ; hãy giao cho đồng chí khác.`, 'memberId')
  return m.id
}

function checkMeeting(tx: Executor, cellId: string, meetingId: string | null | undefined, field: string) {
  if (!meetingId) return null
  const m = tx.select({ id: meetings.id, cellId: meetings.cellId }).from(meetings).where(eq(meetings.id, meetingId)).get()
  if (!m || m.cellId !== cellId) throw new AppError(422, 'Buổi sinh hoạt đã chọn không thuộc chi bộ này.', field)
  return m.id
}

function checkText(text: string): string {
  const value = cleanText(text)
  if (!value) throw new AppError(422, 'Hãy ghi nội dung nhiệm vụ.', 'text')
  if (value.length > MAX_TASK_TEXT) throw new AppError(422, `Nội dung tối đa ${MAX_TASK_TEXT} ký tự.`, 'text')
  return value
}

function checkDate(value: string | null | undefined): string | null {
  if (!value) return null
  if (!isValidIsoDate(value)) throw new AppError(422, 'Thời hạn không hợp lệ.', 'dueOn')
  return value
}

export type TaskInput = {
  cellId: string
  meetingId?: string | null
  documentId?: string | null
  memberId?: string | null
  text: string
  dueOn?: string | null
}

export function createTask(db: DB, ctx: ActorContext, input: TaskInput): Task {
  return db.transaction((tx) => {
    const cell = requireCell(tx, ctx.actor, input.cellId)
    if (!canManageTasks(ctx.actor, cell)) throw forbidden('Chỉ bí thư, phó bí thư hoặc chi ủy viên mới giao được nhiệm vụ.')
    const memberId = checkMember(tx, cell.id, input.memberId)
    const meetingId = checkMeeting(tx, cell.id, input.meetingId, 'meetingId')
    let documentId: string | null = null
    if (input.documentId) {
      // The document must be one the cell's members read: registered at the cell or above it.
      const d = tx.select({ id: documents.id, orgId: documents.orgId }).from(documents).where(eq(documents.id, input.documentId)).get()
      if (!d || !pathIds(cell.path).includes(d.orgId)) throw new AppError(422, 'Văn bản đã chọn không có trong sổ văn bản của chi bộ.', 'documentId')
      documentId = d.id
    }
    const row = tx
      .insert(tasks)
      .values({ cellId: cell.id, memberId, meetingId, documentId, text: checkText(input.text), dueOn: checkDate(input.dueOn) })
      .returning()
      .get()
    const who = memberId ? tx.select({ fullName: members.fullName }).from(members).where(eq(members.id, memberId)).get()?.fullName : null
    writeAudit(tx, ctx, {
      action: 'task.create',
      entityType: 'task',
      entityId: row.id,
      orgPath: cell.path,
      summary: `Giao nhiệm vụ${who ? ` cho đ/c ${who}` : ' cho chi bộ'}: ${row.text}`.slice(0, 400),
    })
    return row
  })
}

export type TaskUpdate = {
  status: TaskStatus
  resultNote?: string | null
  reviewedMeetingId?: string | null
  version: number
  /** Managers only: undefined leaves them as they are. */
  text?: string
  memberId?: string | null
  dueOn?: string | null
}

export function updateTask(db: DB, ctx: ActorContext, taskId: string, input: TaskUpdate): Task {
  return db.transaction((tx) => {
    const before = getTask(tx, ctx.actor, taskId)
    const resultNote = input.resultNote?.normalize('NFC').trim() || null
    if (resultNote && resultNote.length > MAX_RESULT_NOTE) throw new AppError(422, `Kết quả tối đa ${MAX_RESULT_NOTE} ký tự.`, 'resultNote')
    const changes: Partial<Task> = { status: input.status, resultNote }
    if (before.canManage) {
      if (input.text !== undefined) changes.text = checkText(input.text)
      if (input.memberId !== undefined) changes.memberId = checkMember(tx, before.cellId, input.memberId, before.memberId)
      if (input.dueOn !== undefined) changes.dueOn = checkDate(input.dueOn)
      if (input.reviewedMeetingId !== undefined) changes.reviewedMeetingId = checkMeeting(tx, before.cellId, input.reviewedMeetingId, 'reviewedMeetingId')
    } else if (before.isAssignee) {
      const touches =
        (input.text !== undefined && cleanText(input.text) !== before.text) ||
        (input.memberId !== undefined && (input.memberId || null) !== before.memberId) ||
        (input.dueOn !== undefined && (input.dueOn || null) !== before.dueOn) ||
        (input.reviewedMeetingId !== undefined && (input.reviewedMeetingId || null) !== before.reviewedMeetingId)
      if (touches) throw forbidden('Đồng chí chỉ cập nhật được tình trạng và kết quả thực hiện nhiệm vụ của mình; nội dung, người thực hiện và thời hạn do chi ủy điều chỉnh.')
      if (input.status === 'cancelled') throw forbidden('Chỉ bí thư, phó bí thư hoặc chi ủy viên mới hủy được nhiệm vụ.')
      if (input.status === 'done' && !resultNote) throw new AppError(422, 'Hãy ghi kết quả thực hiện trước khi báo hoàn thành.', 'resultNote')
    } else {
      throw forbidden('Chỉ bí thư, phó bí thư, chi ủy viên hoặc chính đồng chí được giao mới cập nhật được nhiệm vụ này.')
    }
    const row = tx
      .update(tasks)
      .set({ ...changes, version: sql`${tasks.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(tasks.id, taskId), eq(tasks.version, input.version)))
      .returning()
      .get()
    if (!row) throw conflict()
    const { memberName: _n, overdue: _o, fromMeeting: _f, document: _d, cell: _c, reviewedMeeting: _r, canManage: _m, canReport: _p, isAssignee: _a, ...plain } = before
    writeAudit(tx, ctx, {
      action: 'task.update',
      entityType: 'task',
      entityId: taskId,
      orgPath: before.cell.path,
      summary:
        before.status !== row.status
          ? `Nhiệm vụ "${row.text.slice(0, 200)}": ${TASK_STATUS_LABELS[row.status].toLowerCase()}`
          : `Cập nhật nhiệm vụ "${row.text.slice(0, 200)}"`,
      details: diffFields(plain, row),
    })
    return row
  })
}

/** Records that these tasks were reviewed at the meeting (same cell); returns how many. */
export function markReviewed(db: DB, ctx: ActorContext, taskIds: string[], meetingId: string): number {
  const ids = [...new Set(taskIds)]
  if (ids.length === 0) return 0
  return db.transaction((tx) => {
    const meeting = getMeeting(tx, ctx.actor, meetingId, 'meeting:record')
    const found = tx
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(inArray(tasks.id, ids), eq(tasks.cellId, meeting.cellId)))
      .all()
    if (found.length !== ids.length) throw notFound('Có nhiệm vụ không thuộc chi bộ của buổi sinh hoạt này.')
    tx.update(tasks)
      .set({ reviewedMeetingId: meeting.id, version: sql`${tasks.version} + 1`, updatedAt: new Date().toISOString() })
      .where(inArray(tasks.id, ids))
      .run()
    writeAudit(tx, ctx, {
      action: 'task.review',
      entityType: 'meeting',
      entityId: meeting.id,
      orgPath: meeting.cell.path,
      summary: `Đánh giá ${ids.length} nhiệm vụ tại ${meetingTitle(meeting)}`,
      details: { taskIds: ids },
    })
    return ids.length
  })
}

// Meetings: the core queries every meeting feature builds on (scoped fetch, lists, titles).
// Planning (year plan, move/cancel), agendas, the record and minutes live in their own modules
// and use getMeeting() to load a meeting within the actor's grants.
import { and, asc, eq, gte, inArray, lt, ne, sql } from 'drizzle-orm'
import type { Executor } from '../../db/client.server'
import { meetings, members, organizations } from '../../db/schema'
import { isCellKind, type MeetingStatus, type MeetingType } from '~/domain/constants'
import { can, type Actor, type Permission } from '~/domain/permissions'
import { AppError, notFound } from './context'
import { scopeCondition } from './scope.server'

export type Meeting = typeof meetings.$inferSelect
export type Organization = typeof organizations.$inferSelect

// Pure, in app/domain/meeting-title.ts: the scale generator's worker builds search rows with them too.
export { isPublished, meetingTitle } from '~/domain/meeting-title'

export type ScopedMeeting = Meeting & { cell: Organization }

/**
 * A meeting the actor may see with `permission` on its cell — or a 404, never its data.
 * Members of the cell read meetings; the subject of a criticism item etc. is handled by callers.
 */
export function getMeeting(db: Executor, actor: Actor, meetingId: string, permission: Permission = 'meeting:read'): ScopedMeeting {
  const row = db
    .select({ meeting: meetings, cell: organizations })
    .from(meetings)
    .innerJoin(organizations, eq(meetings.cellId, organizations.id))
    .where(and(eq(meetings.id, meetingId), scopeCondition(actor, permission, organizations.path)))
    .get()
  if (!row) {
    if (permission !== 'meeting:read') {
      // Distinguish "may read but not do this" (403) from "may not see it at all" (404).
      const readable = db
        .select({ id: meetings.id })
        .from(meetings)
        .innerJoin(organizations, eq(meetings.cellId, organizations.id))
        .where(and(eq(meetings.id, meetingId), scopeCondition(actor, 'meeting:read', organizations.path)))
        .get()
      if (readable) throw new AppError(403, 'Đồng chí không có quyền thực hiện thao tác này với buổi sinh hoạt.')
    }
    throw notFound('Không tìm thấy buổi sinh hoạt này, hoặc đồng chí không có quyền xem.')
  }
  return { ...row.meeting, cell: row.cell }
}

/** May the actor see the agenda before it is published (preparers), or only after? */
export function canSeeUnpublished(actor: Actor, cell: Pick<Organization, 'path'>): boolean {
  return can(actor, 'meeting:plan', { orgPath: cell.path }) || can(actor, 'meeting:record', { orgPath: cell.path })
}

/** Meetings of a cell in a calendar year (by start, Hà Nội time), ordered by start. */
export function listCellMeetings(db: Executor, actor: Actor, cellId: string, year: number) {
  const cell = db
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, cellId), scopeCondition(actor, 'meeting:read', organizations.path)))
    .get()
  if (!cell) throw notFound('Không tìm thấy chi bộ này, hoặc đồng chí không có quyền xem.')
  if (!isCellKind(cell.kind)) throw new AppError(422, 'Chỉ chi bộ mới có lịch sinh hoạt.')
  const from = new Date(Date.UTC(year, 0, 1) - 7 * 3_600_000).toISOString()
  const to = new Date(Date.UTC(year + 1, 0, 1) - 7 * 3_600_000).toISOString()
  const rows = db
    .select()
    .from(meetings)
    .where(and(eq(meetings.cellId, cellId), gte(meetings.startsAt, from), lt(meetings.startsAt, to)))
    .orderBy(asc(meetings.startsAt))
    .all()
  return { cell, meetings: rows }
}

/** The next meetings (not cancelled, not yet signed) of the given cells, soonest first. */
export function upcomingMeetings(db: Executor, cellIds: string[], now = new Date(), limit = 5) {
  if (cellIds.length === 0) return []
  const since = new Date(now.getTime() - 12 * 3_600_000).toISOString()
  return db
    .select({ meeting: meetings, cellName: organizations.name })
    .from(meetings)
    .innerJoin(organizations, eq(meetings.cellId, organizations.id))
    .where(and(inArray(meetings.cellId, cellIds), gte(meetings.startsAt, since), ne(meetings.status, 'cancelled')))
    .orderBy(asc(meetings.startsAt))
    .limit(limit)
    .all()
}

/** Meetings past their date whose minutes are not signed yet. */
export function meetingsAwaitingMinutes(db: Executor, cellIds: string[], now = new Date()) {
  if (cellIds.length === 0) return []
  return db
    .select({ meeting: meetings, cellName: organizations.name })
    .from(meetings)
    .innerJoin(organizations, eq(meetings.cellId, organizations.id))
    .where(
      and(
        inArray(meetings.cellId, cellIds),
        lt(meetings.startsAt, now.toISOString()),
        inArray(meetings.status, ['planned', 'prepared', 'in_progress', 'minutes_draft', 'signing'] satisfies MeetingStatus[]),
      ),
    )
    .orderBy(asc(meetings.startsAt))
    .all()
}

/** For the CLI and API: meetings as plain rows, optionally filtered by cell and year. */
export function meetingRows(db: Executor, opts: { cellId?: string; year?: number; type?: MeetingType } = {}) {
  const conditions = []
  if (opts.cellId) conditions.push(eq(meetings.cellId, opts.cellId))
  if (opts.year) {
    conditions.push(gte(meetings.startsAt, new Date(Date.UTC(opts.year, 0, 1) - 7 * 3_600_000).toISOString()))
    conditions.push(lt(meetings.startsAt, new Date(Date.UTC(opts.year + 1, 0, 1) - 7 * 3_600_000).toISOString()))
  }
  if (opts.type) conditions.push(eq(meetings.type, opts.type))
  return db
    .select({
      id: meetings.id,
      cellId: meetings.cellId,
      cellName: organizations.name,
      type: meetings.type,
      topic: meetings.topic,
      periodYear: meetings.periodYear,
      periodMonth: meetings.periodMonth,
      startsAt: meetings.startsAt,
      status: meetings.status,
    })
    .from(meetings)
    .innerJoin(organizations, eq(meetings.cellId, organizations.id))
    .where(conditions.length ? and(...conditions) : sql`1`)
    .orderBy(asc(organizations.name), asc(meetings.startsAt))
    .all()
}

/** Active members of a cell with names, for pickers (presenter, drafter, chair, speaker). */
export function cellMemberOptions(db: Executor, cellId: string) {
  return db
    .select({ id: members.id, fullName: members.fullName, position: members.position, status: members.status })
    .from(members)
    .where(and(eq(members.cellId, cellId), sql`${members.endedOn} IS NULL`))
    .orderBy(asc(members.searchName))
    .all()
}

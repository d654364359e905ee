// The criticism and self-criticism register (DOMAIN §8). These records are sensitive: an item is
// visible to its subject member, the cell's bí thư, phó bí thư and chi ủy viên, inspectors of the
// subtree and system admins — nobody else. That rule is ONE SQL condition, `criticismVisibility()`,
// applied inside every actor-facing query (never fetch-then-check), so anything else is a 404.
// Writes belong to the cell's bí thư, phó bí thư and chi ủy viên; "đã xác nhận" to the first two.
import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { Executor } from '../../db/client.server'
import { agendaItems, criticismFollowups, criticismItems, manifestations, meetings, members, organizations } from '../../db/schema'
import {
  CRITICISM_CATEGORY_LABELS,
  CRITICISM_STATUS_LABELS,
  isCellKind,
  type CriticismCategory,
  type CriticismKind,
  type CriticismStatus,
} from '~/domain/constants'
import {
  ACTIVE_STATUSES,
  CRITICISM_SUBJECT_LABELS,
  FROZEN_MEETING_STATUSES,
  MANIFESTATION_GROUPS,
  MINUTES_FIELDS,
  UNRESOLVED_STATUSES,
  canVerifyCriticism,
  canWriteCriticism,
  checkTransition,
  hasManifestations,
  isOverdue,
  manifestationCode,
  type CriticismItemInput,
  type CriticismSubjectKind,
  type FollowUpInput,
  type ManifestationGroup,
} from '~/domain/criticism'
import type { Actor } from '~/domain/permissions'
import { formatUiDateShort } from '~/domain/vn-date'
import { writeAudit } from './audit.server'
import { AppError, conflict, forbidden, notFound, type ActorContext } from './context'
import { meetingTitle } from './meetings.server'
import { todayIso } from './members.server'
import { scopeCondition } from './scope.server'

export type CriticismItem = typeof criticismItems.$inferSelect
export type CriticismFollowUp = typeof criticismFollowups.$inferSelect

const NOT_FOUND = 'Không tìm thấy nội dung phê bình, tự phê bình này, hoặc đồng chí không có quyền xem.'

// ---------------------------------------------------------------------------------------------
// Visibility: the one condition. Every query below joins `organizations` on the item's cell.

/**
 * Which criticism items the actor may see, as SQL over `criticism_items` joined with the item's
 * cell in `organizations`: 'criticism:read' on the cell (bí thư, phó bí thư, chi ủy viên of that
 * cell; inspectors of its subtree; system admins) or being the subject member. Items about the
 * cell or the chi ủy as a whole have no subject member, so only the first branch can match them.
 */
export function criticismVisibility(actor: Actor): SQL {
  const byRole = scopeCondition(actor, 'criticism:read', organizations.path)
  if (!actor.memberId) return byRole
  return or(byRole, and(eq(criticismItems.subjectKind, 'member'), eq(criticismItems.subjectMemberId, actor.memberId)))!
}

const subject = alias(members, 'subject_member')
const raiser = alias(members, 'raiser_member')
const owner = alias(members, 'owner_member')

const itemColumns = {
  item: criticismItems,
  cell: { id: organizations.id, name: organizations.name, path: organizations.path },
  meeting: {
    id: meetings.id,
    type: meetings.type,
    topic: meetings.topic,
    periodYear: meetings.periodYear,
    periodMonth: meetings.periodMonth,
    startsAt: meetings.startsAt,
    status: meetings.status,
  },
  subjectName: subject.fullName,
  raisedByName: raiser.fullName,
  followUpMemberName: owner.fullName,
  manifestationCode: manifestations.code,
  manifestationText: manifestations.text,
  agendaItemTitle: agendaItems.title,
}

/** Items the actor may see, with names; extra conditions narrow it further. */
function visibleItems(db: Executor, actor: Actor, ...conditions: (SQL | undefined)[]) {
  return db
    .select(itemColumns)
    .from(criticismItems)
    .innerJoin(organizations, eq(organizations.id, criticismItems.cellId))
    .innerJoin(meetings, eq(meetings.id, criticismItems.meetingId))
    .leftJoin(subject, eq(subject.id, criticismItems.subjectMemberId))
    .leftJoin(raiser, eq(raiser.id, criticismItems.raisedByMemberId))
    .leftJoin(owner, eq(owner.id, criticismItems.followUpMemberId))
    .leftJoin(manifestations, eq(manifestations.id, criticismItems.manifestationId))
    .leftJoin(agendaItems, eq(agendaItems.id, criticismItems.agendaItemId))
    .where(and(criticismVisibility(actor), ...conditions))
}

type ItemRow = Awaited<ReturnType<ReturnType<typeof visibleItems>['all']>>[number]

/** Follow-up entries of items the actor may see (same condition, joined through the item). */
function visibleFollowUps(db: Executor, actor: Actor, itemIds: string[]) {
  const map = new Map<string, ReturnType<typeof followUpView>[]>()
  if (itemIds.length === 0) return map
  for (let i = 0; i < itemIds.length; i += 500) {
    const rows = db
      .select({ followUp: criticismFollowups, meeting: { id: meetings.id, type: meetings.type, topic: meetings.topic, periodYear: meetings.periodYear, periodMonth: meetings.periodMonth, startsAt: meetings.startsAt } })
      .from(criticismFollowups)
      .innerJoin(criticismItems, eq(criticismItems.id, criticismFollowups.itemId))
      .innerJoin(organizations, eq(organizations.id, criticismItems.cellId))
      .leftJoin(meetings, eq(meetings.id, criticismFollowups.meetingId))
      .where(and(criticismVisibility(actor), inArray(criticismFollowups.itemId, itemIds.slice(i, i + 500))))
      .orderBy(asc(criticismFollowups.createdAt), asc(criticismFollowups.id))
      .all()
    for (const r of rows) {
      const list = map.get(r.followUp.itemId) ?? []
      list.push(followUpView(r.followUp, r.meeting))
      map.set(r.followUp.itemId, list)
    }
  }
  return map
}

type MeetingRef = Pick<typeof meetings.$inferSelect, 'id' | 'type' | 'topic' | 'periodYear' | 'periodMonth' | 'startsAt'>

function followUpView(f: CriticismFollowUp, meeting: MeetingRef | null) {
  return {
    id: f.id,
    note: f.note,
    statusAfter: f.statusAfter,
    createdAt: f.createdAt,
    /** The date the follow-up belongs to: its meeting's, else when it was written. */
    on: meeting ? meeting.startsAt : f.createdAt,
    meeting: meeting ? { id: meeting.id, title: meetingTitle(meeting), startsAt: meeting.startsAt } : null,
  }
}
export type FollowUpView = ReturnType<typeof followUpView>

export function subjectNameOf(kind: CriticismSubjectKind, memberName: string | null): string {
  if (kind === 'member') return memberName ? `Đ/c ${memberName}` : 'Đảng viên'
  return CRITICISM_SUBJECT_LABELS[kind]
}

function itemView(r: ItemRow, today: string) {
  const i = r.item
  return {
    id: i.id,
    cellId: i.cellId,
    cellName: r.cell.name,
    meetingId: i.meetingId,
    meetingTitle: meetingTitle(r.meeting),
    meetingStartsAt: r.meeting.startsAt,
    meetingStatus: r.meeting.status,
    agendaItemId: i.agendaItemId,
    agendaItemTitle: r.agendaItemTitle,
    subjectKind: i.subjectKind,
    subjectMemberId: i.subjectMemberId,
    subjectName: subjectNameOf(i.subjectKind, r.subjectName),
    kind: i.kind,
    raisedByMemberId: i.raisedByMemberId,
    raisedByText: i.raisedByText,
    raisedByName: i.kind === 'self' && i.subjectKind === 'member' ? subjectNameOf('member', r.subjectName) : r.raisedByName ? `Đ/c ${r.raisedByName}` : i.raisedByText,
    category: i.category,
    categoryLabel: CRITICISM_CATEGORY_LABELS[i.category],
    manifestationId: i.manifestationId,
    manifestation: r.manifestationCode ? { code: r.manifestationCode, text: r.manifestationText ?? '' } : null,
    description: i.description,
    cause: i.cause,
    response: i.response,
    remedy: i.remedy,
    dueOn: i.dueOn,
    followUpMemberId: i.followUpMemberId,
    followUpMemberName: r.followUpMemberName,
    status: i.status,
    outcome: i.outcome,
    publicSummary: i.publicSummary,
    overdue: isOverdue(i, today),
    version: i.version,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  }
}
export type CriticismItemView = ReturnType<typeof itemView>

/** [from, to) of a calendar year in Hà Nội, as UTC instants comparable with meetings.startsAt. */
function yearRange(year: number): [string, string] {
  return [new Date(Date.UTC(year, 0, 1) - 7 * 3_600_000).toISOString(), new Date(Date.UTC(year + 1, 0, 1) - 7 * 3_600_000).toISOString()]
}

// ---------------------------------------------------------------------------------------------
// Reading

/** One item with its follow-ups, or a 404 — whoever asks outside the visibility rule. */
export function getCriticismItem(db: Executor, actor: Actor, itemId: string, today = todayIso()) {
  const row = visibleItems(db, actor, eq(criticismItems.id, itemId)).get()
  if (!row) throw notFound(NOT_FOUND)
  return {
    ...itemView(row, today),
    cellPath: row.cell.path,
    followUps: visibleFollowUps(db, actor, [itemId]).get(itemId) ?? [],
    canWrite: canWriteCriticism(actor, row.cell.path),
    canVerify: canVerifyCriticism(actor, row.cell.path),
    frozen: isFrozen(row.meeting.status),
  }
}

export type CellCriticismFilters = {
  /** A status, 'unresolved' (open, in progress, resolved but unverified) or 'overdue'. */
  status?: CriticismStatus | 'unresolved' | 'overdue'
  category?: CriticismCategory
  kind?: CriticismKind
  /** Subject member. */
  memberId?: string
  /** Year the item was raised (meeting date, Hà Nội). */
  year?: number
}

/** A cell the actor reads the criticism register of ('criticism:read'), or a 404. */
function registerCell(db: Executor, actor: Actor, cellId: string) {
  const cell = db
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, cellId), scopeCondition(actor, 'criticism:read', organizations.path)))
    .get()
  if (!cell) throw notFound('Không tìm thấy sổ phê bình, tự phê bình của chi bộ này, hoặc đồng chí không có quyền xem.')
  if (!isCellKind(cell.kind)) throw new AppError(422, 'Chỉ chi bộ mới có sổ phê bình, tự phê bình.')
  return cell
}

/** The cell's register (sổ theo dõi phê bình, tự phê bình), filtered, newest meeting first. */
export function listCellCriticism(db: Executor, actor: Actor, cellId: string, filters: CellCriticismFilters = {}, today = todayIso()) {
  const cell = registerCell(db, actor, cellId)
  const conditions: (SQL | undefined)[] = [eq(criticismItems.cellId, cell.id)]
  if (filters.status === 'unresolved') conditions.push(inArray(criticismItems.status, [...UNRESOLVED_STATUSES]))
  else if (filters.status === 'overdue') conditions.push(inArray(criticismItems.status, [...ACTIVE_STATUSES]), lt(criticismItems.dueOn, today))
  else if (filters.status) conditions.push(eq(criticismItems.status, filters.status))
  if (filters.category) conditions.push(eq(criticismItems.category, filters.category))
  if (filters.kind) conditions.push(eq(criticismItems.kind, filters.kind))
  if (filters.memberId) conditions.push(eq(criticismItems.subjectMemberId, filters.memberId))
  if (filters.year) {
    const [from, to] = yearRange(filters.year)
    conditions.push(gte(meetings.startsAt, from), lt(meetings.startsAt, to))
  }
  const rows = visibleItems(db, actor, ...conditions)
    .orderBy(desc(meetings.startsAt), asc(criticismItems.createdAt))
    .limit(1000)
    .all()
  const items = rows.map((r) => itemView(r, today))
  const followUps = visibleFollowUps(db, actor, items.map((i) => i.id))
  const counts = db
    .select({ status: criticismItems.status, n: sql<number>`count(*)` })
    .from(criticismItems)
    .innerJoin(organizations, eq(organizations.id, criticismItems.cellId))
    .where(and(criticismVisibility(actor), eq(criticismItems.cellId, cell.id)))
    .groupBy(criticismItems.status)
    .all()
  return {
    cell: { id: cell.id, name: cell.name, path: cell.path },
    items: items.map((i) => ({ ...i, lastFollowUp: (followUps.get(i.id) ?? []).at(-1) ?? null })),
    counts: Object.fromEntries(counts.map((c) => [c.status, c.n])) as Partial<Record<CriticismStatus, number>>,
    canWrite: canWriteCriticism(actor, cell.path),
  }
}

/**
 * The annual review list (kiểm điểm cuối năm): a member's items raised in `year` with their
 * outcomes ("kết quả khắc phục"), plus items of earlier years still unresolved at the start of the
 * year or followed up during it (carried over). Without a year: every item of the member.
 */
export function memberCriticism(db: Executor, actor: Actor, memberId: string, year?: number, today = todayIso()) {
  const member = db
    .select({ id: members.id, fullName: members.fullName, cellId: members.cellId, cellName: organizations.name })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.cellId))
    .where(
      and(
        eq(members.id, memberId),
        actor.memberId ? or(scopeCondition(actor, 'criticism:read', organizations.path), eq(members.id, actor.memberId)) : scopeCondition(actor, 'criticism:read', organizations.path),
      ),
    )
    .get()
  if (!member) throw notFound('Không tìm thấy đảng viên này, hoặc đồng chí không có quyền xem nội dung phê bình, tự phê bình của đồng chí ấy.')
  const conditions: (SQL | undefined)[] = [eq(criticismItems.subjectKind, 'member'), eq(criticismItems.subjectMemberId, memberId)]
  if (year) {
    const [from, to] = yearRange(year)
    const followedUpInYear = sql`EXISTS (SELECT 1 FROM ${criticismFollowups} f LEFT JOIN ${meetings} fm ON fm.id = f.meeting_id
      WHERE f.item_id = ${criticismItems.id} AND coalesce(fm.starts_at, f.created_at) >= ${from} AND coalesce(fm.starts_at, f.created_at) < ${to})`
    conditions.push(
      or(
        and(gte(meetings.startsAt, from), lt(meetings.startsAt, to)),
        and(lt(meetings.startsAt, from), or(inArray(criticismItems.status, [...UNRESOLVED_STATUSES]), followedUpInYear)),
      ),
    )
  }
  const rows = visibleItems(db, actor, ...conditions)
    .orderBy(asc(meetings.startsAt), asc(criticismItems.createdAt))
    .all()
  const items = rows.map((r) => itemView(r, today))
  const followUps = visibleFollowUps(db, actor, items.map((i) => i.id))
  const [from] = year ? yearRange(year) : ['']
  return {
    member: { id: member.id, fullName: member.fullName, cellId: member.cellId, cellName: member.cellName },
    year: year ?? null,
    items: items.map((i) => {
      const list = followUps.get(i.id) ?? []
      return { ...i, carriedOver: Boolean(year) && i.meetingStartsAt < from, followUps: list, lastFollowUp: list.at(-1) ?? null }
    }),
  }
}

/** The signed-in member's own items (private to them and the cell's committee). */
export function myCriticism(db: Executor, actor: Actor, today = todayIso()) {
  if (!actor.memberId) return []
  const rows = visibleItems(db, actor, eq(criticismItems.subjectKind, 'member'), eq(criticismItems.subjectMemberId, actor.memberId))
    .orderBy(desc(meetings.startsAt), asc(criticismItems.createdAt))
    .all()
  const items = rows.map((r) => itemView(r, today))
  const followUps = visibleFollowUps(db, actor, items.map((i) => i.id))
  return items.map((i) => ({ ...i, followUps: followUps.get(i.id) ?? [] }))
}

/** For the member's home page: how many of their own items are still being followed, and overdue. */
export function myCriticismSummary(db: Executor, actor: Actor, today = todayIso()) {
  if (!actor.memberId) return { unresolved: 0, overdue: 0 }
  const row = db
    .select({
      unresolved: sql<number>`coalesce(sum(CASE WHEN ${inArray(criticismItems.status, [...UNRESOLVED_STATUSES])} THEN 1 ELSE 0 END), 0)`,
      overdue: sql<number>`coalesce(sum(CASE WHEN ${and(inArray(criticismItems.status, [...ACTIVE_STATUSES]), lt(criticismItems.dueOn, today))} THEN 1 ELSE 0 END), 0)`,
    })
    .from(criticismItems)
    .innerJoin(organizations, eq(organizations.id, criticismItems.cellId))
    .where(and(criticismVisibility(actor), eq(criticismItems.subjectKind, 'member'), eq(criticismItems.subjectMemberId, actor.memberId)))
    .get()
  return { unresolved: row?.unresolved ?? 0, overdue: row?.overdue ?? 0 }
}

/** For the secretary's home page: the cell's unresolved and overdue items; null without 'criticism:read'. */
export function cellCriticismSummary(db: Executor, actor: Actor, cellId: string, today = todayIso()) {
  const cell = db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.id, cellId), scopeCondition(actor, 'criticism:read', organizations.path)))
    .get()
  if (!cell) return null
  const row = db
    .select({
      unresolved: sql<number>`coalesce(sum(CASE WHEN ${inArray(criticismItems.status, [...UNRESOLVED_STATUSES])} THEN 1 ELSE 0 END), 0)`,
      awaitingVerification: sql<number>`coalesce(sum(CASE WHEN ${eq(criticismItems.status, 'resolved')} THEN 1 ELSE 0 END), 0)`,
      overdue: sql<number>`coalesce(sum(CASE WHEN ${and(inArray(criticismItems.status, [...ACTIVE_STATUSES]), lt(criticismItems.dueOn, today))} THEN 1 ELSE 0 END), 0)`,
    })
    .from(criticismItems)
    .innerJoin(organizations, eq(organizations.id, criticismItems.cellId))
    .where(and(criticismVisibility(actor), eq(criticismItems.cellId, cellId)))
    .get()
  return { unresolved: row?.unresolved ?? 0, awaitingVerification: row?.awaitingVerification ?? 0, overdue: row?.overdue ?? 0 }
}

/** A meeting whose criticism the actor may read ('criticism:read' on its cell), or a 404. */
function criticismMeeting(db: Executor, actor: Actor, meetingId: string) {
  const row = db
    .select({ meeting: meetings, cell: organizations })
    .from(meetings)
    .innerJoin(organizations, eq(organizations.id, meetings.cellId))
    .where(and(eq(meetings.id, meetingId), scopeCondition(actor, 'criticism:read', organizations.path)))
    .get()
  if (!row) throw notFound('Không tìm thấy buổi sinh hoạt này, hoặc đồng chí không có quyền xem nội dung phê bình, tự phê bình.')
  return row
}

/** Items raised at a meeting and follow-ups recorded there, for the meeting's criticism page. */
export function meetingCriticism(db: Executor, actor: Actor, meetingId: string, today = todayIso()) {
  const { meeting, cell } = criticismMeeting(db, actor, meetingId)
  const items = visibleItems(db, actor, eq(criticismItems.meetingId, meeting.id))
    .orderBy(asc(criticismItems.createdAt))
    .all()
    .map((r) => itemView(r, today))
  const followUpRows = db
    .select({ followUp: criticismFollowups, itemId: criticismItems.id, subjectKind: criticismItems.subjectKind, subjectName: subject.fullName, category: criticismItems.category, status: criticismItems.status })
    .from(criticismFollowups)
    .innerJoin(criticismItems, eq(criticismItems.id, criticismFollowups.itemId))
    .innerJoin(organizations, eq(organizations.id, criticismItems.cellId))
    .leftJoin(subject, eq(subject.id, criticismItems.subjectMemberId))
    .where(and(criticismVisibility(actor), eq(criticismFollowups.meetingId, meeting.id)))
    .orderBy(asc(criticismFollowups.createdAt))
    .all()
  return {
    meeting: { id: meeting.id, title: meetingTitle(meeting), startsAt: meeting.startsAt, status: meeting.status },
    cell: { id: cell.id, name: cell.name },
    frozen: isFrozen(meeting.status),
    cancelled: meeting.status === 'cancelled',
    canWrite: canWriteCriticism(actor, cell.path),
    items,
    followUps: followUpRows.map((r) => ({
      id: r.followUp.id,
      itemId: r.itemId,
      subjectName: subjectNameOf(r.subjectKind, r.subjectName),
      categoryLabel: CRITICISM_CATEGORY_LABELS[r.category],
      note: r.followUp.note,
      statusAfter: r.followUp.statusAfter,
    })),
  }
}

/**
 * For the meeting page's link "Phê bình, tự phê bình ({n})": the number of items raised at the
 * meeting, or null when the actor may not open the meeting's criticism page (hide the link).
 */
export function meetingCriticismCount(db: Executor, actor: Actor, meetingId: string): number | null {
  const allowed = db
    .select({ id: meetings.id })
    .from(meetings)
    .innerJoin(organizations, eq(organizations.id, meetings.cellId))
    .where(and(eq(meetings.id, meetingId), scopeCondition(actor, 'criticism:read', organizations.path)))
    .get()
  if (!allowed) return null
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(criticismItems)
      .innerJoin(organizations, eq(organizations.id, criticismItems.cellId))
      .where(and(criticismVisibility(actor), eq(criticismItems.meetingId, meetingId)))
      .get()?.n ?? 0
  )
}

/** Choices for the item form: the cell's members, the meeting's agenda items, manifestations, later meetings. */
export function criticismFormOptions(db: Executor, cellId: string, meetingId: string, keepMemberIds: (string | null)[] = []) {
  const keep = keepMemberIds.filter((id): id is string => Boolean(id))
  const memberRows = db
    .select({ id: members.id, fullName: members.fullName, position: members.position, searchName: members.searchName })
    .from(members)
    .where(and(eq(members.cellId, cellId), keep.length ? or(isNull(members.endedOn), inArray(members.id, keep)) : isNull(members.endedOn)))
    .orderBy(asc(members.searchName))
    .all()
  const agenda = db
    .select({ id: agendaItems.id, title: agendaItems.title, role: agendaItems.role, position: agendaItems.position })
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, meetingId))
    .orderBy(asc(agendaItems.position))
    .all()
  const meeting = db.select({ startsAt: meetings.startsAt }).from(meetings).where(eq(meetings.id, meetingId)).get()
  const laterMeetings = meeting
    ? db
        .select({ id: meetings.id, type: meetings.type, topic: meetings.topic, periodYear: meetings.periodYear, periodMonth: meetings.periodMonth, startsAt: meetings.startsAt, status: meetings.status })
        .from(meetings)
        .where(and(eq(meetings.cellId, cellId), gte(meetings.startsAt, meeting.startsAt), ne(meetings.status, 'cancelled')))
        .orderBy(asc(meetings.startsAt))
        .all()
        .filter((m) => !isFrozen(m.status))
        .map((m) => ({ id: m.id, startsAt: m.startsAt, label: `${meetingTitle(m)} (${formatUiDateShort(m.startsAt)})` }))
    : []
  return {
    members: memberRows.map((m) => ({ id: m.id, fullName: m.fullName, position: m.position })),
    agendaItems: agenda.map((a) => ({ id: a.id, title: `${a.position}. ${a.title}`, role: a.role })),
    manifestations: listManifestations(db),
    laterMeetings,
  }
}

// ---------------------------------------------------------------------------------------------
// Feeds for other features (no actor: the caller has already decided who sees the result)

/**
 * Unresolved items (open, in progress, resolved but not yet verified) of the cell raised at
 * meetings that started before `beforeIso`: what resurfaces in the next meetings' agenda under the
 * ideological-situation item. Only who, which group, status and deadline — never the text.
 * Show the names only to people holding 'criticism:read' on the cell; others get the count.
 */
export function openItemsForAgenda(db: Executor, cellId: string, beforeIso: string) {
  const before = new Date(beforeIso).toISOString()
  return db
    .select({
      id: criticismItems.id,
      subjectKind: criticismItems.subjectKind,
      subjectName: subject.fullName,
      category: criticismItems.category,
      status: criticismItems.status,
      dueOn: criticismItems.dueOn,
    })
    .from(criticismItems)
    .innerJoin(meetings, eq(meetings.id, criticismItems.meetingId))
    .leftJoin(subject, eq(subject.id, criticismItems.subjectMemberId))
    .where(and(eq(criticismItems.cellId, cellId), inArray(criticismItems.status, [...UNRESOLVED_STATUSES]), lt(meetings.startsAt, before)))
    .orderBy(asc(meetings.startsAt), asc(criticismItems.createdAt))
    .all()
    .map((r) => ({
      id: r.id,
      subjectName: subjectNameOf(r.subjectKind, r.subjectName),
      categoryLabel: `${r.category}. ${CRITICISM_CATEGORY_LABELS[r.category]}`,
      status: r.status as CriticismStatus,
      dueOn: r.dueOn,
    }))
}

/** What minutes shown to ordinary members carry: the one public line per item, nothing else. */
export function publicCriticismSummary(db: Executor, meetingId: string): { publicSummary: string }[] {
  return db
    .select({ publicSummary: criticismItems.publicSummary })
    .from(criticismItems)
    .where(and(eq(criticismItems.meetingId, meetingId), sql`trim(coalesce(${criticismItems.publicSummary}, '')) <> ''`))
    .orderBy(asc(criticismItems.createdAt), asc(criticismItems.id))
    .all()
    .map((r) => ({ publicSummary: r.publicSummary!.trim() }))
}

/**
 * The criticism part of the signed minutes snapshot: every item raised at the meeting with all
 * its fields and names, and the follow-ups recorded at it. CONFIDENTIAL: show it only to holders
 * of 'criticism:read'; minutes for ordinary members use publicCriticismSummary().
 */
export function criticismSnapshot(db: Executor, meetingId: string) {
  const items = db
    .select(itemColumns)
    .from(criticismItems)
    .innerJoin(organizations, eq(organizations.id, criticismItems.cellId))
    .innerJoin(meetings, eq(meetings.id, criticismItems.meetingId))
    .leftJoin(subject, eq(subject.id, criticismItems.subjectMemberId))
    .leftJoin(raiser, eq(raiser.id, criticismItems.raisedByMemberId))
    .leftJoin(owner, eq(owner.id, criticismItems.followUpMemberId))
    .leftJoin(manifestations, eq(manifestations.id, criticismItems.manifestationId))
    .leftJoin(agendaItems, eq(agendaItems.id, criticismItems.agendaItemId))
    .where(eq(criticismItems.meetingId, meetingId))
    .orderBy(asc(criticismItems.createdAt), asc(criticismItems.id))
    .all()
    .map((r) => {
      const v = itemView(r, '0000-00-00')
      return {
        id: v.id,
        agendaItemId: v.agendaItemId,
        agendaItemTitle: v.agendaItemTitle,
        subjectKind: v.subjectKind,
        subjectMemberId: v.subjectMemberId,
        subjectName: v.subjectName,
        kind: v.kind,
        raisedByMemberId: v.raisedByMemberId,
        raisedByText: v.raisedByText,
        raisedByName: v.raisedByName,
        category: v.category,
        manifestation: v.manifestation,
        description: v.description,
        cause: v.cause,
        response: v.response,
        remedy: v.remedy,
        dueOn: v.dueOn,
        followUpMemberId: v.followUpMemberId,
        followUpMemberName: v.followUpMemberName,
        status: v.status,
        outcome: v.outcome,
        publicSummary: v.publicSummary,
      }
    })
  const followUps = db
    .select({ followUp: criticismFollowups, subjectKind: criticismItems.subjectKind, subjectName: subject.fullName, category: criticismItems.category })
    .from(criticismFollowups)
    .innerJoin(criticismItems, eq(criticismItems.id, criticismFollowups.itemId))
    .leftJoin(subject, eq(subject.id, criticismItems.subjectMemberId))
    .where(eq(criticismFollowups.meetingId, meetingId))
    .orderBy(asc(criticismFollowups.createdAt), asc(criticismFollowups.id))
    .all()
    .map((r) => ({
      id: r.followUp.id,
      itemId: r.followUp.itemId,
      subjectName: subjectNameOf(r.subjectKind, r.subjectName),
      category: r.category,
      note: r.followUp.note,
      statusAfter: r.followUp.statusAfter,
    }))
  return { items, followUps }
}

// ---------------------------------------------------------------------------------------------
// Writing

function isFrozen(status: string): boolean {
  return (FROZEN_MEETING_STATUSES as readonly string[]).includes(status)
}

function frozenMessage(status: string): string {
  return status === 'signing'
    ? 'Biên bản buổi sinh hoạt này đang chờ ký nên nội dung đã ghi không sửa được. Nếu cần sửa, chủ trì rút bản trình ký để chỉnh sửa.'
    : 'Biên bản buổi sinh hoạt này đã ký nên nội dung đã ghi không sửa được; mọi điều chỉnh phải qua bản sửa đổi biên bản.'
}

/** The item for a write: 404 outside the visibility rule, 403 for readers who may not write. */
function itemForWrite(tx: Executor, actor: Actor, itemId: string) {
  const row = tx
    .select({ item: criticismItems, cellPath: organizations.path, meetingStatus: meetings.status, meetingStartsAt: meetings.startsAt })
    .from(criticismItems)
    .innerJoin(organizations, eq(organizations.id, criticismItems.cellId))
    .innerJoin(meetings, eq(meetings.id, criticismItems.meetingId))
    .where(and(eq(criticismItems.id, itemId), criticismVisibility(actor)))
    .get()
  if (!row) throw notFound(NOT_FOUND)
  if (!canWriteCriticism(actor, row.cellPath)) throw forbidden('Chỉ Bí thư, Phó Bí thư và chi ủy viên của chi bộ mới được ghi và cập nhật nội dung phê bình, tự phê bình.')
  return row
}

/** Member ids, agenda item and manifestation must belong to this cell / meeting / group. */
function checkReferences(tx: Executor, cellId: string, meetingId: string, input: CriticismItemInput) {
  const memberRefs: [string | null, string, string][] = [
    [input.subjectMemberId, 'subject', 'Đồng chí được phê bình không thuộc chi bộ này.'],
    [input.raisedByMemberId, 'raisedByMemberId', 'Người nêu ý kiến không thuộc chi bộ này; nếu là người ngoài chi bộ, hãy ghi tên vào ô bên cạnh.'],
    [input.followUpMemberId, 'followUpMemberId', 'Người theo dõi không thuộc chi bộ này.'],
  ]
  if (input.subjectKind === 'member' && !input.subjectMemberId) throw new AppError(422, 'Hãy chọn đồng chí được phê bình.', 'subject')
  for (const [id, field, message] of memberRefs) {
    if (!id) continue
    const found = tx.select({ id: members.id }).from(members).where(and(eq(members.id, id), eq(members.cellId, cellId))).get()
    if (!found) throw new AppError(422, message, field)
  }
  if (input.agendaItemId) {
    const found = tx.select({ id: agendaItems.id }).from(agendaItems).where(and(eq(agendaItems.id, input.agendaItemId), eq(agendaItems.meetingId, meetingId))).get()
    if (!found) throw new AppError(422, 'Nội dung chương trình đã chọn không thuộc buổi sinh hoạt này.', 'agendaItemId')
  }
  if (input.manifestationId) {
    const m = tx.select().from(manifestations).where(eq(manifestations.id, input.manifestationId)).get()
    if (!m) throw new AppError(422, 'Không tìm thấy biểu hiện đã chọn; danh mục có thể vừa được cập nhật. Hãy chọn lại.', 'manifestationId')
    if (m.category !== input.category || !hasManifestations(input.category)) {
      throw new AppError(422, `Biểu hiện ${m.code} thuộc nhóm ${m.category}, không khớp nhóm nội dung đã chọn (${input.category}).`, 'manifestationId')
    }
  }
}

function itemValues(input: CriticismItemInput) {
  return {
    agendaItemId: input.agendaItemId,
    subjectKind: input.subjectKind,
    subjectMemberId: input.subjectKind === 'member' ? input.subjectMemberId : null,
    kind: input.kind,
    raisedByMemberId: input.raisedByMemberId,
    raisedByText: input.raisedByText,
    category: input.category,
    manifestationId: hasManifestations(input.category) ? input.manifestationId : null,
    description: input.description,
    cause: input.cause,
    response: input.response,
    remedy: input.remedy,
    dueOn: input.dueOn,
    followUpMemberId: input.followUpMemberId,
    outcome: input.outcome,
    publicSummary: input.publicSummary,
  }
}

// Audit entries are read by admins and inspectors of the subtree: they name the item and the
// fields that changed, never the confidential text.
const AUDIT_ENTITY = 'criticism_item'

/** Record an item raised at a meeting (the meeting decides the cell). */
export function createCriticismItem(db: Executor, ctx: ActorContext, meetingId: string, input: CriticismItemInput): CriticismItem {
  return db.transaction((tx) => {
    const { meeting, cell } = criticismMeeting(tx, ctx.actor, meetingId)
    if (!canWriteCriticism(ctx.actor, cell.path)) throw forbidden('Chỉ Bí thư, Phó Bí thư và chi ủy viên của chi bộ mới được ghi nội dung phê bình, tự phê bình.')
    if (meeting.status === 'cancelled') throw new AppError(422, 'Buổi sinh hoạt này đã hủy; hãy ghi nội dung vào buổi sinh hoạt đã diễn ra.')
    if (isFrozen(meeting.status)) throw new AppError(409, frozenMessage(meeting.status))
    checkReferences(tx, cell.id, meeting.id, input)
    const row = tx
      .insert(criticismItems)
      .values({ cellId: cell.id, meetingId: meeting.id, status: 'open', ...itemValues(input) })
      .returning()
      .get()
    writeAudit(tx, ctx, {
      action: 'criticism.create',
      entityType: AUDIT_ENTITY,
      entityId: row.id,
      orgPath: cell.path,
      summary: `Ghi một nội dung phê bình, tự phê bình tại ${meetingTitle(meeting)}`,
      details: { meetingId: meeting.id },
    })
    return row
  })
}

/** Edit an item (optimistic `version`). Fields recorded in signed minutes stay as signed. */
export function updateCriticismItem(db: Executor, ctx: ActorContext, itemId: string, input: CriticismItemInput & { version: number }): CriticismItem {
  return db.transaction((tx) => {
    const { item: before, meetingStatus, cellPath } = itemForWrite(tx, ctx.actor, itemId)
    if (before.version !== input.version) throw conflict()
    const values = itemValues(input)
    const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => (values[k] ?? null) !== (before[k] ?? null))
    if (changed.length === 0) return before
    if (isFrozen(meetingStatus)) {
      const locked = changed.filter((k) => (MINUTES_FIELDS as readonly string[]).includes(k))
      if (locked.length) {
        throw new AppError(
          409,
          `${frozenMessage(meetingStatus)} Vẫn cập nhật được biện pháp khắc phục, thời hạn, người theo dõi và hình thức xử lý.`,
          locked[0] === 'subjectKind' || locked[0] === 'subjectMemberId' ? 'subject' : locked[0],
        )
      }
    }
    checkReferences(tx, before.cellId, before.meetingId, input)
    const row = tx
      .update(criticismItems)
      .set({ ...values, version: sql`${criticismItems.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(criticismItems.id, itemId), eq(criticismItems.version, input.version)))
      .returning()
      .get()
    if (!row) throw conflict()
    writeAudit(tx, ctx, {
      action: 'criticism.update',
      entityType: AUDIT_ENTITY,
      entityId: itemId,
      orgPath: cellPath,
      summary: 'Sửa một nội dung phê bình, tự phê bình',
      details: { fields: changed },
    })
    return row
  })
}

/** Move an item along mở → đang khắc phục → đã khắc phục → đã xác nhận (or chuyển kiểm tra). */
export function changeStatus(db: Executor, ctx: ActorContext, itemId: string, input: { to: CriticismStatus; version: number }): CriticismItem {
  return db.transaction((tx) => {
    const { item: before, cellPath } = itemForWrite(tx, ctx.actor, itemId)
    if (before.version !== input.version) throw conflict()
    const check = checkTransition(before.status, input.to, { canVerify: canVerifyCriticism(ctx.actor, cellPath) })
    if (!check.ok) throw new AppError(422, check.message, 'status')
    const row = tx
      .update(criticismItems)
      .set({ status: input.to, version: sql`${criticismItems.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(criticismItems.id, itemId), eq(criticismItems.version, input.version)))
      .returning()
      .get()
    if (!row) throw conflict()
    writeAudit(tx, ctx, {
      action: 'criticism.status',
      entityType: AUDIT_ENTITY,
      entityId: itemId,
      orgPath: cellPath,
      summary: `Chuyển trạng thái nội dung phê bình, tự phê bình: "${CRITICISM_STATUS_LABELS[before.status]}" → "${CRITICISM_STATUS_LABELS[input.to]}"`,
      details: { from: before.status, to: input.to },
    })
    return row
  })
}

/**
 * A follow-up entry (kết quả theo dõi), usually at a later meeting of the cell; `statusAfter`
 * equal to the current status records progress without moving it, otherwise it must be a legal move.
 */
export function addFollowUp(db: Executor, ctx: ActorContext, itemId: string, input: FollowUpInput): CriticismFollowUp {
  return db.transaction((tx) => {
    const { item, cellPath, meetingStartsAt } = itemForWrite(tx, ctx.actor, itemId)
    if (input.meetingId) {
      const m = tx.select().from(meetings).where(and(eq(meetings.id, input.meetingId), eq(meetings.cellId, item.cellId))).get()
      if (!m) throw new AppError(422, 'Buổi sinh hoạt theo dõi phải là một buổi sinh hoạt của chi bộ này.', 'meetingId')
      if (m.status === 'cancelled') throw new AppError(422, 'Buổi sinh hoạt đã chọn đã hủy; hãy chọn buổi khác.', 'meetingId')
      if (isFrozen(m.status)) throw new AppError(409, frozenMessage(m.status), 'meetingId')
      if (m.startsAt < meetingStartsAt) throw new AppError(422, 'Buổi sinh hoạt theo dõi không thể trước buổi đã nêu nội dung này.', 'meetingId')
    }
    if (input.statusAfter !== item.status) {
      const check = checkTransition(item.status, input.statusAfter, { canVerify: canVerifyCriticism(ctx.actor, cellPath) })
      if (!check.ok) throw new AppError(422, check.message, 'statusAfter')
    } else if (item.status === 'verified' || item.status === 'referred') {
      throw new AppError(422, `Nội dung đã ở trạng thái "${CRITICISM_STATUS_LABELS[item.status]}", không còn theo dõi khắc phục.`, 'statusAfter')
    }
    const row = tx
      .insert(criticismFollowups)
      .values({ itemId, meetingId: input.meetingId ?? null, note: input.note, statusAfter: input.statusAfter, createdBy: ctx.actor.userId })
      .returning()
      .get()
    if (input.statusAfter !== item.status) {
      const updated = tx
        .update(criticismItems)
        .set({ status: input.statusAfter, version: sql`${criticismItems.version} + 1`, updatedAt: new Date().toISOString() })
        .where(and(eq(criticismItems.id, itemId), eq(criticismItems.status, item.status)))
        .run()
      if (updated.changes !== 1) throw conflict()
    }
    writeAudit(tx, ctx, {
      action: 'criticism.follow_up',
      entityType: AUDIT_ENTITY,
      entityId: itemId,
      orgPath: cellPath,
      summary:
        input.statusAfter !== item.status
          ? `Ghi kết quả theo dõi nội dung phê bình, tự phê bình; trạng thái: "${CRITICISM_STATUS_LABELS[item.status]}" → "${CRITICISM_STATUS_LABELS[input.statusAfter]}"`
          : 'Ghi kết quả theo dõi nội dung phê bình, tự phê bình',
      details: { followUpId: row.id, meetingId: input.meetingId ?? null, from: item.status, to: input.statusAfter },
    })
    return row
  })
}

// ---------------------------------------------------------------------------------------------
// The 27 manifestations (reference data loaded by the system admin)

export function listManifestations(db: Executor) {
  const rows = db.select().from(manifestations).all()
  const order = (code: string) => {
    const [g, n] = code.split('.')
    return [g, Number(n) || 0] as const
  }
  return rows
    .map((r) => ({ id: r.id, category: r.category, code: r.code, text: r.text }))
    .sort((a, b) => {
      const [ga, na] = order(a.code)
      const [gb, nb] = order(b.code)
      return ga.localeCompare(gb) || na - nb
    })
}

/**
 * Replace one group's texts, in order: line i becomes code "G1.i" (kept id when the code exists,
 * so items already citing it follow the new wording). Lines removed from the end are deleted
 * unless an item cites them.
 */
export function saveManifestationGroup(db: Executor, ctx: ActorContext, group: ManifestationGroup, lines: string[]) {
  if (!ctx.actor.isSystemAdmin) throw forbidden('Chỉ quản trị hệ thống mới được cập nhật danh mục biểu hiện.')
  if (!(MANIFESTATION_GROUPS as readonly string[]).includes(group)) throw new AppError(422, 'Nhóm biểu hiện không hợp lệ.')
  return db.transaction((tx) => {
    const existing = new Map(
      tx
        .select()
        .from(manifestations)
        .where(eq(manifestations.category, group))
        .all()
        .map((m) => [m.code, m]),
    )
    const wanted = new Set<string>()
    let changed = 0
    lines.forEach((text, i) => {
      const code = manifestationCode(group, i)
      wanted.add(code)
      const row = existing.get(code)
      if (!row) {
        tx.insert(manifestations).values({ category: group, code, text }).run()
        changed++
      } else if (row.text !== text) {
        tx.update(manifestations).set({ text }).where(eq(manifestations.id, row.id)).run()
        changed++
      }
    })
    const removed = [...existing.values()].filter((m) => !wanted.has(m.code))
    for (const m of removed) {
      const used = tx.select({ n: sql<number>`count(*)` }).from(criticismItems).where(eq(criticismItems.manifestationId, m.id)).get()?.n ?? 0
      if (used > 0) {
        throw new AppError(409, `Không bỏ được biểu hiện ${m.code} vì đã có ${used} nội dung phê bình, tự phê bình dẫn chiếu đến nó. Hãy giữ đủ ${existing.size} dòng (có thể sửa lời văn).`, 'text')
      }
      tx.delete(manifestations).where(eq(manifestations.id, m.id)).run()
      changed++
    }
    if (changed > 0) {
      writeAudit(tx, ctx, {
        action: 'manifestations.save',
        entityType: 'manifestations',
        entityId: group,
        orgPath: null,
        summary: `Cập nhật danh mục biểu hiện nhóm ${group}: ${lines.length} biểu hiện`,
        details: { group, count: lines.length },
      })
    }
    return { count: lines.length, changed }
  })
}

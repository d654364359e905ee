// Contributions (tham luận, ý kiến đóng góp) to a meeting that takes them — a thematic meeting, or
// any meeting the secretary opened for contributions. A member of the cell writes one per topic in
// rich text: draft → submitted (withdrawable back to draft until reviewed) → accepted into an agenda
// item, or noted. Drafts are private to their author; the secretary, deputy and chi ủy read the
// submitted ones; every member sees the status of theirs and only theirs. Accepted contributions
// become that member's speech in the meeting record (acceptedContributions).
import { and, asc, desc, eq, gte, inArray, ne, or, sql } from 'drizzle-orm'
import type { DB, Executor } from '../../db/client.server'
import { agendaItems, contributions, meetings, members, organizations } from '../../db/schema'
import { CONTRIBUTION_STATUS_LABELS, type ContributionStatus, type MeetingStatus } from '~/domain/constants'
import { can, type Actor } from '~/domain/permissions'
import type { RichText } from '~/rich-text/types'
import { isRichTextEmpty, validateRichText } from '~/rich-text/validate'
import { cleanText } from '~/utils/text'
import { writeAudit } from './audit.server'
import { AppError, conflict, notFound, type ActorContext } from './context'
import { canSeeUnpublished, getMeeting, isPublished, meetingTitle, type Meeting, type ScopedMeeting } from './meetings.server'
import { scopeCondition } from './scope.server'

export type Contribution = typeof contributions.$inferSelect

export const CONTRIBUTION_TITLE_MAX = 200
export const CONTRIBUTION_NOTE_MAX = 1000
export const CONTRIBUTION_BODY_MAX_BYTES = 100_000

/** Once the meeting has started (or is over, or cancelled) nobody writes or withdraws any more. */
const WRITING_CLOSED: readonly MeetingStatus[] = ['in_progress', 'minutes_draft', 'signing', 'signed', 'cancelled']
/** The chair may still accept a contribution while the meeting runs; not once the minutes are being written. */
const REVIEW_CLOSED: readonly MeetingStatus[] = ['minutes_draft', 'signing', 'signed', 'cancelled']

type MeetingState = Pick<Meeting, 'type' | 'contributionsOpen' | 'status'>

/** Does the meeting take contributions at all (thematic meetings always do)? */
export function takesContributions(m: Pick<Meeting, 'type' | 'contributionsOpen'>): boolean {
  return m.type === 'thematic' || m.contributionsOpen
}

/** Why members cannot write, submit or withdraw now (in Vietnamese), or null when they can. */
export function writingClosedReason(m: MeetingState): string | null {
  if (!takesContributions(m)) return 'Buổi sinh hoạt này không nhận ý kiến đóng góp bằng văn bản. Nếu cần, đồng chí hãy đề nghị bí thư chi bộ mở nhận ý kiến.'
  if (m.status === 'cancelled') return 'Buổi sinh hoạt đã bị hủy nên không nhận ý kiến đóng góp nữa.'
  if (WRITING_CLOSED.includes(m.status)) {
    return 'Buổi sinh hoạt đã bắt đầu nên không thể viết, sửa, gửi hay rút lại ý kiến đóng góp nữa. Đồng chí có thể phát biểu trực tiếp tại buổi sinh hoạt.'
  }
  return null
}

/** Why the secretary cannot accept or note contributions now, or null when they can. */
export function reviewClosedReason(m: MeetingState): string | null {
  if (m.status === 'cancelled') return 'Buổi sinh hoạt đã bị hủy.'
  if (REVIEW_CLOSED.includes(m.status)) return 'Buổi sinh hoạt đã kết thúc; biên bản đang được hoàn thiện nên không xét ý kiến đóng góp nữa.'
  return null
}

/** True when the author may still change or withdraw it (not reviewed, meeting not started). */
export function isEditableByAuthor(c: Pick<Contribution, 'status'>, m: MeetingState): boolean {
  return (c.status === 'draft' || c.status === 'submitted') && writingClosedReason(m) === null
}

// --------------------------------------------------------------------------------------------
// Guards and small helpers

/** The actor's member id when they may write contributions for this meeting's cell; 403 otherwise. */
function requireWriter(db: Executor, actor: Actor, meeting: ScopedMeeting): string {
  const memberId = writerMemberId(db, actor, meeting)
  if (!memberId) throw new AppError(403, 'Chỉ đảng viên đang sinh hoạt tại chi bộ mới viết được ý kiến đóng góp cho buổi sinh hoạt này.')
  return memberId
}

function writerMemberId(db: Executor, actor: Actor, meeting: ScopedMeeting): string | null {
  if (!actor.memberId || !can(actor, 'contribution:write', { orgPath: meeting.cell.path })) return null
  const me = db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.id, actor.memberId), eq(members.cellId, meeting.cellId), sql`${members.endedOn} IS NULL`))
    .get()
  return me?.id ?? null
}

function assertWritable(meeting: MeetingState) {
  const reason = writingClosedReason(meeting)
  if (reason) throw new AppError(422, reason)
}

function cleanTitle(title: string): string {
  const t = cleanText(title ?? '')
  if (!t) throw new AppError(422, 'Hãy nhập tiêu đề cho ý kiến đóng góp.', 'title')
  if (t.length > CONTRIBUTION_TITLE_MAX) throw new AppError(422, `Tiêu đề dài quá ${CONTRIBUTION_TITLE_MAX} ký tự; hãy rút gọn.`, 'title')
  return t
}

function cleanBody(body: RichText | null | undefined): RichText {
  const checked = validateRichText(body ?? { type: 'doc', content: [] }, { maxBytes: CONTRIBUTION_BODY_MAX_BYTES })
  if (!checked.ok) throw new AppError(422, checked.error, 'body')
  return checked.doc
}

function cleanNote(note: string | null | undefined): string | null {
  const n = (note ?? '').normalize('NFC').trim()
  if (n.length > CONTRIBUTION_NOTE_MAX) throw new AppError(422, `Ghi chú dài quá ${CONTRIBUTION_NOTE_MAX} ký tự; hãy rút gọn.`, 'note')
  return n || null
}

/** The meeting's items in the "II. Phần nội dung" section, in order. */
function contentItems(db: Executor, meetingId: string) {
  return db
    .select({ id: agendaItems.id, title: agendaItems.title, position: agendaItems.position })
    .from(agendaItems)
    .where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.section, 'content')))
    .orderBy(asc(agendaItems.position))
    .all()
}

/**
 * The agenda items a contribution may be attached to: the content section of the meeting, once the
 * agenda is published (preparers see it before).
 */
export function contributionAgendaOptions(db: Executor, actor: Actor, meeting: ScopedMeeting) {
  if (!isPublished(meeting) && !canSeeUnpublished(actor, meeting.cell)) return []
  return contentItems(db, meeting.id)
}

function checkAgendaItem(db: Executor, meetingId: string, agendaItemId: string, message: string): string {
  const item = db
    .select({ id: agendaItems.id })
    .from(agendaItems)
    .where(and(eq(agendaItems.id, agendaItemId), eq(agendaItems.meetingId, meetingId), eq(agendaItems.section, 'content')))
    .get()
  if (!item) throw new AppError(422, message, 'agendaItemId')
  return item.id
}

/** The actor's own contribution, or a 404 (whoever else wrote it). */
function ownContribution(db: Executor, actor: Actor, id: string): Contribution {
  const row = actor.memberId
    ? db
        .select()
        .from(contributions)
        .where(and(eq(contributions.id, id), eq(contributions.memberId, actor.memberId)))
        .get()
    : undefined
  if (!row) throw notFound('Không tìm thấy ý kiến đóng góp này, hoặc đồng chí không có quyền xem.')
  return row
}

function statusMessageForAuthor(status: ContributionStatus): string {
  if (status === 'submitted') return 'Ý kiến này đã được gửi. Muốn sửa, đồng chí hãy bấm "Rút lại để sửa" trước.'
  return `Ý kiến này đã được chi bộ xem xét (${CONTRIBUTION_STATUS_LABELS[status].toLowerCase()}) nên không sửa hay rút lại được nữa.`
}

// --------------------------------------------------------------------------------------------
// Reading

/**
 * One contribution: its author always; the secretary, deputy and chi ủy (contribution:review) once
 * it is submitted. Anybody else — another member of the same cell included — gets a 404.
 */
export function getContribution(db: Executor, actor: Actor, id: string) {
  const row = db
    .select({
      contribution: contributions,
      meeting: meetings,
      cell: organizations,
      memberName: members.fullName,
      agendaItemTitle: agendaItems.title,
    })
    .from(contributions)
    .innerJoin(meetings, eq(contributions.meetingId, meetings.id))
    .innerJoin(organizations, eq(meetings.cellId, organizations.id))
    .innerJoin(members, eq(contributions.memberId, members.id))
    .leftJoin(agendaItems, eq(contributions.agendaItemId, agendaItems.id))
    .where(
      and(
        eq(contributions.id, id),
        or(
          actor.memberId ? eq(contributions.memberId, actor.memberId) : sql`0`,
          and(ne(contributions.status, 'draft'), scopeCondition(actor, 'contribution:review', organizations.path)),
        ),
      ),
    )
    .get()
  if (!row) throw notFound('Không tìm thấy ý kiến đóng góp này, hoặc đồng chí không có quyền xem.')
  const mine = actor.memberId !== null && row.contribution.memberId === actor.memberId
  return {
    ...row.contribution,
    meeting: { ...row.meeting, cell: row.cell } satisfies ScopedMeeting,
    memberName: row.memberName,
    agendaItemTitle: row.agendaItemTitle,
    mine,
    editable: mine && isEditableByAuthor(row.contribution, row.meeting),
  }
}

export type MyContribution = ReturnType<typeof listMyContributions>[number]

/** The actor's own contributions (all meetings, or one), newest meeting first. Never anyone else's. */
export function listMyContributions(db: Executor, actor: Actor, meetingId?: string) {
  if (!actor.memberId) return []
  const rows = db
    .select({
      id: contributions.id,
      meetingId: contributions.meetingId,
      title: contributions.title,
      status: contributions.status,
      agendaItemId: contributions.agendaItemId,
      agendaItemTitle: agendaItems.title,
      submittedAt: contributions.submittedAt,
      reviewedAt: contributions.reviewedAt,
      reviewNote: contributions.reviewNote,
      version: contributions.version,
      updatedAt: contributions.updatedAt,
      meeting: {
        type: meetings.type,
        topic: meetings.topic,
        periodYear: meetings.periodYear,
        periodMonth: meetings.periodMonth,
        startsAt: meetings.startsAt,
        status: meetings.status,
        contributionsOpen: meetings.contributionsOpen,
      },
      cellName: organizations.name,
    })
    .from(contributions)
    .innerJoin(meetings, eq(contributions.meetingId, meetings.id))
    .innerJoin(organizations, eq(meetings.cellId, organizations.id))
    .leftJoin(agendaItems, eq(contributions.agendaItemId, agendaItems.id))
    .where(and(eq(contributions.memberId, actor.memberId), meetingId ? eq(contributions.meetingId, meetingId) : undefined))
    .orderBy(desc(meetings.startsAt), asc(contributions.createdAt))
    .all()
  return rows.map(({ meeting, ...c }) => ({
    ...c,
    meetingTitle: meetingTitle(meeting),
    meetingStartsAt: meeting.startsAt,
    meetingStatus: meeting.status,
    editable: isEditableByAuthor(c, meeting),
  }))
}

/**
 * Every submitted (and already reviewed) contribution of a meeting, for the secretary, deputy and chi
 * ủy. Drafts never appear: they belong to their author until submitted.
 */
export function contributionsForReview(db: Executor, actor: Actor, meetingId: string) {
  const meeting = getMeeting(db, actor, meetingId, 'contribution:review')
  const items = db
    .select({
      id: contributions.id,
      memberId: contributions.memberId,
      memberName: members.fullName,
      title: contributions.title,
      body: contributions.body,
      status: contributions.status,
      agendaItemId: contributions.agendaItemId,
      agendaItemTitle: agendaItems.title,
      submittedAt: contributions.submittedAt,
      reviewedAt: contributions.reviewedAt,
      reviewNote: contributions.reviewNote,
      version: contributions.version,
    })
    .from(contributions)
    .innerJoin(members, eq(contributions.memberId, members.id))
    .leftJoin(agendaItems, eq(contributions.agendaItemId, agendaItems.id))
    .where(and(eq(contributions.meetingId, meeting.id), ne(contributions.status, 'draft')))
    .orderBy(asc(contributions.submittedAt), asc(contributions.createdAt))
    .all()
  const counts = { submitted: 0, accepted: 0, noted: 0 }
  for (const c of items) if (c.status !== 'draft') counts[c.status] += 1
  return {
    meeting,
    items,
    counts,
    agendaItems: contentItems(db, meeting.id),
    writingClosedReason: writingClosedReason(meeting),
    reviewClosedReason: reviewClosedReason(meeting),
  }
}

/**
 * For the meeting record: the contributions accepted into the agenda, in agenda order, to become
 * each author's speech under that item. The caller has already authorised access to the meeting.
 */
export function acceptedContributions(db: Executor, meetingId: string) {
  return db
    .select({
      id: contributions.id,
      memberId: contributions.memberId,
      memberName: members.fullName,
      agendaItemId: contributions.agendaItemId,
      title: contributions.title,
      body: contributions.body,
    })
    .from(contributions)
    .innerJoin(members, eq(contributions.memberId, members.id))
    .leftJoin(agendaItems, eq(contributions.agendaItemId, agendaItems.id))
    .where(and(eq(contributions.meetingId, meetingId), eq(contributions.status, 'accepted')))
    .orderBy(sql`${agendaItems.position} IS NULL`, asc(agendaItems.position), asc(contributions.submittedAt), asc(contributions.id))
    .all()
}

/**
 * What the meeting page needs to link here: may the actor write (and is writing open), may they
 * review, how many contributions of theirs there are, and (for reviewers) how many wait.
 */
export function contributionSummary(db: Executor, actor: Actor, meeting: ScopedMeeting) {
  const takes = takesContributions(meeting)
  const canWrite = takes && writerMemberId(db, actor, meeting) !== null
  const canReview = takes && can(actor, 'contribution:review', { orgPath: meeting.cell.path })
  const mine = actor.memberId
    ? (db
        .select({ n: sql<number>`count(*)` })
        .from(contributions)
        .where(and(eq(contributions.meetingId, meeting.id), eq(contributions.memberId, actor.memberId)))
        .get()?.n ?? 0)
    : 0
  const waiting = canReview
    ? (db
        .select({ n: sql<number>`count(*)` })
        .from(contributions)
        .where(and(eq(contributions.meetingId, meeting.id), eq(contributions.status, 'submitted')))
        .get()?.n ?? 0)
    : 0
  return { takesContributions: takes, writingClosedReason: writingClosedReason(meeting), canWrite, canReview, mine, waiting }
}

/**
 * Meetings of the actor's own cell that take contributions now (not started, not more than a day
 * past), soonest first: for the member's home page and "my contributions".
 */
export function meetingsOpenForContributions(db: Executor, actor: Actor, now = new Date()) {
  if (!actor.memberId) return []
  const me = db
    .select({ cellId: members.cellId, cellPath: organizations.path })
    .from(members)
    .innerJoin(organizations, eq(members.cellId, organizations.id))
    .where(and(eq(members.id, actor.memberId), sql`${members.endedOn} IS NULL`))
    .get()
  if (!me || !can(actor, 'contribution:write', { orgPath: me.cellPath })) return []
  const since = new Date(now.getTime() - 86_400_000).toISOString()
  return db
    .select({
      id: meetings.id,
      type: meetings.type,
      topic: meetings.topic,
      periodYear: meetings.periodYear,
      periodMonth: meetings.periodMonth,
      startsAt: meetings.startsAt,
      place: meetings.place,
    })
    .from(meetings)
    .where(
      and(
        eq(meetings.cellId, me.cellId),
        inArray(meetings.status, ['planned', 'prepared'] satisfies MeetingStatus[]),
        or(eq(meetings.type, 'thematic'), eq(meetings.contributionsOpen, true)),
        gte(meetings.startsAt, since),
      ),
    )
    .orderBy(asc(meetings.startsAt))
    .limit(10)
    .all()
    .map((m) => ({ ...m, title: meetingTitle(m) }))
}

/** Everything the "write a contribution" page shows for one meeting. */
export function contributionPage(db: Executor, actor: Actor, meetingId: string, editId?: string | null) {
  const meeting = getMeeting(db, actor, meetingId)
  const editing = editId ? getContribution(db, actor, editId) : null
  // Someone else's contribution is not theirs to open here, whatever their role.
  if (editing && (!editing.mine || editing.meetingId !== meeting.id)) throw notFound('Không tìm thấy ý kiến đóng góp này, hoặc đồng chí không có quyền xem.')
  return {
    meeting,
    canWrite: writerMemberId(db, actor, meeting) !== null,
    canReview: can(actor, 'contribution:review', { orgPath: meeting.cell.path }),
    takesContributions: takesContributions(meeting),
    writingClosedReason: writingClosedReason(meeting),
    agendaItems: contributionAgendaOptions(db, actor, meeting),
    mine: listMyContributions(db, actor, meeting.id),
    editing,
  }
}

// --------------------------------------------------------------------------------------------
// Writing

export type SaveContributionInput = {
  meetingId: string
  /** Absent for a new contribution. */
  id?: string | null
  title: string
  agendaItemId?: string | null
  body: RichText | null
  /** The version the author edited (required when id is given). */
  version?: number | null
  /** Save and submit in one step ("Lưu và gửi"). */
  submit?: boolean
}

/** Creates or updates the author's draft (optionally submitting it at once). */
export function saveContribution(db: DB, ctx: ActorContext, input: SaveContributionInput): Contribution {
  return db.transaction((tx) => {
    const meeting = getMeeting(tx, ctx.actor, input.meetingId)
    const memberId = requireWriter(tx, ctx.actor, meeting)
    assertWritable(meeting)
    const title = cleanTitle(input.title)
    const body = cleanBody(input.body)
    const agendaItemId = input.agendaItemId
      ? checkAgendaItem(tx, meeting.id, input.agendaItemId, 'Nội dung đã chọn không còn trong chương trình của buổi sinh hoạt; hãy chọn lại.')
      : null
    if (input.submit && isRichTextEmpty(body)) throw new AppError(422, 'Hãy viết nội dung ý kiến trước khi gửi.', 'body')
    const now = new Date().toISOString()
    const status: ContributionStatus = input.submit ? 'submitted' : 'draft'
    const submittedAt = input.submit ? now : null

    let row: Contribution | undefined
    if (input.id) {
      const before = ownContribution(tx, ctx.actor, input.id)
      if (before.meetingId !== meeting.id) throw notFound('Không tìm thấy ý kiến đóng góp này, hoặc đồng chí không có quyền xem.')
      if (before.status !== 'draft') throw new AppError(409, statusMessageForAuthor(before.status))
      if (typeof input.version !== 'number') throw new AppError(400, 'Thiếu phiên bản của ý kiến; hãy tải lại trang.')
      row = tx
        .update(contributions)
        .set({ title, agendaItemId, body, status, submittedAt, version: sql`${contributions.version} + 1`, updatedAt: now })
        .where(and(eq(contributions.id, before.id), eq(contributions.version, input.version)))
        .returning()
        .get()
      if (!row) throw conflict()
    } else {
      row = tx
        .insert(contributions)
        .values({ meetingId: meeting.id, memberId, title, agendaItemId, body, status, submittedAt, createdAt: now, updatedAt: now })
        .returning()
        .get()
    }
    writeAudit(tx, ctx, {
      action: input.submit ? 'contribution.submit' : input.id ? 'contribution.update' : 'contribution.create',
      entityType: 'contribution',
      entityId: row.id,
      orgPath: meeting.cell.path,
      // A draft is private to its author: its title stays out of the (secretary-readable) audit log.
      summary: input.submit
        ? `Đ/c ${ctx.actor.displayName} gửi ý kiến đóng góp "${title}" cho ${meetingTitle(meeting)}`
        : `Đ/c ${ctx.actor.displayName} lưu bản nháp ý kiến đóng góp cho ${meetingTitle(meeting)}`,
    })
    return row
  })
}

function authorTransition(
  db: DB,
  ctx: ActorContext,
  id: string,
  version: number,
  from: ContributionStatus,
  to: ContributionStatus,
  audit: (c: Contribution, m: ScopedMeeting) => { action: string; summary: string },
): Contribution {
  return db.transaction((tx) => {
    const before = ownContribution(tx, ctx.actor, id)
    const meeting = getMeeting(tx, ctx.actor, before.meetingId)
    requireWriter(tx, ctx.actor, meeting)
    if (before.status !== from) {
      if (before.status === to) throw new AppError(409, to === 'submitted' ? 'Ý kiến này đã được gửi rồi.' : 'Ý kiến này đã được rút lại rồi.')
      throw new AppError(409, statusMessageForAuthor(before.status))
    }
    assertWritable(meeting)
    if (to === 'submitted' && isRichTextEmpty(before.body)) throw new AppError(422, 'Hãy viết nội dung ý kiến trước khi gửi.', 'body')
    const now = new Date().toISOString()
    const row = tx
      .update(contributions)
      .set({ status: to, submittedAt: to === 'submitted' ? now : null, version: sql`${contributions.version} + 1`, updatedAt: now })
      .where(and(eq(contributions.id, id), eq(contributions.version, version)))
      .returning()
      .get()
    if (!row) throw conflict()
    writeAudit(tx, ctx, { ...audit(row, meeting), entityType: 'contribution', entityId: id, orgPath: meeting.cell.path })
    return row
  })
}

/** Draft → submitted: the secretary and chi ủy can now read it. */
export function submitContribution(db: DB, ctx: ActorContext, id: string, version: number): Contribution {
  return authorTransition(db, ctx, id, version, 'draft', 'submitted', (c, m) => ({
    action: 'contribution.submit',
    summary: `Đ/c ${ctx.actor.displayName} gửi ý kiến đóng góp "${c.title}" cho ${meetingTitle(m)}`,
  }))
}

/** Submitted → draft, until the secretary has reviewed it and before the meeting starts. */
export function withdrawContribution(db: DB, ctx: ActorContext, id: string, version: number): Contribution {
  return authorTransition(db, ctx, id, version, 'submitted', 'draft', (c, m) => ({
    action: 'contribution.withdraw',
    summary: `Đ/c ${ctx.actor.displayName} rút lại ý kiến đóng góp "${c.title}" (${meetingTitle(m)}) để sửa`,
  }))
}

export type ReviewInput = {
  decision: 'accepted' | 'noted'
  /** Required when accepted: the content item it is read under. */
  agendaItemId?: string | null
  note?: string | null
  version: number
}

/** The secretary, deputy or chi ủy accepts a submitted contribution into an agenda item, or notes it. */
export function reviewContribution(db: DB, ctx: ActorContext, id: string, input: ReviewInput): Contribution {
  return db.transaction((tx) => {
    const found = tx
      .select({ contribution: contributions, memberName: members.fullName, cellPath: organizations.path })
      .from(contributions)
      .innerJoin(meetings, eq(contributions.meetingId, meetings.id))
      .innerJoin(organizations, eq(meetings.cellId, organizations.id))
      .innerJoin(members, eq(contributions.memberId, members.id))
      .where(and(eq(contributions.id, id), ne(contributions.status, 'draft'), scopeCondition(ctx.actor, 'contribution:review', organizations.path)))
      .get()
    if (!found) throw notFound('Không tìm thấy ý kiến đóng góp này, hoặc đồng chí không có quyền xem.')
    const before = found.contribution
    const meeting = getMeeting(tx, ctx.actor, before.meetingId, 'contribution:review')
    const closed = reviewClosedReason(meeting)
    if (closed) throw new AppError(422, closed)
    const note = cleanNote(input.note)
    let agendaItemId: string | null
    let itemTitle: string | null = null
    if (input.decision === 'accepted') {
      if (!input.agendaItemId) throw new AppError(422, 'Hãy chọn nội dung trong chương trình mà ý kiến được đưa vào.', 'agendaItemId')
      agendaItemId = checkAgendaItem(tx, meeting.id, input.agendaItemId, 'Nội dung đã chọn không có trong phần nội dung của chương trình; hãy chọn lại.')
      itemTitle = tx.select({ title: agendaItems.title }).from(agendaItems).where(eq(agendaItems.id, agendaItemId)).get()?.title ?? null
    } else {
      agendaItemId = input.agendaItemId
        ? checkAgendaItem(tx, meeting.id, input.agendaItemId, 'Nội dung đã chọn không có trong phần nội dung của chương trình; hãy chọn lại.')
        : before.agendaItemId
    }
    const now = new Date().toISOString()
    const row = tx
      .update(contributions)
      .set({ status: input.decision, agendaItemId, reviewNote: note, reviewedAt: now, version: sql`${contributions.version} + 1`, updatedAt: now })
      .where(and(eq(contributions.id, id), eq(contributions.version, input.version)))
      .returning()
      .get()
    if (!row) throw conflict()
    writeAudit(tx, ctx, {
      action: `contribution.${input.decision === 'accepted' ? 'accept' : 'note'}`,
      entityType: 'contribution',
      entityId: id,
      orgPath: found.cellPath,
      summary:
        input.decision === 'accepted'
          ? `Đưa ý kiến "${before.title}" của đ/c ${found.memberName} vào nội dung "${itemTitle ?? ''}"`
          : `Ghi nhận ý kiến "${before.title}" của đ/c ${found.memberName}`,
      details: { from: before.status, to: input.decision, agendaItemId, note },
    })
    return row
  })
}

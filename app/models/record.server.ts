// The meeting record (biên bản, issue 4; DOMAIN §4–§6): who chaired and who took the minutes, the
// start and end, attendance, guests, speeches per agenda item, the chair's conclusions and the votes.
// The quality score lives in quality.server.ts and the tasks in tasks.server.ts; this module links them.
//
// Who may record: 'meeting:record' on the cell (secretary, deputy, committee) — or the member appointed
// as minute-taker (thư ký) of this very meeting, whatever their role (getRecordMeeting). Every change
// runs in one transaction with its audit entry; rows carry an optimistic `version` and a stale one is a
// 409 conflict whose message tells the second writer that their input is kept. Once the minutes are
// being signed (or signed) nothing here changes any more.
import { and, asc, eq, inArray, max, or, sql } from 'drizzle-orm'
import type { DB, Executor } from '../../db/client.server'
import { agendaItems, attendance, contributions, guests, meetings, members, organizations, qualityAssessments, speeches, tasks, votes } from '../../db/schema'
import { ATTENDANCE_LABELS, MEETING_STATUS_LABELS, type AttendanceStatus, type MeetingStatus, type MemberStatus } from '~/domain/constants'
import { memberStandingOn, type MemberStanding } from '~/domain/members'
import { can, type Actor } from '~/domain/permissions'
import {
  VOTE_KINDS,
  VOTE_METHODS,
  computeDenominator,
  evaluateVote,
  type Denominator,
  type VoteKind,
  type VoteMethod,
} from '~/domain/voting'
import { formatTime, formatUiDateShort, toIsoDate } from '~/domain/vn-date'
import type { RichText } from '~/rich-text/types'
import { isRichTextEmpty, toPlainText, validateRichText } from '~/rich-text/validate'
import { cleanText, compareVietnameseNames } from '~/utils/text'
import { docFromParagraphs } from '~/rich-text/from-text'
import { writeAudit } from './audit.server'
import { loadAgendaTemplate, POSITION_STEP } from './agenda.server'
import { acceptedContributions } from './contributions.server'
import { AppError, forbidden, notFound, type ActorContext } from './context'
import { cellMemberOptions, getMeeting, meetingTitle, type ScopedMeeting } from './meetings.server'
import { periodsByMember } from './members.server'
import { createTask, updateTask } from './tasks.server'
import { effectiveSettings } from './organizations.server'
import { scopeCondition } from './scope.server'

// ---------------------------------------------------------------------------------------------
// Rules and messages

/** The record can be written while the meeting runs and while the minutes are drafted. */
export const RECORD_EDITABLE_STATUSES: readonly MeetingStatus[] = ['in_progress', 'minutes_draft']
export const RECORD_LOCKED_MESSAGE = 'Biên bản đang chờ ký/đã ký: không sửa được. Hãy rút lại để sửa hoặc lập bản đính chính.'
export const RECORD_CONFLICT_MESSAGE =
  'Đồng chí khác vừa sửa mục này trong lúc đồng chí đang nhập. Nội dung đồng chí nhập vẫn được giữ; hãy so sánh với bản đang lưu rồi chọn bản đúng.'

export const MAX_GIST_BYTES = 100_000
export const MAX_CONCLUSION_BYTES = 200_000
const MAX_REASON = 300
const MAX_SUBJECT = 500
const MAX_RESERVED_TEXT = 2000

const recordConflict = () => new AppError(409, RECORD_CONFLICT_MESSAGE)

/** Why the record cannot be changed now, or null when it can. */
export function recordLockedReason(status: MeetingStatus): string | null {
  if (RECORD_EDITABLE_STATUSES.includes(status)) return null
  if (status === 'signing' || status === 'signed') return RECORD_LOCKED_MESSAGE
  if (status === 'cancelled') return 'Buổi sinh hoạt đã bị hủy nên không ghi biên bản.'
  return 'Buổi sinh hoạt chưa bắt đầu. Hãy bấm “Bắt đầu buổi sinh hoạt” (cử chủ trì, thư ký và ghi giờ bắt đầu) trước khi ghi biên bản.'
}

export function assertRecordEditable(meeting: { status: MeetingStatus }): void {
  const reason = recordLockedReason(meeting.status)
  if (reason) throw new AppError(422, reason)
}

/** Is the actor the member appointed as minute-taker of this meeting? */
export function isAppointedMinuteTaker(actor: Actor, meeting: { secretaryMemberId: string | null }): boolean {
  return Boolean(actor.memberId && meeting.secretaryMemberId && actor.memberId === meeting.secretaryMemberId)
}

/** May the actor write this meeting's record: 'meeting:record' on the cell, or the appointed minute-taker. */
export function canRecord(actor: Actor, meeting: { secretaryMemberId: string | null; cell: { path: string } }): boolean {
  return can(actor, 'meeting:record', { orgPath: meeting.cell.path }) || isAppointedMinuteTaker(actor, meeting)
}

/**
 * The meeting, if the actor may record it. The rule sits in the query: the cell is within the actor's
 * 'meeting:record' grants, or the meeting's appointed minute-taker is the actor's own member record
 * (a plain member appointed thư ký records this meeting, and only this one). Otherwise 403 when the
 * actor may read the meeting, 404 when they may not even see it.
 */
export function getRecordMeeting(db: Executor, actor: Actor, meetingId: string): ScopedMeeting {
  const row = db
    .select({ meeting: meetings, cell: organizations })
    .from(meetings)
    .innerJoin(organizations, eq(meetings.cellId, organizations.id))
    .where(
      and(
        eq(meetings.id, meetingId),
        or(scopeCondition(actor, 'meeting:record', organizations.path), actor.memberId ? eq(meetings.secretaryMemberId, actor.memberId) : sql`0`),
      ),
    )
    .get()
  if (!row) {
    getMeeting(db, actor, meetingId) // 404 when the meeting is not even readable
    throw forbidden('Chỉ bí thư, phó bí thư, chi ủy viên hoặc đồng chí được cử làm thư ký của buổi sinh hoạt này mới ghi được biên bản.')
  }
  return { ...row.meeting, cell: row.cell }
}

/** The meeting for a change to its record: recordable and not locked. */
function editableMeeting(tx: Executor, actor: Actor, meetingId: string): ScopedMeeting {
  const meeting = getRecordMeeting(tx, actor, meetingId)
  assertRecordEditable(meeting)
  return meeting
}

/** The Hà Nội calendar date the meeting is held on (start of the record, or the planned start). */
export function meetingDate(m: { startedAt: string | null; startsAt: string }): string {
  return toIsoDate(m.startedAt ?? m.startsAt)
}

/** Official or probationary on a date: official from `officialOn` (inclusive); without it, the current status. */
export function memberStatusOn(m: { status: MemberStatus; officialOn: string | null }, date: string): MemberStatus {
  if (m.officialOn) return m.officialOn <= date ? 'official' : 'probationary'
  return m.status
}

/** Which attendance values a row may take, by the member's standing on the meeting day. */
export function allowedAttendance(standing: Exclude<MemberStanding, 'ended'>): AttendanceStatus[] {
  switch (standing) {
    case 'exempt':
      // An exempt member who does attend is present (and then counts and votes, DOMAIN §4).
      return ['exempt', 'present']
    case 'elsewhere':
      return ['elsewhere', 'present']
    case 'suspended':
      return ['suspended']
    default:
      return ['present', 'excused', 'unexcused']
  }
}

function audit(tx: Executor, ctx: ActorContext, meeting: ScopedMeeting, action: string, summary: string, details?: Record<string, unknown>) {
  writeAudit(tx, ctx, {
    action,
    entityType: 'meeting',
    entityId: meeting.id,
    orgPath: meeting.cell.path,
    summary: `${meetingTitle(meeting)}: ${summary}`.slice(0, 500),
    details,
  })
}

function optionalText(value: string | null | undefined, maxLength: number, label: string, field: string): string | null {
  const v = cleanText(value ?? '')
  if (v.length > maxLength) throw new AppError(422, `${label} quá dài (tối đa ${maxLength} ký tự).`, field)
  return v || null
}

function richText(value: RichText | null | undefined, maxBytes: number, field: string): RichText | null {
  if (value === null || value === undefined) return null
  const checked = validateRichText(value, { maxBytes })
  if (!checked.ok) throw new AppError(422, checked.error, field)
  return isRichTextEmpty(checked.doc) ? null : checked.doc
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

function parseInstant(value: string, label: string, field: string): string {
  const t = Date.parse(value)
  if (!value || Number.isNaN(t)) throw new AppError(422, `${label} không hợp lệ.`, field)
  return new Date(t).toISOString()
}

function memberOfCell(tx: Executor, cellId: string, memberId: string, label: string, field: string) {
  const m = tx
    .select({ id: members.id, fullName: members.fullName, cellId: members.cellId, endedOn: members.endedOn })
    .from(members)
    .where(eq(members.id, memberId))
    .get()
  if (!m || m.cellId !== cellId) throw new AppError(422, `${label} phải là đảng viên của chi bộ.`, field)
  return m
}

// ---------------------------------------------------------------------------------------------
// Starting the meeting and the attendance list

export type StartMeetingInput = {
  chairMemberId: string
  secretaryMemberId: string
  /** ISO instant. */
  startedAt: string
  /** The meeting version the form was shown with; omitted by the seed and the CLI. */
  version?: number
}

/**
 * Opens the record (planned/prepared → in_progress) and writes an attendance row for every member of
 * the cell on the meeting day, with their official/probationary status on that day as a snapshot.
 *
 * The pre-filling, decided with the minute-taker in mind: members who are exempt (miễn sinh hoạt),
 * temporarily attending elsewhere or suspended on that day are filled in from their dated periods and
 * listed apart. Everyone else starts as **not yet confirmed** — stored as 'present' with `arrivedAt`
 * null, because the attendance enum has no "unknown" and these rows must count in the denominator
 * whatever they turn out to be. The page shows them with no option chosen ("Chưa điểm danh"), ending
 * the meeting is refused while any remain, and marking someone present records when (`arrivedAt`).
 * So nobody is silently recorded as present. The chair and the minute-taker are confirmed present.
 * Accepted contributions become their authors' speeches (importAcceptedContributions).
 */
export function startMeeting(db: DB, ctx: ActorContext, meetingId: string, input: StartMeetingInput) {
  return db.transaction((tx) => {
    const meeting = getRecordMeeting(tx, ctx.actor, meetingId)
    if (meeting.status === 'in_progress' || meeting.status === 'minutes_draft') {
      throw new AppError(422, `Buổi sinh hoạt đã bắt đầu${meeting.startedAt ? ` lúc ${formatTime(meeting.startedAt)} ngày ${formatUiDateShort(meeting.startedAt)}` : ''}.`)
    }
    if (meeting.status !== 'planned' && meeting.status !== 'prepared') assertRecordEditable(meeting)
    if (input.version !== undefined && input.version !== meeting.version) throw recordConflict()
    const startedAt = parseInstant(input.startedAt, 'Giờ bắt đầu', 'startedAt')
    const date = toIsoDate(startedAt)
    const chair = memberOfCell(tx, meeting.cellId, input.chairMemberId, 'Người chủ trì', 'chairMemberId')
    const secretary = memberOfCell(tx, meeting.cellId, input.secretaryMemberId, 'Thư ký', 'secretaryMemberId')
    if (chair.id === secretary.id) throw new AppError(422, 'Chủ trì và thư ký phải là hai đồng chí khác nhau.', 'secretaryMemberId')

    const list = attendanceListOn(tx, meeting.cellId, date)
    for (const who of [chair, secretary]) {
      const entry = list.find((l) => l.member.id === who.id)
      if (!entry) throw new AppError(422, `Đ/c ${who.fullName} không sinh hoạt tại chi bộ vào ngày ${formatUiDateShort(date)}.`)
      if (entry.standing === 'suspended') throw new AppError(422, `Đ/c ${who.fullName} đang bị đình chỉ sinh hoạt nên không chủ trì hay làm thư ký được.`)
    }
    const now = new Date().toISOString()
    if (list.length > 0) {
      tx.insert(attendance)
        .values(
          list.map(({ member: m, standing, note }) => {
            const appointed = m.id === chair.id || m.id === secretary.id
            const status: AttendanceStatus = appointed ? 'present' : standing === 'active' ? 'present' : standing
            return {
              meetingId: meeting.id,
              memberId: m.id,
              memberStatus: memberStatusOn(m, date),
              status,
              reason: status === 'present' ? null : note,
              arrivedAt: appointed ? startedAt : null,
              updatedAt: now,
            }
          }),
        )
        .onConflictDoNothing()
        .run()
    }
    const row = tx
      .update(meetings)
      .set({
        status: 'in_progress',
        chairMemberId: chair.id,
        secretaryMemberId: secretary.id,
        startedAt,
        version: sql`${meetings.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(meetings.id, meeting.id), eq(meetings.version, meeting.version)))
      .returning()
      .get()
    if (!row) throw recordConflict()
    const agendaFromTemplate = ensureAgenda(tx, ctx, meeting)
    audit(tx, ctx, meeting, 'record.start', `bắt đầu lúc ${formatTime(startedAt)}; chủ trì đ/c ${chair.fullName}, thư ký đ/c ${secretary.fullName}; ${list.length} đảng viên trong danh sách điểm danh`, {
      chairMemberId: chair.id,
      secretaryMemberId: secretary.id,
      startedAt,
    })
    const imported = importContributionsIn(tx, ctx, { ...meeting, ...row })
    return { meeting: row, attendanceRows: list.length, importedContributions: imported, agendaFromTemplate }
  })
}

/**
 * Speeches hang on agenda items and the agenda locks once the meeting starts: a meeting started
 * without an agenda gets the skeleton of its type (templates/agendas), so the minute-taker can record.
 */
function ensureAgenda(tx: Executor, ctx: ActorContext, meeting: ScopedMeeting): number {
  const has = tx.select({ n: sql<number>`count(*)` }).from(agendaItems).where(eq(agendaItems.meetingId, meeting.id)).get()?.n ?? 0
  if (has > 0) return 0
  const template = loadAgendaTemplate(meeting.type)
  template.items.forEach((item, i) => {
    tx.insert(agendaItems)
      .values({
        meetingId: meeting.id,
        position: (i + 1) * POSITION_STEP,
        section: item.section,
        role: item.role ?? null,
        title: cleanText(item.title),
        plannedMinutes: item.plannedMinutes ?? null,
        body: item.body ? docFromParagraphs(item.body) : null,
      })
      .run()
  })
  audit(tx, ctx, meeting, 'record.agenda_from_template', `chưa có chương trình nên lập theo mẫu “${template.name}” (${template.items.length} nội dung) khi bắt đầu`)
  return template.items.length
}

/** Members of the cell on a date (joined by then, not ended), with their standing from the dated periods. */
function attendanceListOn(tx: Executor, cellId: string, date: string) {
  const rows = tx
    .select()
    .from(members)
    .where(
      and(
        eq(members.cellId, cellId),
        sql`(${members.endedOn} IS NULL OR ${members.endedOn} > ${date})`,
        sql`(${members.joinedOn} IS NULL OR ${members.joinedOn} <= ${date})`,
      ),
    )
    .all()
  const periods = periodsByMember(tx, rows.map((r) => r.id))
  const out: { member: (typeof rows)[number]; standing: Exclude<MemberStanding, 'ended'>; note: string | null }[] = []
  for (const m of rows) {
    const own = periods.get(m.id) ?? []
    const standing = memberStandingOn({ ...m, endedOn: null }, own, date)
    if (standing === 'ended') continue
    const period = own.find((p) => p.kind === standing && p.startsOn <= date && (p.endsOn === null || p.endsOn >= date))
    out.push({ member: m, standing, note: standing === 'suspended' ? m.suspendedNote : (period?.note ?? null) })
  }
  return out
}

export type RecordHeaderInput = { chairMemberId: string; secretaryMemberId: string; startedAt: string; version: number }

/** Corrects the chair, the minute-taker or the start time after the start. */
export function updateRecordHeader(db: DB, ctx: ActorContext, meetingId: string, input: RecordHeaderInput) {
  return db.transaction((tx) => {
    const meeting = editableMeeting(tx, ctx.actor, meetingId)
    const chair = memberOfCell(tx, meeting.cellId, input.chairMemberId, 'Người chủ trì', 'chairMemberId')
    const secretary = memberOfCell(tx, meeting.cellId, input.secretaryMemberId, 'Thư ký', 'secretaryMemberId')
    if (chair.id === secretary.id) throw new AppError(422, 'Chủ trì và thư ký phải là hai đồng chí khác nhau.', 'secretaryMemberId')
    const startedAt = parseInstant(input.startedAt, 'Giờ bắt đầu', 'startedAt')
    if (meeting.endedAt && meeting.endedAt < startedAt) throw new AppError(422, 'Giờ bắt đầu phải trước giờ kết thúc.', 'startedAt')
    const row = tx
      .update(meetings)
      .set({ chairMemberId: chair.id, secretaryMemberId: secretary.id, startedAt, version: sql`${meetings.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(meetings.id, meeting.id), eq(meetings.version, input.version)))
      .returning()
      .get()
    if (!row) throw recordConflict()
    audit(tx, ctx, meeting, 'record.header', `chủ trì đ/c ${chair.fullName}, thư ký đ/c ${secretary.fullName}, bắt đầu lúc ${formatTime(startedAt)}`, {
      from: { chairMemberId: meeting.chairMemberId, secretaryMemberId: meeting.secretaryMemberId, startedAt: meeting.startedAt },
      to: { chairMemberId: chair.id, secretaryMemberId: secretary.id, startedAt },
    })
    return row
  })
}

function standingsOf(tx: Executor, meeting: ScopedMeeting, memberIds: string[]) {
  const date = meetingDate(meeting)
  const rows = memberIds.length ? tx.select().from(members).where(inArray(members.id, memberIds)).all() : []
  const periods = periodsByMember(tx, memberIds)
  const map = new Map<string, Exclude<MemberStanding, 'ended'>>()
  for (const m of rows) {
    const s = memberStandingOn({ ...m, endedOn: null }, periods.get(m.id) ?? [], date)
    map.set(m.id, s === 'ended' ? 'active' : s)
  }
  return map
}

export type AttendanceInput = { status: AttendanceStatus; reason?: string | null; version: number }

/** Records one member's attendance. 'excused' needs a reason; an exempt member who attends is 'present'. */
export function setAttendance(db: DB, ctx: ActorContext, meetingId: string, memberId: string, input: AttendanceInput) {
  return db.transaction((tx) => {
    const meeting = editableMeeting(tx, ctx.actor, meetingId)
    const before = tx
      .select({ row: attendance, fullName: members.fullName })
      .from(attendance)
      .innerJoin(members, eq(attendance.memberId, members.id))
      .where(and(eq(attendance.meetingId, meeting.id), eq(attendance.memberId, memberId)))
      .get()
    if (!before) throw notFound('Đồng chí này không có trong danh sách điểm danh của buổi sinh hoạt.')
    const standing = standingsOf(tx, meeting, [memberId]).get(memberId) ?? 'active'
    const allowed = allowedAttendance(standing)
    if (!allowed.includes(input.status)) {
      throw new AppError(
        422,
        standing === 'suspended'
          ? `Đ/c ${before.fullName} đang bị đình chỉ sinh hoạt; điểm danh ghi theo hồ sơ đảng viên.`
          : `Không thể ghi “${ATTENDANCE_LABELS[input.status]}” cho đ/c ${before.fullName}. Có thể chọn: ${allowed.map((s) => ATTENDANCE_LABELS[s]).join(', ')}.`,
        'status',
      )
    }
    let reason = optionalText(input.reason, MAX_REASON, 'Lý do', 'reason')
    if (input.status === 'excused' && !reason) {
      throw new AppError(422, `Vắng có lý do: hãy ghi lý do vắng của đ/c ${before.fullName}.`, 'reason')
    }
    if (input.status === 'present') reason = null
    const now = new Date().toISOString()
    const arrivedAt = input.status === 'present' ? (before.row.status === 'present' && before.row.arrivedAt ? before.row.arrivedAt : now) : null
    const row = tx
      .update(attendance)
      .set({ status: input.status, reason, arrivedAt, version: sql`${attendance.version} + 1`, updatedAt: now })
      .where(and(eq(attendance.meetingId, meeting.id), eq(attendance.memberId, memberId), eq(attendance.version, input.version)))
      .returning()
      .get()
    if (!row) throw recordConflict()
    audit(tx, ctx, meeting, 'record.attendance', `điểm danh đ/c ${before.fullName}: ${ATTENDANCE_LABELS[input.status]}${reason ? ` (${reason})` : ''}`, {
      memberId,
      from: { status: before.row.status, reason: before.row.reason, confirmed: isConfirmed(before.row) },
      to: { status: row.status, reason: row.reason },
    })
    return row
  })
}

/** "Những đồng chí còn lại có mặt": confirms every row not yet confirmed as present. */
export function confirmRemainingPresent(db: DB, ctx: ActorContext, meetingId: string): number {
  return db.transaction((tx) => {
    const meeting = editableMeeting(tx, ctx.actor, meetingId)
    const now = new Date().toISOString()
    const rows = tx
      .update(attendance)
      .set({ arrivedAt: now, version: sql`${attendance.version} + 1`, updatedAt: now })
      .where(and(eq(attendance.meetingId, meeting.id), eq(attendance.status, 'present'), sql`${attendance.arrivedAt} IS NULL`))
      .returning({ memberId: attendance.memberId })
      .all()
    if (rows.length > 0) audit(tx, ctx, meeting, 'record.attendance_rest', `ghi có mặt cho ${rows.length} đồng chí còn lại`, { memberIds: rows.map((r) => r.memberId) })
    return rows.length
  })
}

/** A row is confirmed once the minute-taker has chosen a value (present rows record when). */
export function isConfirmed(row: { status: AttendanceStatus; arrivedAt: string | null }): boolean {
  return row.status !== 'present' || row.arrivedAt !== null
}

// ---------------------------------------------------------------------------------------------
// Guests

export type GuestInput = { name: string; title?: string | null; unit?: string | null; isUpperRep?: boolean }

function guestValues(input: GuestInput) {
  const name = optionalText(input.name, 120, 'Họ tên khách mời', 'name')
  if (!name) throw new AppError(422, 'Hãy nhập họ tên khách mời.', 'name')
  return {
    name,
    title: optionalText(input.title, 200, 'Chức vụ', 'title'),
    unit: optionalText(input.unit, 200, 'Đơn vị', 'unit'),
    isUpperRep: Boolean(input.isUpperRep),
  }
}

export function addGuest(db: DB, ctx: ActorContext, meetingId: string, input: GuestInput) {
  return db.transaction((tx) => {
    const meeting = editableMeeting(tx, ctx.actor, meetingId)
    const values = guestValues(input)
    const last = tx.select({ n: max(guests.position) }).from(guests).where(eq(guests.meetingId, meeting.id)).get()?.n ?? 0
    const row = tx.insert(guests).values({ ...values, meetingId: meeting.id, position: last + 1 }).returning().get()
    audit(tx, ctx, meeting, 'record.guest.add', `khách mời ${describeGuest(row)}`, { guestId: row.id })
    return row
  })
}

/**
 * Guests have no version column: `expected` (the values the form was shown with) is the optimistic
 * check — if the stored guest differs from it, someone else changed it first.
 */
export function updateGuest(db: DB, ctx: ActorContext, meetingId: string, guestId: string, input: GuestInput & { expected?: GuestInput }) {
  return db.transaction((tx) => {
    const meeting = editableMeeting(tx, ctx.actor, meetingId)
    const before = tx.select().from(guests).where(and(eq(guests.id, guestId), eq(guests.meetingId, meeting.id))).get()
    if (!before) throw notFound('Không tìm thấy khách mời này trong buổi sinh hoạt.')
    if (input.expected) {
      const e = guestValues(input.expected)
      if (e.name !== before.name || e.title !== before.title || e.unit !== before.unit || e.isUpperRep !== before.isUpperRep) throw recordConflict()
    }
    const values = guestValues(input)
    const row = tx.update(guests).set(values).where(eq(guests.id, guestId)).returning().get()
    audit(tx, ctx, meeting, 'record.guest.update', `sửa khách mời ${describeGuest(row)}`, { guestId, from: describeGuest(before) })
    return row
  })
}

export function removeGuest(db: DB, ctx: ActorContext, meetingId: string, guestId: string) {
  return db.transaction((tx) => {
    const meeting = editableMeeting(tx, ctx.actor, meetingId)
    const before = tx.select().from(guests).where(and(eq(guests.id, guestId), eq(guests.meetingId, meeting.id))).get()
    if (!before) throw notFound('Không tìm thấy khách mời này trong buổi sinh hoạt.')
    const spoke = tx.select({ n: sql<number>`count(*)` }).from(speeches).where(eq(speeches.speakerGuestId, guestId)).get()?.n ?? 0
    if (spoke > 0) throw new AppError(422, `${before.name} đã có ${spoke} phát biểu trong biên bản. Hãy xóa các phát biểu đó hoặc đổi người phát biểu trước.`)
    const confirmed = tx.select({ n: sql<number>`count(*)` }).from(qualityAssessments).where(eq(qualityAssessments.confirmedByGuestId, guestId)).get()?.n ?? 0
    if (confirmed > 0) throw new AppError(422, `${before.name} đã xác nhận kết quả chấm điểm chất lượng; không xóa được khách mời này.`)
    tx.delete(guests).where(eq(guests.id, guestId)).run()
    audit(tx, ctx, meeting, 'record.guest.remove', `xóa khách mời ${describeGuest(before)}`, { guestId })
  })
}

export function describeGuest(g: { name: string; title: string | null; unit: string | null; isUpperRep?: boolean }): string {
  return [g.name, g.title, g.unit].filter(Boolean).join(', ') + (g.isUpperRep ? ' (đại biểu cấp trên)' : '')
}

// ---------------------------------------------------------------------------------------------
// Speeches

export type SpeakerRef = { kind: 'member'; id: string } | { kind: 'guest'; id: string }

/** "m:<id>" / "g:<id>" as the forms post them. */
export function parseSpeakerRef(value: string | null | undefined): SpeakerRef | null {
  const m = /^([mg]):(.+)$/.exec(value ?? '')
  if (!m) return null
  return m[1] === 'm' ? { kind: 'member', id: m[2] } : { kind: 'guest', id: m[2] }
}
export function speakerRefString(s: { speakerMemberId: string | null; speakerGuestId: string | null }): string {
  return s.speakerMemberId ? `m:${s.speakerMemberId}` : s.speakerGuestId ? `g:${s.speakerGuestId}` : ''
}

function resolveSpeaker(tx: Executor, meeting: ScopedMeeting, speaker: SpeakerRef | null) {
  if (!speaker) throw new AppError(422, 'Hãy chọn người phát biểu.', 'speaker')
  if (speaker.kind === 'member') {
    const row = tx
      .select({ fullName: members.fullName })
      .from(attendance)
      .innerJoin(members, eq(attendance.memberId, members.id))
      .where(and(eq(attendance.meetingId, meeting.id), eq(attendance.memberId, speaker.id)))
      .get()
    if (!row) throw new AppError(422, 'Người phát biểu phải là đảng viên trong danh sách điểm danh hoặc khách mời của buổi sinh hoạt.', 'speaker')
    return { speakerMemberId: speaker.id, speakerGuestId: null, name: `đ/c ${row.fullName}` }
  }
  const g = tx.select().from(guests).where(and(eq(guests.id, speaker.id), eq(guests.meetingId, meeting.id))).get()
  if (!g) throw new AppError(422, 'Người phát biểu phải là đảng viên trong danh sách điểm danh hoặc khách mời của buổi sinh hoạt.', 'speaker')
  return { speakerMemberId: null, speakerGuestId: g.id, name: g.name }
}

function itemOf(tx: Executor, meeting: ScopedMeeting, agendaItemId: string) {
  const item = tx.select().from(agendaItems).where(and(eq(agendaItems.id, agendaItemId), eq(agendaItems.meetingId, meeting.id))).get()
  if (!item) throw new AppError(422, 'Nội dung chương trình này không thuộc buổi sinh hoạt.', 'agendaItemId')
  return item
}

export type NewSpeechInput = { agendaItemId: string; speaker: SpeakerRef | null; gist?: RichText | null }

export function addSpeech(db: DB, ctx: ActorContext, meetingId: string, input: NewSpeechInput) {
  return db.transaction((tx) => {
    const meeting = editableMeeting(tx, ctx.actor, meetingId)
    const item = itemOf(tx, meeting, input.agendaItemId)
    const speaker = resolveSpeaker(tx, meeting, input.speaker)
    const gist = richText(input.gist, MAX_GIST_BYTES, 'gist')
    const last = tx.select({ n: max(speeches.position) }).from(speeches).where(eq(speeches.agendaItemId, item.id)).get()?.n ?? 0
    const row = tx
      .insert(speeches)
      .values({ meetingId: meeting.id, agendaItemId: item.id, position: last + 1, speakerMemberId: speaker.speakerMemberId, speakerGuestId: speaker.speakerGuestId, gist })
      .returning()
      .get()
    audit(tx, ctx, meeting, 'record.speech.add', `phát biểu của ${speaker.name} tại nội dung “${item.title}”`, { speechId: row.id, agendaItemId: item.id, gist: gist ? toPlainText(gist).slice(0, 2000) : null })
    return row
  })
}

export type SpeechUpdate = { speaker: SpeakerRef | null; gist: RichText | null; version: number }

export function updateSpeech(db: DB, ctx: ActorContext, meetingId: string, speechId: string, input: SpeechUpdate) {
  return db.transaction((tx) => {
    const meeting = editableMeeting(tx, ctx.actor, meetingId)
    const before = tx.select().from(speeches).where(and(eq(speeches.id, speechId), eq(speeches.meetingId, meeting.id))).get()
    if (!before) throw notFound('Phát biểu này không còn trong biên bản (có thể vừa bị xóa).')
    const speaker = resolveSpeaker(tx, meeting, input.speaker)
    const gist = richText(input.gist, MAX_GIST_BYTES, 'gist')
    const row = tx
      .update(speeches)
      .set({ speakerMemberId: speaker.speakerMemberId, speakerGuestId: speaker.speakerGuestId, gist, version: sql`${speeches.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(speeches.id, speechId), eq(speeches.version, input.version)))
      .returning()
      .get()
    if (!row) throw recordConflict()
    audit(tx, ctx, meeting, 'record.speech.update', `sửa phát biểu của ${speaker.name}`, {
      speechId,
      from: { speaker: speakerRefString(before), gist: before.gist ? toPlainText(before.gist).slice(0, 2000) : null },
      to: { speaker: speakerRefString(row), gist: gist ? toPlainText(gist).slice(0, 2000) : null },
    })
    return row
  })
}

export function removeSpeech(db: DB, ctx: ActorContext, meetingId: string, speechId: string, input: { version: number }) {
  return db.transaction((tx) => {
    const meeting = editableMeeting(tx, ctx.actor, meetingId)
    const before = tx.select().from(speeches).where(and(eq(speeches.id, speechId), eq(speeches.meetingId, meeting.id))).get()
    if (!before) throw notFound('Phát biểu này không còn trong biên bản (có thể vừa bị xóa).')
    const done = tx.delete(speeches).where(and(eq(speeches.id, speechId), eq(speeches.version, input.version))).returning({ id: speeches.id }).get()
    if (!done) throw recordConflict()
    audit(tx, ctx, meeting, 'record.speech.remove', 'xóa một phát biểu', {
      speechId,
      speaker: speakerRefString(before),
      gist: before.gist ? toPlainText(before.gist).slice(0, 2000) : null,
    })
  })
}

/** Swaps a speech with its neighbour. The order is not content: versions are left alone. */
export function moveSpeech(db: DB, ctx: ActorContext, meetingId: string, speechId: string, direction: 'up' | 'down') {
  return db.transaction((tx) => {
    const meeting = editableMeeting(tx, ctx.actor, meetingId)
    const me = tx.select().from(speeches).where(and(eq(speeches.id, speechId), eq(speeches.meetingId, meeting.id))).get()
    if (!me) throw notFound('Phát biểu này không còn trong biên bản (có thể vừa bị xóa).')
    const list = tx.select({ id: speeches.id, position: speeches.position }).from(speeches).where(eq(speeches.agendaItemId, me.agendaItemId)).orderBy(asc(speeches.position), asc(speeches.createdAt)).all()
    const i = list.findIndex((s) => s.id === me.id)
    const j = direction === 'up' ? i - 1 : i + 1
    if (j < 0 || j >= list.length) return false
    ;[list[i], list[j]] = [list[j], list[i]]
    list.forEach((s, k) => tx.update(speeches).set({ position: k + 1 }).where(eq(speeches.id, s.id)).run())
    audit(tx, ctx, meeting, 'record.speech.move', `chuyển một phát biểu ${direction === 'up' ? 'lên trên' : 'xuống dưới'}`, { speechId })
    return true
  })
}

/** Accepted contributions become their authors' speeches under their agenda item — each once. */
export function importAcceptedContributions(db: DB, ctx: ActorContext, meetingId: string): number {
  return db.transaction((tx) => {
    const meeting = editableMeeting(tx, ctx.actor, meetingId)
    return importContributionsIn(tx, ctx, meeting)
  })
}

function importContributionsIn(tx: Executor, ctx: ActorContext, meeting: ScopedMeeting): number {
  const accepted = acceptedContributions(tx, meeting.id)
  if (accepted.length === 0) return 0
  const done = new Set(
    tx
      .select({ id: speeches.contributionId })
      .from(speeches)
      .where(and(eq(speeches.meetingId, meeting.id), sql`${speeches.contributionId} IS NOT NULL`))
      .all()
      .map((r) => r.id),
  )
  const items = tx.select().from(agendaItems).where(eq(agendaItems.meetingId, meeting.id)).orderBy(asc(agendaItems.position)).all()
  // Without an agenda item of its own, a contribution goes to the discussion: the first content item
  // for discussion or presentation, else the first content item, else the first item.
  const fallback =
    items.find((i) => i.section === 'content' && (i.role === 'discussion' || i.role === 'presentation')) ?? items.find((i) => i.section === 'content') ?? items[0]
  const present = new Set(tx.select({ id: attendance.memberId }).from(attendance).where(eq(attendance.meetingId, meeting.id)).all().map((r) => r.id))
  const lastByItem = new Map<string, number>()
  let imported = 0
  for (const c of accepted) {
    if (done.has(c.id) || !present.has(c.memberId)) continue
    const itemId = c.agendaItemId && items.some((i) => i.id === c.agendaItemId) ? c.agendaItemId : fallback?.id
    if (!itemId) continue
    if (!lastByItem.has(itemId)) {
      lastByItem.set(itemId, tx.select({ n: max(speeches.position) }).from(speeches).where(eq(speeches.agendaItemId, itemId)).get()?.n ?? 0)
    }
    const position = lastByItem.get(itemId)! + 1
    lastByItem.set(itemId, position)
    tx.insert(speeches).values({ meetingId: meeting.id, agendaItemId: itemId, position, speakerMemberId: c.memberId, contributionId: c.id, gist: c.body ?? null }).run()
    imported++
  }
  if (imported > 0) audit(tx, ctx, meeting, 'record.contributions', `đưa ${imported} ý kiến đóng góp đã được chấp nhận vào phần phát biểu`)
  return imported
}

// ---------------------------------------------------------------------------------------------
// Conclusions

/**
 * The chair's conclusion of an agenda item. The item row is shared with the agenda editor, so besides
 * the version the caller may send `base` — the conclusion it started from: a version bumped by a change
 * to another field (title, body) is then not a conflict, but a changed conclusion still is.
 */
export function setItemConclusion(db: DB, ctx: ActorContext, meetingId: string, agendaItemId: string, input: { conclusion: RichText | null; version: number; base?: RichText | null }) {
  return db.transaction((tx) => {
    const meeting = editableMeeting(tx, ctx.actor, meetingId)
    const item = itemOf(tx, meeting, agendaItemId)
    if (item.version !== input.version && (input.base === undefined || !sameJson(item.conclusion, input.base))) throw recordConflict()
    const conclusion = richText(input.conclusion, MAX_CONCLUSION_BYTES, 'conclusion')
    const row = tx
      .update(agendaItems)
      .set({ conclusion, version: sql`${agendaItems.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(agendaItems.id, item.id), eq(agendaItems.version, item.version)))
      .returning()
      .get()
    if (!row) throw recordConflict()
    audit(tx, ctx, meeting, 'record.item_conclusion', `kết luận nội dung “${item.title}”`, { agendaItemId, conclusion: conclusion ? toPlainText(conclusion).slice(0, 2000) : null })
    return row
  })
}

/** The chair's general conclusion of the meeting (same `base` rule: the meeting row holds other fields). */
export function setMeetingConclusion(db: DB, ctx: ActorContext, meetingId: string, input: { conclusion: RichText | null; version: number; base?: RichText | null }) {
  return db.transaction((tx) => {
    const meeting = editableMeeting(tx, ctx.actor, meetingId)
    if (meeting.version !== input.version && (input.base === undefined || !sameJson(meeting.conclusion, input.base))) throw recordConflict()
    const conclusion = richText(input.conclusion, MAX_CONCLUSION_BYTES, 'conclusion')
    const row = tx
      .update(meetings)
      .set({ conclusion, version: sql`${meetings.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(meetings.id, meeting.id), eq(meetings.version, meeting.version)))
      .returning()
      .get()
    if (!row) throw recordConflict()
    audit(tx, ctx, meeting, 'record.conclusion', 'kết luận chung của chủ trì', { conclusion: conclusion ? toPlainText(conclusion).slice(0, 2000) : null })
    return row
  })
}

// ---------------------------------------------------------------------------------------------
// Votes (DOMAIN §4: the arithmetic is app/domain/voting.ts; this applies it to the attendance)

export type ReservedOpinion = { memberId: string | null; name: string; text: string }
export type VoteRecordInput = {
  agendaItemId?: string | null
  subject: string
  kind: VoteKind
  method: VoteMethod
  for: number
  against: number
  abstain?: number | null
  reserved?: ReservedOpinion[]
}

/** The denominator of the meeting's votes from its attendance rows (members' status on the day). */
export function meetingDenominator(tx: Executor, meetingId: string): Denominator {
  const rows = tx.select({ memberId: attendance.memberId, status: attendance.memberStatus, attendance: attendance.status }).from(attendance).where(eq(attendance.meetingId, meetingId)).all()
  return computeDenominator(rows)
}

function voteValues(tx: Executor, meeting: ScopedMeeting, input: VoteRecordInput) {
  const subject = optionalText(input.subject, MAX_SUBJECT, 'Nội dung biểu quyết', 'subject')
  if (!subject) throw new AppError(422, 'Hãy ghi nội dung biểu quyết (ví dụ: Thông qua nghị quyết tháng …).', 'subject')
  if (!(VOTE_KINDS as readonly string[]).includes(input.kind)) throw new AppError(422, 'Chưa chọn loại biểu quyết (quá nửa hoặc hai phần ba).', 'kind')
  if (!(VOTE_METHODS as readonly string[]).includes(input.method)) throw new AppError(422, 'Chưa chọn hình thức biểu quyết.', 'method')
  const agendaItemId = input.agendaItemId ? itemOf(tx, meeting, input.agendaItemId).id : null
  const { allowAbstain } = effectiveSettings(tx, meeting.cell)
  const d = meetingDenominator(tx, meeting.id)
  const abstain = input.abstain ?? 0
  const result = evaluateVote({ kind: input.kind, denominator: d.denominator, presentVoters: d.presentOfficial, for: input.for, against: input.against, abstain, allowAbstain })
  if (!result.ok) throw new AppError(422, result.error, 'for')
  const reserved = reservedOpinions(tx, meeting, input.reserved ?? [])
  return {
    values: {
      agendaItemId,
      subject,
      kind: input.kind,
      method: input.method,
      forCount: input.for,
      againstCount: input.against,
      abstainCount: allowAbstain ? abstain : null,
      denominator: d.denominator,
      presentVoters: d.presentOfficial,
      passed: result.passed,
      reserved,
    },
    result,
  }
}

function reservedOpinions(tx: Executor, meeting: ScopedMeeting, list: ReservedOpinion[]): ReservedOpinion[] {
  const out: ReservedOpinion[] = []
  for (const r of list) {
    const text = (r.text ?? '').normalize('NFC').trim()
    const typedName = cleanText(r.name ?? '')
    if (!text && !typedName && !r.memberId) continue
    if (!text) throw new AppError(422, 'Ý kiến bảo lưu cần ghi nội dung ý kiến.', 'reserved')
    if (text.length > MAX_RESERVED_TEXT) throw new AppError(422, `Ý kiến bảo lưu quá dài (tối đa ${MAX_RESERVED_TEXT} ký tự).`, 'reserved')
    if (r.memberId) {
      const m = tx
        .select({ fullName: members.fullName })
        .from(attendance)
        .innerJoin(members, eq(attendance.memberId, members.id))
        .where(and(eq(attendance.meetingId, meeting.id), eq(attendance.memberId, r.memberId)))
        .get()
      if (!m) throw new AppError(422, 'Đồng chí bảo lưu ý kiến phải có trong danh sách điểm danh.', 'reserved')
      out.push({ memberId: r.memberId, name: m.fullName, text })
    } else {
      if (!typedName) throw new AppError(422, 'Ý kiến bảo lưu cần ghi rõ đồng chí nào bảo lưu.', 'reserved')
      out.push({ memberId: null, name: typedName, text })
    }
  }
  return out
}

/** Records a vote: the denominator comes from the attendance (never from the form); impossible counts are refused. */
export function recordVote(db: DB, ctx: ActorContext, meetingId: string, input: VoteRecordInput) {
  return db.transaction((tx) => {
    const meeting = editableMeeting(tx, ctx.actor, meetingId)
    const { values, result } = voteValues(tx, meeting, input)
    const last = tx.select({ n: max(votes.position) }).from(votes).where(eq(votes.meetingId, meeting.id)).get()?.n ?? 0
    const row = tx.insert(votes).values({ ...values, meetingId: meeting.id, position: last + 1 }).returning().get()
    audit(tx, ctx, meeting, 'record.vote.add', `biểu quyết “${values.subject}”: ${result.sentence} — ${result.outcome.toLowerCase()}`, { voteId: row.id, ...values })
    return row
  })
}

/** Corrects a vote; the denominator is recomputed from the attendance as it stands now. */
export function updateVote(db: DB, ctx: ActorContext, meetingId: string, voteId: string, input: VoteRecordInput & { version: number }) {
  return db.transaction((tx) => {
    const meeting = editableMeeting(tx, ctx.actor, meetingId)
    const before = tx.select().from(votes).where(and(eq(votes.id, voteId), eq(votes.meetingId, meeting.id))).get()
    if (!before) throw notFound('Kết quả biểu quyết này không còn trong biên bản (có thể vừa bị xóa).')
    const { values, result } = voteValues(tx, meeting, input)
    const row = tx
      .update(votes)
      .set({ ...values, version: sql`${votes.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(votes.id, voteId), eq(votes.version, input.version)))
      .returning()
      .get()
    if (!row) throw recordConflict()
    const { id: _id, meetingId: _m, version: _v, createdAt: _c, updatedAt: _u, position: _p, ...was } = before
    audit(tx, ctx, meeting, 'record.vote.update', `sửa biểu quyết “${values.subject}”: ${result.sentence} — ${result.outcome.toLowerCase()}`, { voteId, from: was, to: values })
    return row
  })
}

export function removeVote(db: DB, ctx: ActorContext, meetingId: string, voteId: string, input: { version: number }) {
  return db.transaction((tx) => {
    const meeting = editableMeeting(tx, ctx.actor, meetingId)
    const before = tx.select().from(votes).where(and(eq(votes.id, voteId), eq(votes.meetingId, meeting.id))).get()
    if (!before) throw notFound('Kết quả biểu quyết này không còn trong biên bản (có thể vừa bị xóa).')
    const done = tx.delete(votes).where(and(eq(votes.id, voteId), eq(votes.version, input.version))).returning({ id: votes.id }).get()
    if (!done) throw recordConflict()
    audit(tx, ctx, meeting, 'record.vote.remove', `xóa biểu quyết “${before.subject}”`, { voteId, vote: before })
  })
}

// ---------------------------------------------------------------------------------------------
// Tasks assigned at the meeting (written by tasks.server.ts)

/**
 * tasks.server.ts lets holders of 'meeting:record' or 'meeting:plan' assign tasks. The appointed
 * minute-taker may be a plain member: for this meeting's tasks — and only within these calls — they act
 * with the cell's recording rights (a 'committee' grant on the cell). The audit log still names them.
 */
function taskContext(tx: Executor, ctx: ActorContext, meetingId: string) {
  const meeting = editableMeeting(tx, ctx.actor, meetingId)
  if (can(ctx.actor, 'meeting:record', { orgPath: meeting.cell.path })) return { meeting, ctx }
  const actor: Actor = { ...ctx.actor, grants: [...ctx.actor.grants, { orgId: meeting.cellId, orgPath: meeting.cell.path, role: 'committee' }] }
  return { meeting, ctx: { ...ctx, actor } }
}

function meetingTask(tx: Executor, meetingId: string, taskId: string) {
  const task = tx.select().from(tasks).where(and(eq(tasks.id, taskId), eq(tasks.meetingId, meetingId))).get()
  if (!task) throw notFound('Nhiệm vụ này không thuộc buổi sinh hoạt (có thể vừa bị hủy).')
  return task
}

export type MeetingTaskInput = { memberId: string | null; text: string; dueOn: string | null }

export function addMeetingTask(db: DB, ctx: ActorContext, meetingId: string, input: MeetingTaskInput) {
  const t = taskContext(db, ctx, meetingId)
  return createTask(db, t.ctx, { cellId: t.meeting.cellId, meetingId: t.meeting.id, memberId: input.memberId, text: input.text, dueOn: input.dueOn })
}

export function updateMeetingTask(db: DB, ctx: ActorContext, meetingId: string, taskId: string, input: MeetingTaskInput & { version: number }) {
  const t = taskContext(db, ctx, meetingId)
  const task = meetingTask(db, t.meeting.id, taskId)
  return updateTask(db, t.ctx, taskId, { status: task.status, resultNote: task.resultNote, version: input.version, text: input.text, memberId: input.memberId, dueOn: input.dueOn })
}

/** A task assigned by mistake is cancelled (kept in the cell's task list as "Hủy"), not deleted. */
export function cancelMeetingTask(db: DB, ctx: ActorContext, meetingId: string, taskId: string, input: { version: number }) {
  const t = taskContext(db, ctx, meetingId)
  const task = meetingTask(db, t.meeting.id, taskId)
  return updateTask(db, t.ctx, taskId, { status: 'cancelled', resultNote: task.resultNote, version: input.version })
}

// ---------------------------------------------------------------------------------------------
// Ending the meeting

/** Ends the meeting (in_progress → minutes_draft). Refused while some members are not marked yet. */
export function endMeeting(db: DB, ctx: ActorContext, meetingId: string, input: { endedAt: string }) {
  return db.transaction((tx) => {
    const meeting = getRecordMeeting(tx, ctx.actor, meetingId)
    if (meeting.status !== 'in_progress') {
      if (meeting.status === 'minutes_draft') throw new AppError(422, `Buổi sinh hoạt đã kết thúc${meeting.endedAt ? ` lúc ${formatTime(meeting.endedAt)}` : ''}.`)
      assertRecordEditable(meeting)
    }
    const endedAt = parseInstant(input.endedAt, 'Giờ kết thúc', 'endedAt')
    if (meeting.startedAt && endedAt <= meeting.startedAt) {
      throw new AppError(422, `Giờ kết thúc phải sau giờ bắt đầu (${formatTime(meeting.startedAt)} ngày ${formatUiDateShort(meeting.startedAt)}).`, 'endedAt')
    }
    const pending = tx
      .select({ fullName: members.fullName })
      .from(attendance)
      .innerJoin(members, eq(attendance.memberId, members.id))
      .where(and(eq(attendance.meetingId, meeting.id), eq(attendance.status, 'present'), sql`${attendance.arrivedAt} IS NULL`))
      .all()
    if (pending.length > 0) {
      const names = pending.slice(0, 5).map((p) => `đ/c ${p.fullName}`).join(', ')
      throw new AppError(
        422,
        `Còn ${pending.length} đồng chí chưa điểm danh (${names}${pending.length > 5 ? ', …' : ''}). Hãy ghi có mặt hoặc vắng cho từng đồng chí ở bước Điểm danh trước khi kết thúc.`,
      )
    }
    const row = tx
      .update(meetings)
      .set({ status: 'minutes_draft', endedAt, version: sql`${meetings.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(meetings.id, meeting.id), eq(meetings.status, 'in_progress')))
      .returning()
      .get()
    if (!row) throw recordConflict()
    audit(tx, ctx, meeting, 'record.end', `kết thúc lúc ${formatTime(endedAt)}; chuyển sang hoàn thiện biên bản`, { endedAt })
    return row
  })
}

// ---------------------------------------------------------------------------------------------
// Reading the whole record

const POSITION_RANK = { secretary: 0, deputy: 1, committee: 2, member: 3 } as const

/**
 * Everything the minute-taker's page and the CLI show (the quality assessment comes from
 * quality.server.ts: qualityView). Readable by those who may record it, by the chair, and by
 * inspectors of the cell; 403 for other members (they read the minutes once signed).
 */
export function recordView(db: Executor, actor: Actor, meetingId: string) {
  const meeting = getMeeting(db, actor, meetingId)
  const recorder = canRecord(actor, meeting)
  const chairReads = Boolean(actor.memberId && actor.memberId === meeting.chairMemberId)
  if (!recorder && !chairReads && !can(actor, 'inspection:read', { orgPath: meeting.cell.path }) && !can(actor, 'meeting:plan', { orgPath: meeting.cell.path })) {
    throw forbidden('Biên bản đang được ghi. Đồng chí sẽ xem được biên bản sau khi chủ trì và thư ký ký.')
  }
  const date = meetingDate(meeting)
  const settings = effectiveSettings(db, meeting.cell)

  const attRows = db
    .select({ row: attendance, fullName: members.fullName, position: members.position, suspended: members.suspended })
    .from(attendance)
    .innerJoin(members, eq(attendance.memberId, members.id))
    .where(eq(attendance.meetingId, meeting.id))
    .all()
  const standings = standingsOf(db, meeting, attRows.map((r) => r.row.memberId))
  const attendanceList = attRows
    .map((r) => ({
      memberId: r.row.memberId,
      name: r.fullName,
      position: r.position,
      memberStatus: r.row.memberStatus,
      standing: standings.get(r.row.memberId) ?? 'active',
      status: r.row.status,
      reason: r.row.reason,
      confirmed: isConfirmed(r.row),
      arrivedAt: r.row.arrivedAt,
      version: r.row.version,
    }))
    .sort((a, b) => POSITION_RANK[a.position] - POSITION_RANK[b.position] || compareVietnameseNames(a.name, b.name))

  const guestList = db.select().from(guests).where(eq(guests.meetingId, meeting.id)).orderBy(asc(guests.position), asc(guests.createdAt)).all()
  const guestById = new Map(guestList.map((g) => [g.id, g]))
  const nameById = new Map(attendanceList.map((a) => [a.memberId, a.name]))

  const itemRows = db.select().from(agendaItems).where(eq(agendaItems.meetingId, meeting.id)).orderBy(asc(agendaItems.position)).all()
  const speechRows = db
    .select({ speech: speeches, contributionTitle: contributions.title })
    .from(speeches)
    .leftJoin(contributions, eq(speeches.contributionId, contributions.id))
    .where(eq(speeches.meetingId, meeting.id))
    .orderBy(asc(speeches.position), asc(speeches.createdAt))
    .all()
  const speakerName = (s: typeof speeches.$inferSelect) =>
    s.speakerMemberId ? `Đ/c ${nameById.get(s.speakerMemberId) ?? '(không rõ)'}` : s.speakerGuestId ? (guestById.get(s.speakerGuestId)?.name ?? '(khách mời)') : '(chưa chọn)'
  const items = itemRows.map((i) => ({
    id: i.id,
    position: i.position,
    section: i.section,
    role: i.role,
    title: i.title,
    presenterName: i.presenterName,
    presenterMemberId: i.presenterMemberId,
    conclusion: i.conclusion,
    version: i.version,
    speeches: speechRows
      .filter((r) => r.speech.agendaItemId === i.id)
      .map(({ speech: s, contributionTitle }) => ({
        id: s.id,
        position: s.position,
        speaker: speakerRefString(s),
        speakerName: speakerName(s),
        speakerKind: s.speakerMemberId ? ('member' as const) : ('guest' as const),
        gist: s.gist,
        contribution: s.contributionId ? { id: s.contributionId, title: contributionTitle ?? '' } : null,
        version: s.version,
      })),
  }))

  const voteList = db
    .select()
    .from(votes)
    .where(eq(votes.meetingId, meeting.id))
    .orderBy(asc(votes.position), asc(votes.createdAt))
    .all()
    .map((v) => {
      const r = evaluateVote({
        kind: v.kind,
        denominator: v.denominator,
        presentVoters: v.presentVoters,
        for: v.forCount,
        against: v.againstCount,
        abstain: v.abstainCount ?? 0,
        allowAbstain: v.abstainCount !== null,
      })
      return {
        id: v.id,
        agendaItemId: v.agendaItemId,
        subject: v.subject,
        kind: v.kind,
        method: v.method,
        for: v.forCount,
        against: v.againstCount,
        abstain: v.abstainCount,
        denominator: v.denominator,
        presentVoters: v.presentVoters,
        passed: v.passed,
        reserved: v.reserved,
        sentence: r.ok ? r.sentence : `${v.forCount}/${v.denominator} đồng chí tán thành`,
        outcome: v.passed ? 'Được thông qua' : 'Không được thông qua',
        version: v.version,
      }
    })

  const taskList = db
    .select({ task: tasks, memberName: members.fullName })
    .from(tasks)
    .leftJoin(members, eq(tasks.memberId, members.id))
    .where(and(eq(tasks.meetingId, meeting.id), sql`${tasks.status} <> 'cancelled'`))
    .orderBy(asc(tasks.createdAt))
    .all()
    .map(({ task: t, memberName }) => ({ id: t.id, memberId: t.memberId, memberName, text: t.text, dueOn: t.dueOn, status: t.status, resultNote: t.resultNote, version: t.version }))

  const importedIds = new Set(speechRows.map((r) => r.speech.contributionId).filter(Boolean))
  const pendingContributions = acceptedContributions(db, meeting.id).filter((c) => !importedIds.has(c.id)).length

  const denominator = computeDenominator(attendanceList.map((a) => ({ memberId: a.memberId, status: a.memberStatus, attendance: a.status })))
  const count = (s: AttendanceStatus) => attendanceList.filter((a) => a.status === s && a.confirmed).length
  const summary = {
    total: attendanceList.length,
    /** Expected at the meeting: everyone but absent exempt, elsewhere and suspended members. */
    expected: attendanceList.filter((a) => ['present', 'excused', 'unexcused'].includes(a.status)).length,
    present: count('present'),
    excused: count('excused'),
    unexcused: count('unexcused'),
    unconfirmed: attendanceList.filter((a) => !a.confirmed).length,
    exempt: attendanceList.filter((a) => a.status === 'exempt').length,
    elsewhere: attendanceList.filter((a) => a.status === 'elsewhere').length,
    suspended: attendanceList.filter((a) => a.status === 'suspended').length,
    official: attendanceList.filter((a) => a.memberStatus === 'official').length,
    probationary: attendanceList.filter((a) => a.memberStatus === 'probationary').length,
    probationaryPresent: attendanceList.filter((a) => a.memberStatus === 'probationary' && a.status === 'present' && a.confirmed).length,
  }

  return {
    meeting: {
      id: meeting.id,
      title: meetingTitle(meeting),
      type: meeting.type,
      status: meeting.status,
      statusLabel: MEETING_STATUS_LABELS[meeting.status],
      cellId: meeting.cellId,
      cellName: meeting.cell.name,
      cellPath: meeting.cell.path,
      startsAt: meeting.startsAt,
      place: meeting.place,
      date,
      startedAt: meeting.startedAt,
      endedAt: meeting.endedAt,
      chairMemberId: meeting.chairMemberId,
      secretaryMemberId: meeting.secretaryMemberId,
      chairName: meeting.chairMemberId ? (nameById.get(meeting.chairMemberId) ?? memberName(db, meeting.chairMemberId)) : null,
      secretaryName: meeting.secretaryMemberId ? (nameById.get(meeting.secretaryMemberId) ?? memberName(db, meeting.secretaryMemberId)) : null,
      conclusion: meeting.conclusion,
      version: meeting.version,
    },
    access: {
      canRecord: recorder,
      editable: recorder && recordLockedReason(meeting.status) === null,
      canStart: recorder && (meeting.status === 'planned' || meeting.status === 'prepared'),
      lockedReason: recordLockedReason(meeting.status),
      isAppointedMinuteTaker: isAppointedMinuteTaker(actor, meeting),
    },
    settings: { allowAbstain: settings.allowAbstain },
    memberOptions: cellMemberOptions(db, meeting.cellId),
    attendance: attendanceList,
    summary,
    denominator,
    guests: guestList.map((g) => ({ id: g.id, name: g.name, title: g.title, unit: g.unit, isUpperRep: g.isUpperRep })),
    items,
    votes: voteList,
    tasks: taskList,
    pendingContributions,
  }
}
export type RecordView = ReturnType<typeof recordView>

function memberName(db: Executor, memberId: string): string | null {
  return db.select({ fullName: members.fullName }).from(members).where(eq(members.id, memberId)).get()?.fullName ?? null
}

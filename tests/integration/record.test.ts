// The meeting record against a real SQLite file: starting a meeting fills the attendance from the
// members' dated periods, the minute-taker records attendance, guests, speeches, conclusions, tasks and
// the quality score; two writers never overwrite each other; every change is in the audit log; nothing
// changes once the minutes are being signed; who may record; unexcused absences per calendar year;
// the CLI's JSON.
import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { agendaItems, auditLog, contributions, meetings, speeches } from '../../db/schema'
import { runMeetingCommand } from '~/cli/meeting'
import type { ActorContext } from '~/models/context'
import { AppError } from '~/models/context'
import { type Member, updateMember } from '~/models/members.server'
import { getOrganizationById, type Organization, updateOrganization } from '~/models/organizations.server'
import { createMeeting } from '~/models/planning.server'
import { confirmQuality, effectiveRubric, meetingRecord, saveQuality, unexcusedAlerts, unexcusedCounts } from '~/models/quality.server'
import {
  addGuest,
  addMeetingTask,
  addSpeech,
  cancelMeetingTask,
  confirmRemainingPresent,
  endMeeting,
  importAcceptedContributions,
  moveSpeech,
  recordView,
  recordVote,
  removeGuest,
  removeSpeech,
  setAttendance,
  setItemConclusion,
  setMeetingConclusion,
  startMeeting,
  updateGuest,
  updateMeetingTask,
  updateRecordHeader,
  updateSpeech,
} from '~/models/record.server'
import { docFromText } from '~/rich-text/from-text'
import { createTestDb } from '../db'
import { addPeriod, createMembers, createOrg, createUserWithGrants, rng, systemCtx } from '../factories'

type TestDb = ReturnType<typeof createTestDb>

let db: TestDb
let root: Organization
let cell: Organization
let list: Member[]
let secretary: ActorContext
let plainMember: ActorContext
let appointee: ActorContext
let outsider: ActorContext

beforeEach(async () => {
  db = createTestDb()
  root = createOrg(db, { name: 'Đảng bộ phường Ba Đình', kind: 'upper', placeName: 'Hà Nội' })
  cell = createOrg(db, { name: 'Chi bộ Khu phố 3', kind: 'cell_base', parentId: root.id })
  const other = createOrg(db, { name: 'Chi bộ Khu phố 5', kind: 'cell_base', parentId: root.id })
  const r = rng(42)
  list = createMembers(db, r, cell.id, 10, (i) => (i === 0 ? { position: 'secretary' } : i === 1 ? { position: 'deputy' } : {}))
  const others = createMembers(db, r, other.id, 3, (i) => (i === 0 ? { position: 'secretary' } : {}))
  const ip = '192.0.2.7'
  secretary = { actor: (await createUserWithGrants(db, { username: 'bithu', displayName: list[0].fullName, memberId: list[0].id, grants: [{ orgId: cell.id, role: 'secretary' }] })).actor, ip }
  plainMember = { actor: (await createUserWithGrants(db, { username: 'dangvien', displayName: list[5].fullName, memberId: list[5].id, grants: [{ orgId: cell.id, role: 'member' }] })).actor, ip }
  appointee = { actor: (await createUserWithGrants(db, { username: 'thuky', displayName: list[4].fullName, memberId: list[4].id, grants: [{ orgId: cell.id, role: 'member' }] })).actor, ip }
  outsider = { actor: (await createUserWithGrants(db, { username: 'bithu5', displayName: others[0].fullName, memberId: others[0].id, grants: [{ orgId: other.id, role: 'secretary' }] })).actor, ip }
})
afterEach(() => db.cleanup())

function expectAppError(fn: () => unknown, status: number, field?: string): AppError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).status).toBe(status)
    if (field) expect((error as AppError).field).toBe(field)
    return error as AppError
  }
  throw new Error(`expected an AppError ${status}, but the call succeeded`)
}

function newMeeting(date = '2026-11-10', type: 'extraordinary' | 'regular' | 'committee' = 'extraordinary') {
  return createMeeting(db, systemCtx, cell.id, { type, date, time: '14:00' })
}
function addItem(meetingId: string, title: string, position: number, section: 'opening' | 'content' | 'closing' = 'content') {
  return db.insert(agendaItems).values({ meetingId, title, position, section }).returning().get()
}
/** Started by the bí thư, chairing, with member 4 (user "thuky") as minute-taker. */
function started(date = '2026-11-10', startedAt = '2026-11-10T07:00:00Z') {
  const m = newMeeting(date)
  const item = addItem(m.id, 'Thảo luận', 10)
  startMeeting(db, secretary, m.id, { chairMemberId: list[0].id, secretaryMemberId: list[4].id, startedAt })
  return { id: m.id, item }
}
const row = (meetingId: string, memberId: string) => recordView(db, systemCtx.actor, meetingId).attendance.find((a) => a.memberId === memberId)!
const doc = (text: string) => docFromText(text)

describe('starting a meeting', () => {
  test('every member of the cell on the day is listed; exempt, elsewhere and suspended members are pre-filled from their records', () => {
    addPeriod(db, list[6].id, 'exempt', '2024-01-01', null, 'Tuổi cao, sức khỏe yếu')
    addPeriod(db, list[7].id, 'elsewhere', '2026-09-01', '2027-02-28', 'Sinh hoạt tạm thời tại Chi bộ Văn phòng Công ty')
    addPeriod(db, list[8].id, 'exempt', '2025-01-01', '2025-12-31', 'Đã hết thời hạn miễn')
    updateMember(db, systemCtx, list[9].id, { ...list[9], suspended: true, suspendedNote: 'Đình chỉ để xem xét kỷ luật', version: list[9].version })
    const late = createMembers(db, rng(3), cell.id, 1, () => ({ status: 'probationary', joinedOn: '2026-11-20', officialOn: null, cardNumber: null }))[0]
    const young = createMembers(db, rng(4), cell.id, 1, () => ({ status: 'official', joinedOn: '2025-12-01', officialOn: '2026-12-01' }))[0]
    const { id } = started()

    const view = recordView(db, systemCtx.actor, id)
    expect(view.meeting.status).toBe('in_progress')
    expect(view.meeting).toMatchObject({ chairName: list[0].fullName, secretaryName: list[4].fullName, startedAt: '2026-11-10T07:00:00.000Z' })
    const by = new Map(view.attendance.map((a) => [a.memberId, a]))
    expect(by.has(late.id)).toBe(false) // joined after the meeting
    expect(by.get(young.id)?.memberStatus).toBe('probationary') // official only from 01/12/2026
    expect(by.get(list[6].id)).toMatchObject({ status: 'exempt', standing: 'exempt', reason: 'Tuổi cao, sức khỏe yếu', confirmed: true })
    expect(by.get(list[7].id)).toMatchObject({ status: 'elsewhere', standing: 'elsewhere', confirmed: true })
    expect(by.get(list[9].id)).toMatchObject({ status: 'suspended', confirmed: true })
    // Nobody else is taken as present: not confirmed until the minute-taker marks them.
    expect(by.get(list[8].id)).toMatchObject({ status: 'present', standing: 'active', confirmed: false })
    expect(by.get(list[2].id)?.confirmed).toBe(false)
    // The chair and the minute-taker are there.
    expect(by.get(list[0].id)).toMatchObject({ status: 'present', confirmed: true })
    expect(by.get(list[4].id)).toMatchObject({ status: 'present', confirmed: true })
    expect(view.summary).toMatchObject({ total: 11, expected: 8, present: 2, unconfirmed: 6, exempt: 1, elsewhere: 1, suspended: 1 })
  })

  test('chair and minute-taker must be two members of the cell; a started meeting cannot start again', () => {
    const m = newMeeting()
    expectAppError(() => startMeeting(db, secretary, m.id, { chairMemberId: list[0].id, secretaryMemberId: list[0].id, startedAt: '2026-11-10T07:00:00Z' }), 422, 'secretaryMemberId')
    startMeeting(db, secretary, m.id, { chairMemberId: list[0].id, secretaryMemberId: list[1].id, startedAt: '2026-11-10T07:00:00Z' })
    expectAppError(() => startMeeting(db, secretary, m.id, { chairMemberId: list[0].id, secretaryMemberId: list[1].id, startedAt: '2026-11-10T07:00:00Z' }), 422)
  })

  test('a meeting without an agenda gets the skeleton of its type, so speeches have somewhere to go', () => {
    const m = newMeeting('2026-11-05', 'regular')
    const result = startMeeting(db, secretary, m.id, { chairMemberId: list[0].id, secretaryMemberId: list[1].id, startedAt: '2026-11-05T07:00:00Z' })
    expect(result.agendaFromTemplate).toBeGreaterThan(5)
    const items = recordView(db, systemCtx.actor, m.id).items
    expect(items.map((i) => i.title)).toContain('Phương hướng, nhiệm vụ tháng tới')
  })
})

describe('attendance', () => {
  test('absent with a reason needs the reason; the reason is kept; present clears it', () => {
    const { id } = started()
    const m = list[2]
    const error = expectAppError(() => setAttendance(db, secretary, id, m.id, { status: 'excused', reason: '  ', version: row(id, m.id).version }), 422, 'reason')
    expect(error.message).toBe(`Vắng có lý do: hãy ghi lý do vắng của đ/c ${m.fullName}.`)
    setAttendance(db, secretary, id, m.id, { status: 'excused', reason: 'Ốm, có đơn xin phép', version: row(id, m.id).version })
    expect(row(id, m.id)).toMatchObject({ status: 'excused', reason: 'Ốm, có đơn xin phép', confirmed: true })
    setAttendance(db, secretary, id, m.id, { status: 'present', reason: 'x', version: row(id, m.id).version })
    expect(row(id, m.id)).toMatchObject({ status: 'present', reason: null, confirmed: true })
    setAttendance(db, secretary, id, list[3].id, { status: 'unexcused', version: row(id, list[3].id).version })
    expect(row(id, list[3].id)).toMatchObject({ status: 'unexcused', confirmed: true })
  })

  test('an exempt member who attends is present; a regular member cannot be marked exempt', () => {
    addPeriod(db, list[6].id, 'exempt', '2024-01-01', null, 'Tuổi cao')
    const { id } = started()
    setAttendance(db, secretary, id, list[6].id, { status: 'present', version: row(id, list[6].id).version })
    expect(row(id, list[6].id)).toMatchObject({ status: 'present', standing: 'exempt', confirmed: true })
    expectAppError(() => setAttendance(db, secretary, id, list[2].id, { status: 'exempt', version: row(id, list[2].id).version }), 422, 'status')
  })

  test('two people marking the same member: the second, with the old version, gets a conflict', () => {
    const { id } = started()
    const seen = row(id, list[2].id).version
    setAttendance(db, secretary, id, list[2].id, { status: 'present', version: seen })
    const error = expectAppError(() => setAttendance(db, appointee, id, list[2].id, { status: 'unexcused', version: seen }), 409)
    expect(error.message).toContain('Đồng chí khác vừa sửa mục này')
    expect(row(id, list[2].id).status).toBe('present')
  })

  test('the meeting cannot end while some members are not marked; "the rest are present" marks them', () => {
    const { id } = started()
    const refused = expectAppError(() => endMeeting(db, secretary, id, { endedAt: '2026-11-10T09:00:00Z' }), 422)
    expect(refused.message).toMatch(/^Còn 8 đồng chí chưa điểm danh/)
    setAttendance(db, secretary, id, list[2].id, { status: 'unexcused', version: row(id, list[2].id).version })
    expect(confirmRemainingPresent(db, secretary, id)).toBe(7)
    expectAppError(() => endMeeting(db, secretary, id, { endedAt: '2026-11-10T06:00:00Z' }), 422, 'endedAt')
    endMeeting(db, secretary, id, { endedAt: '2026-11-10T09:00:00Z' })
    const view = recordView(db, systemCtx.actor, id)
    expect(view.meeting).toMatchObject({ status: 'minutes_draft', endedAt: '2026-11-10T09:00:00.000Z' })
    expect(view.summary).toMatchObject({ present: 9, unexcused: 1, unconfirmed: 0 })
    // The record can still be completed while the minutes are drafted.
    setAttendance(db, secretary, id, list[2].id, { status: 'excused', reason: 'Đã báo ốm trước buổi họp', version: row(id, list[2].id).version })
  })
})

describe('guests, speeches and conclusions', () => {
  test('guests are added, corrected and removed; a guest who spoke cannot be removed', () => {
    const { id, item } = started()
    const rep = addGuest(db, secretary, id, { name: 'Trần Quốc Toản', title: 'Đảng ủy viên', unit: 'Đảng ủy phường Ba Đình', isUpperRep: true })
    const other = addGuest(db, secretary, id, { name: 'Nguyễn Thị Lan', title: 'Trưởng khu phố', unit: 'Khu phố 3' })
    expectAppError(() => addGuest(db, secretary, id, { name: ' ' }), 422, 'name')
    const expected = { name: other.name, title: other.title, unit: other.unit, isUpperRep: false }
    updateGuest(db, secretary, id, other.id, { ...expected, title: 'Trưởng ban công tác mặt trận', expected })
    // Someone else's form still shows the old values: conflict.
    expectAppError(() => updateGuest(db, appointee, id, other.id, { ...expected, unit: 'Tổ dân phố 12', expected }), 409)
    addSpeech(db, secretary, id, { agendaItemId: item.id, speaker: { kind: 'guest', id: rep.id }, gist: doc('Ghi nhận kết quả của chi bộ.') })
    expectAppError(() => removeGuest(db, secretary, id, rep.id), 422)
    removeGuest(db, secretary, id, other.id)
    expect(recordView(db, systemCtx.actor, id).guests.map((g) => g.name)).toEqual(['Trần Quốc Toản'])
  })

  test('speeches in order, moved and removed; the speaker must be on the list or a guest', () => {
    const { id, item } = started()
    const a = addSpeech(db, secretary, id, { agendaItemId: item.id, speaker: { kind: 'member', id: list[2].id }, gist: doc('Đề nghị tăng cường vệ sinh môi trường.') })
    const b = addSpeech(db, secretary, id, { agendaItemId: item.id, speaker: { kind: 'member', id: list[3].id }, gist: doc('Nhất trí với dự thảo nghị quyết.') })
    expect(moveSpeech(db, secretary, id, b.id, 'up')).toBe(true)
    expect(moveSpeech(db, secretary, id, b.id, 'up')).toBe(false)
    let speechesNow = recordView(db, systemCtx.actor, id).items[0].speeches
    expect(speechesNow.map((s) => s.id)).toEqual([b.id, a.id])
    expect(speechesNow[0]).toMatchObject({ speakerName: `Đ/c ${list[3].fullName}`, speaker: `m:${list[3].id}` })
    expectAppError(() => addSpeech(db, secretary, id, { agendaItemId: item.id, speaker: { kind: 'member', id: 'not-a-member' } }), 422, 'speaker')
    expectAppError(() => addSpeech(db, secretary, id, { agendaItemId: item.id, speaker: null }), 422, 'speaker')
    removeSpeech(db, secretary, id, a.id, { version: a.version })
    speechesNow = recordView(db, systemCtx.actor, id).items[0].speeches
    expect(speechesNow.map((s) => s.id)).toEqual([b.id])
  })

  test('two writers editing the same speech: the second save is refused with 409 and nothing is overwritten', () => {
    const { id, item } = started()
    const s = addSpeech(db, secretary, id, { agendaItemId: item.id, speaker: { kind: 'member', id: list[2].id }, gist: doc('Bản đầu.') })
    updateSpeech(db, secretary, id, s.id, { speaker: { kind: 'member', id: list[2].id }, gist: doc('Bản của bí thư.'), version: s.version })
    const error = expectAppError(
      () => updateSpeech(db, appointee, id, s.id, { speaker: { kind: 'member', id: list[2].id }, gist: doc('Bản của thư ký.'), version: s.version }),
      409,
    )
    expect(error.message).toBe(
      'Đồng chí khác vừa sửa mục này trong lúc đồng chí đang nhập. Nội dung đồng chí nhập vẫn được giữ; hãy so sánh với bản đang lưu rồi chọn bản đúng.',
    )
    const stored = db.select().from(speeches).where(eq(speeches.id, s.id)).get()!
    expect(stored.gist).toEqual(doc('Bản của bí thư.'))
    expect(stored.version).toBe(s.version + 1)
  })

  test('conclusions: a bumped version from another field is not a conflict, a changed conclusion is', () => {
    const { id, item } = started()
    const m = db.select().from(meetings).where(eq(meetings.id, id)).get()!
    const first = setMeetingConclusion(db, secretary, id, { conclusion: doc('Chi bộ thống nhất các nhiệm vụ tháng 12.'), version: m.version, base: null })
    // Someone corrects the start time (meeting version bumps) …
    updateRecordHeader(db, secretary, id, { chairMemberId: list[0].id, secretaryMemberId: list[4].id, startedAt: '2026-11-10T07:05:00Z', version: first.version })
    // … the conclusion editor, still on the old version but with the conclusion it started from, saves fine.
    setMeetingConclusion(db, appointee, id, { conclusion: doc('Chi bộ thống nhất các nhiệm vụ tháng 12 năm 2026.'), version: first.version, base: first.conclusion })
    // A writer who started from an older conclusion is refused.
    expectAppError(() => setMeetingConclusion(db, secretary, id, { conclusion: doc('Khác.'), version: first.version, base: first.conclusion }), 409)

    const c = setItemConclusion(db, secretary, id, item.id, { conclusion: doc('Đồng ý triển khai.'), version: item.version })
    expectAppError(() => setItemConclusion(db, appointee, id, item.id, { conclusion: doc('Khác.'), version: item.version, base: null }), 409)
    expect(recordView(db, systemCtx.actor, id).items[0].conclusion).toEqual(c.conclusion)
  })

  test('accepted contributions become their authors’ speeches, once', () => {
    const m = newMeeting()
    const item = addItem(m.id, 'Thảo luận chuyên đề', 10)
    const insert = (memberId: string, status: 'accepted' | 'submitted', title: string) =>
      db.insert(contributions).values({ meetingId: m.id, agendaItemId: item.id, memberId, title, status, body: doc(`Nội dung: ${title}`) }).returning().get()
    insert(list[2].id, 'accepted', 'Liên hệ trách nhiệm nêu gương')
    insert(list[3].id, 'submitted', 'Chưa được duyệt')
    const result = startMeeting(db, secretary, m.id, { chairMemberId: list[0].id, secretaryMemberId: list[1].id, startedAt: '2026-11-10T07:00:00Z' })
    expect(result.importedContributions).toBe(1)
    const later = insert(list[5].id, 'accepted', 'Xây dựng khu phố văn minh')
    expect(recordView(db, systemCtx.actor, m.id).pendingContributions).toBe(1)
    expect(importAcceptedContributions(db, secretary, m.id)).toBe(1)
    expect(importAcceptedContributions(db, secretary, m.id)).toBe(0)
    const view = recordView(db, systemCtx.actor, m.id)
    expect(view.pendingContributions).toBe(0)
    expect(view.items[0].speeches.map((s) => [s.speakerName, s.contribution?.title])).toEqual([
      [`Đ/c ${list[2].fullName}`, 'Liên hệ trách nhiệm nêu gương'],
      [`Đ/c ${list[5].fullName}`, 'Xây dựng khu phố văn minh'],
    ])
    expect(db.select().from(speeches).where(eq(speeches.contributionId, later.id)).all()).toHaveLength(1)
  })
})

describe('who may record', () => {
  test('a plain member who is not the minute-taker gets 403; the appointed minute-taker records; another cell sees nothing', () => {
    const { id, item } = started()
    const forbidden = expectAppError(() => setAttendance(db, plainMember, id, list[2].id, { status: 'present', version: row(id, list[2].id).version }), 403)
    expect(forbidden.message).toContain('đồng chí được cử làm thư ký')
    expectAppError(() => recordView(db, plainMember.actor, id), 403)
    expectAppError(() => setAttendance(db, outsider, id, list[2].id, { status: 'present', version: 1 }), 404)

    setAttendance(db, appointee, id, list[2].id, { status: 'present', version: row(id, list[2].id).version })
    addSpeech(db, appointee, id, { agendaItemId: item.id, speaker: { kind: 'member', id: list[2].id }, gist: doc('Ý kiến.') })
    const task = addMeetingTask(db, appointee, id, { memberId: list[2].id, text: 'Vận động hộ gia đình phân loại rác tại nguồn', dueOn: '2026-12-31' })
    updateMeetingTask(db, appointee, id, task.id, { memberId: list[3].id, text: task.text, dueOn: '2026-12-20', version: task.version })
    expect(recordView(db, appointee.actor, id).access).toMatchObject({ canRecord: true, editable: true, isAppointedMinuteTaker: true })
    expect(recordView(db, appointee.actor, id).tasks).toMatchObject([{ memberId: list[3].id, dueOn: '2026-12-20', text: 'Vận động hộ gia đình phân loại rác tại nguồn' }])
  })

  test('tasks assigned at the meeting are created, corrected and cancelled through tasks.server', () => {
    const { id } = started()
    const t = addMeetingTask(db, secretary, id, { memberId: null, text: 'Chuẩn bị sinh hoạt chuyên đề quý IV', dueOn: null })
    const cancelled = cancelMeetingTask(db, secretary, id, t.id, { version: t.version })
    expect(cancelled.status).toBe('cancelled')
    expect(recordView(db, systemCtx.actor, id).tasks).toEqual([])
  })
})

describe('locking and the audit trail', () => {
  test('once the minutes are being signed nothing changes', () => {
    const { id, item } = started()
    db.update(meetings).set({ status: 'signing' }).where(eq(meetings.id, id)).run()
    const message = 'Biên bản đang chờ ký/đã ký: không sửa được. Hãy rút lại để sửa hoặc lập bản đính chính.'
    expect(expectAppError(() => setAttendance(db, secretary, id, list[2].id, { status: 'present', version: row(id, list[2].id).version }), 422).message).toBe(message)
    expect(expectAppError(() => addSpeech(db, secretary, id, { agendaItemId: item.id, speaker: { kind: 'member', id: list[2].id } }), 422).message).toBe(message)
    expect(expectAppError(() => recordVote(db, secretary, id, { subject: 'X', kind: 'ordinary', method: 'hands', for: 1, against: 0 }), 422).message).toBe(message)
    expect(expectAppError(() => addGuest(db, secretary, id, { name: 'A' }), 422).message).toBe(message)
    expect(expectAppError(() => saveQuality(db, secretary, id, { scores: {}, version: 0 }), 422).message).toBe(message)
    expect(expectAppError(() => endMeeting(db, secretary, id, { endedAt: '2026-11-10T09:00:00Z' }), 422).message).toBe(message)
    expect(recordView(db, secretary.actor, id).access).toMatchObject({ editable: false, lockedReason: message })
  })

  test('every change writes an audit row with who, what and from where, in the same transaction', () => {
    const m = newMeeting()
    const item = addItem(m.id, 'Thảo luận', 10)
    const entries = () => db.select().from(auditLog).where(and(eq(auditLog.entityType, 'meeting'), eq(auditLog.entityId, m.id))).all()
    const before = entries().length
    const steps: [string, () => unknown][] = [
      ['record.start', () => startMeeting(db, secretary, m.id, { chairMemberId: list[0].id, secretaryMemberId: list[4].id, startedAt: '2026-11-10T07:00:00Z' })],
      ['record.attendance', () => setAttendance(db, secretary, m.id, list[2].id, { status: 'excused', reason: 'Ốm', version: row(m.id, list[2].id).version })],
      ['record.attendance_rest', () => confirmRemainingPresent(db, secretary, m.id)],
      ['record.guest.add', () => addGuest(db, secretary, m.id, { name: 'Trần Quốc Toản', isUpperRep: true })],
      ['record.speech.add', () => addSpeech(db, secretary, m.id, { agendaItemId: item.id, speaker: { kind: 'member', id: list[3].id }, gist: doc('Nhất trí.') })],
      ['record.item_conclusion', () => setItemConclusion(db, secretary, m.id, item.id, { conclusion: doc('Thống nhất.'), version: item.version })],
      ['record.vote.add', () => recordVote(db, secretary, m.id, { subject: 'Thông qua nghị quyết', kind: 'ordinary', method: 'hands', for: 8, against: 1 })],
      ['record.quality', () => saveQuality(db, secretary, m.id, { scores: { preparation: 14, attendance: 18, conduct: 40, closing: 18 }, version: 0 })],
      ['record.end', () => endMeeting(db, secretary, m.id, { endedAt: '2026-11-10T09:00:00Z' })],
    ]
    for (const [, run] of steps) run()
    const added = entries().slice(before)
    expect(added.map((e) => e.action)).toEqual(steps.map(([action]) => action))
    for (const e of added) {
      expect(e).toMatchObject({ userId: secretary.actor.userId, username: 'bithu', ip: '192.0.2.7', orgPath: cell.path })
      expect(e.summary).toContain('Sinh hoạt bất thường')
    }
    expect(added[1].summary).toContain(`điểm danh đ/c ${list[2].fullName}: Vắng có lý do (Ốm)`)
    expect(added[6].summary).toContain('8/10 đồng chí tán thành, đạt 80%') // the excused absentee stays in the denominator
  })
})

describe('quality of the meeting', () => {
  test('the rubric is inherited from the upper body; scores give a total and a level; the upper-level representative confirms', () => {
    const upperRubric = {
      criteria: [
        { key: 'prep', label: 'Chuẩn bị', maxPoints: 20 },
        { key: 'run', label: 'Tiến hành', maxPoints: 60 },
        { key: 'close', label: 'Kết thúc', maxPoints: 20 },
      ],
      thresholds: { good: 85, fair: 65, average: 50 },
    }
    const fresh = getOrganizationById(db, root.id)!
    updateOrganization(db, systemCtx, root.id, { name: fresh.name, placeName: fresh.placeName, settings: { ...fresh.settings, rubric: upperRubric }, version: fresh.version })
    expect(effectiveRubric(db, cell)).toEqual(upperRubric)

    const { id } = started()
    const rep = addGuest(db, secretary, id, { name: 'Trần Quốc Toản', title: 'Đảng ủy viên', unit: 'Đảng ủy phường', isUpperRep: true })
    const guest = addGuest(db, secretary, id, { name: 'Nguyễn Thị Lan', title: 'Trưởng khu phố' })
    expectAppError(() => confirmQuality(db, secretary, id, { guestId: rep.id, version: 0 }), 422)
    expectAppError(() => saveQuality(db, secretary, id, { scores: { prep: 18, run: 50 }, version: 0 }), 422, 'scores')
    expectAppError(() => saveQuality(db, secretary, id, { scores: { prep: 25, run: 50, close: 15 }, version: 0 }), 422, 'scores')
    const q = saveQuality(db, secretary, id, { scores: { prep: 18, run: 52.5, close: 16 }, version: 0 })
    expect(q).toMatchObject({ total: 86.5, level: 'good' })
    expectAppError(() => saveQuality(db, appointee, id, { scores: { prep: 10, run: 30, close: 10 }, version: 0 }), 409)
    expectAppError(() => confirmQuality(db, secretary, id, { guestId: guest.id, version: q.version }), 422, 'guestId')
    const confirmed = confirmQuality(db, secretary, id, { guestId: rep.id, version: q.version })
    let view = meetingRecord(db, secretary.actor, id).quality
    expect(view).toMatchObject({ total: 86.5, level: 'good', levelLabel: 'Tốt', confirmedBy: { name: 'Trần Quốc Toản' } })
    expect(view.confirmedAt).toBeTruthy()

    // The cell's own thresholds would win from now on, but the scored meeting keeps its snapshot.
    const c = getOrganizationById(db, cell.id)!
    updateOrganization(db, systemCtx, cell.id, { name: c.name, settings: { rubric: { ...upperRubric, thresholds: { good: 95, fair: 80, average: 60 } } }, version: c.version })
    expect(effectiveRubric(db, cell).thresholds.good).toBe(95)
    // Changing the scores drops the confirmation.
    saveQuality(db, secretary, id, { scores: { prep: 18, run: 45, close: 16 }, version: confirmed.version })
    view = meetingRecord(db, secretary.actor, id).quality
    expect(view).toMatchObject({ total: 79, level: 'fair', confirmedBy: null, confirmedAt: null })
    expect(view.rubric).toEqual(upperRubric)
  })
})

describe('unexcused absences per member and calendar year', () => {
  test('counted by the Hà Nội date of the meeting, across the year boundary; committee meetings do not count', () => {
    const absent = list[2]
    const meet = (date: string, startedAt: string, type: 'extraordinary' | 'committee' = 'extraordinary') => {
      const m = createMeeting(db, systemCtx, cell.id, { type, date, time: '14:00' })
      startMeeting(db, systemCtx, m.id, { chairMemberId: list[0].id, secretaryMemberId: list[1].id, startedAt })
      setAttendance(db, systemCtx, m.id, absent.id, { status: 'unexcused', version: row(m.id, absent.id).version })
      return m.id
    }
    meet('2026-03-10', '2026-03-10T07:00:00Z')
    meet('2026-12-31', '2026-12-31T10:00:00Z') // 17:00 on 31/12 in Hà Nội: 2026
    meet('2026-12-31', '2026-12-31T17:30:00Z') // 00:30 on 01/01/2027 in Hà Nội: 2027
    meet('2026-06-10', '2026-06-10T07:00:00Z', 'committee')

    expect(unexcusedCounts(db, cell.id, 2026).get(absent.id)).toBe(2)
    expect(unexcusedCounts(db, cell.id, 2027).get(absent.id)).toBe(1)
    expect(unexcusedCounts(db, cell.id, 2025).size).toBe(0)
    expect(unexcusedAlerts(db, cell.id, 2026)).toEqual([
      { memberId: absent.id, fullName: absent.fullName, count: 2, flag: 'warning', label: 'Vắng không lý do 2 lần trong năm — cần nhắc nhở' },
    ])
  })
})

describe('the CLI', () => {
  test('`meeting --id ID --json` prints the whole record with plain text for rich text', () => {
    const { id, item } = started()
    setAttendance(db, secretary, id, list[2].id, { status: 'excused', reason: 'Đi công tác', version: row(id, list[2].id).version })
    confirmRemainingPresent(db, secretary, id)
    const rep = addGuest(db, secretary, id, { name: 'Trần Quốc Toản', title: 'Đảng ủy viên', unit: 'Đảng ủy phường', isUpperRep: true })
    addSpeech(db, secretary, id, { agendaItemId: item.id, speaker: { kind: 'guest', id: rep.id }, gist: doc('Biểu dương chi bộ.\nĐề nghị giữ vững nề nếp.') })
    setItemConclusion(db, secretary, id, item.id, { conclusion: doc('Thống nhất triển khai.'), version: item.version })
    recordVote(db, secretary, id, { subject: 'Thông qua nghị quyết tháng 11', kind: 'ordinary', method: 'hands', for: 9, against: 0 })
    addMeetingTask(db, secretary, id, { memberId: list[3].id, text: 'Rà soát danh sách hộ nghèo', dueOn: '2026-12-15' })
    saveQuality(db, secretary, id, { scores: { preparation: 14, attendance: 18, conduct: 42, closing: 18 }, version: 0 })

    let printed = ''
    const out = runMeetingCommand(db, { id, json: true }, (t) => (printed = t))
    expect(JSON.parse(printed)).toEqual(JSON.parse(JSON.stringify(out)))
    expect(out.meeting).toMatchObject({ id, status: 'in_progress', chair: list[0].fullName, secretary: list[4].fullName, startedAt: '2026-11-10T14:00:00+07:00' })
    expect(out.attendance).toHaveLength(10)
    expect(out.attendance.find((a) => a.memberId === list[2].id)).toEqual({
      memberId: list[2].id,
      name: list[2].fullName,
      memberStatus: 'official',
      attendance: 'excused',
      reason: 'Đi công tác',
      confirmed: true,
    })
    expect(out.guests).toEqual([{ name: 'Trần Quốc Toản', title: 'Đảng ủy viên', unit: 'Đảng ủy phường', isUpperRep: true }])
    expect(out.items[0]).toEqual({
      title: 'Thảo luận',
      section: 'content',
      speeches: [{ speaker: 'Trần Quốc Toản', text: 'Biểu dương chi bộ.\nĐề nghị giữ vững nề nếp.' }],
      conclusion: 'Thống nhất triển khai.',
    })
    expect(out.votes[0]).toMatchObject({ subject: 'Thông qua nghị quyết tháng 11', kind: 'ordinary', for: 9, against: 0, abstain: null, denominator: 10, passed: true })
    expect(out.tasks).toEqual([{ member: list[3].fullName, memberId: list[3].id, text: 'Rà soát danh sách hộ nghèo', dueOn: '2026-12-15', status: 'open' }])
    expect(out.quality).toMatchObject({ score: 92, level: 'good', levelLabel: 'Tốt', confirmedBy: null })

    const lines: string[] = []
    runMeetingCommand(db, { id, json: false }, (t) => lines.push(t))
    expect(lines.join('\n')).toContain('Thông qua nghị quyết tháng 11 [Quá nửa (biểu quyết thông thường); Giơ tay]: 9/10 đồng chí tán thành, đạt 90% — được thông qua')
    expectAppError(() => runMeetingCommand(db, { id: 'khong-co', json: true }, () => undefined), 404)
    expectAppError(() => runMeetingCommand(db, { id: undefined, json: true }, () => undefined), 400)
  })
})

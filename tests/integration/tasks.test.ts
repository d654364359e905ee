// Tasks: what the next meeting reviews, who may assign and update them, a member reporting on their
// own task, and cells that never see each other's tasks.
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Role } from '~/domain/constants'
import type { Actor } from '~/domain/permissions'
import type { ActorContext } from '~/models/context'
import { createDocument } from '~/models/documents.server'
import { endMembership } from '~/models/members.server'
import { createTask, documentTasks, getTask, listCellTasks, markReviewed, myTasks, tasksForReview, updateTask } from '~/models/tasks.server'
import { auditLog, meetings, tasks } from '../../db/schema'
import { expectStatus } from '../assertions'
import { createTestDb } from '../db'
import { createMembers, createOrg, rng, systemCtx } from '../factories'

type TestDb = ReturnType<typeof createTestDb>
type Org = ReturnType<typeof createOrg>
type Member = ReturnType<typeof createMembers>[number]

function actorOn(name: string, org: Org, role: Role, memberId: string | null = null): Actor {
  return { userId: `user-${name}`, username: name, displayName: name, memberId, isSystemAdmin: false, grants: [{ orgId: org.id, orgPath: org.path, role }] }
}
const ctxOf = (actor: Actor): ActorContext => ({ actor, ip: null })

let db: TestDb
let upper: Org
let kp3: Org
let kp5: Org
let kp3Members: Member[]
let kp5Members: Member[]
let people: Record<'secretary' | 'committee' | 'hoa' | 'lan' | 'kp5Member' | 'kp5Secretary' | 'inspector', Actor>

function meeting(cell: Org, month: number) {
  return db
    .insert(meetings)
    .values({ cellId: cell.id, type: 'regular', periodYear: 2026, periodMonth: month, startsAt: new Date(Date.UTC(2026, month - 1, 5, 7)).toISOString(), status: 'signed' })
    .returning()
    .get()
}

beforeEach(() => {
  db = createTestDb()
  upper = createOrg(db, { name: 'Đảng bộ phường Ba Đình', kind: 'upper' })
  kp3 = createOrg(db, { name: 'Chi bộ Khu phố 3', kind: 'cell_base', parentId: upper.id })
  kp5 = createOrg(db, { name: 'Chi bộ Khu phố 5', kind: 'cell_base', parentId: upper.id })
  kp3Members = createMembers(db, rng(7), kp3.id, 5)
  kp5Members = createMembers(db, rng(8), kp5.id, 3)
  people = {
    secretary: actorOn('bithu', kp3, 'secretary', kp3Members[0].id),
    committee: actorOn('chiuy', kp3, 'committee', kp3Members[1].id),
    hoa: actorOn('dangvien', kp3, 'member', kp3Members[2].id),
    lan: actorOn('dangvien2', kp3, 'member', kp3Members[3].id),
    kp5Member: actorOn('dangvienkp5', kp5, 'member', kp5Members[1].id),
    kp5Secretary: actorOn('bithukp5', kp5, 'secretary', kp5Members[0].id),
    inspector: actorOn('kiemtra', upper, 'inspector'),
  }
})
afterEach(() => db.cleanup())

describe('tasksForReview: what the next meeting’s review item lists', () => {
  test('open tasks from before the meeting, finished ones not yet reviewed, nothing reviewed already', () => {
    const jan = meeting(kp3, 1)
    const feb = meeting(kp3, 2)
    const mar = meeting(kp3, 3)
    const ctx = ctxOf(people.secretary)
    const hoaId = kp3Members[2].id
    const open = createTask(db, ctx, { cellId: kp3.id, meetingId: jan.id, memberId: hoaId, text: 'Vận động hộ gia đình phân loại rác tại nguồn', dueOn: '2026-01-31' })
    const doneReviewedInFeb = createTask(db, ctx, { cellId: kp3.id, meetingId: jan.id, text: 'Hoàn thành thu đảng phí quý I' })
    const doneNotReviewed = createTask(db, ctx, { cellId: kp3.id, meetingId: jan.id, memberId: kp3Members[3].id, text: 'Thăm hỏi gia đình chính sách dịp Tết' })
    const fromFeb = createTask(db, ctx, { cellId: kp3.id, meetingId: feb.id, text: 'Chuẩn bị đại hội chi bộ' })
    const cancelled = createTask(db, ctx, { cellId: kp3.id, meetingId: jan.id, text: 'Nhiệm vụ đã hủy' })
    const kp5Task = createTask(db, ctxOf(people.kp5Secretary), { cellId: kp5.id, text: 'Nhiệm vụ của Khu phố 5' })
    // A task without a meeting counts from when it was created.
    const adHoc = createTask(db, ctx, { cellId: kp3.id, text: 'Rà soát danh sách đảng viên miễn sinh hoạt' })
    db.update(tasks).set({ createdAt: '2026-02-20T03:00:00.000Z' }).where(eq(tasks.id, adHoc.id)).run()

    const finish = (t: typeof open, note: string) => updateTask(db, ctx, t.id, { status: 'done', resultNote: note, version: t.version })
    const d1 = finish(doneReviewedInFeb, 'Đã thu đủ 100%')
    finish(doneNotReviewed, 'Đã thăm 12 gia đình')
    updateTask(db, ctx, cancelled.id, { status: 'cancelled', resultNote: null, version: cancelled.version })
    expect(markReviewed(db, ctx, [d1.id, open.id], feb.id)).toBe(2)

    const atFeb = tasksForReview(db, kp3.id, feb.startsAt)
    expect(atFeb.map((t) => t.id)).toEqual([open.id, doneReviewedInFeb.id, doneNotReviewed.id])
    expect(atFeb[0]).toEqual({
      id: open.id,
      text: 'Vận động hộ gia đình phân loại rác tại nguồn',
      memberId: hoaId,
      memberName: kp3Members[2].fullName,
      dueOn: '2026-01-31',
      status: 'open',
      resultNote: null,
      fromMeetingTitle: 'Sinh hoạt chi bộ thường kỳ tháng 01 năm 2026',
    })
    expect(atFeb[1]).toMatchObject({ memberName: null, status: 'done', resultNote: 'Đã thu đủ 100%' })

    // In March: the task reviewed in February and still open comes back; the finished one reviewed
    // in February does not; February's task and the ad-hoc one appear; the cancelled one never does.
    const atMar = tasksForReview(db, kp3.id, mar.startsAt)
    expect(atMar.map((t) => t.id)).toEqual([open.id, doneNotReviewed.id, fromFeb.id, adHoc.id])
    expect(atMar.some((t) => t.id === kp5Task.id || t.id === cancelled.id)).toBe(false)
    // The same instant written with the Hà Nội offset gives the same answer.
    expect(tasksForReview(db, kp3.id, '2026-03-05T14:00:00+07:00').map((t) => t.id)).toEqual(atMar.map((t) => t.id))
    // Before January's meeting nothing had been assigned yet.
    expect(tasksForReview(db, kp3.id, jan.startsAt)).toEqual([])
  })

  test('markReviewed: the cell’s recorders only, the meeting’s own tasks only', () => {
    const feb = meeting(kp3, 2)
    const task = createTask(db, ctxOf(people.committee), { cellId: kp3.id, text: 'Viết bài tuyên truyền' })
    const kp5Task = createTask(db, ctxOf(people.kp5Secretary), { cellId: kp5.id, text: 'Nhiệm vụ khác' })
    expectStatus(403, () => markReviewed(db, ctxOf(people.hoa), [task.id], feb.id))
    expectStatus(404, () => markReviewed(db, ctxOf(people.kp5Secretary), [task.id], feb.id))
    expectStatus(404, () => markReviewed(db, ctxOf(people.secretary), [task.id, kp5Task.id], feb.id))
    expect(getTask(db, people.secretary, task.id).reviewedMeeting).toBeNull()
    expect(markReviewed(db, ctxOf(people.committee), [task.id], feb.id)).toBe(1)
    expect(getTask(db, people.secretary, task.id).reviewedMeeting?.title).toBe('Sinh hoạt chi bộ thường kỳ tháng 02 năm 2026')
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'task.review')).all()).toHaveLength(1)
  })
})

describe('assigning and updating', () => {
  test('the committee assigns; members do not; the member and the document must belong to the cell', () => {
    const input = { cellId: kp3.id, memberId: kp3Members[2].id, text: 'Tham gia tổng vệ sinh khu phố', dueOn: '2026-12-15' }
    expectStatus(403, () => createTask(db, ctxOf(people.hoa), input))
    expectStatus(404, () => createTask(db, ctxOf(people.kp5Secretary), input))
    expectStatus(403, () => createTask(db, ctxOf(people.inspector), input))
    expect(expectStatus(422, () => createTask(db, ctxOf(people.secretary), { ...input, memberId: kp5Members[0].id })).field).toBe('memberId')
    expect(expectStatus(422, () => createTask(db, ctxOf(people.secretary), { ...input, text: '   ' })).field).toBe('text')
    const leaver = kp3Members[4]
    endMembership(db, systemCtx, leaver.id, { endedOn: '2026-10-01', endReason: 'moved', endNote: null, version: leaver.version })
    expect(expectStatus(422, () => createTask(db, ctxOf(people.secretary), { ...input, memberId: leaver.id })).message).toMatch(/đã thôi sinh hoạt/)
    expect(expectStatus(422, () => createTask(db, ctxOf(people.secretary), { ...input, dueOn: '2026-02-30' })).field).toBe('dueOn')
    const kp5Doc = createDocument(db, systemCtx, { orgId: kp5.id, own: true, docType: 'NQ', title: 'Nghị quyết Khu phố 5', status: 'in_force' })
    const wardDoc = createDocument(db, systemCtx, { orgId: upper.id, own: true, docType: 'NQ', numberText: '15-NQ/ĐU', title: 'Nghị quyết của Đảng ủy', status: 'in_force' })
    expect(expectStatus(422, () => createTask(db, ctxOf(people.secretary), { ...input, documentId: kp5Doc.id })).field).toBe('documentId')
    const task = createTask(db, ctxOf(people.committee), { ...input, documentId: wardDoc.id })
    expect(task).toMatchObject({ status: 'open', memberId: kp3Members[2].id, documentId: wardDoc.id, version: 1 })
    expect(documentTasks(db, people.hoa, wardDoc.id).map((t) => t.id)).toEqual([task.id])
    expect(documentTasks(db, people.kp5Member, wardDoc.id)).toEqual([])
    const entry = db.select().from(auditLog).where(eq(auditLog.entityId, task.id)).get()
    expect(entry).toMatchObject({ action: 'task.create', username: 'chiuy', orgPath: kp3.path })
    expect(entry?.summary).toBe(`Giao nhiệm vụ cho đ/c ${kp3Members[2].fullName}: Tham gia tổng vệ sinh khu phố`)
  })

  test('the assigned member marks their own task done with a result note, and nothing more', () => {
    const task = createTask(db, ctxOf(people.secretary), { cellId: kp3.id, memberId: kp3Members[2].id, text: 'Viết bài cho bản tin khu phố', dueOn: '2026-12-01' })
    const ctx = ctxOf(people.hoa)
    expect(getTask(db, people.hoa, task.id)).toMatchObject({ canManage: false, canReport: true })
    expect(expectStatus(422, () => updateTask(db, ctx, task.id, { status: 'done', resultNote: '', version: task.version })).field).toBe('resultNote')
    expectStatus(403, () => updateTask(db, ctx, task.id, { status: 'open', dueOn: '2027-01-31', version: task.version }))
    expectStatus(403, () => updateTask(db, ctx, task.id, { status: 'open', text: 'Việc khác', version: task.version }))
    expectStatus(403, () => updateTask(db, ctx, task.id, { status: 'cancelled', resultNote: 'Không làm', version: task.version }))
    // Sending the unchanged fields back (as the form does) is fine.
    const done = updateTask(db, ctx, task.id, { status: 'done', resultNote: 'Đã viết 2 bài', text: task.text, dueOn: task.dueOn, version: task.version })
    expect(done).toMatchObject({ status: 'done', resultNote: 'Đã viết 2 bài', version: 2 })
    const entry = db.select().from(auditLog).where(eq(auditLog.action, 'task.update')).get()
    expect(entry?.summary).toBe('Nhiệm vụ "Viết bài cho bản tin khu phố": đã hoàn thành')
    expect(entry?.details).toMatchObject({ status: { from: 'open', to: 'done' } })
    // Stale version: someone saved in between.
    expectStatus(409, () => updateTask(db, ctx, task.id, { status: 'open', resultNote: 'Sửa lại', version: task.version }))
  })

  test('another member of the same cell reads the task but cannot update it', () => {
    const task = createTask(db, ctxOf(people.secretary), { cellId: kp3.id, memberId: kp3Members[2].id, text: 'Việc của đ/c Hoa' })
    expect(getTask(db, people.lan, task.id)).toMatchObject({ canManage: false, canReport: false })
    const denied = expectStatus(403, () => updateTask(db, ctxOf(people.lan), task.id, { status: 'done', resultNote: 'Xong', version: task.version }))
    expect(denied.message).toMatch(/chính đồng chí được giao/)
    const wholeCell = createTask(db, ctxOf(people.secretary), { cellId: kp3.id, text: 'Việc của cả chi bộ' })
    expectStatus(403, () => updateTask(db, ctxOf(people.hoa), wholeCell.id, { status: 'done', resultNote: 'Xong', version: wholeCell.version }))
    // The committee may change anything, including the person and the deadline.
    const moved = updateTask(db, ctxOf(people.committee), task.id, { status: 'open', memberId: kp3Members[3].id, dueOn: '2026-12-20', version: task.version })
    expect(moved).toMatchObject({ memberId: kp3Members[3].id, dueOn: '2026-12-20' })
  })

  test('another cell’s task does not exist for a member (404), nor its list', () => {
    const task = createTask(db, ctxOf(people.secretary), { cellId: kp3.id, memberId: kp3Members[2].id, text: 'Việc của Khu phố 3' })
    expectStatus(404, () => getTask(db, people.kp5Member, task.id))
    expectStatus(404, () => getTask(db, people.kp5Secretary, task.id))
    expectStatus(404, () => updateTask(db, ctxOf(people.kp5Secretary), task.id, { status: 'done', resultNote: 'x', version: task.version }))
    expectStatus(404, () => listCellTasks(db, people.kp5Member, kp3.id))
    expect(listCellTasks(db, people.inspector, kp3.id).tasks.map((t) => t.id)).toEqual([task.id])
    expect(getTask(db, people.inspector, task.id).canManage).toBe(false)
  })
})

describe('lists', () => {
  test('the cell’s list filters open, overdue and done tasks and by member; the member’s own list', () => {
    const ctx = ctxOf(people.secretary)
    const hoa = kp3Members[2].id
    const overdue = createTask(db, ctx, { cellId: kp3.id, memberId: hoa, text: 'Quá hạn', dueOn: '2026-11-20' })
    const later = createTask(db, ctx, { cellId: kp3.id, memberId: hoa, text: 'Còn hạn', dueOn: '2026-12-20' })
    const noDue = createTask(db, ctx, { cellId: kp3.id, memberId: hoa, text: 'Không thời hạn' })
    const other = createTask(db, ctx, { cellId: kp3.id, memberId: kp3Members[3].id, text: 'Của đ/c khác', dueOn: '2026-11-01' })
    const done = createTask(db, ctx, { cellId: kp3.id, memberId: hoa, text: 'Đã xong', dueOn: '2026-10-01' })
    updateTask(db, ctx, done.id, { status: 'done', resultNote: 'Xong', version: done.version })
    const today = '2026-11-30'

    const all = listCellTasks(db, people.hoa, kp3.id, { today })
    expect(all.tasks.map((t) => t.id)).toEqual([other.id, overdue.id, later.id, noDue.id, done.id])
    expect(all.counts).toEqual({ open: 4, overdue: 2, done: 1, cancelled: 0 })
    expect(all.tasks.filter((t) => t.overdue).map((t) => t.id)).toEqual([other.id, overdue.id])
    expect(listCellTasks(db, people.hoa, kp3.id, { status: 'overdue', today }).tasks.map((t) => t.id)).toEqual([other.id, overdue.id])
    expect(listCellTasks(db, people.hoa, kp3.id, { status: 'done', today }).tasks.map((t) => t.id)).toEqual([done.id])
    expect(listCellTasks(db, people.hoa, kp3.id, { memberId: kp3Members[3].id, today }).tasks.map((t) => t.id)).toEqual([other.id])
    expect(listCellTasks(db, people.hoa, kp3.id, { pageSize: 2, page: 3, today }).tasks.map((t) => t.id)).toEqual([done.id])

    const mine = myTasks(db, people.hoa, { today })
    expect(mine.map((t) => t.id)).toEqual([overdue.id, later.id, noDue.id, done.id])
    expect(mine[0]).toMatchObject({ overdue: true, cellName: 'Chi bộ Khu phố 3' })
    expect(myTasks(db, people.inspector)).toEqual([])
  })
})

// Agendas: created from the skeleton of the meeting's type, edited with rich text whose document
// references keep agenda_item_links in sync, reordered, published by the bí thư (late publishing
// allowed and flagged), and read by members only once published; another cell sees a 404.
import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import {
  addAgendaItem,
  agendaForEdit,
  agendaForRead,
  agendaSummaries,
  createAgendaFromTemplate,
  loadAgendaTemplate,
  moveAgendaItem,
  publishAgenda,
  removeAgendaItem,
  updateAgendaItem,
  type AgendaItem,
} from '~/models/agenda.server'
import type { ActorContext } from '~/models/context'
import { agendaItemLinks, agendaItems, auditLog, documents, meetings, tasks } from '../../db/schema'
import type { RichText } from '~/rich-text/types'
import { actorOn, expectStatus } from '../assertions'
import { createTestDb } from '../db'
import { createMembers, createOrg, rng } from '../factories'

type TestDb = ReturnType<typeof createTestDb>
type Org = ReturnType<typeof createOrg>

const ctxOf = (actor: Actor): ActorContext => ({ actor, ip: '127.0.0.1' })

const text = (value: string, marks?: RichText['marks']): RichText => (marks ? { type: 'text', text: value, marks } : { type: 'text', text: value })
const p = (...content: RichText[]): RichText => ({ type: 'paragraph', content })
const ref = (id: string, label: string): RichText => ({ type: 'resolutionRef', attrs: { id, label } })
const doc = (...content: RichText[]): RichText => ({ type: 'doc', content })

const NQ_LABEL = 'Nghị quyết số 05-NQ/ĐU ngày 10/01/2026 của Đảng ủy phường Ba Đình'

let db: TestDb
let upper: Org
let cell: Org
let otherCell: Org
let secretaryId: string
let drafterId: string
let secretary: ActorContext
let member: Actor
let outsider: Actor
let upperDocId: string
let foreignDocId: string

// 05/02/2026 14:00 Hà Nội; with agendaLeadDays = 1 the deadline is the end of 04/02/2026 (16:59:59.999Z).
const STARTS_AT = '2026-02-05T07:00:00.000Z'
const ON_TIME = new Date('2026-02-03T03:00:00.000Z')
const LATE = new Date('2026-02-05T01:30:00.000Z')

function insertMeeting(type: 'regular' | 'thematic' | 'congress' = 'regular', overrides: Partial<typeof meetings.$inferInsert> = {}) {
  return db
    .insert(meetings)
    .values({ cellId: cell.id, type, periodYear: 2026, periodMonth: 2, startsAt: STARTS_AT, plannedMinutes: 90, status: 'planned', ...overrides })
    .returning()
    .get()
}

function items(meetingId: string): AgendaItem[] {
  return agendaForEdit(db, secretary.actor, meetingId).items.map((i) => db.select().from(agendaItems).where(eq(agendaItems.id, i.id)).get()!)
}
const linksOf = (itemId: string) =>
  db
    .select({ documentId: agendaItemLinks.documentId })
    .from(agendaItemLinks)
    .where(eq(agendaItemLinks.agendaItemId, itemId))
    .all()
    .map((r) => r.documentId)

function edit(item: AgendaItem, changes: Partial<Parameters<typeof updateAgendaItem>[3]> = {}) {
  return updateAgendaItem(db, secretary, item.id, {
    title: item.title,
    section: item.section,
    presenterMemberId: item.presenterMemberId,
    presenterName: item.presenterName,
    plannedMinutes: item.plannedMinutes,
    body: item.body ?? doc(p(text('…'))),
    version: item.version,
    ...changes,
  })
}

beforeEach(() => {
  db = createTestDb()
  upper = createOrg(db, { name: 'Đảng bộ phường Ba Đình', kind: 'upper' })
  cell = createOrg(db, { name: 'Chi bộ Khu phố 3', kind: 'cell_base', parentId: upper.id })
  otherCell = createOrg(db, { name: 'Chi bộ Khu phố 5', kind: 'cell_base', parentId: upper.id })
  const people = createMembers(db, rng(7), cell.id, 4, (i) => (i === 0 ? { position: 'secretary' } : i === 1 ? { position: 'deputy' } : {}))
  secretaryId = people[0].id
  drafterId = people[2].id
  secretary = ctxOf(actorOn('bithu', [[cell, 'secretary']], secretaryId))
  member = actorOn('dangvien', [[cell, 'member']], people[3].id)
  outsider = actorOn('dangvienkp5', [[otherCell, 'member']])
  upperDocId = db
    .insert(documents)
    .values({ orgId: upper.id, docType: 'NQ', numberText: '05-NQ/ĐU', issuedOn: '2026-01-10', issuer: 'Đảng ủy phường Ba Đình', title: 'Về nhiệm vụ năm 2026' })
    .returning()
    .get().id
  foreignDocId = db
    .insert(documents)
    .values({ orgId: otherCell.id, own: true, docType: 'NQ', numberText: '01-NQ/CB', issuedOn: '2026-01-15', issuer: 'Chi bộ Khu phố 5', title: 'Nghị quyết tháng 1' })
    .returning()
    .get().id
})
afterEach(() => db.cleanup())

describe('creating an agenda from the template of the meeting type', () => {
  test('a regular meeting gets the DOMAIN §3.3 items in order, positions 10, 20, … and the bí thư on opening and closing items', () => {
    const meeting = insertMeeting('regular')
    const rows = createAgendaFromTemplate(db, secretary, meeting.id)
    const template = loadAgendaTemplate('regular')
    expect(rows.map((r) => r.title)).toEqual(template.items.map((i) => i.title))
    expect(rows.map((r) => r.position)).toEqual(rows.map((_, i) => (i + 1) * 10))

    const stored = items(meeting.id)
    expect(stored.map((r) => r.title)).toEqual(template.items.map((i) => i.title))
    const opening = stored.filter((r) => r.section === 'opening')
    expect(opening[0].title).toBe('Chào cờ (nếu có)')
    expect(opening.every((r) => r.presenterMemberId === secretaryId)).toBe(true)
    const closing = stored.filter((r) => r.section === 'closing')
    expect(closing.find((r) => r.role === 'adopt_minutes')).toMatchObject({ presenterMemberId: null, presenterName: 'Thư ký buổi sinh hoạt' })
    expect(closing.find((r) => r.role === 'vote')?.presenterMemberId).toBe(secretaryId)
    const review = stored.find((r) => r.role === 'review_last_month')!
    expect(review.title).toBe('Đánh giá kết quả thực hiện nghị quyết tháng trước')
    expect(review.body?.content?.[0]?.content?.[0]?.text).toMatch(/^Đánh giá kết quả của chi bộ/)

    const empty = insertMeeting('regular', { periodMonth: 3, startsAt: '2026-03-05T07:00:00.000Z' })
    const summaries = agendaSummaries(db, [meeting.id, empty.id])
    expect(summaries.get(meeting.id)).toEqual({ itemCount: 21, totalMinutes: template.items.reduce((s, i) => s + (i.plannedMinutes ?? 0), 0) })
    expect(summaries.has(empty.id)).toBe(false)

    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'agenda.create_from_template')).all()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ entityType: 'meeting', entityId: meeting.id, orgPath: cell.path, username: 'bithu' })
  })

  test('a thematic meeting has the drafter present the paper; creating twice is refused', () => {
    const meeting = insertMeeting('thematic', { topic: 'Học tập và làm theo tư tưởng Hồ Chí Minh', drafterMemberId: drafterId })
    const rows = createAgendaFromTemplate(db, secretary, meeting.id)
    expect(rows.map((r) => r.section)).toEqual([...rows.map((r) => r.section)].sort((a, b) => ['opening', 'content', 'closing'].indexOf(a) - ['opening', 'content', 'closing'].indexOf(b)))
    expect(rows.find((r) => r.role === 'presentation')).toMatchObject({ title: 'Trình bày dự thảo chuyên đề', presenterMemberId: drafterId })
    expect(rows.find((r) => r.role === 'discussion')).toMatchObject({ presenterName: 'Các đồng chí đảng viên' })
    expect(rows.find((r) => r.title.startsWith('Bí thư nêu mục đích'))?.presenterMemberId).toBe(secretaryId)

    expectStatus(409, () => createAgendaFromTemplate(db, secretary, meeting.id))
    expect(items(meeting.id)).toHaveLength(rows.length)
  })

  test('a type without its own skeleton gets the generic one', () => {
    const meeting = insertMeeting('congress')
    const rows = createAgendaFromTemplate(db, secretary, meeting.id)
    expect(rows.map((r) => r.title)).toEqual(loadAgendaTemplate('congress').items.map((i) => i.title))
    expect(loadAgendaTemplate('congress').type).toBe('default')
  })

  test('only the bí thư or phó bí thư prepares the agenda', () => {
    const meeting = insertMeeting()
    expectStatus(403, () => createAgendaFromTemplate(db, ctxOf(member), meeting.id))
    expectStatus(404, () => createAgendaFromTemplate(db, ctxOf(outsider), meeting.id))
  })
})

describe('editing an item', () => {
  test('a document reference in the text creates the agenda_item_links row; removing it removes the row', () => {
    const meeting = insertMeeting()
    createAgendaFromTemplate(db, secretary, meeting.id)
    const item = items(meeting.id).find((r) => r.role === 'review_last_month')!

    const saved = edit(item, { body: doc(p(text('Thực hiện '), ref(upperDocId, NQ_LABEL), text(', chi bộ đánh giá…'))) })
    expect(saved.version).toBe(item.version + 1)
    expect(linksOf(item.id)).toEqual([upperDocId])

    const read = agendaForRead(db, secretary.actor, meeting.id)
    const view = read.items.find((i) => i.id === item.id)!
    expect(view.documents).toEqual([{ id: upperDocId, label: NQ_LABEL, title: 'Về nhiệm vụ năm 2026', status: 'in_force' }])
    expect(view.bodyHtml).toContain(`<a class="resolution-ref" href="/documents/${upperDocId}">${NQ_LABEL}</a>`)

    const cleared = edit(saved, { body: doc(p(text('Chi bộ đánh giá…'))) })
    expect(cleared.version).toBe(saved.version + 1)
    expect(linksOf(item.id)).toEqual([])
  })

  test("a reference to another cell's document is refused, naming it, and nothing is stored", () => {
    const meeting = insertMeeting()
    createAgendaFromTemplate(db, secretary, meeting.id)
    const item = items(meeting.id)[6]
    const error = expectStatus(422, () => edit(item, { title: 'Đổi tên', body: doc(p(ref(foreignDocId, 'Nghị quyết số 01-NQ/CB của Chi bộ Khu phố 5'))) }))
    expect(error.message).toContain('"Nghị quyết số 01-NQ/CB của Chi bộ Khu phố 5"')
    expect(error.field).toBe('body')
    const unknown = expectStatus(422, () => edit(item, { body: doc(p(ref('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 'Văn bản không có'))) }))
    expect(unknown.message).toContain('"Văn bản không có"')
    expect(db.select().from(agendaItems).where(eq(agendaItems.id, item.id)).get()).toEqual(item)
    expect(linksOf(item.id)).toEqual([])
  })

  test('a <script> node or a javascript: link is refused with a Vietnamese message and nothing is stored', () => {
    const meeting = insertMeeting()
    createAgendaFromTemplate(db, secretary, meeting.id)
    const item = items(meeting.id)[7]
    const script = expectStatus(422, () => edit(item, { body: doc(p(text('Nội dung')), { type: 'script', content: [text('alert(1)')] }) }))
    expect(script.message).toBe('Nội dung có thành phần không được phép: "script".')
    const link = expectStatus(422, () =>
      edit(item, { body: JSON.stringify(doc(p(text('bấm vào đây', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }])))) }),
    )
    expect(link.message).toMatch(/^Liên kết không an toàn: "javascript:alert\(1\)"/)
    expect(db.select().from(agendaItems).where(eq(agendaItems.id, item.id)).get()).toEqual(item)
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'agenda.item_update')).all()).toHaveLength(0)
  })

  test('a stale version is a conflict; the newer text stays', () => {
    const meeting = insertMeeting()
    createAgendaFromTemplate(db, secretary, meeting.id)
    const item = items(meeting.id)[8]
    const first = edit(item, { body: doc(p(text('Bản của phó bí thư'))) })
    const error = expectStatus(409, () => edit(item, { body: doc(p(text('Bản của bí thư'))) }))
    expect(error.message).toMatch(/^Nội dung này vừa được người khác sửa/)
    expect(db.select().from(agendaItems).where(eq(agendaItems.id, item.id)).get()).toEqual(first)
  })

  test('presenter: a member of the cell, or a guest typed by name; not a member of another cell', () => {
    const meeting = insertMeeting()
    createAgendaFromTemplate(db, secretary, meeting.id)
    const item = items(meeting.id)[6]
    const withGuest = edit(item, { presenterMemberId: null, presenterName: '  Đ/c Trương Minh Đức,  Đảng ủy phường ' })
    expect(withGuest).toMatchObject({ presenterMemberId: null, presenterName: 'Đ/c Trương Minh Đức, Đảng ủy phường' })
    const [stranger] = createMembers(db, rng(9), otherCell.id, 1)
    const error = expectStatus(422, () => edit(withGuest, { presenterMemberId: stranger.id }))
    expect(error.field).toBe('presenterMemberId')
    const withMember = edit(withGuest, { presenterMemberId: drafterId, presenterName: 'ignored' })
    expect(withMember).toMatchObject({ presenterMemberId: drafterId, presenterName: null })
  })

  test('changing the section moves the item next to the section it came from', () => {
    const meeting = insertMeeting()
    createAgendaFromTemplate(db, secretary, meeting.id)
    const before = items(meeting.id)
    const lastContent = before.filter((r) => r.section === 'content').at(-1)!
    edit(lastContent, { section: 'closing' })
    const after = items(meeting.id)
    expect(after.find((r) => r.section === 'closing')!.id).toBe(lastContent.id)
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id))
    expect(after.map((r) => r.position)).toEqual(after.map((_, i) => (i + 1) * 10))
  })

  test('editing stops once the meeting has started', () => {
    const meeting = insertMeeting()
    createAgendaFromTemplate(db, secretary, meeting.id)
    const item = items(meeting.id)[0]
    db.update(meetings).set({ status: 'in_progress' }).where(eq(meetings.id, meeting.id)).run()
    const error = expectStatus(422, () => edit(item, { title: 'Đổi tên' }))
    expect(error.message).toMatch(/^Buổi sinh hoạt đã bắt đầu/)
    expectStatus(422, () => addAgendaItem(db, secretary, meeting.id, { section: 'content', title: 'Thêm' }))
    expectStatus(422, () => removeAgendaItem(db, secretary, item.id))
  })
})

describe('adding, removing and reordering', () => {
  test('an added item goes to the end of its section; removing renumbers', () => {
    const meeting = insertMeeting()
    createAgendaFromTemplate(db, secretary, meeting.id)
    const added = addAgendaItem(db, secretary, meeting.id, { section: 'opening', title: '  Kết nạp   đảng viên mới ', plannedMinutes: 15 })
    expect(added.title).toBe('Kết nạp đảng viên mới')
    const list = items(meeting.id)
    const opening = list.filter((r) => r.section === 'opening')
    expect(opening.at(-1)!.id).toBe(added.id)
    expect(list.map((r) => r.position)).toEqual(list.map((_, i) => (i + 1) * 10))

    removeAgendaItem(db, secretary, added.id, added.version)
    const after = items(meeting.id)
    expect(after.some((r) => r.id === added.id)).toBe(false)
    expect(after.map((r) => r.position)).toEqual(after.map((_, i) => (i + 1) * 10))
  })

  test('up and down swap with the neighbour inside the section; at the edge of a section the move is refused', () => {
    const meeting = insertMeeting()
    createAgendaFromTemplate(db, secretary, meeting.id)
    const before = items(meeting.id)
    const content = before.filter((r) => r.section === 'content')
    moveAgendaItem(db, secretary, content[1].id, 'up')
    let after = items(meeting.id).filter((r) => r.section === 'content')
    expect(after.slice(0, 3).map((r) => r.id)).toEqual([content[1].id, content[0].id, content[2].id])

    moveAgendaItem(db, secretary, content[1].id, 'down')
    after = items(meeting.id).filter((r) => r.section === 'content')
    expect(after.map((r) => r.id)).toEqual(content.map((r) => r.id))

    const edge = expectStatus(422, () => moveAgendaItem(db, secretary, content[0].id, 'up'))
    expect(edge.message).toContain('đã ở đầu II. Phần nội dung')
    expectStatus(422, () => moveAgendaItem(db, secretary, content.at(-1)!.id, 'down'))
    expect(items(meeting.id).map((r) => [r.id, r.section])).toEqual(before.map((r) => [r.id, r.section]))
    expectStatus(403, () => moveAgendaItem(db, ctxOf(member), content[2].id, 'up'))
  })
})

describe('publishing', () => {
  test('a plain member may not publish; the bí thư publishes on time and the meeting becomes prepared', () => {
    const meeting = insertMeeting()
    expectStatus(422, () => publishAgenda(db, secretary, meeting.id, ON_TIME))
    createAgendaFromTemplate(db, secretary, meeting.id)
    expectStatus(403, () => publishAgenda(db, ctxOf(member), meeting.id, ON_TIME))
    expectStatus(404, () => publishAgenda(db, ctxOf(outsider), meeting.id, ON_TIME))

    const result = publishAgenda(db, secretary, meeting.id, ON_TIME)
    expect(result).toEqual({ late: false, deadline: '2026-02-04T16:59:59.999Z', publishedAt: ON_TIME.toISOString(), republished: false, sentAt: ON_TIME.toISOString() })
    const stored = db.select().from(meetings).where(eq(meetings.id, meeting.id)).get()!
    expect(stored).toMatchObject({ status: 'prepared', publishedAt: ON_TIME.toISOString(), publishedBy: 'user-bithu', version: meeting.version + 1 })
    expect(agendaForRead(db, secretary.actor, meeting.id, ON_TIME).publication).toMatchObject({
      published: true,
      publishedAt: ON_TIME.toISOString(),
      lastSentAt: ON_TIME.toISOString(),
      sendCount: 1,
      late: false,
      changedSinceSent: false,
    })
  })

  test('publishing after the deadline is allowed and flagged; publishing again keeps the first date', () => {
    const meeting = insertMeeting()
    createAgendaFromTemplate(db, secretary, meeting.id)
    expect(agendaForRead(db, secretary.actor, meeting.id, LATE).publication).toMatchObject({ published: false, overdue: true })
    const result = publishAgenda(db, secretary, meeting.id, LATE)
    expect(result).toMatchObject({ late: true, deadline: '2026-02-04T16:59:59.999Z', republished: false })

    const item = items(meeting.id)[6]
    edit(item, { title: 'Thông tin thời sự tháng 02' })
    expect(agendaForRead(db, secretary.actor, meeting.id, LATE).publication.changedSinceSent).toBe(true)
    const again = publishAgenda(db, secretary, meeting.id, new Date('2026-02-05T02:00:00.000Z'))
    expect(again).toMatchObject({ late: true, republished: true, publishedAt: LATE.toISOString(), sentAt: '2026-02-05T02:00:00.000Z' })
    const publication = agendaForRead(db, secretary.actor, meeting.id, LATE).publication
    expect(publication).toMatchObject({ publishedAt: LATE.toISOString(), lastSentAt: '2026-02-05T02:00:00.000Z', sendCount: 2, late: true, changedSinceSent: false })
    const sendings = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'agenda.publish'), eq(auditLog.entityId, meeting.id)))
      .all()
    expect(sendings.map((s) => s.details?.publishedAt)).toEqual([LATE.toISOString(), '2026-02-05T02:00:00.000Z'])
    expect(sendings[0].summary).toContain('(sau hạn 23:59 ngày 04/02/2026)')
  })

  test('a cancelled meeting cannot be published', () => {
    const meeting = insertMeeting()
    createAgendaFromTemplate(db, secretary, meeting.id)
    db.update(meetings).set({ status: 'cancelled', cancelledReason: 'Trùng lịch bầu cử' }).where(eq(meetings.id, meeting.id)).run()
    const error = expectStatus(422, () => publishAgenda(db, secretary, meeting.id, ON_TIME))
    expect(error.message).toBe('Buổi sinh hoạt đã bị hủy nên không gửi chương trình được.')
  })
})

describe('reading the agenda', () => {
  test('a member of the cell sees the items only once the agenda is published; another cell gets a 404', () => {
    const meeting = insertMeeting()
    createAgendaFromTemplate(db, secretary, meeting.id)
    const review = items(meeting.id).find((r) => r.role === 'review_last_month')!
    edit(review, { body: doc(p(text('Căn cứ '), ref(upperDocId, NQ_LABEL))) })

    const before = agendaForRead(db, member, meeting.id, ON_TIME)
    expect(before.visible).toBe(false)
    expect(before.items).toEqual([])
    expect(before.may).toEqual({ plan: false, record: false, edit: false })
    expect(before.meeting).toMatchObject({ title: 'Sinh hoạt chi bộ thường kỳ tháng 02 năm 2026', when: 'Thứ Năm, 05/02/2026 lúc 14:00' })
    expect(agendaForRead(db, secretary.actor, meeting.id, ON_TIME).items.length).toBeGreaterThan(0)

    publishAgenda(db, secretary, meeting.id, ON_TIME)
    const after = agendaForRead(db, member, meeting.id, ON_TIME)
    expect(after.visible).toBe(true)
    expect(after.items.map((i) => i.title)).toEqual(loadAgendaTemplate('regular').items.map((i) => i.title))
    const view = after.items.find((i) => i.id === review.id)!
    expect(view.documents.map((d) => d.id)).toEqual([upperDocId])
    expect(view.bodyHtml).toContain(`href="/documents/${upperDocId}"`)
    expect(after.items[0].presenter).toMatch(/^Đ\/c /)
    expect(after.totalMinutes).toBe(loadAgendaTemplate('regular').items.reduce((s, i) => s + (i.plannedMinutes ?? 0), 0))
    expect(after.minimumMinutes).toBe(90)

    expectStatus(404, () => agendaForRead(db, outsider, meeting.id))
  })

  test("the review item lists the cell's open tasks", () => {
    const meeting = insertMeeting()
    createAgendaFromTemplate(db, secretary, meeting.id)
    db.insert(tasks)
      .values({ cellId: cell.id, memberId: drafterId, text: 'Hoàn thành vận động quỹ vì người nghèo', dueOn: '2026-01-31', createdAt: '2026-01-06T03:00:00.000Z' })
      .run()
    const read = agendaForRead(db, secretary.actor, meeting.id)
    const review = read.items.find((i) => i.role === 'review_last_month')!
    expect(review.tasks?.map((t) => [t.text, t.status])).toEqual([['Hoàn thành vận động quỹ vì người nghèo', 'open']])
    expect(read.items.filter((i) => i.tasks)).toHaveLength(1)
  })
})

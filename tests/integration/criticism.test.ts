// The criticism and self-criticism register against a real SQLite file: who sees an item (every
// role: the subject, the cell's committee, inspectors of the subtree — and a 404 for everyone
// else), what the minutes for ordinary members carry, the status machine, follow-ups, the agenda
// feed, the audit trail, optimistic concurrency and the frozen record of signed minutes.
import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { agendaItems, auditLog, criticismItems, meetings } from '../../db/schema'
import { CriticismItemSchema } from '~/domain/criticism.schema'
import { AppError, type ActorContext } from '~/models/context'
import {
  addFollowUp,
  cellCriticismSummary,
  changeStatus,
  createCriticismItem,
  criticismSnapshot,
  getCriticismItem,
  listCellCriticism,
  listManifestations,
  meetingCriticism,
  meetingCriticismCount,
  memberCriticism,
  myCriticism,
  myCriticismSummary,
  openItemsForAgenda,
  publicCriticismSummary,
  saveManifestationGroup,
  updateCriticismItem,
} from '~/models/criticism.server'
import type { Organization } from '~/models/organizations.server'
import type { MeetingStatus } from '~/domain/constants'
import { createTestDb } from '../db'
import { createMembers, createOrg, createUserWithGrants, rng, systemCtx } from '../factories'

type TestDb = ReturnType<typeof createTestDb>

let db: TestDb
let cell: Organization
let otherCell: Organization
let m1: string
let m2: string
let m3: string
let otherMeeting: string
let ideologyItemId: string
let ids: { secretary: string; deputy: string; committee: string; subject: string; plain: string; other: string; outsider: string }
const ctx: Record<
  | 'secretary'
  | 'deputy'
  | 'committee'
  | 'subject'
  | 'plain'
  | 'inspector'
  | 'system'
  | 'otherSecretary'
  | 'otherMember'
  | 'otherInspector'
  | 'otherAdmin'
  | 'sameAdmin',
  ActorContext
> = {} as never

function insertMeeting(cellId: string, startsAt: string, status: MeetingStatus = 'minutes_draft') {
  const month = Number(startsAt.slice(5, 7))
  return db
    .insert(meetings)
    .values({ cellId, type: 'regular', periodYear: Number(startsAt.slice(0, 4)), periodMonth: month, startsAt, status })
    .returning()
    .get().id
}

beforeEach(async () => {
  db = createTestDb()
  const root = createOrg(db, { name: 'Đảng bộ phường Ba Đình', kind: 'upper', placeName: 'Hà Nội' })
  cell = createOrg(db, { name: 'Chi bộ Khu phố 3', kind: 'cell_base', parentId: root.id })
  otherCell = createOrg(db, { name: 'Chi bộ Khu phố 5', kind: 'cell_base', parentId: root.id })
  const school = createOrg(db, { name: 'Đảng bộ Trường THPT Phan Đình Phùng', kind: 'grassroots', parentId: root.id })
  createOrg(db, { name: 'Chi bộ Tổ Toán – Tin', kind: 'cell_sub', parentId: school.id })
  const r = rng(11)
  const people = createMembers(db, r, cell.id, 6, (i) => (i === 0 ? { position: 'secretary' } : i === 1 ? { position: 'deputy' } : i === 2 ? { position: 'committee' } : {}))
  const others = createMembers(db, r, otherCell.id, 3, (i) => (i === 0 ? { position: 'secretary' } : {}))
  ids = {
    secretary: people[0].id,
    deputy: people[1].id,
    committee: people[2].id,
    subject: people[3].id,
    plain: people[4].id,
    other: people[5].id,
    outsider: others[1].id,
  }
  const user = async (username: string, memberId: string | null, grants: { orgId: string; role: 'secretary' | 'deputy' | 'committee' | 'member' | 'inspector' | 'admin' }[], isSystemAdmin = false) =>
    ({ actor: (await createUserWithGrants(db, { username, displayName: username, memberId, grants, isSystemAdmin })).actor, ip: '127.0.0.1' }) satisfies ActorContext
  ctx.secretary = await user('bithu', ids.secretary, [{ orgId: cell.id, role: 'secretary' }])
  ctx.deputy = await user('phobithu', ids.deputy, [{ orgId: cell.id, role: 'deputy' }])
  ctx.committee = await user('chiuy', ids.committee, [{ orgId: cell.id, role: 'committee' }])
  ctx.subject = await user('dangvien', ids.subject, [{ orgId: cell.id, role: 'member' }])
  ctx.plain = await user('dangvien2', ids.plain, [{ orgId: cell.id, role: 'member' }])
  ctx.inspector = await user('kiemtra', null, [{ orgId: root.id, role: 'inspector' }])
  ctx.system = await user('admin', null, [], true)
  ctx.otherSecretary = await user('bithu5', others[0].id, [{ orgId: otherCell.id, role: 'secretary' }])
  ctx.otherMember = await user('dangvien5', ids.outsider, [{ orgId: otherCell.id, role: 'member' }])
  ctx.otherInspector = await user('kiemtratruong', null, [{ orgId: school.id, role: 'inspector' }])
  ctx.otherAdmin = await user('quantritruong', null, [{ orgId: school.id, role: 'admin' }])
  ctx.sameAdmin = await user('quantriphuong', null, [{ orgId: root.id, role: 'admin' }])

  m1 = insertMeeting(cell.id, '2026-01-05T07:00:00.000Z')
  m2 = insertMeeting(cell.id, '2026-02-05T07:00:00.000Z')
  m3 = insertMeeting(cell.id, '2026-03-05T07:00:00.000Z')
  otherMeeting = insertMeeting(otherCell.id, '2026-01-06T07:00:00.000Z')
  ideologyItemId = db
    .insert(agendaItems)
    .values({ meetingId: m1, position: 7, section: 'content', role: 'ideology', title: 'Tình hình tư tưởng đảng viên' })
    .returning()
    .get().id
})
afterEach(() => db.cleanup())

function expectAppError(fn: () => unknown, status: number, message?: RegExp): AppError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).status).toBe(status)
    if (message) expect((error as AppError).message).toMatch(message)
    return error as AppError
  }
  throw new Error(`expected an AppError ${status}, but the call succeeded`)
}

function input(overrides: Record<string, unknown> = {}) {
  return CriticismItemSchema.parse({
    subject: ids.subject,
    kind: 'peer',
    raisedByMemberId: ids.other,
    category: 'G5',
    description: 'Chậm nộp đảng phí 2 tháng (tháng 11 và 12 năm 2025).',
    cause: 'Chủ quan, chưa sắp xếp thời gian.',
    response: 'accepted',
    remedy: 'Nộp bù ngay trong tháng 01/2026 và nộp đúng hạn các tháng sau.',
    dueOn: '2026-01-31',
    followUpMemberId: ids.deputy,
    ...overrides,
  })
}

function raise(overrides: Record<string, unknown> = {}, meetingId = m1, by: ActorContext = ctx.secretary) {
  return createCriticismItem(db, by, meetingId, input(overrides))
}

const readers = ['subject', 'secretary', 'deputy', 'committee', 'inspector', 'system'] as const
const outsiders = ['plain', 'otherMember', 'otherInspector', 'otherAdmin', 'sameAdmin', 'otherSecretary'] as const

describe('visibility of an item about a member', () => {
  test.each(readers)('%s reads the item, the register and the annual review', (who) => {
    const item = raise()
    const actor = ctx[who].actor
    expect(getCriticismItem(db, actor, item.id).description).toMatch(/Chậm nộp đảng phí/)
    expect(memberCriticism(db, actor, ids.subject, 2026).items.map((i) => i.id)).toEqual([item.id])
    if (who === 'subject') {
      // The subject reads their own items on "my" page, not the cell's register.
      expect(myCriticism(db, actor).map((i) => i.id)).toEqual([item.id])
      expectAppError(() => listCellCriticism(db, actor, cell.id), 404)
      expectAppError(() => meetingCriticism(db, actor, m1), 404)
      expect(meetingCriticismCount(db, actor, m1)).toBeNull()
    } else {
      expect(listCellCriticism(db, actor, cell.id).items.map((i) => i.id)).toEqual([item.id])
      expect(meetingCriticism(db, actor, m1).items.map((i) => i.id)).toEqual([item.id])
      expect(meetingCriticismCount(db, actor, m1)).toBe(1)
    }
  })

  test.each(outsiders)('%s gets a 404 from the item page, the register, the meeting page and the annual review', (who) => {
    const item = raise()
    const actor = ctx[who].actor
    const error = expectAppError(() => getCriticismItem(db, actor, item.id), 404)
    expect(error.message).not.toMatch(/Chậm nộp/)
    expectAppError(() => listCellCriticism(db, actor, cell.id), 404)
    expectAppError(() => meetingCriticism(db, actor, m1), 404)
    expectAppError(() => memberCriticism(db, actor, ids.subject, 2026), 404)
    expect(meetingCriticismCount(db, actor, m1)).toBeNull()
    expect(myCriticism(db, actor)).toEqual([])
  })

  test('the secretary of another cell reads only their own cell: a filter on their register never reaches ours', () => {
    const item = raise()
    const list = listCellCriticism(db, ctx.otherSecretary.actor, otherCell.id, { memberId: ids.subject })
    expect(list.items).toEqual([])
    expectAppError(() => getCriticismItem(db, ctx.otherSecretary.actor, item.id), 404)
  })

  test('writes by outsiders are 404 (they cannot tell it exists); readers who may not write get 403', () => {
    const item = raise()
    for (const who of outsiders) {
      expectAppError(() => changeStatus(db, ctx[who], item.id, { to: 'in_progress', version: item.version }), 404)
      expectAppError(() => addFollowUp(db, ctx[who], item.id, { meetingId: m2, note: 'x', statusAfter: 'in_progress' }), 404)
    }
    for (const who of ['subject', 'inspector', 'system'] as const) {
      expectAppError(() => changeStatus(db, ctx[who], item.id, { to: 'in_progress', version: item.version }), 403)
      expectAppError(() => updateCriticismItem(db, ctx[who], item.id, { ...input({ remedy: 'Khác' }), version: item.version }), 403)
    }
    expectAppError(() => createCriticismItem(db, ctx.plain, m1, input()), 404)
    expectAppError(() => createCriticismItem(db, ctx.otherSecretary, m1, input()), 404)
    expectAppError(() => createCriticismItem(db, ctx.inspector, m1, input()), 403)
    expect(raise({}, m1, ctx.committee).status).toBe('open')
    expect(raise({}, m1, ctx.deputy).status).toBe('open')
  })
})

describe('items about the cell or the chi ủy as a whole', () => {
  test('are visible to the committee roles and inspectors only', () => {
    const item = raise({ subject: 'committee', kind: 'upper', raisedByMemberId: null, raisedByText: 'Đảng ủy phường Ba Đình', category: 'G4', description: 'Chi ủy chưa kịp thời nắm tình hình tư tưởng đảng viên ở tổ dân phố.' })
    const memberItem = raise()
    for (const who of ['secretary', 'deputy', 'committee', 'inspector', 'system'] as const) {
      expect(getCriticismItem(db, ctx[who].actor, item.id).subjectName).toBe('Chi ủy (tập thể)')
    }
    for (const who of ['subject', 'plain', ...outsiders] as const) {
      expectAppError(() => getCriticismItem(db, ctx[who].actor, item.id), 404)
    }
    // The subject of another item sees that one only.
    expect(myCriticism(db, ctx.subject.actor).map((i) => i.id)).toEqual([memberItem.id])
    expect(memberCriticism(db, ctx.subject.actor, ids.subject).items.map((i) => i.id)).toEqual([memberItem.id])
  })
})

describe('minutes for ordinary members', () => {
  test('publicCriticismSummary returns only the public lines, never a confidential field', () => {
    raise({ publicSummary: 'Đồng chí Phạm Thị Hoa tiếp thu ý kiến, cam kết nộp đảng phí đúng hạn.' })
    raise({ publicSummary: '   ' })
    raise({ publicSummary: null, description: 'Nội dung mật không được lộ ra ngoài.' })
    const result = publicCriticismSummary(db, m1)
    expect(result).toEqual([{ publicSummary: 'Đồng chí Phạm Thị Hoa tiếp thu ý kiến, cam kết nộp đảng phí đúng hạn.' }])
    const text = JSON.stringify(result)
    for (const secret of ['Chậm nộp', 'Chủ quan', 'Nộp bù', 'Nội dung mật', ids.subject]) expect(text).not.toContain(secret)
    expect(publicCriticismSummary(db, m2)).toEqual([])
  })

  test('criticismSnapshot carries the full items and the follow-ups recorded at the meeting', () => {
    const item = raise({ agendaItemId: ideologyItemId, publicSummary: 'Một dòng công khai.' })
    addFollowUp(db, ctx.secretary, item.id, { meetingId: m2, note: 'Đã nộp bù đảng phí tháng 11 và 12.', statusAfter: 'resolved' })
    const s1 = criticismSnapshot(db, m1)
    expect(s1.items).toHaveLength(1)
    expect(s1.items[0]).toMatchObject({
      id: item.id,
      agendaItemTitle: 'Tình hình tư tưởng đảng viên',
      kind: 'peer',
      category: 'G5',
      description: expect.stringMatching(/Chậm nộp/),
      cause: 'Chủ quan, chưa sắp xếp thời gian.',
      remedy: expect.stringMatching(/Nộp bù/),
      response: 'accepted',
      publicSummary: 'Một dòng công khai.',
      status: 'resolved',
    })
    expect(s1.followUps).toEqual([])
    const s2 = criticismSnapshot(db, m2)
    expect(s2.items).toEqual([])
    expect(s2.followUps).toEqual([expect.objectContaining({ itemId: item.id, note: 'Đã nộp bù đảng phí tháng 11 và 12.', statusAfter: 'resolved' })])
  })
})

describe('status transitions', () => {
  test('an illegal move is refused with a Vietnamese message and changes nothing', () => {
    const item = raise()
    const error = expectAppError(() => changeStatus(db, ctx.secretary, item.id, { to: 'verified', version: item.version }), 422)
    expect(error.message).toMatch(/Chỉ xác nhận được nội dung đã khắc phục/)
    expect(error.field).toBe('status')
    expect(getCriticismItem(db, ctx.secretary.actor, item.id).status).toBe('open')
  })

  test('mở → đang khắc phục → đã khắc phục → đã xác nhận; only the bí thư or phó bí thư verifies', () => {
    const item = raise()
    const a = changeStatus(db, ctx.committee, item.id, { to: 'in_progress', version: item.version })
    const b = changeStatus(db, ctx.committee, item.id, { to: 'resolved', version: a.version })
    const refused = expectAppError(() => changeStatus(db, ctx.committee, item.id, { to: 'verified', version: b.version }), 422)
    expect(refused.message).toMatch(/Chỉ Bí thư hoặc Phó Bí thư/)
    const c = changeStatus(db, ctx.deputy, item.id, { to: 'verified', version: b.version })
    expect(c.status).toBe('verified')
    expect(c.version).toBe(item.version + 3)
    expectAppError(() => changeStatus(db, ctx.secretary, item.id, { to: 'in_progress', version: c.version }), 422, /đã được chi bộ xác nhận/)
  })

  test('an item can be referred to the inspection commission, which ends the cell’s follow-up', () => {
    const item = raise({ category: 'G2', description: 'Có biểu hiện vi phạm đạo đức trong sinh hoạt gia đình.' })
    const referred = changeStatus(db, ctx.secretary, item.id, { to: 'referred', version: item.version })
    expect(referred.status).toBe('referred')
    expectAppError(() => addFollowUp(db, ctx.secretary, item.id, { meetingId: m2, note: 'Theo dõi', statusAfter: 'referred' }), 422)
  })
})

describe('follow-ups', () => {
  test('recorded at a later meeting, moving the status; visible with the item and in the annual review', () => {
    const item = raise()
    addFollowUp(db, ctx.deputy, item.id, { meetingId: m2, note: 'Đã nộp bù tháng 11; còn tháng 12.', statusAfter: 'in_progress' })
    addFollowUp(db, ctx.deputy, item.id, { meetingId: m3, note: 'Đã nộp đủ, đúng hạn tháng 02.', statusAfter: 'resolved' })
    const view = getCriticismItem(db, ctx.subject.actor, item.id)
    expect(view.status).toBe('resolved')
    expect(view.followUps.map((f) => [f.note, f.statusAfter, f.meeting?.id])).toEqual([
      ['Đã nộp bù tháng 11; còn tháng 12.', 'in_progress', m2],
      ['Đã nộp đủ, đúng hạn tháng 02.', 'resolved', m3],
    ])
    const review = memberCriticism(db, ctx.secretary.actor, ids.subject, 2026)
    expect(review.items[0].lastFollowUp?.note).toBe('Đã nộp đủ, đúng hạn tháng 02.')
    // A note without moving the status is fine too.
    addFollowUp(db, ctx.secretary, item.id, { meetingId: null, note: 'Chi ủy kiểm tra sổ thu đảng phí: khớp.', statusAfter: 'resolved' })
    expect(getCriticismItem(db, ctx.secretary.actor, item.id).followUps).toHaveLength(3)
  })

  test('refused at an earlier meeting, at another cell’s meeting, with an illegal status, or by a committee member verifying', () => {
    const item = raise({}, m2)
    expectAppError(() => addFollowUp(db, ctx.secretary, item.id, { meetingId: m1, note: 'x', statusAfter: 'in_progress' }), 422, /không thể trước/)
    expectAppError(() => addFollowUp(db, ctx.secretary, item.id, { meetingId: otherMeeting, note: 'x', statusAfter: 'in_progress' }), 422, /của chi bộ này/)
    expectAppError(() => addFollowUp(db, ctx.secretary, item.id, { meetingId: m3, note: 'x', statusAfter: 'verified' }), 422, /Chỉ xác nhận được/)
    changeStatus(db, ctx.secretary, item.id, { to: 'resolved', version: item.version })
    expectAppError(() => addFollowUp(db, ctx.committee, item.id, { meetingId: m3, note: 'x', statusAfter: 'verified' }), 422, /Chỉ Bí thư hoặc Phó Bí thư/)
    addFollowUp(db, ctx.secretary, item.id, { meetingId: m3, note: 'Chi bộ xác nhận đã khắc phục.', statusAfter: 'verified' })
    expect(getCriticismItem(db, ctx.secretary.actor, item.id).status).toBe('verified')
  })
})

describe('openItemsForAgenda', () => {
  test('lists unresolved items of earlier meetings only, without any confidential text', () => {
    const open = raise()
    const inProgress = raise({ subject: ids.plain, category: 'G4', description: 'Chưa tham gia đầy đủ hoạt động của khu phố.' })
    changeStatus(db, ctx.secretary, inProgress.id, { to: 'in_progress', version: inProgress.version })
    const resolved = raise({ subject: 'cell', kind: 'public', raisedByMemberId: null, raisedByText: 'Nhân dân tổ dân phố số 12', category: 'G7', description: 'Vệ sinh môi trường chưa tốt.' })
    changeStatus(db, ctx.secretary, resolved.id, { to: 'resolved', version: resolved.version })
    const verified = raise()
    const v1 = changeStatus(db, ctx.secretary, verified.id, { to: 'resolved', version: verified.version })
    changeStatus(db, ctx.secretary, verified.id, { to: 'verified', version: v1.version })
    const referred = raise({ category: 'G2', description: 'Vi phạm.' })
    changeStatus(db, ctx.secretary, referred.id, { to: 'referred', version: referred.version })
    const sameMeeting = raise({}, m2)
    raise({}, m3)
    const list = openItemsForAgenda(db, cell.id, '2026-02-05T07:00:00.000Z')
    expect(list.map((i) => i.id).sort()).toEqual([open.id, inProgress.id, resolved.id].sort())
    expect(list.map((i) => i.id)).not.toContain(sameMeeting.id)
    const entry = list.find((i) => i.id === inProgress.id)!
    expect(Object.keys(entry).sort()).toEqual(['categoryLabel', 'dueOn', 'id', 'status', 'subjectName'])
    expect(entry).toMatchObject({ status: 'in_progress', categoryLabel: 'G4. Thực hiện chức trách, nhiệm vụ', dueOn: '2026-01-31' })
    expect(list.find((i) => i.id === resolved.id)!.subjectName).toBe('Chi bộ (tập thể)')
    expect(JSON.stringify(list)).not.toMatch(/Chậm nộp|Chưa tham gia|Vệ sinh|Chủ quan|Nộp bù/)
    // From the third meeting on, the second meeting's item resurfaces too; another cell never does.
    expect(openItemsForAgenda(db, cell.id, '2026-03-05T14:00:00+07:00').map((i) => i.id)).toContain(sameMeeting.id)
    expect(openItemsForAgenda(db, otherCell.id, '2026-12-31T00:00:00Z')).toEqual([])
  })
})

describe('audit and concurrency', () => {
  test('every write leaves an audit entry in the cell’s path that never repeats the confidential text', () => {
    const item = raise()
    const updated = updateCriticismItem(db, ctx.secretary, item.id, { ...input({ remedy: 'Nộp bù trước 15/01/2026.' }), version: item.version })
    changeStatus(db, ctx.secretary, item.id, { to: 'in_progress', version: updated.version })
    addFollowUp(db, ctx.secretary, item.id, { meetingId: m2, note: 'Đã nộp bù.', statusAfter: 'resolved' })
    const entries = db.select().from(auditLog).where(and(eq(auditLog.entityType, 'criticism_item'), eq(auditLog.entityId, item.id))).all()
    expect(entries.map((e) => e.action).sort()).toEqual(['criticism.create', 'criticism.follow_up', 'criticism.status', 'criticism.update'])
    for (const e of entries) {
      expect(e.orgPath).toBe(cell.path)
      expect(e.username).toBe('bithu')
      expect(JSON.stringify(e)).not.toMatch(/Chậm nộp|Nộp bù|Chủ quan|Đã nộp bù/)
    }
    expect(entries.find((e) => e.action === 'criticism.update')!.details).toEqual({ fields: ['remedy'] })
  })

  test('a stale version is a 409 conflict and the newer text is kept', () => {
    const item = raise()
    updateCriticismItem(db, ctx.secretary, item.id, { ...input({ remedy: 'Phiên bản của bí thư.' }), version: item.version })
    const error = expectAppError(() => updateCriticismItem(db, ctx.deputy, item.id, { ...input({ remedy: 'Phiên bản của phó bí thư.' }), version: item.version }), 409)
    expect(error.message).toMatch(/người khác sửa/)
    expectAppError(() => changeStatus(db, ctx.deputy, item.id, { to: 'in_progress', version: item.version }), 409)
    expect(getCriticismItem(db, ctx.secretary.actor, item.id).remedy).toBe('Phiên bản của bí thư.')
  })
})

describe('validation and the frozen record', () => {
  test('references must belong to the cell and the meeting; the form schema explains what is missing', () => {
    expectAppError(() => raise({ subject: ids.outsider }), 422, /không thuộc chi bộ/)
    expectAppError(() => raise({ raisedByMemberId: ids.outsider }), 422, /Người nêu ý kiến/)
    const otherAgenda = db.insert(agendaItems).values({ meetingId: m2, position: 1, section: 'opening', title: 'Khai mạc' }).returning().get().id
    expectAppError(() => raise({ agendaItemId: otherAgenda }), 422, /không thuộc buổi sinh hoạt/)
    const parsed = CriticismItemSchema.safeParse({ subject: ids.subject, kind: 'peer', category: 'G4', description: 'x' })
    expect(parsed.success).toBe(false)
    expect(parsed.error!.issues[0].message).toMatch(/người hoặc nơi nêu ý kiến/)
    expect(CriticismItemSchema.safeParse({ subject: ids.subject, kind: 'self', category: 'G4', description: '' }).error!.issues[0].message).toMatch(/Chưa nhập nội dung/)
  })

  test('manifestations: loaded by the system admin per group, cited only from their own group', () => {
    expectAppError(() => saveManifestationGroup(db, ctx.secretary, 'G1', ['x']), 403)
    saveManifestationGroup(db, ctx.system, 'G1', ['Biểu hiện thứ nhất (lời văn chính thức).', 'Biểu hiện thứ hai.'])
    saveManifestationGroup(db, ctx.system, 'G2', ['Biểu hiện nhóm hai.'])
    const list = listManifestations(db)
    expect(list.map((m) => m.code)).toEqual(['G1.1', 'G1.2', 'G2.1'])
    const g12 = list.find((m) => m.code === 'G1.2')!
    expectAppError(() => raise({ category: 'G2', manifestationId: g12.id }), 422, /thuộc nhóm G1/)
    const item = raise({ category: 'G1', manifestationId: g12.id })
    expect(getCriticismItem(db, ctx.secretary.actor, item.id).manifestation).toEqual({ code: 'G1.2', text: 'Biểu hiện thứ hai.' })
    // The wording can change (the item follows it); a cited line cannot be dropped.
    saveManifestationGroup(db, ctx.system, 'G1', ['Biểu hiện thứ nhất (lời văn chính thức).', 'Biểu hiện thứ hai, lời văn đã sửa.'])
    expect(getCriticismItem(db, ctx.secretary.actor, item.id).manifestation?.text).toBe('Biểu hiện thứ hai, lời văn đã sửa.')
    expectAppError(() => saveManifestationGroup(db, ctx.system, 'G1', ['Chỉ còn một dòng.']), 409, /G1\.2/)
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'manifestations.save')).all()).toHaveLength(3)
  })

  test('once the minutes are signed, what they recorded stays; the remedy, deadline and outcome keep moving', () => {
    const item = raise()
    db.update(meetings).set({ status: 'signed' }).where(eq(meetings.id, m1)).run()
    expectAppError(() => raise(), 409, /đã ký/)
    expectAppError(() => updateCriticismItem(db, ctx.secretary, item.id, { ...input({ description: 'Sửa sau khi ký' }), version: item.version }), 409, /đã ký/)
    const ok = updateCriticismItem(db, ctx.secretary, item.id, { ...input({ dueOn: '2026-02-28', outcome: 'reminder' }), version: item.version })
    expect(ok).toMatchObject({ dueOn: '2026-02-28', outcome: 'reminder' })
    db.update(meetings).set({ status: 'signing' }).where(eq(meetings.id, m2)).run()
    expectAppError(() => addFollowUp(db, ctx.secretary, item.id, { meetingId: m2, note: 'x', statusAfter: 'in_progress' }), 409, /chờ ký/)
    db.update(meetings).set({ status: 'cancelled' }).where(eq(meetings.id, m3)).run()
    expectAppError(() => raise({}, m3), 422, /đã hủy/)
  })
})

describe('lists and the annual review', () => {
  test('the register filters by status, category, member and year; overdue is computed', () => {
    const a = raise()
    const b = raise({ subject: ids.plain, category: 'G4', description: 'Chưa tham gia đầy đủ hoạt động của khu phố.', dueOn: null })
    changeStatus(db, ctx.secretary, b.id, { to: 'in_progress', version: b.version })
    const lastYear = insertMeeting(cell.id, '2025-12-05T07:00:00.000Z')
    const old = raise({ category: 'G7', description: 'Chưa gương mẫu trong vận động gia đình.' }, lastYear)
    const list = (filters: Parameters<typeof listCellCriticism>[3]) => listCellCriticism(db, ctx.secretary.actor, cell.id, filters, '2026-02-10').items.map((i) => i.id)
    expect(list({}).sort()).toEqual([a.id, b.id, old.id].sort())
    expect(list({ status: 'in_progress' })).toEqual([b.id])
    expect(list({ category: 'G5' })).toEqual([a.id])
    expect(list({ memberId: ids.plain })).toEqual([b.id])
    expect(list({ year: 2025 })).toEqual([old.id])
    expect(list({ status: 'overdue' }).sort()).toEqual([a.id, old.id].sort())
    const full = listCellCriticism(db, ctx.secretary.actor, cell.id, {}, '2026-02-10')
    expect(full.items.find((i) => i.id === a.id)!.overdue).toBe(true)
    expect(full.items.find((i) => i.id === b.id)!.overdue).toBe(false)
    expect(full.counts).toEqual({ open: 2, in_progress: 1 })
    expect(full.canWrite).toBe(true)
    expect(listCellCriticism(db, ctx.inspector.actor, cell.id).canWrite).toBe(false)
  })

  test('memberCriticism for a year includes the items carried over from last year while unresolved', () => {
    const lastYear = insertMeeting(cell.id, '2025-11-05T07:00:00.000Z')
    const carried = raise({ description: 'Chậm nộp đảng phí tháng 9 và 10 năm 2025.' }, lastYear)
    const closedLastYear = raise({ category: 'G4', description: 'Đã xong trong năm 2025.' }, lastYear)
    const c1 = changeStatus(db, ctx.secretary, closedLastYear.id, { to: 'resolved', version: closedLastYear.version })
    changeStatus(db, ctx.secretary, closedLastYear.id, { to: 'verified', version: c1.version })
    const thisYear = raise()
    const review = memberCriticism(db, ctx.secretary.actor, ids.subject, 2026)
    expect(review.member.fullName).toBeTruthy()
    expect(review.items.map((i) => [i.id, i.carriedOver])).toEqual([
      [carried.id, true],
      [thisYear.id, false],
    ])
    expect(memberCriticism(db, ctx.secretary.actor, ids.subject, 2025).items.map((i) => i.id)).toEqual([carried.id, closedLastYear.id])
    expect(memberCriticism(db, ctx.secretary.actor, ids.subject).items).toHaveLength(3)
  })

  test('home page summaries count only what the actor may see', () => {
    const a = raise()
    raise({ subject: ids.plain })
    const r = raise({ subject: 'cell', kind: 'public', raisedByMemberId: null, raisedByText: 'Nhân dân', dueOn: null })
    changeStatus(db, ctx.secretary, r.id, { to: 'resolved', version: r.version })
    changeStatus(db, ctx.secretary, a.id, { to: 'in_progress', version: a.version })
    expect(myCriticismSummary(db, ctx.subject.actor, '2026-02-10')).toEqual({ unresolved: 1, overdue: 1 })
    expect(myCriticismSummary(db, ctx.subject.actor, '2026-01-10')).toEqual({ unresolved: 1, overdue: 0 })
    expect(myCriticismSummary(db, ctx.inspector.actor)).toEqual({ unresolved: 0, overdue: 0 })
    expect(cellCriticismSummary(db, ctx.secretary.actor, cell.id, '2026-02-10')).toEqual({ unresolved: 3, awaitingVerification: 1, overdue: 2 })
    expect(cellCriticismSummary(db, ctx.plain.actor, cell.id)).toBeNull()
    expect(cellCriticismSummary(db, ctx.otherSecretary.actor, cell.id)).toBeNull()
  })

  test('the seed’s system actor may read everything but writes nothing', () => {
    const item = raise()
    expect(getCriticismItem(db, systemCtx.actor, item.id).id).toBe(item.id)
    expectAppError(() => createCriticismItem(db, systemCtx, m1, input()), 403)
    expect(db.select().from(criticismItems).all()).toHaveLength(1)
  })
})

describe('demo seed', () => {
  // The demo brings its own organisations and accounts: start from an empty database.
  beforeEach(() => {
    db.cleanup()
    db = createTestDb()
  })

  test('Chi bộ Khu phố 3 gets items in every state; dangvien sees her own item and nobody else’s', async () => {
    const { seedDemo } = await import('../../db/seed/demo')
    const { seedCriticism } = await import('../../db/seed/criticism')
    const demo = await seedDemo(db)
    const kp3 = demo.orgs.kp3.id
    const meetingIds = ['2026-01-05', '2026-02-05', '2026-03-05', '2026-04-06'].map((d) => insertMeeting(kp3, `${d}T07:00:00.000Z`, 'minutes_draft'))
    const { itemIds } = seedCriticism(db, demo, meetingIds)
    expect(itemIds).toHaveLength(7)
    const register = listCellCriticism(db, demo.accounts.bithu.actor, kp3, {})
    expect(new Set(register.items.map((i) => i.status))).toEqual(new Set(['open', 'in_progress', 'resolved', 'verified', 'referred']))
    expect(new Set(register.items.map((i) => i.kind))).toEqual(new Set(['self', 'peer', 'public', 'upper']))
    expect(register.items.filter((i) => i.publicSummary).length).toBeGreaterThanOrEqual(2)
    const mine = myCriticism(db, demo.accounts.dangvien.actor)
    expect(mine.map((i) => i.description)).toEqual([expect.stringMatching(/Chậm nộp đảng phí 2 tháng/)])
    expect(mine[0].followUps).toHaveLength(1)
    expect(myCriticism(db, demo.accounts.dangvien2.actor)).toEqual([])
    expectAppError(() => getCriticismItem(db, demo.accounts.dangvien2.actor, mine[0].id), 404)
    expectAppError(() => getCriticismItem(db, demo.accounts.kiemtratruong.actor, mine[0].id), 404)
    expect(getCriticismItem(db, demo.accounts.kiemtra.actor, mine[0].id).id).toBe(mine[0].id)
    const agenda = openItemsForAgenda(db, kp3, '2026-05-05T07:00:00.000Z')
    expect(agenda.map((i) => i.status).sort()).toEqual(['in_progress', 'open', 'open', 'resolved'])
    expect(publicCriticismSummary(db, meetingIds[0]).length).toBeGreaterThanOrEqual(2)
  })

  test('refuses to run after the minutes were submitted for signature', async () => {
    const { seedDemo } = await import('../../db/seed/demo')
    const { seedCriticism } = await import('../../db/seed/criticism')
    const demo = await seedDemo(db)
    const signed = insertMeeting(demo.orgs.kp3.id, '2026-01-05T07:00:00.000Z', 'signed')
    expect(() => seedCriticism(db, demo, [signed])).toThrow(/trước khi trình ký/)
  })
})

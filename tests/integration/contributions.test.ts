// Contributions to a thematic meeting, through the models against a real SQLite file: who writes,
// who reads, who reviews, and when writing closes. A member sees the status of theirs and only theirs.
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { agendaItems, auditLog, meetings } from '../../db/schema'
import { CONTRIBUTION_STATUS_LABELS, type MeetingStatus } from '~/domain/constants'
import type { Actor } from '~/domain/permissions'
import { docFromText } from '~/rich-text/from-text'
import { AppError, type ActorContext } from '~/models/context'
import {
  acceptedContributions,
  contributionPage,
  contributionsForReview,
  contributionSummary,
  getContribution,
  listMyContributions,
  meetingsOpenForContributions,
  reviewContribution,
  saveContribution,
  submitContribution,
  withdrawContribution,
} from '~/models/contributions.server'
import { getMeeting } from '~/models/meetings.server'
import { createTestDb } from '../db'
import { createMembers, createOrg, createUserWithGrants, rng } from '../factories'

type TestDb = ReturnType<typeof createTestDb>
let db: TestDb
beforeEach(() => {
  db = createTestDb()
})
afterEach(() => db.cleanup())

const ctx = (actor: Actor): ActorContext => ({ actor, ip: '203.0.113.9' })

function appError(fn: () => unknown): AppError {
  try {
    fn()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected an AppError, but the call succeeded')
}

/** Two cells; in the first a secretary, a chi ủy member and two members (A and B); one member in the second. */
async function world() {
  const r = rng(7)
  const upper = createOrg(db, { name: 'Đảng bộ phường Ba Đình', kind: 'upper' })
  const kp3 = createOrg(db, { name: 'Chi bộ Khu phố 3', kind: 'cell_base', parentId: upper.id })
  const kp5 = createOrg(db, { name: 'Chi bộ Khu phố 5', kind: 'cell_base', parentId: upper.id })
  const [hung, nam, hoa, mai] = createMembers(db, r, kp3.id, 4, (i) => ({
    fullName: ['Nguyễn Văn Hùng', 'Lê Văn Nam', 'Phạm Thị Hoa', 'Vũ Thị Mai'][i],
    position: i === 0 ? 'secretary' : i === 1 ? 'committee' : 'member',
  }))
  const [other] = createMembers(db, r, kp5.id, 1, () => ({ fullName: 'Trần Quốc Bảo' }))
  const secretary = await createUserWithGrants(db, { username: 'bithu', displayName: hung.fullName, memberId: hung.id, grants: [{ orgId: kp3.id, role: 'secretary' }] })
  const committee = await createUserWithGrants(db, { username: 'chiuy', displayName: nam.fullName, memberId: nam.id, grants: [{ orgId: kp3.id, role: 'committee' }] })
  const a = await createUserWithGrants(db, { username: 'dangvien', displayName: hoa.fullName, memberId: hoa.id, grants: [{ orgId: kp3.id, role: 'member' }] })
  const b = await createUserWithGrants(db, { username: 'dangvien2', displayName: mai.fullName, memberId: mai.id, grants: [{ orgId: kp3.id, role: 'member' }] })
  const outsider = await createUserWithGrants(db, { username: 'dangvienkp5', displayName: other.fullName, memberId: other.id, grants: [{ orgId: kp5.id, role: 'member' }] })
  const inspector = await createUserWithGrants(db, { username: 'kiemtra', displayName: 'Trương Minh Đức', grants: [{ orgId: upper.id, role: 'inspector' }] })

  const meeting = db
    .insert(meetings)
    .values({
      cellId: kp3.id,
      type: 'thematic',
      topic: 'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
      periodYear: 2026,
      periodMonth: 3,
      startsAt: '2026-03-05T07:00:00.000Z',
      plannedMinutes: 120,
      place: 'Nhà văn hóa Khu phố 3',
      status: 'prepared',
      publishedAt: '2026-03-01T02:00:00.000Z',
      contributionsOpen: true,
    })
    .returning()
    .get()
  const item = (position: number, section: 'opening' | 'content' | 'closing', title: string) =>
    db.insert(agendaItems).values({ meetingId: meeting.id, position, section, title }).returning().get()
  const opening = item(1, 'opening', 'Tuyên bố lý do, giới thiệu đại biểu')
  const presentation = item(2, 'content', 'Trình bày dự thảo chuyên đề')
  const discussion = item(3, 'content', 'Thảo luận, liên hệ bản thân và đơn vị')
  item(4, 'closing', 'Bí thư kết luận')
  return {
    cells: { kp3, kp5 },
    users: { secretary: secretary.actor, committee: committee.actor, a: a.actor, b: b.actor, outsider: outsider.actor, inspector: inspector.actor },
    meeting,
    items: { opening, presentation, discussion },
  }
}

const body = (text: string) => docFromText(text)

function setStatus(meetingId: string, status: MeetingStatus) {
  db.update(meetings).set({ status }).where(eq(meetings.id, meetingId)).run()
}

describe('writing and reading one’s own contribution', () => {
  test('member A drafts and submits; member B of the same cell never sees it', async () => {
    const w = await world()
    const draft = saveContribution(db, ctx(w.users.a), {
      meetingId: w.meeting.id,
      title: 'Liên hệ bản thân về nêu gương',
      agendaItemId: w.items.discussion.id,
      body: body('Tôi xin liên hệ bản thân về trách nhiệm nêu gương ở khu dân cư.'),
    })
    expect(draft.status).toBe('draft')
    expect(listMyContributions(db, w.users.a).map((c) => [c.title, c.status])).toEqual([['Liên hệ bản thân về nêu gương', 'draft']])

    const submitted = submitContribution(db, ctx(w.users.a), draft.id, draft.version)
    expect(submitted.status).toBe('submitted')
    expect(submitted.submittedAt).not.toBeNull()

    // B: not by id, not on the write page, not in B's own list, not in the review list, and cannot change it.
    expect(appError(() => getContribution(db, w.users.b, draft.id)).status).toBe(404)
    expect(appError(() => contributionPage(db, w.users.b, w.meeting.id, draft.id)).status).toBe(404)
    expect(listMyContributions(db, w.users.b)).toEqual([])
    expect(contributionPage(db, w.users.b, w.meeting.id).mine).toEqual([])
    expect(appError(() => contributionsForReview(db, w.users.b, w.meeting.id)).status).toBe(403)
    expect(appError(() => withdrawContribution(db, ctx(w.users.b), draft.id, submitted.version)).status).toBe(404)
    expect(
      appError(() => saveContribution(db, ctx(w.users.b), { meetingId: w.meeting.id, id: draft.id, title: 'Sửa hộ', body: body('x'), version: submitted.version })).status,
    ).toBe(404)
    // Neither does an inspector of the upper body (they read meetings, not members' contributions).
    expect(appError(() => getContribution(db, w.users.inspector, draft.id)).status).toBe(404)
  })

  test('a draft is private: the secretary sees submitted contributions only, and the audit log keeps the draft’s title out', async () => {
    const w = await world()
    const secret = saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, title: 'Bản nháp riêng tư', body: body('Chưa xong') })
    const sent = saveContribution(db, ctx(w.users.b), { meetingId: w.meeting.id, title: 'Ý kiến về dự thảo', body: body('Đề nghị bổ sung phần giải pháp.'), submit: true })
    expect(sent.status).toBe('submitted')

    const review = contributionsForReview(db, w.users.secretary, w.meeting.id)
    expect(review.items.map((c) => [c.title, c.memberName])).toEqual([['Ý kiến về dự thảo', 'Vũ Thị Mai']])
    expect(review.counts).toEqual({ submitted: 1, accepted: 0, noted: 0 })
    expect(review.agendaItems.map((i) => i.title)).toEqual(['Trình bày dự thảo chuyên đề', 'Thảo luận, liên hệ bản thân và đơn vị'])
    expect(appError(() => getContribution(db, w.users.secretary, secret.id)).status).toBe(404)
    expect(getContribution(db, w.users.secretary, sent.id).title).toBe('Ý kiến về dự thảo')
    expect(contributionSummary(db, w.users.secretary, getMeeting(db, w.users.secretary, w.meeting.id)).waiting).toBe(1)

    const summaries = db.select({ summary: auditLog.summary }).from(auditLog).where(eq(auditLog.entityId, secret.id)).all()
    expect(summaries).toHaveLength(1)
    expect(summaries[0].summary).not.toContain('Bản nháp riêng tư')
  })

  test('the secretary accepts into an agenda item; A sees "Được đưa vào chương trình"; the record gets it', async () => {
    const w = await world()
    const c = saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, title: 'Tham luận về dân vận khéo', body: body('Nội dung tham luận.'), submit: true })
    const missing = appError(() => reviewContribution(db, ctx(w.users.secretary), c.id, { decision: 'accepted', note: '', version: c.version }))
    expect(missing.status).toBe(422)
    expect(missing.field).toBe('agendaItemId')
    // Only items of the content section.
    expect(
      appError(() => reviewContribution(db, ctx(w.users.secretary), c.id, { decision: 'accepted', agendaItemId: w.items.opening.id, note: '', version: c.version })).field,
    ).toBe('agendaItemId')

    const accepted = reviewContribution(db, ctx(w.users.secretary), c.id, {
      decision: 'accepted',
      agendaItemId: w.items.discussion.id,
      note: 'Đồng chí trình bày trong 5 phút.',
      version: c.version,
    })
    expect(accepted.status).toBe('accepted')

    const mine = listMyContributions(db, w.users.a)
    expect(mine).toHaveLength(1)
    expect(CONTRIBUTION_STATUS_LABELS[mine[0].status]).toBe('Được đưa vào chương trình')
    expect(mine[0].agendaItemTitle).toBe('Thảo luận, liên hệ bản thân và đơn vị')
    expect(mine[0].reviewNote).toBe('Đồng chí trình bày trong 5 phút.')
    expect(mine[0].editable).toBe(false)

    // Once reviewed it can be neither withdrawn nor edited.
    expect(appError(() => withdrawContribution(db, ctx(w.users.a), c.id, accepted.version)).status).toBe(409)
    expect(
      appError(() => saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, id: c.id, title: 'Sửa', body: body('x'), version: accepted.version })).status,
    ).toBe(409)

    expect(acceptedContributions(db, w.meeting.id)).toEqual([
      { id: c.id, memberId: w.users.a.memberId, memberName: 'Phạm Thị Hoa', agendaItemId: w.items.discussion.id, title: 'Tham luận về dân vận khéo', body: accepted.body },
    ])
  })

  test('a chi ủy member may note a contribution; a plain member may not review', async () => {
    const w = await world()
    const c = saveContribution(db, ctx(w.users.b), { meetingId: w.meeting.id, title: 'Góp ý', body: body('Góp ý ngắn.'), submit: true })
    expect(appError(() => reviewContribution(db, ctx(w.users.a), c.id, { decision: 'noted', note: '', version: c.version })).status).toBe(404)
    const noted = reviewContribution(db, ctx(w.users.committee), c.id, { decision: 'noted', note: 'Tiếp thu khi hoàn thiện chuyên đề', version: c.version })
    expect(noted.status).toBe('noted')
    expect(listMyContributions(db, w.users.b)[0].status).toBe('noted')
    expect(acceptedContributions(db, w.meeting.id)).toEqual([])
  })

  test('a member of another cell gets 404 on the meeting and its contributions', async () => {
    const w = await world()
    const c = saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, title: 'Ý kiến', body: body('Nội dung'), submit: true })
    expect(appError(() => saveContribution(db, ctx(w.users.outsider), { meetingId: w.meeting.id, title: 'Ý kiến', body: body('x') })).status).toBe(404)
    expect(appError(() => contributionPage(db, w.users.outsider, w.meeting.id)).status).toBe(404)
    expect(appError(() => getContribution(db, w.users.outsider, c.id)).status).toBe(404)
    expect(appError(() => contributionsForReview(db, w.users.outsider, w.meeting.id)).status).toBe(404)
    expect(meetingsOpenForContributions(db, w.users.outsider, new Date('2026-03-02T00:00:00Z'))).toEqual([])
  })

  test('withdrawing brings a submitted contribution back to a draft the author can edit', async () => {
    const w = await world()
    const c = saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, title: 'Ý kiến', body: body('Bản đầu'), submit: true })
    // Submitted: edit only after withdrawing.
    expect(appError(() => saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, id: c.id, title: 'Ý kiến', body: body('Sửa'), version: c.version })).status).toBe(409)
    const back = withdrawContribution(db, ctx(w.users.a), c.id, c.version)
    expect(back.status).toBe('draft')
    expect(back.submittedAt).toBeNull()
    expect(contributionsForReview(db, w.users.secretary, w.meeting.id).items).toEqual([])
    const edited = saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, id: c.id, title: 'Ý kiến (sửa)', body: body('Bản sửa'), version: back.version })
    expect(edited.title).toBe('Ý kiến (sửa)')
  })
})

describe('rules', () => {
  test('writing is refused once the meeting has started, with a clear message', async () => {
    const w = await world()
    const c = saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, title: 'Ý kiến', body: body('Nội dung'), submit: true })
    const draft = saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, title: 'Nháp', body: body('Nội dung') })
    setStatus(w.meeting.id, 'in_progress')
    const refused = appError(() => saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, title: 'Muộn', body: body('x') }))
    expect(refused.status).toBe(422)
    expect(refused.message).toContain('Buổi sinh hoạt đã bắt đầu')
    expect(appError(() => submitContribution(db, ctx(w.users.a), draft.id, draft.version)).message).toContain('đã bắt đầu')
    expect(appError(() => withdrawContribution(db, ctx(w.users.a), c.id, c.version)).message).toContain('đã bắt đầu')
    expect(contributionPage(db, w.users.a, w.meeting.id).writingClosedReason).toContain('đã bắt đầu')
    expect(listMyContributions(db, w.users.a).every((m) => !m.editable)).toBe(true)
    // The chair may still accept during the meeting, not once the minutes are being written.
    reviewContribution(db, ctx(w.users.secretary), c.id, { decision: 'accepted', agendaItemId: w.items.discussion.id, note: '', version: c.version })
    setStatus(w.meeting.id, 'minutes_draft')
    const late = getContribution(db, w.users.secretary, c.id)
    expect(appError(() => reviewContribution(db, ctx(w.users.secretary), c.id, { decision: 'noted', note: '', version: late.version })).status).toBe(422)
  })

  test('a cancelled meeting and a regular meeting that does not take contributions refuse them', async () => {
    const w = await world()
    setStatus(w.meeting.id, 'cancelled')
    expect(appError(() => saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, title: 'Ý kiến', body: body('x') })).message).toContain('đã bị hủy')
    const regular = db
      .insert(meetings)
      .values({ cellId: w.cells.kp3.id, type: 'regular', periodYear: 2026, periodMonth: 4, startsAt: '2026-04-05T07:00:00.000Z', status: 'prepared', publishedAt: '2026-04-01T00:00:00.000Z' })
      .returning()
      .get()
    expect(appError(() => saveContribution(db, ctx(w.users.a), { meetingId: regular.id, title: 'Ý kiến', body: body('x') })).status).toBe(422)
    db.update(meetings).set({ contributionsOpen: true }).where(eq(meetings.id, regular.id)).run()
    expect(saveContribution(db, ctx(w.users.a), { meetingId: regular.id, title: 'Ý kiến', body: body('x') }).status).toBe('draft')
  })

  test('a stale version is a conflict with a Vietnamese message, and nothing is overwritten', async () => {
    const w = await world()
    const v1 = saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, title: 'Ý kiến', body: body('Bản 1') })
    const v2 = saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, id: v1.id, title: 'Ý kiến', body: body('Bản 2 (máy tính bảng)'), version: v1.version })
    expect(v2.version).toBe(v1.version + 1)
    const stale = appError(() => saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, id: v1.id, title: 'Ý kiến', body: body('Bản 2 (điện thoại)'), version: v1.version }))
    expect(stale.status).toBe(409)
    expect(stale.message).toContain('người khác sửa')
    expect(getContribution(db, w.users.a, v1.id).body).toEqual(v2.body)
    expect(appError(() => submitContribution(db, ctx(w.users.a), v1.id, v1.version)).status).toBe(409)
    const c = submitContribution(db, ctx(w.users.a), v1.id, v2.version)
    reviewContribution(db, ctx(w.users.secretary), c.id, { decision: 'noted', note: '', version: c.version })
    expect(appError(() => reviewContribution(db, ctx(w.users.committee), c.id, { decision: 'accepted', agendaItemId: w.items.discussion.id, note: '', version: c.version })).status).toBe(409)
  })

  test('input is checked: a title is required, unknown rich-text nodes and foreign agenda items are refused, empty bodies are not sent', async () => {
    const w = await world()
    expect(appError(() => saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, title: '   ', body: body('x') })).field).toBe('title')
    expect(
      appError(() => saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, title: 'T', body: { type: 'doc', content: [{ type: 'script', content: [] }] } })).field,
    ).toBe('body')
    expect(appError(() => saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, title: 'T', body: body(''), submit: true })).field).toBe('body')
    expect(appError(() => saveContribution(db, ctx(w.users.a), { meetingId: w.meeting.id, title: 'T', agendaItemId: w.items.opening.id, body: body('x') })).field).toBe('agendaItemId')
  })

  test('the member’s list of meetings open for contributions', async () => {
    const w = await world()
    const open = meetingsOpenForContributions(db, w.users.a, new Date('2026-03-01T00:00:00Z'))
    expect(open.map((m) => m.id)).toEqual([w.meeting.id])
    expect(open[0].title).toBe('Sinh hoạt chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh')
    expect(meetingsOpenForContributions(db, w.users.a, new Date('2026-03-10T00:00:00Z'))).toEqual([])
  })
})

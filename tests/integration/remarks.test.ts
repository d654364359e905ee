// Inspection remarks (issue 7 item 3), the inspector's meeting review (item 2) and the periodic report
// (item 5) against a real SQLite file: who sees what (404s for everyone else), signing with the
// password and the immutability that follows, the transitions with their audit rows, stale versions,
// overdue remarks, and the report's figures agreeing with the compliance grid.
import { and, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { auditLog, inspectionRemarks, meetings } from '../../db/schema'
import { seedCompliance } from '../../db/seed/compliance'
import { seedDemo, type DemoIds } from '../../db/seed/demo'
import { seedPlans } from '../../db/seed/plan'
import { seedRemarks } from '../../db/seed/remarks'
import type { Actor } from '~/domain/permissions'
import type { RemarkContent } from '~/domain/remarks'
import { createAgendaFromTemplate } from '~/models/agenda.server'
import { complianceGrid } from '~/models/compliance.server'
import type { ActorContext } from '~/models/context'
import { signMinutes, submitForSignature } from '~/models/minutes.server'
import { addSpeech, confirmRemainingPresent, endMeeting, recordVote, startMeeting } from '~/models/record.server'
import {
  cellRemarksSummary,
  closeRemark,
  createMeetingRemark,
  createPeriodRemark,
  discardRemarkDraft,
  getRemark,
  listCellRemarks,
  listInspectorRemarks,
  meetingReview,
  reopenRemark,
  replyToRemark,
  reportView,
  signRemark,
  updateRemarkDraft,
} from '~/models/remarks.server'
import { docFromText } from '~/rich-text/from-text'
import { createTestDb } from '../db'
import { createUserWithGrants } from '../factories'

type TestDb = ReturnType<typeof createTestDb>
type Account = keyof DemoIds['accounts'] | 'kiemtra2'

const NOW = new Date('2026-03-10T03:00:00.000Z') // 10:00, 10/3/2026 in Hà Nội
const LATER = (days: number) => new Date(NOW.getTime() + days * 86_400_000)

const content = (over: Partial<RemarkContent> = {}): RemarkContent => ({
  remarks: 'Biên bản chưa ghi rõ người chịu trách nhiệm đối với từng nhiệm vụ tháng tới.',
  requestedFixes: 'Bổ sung người chịu trách nhiệm và thời hạn cho từng nhiệm vụ.',
  dueOn: '2026-03-31',
  inspectorBody: null,
  ...over,
})

async function expectStatus(p: Promise<unknown> | (() => unknown), status: number, message?: RegExp) {
  const run = typeof p === 'function' ? Promise.resolve().then(p) : p
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error, `expected an AppError ${status}`).toMatchObject({ status })
  if (message) expect((error as Error).message).toMatch(message)
}

describe('remarks', () => {
  let db: TestDb
  let demo: DemoIds
  let kiemtra2: Actor
  let meetingId: string
  const actorOf = (name: Account): Actor => (name === 'kiemtra2' ? kiemtra2 : demo.accounts[name].actor)
  const ctxOf = (name: Account): ActorContext => ({ actor: actorOf(name), ip: '127.0.0.1' })

  beforeEach(async () => {
    db = createTestDb()
    demo = await seedDemo(db)
    // A second inspector of the upper body: reads and closes, but did not write the remark.
    kiemtra2 = (await createUserWithGrants(db, { username: 'kiemtra2', displayName: 'Mai Văn Thành', grants: [{ orgId: demo.orgs.upper.id, role: 'inspector' }] })).actor
    meetingId = db
      .insert(meetings)
      .values({ cellId: demo.orgs.kp3.id, type: 'regular', periodYear: 2026, periodMonth: 2, startsAt: '2026-02-05T07:00:00.000Z', status: 'prepared', publishedAt: '2026-02-01T00:00:00.000Z' })
      .returning()
      .get().id
  })
  afterEach(() => db.cleanup())

  const draft = (over: Partial<RemarkContent> = {}) => createMeetingRemark(db, ctxOf('kiemtra'), meetingId, content(over), NOW)
  const signed = async (over: Partial<RemarkContent> = {}) => {
    const d = draft(over)
    return signRemark(db, ctxOf('kiemtra'), d.id, { password: 'demo1234', version: d.version }, NOW)
  }
  const auditActions = (id: string) =>
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'inspection_remark'), eq(auditLog.entityId, id)))
      .orderBy(auditLog.at, auditLog.id)
      .all()
      .map((a) => a.action)

  describe('visibility', () => {
    it('a draft is visible to its author only', async () => {
      const d = draft()
      expect(getRemark(db, actorOf('kiemtra'), d.id, NOW)).toMatchObject({ status: 'draft', mine: true, may: { sign: true, edit: true, reply: false } })
      for (const name of ['kiemtra2', 'admin', 'bithu', 'phobithu', 'chiuy', 'dangvien', 'dangvien2', 'bithukhoanoi', 'kiemtratruong', 'quantriphuong'] as const) {
        await expectStatus(() => getRemark(db, actorOf(name), d.id, NOW), 404)
      }
      expect(listCellRemarks(db, actorOf('bithu'), demo.orgs.kp3.id, {}, NOW).total).toBe(0)
      expect(listInspectorRemarks(db, actorOf('kiemtra'), demo.orgs.upper.id, { filter: 'draft' }, NOW).total).toBe(1)
      expect(listInspectorRemarks(db, actorOf('kiemtra2'), demo.orgs.upper.id, {}, NOW).total).toBe(0)
    })

    it('a signed remark is read by the inspectors of the subtree and the cell’s committee; members and outsiders get 404', async () => {
      const r = await signed()
      for (const name of ['kiemtra', 'kiemtra2', 'admin', 'bithu', 'phobithu', 'chiuy'] as const) {
        expect(getRemark(db, actorOf(name), r.id, NOW).id, name).toBe(r.id)
      }
      for (const name of ['dangvien', 'dangvien2', 'bithukhoanoi', 'kiemtratruong', 'quantriphuong'] as const) {
        await expectStatus(() => getRemark(db, actorOf(name), r.id, NOW), 404)
      }
      // Who may do what, as the page shows it.
      expect(getRemark(db, actorOf('bithu'), r.id, NOW).may).toMatchObject({ reply: true, close: false, edit: false, inspect: false })
      expect(getRemark(db, actorOf('chiuy'), r.id, NOW).may).toMatchObject({ reply: false, close: false })
      expect(getRemark(db, actorOf('kiemtra2'), r.id, NOW).may).toMatchObject({ reply: false, edit: false, sign: false, inspect: true })
    })

    it('the lists answer 404 to those who may not read them, and show only what each may read', async () => {
      const r = await signed()
      expect(listCellRemarks(db, actorOf('bithu'), demo.orgs.kp3.id, {}, NOW).remarks.map((x) => x.id)).toEqual([r.id])
      expect(listCellRemarks(db, actorOf('chiuy'), demo.orgs.kp3.id, {}, NOW).total).toBe(1)
      expect(listCellRemarks(db, actorOf('kiemtra2'), demo.orgs.kp3.id, {}, NOW).total).toBe(1)
      for (const name of ['dangvien', 'dangvien2', 'bithukhoanoi', 'kiemtratruong', 'quantriphuong'] as const) {
        await expectStatus(() => listCellRemarks(db, actorOf(name), demo.orgs.kp3.id, {}, NOW), 404)
      }
      expect(listInspectorRemarks(db, actorOf('kiemtra'), demo.orgs.upper.id, {}, NOW).total).toBe(1)
      expect(listInspectorRemarks(db, actorOf('kiemtratruong'), demo.orgs.school.id, {}, NOW).total).toBe(0)
      for (const name of ['bithu', 'dangvien', 'quantriphuong'] as const) await expectStatus(() => listInspectorRemarks(db, actorOf(name), demo.orgs.upper.id, {}, NOW), 404)
      await expectStatus(() => listInspectorRemarks(db, actorOf('kiemtratruong'), demo.orgs.upper.id, {}, NOW), 404)
      // The secretary's home section; nothing for a plain member.
      expect(cellRemarksSummary(db, actorOf('bithu'), demo.orgs.kp3.id, NOW)).toMatchObject({ openCount: 1, overdueCount: 0, mayAnswer: true })
      expect(cellRemarksSummary(db, actorOf('dangvien'), demo.orgs.kp3.id, NOW)).toBeNull()
    })

    it('only inspectors of the subtree write remarks', async () => {
      for (const name of ['bithu', 'chiuy', 'dangvien', 'kiemtratruong', 'bithukhoanoi', 'quantriphuong'] as const) {
        await expectStatus(() => createMeetingRemark(db, ctxOf(name), meetingId, content(), NOW), 404)
      }
      expect(db.select().from(inspectionRemarks).all()).toHaveLength(0)
      const r = createPeriodRemark(db, ctxOf('kiemtra'), { ...content(), cellId: demo.orgs.math.id, periodFrom: '2026-01-01', periodTo: '2026-02-28' }, NOW)
      expect(r).toMatchObject({ orgId: demo.orgs.math.id, meetingId: null, periodFrom: '2026-01-01', inspectorName: 'Trương Minh Đức', inspectorBody: 'Đảng bộ phường Ba Đình' })
      const school = createPeriodRemark(db, ctxOf('kiemtratruong'), { ...content(), cellId: demo.orgs.math.id, periodFrom: '2026-01-01', periodTo: '2026-01-31' }, NOW)
      expect(school.inspectorBody).toBe('Đảng bộ Trường THPT Phan Đình Phùng')
      await expectStatus(() => createPeriodRemark(db, ctxOf('kiemtratruong'), { ...content(), cellId: demo.orgs.kp3.id, periodFrom: '2026-01-01', periodTo: '2026-01-31' }, NOW), 404)
      await expectStatus(() => createPeriodRemark(db, ctxOf('kiemtra'), { ...content(), cellId: demo.orgs.school.id, periodFrom: '2026-01-01', periodTo: '2026-01-31' }, NOW), 422, /chi bộ/)
      await expectStatus(() => createPeriodRemark(db, ctxOf('kiemtra'), { ...content(), cellId: demo.orgs.kp3.id, periodFrom: '2026-02-01', periodTo: '2026-01-31' }, NOW), 422, /Ngày kết thúc/)
    })

    it('the meeting review is for inspectors of the subtree only: 404 for the cell itself and everyone else', async () => {
      const review = meetingReview(db, actorOf('kiemtra'), meetingId, NOW)
      expect(review.meeting.cell.name).toBe('Chi bộ Khu phố 3')
      expect(review.may.remark).toBe(true)
      expect(meetingReview(db, actorOf('kiemtra2'), meetingId, NOW).meeting.id).toBe(meetingId)
      for (const name of ['bithu', 'chiuy', 'dangvien', 'kiemtratruong', 'bithukhoanoi', 'quantriphuong'] as const) {
        await expectStatus(() => meetingReview(db, actorOf(name), meetingId, NOW), 404)
      }
    })
  })

  describe('signing and immutability', () => {
    it('a wrong password signs nothing', async () => {
      const d = draft()
      await expectStatus(signRemark(db, ctxOf('kiemtra'), d.id, { password: 'sai-mat-khau', version: d.version }, NOW), 422, /Mật khẩu không đúng/)
      expect(db.select().from(inspectionRemarks).where(eq(inspectionRemarks.id, d.id)).get()).toMatchObject({ status: 'draft', signedAt: null })
      expect(auditActions(d.id)).toEqual(['remark.create'])
    })

    it('only the author signs, and a deadline already past is refused', async () => {
      const d = draft()
      await expectStatus(signRemark(db, ctxOf('kiemtra2'), d.id, { password: 'demo1234', version: d.version }, NOW), 404)
      const late = draft({ dueOn: '2026-03-01' })
      await expectStatus(signRemark(db, ctxOf('kiemtra'), late.id, { password: 'demo1234', version: late.version }, NOW), 422, /đã qua/)
      const noDue = draft({ dueOn: null })
      await expectStatus(signRemark(db, ctxOf('kiemtra'), noDue.id, { password: 'demo1234', version: noDue.version }, NOW), 422, /thời hạn khắc phục/)
    })

    it('signing opens the remark and freezes it: edits and deletion are refused with the reason', async () => {
      const r = await signed()
      expect(r).toMatchObject({ status: 'open', signedAt: NOW.toISOString(), version: 2 })
      await expectStatus(
        () => updateRemarkDraft(db, ctxOf('kiemtra'), r.id, { ...content({ remarks: 'Nội dung khác hẳn đã sửa sau khi ký.' }), version: r.version }, NOW),
        422,
        /đã ký nên không sửa được/,
      )
      await expectStatus(() => discardRemarkDraft(db, ctxOf('kiemtra'), r.id, { version: r.version }), 422, /không xóa được/)
      await expectStatus(signRemark(db, ctxOf('kiemtra'), r.id, { password: 'demo1234', version: r.version }, NOW), 422, /đã được ký/)
      expect(db.select().from(inspectionRemarks).where(eq(inspectionRemarks.id, r.id)).get()).toMatchObject({
        remarks: content().remarks,
        requestedFixes: content().requestedFixes,
        dueOn: '2026-03-31',
        signedAt: NOW.toISOString(),
        version: 2,
      })
    })

    it('the author edits and discards a draft; others cannot', async () => {
      const d = draft()
      const edited = updateRemarkDraft(db, ctxOf('kiemtra'), d.id, { ...content({ dueOn: '2026-04-15' }), version: d.version }, NOW)
      expect(edited).toMatchObject({ dueOn: '2026-04-15', version: 2 })
      await expectStatus(() => discardRemarkDraft(db, ctxOf('kiemtra2'), d.id, { version: 2 }), 404)
      discardRemarkDraft(db, ctxOf('kiemtra'), d.id, { version: 2 })
      expect(db.select().from(inspectionRemarks).all()).toHaveLength(0)
      expect(auditActions(d.id)).toEqual(['remark.create', 'remark.update', 'remark.discard'])
    })
  })

  describe('transitions', () => {
    it('open → answered (bí thư) → reply corrected → reopened with a note → answered → closed, each step audited', async () => {
      const r = await signed()
      await expectStatus(() => closeRemark(db, ctxOf('kiemtra'), r.id, { version: r.version }, NOW), 422, /chưa trả lời/)
      await expectStatus(() => replyToRemark(db, ctxOf('chiuy'), r.id, { reply: 'Chi bộ xin tiếp thu.', version: r.version }, NOW), 403, /Bí thư hoặc Phó Bí thư/)
      await expectStatus(() => replyToRemark(db, ctxOf('kiemtra'), r.id, { reply: 'Chi bộ xin tiếp thu.', version: r.version }, NOW), 403)
      const a1 = replyToRemark(db, ctxOf('bithu'), r.id, { reply: 'Chi bộ tiếp thu, sẽ bổ sung tại buổi sinh hoạt tháng 3.', version: r.version }, LATER(1))
      expect(a1).toMatchObject({ status: 'answered', repliedBy: 'Nguyễn Văn Hùng' })
      const a2 = replyToRemark(db, ctxOf('phobithu'), r.id, { reply: 'Chi bộ đã bổ sung người chịu trách nhiệm cho từng nhiệm vụ.', version: a1.version }, LATER(2))
      expect(a2).toMatchObject({ status: 'answered', reply: 'Chi bộ đã bổ sung người chịu trách nhiệm cho từng nhiệm vụ.', repliedBy: 'Trần Thị Bích Ngọc' })
      await expectStatus(() => reopenRemark(db, ctxOf('kiemtra'), r.id, { note: 'ok', version: a2.version }, LATER(3)), 422, /ít nhất 5 ký tự/)
      await expectStatus(() => closeRemark(db, ctxOf('bithu'), r.id, { version: a2.version }, LATER(3)), 403)
      await expectStatus(() => closeRemark(db, ctxOf('kiemtratruong'), r.id, { version: a2.version }, LATER(3)), 404)
      const reopened = reopenRemark(db, ctxOf('kiemtra'), r.id, { note: 'Đề nghị gửi kèm nghị quyết đã sửa.', version: a2.version }, LATER(3))
      expect(reopened.status).toBe('open')
      const a3 = replyToRemark(db, ctxOf('bithu'), r.id, { reply: 'Chi bộ đã lập bản đính chính biên bản và gửi kèm nghị quyết.', version: reopened.version }, LATER(4))
      // Any inspector of the subtree closes, not only the author.
      const closed = closeRemark(db, ctxOf('kiemtra2'), r.id, { note: 'Đã khắc phục.', version: a3.version }, LATER(5))
      expect(closed).toMatchObject({ status: 'closed', closedAt: LATER(5).toISOString() })
      await expectStatus(() => replyToRemark(db, ctxOf('bithu'), r.id, { reply: 'Bổ sung thêm một ý nữa.', version: closed.version }, LATER(6)), 422, /đã đóng/)
      await expectStatus(() => reopenRemark(db, ctxOf('kiemtra'), r.id, { note: 'Mở lại để xem thêm.', version: closed.version }, LATER(6)), 422, /đã đóng/)
      expect(auditActions(r.id)).toEqual(['remark.create', 'remark.sign', 'remark.reply', 'remark.reply.update', 'remark.reopen', 'remark.reply', 'remark.close'])
      const view = getRemark(db, actorOf('bithu'), r.id, LATER(6))
      expect(view.history.map((h) => h.action)).toEqual(['remark.sign', 'remark.reply', 'remark.reply.update', 'remark.reopen', 'remark.reply', 'remark.close'])
      expect(view.history.find((h) => h.action === 'remark.reopen')!.note).toBe('Đề nghị gửi kèm nghị quyết đã sửa.')
      expect(view.may).toMatchObject({ reply: false, close: false, reopen: false })
      const signRow = db.select().from(auditLog).where(and(eq(auditLog.entityId, r.id), eq(auditLog.action, 'remark.sign'))).get()!
      expect(signRow).toMatchObject({ username: 'kiemtra', orgPath: expect.stringContaining(demo.orgs.kp3.id), details: { method: 'password', dueOn: '2026-03-31' } })
    })

    it('a stale version is a conflict and changes nothing', async () => {
      const d = draft()
      updateRemarkDraft(db, ctxOf('kiemtra'), d.id, { ...content({ remarks: 'Bản sửa thứ nhất của nội dung nhận xét.' }), version: d.version }, NOW)
      await expectStatus(
        () => updateRemarkDraft(db, ctxOf('kiemtra'), d.id, { ...content({ remarks: 'Bản sửa thứ hai từ một cửa sổ cũ.' }), version: d.version }, NOW),
        409,
      )
      await expectStatus(signRemark(db, ctxOf('kiemtra'), d.id, { password: 'demo1234', version: d.version }, NOW), 409)
      const r = await signRemark(db, ctxOf('kiemtra'), d.id, { password: 'demo1234', version: 2 }, NOW)
      const a = replyToRemark(db, ctxOf('bithu'), r.id, { reply: 'Trả lời lần thứ nhất của chi bộ.', version: r.version }, NOW)
      await expectStatus(() => replyToRemark(db, ctxOf('phobithu'), r.id, { reply: 'Trả lời từ một cửa sổ cũ.', version: r.version }, NOW), 409)
      await expectStatus(() => closeRemark(db, ctxOf('kiemtra'), r.id, { version: r.version }, NOW), 409)
      expect(db.select().from(inspectionRemarks).where(eq(inspectionRemarks.id, r.id)).get()).toMatchObject({ status: 'answered', reply: 'Trả lời lần thứ nhất của chi bộ.', version: a.version })
    })

    it('an open remark past its deadline is overdue (and stops being so once answered)', async () => {
      const r = await signed({ dueOn: '2026-03-20' })
      expect(getRemark(db, actorOf('bithu'), r.id, NOW).overdue).toBe(false)
      const later = new Date('2026-03-21T03:00:00.000Z')
      expect(getRemark(db, actorOf('bithu'), r.id, later).overdue).toBe(true)
      const list = listInspectorRemarks(db, actorOf('kiemtra'), demo.orgs.upper.id, { filter: 'overdue' }, later)
      expect(list.counts).toMatchObject({ all: 1, open: 1, overdue: 1, answered: 0 })
      expect(list.remarks.map((x) => x.id)).toEqual([r.id])
      expect(cellRemarksSummary(db, actorOf('bithu'), demo.orgs.kp3.id, later)).toMatchObject({ overdueCount: 1 })
      replyToRemark(db, ctxOf('bithu'), r.id, { reply: 'Chi bộ đã khắc phục, xin báo cáo.', version: r.version }, later)
      expect(listInspectorRemarks(db, actorOf('kiemtra'), demo.orgs.upper.id, { filter: 'overdue' }, later).total).toBe(0)
    })
  })

  describe('the meeting review', () => {
    async function signedMeeting() {
      const secretary = ctxOf('bithu')
      const id = db
        .insert(meetings)
        .values({ cellId: demo.orgs.kp3.id, type: 'regular', periodYear: 2026, periodMonth: 1, startsAt: '2026-01-05T07:00:00.000Z', plannedMinutes: 90, status: 'prepared', publishedAt: '2026-01-01T00:00:00.000Z' })
        .returning()
        .get().id
      const items = createAgendaFromTemplate(db, secretary, id)
      startMeeting(db, secretary, id, { chairMemberId: demo.people.hung.id, secretaryMemberId: demo.people.ngoc.id, startedAt: '2026-01-05T07:00:00.000Z' })
      confirmRemainingPresent(db, secretary, id)
      const contentItem = items.find((i) => i.section === 'content')!
      addSpeech(db, secretary, id, { agendaItemId: contentItem.id, speaker: { kind: 'member', id: demo.people.nam.id }, gist: docFromText('Đề nghị tăng cường nắm tình hình tư tưởng của đảng viên.') })
      recordVote(db, secretary, id, { subject: 'thông qua nghị quyết tháng', kind: 'ordinary', method: 'hands', for: 18, against: 0 })
      endMeeting(db, secretary, id, { endedAt: '2026-01-05T08:45:00.000Z' })
      submitForSignature(db, secretary, id)
      await signMinutes(db, ctxOf('bithu'), id, { password: 'demo1234' })
      await signMinutes(db, ctxOf('phobithu'), id, { password: 'demo1234' })
      return id
    }

    it('shows the record with the vote arithmetic, the signed version, a valid chain and the audit trail', async () => {
      const id = await signedMeeting()
      const review = meetingReview(db, actorOf('kiemtra'), id, NOW)
      expect(review.meeting.statusLabel).toBe('Đã ký')
      expect(review.record.started).toBe(true)
      expect(review.record.votes[0]).toMatchObject({ for: 18, passed: true, mismatch: false })
      expect(review.record.votes[0].sentence).toMatch(/^18\/\d+ đồng chí tán thành/)
      expect(review.record.items.flatMap((i) => i.speeches).some((s) => s.gistHtml.includes('nắm tình hình tư tưởng'))).toBe(true)
      expect(review.minutes.signed).toBe(true)
      expect(review.minutes.versions[0].signatures.map((s) => s.roleLabel).sort()).toEqual(['Chủ trì', 'Thư ký'])
      expect(review.chain).toMatchObject({ ok: true, versions: 1, problems: [] })
      expect(review.audit.rows.map((a) => a.summary).join('\n')).toMatch(/ký biên bản/)
      expect(review.agenda.items.length).toBeGreaterThan(0)

      // A signed record edited behind the app's back: the chain check names the meeting.
      db.$client.prepare('UPDATE votes SET for_count = 12 WHERE meeting_id = ?').run(id)
      const broken = meetingReview(db, actorOf('kiemtra'), id, NOW)
      expect(broken.chain.ok).toBe(false)
      expect(broken.chain.problems[0]).toMatchObject({ meetingId: id, thisMeeting: true })
    })

    it('lists the remarks on the meeting, with drafts only for their author', async () => {
      const d = draft()
      expect(meetingReview(db, actorOf('kiemtra'), meetingId, NOW).remarks.map((r) => r.id)).toEqual([d.id])
      expect(meetingReview(db, actorOf('kiemtra2'), meetingId, NOW).remarks).toEqual([])
    })
  })
})

describe('the periodic report', () => {
  const NOW_REPORT = new Date('2026-11-30T03:00:00.000Z')
  let db: TestDb
  let demo: DemoIds
  beforeAll(async () => {
    db = createTestDb()
    demo = await seedDemo(db)
    seedPlans(db, demo, '2026-11-30')
    seedCompliance(db, demo, NOW_REPORT)
  }, 120_000)
  afterAll(() => db.cleanup())

  it('counts the year exactly as the compliance grid does, and a month as the grid’s month', () => {
    const actor = demo.accounts.kiemtra.actor
    const grid = complianceGrid(db, actor, demo.orgs.upper.id, 2025, {}, NOW_REPORT)
    const year = reportView(db, actor, demo.orgs.upper.id, { kind: 'year', year: 2025 }, { now: NOW_REPORT })
    expect(year.total).toMatchObject({
      cells: grid.totalCells,
      signedOnTime: grid.totals.counts.signed_on_time,
      signedLate: grid.totals.counts.signed_late,
      unsigned: grid.totals.counts.unsigned,
      missing: grid.totals.counts.missing,
      cancelled: grid.totals.counts.cancelled,
      due: grid.totals.due,
    })
    expect(year.total.held).toBe(grid.totals.counts.signed_on_time + grid.totals.counts.signed_late + grid.totals.counts.unsigned)
    expect(year.total.required).toBe(year.total.held + year.total.missing + year.total.cancelled)
    expect(year.lists.missing.total).toBe(grid.totals.counts.missing)
    expect(year.lists.late.total).toBe(grid.totals.counts.signed_late)
    expect(year.lists.late.items.every((i) => i.href.startsWith('/inspect/meetings/'))).toBe(true)
    expect(year.quarters.map((q) => q.label)).toEqual(['Quý I', 'Quý II', 'Quý III', 'Quý IV'])
    expect(year.lists.thematicMissing.total).toBe(grid.totals.thematicMissing)
    expect(year.rowsAreCells).toBe(false)
    expect(year.rows.reduce((a, r) => a + r.tally.cells, 0)).toBe(grid.totalCells)
    expect(year.ended).toBe(true)
    expect(year.periodLabel).toBe('năm 2025')

    const march = reportView(db, actor, demo.orgs.upper.id, { kind: 'month', year: 2025, month: 3 }, { now: NOW_REPORT })
    const marchCounts = grid.chart[2]
    expect(march.total).toMatchObject({ signedOnTime: marchCounts.signed_on_time, signedLate: marchCounts.signed_late, missing: marchCounts.missing, cancelled: marchCounts.cancelled })
    expect(march.periodLabel).toBe('tháng 3 năm 2025')
    expect(march.quarters.map((q) => q.quarter)).toEqual([1])

    const q1 = reportView(db, actor, demo.orgs.upper.id, { kind: 'quarter', year: 2025, quarter: 1 }, { now: NOW_REPORT })
    expect(q1.total.required).toBe([0, 1, 2].reduce((a, i) => a + grid.chart[i].signed_on_time + grid.chart[i].signed_late + grid.chart[i].unsigned + grid.chart[i].missing + grid.chart[i].cancelled, 0))
  })

  it('narrows to one grass-roots organisation, per cell; other inspectors and members get 404', async () => {
    const school = reportView(db, demo.accounts.kiemtra.actor, demo.orgs.upper.id, { kind: 'year', year: 2025 }, { unitId: demo.orgs.school.id, now: NOW_REPORT })
    expect(school.unit?.name).toBe('Đảng bộ Trường THPT Phan Đình Phùng')
    expect(school.rowsAreCells).toBe(true)
    expect(school.rows.map((r) => r.name).sort()).toEqual(['Chi bộ Hành chính – Phục vụ', 'Chi bộ Tổ Ngữ văn – Lịch sử', 'Chi bộ Tổ Toán – Tin'])
    const own = reportView(db, demo.accounts.kiemtratruong.actor, demo.orgs.school.id, { kind: 'year', year: 2025 }, { now: NOW_REPORT })
    expect(own.total.cells).toBe(3)
    for (const actor of [demo.accounts.kiemtratruong.actor, demo.accounts.bithu.actor, demo.accounts.dangvien.actor, demo.accounts.quantriphuong.actor]) {
      await expectStatus(() => reportView(db, actor, demo.orgs.upper.id, { kind: 'year', year: 2025 }, { now: NOW_REPORT }), 404)
    }
  })

  it('the demo seed leaves one open and one closed remark on Chi bộ Khu phố 3', () => {
    const before = new Set(db.select({ id: inspectionRemarks.id }).from(inspectionRemarks).all().map((r) => r.id))
    const kp3 = db.select().from(meetings).where(eq(meetings.cellId, demo.orgs.kp3.id)).all()
    const past = kp3.filter((m) => m.startsAt < NOW_REPORT.toISOString() && m.status !== 'cancelled').sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    const seeded = seedRemarks(db, demo, past.map((m) => m.id), NOW_REPORT)
    const rows = db.select().from(inspectionRemarks).all().filter((r) => !before.has(r.id))
    expect(rows.map((r) => r.status).sort()).toEqual(['closed', 'open'])
    const closed = rows.find((r) => r.id === seeded.closedId)!
    expect(closed).toMatchObject({ status: 'closed', orgId: demo.orgs.kp3.id, repliedBy: 'Nguyễn Văn Hùng' })
    expect(closed.signedAt! < closed.repliedAt! && closed.repliedAt! < closed.closedAt!).toBe(true)
    const open = rows.find((r) => r.id === seeded.openId)!
    expect(open).toMatchObject({ status: 'open', orgId: demo.orgs.kp3.id, inspectorName: 'Trương Minh Đức' })
    expect(open.dueOn! > '2026-11-30').toBe(true)
    const summary = cellRemarksSummary(db, demo.accounts.bithu.actor, demo.orgs.kp3.id, NOW_REPORT)!
    expect(summary.open.map((r) => r.id)).toContain(open.id)
    const report = reportView(db, demo.accounts.kiemtra.actor, demo.orgs.upper.id, { kind: 'year', year: 2026 }, { now: NOW_REPORT })
    expect(report.remarks.open).toBeGreaterThanOrEqual(1)
    expect(report.remarks.closed).toBeGreaterThanOrEqual(1)
  })
})

// Signed, tamper-evident minutes: freezing, signing by the chair and the minute-taker only,
// withdrawal, amendment, the per-cell chain, verify-chain and the public verification.
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { meetings, speeches, minutesVersions, signatures, auditLog } from '../../db/schema'
import { seedDemo, type DemoIds } from '../../db/seed/demo'
import type { ActorContext } from '~/models/context'
import { addSpeech, confirmRemainingPresent, endMeeting, startMeeting } from '~/models/record.server'
import { minutesPage, signMinutes, startAmendment, submitForSignature, verifyByCode, verifyCellChain, withdrawVersion, compareVersions } from '~/models/minutes.server'
import { createAgendaFromTemplate } from '~/models/agenda.server'
import { cellWork } from '~/models/home.server'
import { recordVote } from '~/models/record.server'
import { docFromText } from '~/rich-text/from-text'
import { createTestDb } from '../db'

type TestDb = ReturnType<typeof createTestDb>
let db: TestDb
let demo: DemoIds
const ctxOf = (name: keyof DemoIds['accounts']): ActorContext => ({ actor: demo.accounts[name].actor, ip: '127.0.0.1' })

async function heldMeeting(month: number) {
  const secretary = ctxOf('bithu')
  const id = db
    .insert(meetings)
    .values({ cellId: demo.orgs.kp3.id, type: 'regular', periodYear: 2026, periodMonth: month, startsAt: `2026-${String(month).padStart(2, '0')}-05T07:00:00.000Z`, plannedMinutes: 90, place: 'Nhà văn hóa khu phố 3', status: 'prepared', publishedAt: '2026-01-01T00:00:00.000Z' })
    .returning()
    .get().id
  const items = createAgendaFromTemplate(db, secretary, id)
  startMeeting(db, secretary, id, { chairMemberId: demo.people.hung.id, secretaryMemberId: demo.people.ngoc.id, startedAt: `2026-${String(month).padStart(2, '0')}-05T07:00:00.000Z` })
  confirmRemainingPresent(db, secretary, id)
  const content = items.find((i) => i.section === 'content')!
  addSpeech(db, secretary, id, { agendaItemId: content.id, speaker: { kind: 'member', id: demo.people.nam.id }, gist: docFromText('Đề nghị tăng cường nắm tình hình tư tưởng của đảng viên.') })
  recordVote(db, secretary, id, { subject: 'thông qua nghị quyết tháng', kind: 'ordinary', method: 'hands', for: 18, against: 0 })
  endMeeting(db, secretary, id, { endedAt: `2026-${String(month).padStart(2, '0')}-05T08:45:00.000Z` })
  return id
}

async function signBoth(meetingId: string) {
  await signMinutes(db, ctxOf('bithu'), meetingId, { password: 'demo1234' })
  return signMinutes(db, ctxOf('phobithu'), meetingId, { password: 'demo1234' })
}

beforeEach(async () => {
  db = createTestDb()
  demo = await seedDemo(db)
})
afterEach(() => db.cleanup())

describe('signing minutes', () => {
  it('the minute-taker submits, the chair and the minute-taker sign with their passwords, and the meeting becomes signed', async () => {
    const id = await heldMeeting(2)
    submitForSignature(db, ctxOf('bithu'), id)
    expect(db.select().from(meetings).where(eq(meetings.id, id)).get()!.status).toBe('signing')
    const first = await signMinutes(db, ctxOf('bithu'), id, { password: 'demo1234' })
    expect(first).toMatchObject({ role: 'chair', completed: false })
    const second = await signMinutes(db, ctxOf('phobithu'), id, { password: 'demo1234' })
    expect(second.completed).toBe(true)
    expect(db.select().from(meetings).where(eq(meetings.id, id)).get()!.status).toBe('signed')
    const v = db.select().from(minutesVersions).where(eq(minutesVersions.meetingId, id)).get()!
    expect(v).toMatchObject({ status: 'signed', chainSeq: 1, prevHash: null })
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'minutes.sign')).all()).toHaveLength(2)
  })

  it('nobody but the chair and the minute-taker can sign, and a wrong password signs nothing', async () => {
    const id = await heldMeeting(2)
    submitForSignature(db, ctxOf('bithu'), id)
    await expect(signMinutes(db, ctxOf('chiuy'), id, { password: 'demo1234' })).rejects.toMatchObject({ status: 403 })
    await expect(signMinutes(db, ctxOf('dangvien'), id, { password: 'demo1234' })).rejects.toMatchObject({ status: 403 })
    await expect(signMinutes(db, ctxOf('bithukhoanoi'), id, { password: 'demo1234' })).rejects.toMatchObject({ status: 404 })
    await expect(signMinutes(db, ctxOf('bithu'), id, { password: 'sai-mat-khau' })).rejects.toMatchObject({ status: 422, message: 'Mật khẩu không đúng: chưa ký.' })
    expect(db.select().from(signatures).all()).toHaveLength(0)
  })

  it('a signed record cannot be edited; an amendment is a new version with a reason, signed again, and both stay readable with differences', async () => {
    const id = await heldMeeting(3)
    submitForSignature(db, ctxOf('bithu'), id)
    await signBoth(id)
    const item = db.select().from(speeches).where(eq(speeches.meetingId, id)).get()!
    expect(() => addSpeech(db, ctxOf('bithu'), id, { agendaItemId: item.agendaItemId, speaker: { kind: 'member', id: demo.people.hoa.id }, gist: docFromText('Thêm') })).toThrow(/không sửa được/)
    startAmendment(db, ctxOf('bithu'), id)
    addSpeech(db, ctxOf('bithu'), id, { agendaItemId: item.agendaItemId, speaker: { kind: 'member', id: demo.people.hoa.id }, gist: docFromText('Bổ sung ý kiến bị sót.') })
    expect(() => submitForSignature(db, ctxOf('bithu'), id)).toThrow(/lý do/)
    submitForSignature(db, ctxOf('bithu'), id, { amendmentReason: 'Bổ sung ý kiến phát biểu của đ/c Phạm Thị Hoa bị ghi sót' })
    await signBoth(id)
    const page = minutesPage(db, ctxOf('dangvien').actor, id)
    expect(page.versions.map((v) => v.status)).toEqual(['superseded', 'signed'])
    const diff = compareVersions(db, ctxOf('dangvien').actor, id, page.versions[0].id, page.versions[1].id)
    expect(diff.changes.some((c) => c.after.includes('Bổ sung ý kiến bị sót.'))).toBe(true)
    expect(verifyCellChain(db, demo.orgs.kp3.id).problems).toEqual([])
  })

  it('the chair can withdraw a version awaiting signatures (recorded), and editing is blocked while it waits', async () => {
    const id = await heldMeeting(4)
    submitForSignature(db, ctxOf('bithu'), id)
    await expect(async () => withdrawVersion(db, ctxOf('phobithu'), id, { reason: 'Sửa lại' })).rejects.toMatchObject({ status: 403 })
    withdrawVersion(db, ctxOf('bithu'), id, { reason: 'Ghi sai giờ kết thúc' })
    expect(db.select().from(minutesVersions).where(eq(minutesVersions.meetingId, id)).get()).toMatchObject({ status: 'withdrawn', withdrawnReason: 'Ghi sai giờ kết thúc' })
    expect(db.select().from(meetings).where(eq(meetings.id, id)).get()!.status).toBe('minutes_draft')
  })
})

describe('the chain and its verification', () => {
  it('changing a stored field of a signed record makes the chain check fail and name that meeting; /verify reports the mismatch', async () => {
    const a = await heldMeeting(5)
    submitForSignature(db, ctxOf('bithu'), a)
    await signBoth(a)
    const b = await heldMeeting(6)
    const vb = submitForSignature(db, ctxOf('bithu'), b)
    await signBoth(b)
    const vbRow = db.select().from(minutesVersions).where(eq(minutesVersions.id, vb.id)).get()!
    const vaRow = db.select().from(minutesVersions).where(eq(minutesVersions.meetingId, a)).get()!
    expect(vbRow.prevHash).toBe(vaRow.sealHash)
    expect(verifyCellChain(db, demo.orgs.kp3.id).problems).toEqual([])
    expect(verifyByCode(db, vaRow.verifyCode)).toMatchObject({ recordMatches: true, chainOk: true, cellName: 'Chi bộ Khu phố 3' })

    // Someone edits a speech of the signed February… (here: meeting a) directly in the database.
    db.$client.prepare("UPDATE speeches SET gist = json('{\"type\":\"doc\",\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"Nội dung bị sửa\"}]}]}') WHERE meeting_id = ?").run(a)
    const problems = verifyCellChain(db, demo.orgs.kp3.id).problems
    expect(problems[0].meetingId).toBe(a)
    expect(verifyByCode(db, vaRow.verifyCode)).toMatchObject({ recordMatches: false })
    expect(verifyByCode(db, vbRow.verifyCode)).toMatchObject({ recordMatches: true, chainOk: false })
  })

  it('the public verification shows signers and times but no content, and unknown codes are not found', async () => {
    const id = await heldMeeting(7)
    const v = submitForSignature(db, ctxOf('bithu'), id)
    expect(verifyByCode(db, v.verifyCode)).toBeNull()
    await signBoth(id)
    const r = verifyByCode(db, v.verifyCode.toLowerCase().replace('-', ' '))!
    expect(r.signers.map((s) => s.name)).toEqual(['Nguyễn Văn Hùng', 'Trần Thị Bích Ngọc'])
    expect(JSON.stringify(r)).not.toContain('tình hình tư tưởng')
    expect(verifyByCode(db, 'ZZZZ-ZZZZ')).toBeNull()
  })
})

describe("the secretary's home: minutes waiting for signatures", () => {
  it('lists who still has to sign each version, reading only those versions\' signatures', async () => {
    const a = await heldMeeting(2)
    const b = await heldMeeting(3)
    submitForSignature(db, ctxOf('bithu'), a)
    submitForSignature(db, ctxOf('bithu'), b)
    await signMinutes(db, ctxOf('bithu'), a, { password: 'demo1234' })
    // A signed meeting elsewhere in the cell's chain: its signatures must not count for a or b.
    const c = await heldMeeting(4)
    submitForSignature(db, ctxOf('bithu'), c)
    await signBoth(c)

    const client = db.$client
    const prepare = client.prepare
    const statements: string[] = []
    client.prepare = ((source: string) => {
      statements.push(source)
      return prepare.call(client, source)
    }) as typeof prepare
    let work: ReturnType<typeof cellWork>
    try {
      work = cellWork(db, demo.accounts.bithu.actor, demo.orgs.kp3.id, new Date('2026-04-20T00:00:00Z'))
    } finally {
      client.prepare = prepare
    }
    expect(work.toSign.map((m) => [m.id, m.waitingFor])).toEqual([
      [a, ['secretary']],
      [b, ['chair', 'secretary']],
    ])
    // 747 k signatures at the full size: the home reads them by version, never the whole table.
    const onSignatures = statements.filter((s) => /from "signatures"/.test(s))
    expect(onSignatures).toHaveLength(1)
    const plan = (client.prepare(`EXPLAIN QUERY PLAN ${onSignatures[0]}`).all(...Array((onSignatures[0].match(/\?/g) ?? []).length).fill(null)) as { detail: string }[]).map((r) => r.detail)
    expect(plan.filter((d) => /^SCAN signatures/.test(d))).toEqual([])
  })
})

// Downloads of minutes and resolutions (issue 6 items 4, 5, 7): a held and signed meeting built
// through the models, exported as .docx (content, signatures, numbers, drafts, permissions,
// reproducibility), the year's minutes book and the background bundle with its manifest.
import crypto from 'node:crypto'
import fs from 'node:fs'

import { and, eq } from 'drizzle-orm'
import { strFromU8, unzipSync } from 'fflate'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadDefaultTemplate } from '~/export/templates.server'
import { renderTemplatePreview, uploadTemplate } from '~/models/templates.server'

import { attendance, documentNumbers, exportJobs, meetings, minutesVersions, organizations } from '../../db/schema'
import { seedDemo, type DemoIds } from '../../db/seed/demo'
import { formatVoteSentence } from '~/domain/voting'
import { lowerFirst, narrativeSections } from '~/export/minutes-vm.server'
import { meetingLabel, resolutionRecipients, resolutionSubject } from '~/export/resolution-vm.server'
import { sampleMinutes } from '~/export/sample'
import { createAgendaFromTemplate } from '~/models/agenda.server'
import type { ActorContext } from '~/models/context'
import {
  bundleJobFile,
  bundleJobStatus,
  minutesBook,
  minutesDocx,
  resolutionDocx,
  runBundleJob,
  startBundleJob,
} from '~/models/exports.server'
import { defaultNarrative, saveNarrative, signMinutes, submitForSignature, verifyCellChain } from '~/models/minutes.server'
import { getMeeting } from '~/models/meetings.server'
import { confirmQuality, effectiveRubric, saveQuality } from '~/models/quality.server'
import {
  addGuest,
  addMeetingTask,
  addSpeech,
  confirmRemainingPresent,
  endMeeting,
  meetingDenominator,
  recordVote,
  setAttendance,
  setItemConclusion,
  setMeetingConclusion,
  startMeeting,
} from '~/models/record.server'
import { docFromParagraphs, docFromText } from '~/rich-text/from-text'
import { createTestDb } from '../db'

type TestDb = ReturnType<typeof createTestDb>
let db: TestDb
let demo: DemoIds
const ctxOf = (name: keyof DemoIds['accounts']): ActorContext => ({ actor: demo.accounts[name].actor, ip: '127.0.0.1' })
const actorOf = (name: keyof DemoIds['accounts']) => demo.accounts[name].actor
const ORIGIN = 'https://sochibo.example.vn'

/** The visible text of word/document.xml (and headers and footers), paragraph per line. */
function docText(docx: Uint8Array): string {
  const files = unzipSync(docx)
  return Object.keys(files)
    .filter((n) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(n))
    .sort()
    .map((n) =>
      (strFromU8(files[n]).match(/<w:p[\s>][\s\S]*?<\/w:p>/g) ?? [])
        .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
        .join('\n'),
    )
    .join('\n')
    .replace(/&amp;/g, '&')
}

const pad = (n: number) => String(n).padStart(2, '0')

/** A regular meeting of Chi bộ Khu phố 3 held on the 5th of `month` 2026, recorded in full. */
function heldMeeting(month: number, opts: { narrative?: (sections: ReturnType<typeof defaultNarrative>) => ReturnType<typeof defaultNarrative> } = {}) {
  const secretary = ctxOf('bithu')
  const day = `2026-${pad(month)}-05`
  const id = db
    .insert(meetings)
    .values({ cellId: demo.orgs.kp3.id, type: 'regular', periodYear: 2026, periodMonth: month, startsAt: `${day}T07:00:00.000Z`, plannedMinutes: 90, place: 'Nhà văn hóa khu phố 3', status: 'prepared', publishedAt: '2026-01-01T00:00:00.000Z' })
    .returning()
    .get().id
  const items = createAgendaFromTemplate(db, secretary, id)
  startMeeting(db, secretary, id, { chairMemberId: demo.people.hung.id, secretaryMemberId: demo.people.ngoc.id, startedAt: `${day}T07:00:00.000Z` })
  const hoaRow = db.select().from(attendance).where(and(eq(attendance.meetingId, id), eq(attendance.memberId, demo.people.hoa.id))).get()!
  setAttendance(db, secretary, id, demo.people.hoa.id, { status: 'excused', reason: 'đi công tác', version: hoaRow.version })
  confirmRemainingPresent(db, secretary, id)
  const rep = addGuest(db, secretary, id, { name: 'Trần Quốc Toản', title: 'Đảng ủy viên', unit: 'Đảng ủy phường Ba Đình', isUpperRep: true })
  const content = items.filter((i) => i.section === 'content')
  const review = items.find((i) => i.role === 'review_last_month') ?? content[0]
  addSpeech(db, secretary, id, { agendaItemId: review.id, speaker: { kind: 'member', id: demo.people.nam.id }, gist: docFromText('Đề nghị tăng cường nắm tình hình tư tưởng của đảng viên.') })
  addSpeech(db, secretary, id, { agendaItemId: content[content.length - 1].id, speaker: { kind: 'guest', id: rep.id }, gist: docFromText('Ghi nhận kết quả của chi bộ.') })
  setItemConclusion(db, secretary, id, review.id, {
    conclusion: docFromParagraphs(['Kết quả: chi bộ hoàn thành các nhiệm vụ đề ra trong tháng.', 'Hạn chế: một số đảng viên tham gia sinh hoạt chưa đầy đủ.']),
    version: review.version,
  })
  const m = db.select().from(meetings).where(eq(meetings.id, id)).get()!
  setMeetingConclusion(db, secretary, id, { conclusion: docFromParagraphs(['Nhiệm vụ tháng tới: tiếp tục vận động phân loại rác tại nguồn.']), version: m.version })
  const d = meetingDenominator(db, id)
  recordVote(db, secretary, id, { subject: `thông qua nghị quyết tháng ${pad(month)} năm 2026`, kind: 'ordinary', method: 'hands', for: d.presentOfficial - 1, against: 1 })
  addMeetingTask(db, secretary, id, { memberId: demo.people.nam.id, text: 'Nắm tình hình dư luận khu dân cư, báo cáo chi bộ', dueOn: `2026-${pad(month + 1)}-05` })
  const rubric = effectiveRubric(db, demo.orgs.kp3)
  const q = saveQuality(db, secretary, id, { scores: Object.fromEntries(rubric.criteria.map((c) => [c.key, c.maxPoints])), version: 0 })
  confirmQuality(db, secretary, id, { guestId: rep.id, version: q.version })
  endMeeting(db, secretary, id, { endedAt: `${day}T08:45:00.000Z` })
  if (opts.narrative) {
    const meeting = getMeeting(db, secretary.actor, id)
    saveNarrative(db, secretary, id, { sections: opts.narrative(defaultNarrative(db, meeting)), version: 0 })
  }
  return { id, denominator: d }
}

async function signBoth(meetingId: string) {
  submitForSignature(db, ctxOf('bithu'), meetingId)
  await signMinutes(db, ctxOf('bithu'), meetingId, { password: 'demo1234' })
  await signMinutes(db, ctxOf('phobithu'), meetingId, { password: 'demo1234' })
  return db.select().from(minutesVersions).where(and(eq(minutesVersions.meetingId, meetingId), eq(minutesVersions.status, 'signed'))).get()!
}

beforeEach(async () => {
  db = createTestDb()
  demo = await seedDemo(db)
})
afterEach(() => db.cleanup())

describe('the minutes of a signed meeting', () => {
  it('print the record: attendance, speakers, the vote sentence, signatures, the verification code and the number', async () => {
    const { id, denominator } = heldMeeting(6)
    const version = await signBoth(id)
    const file = await minutesDocx(db, actorOf('dangvien'), id, { origin: ORIGIN })
    expect(file.fileName).toBe('Biên bản 2026-06-05 Chi bộ Khu phố 3.docx')
    const text = docText(file.buffer)
    expect(text).toContain('BIÊN BẢN')
    expect(text).toContain('Sinh hoạt chi bộ thường kỳ tháng 6 năm 2026')
    expect(text).toContain('Số 01-BB/CB')
    expect(text).toContain('Hà Nội, ngày 05 tháng 6 năm 2026')
    expect(text).toMatch(/có mặt \d+\/\d+ đồng chí/)
    expect(text).toContain('vắng có lý do 1 đồng chí (đ/c Phạm Thị Hoa – đi công tác)')
    expect(text).toContain('Đ/c Lê Văn Nam: Đề nghị tăng cường nắm tình hình tư tưởng của đảng viên.')
    expect(text).toContain('Trần Quốc Toản')
    expect(text).toContain(formatVoteSentence({ for: denominator.presentOfficial - 1, denominator: denominator.denominator, against: 1 }))
    expect(text).toContain('Nắm tình hình dư luận khu dân cư, báo cáo chi bộ')
    expect(text).toMatch(/Chi bộ tự chấm 100 điểm, xếp loại Tốt; đại diện cấp ủy cấp trên \(đ\/c Trần Quốc Toản/)
    expect(text).toContain('Buổi sinh hoạt kết thúc lúc 15 giờ 45 phút cùng ngày; biên bản đã được đọc lại và chi bộ thông qua.')
    expect(text.match(/Đã ký điện tử lúc \d\d:\d\d ngày \d\d\/\d\d\/2026/g)).toHaveLength(2)
    expect(text).toContain(`Mã xác minh: ${version.verifyCode} · ${ORIGIN}/verify/${version.verifyCode}`)
    expect(text).not.toContain('DỰ THẢO')
    // The narrative's sections, in order, headed and numbered.
    const order = ['Thời gian:', 'I. PHẦN MỞ ĐẦU', 'II. NỘI DUNG', 'BIỂU QUYẾT', 'PHÂN CÔNG NHIỆM VỤ', 'TỰ ĐÁNH GIÁ CHẤT LƯỢNG', 'Buổi sinh hoạt kết thúc'].map((s) => text.indexOf(s))
    expect(order.every((at) => at >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
  })

  it("prints the minute-taker's narrative, with the record's facts where it pre-filled them", async () => {
    const { id, denominator } = heldMeeting(7, {
      narrative: (sections) =>
        sections.map((s) =>
          s.key === 'content'
            ? { ...s, body: { ...s.body, content: [...(s.body.content ?? []), ...docFromParagraphs(['Thư ký ghi thêm: chi bộ thống nhất cao.']).content!] } }
            : s.key === 'votes'
              ? { ...s, body: docFromParagraphs(['Biểu quyết thông qua nghị quyết: 99/99 đồng chí tán thành.', 'Không khí biểu quyết dân chủ.']) }
              : s,
        ),
    })
    await signBoth(id)
    const text = docText((await minutesDocx(db, actorOf('bithu'), id, { origin: ORIGIN })).buffer)
    expect(text).toContain('Thư ký ghi thêm: chi bộ thống nhất cao.')
    expect(text).toContain('Không khí biểu quyết dân chủ.')
    expect(text).not.toContain('99/99')
    expect(text).toContain(formatVoteSentence({ for: denominator.presentOfficial - 1, denominator: denominator.denominator, against: 1 }))
    expect(text.indexOf('Thư ký ghi thêm')).toBeLessThan(text.indexOf('Không khí biểu quyết'))
  })

  it('the same version gives the same bytes, and its numbers are allocated once', async () => {
    const { id } = heldMeeting(6)
    await signBoth(id)
    const a = await minutesDocx(db, actorOf('dangvien'), id, { origin: ORIGIN })
    const b = await minutesDocx(db, actorOf('bithu'), id, { origin: ORIGIN })
    expect(b.buffer.equals(a.buffer)).toBe(true)
    const ra = await resolutionDocx(db, actorOf('dangvien'), id, { origin: ORIGIN })
    const rb = await resolutionDocx(db, actorOf('dangvien'), id, { origin: ORIGIN })
    expect(rb.buffer.equals(ra.buffer)).toBe(true)
    const rows = db.select().from(documentNumbers).where(eq(documentNumbers.meetingId, id)).all()
    expect(rows.map((r) => `${r.docType}${r.number}`).sort()).toEqual(['BB1', 'NQ1'])
  })

  it('numbers follow the order of the meetings, whichever is downloaded first', async () => {
    const june = heldMeeting(6)
    const july = heldMeeting(7)
    await signBoth(june.id)
    await signBoth(july.id)
    expect(docText((await minutesDocx(db, actorOf('bithu'), july.id, { origin: ORIGIN })).buffer)).toContain('Số 02-BB/CB')
    expect(docText((await minutesDocx(db, actorOf('bithu'), june.id, { origin: ORIGIN })).buffer)).toContain('Số 01-BB/CB')
    expect(docText((await resolutionDocx(db, actorOf('bithu'), june.id, { origin: ORIGIN })).buffer)).toContain('Số 01-NQ/CB')
    expect(db.select().from(documentNumbers).all()).toHaveLength(4)
  })

  it('carry no number when the organisation does not number minutes (the resolution still does)', async () => {
    const kp3 = db.select().from(organizations).where(eq(organizations.id, demo.orgs.kp3.id)).get()!
    db.update(organizations).set({ settings: { ...kp3.settings, numberMinutes: false } }).where(eq(organizations.id, kp3.id)).run()
    const { id } = heldMeeting(6)
    await signBoth(id)
    const text = docText((await minutesDocx(db, actorOf('bithu'), id, { origin: ORIGIN })).buffer)
    expect(text).not.toMatch(/Số \d+-BB/)
    expect(docText((await resolutionDocx(db, actorOf('bithu'), id, { origin: ORIGIN })).buffer)).toContain('Số 01-NQ/CB')
    expect(db.select().from(documentNumbers).where(eq(documentNumbers.meetingId, id)).all().map((r) => r.docType)).toEqual(['NQ'])
  })
})

describe('drafts and permissions', () => {
  it('a draft is marked DỰ THẢO, unsigned and unnumbered, for those who may read drafts only', async () => {
    const { id } = heldMeeting(6)
    const draft = await minutesDocx(db, actorOf('bithu'), id, { origin: ORIGIN })
    expect(draft.fileName).toBe('Biên bản 2026-06-05 Chi bộ Khu phố 3 (dự thảo).docx')
    const text = docText(draft.buffer)
    expect(text).toContain('DỰ THẢO')
    expect(text).not.toContain('Đã ký điện tử')
    expect(text).not.toContain('Mã xác minh')
    expect(text).toContain('Đ/c Lê Văn Nam')
    expect(db.select().from(documentNumbers).all()).toHaveLength(0)
    await expect(minutesDocx(db, actorOf('dangvien'), id)).rejects.toMatchObject({ status: 403 })
    await expect(resolutionDocx(db, actorOf('dangvien'), id)).rejects.toMatchObject({ status: 403 })
    // Awaiting signatures: still a draft, from the frozen text.
    submitForSignature(db, ctxOf('bithu'), id)
    expect(docText((await minutesDocx(db, actorOf('phobithu'), id)).buffer)).toContain('DỰ THẢO')
    await expect(minutesDocx(db, actorOf('dangvien'), id)).rejects.toMatchObject({ status: 403 })
  })

  it("a member of another cell gets 404 for a signed meeting's documents", async () => {
    const { id } = heldMeeting(6)
    await signBoth(id)
    await expect(minutesDocx(db, actorOf('bithukhoanoi'), id)).rejects.toMatchObject({ status: 404 })
    await expect(resolutionDocx(db, actorOf('bithukhoanoi'), id)).rejects.toMatchObject({ status: 404 })
    await expect(minutesBook(db, actorOf('bithukhoanoi'), demo.orgs.kp3.id, 2026)).rejects.toMatchObject({ status: 404 })
    // The upper body's inspector sees it.
    expect(docText((await minutesDocx(db, actorOf('kiemtra'), id)).buffer)).toContain('BIÊN BẢN')
  })
})

describe('the resolution', () => {
  it('is drawn from the same record: subject, results, limitations, tasks, vote, recipients and signer', async () => {
    const { id, denominator } = heldMeeting(6)
    const version = await signBoth(id)
    const file = await resolutionDocx(db, actorOf('dangvien'), id, { origin: ORIGIN })
    expect(file.fileName).toBe('Nghị quyết 2026-06-05 Chi bộ Khu phố 3.docx')
    const text = docText(file.buffer)
    expect(text).toContain('NGHỊ QUYẾT')
    expect(text).toContain('về lãnh đạo thực hiện nhiệm vụ tháng 6 năm 2026')
    expect(text).toContain('Số 01-NQ/CB')
    expect(text).toMatch(/Chi bộ Khu phố 3 tổ chức sinh hoạt chi bộ thường kỳ tháng 6 năm 2026; có mặt \d+\/\d+ đảng viên; đ\/c Nguyễn Văn Hùng, Bí thư chi bộ chủ trì/)
    expect(text).toContain('Kết quả: chi bộ hoàn thành các nhiệm vụ đề ra trong tháng.')
    expect(text.indexOf('Hạn chế: một số đảng viên')).toBeGreaterThan(text.indexOf('2. Hạn chế, nguyên nhân'))
    expect(text).toContain('Nhiệm vụ tháng tới: tiếp tục vận động phân loại rác tại nguồn.')
    expect(text).toMatch(/Nắm tình hình dư luận khu dân cư, báo cáo chi bộ\. Phụ trách: đ\/c Lê Văn Nam; thời hạn: 05\/07\/2026\./)
    expect(text).toContain(`Nghị quyết được Chi bộ biểu quyết thông qua: ${formatVoteSentence({ for: denominator.presentOfficial - 1, denominator: denominator.denominator, against: 1 })}`)
    expect(text).toContain('- Đảng ủy phường Ba Đình (để báo cáo),')
    expect(text).toContain('- Lưu Chi bộ.')
    expect(text).toContain('T/M CHI BỘ')
    expect(text).toContain('BÍ THƯ')
    expect(text).toContain('Nguyễn Văn Hùng')
    expect(text).toContain(`Mã xác minh: ${version.verifyCode}`)
  })

  it('is signed by the deputy secretary as PHÓ BÍ THƯ when the deputy chaired', async () => {
    const secretary = ctxOf('bithu')
    const id = db
      .insert(meetings)
      .values({ cellId: demo.orgs.kp3.id, type: 'thematic', topic: 'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh', periodYear: 2026, periodMonth: 9, startsAt: '2026-09-05T07:00:00.000Z', place: 'Nhà văn hóa khu phố 3', status: 'prepared', publishedAt: '2026-01-01T00:00:00.000Z' })
      .returning()
      .get().id
    createAgendaFromTemplate(db, secretary, id)
    startMeeting(db, secretary, id, { chairMemberId: demo.people.ngoc.id, secretaryMemberId: demo.people.nam.id, startedAt: '2026-09-05T07:00:00.000Z' })
    confirmRemainingPresent(db, secretary, id)
    endMeeting(db, secretary, id, { endedAt: '2026-09-05T09:00:00.000Z' })
    const text = docText((await resolutionDocx(db, actorOf('bithu'), id)).buffer)
    expect(text).toContain('về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh')
    expect(text).toContain('PHÓ BÍ THƯ')
    expect(text).toContain('DỰ THẢO')
  })
})

describe('the minutes book', () => {
  it("holds every signed minutes of the cell's year, in date order, after a title page and the contents", async () => {
    const a = heldMeeting(6)
    const b = heldMeeting(7)
    heldMeeting(8) // not signed: not in the book
    await signBoth(b.id)
    await signBoth(a.id)
    const book = await minutesBook(db, actorOf('dangvien'), demo.orgs.kp3.id, 2026, { origin: ORIGIN })
    expect(book.fileName).toBe('Sổ biên bản 2026 Chi bộ Khu phố 3.docx')
    const text = docText(book.buffer)
    expect(text).toContain('SỔ BIÊN BẢN')
    expect(text).toContain('MỤC LỤC')
    const june = 'Sinh hoạt chi bộ thường kỳ tháng 6 năm 2026'
    const july = 'Sinh hoạt chi bộ thường kỳ tháng 7 năm 2026'
    expect(text).not.toContain('tháng 8 năm 2026')
    // Each title appears in the contents and on its minutes' page, June before July.
    expect(text.split(june)).toHaveLength(3)
    expect(text.split(july)).toHaveLength(3)
    expect(text.lastIndexOf(june)).toBeLessThan(text.lastIndexOf(july))
    expect(text.match(/Đã ký điện tử lúc/g)).toHaveLength(4)
    await expect(minutesBook(db, actorOf('bithu'), demo.orgs.kp3.id, 2025)).rejects.toMatchObject({ status: 422 })
  })
})

describe('the bundle', () => {
  it('is built in the background into a zip with every signed minutes and resolution and a manifest matching verify-chain', async () => {
    const a = heldMeeting(6)
    const b = heldMeeting(7)
    const va = await signBoth(a.id)
    const vb = await signBoth(b.id)
    const ctx = ctxOf('kiemtra')
    const job = startBundleJob(db, ctx, { orgId: demo.orgs.upper.id, year: 2026 })
    expect(job.status).toBe('queued')
    // One at a time per user.
    expect(() => startBundleJob(db, ctx, { orgId: demo.orgs.upper.id, year: 2025 })).toThrow(/đang có một gói/)
    expect(startBundleJob(db, ctx, { orgId: demo.orgs.upper.id, year: 2026 }).id).toBe(job.id)
    await runBundleJob(db, job.id, { origin: ORIGIN })
    const status = bundleJobStatus(db, ctx.actor, job.id)
    expect(status).toMatchObject({ status: 'done', progress: 2, total: 2, label: '2/2 biên bản', downloadUrl: `/exports/${job.id}.zip` })
    expect(() => bundleJobStatus(db, actorOf('bithu'), job.id)).toThrow(expect.objectContaining({ status: 404 }))

    const { filePath } = bundleJobFile(db, ctx.actor, job.id)
    expect(filePath.endsWith(`exports/${job.id}.zip`)).toBe(true)
    const files = unzipSync(new Uint8Array(fs.readFileSync(filePath)))
    expect(Object.keys(files).sort()).toEqual([
      'Chi bộ Khu phố 3/2026-06-05 bien-ban.docx',
      'Chi bộ Khu phố 3/2026-06-05 nghi-quyet.docx',
      'Chi bộ Khu phố 3/2026-07-05 bien-ban.docx',
      'Chi bộ Khu phố 3/2026-07-05 nghi-quyet.docx',
      'manifest.csv',
      'manifest.json',
    ])
    // The files are the same documents as the single downloads.
    const single = await minutesDocx(db, actorOf('bithu'), a.id, { origin: ORIGIN })
    expect(Buffer.from(files['Chi bộ Khu phố 3/2026-06-05 bien-ban.docx']).equals(single.buffer)).toBe(true)

    const manifest = JSON.parse(strFromU8(files['manifest.json'])) as { year: number; entries: { meetingId: string; hash: string; verifyCode: string; numbers: { minutes: string; resolution: string }; signers: { role: string; name: string }[] }[] }
    expect(manifest.year).toBe(2026)
    expect(manifest.entries.map((e) => e.meetingId)).toEqual([a.id, b.id])
    for (const [entry, version] of [
      [manifest.entries[0], va],
      [manifest.entries[1], vb],
    ] as const) {
      expect(entry.hash).toBe(version.hash)
      expect(entry.hash).toBe(crypto.createHash('sha256').update(version.snapshot).digest('hex'))
      expect(entry.verifyCode).toBe(version.verifyCode)
      expect(entry.signers.map((s) => s.name).sort()).toEqual(['Nguyễn Văn Hùng', 'Trần Thị Bích Ngọc'])
    }
    expect(manifest.entries.map((e) => e.numbers)).toEqual([
      { minutes: '01-BB/CB', resolution: '01-NQ/CB' },
      { minutes: '02-BB/CB', resolution: '02-NQ/CB' },
    ])
    expect(verifyCellChain(db, demo.orgs.kp3.id).problems).toEqual([])
    const csv = strFromU8(files['manifest.csv']).replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(csv).toHaveLength(3)
    expect(csv[0].split(',').slice(0, 3)).toEqual(['meeting_id', 'cell_id', 'cell_name'])
    expect(csv[1]).toContain(va.hash)
    expect(csv[2]).toContain(vb.verifyCode)
    // A new job may start now that this one is done.
    expect(startBundleJob(db, ctx, { orgId: demo.orgs.upper.id, year: 2025 }).id).not.toBe(job.id)
  })

  it('is for the cell’s secretary or deputy and for inspectors and admins above, not for members', async () => {
    expect(() => startBundleJob(db, ctxOf('dangvien'), { orgId: demo.orgs.kp3.id, year: 2026 })).toThrow(expect.objectContaining({ status: 403 }))
    expect(() => startBundleJob(db, ctxOf('bithu'), { orgId: demo.orgs.upper.id, year: 2026 })).toThrow(expect.objectContaining({ status: 404 }))
    expect(() => startBundleJob(db, ctxOf('bithukhoanoi'), { orgId: demo.orgs.kp3.id, year: 2026 })).toThrow(expect.objectContaining({ status: 404 }))
    const job = startBundleJob(db, ctxOf('phobithu'), { orgId: demo.orgs.kp3.id, year: 2026 })
    await runBundleJob(db, job.id)
    // A year without signed minutes: an empty bundle with its manifests.
    expect(db.select().from(exportJobs).where(eq(exportJobs.id, job.id)).get()).toMatchObject({ status: 'done', progress: 0, total: 0 })
    const files = unzipSync(new Uint8Array(fs.readFileSync(bundleJobFile(db, ctxOf('phobithu').actor, job.id).filePath)))
    expect(Object.keys(files).sort()).toEqual(['manifest.csv', 'manifest.json'])
    expect(startBundleJob(db, ctxOf('quantriphuong'), { orgId: demo.orgs.upper.id, year: 2026 }).status).toBe('queued')
  })
})

describe('the rules of the view models', () => {
  it('name the resolution after the month, or the topic of a thematic meeting', () => {
    expect(resolutionSubject({ type: 'regular', title: 'Sinh hoạt chi bộ thường kỳ tháng 02 năm 2026' })).toBe('về lãnh đạo thực hiện nhiệm vụ tháng 02 năm 2026')
    expect(resolutionSubject({ type: 'thematic', title: 'Sinh hoạt chuyên đề: Học tập và làm theo tư tưởng Hồ Chí Minh' })).toBe('về học tập và làm theo tư tưởng Hồ Chí Minh')
    expect(resolutionSubject({ type: 'thematic', title: 'Sinh hoạt chuyên đề: Nghị quyết 21-NQ/TW về tổ chức cơ sở đảng' })).toBe('về Nghị quyết 21-NQ/TW về tổ chức cơ sở đảng')
    expect(resolutionSubject({ type: 'combined', title: 'Thường kỳ kết hợp chuyên đề tháng 6 năm 2026: Chuyển đổi số' })).toBe('về lãnh đạo thực hiện nhiệm vụ tháng 6 năm 2026')
    expect(meetingLabel({ type: 'combined', title: 'Thường kỳ kết hợp chuyên đề tháng 6 năm 2026: Chuyển đổi số' })).toBe('sinh hoạt thường kỳ kết hợp chuyên đề tháng 6 năm 2026 về chuyển đổi số')
    expect(lowerFirst('Thông qua nghị quyết tháng 02')).toBe('thông qua nghị quyết tháng 02')
    expect(lowerFirst('ĐU phường')).toBe('ĐU phường')
    expect(resolutionRecipients('Đảng bộ Bệnh viện đa khoa Ba Đình')[0]).toBe('Đảng ủy Bệnh viện đa khoa Ba Đình (để báo cáo),')
    expect(resolutionRecipients(null)).toEqual(['Đảng viên trong chi bộ,', 'Lưu Chi bộ.'])
  })

  it("keep every narrative section in order and add the record's blocks the narrative lacks", () => {
    const vm = sampleMinutes()
    const sections = narrativeSections(
      [
        { key: 'content', title: 'II. NỘI DUNG', body: docFromParagraphs(['Đ/c Hoàng Văn Long: ý kiến.']) },
        { key: 'ending', title: 'KẾT THÚC', body: docFromParagraphs(['Buổi sinh hoạt kết thúc lúc … giờ … phút cùng ngày.', '(Lưu ý: thời lượng 40 phút, dưới mức tối thiểu 90 phút.)']) },
      ],
      vm,
    )
    expect(sections.map((s) => [s.key, s.title, s.parts.map((p) => (p.type === 'record' ? p.block : 'text'))])).toEqual([
      ['general', null, ['facts']],
      ['content', 'NỘI DUNG', ['text']],
      ['votes', 'BIỂU QUYẾT', ['votes']],
      ['tasks', 'PHÂN CÔNG NHIỆM VỤ', ['tasks']],
      ['quality', 'TỰ ĐÁNH GIÁ CHẤT LƯỢNG', ['quality']],
      ['ending', null, ['ending']],
    ])
  })
})

describe('template previews', () => {
  it("preview an organisation's uploaded template on its latest signed meeting, as a draft without a number", async () => {
    const { id } = heldMeeting(6)
    await signBoth(id)
    const upload = await uploadTemplate(db, ctxOf('admin'), demo.orgs.upper.id, { kind: 'minutes_regular', fileName: 'bien-ban-phuong.docx', content: await loadDefaultTemplate('minutes_regular') })
    expect(upload.ok).toBe(true)
    if (!upload.ok) return
    const preview = await renderTemplatePreview(db, actorOf('admin'), upload.template.id)
    const text = docText(preview.content)
    expect(text).toContain('Sinh hoạt chi bộ thường kỳ tháng 6 năm 2026')
    expect(text).toContain('Đ/c Lê Văn Nam: Đề nghị tăng cường nắm tình hình tư tưởng của đảng viên.')
    expect(text).toContain('DỰ THẢO')
    expect(text).not.toContain('BB/CB')
  })
})

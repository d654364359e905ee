// Full-text search against a real SQLite file with the demo organisations and accounts: folded
// matching ("nghi quyet" finds "nghị quyết"), who finds what (published agendas, signed minutes,
// private drafts, inspectors' subtrees), the triggers keeping the index current, ranking, paging.
import { eq, sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { agendaItems, contributions, documents, inspectionRemarks, meetings, minutes, minutesVersions, organizations } from '../../db/schema'
import { seedDemo, type DemoIds } from '../../db/seed/demo'
import type { Actor } from '~/domain/permissions'
import { createDocument, updateDocument } from '~/models/documents.server'
import { drainSearchQueue, rebuildSearchIndex, search, searchIndexPending, type SearchKind } from '~/models/search.server'
import { docFromParagraphs, docFromText } from '~/rich-text/from-text'
import { createTestDb } from '../db'
import { createUserWithGrants, systemCtx } from '../factories'

type TestDb = ReturnType<typeof createTestDb>
let db: TestDb
let demo: DemoIds
/** Each new meeting takes the next month of 2026 (titles "… tháng 01 năm 2026", "… tháng 02 …"). */
let month = 0

beforeEach(async () => {
  month = 0
  db = createTestDb()
  demo = await seedDemo(db)
})
afterEach(() => db.cleanup())

const actor = (name: keyof DemoIds['accounts']): Actor => demo.accounts[name].actor

/**
 * What `who` finds for `q` (first page of 100), optionally of one kind, by title — for an agenda (one
 * result per meeting, titled with the meeting) the item it links to, as the result's second line.
 */
function titles(who: Actor, q: string, kind?: SearchKind): string[] {
  return search(db, who, q, { pageSize: 100, kind }).results.map((r) => (r.kind === 'agenda' ? (r.subtitle ?? r.title) : r.title))
}

function meeting(cellId: string, overrides: Partial<typeof meetings.$inferInsert> = {}) {
  month += 1
  return db
    .insert(meetings)
    .values({
      cellId,
      type: 'regular',
      periodYear: 2026,
      periodMonth: ((month - 1) % 12) + 1,
      startsAt: `2026-${String(((month - 1) % 12) + 1).padStart(2, '0')}-05T07:00:00.000Z`,
      status: 'prepared',
      publishedAt: '2026-01-01T00:00:00.000Z',
      ...overrides,
    })
    .returning()
    .get()
}

function agendaItem(meetingId: string, title: string, body = '', position = 1) {
  return db
    .insert(agendaItems)
    .values({ meetingId, position, section: 'content', title, body: body ? docFromText(body) : null })
    .returning()
    .get()
}

function document(orgId: string, title: string, overrides: Partial<typeof documents.$inferInsert> = {}) {
  return db
    .insert(documents)
    .values({ orgId, own: true, docType: 'NQ', issuer: 'Chi bộ', title, issuedOn: '2026-03-05', ...overrides })
    .returning()
    .get()
}

function signVersion(m: { id: string; cellId: string }, narrative: string, versionNo = 1) {
  return db
    .insert(minutesVersions)
    .values({
      meetingId: m.id,
      cellId: m.cellId,
      versionNo,
      status: 'signed',
      snapshot: JSON.stringify({ record: {}, narrative: [{ key: 'content', title: 'Nội dung', body: docFromText(narrative) }] }),
      hash: `hash-${m.id}-${versionNo}`,
      verifyCode: `CODE${month}${versionNo}${Math.random().toString(36).slice(2, 8)}`,
      signedAt: '2026-03-06T03:00:00.000Z',
      chainSeq: versionNo,
    })
    .returning()
    .get()
}

describe('diacritic-insensitive matching', () => {
  test('"nghi quyet" finds a resolution by its title and an agenda item by its body', () => {
    const resolution = document(demo.orgs.kp3.id, 'Nghị quyết số 05-NQ/CB về lãnh đạo thực hiện nhiệm vụ tháng 3 năm 2026', { numberText: '05-NQ/CB' })
    const m = meeting(demo.orgs.kp3.id)
    const item = agendaItem(m.id, 'Nhiệm vụ tháng tới', 'Chi bộ quán triệt và triển khai thực hiện nghị quyết của Đảng ủy phường về công tác dân vận.')
    agendaItem(m.id, 'Khai mạc', 'Đồng chí Bí thư khai mạc buổi sinh hoạt.', 2)

    const outcome = search(db, actor('dangvien'), 'nghi quyet')
    expect(outcome.status).toBe('ok')
    const doc = outcome.results.find((r) => r.kind === 'document')
    expect(doc).toMatchObject({
      title: resolution.title,
      kindLabel: 'Nghị quyết / văn bản',
      href: `/documents/${resolution.id}`,
      cellName: 'Chi bộ Khu phố 3',
      date: '2026-03-05',
    })
    expect(doc?.titleHtml).toContain('<mark>Nghị</mark> <mark>quyết</mark> số 05-NQ/CB')
    const agenda = outcome.results.find((r) => r.kind === 'agenda')
    expect(agenda).toMatchObject({
      title: 'Sinh hoạt chi bộ thường kỳ tháng 01 năm 2026',
      subtitle: 'Nhiệm vụ tháng tới',
      kindLabel: 'Chương trình',
      href: `/meetings/${m.id}#item-${item.id}`,
    })
    expect(agenda?.snippetHtml).toContain('triển khai thực hiện <mark>nghị</mark> <mark>quyết</mark> của Đảng ủy phường')
    expect(outcome.results.map((r) => r.title)).not.toContain('Khai mạc')

    // The number alone, the symbol and a prefix of the last word find it too.
    expect(titles(actor('dangvien'), 'nghi quyet 05')).toContain(resolution.title)
    expect(titles(actor('dangvien'), '05-NQ/CB')).toContain(resolution.title)
    expect(titles(actor('dangvien'), 'Nghị quy')).toEqual(expect.arrayContaining([resolution.title, 'Nhiệm vụ tháng tới']))
  })

  test('"dang vien" finds "đảng viên" and "ĐẢNG VIÊN"', () => {
    agendaItem(meeting(demo.orgs.kp3.id).id, 'Xét kết nạp ĐẢNG VIÊN', 'Chi bộ xem xét hồ sơ quần chúng ưu tú.')
    agendaItem(meeting(demo.orgs.kp3.id).id, 'Sinh hoạt tư tưởng', 'Mỗi đảng viên nêu cao tinh thần trách nhiệm nêu gương.')
    const found = search(db, actor('dangvien'), 'dang vien')
    expect(found.results.map((r) => r.subtitle).sort()).toEqual(['Sinh hoạt tư tưởng', 'Xét kết nạp ĐẢNG VIÊN'])
    expect(found.results.find((r) => r.subtitle === 'Sinh hoạt tư tưởng')?.snippetHtml).toBe('Mỗi <mark>đảng</mark> <mark>viên</mark> nêu cao tinh thần trách nhiệm nêu gương.')
  })

  test('empty, too short and hostile queries are answered, never an FTS5 error', () => {
    agendaItem(meeting(demo.orgs.kp3.id).id, 'Nghị quyết tháng', 'nghị quyết')
    expect(search(db, actor('dangvien'), '')).toMatchObject({ status: 'empty', total: 0, results: [] })
    const short = search(db, actor('dangvien'), 'n')
    expect(short.status).toBe('too_short')
    expect(short.hint).toMatch(/ít nhất 2 chữ/)
    for (const q of ['nghi" OR "', 'NEAR(nghi', 'title:*', '"""', 'nghi AND', '^quyet', 'nghi) OR (1']) {
      expect(() => search(db, actor('dangvien'), q), q).not.toThrow()
    }
    // Quotes are dropped and OR is an ordinary word that must occur like the others.
    expect(titles(actor('dangvien'), '"nghi" "quyet"')).toEqual(['Nghị quyết tháng'])
    expect(titles(actor('dangvien'), 'nghi" OR "quyet')).toEqual([])
  })
})

describe('within what the user may read', () => {
  test('an unpublished agenda is found by those who prepare it, not by members or inspectors', () => {
    const m = meeting(demo.orgs.kp3.id, { status: 'planned', publishedAt: null })
    agendaItem(m.id, 'Dự thảo nội dung chuyên đề', 'Học tập chuyên đề về phòng chống lãng phí.')
    expect(titles(actor('dangvien'), 'lang phi')).toEqual([])
    expect(titles(actor('kiemtra'), 'lang phi')).toEqual([])
    expect(titles(actor('bithu'), 'lang phi')).toEqual(['Dự thảo nội dung chuyên đề'])
    expect(titles(actor('chiuy'), 'lang phi')).toEqual(['Dự thảo nội dung chuyên đề'])

    // Publishing (a change to the meeting) reaches the index through the meetings trigger.
    db.update(meetings).set({ status: 'prepared', publishedAt: '2026-03-01T00:00:00.000Z' }).where(eq(meetings.id, m.id)).run()
    expect(titles(actor('dangvien'), 'lang phi')).toEqual(['Dự thảo nội dung chuyên đề'])
  })

  test("a member finds nothing of another cell, but the upper bodies' documents", () => {
    const kp5Meeting = meeting(demo.orgs.kp5.id)
    agendaItem(kp5Meeting.id, 'Công tác vệ sinh môi trường khu phố 5', 'Ra quân vệ sinh môi trường.')
    document(demo.orgs.kp5.id, 'Nghị quyết về vệ sinh môi trường của Khu phố 5')
    document(demo.orgs.upper.id, 'Nghị quyết của Đảng ủy phường về vệ sinh môi trường', { issuer: 'Đảng ủy phường Ba Đình' })
    document(demo.orgs.school.id, 'Kế hoạch vệ sinh môi trường trường học')
    expect(titles(actor('dangvien'), 've sinh moi truong')).toEqual(['Nghị quyết của Đảng ủy phường về vệ sinh môi trường'])
    expect(titles(actor('bithu'), 've sinh moi truong')).toEqual(['Nghị quyết của Đảng ủy phường về vệ sinh môi trường'])
    expect(titles(actor('kiemtra'), 've sinh moi truong').sort()).toHaveLength(4)
  })

  test('an inspector of the school đảng bộ finds nothing of the hospital', () => {
    const hospitalMeeting = meeting(demo.orgs.internal.id, { status: 'signed' })
    agendaItem(hospitalMeeting.id, 'Công tác chuyển đổi số Khoa Nội', 'Triển khai bệnh án điện tử.')
    db.insert(minutes).values({ meetingId: hospitalMeeting.id, sections: [{ key: 'content', title: 'Nội dung', body: docFromText('Chuyển đổi số trong khám chữa bệnh.') }] }).run()
    signVersion(hospitalMeeting, 'Chuyển đổi số trong khám chữa bệnh.')
    document(demo.orgs.hospital.id, 'Nghị quyết về chuyển đổi số của Đảng ủy Bệnh viện')
    const surgeryMeeting = meeting(demo.orgs.surgery.id)
    agendaItem(surgeryMeeting.id, 'Chuyển đổi số Khoa Ngoại', 'Phòng mổ thông minh.')
    const mathMeeting = meeting(demo.orgs.math.id)
    agendaItem(mathMeeting.id, 'Chuyển đổi số trong dạy học môn Toán', 'Ứng dụng phần mềm GeoGebra.')

    const school = search(db, actor('kiemtratruong'), 'chuyen doi so')
    expect(school.results.map((r) => r.subtitle)).toEqual(['Chuyển đổi số trong dạy học môn Toán'])
    expect(school.total).toBe(1)
    const upper = search(db, actor('kiemtra'), 'chuyen doi so')
    expect(upper.total).toBe(5)
    expect(upper.counts).toMatchObject({ agenda: 3, minutes: 1, document: 1 })
    expect(titles(actor('bithukhoanoi'), 'chuyen doi so').sort()).toEqual(
      ['Biên bản sinh hoạt chi bộ thường kỳ tháng 01 năm 2026', 'Công tác chuyển đổi số Khoa Nội', 'Nghị quyết về chuyển đổi số của Đảng ủy Bệnh viện'].sort(),
    )
  })

  test('members read the signed minutes; those who draft read the narrative being written — one result each', () => {
    const m = meeting(demo.orgs.kp3.id, { status: 'minutes_draft', chairMemberId: demo.people.hung.id, secretaryMemberId: demo.people.hoa.id })
    db.insert(minutes).values({ meetingId: m.id, sections: [{ key: 'content', title: 'Nội dung', body: docFromText('Chi bộ bàn về công tác phòng cháy chữa cháy (bản nháp).') }] }).run()
    expect(titles(actor('dangvien2'), 'phong chay')).toEqual([])
    expect(titles(actor('kiemtra'), 'phong chay')).toHaveLength(1)
    expect(titles(actor('bithu'), 'phong chay')).toHaveLength(1)
    // The minute-taker is a plain member by grant, but drafts the minutes of this meeting.
    expect(titles(actor('dangvien'), 'phong chay')).toHaveLength(1)

    signVersion(m, 'Chi bộ bàn về công tác phòng cháy chữa cháy (bản đã ký).')
    db.update(meetings).set({ status: 'signed' }).where(eq(meetings.id, m.id)).run()
    const member = search(db, actor('dangvien2'), 'phong chay')
    expect(member.results).toHaveLength(1)
    expect(member.results[0]).toMatchObject({ kind: 'minutes', kindLabel: 'Biên bản', href: `/meetings/${m.id}/minutes` })
    expect(member.results[0].snippetHtml).toContain('bản đã ký')
    expect(member.results[0].subtitle).toBe('Đã ký ngày 06/03/2026')
    expect(titles(actor('dangvien2'), 'ban nhap')).toEqual([])

    const secretary = search(db, actor('bithu'), 'phong chay')
    expect(secretary.results).toHaveLength(1)
    expect(secretary.results[0].snippetHtml).toContain('bản nháp')
  })

  test('a draft contribution is found by its author only; submitted, by the cell committee too', async () => {
    const m = meeting(demo.orgs.kp3.id, { type: 'thematic', topic: 'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh', contributionsOpen: true })
    const c = db
      .insert(contributions)
      .values({ meetingId: m.id, memberId: demo.people.hoa.id, title: 'Ý kiến về nêu gương', body: docFromText('Đề nghị mỗi đảng viên đăng ký một việc làm theo gương Bác.') })
      .returning()
      .get()
    const mathSecretary = await createUserWithGrants(db, { username: 'bithutoan', displayName: 'Bí thư Tổ Toán', grants: [{ orgId: demo.orgs.math.id, role: 'secretary' }] })

    const mine = search(db, actor('dangvien'), 'lam theo guong')
    expect(mine.results).toHaveLength(1)
    expect(mine.results[0]).toMatchObject({ kind: 'contribution', kindLabel: 'Ý kiến đóng góp', href: `/meetings/${m.id}/contribute?id=${c.id}` })
    for (const other of [actor('dangvien2'), actor('bithu'), actor('kiemtra'), actor('admin'), mathSecretary.actor]) {
      expect(titles(other, 'lam theo guong')).toEqual([])
    }

    db.update(contributions).set({ status: 'submitted', submittedAt: '2026-03-01T00:00:00.000Z' }).where(eq(contributions.id, c.id)).run()
    expect(search(db, actor('bithu'), 'lam theo guong').results[0]).toMatchObject({ href: `/meetings/${m.id}/contributions#c-${c.id}` })
    expect(titles(actor('chiuy'), 'lam theo guong')).toEqual(['Ý kiến về nêu gương'])
    expect(titles(actor('dangvien2'), 'lam theo guong')).toEqual([])
    expect(titles(mathSecretary.actor, 'lam theo guong')).toEqual([])
  })

  test('inspection remarks: the author while a draft; then the cell committee and inspectors of the subtree', async () => {
    const mathSecretary = await createUserWithGrants(db, { username: 'bithutoan', displayName: 'Bí thư Tổ Toán', memberId: demo.members.math[0].id, grants: [{ orgId: demo.orgs.math.id, role: 'secretary' }] })
    const mathMember = await createUserWithGrants(db, { username: 'dangvientoan', displayName: 'Đảng viên Tổ Toán', memberId: demo.members.math[5].id, grants: [{ orgId: demo.orgs.math.id, role: 'member' }] })
    const m = meeting(demo.orgs.math.id, { status: 'signed' })
    const remark = db
      .insert(inspectionRemarks)
      .values({
        orgId: demo.orgs.math.id,
        meetingId: m.id,
        inspectorUserId: demo.accounts.kiemtratruong.user.id,
        inspectorName: 'Lương Thị Thu Hà',
        remarks: 'Biên bản chưa ghi đủ ý kiến thảo luận của đảng viên.',
        requestedFixes: 'Bổ sung ý kiến thảo luận vào biên bản.',
        status: 'draft',
      })
      .returning()
      .get()
    expect(titles(actor('kiemtratruong'), 'y kien thao luan')).toHaveLength(1)
    for (const other of [mathSecretary.actor, mathMember.actor, actor('kiemtra')]) expect(titles(other, 'y kien thao luan')).toEqual([])

    db.update(inspectionRemarks).set({ status: 'open', signedAt: '2026-04-01T02:00:00.000Z' }).where(eq(inspectionRemarks.id, remark.id)).run()
    const secretary = search(db, mathSecretary.actor, 'y kien thao luan')
    expect(secretary.results[0]).toMatchObject({
      kind: 'remark',
      kindLabel: 'Nhận xét kiểm tra',
      title: 'Nhận xét kiểm tra: Sinh hoạt chi bộ thường kỳ tháng 01 năm 2026',
      href: `/remarks/${remark.id}`,
      cellName: 'Chi bộ Tổ Toán – Tin',
    })
    expect(secretary.results[0].snippetHtml).toContain('Yêu cầu khắc phục: Bổ sung <mark>ý</mark> <mark>kiến</mark> <mark>thảo</mark> <mark>luận</mark>')
    expect(titles(actor('kiemtra'), 'y kien thao luan')).toHaveLength(1)
    expect(titles(mathMember.actor, 'y kien thao luan')).toEqual([])
    expect(titles(actor('bithukhoanoi'), 'y kien thao luan')).toEqual([])
  })

  test('criticism items are never searchable', () => {
    const tables = db.all<{ kind: string }>(sql`SELECT DISTINCT kind FROM search_docs`)
    expect(tables.map((t) => t.kind)).not.toContain('criticism')
    const triggers = db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'criticism_items'`)
    expect(triggers).toEqual([])
  })
})

describe('one result per meeting agenda, one per signed minutes', () => {
  test('a word in the text of several agenda items finds the meeting once, linked to the item where it occurs', () => {
    const m = meeting(demo.orgs.kp3.id)
    agendaItem(m.id, 'Khai mạc', 'Đồng chí Bí thư khai mạc buổi sinh hoạt.', 1)
    const dues = agendaItem(m.id, 'Thu nộp đảng phí', 'Các đồng chí nộp đảng phí quý I đầy đủ, đúng hạn.', 2)
    agendaItem(m.id, 'Nhiệm vụ tháng tới', 'Tiếp tục thu đảng phí của đảng viên đi công tác xa.', 3)
    const found = search(db, actor('dangvien'), 'dang phi')
    expect(found.total).toBe(1)
    expect(found.results).toHaveLength(1)
    expect(found.results[0]).toMatchObject({ kind: 'agenda', title: 'Sinh hoạt chi bộ thường kỳ tháng 01 năm 2026', subtitle: 'Thu nộp đảng phí', href: `/meetings/${m.id}#item-${dues.id}` })
    expect(found.results[0].snippetHtml).toBe('Các đồng chí nộp <mark>đảng</mark> <mark>phí</mark> quý I đầy đủ, đúng hạn.')
    expect(db.get<{ n: number }>(sql`SELECT count(*) AS n FROM search_docs WHERE kind = 'agenda' AND ref_id = ${m.id}`).n).toBe(1)
  })

  test("editing an item's text changes what finds the meeting; a meeting title alone links to the agenda", () => {
    const m = meeting(demo.orgs.kp3.id)
    const item = agendaItem(m.id, 'Công tác an ninh trật tự', 'Phối hợp với công an phường tuần tra ban đêm.')
    expect(titles(actor('dangvien'), 'tuan tra')).toEqual(['Công tác an ninh trật tự'])
    db.update(agendaItems).set({ body: docFromText('Vận động nhân dân lắp camera an ninh.') }).where(eq(agendaItems.id, item.id)).run()
    expect(titles(actor('dangvien'), 'tuan tra')).toEqual([])
    const found = search(db, actor('dangvien'), 'lap camera')
    expect(found.results.map((r) => r.href)).toEqual([`/meetings/${m.id}#item-${item.id}`])
    expect(found.results[0].snippetHtml).toContain('<mark>lắp</mark> <mark>camera</mark>')
    // "thường kỳ" is only in the meeting's title: the result opens the agenda itself.
    expect(search(db, actor('dangvien'), 'thuong ky', { kind: 'agenda' }).results.map((r) => r.href)).toEqual([`/meetings/${m.id}`])
  })

  test('the last word completes to every indexed word it begins, and to nothing else', () => {
    agendaItem(meeting(demo.orgs.kp3.id).id, 'Thu nộp đảng phí', 'Nộp đảng phí quý II.')
    agendaItem(meeting(demo.orgs.kp3.id).id, 'Phiếu biểu quyết', 'Phát phiếu biểu quyết cho đảng viên.')
    agendaItem(meeting(demo.orgs.kp5.id).id, 'Phiên họp khu phố 5', 'Phiên họp mở rộng.')
    expect(titles(actor('dangvien'), 'phi').sort()).toEqual(['Phiếu biểu quyết', 'Thu nộp đảng phí'])
    expect(titles(actor('dangvien'), 'dang phi').sort()).toEqual(['Phiếu biểu quyết', 'Thu nộp đảng phí'])
    expect(titles(actor('dangvien'), 'phieu')).toEqual(['Phiếu biểu quyết'])
    expect(search(db, actor('dangvien'), 'phix')).toMatchObject({ status: 'ok', total: 0, results: [] })
  })

  test('signed minutes whose text the drafters did not change are one row, found once by a member and once by the secretary', () => {
    const text = 'Chi bộ thống nhất phương án tổ chức Tết Trung thu cho thiếu nhi khu phố.'
    const m = meeting(demo.orgs.kp3.id, { status: 'minutes_draft', chairMemberId: demo.people.hung.id, secretaryMemberId: demo.people.hoa.id })
    db.insert(minutes).values({ meetingId: m.id, sections: [{ key: 'content', title: 'Nội dung', body: docFromText(text) }] }).run()
    expect(titles(actor('dangvien2'), 'tet trung thu')).toEqual([])
    expect(titles(actor('bithu'), 'tet trung thu')).toHaveLength(1)
    signVersion(m, text)
    db.update(meetings).set({ status: 'signed' }).where(eq(meetings.id, m.id)).run()
    for (const who of [actor('dangvien2'), actor('bithu'), actor('dangvien'), actor('kiemtra')]) {
      const found = search(db, who, 'tet trung thu')
      expect(found.total).toBe(1)
      expect(found.results[0]).toMatchObject({ kind: 'minutes', href: `/meetings/${m.id}/minutes`, subtitle: 'Đã ký ngày 06/03/2026' })
    }
    expect(db.all<{ variant: string }>(sql`SELECT variant FROM search_docs WHERE kind = 'minutes' AND ref_id = ${m.id}`)).toEqual([{ variant: '' }])

    // A correction in progress: members keep the signed text, the secretary sees the new draft.
    db.update(meetings).set({ status: 'minutes_draft' }).where(eq(meetings.id, m.id)).run()
    db.update(minutes).set({ sections: [{ key: 'content', title: 'Nội dung', body: docFromText(`${text} Bổ sung: mời Hội Khuyến học cùng tham gia.`) }] }).where(eq(minutes.meetingId, m.id)).run()
    expect(titles(actor('dangvien2'), 'khuyen hoc')).toEqual([])
    expect(search(db, actor('dangvien2'), 'tet trung thu').results[0].subtitle).toBe('Đã ký ngày 06/03/2026')
    expect(search(db, actor('bithu'), 'khuyen hoc').results[0]).toMatchObject({ kind: 'minutes', subtitle: 'Đang lập bản đính chính' })
    expect(search(db, actor('bithu'), 'tet trung thu').total).toBe(1)
  })
})

describe('keeping the index current', () => {
  test("changing a document's title changes what is found; deleting it removes it", () => {
    const doc = document(demo.orgs.kp3.id, 'Nghị quyết về công tác khuyến học')
    expect(titles(actor('dangvien'), 'khuyen hoc')).toEqual(['Nghị quyết về công tác khuyến học'])
    db.update(documents).set({ title: 'Nghị quyết về xây dựng xã hội học tập' }).where(eq(documents.id, doc.id)).run()
    expect(titles(actor('dangvien'), 'khuyen hoc')).toEqual([])
    expect(titles(actor('dangvien'), 'xa hoi hoc tap')).toEqual(['Nghị quyết về xây dựng xã hội học tập'])
    db.delete(documents).where(eq(documents.id, doc.id)).run()
    expect(titles(actor('dangvien'), 'xa hoi hoc tap')).toEqual([])
    expect(db.get<{ n: number }>(sql`SELECT count(*) AS n FROM search_docs WHERE ref_id = ${doc.id}`).n).toBe(0)
  })

  test('through the documents model too, and a deleted meeting takes its agenda with it', () => {
    const created = createDocument(db, { actor: actor('bithu'), ip: null }, {
      orgId: demo.orgs.kp3.id,
      own: true,
      docType: 'NQ',
      numberText: '07-NQ/CB',
      issuedOn: '2026-07-05',
      title: 'Nghị quyết về phong trào thi đua',
      status: 'in_force',
      body: docFromParagraphs(['Phát động phong trào thi đua yêu nước.']),
    })
    expect(titles(actor('dangvien'), 'thi dua')).toEqual(['Nghị quyết về phong trào thi đua'])
    updateDocument(db, { actor: actor('bithu'), ip: null }, created.id, {
      own: true,
      docType: 'NQ',
      numberText: created.numberText,
      issuedOn: created.issuedOn,
      title: 'Nghị quyết về phong trào thi đua năm 2026',
      status: 'in_force',
      version: created.version,
    })
    expect(titles(actor('dangvien'), 'thi dua 2026')).toEqual(['Nghị quyết về phong trào thi đua năm 2026'])

    const m = meeting(demo.orgs.kp3.id)
    agendaItem(m.id, 'Phát động thi đua', 'Thi đua lập thành tích.')
    expect(titles(actor('dangvien'), 'thi dua', 'agenda')).toEqual(['Phát động thi đua'])
    db.delete(meetings).where(eq(meetings.id, m.id)).run()
    expect(titles(actor('dangvien'), 'thi dua', 'agenda')).toEqual([])
  })

  test('an organisation moved under another body is searched with its new place', () => {
    agendaItem(meeting(demo.orgs.kp5.id).id, 'Tổ chức trung thu cho thiếu nhi', 'Vui trung thu.')
    expect(titles(actor('kiemtratruong'), 'trung thu')).toEqual([])
    const newPath = `${demo.orgs.school.path}${demo.orgs.kp5.id}/`
    db.update(organizations).set({ parentId: demo.orgs.school.id, path: newPath }).where(eq(organizations.id, demo.orgs.kp5.id)).run()
    expect(titles(actor('kiemtratruong'), 'trung thu')).toEqual(['Tổ chức trung thu cho thiếu nhi'])
  })

  test('the queue is drained by every search and a rebuild gives the same results', () => {
    const m = meeting(demo.orgs.kp3.id)
    agendaItem(m.id, 'Công tác an sinh xã hội', 'Thăm hỏi gia đình chính sách.')
    expect(searchIndexPending(db)).toBe(true)
    const before = search(db, actor('dangvien'), 'an sinh')
    expect(before.pending).toBe(false)
    expect(drainSearchQueue(db)).toBe(0)
    expect(rebuildSearchIndex(db)).toBeGreaterThan(0)
    expect(search(db, actor('dangvien'), 'an sinh').results).toEqual(before.results)
  })
})

describe('ranking and pages', () => {
  test('a match in a title (an agenda item\'s too) ranks above a match in the text only, even a newer one', () => {
    agendaItem(meeting(demo.orgs.kp3.id).id, 'Công tác dân vận', 'Chi bộ thảo luận, thống nhất các nội dung chuẩn bị cho tháng tới.')
    agendaItem(meeting(demo.orgs.kp3.id).id, 'Công tác chuẩn bị Đại hội', 'Chi bộ thảo luận về công tác dân vận và bảo vệ môi trường.')
    document(demo.orgs.kp3.id, 'Kế hoạch năm 2026', { body: docFromText('Đẩy mạnh công tác dân vận.'), issuedOn: '2026-12-01' })
    expect(titles(actor('dangvien'), 'dan van')).toEqual(['Công tác dân vận', 'Kế hoạch năm 2026', 'Công tác chuẩn bị Đại hội'])
  })

  test('results come in pages of the requested size, without repeats', () => {
    for (let i = 1; i <= 25; i++) document(demo.orgs.kp3.id, `Báo cáo kiểm điểm số ${i}`)
    const pages = [1, 2, 3].map((page) => search(db, actor('dangvien'), 'kiem diem', { page, pageSize: 10 }))
    expect(pages.map((p) => p.results.length)).toEqual([10, 10, 5])
    expect(pages[0]).toMatchObject({ total: 25, pages: 3, page: 1 })
    expect(new Set(pages.flatMap((p) => p.results.map((r) => r.title))).size).toBe(25)
    const beyond = search(db, actor('dangvien'), 'kiem diem', { page: 99, pageSize: 10 })
    expect(beyond.page).toBe(3)
    expect(beyond.results).toHaveLength(5)
  })

  test('a kind filter narrows the results; counts stay per kind', () => {
    const m = meeting(demo.orgs.kp3.id)
    agendaItem(m.id, 'Học tập nghị quyết', 'Quán triệt nghị quyết.')
    document(demo.orgs.kp3.id, 'Nghị quyết tháng 3')
    const all = search(db, actor('dangvien'), 'nghi quyet')
    const docs = search(db, actor('dangvien'), 'nghi quyet', { kind: 'document' })
    expect(all.total).toBe(2)
    expect(docs.total).toBe(1)
    expect(docs.counts).toEqual(all.counts)
    expect(docs.results.map((r) => r.kind)).toEqual(['document'])
  })

  test('a user without grants finds nothing', async () => {
    document(demo.orgs.upper.id, 'Nghị quyết của Đảng ủy phường')
    const nobody = await createUserWithGrants(db, { username: 'khach', displayName: 'Khách' })
    expect(search(db, nobody.actor, 'nghi quyet').total).toBe(0)
    expect(search(db, systemCtx.actor, 'nghi quyet').total).toBe(1)
  })
})

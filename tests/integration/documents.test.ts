// The documents register: who reads which register (documents flow down the tree, never sideways),
// who may write to it, diacritic-insensitive search, attachments, the agendas that referenced a
// document, and the legal-basis table.
import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import type { ActorContext } from '~/models/context'
import {
  checkAttachment,
  contentDisposition,
  createDocument,
  documentAttachment,
  DocumentSchema,
  getDocument,
  legalBasis,
  listDocuments,
  listLegalBasis,
  referencingAgendas,
  searchDocuments,
  updateDocument,
  updateLegalBasis,
  type DocumentInput,
} from '~/models/documents.server'
import { agendaItemLinks, agendaItems, auditLog, meetings } from '../../db/schema'
import { actorOn, expectStatus } from '../assertions'
import { createTestDb } from '../db'
import { createMembers, createOrg, rng, SYSTEM_ACTOR, systemCtx } from '../factories'

type TestDb = ReturnType<typeof createTestDb>
type Org = ReturnType<typeof createOrg>

const ctxOf = (actor: Actor): ActorContext => ({ actor, ip: '127.0.0.1' })

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n')
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
const DOCX = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode('....[Content_Types].xml....word/document.xml....')])

function doc(overrides: Partial<DocumentInput> = {}): DocumentInput {
  return {
    own: false,
    docType: 'NQ',
    numberText: null,
    issuedOn: null,
    issuer: 'Ban Chấp hành Trung ương',
    title: 'Văn bản',
    status: 'in_force',
    ...overrides,
  }
}

let db: TestDb
let orgs: { upper: Org; kp3: Org; kp5: Org; school: Org; math: Org; lit: Org }
let people: Record<'secretary' | 'deputy' | 'committee' | 'member' | 'kp5Secretary' | 'inspector' | 'wardAdmin', Actor>
let docs: Record<'central' | 'ward' | 'kp3Own' | 'kp5Own' | 'schoolOwn' | 'mathOwn', string>

beforeEach(() => {
  db = createTestDb()
  const upper = createOrg(db, { name: 'Đảng bộ phường Ba Đình', kind: 'upper' })
  const kp3 = createOrg(db, { name: 'Chi bộ Khu phố 3', kind: 'cell_base', parentId: upper.id })
  const kp5 = createOrg(db, { name: 'Chi bộ Khu phố 5', kind: 'cell_base', parentId: upper.id })
  const school = createOrg(db, { name: 'Đảng bộ Trường THPT Phan Đình Phùng', kind: 'grassroots', parentId: upper.id })
  const math = createOrg(db, { name: 'Chi bộ Tổ Toán – Tin', kind: 'cell_sub', parentId: school.id })
  const lit = createOrg(db, { name: 'Chi bộ Tổ Ngữ văn', kind: 'cell_sub', parentId: school.id })
  orgs = { upper, kp3, kp5, school, math, lit }
  const kp3Members = createMembers(db, rng(3), kp3.id, 4)
  people = {
    secretary: actorOn('bithu', [[kp3, 'secretary']], kp3Members[0].id),
    deputy: actorOn('phobithu', [[kp3, 'deputy']], kp3Members[1].id),
    committee: actorOn('chiuy', [[kp3, 'committee']], kp3Members[2].id),
    member: actorOn('dangvien', [[kp3, 'member']], kp3Members[3].id),
    kp5Secretary: actorOn('bithukp5', [[kp5, 'secretary']]),
    inspector: actorOn('kiemtratruong', [[school, 'inspector']]),
    wardAdmin: actorOn('quantriphuong', [[upper, 'admin']]),
  }
  docs = {
    central: createDocument(db, ctxOf(people.secretary), {
      ...doc({ numberText: '22-NQ/TW', issuedOn: '2008-02-02', title: 'Nghị quyết Hội nghị lần thứ sáu về nâng cao năng lực lãnh đạo' }),
      orgId: kp3.id,
    }).id,
    ward: createDocument(db, ctxOf(people.wardAdmin), {
      ...doc({ own: true, issuer: null, numberText: '15-NQ/ĐU', issuedOn: '2026-01-10', title: 'Nghị quyết về công tác xây dựng Đảng năm 2026' }),
      orgId: upper.id,
    }).id,
    kp3Own: createDocument(db, ctxOf(people.deputy), {
      ...doc({ own: true, issuer: null, numberText: 'Số 03-NQ/CB', issuedOn: '2026-03-05', title: 'Nghị quyết về lãnh đạo thực hiện nhiệm vụ tháng 3 năm 2026' }),
      orgId: kp3.id,
    }).id,
    kp5Own: createDocument(db, ctxOf(people.kp5Secretary), {
      ...doc({ own: true, issuer: null, numberText: '03-NQ/CB', issuedOn: '2026-03-06', title: 'Nghị quyết của Khu phố 5 tháng 3' }),
      orgId: kp5.id,
    }).id,
    schoolOwn: createDocument(db, ctxOf(people.wardAdmin), {
      ...doc({ own: true, issuer: null, docType: 'KH', title: 'Kế hoạch học tập chuyên đề năm 2026' }),
      orgId: school.id,
    }).id,
    mathOwn: createDocument(db, systemCtx, {
      ...doc({ own: true, issuer: null, numberText: '02-NQ/CB', title: 'Nghị quyết tổ Toán tháng 2' }),
      orgId: math.id,
    }).id,
  }
})
afterEach(() => db.cleanup())

const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort()

describe('who reads which register', () => {
  test('a cell member reads their cell’s and the upper body’s documents, not a sibling cell’s', () => {
    const { member } = people
    expect(ids(listDocuments(db, member).documents)).toEqual([docs.central, docs.ward, docs.kp3Own].sort())
    expect(getDocument(db, member, docs.ward).issuer).toBe('Đảng bộ phường Ba Đình')
    expect(getDocument(db, member, docs.kp3Own).citation).toBe('Nghị quyết số 03-NQ/CB ngày 05/03/2026 của Chi bộ Khu phố 3')
    expectStatus(404, () => getDocument(db, member, docs.kp5Own))
    expectStatus(404, () => getDocument(db, member, docs.schoolOwn))
    expectStatus(404, () => documentAttachment(db, member, docs.kp5Own))
  })

  test('a secretary of a sibling cell sees nothing of Khu phố 3', () => {
    const seen = ids(listDocuments(db, people.kp5Secretary).documents)
    expect(seen).toEqual([docs.ward, docs.kp5Own].sort())
    expectStatus(404, () => getDocument(db, people.kp5Secretary, docs.kp3Own))
    expectStatus(404, () => listDocuments(db, people.kp5Secretary, { orgId: orgs.kp3.id }))
  })

  test('an inspector of a subtree reads its documents and the ones above it, not other subtrees', () => {
    const seen = ids(listDocuments(db, people.inspector).documents)
    expect(seen).toEqual([docs.ward, docs.schoolOwn, docs.mathOwn].sort())
    expect(getDocument(db, people.inspector, docs.mathOwn).org.id).toBe(orgs.math.id)
    expectStatus(404, () => getDocument(db, people.inspector, docs.kp3Own))
    // The register as a cell of the school sees it: its own, the school's and the ward's.
    expect(ids(listDocuments(db, people.inspector, { orgId: orgs.lit.id }).documents)).toEqual([docs.ward, docs.schoolOwn].sort())
  })

  test('filters: own resolutions vs upper documents, type and status', () => {
    const { secretary } = people
    expect(ids(listDocuments(db, secretary, { own: true }).documents)).toEqual([docs.ward, docs.kp3Own].sort())
    expect(ids(listDocuments(db, secretary, { own: false }).documents)).toEqual([docs.central])
    expect(listDocuments(db, SYSTEM_ACTOR, { docType: 'KH' }).documents.map((d) => d.id)).toEqual([docs.schoolOwn])
    expect(listDocuments(db, secretary, { status: 'expired' }).total).toBe(0)
  })

  test('the list is paginated, newest first', () => {
    for (let i = 1; i <= 30; i++) {
      createDocument(db, ctxOf(people.secretary), { ...doc({ docType: 'TB', numberText: `${i}-TB/ĐU`, issuedOn: `2025-01-${String((i % 28) + 1).padStart(2, '0')}`, title: `Thông báo ${i}` }), orgId: orgs.kp3.id })
    }
    const first = listDocuments(db, people.member, { pageSize: 25 })
    expect(first.total).toBe(33)
    expect(first.documents).toHaveLength(25)
    expect(first.documents[0].id).toBe(docs.kp3Own)
    const second = listDocuments(db, people.member, { pageSize: 25, page: 2 })
    expect(second.documents).toHaveLength(8)
    expect(second.documents.at(-1)!.id).toBe(docs.central)
  })
})

describe('search', () => {
  test('is diacritic-insensitive over number, type, title and issuer', () => {
    const { member } = people
    const find = (q: string) => ids(listDocuments(db, member, { q }).documents)
    expect(find('nghi quyet 22')).toEqual([docs.central])
    expect(find('NGHỊ QUYẾT 22')).toEqual([docs.central])
    expect(find('22-nq/tw')).toEqual([docs.central])
    expect(find('nang cao nang luc')).toEqual([docs.central])
    expect(find('ban chap hanh trung uong')).toEqual([docs.central])
    expect(find('dang bo phuong')).toEqual([docs.ward])
    expect(find('khu pho 3 thang 3')).toEqual([docs.kp3Own])
    expect(find('nghi quyet 3')).toEqual([docs.kp3Own])
    expect(find('nghi quyet 03')).toEqual([docs.kp3Own])
    // A number stands alone: "2" does not find "22-NQ/TW" or "2026".
    expect(find('nghi quyet 2')).toEqual([])
    expect(find('khu pho 5')).toEqual([])
    // LIKE wildcards typed by the user are plain characters.
    expect(find('%')).toEqual([])
    expect(find('_')).toEqual([])
  })

  test('the picker’s JSON: label, number, title, limited to 20 and to what the user reads', () => {
    for (let i = 1; i <= 25; i++) {
      createDocument(db, ctxOf(people.secretary), { ...doc({ docType: 'CT', numberText: `${i}-CT/TW`, issuedOn: '2024-05-01', title: `Chỉ thị số ${i}` }), orgId: orgs.kp3.id })
    }
    expect(searchDocuments(db, people.member, 'chi thi')).toHaveLength(20)
    const [hit] = searchDocuments(db, people.member, 'nghi quyet 22')
    expect(hit).toEqual({
      id: docs.central,
      label: 'Nghị quyết số 22-NQ/TW ngày 02/02/2008 của Ban Chấp hành Trung ương',
      numberText: '22-NQ/TW',
      title: 'Nghị quyết Hội nghị lần thứ sáu về nâng cao năng lực lãnh đạo',
    })
    expect(searchDocuments(db, people.member, 'khu pho 5')).toEqual([])
    expect(searchDocuments(db, people.inspector, 'nghi quyet').map((d) => d.id).sort()).toEqual([docs.ward, docs.mathOwn].sort())
    expect(searchDocuments(db, people.inspector, 'nghi quyet', { orgId: orgs.lit.id }).map((d) => d.id)).toEqual([docs.ward])
  })
})

describe('writing to the register', () => {
  test('only the secretary or deputy (or an admin of the organisation) registers documents', () => {
    const input = { ...doc({ title: 'Chỉ thị mới' }), orgId: orgs.kp3.id }
    const denied = expectStatus(403, () => createDocument(db, ctxOf(people.member), input))
    expect(denied.message).toMatch(/bí thư, phó bí thư/)
    expectStatus(403, () => createDocument(db, ctxOf(people.committee), input))
    expectStatus(403, () => createDocument(db, ctxOf(people.inspector), { ...input, orgId: orgs.math.id }))
    expectStatus(404, () => createDocument(db, ctxOf(people.kp5Secretary), input))
    // A cell secretary reads the ward's documents but the ward's register is not theirs to open.
    expectStatus(404, () => createDocument(db, ctxOf(people.secretary), { ...input, orgId: orgs.upper.id }))
    expect(createDocument(db, ctxOf(people.wardAdmin), input).orgId).toBe(orgs.kp3.id)
  })

  test('editing: the register’s writers only, with optimistic concurrency', () => {
    const before = getDocument(db, people.secretary, docs.central)
    const edit = { ...doc({ numberText: '22-NQ/TW', issuedOn: '2008-02-02', title: before.title, status: 'replaced' as const, replacedBy: 'Nghị quyết số 21-NQ/TW' }), version: before.version }
    expectStatus(403, () => updateDocument(db, ctxOf(people.member), docs.central, edit))
    expectStatus(403, () => getDocument(db, people.secretary, docs.ward, 'edit'))
    expectStatus(404, () => updateDocument(db, ctxOf(people.kp5Secretary), docs.central, edit))
    const after = updateDocument(db, ctxOf(people.deputy), docs.central, edit)
    expect(after.status).toBe('replaced')
    expect(after.version).toBe(before.version + 1)
    expectStatus(409, () => updateDocument(db, ctxOf(people.secretary), docs.central, edit))
    const missing = expectStatus(422, () => updateDocument(db, ctxOf(people.secretary), docs.central, { ...edit, replacedBy: '', version: after.version }))
    expect(missing.field).toBe('replacedBy')
  })

  test('the form checks that the number agrees with the type, and asks for what a citation needs', () => {
    const base = { source: 'upper', docType: 'CT', numberText: '22-NQ/TW', issuer: 'Ban Chấp hành Trung ương', title: 'x', status: 'in_force' }
    const issues = (value: Record<string, string>) => {
      const r = DocumentSchema.safeParse(value)
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    }
    expect(issues(base)).toEqual(['numberText: Số hiệu 22-NQ/TW là số của nghị quyết (NQ), nhưng loại văn bản đã chọn là chỉ thị. Hãy sửa một trong hai.'])
    expect(issues({ ...base, docType: 'NQ', numberText: 'Số 22-NQ/TW' })).toEqual([])
    expect(issues({ ...base, docType: 'K' })).toEqual([])
    expect(issues({ ...base, docType: 'NQ', issuer: '' })[0]).toMatch(/^issuer: Hãy ghi cơ quan ban hành/)
    expect(issues({ ...base, docType: 'NQ', source: 'own', issuer: '' })).toEqual([])
    expect(issues({ ...base, docType: 'NQ', status: 'replaced' })[0]).toMatch(/^replacedBy:/)
  })

  test('every change is in the audit log, in the organisation’s scope', () => {
    const before = getDocument(db, people.secretary, docs.kp3Own)
    updateDocument(db, ctxOf(people.secretary), docs.kp3Own, {
      ...doc({ own: true, issuer: null, numberText: '03-NQ/CB', issuedOn: '2026-03-05', title: before.title, status: 'in_force' }),
      body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'I. Kết quả tháng 3' }] }] },
      version: before.version,
    })
    const entries = db.select().from(auditLog).where(eq(auditLog.entityId, docs.kp3Own)).all()
    expect(entries.map((e) => e.action)).toEqual(['document.create', 'document.update'])
    expect(entries[0].username).toBe('phobithu')
    expect(entries[0].orgPath).toBe(orgs.kp3.path)
    expect(entries[0].summary).toContain('Nghị quyết số 03-NQ/CB ngày 05/03/2026 của Chi bộ Khu phố 3')
    expect(entries[1].username).toBe('bithu')
    expect(entries[1].details).toMatchObject({ body: 'changed' })
  })

  test('the own resolution’s body is validated rich text; scripts and javascript: links are refused', () => {
    const base = { ...doc({ own: true, issuer: null, title: 'Nghị quyết tháng 4' }), orgId: orgs.kp3.id }
    const script = expectStatus(422, () => createDocument(db, ctxOf(people.secretary), { ...base, body: { type: 'doc', content: [{ type: 'script', text: 'alert(1)' }] } }))
    expect(script.field).toBe('body')
    expect(script.message).toMatch(/không được phép/)
    const link = expectStatus(422, () =>
      createDocument(db, ctxOf(people.secretary), {
        ...base,
        body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] },
      }),
    )
    expect(link.message).toMatch(/Liên kết không an toàn/)
    const ok = createDocument(db, ctxOf(people.secretary), { ...base, body: JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Nội dung' }] }] }) })
    expect(ok.body).toMatchObject({ type: 'doc' })
    expect(ok.issuer).toBe('Chi bộ Khu phố 3')
  })
})

describe('attachments', () => {
  test('a PDF, a .docx and an image are kept and served back', () => {
    const created = createDocument(db, ctxOf(people.secretary), { ...doc({ title: 'Có tệp' }), orgId: orgs.kp3.id, attachment: { name: 'Nghị quyết 22.pdf', bytes: PDF } })
    expect(created.attachmentType).toBe('application/pdf')
    expect(created.attachmentSize).toBe(PDF.byteLength)
    const file = documentAttachment(db, people.member, created.id)
    expect(file.name).toBe('Nghị quyết 22.pdf')
    expect(Buffer.compare(file.bytes, Buffer.from(PDF))).toBe(0)
    expect(checkAttachment({ name: 'bien-ban.docx', bytes: DOCX }).type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(checkAttachment({ name: 'anh.PNG', bytes: PNG }).type).toBe('image/png')
    expect(contentDisposition('Nghị quyết 22.pdf')).toBe(`attachment; filename="nghi quyet 22.pdf"; filename*=UTF-8''Ngh%E1%BB%8B%20quy%E1%BA%BFt%2022.pdf`)
  })

  test('other types, disguised files and files over 10 MB are refused with a Vietnamese message', () => {
    const input = { ...doc({ title: 'Có tệp' }), orgId: orgs.kp3.id }
    const html = expectStatus(422, () => createDocument(db, ctxOf(people.secretary), { ...input, attachment: { name: 'nghi-quyet.pdf', bytes: new TextEncoder().encode('<html><script>alert(1)</script>') } }))
    expect(html.field).toBe('attachment')
    expect(html.message).toBe('Không nhận tệp "nghi-quyet.pdf". Chỉ nhận tệp PDF, Word (.docx) hoặc ảnh (JPG, PNG, WebP), dung lượng tối đa 10 MB.')
    const exe = expectStatus(422, () => checkAttachment({ name: 'setup.exe', bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0]) }))
    expect(exe.message).toMatch(/^Không nhận tệp "setup.exe"/)
    expect(expectStatus(422, () => checkAttachment({ name: 'cu.doc', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]) })).message).toMatch(/lưu lại thành \.docx/)
    // A PNG renamed to .pdf: the content and the name must agree.
    expectStatus(422, () => checkAttachment({ name: 'anh.pdf', bytes: PNG }))
    const big = new Uint8Array(10 * 1024 * 1024 + 1)
    big.set(PDF)
    expect(expectStatus(422, () => checkAttachment({ name: 'lon.pdf', bytes: big })).message).toMatch(/quá lớn/)
    expect(db.select().from(auditLog).where(eq(auditLog.summary, 'Có tệp')).all()).toHaveLength(0)
  })

  test('replacing and removing the file', () => {
    const created = createDocument(db, ctxOf(people.secretary), { ...doc({ title: 'Có tệp' }), orgId: orgs.kp3.id, attachment: { name: 'a.pdf', bytes: PDF } })
    const replaced = updateDocument(db, ctxOf(people.secretary), created.id, { ...doc({ title: 'Có tệp' }), attachment: { name: 'b.png', bytes: PNG }, version: created.version })
    expect(replaced.attachmentName).toBe('b.png')
    const kept = updateDocument(db, ctxOf(people.secretary), created.id, { ...doc({ title: 'Có tệp, sửa tên' }), version: replaced.version })
    expect(kept.attachmentName).toBe('b.png')
    const removed = updateDocument(db, ctxOf(people.secretary), created.id, { ...doc({ title: 'Có tệp, sửa tên' }), removeAttachment: true, version: kept.version })
    expect(removed.attachmentName).toBeNull()
    expectStatus(404, () => documentAttachment(db, people.secretary, created.id))
  })
})

describe('the agendas that referenced a document', () => {
  function meetingWithLink(cell: Org, month: number, published: boolean, documentIds: string[]) {
    const meeting = db
      .insert(meetings)
      .values({
        cellId: cell.id,
        type: 'regular',
        periodYear: 2026,
        periodMonth: month,
        startsAt: new Date(Date.UTC(2026, month - 1, 5, 7)).toISOString(),
        status: published ? 'prepared' : 'planned',
        publishedAt: published ? new Date(Date.UTC(2026, month - 1, 3)).toISOString() : null,
      })
      .returning()
      .get()
    const item = db
      .insert(agendaItems)
      .values({ meetingId: meeting.id, position: 1, section: 'content', title: 'Thông tin thời sự, quán triệt văn bản của cấp trên' })
      .returning()
      .get()
    for (const documentId of documentIds) db.insert(agendaItemLinks).values({ agendaItemId: item.id, documentId }).run()
    return meeting
  }

  test('lists each meeting once, newest first, only those the user may read', () => {
    const feb = meetingWithLink(orgs.kp3, 2, true, [docs.ward])
    const apr = meetingWithLink(orgs.kp3, 4, false, [docs.ward])
    const kp5Mar = meetingWithLink(orgs.kp5, 3, true, [docs.ward])
    // A second item of the February meeting referencing it too.
    const second = db.insert(agendaItems).values({ meetingId: feb.id, position: 2, section: 'content', title: 'Phương hướng, nhiệm vụ tháng tới' }).returning().get()
    db.insert(agendaItemLinks).values({ agendaItemId: second.id, documentId: docs.ward }).run()

    const forSecretary = referencingAgendas(db, people.secretary, docs.ward)
    expect(forSecretary.map((m) => m.meetingId)).toEqual([apr.id, feb.id])
    expect(forSecretary[1]).toMatchObject({
      title: 'Sinh hoạt chi bộ thường kỳ tháng 02 năm 2026',
      cellName: 'Chi bộ Khu phố 3',
      items: ['Thông tin thời sự, quán triệt văn bản của cấp trên', 'Phương hướng, nhiệm vụ tháng tới'],
    })
    // A member does not see an agenda before it is published.
    expect(referencingAgendas(db, people.member, docs.ward).map((m) => m.meetingId)).toEqual([feb.id])
    expect(referencingAgendas(db, people.kp5Secretary, docs.ward).map((m) => m.meetingId)).toEqual([kp5Mar.id])
    // The ward admin reads published agendas below it; the system admin everything.
    expect(referencingAgendas(db, people.wardAdmin, docs.ward).map((m) => m.meetingId)).toEqual([kp5Mar.id, feb.id])
    expect(referencingAgendas(db, SYSTEM_ACTOR, docs.ward).map((m) => m.meetingId)).toEqual([apr.id, kp5Mar.id, feb.id])
    expect(referencingAgendas(db, people.member, docs.kp3Own)).toEqual([])
  })
})

describe('legal basis', () => {
  test('the seeded rows are cited from the table', () => {
    expect(legalBasis(db, 'qd294').citation).toBe('Quy định số 294-QĐ/TW ngày 26/05/2025 của Ban Chấp hành Trung ương')
    expect(legalBasis(db, 'charter').citation).toBe('Điều lệ Đảng ngày 19/01/2011 của Đại hội đại biểu toàn quốc lần thứ XI')
    expect(listLegalBasis(db).map((r) => r.key)).toEqual(['charter', 'qd294', 'hd12', 'ct50', 'hd42', 'hd36', 'qd399', 'hd16', 'nq04', 'qd37', 'qd124', 'hd25', 'qd296', 'qd339'])
    expect(() => legalBasis(db, 'nope')).toThrow(/missing/)
  })

  test('only a system administrator edits a row, with an audit entry', () => {
    const row = legalBasis(db, 'hd36')
    expectStatus(403, () => updateLegalBasis(db, ctxOf(people.wardAdmin), row.id, { status: 'replaced', replacedBy: '05-HD/VPTW' }))
    expectStatus(422, () => updateLegalBasis(db, systemCtx, row.id, { status: 'replaced', replacedBy: '' }))
    updateLegalBasis(db, systemCtx, row.id, { status: 'replaced', replacedBy: 'Hướng dẫn số 05-HD/VPTW', note: 'Đã xác nhận' })
    expect(legalBasis(db, 'hd36')).toMatchObject({ status: 'replaced', replacedBy: 'Hướng dẫn số 05-HD/VPTW', note: 'Đã xác nhận' })
    const entry = db.select().from(auditLog).where(and(eq(auditLog.entityType, 'legal_basis'), eq(auditLog.entityId, row.id))).get()
    expect(entry?.details).toMatchObject({ status: { from: 'in_force', to: 'replaced' } })
  })
})

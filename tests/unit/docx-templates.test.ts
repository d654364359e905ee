// Word templates: which placeholders a template holds, what an upload is refused for (each message
// naming the placeholder), and filling an organisation's own template.
import fs from 'node:fs'
import path from 'node:path'
import { Document, Footer, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx'
import { strFromU8, unzipSync, zipSync } from 'fflate'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { TemplateKind } from '~/domain/constants'
import { DEFAULT_TEMPLATE_FILES, PLACEHOLDERS, placeholdersFor, requiredPlaceholdersFor } from '~/export/placeholders'
import { renderMinutesDocx, renderResolutionDocx } from '~/export/render.server'
import { sampleMinutes, sampleResolution } from '~/export/sample'
import { checkTemplate, listPlaceholders, loadDefaultTemplate, normalizeDocx, TemplateError } from '~/export/templates.server'
import type { ActorContext } from '~/models/context'
import type { Organization } from '~/models/organizations.server'
import {
  effectiveTemplates,
  listOrgTemplates,
  renderTemplatePreview,
  setTemplateActive,
  templateContentFor,
  templateDownload,
  uploadTemplate,
} from '~/models/templates.server'
import { createTestDb } from '../db'
import { createOrg, createUserWithGrants } from '../factories'

const README = path.resolve(__dirname, '../../templates/README.md')

/** A .docx whose body paragraphs are the given lines (each a string, or runs to split a placeholder). */
async function docxOf(lines: (string | string[])[], footer?: string): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        footers: footer ? { default: new Footer({ children: [new Paragraph(footer)] }) } : undefined,
        children: lines.map((line) => new Paragraph({ children: (Array.isArray(line) ? line : [line]).map((t) => new TextRun(t)) })),
      },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(doc))
}

/** The minimal valid minutes template, plus extra lines. */
function minutesLines(extra: (string | string[])[] = [], without: string[] = []): (string | string[])[] {
  return [
    ...requiredPlaceholdersFor('minutes_regular')
      .filter((n) => !without.includes(n))
      .map((n) => `{{${n}}}`),
    ...extra,
  ]
}

function documentText(docx: Uint8Array): string {
  const files = unzipSync(docx)
  return Object.keys(files)
    .filter((n) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(n))
    .map((n) => [...strFromU8(files[n]).matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n')
}

describe('default templates', () => {
  const kinds: TemplateKind[] = ['minutes_regular', 'minutes_thematic', 'minutes_committee', 'resolution']

  test.each(kinds)('%s holds exactly the placeholders of its kind and passes the check', async (kind) => {
    const file = await loadDefaultTemplate(kind)
    expect(new Set(await listPlaceholders(file))).toEqual(new Set(placeholdersFor(kind)))
    expect(await checkTemplate(kind, file)).toMatchObject({ ok: true })
  })

  test('the files are in templates/', () => {
    for (const kind of kinds) expect(fs.existsSync(path.resolve(__dirname, '../../templates', DEFAULT_TEMPLATE_FILES[kind]))).toBe(true)
  })
})

describe('checking an uploaded template', () => {
  test('a template with an unknown placeholder is refused with a message naming it', async () => {
    const check = await checkTemplate('minutes_regular', await docxOf(minutesLines(['Người duyệt: {{nguoi_duyet}}'])))
    expect(check.ok).toBe(false)
    if (check.ok) return
    expect(check.errors).toHaveLength(1)
    expect(check.errors[0]).toContain('{{nguoi_duyet}}')
    expect(check.errors[0]).toContain('không dùng được cho biên bản sinh hoạt chi bộ thường kỳ')
    expect(check.placeholders).toContain('nguoi_duyet')
  })

  test('missing required placeholders are named', async () => {
    const check = await checkTemplate('minutes_regular', await docxOf(minutesLines([], ['noi_dung', 'chu_tri_ho_ten'])))
    expect(check).toMatchObject({ ok: false })
    if (check.ok) return
    expect(check.errors).toEqual([expect.stringContaining('Mẫu thiếu trường bắt buộc: {{noi_dung}}, {{chu_tri_ho_ten}}')])
  })

  test('a minutes template uploaded as a resolution: its minutes-only fields are unknown, the resolution fields missing', async () => {
    const check = await checkTemplate('resolution', await loadDefaultTemplate('minutes_regular'))
    expect(check.ok).toBe(false)
    if (check.ok) return
    const [unknown, missing] = check.errors
    for (const name of ['thu_ky_ho_ten', 'chu_tri_ho_ten', 'thu_ky_chu_ky', 'chu_tri_chu_ky']) expect(unknown).toContain(`{{${name}}}`)
    for (const name of ['chuc_vu_ky', 'nguoi_ky_ho_ten', 'nguoi_ky_chu_ky', 'noi_nhan']) expect(missing).toContain(`{{${name}}}`)
  })

  test('a block placeholder must stand alone in its paragraph, once', async () => {
    const lines = minutesLines([], ['noi_dung'])
    const shared = await checkTemplate('minutes_regular', await docxOf([...lines, 'Nội dung: {{noi_dung}}']))
    expect(shared).toMatchObject({ ok: false, errors: [expect.stringContaining('{{noi_dung}} phải đứng riêng một đoạn')] })
    const twice = await checkTemplate('minutes_regular', await docxOf([...lines, '{{noi_dung}}', '{{noi_dung}}']))
    expect(twice).toMatchObject({ ok: false, errors: [expect.stringContaining('{{noi_dung}} chỉ được đặt một lần')] })
  })

  test('placeholders split across runs by Word, or written with spaces, are recognised', async () => {
    const lines = minutesLines([['{{chi', '_b', 'o}}'], '{{ trich_yeu }}'], ['chi_bo', 'trich_yeu'])
    const check = await checkTemplate('minutes_regular', await docxOf(lines))
    expect(check).toMatchObject({ ok: true })
  })

  test('something that is not a .docx is refused with a message saying so', async () => {
    const notZip = await checkTemplate('minutes_regular', new TextEncoder().encode('%PDF-1.7 not a word file'))
    expect(notZip).toMatchObject({ ok: false, errors: [expect.stringContaining('không phải văn bản Word (.docx)')] })
    const zipWithoutDocument = await checkTemplate('minutes_regular', zipSync({ 'hello.txt': new TextEncoder().encode('hi') }))
    expect(zipWithoutDocument).toMatchObject({ ok: false, errors: [expect.stringContaining('word/document.xml')] })
  })
})

describe("rendering with an organisation's template", () => {
  test('its own layout is kept and every placeholder is filled, in the body and in the footer', async () => {
    const lines = minutesLines(['MẪU CỦA ĐẢNG BỘ PHƯỜNG', 'Chi bộ: {{chi_bo}} — {{so_van_ban}}'], ['xac_minh'])
    const template = await docxOf(lines, '{{xac_minh}}')
    expect(await checkTemplate('minutes_regular', template)).toMatchObject({ ok: true })
    const out = await renderMinutesDocx(sampleMinutes(), template)
    const text = documentText(out)
    expect(text).toContain('MẪU CỦA ĐẢNG BỘ PHƯỜNG')
    expect(text).toContain('Chi bộ: CHI BỘ KHU PHỐ 3 — Số 02-BB/CB')
    expect(text).toContain('Mã xác minh: 7K3Q-MX9A · https://sochibo.example.vn/verify/7K3Q-MX9A')
    expect(text).toContain('Thời gian: bắt đầu lúc 14 giờ 30 phút, ngày 05 tháng 02 năm 2026.')
    expect(text).not.toContain('{{')
    expect((await renderMinutesDocx(sampleMinutes(), template)).equals(out)).toBe(true)
  })

  test('the block placeholder may sit in a table cell', async () => {
    const required = requiredPlaceholdersFor('resolution').filter((n) => n !== 'noi_nhan')
    const doc = new Document({
      sections: [
        {
          children: [
            ...required.map((n) => new Paragraph(`{{${n}}}`)),
            new Table({ rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph('Nơi nhận:'), new Paragraph('{{noi_nhan}}')] })] })] }),
            new Paragraph(''),
          ],
        },
      ],
    })
    const template = new Uint8Array(await Packer.toBuffer(doc))
    const text = documentText(await renderResolutionDocx(sampleResolution(), template))
    expect(text).toContain('Nơi nhận:- Đảng ủy phường (để báo cáo),- Đảng viên trong chi bộ,- Lưu Chi bộ.')
  })

  test('an invalid template is refused at render time too', async () => {
    const template = await docxOf(minutesLines(['{{la}}']))
    await expect(renderMinutesDocx(sampleMinutes(), template)).rejects.toThrow(TemplateError)
    await expect(renderMinutesDocx(sampleMinutes(), template)).rejects.toThrow('{{la}}')
  })
})

describe('reproducible output', () => {
  test('normalizeDocx fixes the dates of the core properties and the zip entries', async () => {
    const a = normalizeDocx(await docxOf(['x']), new Date('2026-02-05T09:52:00Z'))
    await new Promise((r) => setTimeout(r, 1100))
    const b = normalizeDocx(await docxOf(['x']), new Date('2026-02-05T09:52:00Z'))
    expect(a.equals(b)).toBe(true)
    expect(strFromU8(unzipSync(a)['docProps/core.xml'])).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-02-05T09:52:00Z</dcterms:created>')
  })
})

describe('templates/README.md', () => {
  const readme = fs.readFileSync(README, 'utf8')

  test('documents every placeholder with its kind', () => {
    for (const [name, spec] of Object.entries(PLACEHOLDERS)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`{{${name}}}\``))
      expect(row, `README row for {{${name}}}`).toBeDefined()
      expect(row).toContain(spec.kind === 'block' ? 'khối' : 'trong dòng')
    }
  })

  test('mentions no placeholder the app does not know', () => {
    const mentioned = [...readme.matchAll(/\{\{\s*([a-z_]+)\s*\}\}/g)].map((m) => m[1])
    expect(mentioned.filter((n) => !(n in PLACEHOLDERS))).toEqual([])
  })
})

// The template model needs a database; it sits here with the template checks it relies on.
describe('organisation templates (model, against a test database)', () => {
  let db: ReturnType<typeof createTestDb>
  let upper: Organization
  let cell: Organization
  let otherCell: Organization
  let upperAdmin: ActorContext
  let cellAdmin: ActorContext
  let member: ActorContext
  beforeEach(async () => {
    db = createTestDb()
    upper = createOrg(db, { name: 'Đảng bộ phường Ba Đình', kind: 'upper', placeName: 'Hà Nội' })
    cell = createOrg(db, { name: 'Chi bộ Khu phố 3', kind: 'cell_base', parentId: upper.id })
    otherCell = createOrg(db, { name: 'Chi bộ Khu phố 5', kind: 'cell_base', parentId: upper.id })
    upperAdmin = { actor: (await createUserWithGrants(db, { username: 'qtphuong', displayName: 'Quản trị phường', grants: [{ orgId: upper.id, role: 'admin' }] })).actor, ip: null }
    cellAdmin = { actor: (await createUserWithGrants(db, { username: 'qtkp3', displayName: 'Quản trị KP3', grants: [{ orgId: cell.id, role: 'admin' }] })).actor, ip: null }
    member = { actor: (await createUserWithGrants(db, { username: 'dangvien', displayName: 'Đảng viên', grants: [{ orgId: cell.id, role: 'member' }] })).actor, ip: null }
  })
  afterEach(() => db.cleanup())

  const template = (marker: string) => docxOf(minutesLines([marker]))
  const effective = (org: Organization) => effectiveTemplates(db, org).find((t) => t.kind === 'minutes_regular')!

  test('the nearest active template up the tree is used, else the default file', async () => {
    expect(effective(cell)).toEqual({ source: 'default', kind: 'minutes_regular', fileName: 'bien-ban-thuong-ky.docx' })

    const up = await uploadTemplate(db, upperAdmin, upper.id, { kind: 'minutes_regular', fileName: 'mau-phuong.docx', content: await template('MẪU PHƯỜNG') })
    expect(up).toMatchObject({ ok: true, template: { fileName: 'mau-phuong.docx', active: true } })
    expect(effective(cell)).toMatchObject({ source: 'org', orgName: 'Đảng bộ phường Ba Đình', fileName: 'mau-phuong.docx' })

    const own = await uploadTemplate(db, cellAdmin, cell.id, { kind: 'minutes_regular', fileName: 'mau-kp3.docx', content: await template('MẪU KP3') })
    if (!own.ok) throw new Error(own.errors.join(' '))
    expect(effective(cell)).toMatchObject({ source: 'org', orgId: cell.id, fileName: 'mau-kp3.docx' })
    expect(effective(otherCell)).toMatchObject({ fileName: 'mau-phuong.docx' })
    expect(documentText(await renderMinutesDocx(sampleMinutes(), templateContentFor(db, cell, 'minutes_regular')))).toContain('MẪU KP3')

    setTemplateActive(db, cellAdmin, own.template.id, false)
    expect(effective(cell)).toMatchObject({ fileName: 'mau-phuong.docx' })
    setTemplateActive(db, cellAdmin, own.template.id, true)
    expect(effective(cell)).toMatchObject({ fileName: 'mau-kp3.docx' })
    expect(templateContentFor(db, cell, 'resolution')).toBeUndefined()
  })

  test('a newer upload replaces the active one; the old one is kept, inactive', async () => {
    await uploadTemplate(db, cellAdmin, cell.id, { kind: 'minutes_regular', fileName: 'a.docx', content: await template('A') })
    await uploadTemplate(db, cellAdmin, cell.id, { kind: 'minutes_regular', fileName: 'b.docx', content: await template('B') })
    const list = listOrgTemplates(db, cellAdmin.actor, cell.id)
    expect(list.map((t) => [t.fileName, t.active])).toEqual([
      ['b.docx', true],
      ['a.docx', false],
    ])
    expect(list[0].size).toBeGreaterThan(1000)
  })

  test('a refused upload stores nothing and names the placeholder', async () => {
    const result = await uploadTemplate(db, cellAdmin, cell.id, { kind: 'minutes_regular', fileName: 'sai.docx', content: await docxOf(minutesLines(['{{ngay_in}}'])) })
    expect(result).toMatchObject({ ok: false, errors: [expect.stringContaining('{{ngay_in}}')] })
    expect(await uploadTemplate(db, cellAdmin, cell.id, { kind: 'minutes_regular', fileName: 'mau.pdf', content: await template('x') })).toMatchObject({
      ok: false,
      errors: [expect.stringContaining('.docx')],
    })
    expect(listOrgTemplates(db, cellAdmin.actor, cell.id)).toEqual([])
  })

  test('only admins of the organisation or above manage its templates', async () => {
    await expect(uploadTemplate(db, member, cell.id, { kind: 'minutes_regular', fileName: 'x.docx', content: await template('x') })).rejects.toThrow(/Không tìm thấy/)
    await expect(uploadTemplate(db, cellAdmin, otherCell.id, { kind: 'minutes_regular', fileName: 'x.docx', content: await template('x') })).rejects.toThrow(/Không tìm thấy/)
    const up = await uploadTemplate(db, upperAdmin, upper.id, { kind: 'minutes_regular', fileName: 'p.docx', content: await template('P') })
    if (!up.ok) throw new Error('upload failed')
    expect(() => setTemplateActive(db, cellAdmin, up.template.id, false)).toThrow(/Không tìm thấy/)
  })

  test('preview with the sample meeting, download of uploads and of the defaults', async () => {
    const up = await uploadTemplate(db, cellAdmin, cell.id, { kind: 'minutes_regular', fileName: 'mau.docx', content: await template('MẪU KP3') })
    if (!up.ok) throw new Error('upload failed')
    const preview = await renderTemplatePreview(db, cellAdmin.actor, up.template.id)
    expect(preview.fileName).toBe('xem-thu-mau.docx')
    const text = documentText(preview.content)
    expect(text).toContain('MẪU KP3')
    expect(text).toContain('DỰ THẢO')
    expect((await templateDownload(db, cellAdmin.actor, cell.id, up.template.id, false)).fileName).toBe('mau.docx')
    const def = await templateDownload(db, cellAdmin.actor, cell.id, 'default-resolution', false)
    expect(def.fileName).toBe('nghi-quyet.docx')
    expect(def.content.equals(await loadDefaultTemplate('resolution'))).toBe(true)
    await expect(templateDownload(db, cellAdmin.actor, otherCell.id, up.template.id, false)).rejects.toThrow(/Không tìm thấy/)
    await expect(templateDownload(db, cellAdmin.actor, cell.id, 'default-khac', false)).rejects.toThrow(/Không tìm thấy/)
  })
})

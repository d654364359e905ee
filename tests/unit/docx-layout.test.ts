// The minutes and resolution .docx against the Party document format (DOMAIN §6–§7), read from the
// generated word/document.xml, headers and footers.
import fs from 'node:fs'
import path from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { beforeAll, describe, expect, test } from 'vitest'
import { DEFAULT_TEMPLATE_FILES } from '~/export/placeholders'
import { qrPng } from '~/export/qr.server'
import { renderMinutesDocx, renderResolutionDocx } from '~/export/render.server'
import { sampleMinutes, sampleResolution } from '~/export/sample'
import type { MinutesViewModel } from '~/export/view-model'
import { buildTemplate, TEMPLATE_KINDS_BUILT } from '../../templates/build-templates'

type Docx = { files: Record<string, Uint8Array>; text: (name: string) => string }

function open(buffer: Uint8Array): Docx {
  const files = unzipSync(buffer)
  return { files, text: (name) => (files[name] ? strFromU8(files[name]) : '') }
}

type Para = { xml: string; text: string }
function paragraphs(xml: string): Para[] {
  return (xml.match(/<w:p[\s>][\s\S]*?<\/w:p>/g) ?? []).map((p) => ({
    xml: p,
    text: [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''),
  }))
}
function para(xml: string, text: string): Para {
  const found = paragraphs(xml).find((p) => p.text === text)
  if (!found) throw new Error(`no paragraph "${text}" in:\n${paragraphs(xml).map((p) => p.text).join('\n')}`)
  return found
}
/** Every run holding text in the paragraph has this property. */
function allRuns(p: Para, property: RegExp): boolean {
  const runs = (p.xml.match(/<w:r>[\s\S]*?<\/w:r>/g) ?? []).filter((r) => /<w:t[^>]*>[^<]+<\/w:t>/.test(r))
  return runs.length > 0 && runs.every((r) => property.test(r))
}
const BOLD = /<w:b\/>/
const ITALIC = /<w:i\/>/
const size = (halfPoints: number) => new RegExp(`<w:sz w:val="${halfPoints}"/>`)
const TNR = /<w:rFonts w:ascii="Times New Roman"/
/** All the XML parts a reader sees. */
function allText(d: Docx): string {
  return Object.keys(d.files)
    .filter((n) => n.endsWith('.xml'))
    .map((n) => d.text(n))
    .join('\n')
}
function headerOf(d: Docx, type: 'first' | 'default'): string {
  const doc = d.text('word/document.xml')
  const id = new RegExp(`<w:headerReference w:type="${type}" r:id="([^"]+)"`).exec(doc)![1]
  const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(d.text('word/_rels/document.xml.rels'))![1]
  return d.text(`word/${target}`)
}
function footersOf(d: Docx): string[] {
  return Object.keys(d.files)
    .filter((n) => /^word\/footer\d+\.xml$/.test(n))
    .map((n) => d.text(n))
}

describe('signed minutes of a regular meeting', () => {
  let docx: Docx
  let doc: string
  beforeAll(async () => {
    docx = open(await renderMinutesDocx(sampleMinutes()))
    doc = docx.text('word/document.xml')
  })

  test('A4 with margins 20/20/30/15 mm and page numbers from page 2', () => {
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/)
    expect(doc).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/)
    expect(doc).toContain('<w:titlePg/>')
    expect(headerOf(docx, 'first')).not.toMatch(/PAGE/)
    const pages = headerOf(docx, 'default')
    expect(pages).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/)
    expect(pages).toMatch(/<w:jc w:val="center"\/>/)
  })

  test('Times New Roman 14 pt body, justified with a 1 cm first-line indent', () => {
    expect(docx.text('word/styles.xml')).toMatch(/<w:rFonts w:ascii="Times New Roman"/)
    const body = para(doc, 'Thời gian: bắt đầu lúc 14 giờ 30 phút, ngày 05 tháng 02 năm 2026.')
    expect(body.xml).toMatch(/<w:jc w:val="both"\/>/)
    expect(body.xml).toMatch(/<w:ind w:firstLine="567"\/>/)
    expect(allRuns(body, TNR)).toBe(true)
    expect(allRuns(body, size(28))).toBe(true)
    // No run anywhere in another font than Times New Roman (or Courier New for code).
    for (const m of doc.matchAll(/<w:rFonts w:ascii="([^"]+)"/g)) expect(m[1]).toBe('Times New Roman')
  })

  test('the header: upper body, cell (bold), "*", number without colon; Party name with its rule; italic date line', () => {
    const upper = para(doc, 'ĐẢNG BỘ PHƯỜNG BA ĐÌNH')
    expect(allRuns(upper, size(28))).toBe(true)
    expect(allRuns(upper, BOLD)).toBe(false)
    expect(allRuns(para(doc, 'CHI BỘ KHU PHỐ 3'), BOLD)).toBe(true)
    expect(para(doc, '*').xml).toMatch(/<w:jc w:val="center"\/>/)
    const number = para(doc, 'Số 02-BB/CB')
    expect(allRuns(number, size(28))).toBe(true)
    expect(doc).not.toMatch(/Số:/)
    const party = para(doc, 'ĐẢNG CỘNG SẢN VIỆT NAM')
    expect(allRuns(party, BOLD)).toBe(true)
    expect(allRuns(party, size(30))).toBe(true)
    expect(party.xml).toMatch(/<w:pBdr><w:bottom w:val="single"/)
    const date = para(doc, 'Hà Nội, ngày 05 tháng 02 năm 2026')
    expect(allRuns(date, ITALIC)).toBe(true)
    expect(allRuns(date, size(28))).toBe(true)
    // Left column: upper body … number; right column: Party name, date.
    const headerRow = /<w:tr>[\s\S]*?<\/w:tr>/.exec(doc)![0]
    const [left, right] = headerRow.match(/<w:tc>[\s\S]*?<\/w:tc>/g)!
    expect(paragraphs(left).map((p) => p.text)).toEqual(['ĐẢNG BỘ PHƯỜNG BA ĐÌNH', 'CHI BỘ KHU PHỐ 3', '*', 'Số 02-BB/CB'])
    expect(paragraphs(right).map((p) => p.text)).toEqual(['ĐẢNG CỘNG SẢN VIỆT NAM', 'Hà Nội, ngày 05 tháng 02 năm 2026'])
    expect(/<w:tblBorders>[\s\S]*?<\/w:tblBorders>/.exec(doc)![0]).not.toMatch(/w:val="single"/)
  })

  test('BIÊN BẢN 16 pt bold centred, the subject bold centred, "-----" under it', () => {
    const title = para(doc, 'BIÊN BẢN')
    expect(allRuns(title, BOLD) && allRuns(title, size(32))).toBe(true)
    expect(title.xml).toMatch(/<w:jc w:val="center"\/>/)
    const subject = para(doc, 'Sinh hoạt chi bộ thường kỳ tháng 02 năm 2026')
    expect(allRuns(subject, BOLD)).toBe(true)
    expect(subject.xml).toMatch(/<w:jc w:val="center"\/>/)
    const texts = paragraphs(doc).map((p) => p.text)
    expect(texts[texts.indexOf('Sinh hoạt chi bộ thường kỳ tháng 02 năm 2026') + 1]).toBe('-----')
  })

  test('the content of DOMAIN §6: attendance, chair, items with speakers and conclusions, vote, tasks, quality, closing', () => {
    const texts = paragraphs(doc).map((p) => p.text)
    expect(texts).toContain('Địa điểm: Nhà văn hóa khu phố 3, phường Ba Đình.')
    expect(texts).toContain(
      'Thành phần: tổng số đảng viên của chi bộ 24 đồng chí (chính thức 22, dự bị 2); miễn sinh hoạt 1 đồng chí; có mặt 21/23 đồng chí; vắng có lý do 1 đồng chí (đ/c Lê Văn Nam – đi công tác); vắng không lý do 1 đồng chí (đ/c Phạm Thị Hoa). Khách mời: đ/c Đỗ Minh Tuấn, Đảng ủy viên, phụ trách chi bộ.',
    )
    expect(texts).toContain('Chủ trì: đ/c Nguyễn Văn Hùng, Bí thư chi bộ. Thư ký: đ/c Trần Thị Bích Ngọc, đảng viên.')
    expect(texts).toContain('I. PHẦN MỞ ĐẦU')
    expect(texts).toContain('II. NỘI DUNG')
    expect(texts).toContain('1. Thông tin thời sự; quán triệt Nghị quyết số 22-NQ/TW ngày 02/02/2008 của Ban Chấp hành Trung ương.')
    expect(texts).toContain('Văn bản liên quan: Nghị quyết số 22-NQ/TW ngày 02/02/2008 của Ban Chấp hành Trung ương.')
    expect(texts).toContain('- Đ/c Hoàng Văn Long: Đề nghị tăng cường nắm bắt tình hình dư luận trong khu dân cư.')
    expect(texts).toContain('Kết luận của chủ trì: Chi bộ tiếp thu các ý kiến, giao chi ủy hoàn thiện dự thảo nghị quyết tháng 02 năm 2026.')
    expect(texts).toContain(
      'Chi bộ biểu quyết thông qua nghị quyết tháng 02 năm 2026: 18/21 đồng chí tán thành, đạt 85,7%; 1 đồng chí không tán thành (mẫu số 21: 22 đảng viên chính thức trừ 1 đồng chí miễn sinh hoạt vắng mặt).',
    )
    for (const cell of ['STT', 'Nội dung công việc', 'Người thực hiện', 'Thời hạn', 'Hoàng Văn Long', '05/03/2026', 'thường xuyên']) expect(texts).toContain(cell)
    expect(texts).toContain('Chi bộ tự chấm 92 điểm, xếp loại Tốt; đại diện cấp ủy cấp trên (đ/c Đỗ Minh Tuấn, Đảng ủy viên, phụ trách chi bộ) xác nhận.')
    expect(texts).toContain('Buổi sinh hoạt kết thúc lúc 16 giờ 25 phút cùng ngày; biên bản đã được đọc lại và chi bộ thông qua.')
    expect(allRuns(para(doc, 'III. BIỂU QUYẾT'), BOLD)).toBe(true)
  })

  test('signatures: THƯ KÝ left, CHỦ TRÌ right, instruction, electronic-signature time, names in bold', () => {
    const row = [...doc.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]).find((r) => r.includes('THƯ KÝ'))!
    const [left, right] = row.match(/<w:tc>[\s\S]*?<\/w:tc>/g)!
    expect(paragraphs(left).map((p) => p.text)).toEqual(['THƯ KÝ', '(Ký, ghi rõ họ tên)', 'Đã ký điện tử lúc 16:40 ngày 05/02/2026', 'Trần Thị Bích Ngọc'])
    expect(paragraphs(right).map((p) => p.text)).toEqual(['CHỦ TRÌ', '(Ký, ghi rõ họ tên)', 'Đã ký điện tử lúc 16:52 ngày 05/02/2026', 'Nguyễn Văn Hùng'])
    expect(allRuns(para(left, 'THƯ KÝ'), BOLD)).toBe(true)
    expect(allRuns(para(left, '(Ký, ghi rõ họ tên)'), ITALIC)).toBe(true)
    const note = para(left, 'Đã ký điện tử lúc 16:40 ngày 05/02/2026')
    expect(allRuns(note, ITALIC) && allRuns(note, size(22))).toBe(true)
    expect(allRuns(para(right, 'Nguyễn Văn Hùng'), BOLD)).toBe(true)
  })

  test('the verification footer with the code, the URL and its QR code on every page; no DỰ THẢO', async () => {
    const footers = footersOf(docx)
    expect(footers).toHaveLength(2)
    for (const footer of footers) {
      expect(paragraphs(footer).map((p) => p.text.trim())).toContain('Mã xác minh: 7K3Q-MX9A · https://sochibo.example.vn/verify/7K3Q-MX9A')
      expect(footer).toMatch(/<a:blip r:embed="rId\d+"/)
    }
    const media = Object.keys(docx.files).filter((n) => n.startsWith('word/media/'))
    expect(media).toHaveLength(1)
    expect(Buffer.from(docx.files[media[0]]).equals(await qrPng('https://sochibo.example.vn/verify/7K3Q-MX9A'))).toBe(true)
    expect(allText(docx)).not.toContain('DỰ THẢO')
  })

  test('never the state motto, never "TM."', () => {
    const all = allText(docx)
    expect(all).not.toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')
    expect(all).not.toContain('CỘNG HOÀ XÃ HỘI')
    expect(all).not.toMatch(/\bTM\./)
  })

  test('the same view model gives the same bytes', async () => {
    const a = await renderMinutesDocx(sampleMinutes())
    const b = await renderMinutesDocx(sampleMinutes())
    expect(a.equals(b)).toBe(true)
    // The core properties carry the document's own time, not the clock's.
    expect(open(a).text('docProps/core.xml')).toMatch(/<dcterms:modified[^>]*>2026-02-05T09:52:00Z<\/dcterms:modified>/)
  })
})

describe('draft minutes', () => {
  let docx: Docx
  beforeAll(async () => {
    docx = open(await renderMinutesDocx(sampleMinutes({ signing: { state: 'draft' } })))
  })

  test('DỰ THẢO in bold at the top of the first page', () => {
    const first = headerOf(docx, 'first')
    const mark = para(first, 'DỰ THẢO')
    expect(allRuns(mark, BOLD)).toBe(true)
    expect(mark.xml).toMatch(/<w:jc w:val="right"\/>/)
  })

  test('no signature lines, no verification footer, no QR code; the names are there', () => {
    const all = allText(docx)
    expect(all).not.toContain('Đã ký điện tử')
    expect(all).not.toContain('Mã xác minh')
    expect(Object.keys(docx.files).some((n) => n.startsWith('word/media/'))).toBe(false)
    const doc = docx.text('word/document.xml')
    expect(paragraphs(doc).map((p) => p.text)).toEqual(expect.arrayContaining(['THƯ KÝ', 'CHỦ TRÌ', 'Trần Thị Bích Ngọc', 'Nguyễn Văn Hùng']))
    expect(all.includes('{{'), 'a placeholder was left in the document').toBe(false)
  })

  test('a draft is reproducible too, and differs from the signed version', async () => {
    const vm = sampleMinutes({ signing: { state: 'draft' } })
    const a = await renderMinutesDocx(vm)
    expect(a.equals(await renderMinutesDocx(vm))).toBe(true)
    expect(a.equals(await renderMinutesDocx(sampleMinutes()))).toBe(false)
  })
})

describe('variants of the minutes', () => {
  const render = async (vm: MinutesViewModel) => open(await renderMinutesDocx(vm)).text('word/document.xml')

  test('unnumbered minutes leave the number out', async () => {
    const base = sampleMinutes()
    const doc = await render({ ...base, header: { ...base.header, number: null } })
    expect(doc).not.toMatch(/Số \d/)
    const left = /<w:tr>[\s\S]*?<\/w:tr>/.exec(doc)![0].match(/<w:tc>[\s\S]*?<\/w:tc>/g)![0]
    expect(paragraphs(left).map((p) => p.text).filter(Boolean)).toEqual(['ĐẢNG BỘ PHƯỜNG BA ĐÌNH', 'CHI BỘ KHU PHỐ 3', '*'])
  })

  test('a committee meeting counts chi ủy viên; no guests, no absences, an abstain option and a failed two-thirds vote', async () => {
    const base = sampleMinutes({}, 'minutes_committee')
    const doc = await render({
      ...base,
      subject: 'Họp Chi ủy tháng 02 năm 2026',
      attendance: { ...base.attendance, official: 5, probationary: 0, exemptAbsent: 0, present: 5, absentExcused: [], absentUnexcused: [], guests: [] },
      votes: [
        {
          ...base.votes[0],
          subject: 'đề nghị kết nạp quần chúng Lê Thị Hạnh vào Đảng',
          kind: 'two_thirds',
          method: 'secret',
          for: 3,
          against: 1,
          abstain: 1,
          allowAbstain: true,
          denominator: { denominator: 5, excluded: { elsewhere: 0, exemptAbsent: 0, suspended: 0 }, probationary: 0, presentOfficial: 5, official: 5 },
          reserved: [{ name: 'Vũ Thị Mai', text: 'đề nghị xem xét thêm' }],
        },
      ],
    })
    const texts = paragraphs(doc).map((p) => p.text)
    expect(texts).toContain('Thành phần: tổng số chi ủy viên 5 đồng chí; có mặt 5/5 đồng chí; vắng: không.')
    expect(texts).toContain(
      'Chi ủy biểu quyết đề nghị kết nạp quần chúng Lê Thị Hạnh vào Đảng (bỏ phiếu kín): 3/5 đồng chí tán thành, đạt 60%; 1 đồng chí không tán thành; 1 đồng chí không biểu quyết (mẫu số 5: 5 đảng viên chính thức). Không đạt hai phần ba số đảng viên chính thức tán thành, không được thông qua.',
    )
    expect(texts).toContain('Đ/c Vũ Thị Mai bảo lưu ý kiến: đề nghị xem xét thêm.')
    expect(texts).toContain('Cuộc họp kết thúc lúc 16 giờ 25 phút cùng ngày; biên bản đã được đọc lại và chi ủy thông qua.')
    expect(texts.join('\n')).not.toContain('Khách mời')
  })

  test('hybrid form, a meeting ending the next day, criticism lines and an unconfirmed score', async () => {
    const base = sampleMinutes()
    const doc = await render({
      ...base,
      meeting: { ...base.meeting, form: 'hybrid', endDate: '2026-02-06', endTime: '08:05' },
      criticism: ['Đ/c Phạm Thị Hoa tự phê bình việc vắng sinh hoạt không lý do; hứa khắc phục'],
      quality: { score: 78.5, level: 'fair', confirmedBy: null },
      adopted: false,
    })
    const texts = paragraphs(doc).map((p) => p.text)
    expect(texts).toContain('Hình thức: trực tiếp kết hợp trực tuyến.')
    expect(texts).toContain('- Đ/c Phạm Thị Hoa tự phê bình việc vắng sinh hoạt không lý do; hứa khắc phục.')
    expect(texts).toContain('Chi bộ tự chấm 78,5 điểm, xếp loại Khá; chưa có xác nhận của đại diện cấp ủy cấp trên.')
    expect(texts).toContain('Buổi sinh hoạt kết thúc lúc 8 giờ 05 phút ngày 06 tháng 02 năm 2026.')
    expect(texts).toContain('VI. TỰ ĐÁNH GIÁ CHẤT LƯỢNG')
  })
})

describe('resolution', () => {
  let docx: Docx
  let doc: string
  beforeAll(async () => {
    docx = open(await renderResolutionDocx(sampleResolution()))
    doc = docx.text('word/document.xml')
  })

  test('same header, "Số 05-NQ/CB", NGHỊ QUYẾT and its subject', () => {
    expect(paragraphs(doc).map((p) => p.text)).toEqual(expect.arrayContaining(['ĐẢNG BỘ PHƯỜNG BA ĐÌNH', 'CHI BỘ KHU PHỐ 3', 'Số 05-NQ/CB', 'ĐẢNG CỘNG SẢN VIỆT NAM']))
    const title = para(doc, 'NGHỊ QUYẾT')
    expect(allRuns(title, BOLD) && allRuns(title, size(32))).toBe(true)
    expect(allRuns(para(doc, 'về lãnh đạo thực hiện nhiệm vụ tháng 3 năm 2026'), BOLD)).toBe(true)
    expect(doc).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/)
  })

  test('opening, I–III with tasks (responsible, deadline) and the vote', () => {
    const texts = paragraphs(doc).map((p) => p.text)
    expect(texts).toContain(
      'Ngày 05 tháng 02 năm 2026, tại Nhà văn hóa khu phố 3, phường Ba Đình, Chi bộ Khu phố 3 tổ chức sinh hoạt chi bộ thường kỳ tháng 02 năm 2026; có mặt 21/23 đảng viên; đ/c Nguyễn Văn Hùng, Bí thư chi bộ chủ trì. Sau khi thảo luận, Chi bộ thống nhất quyết nghị:',
    )
    expect(texts).toEqual(expect.arrayContaining(['I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ, HẠN CHẾ', 'II. NHIỆM VỤ, GIẢI PHÁP THÁNG TỚI', 'III. TỔ CHỨC THỰC HIỆN']))
    expect(texts).toContain('1. Nắm tình hình dư luận khu dân cư, báo cáo chi bộ. Phụ trách: đ/c Hoàng Văn Long; thời hạn: 05/03/2026.')
    expect(texts).toContain(
      'Nghị quyết được Chi bộ biểu quyết thông qua: 18/21 đồng chí tán thành, đạt 85,7%; 1 đồng chí không tán thành (mẫu số 21: 22 đảng viên chính thức trừ 1 đồng chí miễn sinh hoạt vắng mặt).',
    )
  })

  test('"Nơi nhận:" underlined on the left with 12 pt recipients; T/M CHI BỘ / BÍ THƯ on the right', () => {
    const row = [...doc.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]).find((r) => r.includes('T/M CHI BỘ'))!
    const [left, right] = row.match(/<w:tc>[\s\S]*?<\/w:tc>/g)!
    const noiNhan = para(left, 'Nơi nhận:')
    expect(allRuns(noiNhan, /<w:u w:val="single"\/>/) && allRuns(noiNhan, size(28))).toBe(true)
    expect(paragraphs(left).slice(1).map((p) => p.text)).toEqual(['- Đảng ủy phường (để báo cáo),', '- Đảng viên trong chi bộ,', '- Lưu Chi bộ.'])
    for (const p of paragraphs(left).slice(1)) expect(allRuns(p, size(24))).toBe(true)
    expect(paragraphs(right).map((p) => p.text)).toEqual(['T/M CHI BỘ', 'BÍ THƯ', 'Đã ký điện tử lúc 17:05 ngày 05/02/2026', 'Nguyễn Văn Hùng'])
    expect(allRuns(para(right, 'T/M CHI BỘ'), BOLD) && allRuns(para(right, 'BÍ THƯ'), BOLD)).toBe(true)
    const all = allText(docx)
    expect(all).not.toMatch(/\bTM\./)
    expect(all).not.toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')
  })

  test('a deputy signs as PHÓ BÍ THƯ; a draft resolution is marked and unsigned', async () => {
    const d = open(await renderResolutionDocx(sampleResolution({ signer: { name: 'Lê Thị Lan', title: 'PHÓ BÍ THƯ' }, signing: { state: 'draft' } })))
    const texts = paragraphs(d.text('word/document.xml')).map((p) => p.text)
    expect(texts).toEqual(expect.arrayContaining(['T/M CHI BỘ', 'PHÓ BÍ THƯ', 'Lê Thị Lan']))
    expect(paragraphs(headerOf(d, 'first')).map((p) => p.text)).toContain('DỰ THẢO')
    expect(allText(d)).not.toContain('Đã ký điện tử')
    expect(allText(d)).not.toContain('Mã xác minh')
  })

  test('reproducible', async () => {
    expect((await renderResolutionDocx(sampleResolution())).equals(await renderResolutionDocx(sampleResolution()))).toBe(true)
  })
})

describe('default templates', () => {
  test.each(TEMPLATE_KINDS_BUILT)('templates/%s is what templates/build-templates.ts builds (run `npm run templates:build`)', async (kind) => {
    const file = fs.readFileSync(path.resolve(__dirname, '../../templates', DEFAULT_TEMPLATE_FILES[kind]))
    expect((await buildTemplate(kind)).equals(file)).toBe(true)
  })
})

// Minutes and resolutions as .docx: a view model (app/export/view-model.ts) poured into a Word
// template (the default one in templates/, or an organisation's). The body is laid out here from the
// view model per DOMAIN §6; the header, title and signature blocks are the template's (DOMAIN §7).
// Deterministic: the same view model and template give the same bytes (no clock, no random ids).
import { ImageRun, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType, AlignmentType, type ParagraphChild } from 'docx'

import { MEETING_FORM_LABELS, type TemplateKind } from '~/domain/constants'
import { QUALITY_LEVEL_LABELS } from '~/domain/quality'
import { formatDocumentDate, formatTime, formatTimeSentence, formatUiDateShort, fromVnWallTime, toZonedParts } from '~/domain/vn-date'
import { describeDenominator, formatVoteSentence, isPassed, VOTE_METHOD_LABELS } from '~/domain/voting'

import {
  bodyParagraph,
  recipientLine,
  run,
  sectionHeading,
  signatureNote,
  SIZE,
  TEXT_WIDTH,
  THIN_BORDERS,
  upper,
  verificationLine,
} from './docx-layout'
import { qrPng } from './qr.server'
import { hasContent, ListRegistry, richTextToDocx, type DocxBlock, type RichTextContext } from './rich-text-docx'
import { checkTemplate, fillTemplate, loadDefaultTemplate, normalizeDocx, TemplateError, type FillValue, type FillValues } from './templates.server'
import type {
  AgendaItemVM,
  AttendanceVM,
  DocumentHeaderVM,
  MinutesViewModel,
  NarrativeSectionVM,
  PersonVM,
  RecordBlock,
  ResolutionViewModel,
  VoteVM,
} from './view-model'

/** The QR code's printed size: 15 mm (pixels at 96 dpi). */
const QR_SIZE_PX = 57

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII']

// ---------------------------------------------------------------------------------------------
// Small text helpers

function single(text: string): FillValue {
  return { type: 'single', children: text === '' ? [] : [new TextRun(text)] }
}
function block(children: DocxBlock[]): FillValue {
  return { type: 'block', children }
}
function p(text: string, options: { keepNext?: boolean } = {}): Paragraph {
  return bodyParagraph([run(text)], options)
}
/** "đ/c Nguyễn Văn Hùng, Bí thư chi bộ" */
function person(x: PersonVM): string {
  return x.role ? `đ/c ${x.name}, ${x.role}` : `đ/c ${x.name}`
}
function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1)
}
function ensurePeriod(text: string): string {
  const t = text.trim()
  return /[.!?:;…]$/.test(t) ? t : `${t}.`
}
/** 92 → "92", 92.5 → "92,5" */
function formatScore(score: number): string {
  const rounded = Math.round(score * 10) / 10
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1).replace('.', ',')
}
function deadlineText(deadline: string | null): string {
  return deadline ? formatUiDateShort(deadline) : 'thường xuyên'
}

// ---------------------------------------------------------------------------------------------
// Header and signatures (template placeholders)

function headerValues(header: DocumentHeaderVM): FillValues {
  return {
    dang_bo: single(header.upperBody ? upper(header.upperBody) : ''),
    chi_bo: single(upper(header.issuer)),
    so_van_ban: single(header.number ? `Số ${header.number}` : ''),
    dia_danh_ngay: single(formatDocumentDate(header.date, header.place)),
  }
}

/** "Đã ký điện tử lúc 16:40 ngày 05/02/2026" in Hà Nội time. */
export function signedAtNote(instant: string): string {
  return signatureNote(formatTime(instant), formatUiDateShort(instant))
}

async function verificationValue(signing: { state: 'draft' } | { state: 'signed'; verifyCode: string; verifyUrl: string }): Promise<FillValue> {
  if (signing.state === 'draft') return { type: 'single', children: [] }
  const png = await qrPng(signing.verifyUrl)
  const children: ParagraphChild[] = [
    new TextRun(`${verificationLine(signing.verifyCode, signing.verifyUrl)} `),
    new ImageRun({
      type: 'png',
      data: png,
      transformation: { width: QR_SIZE_PX, height: QR_SIZE_PX },
      altText: { name: 'QR', title: 'Mã QR xác minh', description: signing.verifyUrl },
    }),
  ]
  return { type: 'single', children }
}

// ---------------------------------------------------------------------------------------------
// Minutes body (DOMAIN §6)

function attendanceSentence(a: AttendanceVM, committee: boolean): string {
  const parts: string[] = []
  const total = a.official + a.probationary
  if (committee) {
    parts.push(`tổng số chi ủy viên ${total} đồng chí`)
  } else {
    const breakdown = [`chính thức ${a.official}`, `dự bị ${a.probationary}`]
    parts.push(`tổng số đảng viên của chi bộ ${total} đồng chí (${breakdown.join(', ')})`)
    if (a.temporaryHere > 0) parts.push(`đảng viên sinh hoạt tạm thời tại chi bộ ${a.temporaryHere} đồng chí`)
  }
  if (a.exemptAbsent > 0) parts.push(`miễn sinh hoạt ${a.exemptAbsent} đồng chí`)
  if (a.elsewhere > 0) parts.push(`sinh hoạt tạm thời nơi khác ${a.elsewhere} đồng chí`)
  if (a.suspended > 0) parts.push(`đình chỉ sinh hoạt ${a.suspended} đồng chí`)
  const expected = a.present + a.absentExcused.length + a.absentUnexcused.length
  parts.push(`có mặt ${a.present}/${expected} đồng chí`)
  if (a.absentExcused.length > 0) {
    const who = a.absentExcused.map((x) => `đ/c ${x.name} – ${x.reason.trim()}`).join('; ')
    parts.push(`vắng có lý do ${a.absentExcused.length} đồng chí (${who})`)
  }
  if (a.absentUnexcused.length > 0) {
    const who = a.absentUnexcused.map((x) => `đ/c ${x.name}`).join('; ')
    parts.push(`vắng không lý do ${a.absentUnexcused.length} đồng chí (${who})`)
  }
  if (a.absentExcused.length === 0 && a.absentUnexcused.length === 0) parts.push('vắng: không')
  let sentence = `Thành phần: ${parts.join('; ')}.`
  if (a.guests.length > 0) sentence += ` Khách mời: ${a.guests.map(person).join('; ')}.`
  return sentence
}

function itemBlocks(item: AgendaItemVM, number: number | null, ctx: RichTextContext): DocxBlock[] {
  const out: DocxBlock[] = []
  const title = ensurePeriod(item.title.trim().replace(/[.;:,]+$/, ''))
  out.push(bodyParagraph([run(number === null ? title : `${number}. ${title}`)], { keepNext: true }))
  if (item.presenter) out.push(p(`${capitalize(person(item.presenter))} trình bày.`))
  if (item.documents.length > 0) out.push(p(`Văn bản liên quan: ${item.documents.join('; ')}.`))
  if (hasContent(item.content)) out.push(...richTextToDocx(item.content, ctx))
  if (item.speeches.length > 0) {
    out.push(bodyParagraph([run('Ý kiến thảo luận:', { italics: true })], { keepNext: true }))
    for (const speech of item.speeches) {
      out.push(...richTextToDocx(hasContent(speech.gist) ? speech.gist : null, ctx, { leadIn: [run(`- Đ/c ${speech.speaker}: `)] }))
    }
  }
  if (hasContent(item.conclusion)) {
    out.push(...richTextToDocx(item.conclusion, ctx, { leadIn: [run('Kết luận của chủ trì: ', { italics: true })] }))
  }
  return out
}

/** "Chi bộ biểu quyết thông qua …: 18/21 đồng chí tán thành, đạt 85,7%; … (mẫu số 21: …)." */
export function voteParagraphText(vote: VoteVM, who = 'Chi bộ'): string {
  const method = vote.method === 'hands' ? '' : ` (${VOTE_METHOD_LABELS[vote.method].toLocaleLowerCase('vi')})`
  const sentence = formatVoteSentence({
    for: vote.for,
    denominator: vote.denominator.denominator,
    against: vote.against,
    abstain: vote.abstain,
    allowAbstain: vote.allowAbstain,
  })
  const passed = isPassed(vote.kind, vote.for, vote.denominator.denominator)
  const rule = vote.kind === 'two_thirds' ? 'hai phần ba' : 'quá nửa'
  let text = `${who} biểu quyết ${vote.subject.trim()}${method}: ${sentence} (${describeDenominator(vote.denominator)}).`
  if (!passed) text += ` Không đạt ${rule} số đảng viên chính thức tán thành, không được thông qua.`
  return text
}

function votesBlocks(votes: VoteVM[], who: string): DocxBlock[] {
  const out: DocxBlock[] = []
  for (const vote of votes) {
    out.push(p(voteParagraphText(vote, who)))
    for (const r of vote.reserved) out.push(p(`Đ/c ${r.name} bảo lưu ý kiến: ${ensurePeriod(r.text)}`))
  }
  return out
}

function tasksTable(rows: { task: string; assignee: string; deadline: string | null }[]): DocxBlock[] {
  const widths = [850, 4625, 2380, TEXT_WIDTH - 850 - 4625 - 2380]
  const cellOf = (text: string, width: number, header = false, center = false) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      margins: { top: 40, bottom: 40, left: 108, right: 108 },
      children: [
        new Paragraph({
          alignment: center || header ? AlignmentType.CENTER : AlignmentType.LEFT,
          children: [run(text, { size: SIZE.table, bold: header })],
        }),
      ],
    })
  const header = new TableRow({
    tableHeader: true,
    children: ['STT', 'Nội dung công việc', 'Người thực hiện', 'Thời hạn'].map((h, i) => cellOf(h, widths[i], true)),
  })
  const body = rows.map(
    (t, i) =>
      new TableRow({
        cantSplit: true,
        children: [
          cellOf(String(i + 1), widths[0], false, true),
          cellOf(t.task, widths[1]),
          cellOf(t.assignee, widths[2]),
          cellOf(deadlineText(t.deadline), widths[3], false, true),
        ],
      }),
  )
  return [
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: THIN_BORDERS,
      rows: [header, ...body],
    }),
    new Paragraph({ spacing: { before: 0, after: 80 }, children: [] }),
  ]
}

/** Time, place, form, attendance, chair and minute-taker: the opening facts of the minutes. */
function factsBlocks(vm: MinutesViewModel): DocxBlock[] {
  const m = vm.meeting
  const out: DocxBlock[] = []
  out.push(p(`Thời gian: bắt đầu lúc ${formatTimeSentence(m.startTime)}, ${formatDocumentDate(m.date)}.`))
  out.push(p(`Địa điểm: ${ensurePeriod(m.place)}`))
  if (m.form !== 'in_person') out.push(p(`Hình thức: ${MEETING_FORM_LABELS[m.form].toLocaleLowerCase('vi')}.`))
  out.push(p(attendanceSentence(vm.attendance, vm.kind === 'minutes_committee')))
  out.push(p(`Chủ trì: ${person(vm.chair)}. Thư ký: ${person(vm.secretary)}.`))
  return out
}

function qualityBlocks(vm: MinutesViewModel): DocxBlock[] {
  if (!vm.quality) return []
  const q = vm.quality
  const who = vm.kind === 'minutes_committee' ? 'Chi ủy' : 'Chi bộ'
  const confirm = q.confirmedBy
    ? `đại diện cấp ủy cấp trên (${person(q.confirmedBy)}) xác nhận`
    : 'chưa có xác nhận của đại diện cấp ủy cấp trên'
  return [p(`${who} tự chấm ${formatScore(q.score)} điểm, xếp loại ${QUALITY_LEVEL_LABELS[q.level]}; ${confirm}.`)]
}

/** "Buổi sinh hoạt kết thúc lúc … cùng ngày; biên bản đã được đọc lại và chi bộ thông qua." */
function endingBlocks(vm: MinutesViewModel): DocxBlock[] {
  const committee = vm.kind === 'minutes_committee'
  const m = vm.meeting
  const body = committee ? 'chi ủy' : 'chi bộ'
  const event = committee ? 'Cuộc họp' : 'Buổi sinh hoạt'
  const adoption = vm.adopted ? `biên bản đã được đọc lại và ${body} thông qua` : null
  if (m.endTime) {
    const day = m.endDate && m.endDate !== m.date ? formatDocumentDate(m.endDate) : 'cùng ngày'
    return [p(`${event} kết thúc lúc ${formatTimeSentence(m.endTime)} ${day}${adoption ? `; ${adoption}` : ''}.`, { keepNext: true })]
  }
  return adoption ? [p(`${capitalize(adoption)}.`, { keepNext: true })] : []
}

function recordBlocks(vm: MinutesViewModel, block: RecordBlock): DocxBlock[] {
  switch (block) {
    case 'facts':
      return factsBlocks(vm)
    case 'votes':
      return votesBlocks(vm.votes, vm.kind === 'minutes_committee' ? 'Chi ủy' : 'Chi bộ')
    case 'tasks':
      return vm.tasks.length > 0 ? tasksTable(vm.tasks) : []
    case 'quality':
      return qualityBlocks(vm)
    case 'ending':
      return endingBlocks(vm)
  }
}

/** The minute-taker's sections in order, their headings numbered I, II, …; empty sections left out. */
function narrativeBody(vm: MinutesViewModel, sections: NarrativeSectionVM[], ctx: RichTextContext): DocxBlock[] {
  const out: DocxBlock[] = []
  let numbered = 0
  for (const section of sections) {
    const blocks = section.parts.flatMap((part) =>
      part.type === 'record' ? recordBlocks(vm, part.block) : hasContent(part.body) ? richTextToDocx(part.body, ctx) : [],
    )
    if (blocks.length === 0) continue
    if (section.title) {
      out.push(sectionHeading(`${ROMAN[numbered] ?? numbered + 1}. ${section.title}`))
      numbered += 1
    }
    out.push(...blocks)
  }
  return out
}

/** The body of the minutes, in the order of DOMAIN §6 (or of the minute-taker's narrative). */
export function minutesBody(vm: MinutesViewModel, ctx: RichTextContext): DocxBlock[] {
  if (vm.narrative) return narrativeBody(vm, vm.narrative, ctx)
  const committee = vm.kind === 'minutes_committee'
  const who = committee ? 'Chi ủy' : 'Chi bộ'
  const out: DocxBlock[] = factsBlocks(vm)

  let section = 0
  const heading = (text: string) => {
    out.push(sectionHeading(`${ROMAN[section] ?? section + 1}. ${text}`))
    section += 1
  }
  const itemsOf = (s: AgendaItemVM['section']) => vm.items.filter((i) => i.section === s)
  const itemsSection = (title: string, items: AgendaItemVM[]) => {
    if (items.length === 0) return
    heading(title)
    items.forEach((item, i) => out.push(...itemBlocks(item, items.length > 1 ? i + 1 : null, ctx)))
  }
  itemsSection('PHẦN MỞ ĐẦU', itemsOf('opening'))
  itemsSection('NỘI DUNG', itemsOf('content'))
  if (vm.votes.length > 0) {
    heading('BIỂU QUYẾT')
    out.push(...votesBlocks(vm.votes, who))
  }
  if (vm.tasks.length > 0) {
    heading('PHÂN CÔNG NHIỆM VỤ')
    out.push(...tasksTable(vm.tasks))
  }
  if (vm.criticism.length > 0) {
    heading('TỰ PHÊ BÌNH VÀ PHÊ BÌNH')
    for (const line of vm.criticism) out.push(p(`- ${ensurePeriod(line)}`))
  }
  if (vm.quality) {
    heading('TỰ ĐÁNH GIÁ CHẤT LƯỢNG')
    out.push(...qualityBlocks(vm))
  }
  itemsSection('PHẦN KẾT THÚC', itemsOf('closing'))
  out.push(...endingBlocks(vm))
  return out
}

// ---------------------------------------------------------------------------------------------
// Resolution body (DOMAIN §6)

const DEFAULT_IMPLEMENTATION =
  'Chi ủy (Bí thư chi bộ) chỉ đạo, đôn đốc, kiểm tra việc thực hiện nghị quyết; các đồng chí đảng viên được phân công có trách nhiệm tổ chức thực hiện và báo cáo kết quả tại kỳ sinh hoạt chi bộ tháng sau.'

export function resolutionBody(vm: ResolutionViewModel, ctx: RichTextContext): DocxBlock[] {
  const out: DocxBlock[] = []
  const m = vm.meeting
  out.push(
    p(
      `${capitalize(formatDocumentDate(m.date))}, tại ${m.place.trim()}, ${vm.header.issuer} tổ chức ${m.label.trim()}; có mặt ${m.present}/${m.expected} đảng viên; ${person(m.chair)} chủ trì. Sau khi thảo luận, Chi bộ thống nhất quyết nghị:`,
    ),
  )
  out.push(sectionHeading('I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ, HẠN CHẾ'))
  out.push(bodyParagraph([run('1. Kết quả đạt được', { bold: true, italics: true })], { keepNext: true }))
  out.push(...(hasContent(vm.results) ? richTextToDocx(vm.results, ctx) : [p('(Chưa ghi nhận.)')]))
  out.push(bodyParagraph([run('2. Hạn chế, nguyên nhân', { bold: true, italics: true })], { keepNext: true }))
  out.push(...(hasContent(vm.limitations) ? richTextToDocx(vm.limitations, ctx) : [p('Không có hạn chế đáng kể.')]))

  out.push(sectionHeading('II. NHIỆM VỤ, GIẢI PHÁP THÁNG TỚI'))
  if (hasContent(vm.tasksIntro)) out.push(...richTextToDocx(vm.tasksIntro, ctx))
  vm.tasks.forEach((t, i) => {
    out.push(
      bodyParagraph([
        run(`${i + 1}. ${ensurePeriod(t.task)} `),
        run(`Phụ trách: ${t.responsible.trim()}; thời hạn: ${deadlineText(t.deadline)}.`, { italics: true }),
      ]),
    )
  })
  if (vm.tasks.length === 0 && !hasContent(vm.tasksIntro)) out.push(p('(Chưa có nhiệm vụ.)'))

  out.push(sectionHeading('III. TỔ CHỨC THỰC HIỆN'))
  out.push(...(hasContent(vm.implementation) ? richTextToDocx(vm.implementation, ctx) : [p(DEFAULT_IMPLEMENTATION)]))
  if (vm.vote) {
    const v = vm.vote
    const passed = isPassed(v.kind, v.for, v.denominator.denominator)
    const sentence = formatVoteSentence({ for: v.for, denominator: v.denominator.denominator, against: v.against, abstain: v.abstain, allowAbstain: v.allowAbstain })
    out.push(
      p(
        passed
          ? `Nghị quyết được Chi bộ biểu quyết thông qua: ${sentence} (${describeDenominator(v.denominator)}).`
          : `Chi bộ biểu quyết: ${sentence} (${describeDenominator(v.denominator)}); nghị quyết không được thông qua.`,
        { keepNext: true },
      ),
    )
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** When the document was made, for its core properties: the last signature, else the document date. */
function documentInstant(header: DocumentHeaderVM, signedAt: string[]): Date {
  const times = signedAt.map((s) => new Date(s).getTime()).filter((t) => Number.isFinite(t))
  if (times.length > 0) return new Date(Math.max(...times))
  return fromVnWallTime(header.date, '00:00')
}

async function templateFor(kind: TemplateKind, template: Uint8Array | undefined): Promise<Uint8Array> {
  if (!template) return loadDefaultTemplate(kind)
  const check = await checkTemplate(kind, template)
  if (!check.ok) throw new TemplateError(check.errors)
  return template
}

/**
 * The minutes as .docx. `template` is an organisation's template of the view model's kind (checked
 * again here); without it the default file from templates/ is used.
 */
export async function renderMinutesDocx(vm: MinutesViewModel, template?: Uint8Array): Promise<Buffer> {
  const data = await templateFor(vm.kind, template)
  const lists = new ListRegistry()
  const ctx: RichTextContext = { lists }
  const signed = vm.signing.state === 'signed' ? vm.signing : null
  const values: FillValues = {
    ...headerValues(vm.header),
    trich_yeu: single(vm.subject.trim()),
    noi_dung: block(minutesBody(vm, ctx)),
    du_thao: single(signed ? '' : 'DỰ THẢO'),
    xac_minh: await verificationValue(vm.signing),
    thu_ky_chu_ky: single(signed ? signedAtNote(signed.secretarySignedAt) : ''),
    thu_ky_ho_ten: single(vm.secretary.name),
    chu_tri_chu_ky: single(signed ? signedAtNote(signed.chairSignedAt) : ''),
    chu_tri_ho_ten: single(vm.chair.name),
  }
  const filled = await fillTemplate(data, values, {
    numbering: lists.numbering(),
    properties: {
      title: `Biên bản — ${vm.subject.trim()}`,
      subject: vm.subject.trim(),
      creator: vm.header.issuer,
      lastModifiedBy: vm.header.issuer,
      keywords: [vm.header.number ?? '', signed ? `Mã xác minh ${signed.verifyCode}` : 'Dự thảo'].filter(Boolean).join('; '),
      description: signed ? `Bản đã ký; xác minh tại ${signed.verifyUrl}` : 'Dự thảo, chưa ký',
    },
  })
  return normalizeDocx(filled, documentInstant(vm.header, signed ? [signed.secretarySignedAt, signed.chairSignedAt] : []))
}

/** The resolution as .docx, like renderMinutesDocx. */
export async function renderResolutionDocx(vm: ResolutionViewModel, template?: Uint8Array): Promise<Buffer> {
  const data = await templateFor('resolution', template)
  const lists = new ListRegistry()
  const ctx: RichTextContext = { lists }
  const signed = vm.signing.state === 'signed' ? vm.signing : null
  const values: FillValues = {
    ...headerValues(vm.header),
    trich_yeu: single(vm.subject.trim()),
    noi_dung: block(resolutionBody(vm, ctx)),
    du_thao: single(signed ? '' : 'DỰ THẢO'),
    xac_minh: await verificationValue(vm.signing),
    chuc_vu_ky: single(vm.signer.title),
    nguoi_ky_chu_ky: single(signed ? signedAtNote(signed.signedAt) : ''),
    nguoi_ky_ho_ten: single(vm.signer.name),
    noi_nhan: block(vm.recipients.map((r) => recipientLine(`- ${r.trim()}`))),
  }
  const filled = await fillTemplate(data, values, {
    numbering: lists.numbering(),
    properties: {
      title: `Nghị quyết ${vm.subject.trim()}`,
      subject: vm.subject.trim(),
      creator: vm.header.issuer,
      lastModifiedBy: vm.header.issuer,
      keywords: [vm.header.number ?? '', signed ? `Mã xác minh ${signed.verifyCode}` : 'Dự thảo'].filter(Boolean).join('; '),
      description: signed ? `Bản đã ký; xác minh tại ${signed.verifyUrl}` : 'Dự thảo, chưa ký',
    },
  })
  return normalizeDocx(filled, documentInstant(vm.header, signed ? [signed.signedAt] : []))
}

/** Year of the document, for file names: "bien-ban-2026-02-05.docx". */
export function documentFileName(kind: 'bien-ban' | 'nghi-quyet', header: DocumentHeaderVM): string {
  const d = toZonedParts(header.date)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${kind}-${d.year}-${pad(d.month)}-${pad(d.day)}.docx`
}

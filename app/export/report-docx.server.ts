// The periodic inspection report as .docx (issue 7 item 5), in the Party document layout of
// app/export/docx-layout.ts: the same header, a "BÁO CÁO" title, counts and rates, the lists of
// missing, late and unsigned items. Built from reportView (app/models/remarks.server.ts), so the
// figures are exactly those of the printable page and the compliance grid.
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableLayoutType, TableRow, WidthType } from 'docx'
import type { ReportView } from '~/models/remarks.server'
import { formatDocumentDate } from '~/domain/vn-date'
import {
  bodyParagraph,
  centered,
  DOCUMENT_STYLES,
  firstPageHeader,
  headerTable,
  pageNumberHeader,
  run,
  SECTION_PROPERTIES,
  sectionHeading,
  SIZE,
  spacer,
  TEXT_WIDTH,
  THIN_BORDERS,
  upper,
} from './docx-layout'

export type ReportDocxInput = {
  view: ReportView
  /** The inspecting body (issuer) and its upper body, as printed in the header. */
  issuer: string
  upperBody: string
  issuerCode: string
  place: string
  /** Hà Nội date printed in the date line. */
  date: string
}

function tableOf(header: string[], rows: string[][], widths: number[]): Table {
  const total = widths.reduce((a, b) => a + b, 0)
  const cols = widths.map((w) => Math.floor((w / total) * TEXT_WIDTH))
  const cellOf = (text: string, i: number, bold = false) =>
    new TableCell({
      width: { size: cols[i], type: WidthType.DXA },
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      children: [new Paragraph({ alignment: i === 0 ? AlignmentType.LEFT : AlignmentType.CENTER, children: [run(text, { bold, size: SIZE.table })] })],
    })
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: cols,
    layout: TableLayoutType.FIXED,
    borders: THIN_BORDERS,
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cellOf(h, i, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((t, i) => cellOf(t, i)) })),
    ],
  })
}

function listSection(title: string, list: { total: number; items: { unitName: string; cellName: string; meetingDate?: string | null; detail: string; month?: number; quarter?: number }[] }) {
  const out: (Paragraph | Table)[] = [sectionHeading(`${title} (${list.total})`)]
  if (list.total === 0) {
    out.push(bodyParagraph([run('Không có.')]))
    return out
  }
  out.push(
    tableOf(
      ['Chi bộ', 'Kỳ', 'Ghi chú'],
      list.items.map((i) => [
        `${i.cellName}${i.unitName && i.unitName !== i.cellName ? ` (${i.unitName})` : ''}`,
        i.quarter ? `Quý ${i.quarter}` : i.month ? `Tháng ${String(i.month).padStart(2, '0')}` : '',
        i.detail,
      ]),
      [5, 1.4, 5],
    ),
  )
  if (list.total > list.items.length) out.push(bodyParagraph([run(`(Còn ${list.total - list.items.length} mục, xem trên hệ thống.)`, { italics: true })]))
  return out
}

export async function renderReportDocx(input: ReportDocxInput): Promise<Buffer> {
  const v = input.view
  const t = v.total
  const body: (Paragraph | Table)[] = [
    headerTable({
      upperBody: upper(input.upperBody),
      issuer: upper(input.issuer),
      number: `Số      -BC/${input.issuerCode}`,
      placeDate: formatDocumentDate(input.date, input.place || undefined),
    }),
    centered('BÁO CÁO', { bold: true, size: SIZE.docType }, { spacing: { before: 360, after: 0 } }),
    centered(`Kết quả kiểm tra việc thực hiện chế độ sinh hoạt chi bộ ${v.periodLabel}`, { bold: true }),
    centered(`(phạm vi: ${v.scopeName})`, { italics: true }),
    centered('-----', {}, { spacing: { after: 240 } }),
    sectionHeading('I. TỔNG HỢP'),
    bodyParagraph([
      run(
        `Số chi bộ: ${t.cells}. Số lượt sinh hoạt thường kỳ phải tổ chức: ${t.required}; đã tổ chức: ${t.held} (${v.rates.text.held}); không tổ chức: ${t.missing}; hủy: ${t.cancelled}.`,
      ),
    ]),
    bodyParagraph([
      run(
        `Biên bản ký đúng hạn (trong ${v.minutesSignDays} ngày sau buổi họp): ${t.signedOnTime} (${v.rates.text.onTime}); ký muộn: ${t.signedLate}; chưa ký: ${t.unsigned}${t.unsignedOverdue ? ` (trong đó ${t.unsignedOverdue} đã quá hạn ký)` : ''}.`,
      ),
    ]),
    bodyParagraph([run(`Tỷ lệ đảng viên dự sinh hoạt: ${v.rates.text.attendance}.`)]),
    bodyParagraph([run(`Xếp loại chất lượng buổi sinh hoạt: ${v.quality.map((q) => `${q.label} ${q.count}`).join('; ')}.`)]),
  ]
  if (v.quarters.length) {
    body.push(
      bodyParagraph([
        run(
          `Sinh hoạt chuyên đề: ${v.quarters.map((q) => `${q.label}: ${q.held} chi bộ đã tổ chức${q.missing ? `, ${q.missing} chi bộ chưa tổ chức` : ''}`).join('; ')}.`,
        ),
      ]),
    )
  }
  body.push(
    bodyParagraph([
      run(`Nhận xét kiểm tra: ${v.remarks.signedInPeriod} nhận xét ký trong kỳ; ${v.remarks.open} đang chờ chi bộ trả lời (${v.remarks.overdue} quá hạn), ${v.remarks.answered} đã trả lời, ${v.remarks.closed} đã đóng.`),
    ]),
    spacer(),
    sectionHeading(`II. CHI TIẾT THEO ${v.rowsAreCells ? 'CHI BỘ' : 'TỔ CHỨC CƠ SỞ ĐẢNG'}`),
    tableOf(
      [v.rowsAreCells ? 'Chi bộ' : 'Tổ chức', 'Đã họp', 'Đúng hạn', 'Ký muộn', 'Chưa ký', 'Không họp', 'Dự họp'],
      v.rows.map((r) => [r.name, `${r.tally.held}/${r.tally.required}`, r.rates.text.onTime, String(r.tally.signedLate), String(r.tally.unsigned), String(r.tally.missing), r.rates.text.attendance]),
      [5, 1.4, 1.4, 1.2, 1.2, 1.3, 1.3],
    ),
    spacer(),
    sectionHeading('III. CÁC TRƯỜNG HỢP CẦN CHẤN CHỈNH'),
    ...listSection('1. Tháng không tổ chức sinh hoạt', v.lists.missing),
    ...listSection('2. Biên bản ký muộn', v.lists.late),
    ...listSection('3. Biên bản chưa ký', v.lists.unsigned),
    ...listSection('4. Buổi sinh hoạt bị hủy', v.lists.cancelled),
    ...listSection('5. Quý chưa sinh hoạt chuyên đề', v.lists.thematicMissing),
  )
  const doc = new Document({
    creator: 'Sổ chi bộ',
    title: `Báo cáo ${v.periodLabel}`,
    styles: DOCUMENT_STYLES,
    sections: [{ properties: SECTION_PROPERTIES, headers: { first: firstPageHeader(''), default: pageNumberHeader() }, children: body }],
  })
  return Packer.toBuffer(doc)
}

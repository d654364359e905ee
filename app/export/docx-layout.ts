// The Party document format (HD 36-HD/VPTW; DOMAIN §7) as docx building blocks: page setup, type
// sizes, the two-column header, the title block, body paragraphs and the signature blocks. The
// default templates (templates/build-templates.ts) are assembled from these, and the generated body
// blocks (app/export/render.server.ts, app/export/rich-text-docx.ts) use the same measurements, so the
// numbers below are the one place to change the layout.
//
// Units: twips (1/20 pt; 1 mm = 56.7 twips) for page and indents, half-points for type sizes
// (w:sz = 2 × pt).
import {
  AlignmentType,
  BorderStyle,
  Footer,
  Header,
  LineRuleType,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IParagraphOptions,
  type IRunOptions,
  type ISectionPropertiesOptions,
  type IStylesOptions,
} from 'docx'

export const FONT = 'Times New Roman'

/** A4 portrait. */
export const PAGE = { width: 11906, height: 16838 } as const
/** Top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; header and footer 10 mm from the edge. */
export const MARGIN = { top: 1134, bottom: 1134, left: 1701, right: 850, header: 567, footer: 567 } as const
/** Width of the text column: 9355 twips (165 mm). */
export const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right
/** First-line indent of body paragraphs, 1 cm. */
export const FIRST_LINE_INDENT = 567

/** Type sizes in half-points (w:sz). */
export const SIZE = {
  /** Body, upper body, issuing body, number, date line, signature titles: 14 pt. */
  body: 28,
  /** ĐẢNG CỘNG SẢN VIỆT NAM: 15 pt. */
  party: 30,
  /** BIÊN BẢN, NGHỊ QUYẾT: 16 pt. */
  docType: 32,
  /** Text inside tables of the body: 13 pt. */
  table: 26,
  /** Recipients under "Nơi nhận:": 12 pt. */
  recipients: 24,
  /** "Đã ký điện tử lúc …": 11 pt. */
  signatureNote: 22,
  /** Verification footer: 10 pt. */
  footer: 20,
} as const

/** Body spacing: nothing before, 4 pt after, lines at 1.1. */
export const BODY_SPACING = { before: 0, after: 80, line: 264, lineRule: LineRuleType.AUTO } as const

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'auto' } as const
export const NO_BORDERS = {
  top: NO_BORDER,
  bottom: NO_BORDER,
  left: NO_BORDER,
  right: NO_BORDER,
  insideHorizontal: NO_BORDER,
  insideVertical: NO_BORDER,
} as const
const THIN = { style: BorderStyle.SINGLE, size: 4, color: 'auto' } as const
export const THIN_BORDERS = {
  top: THIN,
  bottom: THIN,
  left: THIN,
  right: THIN,
  insideHorizontal: THIN,
  insideVertical: THIN,
} as const

/** Header table columns: the issuing side on the left (7.5 cm), the Party name and date on the right. */
export const HEADER_COLUMNS = [4253, TEXT_WIDTH - 4253] as const
/**
 * The rule under ĐẢNG CỘNG SẢN VIỆT NAM is the paragraph's bottom border; indenting the paragraph on
 * both sides brings it close to the length of the words (15 pt bold Times New Roman: ≈ 4 600 twips)
 * without letting them wrap.
 */
export const PARTY_RULE_INDENT = 170
/** Signature table: two equal columns. */
export const SIGNATURE_COLUMNS = [Math.floor(TEXT_WIDTH / 2), TEXT_WIDTH - Math.floor(TEXT_WIDTH / 2)] as const

export const STATE_MOTTO = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'
export const PARTY_NAME = 'ĐẢNG CỘNG SẢN VIỆT NAM'

/** Upper case as Vietnamese writes it ("Đảng bộ phường Ba Đình" → "ĐẢNG BỘ PHƯỜNG BA ĐÌNH"). */
export function upper(text: string): string {
  return text.normalize('NFC').toLocaleUpperCase('vi')
}

export type RunStyle = Omit<IRunOptions, 'text' | 'children' | 'break' | 'font' | 'size'> & { size?: number }

/** A run in the document font, 14 pt unless told. */
export function run(text: string, style: RunStyle = {}): TextRun {
  const { size, ...rest } = style
  return new TextRun({ text, font: FONT, size: size ?? SIZE.body, ...rest })
}

type ParagraphStyle = Omit<IParagraphOptions, 'children' | 'text'>

/** A centred paragraph of one run (header, title and signature lines). */
export function centered(text: string, style: RunStyle = {}, paragraph: ParagraphStyle = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
    ...paragraph,
    children: [run(text, style)],
  })
}

/** A body paragraph: justified, first line indented 1 cm. */
export function bodyParagraph(children: IParagraphOptions['children'], paragraph: ParagraphStyle = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE_INDENT },
    spacing: BODY_SPACING,
    ...paragraph,
    children,
  })
}

/** A section heading of the body: "I. PHẦN MỞ ĐẦU", bold, kept with what follows. */
export function sectionHeading(text: string): Paragraph {
  return bodyParagraph([run(text, { bold: true })], {
    keepNext: true,
    spacing: { ...BODY_SPACING, before: 120 },
  })
}

/** The text of the header's cells; placeholders ("{{chi_bo}}") in templates, values elsewhere. */
export type HeaderTexts = {
  upperBody: string
  issuer: string
  number: string
  placeDate: string
}

function cell(width: number, children: Paragraph[]): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { top: 0, bottom: 0, left: 57, right: 57 },
    borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER },
    children,
  })
}

function borderlessTable(columns: readonly number[], rows: TableRow[]): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [...columns],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows,
  })
}

/**
 * The two-column header without borders (DOMAIN §7): left the upper body (14 pt), the issuing body
 * (14 pt bold), a centred "*" and the number "Số 02-BB/CB"; right ĐẢNG CỘNG SẢN VIỆT NAM (15 pt bold)
 * with a rule under it, then the place-and-date line (14 pt italic). Never the state motto.
 */
export function headerTable(texts: HeaderTexts): Table {
  const left = [
    centered(texts.upperBody),
    centered(texts.issuer, { bold: true }),
    centered('*'),
    centered(texts.number),
  ]
  const right = [
    centered(PARTY_NAME, { bold: true, size: SIZE.party }, {
      indent: { left: PARTY_RULE_INDENT, right: PARTY_RULE_INDENT },
      border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'auto', space: 1 } },
    }),
    centered(texts.placeDate, { italics: true }, { spacing: { before: 160, after: 0 } }),
  ]
  return borderlessTable(HEADER_COLUMNS, [
    new TableRow({ children: [cell(HEADER_COLUMNS[0], left), cell(HEADER_COLUMNS[1], right)] }),
  ])
}

/** "BIÊN BẢN" / "NGHỊ QUYẾT" (16 pt bold), the subject line (14 pt bold) and "-----", all centred. */
export function titleBlock(docType: 'BIÊN BẢN' | 'NGHỊ QUYẾT', subject: string): Paragraph[] {
  return [
    centered(docType, { bold: true, size: SIZE.docType }, { spacing: { before: 360, after: 0 }, keepNext: true }),
    centered(subject, { bold: true }, { keepNext: true }),
    centered('-----', {}, { spacing: { before: 0, after: 240 } }),
  ]
}

/** The texts of one signature column; placeholders in templates. */
export type SignatureTexts = {
  /** "THƯ KÝ", "CHỦ TRÌ", or for a resolution the lines "T/M CHI BỘ" and "BÍ THƯ". */
  titles: string[]
  /** "(Ký, ghi rõ họ tên)" under the title; null leaves it out. */
  instruction: string | null
  /** "Đã ký điện tử lúc 16:40 ngày 05/02/2026", or empty on a draft (the space for a signature). */
  note: string
  name: string
}

/** One signature column: titles bold, instruction italic, the signing note small italic, the name bold. */
export function signatureColumn(texts: SignatureTexts): Paragraph[] {
  return [
    ...texts.titles.map((title) => centered(title, { bold: true }, { keepNext: true, keepLines: true })),
    ...(texts.instruction ? [centered(texts.instruction, { italics: true }, { keepNext: true })] : []),
    centered(texts.note, { italics: true, size: SIZE.signatureNote }, { spacing: { before: 280, after: 280 }, keepNext: true }),
    centered(texts.name, { bold: true }),
  ]
}

/** Minutes: THƯ KÝ on the left, CHỦ TRÌ on the right, in a borderless two-column table. */
export function minutesSignatureTable(secretary: SignatureTexts, chair: SignatureTexts): Table {
  return borderlessTable(SIGNATURE_COLUMNS, [
    new TableRow({
      cantSplit: true,
      children: [
        cell(SIGNATURE_COLUMNS[0], signatureColumn(secretary)),
        cell(SIGNATURE_COLUMNS[1], signatureColumn(chair)),
      ],
    }),
  ])
}

/** A recipient line under "Nơi nhận:", 12 pt: "- Đảng ủy phường (để báo cáo),". */
export function recipientLine(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.LEFT,
    spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
    children: [run(text, { size: SIZE.recipients })],
  })
}

/**
 * Resolution: "Nơi nhận:" (14 pt, underlined) and the recipients (12 pt) on the left; T/M CHI BỘ,
 * the signer's title, the signing note and the name on the right.
 */
export function resolutionSignatureTable(recipients: Paragraph[], signer: SignatureTexts): Table {
  const left = [
    new Paragraph({
      alignment: AlignmentType.LEFT,
      spacing: { before: 0, after: 0 },
      children: [run('Nơi nhận:', { underline: {} })],
    }),
    ...recipients,
  ]
  return borderlessTable(SIGNATURE_COLUMNS, [
    new TableRow({
      cantSplit: true,
      children: [
        new TableCell({
          width: { size: SIGNATURE_COLUMNS[0], type: WidthType.DXA },
          margins: { top: 0, bottom: 0, left: 0, right: 57 },
          verticalAlign: VerticalAlignTable.TOP,
          children: left,
        }),
        cell(SIGNATURE_COLUMNS[1], signatureColumn(signer)),
      ],
    }),
  ])
}

/** An empty paragraph between the body and the signature block. */
export function spacer(after = 120): Paragraph {
  // Kept with the signature block that follows, so a signature never stands alone on a page.
  return new Paragraph({ spacing: { before: 0, after }, keepNext: true, children: [] })
}

/**
 * The paragraph a document must end with after a table: one twip high, so it never spills onto a
 * page of its own.
 */
export function endParagraph(): Paragraph {
  return new Paragraph({
    spacing: { before: 0, after: 0, line: 20, lineRule: LineRuleType.EXACT },
    run: { size: 2 },
    children: [],
  })
}

/** First page: no page number; the draft mark ("{{du_thao}}" in templates) sits at its top right. */
export function firstPageHeader(draftMark: string): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [
          run(draftMark, {
            bold: true,
            border: { style: BorderStyle.SINGLE, size: 6, color: 'auto', space: 2 },
          }),
        ],
      }),
    ],
  })
}

/** Pages 2 and on: the page number, centred at the top. */
export function pageNumberHeader(): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: SIZE.body })],
      }),
    ],
  })
}

/** Every page: the verification line and QR code of a signed version ("{{xac_minh}}" in templates). */
export function verificationFooter(text: string): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [run(text, { size: SIZE.footer, italics: true })],
      }),
    ],
  })
}

/** A4, the margins of DOMAIN §7 and a first page of its own (page numbers from page 2). */
export const SECTION_PROPERTIES: ISectionPropertiesOptions = {
  page: {
    size: { width: PAGE.width, height: PAGE.height },
    margin: { ...MARGIN, gutter: 0 },
  },
  titlePage: true,
}

/** Document defaults: Times New Roman 14 pt everywhere, Vietnamese language. */
export const DOCUMENT_STYLES: IStylesOptions = {
  default: {
    document: {
      run: { font: FONT, size: SIZE.body, language: { value: 'vi-VN' } },
      paragraph: { spacing: { before: 0, after: 0 } },
    },
  },
}

/** "Đã ký điện tử lúc 16:40 ngày 05/02/2026" (Hà Nội time). */
export function signatureNote(time: string, date: string): string {
  return `Đã ký điện tử lúc ${time} ngày ${date}`
}

/** "Mã xác minh: 7K3Q-MX9A · https://…/verify/7K3Q-MX9A" */
export function verificationLine(code: string, url: string): string {
  return `Mã xác minh: ${code} · ${url}`
}

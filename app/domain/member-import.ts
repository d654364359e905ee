// Member-list import and export: from a table of cells (what app/utils/spreadsheet.server.ts reads
// out of a .csv or .xlsx) to validated member rows, and back. Pure: no database, no files.
//
// What a secretary's spreadsheet looks like (tests/fixtures/danh-sach-dang-vien.csv): one header row
// with Vietnamese column names, one member per row, dates as dd/mm/yyyy.
//
// Decisions (the lead records them in an ADR):
// - Dates are read as d/m/yyyy (day first, 1–2 digit day and month, 4-digit year). ISO yyyy-mm-dd is
//   ACCEPTED as well: a spreadsheet's date cells often come out ISO when a file passes through another
//   tool, and it cannot be confused with day-first dates. Other formats (12-03-1968, 12.03.1968, 2-digit
//   years, serial numbers) are reported with the column, the value and the expected format, never
//   guessed. A date that does not exist (31/02/1987) is reported as such.
// - The header row is the first row that has a name column among the first ten rows, so a title line
//   above the table ("DANH SÁCH ĐẢNG VIÊN …") is tolerated; row numbers are always the spreadsheet's
//   line numbers, so they match what the secretary sees in Excel.
// - A split name ("Họ và tên đệm" + "Tên", or "Họ" + "Tên") is joined into the full name.
// - Status: the "Trạng thái"/"Loại đảng viên" column when present and filled; otherwise probationary
//   when there is no official date or the note says "dự bị", official otherwise.
// - Duplicates inside the file are errors on the later row: the same card number, or the same name and
//   birth date when one of the two rows has no card number (two creates of one person otherwise).
// - A row whose only filled cell is STT (a pre-numbered template) counts as empty and is ignored.
import type { z } from 'zod'
import {
  GENDER_LABELS,
  MEMBER_POSITION_LABELS,
  MEMBER_STATUS_LABELS,
  type Gender,
  type MemberPosition,
  type MemberStatus,
} from './constants'
import { MEMBER_STANDING_LABELS, MemberSchema, isValidIsoDate, type MemberInput, type MemberStanding } from './members'
import { cleanText, foldVietnamese } from '~/utils/text'

/** Member fields an import file may carry (suspension and end of membership never come from a file). */
export const IMPORT_FIELDS = [
  'fullName',
  'gender',
  'birthDate',
  'status',
  'joinedOn',
  'officialOn',
  'position',
  'cardNumber',
  'note',
] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]

type Column = ImportField | 'stt' | 'surname'

/** Canonical Vietnamese column names (also the export headers). */
export const COLUMN_LABELS: Record<Column, string> = {
  stt: 'STT',
  surname: 'Họ và tên đệm',
  fullName: 'Họ và tên',
  birthDate: 'Ngày sinh',
  gender: 'Giới tính',
  joinedOn: 'Ngày vào Đảng',
  officialOn: 'Ngày chính thức',
  status: 'Loại đảng viên',
  position: 'Chức vụ Đảng',
  cardNumber: 'Số thẻ đảng viên',
  note: 'Ghi chú',
}

/** Accepted header names, compared after normaliseHeader (case, diacritics, spacing, punctuation). */
const HEADER_ALIASES: Record<Column, string[]> = {
  stt: ['STT', 'TT', 'Số TT', 'Số thứ tự'],
  surname: ['Họ và tên đệm', 'Họ và chữ đệm', 'Họ đệm', 'Họ'],
  fullName: ['Họ và tên', 'Họ tên', 'Tên', 'Họ và tên đảng viên'],
  birthDate: ['Ngày sinh', 'Ngày tháng năm sinh', 'Ngày, tháng, năm sinh'],
  gender: ['Giới tính', 'Nam/Nữ'],
  joinedOn: ['Ngày vào Đảng', 'Ngày kết nạp', 'Ngày kết nạp Đảng', 'Ngày kết nạp vào Đảng'],
  officialOn: ['Ngày chính thức', 'Ngày công nhận chính thức', 'Ngày được công nhận chính thức', 'Ngày chuyển chính thức'],
  status: ['Trạng thái', 'Loại đảng viên', 'Chính thức/Dự bị'],
  position: ['Chức vụ Đảng', 'Chức vụ', 'Chức vụ trong chi bộ'],
  cardNumber: ['Số thẻ đảng viên', 'Số thẻ', 'Số thẻ ĐV', 'Số thẻ Đảng'],
  note: ['Ghi chú'],
}

/** "  Họ và TÊN (*) :" → "ho va ten". */
export function normaliseHeader(text: string): string {
  return foldVietnamese(text.replace(/\([^)]*\)/g, ' '))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

const ALIAS_TO_COLUMN = new Map<string, Column>()
for (const [column, aliases] of Object.entries(HEADER_ALIASES) as [Column, string[]][]) {
  for (const alias of aliases) ALIAS_TO_COLUMN.set(normaliseHeader(alias), column)
}

export function columnOfHeader(header: string): Column | null {
  return ALIAS_TO_COLUMN.get(normaliseHeader(header)) ?? null
}

export type ImportRow = {
  /** The spreadsheet's line number (the header row of the sample is line 1, its first member line 2). */
  rowNumber: number
  /** The validated member when the row has no error, null otherwise. */
  values: MemberInput | null
  /** 'YYYY-MM-DD' from a note "Miễn sinh hoạt từ dd/mm/yyyy". */
  exemptFrom?: string
  /** Every problem of the row, in Vietnamese, naming the column; empty when the row is valid. */
  errors: string[]
  /** The name as written in the file, for listing bad rows (always set by parseMemberRows; may be ''). */
  rawName?: string
  /**
   * The fields the file carries (its columns). An update changes only these, so a file without a
   * "Ghi chú" column does not erase notes. Absent on hand-built rows = all fields.
   */
  fields?: ImportField[]
}

export type ParsedMemberFile = { fileErrors: string[]; rows: ImportRow[] }

type HeaderInfo = { headerIndex: number; columns: Map<Column, { index: number; label: string }> }

const HEADER_SEARCH_ROWS = 10

function findHeader(table: string[][]): HeaderInfo | { error: string } {
  const limit = Math.min(table.length, HEADER_SEARCH_ROWS)
  for (let i = 0; i < limit; i++) {
    const row = table[i] ?? []
    const found = row.map((cell) => columnOfHeader(cell ?? ''))
    if (!found.includes('fullName')) continue
    const columns = new Map<Column, { index: number; label: string }>()
    const duplicates: string[] = []
    found.forEach((column, index) => {
      if (!column) return
      const label = cleanText(row[index] ?? '')
      const earlier = columns.get(column)
      if (earlier) duplicates.push(`Cột "${label}" trùng ý nghĩa với cột "${earlier.label}"; hãy xóa hoặc đổi tên một trong hai cột.`)
      else columns.set(column, { index, label })
    })
    if (duplicates.length > 0) return { error: duplicates.join(' ') }
    return { headerIndex: i, columns }
  }
  return {
    error:
      'Không tìm thấy cột "Họ và tên" trong tệp. Dòng tiêu đề cần có cột "Họ và tên" (hoặc "Họ tên"); hãy thêm hoặc đổi tên cột rồi tải lên lại.',
  }
}

// ---------------------------------------------------------------------------------------------
// Cell parsers. Each returns the value or a Vietnamese error naming the column (as the file names it).

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string }

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/
const YMD = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/
const MIN_YEAR = 1900
const MAX_YEAR = 2100

export function isoFromParts(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** 'd/m/yyyy' or 'yyyy-mm-dd' → 'YYYY-MM-DD'; `label` names the column in the error. */
export function parseImportDate(raw: string, label: string): Parsed<string> {
  const value = raw.trim()
  const dmy = DMY.exec(value)
  const ymd = dmy ? null : YMD.exec(value)
  if (!dmy && !ymd) {
    return {
      ok: false,
      error: `${label} "${value}" không đúng định dạng; hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/09/1985.`,
    }
  }
  const [day, month, year] = dmy
    ? [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])]
    : [Number(ymd![3]), Number(ymd![2]), Number(ymd![1])]
  const shown = value.split(/[\sT]/)[0]
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return { ok: false, error: `${label} ${shown} có năm ${year} không hợp lệ; hãy kiểm tra lại.` }
  }
  const iso = isoFromParts(year, month, day)
  if (!isValidIsoDate(iso)) return { ok: false, error: `${label} ${shown} không tồn tại.` }
  return { ok: true, value: iso }
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy' (empty for null). */
export function formatImportDate(iso: string | null | undefined): string {
  if (!iso) return ''
  const [y, m, d] = iso.slice(0, 10).split('-')
  return `${d}/${m}/${y}`
}

export function parseGender(raw: string, label: string): Parsed<Gender | null> {
  const folded = foldVietnamese(raw)
  if (!folded) return { ok: true, value: null }
  if (folded === 'nam') return { ok: true, value: 'male' }
  if (folded === 'nu') return { ok: true, value: 'female' }
  return { ok: false, error: `${label} "${raw.trim()}" không hợp lệ; hãy ghi Nam hoặc Nữ.` }
}

const POSITION_BY_FOLDED: Record<string, MemberPosition> = {
  'bi thu': 'secretary',
  'pho bi thu': 'deputy',
  'chi uy vien': 'committee',
  'uy vien chi uy': 'committee',
  'dang vien': 'member',
}

export function parsePosition(raw: string, label: string): Parsed<MemberPosition> {
  const folded = normaliseHeader(raw).replace(/ chi bo$/, '')
  if (!folded) return { ok: true, value: 'member' }
  const position = POSITION_BY_FOLDED[folded]
  if (position) return { ok: true, value: position }
  return {
    ok: false,
    error: `${label} "${raw.trim()}" không nhận ra; hãy ghi Bí thư, Phó Bí thư, Chi ủy viên hoặc để trống (đảng viên).`,
  }
}

export function parseStatus(raw: string, label: string): Parsed<MemberStatus | null> {
  const folded = normaliseHeader(raw)
  if (!folded) return { ok: true, value: null }
  if (folded.includes('du bi')) return { ok: true, value: 'probationary' }
  if (folded.includes('chinh thuc')) return { ok: true, value: 'official' }
  return { ok: false, error: `${label} "${raw.trim()}" không hợp lệ; hãy ghi Chính thức hoặc Dự bị.` }
}

const EXEMPT_NOTE = /mien (?:cong tac va )?sinh hoat(?: dang)? tu(?: ngay)? ([0-9][0-9/\-.]*[0-9])/

/** "Miễn sinh hoạt từ 01/01/2024" (anywhere in the note) → '2024-01-01'; null when the note says nothing. */
export function exemptionFromNote(note: string, label: string): Parsed<string> | null {
  const match = EXEMPT_NOTE.exec(foldVietnamese(note))
  if (!match) return null
  const parsed = parseImportDate(match[1], 'Ngày miễn sinh hoạt')
  if (!parsed.ok) return { ok: false, error: `${label}: ${parsed.error}` }
  return parsed
}

/** The note mentions a probationary member ("Đảng viên dự bị"). */
function noteSaysProbationary(note: string): boolean {
  return /\bdu bi\b/.test(foldVietnamese(note))
}

// ---------------------------------------------------------------------------------------------

/** Cells of one row by column, trimmed ('' when the column is absent). */
type RowCells = Record<Column, string>

function isBlankRow(cells: RowCells): boolean {
  return (Object.keys(cells) as Column[]).every((c) => c === 'stt' || cells[c] === '')
}

/** Vietnamese reason for a MemberSchema issue, naming the column as the file names it. */
function describeIssue(issue: z.core.$ZodIssue, labelOf: (field: ImportField) => string): string {
  const field = issue.path[0] as ImportField | undefined
  if (!field || !IMPORT_FIELDS.includes(field)) return issue.message
  const label = labelOf(field)
  // The schema's messages already name their field ("Ngày chính thức không thể trước …"); when the
  // file calls the column differently, say which column.
  if (foldVietnamese(issue.message).includes(foldVietnamese(label))) return issue.message
  return `Cột "${label}": ${issue.message}`
}

/**
 * A table of cells (first rows = header) → a row per member line, each with every problem found.
 * `fileErrors` are problems of the whole file (no name column, no data); rows are then empty.
 */
export function parseMemberRows(table: string[][]): ParsedMemberFile {
  const header = findHeader(table)
  if ('error' in header) return { fileErrors: [header.error], rows: [] }
  const { headerIndex, columns } = header
  const labelOf = (column: Column) => columns.get(column)?.label || COLUMN_LABELS[column]
  const fields = IMPORT_FIELDS.filter((f) => {
    if (f === 'status') return columns.has('status') || columns.has('officialOn')
    return columns.has(f)
  })

  const rows: ImportRow[] = []
  const cardSeenAt = new Map<string, number>()
  const personSeenAt = new Map<string, { rowNumber: number; hasCard: boolean }>()

  for (let i = headerIndex + 1; i < table.length; i++) {
    const line = table[i] ?? []
    const cells = {} as RowCells
    for (const column of Object.keys(COLUMN_LABELS) as Column[]) {
      const at = columns.get(column)
      cells[column] = at ? cleanText(String(line[at.index] ?? '')) : ''
    }
    if (isBlankRow(cells)) continue
    const rowNumber = i + 1
    const errors: string[] = []
    /** Fields already reported, so the schema does not report them a second time. */
    const reported = new Set<ImportField>()
    const fail = (field: ImportField, error: string) => {
      errors.push(error)
      reported.add(field)
    }

    const fullName =
      columns.has('surname') && normaliseHeader(labelOf('fullName')) === 'ten'
        ? cleanText(`${cells.surname} ${cells.fullName}`)
        : cells.fullName
    if (!fullName) fail('fullName', 'Thiếu họ và tên.')

    const dates: Partial<Record<'birthDate' | 'joinedOn' | 'officialOn', string>> = {}
    for (const field of ['birthDate', 'joinedOn', 'officialOn'] as const) {
      if (!cells[field]) continue
      const parsed = parseImportDate(cells[field], labelOf(field))
      if (parsed.ok) dates[field] = parsed.value
      else fail(field, parsed.error)
    }

    const gender = parseGender(cells.gender, labelOf('gender'))
    if (!gender.ok) fail('gender', gender.error)
    const position = parsePosition(cells.position, labelOf('position'))
    if (!position.ok) fail('position', position.error)
    const explicitStatus = parseStatus(cells.status, labelOf('status'))
    if (!explicitStatus.ok) fail('status', explicitStatus.error)

    let exemptFrom: string | undefined
    const exemption = exemptionFromNote(cells.note, labelOf('note'))
    if (exemption?.ok) exemptFrom = exemption.value
    else if (exemption) fail('note', exemption.error)

    const status: MemberStatus =
      explicitStatus.ok && explicitStatus.value
        ? explicitStatus.value
        : !cells.officialOn || noteSaysProbationary(cells.note)
          ? 'probationary'
          : 'official'

    const cardNumber = cells.cardNumber
    if (cardNumber) {
      const earlier = cardSeenAt.get(cardNumber)
      if (earlier) fail('cardNumber', `Số thẻ ${cardNumber} trùng với dòng ${earlier}.`)
      else cardSeenAt.set(cardNumber, rowNumber)
    }
    if (fullName) {
      const personKey = `${foldVietnamese(fullName)}|${dates.birthDate ?? cells.birthDate}`
      const earlier = personSeenAt.get(personKey)
      if (earlier && (!earlier.hasCard || !cardNumber)) {
        errors.push(
          `Đ/c ${fullName}${cells.birthDate ? ` (sinh ${cells.birthDate})` : ''} trùng với dòng ${earlier.rowNumber}; hãy xóa một dòng hoặc ghi số thẻ để phân biệt.`,
        )
      } else if (!earlier) {
        personSeenAt.set(personKey, { rowNumber, hasCard: Boolean(cardNumber) })
      }
    }

    const result = MemberSchema.safeParse({
      fullName,
      gender: gender.ok ? gender.value : null,
      birthDate: dates.birthDate,
      status,
      joinedOn: dates.joinedOn,
      officialOn: dates.officialOn,
      position: position.ok ? position.value : 'member',
      cardNumber: cardNumber || undefined,
      note: cells.note || undefined,
    })
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.path[0] as ImportField | undefined
        if (field && reported.has(field)) continue
        const message = describeIssue(issue, (f) => labelOf(f))
        if (!errors.includes(message)) errors.push(message)
      }
    }

    rows.push({
      rowNumber,
      values: errors.length === 0 && result.success ? result.data : null,
      ...(exemptFrom ? { exemptFrom } : {}),
      errors,
      rawName: fullName,
      fields,
    })
  }

  if (rows.length === 0) {
    return {
      fileErrors: ['Tệp không có dòng đảng viên nào dưới dòng tiêu đề; hãy kiểm tra lại tệp.'],
      rows: [],
    }
  }
  return { fileErrors: [], rows }
}

// ---------------------------------------------------------------------------------------------
// Export: the same headers and formats, so an exported file re-imports cleanly.

export type ExportableMember = {
  fullName: string
  birthDate: string | null
  gender: Gender | null
  joinedOn: string | null
  officialOn: string | null
  status: MemberStatus
  position: MemberPosition
  cardNumber: string | null
  note: string | null
  /** Standing today; shown in a column the import ignores. */
  standing?: MemberStanding
}

/** Header of an exported member list; every column except "Tình trạng sinh hoạt" is read back on import. */
export const memberExportColumns: string[] = [
  COLUMN_LABELS.stt,
  COLUMN_LABELS.fullName,
  COLUMN_LABELS.birthDate,
  COLUMN_LABELS.gender,
  COLUMN_LABELS.joinedOn,
  COLUMN_LABELS.officialOn,
  COLUMN_LABELS.status,
  COLUMN_LABELS.position,
  COLUMN_LABELS.cardNumber,
  COLUMN_LABELS.note,
  'Tình trạng sinh hoạt',
]

/** One exported line; `stt` is the 1-based number shown in the STT column. */
export function memberToExportRow(member: ExportableMember, stt?: number): string[] {
  return [
    stt === undefined ? '' : String(stt),
    member.fullName,
    formatImportDate(member.birthDate),
    member.gender ? GENDER_LABELS[member.gender] : '',
    formatImportDate(member.joinedOn),
    formatImportDate(member.officialOn),
    MEMBER_STATUS_LABELS[member.status],
    // Ordinary members are left blank, as secretaries write them.
    member.position === 'member' ? '' : MEMBER_POSITION_LABELS[member.position],
    member.cardNumber ?? '',
    member.note ?? '',
    member.standing ? MEMBER_STANDING_LABELS[member.standing] : '',
  ]
}

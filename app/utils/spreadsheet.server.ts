// Reading and writing the spreadsheets secretaries exchange: .csv (UTF-8, with or without a BOM, comma,
// semicolon or tab separated, as Excel writes them for a Vietnamese locale) and .xlsx (first worksheet).
// Every cell comes out as a string; dates as dd/mm/yyyy, the way the secretary sees them.
import { parse } from 'csv-parse/sync'
import { createRequire } from 'node:module'
import type ExcelJS from 'exceljs'
import { AppError } from '~/models/context'

export const MAX_SPREADSHEET_BYTES = 5 * 1024 * 1024

const UTF8_BOM = [0xef, 0xbb, 0xbf]
const UTF16LE_BOM = [0xff, 0xfe]

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b)
}

function extensionOf(fileName: string): string {
  const match = /\.([^.]+)$/.exec(fileName.trim())
  return match ? match[1].toLowerCase() : ''
}

/**
 * The cells of a .csv or .xlsx file, row by row; row i of the result is the spreadsheet's line i + 1
 * (empty lines are kept as empty rows so line numbers stay right). Throws an AppError(422) with a
 * Vietnamese message for a file it cannot read.
 */
export async function readTable(fileName: string, bytes: Uint8Array): Promise<string[][]> {
  if (bytes.byteLength > MAX_SPREADSHEET_BYTES) {
    const mb = (bytes.byteLength / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })
    throw new AppError(422, `Tệp quá lớn (${mb} MB); chỉ nhận tệp tối đa 5 MB. Hãy xóa bớt các trang tính hoặc cột không cần thiết rồi tải lên lại.`)
  }
  const extension = extensionOf(fileName)
  if (extension === 'csv') return readCsv(bytes)
  if (extension === 'xlsx') return readXlsx(bytes)
  throw new AppError(422, 'Chỉ nhận tệp .csv hoặc .xlsx.')
}

// ---------------------------------------------------------------------------------------------
// CSV

function decodeCsv(bytes: Uint8Array): string {
  if (startsWith(bytes, UTF16LE_BOM)) {
    // Excel's "Unicode Text" export.
    return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  }
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(3) : bytes
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    throw new AppError(
      422,
      'Tệp CSV không dùng mã UTF-8 nên tiếng Việt sẽ bị lỗi font. Trong Excel, hãy chọn Lưu thành → "CSV UTF-8 (Comma delimited)" rồi tải lên lại, hoặc tải lên tệp .xlsx.',
    )
  }
}

/** The separator: the most frequent of , ; and tab outside quotes in the first lines. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ])
  let inQuotes = false
  let lines = 0
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes
    else if (!inQuotes && ch === '\n' && ++lines >= 5) break
    else if (!inQuotes && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1)
  }
  let best = ','
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter
  return best
}

/** writeCsv protects cells that a spreadsheet would run as a formula with a leading apostrophe; undo it. */
function unprotectFormula(cell: string): string {
  return /^'[=+\-@]/.test(cell) ? cell.slice(1) : cell
}

function readCsv(bytes: Uint8Array): string[][] {
  const text = decodeCsv(bytes)
  if (text.trim() === '') return []
  try {
    const records = parse(text, {
      delimiter: detectDelimiter(text),
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      trim: true,
    }) as string[][]
    return records.map((row) => row.map((cell) => unprotectFormula(cell)))
  } catch (error) {
    const line = (error as { lines?: number }).lines
    throw new AppError(
      422,
      `Không đọc được tệp CSV${line ? ` (lỗi ở dòng ${line})` : ''}: có thể một ô có dấu ngoặc kép chưa đóng. Hãy mở tệp bằng Excel, lưu lại rồi tải lên lại.`,
    )
  }
}

/** CSV text for Excel: UTF-8 BOM (so Excel reads Vietnamese correctly), CRLF line ends, quoted cells. */
export function writeCsv(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => cells.map(csvCell).join(',')
  return '\uFEFF' + [header, ...rows].map(line).join('\r\n') + '\r\n'
}

function csvCell(value: string): string {
  // A cell beginning with = + - @ would run as a formula when opened (CSV injection): keep it text.
  const text = /^[=+\-@]/.test(value) ? `'${value}` : value
  return /[",\r\n;]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

// ---------------------------------------------------------------------------------------------
// XLSX

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

/** exceljs gives date cells as a Date at UTC midnight of the calendar date shown. */
function dateCellText(date: Date): string {
  if (Number.isNaN(date.getTime())) return ''
  // Round to the second: a serial number's float may land a hair before midnight.
  const d = new Date(Math.round(date.getTime() / 1000) * 1000)
  return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) return ''
  // Integers without ".0"; otherwise the shortest exact decimal, minus float noise (0.1 + 0.2).
  return Number.isInteger(n) ? String(n) : String(Number.parseFloat(n.toPrecision(15)))
}

export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return numberText(value)
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return dateCellText(value)
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((part) => part.text).join('')
    if ('error' in value) return ''
    if ('formula' in value || 'sharedFormula' in value) {
      return cellText((value as { result?: ExcelJS.CellValue }).result)
    }
    if ('text' in value) {
      const text = (value as { text: unknown }).text
      return typeof text === 'string' ? text : cellText(text as ExcelJS.CellValue)
    }
  }
  return String(value)
}

/**
 * exceljs is about 18 MB of server memory once loaded and only the member import and the .xlsx
 * downloads use it, so it is loaded on first use instead of with the server. With `require`, not
 * `import()`: tsx (which `serve` runs under) rewrites every ES module whose text contains a dynamic
 * import, and for the 1.6 MB server build that rewrite and its source map cost about 140 MB.
 */
let excel: typeof ExcelJS | undefined
function loadExcelJS(): typeof ExcelJS {
  return (excel ??= createRequire(import.meta.url)('exceljs') as typeof ExcelJS)
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new (loadExcelJS().Workbook)()
  try {
    // exceljs' typings want a Node Buffer (an ArrayBuffer at runtime works too).
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer)
  } catch {
    throw new AppError(
      422,
      'Không đọc được tệp .xlsx (tệp hỏng hoặc không phải bảng tính Excel). Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi tải lên lại.',
    )
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) throw new AppError(422, 'Tệp .xlsx không có trang tính nào.')
  const table: string[][] = []
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    const cells: string[] = []
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value).trim())
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop()
    table.push(cells)
  }
  return table
}

/** A worksheet name Excel accepts: at most 31 characters, none of []:*?/\ . */
function safeSheetName(name: string): string {
  const cleaned = name.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31)
  return cleaned || 'Danh sách'
}

/** An .xlsx with one worksheet: bold, frozen header row, columns as wide as their content. */
export async function writeXlsx(sheetName: string, header: string[], rows: string[][]): Promise<Buffer> {
  const workbook = new (loadExcelJS().Workbook)()
  workbook.created = new Date()
  const sheet = workbook.addWorksheet(safeSheetName(sheetName), { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.addRow(header)
  for (const row of rows) sheet.addRow(row)
  sheet.getRow(1).font = { bold: true }
  const columnCount = Math.max(header.length, ...rows.map((row) => row.length))
  for (let i = 0; i < columnCount; i++) {
    let longest = header[i]?.length ?? 0
    for (const row of rows) longest = Math.max(longest, row[i]?.length ?? 0)
    sheet.getColumn(i + 1).width = Math.min(60, Math.max(6, longest + 2))
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

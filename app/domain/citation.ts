// How a document is cited in running text: "Nghị quyết số 22-NQ/TW ngày 02/02/2008 của Ban Chấp hành
// Trung ương". The same words label resolution references inside rich text, the register, the
// legal-basis table and the .docx export, so they are built here and nowhere else. Pure.
import { DOCUMENT_TYPE_LABELS, type DocumentType } from './constants'
import { formatUiDateShort } from './vn-date'

export type CitableDocument = {
  docType: DocumentType
  numberText?: string | null
  /** 'YYYY-MM-DD' */
  issuedOn?: string | null
  issuer?: string | null
  title?: string | null
}

export type CitableLegalBasis = {
  numberText: string
  issuedOn?: string | null
  issuer: string
  title: string
}

export const LEGAL_BASIS_STATUSES = ['in_force', 'replaced', 'reported'] as const
export type LegalBasisStatus = (typeof LEGAL_BASIS_STATUSES)[number]
export const LEGAL_BASIS_STATUS_LABELS: Record<LegalBasisStatus, string> = {
  in_force: 'Còn hiệu lực',
  replaced: 'Đã được thay thế',
  reported: 'Có thông tin thay thế, chưa xác nhận',
}

/**
 * Type names as they open a title. "Quy định" shares the code QĐ with "Quyết định" (294-QĐ/TW is a
 * Quy định), so a title that says which one it is wins over the code's default name.
 */
const TITLE_TYPE_NAMES = [
  'Quy định',
  'Quyết định',
  'Nghị quyết',
  'Chỉ thị',
  'Kết luận',
  'Hướng dẫn',
  'Quy chế',
  'Kế hoạch',
  'Thông báo',
  'Báo cáo',
  'Chương trình',
  'Biên bản',
  'Điều lệ',
] as const

function clean(text: string | null | undefined): string {
  return (text ?? '').normalize('NFC').replace(/\s+/g, ' ').trim()
}

function startsWithWord(text: string, word: string): boolean {
  if (text.length < word.length) return false
  if (text.slice(0, word.length).toLocaleLowerCase('vi') !== word.toLocaleLowerCase('vi')) return false
  return text.length === word.length || /[\s,.:;–-]/.test(text[word.length])
}

/** The type name a title starts with ("Quy định thi hành Điều lệ Đảng" → "Quy định"), or null. */
export function typeNameFromTitle(title: string | null | undefined): string | null {
  const t = clean(title)
  return TITLE_TYPE_NAMES.find((name) => startsWithWord(t, name)) ?? null
}

/** "Số 22-NQ/TW", "số: 22-NQ/TW" → "22-NQ/TW". */
export function stripNumberPrefix(numberText: string | null | undefined): string {
  return clean(numberText).replace(/^số\s*:?\s*(?=\d)/iu, '')
}

/** The name of a document's type: "Nghị quyết"; "Quy định" for a QĐ whose title says so. */
export function documentTypeName(docType: DocumentType, title?: string | null): string {
  if (docType === 'QĐ' && typeNameFromTitle(title) === 'Quy định') return 'Quy định'
  if (docType === 'K') return 'Văn bản'
  return DOCUMENT_TYPE_LABELS[docType] ?? 'Văn bản'
}

function citationDate(issuedOn: string | null | undefined): string | null {
  const value = clean(issuedOn)
  if (!value) return null
  try {
    return formatUiDateShort(value)
  } catch {
    return null
  }
}

/** What the document is about, for a citation that has neither number nor date: "về …". */
function subjectOf(title: string, typeName: string): string | null {
  let rest = title
  if (startsWithWord(rest, typeName)) rest = rest.slice(typeName.length).replace(/^[\s,.:;–-]+/, '')
  rest = rest.replace(/^về\s+/iu, '')
  if (!rest) return null
  // Lower-case a capitalised first word ("Học tập …" → "học tập …") but keep acronyms ("HĐND").
  if (rest.length > 1 && rest[0] !== rest[0].toLowerCase() && rest[1] === rest[1].toLowerCase()) {
    rest = rest[0].toLowerCase() + rest.slice(1)
  }
  return `về ${rest}`
}

function compose(typeName: string, numberText: string, date: string | null, issuer: string, title: string): string {
  // A "number" without digits is a name ("Điều lệ Đảng"): it stands for the type and number together.
  const head = numberText ? (/\d/.test(numberText) ? `${typeName} số ${numberText}` : numberText) : typeName
  const parts = [head]
  if (date) parts.push(`ngày ${date}`)
  if (issuer) parts.push(`của ${issuer}`)
  if (!numberText && !date) {
    const subject = subjectOf(title, typeName)
    if (subject) parts.push(subject)
  }
  return parts.join(' ')
}

/**
 * "Nghị quyết số 22-NQ/TW ngày 02/02/2008 của Ban Chấp hành Trung ương". Without a number or a date
 * those parts are left out; with neither, the subject is taken from the title so the citation still
 * says which document it is ("Nghị quyết của Chi bộ Khu phố 3 về lãnh đạo thực hiện nhiệm vụ tháng 3").
 */
export function citeDocument(doc: CitableDocument): string {
  const title = clean(doc.title)
  return compose(documentTypeName(doc.docType, title), stripNumberPrefix(doc.numberText), citationDate(doc.issuedOn), clean(doc.issuer), title)
}

/**
 * A row of the legal-basis table: "Quy định số 294-QĐ/TW ngày 26/05/2025 của Ban Chấp hành Trung ương".
 * The type name comes from the title ("Quy định …", "Hướng dẫn …"); "Điều lệ Đảng" has no number.
 */
export function citeLegalBasis(row: CitableLegalBasis): string {
  const title = clean(row.title)
  const typeName = typeNameFromTitle(title) ?? 'Văn bản'
  return compose(typeName, stripNumberPrefix(row.numberText), citationDate(row.issuedOn), clean(row.issuer), title)
}

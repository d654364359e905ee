// Document numbers (DOMAIN §7): "Số 05-NQ/CB" — per issuing body, per document type, from 01 for the
// whole committee term. This is the pure part; taking the next number happens inside a DB transaction.

export const DOC_TYPES = ['NQ', 'BB', 'BC', 'KH', 'TB', 'KL', 'CTr', 'QĐ'] as const
export type DocType = (typeof DOC_TYPES)[number]
export const DOC_TYPE_NAMES: Record<DocType, string> = {
  NQ: 'Nghị quyết',
  BB: 'Biên bản',
  BC: 'Báo cáo',
  KH: 'Kế hoạch',
  TB: 'Thông báo',
  KL: 'Kết luận',
  CTr: 'Chương trình',
  QĐ: 'Quyết định',
}

/** "Đ" is sometimes typed as the look-alike "Ð" (U+00D0, eth); both mean Đ (U+0110). */
function fixD(text: string): string {
  return text.normalize('NFC').replace(/Ð/g, 'Đ').replace(/ð/g, 'đ')
}

/** The canonical code for a type written in any case ("ctr" → "CTr", "qđ" → "QĐ"), or null. */
export function toDocType(code: string): DocType | null {
  const upper = fixD(code.trim()).toUpperCase()
  return DOC_TYPES.find((t) => t.toUpperCase() === upper) ?? null
}

export function isDocType(code: string): code is DocType {
  return (DOC_TYPES as readonly string[]).includes(code)
}

function checkNumber(n: number) {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Document number must be a positive integer: ${n}`)
}

/** "05-NQ/CB", "112-NQ/CB": at least two digits. */
export function formatDocNumber(n: number, type: DocType, issuer: string): string {
  checkNumber(n)
  if (!isDocType(type)) throw new RangeError(`Unknown document type: ${type}`)
  const who = fixD(issuer.trim())
  if (!who) throw new RangeError('Issuer code is required')
  return `${String(n).padStart(2, '0')}-${type}/${who}`
}

/** "Số 05-NQ/CB" — Party style, no colon after "Số". */
export function formatDocSymbol(n: number, type: DocType, issuer: string): string {
  return `Số ${formatDocNumber(n, type, issuer)}`
}

export type ParsedDocNumber = { number: number; type: DocType; issuer: string }

/**
 * "22-NQ/TW", "Số 05-NQ/CB", "số: 5-nq/CB" → { number, type, issuer }; null when it is not a number of
 * one of DOC_TYPES. The type comes back in its canonical spelling; the issuer as written.
 */
export function parseDocNumber(text: string): ParsedDocNumber | null {
  if (typeof text !== 'string') return null
  const m = /^(?:số\s*:?\s*)?(\d{1,6})\s*-\s*([\p{L}]+)\s*\/\s*([\p{L}\p{N}]+)$/iu.exec(fixD(text.trim()))
  if (!m) return null
  const number = Number(m[1])
  const type = toDocType(m[2])
  if (!type || number < 1) return null
  return { number, type, issuer: m[3] }
}

/** The number after the highest one taken in this term for this body and type; 1 when none. */
export function nextNumber(existingMax: number | null): number {
  if (existingMax === null || existingMax === undefined) return 1
  if (!Number.isInteger(existingMax) || existingMax < 0) {
    throw new RangeError(`Existing maximum must be a non-negative integer: ${existingMax}`)
  }
  return existingMax + 1
}

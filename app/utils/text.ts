// Text helpers shared by search, sorting and imports.

/** Lower-case, strip diacritics and fold đ/Đ to d: "Nguyễn Văn Đức" → "nguyen van duc". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

/** Store what people type as NFC with collapsed spaces; never "correct" spelling (DOMAIN §2). */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim()
}

/** Vietnamese collation for names (sorts "Đ" after "D", by given name first as people expect). */
const collator = new Intl.Collator('vi', { sensitivity: 'base' })
export function compareVietnamese(a: string, b: string): number {
  return collator.compare(a, b)
}
/** Vietnamese names sort by given name (last word), then the whole name. */
export function compareVietnameseNames(a: string, b: string): number {
  const ga = a.trim().split(/\s+/).pop() ?? a
  const gb = b.trim().split(/\s+/).pop() ?? b
  return collator.compare(ga, gb) || collator.compare(a, b)
}

// Word templates: the default files in templates/ and those organisations upload. A template is a
// .docx with `{{placeholders}}` (app/export/placeholders.ts): listing them, checking an upload and
// filling one with docx's patchDocument happen here; what goes into each placeholder is decided by
// app/export/render.server.ts.
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { patchDetector, patchDocument, PatchType, type INumberingOptions, type IPatch, type Paragraph, type ParagraphChild, type Table } from 'docx'
import { strFromU8, unzipSync, zipSync, type Zippable } from 'fflate'

import type { TemplateKind } from '~/domain/constants'

import {
  DEFAULT_TEMPLATE_FILES,
  isPlaceholderName,
  MAX_TEMPLATE_BYTES,
  PLACEHOLDERS,
  placeholdersFor,
  requiredPlaceholdersFor,
  TEMPLATE_KIND_NAMES,
  type PlaceholderName,
} from './placeholders'

export { MAX_TEMPLATE_BYTES }

export class TemplateError extends Error {
  constructor(public errors: string[]) {
    super(errors.join(' '))
    this.name = 'TemplateError'
  }
}

/** The folder of the default templates, from the source tree or the server build. */
export function templatesFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url))
  const candidates = [path.resolve(process.cwd(), 'templates'), path.resolve(here, '../../templates'), path.resolve(here, '../templates')]
  return candidates.find((dir) => existsSync(path.join(dir, DEFAULT_TEMPLATE_FILES.resolution))) ?? candidates[0]
}

export async function loadDefaultTemplate(kind: TemplateKind): Promise<Buffer> {
  const file = path.join(templatesFolder(), DEFAULT_TEMPLATE_FILES[kind])
  try {
    return await fs.readFile(file)
  } catch {
    throw new Error(`Default template missing: ${file}. Run \`npm run templates:build\`.`)
  }
}

function quote(names: Iterable<string>): string {
  return [...names].map((n) => `{{${n}}}`).join(', ')
}

function unzipDocx(docx: Uint8Array): Record<string, Uint8Array> {
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(docx)
  } catch {
    throw new TemplateError(['Tệp không phải văn bản Word (.docx) hợp lệ. Hãy lưu mẫu bằng Word hoặc LibreOffice dưới dạng .docx rồi tải lên lại.'])
  }
  if (!files['word/document.xml']) {
    throw new TemplateError(['Tệp không có nội dung văn bản Word (thiếu word/document.xml). Hãy lưu mẫu dưới dạng .docx rồi tải lên lại.'])
  }
  return files
}

/** Placeholder names in the template, in order of first appearance ("{{ chi_bo }}" counts as chi_bo). */
export async function listPlaceholders(docx: Uint8Array): Promise<string[]> {
  unzipDocx(docx)
  const found = await patchDetector({ data: docx, trimPlaceholders: true })
  return [...new Set(found.map((name) => name.trim()))]
}

const XML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" }

/** The text of each paragraph of the template's document, headers and footers. */
export function paragraphTexts(docx: Uint8Array): string[] {
  const files = unzipDocx(docx)
  const texts: string[] = []
  for (const [name, bytes] of Object.entries(files)) {
    if (!/^word\/(document|header\d*|footer\d*)\.xml$/.test(name)) continue
    const xml = strFromU8(bytes)
    for (const p of xml.match(/<w:p[\s>][\s\S]*?<\/w:p>/g) ?? []) {
      const text = [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
      texts.push(text.replace(/&(amp|lt|gt|quot|apos);/g, (e) => XML_ENTITIES[e]))
    }
  }
  return texts
}

export type TemplateCheck =
  | { ok: true; placeholders: PlaceholderName[] }
  | { ok: false; placeholders: string[]; errors: string[] }

/**
 * Checks a template for a kind: a readable .docx, no placeholder the kind does not know (each named),
 * every required one present (each named), block placeholders alone in their paragraph and used once.
 */
export async function checkTemplate(kind: TemplateKind, docx: Uint8Array): Promise<TemplateCheck> {
  if (docx.byteLength > MAX_TEMPLATE_BYTES) {
    return { ok: false, placeholders: [], errors: [`Tệp mẫu quá lớn (tối đa ${MAX_TEMPLATE_BYTES / 1024 / 1024} MB).`] }
  }
  let found: string[]
  let paragraphs: string[]
  try {
    found = await listPlaceholders(docx)
    paragraphs = paragraphTexts(docx)
  } catch (error) {
    if (error instanceof TemplateError) return { ok: false, placeholders: [], errors: error.errors }
    return { ok: false, placeholders: [], errors: ['Không đọc được tệp mẫu. Hãy mở lại bằng Word hoặc LibreOffice, lưu dưới dạng .docx rồi tải lên lại.'] }
  }
  const allowed = new Set<string>(placeholdersFor(kind))
  const kindName = TEMPLATE_KIND_NAMES[kind].toLocaleLowerCase('vi')
  const errors: string[] = []

  const unknown = found.filter((name) => !allowed.has(name))
  if (unknown.length > 0) {
    errors.push(
      `Mẫu có trường không dùng được cho ${kindName}: ${quote(unknown)}. Hãy sửa lại tên trường theo danh sách các trường hợp lệ, hoặc xoá trường đó.`,
    )
  }
  const missing = requiredPlaceholdersFor(kind).filter((name) => !found.includes(name))
  if (missing.length > 0) {
    errors.push(`Mẫu thiếu trường bắt buộc: ${quote(missing)}. Hãy thêm các trường này vào mẫu.`)
  }
  for (const name of found) {
    if (!isPlaceholderName(name) || PLACEHOLDERS[name].kind !== 'block') continue
    const pattern = new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`, 'g')
    const holding = paragraphs.filter((text) => pattern.test(text))
    const uses = paragraphs.reduce((n, text) => n + (text.match(pattern)?.length ?? 0), 0)
    if (uses > 1) errors.push(`Trường {{${name}}} chỉ được đặt một lần trong mẫu (đang có ${uses} lần).`)
    if (holding.some((text) => text.replace(pattern, '').trim() !== '')) {
      errors.push(`Trường {{${name}}} phải đứng riêng một đoạn, không có chữ nào khác trong cùng đoạn.`)
    }
  }
  if (errors.length > 0) return { ok: false, placeholders: found, errors }
  return { ok: true, placeholders: found as PlaceholderName[] }
}

/** What replaces one placeholder: runs inside its paragraph, or blocks instead of its paragraph. */
export type FillValue =
  | { type: 'single'; children: ParagraphChild[] }
  | { type: 'block'; children: (Paragraph | Table)[] }
export type FillValues = Partial<Record<PlaceholderName, FillValue>>

export type FillOptions = {
  /** The list definitions the blocks use (ListRegistry.numbering()). */
  numbering?: INumberingOptions
  properties?: { title?: string; subject?: string; creator?: string; keywords?: string; description?: string; lastModifiedBy?: string }
}

/**
 * Fills every placeholder of the template. A placeholder in the template without a value is an error
 * (it would otherwise be printed as "{{…}}"), as is a value of the wrong type for its placeholder.
 */
export async function fillTemplate(template: Uint8Array, values: FillValues, options: FillOptions = {}): Promise<Buffer> {
  const inTemplate = await listPlaceholders(template)
  const missing = inTemplate.filter((name) => !isPlaceholderName(name) || !values[name])
  if (missing.length > 0) throw new TemplateError([`Không có dữ liệu cho trường ${quote(missing)} của mẫu.`])
  const patches: Record<string, IPatch> = {}
  for (const [name, value] of Object.entries(values) as [PlaceholderName, FillValue][]) {
    if (PLACEHOLDERS[name].kind !== value.type) throw new Error(`Placeholder ${name} is a ${PLACEHOLDERS[name].kind} placeholder, got ${value.type}`)
    patches[name] =
      value.type === 'single'
        ? { type: PatchType.PARAGRAPH, children: value.children }
        : { type: PatchType.DOCUMENT, children: value.children }
  }
  const out = await patchDocument({
    outputType: 'nodebuffer',
    data: template,
    patches,
    keepOriginalStyles: true,
    trimPlaceholders: true,
    numbering: options.numbering,
    properties: options.properties,
  })
  return out
}

/**
 * Makes a .docx byte-for-byte reproducible: the core properties' created/modified dates become
 * `date`, relationship ids docx draws at random (hyperlinks, parts it adds) become numbered ones in
 * order of appearance, drawings are numbered by position, and the zip is rewritten with fixed
 * timestamps.
 */
export function normalizeDocx(docx: Uint8Array, date: Date): Buffer {
  const files = unzipSync(docx)
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z')
  const names = Object.keys(files)
  const decoder = new TextDecoder()
  const encoder = new TextEncoder()
  const texts = new Map<string, string>()
  for (const name of names) if (/\.(xml|rels)$/.test(name)) texts.set(name, decoder.decode(files[name]))

  // Relationship ids that are not rIdN: random ones. Renamed in the order the .rels files list them.
  const renames = new Map<string, string>()
  for (const name of names.filter((n) => n.endsWith('.rels')).sort()) {
    for (const m of texts.get(name)!.matchAll(/\sId="([^"]+)"/g)) {
      const id = m[1]
      if (/^rId\d+$/.test(id) || renames.has(id)) continue
      renames.set(id, `rIdN${renames.size + 1}`)
    }
  }
  // Drawing ids come from a counter that lives as long as the process; number them by position instead.
  let drawing = 0
  for (const name of [...texts.keys()].filter((n) => /^word\/[^/]+\.xml$/.test(n)).sort()) {
    texts.set(
      name,
      texts.get(name)!.replace(/<wp:docPr id="\d+"/g, () => `<wp:docPr id="${++drawing}"`),
    )
  }
  const out: Zippable = {}
  // fflate writes DOS times from the local clock fields; building the Date from fields keeps them fixed.
  const mtime = new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 12, 0, 0)
  for (const name of names) {
    let text = texts.get(name)
    if (text !== undefined) {
      for (const [from, to] of renames) text = text.split(`"${from}"`).join(`"${to}"`)
      // patchDocument appends "w15" to mc:Ignorable even when it is there already.
      text = text.replace(/mc:Ignorable="([^"]*)"/, (_, list: string) => `mc:Ignorable="${[...new Set(list.split(/\s+/).filter(Boolean))].join(' ')}"`)
      if (name === 'docProps/core.xml') {
        text = text
          .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${iso}$2`)
          .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${iso}$2`)
      }
      out[name] = [encoder.encode(text), { mtime, level: 6 }]
    } else {
      out[name] = [files[name], { mtime, level: 6 }]
    }
  }
  return Buffer.from(zipSync(out))
}

// Server-side check of rich text against the editor's own schema (DESIGN §7). Pure: no DOM, no I/O.
// Every rich-text field is parsed here before it is stored; the returned `doc` is the normalised
// JSON (default attributes filled in, unknown attributes dropped), which is what should be saved.
import { getSchema } from '@tiptap/core'
import { Node as PMNode, type Schema } from '@tiptap/pm/model'

import { getExtensions, HEADING_LEVELS } from './extensions'
import { describeHref, isSafeHref, isValidResolutionId } from './links'
import { emptyDoc, type RichText } from './types'

export const DEFAULT_MAX_BYTES = 200_000
/** Deep enough for lists nested inside lists inside tables; stops stack-exhaustion tricks. */
export const MAX_DEPTH = 64

export type RichTextValidation = { ok: true; doc: RichText } | { ok: false; error: string }

let cachedSchema: Schema | undefined
export function getRichTextSchema(): Schema {
  cachedSchema ??= getSchema(getExtensions())
  return cachedSchema
}

const STRUCTURE_ERROR = 'Nội dung không đúng cấu trúc của trình soạn thảo.'

function fail(error: string): RichTextValidation {
  return { ok: false, error }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length
}

function formatKb(bytes: number): string {
  return new Intl.NumberFormat('vi-VN').format(Math.ceil(bytes / 1000))
}

function tooLarge(bytes: number, maxBytes: number): string {
  return `Nội dung quá dài (khoảng ${formatKb(bytes)} KB, tối đa ${formatKb(
    maxBytes,
  )} KB). Hãy rút gọn hoặc chia thành nhiều phần.`
}

function quoteList(names: Iterable<string>): string {
  const all = [...names]
  const shown = all.slice(0, 5).map((n) => `"${n.length > 40 ? `${n.slice(0, 37)}...` : n}"`)
  return all.length > 5 ? `${shown.join(', ')}...` : shown.join(', ')
}

/**
 * Walks the raw JSON before ProseMirror sees it: shape, depth and unknown node/mark types, so the
 * messages can be specific and ProseMirror never recurses into something hostile.
 */
function inspectShape(value: unknown, schema: Schema, depth: number, unknown: Set<string>): string | null {
  if (depth > MAX_DEPTH) return `Nội dung lồng nhau quá nhiều cấp (tối đa ${MAX_DEPTH}).`
  if (!isPlainObject(value)) return STRUCTURE_ERROR
  const { type, text, marks, content, attrs } = value
  if (typeof type !== 'string' || type === '') return STRUCTURE_ERROR
  if (!Object.hasOwn(schema.nodes, type)) unknown.add(type)
  if (type === 'text' && (typeof text !== 'string' || text === '')) return STRUCTURE_ERROR
  if (attrs !== undefined && attrs !== null && !isPlainObject(attrs)) return STRUCTURE_ERROR
  if (marks !== undefined) {
    if (!Array.isArray(marks)) return STRUCTURE_ERROR
    for (const mark of marks) {
      if (!isPlainObject(mark) || typeof mark.type !== 'string' || mark.type === '') {
        return STRUCTURE_ERROR
      }
      if (!Object.hasOwn(schema.marks, mark.type)) unknown.add(mark.type)
      if (mark.attrs !== undefined && mark.attrs !== null && !isPlainObject(mark.attrs)) {
        return STRUCTURE_ERROR
      }
    }
  }
  if (content !== undefined) {
    if (!Array.isArray(content)) return STRUCTURE_ERROR
    for (const child of content) {
      const error = inspectShape(child, schema, depth + 1, unknown)
      if (error) return error
    }
  }
  return null
}

function explainSchemaError(error: unknown): string {
  const message = error instanceof Error ? error.message : ''
  const content = /Invalid content for node (\w+)/.exec(message)
  if (content) {
    return `Nội dung không đúng cấu trúc: thành phần "${content[1]}" chứa nội dung không được phép ở vị trí đó.`
  }
  const marks = /Invalid collection of marks for node (\w+)/.exec(message)
  if (marks) return `Nội dung không đúng cấu trúc: định dạng của thành phần "${marks[1]}" không hợp lệ.`
  return STRUCTURE_ERROR
}

const isInteger = (value: unknown, min: number, max: number): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
const isOptionalString = (value: unknown, maxLength: number): boolean =>
  value === null || (typeof value === 'string' && value.length <= maxLength)
const badAttribute = (attr: string, owner: string) =>
  `Nội dung có thuộc tính không hợp lệ: "${attr}" của thành phần "${owner}".`

const MAX_SPAN = 50
const ORDERED_LIST_TYPES = new Set([null, '1', 'a', 'A', 'i', 'I'])
const CELL_ALIGNS = new Set([null, 'left', 'center', 'right'])

/** Attribute rules the schema itself does not enforce; the renderers rely on them. */
function checkAttributes(node: PMNode): string | null {
  const attrs = node.attrs
  switch (node.type.name) {
    case 'heading':
      if (!(HEADING_LEVELS as readonly unknown[]).includes(attrs.level))
        return badAttribute('level', 'heading')
      break
    case 'orderedList':
      if (!isInteger(attrs.start, 0, 1_000_000)) return badAttribute('start', 'orderedList')
      if (!ORDERED_LIST_TYPES.has(attrs.type)) return badAttribute('type', 'orderedList')
      break
    case 'tableCell':
    case 'tableHeader': {
      const owner = node.type.name
      if (!isInteger(attrs.colspan, 1, MAX_SPAN)) return badAttribute('colspan', owner)
      if (!isInteger(attrs.rowspan, 1, MAX_SPAN)) return badAttribute('rowspan', owner)
      const widths: unknown = attrs.colwidth
      if (
        widths !== null &&
        !(
          Array.isArray(widths) &&
          widths.length <= attrs.colspan &&
          widths.every((w) => w === null || isInteger(w, 0, 10_000))
        )
      ) {
        return badAttribute('colwidth', owner)
      }
      if (!CELL_ALIGNS.has(attrs.align)) return badAttribute('align', owner)
      break
    }
    case 'resolutionRef':
      if (!isValidResolutionId(attrs.id)) {
        return 'Tham chiếu văn bản không hợp lệ: thiếu hoặc sai mã văn bản. Hãy xoá tham chiếu đó và chèn lại.'
      }
      if (typeof attrs.label !== 'string' || attrs.label.trim() === '' || attrs.label.length > 1000) {
        return 'Tham chiếu văn bản không hợp lệ: thiếu tên văn bản. Hãy xoá tham chiếu đó và chèn lại.'
      }
      break
  }
  for (const mark of node.marks) {
    if (mark.type.name !== 'link') continue
    const { href, target, rel, title } = mark.attrs
    if (href === null || href === undefined || href === '') {
      return 'Liên kết thiếu địa chỉ. Hãy nhập địa chỉ bắt đầu bằng http://, https:// hoặc mailto:.'
    }
    if (!isSafeHref(href)) {
      return `Liên kết không an toàn: "${describeHref(
        href,
      )}". Chỉ chấp nhận địa chỉ bắt đầu bằng http://, https:// hoặc mailto: (không có khoảng trắng).`
    }
    if (target !== null && target !== '_blank') return badAttribute('target', 'link')
    if (!isOptionalString(rel, 200)) return badAttribute('rel', 'link')
    if (!isOptionalString(mark.attrs.class, 200)) return badAttribute('class', 'link')
    if (!isOptionalString(title, 500)) return badAttribute('title', 'link')
  }
  return null
}

/**
 * Checks rich text coming from a form or an import. `input` may be the JSON object or its string
 * form (as posted by the editor's hidden field).
 */
export function validateRichText(input: unknown, opts: { maxBytes?: number } = {}): RichTextValidation {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES
  let json: unknown = input
  if (typeof input === 'string') {
    const bytes = byteLength(input)
    if (bytes > maxBytes) return fail(tooLarge(bytes, maxBytes))
    try {
      json = JSON.parse(input)
    } catch {
      return fail(
        'Nội dung không đọc được (không phải dữ liệu của trình soạn thảo). Hãy tải lại trang và nhập lại.',
      )
    }
  }
  if (!isPlainObject(json) || json.type !== 'doc') {
    return fail('Nội dung không hợp lệ: không phải văn bản của trình soạn thảo.')
  }

  const schema = getRichTextSchema()
  const unknown = new Set<string>()
  const shapeError = inspectShape(json, schema, 0, unknown)
  if (unknown.size > 0) return fail(`Nội dung có thành phần không được phép: ${quoteList(unknown)}.`)
  if (shapeError) return fail(shapeError)

  if (typeof input !== 'string') {
    const bytes = byteLength(JSON.stringify(json))
    if (bytes > maxBytes) return fail(tooLarge(bytes, maxBytes))
  }

  // An editor that was never touched may post a doc without blocks; store the canonical empty doc.
  if (!Array.isArray(json.content) || json.content.length === 0) return { ok: true, doc: emptyDoc() }

  let node: PMNode
  try {
    node = PMNode.fromJSON(schema, json)
    node.check()
  } catch (error) {
    return fail(explainSchemaError(error))
  }

  let attributeError = checkAttributes(node)
  node.descendants((child) => {
    if (attributeError) return false
    attributeError = checkAttributes(child)
    return !attributeError
  })
  if (attributeError) return fail(attributeError)

  return { ok: true, doc: JSON.parse(JSON.stringify(node.toJSON())) as RichText }
}

// ---------------------------------------------------------------------------------------------
// Reading helpers. They take any stored JSON (validated or not) and never throw.

type Json = Record<string, unknown>
const childrenOf = (node: Json): Json[] =>
  Array.isArray(node.content) ? node.content.filter(isPlainObject) : []
const attrOf = (node: Json, name: string): unknown =>
  isPlainObject(node.attrs) ? node.attrs[name] : undefined

/** Ids of the documents referenced in the text, each once, in reading order. */
export function collectResolutionRefs(doc: RichText | null | undefined): string[] {
  const ids = new Set<string>()
  const visit = (node: Json, depth: number) => {
    if (depth > MAX_DEPTH) return
    if (node.type === 'resolutionRef') {
      const id = attrOf(node, 'id')
      if (typeof id === 'string' && id !== '') ids.add(id)
    }
    for (const child of childrenOf(node)) visit(child, depth + 1)
  }
  if (isPlainObject(doc)) visit(doc, 0)
  return [...ids]
}

function inlineText(node: Json, depth: number): string {
  if (depth > MAX_DEPTH) return ''
  switch (node.type) {
    case 'text':
      return typeof node.text === 'string' ? node.text : ''
    case 'hardBreak':
      return '\n'
    case 'resolutionRef': {
      const label = attrOf(node, 'label')
      return typeof label === 'string' ? label : ''
    }
    default:
      return childrenOf(node)
        .map((child) => inlineText(child, depth + 1))
        .join('')
  }
}

function blockLines(node: Json, depth: number): string[] {
  if (depth > MAX_DEPTH) return []
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return inlineText(node, depth).split('\n')
    case 'text':
    case 'hardBreak':
    case 'resolutionRef':
      return [inlineText(node, depth)]
    case 'horizontalRule':
      return []
    case 'bulletList':
    case 'orderedList': {
      const start = attrOf(node, 'start')
      let number = typeof start === 'number' && Number.isInteger(start) ? start : 1
      return childrenOf(node).flatMap((item) => {
        const marker = node.type === 'bulletList' ? '- ' : `${number++}. `
        const lines = childrenOf(item).flatMap((child) => blockLines(child, depth + 2))
        if (lines.length === 0) lines.push('')
        const pad = ' '.repeat(marker.length)
        return lines.map((line, i) => (i === 0 ? marker : pad) + line)
      })
    }
    case 'table':
      return childrenOf(node).map((row) =>
        childrenOf(row)
          .map((cell) =>
            childrenOf(cell)
              .flatMap((child) => blockLines(child, depth + 3))
              .map((line) => line.trim())
              .filter((line) => line !== '')
              .join(' '),
          )
          .join(' | '),
      )
    default:
      return childrenOf(node).flatMap((child) => blockLines(child, depth + 1))
  }
}

/**
 * The text without formatting, for search, previews and calendar descriptions: one line per paragraph,
 * heading and list item ("- " or "1. " in front, nested items indented), table rows as
 * "cell | cell", document references as their label.
 */
export function toPlainText(doc: RichText | null | undefined): string {
  if (!isPlainObject(doc)) return ''
  return blockLines(doc, 0)
    .join('\n')
    .replace(/^\n+|\s+$/g, '')
}

/** True when there is nothing to read: no visible text and no document reference. */
export function isRichTextEmpty(doc: RichText | null | undefined): boolean {
  const hasContent = (node: Json, depth: number): boolean => {
    if (depth > MAX_DEPTH) return false
    if (node.type === 'text') return typeof node.text === 'string' && node.text.trim() !== ''
    if (node.type === 'resolutionRef') return true
    return childrenOf(node).some((child) => hasContent(child, depth + 1))
  }
  return !(isPlainObject(doc) && hasContent(doc, 0))
}

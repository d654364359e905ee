// Rich text (the editor's tiptap JSON, app/rich-text) → docx paragraphs and tables in the body style
// of app/export/docx-layout.ts. Every node and mark the editor can produce is drawn; a node or mark
// this file does not know throws, so a new editor extension cannot be dropped from documents
// silently (a test walks the editor's schema to keep this list complete).
//
// Lists use numbering definitions collected in a ListRegistry for the document being written; pass
// `registry.numbering()` to patchDocument (or to a Document) so they exist in numbering.xml.
import {
  AlignmentType,
  BorderStyle,
  ExternalHyperlink,
  LevelFormat,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type INumberingOptions,
  type ParagraphChild,
} from 'docx'

import { isSafeHref } from '~/rich-text/links'
import type { RichText } from '~/rich-text/types'

import { BODY_SPACING, FIRST_LINE_INDENT, FONT, SIZE, TEXT_WIDTH, THIN_BORDERS } from './docx-layout'

export type DocxBlock = Paragraph | Table

export class UnsupportedRichTextError extends Error {
  constructor(what: 'node' | 'mark', type: unknown) {
    super(`Rich text → docx: unsupported ${what} "${String(type)}"`)
    this.name = 'UnsupportedRichTextError'
  }
}

/** Nodes and marks this renderer draws; the rich-text-docx test compares them with the editor's schema. */
export const SUPPORTED_NODES = [
  'doc',
  'paragraph',
  'heading',
  'text',
  'hardBreak',
  'bulletList',
  'orderedList',
  'listItem',
  'blockquote',
  'horizontalRule',
  'table',
  'tableRow',
  'tableHeader',
  'tableCell',
  'resolutionRef',
] as const
export const SUPPORTED_MARKS = ['bold', 'italic', 'underline', 'strike', 'code', 'link'] as const

const CODE_FONT = 'Courier New'
const LIST_STEP = 567
const LIST_HANGING = 397
const MAX_LEVEL = 8
const BULLETS = ['-', '+', '•', '◦', '▪', '-', '+', '•', '◦']
const ORDERED_FORMATS: Record<string, (typeof LevelFormat)[keyof typeof LevelFormat]> = {
  '1': LevelFormat.DECIMAL,
  a: LevelFormat.LOWER_LETTER,
  A: LevelFormat.UPPER_LETTER,
  i: LevelFormat.LOWER_ROMAN,
  I: LevelFormat.UPPER_ROMAN,
}

/** Left indent of the text of a list paragraph at `level` (the marker hangs before it). */
function listTextIndent(level: number): number {
  return FIRST_LINE_INDENT + LIST_STEP * level + LIST_HANGING
}

/**
 * The list definitions of one document. Each list (each bulletList / orderedList node) gets its own
 * instance so numbering restarts per list; ordered lists share a definition per (type, start).
 * Deterministic: the same content gives the same references and instances.
 */
export class ListRegistry {
  private configs = new Map<string, INumberingOptions['config'][number]>()
  private instances = 0

  bullet(): string {
    const reference = 'scb-bullet'
    if (!this.configs.has(reference)) {
      this.configs.set(reference, {
        reference,
        levels: BULLETS.map((text, level) => ({
          level,
          format: LevelFormat.BULLET,
          text,
          alignment: AlignmentType.LEFT,
          style: {
            paragraph: { indent: { left: listTextIndent(level), hanging: LIST_HANGING } },
            run: { font: FONT },
          },
        })),
      })
    }
    return reference
  }

  ordered(type: string | null | undefined, start: number): string {
    const key = type && ORDERED_FORMATS[type] ? type : '1'
    const first = Number.isInteger(start) && start >= 0 ? start : 1
    const reference = `scb-ol-${key === key.toUpperCase() && key !== '1' ? `${key}u` : key}-${first}`
    if (!this.configs.has(reference)) {
      this.configs.set(reference, {
        reference,
        levels: Array.from({ length: MAX_LEVEL + 1 }, (_, level) => ({
          level,
          format: ORDERED_FORMATS[key],
          text: `%${level + 1}.`,
          start: first,
          alignment: AlignmentType.LEFT,
          style: {
            paragraph: { indent: { left: listTextIndent(level), hanging: LIST_HANGING } },
            run: { font: FONT },
          },
        })),
      })
    }
    return reference
  }

  nextInstance(): number {
    this.instances += 1
    return this.instances
  }

  numbering(): INumberingOptions {
    return { config: [...this.configs.values()] }
  }
}

export type RichTextContext = {
  lists: ListRegistry
}

type Json = RichText
type Mark = NonNullable<Json['marks']>[number]

/** Where a block is drawn: in body text, a list item, a quote or a table cell. */
type BlockEnv = {
  size: number
  /** Body paragraphs are justified with a first-line indent; cells, list items and quotes are not. */
  indentFirstLine: boolean
  alignment: (typeof AlignmentType)[keyof typeof AlignmentType]
  /** Extra left indent (quotes, list continuation paragraphs). */
  left: number
  italics: boolean
  bold: boolean
  listLevel: number
  /** Width available to a table drawn here. */
  width: number
  /** Runs put before the first paragraph's text ("đ/c Hoàng Văn Long: "); consumed once. */
  leadIn: { runs: ParagraphChild[] | null }
}

function children(node: Json): Json[] {
  return Array.isArray(node.content) ? node.content : []
}

function attr<T = unknown>(node: Json | Mark, name: string): T | undefined {
  const attrs = (node as { attrs?: Record<string, unknown> }).attrs
  return (attrs ? attrs[name] : undefined) as T | undefined
}

// ---------------------------------------------------------------------------------------------
// Inline content

type RunFormat = { bold?: boolean; italics?: boolean; underline?: boolean; strike?: boolean; code?: boolean }

function formatOf(marks: readonly Mark[] | undefined, env: BlockEnv): { format: RunFormat; href: string | null } {
  const format: RunFormat = { bold: env.bold || undefined, italics: env.italics || undefined }
  let href: string | null = null
  for (const mark of marks ?? []) {
    switch (mark.type) {
      case 'bold':
        format.bold = true
        break
      case 'italic':
        format.italics = true
        break
      case 'underline':
        format.underline = true
        break
      case 'strike':
        format.strike = true
        break
      case 'code':
        format.code = true
        break
      case 'link': {
        // Stored text was validated on input; an unsafe address still never becomes a clickable link.
        const value = attr<string>(mark, 'href')
        href = isSafeHref(value) ? value : null
        break
      }
      default:
        throw new UnsupportedRichTextError('mark', mark.type)
    }
  }
  return { format, href }
}

function textRun(text: string, format: RunFormat, env: BlockEnv): TextRun {
  return new TextRun({
    text,
    font: format.code ? CODE_FONT : FONT,
    size: env.size,
    bold: format.bold,
    italics: format.italics,
    underline: format.underline ? {} : undefined,
    strike: format.strike,
  })
}

/** How a link reads on paper: its words, then the address unless the words are the address. */
function linkTail(href: string, words: string): string | null {
  const shown = href.startsWith('mailto:') ? href.slice('mailto:'.length) : href
  return words.trim() === shown || words.trim() === href ? null : ` (${shown})`
}

/** Inline nodes → runs; consecutive pieces of one link become one hyperlink followed by its address. */
export function inlineRuns(nodes: readonly Json[], env: BlockEnv): ParagraphChild[] {
  const out: ParagraphChild[] = []
  let link: { href: string; runs: TextRun[]; words: string } | null = null
  const flush = () => {
    if (!link) return
    out.push(new ExternalHyperlink({ link: link.href, children: link.runs }))
    const tail = linkTail(link.href, link.words)
    if (tail) out.push(textRun(tail, {}, env))
    link = null
  }
  for (const node of nodes) {
    let text: string | null
    switch (node.type) {
      case 'text':
        text = typeof node.text === 'string' ? node.text : ''
        break
      case 'resolutionRef':
        text = String(attr(node, 'label') ?? '')
        break
      case 'hardBreak':
        text = null
        break
      default:
        throw new UnsupportedRichTextError('node', node.type)
    }
    const { format, href } = formatOf(node.marks, env)
    if (text === null) {
      // A line break inside a link stays in the link.
      const br = new TextRun({ break: 1, font: FONT, size: env.size })
      if (link && href === link.href) link.runs.push(br)
      else {
        flush()
        out.push(br)
      }
      continue
    }
    if (text === '') continue
    if (href) {
      if (!link || link.href !== href) {
        flush()
        link = { href, runs: [], words: '' }
      }
      link.runs.push(textRun(text, { ...format, underline: true }, env))
      link.words += text
    } else {
      flush()
      out.push(textRun(text, format, env))
    }
  }
  flush()
  return out
}

// ---------------------------------------------------------------------------------------------
// Blocks

function takeLeadIn(env: BlockEnv): ParagraphChild[] {
  const runs = env.leadIn.runs ?? []
  env.leadIn.runs = null
  return runs
}

function paragraph(node: Json, env: BlockEnv, extra: { numbering?: { reference: string; level: number; instance: number }; headingLevel?: number } = {}): Paragraph {
  const level = extra.headingLevel
  const headingEnv = level ? { ...env, bold: true, italics: env.italics || level === 3 } : env
  const runs = [...takeLeadIn(env), ...inlineRuns(children(node), headingEnv)]
  const inList = extra.numbering !== undefined
  return new Paragraph({
    alignment: env.alignment,
    indent: inList
      ? undefined
      : {
          left: env.left || undefined,
          firstLine: env.indentFirstLine ? FIRST_LINE_INDENT : undefined,
        },
    spacing: level ? { ...BODY_SPACING, before: 120 } : BODY_SPACING,
    keepNext: level ? true : undefined,
    numbering: extra.numbering ? { ...extra.numbering, custom: true } : undefined,
    children: runs,
  })
}

function listBlocks(node: Json, ctx: RichTextContext, env: BlockEnv): DocxBlock[] {
  const ordered = node.type === 'orderedList'
  const reference = ordered
    ? ctx.lists.ordered(attr<string | null>(node, 'type'), Number(attr(node, 'start') ?? 1))
    : ctx.lists.bullet()
  const instance = ctx.lists.nextInstance()
  const level = Math.min(env.listLevel, MAX_LEVEL)
  const out: DocxBlock[] = []
  // A lead-in before a list becomes a paragraph of its own.
  if (env.leadIn.runs) out.push(new Paragraph({ alignment: env.alignment, indent: { firstLine: FIRST_LINE_INDENT }, spacing: BODY_SPACING, children: takeLeadIn(env) }))
  for (const item of children(node)) {
    if (item.type !== 'listItem') throw new UnsupportedRichTextError('node', item.type)
    const itemEnv: BlockEnv = {
      ...env,
      indentFirstLine: false,
      left: listTextIndent(level),
      listLevel: level + 1,
      width: TEXT_WIDTH - listTextIndent(level),
    }
    let numbered = false
    for (const child of children(item)) {
      if (!numbered && child.type === 'paragraph') {
        out.push(paragraph(child, itemEnv, { numbering: { reference, level, instance } }))
        numbered = true
        continue
      }
      if (!numbered) {
        // An item that opens with something else still shows its marker, on an empty line.
        out.push(paragraph({ type: 'paragraph' }, itemEnv, { numbering: { reference, level, instance } }))
        numbered = true
      }
      out.push(...block(child, ctx, itemEnv))
    }
    if (!numbered) out.push(paragraph({ type: 'paragraph' }, itemEnv, { numbering: { reference, level, instance } }))
  }
  return out
}

function tableBlock(node: Json, ctx: RichTextContext, env: BlockEnv): DocxBlock[] {
  const rows = children(node)
  for (const row of rows) if (row.type !== 'tableRow') throw new UnsupportedRichTextError('node', row.type)
  // Columns: the widest row, counting spans; rows under a rowspan are short by the covered cells.
  const spanOf = (cell: Json) => Math.max(1, Number(attr(cell, 'colspan') ?? 1) || 1)
  const columns = Math.max(1, ...rows.map((row) => children(row).reduce((n, cell) => n + spanOf(cell), 0)))
  const width = Math.max(1134, env.width)
  const columnWidth = Math.floor(width / columns)
  const columnWidths = Array.from({ length: columns }, (_, i) => (i === columns - 1 ? width - columnWidth * (columns - 1) : columnWidth))
  const out: DocxBlock[] = []
  if (env.leadIn.runs) out.push(new Paragraph({ alignment: env.alignment, indent: { firstLine: FIRST_LINE_INDENT }, spacing: BODY_SPACING, keepNext: true, children: takeLeadIn(env) }))
  const tableRows = rows.map(
    (row) =>
      new TableRow({
        children: children(row).map((cell) => {
          if (cell.type !== 'tableCell' && cell.type !== 'tableHeader') throw new UnsupportedRichTextError('node', cell.type)
          const header = cell.type === 'tableHeader'
          const colspan = spanOf(cell)
          const rowspan = Math.max(1, Number(attr(cell, 'rowspan') ?? 1) || 1)
          const align = attr<string | null>(cell, 'align')
          const cellEnv: BlockEnv = {
            size: SIZE.table,
            indentFirstLine: false,
            alignment: align === 'center' ? AlignmentType.CENTER : align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
            left: 0,
            italics: false,
            bold: header,
            listLevel: 0,
            width: columnWidth * colspan - 216,
            leadIn: { runs: null },
          }
          const content = children(cell).flatMap((child) => block(child, ctx, cellEnv))
          return new TableCell({
            width: { size: columnWidth * colspan, type: WidthType.DXA },
            columnSpan: colspan > 1 ? colspan : undefined,
            rowSpan: rowspan > 1 ? rowspan : undefined,
            margins: { top: 40, bottom: 40, left: 108, right: 108 },
            children: content.length > 0 ? content : [new Paragraph({ children: [] })],
          })
        }),
        tableHeader: children(row).every((cell) => cell.type === 'tableHeader') || undefined,
      }),
  )
  if (tableRows.length > 0) {
    out.push(
      new Table({
        width: { size: width, type: WidthType.DXA },
        columnWidths,
        layout: TableLayoutType.FIXED,
        borders: THIN_BORDERS,
        indent: env.left ? { size: env.left, type: WidthType.DXA } : undefined,
        rows: tableRows,
      }),
    )
    // Two tables in a row would merge into one; a paragraph after each keeps them apart.
    out.push(new Paragraph({ spacing: { before: 0, after: 0 }, children: [] }))
  }
  return out
}

function block(node: Json, ctx: RichTextContext, env: BlockEnv): DocxBlock[] {
  switch (node.type) {
    case 'paragraph':
      return [paragraph(node, env)]
    case 'heading': {
      const level = Number(attr(node, 'level') ?? 1)
      return [paragraph(node, env, { headingLevel: level >= 1 && level <= 3 ? level : 1 })]
    }
    case 'bulletList':
    case 'orderedList':
      return listBlocks(node, ctx, env)
    case 'blockquote': {
      const quoteEnv: BlockEnv = { ...env, italics: true, indentFirstLine: false, left: env.left + FIRST_LINE_INDENT, width: env.width - FIRST_LINE_INDENT }
      return children(node).flatMap((child) => block(child, ctx, quoteEnv))
    }
    case 'horizontalRule':
      return [
        new Paragraph({
          spacing: { before: 60, after: 120 },
          border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'auto', space: 1 } },
          children: [],
        }),
      ]
    case 'table':
      return tableBlock(node, ctx, env)
    default:
      throw new UnsupportedRichTextError('node', node.type)
  }
}

export type RichTextDocxOptions = {
  /** Runs put at the start of the first paragraph: "Đ/c Hoàng Văn Long: ". */
  leadIn?: ParagraphChild[]
  /** Body text (default) or a table cell's smaller text without indents. */
  variant?: 'body' | 'cell'
}

/**
 * A rich-text document → docx blocks in the body style. An empty document gives no blocks (or one
 * paragraph holding only the lead-in). Throws UnsupportedRichTextError on a node or mark it does
 * not know.
 */
export function richTextToDocx(doc: RichText | null | undefined, ctx: RichTextContext, options: RichTextDocxOptions = {}): DocxBlock[] {
  const env: BlockEnv = {
    size: options.variant === 'cell' ? SIZE.table : SIZE.body,
    indentFirstLine: options.variant !== 'cell',
    alignment: options.variant === 'cell' ? AlignmentType.LEFT : AlignmentType.JUSTIFIED,
    left: 0,
    italics: false,
    bold: false,
    listLevel: 0,
    width: TEXT_WIDTH,
    leadIn: { runs: options.leadIn && options.leadIn.length > 0 ? options.leadIn : null },
  }
  if (doc && doc.type !== 'doc') throw new UnsupportedRichTextError('node', doc.type)
  // Empty paragraphs are the editor's blank lines; a Party document has none.
  const blocks = doc ? children(doc).filter((node) => !isEmptyParagraph(node)).flatMap((node) => block(node, ctx, env)) : []
  // Nothing printed yet: the lead-in still stands as a paragraph of its own.
  if (env.leadIn.runs) blocks.unshift(new Paragraph({ alignment: env.alignment, indent: { firstLine: env.indentFirstLine ? FIRST_LINE_INDENT : undefined }, spacing: BODY_SPACING, children: takeLeadIn(env) }))
  return blocks
}

/** An editor's empty paragraph (no text at all). */
function isEmptyParagraph(node: Json): boolean {
  return node.type === 'paragraph' && children(node).length === 0
}

/** Whether the document holds any text or content worth printing. */
export function hasContent(doc: RichText | null | undefined): boolean {
  if (!doc) return false
  const visit = (node: Json): boolean => {
    if (node.type === 'text') return typeof node.text === 'string' && node.text.trim() !== ''
    if (node.type === 'resolutionRef' || node.type === 'horizontalRule' || node.type === 'table') return true
    return children(node).some(visit)
  }
  return visit(doc)
}

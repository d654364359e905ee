// Server rendering of rich text to HTML for read-only pages and print: no DOM, no editor code sent to
// the browser. Built on the shared extension set; the nodes whose stock HTML is not what a read-only
// page wants (links, document references, tables) are mapped here. Safe even for stored JSON that was
// never validated: text is escaped, unknown nodes and marks keep only their text, unsafe links become
// plain text, and a document ProseMirror cannot read at all falls back to its plain text.
import { Node as PMNode, type Mark } from '@tiptap/pm/model'
import { escapeHTML, renderJSONContentToString } from '@tiptap/static-renderer/json/html-string'
import { domOutputSpecToHTMLString, renderToElement, renderToHTMLString, serializeChildrenToHTMLString } from '@tiptap/static-renderer/pm/html-string'

import { getExtensions } from './extensions'
import { isSafeHref, isValidResolutionId } from './links'
import type { RichText } from './types'
import { getRichTextSchema, toPlainText } from './validate'

export const DEFAULT_RESOLUTION_HREF_PREFIX = '/documents/'
export const LINK_REL = 'noopener noreferrer nofollow'

export type RenderRichTextOptions = {
  /** Where a document reference points: prefix + encoded id. Default "/documents/". */
  resolutionHrefPrefix?: string
}

let extensions: ReturnType<typeof getExtensions> | undefined

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

type Children = string | string[] | undefined
const join = (children: Children) => serializeChildrenToHTMLString(children)

function positiveInt(value: unknown, max: number): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 1 && value <= max ? value : null
}

function tableCell(tag: 'td' | 'th') {
  return ({ node, children }: { node: PMNode; children?: Children }) => {
    const colspan = positiveInt(node.attrs.colspan, 50)
    const rowspan = positiveInt(node.attrs.rowspan, 50)
    const align = ['left', 'center', 'right'].includes(node.attrs.align) ? node.attrs.align : null
    const attrs = [
      colspan ? ` colspan="${colspan}"` : '',
      rowspan ? ` rowspan="${rowspan}"` : '',
      align ? ` style="text-align: ${align}"` : '',
    ].join('')
    return `<${tag}${attrs}>${join(children)}</${tag}>`
  }
}

function linkMark({ mark, children }: { mark: Mark; children?: Children }): string {
  const inner = join(children)
  const { href, target, title } = mark.attrs
  if (!isSafeHref(href)) return inner
  const targetAttr = target === '_blank' ? ' target="_blank"' : ''
  const titleAttr = typeof title === 'string' && title !== '' ? ` title="${escapeHtml(title)}"` : ''
  return `<a href="${escapeHtml(href)}"${targetAttr} rel="${LINK_REL}"${titleAttr}>${inner}</a>`
}

/**
 * A ProseMirror node built with the cached schema saves rebuilding the schema on every render. JSON
 * with types the schema does not know goes to the renderer as is, which routes them to the fallbacks.
 */
function toNode(doc: RichText): PMNode | RichText {
  try {
    return PMNode.fromJSON(getRichTextSchema(), doc)
  } catch {
    return doc
  }
}

function plainTextFallback(doc: RichText): string {
  return toPlainText(doc)
    .split(/\n+/)
    .filter((line) => line.trim() !== '')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')
}

function renderOptions(prefix: string): NonNullable<Parameters<typeof renderToHTMLString>[0]['options']> {
  return {
    nodeMapping: {
      resolutionRef: ({ node }: { node: PMNode }) => {
        const label = escapeHtml(String(node.attrs.label ?? ''))
        const id: unknown = node.attrs.id
        if (!isValidResolutionId(id)) return `<span class="resolution-ref">${label}</span>`
        const href = escapeHtml(prefix + encodeURIComponent(id))
        return `<a class="resolution-ref" href="${href}">${label}</a>`
      },
      table: ({ children }) => `<table><tbody>${join(children)}</tbody></table>`,
      tableRow: ({ children }) => `<tr>${join(children)}</tr>`,
      tableCell: tableCell('td'),
      tableHeader: tableCell('th'),
    },
    markMapping: { link: linkMark },
    unhandledNode: ({ children }) => join(children),
    unhandledMark: ({ children }) => join(children),
  }
}

type RenderNode = (ctx: { content: PMNode }) => string
const renderers = new Map<string, RenderNode>()

/**
 * renderToHTMLString resolves the extensions and maps every node and mark type to a function on each
 * call, which cost about 3 ms of a meeting page's 15 (19 agenda items). That mapping depends only on
 * the extensions and the link prefix, so it is built once per prefix: renderToElement is run on an
 * empty document with a renderer that keeps the mapped function instead of using it, and the mapping
 * of `doc` and `text` is renderToHTMLString's own.
 */
function nodeRenderer(prefix: string): RenderNode {
  const cached = renderers.get(prefix)
  if (cached) return cached
  let built: RenderNode | undefined
  renderToElement<string>({
    renderer: (options) => {
      built = renderJSONContentToString<Mark, PMNode>(options)
      return () => ''
    },
    domOutputSpecToElement: domOutputSpecToHTMLString,
    mapDefinedTypes: {
      doc: ({ children }) => serializeChildrenToHTMLString(children),
      text: ({ node }) => escapeHTML(node.text ?? ''),
    },
    content: getRichTextSchema().topNodeType.createAndFill()!,
    extensions: (extensions ??= getExtensions()),
    options: renderOptions(prefix),
  })
  renderers.set(prefix, built!)
  return built!
}

export function renderRichTextToHtml(
  doc: RichText | null | undefined,
  options: RenderRichTextOptions = {},
): string {
  if (!doc || typeof doc !== 'object') return ''
  const prefix = options.resolutionHrefPrefix ?? DEFAULT_RESOLUTION_HREF_PREFIX
  try {
    const content = toNode(doc)
    if (content instanceof PMNode) return nodeRenderer(prefix)({ content })
    // JSON the schema cannot read: the stock path swaps unknown types for the fallbacks.
    return renderToHTMLString({ content, extensions: (extensions ??= getExtensions()), options: renderOptions(prefix) })
  } catch {
    return plainTextFallback(doc)
  }
}

// Loaders check for an empty body through this .server module: importing ./validate from a route
// would put tiptap's schema code (~140 KB gzip) into the page's browser JavaScript.
export { isRichTextEmpty } from './validate'

// Building rich text from plain strings: seeds, templates and pre-filled minutes.
import type { RichText } from './types'

function paragraph(text: string): RichText {
  const lines = text.split(/\r\n?|\n/)
  const content: RichText[] = []
  lines.forEach((line, i) => {
    if (i > 0) content.push({ type: 'hardBreak' })
    if (line !== '') content.push({ type: 'text', text: line })
  })
  // A paragraph that is only line breaks would be invisible; keep it empty instead.
  return content.some((node) => node.type === 'text') ? { type: 'paragraph', content } : { type: 'paragraph' }
}

/** One paragraph per string; a newline inside a string becomes a line break. */
export function docFromParagraphs(paragraphs: readonly string[]): RichText {
  if (paragraphs.length === 0) return { type: 'doc', content: [{ type: 'paragraph' }] }
  return { type: 'doc', content: paragraphs.map(paragraph) }
}

/** One paragraph per non-blank line of `text`; blank lines and surrounding spaces are dropped. */
export function docFromText(text: string): RichText {
  return docFromParagraphs(
    text
      .split(/\r\n?|\n/)
      .map((line) => line.trim())
      .filter((line) => line !== ''),
  )
}

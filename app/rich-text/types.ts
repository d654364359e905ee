import type { JSONContent } from '@tiptap/core'

/** A rich-text document as tiptap/ProseMirror JSON; stored as a JSON text column. */
export type RichText = JSONContent

/** The document an empty editor holds: one empty paragraph (a doc needs at least one block). */
export const EMPTY_DOC: RichText = Object.freeze({
  type: 'doc',
  content: Object.freeze([Object.freeze({ type: 'paragraph' })]) as RichText[],
}) as RichText

/** A fresh, mutable empty document. */
export function emptyDoc(): RichText {
  return { type: 'doc', content: [{ type: 'paragraph' }] }
}

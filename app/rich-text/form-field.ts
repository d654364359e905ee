// Reading a rich-text form field on the server: JSON from the editor, or plain text typed into the
// no-JavaScript fallback <textarea>. Either way the result is validated against the editor schema.
import { docFromText } from './from-text'
import type { RichText } from './types'
import { validateRichText } from './validate'

export type RichTextField = { ok: true; doc: RichText } | { ok: false; error: string }

export function parseRichTextField(value: FormDataEntryValue | null | undefined, opts?: { maxBytes?: number }): RichTextField {
  if (value === null || value === undefined || typeof value !== 'string' || value.trim() === '') {
    return validateRichText({ type: 'doc', content: [] }, opts)
  }
  const trimmed = value.trim()
  if (trimmed.startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(trimmed)
    } catch {
      return { ok: false, error: 'Nội dung soạn thảo bị hỏng; hãy tải lại trang. Phần đã nhập vẫn được giữ trong ô soạn thảo.' }
    }
    return validateRichText(parsed, opts)
  }
  return validateRichText(docFromText(value), opts)
}

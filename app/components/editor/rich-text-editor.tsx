// The tiptap rich-text editor (client). Only pages that edit import this module, so members'
// read pages never download the editor: they get server-rendered HTML (app/rich-text/html.server.ts).
//
// Progressive enhancement: before hydration (or without JavaScript) the field is a plain
// <textarea> with the document's text; the server accepts either JSON from the editor or plain
// text (app/rich-text/form-field.ts). Once hydrated, a hidden input carries the document as JSON.
import { EditorContent, useEditor, type Editor } from '@tiptap/react'
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { getExtensions } from '~/rich-text/extensions'
import { normalizeHref } from '~/rich-text/links'
import type { RichText } from '~/rich-text/types'
import { toPlainText } from '~/rich-text/validate'

type Props = {
  name: string
  label: string
  defaultValue?: RichText | null
  hint?: string
  errors?: string[]
  /** Show the "insert resolution reference" button (agenda items, resolutions). */
  resolutionPicker?: boolean
  /** Called with every change (e.g. to save a draft locally). */
  onChange?: (doc: RichText) => void
  minHeight?: string
}

export function RichTextEditor({ name, label, defaultValue, hint, errors, resolutionPicker = false, onChange, minHeight = '8rem' }: Props) {
  const id = useId()
  const [hydrated, setHydrated] = useState(false)
  const [json, setJson] = useState(() => (defaultValue ? JSON.stringify(defaultValue) : ''))
  const [pickerOpen, setPickerOpen] = useState(false)
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange
  const editor = useEditor({
    extensions: getExtensions(),
    content: defaultValue ?? undefined,
    immediatelyRender: false,
    editorProps: {
      attributes: {
        id: `${id}-content`,
        class: 'rte__content prose',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': `${id}-label`,
        ...(hint ? { 'aria-describedby': `${id}-hint` } : {}),
        ...(errors?.length ? { 'aria-invalid': 'true' } : {}),
        style: `min-height:${minHeight}`,
      },
    },
    onUpdate: ({ editor: e }) => {
      const doc = e.getJSON()
      setJson(JSON.stringify(doc))
      onChangeRef.current?.(doc)
    },
  })
  useEffect(() => setHydrated(true), [])
  useEffect(() => {
    if (editor && !json) setJson(JSON.stringify(editor.getJSON()))
  }, [editor, json])

  return (
    <div className="field rte">
      <span className="label" id={`${id}-label`}>
        {label}
      </span>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {hydrated && editor ? (
        <>
          <Toolbar editor={editor} label={label} onInsertResolution={resolutionPicker ? () => setPickerOpen(true) : undefined} />
          <EditorContent editor={editor} />
          <input type="hidden" name={name} value={json} />
          {pickerOpen ? (
            <ResolutionPicker
              onClose={() => {
                setPickerOpen(false)
                editor.commands.focus()
              }}
              onPick={(ref) => {
                editor.chain().focus().insertResolutionRef(ref).insertContent(' ').run()
                setPickerOpen(false)
              }}
            />
          ) : null}
        </>
      ) : (
        <textarea name={name} aria-labelledby={`${id}-label`} defaultValue={defaultValue ? toPlainText(defaultValue) : ''} rows={6} />
      )}
      {errors?.map((e) => (
        <p key={e} className="field-error">
          {e}
        </p>
      ))}
    </div>
  )
}

type ToolButton = { key: string; label: string; text: string; active?: (e: Editor) => boolean; run: (e: Editor) => void; disabled?: (e: Editor) => boolean }

const BUTTONS: ToolButton[] = [
  { key: 'bold', label: 'Chữ đậm', text: 'B', active: (e) => e.isActive('bold'), run: (e) => e.chain().focus().toggleBold().run() },
  { key: 'italic', label: 'Chữ nghiêng', text: 'I', active: (e) => e.isActive('italic'), run: (e) => e.chain().focus().toggleItalic().run() },
  { key: 'underline', label: 'Gạch chân', text: 'U', active: (e) => e.isActive('underline'), run: (e) => e.chain().focus().toggleUnderline().run() },
  { key: 'strike', label: 'Gạch ngang', text: 'S', active: (e) => e.isActive('strike'), run: (e) => e.chain().focus().toggleStrike().run() },
  { key: 'h2', label: 'Tiêu đề', text: 'H', active: (e) => e.isActive('heading', { level: 2 }), run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run() },
  { key: 'bullet', label: 'Danh sách gạch đầu dòng', text: '•', active: (e) => e.isActive('bulletList'), run: (e) => e.chain().focus().toggleBulletList().run() },
  { key: 'ordered', label: 'Danh sách đánh số', text: '1.', active: (e) => e.isActive('orderedList'), run: (e) => e.chain().focus().toggleOrderedList().run() },
  { key: 'quote', label: 'Trích dẫn', text: '❝', active: (e) => e.isActive('blockquote'), run: (e) => e.chain().focus().toggleBlockquote().run() },
  {
    key: 'table',
    label: 'Chèn bảng',
    text: '▦',
    run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
  },
  { key: 'undo', label: 'Hoàn tác', text: '↶', run: (e) => e.chain().focus().undo().run(), disabled: (e) => !e.can().undo() },
  { key: 'redo', label: 'Làm lại', text: '↷', run: (e) => e.chain().focus().redo().run(), disabled: (e) => !e.can().redo() },
]

function Toolbar({ editor, label, onInsertResolution }: { editor: Editor; label: string; onInsertResolution?: () => void }) {
  const [, force] = useState(0)
  const [focusIndex, setFocusIndex] = useState(0)
  const refs = useRef<(HTMLButtonElement | null)[]>([])
  useEffect(() => {
    const update = () => force((n) => n + 1)
    editor.on('transaction', update)
    return () => {
      editor.off('transaction', update)
    }
  }, [editor])

  const linkButton: ToolButton = {
    key: 'link',
    label: 'Chèn hoặc bỏ liên kết',
    text: '🔗',
    active: (e) => e.isActive('link'),
    run: (e) => {
      if (e.isActive('link')) {
        e.chain().focus().unsetLink().run()
        return
      }
      const input = window.prompt('Địa chỉ liên kết (http://, https:// hoặc thư điện tử):')
      if (!input) return
      const href = normalizeHref(input)
      if (!href) {
        window.alert('Liên kết không hợp lệ hoặc không an toàn. Chỉ nhận địa chỉ http://, https:// hoặc thư điện tử.')
        return
      }
      e.chain().focus().extendMarkRange('link').setLink({ href }).run()
    },
  }
  const buttons = [...BUTTONS.slice(0, 8), linkButton, ...BUTTONS.slice(8)]
  const extra = onInsertResolution ? [{ key: 'resolution', label: 'Chèn văn bản (tham chiếu nghị quyết, văn bản)', text: '§ Chèn văn bản', run: () => onInsertResolution() } as ToolButton] : []
  const all = [...buttons, ...extra]

  // Roving tabindex: the toolbar is one tab stop; arrow keys move between buttons (WAI-ARIA toolbar).
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    let next = focusIndex
    if (event.key === 'ArrowRight') next = (focusIndex + 1) % all.length
    else if (event.key === 'ArrowLeft') next = (focusIndex - 1 + all.length) % all.length
    else if (event.key === 'Home') next = 0
    else if (event.key === 'End') next = all.length - 1
    else return
    event.preventDefault()
    setFocusIndex(next)
    refs.current[next]?.focus()
  }
  return (
    <div className="rte__toolbar" role="toolbar" aria-label={`Định dạng: ${label}`} onKeyDown={onKeyDown}>
      {all.map((b, i) => (
        <button
          key={b.key}
          ref={(el) => {
            refs.current[i] = el
          }}
          type="button"
          className={`rte__button${b.key === 'resolution' ? ' rte__button--wide' : ''}`}
          aria-label={b.label}
          title={b.label}
          aria-pressed={b.active ? b.active(editor) : undefined}
          disabled={b.disabled ? b.disabled(editor) : false}
          tabIndex={i === focusIndex ? 0 : -1}
          onFocus={() => setFocusIndex(i)}
          onClick={() => b.run(editor)}
        >
          <span aria-hidden="true">{b.text}</span>
        </button>
      ))}
    </div>
  )
}

type PickResult = { id: string; label: string; numberText: string | null; title: string }

/** Searches the documents register (what the user may read) and inserts a resolution reference node. */
function ResolutionPicker({ onPick, onClose }: { onPick: (ref: { id: string; label: string }) => void; onClose: () => void }) {
  const id = useId()
  const [q, setQ] = useState('')
  const [results, setResults] = useState<PickResult[]>([])
  const [state, setState] = useState<'idle' | 'loading' | 'error'>('idle')
  const inputRef = useRef<HTMLInputElement>(null)
  useEffect(() => inputRef.current?.focus(), [])
  useEffect(() => {
    const controller = new AbortController()
    const timer = setTimeout(() => {
      setState('loading')
      fetch(`/documents/search.json?q=${encodeURIComponent(q)}`, { signal: controller.signal, headers: { Accept: 'application/json' } })
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
        .then((rows: PickResult[]) => {
          setResults(rows)
          setState('idle')
        })
        .catch((error: unknown) => {
          if ((error as Error).name !== 'AbortError') setState('error')
        })
    }, 200)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [q])
  return (
    <div
      className="rte-picker"
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault()
          onClose()
        }
      }}
    >
      <div className="spread">
        <h3 id={`${id}-title`} style={{ margin: 0 }}>
          Chèn tham chiếu văn bản
        </h3>
        <button type="button" className="button button--small" onClick={onClose}>
          Đóng
        </button>
      </div>
      <label htmlFor={`${id}-q`}>Tìm theo số hiệu hoặc trích yếu</label>
      <input ref={inputRef} id={`${id}-q`} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Ví dụ: 22-NQ/TW, nghi quyet thang 3" />
      <div aria-live="polite" className="muted small">
        {state === 'loading' ? 'Đang tìm…' : state === 'error' ? 'Không tìm được. Hãy thử lại.' : `${results.length} văn bản`}
      </div>
      <ul className="rte-picker__results">
        {results.map((r) => (
          <li key={r.id}>
            <button type="button" className="button rte-picker__item" onClick={() => onPick({ id: r.id, label: r.label })}>
              {r.label}
            </button>
          </li>
        ))}
      </ul>
      {state === 'idle' && results.length === 0 ? <p className="muted small">Chưa có văn bản phù hợp. Hãy thêm văn bản vào Sổ văn bản trước.</p> : null}
    </div>
  )
}

// Client pieces of the agenda editor page (/meetings/:id/agenda): one card per item with its own save,
// move and remove forms, the "add an item to this section" form and the live total of planned minutes.
// Every form works without JavaScript (full-page posts that redirect back to the item); with
// JavaScript, save/move/remove go through fetchers so what is typed in other cards stays on screen,
// and Alt+↑ / Alt+↓ inside a card moves it. This module loads the rich-text editor: only the editor
// page may import it.
import { Form, useFetcher } from '@remix-run/react'
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { RichTextEditor } from '~/components/editor/rich-text-editor'
import { AGENDA_SECTIONS, AGENDA_SECTION_LABELS, MEMBER_POSITION_LABELS, type AgendaItemRole, type AgendaSection, type MemberPosition } from '~/domain/constants'
import { docFromText } from '~/rich-text/from-text'
import type { RichText } from '~/rich-text/types'
import { toPlainText, validateRichText } from '~/rich-text/validate'
import { formatMinutes } from './agenda-view'

export const AGENDA_INTENTS = ['create-from-template', 'add-item', 'save-item', 'move-item', 'remove-item', 'publish'] as const
export type AgendaIntent = (typeof AGENDA_INTENTS)[number]

/** What the editor page's action answers (also the fetchers' data). */
export type AgendaReply = {
  ok: boolean
  intent: AgendaIntent | 'unknown'
  itemId?: string
  section?: AgendaSection
  message?: string
  formError?: string
  fieldErrors?: Record<string, string[]>
  /** What was posted, so a refused form comes back as typed. */
  values?: Record<string, string>
  conflict?: boolean
  /** After a version conflict: what is stored now. */
  latest?: { version: number; title: string; text: string }
}

export type EditorItem = {
  id: string
  section: AgendaSection
  role: AgendaItemRole | null
  title: string
  presenterMemberId: string | null
  presenterName: string | null
  plannedMinutes: number | null
  body: RichText | null
  version: number
  documents: { id: string; label: string; title: string }[]
}

export type MemberOption = { id: string; fullName: string; position: MemberPosition }

const ROLE_HINTS: Partial<Record<AgendaItemRole, string>> = {
  review_last_month: 'Khi đảng viên xem chương trình, danh sách nhiệm vụ được giao từ các buổi trước (chưa hoàn thành hoặc chưa đánh giá) tự động hiện dưới nội dung này.',
  discussion: 'Tham luận, ý kiến đóng góp đảng viên đã chuẩn bị được trình bày ở nội dung này.',
  presentation: 'Người trình bày mặc định là đảng viên được phân công soạn dự thảo chuyên đề.',
  next_tasks: 'Ghi rõ người thực hiện, công việc, thời hạn; nhiệm vụ được giao sẽ được đánh giá ở buổi sinh hoạt tháng sau.',
}

/** True once React has hydrated: before that (or without JavaScript) forms post the whole page. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return hydrated
}

/** Marks a fetcher submission as coming from the enhanced page: the action then answers with data, not a redirect. */
function JsFlag() {
  return useHydrated() ? <input type="hidden" name="_js" value="1" /> : null
}

/** A posted rich-text value (editor JSON or plain text) back as a document the editor can open safely. */
function editorDoc(raw: string): RichText {
  const text = raw.trim()
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text)
      const checked = validateRichText(parsed)
      return checked.ok ? checked.doc : docFromText(toPlainText(parsed as RichText))
    } catch {
      return docFromText(raw)
    }
  }
  return docFromText(raw)
}

export function MinutesSummary({ total, minimum }: { total: number; minimum: number | null }) {
  const short = minimum !== null && total < minimum
  return (
    <p className="agenda-total" aria-live="polite">
      Tổng thời lượng dự kiến: <strong>{formatMinutes(total)}</strong>
      {minimum !== null ? (
        <>
          {' '}
          / tối thiểu {minimum} phút{' '}
          {short ? <span className="badge badge--warn">Còn thiếu {minimum - total} phút</span> : <span className="badge badge--ok">Đủ thời lượng</span>}
        </>
      ) : null}
    </p>
  )
}

type CardProps = {
  item: EditorItem
  number: number
  members: MemberOption[]
  first: boolean
  last: boolean
  editable: boolean
  /** The page's action data (no-JavaScript posts), when it concerns this item. */
  pageReply?: AgendaReply
  onMinutesChange: (id: string, minutes: number | null) => void
  onDirtyChange: (id: string, dirty: boolean) => void
}

export function AgendaItemCard({ item, number, members, first, last, editable, pageReply, onMinutesChange, onDirtyChange }: CardProps) {
  const save = useFetcher<AgendaReply>()
  const move = useFetcher<AgendaReply>()
  const remove = useFetcher<AgendaReply>()
  const [dirty, setDirty] = useState(false)
  const [announce, setAnnounce] = useState('')
  const focusAfterMove = useRef<HTMLElement | null>(null)
  const cardRef = useRef<HTMLElement>(null)
  const id = `item-${item.id}`

  const fromPage = pageReply && pageReply.itemId === item.id ? pageReply : undefined
  const saveReply = save.data ?? (fromPage?.intent === 'save-item' ? fromPage : undefined)
  const failed = saveReply && !saveReply.ok ? saveReply : undefined
  const values = failed?.values
  const fieldErrors = failed?.fieldErrors ?? {}
  const moveError = (move.data && !move.data.ok ? move.data : fromPage?.intent === 'move-item' && !fromPage.ok ? fromPage : undefined)?.formError
  const removeError = (remove.data && !remove.data.ok ? remove.data : fromPage?.intent === 'remove-item' && !fromPage.ok ? fromPage : undefined)?.formError
  const version = Math.max(item.version, failed?.latest?.version ?? 0)
  const saving = save.state !== 'idle'

  const markDirty = (value: boolean) => {
    setDirty(value)
    onDirtyChange(item.id, value)
  }

  // A successful save clears "chưa lưu".
  useEffect(() => {
    if (save.state === 'idle' && save.data?.ok) {
      setDirty(false)
      onDirtyChange(item.id, false)
    }
  }, [save.state, save.data, item.id, onDirtyChange])

  // After a move the card's DOM node may have been moved: put the focus back where it was.
  useEffect(() => {
    if (move.state !== 'idle' || !focusAfterMove.current) return
    const target = focusAfterMove.current
    focusAfterMove.current = null
    if (move.data?.ok) setAnnounce(move.data.message ?? '')
    if (target.isConnected && !(target as HTMLButtonElement).disabled) target.focus()
    else cardRef.current?.querySelector<HTMLElement>('.agenda-card__heading')?.focus()
  }, [move.state, move.data, first, last])

  const submitMove = (direction: 'up' | 'down') => {
    if ((direction === 'up' && first) || (direction === 'down' && last) || move.state !== 'idle') return
    focusAfterMove.current = document.activeElement as HTMLElement | null
    move.submit({ intent: 'move-item', itemId: item.id, direction, _js: '1' }, { method: 'post' })
  }

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (!editable || !event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault()
      submitMove(event.key === 'ArrowUp' ? 'up' : 'down')
    }
  }

  const defaultBody = values?.body !== undefined ? editorDoc(values.body) : item.body
  const bodyErrors = fieldErrors.body
  const minutesValue = values?.plannedMinutes ?? (item.plannedMinutes ?? '').toString()

  return (
    <article ref={cardRef} id={id} className={`card agenda-card-item${dirty ? ' agenda-card-item--dirty' : ''}`} aria-labelledby={`${id}-heading`} onKeyDown={onKeyDown}>
      <div className="agenda-card__top">
        <h3 id={`${id}-heading`} className="agenda-card__heading" tabIndex={-1}>
          <span className="agenda-card__number">{number}.</span> {item.title}
          {dirty ? <span className="badge badge--warn agenda-card__dirty">Chưa lưu</span> : null}
        </h3>
        {editable ? (
          <div className="agenda-card__tools">
            <move.Form method="post" className="agenda-move" aria-label={`Sắp xếp: ${item.title}`}>
              <input type="hidden" name="intent" value="move-item" />
              <input type="hidden" name="itemId" value={item.id} />
              <JsFlag />
              <button
                type="submit"
                name="direction"
                value="up"
                className="button button--small"
                disabled={first}
                aria-keyshortcuts="Alt+ArrowUp"
                title="Chuyển lên (Alt + ↑)"
                onClick={(e) => {
                  focusAfterMove.current = e.currentTarget
                }}
              >
                <span aria-hidden="true">↑</span> Lên
              </button>
              <button
                type="submit"
                name="direction"
                value="down"
                className="button button--small"
                disabled={last}
                aria-keyshortcuts="Alt+ArrowDown"
                title="Chuyển xuống (Alt + ↓)"
                onClick={(e) => {
                  focusAfterMove.current = e.currentTarget
                }}
              >
                <span aria-hidden="true">↓</span> Xuống
              </button>
            </move.Form>
            <details className="agenda-remove">
              <summary className="button button--small button--danger">Xoá</summary>
              <div className="agenda-remove__confirm">
                <p>Xoá nội dung "{item.title}" khỏi chương trình? Không hoàn tác được.</p>
                <remove.Form method="post">
                  <input type="hidden" name="intent" value="remove-item" />
                  <input type="hidden" name="itemId" value={item.id} />
                  <input type="hidden" name="version" value={version} />
                  <JsFlag />
                  <button type="submit" className="button button--small button--danger" disabled={remove.state !== 'idle'}>
                    {remove.state !== 'idle' ? 'Đang xoá…' : 'Xác nhận xoá'}
                  </button>
                </remove.Form>
              </div>
            </details>
          </div>
        ) : null}
      </div>
      <p className="sr-only" aria-live="polite">
        {announce}
      </p>
      {moveError ? <Alert>{moveError}</Alert> : null}
      {removeError ? <Alert>{removeError}</Alert> : null}

      <save.Form
        method="post"
        className="form form--wide agenda-item-form"
        onChange={() => {
          if (!dirty) markDirty(true)
        }}
      >
        <input type="hidden" name="intent" value="save-item" />
        <input type="hidden" name="itemId" value={item.id} />
        <input type="hidden" name="version" value={version} />
        <JsFlag />
        {failed?.formError ? <Alert>{failed.formError}</Alert> : null}
        {failed?.conflict && failed.latest ? (
          <details className="agenda-conflict" open>
            <summary>Xem bản mới nhất đang lưu</summary>
            <p>
              <strong>Tên:</strong> {failed.latest.title}
            </p>
            <div className="agenda-conflict__text">{failed.latest.text || '(Không có nội dung chi tiết)'}</div>
          </details>
        ) : null}
        <div className="form-grid agenda-item-form__grid">
          <div className="field agenda-item-form__title">
            <label htmlFor={`${id}-title`}>Tên nội dung</label>
            <input
              id={`${id}-title`}
              type="text"
              name="title"
              required
              maxLength={300}
              defaultValue={values?.title ?? item.title}
              aria-invalid={fieldErrors.title ? true : undefined}
              aria-describedby={fieldErrors.title ? `${id}-title-error` : undefined}
              disabled={!editable}
            />
            <FieldErrors id={`${id}-title-error`} errors={fieldErrors.title} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-section`}>Phần</label>
            <select id={`${id}-section`} name="section" defaultValue={values?.section ?? item.section} disabled={!editable}>
              {AGENDA_SECTIONS.map((s) => (
                <option key={s} value={s}>
                  {AGENDA_SECTION_LABELS[s]}
                </option>
              ))}
            </select>
            <FieldErrors errors={fieldErrors.section} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-minutes`}>Thời lượng (phút)</label>
            <input
              id={`${id}-minutes`}
              type="number"
              name="plannedMinutes"
              min={0}
              max={600}
              step={1}
              inputMode="numeric"
              defaultValue={minutesValue}
              aria-invalid={fieldErrors.plannedMinutes ? true : undefined}
              onChange={(e) => {
                const n = e.currentTarget.value === '' ? null : Number(e.currentTarget.value)
                onMinutesChange(item.id, n !== null && Number.isFinite(n) ? n : null)
              }}
              disabled={!editable}
            />
            <FieldErrors errors={fieldErrors.plannedMinutes} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-presenter`}>Người trình bày</label>
            <select
              id={`${id}-presenter`}
              name="presenterMemberId"
              defaultValue={values?.presenterMemberId ?? item.presenterMemberId ?? ''}
              disabled={!editable}
              aria-invalid={fieldErrors.presenterMemberId ? true : undefined}
            >
              <option value="">— Không chọn đảng viên —</option>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.fullName}
                  {m.position !== 'member' ? ` (${MEMBER_POSITION_LABELS[m.position]})` : ''}
                </option>
              ))}
            </select>
            <FieldErrors errors={fieldErrors.presenterMemberId} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-guest`}>Hoặc khách mời trình bày</label>
            <input
              id={`${id}-guest`}
              type="text"
              name="presenterName"
              maxLength={200}
              defaultValue={values?.presenterName ?? item.presenterName ?? ''}
              aria-describedby={`${id}-guest-hint`}
              disabled={!editable}
            />
            <span className="hint" id={`${id}-guest-hint`}>
              Đại biểu cấp trên, khách mời… khi không chọn đảng viên
            </span>
            <FieldErrors errors={fieldErrors.presenterName} />
          </div>
        </div>
        {item.role && ROLE_HINTS[item.role] ? <p className="hint agenda-role-hint">{ROLE_HINTS[item.role]}</p> : null}
        {editable ? (
          <RichTextEditor
            name="body"
            label="Nội dung chi tiết"
            defaultValue={defaultBody}
            resolutionPicker
            errors={bodyErrors}
            hint="Chèn nghị quyết, văn bản bằng nút “§ Chèn văn bản”: văn bản được liên kết với nội dung này."
            onChange={() => {
              if (!dirty) markDirty(true)
            }}
          />
        ) : null}
        {item.documents.length ? (
          <div className="agenda-docs">
            <p className="agenda-docs__label">Văn bản đã liên kết (theo lần lưu gần nhất):</p>
            <ul>
              {item.documents.map((d) => (
                <li key={d.id}>
                  <a href={`/documents/${d.id}`} target="_blank" rel="noreferrer">
                    {d.label}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {editable ? (
          <div className="row">
            <button type="submit" className="button button--primary" disabled={saving}>
              {saving ? 'Đang lưu…' : 'Lưu nội dung này'}
            </button>
            <span className="muted small" role="status">
              {!saving && saveReply?.ok && !dirty ? saveReply.message : ''}
            </span>
          </div>
        ) : null}
      </save.Form>
    </article>
  )
}

export function AddItemForm({ section, editable, reply }: { section: AgendaSection; editable: boolean; reply?: AgendaReply }) {
  if (!editable) return null
  const failed = reply && !reply.ok && reply.intent === 'add-item' && reply.section === section ? reply : undefined
  const id = `add-${section}`
  return (
    <Form method="post" className="agenda-add">
      <input type="hidden" name="intent" value="add-item" />
      <input type="hidden" name="section" value={section} />
      <div className="field">
        <label htmlFor={`${id}-title`}>Thêm nội dung vào cuối {AGENDA_SECTION_LABELS[section]}</label>
        <div className="agenda-add__row">
          <input id={`${id}-title`} type="text" name="title" required maxLength={300} defaultValue={failed?.values?.title ?? ''} placeholder="Tên nội dung mới" />
          <button type="submit" className="button">
            Thêm
          </button>
        </div>
        <FieldErrors errors={failed ? (failed.fieldErrors?.title ?? (failed.formError ? [failed.formError] : undefined)) : undefined} />
      </div>
    </Form>
  )
}

function FieldErrors({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return null
  return (
    <div id={id}>
      {errors.map((e) => (
        <p key={e} className="field-error">
          {e}
        </p>
      ))}
    </div>
  )
}

function Alert({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert--error" role="alert">
      <p>{children}</p>
    </div>
  )
}

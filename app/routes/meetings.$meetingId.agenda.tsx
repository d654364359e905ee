// The agenda editor (bí thư / phó bí thư): create the agenda from the skeleton of the meeting's type,
// edit, reorder, add and remove items, and publish it to the cell's members. One intent per form; every
// form works without JavaScript (a full-page post that redirects back to the item).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { AddItemForm, AgendaItemCard, AGENDA_INTENTS, MinutesSummary, type AgendaReply } from '~/components/agenda-editor'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { AGENDA_SECTIONS, AGENDA_SECTION_LABELS } from '~/domain/constants'
import { z } from '~/domain/forms.server'
import { formatTime, formatUiDate } from '~/domain/vn-date'
import { parseRichTextField } from '~/rich-text/form-field'
import { toPlainText } from '~/rich-text/validate'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import {
  addAgendaItem,
  agendaForEdit,
  agendaItemForPlanning,
  AgendaItemFormSchema,
  createAgendaFromTemplate,
  MAX_BODY_BYTES,
  moveAgendaItem,
  publishAgenda,
  removeAgendaItem,
  updateAgendaItem,
} from '~/models/agenda.server'
import { AppError } from '~/models/context'
import { getDb } from '~/utils/db.server'
import { formValues, zodFieldErrors } from '~/utils/http.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Soạn chương trình — ${data?.meeting.title ?? 'Buổi sinh hoạt'} — Sổ chi bộ` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  try {
    return agendaForEdit(getDb(), actor, params.meetingId!)
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: error.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
    throw error
  }
}

// zod comes from a .server module (empty in the browser bundle), so the schemas are built inside the action.
const versionSchema = () => z.coerce.number().int().min(1)

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const formData = await request.formData()
  const meetingId = params.meetingId!
  const parsedIntent = z.enum(AGENDA_INTENTS).safeParse(formData.get('intent'))
  if (!parsedIntent.success) {
    return data<AgendaReply>({ ok: false, intent: 'unknown', formError: 'Thao tác không hợp lệ. Hãy tải lại trang rồi thử lại.' }, { status: 400 })
  }
  const intent = parsedIntent.data
  const enhanced = formData.get('_js') === '1'
  const itemId = String(formData.get('itemId') ?? '')
  const values = formValues(formData)
  delete values._js
  const db = getDb()
  const here = (hash = '') => `/meetings/${meetingId}/agenda${hash}`
  const reply = (body: Omit<AgendaReply, 'intent'>, status = 200) => data<AgendaReply>({ intent, ...body }, { status })

  try {
    switch (intent) {
      case 'create-from-template': {
        const rows = createAgendaFromTemplate(db, ctx, meetingId)
        return redirectWithToast(here(), {
          title: `Đã tạo chương trình theo mẫu (${rows.length} nội dung)`,
          description: 'Hãy xem lại từng nội dung, phân công người trình bày, rồi bấm "Gửi chương trình".',
        })
      }
      case 'add-item': {
        const fields = AgendaItemFormSchema.pick({ title: true, section: true }).safeParse(values)
        if (!fields.success) return reply({ ok: false, section: sectionOf(values.section), fieldErrors: zodFieldErrors(fields.error.issues), values }, 400)
        const row = addAgendaItem(db, ctx, meetingId, fields.data)
        return redirect(here(`#item-${row.id}`))
      }
      case 'save-item': {
        const fields = AgendaItemFormSchema.safeParse(values)
        const version = versionSchema().safeParse(values.version)
        const body = parseRichTextField(formData.get('body'), { maxBytes: MAX_BODY_BYTES })
        if (!fields.success || !version.success || !body.ok) {
          const fieldErrors = fields.success ? {} : zodFieldErrors(fields.error.issues)
          if (!body.ok) fieldErrors.body = [body.error]
          return reply(
            { ok: false, itemId, fieldErrors, formError: version.success ? undefined : 'Thiếu phiên bản của nội dung; hãy tải lại trang.', values },
            400,
          )
        }
        const row = updateAgendaItem(db, ctx, itemId, { ...fields.data, body: body.doc, version: version.data })
        if (enhanced) return reply({ ok: true, itemId, message: `Đã lưu lúc ${formatTime(new Date())}.` })
        return redirectWithToast(here(`#item-${row.id}`), { title: `Đã lưu nội dung "${row.title}"` })
      }
      case 'move-item': {
        const direction = z.enum(['up', 'down']).safeParse(values.direction)
        if (!direction.success) return reply({ ok: false, itemId, formError: 'Hướng di chuyển không hợp lệ.' }, 400)
        moveAgendaItem(db, ctx, itemId, direction.data)
        if (enhanced) return reply({ ok: true, itemId, message: direction.data === 'up' ? 'Đã chuyển nội dung lên.' : 'Đã chuyển nội dung xuống.' })
        return redirect(here(`#item-${itemId}`))
      }
      case 'remove-item': {
        const version = versionSchema().safeParse(values.version)
        removeAgendaItem(db, ctx, itemId, version.success ? version.data : undefined)
        if (enhanced) return reply({ ok: true, itemId, message: 'Đã xoá nội dung.' })
        return redirectWithToast(here(), { title: 'Đã xoá nội dung khỏi chương trình' })
      }
      case 'publish': {
        const result = publishAgenda(db, ctx, meetingId)
        return redirectWithToast(`/meetings/${meetingId}`, {
          title: result.republished ? 'Đã gửi lại chương trình cho đảng viên' : 'Đã gửi chương trình cho đảng viên',
          type: result.late ? 'info' : 'success',
          description: result.late
            ? `Chương trình được gửi sau hạn (${formatTime(result.deadline)} ${formatUiDate(result.deadline)}); việc gửi muộn được ghi nhận.`
            : 'Các đồng chí đảng viên của chi bộ đã xem được chương trình.',
        })
      }
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    const itemIntent = intent === 'save-item' || intent === 'move-item' || intent === 'remove-item'
    // Out of scope → the 404 page; a vanished item on its own form is just a message.
    if (error.status === 404 && !itemIntent) throw new Response(error.message, { status: 404 })
    if (error.status === 409 && intent === 'save-item') {
      let latest: AgendaReply['latest']
      try {
        const current = agendaItemForPlanning(db, ctx.actor, itemId)
        latest = { version: current.version, title: current.title, text: toPlainText(current.body) }
      } catch {
        latest = undefined
      }
      return reply({ ok: false, itemId, conflict: true, latest, formError: error.message, values }, 409)
    }
    const fieldErrors = error.field ? { [error.field]: [error.message] } : undefined
    return reply(
      { ok: false, itemId: itemId || undefined, section: sectionOf(values.section), formError: error.field ? undefined : error.message, fieldErrors, values },
      error.status,
    )
  }
}

function sectionOf(value: string | undefined) {
  return AGENDA_SECTIONS.find((s) => s === value)
}

export default function AgendaEditorPage() {
  const { meeting, items, members, templateName, templateAvailable, totalMinutes, minimumMinutes, publication, editable, lockedReason } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' ? navigation.formData?.get('intent') : null

  // Live total: what is typed in the minutes fields, else what is saved.
  const [typedMinutes, setTypedMinutes] = useState<Record<string, number | null>>({})
  const [dirty, setDirty] = useState<Record<string, boolean>>({})
  const onMinutesChange = useCallback((id: string, minutes: number | null) => setTypedMinutes((m) => ({ ...m, [id]: minutes })), [])
  const onDirtyChange = useCallback((id: string, value: boolean) => setDirty((d) => (d[id] === value ? d : { ...d, [id]: value })), [])
  const liveTotal = useMemo(
    () => items.reduce((sum, item) => sum + ((item.id in typedMinutes ? typedMinutes[item.id] : item.plannedMinutes) ?? 0), 0),
    [items, typedMinutes],
  )
  const dirtyCount = items.filter((i) => dirty[i.id]).length

  useEffect(() => {
    if (dirtyCount === 0) return
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault()
      event.returnValue = ''
    }
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirtyCount])

  const pageReply = actionData && 'intent' in actionData ? (actionData as AgendaReply) : undefined
  const topError = pageReply && !pageReply.ok && ['create-from-template', 'publish', 'unknown'].includes(pageReply.intent) ? pageReply.formError : undefined

  return (
    <div className="stack agenda-editor">
      <nav className="breadcrumb" aria-label="Buổi sinh hoạt">
        <Link to={`/meetings/${meeting.id}`}>← {meeting.title}</Link>
      </nav>
      <div className="page-head">
        <div>
          <h1>Soạn chương trình</h1>
          <p className="muted" style={{ margin: 0 }}>
            {meeting.title} · {meeting.when}
            {meeting.place ? ` · ${meeting.place}` : ''}
          </p>
        </div>
      </div>

      {lockedReason ? (
        <div className="alert alert--warning" role="note">
          <p>{lockedReason}</p>
        </div>
      ) : null}
      {topError ? (
        <div className="alert alert--error" role="alert">
          <p>{topError}</p>
        </div>
      ) : null}

      <section className="card agenda-status" aria-labelledby="status-title">
        <h2 id="status-title" className="sr-only">
          Tình trạng chương trình
        </h2>
        <p>
          {publication.published ? (
            <>
              <span className={publication.late ? 'badge badge--warn' : 'badge badge--ok'}>{publication.late ? 'Đã gửi (muộn)' : 'Đã gửi'}</span> Đã gửi cho đảng viên lúc{' '}
              {formatTime(publication.publishedAt!)}, {formatUiDate(publication.publishedAt!)}.{' '}
              {publication.changedSinceSent
                ? 'Chương trình đã được sửa sau lần gửi gần nhất: đảng viên xem được bản mới; bấm "Gửi lại" để ghi nhận lần gửi này.'
                : 'Các sửa đổi sau khi gửi đảng viên xem được ngay.'}
            </>
          ) : (
            <>
              <span className={publication.overdue ? 'badge badge--danger' : 'badge badge--warn'}>{publication.overdue ? 'Quá hạn gửi' : 'Chưa gửi'}</span> Hạn gửi
              chương trình: <strong>{formatUiDate(publication.deadline)}</strong> (trước buổi sinh hoạt {meeting.when}).
            </>
          )}
        </p>
        {items.length > 0 ? <MinutesSummary total={items.length ? liveTotal : totalMinutes} minimum={minimumMinutes} /> : null}
        {editable && items.length > 0 ? (
          <Form
            method="post"
            className="row"
            onSubmit={(event) => {
              if (dirtyCount > 0 && !window.confirm(`Còn ${dirtyCount} nội dung chưa lưu; chỉ phần đã lưu được gửi. Vẫn gửi chương trình?`)) event.preventDefault()
            }}
          >
            <input type="hidden" name="intent" value="publish" />
            <button type="submit" className="button button--primary" disabled={busy === 'publish'}>
              {busy === 'publish' ? 'Đang gửi…' : publication.published ? 'Gửi lại chương trình' : 'Gửi chương trình'}
            </button>
            {dirtyCount > 0 ? (
              <span className="text-danger small" role="status">
                Còn {dirtyCount} nội dung chưa lưu.
              </span>
            ) : (
              <span className="muted small">Chỉ những nội dung đã lưu mới được gửi.</span>
            )}
          </Form>
        ) : null}
      </section>

      {items.length === 0 ? (
        <section className="card" aria-labelledby="empty-title">
          <h2 id="empty-title">Chương trình chưa có nội dung</h2>
          {editable && templateAvailable ? (
            <Form method="post">
              <p>Tạo chương trình theo khung hướng dẫn cho loại buổi sinh hoạt này, rồi sửa từng nội dung cho phù hợp.</p>
              <input type="hidden" name="intent" value="create-from-template" />
              <button type="submit" className="button button--primary" disabled={busy === 'create-from-template'}>
                {busy === 'create-from-template' ? 'Đang tạo…' : `Tạo chương trình theo mẫu ${templateName.charAt(0).toLowerCase()}${templateName.slice(1)}`}
              </button>
            </Form>
          ) : null}
          {editable ? <p className="muted small">Hoặc thêm từng nội dung vào các phần bên dưới.</p> : null}
        </section>
      ) : null}

      {AGENDA_SECTIONS.map((section) => {
        const list = items.filter((i) => i.section === section)
        if (list.length === 0 && !editable) return null
        return (
          <section key={section} className="agenda-editor__section" aria-labelledby={`section-${section}`}>
            <h2 id={`section-${section}`}>{AGENDA_SECTION_LABELS[section]}</h2>
            {list.length === 0 ? <p className="muted">Phần này chưa có nội dung.</p> : null}
            {list.map((item, i) => (
              <AgendaItemCard
                key={item.id}
                item={item}
                number={i + 1}
                members={members}
                first={i === 0}
                last={i === list.length - 1}
                editable={editable}
                pageReply={pageReply}
                onMinutesChange={onMinutesChange}
                onDirtyChange={onDirtyChange}
              />
            ))}
            <AddItemForm section={section} editable={editable} reply={pageReply} />
          </section>
        )
      })}
      {editable && items.length > 0 ? (
        <p className="muted small">Mẹo: khi đang ở trong một nội dung, bấm Alt + ↑ hoặc Alt + ↓ để chuyển nội dung đó lên hoặc xuống.</p>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

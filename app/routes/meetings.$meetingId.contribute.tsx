// /meetings/:id/contribute — a member writes, edits, submits and withdraws their own contributions
// (tham luận, ý kiến đóng góp) for one meeting; `?id=` opens one of theirs. Nobody else's: another
// member's contribution is a 404 here. Built for a phone: one column, large text.
import type { SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { lazyPanel } from '~/components/lazy-panel'
import { CONTRIBUTION_STATUS_LABELS, type ContributionStatus } from '~/domain/constants'
import { parseRichTextField, parseWithZod, z } from '~/domain/forms.server'
import { formatTime, formatUiDate } from '~/domain/vn-date'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import {
  contributionPage,
  getContribution,
  saveContribution,
  submitContribution,
  withdrawContribution,
} from '~/models/contributions.server'
import { meetingTitle } from '~/models/meetings.server'
import { renderRichTextToHtml } from '~/rich-text/html.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Ý kiến đóng góp — ${data?.meeting.title ?? 'Buổi sinh hoạt'} — Sổ chi bộ` }]

/** Same limits as the model (contributions.server.ts). */
const CONTRIBUTION_TITLE_MAX = 200
const CONTRIBUTION_BODY_MAX_BYTES = 100_000

// Validated on the server (zod comes from a .server module, so it is not in the page's JavaScript).
const saveSchema = () =>
  z.object({
    intent: z.literal('save'),
    id: z.string().optional(),
    version: z.number().int().optional(),
    title: z
      .string({ message: 'Hãy nhập tiêu đề cho ý kiến đóng góp.' })
      .max(CONTRIBUTION_TITLE_MAX, { message: `Tiêu đề dài quá ${CONTRIBUTION_TITLE_MAX} ký tự; hãy rút gọn.` }),
    agendaItemId: z.string().optional(),
    body: z.string().optional(),
    then: z.literal('submit').optional(),
  })

const transitionSchema = () =>
  z.object({
    intent: z.enum(['submit', 'withdraw']),
    id: z.string().min(1),
    version: z.coerce.number().int(),
  })

// The writing form (with the rich-text editor, tiptap) is its own chunk: a member reading a submitted
// contribution, or a meeting closed for writing, never downloads it.
const ContributionForm = lazyPanel(() => import('~/components/contribution-form'))

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const editId = new URL(request.url).searchParams.get('id')
  const page = contributionPage(getDb(), actor, params.meetingId!, editId)
  const m = page.meeting
  const e = page.editing
  return {
    meeting: { id: m.id, title: meetingTitle(m), startsAt: m.startsAt, place: m.place, cellName: m.cell.name },
    canWrite: page.canWrite,
    canReview: page.canReview,
    takesContributions: page.takesContributions,
    writingClosedReason: page.writingClosedReason,
    agendaItems: page.agendaItems.map((i) => ({ value: i.id, label: i.title })),
    mine: page.mine.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      agendaItemTitle: c.agendaItemTitle,
      reviewNote: c.reviewNote,
      version: c.version,
      editable: c.editable,
      updatedAt: c.updatedAt,
    })),
    editing: e
      ? {
          id: e.id,
          title: e.title,
          status: e.status,
          agendaItemId: e.agendaItemId,
          agendaItemTitle: e.agendaItemTitle,
          reviewNote: e.reviewNote,
          version: e.version,
          editable: e.editable,
          body: e.body,
          html: renderRichTextToHtml(e.body),
        }
      : null,
  }
}

type ActionResult =
  | { intent: 'save'; result: SubmissionResult<string[]>; conflict?: boolean; currentVersion?: number }
  | { intent: 'submit' | 'withdraw' | 'unknown'; id?: string; error: string }

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const formData = await request.formData()
  const db = getDb()
  const meetingId = params.meetingId!
  const base = `/meetings/${meetingId}/contribute`
  const intent = formData.get('intent')

  if (intent === 'save') {
    const submission = parseWithZod(formData, { schema: saveSchema() })
    if (submission.status !== 'success') return data<ActionResult>({ intent: 'save', result: submission.reply() }, { status: 400 })
    const body = parseRichTextField(submission.value.body, { maxBytes: CONTRIBUTION_BODY_MAX_BYTES })
    if (!body.ok) return data<ActionResult>({ intent: 'save', result: submission.reply({ fieldErrors: { body: [body.error] } }) }, { status: 422 })
    const submit = submission.value.then === 'submit'
    try {
      const row = saveContribution(db, ctx, {
        meetingId,
        id: submission.value.id ?? null,
        title: submission.value.title,
        agendaItemId: submission.value.agendaItemId ?? null,
        body: body.doc,
        version: submission.value.version ?? null,
        submit,
      })
      return submit
        ? redirectWithToast(base, {
            title: 'Đã gửi ý kiến đến chi bộ',
            description: 'Đồng chí theo dõi trạng thái ở mục "Ý kiến của tôi". Trước khi chi bộ xem xét, đồng chí vẫn rút lại để sửa được.',
          })
        : redirectWithToast(`${base}?id=${row.id}`, { title: 'Đã lưu bản nháp', description: 'Bản nháp chỉ mình đồng chí xem được.' })
    } catch (error) {
      if (error instanceof AppError && error.status !== 404) {
        const reply = submission.reply(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] })
        const current =
          error.status === 409 && submission.value.id ? (safeVersion(() => getContribution(db, ctx.actor, submission.value.id!).version) ?? undefined) : undefined
        return data<ActionResult>({ intent: 'save', result: reply, conflict: error.status === 409, currentVersion: current }, { status: error.status })
      }
      throw error
    }
  }

  const parsed = transitionSchema().safeParse(Object.fromEntries(formData))
  if (!parsed.success) return data<ActionResult>({ intent: 'unknown', error: 'Thao tác không hợp lệ; hãy tải lại trang.' }, { status: 400 })
  const { id, version } = parsed.data
  try {
    if (parsed.data.intent === 'submit') {
      submitContribution(db, ctx, id, version)
      return redirectWithToast(base, { title: 'Đã gửi ý kiến đến chi bộ' })
    }
    withdrawContribution(db, ctx, id, version)
    return redirectWithToast(`${base}?id=${id}`, { title: 'Đã rút lại ý kiến', description: 'Ý kiến trở về bản nháp; đồng chí sửa xong thì gửi lại.' })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) {
      return data<ActionResult>({ intent: parsed.data.intent, id, error: error.message }, { status: error.status })
    }
    throw error
  }
}

function safeVersion(fn: () => number): number | null {
  try {
    return fn()
  } catch {
    return null
  }
}

const TONE: Record<ContributionStatus, string> = { draft: '', submitted: ' badge--info', accepted: ' badge--ok', noted: ' badge--warn' }
function StatusBadge({ status }: { status: ContributionStatus }) {
  return <span className={`badge${TONE[status]}`}>{CONTRIBUTION_STATUS_LABELS[status]}</span>
}

export default function ContributePage() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionResult | undefined
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const { meeting, editing } = page
  const saveResult = actionData?.intent === 'save' ? actionData : undefined
  const open = page.canWrite && !page.writingClosedReason
  const showForm = open && (!editing || (editing.status === 'draft' && editing.editable))
  const formKey = `${editing?.id ?? 'new'}|${page.mine.map((c) => c.id).join(',')}`
  const transitionError = actionData && actionData.intent !== 'save' ? actionData : undefined

  return (
    <div className="contrib-page">
      <p className="breadcrumb">
        <Link to={`/meetings/${meeting.id}`}>← {meeting.title}</Link>
      </p>
      <h1>Ý kiến đóng góp</h1>
      <p className="contrib-meeting">
        <strong>{meeting.title}</strong>
        <br />
        {formatUiDate(meeting.startsAt)}, {formatTime(meeting.startsAt)}
        {meeting.place ? ` · ${meeting.place}` : ''}
        <br />
        <span className="muted">{meeting.cellName}</span>
      </p>

      {page.writingClosedReason ? (
        <div className="alert alert--warning" role="status">
          <p>{page.writingClosedReason}</p>
        </div>
      ) : !page.canWrite ? (
        <div className="alert alert--info">
          <p>Chỉ đảng viên đang sinh hoạt tại chi bộ mới viết được ý kiến đóng góp cho buổi sinh hoạt này.</p>
        </div>
      ) : null}
      {page.canReview ? (
        <p>
          <Link className="button" to={`/meetings/${meeting.id}/contributions`}>
            Xem ý kiến đảng viên đã gửi
          </Link>
        </p>
      ) : null}

      {transitionError ? (
        <div className="alert alert--error" role="alert">
          <p>{transitionError.error}</p>
        </div>
      ) : null}

      {page.canWrite || page.mine.length ? (
        <section aria-labelledby="mine-title" className="contrib-section">
          <h2 id="mine-title">Ý kiến của tôi cho buổi này</h2>
          {page.mine.length ? (
            <ul className="contrib-list">
              {page.mine.map((c) => (
                <li key={c.id} className={`contrib-item${editing?.id === c.id ? ' contrib-item--current' : ''}`}>
                  <p className="contrib-item__title">{c.title}</p>
                  <p className="contrib-item__status">
                    Trạng thái: <StatusBadge status={c.status} />
                  </p>
                  {c.agendaItemTitle ? (
                    <p className="muted">
                      {c.status === 'accepted' ? 'Được trình bày tại nội dung: ' : 'Thuộc nội dung: '}
                      {c.agendaItemTitle}
                    </p>
                  ) : null}
                  {c.reviewNote ? <p className="contrib-note">Ghi chú của chi bộ: {c.reviewNote}</p> : null}
                  <div className="row">
                    {editing?.id !== c.id ? (
                      <Link className="button" to={`?id=${c.id}`}>
                        {c.status === 'draft' && c.editable ? 'Sửa' : 'Xem'}
                        <span className="sr-only"> “{c.title}”</span>
                      </Link>
                    ) : null}
                    {c.status === 'draft' && c.editable && editing?.id !== c.id ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="submit" />
                        <input type="hidden" name="id" value={c.id} />
                        <input type="hidden" name="version" value={c.version} />
                        <button type="submit" className="button" disabled={busy}>
                          Gửi chi bộ<span className="sr-only"> “{c.title}”</span>
                        </button>
                      </Form>
                    ) : null}
                    {c.status === 'submitted' && c.editable ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="withdraw" />
                        <input type="hidden" name="id" value={c.id} />
                        <input type="hidden" name="version" value={c.version} />
                        <button type="submit" className="button" disabled={busy}>
                          Rút lại để sửa<span className="sr-only"> “{c.title}”</span>
                        </button>
                      </Form>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Đồng chí chưa có ý kiến nào cho buổi sinh hoạt này. Hãy viết ở mục bên dưới.</p>
          )}
        </section>
      ) : null}

      {editing && !showForm ? (
        <section aria-labelledby="view-title" className="contrib-section card">
          <h2 id="view-title">{editing.title}</h2>
          <p>
            Trạng thái: <StatusBadge status={editing.status} />
          </p>
          {editing.agendaItemTitle ? <p className="muted">Nội dung trong chương trình: {editing.agendaItemTitle}</p> : null}
          {editing.reviewNote ? <p className="contrib-note">Ghi chú của chi bộ: {editing.reviewNote}</p> : null}
          <div className="prose contrib-body" dangerouslySetInnerHTML={{ __html: editing.html || '<p class="muted">(Chưa có nội dung)</p>' }} />
          {editing.status === 'submitted' && editing.editable ? (
            <p className="muted">Ý kiến đã gửi. Muốn sửa, đồng chí bấm &quot;Rút lại để sửa&quot; ở danh sách phía trên.</p>
          ) : null}
          <p>
            <Link to={`/meetings/${meeting.id}/contribute`}>Viết ý kiến khác</Link>
          </p>
        </section>
      ) : null}

      {showForm ? (
        // A new key after each successful save (another contribution id, or another one opened) starts a
        // fresh form; a refused save keeps the key, so what was typed stays in the editor.
        <section key={formKey} aria-labelledby="form-title" className="contrib-section card">
          <h2 id="form-title">{editing ? 'Sửa ý kiến' : 'Viết ý kiến mới'}</h2>
          <ContributionForm
            editing={editing ? { id: editing.id, title: editing.title, agendaItemId: editing.agendaItemId, version: editing.version, body: editing.body, html: editing.html } : null}
            agendaItems={page.agendaItems}
            saveResult={saveResult}
            busy={busy}
          />
        </section>
      ) : null}

      <p>
        <Link to="/my/contributions">Tất cả ý kiến đóng góp của tôi</Link>
      </p>
    </div>
  )
}

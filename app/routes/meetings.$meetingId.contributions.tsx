// /meetings/:id/contributions — the secretary, deputy and chi ủy read every submitted contribution of
// the meeting in one list and mark each accepted into an agenda item (it is then read there and
// becomes the member's speech in the record) or noted, with an optional note for the member.
// Drafts never appear here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { z } from 'zod'
import { CONTRIBUTION_STATUS_LABELS, type ContributionStatus } from '~/domain/constants'
import { formatTime, formatUiDate, formatUiDateShort } from '~/domain/vn-date'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { contributionsForReview, reviewContribution } from '~/models/contributions.server'
import { meetingTitle } from '~/models/meetings.server'
import { renderRichTextToHtml } from '~/rich-text/html.server'
import { getDb } from '~/utils/db.server'
import { formValues } from '~/utils/http.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Ý kiến đóng góp của đảng viên — ${data?.meeting.title ?? 'Buổi sinh hoạt'} — Sổ chi bộ` }]

/** Same limit as the model (contributions.server.ts), needed here by the form in the browser. */
const CONTRIBUTION_NOTE_MAX = 1000

const ReviewSchema = z.object({
  intent: z.literal('review'),
  id: z.string().min(1),
  version: z.coerce.number().int(),
  decision: z.enum(['accepted', 'noted'], { message: 'Hãy chọn "Đưa vào chương trình" hoặc "Ghi nhận".' }),
  agendaItemId: z.string().optional(),
  note: z.string().max(CONTRIBUTION_NOTE_MAX, { message: `Ghi chú dài quá ${CONTRIBUTION_NOTE_MAX} ký tự; hãy rút gọn.` }).optional(),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const review = contributionsForReview(getDb(), actor, params.meetingId!)
  const m = review.meeting
  return {
    meeting: { id: m.id, title: meetingTitle(m), startsAt: m.startsAt, place: m.place, cellName: m.cell.name },
    counts: review.counts,
    writingClosedReason: review.writingClosedReason,
    reviewClosedReason: review.reviewClosedReason,
    agendaItems: review.agendaItems.map((i) => ({ id: i.id, title: i.title })),
    items: review.items.map((c) => ({
      id: c.id,
      memberName: c.memberName,
      title: c.title,
      status: c.status,
      agendaItemId: c.agendaItemId,
      agendaItemTitle: c.agendaItemTitle,
      submittedAt: c.submittedAt,
      reviewedAt: c.reviewedAt,
      reviewNote: c.reviewNote,
      version: c.version,
      html: renderRichTextToHtml(c.body),
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const formData = await request.formData()
  const values = formValues(formData)
  const parsed = ReviewSchema.safeParse(values)
  if (!parsed.success) {
    return data({ id: values.id ?? '', error: parsed.error.issues.map((i) => i.message).join(' '), field: null as string | null, values }, { status: 400 })
  }
  const { id, version, decision, agendaItemId, note } = parsed.data
  try {
    reviewContribution(getDb(), ctx, id, { decision, agendaItemId: agendaItemId || null, note: note ?? null, version })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) {
      return data({ id, error: error.message, field: error.field ?? null, values }, { status: error.status })
    }
    throw error
  }
  return redirectWithToast(`/meetings/${params.meetingId}/contributions#c-${id}`, {
    title: decision === 'accepted' ? 'Đã đưa ý kiến vào chương trình' : 'Đã ghi nhận ý kiến',
    description: 'Đảng viên thấy kết quả này ở mục "Ý kiến của tôi".',
  })
}

const TONE: Record<ContributionStatus, string> = { draft: '', submitted: ' badge--info', accepted: ' badge--ok', noted: ' badge--warn' }

/** A reviewed contribution's form folds away under "Sửa kết quả xem xét"; a waiting one shows it. */
function ReviewedToggle({ reviewed, open, children }: { reviewed: boolean; open: boolean; children: ReactNode }) {
  if (!reviewed) return <>{children}</>
  return (
    <details className="contrib-review__edit" open={open}>
      <summary>Sửa kết quả xem xét</summary>
      {children}
    </details>
  )
}

export default function ReviewContributionsPage() {
  const { meeting, counts, items, agendaItems, writingClosedReason, reviewClosedReason } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  return (
    <div className="stack contrib-review">
      <p className="breadcrumb">
        <Link to={`/meetings/${meeting.id}`}>← {meeting.title}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>Ý kiến đóng góp của đảng viên</h1>
          <p className="muted" style={{ margin: 0 }}>
            {meeting.title} · {formatUiDate(meeting.startsAt)}, {formatTime(meeting.startsAt)}
            {meeting.place ? ` · ${meeting.place}` : ''}
          </p>
        </div>
      </div>
      <p>
        <strong>{counts.submitted}</strong> ý kiến chờ xem xét · <strong>{counts.accepted}</strong> được đưa vào chương trình ·{' '}
        <strong>{counts.noted}</strong> đã ghi nhận. Bản nháp của đảng viên không hiện ở đây cho đến khi đồng chí ấy gửi.
      </p>
      {reviewClosedReason ? (
        <div className="alert alert--warning" role="status">
          <p>{reviewClosedReason}</p>
        </div>
      ) : writingClosedReason ? (
        <div className="alert alert--info">
          <p>Đảng viên không còn gửi thêm ý kiến được: {writingClosedReason.charAt(0).toLowerCase() + writingClosedReason.slice(1)}</p>
        </div>
      ) : null}
      {!agendaItems.length && !reviewClosedReason ? (
        <div className="alert alert--info">
          <p>
            Chương trình chưa có nội dung nào ở phần &quot;II. Phần nội dung&quot;, nên chưa đưa ý kiến vào chương trình được. Hãy soạn chương trình trước,
            hoặc chọn &quot;Ghi nhận&quot;.
          </p>
        </div>
      ) : null}

      {items.length === 0 ? (
        <div className="card empty">
          <p>Chưa có ý kiến nào được gửi.</p>
          <p>
            Đảng viên viết ý kiến tại trang <Link to={`/meetings/${meeting.id}/contribute`}>Ý kiến đóng góp</Link> của buổi sinh hoạt; ý kiến hiện ở đây sau khi
            đồng chí ấy bấm &quot;Gửi chi bộ&quot;.
          </p>
        </div>
      ) : (
        items.map((c) => {
          const err = result && result.id === c.id ? result : null
          const v = (name: string) => (err?.values as Record<string, string> | undefined)?.[name]
          const decision = v('decision') ?? (c.status === 'noted' ? 'noted' : 'accepted')
          return (
            <article key={c.id} id={`c-${c.id}`} className="card contrib-review__item" aria-labelledby={`t-${c.id}`}>
              <div className="spread">
                <h2 id={`t-${c.id}`}>{c.title}</h2>
                <span className={`badge${TONE[c.status]}`}>{CONTRIBUTION_STATUS_LABELS[c.status]}</span>
              </div>
              <p className="muted">
                Đ/c {c.memberName}
                {c.submittedAt ? ` · gửi ngày ${formatUiDateShort(c.submittedAt)} lúc ${formatTime(c.submittedAt)}` : ''}
                {c.agendaItemTitle ? ` · ${c.status === 'accepted' ? 'được đưa vào' : 'đề xuất cho'} nội dung "${c.agendaItemTitle}"` : ''}
              </p>
              <div className="prose contrib-body" dangerouslySetInnerHTML={{ __html: c.html || '<p>(Không có nội dung)</p>' }} />
              {c.reviewNote ? <p className="contrib-note">Ghi chú gửi đồng chí: {c.reviewNote}</p> : null}
              {reviewClosedReason ? null : (
                <ReviewedToggle reviewed={c.status !== 'submitted'} open={Boolean(err)}>
                  <Form method="post" className="form contrib-review__form" action={`/meetings/${meeting.id}/contributions`}>
                    {err ? (
                      <div className="alert alert--error" role="alert">
                        <p>{err.error}</p>
                      </div>
                    ) : null}
                    <input type="hidden" name="intent" value="review" />
                    <input type="hidden" name="id" value={c.id} />
                    <input type="hidden" name="version" value={c.version} />
                    <fieldset>
                      <legend>Kết quả xem xét</legend>
                      <label className="checkbox">
                        <input type="radio" name="decision" value="accepted" defaultChecked={decision === 'accepted'} disabled={!agendaItems.length} />
                        Đưa vào chương trình
                      </label>
                      <label className="checkbox">
                        <input type="radio" name="decision" value="noted" defaultChecked={decision === 'noted' || !agendaItems.length} />
                        Ghi nhận (không trình bày tại buổi sinh hoạt)
                      </label>
                    </fieldset>
                    {agendaItems.length ? (
                      <div className="field">
                        <label htmlFor={`item-${c.id}`}>Đưa vào nội dung</label>
                        <select
                          id={`item-${c.id}`}
                          name="agendaItemId"
                          defaultValue={v('agendaItemId') ?? c.agendaItemId ?? ''}
                          aria-invalid={err?.field === 'agendaItemId' ? true : undefined}
                        >
                          <option value="">— Chọn nội dung —</option>
                          {agendaItems.map((i) => (
                            <option key={i.id} value={i.id}>
                              {i.title}
                            </option>
                          ))}
                        </select>
                        <span className="hint">Bắt buộc khi đưa vào chương trình.</span>
                      </div>
                    ) : null}
                    <div className="field">
                      <label htmlFor={`note-${c.id}`}>Ghi chú gửi đồng chí {c.memberName} (không bắt buộc)</label>
                      <textarea id={`note-${c.id}`} name="note" rows={2} maxLength={CONTRIBUTION_NOTE_MAX} defaultValue={v('note') ?? c.reviewNote ?? ''} />
                    </div>
                    <div>
                      <button type="submit" className="button button--primary" disabled={busy}>
                        Lưu kết quả xem xét
                      </button>
                    </div>
                  </Form>
                </ReviewedToggle>
              )}
            </article>
          )
        })
      )}
    </div>
  )
}

// /remarks/:id — one inspection remark (issue 7 item 3). The inspector who wrote it edits the draft and
// signs it with their password (it is then sent to the cell and frozen); the cell's bí thư or phó bí
// thư answers, possibly after an amendment of the minutes, and may correct the answer until the remark
// is closed; an inspector of the subtree closes it, or sends it back with a note. Every step is
// audited and checked against the version the writer saw. Outside the visibility rule: 404.
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { RemarkContentFields, RemarkPeriodFields } from '~/components/remarks'
import { FormError } from '~/components/forms'
import { periodText } from '~/domain/remarks'
import { CloseSchema, RemarkDraftSchema, ReopenSchema, ReplySchema, SignRemarkSchema, VersionSchema } from '~/domain/remarks.schema'
import { formatTime, formatUiDateShort } from '~/domain/vn-date'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { closeRemark, discardRemarkDraft, getRemark, reopenRemark, replyToRemark, signRemark, updateRemarkDraft } from '~/models/remarks.server'
import { getDb } from '~/utils/db.server'
import { formValues } from '~/utils/http.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Nhận xét kiểm tra — ${data?.remark.cell.name ?? ''} — Sổ chi bộ` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const remark = getRemark(getDb(), actor, params.remarkId!)
  return { remark }
}

const IntentSchema = z.enum(['save', 'sign', 'discard', 'reply', 'close', 'reopen'])
type Intent = z.infer<typeof IntentSchema>
type ActionResult =
  | { intent: 'save'; reply: SubmissionResult<string[]> }
  | { intent: Exclude<Intent, 'save'> | 'unknown'; error: string; field?: string | null; values: Record<string, string> }

const DONE: Record<Exclude<Intent, 'save' | 'discard'>, { title: string; description?: string }> = {
  sign: { title: 'Đã ký và gửi nhận xét cho chi bộ', description: 'Nhận xét đã ký không sửa được nữa. Chi bộ sẽ thấy nhận xét trên trang chủ.' },
  reply: { title: 'Đã gửi trả lời cho cấp trên', description: 'Đồng chí vẫn sửa được trả lời cho tới khi cán bộ kiểm tra đóng nhận xét.' },
  close: { title: 'Đã đóng nhận xét' },
  reopen: { title: 'Đã yêu cầu chi bộ bổ sung', description: 'Nhận xét trở lại trạng thái chờ chi bộ trả lời.' },
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const db = getDb()
  const remarkId = params.remarkId!
  const back = `/remarks/${remarkId}`
  const formData = await request.formData()
  const values = formValues(formData)
  delete values.password
  const intent = IntentSchema.safeParse(formData.get('intent'))
  if (!intent.success) return data<ActionResult>({ intent: 'unknown', error: 'Thao tác không hợp lệ. Hãy tải lại trang rồi thử lại.', values }, { status: 400 })

  if (intent.data === 'save') {
    const submission = parseWithZod(formData, { schema: RemarkDraftSchema })
    if (submission.status !== 'success') return data<ActionResult>({ intent: 'save', reply: submission.reply() }, { status: 400 })
    try {
      updateRemarkDraft(db, ctx, remarkId, submission.value)
    } catch (error) {
      if (error instanceof AppError && error.status !== 404) {
        const reply = submission.reply(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] })
        return data<ActionResult>({ intent: 'save', reply }, { status: error.status })
      }
      throw error
    }
    return redirectWithToast(back, { title: 'Đã lưu bản nháp nhận xét' })
  }

  const other = intent.data
  const fail = (error: string, status: number, field?: string | null) => data<ActionResult>({ intent: other, error, field: field ?? null, values }, { status })
  const parse = <T,>(schema: z.ZodType<T>) => {
    const parsed = schema.safeParse(Object.fromEntries(formData))
    return parsed.success ? { ok: true as const, value: parsed.data } : { ok: false as const, issue: parsed.error.issues[0] }
  }
  try {
    switch (other) {
      case 'sign': {
        const p = parse(SignRemarkSchema)
        if (!p.ok) return fail(p.issue.message, 400, String(p.issue.path[0] ?? ''))
        await signRemark(db, ctx, remarkId, p.value)
        break
      }
      case 'discard': {
        const p = parse(VersionSchema)
        if (!p.ok) return fail(p.issue.message, 400)
        const remark = getRemark(db, ctx.actor, remarkId)
        discardRemarkDraft(db, ctx, remarkId, p.value)
        const list = remark.meeting ? `/inspect/meetings/${remark.meeting.id}` : `/inspect/${remark.cell.id}/remarks`
        return redirectWithToast(list, { title: 'Đã xóa bản nháp nhận xét' })
      }
      case 'reply': {
        const p = parse(ReplySchema)
        if (!p.ok) return fail(p.issue.message, 400, String(p.issue.path[0] ?? ''))
        replyToRemark(db, ctx, remarkId, p.value)
        break
      }
      case 'close': {
        const p = parse(CloseSchema)
        if (!p.ok) return fail(p.issue.message, 400, String(p.issue.path[0] ?? ''))
        closeRemark(db, ctx, remarkId, p.value)
        break
      }
      case 'reopen': {
        const p = parse(ReopenSchema)
        if (!p.ok) return fail(p.issue.message, 400, String(p.issue.path[0] ?? ''))
        reopenRemark(db, ctx, remarkId, p.value)
        break
      }
    }
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) return fail(error.message, error.status, error.field)
    throw error
  }
  return redirectWithToast(back, DONE[other])
}

function when(iso: string) {
  return `${formatTime(iso)} ngày ${formatUiDateShort(iso)}`
}

function Paragraphs({ text }: { text: string }) {
  return (
    <div className="remark-text">
      {text.split('\n').map((line, i) => (line.trim() ? <p key={i}>{line}</p> : null))}
    </div>
  )
}

function statusTone(status: string): string {
  return status === 'closed' ? 'badge--ok' : status === 'answered' ? 'badge--info' : status === 'open' ? 'badge--warn' : ''
}

export default function RemarkPage() {
  const { remark } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as ActionResult | undefined
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  const err = (intent: Intent) =>
    result && result.intent === intent && 'error' in result ? (
      <div className="alert alert--error" role="alert">
        <p>{result.error}</p>
      </div>
    ) : null
  const typed = (name: string) => (result && 'values' in result ? result.values[name] : undefined)
  const invalid = (intent: Intent, field: string) => (result && result.intent === intent && 'field' in result && result.field === field ? true : undefined)
  const listHref = remark.may.inspect ? `/inspect/${remark.cell.id}/remarks` : `/orgs/${remark.cell.id}/remarks`
  const meetingHref = remark.meeting ? (remark.may.inspect ? `/inspect/meetings/${remark.meeting.id}` : `/meetings/${remark.meeting.id}`) : null
  const period = periodText(remark.periodFrom, remark.periodTo)

  return (
    <div className="stack remark-page">
      <nav className="breadcrumb no-print" aria-label="Vị trí">
        <ol>
          <li>
            <Link to={listHref}>Nhận xét kiểm tra — {remark.cell.name}</Link>
          </li>
          <li>
            <span aria-current="page">{remark.subject}</span>
          </li>
        </ol>
      </nav>
      <div className="page-head">
        <div>
          <h1>Nhận xét kiểm tra</h1>
          <p className="row" style={{ margin: 0 }}>
            <span className={`badge ${statusTone(remark.status)}`}>Trạng thái: {remark.statusLabel}</span>
            {remark.overdue ? <span className="badge badge--danger">Quá hạn</span> : null}
            {remark.status !== 'draft' ? <span className="badge">Đã ký — không sửa được</span> : null}
          </p>
        </div>
      </div>
      {remark.status === 'draft' ? (
        <div className="alert alert--info">
          <p>Bản nháp: chỉ đồng chí xem được. Chi bộ chỉ nhận được nhận xét sau khi đồng chí ký.</p>
        </div>
      ) : null}

      <section className="card" aria-labelledby="remark-content-title">
        <h2 id="remark-content-title">Nội dung</h2>
        <dl className="details">
          <dt>Chi bộ</dt>
          <dd>{remark.cell.name}</dd>
          <dt>Về</dt>
          <dd>
            {remark.meeting && meetingHref ? (
              <>
                Buổi sinh hoạt <Link to={meetingHref}>{remark.meeting.title}</Link> ({formatUiDateShort(remark.meeting.startsAt)})
              </>
            ) : (
              (period ?? 'Nhận xét chung')
            )}
          </dd>
          <dt>Người nhận xét</dt>
          <dd>
            Đ/c {remark.inspectorName}
            {remark.inspectorBody ? `, ${remark.inspectorBody}` : ''}
          </dd>
          <dt>Ngày ký</dt>
          <dd>{remark.signedAt ? when(remark.signedAt) : 'Chưa ký'}</dd>
          {remark.closedAt ? (
            <>
              <dt>Ngày đóng</dt>
              <dd>{when(remark.closedAt)}</dd>
            </>
          ) : null}
          <dt>Thời hạn khắc phục</dt>
          <dd>
            {remark.dueOn ? formatUiDateShort(remark.dueOn) : 'Không đặt thời hạn'} {remark.overdue ? <span className="badge badge--danger">Quá hạn</span> : null}
          </dd>
        </dl>
        <h3>Nhận xét</h3>
        <Paragraphs text={remark.remarks} />
        <h3>Yêu cầu khắc phục</h3>
        {remark.requestedFixes ? <Paragraphs text={remark.requestedFixes} /> : <p className="muted">Không có yêu cầu khắc phục.</p>}
      </section>

      {remark.may.edit ? (
        <section className="card no-print" aria-labelledby="remark-edit-title">
          <h2 id="remark-edit-title">Sửa bản nháp</h2>
          <DraftForm key={remark.version} remark={remark} lastResult={result?.intent === 'save' && 'reply' in result ? result.reply : undefined} />
        </section>
      ) : null}

      {remark.may.sign ? (
        <section className="card no-print" aria-labelledby="remark-sign-title">
          <h2 id="remark-sign-title">Ký và gửi chi bộ</h2>
          <p className="muted">
            Đồng chí đã đọc lại nội dung ở trên. Nhập lại mật khẩu đăng nhập để ký: nhận xét được gửi chi bộ và không sửa được nữa (nội dung, yêu cầu khắc phục, thời hạn).
          </p>
          <Form method="post" className="form">
            {err('sign')}
            <input type="hidden" name="intent" value="sign" />
            <input type="hidden" name="version" value={remark.version} />
            <div className="field">
              <label htmlFor="sign-password">Mật khẩu</label>
              <input id="sign-password" name="password" type="password" autoComplete="current-password" required aria-invalid={invalid('sign', 'password')} />
            </div>
            <div className="row">
              <button type="submit" className="button button--primary" disabled={busy}>
                Ký và gửi chi bộ
              </button>
            </div>
          </Form>
          {remark.may.discard ? (
            <details style={{ marginTop: '1rem' }}>
              <summary>Xóa bản nháp</summary>
              <Form method="post" className="form">
                {err('discard')}
                <input type="hidden" name="intent" value="discard" />
                <input type="hidden" name="version" value={remark.version} />
                <p className="muted">Bản nháp bị xóa hẳn; chi bộ không biết đến bản nháp này.</p>
                <div>
                  <button type="submit" className="button button--danger" disabled={busy}>
                    Xóa bản nháp
                  </button>
                </div>
              </Form>
            </details>
          ) : null}
        </section>
      ) : null}

      {remark.status !== 'draft' ? (
        <section className="card" aria-labelledby="remark-reply-title">
          <h2 id="remark-reply-title">Trả lời của chi bộ</h2>
          {remark.reply ? (
            <>
              <p className="muted small">
                {remark.repliedBy ? `Đ/c ${remark.repliedBy}` : 'Chi bộ'}
                {remark.repliedAt ? `, ${when(remark.repliedAt)}` : ''}
              </p>
              <Paragraphs text={remark.reply} />
            </>
          ) : (
            <p>{remark.may.reply ? 'Chi bộ chưa trả lời. Đồng chí hãy nêu chi bộ đã tiếp thu, khắc phục thế nào.' : 'Chi bộ chưa trả lời.'}</p>
          )}
          {remark.amendments.length ? (
            <>
              <h3>Bản đính chính biên bản lập sau nhận xét</h3>
              <ul>
                {remark.amendments.map((a) => (
                  <li key={a.id}>
                    {remark.meeting ? <Link to={`/meetings/${remark.meeting.id}/minutes/versions/${a.id}`}>Bản {a.versionNo}</Link> : `Bản ${a.versionNo}`}
                    {a.reason ? ` — ${a.reason}` : ''} ({a.status === 'signed' ? `đã ký ${a.signedAt ? formatUiDateShort(a.signedAt) : ''}` : a.status === 'pending' ? 'đang chờ ký' : a.status === 'superseded' ? 'đã ký, có bản mới hơn' : 'đã rút lại'})
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {remark.may.reply ? (
            <Form method="post" className="form no-print">
              <h3>{remark.reply ? 'Sửa trả lời' : 'Trả lời nhận xét'}</h3>
              {err('reply')}
              <input type="hidden" name="intent" value="reply" />
              <input type="hidden" name="version" value={remark.version} />
              <div className="field">
                <label htmlFor="reply-text">Nội dung trả lời</label>
                <span className="hint" id="reply-hint">
                  Chi bộ đã tiếp thu, khắc phục những gì, ai thực hiện, kết quả ra sao.
                  {remark.meeting ? (
                    <>
                      {' '}
                      Nếu cần sửa biên bản đã ký, hãy{' '}
                      <Link to={`/meetings/${remark.meeting.id}/minutes`}>mở trang biên bản để lập bản đính chính</Link>; bản đính chính sẽ hiện ở đây.
                    </>
                  ) : null}
                </span>
                <textarea
                  id="reply-text"
                  name="reply"
                  rows={6}
                  required
                  aria-describedby="reply-hint"
                  aria-invalid={invalid('reply', 'reply')}
                  defaultValue={typed('reply') ?? remark.reply ?? ''}
                  key={remark.version}
                />
              </div>
              <div>
                <button type="submit" className="button button--primary" disabled={busy}>
                  {remark.reply ? 'Cập nhật trả lời' : 'Gửi trả lời'}
                </button>
              </div>
            </Form>
          ) : null}
        </section>
      ) : null}

      {remark.may.close || remark.may.reopen ? (
        <section className="card no-print" aria-labelledby="remark-close-title">
          <h2 id="remark-close-title">Kết thúc theo dõi</h2>
          <p className="muted">Chi bộ đã trả lời. Nếu việc khắc phục đạt yêu cầu, đóng nhận xét; nếu chưa, yêu cầu chi bộ bổ sung kèm ghi chú.</p>
          <div className="grid">
            {remark.may.close ? (
              <Form method="post" className="form">
                <h3>Đóng nhận xét</h3>
                {err('close')}
                <input type="hidden" name="intent" value="close" />
                <input type="hidden" name="version" value={remark.version} />
                <div className="field">
                  <label htmlFor="close-note">Ghi chú (không bắt buộc)</label>
                  <textarea id="close-note" name="note" rows={3} defaultValue={result?.intent === 'close' ? typed('note') : ''} />
                </div>
                <div>
                  <button type="submit" className="button button--primary" disabled={busy}>
                    Đóng nhận xét
                  </button>
                </div>
              </Form>
            ) : null}
            {remark.may.reopen ? (
              <Form method="post" className="form">
                <h3>Yêu cầu chi bộ bổ sung</h3>
                {err('reopen')}
                <input type="hidden" name="intent" value="reopen" />
                <input type="hidden" name="version" value={remark.version} />
                <div className="field">
                  <label htmlFor="reopen-note">Chi bộ cần bổ sung, khắc phục thêm</label>
                  <textarea
                    id="reopen-note"
                    name="note"
                    rows={3}
                    required
                    aria-invalid={invalid('reopen', 'note')}
                    defaultValue={result?.intent === 'reopen' ? typed('note') : ''}
                  />
                </div>
                <div>
                  <button type="submit" className="button" disabled={busy}>
                    Gửi lại chi bộ
                  </button>
                </div>
              </Form>
            ) : null}
          </div>
        </section>
      ) : null}

      <section className="card" aria-labelledby="remark-history-title">
        <h2 id="remark-history-title">Diễn biến</h2>
        {remark.history.length === 0 ? (
          <p className="muted">Chưa có bước nào.</p>
        ) : (
          <ol className="remark-history">
            {remark.history.map((h, i) => (
              <li key={i}>
                <strong>{h.label}</strong> — đ/c {h.by}, {when(h.at)}
                {h.note ? <div className="remark-text small">Ghi chú: {h.note}</div> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  )
}

type LoaderRemark = ReturnType<typeof useLoaderData<typeof loader>>['remark']

function DraftForm({ remark, lastResult }: { remark: LoaderRemark; lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, fields] = useForm({
    id: 'remark-edit',
    lastResult,
    defaultValue: {
      remarks: remark.remarks,
      requestedFixes: remark.requestedFixes ?? '',
      dueOn: remark.dueOn ?? '',
      inspectorBody: remark.inspectorBody ?? '',
      periodFrom: remark.periodFrom ?? '',
      periodTo: remark.periodTo ?? '',
    },
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RemarkDraftSchema }),
  })
  const periodic = !remark.meeting
  return (
    <Form method="post" {...getFormProps(form)} className="form form--wide">
      <FormError errors={form.errors} />
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="version" value={remark.version} />
      {periodic ? (
        <div className="form-grid">
          <RemarkPeriodFields fields={fields} />
        </div>
      ) : null}
      <RemarkContentFields fields={fields} remarksRows={7} />
      <div>
        <button type="submit" className="button">
          Lưu bản nháp
        </button>
      </div>
    </Form>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { MinutesVersionsTable } from '~/components/minutes-versions'
import { MEETING_STATUS_LABELS } from '~/domain/constants'
import { formatTime, formatUiDate, formatUiDateShort } from '~/domain/vn-date'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { minutesPage, signMinutes, startAmendment, submitForSignature, versionContent, withdrawVersion } from '~/models/minutes.server'
import { renderRichTextToHtml } from '~/rich-text/html.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Biên bản — ${data?.page.meeting.title ?? ''} — Sổ chi bộ` }]

const VERSION_STATUS_LABELS = { pending: 'Chờ ký', signed: 'Đã ký — có hiệu lực', withdrawn: 'Đã rút lại để sửa', superseded: 'Đã ký — được thay bằng bản đính chính' } as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const page = minutesPage(db, actor, params.meetingId!)
  // What to show as the text: the draft for its keepers, otherwise the current signed version.
  const shownId = page.readsDrafts ? null : (page.currentId ?? page.versions.filter((v) => v.status === 'superseded').at(-1)?.id ?? null)
  const shown = shownId ? versionContent(db, actor, params.meetingId!, shownId) : null
  const sections = (shown ? shown.snapshot.narrative : page.narrative.sections).map((s) => ({ key: s.key, title: s.title, html: renderRichTextToHtml(s.body) }))
  return { page, sections, shownVersionNo: shown?.version.versionNo ?? null, origin: new URL(request.url).origin }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const db = getDb()
  const form = await request.formData()
  const intent = String(form.get('intent') ?? '')
  const meetingId = params.meetingId!
  const back = `/meetings/${meetingId}/minutes`
  try {
    switch (intent) {
      case 'submit': {
        const v = submitForSignature(db, ctx, meetingId, { amendmentReason: String(form.get('amendmentReason') ?? '') })
        return redirectWithToast(back, { title: `Đã trình ký bản ${v.versionNo}`, description: 'Chủ trì và thư ký ký bằng cách nhập lại mật khẩu.' })
      }
      case 'sign': {
        const r = await signMinutes(db, ctx, meetingId, { password: String(form.get('password') ?? '') })
        return redirectWithToast(back, {
          title: r.completed ? 'Biên bản đã đủ chữ ký' : 'Đồng chí đã ký biên bản',
          description: r.completed ? `Mã xác minh: ${r.verifyCode}` : 'Biên bản sẽ có hiệu lực khi người còn lại ký.',
        })
      }
      case 'withdraw':
        withdrawVersion(db, ctx, meetingId, { reason: String(form.get('reason') ?? '') })
        return redirectWithToast(back, { title: 'Đã rút lại biên bản để sửa' })
      case 'amend':
        startAmendment(db, ctx, meetingId)
        return redirectWithToast(`/meetings/${meetingId}/record`, { title: 'Đã mở lại biên bản để đính chính', description: 'Bản đã ký vẫn có hiệu lực cho tới khi bản đính chính được ký.' })
      default:
        return data({ intent, error: 'Thao tác không hợp lệ.' }, { status: 400 })
    }
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) return data({ intent, error: error.message }, { status: error.status })
    throw error
  }
}

function when(iso: string) {
  return `${formatTime(iso)} ngày ${formatUiDateShort(iso)}`
}

export default function MinutesPage() {
  const { page, sections, shownVersionNo, origin } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  const error = (intent: string) =>
    result && result.intent === intent ? (
      <div className="alert alert--error" role="alert">
        <p>{result.error}</p>
      </div>
    ) : null
  const pending = page.versions.find((v) => v.id === page.pendingId)
  const amending = page.versions.some((v) => v.status === 'signed') && page.meeting.status === 'minutes_draft'
  return (
    <div className="stack">
      <p className="breadcrumb no-print">
        <Link to={`/meetings/${page.meeting.id}`}>{page.meeting.title}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>Biên bản</h1>
          <p className="muted" style={{ margin: 0 }}>
            {page.meeting.cellName} · {formatUiDate(page.meeting.startsAt)} · <span className="badge">{MEETING_STATUS_LABELS[page.meeting.status]}</span>
          </p>
        </div>
        <div className="row no-print">
          {page.currentId || (page.readsDrafts && ['in_progress', 'minutes_draft', 'signing'].includes(page.meeting.status)) ? (
            <>
              <a className="button" href={`/meetings/${page.meeting.id}/minutes.docx`} download>
                {page.currentId ? 'Tải biên bản (.docx)' : 'Tải dự thảo biên bản (.docx)'}
              </a>
              <a className="button" href={`/meetings/${page.meeting.id}/resolution.docx`} download>
                {page.currentId ? 'Tải nghị quyết (.docx)' : 'Tải dự thảo nghị quyết (.docx)'}
              </a>
            </>
          ) : null}
          {page.may.edit ? (
            <Link className="button" to={`/meetings/${page.meeting.id}/minutes/edit`}>
              Sửa văn bản biên bản
            </Link>
          ) : null}
          {page.readsDrafts && (page.meeting.status === 'minutes_draft' || page.meeting.status === 'in_progress') ? (
            <Link className="button" to={`/meetings/${page.meeting.id}/record`}>
              Ghi biên bản
            </Link>
          ) : null}
        </div>
      </div>

      {page.durationWarning ? (
        <div className="alert alert--warning" role="status">
          <p>{page.durationWarning}</p>
        </div>
      ) : null}
      {amending ? (
        <div className="alert alert--info">
          <p>Đang lập bản đính chính. Bản đã ký trước vẫn có hiệu lực cho tới khi bản đính chính được chủ trì và thư ký ký.</p>
        </div>
      ) : null}

      {pending ? (
        <section className="card" aria-labelledby="pending-title">
          <h2 id="pending-title">Bản {pending.versionNo} đang chờ ký</h2>
          <p>
            Nội dung đã được khóa: không sửa được biên bản trong khi chờ ký. Mã băm: <code className="hash">{pending.hash.slice(0, 16)}…</code>
          </p>
          <ul>
            {(['chair', 'secretary'] as const).map((role) => {
              const s = pending.signatures.find((x) => x.role === role)
              const label = role === 'chair' ? 'Chủ trì' : 'Thư ký'
              const name = role === 'chair' ? page.chairName : page.secretaryName
              return (
                <li key={role}>
                  {label} (đ/c {name ?? '…'}): {s ? <span className="badge badge--ok">✓ Đã ký lúc {when(s.signedAt)}</span> : <span className="badge badge--warn">Chưa ký</span>}
                </li>
              )
            })}
          </ul>
          {page.may.sign ? (
            <Form method="post" className="form" aria-labelledby="sign-title">
              <h3 id="sign-title">Ký biên bản với tư cách {page.may.signAs === 'chair' ? 'Chủ trì' : 'Thư ký'}</h3>
              <p className="muted">Đồng chí đã đọc lại toàn văn biên bản bên dưới. Nhập lại mật khẩu đăng nhập để ký; chữ ký ghi nhận tên và thời điểm ký.</p>
              {error('sign')}
              <input type="hidden" name="intent" value="sign" />
              <div className="field">
                <label htmlFor="sign-password">Mật khẩu</label>
                <input id="sign-password" name="password" type="password" autoComplete="current-password" required />
              </div>
              <div>
                <button type="submit" className="button button--primary" disabled={busy}>
                  Ký biên bản
                </button>
              </div>
            </Form>
          ) : null}
          {page.may.withdraw ? (
            <details style={{ marginTop: '1rem' }}>
              <summary>Rút lại để sửa</summary>
              <Form method="post" className="form">
                {error('withdraw')}
                <input type="hidden" name="intent" value="withdraw" />
                <div className="field">
                  <label htmlFor="withdraw-reason">Lý do rút lại</label>
                  <input id="withdraw-reason" name="reason" type="text" required minLength={5} />
                </div>
                <div>
                  <button type="submit" className="button button--danger">
                    Rút lại bản {pending.versionNo}
                  </button>
                </div>
              </Form>
            </details>
          ) : null}
        </section>
      ) : null}

      {page.may.submit ? (
        <section className="card no-print" aria-labelledby="submit-title">
          <h2 id="submit-title">{amending ? 'Trình ký bản đính chính' : 'Trình ký'}</h2>
          <p className="muted">
            Trình ký sẽ khóa toàn bộ biên bản (điểm danh, phát biểu, biểu quyết, nhiệm vụ, chấm điểm và văn bản biên bản) thành một bản có mã băm, nối vào chuỗi biên bản
            đã ký của chi bộ. Chủ trì (đ/c {page.chairName ?? '…'}) và thư ký (đ/c {page.secretaryName ?? '…'}) ký bằng mật khẩu.
          </p>
          <Form method="post" className="form">
            {error('submit')}
            <input type="hidden" name="intent" value="submit" />
            {amending ? (
              <div className="field">
                <label htmlFor="amend-reason">Lý do đính chính</label>
                <input id="amend-reason" name="amendmentReason" type="text" required minLength={5} placeholder="Ví dụ: ghi sai số đồng chí tán thành ở biểu quyết thứ hai" />
              </div>
            ) : null}
            <div>
              <button type="submit" className="button button--primary" disabled={busy}>
                Trình ký
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      <section className="card minutes-text" aria-labelledby="text-title">
        <div className="spread">
          <h2 id="text-title">{shownVersionNo ? `Toàn văn biên bản (bản ${shownVersionNo})` : page.narrative.saved ? 'Văn bản biên bản' : 'Văn bản biên bản (dự thảo tự động từ biên bản ghi)'}</h2>
        </div>
        {sections.length === 0 ? (
          <p className="muted">Biên bản chưa có nội dung.</p>
        ) : (
          sections.map((s) => (
            <div key={s.key} className="minutes-section">
              <h3>{s.title}</h3>
              <div className="prose" dangerouslySetInnerHTML={{ __html: s.html }} />
            </div>
          ))
        )}
      </section>

      {page.versions.length ? (
        <section className="card" aria-labelledby="versions-title">
          <h2 id="versions-title">Các bản biên bản</h2>
          <MinutesVersionsTable
            versions={page.versions}
            statusLabels={VERSION_STATUS_LABELS}
            unsigned="—"
            verifyLink={(code) => <a href={`${origin}/verify/${code}`}>{code}</a>}
            viewLinks={(v, i) => {
              const prev = page.versions[i - 1]
              return (
                <>
                  <Link to={`/meetings/${page.meeting.id}/minutes/versions/${v.id}`}>Toàn văn</Link>
                  {prev ? (
                    <>
                      {' · '}
                      <Link to={`/meetings/${page.meeting.id}/minutes/versions/${v.id}?compare=${prev.id}`}>So với bản {prev.versionNo}</Link>
                    </>
                  ) : null}
                </>
              )
            }}
          />
          {page.may.amend ? (
            <Form method="post" className="no-print" style={{ marginTop: '1rem' }}>
              {error('amend')}
              <input type="hidden" name="intent" value="amend" />
              <p className="muted">Biên bản đã ký không sửa trực tiếp được. Nếu cần sửa, lập bản đính chính: bản mới ghi rõ lý do và phải được ký lại.</p>
              <button type="submit" className="button">
                Lập bản đính chính
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </div>
  )
}

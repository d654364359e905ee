// /inspect/meetings/:id — the upper committee's read-only review of one meeting (issue 7 item 2):
// agenda with its documents, the record (attendance, speeches, votes with their arithmetic, tasks,
// quality), the minutes' versions with their differences and .docx downloads, the cell's chain check,
// the meeting's audit trail, criticism items (their own visibility rule) and the inspection remarks on
// the meeting, with the form to write one. Inspectors of the cell's subtree only; anyone else — the
// cell's own members included — gets a 404.
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { MinutesVersionsTable } from '~/components/minutes-versions'
import { RemarkContentFields } from '~/components/remarks'
import { FormError } from '~/components/forms'
import { AGENDA_SECTION_LABELS, type AgendaSection } from '~/domain/constants'
import { RemarkContentSchema } from '~/domain/remarks.schema'
import { formatTime, formatUiDate, formatUiDateShort } from '~/domain/vn-date'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { todayIso } from '~/models/members.server'
import { createMeetingRemark, meetingReview } from '~/models/remarks.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Kiểm tra: ${data?.meeting.title ?? 'buổi sinh hoạt'} — ${data?.meeting.cell.name ?? ''} — Sổ chi bộ` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  return { ...meetingReview(getDb(), actor, params.meetingId!), today: todayIso() }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const formData = await request.formData()
  if (formData.get('intent') !== 'create-remark') return data({ reply: null, error: 'Thao tác không hợp lệ. Hãy tải lại trang rồi thử lại.' }, { status: 400 })
  const submission = parseWithZod(formData, { schema: RemarkContentSchema })
  if (submission.status !== 'success') return data({ reply: submission.reply(), error: null }, { status: 400 })
  try {
    const remark = createMeetingRemark(getDb(), ctx, params.meetingId!, submission.value)
    return redirectWithToast(`/remarks/${remark.id}`, { title: 'Đã lưu bản nháp nhận xét', description: 'Đồng chí đọc lại, rồi nhập mật khẩu để ký và gửi chi bộ.' })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) {
      const reply = submission.reply(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] })
      return data({ reply, error: null }, { status: error.status })
    }
    throw error
  }
}

type Review = ReturnType<typeof useLoaderData<typeof loader>>

/** 95.5 → "95,5" (Vietnamese decimal comma). */
function decimal(n: number | null): string {
  return n === null ? '—' : String(n).replace('.', ',')
}

function when(iso: string) {
  return `${formatTime(iso)} ngày ${formatUiDateShort(iso)}`
}

const VERSION_STATUS = { pending: 'Chờ ký', signed: 'Đã ký — có hiệu lực', withdrawn: 'Đã rút lại để sửa', superseded: 'Đã ký — đã có bản đính chính thay thế' } as const

export default function InspectMeeting() {
  const review = useLoaderData<typeof loader>()
  const { meeting } = review
  const sections = [
    ['insp-agenda', 'Chương trình'],
    ['insp-record', 'Biên bản ghi'],
    ['insp-versions', 'Các bản biên bản'],
    ['insp-chain', 'Chuỗi biên bản'],
    ['insp-criticism', 'Phê bình, tự phê bình'],
    ['insp-audit', 'Nhật ký thay đổi'],
    ['insp-remarks', 'Nhận xét kiểm tra'],
  ] as const
  return (
    <div className="stack insp-page">
      <nav className="breadcrumb no-print" aria-label="Vị trí">
        <ol>
          <li>
            <Link to="/inspect">Kiểm tra</Link>
          </li>
          <li>
            <Link to={`/inspect/${meeting.cell.id}`}>{meeting.cell.name}</Link>
          </li>
          <li>
            <span aria-current="page">{meeting.title}</span>
          </li>
        </ol>
      </nav>
      <div className="page-head">
        <div>
          <p className="muted insp-kicker">Kiểm tra sổ biên bản — chỉ xem</p>
          <h1>{meeting.title}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {meeting.cell.name} · {formatUiDate(meeting.startsAt)} lúc {formatTime(meeting.startsAt)}
            {meeting.place ? ` · ${meeting.place}` : ''} · <span className="badge">Trạng thái: {meeting.statusLabel}</span>
          </p>
        </div>
        <div className="row no-print">
          <Link className="button" to={`/meetings/${meeting.id}`}>
            Trang buổi sinh hoạt
          </Link>
          {review.may.remark ? (
            <a className="button button--primary" href="#remark-new-title">
              Viết nhận xét
            </a>
          ) : null}
        </div>
      </div>

      <nav className="card insp-toc no-print" aria-label="Các phần của trang">
        <ul>
          {sections.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>

      <section className="card" aria-labelledby="insp-facts">
        <h2 id="insp-facts">Thông tin chung</h2>
        <dl className="details">
          <dt>Loại sinh hoạt</dt>
          <dd>{meeting.typeLabel}</dd>
          <dt>Hình thức</dt>
          <dd>{meeting.formLabel}</dd>
          <dt>Thời gian</dt>
          <dd>
            {meeting.startedAt ? `Bắt đầu ${when(meeting.startedAt)}` : `Dự kiến ${when(meeting.startsAt)}`}
            {meeting.endedAt ? `; kết thúc ${when(meeting.endedAt)}` : ''}
          </dd>
          <dt>Chủ trì</dt>
          <dd>{meeting.chairName ? `Đ/c ${meeting.chairName}` : '—'}</dd>
          <dt>Thư ký</dt>
          <dd>{meeting.secretaryName ? `Đ/c ${meeting.secretaryName}` : '—'}</dd>
          {meeting.cancelledReason ? (
            <>
              <dt>Lý do hủy</dt>
              <dd>{meeting.cancelledReason}</dd>
            </>
          ) : null}
        </dl>
        {review.minutes.durationWarning ? (
          <div className="alert alert--warning" style={{ marginTop: '0.8rem' }}>
            <p>{review.minutes.durationWarning}</p>
          </div>
        ) : null}
      </section>

      <AgendaSectionView agenda={review.agenda} />
      <RecordSectionView record={review.record} conclusionHtml={meeting.conclusionHtml} />
      <VersionsSectionView review={review} />
      <ChainSectionView chain={review.chain} />
      <CriticismSectionView criticism={review.criticism} meetingId={meeting.id} />
      <AuditSectionView audit={review.audit} />
      <RemarksSectionView review={review} />
    </div>
  )
}

function AgendaSectionView({ agenda }: { agenda: Review['agenda'] }) {
  const bySection = (['opening', 'content', 'closing'] as AgendaSection[]).map((s) => ({ section: s, items: agenda.items.filter((i) => i.section === s) })).filter((g) => g.items.length)
  return (
    <section className="card" aria-labelledby="insp-agenda">
      <h2 id="insp-agenda">Chương trình</h2>
      <p className="muted">
        {agenda.publication.published && agenda.publication.publishedAt
          ? `Đã gửi đảng viên lúc ${when(agenda.publication.publishedAt)}${agenda.publication.late ? ' (muộn so với quy định gửi trước buổi họp)' : ''}.`
          : agenda.publication.overdue
            ? 'Chưa gửi chương trình cho đảng viên, đã quá hạn gửi.'
            : 'Chưa gửi chương trình cho đảng viên.'}
        {agenda.totalMinutes ? ` Tổng thời lượng dự kiến ${agenda.totalMinutes} phút` : ''}
        {agenda.totalMinutes && agenda.minimumMinutes ? ` (tối thiểu ${agenda.minimumMinutes} phút).` : agenda.totalMinutes ? '.' : ''}
      </p>
      {!agenda.visible ? (
        <p>Chương trình chưa được gửi nên chưa xem được nội dung.</p>
      ) : bySection.length === 0 ? (
        <p>Buổi sinh hoạt chưa có chương trình.</p>
      ) : (
        bySection.map((g) => (
          <div key={g.section} className="insp-agenda-part">
            <h3>{AGENDA_SECTION_LABELS[g.section]}</h3>
            <ol className="insp-agenda-items">
              {g.items.map((i) => (
                <li key={i.id}>
                  <p className="insp-item-title">
                    <strong>{i.title}</strong>
                    {i.presenter ? <span className="muted"> — trình bày: {i.presenter}</span> : null}
                    {i.plannedMinutes ? <span className="muted"> ({i.plannedMinutes} phút)</span> : null}
                  </p>
                  {i.bodyHtml ? <div className="prose" dangerouslySetInnerHTML={{ __html: i.bodyHtml }} /> : null}
                  {i.documents.length ? (
                    <p className="small">
                      Văn bản liên quan:{' '}
                      {i.documents.map((d, k) => (
                        <span key={d.id}>
                          {k > 0 ? '; ' : ''}
                          <Link to={`/documents/${d.id}`}>{d.label}</Link>
                        </span>
                      ))}
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          </div>
        ))
      )}
    </section>
  )
}

function RecordSectionView({ record, conclusionHtml }: { record: Review['record']; conclusionHtml: string }) {
  const s = record.summary
  return (
    <section className="card" aria-labelledby="insp-record">
      <h2 id="insp-record">Biên bản ghi</h2>
      {!record.started ? (
        <p>Buổi sinh hoạt chưa được ghi biên bản (chưa điểm danh, chưa có phát biểu hay biểu quyết).</p>
      ) : (
        <>
          <h3>Điểm danh</h3>
          <p>
            Tổng số {s.total} đảng viên ({s.official} chính thức, {s.probationary} dự bị); phải dự {s.expected}; có mặt <strong>{s.present}</strong>
            {s.expected ? `/${s.expected}` : ''}; vắng có lý do {s.excused}; vắng không lý do {s.unexcused}
            {s.exempt ? `; miễn sinh hoạt vắng ${s.exempt}` : ''}
            {s.elsewhere ? `; sinh hoạt tạm thời nơi khác ${s.elsewhere}` : ''}
            {s.suspended ? `; đình chỉ sinh hoạt ${s.suspended}` : ''}.
          </p>
          <p className="muted small">Mẫu số biểu quyết — {record.denominatorText}.</p>
          {record.absent.length ? (
            <div className="table-wrap responsive">
              <table className="table">
                <caption className="sr-only">Đảng viên không có mặt</caption>
                <thead>
                  <tr>
                    <th scope="col">Đảng viên</th>
                    <th scope="col">Tình trạng</th>
                    <th scope="col">Lý do</th>
                  </tr>
                </thead>
                <tbody>
                  {record.absent.map((a) => (
                    <tr key={a.memberId}>
                      <td data-label="Đảng viên">
                        Đ/c {a.name} <span className="muted small">({a.memberStatusLabel})</span>
                      </td>
                      <td data-label="Tình trạng">{a.statusLabel}</td>
                      <td data-label="Lý do">{a.reason ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {record.guests.length ? (
            <>
              <h3>Khách mời</h3>
              <ul>
                {record.guests.map((g) => (
                  <li key={g.id}>
                    {g.text}
                    {g.isUpperRep ? <span className="badge" style={{ marginLeft: '0.4rem' }}>Đại diện cấp trên</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          <h3>Diễn biến theo nội dung</h3>
          {record.items.map((i) =>
            i.speeches.length || i.conclusionHtml ? (
              <div key={i.id} className="insp-record-item">
                <h4>{i.title}</h4>
                {i.speeches.length ? (
                  <ul className="insp-speeches">
                    {i.speeches.map((sp) => (
                      <li key={sp.id}>
                        <strong>{sp.speakerName}</strong>
                        {sp.contributionTitle ? <span className="muted small"> (tham luận: {sp.contributionTitle})</span> : null}
                        {sp.gistHtml ? <div className="prose" dangerouslySetInnerHTML={{ __html: sp.gistHtml }} /> : <span className="muted"> — chưa ghi ý kiến</span>}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {i.conclusionHtml ? (
                  <div className="insp-conclusion">
                    <p className="insp-label">Chủ trì kết luận:</p>
                    <div className="prose" dangerouslySetInnerHTML={{ __html: i.conclusionHtml }} />
                  </div>
                ) : null}
              </div>
            ) : null,
          )}
          {conclusionHtml ? (
            <div className="insp-conclusion">
              <p className="insp-label">Kết luận chung của chủ trì:</p>
              <div className="prose" dangerouslySetInnerHTML={{ __html: conclusionHtml }} />
            </div>
          ) : null}

          <h3>Biểu quyết</h3>
          {record.votes.length === 0 ? (
            <p>Không có biểu quyết nào được ghi.</p>
          ) : (
            <ol className="insp-votes">
              {record.votes.map((v) => (
                <li key={v.id}>
                  <p>
                    <strong>{v.subject}</strong> <span className="muted small">({v.kindLabel}; {v.methodLabel})</span>
                  </p>
                  <p>
                    {v.sentence}. Kết quả: <strong>{v.outcome}</strong>.
                  </p>
                  <p className="small muted">
                    Phép tính: tán thành {v.for}, không tán thành {v.against}
                    {v.abstain !== null ? `, không biểu quyết ${v.abstain}` : ''}; đảng viên chính thức có mặt {v.presentVoters}; mẫu số {v.denominator}.{' '}
                    {v.threshold ?? v.rule}
                  </p>
                  {v.mismatch ? (
                    <div className="alert alert--error">
                      <p>Kết quả ghi trong biên bản không khớp với phép tính theo quy định.</p>
                    </div>
                  ) : null}
                  {v.reserved.length ? (
                    <p className="small">
                      Ý kiến bảo lưu:{' '}
                      {v.reserved.map((r, k) => (
                        <span key={k}>
                          {k > 0 ? '; ' : ''}đ/c {r.name}: {r.text}
                        </span>
                      ))}
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          )}

          <h3>Nhiệm vụ được phân công</h3>
          {record.tasks.length === 0 ? (
            <p>Không có nhiệm vụ nào được ghi (kiểm tra: kết luận có phân công người, việc, thời hạn không).</p>
          ) : (
            <div className="table-wrap responsive">
              <table className="table">
                <caption className="sr-only">Nhiệm vụ được phân công tại buổi sinh hoạt</caption>
                <thead>
                  <tr>
                    <th scope="col">Nhiệm vụ</th>
                    <th scope="col">Người thực hiện</th>
                    <th scope="col">Thời hạn</th>
                  </tr>
                </thead>
                <tbody>
                  {record.tasks.map((t) => (
                    <tr key={t.id}>
                      <td data-label="Nhiệm vụ">{t.text}</td>
                      <td data-label="Người thực hiện">{t.memberName ? `Đ/c ${t.memberName}` : 'Chi bộ'}</td>
                      <td data-label="Thời hạn">{t.dueOn ? formatUiDateShort(t.dueOn) : <span className="text-danger">Chưa ghi thời hạn</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h3>Chất lượng buổi sinh hoạt</h3>
          {record.quality ? (
            <>
              <p>
                Tổng điểm <strong>{decimal(record.quality.total)}</strong>, xếp loại <strong>{record.quality.levelLabel}</strong>.{' '}
                {record.quality.confirmedBy ? `Đại diện cấp trên xác nhận: ${record.quality.confirmedBy}.` : 'Chưa có đại diện cấp trên xác nhận.'}
              </p>
              <ul className="small">
                {record.quality.criteria.map((c) => (
                  <li key={c.label}>
                    {c.label}: {c.points === null ? '—' : decimal(c.points)}/{decimal(c.maxPoints)} điểm
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>Chi bộ chưa tự chấm điểm chất lượng buổi sinh hoạt.</p>
          )}
        </>
      )}
    </section>
  )
}

function VersionsSectionView({ review }: { review: Review }) {
  const { minutes, meeting } = review
  return (
    <section className="card" aria-labelledby="insp-versions">
      <div className="spread">
        <h2 id="insp-versions">Các bản biên bản</h2>
        {minutes.signed ? (
          <div className="row no-print">
            <a className="button button--small" href={`/meetings/${meeting.id}/minutes.docx`} download>
              Tải biên bản (.docx)
            </a>
            <a className="button button--small" href={`/meetings/${meeting.id}/resolution.docx`} download>
              Tải nghị quyết (.docx)
            </a>
          </div>
        ) : null}
      </div>
      {minutes.versions.length === 0 ? (
        <p>Chưa có bản biên bản nào được trình ký.</p>
      ) : (
        <MinutesVersionsTable
          versions={minutes.versions}
          caption="Các bản biên bản, chữ ký và mã xác minh"
          statusLabels={VERSION_STATUS}
          unsigned="Chưa ký"
          verifyLink={(code) => <Link to={`/verify/${code}`}>{code}</Link>}
          viewLinks={(v) => (
            <>
              <Link to={`/meetings/${meeting.id}/minutes/versions/${v.id}`}>Toàn văn bản {v.versionNo}</Link>
              {v.previous ? (
                <>
                  {' · '}
                  <Link to={`/meetings/${meeting.id}/minutes/versions/${v.id}?compare=${v.previous.id}`}>So với bản trước (bản {v.previous.versionNo})</Link>
                </>
              ) : null}
            </>
          )}
        />
      )}
      {!minutes.signed ? <p className="muted small">Chỉ tải được biên bản và nghị quyết (.docx) sau khi biên bản đã được ký.</p> : null}
    </section>
  )
}

function ChainSectionView({ chain }: { chain: Review['chain'] }) {
  return (
    <section className="card" aria-labelledby="insp-chain">
      <h2 id="insp-chain">Chuỗi biên bản đã ký của chi bộ</h2>
      {chain.ok ? (
        <p className="insp-chain-ok" role="status">
          <span aria-hidden="true">✓ </span>
          <strong>Chuỗi biên bản hợp lệ</strong>
          {chain.versions ? ` — ${chain.versions} bản đã ký, nội dung và liên kết đều khớp.` : ' — chi bộ chưa có biên bản nào được ký.'}
        </p>
      ) : (
        <div className="alert alert--error" role="alert">
          <p>
            <span aria-hidden="true">✗ </span>
            <strong>Chuỗi biên bản có sai lệch</strong> ({chain.problems.length} vấn đề trên {chain.versions} bản đã ký):
          </p>
          <ul>
            {chain.problems.map((p, i) => (
              <li key={i}>
                {p.thisMeeting ? <strong>Buổi sinh hoạt này</strong> : <Link to={`/inspect/meetings/${p.meetingId}`}>{p.meetingLabel}</Link>} (bản thứ {p.chainSeq} trong chuỗi): {p.problem}.
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}

function CriticismSectionView({ criticism, meetingId }: { criticism: Review['criticism']; meetingId: string }) {
  return (
    <section className="card" aria-labelledby="insp-criticism">
      <div className="spread">
        <h2 id="insp-criticism">Phê bình, tự phê bình</h2>
        <Link className="no-print" to={`/meetings/${meetingId}/criticism`}>
          Trang phê bình của buổi sinh hoạt
        </Link>
      </div>
      <p className="muted small">Nội dung mật: chỉ đồng chí được phê bình, chi ủy và cơ quan kiểm tra có thẩm quyền được xem.</p>
      {criticism.items.length === 0 ? (
        <p>Không có nội dung phê bình, tự phê bình nào được ghi tại buổi sinh hoạt này.</p>
      ) : (
        <div className="table-wrap responsive">
          <table className="table">
            <caption className="sr-only">Nội dung phê bình, tự phê bình</caption>
            <thead>
              <tr>
                <th scope="col">Đồng chí / tập thể</th>
                <th scope="col">Hình thức, nhóm</th>
                <th scope="col">Nội dung</th>
                <th scope="col">Khắc phục</th>
                <th scope="col">Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {criticism.items.map((c) => (
                <tr key={c.id}>
                  <td data-label="Đồng chí / tập thể">
                    <Link to={`/criticism/${c.id}`}>{c.subjectName}</Link>
                  </td>
                  <td data-label="Hình thức, nhóm">
                    {c.kindLabel}
                    <div className="small muted">{c.category}</div>
                  </td>
                  <td data-label="Nội dung">{c.description}</td>
                  <td data-label="Khắc phục">
                    {c.remedy ?? '—'}
                    {c.dueOn ? <div className="small">Thời hạn: {formatUiDateShort(c.dueOn)}</div> : null}
                  </td>
                  <td data-label="Trạng thái">
                    {c.statusLabel} {c.overdue ? <span className="badge badge--danger">Quá hạn</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {criticism.followUps.length ? (
        <>
          <h3>Kết quả khắc phục ghi tại buổi này</h3>
          <ul>
            {criticism.followUps.map((f) => (
              <li key={f.id}>
                {f.subjectName} ({f.categoryLabel}): {f.note}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

function AuditSectionView({ audit }: { audit: Review['audit'] }) {
  return (
    <section className="card" aria-labelledby="insp-audit">
      <h2 id="insp-audit">Nhật ký thay đổi của buổi sinh hoạt</h2>
      {audit.rows.length === 0 ? (
        <p>Chưa có thay đổi nào được ghi nhật ký.</p>
      ) : (
        <>
          <div className="table-wrap responsive insp-audit" role="region" aria-label="Nhật ký thay đổi (cuộn để xem thêm)" tabIndex={0}>
            <table className="table">
              <caption className="sr-only">Nhật ký thay đổi, mới nhất trước</caption>
              <thead>
                <tr>
                  <th scope="col">Thời điểm</th>
                  <th scope="col">Tài khoản</th>
                  <th scope="col">Nội dung</th>
                </tr>
              </thead>
              <tbody>
                {audit.rows.map((a) => (
                  <tr key={a.id}>
                    <td data-label="Thời điểm">{when(a.at)}</td>
                    <td data-label="Tài khoản">{a.username ?? '—'}</td>
                    <td data-label="Nội dung">{a.summary}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {audit.total > audit.rows.length ? <p className="muted small">Hiển thị {audit.rows.length}/{audit.total} dòng mới nhất.</p> : null}
        </>
      )}
    </section>
  )
}

function RemarksSectionView({ review }: { review: Review }) {
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'remark-new',
    lastResult: (result?.reply ?? undefined) as SubmissionResult<string[]> | undefined,
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RemarkContentSchema }),
  })
  return (
    <section className="card" aria-labelledby="insp-remarks">
      <h2 id="insp-remarks">Nhận xét kiểm tra về buổi sinh hoạt</h2>
      {review.remarks.length === 0 ? (
        <p>Chưa có nhận xét kiểm tra nào về buổi sinh hoạt này.</p>
      ) : (
        <ul className="insp-remark-list">
          {review.remarks.map((r) => (
            <li key={r.id}>
              <Link to={`/remarks/${r.id}`}>{r.excerpt || 'Nhận xét'}</Link>{' '}
              <span className={`badge ${r.status === 'closed' ? 'badge--ok' : r.status === 'draft' ? '' : 'badge--warn'}`}>{r.statusLabel}</span>
              {r.overdue ? <span className="badge badge--danger">Quá hạn</span> : null}
              <div className="small muted">
                Đ/c {r.inspectorName}
                {r.signedAt ? `, ký ngày ${formatUiDateShort(r.signedAt)}` : ', chưa ký'}
                {r.dueOn ? ` · thời hạn khắc phục ${formatUiDateShort(r.dueOn)}` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
      {review.may.remark ? (
        <Form method="post" {...getFormProps(form)} className="form no-print insp-remark-form" aria-labelledby="remark-new-title">
          <h3 id="remark-new-title">Viết nhận xét</h3>
          <p className="muted small">
            Nhận xét được lưu thành bản nháp chỉ đồng chí xem được. Sau khi đọc lại, đồng chí nhập mật khẩu để ký; nhận xét đã ký được gửi chi bộ và không sửa được nữa.
          </p>
          <FormError errors={result?.error ? [result.error] : form.errors} />
          <input type="hidden" name="intent" value="create-remark" />
          <RemarkContentFields
            fields={fields}
            remarksRows={6}
            remarksHint="Những gì đã kiểm tra và nhận thấy: ưu điểm, hạn chế, thiếu sót của biên bản và buổi sinh hoạt."
            dueMin={review.today}
            inspectorBodyPlaceholder={review.may.inspectorBody ?? ''}
          />
          <div>
            <button type="submit" className="button button--primary" disabled={navigation.state === 'submitting'}>
              Lưu bản nháp nhận xét
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

// /criticism/:id — one self-criticism or criticism item: its details, the follow-up history
// ("kết quả khắc phục"), and for the cell's bí thư, phó bí thư and chi ủy viên the status moves,
// a follow-up entry and the edit form. The subject member reads it; anyone outside the visibility
// rule gets a 404 (the query itself decides: app/models/criticism.server.ts).
import type { SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { lazyPanel } from '~/components/lazy-panel'
import {
  CRITICISM_CATEGORY_LABELS,
  CRITICISM_KIND_LABELS,
  CRITICISM_OUTCOME_LABELS,
  CRITICISM_RESPONSE_LABELS,
  CRITICISM_STATUS_LABELS,
  type CriticismStatus,
} from '~/domain/constants'
import { nextStatuses, subjectValue } from '~/domain/criticism'
import { CriticismItemSchema, FollowUpSchema, StatusChangeSchema, parseWithZod, z } from '~/domain/forms.server'
import { formatUiDate, formatUiDateShort } from '~/domain/vn-date'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { addFollowUp, changeStatus, criticismFormOptions, getCriticismItem, updateCriticismItem } from '~/models/criticism.server'
import { getDb } from '~/utils/db.server'
import { formValues } from '~/utils/http.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Phê bình, tự phê bình — ${data?.item.subjectName ?? ''} — Sổ chi bộ` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const item = getCriticismItem(db, actor, params.itemId!)
  const options = item.canWrite ? criticismFormOptions(db, item.cellId, item.meetingId, [item.subjectMemberId, item.raisedByMemberId, item.followUpMemberId]) : null
  const isSubject = actor.memberId !== null && item.subjectMemberId === actor.memberId
  return {
    item: {
      id: item.id,
      cellId: item.cellId,
      cellName: item.cellName,
      meetingId: item.meetingId,
      meetingTitle: item.meetingTitle,
      meetingStartsAt: item.meetingStartsAt,
      agendaItemTitle: item.agendaItemTitle,
      subjectName: item.subjectName,
      kind: item.kind,
      raisedByName: item.raisedByName,
      category: item.category,
      manifestation: item.manifestation,
      description: item.description,
      cause: item.cause,
      response: item.response,
      remedy: item.remedy,
      dueOn: item.dueOn,
      followUpMemberName: item.followUpMemberName,
      status: item.status,
      outcome: item.outcome,
      publicSummary: item.publicSummary,
      overdue: item.overdue,
      version: item.version,
      followUps: item.followUps,
    },
    isSubject,
    canWrite: item.canWrite,
    frozen: item.frozen,
    moves: item.canWrite ? nextStatuses(item.status, { canVerify: item.canVerify }) : [],
    defaults: {
      subject: subjectValue(item),
      kind: item.kind,
      raisedByMemberId: item.raisedByMemberId ?? '',
      raisedByText: item.raisedByText ?? '',
      category: item.category,
      manifestationId: item.manifestationId ?? '',
      agendaItemId: item.agendaItemId ?? '',
      description: item.description,
      cause: item.cause ?? '',
      response: item.response ?? '',
      remedy: item.remedy ?? '',
      dueOn: item.dueOn ?? '',
      followUpMemberId: item.followUpMemberId ?? '',
      outcome: item.outcome ?? '',
      publicSummary: item.publicSummary ?? '',
    },
    options: options
      ? {
          members: options.members.map((m) => ({ value: m.id, label: m.fullName })),
          agendaItems: options.agendaItems.map((a) => ({ value: a.id, label: a.title })),
          manifestations: options.manifestations.map((m) => ({ value: m.id, label: `${m.code} — ${m.text.length > 90 ? `${m.text.slice(0, 90)}…` : m.text}` })),
          laterMeetings: options.laterMeetings.map((m) => ({ id: m.id, label: m.label })),
          // The latest meeting that has started, after the one that raised the item: where a follow-up is usually recorded.
          defaultFollowUpMeetingId: options.laterMeetings.filter((m) => m.id !== item.meetingId && m.startsAt <= new Date().toISOString()).at(-1)?.id ?? '',
        }
      : null,
  }
}

// Only the cell's writers get the edit form; members reading the item never download its code.
const EditForm = lazyPanel(() => import('~/components/criticism-edit-form'))

type ActionResult =
  | { intent: 'save'; reply: SubmissionResult<string[]> }
  | { intent: 'status' | 'follow-up' | 'unknown'; error: string; field?: string | null; values: Record<string, string> }

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const formData = await request.formData()
  const itemId = params.itemId!
  const db = getDb()
  const intent = z.enum(['save', 'status', 'follow-up']).safeParse(formData.get('intent'))
  const values = formValues(formData)
  if (!intent.success) return data<ActionResult>({ intent: 'unknown', error: 'Thao tác không hợp lệ.', values }, { status: 400 })
  switch (intent.data) {
    case 'save': {
      const submission = parseWithZod(formData, { schema: CriticismItemSchema })
      if (submission.status !== 'success') return data<ActionResult>({ intent: 'save', reply: submission.reply() }, { status: 400 })
      const version = z.coerce.number().int().safeParse(formData.get('version'))
      if (!version.success) return data<ActionResult>({ intent: 'save', reply: submission.reply({ formErrors: ['Thiếu phiên bản bản ghi; hãy tải lại trang.'] }) }, { status: 400 })
      try {
        updateCriticismItem(db, ctx, itemId, { ...submission.value, version: version.data })
      } catch (error) {
        if (error instanceof AppError && error.status !== 404) {
          const field = error.field === 'subjectMemberId' || error.field === 'subjectKind' ? 'subject' : error.field
          return data<ActionResult>(
            { intent: 'save', reply: submission.reply(field ? { fieldErrors: { [field]: [error.message] } } : { formErrors: [error.message] }) },
            { status: error.status },
          )
        }
        throw error
      }
      return redirectWithToast(`/criticism/${itemId}`, { title: 'Đã lưu nội dung phê bình, tự phê bình' })
    }
    case 'status': {
      const parsed = StatusChangeSchema.safeParse(values)
      if (!parsed.success) return data<ActionResult>({ intent: 'status', error: 'Trạng thái không hợp lệ; hãy tải lại trang.', values }, { status: 400 })
      try {
        changeStatus(db, ctx, itemId, parsed.data)
      } catch (error) {
        if (error instanceof AppError && error.status !== 404) return data<ActionResult>({ intent: 'status', error: error.message, values }, { status: error.status })
        throw error
      }
      return redirectWithToast(`/criticism/${itemId}`, { title: `Đã chuyển trạng thái: ${CRITICISM_STATUS_LABELS[parsed.data.to]}` })
    }
    case 'follow-up': {
      const parsed = FollowUpSchema.safeParse(values)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        return data<ActionResult>({ intent: 'follow-up', error: issue.message, field: String(issue.path[0] ?? ''), values }, { status: 400 })
      }
      try {
        addFollowUp(db, ctx, itemId, parsed.data)
      } catch (error) {
        if (error instanceof AppError && error.status !== 404) {
          return data<ActionResult>({ intent: 'follow-up', error: error.message, field: error.field ?? null, values }, { status: error.status })
        }
        throw error
      }
      return redirectWithToast(`/criticism/${itemId}#followups-title`, { title: 'Đã ghi kết quả theo dõi khắc phục' })
    }
  }
}

function statusTone(s: CriticismStatus): string {
  return { open: 'badge--warn', in_progress: 'badge--info', resolved: 'badge--info', verified: 'badge--ok', referred: 'badge--danger' }[s]
}

const MOVE_LABELS: Record<CriticismStatus, string> = {
  open: 'Mở lại',
  in_progress: 'Ghi nhận: đang khắc phục',
  resolved: 'Ghi nhận: đã khắc phục',
  verified: 'Xác nhận đã khắc phục xong',
  referred: 'Chuyển cơ quan kiểm tra',
}

function Text({ value }: { value: string | null }) {
  return value ? <span className="crit-text">{value}</span> : <span className="muted">—</span>
}

export default function CriticismItemPage() {
  const { item, isSubject, canWrite, frozen, moves, defaults, options } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as ActionResult | undefined
  const err = (intent: string) =>
    result && result.intent === intent && 'error' in result ? (
      <div className="alert alert--error" role="alert">
        <p>{result.error}</p>
      </div>
    ) : null
  const typed = (name: string) => (result && 'values' in result ? result.values[name] : undefined)
  return (
    <div className="stack crit-page">
      <p className="breadcrumb">
        {isSubject && !canWrite ? (
          <Link to="/my/criticism">Phê bình, tự phê bình của tôi</Link>
        ) : (
          <>
            <Link to={`/orgs/${item.cellId}/criticism`}>Sổ phê bình, tự phê bình — {item.cellName}</Link> ›{' '}
            <Link to={`/meetings/${item.meetingId}/criticism`}>{item.meetingTitle}</Link>
          </>
        )}
      </p>
      <div className="page-head">
        <div>
          <h1>
            {CRITICISM_KIND_LABELS[item.kind]}: {item.subjectName}
          </h1>
          <p className="row" style={{ margin: 0 }}>
            <span className={`badge ${statusTone(item.status)}`}>Trạng thái: {CRITICISM_STATUS_LABELS[item.status]}</span>
            {item.overdue ? <span className="badge badge--danger">Quá hạn khắc phục</span> : null}
            {item.outcome ? <span className="badge">Xử lý: {CRITICISM_OUTCOME_LABELS[item.outcome]}</span> : null}
          </p>
        </div>
      </div>
      <div className="alert alert--info crit-private">
        <p>
          Nội dung mật: chỉ đồng chí được phê bình, Bí thư, Phó Bí thư, chi ủy viên chi bộ và cơ quan kiểm tra có thẩm quyền xem được.
        </p>
      </div>

      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">Nội dung</h2>
        <dl className="details">
          <dt>Buổi sinh hoạt</dt>
          <dd>
            <Link to={`/meetings/${item.meetingId}`}>{item.meetingTitle}</Link> ({formatUiDate(item.meetingStartsAt)})
            {item.agendaItemTitle ? ` — nội dung: ${item.agendaItemTitle}` : ''}
          </dd>
          <dt>Đồng chí / tập thể</dt>
          <dd>{item.subjectName}</dd>
          <dt>Hình thức</dt>
          <dd>{CRITICISM_KIND_LABELS[item.kind]}</dd>
          <dt>Người/nơi nêu</dt>
          <dd>{item.raisedByName ?? '—'}</dd>
          <dt>Nhóm</dt>
          <dd>
            {item.category}. {CRITICISM_CATEGORY_LABELS[item.category]}
            {item.manifestation ? (
              <>
                <br />
                Biểu hiện {item.manifestation.code}: {item.manifestation.text}
              </>
            ) : null}
          </dd>
          <dt>Hạn chế, khuyết điểm</dt>
          <dd>
            <Text value={item.description} />
          </dd>
          <dt>Nguyên nhân</dt>
          <dd>
            <Text value={item.cause} />
          </dd>
          <dt>Ý kiến của đồng chí được phê bình</dt>
          <dd>{item.response ? CRITICISM_RESPONSE_LABELS[item.response] : '—'}</dd>
          <dt>Biện pháp khắc phục</dt>
          <dd>
            <Text value={item.remedy} />
          </dd>
          <dt>Thời hạn</dt>
          <dd>
            {item.dueOn ? formatUiDateShort(item.dueOn) : '—'} {item.overdue ? <span className="badge badge--danger">Quá hạn</span> : null}
          </dd>
          <dt>Người theo dõi</dt>
          <dd>{item.followUpMemberName ? `Đ/c ${item.followUpMemberName}` : '—'}</dd>
          <dt>Hình thức xử lý</dt>
          <dd>{item.outcome ? CRITICISM_OUTCOME_LABELS[item.outcome] : '—'}</dd>
          <dt>Ghi công khai trong biên bản</dt>
          <dd>{item.publicSummary ? item.publicSummary : <span className="muted">Không ghi công khai</span>}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="followups-title">
        <h2 id="followups-title">Kết quả theo dõi khắc phục</h2>
        {item.followUps.length ? (
          <ol className="crit-followups">
            {item.followUps.map((f) => (
              <li key={f.id}>
                <p className="crit-followups__when">
                  <strong>{formatUiDateShort(f.on)}</strong>
                  {f.meeting ? ` — ${f.meeting.title}` : ''} <span className={`badge ${statusTone(f.statusAfter)}`}>{CRITICISM_STATUS_LABELS[f.statusAfter]}</span>
                </p>
                <p className="crit-text">{f.note}</p>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">Chưa có kết quả theo dõi nào. Chi bộ ghi kết quả khắc phục tại các buổi sinh hoạt sau.</p>
        )}

        {canWrite && options && item.status !== 'referred' && item.status !== 'verified' ? (
          <Form method="post" className="form form--wide crit-followup-form">
            <h3>Ghi kết quả theo dõi</h3>
            {err('follow-up')}
            <input type="hidden" name="intent" value="follow-up" />
            <div className="form-grid">
              <div className="field">
                <label htmlFor="fu-meeting">Tại buổi sinh hoạt</label>
                <select id="fu-meeting" name="meetingId" defaultValue={typed('meetingId') ?? options.defaultFollowUpMeetingId}>
                  <option value="">— Ngoài buổi sinh hoạt —</option>
                  {options.laterMeetings.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="fu-status">Trạng thái sau khi theo dõi</label>
                <select id="fu-status" name="statusAfter" defaultValue={typed('statusAfter') ?? item.status}>
                  <option value={item.status}>Giữ nguyên: {CRITICISM_STATUS_LABELS[item.status]}</option>
                  {moves.map((s) => (
                    <option key={s} value={s}>
                      {CRITICISM_STATUS_LABELS[s]}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div className="field">
              <label htmlFor="fu-note">Kết quả khắc phục</label>
              <textarea id="fu-note" name="note" rows={3} required defaultValue={typed('note')} aria-invalid={result?.intent === 'follow-up' && 'field' in result && result.field === 'note' ? true : undefined} />
            </div>
            <div>
              <button type="submit" className="button button--primary">
                Ghi kết quả
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      {canWrite && moves.length ? (
        <section className="card" aria-labelledby="status-title">
          <h2 id="status-title">Chuyển trạng thái</h2>
          {err('status')}
          <p className="muted">Muốn ghi kèm nhận xét, hãy dùng mục &quot;Ghi kết quả theo dõi&quot; ở trên.</p>
          <div className="row">
            {moves.map((s) => (
              <Form method="post" key={s}>
                <input type="hidden" name="intent" value="status" />
                <input type="hidden" name="to" value={s} />
                <input type="hidden" name="version" value={item.version} />
                <button type="submit" className={`button${s === 'referred' ? ' button--danger' : ''}`}>
                  {MOVE_LABELS[s]}
                </button>
              </Form>
            ))}
          </div>
        </section>
      ) : null}

      {canWrite && options ? (
        <section className="card" aria-labelledby="edit-title">
          <h2 id="edit-title">Sửa nội dung</h2>
          {frozen ? (
            <div className="alert alert--warning">
              <p>
                Biên bản buổi sinh hoạt đã trình ký hoặc đã ký: những gì biên bản ghi (đồng chí được phê bình, hình thức, nhóm, nội dung, nguyên nhân, ý kiến,
                dòng công khai) giữ nguyên. Vẫn cập nhật được biện pháp khắc phục, thời hạn, người theo dõi và hình thức xử lý.
              </p>
            </div>
          ) : null}
          <EditForm
            key={item.version}
            lastResult={result?.intent === 'save' && 'reply' in result ? result.reply : undefined}
            defaults={defaults}
            options={options}
            version={item.version}
            frozen={frozen}
          />
        </section>
      ) : null}
    </div>
  )
}


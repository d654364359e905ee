// /meetings/:id/criticism — self-criticism and criticism raised at one meeting (DOMAIN §8): the
// list, the follow-ups recorded at this meeting, and the form the bí thư, phó bí thư or a chi ủy
// viên fills in during or right after the meeting. Only they and inspectors of the subtree open this
// page; anyone else gets a 404. A member reads their own items at /my/criticism.
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CriticismContentFields, CriticismFollowUpFields, CriticismPublicSummaryField, CriticismResponseField } from '~/components/criticism-form'
import { FormError } from '~/components/forms'
import { CRITICISM_CATEGORY_LABELS, CRITICISM_KIND_LABELS, CRITICISM_STATUS_LABELS, type CriticismStatus } from '~/domain/constants'
import { CriticismItemSchema } from '~/domain/criticism.schema'
import { formatUiDate, formatUiDateShort } from '~/domain/vn-date'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { createCriticismItem, criticismFormOptions, meetingCriticism } from '~/models/criticism.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Phê bình, tự phê bình — ${data?.meeting.title ?? 'Buổi sinh hoạt'} — Sổ chi bộ` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const page = meetingCriticism(db, actor, params.meetingId!)
  const options = page.canWrite && !page.frozen && !page.cancelled ? criticismFormOptions(db, page.cell.id, page.meeting.id) : null
  return {
    meeting: page.meeting,
    cell: page.cell,
    frozen: page.frozen,
    cancelled: page.cancelled,
    canCreate: options !== null,
    items: page.items.map((i) => ({
      id: i.id,
      subjectName: i.subjectName,
      kind: i.kind,
      category: i.category,
      description: i.description,
      dueOn: i.dueOn,
      status: i.status,
      overdue: i.overdue,
      hasPublicSummary: Boolean(i.publicSummary?.trim()),
    })),
    followUps: page.followUps,
    options: options
      ? {
          members: options.members.map((m) => ({ value: m.id, label: m.fullName })),
          agendaItems: options.agendaItems.map((a) => ({ value: a.id, label: a.title })),
          manifestations: options.manifestations.map((m) => ({ value: m.id, label: `${m.code} — ${m.text.length > 90 ? `${m.text.slice(0, 90)}…` : m.text}` })),
          ideologyItemId: options.agendaItems.find((a) => a.role === 'ideology')?.id ?? null,
        }
      : null,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: CriticismItemSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  try {
    const item = createCriticismItem(getDb(), ctx, params.meetingId!, submission.value)
    return redirectWithToast(`/meetings/${params.meetingId}/criticism#item-${item.id}`, {
      title: 'Đã ghi nội dung phê bình, tự phê bình',
      description: 'Đồng chí được phê bình xem được nội dung này ở mục "Phê bình, tự phê bình của tôi".',
    })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) {
      const field = error.field === 'subjectMemberId' ? 'subject' : error.field
      return data(submission.reply(field ? { fieldErrors: { [field]: [error.message] } } : { formErrors: [error.message] }), { status: error.status })
    }
    throw error
  }
}

function statusTone(s: CriticismStatus): string {
  return { open: 'badge--warn', in_progress: 'badge--info', resolved: 'badge--info', verified: 'badge--ok', referred: 'badge--danger' }[s]
}

export default function MeetingCriticismPage() {
  const { meeting, cell, frozen, cancelled, canCreate, items, followUps, options } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  return (
    <div className="stack crit-page">
      <p className="breadcrumb">
        <Link to={`/orgs/${cell.id}/criticism`}>Sổ phê bình, tự phê bình — {cell.name}</Link> › <Link to={`/meetings/${meeting.id}`}>{meeting.title}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>Phê bình, tự phê bình</h1>
          <p className="muted" style={{ margin: 0 }}>
            {meeting.title} · {formatUiDate(meeting.startsAt)}
          </p>
        </div>
      </div>
      <div className="alert alert--info crit-private">
        <p>
          Nội dung mật: chỉ Bí thư, Phó Bí thư, chi ủy viên, đồng chí được phê bình và cơ quan kiểm tra có thẩm quyền xem được. Biên bản gửi đảng viên chỉ
          ghi dòng &quot;Ghi công khai trong biên bản&quot; của từng nội dung (nếu chi bộ quyết định ghi).
        </p>
      </div>

      <section className="card" aria-labelledby="raised-title">
        <h2 id="raised-title">Nội dung nêu tại buổi sinh hoạt ({items.length})</h2>
        {items.length ? (
          <div className="table-wrap responsive">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Đồng chí / tập thể</th>
                  <th scope="col">Hình thức</th>
                  <th scope="col">Nhóm</th>
                  <th scope="col">Nội dung</th>
                  <th scope="col">Thời hạn</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">
                    <span className="sr-only">Mở</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.id} id={`item-${i.id}`}>
                    <td data-label="Đồng chí / tập thể">{i.subjectName}</td>
                    <td data-label="Hình thức">{CRITICISM_KIND_LABELS[i.kind]}</td>
                    <td data-label="Nhóm">
                      <abbr title={CRITICISM_CATEGORY_LABELS[i.category]}>{i.category}</abbr>
                    </td>
                    <td data-label="Nội dung" className="crit-text">
                      {i.description.length > 160 ? `${i.description.slice(0, 160)}…` : i.description}
                      {i.hasPublicSummary ? <span className="badge crit-badge-public">Có ghi công khai</span> : null}
                    </td>
                    <td data-label="Thời hạn">{i.dueOn ? formatUiDateShort(i.dueOn) : '—'}</td>
                    <td data-label="Trạng thái">
                      <span className={`badge ${statusTone(i.status)}`}>{CRITICISM_STATUS_LABELS[i.status]}</span>
                      {i.overdue ? <span className="badge badge--danger">Quá hạn</span> : null}
                    </td>
                    <td>
                      <Link to={`/criticism/${i.id}`}>
                        Xem, cập nhật<span className="sr-only"> nội dung về {i.subjectName}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted empty">
            Chưa ghi nội dung phê bình, tự phê bình nào tại buổi sinh hoạt này.
            {canCreate ? ' Dùng mẫu "Ghi nội dung mới" bên dưới trong phần "Tình hình tư tưởng đảng viên".' : ''}
          </p>
        )}
      </section>

      {followUps.length ? (
        <section className="card" aria-labelledby="followups-title">
          <h2 id="followups-title">Theo dõi khắc phục ghi tại buổi này ({followUps.length})</h2>
          <ul className="crit-followups">
            {followUps.map((f) => (
              <li key={f.id}>
                <Link to={`/criticism/${f.itemId}`}>
                  {f.subjectName} — {f.categoryLabel}
                </Link>
                : {f.note} <span className={`badge ${statusTone(f.statusAfter)}`}>{CRITICISM_STATUS_LABELS[f.statusAfter]}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {frozen ? (
        <div className="alert alert--warning">
          <p>Biên bản buổi sinh hoạt này đã trình ký hoặc đã ký nên không ghi thêm nội dung được. Nội dung phát sinh sau hãy ghi vào buổi sinh hoạt tiếp theo.</p>
        </div>
      ) : null}
      {cancelled ? (
        <div className="alert alert--warning">
          <p>Buổi sinh hoạt này đã hủy.</p>
        </div>
      ) : null}

      {canCreate && options ? (
        <section className="card" aria-labelledby="new-title">
          <h2 id="new-title">Ghi nội dung mới</h2>
          {/* A new key after each recorded item empties the form; after an error it keeps what was typed. */}
          <NewItemForm key={items.length} lastResult={lastResult} options={options} />
        </section>
      ) : null}
    </div>
  )
}

type Options = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['options']>

function NewItemForm({ lastResult, options }: { lastResult: SubmissionResult<string[]> | undefined; options: Options }) {
  const [form, fields] = useForm({
    id: 'criticism-new',
    lastResult,
    defaultValue: { kind: 'self', agendaItemId: options.ideologyItemId ?? '' },
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CriticismItemSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="form form--wide">
      <FormError errors={form.errors} />
      <input type="hidden" name="intent" value="create" />
      <CriticismContentFields fields={fields} options={options} />
      <CriticismFollowUpFields fields={fields} options={options}>
        <CriticismResponseField fields={fields} />
      </CriticismFollowUpFields>
      <CriticismPublicSummaryField fields={fields} />
      <div>
        <button type="submit" className="button button--primary">
          Ghi nội dung
        </button>
      </div>
    </Form>
  )
}

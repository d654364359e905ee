import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import {
  GENDER_LABELS,
  MEMBER_PERIOD_KINDS,
  MEMBER_PERIOD_KIND_LABELS,
  MEMBER_POSITION_LABELS,
  MEMBER_STATUS_LABELS,
  MEMBERSHIP_END_REASONS,
  MEMBERSHIP_END_REASON_LABELS,
} from '~/domain/constants'
import { MEMBER_STANDING_LABELS } from '~/domain/constants'
import { EndMembershipSchema, MemberPeriodSchema, parseWithZod, z } from '~/domain/forms.server'
import { can } from '~/domain/permissions'
import { formatUiDateShort, isValidIsoDate } from '~/domain/vn-date'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { addMemberPeriod, closeMemberPeriod, endMembership, getMember, reinstateMember, todayIso } from '~/models/members.server'
import { getDb } from '~/utils/db.server'
import { formValues } from '~/utils/http.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.member.fullName ?? 'Đảng viên'} — Sổ chi bộ` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const m = getMember(getDb(), actor, params.memberId!)
  return {
    member: {
      id: m.id,
      fullName: m.fullName,
      gender: m.gender,
      birthDate: m.birthDate,
      status: m.status,
      joinedOn: m.joinedOn,
      officialOn: m.officialOn,
      position: m.position,
      cardNumber: m.cardNumber,
      suspended: m.suspended,
      suspendedNote: m.suspendedNote,
      note: m.note,
      endedOn: m.endedOn,
      endReason: m.endReason,
      endNote: m.endNote,
      version: m.version,
      standing: m.standing,
      periods: m.periods.map((p) => ({ id: p.id, kind: p.kind, startsOn: p.startsOn, endsOn: p.endsOn, note: p.note })),
    },
    cell: { id: m.cell.id, name: m.cell.name },
    canManage: can(actor, 'member:manage', { orgPath: m.cell.path }),
    today: todayIso(),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const formData = await request.formData()
  const intent = z.enum(['add-period', 'close-period', 'end', 'reinstate']).safeParse(formData.get('intent'))
  if (!intent.success) return data({ intent: 'unknown', error: 'Thao tác không hợp lệ.', values: {} }, { status: 400 })
  const db = getDb()
  const memberId = params.memberId!
  const values = formValues(formData)
  try {
    switch (intent.data) {
      case 'add-period': {
        const s = parseWithZod(formData, { schema: MemberPeriodSchema })
        if (s.status !== 'success') return data({ intent: intent.data, error: Object.values(s.error ?? {}).flat().join(' '), values }, { status: 400 })
        addMemberPeriod(db, ctx, memberId, s.value)
        return redirectWithToast(`/members/${memberId}`, { title: `Đã ghi nhận: ${MEMBER_PERIOD_KIND_LABELS[s.value.kind]}` })
      }
      case 'close-period': {
        const endsOn = String(formData.get('endsOn') ?? '')
        if (!isValidIsoDate(endsOn)) return data({ intent: intent.data, error: 'Ngày kết thúc không hợp lệ.', values }, { status: 400 })
        closeMemberPeriod(db, ctx, memberId, String(formData.get('periodId')), endsOn)
        return redirectWithToast(`/members/${memberId}`, { title: 'Đã kết thúc giai đoạn' })
      }
      case 'end': {
        const s = parseWithZod(formData, { schema: EndMembershipSchema })
        if (s.status !== 'success') return data({ intent: intent.data, error: Object.values(s.error ?? {}).flat().join(' '), values }, { status: 400 })
        endMembership(db, ctx, memberId, { ...s.value, version: Number(formData.get('version')) })
        return redirectWithToast(`/members/${memberId}`, { title: 'Đã ghi nhận thôi sinh hoạt', description: 'Hồ sơ và lịch sử của đồng chí vẫn được lưu.' })
      }
      case 'reinstate': {
        reinstateMember(db, ctx, memberId, Number(formData.get('version')))
        return redirectWithToast(`/members/${memberId}`, { title: 'Đã khôi phục sinh hoạt tại chi bộ' })
      }
    }
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) return data({ intent: intent.data, error: error.message, values }, { status: error.status })
    throw error
  }
}

function d(value: string | null) {
  return value ? formatUiDateShort(value) : '—'
}

export default function MemberPage() {
  const { member: m, cell, canManage, today } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const err = (intent: string) =>
    result && result.intent === intent ? (
      <div className="alert alert--error" role="alert">
        <p>{result.error}</p>
      </div>
    ) : null
  const v = (name: string) => (result?.values as Record<string, string> | undefined)?.[name]
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to={`/orgs/${cell.id}/members`}>Đảng viên — {cell.name}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{m.fullName}</h1>
          <p className="muted" style={{ margin: 0 }}>
            Đảng viên {MEMBER_STATUS_LABELS[m.status].toLowerCase()}
            {m.position !== 'member' ? ` · ${MEMBER_POSITION_LABELS[m.position]}` : ''} · {MEMBER_STANDING_LABELS[m.standing]}
          </p>
        </div>
        {canManage ? (
          <Link className="button" to={`/members/${m.id}/edit`}>
            Sửa thông tin
          </Link>
        ) : null}
      </div>
      {m.endedOn ? (
        <div className="alert alert--warning">
          <p>
            Đồng chí đã thôi sinh hoạt tại chi bộ từ ngày {d(m.endedOn)}: {m.endReason ? MEMBERSHIP_END_REASON_LABELS[m.endReason] : ''}
            {m.endNote ? ` — ${m.endNote}` : ''}.
          </p>
        </div>
      ) : null}
      <section className="card">
        <dl className="details">
          <dt>Giới tính</dt>
          <dd>{m.gender ? GENDER_LABELS[m.gender] : '—'}</dd>
          <dt>Ngày sinh</dt>
          <dd>{d(m.birthDate)}</dd>
          <dt>Ngày vào Đảng</dt>
          <dd>{d(m.joinedOn)}</dd>
          <dt>Ngày chính thức</dt>
          <dd>{m.status === 'probationary' ? 'Đang dự bị' : d(m.officialOn)}</dd>
          <dt>Số thẻ đảng viên</dt>
          <dd>{m.cardNumber ?? '—'}</dd>
          {m.suspended ? (
            <>
              <dt>Đình chỉ</dt>
              <dd>Đang bị đình chỉ sinh hoạt{m.suspendedNote ? `: ${m.suspendedNote}` : ''}</dd>
            </>
          ) : null}
          {m.note ? (
            <>
              <dt>Ghi chú</dt>
              <dd>{m.note}</dd>
            </>
          ) : null}
        </dl>
      </section>

      <section className="card" aria-labelledby="periods-title">
        <h2 id="periods-title">Miễn sinh hoạt và sinh hoạt tạm thời</h2>
        {m.periods.length ? (
          <div className="table-wrap responsive">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Loại</th>
                  <th scope="col">Từ ngày</th>
                  <th scope="col">Đến ngày</th>
                  <th scope="col">Ghi chú</th>
                  {canManage ? <th scope="col">Kết thúc</th> : null}
                </tr>
              </thead>
              <tbody>
                {m.periods.map((p) => (
                  <tr key={p.id}>
                    <td data-label="Loại">{MEMBER_PERIOD_KIND_LABELS[p.kind]}</td>
                    <td data-label="Từ ngày">{d(p.startsOn)}</td>
                    <td data-label="Đến ngày">{p.endsOn ? d(p.endsOn) : 'Chưa xác định'}</td>
                    <td data-label="Ghi chú">{p.note}</td>
                    {canManage ? (
                      <td data-label="Kết thúc">
                        {!p.endsOn || p.endsOn >= today ? (
                          <Form method="post" className="row">
                            <input type="hidden" name="intent" value="close-period" />
                            <input type="hidden" name="periodId" value={p.id} />
                            <label className="sr-only" htmlFor={`end-${p.id}`}>
                              Ngày kết thúc
                            </label>
                            <input id={`end-${p.id}`} type="date" name="endsOn" defaultValue={today} required style={{ width: 'auto' }} />
                            <button type="submit" className="button button--small">
                              Kết thúc
                            </button>
                          </Form>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">Không có giai đoạn miễn sinh hoạt hay sinh hoạt tạm thời nơi khác.</p>
        )}
        {err('close-period')}
        {canManage && !m.endedOn ? (
          <Form method="post" className="form form--wide" style={{ marginTop: '1rem' }}>
            <h3>Ghi nhận giai đoạn mới</h3>
            {err('add-period')}
            <input type="hidden" name="intent" value="add-period" />
            <div className="form-grid">
              <div className="field">
                <label htmlFor="period-kind">Loại</label>
                <select id="period-kind" name="kind" defaultValue={v('kind') ?? 'exempt'}>
                  {MEMBER_PERIOD_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {MEMBER_PERIOD_KIND_LABELS[k]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="period-start">Từ ngày</label>
                <input id="period-start" type="date" name="startsOn" required defaultValue={v('startsOn') ?? today} />
              </div>
              <div className="field">
                <label htmlFor="period-end">Đến ngày (nếu biết)</label>
                <input id="period-end" type="date" name="endsOn" defaultValue={v('endsOn')} />
              </div>
              <div className="field">
                <label htmlFor="period-note">Ghi chú</label>
                <input id="period-note" type="text" name="note" defaultValue={v('note')} placeholder="Ví dụ: tuổi cao, sức khỏe yếu" />
              </div>
            </div>
            <div>
              <button type="submit" className="button">
                Ghi nhận
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      {canManage ? (
        <section className="card" aria-labelledby="end-title">
          <h2 id="end-title">{m.endedOn ? 'Khôi phục sinh hoạt' : 'Thôi sinh hoạt tại chi bộ'}</h2>
          {m.endedOn ? (
            <Form method="post">
              {err('reinstate')}
              <input type="hidden" name="intent" value="reinstate" />
              <input type="hidden" name="version" value={m.version} />
              <p className="muted">Dùng khi ghi nhận thôi sinh hoạt bị nhầm.</p>
              <button type="submit" className="button">
                Khôi phục
              </button>
            </Form>
          ) : (
            <Form method="post" className="form form--wide">
              <p className="muted">Hồ sơ không bị xóa: đồng chí vẫn có trong các biên bản cũ và có thể xem lại khi lọc "Gồm cả đồng chí đã thôi sinh hoạt".</p>
              {err('end')}
              <input type="hidden" name="intent" value="end" />
              <input type="hidden" name="version" value={m.version} />
              <div className="form-grid">
                <div className="field">
                  <label htmlFor="end-reason">Lý do</label>
                  <select id="end-reason" name="endReason" defaultValue={v('endReason') ?? 'moved'}>
                    {MEMBERSHIP_END_REASONS.map((r) => (
                      <option key={r} value={r}>
                        {MEMBERSHIP_END_REASON_LABELS[r]}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="end-date">Từ ngày</label>
                  <input id="end-date" type="date" name="endedOn" required defaultValue={v('endedOn') ?? today} />
                </div>
                <div className="field">
                  <label htmlFor="end-note">Ghi chú</label>
                  <input id="end-note" type="text" name="endNote" defaultValue={v('endNote')} placeholder="Ví dụ: chuyển sinh hoạt về Đảng bộ xã …" />
                </div>
              </div>
              <div>
                <button type="submit" className="button button--danger">
                  Ghi nhận thôi sinh hoạt
                </button>
              </div>
            </Form>
          )}
        </section>
      ) : null}
    </div>
  )
}

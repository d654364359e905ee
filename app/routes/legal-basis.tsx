import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { LEGAL_BASIS_STATUSES, LEGAL_BASIS_STATUS_LABELS, type LegalBasisStatus } from '~/domain/citation'
import { parseWithZod } from '~/domain/forms.server'
import { formatUiDateShort } from '~/domain/vn-date'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { LegalBasisUpdateSchema, listLegalBasis, updateLegalBasis } from '~/models/documents.server'
import { getDb } from '~/utils/db.server'
import { formValues } from '~/utils/http.server'

export const meta: MetaFunction = () => [{ title: 'Căn cứ pháp lý — Sổ chi bộ' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  return {
    rows: listLegalBasis(getDb()).map((r) => ({
      id: r.id,
      numberText: r.numberText,
      issuedOn: r.issuedOn,
      issuer: r.issuer,
      title: r.title,
      status: r.status,
      replacedBy: r.replacedBy,
      note: r.note,
      citation: r.citation,
    })),
    canEdit: actor.isSystemAdmin,
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  if (!ctx.actor.isSystemAdmin) throw new Response('Chỉ quản trị hệ thống mới sửa được bảng căn cứ pháp lý.', { status: 403 })
  const formData = await request.formData()
  const values = formValues(formData)
  const submission = parseWithZod(formData, { schema: LegalBasisUpdateSchema })
  if (submission.status !== 'success') {
    const errors = Object.values(submission.error ?? {}).flat().filter(Boolean) as string[]
    return data({ id: values.id ?? '', error: errors.join(' ') || 'Dữ liệu không hợp lệ.', values }, { status: 400 })
  }
  try {
    updateLegalBasis(getDb(), ctx, submission.value.id, submission.value)
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) return data({ id: submission.value.id, error: error.message, values }, { status: error.status })
    throw error
  }
  return redirectWithToast('/legal-basis', { title: 'Đã lưu căn cứ pháp lý' })
}

const STATUS_BADGES: Record<LegalBasisStatus, string> = { in_force: 'badge--ok', replaced: 'badge--warn', reported: 'badge--info' }

export default function LegalBasisPage() {
  const { rows, canEdit } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to="/documents">Sổ văn bản</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>Căn cứ pháp lý</h1>
          <p className="muted" style={{ margin: 0 }}>
            Các văn bản của Đảng mà phần mềm dựa vào (biểu quyết, thời lượng sinh hoạt, thể thức văn bản…). Mọi trích dẫn quy định trong phần mềm lấy từ bảng
            này; khi một văn bản được thay thế, quản trị hệ thống cập nhật tại đây.
          </p>
        </div>
      </div>
      <div className="table-wrap responsive">
        <table className="table legal-basis-table">
          <thead>
            <tr>
              <th scope="col">Số, ký hiệu</th>
              <th scope="col">Ngày ban hành</th>
              <th scope="col">Cơ quan ban hành</th>
              <th scope="col">Trích yếu</th>
              <th scope="col">Tình trạng</th>
              <th scope="col">Ghi chú</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const failed = result && result.id === r.id ? result : null
              const v = (name: string) => (failed?.values as Record<string, string> | undefined)?.[name]
              return (
                <tr key={r.id} id={`lb-${r.id}`}>
                  <td data-label="Số, ký hiệu" className="documents-table__number">
                    {r.numberText}
                  </td>
                  <td data-label="Ngày ban hành">{r.issuedOn ? formatUiDateShort(r.issuedOn) : 'Chưa rõ'}</td>
                  <td data-label="Cơ quan ban hành">{r.issuer}</td>
                  <td data-label="Trích yếu">
                    {r.title}
                    <div className="muted small">Trích dẫn: {r.citation}</div>
                  </td>
                  <td data-label="Tình trạng">
                    <span className={`badge ${STATUS_BADGES[r.status]}`}>{LEGAL_BASIS_STATUS_LABELS[r.status]}</span>
                    {r.replacedBy ? <div className="small">Thay thế bởi: {r.replacedBy}</div> : null}
                  </td>
                  <td data-label="Ghi chú">
                    {r.note ?? ''}
                    {canEdit ? (
                      <details className="legal-basis-edit" open={Boolean(failed)}>
                        <summary>Sửa tình trạng, ghi chú</summary>
                        <Form method="post" className="form">
                          {failed ? (
                            <div className="alert alert--error" role="alert">
                              <p>{failed.error}</p>
                            </div>
                          ) : null}
                          <input type="hidden" name="id" value={r.id} />
                          <div className="field">
                            <label htmlFor={`status-${r.id}`}>Tình trạng</label>
                            <select id={`status-${r.id}`} name="status" defaultValue={v('status') ?? r.status}>
                              {LEGAL_BASIS_STATUSES.map((s) => (
                                <option key={s} value={s}>
                                  {LEGAL_BASIS_STATUS_LABELS[s]}
                                </option>
                              ))}
                            </select>
                          </div>
                          <div className="field">
                            <label htmlFor={`replaced-${r.id}`}>Được thay thế bởi</label>
                            <input id={`replaced-${r.id}`} type="text" name="replacedBy" defaultValue={v('replacedBy') ?? r.replacedBy ?? ''} />
                          </div>
                          <div className="field">
                            <label htmlFor={`note-${r.id}`}>Ghi chú</label>
                            <textarea id={`note-${r.id}`} name="note" rows={3} defaultValue={v('note') ?? r.note ?? ''} />
                          </div>
                          <div>
                            <button type="submit" className="button button--primary">
                              Lưu
                            </button>
                          </div>
                        </Form>
                      </details>
                    ) : null}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

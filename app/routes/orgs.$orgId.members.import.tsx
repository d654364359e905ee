import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { parseMemberRows } from '~/domain/member-import'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { applyImport, previewImport } from '~/models/member-import.server'
import { getOrganization } from '~/models/organizations.server'
import { getDb } from '~/utils/db.server'
import { MAX_SPREADSHEET_BYTES, readTable } from '~/utils/spreadsheet.server'

export const meta: MetaFunction = () => [{ title: 'Nhập danh sách đảng viên — Sổ chi bộ' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const cell = getOrganization(getDb(), actor, params.orgId!, 'member:manage')
  return { cell: { id: cell.id, name: cell.name } }
}

const TableSchema = z.array(z.array(z.string().max(2000)).max(100)).max(5000)

type Reply =
  | { stage: 'error'; error: string }
  | {
      stage: 'preview'
      fileName: string
      table: string
      fileErrors: string[]
      preview: ReturnType<typeof previewImport> | null
    }

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const db = getDb()
  const cellId = params.orgId!
  getOrganization(db, ctx.actor, cellId, 'member:manage')
  const length = Number(request.headers.get('Content-Length') ?? 0)
  if (length > MAX_SPREADSHEET_BYTES * 3) {
    return data<Reply>({ stage: 'error', error: 'Tệp quá lớn (tối đa 5 MB).' }, { status: 413 })
  }
  const formData = await unstable_parseMultipartFormData(
    request,
    unstable_createMemoryUploadHandler({ maxPartSize: MAX_SPREADSHEET_BYTES * 2 }),
  ).catch(() => null)
  if (!formData) return data<Reply>({ stage: 'error', error: 'Không đọc được tệp tải lên (tối đa 5 MB).' }, { status: 400 })
  const intent = formData.get('intent')

  // Step 1: a file → preview. Nothing is saved.
  if (intent === 'preview') {
    const file = formData.get('file')
    if (!(file instanceof File) || file.size === 0) {
      return data<Reply>({ stage: 'error', error: 'Hãy chọn tệp danh sách đảng viên (.csv hoặc .xlsx).' }, { status: 400 })
    }
    let table: string[][]
    try {
      table = await readTable(file.name, new Uint8Array(await file.arrayBuffer()))
    } catch (error) {
      if (error instanceof AppError) return data<Reply>({ stage: 'error', error: error.message }, { status: error.status })
      throw error
    }
    const parsed = parseMemberRows(table)
    const preview = parsed.fileErrors.length ? null : previewImport(db, ctx.actor, cellId, parsed.rows)
    return data<Reply>({ stage: 'preview', fileName: file.name, table: JSON.stringify(table), fileErrors: parsed.fileErrors, preview })
  }

  // Step 2: the confirmed table → import (all rows, or only the valid ones when asked to).
  if (intent === 'import-all' || intent === 'import-valid') {
    const table = TableSchema.safeParse(JSON.parse(String(formData.get('table') ?? '[]')))
    if (!table.success) return data<Reply>({ stage: 'error', error: 'Dữ liệu xem trước không hợp lệ; hãy tải tệp lên lại.' }, { status: 400 })
    const parsed = parseMemberRows(table.data)
    try {
      const result = applyImport(db, ctx, cellId, parsed.rows, { onlyValid: intent === 'import-valid', fileName: String(formData.get('fileName') ?? '') })
      return redirectWithToast(`/orgs/${cellId}/members`, {
        title: 'Đã nhập danh sách đảng viên',
        description: `Thêm mới ${result.created}, cập nhật ${result.updated}, không đổi ${result.unchanged}${result.skipped ? `, bỏ qua ${result.skipped} dòng lỗi` : ''}.`,
      })
    } catch (error) {
      if (error instanceof AppError && error.status !== 404) {
        const preview = previewImport(db, ctx.actor, cellId, parsed.rows)
        return data<Reply>(
          { stage: 'preview', fileName: String(formData.get('fileName') ?? ''), table: JSON.stringify(table.data), fileErrors: [error.message], preview },
          { status: error.status },
        )
      }
      throw error
    }
  }
  return data<Reply>({ stage: 'error', error: 'Thao tác không hợp lệ.' }, { status: 400 })
}

const ACTION_LABELS = { create: 'Thêm mới', update: 'Cập nhật', unchanged: 'Không đổi' } as const
const FIELD_LABELS: Record<string, string> = {
  fullName: 'họ tên',
  gender: 'giới tính',
  birthDate: 'ngày sinh',
  status: 'loại đảng viên',
  joinedOn: 'ngày vào Đảng',
  officialOn: 'ngày chính thức',
  position: 'chức vụ',
  cardNumber: 'số thẻ',
  note: 'ghi chú',
}

export default function ImportMembers() {
  const { cell } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  const preview = result?.stage === 'preview' ? result : null
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to={`/orgs/${cell.id}/members`}>Đảng viên — {cell.name}</Link>
      </p>
      <h1>Nhập danh sách đảng viên từ tệp</h1>
      <section className="card">
        <p>
          Tải lên tệp <strong>.csv</strong> (UTF-8) hoặc <strong>.xlsx</strong> xuất từ bảng tính, dòng đầu là tiêu đề cột: Họ và tên, Ngày sinh, Giới
          tính, Ngày vào Đảng, Ngày chính thức, Chức vụ Đảng, Số thẻ đảng viên, Ghi chú. Ngày ghi theo dạng <strong>dd/mm/yyyy</strong>.
        </p>
        <p className="muted">
          Chưa có gì được lưu cho tới khi đồng chí xem trước và xác nhận. Đảng viên đã có (cùng số thẻ, hoặc cùng họ tên và ngày sinh) sẽ được cập nhật, không
          bị nhân đôi.
        </p>
        <Form method="post" encType="multipart/form-data" className="form">
          <input type="hidden" name="intent" value="preview" />
          <div className="field">
            <label htmlFor="file">Tệp danh sách</label>
            <input id="file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
          </div>
          <div>
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Đang đọc tệp…' : 'Xem trước'}
            </button>
          </div>
        </Form>
      </section>

      {result?.stage === 'error' ? (
        <div className="alert alert--error" role="alert">
          <p>{result.error}</p>
        </div>
      ) : null}

      {preview ? (
        <section className="card" aria-labelledby="preview-title">
          <h2 id="preview-title">Xem trước: {preview.fileName}</h2>
          {preview.fileErrors.length ? (
            <div className="alert alert--error" role="alert">
              {preview.fileErrors.map((e) => (
                <p key={e}>{e}</p>
              ))}
            </div>
          ) : null}
          {preview.preview ? (
            <>
              <p>
                Tệp có <strong>{preview.preview.total}</strong> dòng: <strong>{preview.preview.valid}</strong> dòng hợp lệ (thêm mới {preview.preview.creates},
                cập nhật {preview.preview.updates}, không đổi {preview.preview.unchanged}) và{' '}
                <strong className={preview.preview.invalid ? 'text-danger' : undefined}>{preview.preview.invalid}</strong> dòng lỗi.
              </p>
              {preview.preview.invalid ? (
                <div className="alert alert--warning" role="status">
                  <p>
                    Còn {preview.preview.invalid} dòng lỗi nên chưa lưu gì. Đồng chí có thể sửa tệp rồi tải lên lại, hoặc chỉ nhập các dòng hợp lệ và bỏ qua các
                    dòng lỗi.
                  </p>
                </div>
              ) : null}
              <div className="table-wrap responsive">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Dòng</th>
                      <th scope="col">Họ và tên</th>
                      <th scope="col">Kết quả</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.preview.rows.map((r) => (
                      <tr key={r.rowNumber} className={r.errors.length ? 'row-error' : undefined}>
                        <td data-label="Dòng">{r.rowNumber}</td>
                        <td data-label="Họ và tên">{r.values?.fullName ?? r.rawName ?? '—'}</td>
                        <td data-label="Kết quả">
                          {r.errors.length ? (
                            <ul className="field-error" style={{ margin: 0, paddingLeft: '1.1rem' }}>
                              {r.errors.map((e) => (
                                <li key={e}>{e}</li>
                              ))}
                            </ul>
                          ) : (
                            <>
                              <span className={`badge ${r.action === 'create' ? 'badge--ok' : 'badge--info'}`}>{r.action ? ACTION_LABELS[r.action] : ''}</span>
                              {r.addsExemption ? <span className="muted small"> · ghi nhận miễn sinh hoạt từ {r.exemptFrom}</span> : null}
                              {Object.keys(r.changes).length ? <span className="muted small"> · thay đổi {Object.keys(r.changes).map((k) => FIELD_LABELS[k] ?? k).join(', ')}</span> : null}
                            </>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Form method="post" encType="multipart/form-data" className="row" style={{ marginTop: '1rem' }}>
                <input type="hidden" name="table" value={preview.table} />
                <input type="hidden" name="fileName" value={preview.fileName} />
                {preview.preview.invalid === 0 ? (
                  <button type="submit" name="intent" value="import-all" className="button button--primary" disabled={busy}>
                    Nhập {preview.preview.valid} đảng viên
                  </button>
                ) : preview.preview.valid > 0 ? (
                  <button type="submit" name="intent" value="import-valid" className="button" disabled={busy}>
                    Chỉ nhập {preview.preview.valid} dòng hợp lệ, bỏ qua {preview.preview.invalid} dòng lỗi
                  </button>
                ) : null}
                <Link to={`/orgs/${cell.id}/members`} className="button">
                  Hủy
                </Link>
              </Form>
            </>
          ) : null}
        </section>
      ) : null}
    </div>
  )
}

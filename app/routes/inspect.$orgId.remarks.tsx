// /inspect/:orgId/remarks — the inspector's remarks over an organisation's subtree (issue 7 item 3):
// filters open / overdue / answered / closed / own drafts, newest first with overdue ones on top, and
// the form to write a remark on a cell and a period (remarks on one meeting are written from the
// meeting's review page). Inspectors of the subtree only; anyone else gets a 404.
import { getFormProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { RemarkContentFields, RemarkList, RemarkPeriodFields, remarkListHref } from '~/components/remarks'
import { ErrorList, FormError } from '~/components/forms'
import { parseRemarkFilter, type RemarkFilter } from '~/domain/remarks'
import { PeriodRemarkSchema } from '~/domain/remarks.schema'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { createPeriodRemark, listInspectorRemarks, remarkCellOptions } from '~/models/remarks.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Nhận xét kiểm tra — ${data?.org.name ?? ''} — Sổ chi bộ` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const url = new URL(request.url)
  const filter = parseRemarkFilter(url.searchParams.get('status'))
  const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1)
  const list = listInspectorRemarks(db, actor, params.orgId!, { filter, page })
  const options = list.mayWrite ? remarkCellOptions(db, actor, params.orgId!) : { cells: [], truncated: false }
  const wanted = url.searchParams.get('cell')
  return {
    ...list,
    cellOptions: options.cells,
    cellsTruncated: options.truncated,
    defaultCellId: list.org.isCell ? list.org.id : options.cells.some((c) => c.id === wanted) ? wanted! : '',
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const formData = await request.formData()
  if (formData.get('intent') !== 'create-period') return data({ reply: null, error: 'Thao tác không hợp lệ. Hãy tải lại trang rồi thử lại.' }, { status: 400 })
  const submission = parseWithZod(formData, { schema: PeriodRemarkSchema })
  if (submission.status !== 'success') return data({ reply: submission.reply(), error: null }, { status: 400 })
  try {
    const remark = createPeriodRemark(getDb(), ctx, submission.value)
    return redirectWithToast(`/remarks/${remark.id}`, { title: 'Đã lưu bản nháp nhận xét', description: 'Đồng chí đọc lại, rồi nhập mật khẩu để ký và gửi chi bộ.' })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) {
      const reply = submission.reply(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] })
      return data({ reply, error: null }, { status: error.status })
    }
    throw error
  }
}

export default function InspectorRemarks() {
  const data = useLoaderData<typeof loader>()
  const { org, filter, counts, remarks } = data
  const href = (f: RemarkFilter, page?: number) => remarkListHref(`/inspect/${org.id}/remarks`, f, page)
  return (
    <div className="stack">
      <nav className="breadcrumb no-print" aria-label="Vị trí">
        <ol>
          <li>
            <Link to="/inspect">Kiểm tra</Link>
          </li>
          <li>
            <Link to={`/inspect/${org.id}`}>{org.name}</Link>
          </li>
          <li>
            <span aria-current="page">Nhận xét kiểm tra</span>
          </li>
        </ol>
      </nav>
      <div className="page-head">
        <div>
          <h1>Nhận xét kiểm tra</h1>
          <p className="muted" style={{ margin: 0 }}>
            {org.name} · {counts.open} chờ chi bộ trả lời{counts.overdue ? `, trong đó ${counts.overdue} quá hạn` : ''} · {counts.answered} chi bộ đã trả lời, chờ đóng
          </p>
        </div>
        <div className="row no-print">
          <Link className="button" to={`/inspect/${org.id}/report`}>
            Báo cáo định kỳ
          </Link>
          {data.mayWrite ? (
            <a className="button button--primary" href="#period-remark-title">
              Nhận xét theo kỳ
            </a>
          ) : null}
        </div>
      </div>

      <RemarkList
        variant="inspector"
        title="Nhận xét kiểm tra"
        filter={filter}
        counts={counts}
        remarks={remarks}
        page={data.page}
        pageSize={data.pageSize}
        total={data.total}
        href={href}
        none="Chưa có nhận xét kiểm tra nào. Mở một buổi sinh hoạt từ bảng kiểm tra để xem biên bản và viết nhận xét, hoặc viết nhận xét theo kỳ cho một chi bộ ở cuối trang."
      />

      {data.mayWrite ? <PeriodRemarkForm /> : null}
    </div>
  )
}

function PeriodRemarkForm() {
  const data = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'period-remark',
    lastResult: (result?.reply ?? undefined) as SubmissionResult<string[]> | undefined,
    defaultValue: { cellId: data.defaultCellId },
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PeriodRemarkSchema }),
  })
  const single = data.org.isCell
  return (
    <section className="card no-print" aria-labelledby="period-remark-title">
      <h2 id="period-remark-title">Viết nhận xét theo kỳ</h2>
      <p className="muted">
        Nhận xét về một chi bộ trong một kỳ (ví dụ cả quý), không gắn với một buổi sinh hoạt. Nhận xét được lưu thành bản nháp; đồng chí ký bằng mật khẩu để gửi chi bộ.
      </p>
      {!single && data.cellOptions.length === 0 ? (
        <p>Không có chi bộ nào trong phạm vi để nhận xét.</p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="form form--wide">
          <FormError errors={result?.error ? [result.error] : form.errors} />
          <input type="hidden" name="intent" value="create-period" />
          <div className="form-grid">
            {single ? (
              <input type="hidden" name="cellId" value={data.org.id} />
            ) : (
              <div className="field">
                <label htmlFor={fields.cellId.id}>Chi bộ *</label>
                {data.cellsTruncated ? (
                  <span className="hint" id="cell-hint">
                    Danh sách chỉ gồm {data.cellOptions.length} chi bộ đầu tiên; với chi bộ khác, hãy mở trang kiểm tra của tổ chức cơ sở đảng chứa chi bộ đó.
                  </span>
                ) : null}
                <select {...getSelectProps(fields.cellId)} key={fields.cellId.key} aria-describedby={data.cellsTruncated ? 'cell-hint' : undefined}>
                  <option value="">— Chọn chi bộ —</option>
                  {data.cellOptions.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
                <ErrorList id={fields.cellId.errorId} errors={fields.cellId.errors} />
              </div>
            )}
            <RemarkPeriodFields fields={fields} />
          </div>
          <RemarkContentFields fields={fields} remarksRows={6} inspectorBodyLabel="Cơ quan kiểm tra (để trống: theo tổ chức được giao kiểm tra)" />
          <div>
            <button type="submit" className="button button--primary" disabled={navigation.state === 'submitting'}>
              Lưu bản nháp nhận xét
            </button>
          </div>
        </Form>
      )}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

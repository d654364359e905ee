// Inspection remarks (issue 7 item 3): the filtered, paginated list the inspector and the cell read, and
// the fields of a remark (content, requested fixes, deadline, inspecting body, period) shared by the
// forms that write one on a meeting, on a period, and edit a draft. Data comes in as props.
import type { FieldMetadata } from '@conform-to/react'
import { getInputProps, getTextareaProps } from '@conform-to/react'
import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { ErrorList, Pagination } from '~/components/forms'
import { REMARK_FILTERS, REMARK_FILTER_LABELS, type RemarkFilter } from '~/domain/remarks'
import { formatUiDateShort } from '~/domain/vn-date'

/** One row of a remark list, as the loader sends it. */
type RemarkRow = {
  id: string
  subject: string
  excerpt: string
  cell: { name: string }
  inspectorName: string
  inspectorBody: string | null
  signedAt: string | null
  dueOn: string | null
  statusLabel: string
  overdue: boolean
}

/** A remark list's address for a filter and a page: `path?status=open&page=2`, without the defaults. */
export function remarkListHref(path: string, filter: RemarkFilter, page?: number): string {
  const q = new URLSearchParams()
  if (filter !== 'all') q.set('status', filter)
  if (page && page > 1) q.set('page', String(page))
  const s = q.toString()
  return `${path}${s ? `?${s}` : ''}`
}

/**
 * The filters, the table (or what to say when it is empty) and the pages. "inspector": one column
 * per cell of the subtree; "cell": the cell's own remarks, with the inspecting body under the name.
 */
export function RemarkList({
  variant,
  title,
  filter,
  counts,
  remarks,
  page,
  pageSize,
  total,
  href,
  none,
}: {
  variant: 'inspector' | 'cell'
  /** The table's caption, before the filter's name. */
  title: string
  filter: RemarkFilter
  counts: Record<RemarkFilter, number>
  remarks: RemarkRow[]
  page: number
  pageSize: number
  total: number
  href: (filter: RemarkFilter, page?: number) => string
  /** What to say when there is no remark at all. */
  none: ReactNode
}) {
  const dueLabel = variant === 'cell' ? 'Thời hạn khắc phục' : 'Thời hạn'
  return (
    <>
      <nav className="remark-filters" aria-label="Lọc theo trạng thái">
        <ul>
          {REMARK_FILTERS.filter((f) => f !== 'draft' || counts.draft > 0 || filter === 'draft').map((f) => (
            <li key={f}>
              <Link to={href(f)} aria-current={f === filter ? 'page' : undefined} className={`button button--small${f === filter ? ' remark-filter--current' : ''}`}>
                {f === 'overdue' ? <span aria-hidden="true">⚠ </span> : null}
                {REMARK_FILTER_LABELS[f]} ({counts[f]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {remarks.length === 0 ? (
        <div className="card empty">
          {counts.all === 0 ? (
            <p>{none}</p>
          ) : (
            <p>
              Không có nhận xét nào ở mục “{REMARK_FILTER_LABELS[filter]}”. <Link to={href('all')}>Xem tất cả</Link>.
            </p>
          )}
        </div>
      ) : (
        <div className="table-wrap responsive">
          <table className="table remark-table">
            <caption className="sr-only">
              {`${title} — `}
              {REMARK_FILTER_LABELS[filter]} ({total})
            </caption>
            <thead>
              <tr>
                {variant === 'inspector' ? <th scope="col">Chi bộ</th> : null}
                <th scope="col">Nhận xét</th>
                <th scope="col">Người nhận xét</th>
                <th scope="col">Ngày ký</th>
                <th scope="col">{dueLabel}</th>
                <th scope="col">Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {remarks.map((r) => (
                <tr key={r.id}>
                  {variant === 'inspector' ? <td data-label="Chi bộ">{r.cell.name}</td> : null}
                  <td data-label="Nhận xét">
                    <Link to={`/remarks/${r.id}`}>{r.subject}</Link>
                    <div className="small muted">{r.excerpt}</div>
                  </td>
                  {variant === 'cell' ? (
                    <td data-label="Người nhận xét">
                      Đ/c {r.inspectorName}
                      {r.inspectorBody ? <div className="small muted">{r.inspectorBody}</div> : null}
                    </td>
                  ) : (
                    <td data-label="Người nhận xét">Đ/c {r.inspectorName}</td>
                  )}
                  <td data-label="Ngày ký">{r.signedAt ? formatUiDateShort(r.signedAt) : 'Chưa ký'}</td>
                  <td data-label={dueLabel}>{r.dueOn ? formatUiDateShort(r.dueOn) : '—'}</td>
                  <td data-label="Trạng thái">
                    {r.statusLabel}
                    {r.overdue ? (
                      <>
                        {' '}
                        <span className="badge badge--danger">Quá hạn</span>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} makeHref={(p) => href(filter, p)} />
    </>
  )
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Meta = FieldMetadata<any, any, string[]>

/** "Kỳ kiểm tra từ ngày … đến ngày …": two date fields, for a form-grid. */
export function RemarkPeriodFields({ fields }: { fields: Record<'periodFrom' | 'periodTo', Meta> }) {
  return (
    <>
      <div className="field">
        <label htmlFor={fields.periodFrom.id}>Kỳ kiểm tra từ ngày *</label>
        <input {...getInputProps(fields.periodFrom, { type: 'date' })} key={fields.periodFrom.key} />
        <ErrorList id={fields.periodFrom.errorId} errors={fields.periodFrom.errors} />
      </div>
      <div className="field">
        <label htmlFor={fields.periodTo.id}>đến ngày *</label>
        <input {...getInputProps(fields.periodTo, { type: 'date' })} key={fields.periodTo.key} />
        <ErrorList id={fields.periodTo.errorId} errors={fields.periodTo.errors} />
      </div>
    </>
  )
}

/** The remark itself, the fixes it asks for, the deadline and the inspecting body. */
export function RemarkContentFields({
  fields,
  remarksRows,
  remarksHint,
  dueMin,
  inspectorBodyLabel = 'Cơ quan kiểm tra',
  inspectorBodyPlaceholder,
}: {
  fields: Record<'remarks' | 'requestedFixes' | 'dueOn' | 'inspectorBody', Meta>
  remarksRows: number
  remarksHint?: string
  dueMin?: string
  inspectorBodyLabel?: string
  inspectorBodyPlaceholder?: string
}) {
  const remarksHintId = remarksHint ? `${fields.remarks.id}-hint` : undefined
  return (
    <>
      <div className="field">
        <label htmlFor={fields.remarks.id}>Nội dung nhận xét *</label>
        {remarksHint ? (
          <span className="hint" id={remarksHintId}>
            {remarksHint}
          </span>
        ) : null}
        <textarea {...getTextareaProps(fields.remarks, { ariaDescribedBy: remarksHintId })} key={fields.remarks.key} rows={remarksRows} />
        <ErrorList id={fields.remarks.errorId} errors={fields.remarks.errors} />
      </div>
      <div className="field">
        <label htmlFor={fields.requestedFixes.id}>Yêu cầu khắc phục</label>
        <span className="hint" id={`${fields.requestedFixes.id}-hint`}>
          Mỗi yêu cầu một dòng. Có yêu cầu khắc phục thì cần ghi thời hạn.
        </span>
        <textarea {...getTextareaProps(fields.requestedFixes, { ariaDescribedBy: `${fields.requestedFixes.id}-hint` })} key={fields.requestedFixes.key} rows={4} />
        <ErrorList id={fields.requestedFixes.errorId} errors={fields.requestedFixes.errors} />
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={fields.dueOn.id}>Thời hạn khắc phục</label>
          <input {...getInputProps(fields.dueOn, { type: 'date' })} key={fields.dueOn.key} min={dueMin} />
          <ErrorList id={fields.dueOn.errorId} errors={fields.dueOn.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.inspectorBody.id}>{inspectorBodyLabel}</label>
          <input {...getInputProps(fields.inspectorBody, { type: 'text' })} key={fields.inspectorBody.key} placeholder={inspectorBodyPlaceholder} />
          <ErrorList id={fields.inspectorBody.errorId} errors={fields.inspectorBody.errors} />
        </div>
      </div>
    </>
  )
}

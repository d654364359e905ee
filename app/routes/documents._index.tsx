import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Pagination } from '~/components/forms'
import { DOCUMENT_STATUSES, DOCUMENT_STATUS_LABELS, DOCUMENT_TYPES, DOCUMENT_TYPE_LABELS, type DocumentStatus, type DocumentType } from '~/domain/constants'
import { documentTypeName } from '~/domain/citation'
import { formatUiDateShort } from '~/domain/vn-date'
import { requireUser } from '~/auth/session.server'
import { canRegisterDocuments, canRegisterSomewhere, listDocuments } from '~/models/documents.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Sổ văn bản${data?.org ? ` — ${data.org.name}` : ''} — Sổ chi bộ` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const url = new URL(request.url)
  const q = url.searchParams.get('q')?.slice(0, 100) ?? ''
  const typeParam = url.searchParams.get('type') ?? ''
  const statusParam = url.searchParams.get('status') ?? ''
  const ownParam = url.searchParams.get('own') ?? ''
  const orgId = url.searchParams.get('org') || undefined
  const docType = (DOCUMENT_TYPES as readonly string[]).includes(typeParam) ? (typeParam as DocumentType) : undefined
  const status = (DOCUMENT_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as DocumentStatus) : undefined
  const own = ownParam === '1' ? true : ownParam === '0' ? false : undefined
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
  const result = listDocuments(getDb(), actor, { q, docType, status, own, orgId, page })
  return {
    filter: { q, type: docType ?? '', status: status ?? '', own: own === undefined ? '' : own ? '1' : '0', org: orgId ?? '' },
    org: result.org ? { id: result.org.id, name: result.org.name } : null,
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    documents: result.documents.map((d) => ({
      id: d.id,
      citation: d.citation,
      title: d.title,
      numberText: d.numberText,
      issuedOn: d.issuedOn,
      docType: d.docType,
      issuer: d.issuer,
      status: d.status,
      replacedBy: d.replacedBy,
      own: d.own,
      orgName: d.orgName,
      hasAttachment: Boolean(d.attachmentName),
    })),
    canCreate: result.org ? canRegisterDocuments(actor, { path: result.org.path }) : canRegisterSomewhere(actor),
  }
}

const STATUS_BADGES: Record<DocumentStatus, string> = {
  in_force: 'badge--ok',
  draft: 'badge--info',
  replaced: 'badge--warn',
  expired: 'badge--danger',
}

export default function DocumentRegister() {
  const { filter, org, total, page, pageSize, documents, canCreate } = useLoaderData<typeof loader>()
  const filtered = Boolean(filter.q || filter.type || filter.status || filter.own)
  const href = (p: number) => {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(filter)) if (v) params.set(k, v)
    params.set('page', String(p))
    return `?${params}`
  }
  const newHref = org ? `/documents/new?org=${org.id}` : '/documents/new'
  return (
    <div className="stack">
      {org ? (
        <p className="breadcrumb">
          <Link to={`/orgs/${org.id}`}>{org.name}</Link>
        </p>
      ) : null}
      <div className="page-head">
        <div>
          <h1>Sổ văn bản{org ? ` — ${org.name}` : ''}</h1>
          <p className="muted" style={{ margin: 0 }}>
            Nghị quyết, kết luận của tổ chức và văn bản của cấp trên để học tập, quán triệt, thực hiện.
          </p>
        </div>
        <div className="row">
          {canCreate ? (
            <Link className="button button--primary" to={newHref}>
              Thêm văn bản
            </Link>
          ) : null}
          <Link className="button" to="/legal-basis">
            Căn cứ pháp lý
          </Link>
        </div>
      </div>
      <Form method="get" className="card row" role="search" aria-label="Tìm văn bản">
        {filter.org ? <input type="hidden" name="org" value={filter.org} /> : null}
        <div className="field" style={{ flex: '3 1 260px' }}>
          <label htmlFor="q">Tìm theo số hiệu, trích yếu, cơ quan ban hành</label>
          <input id="q" name="q" type="search" defaultValue={filter.q} placeholder="Ví dụ: nghi quyet 22, 22-NQ/TW" />
        </div>
        <div className="field" style={{ flex: '1 1 170px' }}>
          <label htmlFor="type">Loại văn bản</label>
          <select id="type" name="type" defaultValue={filter.type}>
            <option value="">Tất cả</option>
            {DOCUMENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {DOCUMENT_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: '1 1 170px' }}>
          <label htmlFor="status">Tình trạng</label>
          <select id="status" name="status" defaultValue={filter.status}>
            <option value="">Tất cả</option>
            {DOCUMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {DOCUMENT_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: '1 1 200px' }}>
          <label htmlFor="own">Nguồn</label>
          <select id="own" name="own" defaultValue={filter.own}>
            <option value="">Tất cả</option>
            <option value="1">Tự ban hành</option>
            <option value="0">Của cấp trên</option>
          </select>
        </div>
        <button type="submit" className="button">
          Tìm
        </button>
        {filtered ? (
          <Link className="button" to={filter.org ? `?org=${filter.org}` : '?'}>
            Bỏ lọc
          </Link>
        ) : null}
      </Form>
      <p className="muted" aria-live="polite">
        {total} văn bản
      </p>
      {documents.length === 0 ? (
        <div className="card empty">
          {filtered ? (
            <p>Không có văn bản nào khớp điều kiện tìm. Hãy thử từ khóa ngắn hơn (ví dụ chỉ số hiệu) hoặc bỏ bớt điều kiện lọc.</p>
          ) : canCreate ? (
            <p>
              Sổ văn bản chưa có văn bản nào. Hãy <Link to={newHref}>thêm nghị quyết của chi bộ hoặc văn bản của cấp trên</Link> để chèn tham chiếu
              khi soạn chương trình sinh hoạt.
            </p>
          ) : (
            <p>Sổ văn bản chưa có văn bản nào. Khi bí thư chi bộ thêm văn bản, văn bản sẽ hiện ở đây.</p>
          )}
        </div>
      ) : (
        <div className="table-wrap responsive">
          <table className="table documents-table">
            <thead>
              <tr>
                <th scope="col">Số, ký hiệu</th>
                <th scope="col">Ngày ban hành</th>
                <th scope="col">Trích yếu</th>
                <th scope="col">Tình trạng</th>
                <th scope="col">Thuộc sổ</th>
              </tr>
            </thead>
            <tbody>
              {documents.map((d) => (
                <tr key={d.id}>
                  <td data-label="Số, ký hiệu" className="documents-table__number">
                    {d.numberText ?? '—'}
                  </td>
                  <td data-label="Ngày ban hành">{d.issuedOn ? formatUiDateShort(d.issuedOn) : '—'}</td>
                  <td data-label="Trích yếu">
                    <Link to={`/documents/${d.id}`}>{d.title}</Link>
                    <div className="muted small">
                      {documentTypeName(d.docType, d.title)} · {d.issuer}
                      {d.own ? ' · Tự ban hành' : ''}
                      {d.hasAttachment ? ' · Có tệp đính kèm' : ''}
                    </div>
                  </td>
                  <td data-label="Tình trạng">
                    <span className={`badge ${STATUS_BADGES[d.status]}`}>{DOCUMENT_STATUS_LABELS[d.status]}</span>
                    {d.status === 'replaced' && d.replacedBy ? <div className="small muted">bởi {d.replacedBy}</div> : null}
                  </td>
                  <td data-label="Thuộc sổ">{d.orgName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} makeHref={href} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

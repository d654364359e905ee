// /search?q=&kind=&page= — full-text search over agendas, minutes, documents, contributions and
// inspection remarks, within what the user may read (app/models/search.server.ts): diacritic-
// insensitive, ranked, with highlighted snippets, filter tabs per kind and pages.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Pagination } from '~/components/forms'
import { SearchParams } from '~/domain/search-params.server'
import { MAX_QUERY_LENGTH, SEARCH_KINDS, SEARCH_KIND_LABELS, type SearchKind } from '~/domain/search-text'
import { formatUiDateShort } from '~/domain/vn-date'
import { requireUser } from '~/auth/session.server'
import { search } from '~/models/search.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.q.trim() ? `Tìm “${data.q.trim()}” — Sổ chi bộ` : 'Tìm kiếm — Sổ chi bộ' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const url = new URL(request.url)
  const params = SearchParams.parse({
    q: url.searchParams.get('q') ?? '',
    kind: url.searchParams.get('kind') || undefined,
    page: url.searchParams.get('page') ?? 1,
  })
  const outcome = search(getDb(), actor, params.q, { page: params.page, kind: params.kind ?? null })
  return {
    q: params.q,
    status: outcome.status,
    hint: outcome.hint,
    kind: outcome.kind,
    total: outcome.total,
    counts: outcome.counts,
    page: outcome.page,
    pageSize: outcome.pageSize,
    pending: outcome.pending,
    results: outcome.results.map((r) => ({ ...r, date: r.date ? safeDate(r.date) : null })),
  }
}

function safeDate(iso: string): string | null {
  try {
    return formatUiDateShort(iso)
  } catch {
    return null
  }
}

function searchHref(q: string, kind: SearchKind | null, page = 1): string {
  const params = new URLSearchParams({ q })
  if (kind) params.set('kind', kind)
  if (page > 1) params.set('page', String(page))
  return `/search?${params}`
}

export default function SearchPage() {
  const { q, status, hint, kind, total, counts, page, pageSize, pending, results } = useLoaderData<typeof loader>()
  const query = q.trim()
  const allCount = SEARCH_KINDS.reduce((n, k) => n + counts[k], 0)
  return (
    <div className="stack search-page">
      <h1>Tìm kiếm</h1>
      <Form method="get" action="/search" role="search" aria-label="Tìm trong sổ chi bộ" className="card row">
        <div className="field" style={{ flex: '1 1 320px' }}>
          <label htmlFor="search-q">Tìm kiếm</label>
          <input id="search-q" key={q} name="q" type="search" defaultValue={q} maxLength={MAX_QUERY_LENGTH} placeholder="Ví dụ: nghi quyet 22" aria-describedby="search-q-hint" />
          <p id="search-q-hint" className="hint">
            Tìm trong chương trình sinh hoạt, biên bản, nghị quyết và văn bản, ý kiến đóng góp, nhận xét kiểm tra mà đồng chí được xem. Gõ không dấu cũng được.
          </p>
        </div>
        <button type="submit" className="button button--primary">
          Tìm
        </button>
      </Form>

      {pending ? (
        <div className="alert alert--info" role="status">
          <p>Chỉ mục tìm kiếm đang được cập nhật sau một đợt thay đổi lớn; kết quả có thể chưa đầy đủ. Đồng chí hãy thử lại sau ít phút.</p>
        </div>
      ) : null}

      {status === 'empty' ? (
        <div className="card">
          <p>Gõ từ cần tìm vào ô trên rồi bấm “Tìm”.</p>
          <SearchTips />
        </div>
      ) : status === 'too_short' ? (
        <div className="alert alert--warning" role="alert">
          <p>{hint}</p>
        </div>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {total === 0
              ? `Không tìm thấy kết quả nào cho “${query}”${kind ? ` trong mục ${SEARCH_KIND_LABELS[kind]}` : ''}.`
              : `${total} kết quả cho “${query}”${kind ? ` trong mục ${SEARCH_KIND_LABELS[kind]}` : ''}${total > pageSize ? ` — trang ${page}` : ''}.`}
          </p>
          {allCount > 0 ? (
            <nav aria-label="Lọc kết quả theo loại" className="row">
              <KindLink q={query} kind={null} current={kind} label="Tất cả" count={allCount} />
              {SEARCH_KINDS.filter((k) => counts[k] > 0 || k === kind).map((k) => (
                <KindLink key={k} q={query} kind={k} current={kind} label={SEARCH_KIND_LABELS[k]} count={counts[k]} />
              ))}
            </nav>
          ) : null}
          {results.length > 0 ? (
            <ol className="search-results" start={(page - 1) * pageSize + 1} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {results.map((r) => (
                <li key={`${r.kind}:${r.href}`} className="card search-result">
                  <p className="row small" style={{ margin: 0 }}>
                    <span className="badge">{r.kindLabel}</span>
                    <span className="muted">
                      {r.cellName}
                      {r.date ? ` · ${r.date}` : ''}
                    </span>
                  </p>
                  <h2 style={{ fontSize: '1.15rem', margin: '0.4rem 0 0.2rem' }}>
                    {/* Escaped on the server; the only markup is <mark> around the matched words. */}
                    <Link to={r.href}>
                      <span dangerouslySetInnerHTML={{ __html: r.titleHtml }} />
                    </Link>
                  </h2>
                  {r.subtitle ? (
                    <p className="muted small" style={{ margin: 0 }}>
                      {r.subtitle}
                    </p>
                  ) : null}
                  {r.snippetHtml ? <p className="search-result__snippet" style={{ margin: '0.4rem 0 0' }} dangerouslySetInnerHTML={{ __html: r.snippetHtml }} /> : null}
                </li>
              ))}
            </ol>
          ) : (
            <div className="card">
              <p>Hãy thử:</p>
              <ul>
                <li>bớt từ, hoặc chỉ gõ những từ đặc trưng nhất;</li>
                <li>kiểm tra chính tả, hoặc gõ không dấu;</li>
                {kind ? (
                  <li>
                    <Link to={searchHref(query, null)}>tìm trong tất cả các mục</Link>.
                  </li>
                ) : null}
              </ul>
              <p className="muted small">Kết quả chỉ gồm những gì đồng chí được xem: chương trình đã gửi, biên bản đã ký, văn bản trong sổ văn bản của tổ chức mình.</p>
              <SearchTips />
            </div>
          )}
          <Pagination page={page} pageSize={pageSize} total={total} makeHref={(p) => searchHref(query, kind, p)} />
        </>
      )}
    </div>
  )
}

function KindLink({ q, kind, current, label, count }: { q: string; kind: SearchKind | null; current: SearchKind | null; label: string; count: number }) {
  const active = kind === current
  return (
    <Link className={`button button--small${active ? ' button--primary' : ''}`} to={searchHref(q, kind)} aria-current={active ? 'page' : undefined}>
      {label} ({count})
    </Link>
  )
}

function SearchTips() {
  return (
    <>
      <h2 style={{ fontSize: '1.05rem' }}>Mẹo tìm kiếm</h2>
      <ul>
        <li>
          Gõ không dấu cũng được: <Link to={searchHref('nghi quyet 22', null)}>nghi quyet 22</Link> tìm thấy “Nghị quyết 22”.
        </li>
        <li>Gõ nhiều từ để thu hẹp: kết quả phải có đủ các từ đã gõ.</li>
        <li>Từ cuối có thể gõ dở: “nghi quy” vẫn tìm thấy “nghị quyết”.</li>
        <li>Tìm văn bản theo số, ký hiệu: “05-NQ/CB”.</li>
      </ul>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

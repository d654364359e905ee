import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { ComplianceChart, ComplianceLegend, ComplianceTable, ComplianceTotals, GroupSummaryTable } from '~/components/compliance-grid'
import { Pagination } from '~/components/forms'
import {
  COMPLIANCE_SORTS,
  COMPLIANCE_SORT_LABELS,
  COMPLIANCE_STATE_INFO,
  COMPLIANCE_VIEWS,
  COMPLIANCE_VIEW_LABELS,
  THEMATIC_MISSING_LABEL,
  parseComplianceQuery,
  parseYear,
  statesOfView,
  type ComplianceStateFilter,
} from '~/domain/compliance'
import { packGroup, packRow } from '~/domain/compliance-wire'
import { ORG_KIND_LABELS } from '~/domain/constants'
import { toZonedParts } from '~/domain/vn-date'
import { requireUser } from '~/auth/session.server'
import { complianceGrid } from '~/models/compliance.server'
import { getDb } from '~/utils/db.server'
import { invariantResponse } from '~/utils/http.server'
import { foldVietnamese } from '~/utils/text'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Kiểm tra sinh hoạt — ${data?.org.name ?? ''} — Sổ chi bộ` }]

/**
 * Up to this many groups, the organisation filter is a plain select. An upper body has 1,000+
 * grass-roots organisations: their options were 124 KB of HTML plus the same list in the loader data,
 * so beyond it the filter is a search box answered here (a GET parameter, works without JavaScript).
 */
const ORG_SELECT_MAX = 50
/** Matches of an organisation search listed as links to pick from. */
const ORG_MATCHES_MAX = 20

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const url = new URL(request.url)
  const now = new Date()
  const currentYear = toZonedParts(now).year
  const year = parseYear(url.searchParams.get('year'), currentYear)
  invariantResponse(year !== null, 'Năm không hợp lệ: hãy chọn một năm từ 2000 đến 2100.', { status: 400 })
  const q = parseComplianceQuery(url.searchParams)
  const grid = complianceGrid(getDb(), actor, params.orgId!, year, { type: q.view, state: q.state, grassrootsId: q.grassrootsId, sort: q.sort, page: q.page, groupPage: q.groupPage }, now)
  const { cells, groups, groupOptions, ...rest } = grid
  const manyGroups = groupOptions.length > ORG_SELECT_MAX

  // The organisation search: one match (or one exact name) opens it, several are listed to choose from.
  const orgQuery = (url.searchParams.get('orgq') ?? '').trim()
  let orgSearch: { query: string; matches: { id: string; name: string }[]; total: number } | null = null
  if (orgQuery && !grid.groupsAreCells) {
    const folded = foldVietnamese(orgQuery)
    const matches = groupOptions.filter((g) => foldVietnamese(g.name).includes(folded))
    const exact = matches.filter((g) => foldVietnamese(g.name) === folded)
    const pick = matches.length === 1 ? matches[0] : exact.length === 1 ? exact[0] : null
    const next = new URLSearchParams(url.searchParams)
    next.delete('orgq')
    next.delete('page')
    next.delete('gpage')
    if (pick) {
      next.set('org', pick.id)
      throw redirect(`${url.pathname}?${next.toString()}`)
    }
    orgSearch = { query: orgQuery, matches: matches.slice(0, ORG_MATCHES_MAX), total: matches.length }
  }

  const showGroup = !grid.selectedGroup && !grid.groupsAreCells
  return {
    ...rest,
    currentYear,
    /** The select's options, only when they are few (see ORG_SELECT_MAX). */
    groupOptions: manyGroups ? null : groupOptions,
    orgSearch,
    groups: groups.map(packGroup),
    cells: cells.map((c) => packRow(c, showGroup)),
  }
}

function stateFilterLabel(state: ComplianceStateFilter | null): string | null {
  if (!state) return null
  return state === 'thematic_missing' ? THEMATIC_MISSING_LABEL : COMPLIANCE_STATE_INFO[state].short
}

export default function InspectOrganization() {
  const data = useLoaderData<typeof loader>()
  const { org, year, view, state, sort, selectedGroup } = data

  /** The current query with some parameters changed (null removes one); page resets unless given. */
  const href = (changes: Record<string, string | number | null>, path = '') => {
    const params = new URLSearchParams()
    const base: Record<string, string | number | null> = {
      year,
      org: selectedGroup?.id ?? null,
      type: view === 'regular' ? null : view,
      state,
      sort: sort === 'name' ? null : sort,
      page: null,
      gpage: null,
    }
    for (const [k, v] of Object.entries({ ...base, ...changes })) if (v !== null && v !== '') params.set(k, String(v))
    const qs = params.toString()
    return `${path}${qs ? `?${qs}` : ''}`
  }
  const exportHref = (ext: 'csv' | 'xlsx') => href({}, `/inspect/${org.id}.${ext}`)
  const filterLabel = stateFilterLabel(state)
  const years = [year - 1, year, year + 1].filter((y) => y <= data.currentYear + 1)
  const scopeName = selectedGroup?.name ?? org.name

  return (
    <div className="stack cg-page">
      <nav className="breadcrumb" aria-label="Vị trí">
        <ol>
          <li>
            <Link to="/inspect">Kiểm tra</Link>
          </li>
          <li>
            {selectedGroup ? <Link to={href({ org: null })}>{org.name}</Link> : <span aria-current="page">{org.name}</span>}
          </li>
          {selectedGroup ? (
            <li>
              <span aria-current="page">{selectedGroup.name}</span>
            </li>
          ) : null}
        </ol>
      </nav>
      <div className="page-head">
        <div>
          <h1>Tình hình sinh hoạt chi bộ năm {year}</h1>
          <p className="muted">
            {ORG_KIND_LABELS[selectedGroup?.kind ?? org.kind]}: {scopeName}
            {selectedGroup ? ` (thuộc ${org.name})` : ''} · {data.totalCells} chi bộ · hạn ký biên bản {data.minutesSignDays} ngày sau buổi họp
          </p>
        </div>
        <nav className="row cg-years" aria-label="Chọn năm">
          {years.map((y) =>
            y === year ? (
              <span key={y} className="button button--small cg-year--current" aria-current="page">
                Năm {y}
              </span>
            ) : (
              <Link key={y} className="button button--small" to={href({ year: y })}>
                {y < year ? `‹ Năm ${y}` : `Năm ${y} ›`}
              </Link>
            ),
          )}
        </nav>
      </div>

      <Form method="get" className="card cg-filters" aria-label="Lọc và sắp xếp">
        <input type="hidden" name="year" value={year} />
        {data.groupsAreCells ? null : data.groupOptions ? (
          <div className="field">
            <label htmlFor="f-org">Tổ chức cơ sở đảng</label>
            <select id="f-org" name="org" defaultValue={selectedGroup?.id ?? ''}>
              <option value="">Tất cả ({data.groupCount})</option>
              {data.groupOptions.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="f-org">Tổ chức cơ sở đảng</label>
            <input id="f-org" name="orgq" type="search" defaultValue={data.orgSearch?.query ?? selectedGroup?.name ?? ''} aria-describedby="f-org-hint" autoComplete="off" />
            <p id="f-org-hint" className="small muted">
              Gõ một phần tên (có dấu hoặc không) rồi bấm Lọc; để trống để xem cả {data.groupCount} tổ chức.
            </p>
          </div>
        )}
        <div className="field">
          <label htmlFor="f-type">Loại sinh hoạt</label>
          <select id="f-type" name="type" defaultValue={view}>
            {COMPLIANCE_VIEWS.map((v) => (
              <option key={v} value={v}>
                {COMPLIANCE_VIEW_LABELS[v]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-state">Chỉ chi bộ có tháng</label>
          <select id="f-state" name="state" defaultValue={state ?? ''}>
            <option value="">Mọi trạng thái</option>
            {statesOfView(view).map((s) => (
              <option key={s} value={s}>
                {COMPLIANCE_STATE_INFO[s].icon} {COMPLIANCE_STATE_INFO[s].label}
              </option>
            ))}
            <option value="thematic_missing">✗ {THEMATIC_MISSING_LABEL}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-sort">Sắp xếp</label>
          <select id="f-sort" name="sort" defaultValue={sort}>
            {COMPLIANCE_SORTS.map((s) => (
              <option key={s} value={s}>
                {COMPLIANCE_SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="row cg-filters__actions">
          <button type="submit" className="button button--primary">
            Lọc
          </button>
          {state || selectedGroup || data.orgSearch || view !== 'regular' || sort !== 'name' ? (
            <Link className="button" to={`/inspect/${org.id}?year=${year}`}>
              Bỏ lọc
            </Link>
          ) : null}
        </div>
      </Form>

      {data.orgSearch ? (
        <section className="card" aria-labelledby="cg-org-search-title">
          <h2 id="cg-org-search-title">
            {data.orgSearch.total === 0 ? `Không có tổ chức cơ sở đảng nào có tên chứa “${data.orgSearch.query}”` : `${data.orgSearch.total} tổ chức cơ sở đảng có tên chứa “${data.orgSearch.query}”`}
          </h2>
          {data.orgSearch.total > 0 ? (
            <>
              <p className="muted small">Chọn một tổ chức để xem các chi bộ của tổ chức đó.{data.orgSearch.total > data.orgSearch.matches.length ? ` Hiện ${data.orgSearch.matches.length} tổ chức đầu tiên: hãy gõ thêm chữ để thu hẹp.` : ''}</p>
              <ul>
                {data.orgSearch.matches.map((g) => (
                  <li key={g.id}>
                    <Link to={href({ org: g.id })}>{g.name}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="muted small">Hãy kiểm tra lại tên, hoặc để trống ô tìm để xem tất cả.</p>
          )}
        </section>
      ) : null}

      <div className="cg-overview">
        <section className="card" aria-labelledby="cg-totals-title">
          <h2 id="cg-totals-title">Tổng hợp — {scopeName}</h2>
          <ComplianceTotals totals={data.totals} />
        </section>
        <section className="card" aria-labelledby="cg-chart-h">
          <h2 id="cg-chart-h">Trạng thái theo tháng</h2>
          <ComplianceChart chart={data.chart} year={year} view={view} cells={data.totalCells} />
        </section>
      </div>

      <ComplianceLegend view={view} minutesSignDays={data.minutesSignDays} />

      {!data.groupsAreCells && !selectedGroup ? (
        <section aria-labelledby="cg-groups-title">
          <h2 id="cg-groups-title">Theo tổ chức cơ sở đảng</h2>
          <p className="muted small">Chọn tên một tổ chức để xem các chi bộ của tổ chức đó.</p>
          <GroupSummaryTable groups={data.groups} hrefFor={(g) => (g.kind === 'upper' ? `/inspect/${g.id}?year=${year}` : href({ org: g.id }))} stateFilterLabel={filterLabel} />
          <Pagination page={data.groupPage} pageSize={data.pageSize} total={data.groupCount} makeHref={(p) => href({ gpage: p })} />
        </section>
      ) : null}

      <section aria-labelledby="cg-cells-title">
        <div className="spread">
          <h2 id="cg-cells-title">
            {selectedGroup ? `Các chi bộ — ${selectedGroup.name}` : 'Các chi bộ'}
            {filterLabel ? ` có tháng “${filterLabel}”` : ''}
          </h2>
          <div className="row no-print">
            <a className="button button--small" href={exportHref('csv')} download>
              Tải bảng CSV
            </a>
            <a className="button button--small" href={exportHref('xlsx')} download>
              Tải bảng Excel
            </a>
            <Link className="button button--small" to={`/inspect/${org.id}/remarks`}>
              Nhận xét kiểm tra
            </Link>
            <Link className="button button--small" to={`/inspect/${org.id}/report?period=year&year=${year}`}>
              Báo cáo định kỳ
            </Link>
          </div>
        </div>
        <p className="muted small" aria-live="polite">
          {filterLabel ? `${data.matchingCells}/${data.totalCells} chi bộ khớp bộ lọc.` : `${data.totalCells} chi bộ.`}{' '}
          Mỗi ô là một tháng: biểu tượng và chữ cho biết trạng thái; di chuột (hoặc giữ ngón tay) trên ô để xem chi tiết, bấm để mở buổi sinh hoạt.
        </p>
        {data.cells.length === 0 ? (
          <div className="card empty">
            {data.totalCells === 0 ? (
              <p>Chưa có chi bộ nào trong phạm vi này. Khi quản trị viên thêm chi bộ, tình hình sinh hoạt sẽ hiện ở đây.</p>
            ) : (
              <p>
                Không có chi bộ nào có tháng ở trạng thái “{filterLabel}” trong năm {year}.{' '}
                <Link to={href({ state: null })}>Bỏ bộ lọc trạng thái</Link> để xem tất cả.
              </p>
            )}
          </div>
        ) : (
          <ComplianceTable
            year={year}
            view={view}
            rows={data.cells}
            caption={`${COMPLIANCE_VIEW_LABELS[view]} năm ${year} — ${scopeName}${data.matchingCells > data.pageSize ? ` (trang ${data.page})` : ''}`}
          />
        )}
        <Pagination page={data.page} pageSize={data.pageSize} total={data.matchingCells} makeHref={(p) => href({ page: p })} />
      </section>
    </div>
  )
}

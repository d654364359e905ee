// /inspect/:orgId/report — the periodic report (issue 7 item 5) for a month, a quarter or a year, over
// the organisation or one grass-roots organisation below it: counts and rates (meetings held /
// required, minutes on time / late / unsigned, missing, cancelled, thematic meetings per quarter,
// attendance, quality), per unit or per cell, the lists of missing and late items with links, and the
// remarks. Prints cleanly from the browser (print stylesheet under "/* inspection */" in app.css);
// the .docx of the same report is /inspect/:orgId/report.docx with the same query (reportView()).
// Inspectors of the organisation only; anyone else gets a 404.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { REPORT_PERIOD_KINDS, REPORT_PERIOD_KIND_LABELS, ROMAN, parseReportPeriod, rateText, reportQuery, shortDate } from '~/domain/remarks'
import { formatTime, formatUiDateShort } from '~/domain/vn-date'
import { requireUser } from '~/auth/session.server'
import { todayIso } from '~/models/members.server'
import { reportView } from '~/models/remarks.server'
import { getDb } from '~/utils/db.server'
import { invariantResponse } from '~/utils/http.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Báo cáo tình hình sinh hoạt chi bộ ${data.report.periodLabel} — ${data.report.scopeName} — Sổ chi bộ` : 'Báo cáo — Sổ chi bộ' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const url = new URL(request.url)
  const today = todayIso()
  const period = parseReportPeriod(url.searchParams, today)
  invariantResponse(period, 'Kỳ báo cáo không hợp lệ: hãy chọn tháng (1–12), quý (I–IV) hoặc năm (2000–2100).', { status: 400 })
  const unitId = url.searchParams.get('unit')?.trim() || null
  const report = reportView(getDb(), actor, params.orgId!, period, { unitId })
  return { report, query: reportQuery(period, report.unit?.id ?? null), currentYear: Number(today.slice(0, 4)) }
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

type Report = ReturnType<typeof useLoaderData<typeof loader>>['report']
type Tally = Report['total']

export default function InspectReport() {
  const { report, query, currentYear } = useLoaderData<typeof loader>()
  const { period, total, rates, org } = report
  const years: number[] = []
  for (let y = Math.min(period.year, currentYear - 5); y <= Math.max(period.year, currentYear + 1); y++) years.push(y)
  const month = period.kind === 'month' ? period.month : 1
  const quarter = period.kind === 'quarter' ? period.quarter : period.kind === 'month' ? Math.ceil(period.month / 3) : 1
  return (
    <div className="stack report-page">
      <nav className="breadcrumb no-print" aria-label="Vị trí">
        <ol>
          <li>
            <Link to="/inspect">Kiểm tra</Link>
          </li>
          <li>
            <Link to={`/inspect/${org.id}?year=${period.year}`}>{org.name}</Link>
          </li>
          <li>
            <span aria-current="page">Báo cáo định kỳ</span>
          </li>
        </ol>
      </nav>

      <Form method="get" className="card report-filters no-print" aria-label="Chọn kỳ báo cáo">
        <div className="field">
          <label htmlFor="r-period">Kỳ báo cáo</label>
          <select id="r-period" name="period" defaultValue={period.kind}>
            {REPORT_PERIOD_KINDS.map((k) => (
              <option key={k} value={k}>
                {REPORT_PERIOD_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="r-year">Năm</label>
          <select id="r-year" name="year" defaultValue={period.year}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="r-month">Tháng (khi chọn kỳ tháng)</label>
          <select id="r-month" name="month" defaultValue={month}>
            {Array.from({ length: 12 }, (_, i) => (
              <option key={i + 1} value={i + 1}>
                Tháng {i + 1}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="r-quarter">Quý (khi chọn kỳ quý)</label>
          <select id="r-quarter" name="quarter" defaultValue={quarter}>
            {ROMAN.map((r, i) => (
              <option key={r} value={i + 1}>
                Quý {r}
              </option>
            ))}
          </select>
        </div>
        {report.unitOptions.length ? (
          <div className="field">
            <label htmlFor="r-unit">Phạm vi</label>
            <select id="r-unit" name="unit" defaultValue={report.unit?.id ?? ''}>
              <option value="">Toàn bộ {org.name}</option>
              {report.unitOptions.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="row report-filters__actions">
          <button type="submit" className="button button--primary">
            Xem báo cáo
          </button>
        </div>
      </Form>

      <div className="row no-print">
        <a className="button" href={`/inspect/${org.id}/report.docx?${query}`} download>
          Tải .docx
        </a>
        <PrintButton />
        <Link className="button" to={`/inspect/${report.unit?.id ?? org.id}/remarks`}>
          Nhận xét kiểm tra
        </Link>
      </div>

      <article className="card report" aria-labelledby="report-title">
        <header className="report-head">
          <p className="report-org">{report.scopeName}</p>
          <h1 id="report-title">Báo cáo tình hình sinh hoạt chi bộ</h1>
          <p className="report-period">
            {cap(report.periodLabel)}
            {report.unit ? ` — ${report.unit.name} (thuộc ${org.name})` : ''}
          </p>
          <p className="muted small">
            Từ ngày {shortDate(report.range.from)} đến ngày {shortDate(report.range.to)}
            {report.ended ? '' : `; số liệu tính đến ngày ${shortDate(report.today)}`}. Biên bản ký quá {report.minutesSignDays} ngày sau buổi họp được tính là ký muộn. Lập lúc{' '}
            {formatTime(report.generatedAt)} ngày {formatUiDateShort(report.generatedAt)}.
          </p>
        </header>

        <section aria-labelledby="r-summary">
          <h2 id="r-summary">1. Tổng hợp</h2>
          <div className="table-wrap">
            <table className="table report-table">
              <caption className="sr-only">Số liệu tổng hợp {report.periodLabel}</caption>
              <thead>
                <tr>
                  <th scope="col">Chỉ tiêu</th>
                  <th scope="col" className="num">
                    Số lượng
                  </th>
                  <th scope="col" className="num">
                    Tỷ lệ
                  </th>
                </tr>
              </thead>
              <tbody>
                <Row label="Số chi bộ" value={total.cells} />
                <Row label="Lượt sinh hoạt thường kỳ phải tổ chức (chi bộ × tháng đã đến kỳ)" value={total.required} />
                <Row label="Đã sinh hoạt" value={total.held} rate={rates.text.held} rateNote="trên số phải tổ chức" />
                <Row label="Biên bản ký đúng hạn" value={total.signedOnTime} rate={rates.text.onTime} rateNote={`trên ${total.due} tháng đã đến hạn ký`} />
                <Row label="Biên bản ký muộn" value={total.signedLate} />
                <Row label={`Đã họp, biên bản chưa ký${total.unsignedOverdue ? ` (trong đó ${total.unsignedOverdue} đã quá hạn ký)` : ''}`} value={total.unsigned} />
                <Row label="Không sinh hoạt" value={total.missing} />
                <Row label="Buổi sinh hoạt bị hủy" value={total.cancelled} />
                {total.planned ? <Row label="Đã lên lịch, chưa đến ngày họp" value={total.planned} /> : null}
                <Row
                  label="Lượt đảng viên dự họp / phải dự (các buổi thường kỳ đã họp)"
                  value={`${total.attendance.present}/${total.attendance.expected}`}
                  rate={rates.text.attendance}
                />
              </tbody>
            </table>
          </div>
        </section>

        <section aria-labelledby="r-thematic">
          <h2 id="r-thematic">2. Sinh hoạt chuyên đề theo quý</h2>
          <div className="table-wrap">
            <table className="table report-table">
              <caption className="sr-only">Số chi bộ theo tình hình sinh hoạt chuyên đề của quý</caption>
              <thead>
                <tr>
                  <th scope="col">Quý</th>
                  <th scope="col" className="num">
                    Đã sinh hoạt chuyên đề
                  </th>
                  <th scope="col" className="num">
                    Đã lên lịch
                  </th>
                  <th scope="col" className="num">
                    Thiếu chuyên đề
                  </th>
                  <th scope="col" className="num">
                    Chưa đến quý
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.quarters.map((q) => (
                  <tr key={q.quarter}>
                    <th scope="row">
                      {q.label}/{period.year}
                    </th>
                    <td className="num">
                      {q.held} <span className="muted small">({rateText(q.held, total.cells)})</span>
                    </td>
                    <td className="num">{q.planned}</td>
                    <td className="num">{q.missing ? <strong>{q.missing}</strong> : 0}</td>
                    <td className="num">{q.not_due}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {period.kind === 'month' ? <p className="muted small">Kỳ báo cáo là một tháng: số liệu chuyên đề tính cho cả quý chứa tháng đó.</p> : null}
        </section>

        <section aria-labelledby="r-quality">
          <h2 id="r-quality">3. Chất lượng sinh hoạt (chi bộ tự đánh giá)</h2>
          {total.held === 0 ? (
            <p>Chưa có buổi sinh hoạt thường kỳ nào được tổ chức trong kỳ.</p>
          ) : (
            <div className="table-wrap">
              <table className="table report-table">
                <caption className="sr-only">Số buổi sinh hoạt theo mức xếp loại chất lượng</caption>
                <thead>
                  <tr>
                    <th scope="col">Xếp loại</th>
                    <th scope="col" className="num">
                      Số buổi
                    </th>
                    <th scope="col" className="num">
                      Tỷ lệ
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {report.quality.map((q) => (
                    <tr key={q.level}>
                      <th scope="row">{q.label}</th>
                      <td className="num">{q.count}</td>
                      <td className="num">{rateText(q.count, total.held)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section aria-labelledby="r-rows">
          <h2 id="r-rows">4. {report.rowsAreCells ? 'Theo chi bộ' : 'Theo tổ chức cơ sở đảng'}</h2>
          {report.rows.length === 0 ? (
            <p>Không có chi bộ nào trong phạm vi báo cáo.</p>
          ) : (
            <div className="table-wrap" role="region" aria-labelledby="r-rows" tabIndex={0}>
              <table className="table report-table report-table--wide">
                <caption className="sr-only">Số liệu {report.rowsAreCells ? 'từng chi bộ' : 'từng tổ chức cơ sở đảng'}</caption>
                <thead>
                  <tr>
                    <th scope="col">{report.rowsAreCells ? 'Chi bộ' : 'Tổ chức'}</th>
                    {report.rowsAreCells ? null : (
                      <th scope="col" className="num">
                        Chi bộ
                      </th>
                    )}
                    <th scope="col" className="num">
                      Phải SH
                    </th>
                    <th scope="col" className="num">
                      Đã SH
                    </th>
                    <th scope="col" className="num">
                      Đúng hạn
                    </th>
                    <th scope="col" className="num">
                      Ký muộn
                    </th>
                    <th scope="col" className="num">
                      Chưa ký
                    </th>
                    <th scope="col" className="num">
                      Không họp
                    </th>
                    <th scope="col" className="num">
                      Hủy
                    </th>
                    <th scope="col" className="num">
                      Tỷ lệ đúng hạn
                    </th>
                    <th scope="col" className="num">
                      Dự họp
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {report.rows.map((r) => (
                    <UnitRow key={r.id} name={r.name} href={r.href} tally={r.tally} rates={r.rates.text} showCells={!report.rowsAreCells} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="muted small">SH: sinh hoạt thường kỳ. “Phải SH” gồm các tháng đã đến kỳ (đã họp, không họp hoặc bị hủy).</p>
        </section>

        <section aria-labelledby="r-lists">
          <h2 id="r-lists">5. Danh sách cần lưu ý</h2>
          <ItemList id="r-missing" title="Không sinh hoạt" list={report.lists.missing} empty="Không có chi bộ nào bỏ sinh hoạt trong kỳ." />
          <ItemList id="r-cancelled" title="Buổi sinh hoạt bị hủy" list={report.lists.cancelled} empty="Không có buổi sinh hoạt nào bị hủy." />
          <ItemList id="r-late" title="Biên bản ký muộn" list={report.lists.late} empty="Không có biên bản nào ký muộn." />
          <ItemList id="r-unsigned" title="Biên bản chưa ký" list={report.lists.unsigned} empty="Không có biên bản nào chưa ký." />
          <ThematicList list={report.lists.thematicMissing} year={period.year} />
        </section>

        <section aria-labelledby="r-remarks">
          <h2 id="r-remarks">6. Nhận xét kiểm tra</h2>
          <p>
            Trong kỳ đã ký và gửi {report.remarks.signedInPeriod} nhận xét. Hiện có {report.remarks.open} nhận xét chờ chi bộ trả lời
            {report.remarks.overdue ? ` (trong đó ${report.remarks.overdue} quá hạn khắc phục)` : ''}, {report.remarks.answered} nhận xét chi bộ đã trả lời chờ đóng,{' '}
            {report.remarks.closed} nhận xét đã đóng.
          </p>
        </section>
      </article>
    </div>
  )
}

function Row({ label, value, rate, rateNote }: { label: string; value: number | string; rate?: string; rateNote?: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{value}</td>
      <td className="num">
        {rate ?? ''}
        {rate && rateNote ? <span className="muted small report-note"> {rateNote}</span> : null}
      </td>
    </tr>
  )
}

function UnitRow({ name, href, tally, rates, showCells }: { name: string; href: string; tally: Tally; rates: { onTime: string; attendance: string }; showCells: boolean }) {
  return (
    <tr>
      <th scope="row">
        <Link to={href}>{name}</Link>
      </th>
      {showCells ? <td className="num">{tally.cells}</td> : null}
      <td className="num">{tally.required}</td>
      <td className="num">{tally.held}</td>
      <td className="num">{tally.signedOnTime}</td>
      <td className="num">{tally.signedLate}</td>
      <td className="num">{tally.unsigned}</td>
      <td className="num">{tally.missing}</td>
      <td className="num">{tally.cancelled}</td>
      <td className="num">{rates.onTime}</td>
      <td className="num">{rates.attendance}</td>
    </tr>
  )
}

type ListOf = Report['lists']['missing']

function ItemList({ id, title, list, empty }: { id: string; title: string; list: ListOf; empty: string }) {
  return (
    <div className="report-list">
      <h3 id={id}>
        {title} ({list.total})
      </h3>
      {list.total === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table report-table" aria-labelledby={id}>
              <thead>
                <tr>
                  <th scope="col">Chi bộ</th>
                  <th scope="col">Thuộc</th>
                  <th scope="col">Tháng</th>
                  <th scope="col">Chi tiết</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((i) => (
                  <tr key={`${i.cellId}-${i.month}`}>
                    <td>{i.cellName}</td>
                    <td>{i.unitName === i.cellName ? '—' : i.unitName}</td>
                    <td>
                      <Link to={i.href}>
                        Tháng {i.month}
                        {i.meetingDate ? ` (họp ${shortDate(i.meetingDate)})` : ''}
                      </Link>
                    </td>
                    <td>{i.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.total > list.items.length ? <p className="muted small">Hiển thị {list.items.length}/{list.total} mục; tải bản .docx hoặc thu hẹp phạm vi để xem hết.</p> : null}
        </>
      )}
    </div>
  )
}

function ThematicList({ list, year }: { list: Report['lists']['thematicMissing']; year: number }) {
  return (
    <div className="report-list">
      <h3 id="r-thematic-missing">Thiếu sinh hoạt chuyên đề ({list.total})</h3>
      {list.total === 0 ? (
        <p className="muted">Chi bộ nào cũng đã sinh hoạt hoặc đã lên lịch sinh hoạt chuyên đề trong quý.</p>
      ) : (
        <div className="table-wrap">
          <table className="table report-table" aria-labelledby="r-thematic-missing">
            <thead>
              <tr>
                <th scope="col">Chi bộ</th>
                <th scope="col">Thuộc</th>
                <th scope="col">Quý</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((i) => (
                <tr key={`${i.cellId}-${i.quarter}`}>
                  <td>{i.cellName}</td>
                  <td>{i.unitName === i.cellName ? '—' : i.unitName}</td>
                  <td>
                    <Link to={i.href}>
                      Quý {ROMAN[i.quarter - 1]}/{year}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

function PrintButton() {
  return (
    <button type="button" className="button" onClick={() => window.print()}>
      In báo cáo
    </button>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

// The inspector's compliance views (UX.md "Inspector"): every state shown with colour AND an icon
// AND words, never colour alone. Pieces: the legend, a small chart of states per month (inline SVG
// with a text equivalent), the grass-roots summary and the cells × months table.
import { Link } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import {
  COMPLIANCE_STATE_INFO,
  QUARTER_MARK_INFO,
  ROMAN_QUARTERS,
  attendanceBand,
  describeMonth,
  describeUnexcusedCounts,
  percent,
  statesOfView,
  type ComplianceAggregate,
  type ComplianceState,
  type ComplianceView,
  type MonthCompliance,
  type QuarterMark,
  type StateCounts,
} from '~/domain/compliance'
import { FINDING_STATES, unpackMonths, unpackQuarters, type GridRowWire, type GroupRowWire } from '~/domain/compliance-wire'
import { QUALITY_LEVEL_LABELS } from '~/domain/quality'


export function StateLabel({ state, withText = true }: { state: ComplianceState; withText?: boolean }) {
  const info = COMPLIANCE_STATE_INFO[state]
  return (
    <span className={`cg-badge cg--${state}`}>
      <span aria-hidden="true" className="cg-icon">
        {info.icon}
      </span>
      {withText ? <span>{info.short}</span> : <span className="sr-only">{info.label}</span>}
    </span>
  )
}

export function ComplianceLegend({ view, minutesSignDays }: { view: ComplianceView; minutesSignDays: number }) {
  return (
    <section className="card cg-legend" aria-labelledby="cg-legend-title">
      <h2 id="cg-legend-title">
        Chú giải
      </h2>
      <ul className="cg-legend__list">
        {statesOfView(view).map((s) => (
          <li key={s}>
            <StateLabel state={s} />
            <span className="small">
              {COMPLIANCE_STATE_INFO[s].description}
              {s === 'signed_on_time' || s === 'signed_late' ? ` Thời hạn: ${minutesSignDays} ngày sau buổi họp.` : ''}
            </span>
          </li>
        ))}
        {view === 'regular' ? (
          <li>
            <span className="cg-badge cg--thematic">
              <span aria-hidden="true">◆</span> Chuyên đề
            </span>
            <span className="small">Trong tháng có buổi sinh hoạt chuyên đề đã diễn ra.</span>
          </li>
        ) : null}
        <li>
          <span className="cg-badge cg-q--missing">
            <span aria-hidden="true">{QUARTER_MARK_INFO.missing.icon}</span> Quý
          </span>
          <span className="small">
            Cột “Chuyên đề theo quý”: {(['held', 'planned', 'missing'] as QuarterMark[]).map((q) => `${QUARTER_MARK_INFO[q].icon} ${QUARTER_MARK_INFO[q].label.toLowerCase()}`).join('; ')}.
          </span>
        </li>
      </ul>
    </section>
  )
}

// ---------------------------------------------------------------------------------------------
// Chart

const CHART_W = 440
const CHART_H = 210
const PAD_L = 28
const PAD_B = 26
const PAD_T = 10

export function ComplianceChart({ chart, year, view, cells }: { chart: StateCounts[]; year: number; view: ComplianceView; cells: number }) {
  const states = statesOfView(view)
  const max = Math.max(1, cells)
  const plotH = CHART_H - PAD_B - PAD_T
  const slot = (CHART_W - PAD_L) / 12
  const barW = slot * 0.68
  const y = (n: number) => (n / max) * plotH
  const summary = chart.map((counts, i) => {
    const parts = states.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${COMPLIANCE_STATE_INFO[s].short.toLowerCase()}`)
    return `Tháng ${i + 1}: ${parts.length ? parts.join(', ') : 'không có chi bộ'}`
  })
  const titleId = `cg-chart-title-${year}`
  const descId = `cg-chart-desc-${year}`
  return (
    <figure className="cg-chart">
      <svg viewBox={`0 0 ${CHART_W} ${CHART_H}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="cg-chart__svg">
        <title id={titleId}>{`Trạng thái sinh hoạt của ${cells} chi bộ theo từng tháng năm ${year}`}</title>
        <desc id={descId}>{summary.join('. ')}</desc>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD_L} x2={CHART_W} y1={PAD_T + plotH - f * plotH} y2={PAD_T + plotH - f * plotH} className="cg-chart__grid" />
            <text x={PAD_L - 6} y={PAD_T + plotH - f * plotH + 4} textAnchor="end" className="cg-chart__axis">
              {Math.round(f * max)}
            </text>
          </g>
        ))}
        {chart.map((counts, i) => {
          let top = PAD_T + plotH
          const x = PAD_L + i * slot + (slot - barW) / 2
          return (
            <g key={i}>
              {states.map((s) => {
                const n = counts[s]
                if (!n) return null
                const h = y(n)
                top -= h
                return (
                  <g key={s}>
                    <rect x={x} y={top} width={barW} height={h} className={`cg-fill--${s}`}>
                      <title>{`Tháng ${i + 1}: ${n} chi bộ — ${COMPLIANCE_STATE_INFO[s].label}`}</title>
                    </rect>
                    {h >= 15 ? (
                      <text x={x + barW / 2} y={top + h / 2 + 5} textAnchor="middle" className={`cg-chart__icon cg-ink--${s}`} aria-hidden="true">
                        {COMPLIANCE_STATE_INFO[s].icon}
                      </text>
                    ) : null}
                  </g>
                )
              })}
              <text x={x + barW / 2} y={CHART_H - 8} textAnchor="middle" className="cg-chart__axis">
                {`T${i + 1}`}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption className="small muted">
        Mỗi cột là một tháng, chia theo số chi bộ ở từng trạng thái (biểu tượng trong cột như chú giải).
      </figcaption>
      <details className="small">
        <summary>Số liệu của biểu đồ</summary>
        <ul>
          {summary.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </details>
    </figure>
  )
}

// ---------------------------------------------------------------------------------------------
// Totals

export function ComplianceTotals({ totals }: { totals: ComplianceAggregate }) {
  const items: { value: string; label: string }[] = [
    { value: String(totals.cells), label: 'chi bộ' },
    { value: percent(totals.onTimeRate), label: `tháng ký biên bản đúng hạn (${totals.onTime}/${totals.due} tháng đã đến hạn)` },
    { value: String(totals.counts.signed_late), label: 'tháng ký biên bản muộn' },
    { value: String(totals.counts.unsigned), label: 'tháng đã họp, chưa ký biên bản' },
    { value: String(totals.counts.missing), label: `tháng không sinh hoạt (${totals.cellsWithMissing} chi bộ)` },
    { value: String(totals.counts.cancelled), label: 'buổi bị hủy không có buổi thay thế' },
    { value: String(totals.thematicMissing), label: 'quý thiếu sinh hoạt chuyên đề' },
    { value: percent(totals.attendance.rate), label: 'tỷ lệ đảng viên dự họp' },
    { value: String(totals.unexcusedFlagged), label: `đảng viên vắng không lý do từ 3 lần (${totals.unexcusedWarnings} đ/c 2 lần)` },
  ]
  return (
    <div className="stats cg-stats">
      {items.map((it) => (
        <div key={it.label}>
          <div className="stat">{it.value}</div>
          <div className="stat-label">{it.label}</div>
        </div>
      ))}
    </div>
  )
}

// ---------------------------------------------------------------------------------------------
// Grass-roots summary

export function GroupSummaryTable({ groups, hrefFor, stateFilterLabel }: { groups: GroupRowWire[]; hrefFor: (group: GroupRowWire) => string; stateFilterLabel: string | null }) {
  return (
    <div className="table-wrap responsive">
      <table className="table cg-groups">
        <caption className="sr-only">Tổng hợp theo tổ chức cơ sở đảng</caption>
        <thead>
          <tr>
            <th scope="col">Tổ chức cơ sở đảng</th>
            <th scope="col" className="num">
              Chi bộ
            </th>
            {FINDING_STATES.map((s) => (
              <th key={s} scope="col" className="num">
                <StateLabel state={s} />
              </th>
            ))}
            <th scope="col" className="num">
              Tỷ lệ đúng hạn
            </th>
            <th scope="col" className="num">
              Quý thiếu chuyên đề
            </th>
            <th scope="col" className="num">
              Dự họp
            </th>
            {stateFilterLabel ? (
              <th scope="col" className="num">
                Chi bộ có “{stateFilterLabel}”
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.id}>
              <th scope="row" data-label="Tổ chức cơ sở đảng">
                <Link to={hrefFor(g)}>{g.name}</Link>
                {g.isCell ? <span className="cg-sub">Chi bộ cơ sở</span> : null}
              </th>
              <td className="num" data-label="Chi bộ">
                {g.cells}
              </td>
              {FINDING_STATES.map((s, i) => (
                <td key={s} className="num" data-label={COMPLIANCE_STATE_INFO[s].short}>
                  {g.counts[i]}
                </td>
              ))}
              <td className="num" data-label="Tỷ lệ đúng hạn">
                {percentOf(g.onTime, g.due)}
              </td>
              <td className="num" data-label="Quý thiếu chuyên đề">
                {g.thematicMissing}
              </td>
              <td className="num" data-label="Dự họp">
                {percentOf(g.present, g.expected)}
              </td>
              {stateFilterLabel ? (
                <td className="num" data-label={`Chi bộ có “${stateFilterLabel}”`}>
                  {g.matchingCells}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

// ---------------------------------------------------------------------------------------------
// The grid
//
// Rows arrive packed (app/domain/compliance-wire.ts) and the markup per month is what the page needs:
// the state's icon and the quarter marks' icons come from CSS (app.css, `.cg--<state> > .cg-link::before`),
// and the long per-month description is written into `title` only when the pointer or the keyboard
// focus reaches the month (one listener on the table): 1,200 titles were a third of the page's bytes.

function MonthCell({ m, view }: { m: MonthCompliance; view: ComplianceView }) {
  const info = COMPLIANCE_STATE_INFO[m.state]
  const thematic = view === 'regular' && m.thematic
  const overdue = m.state === 'unsigned' && m.overdue
  const content = (
    <>
      {info.short}
      {thematic ? <span className="sr-only">, có sinh hoạt chuyên đề</span> : null}
      {m.quality ? <span className="cg-quality">{QUALITY_LEVEL_LABELS[m.quality]}</span> : null}
      {overdue ? <span className="sr-only">, quá hạn ký</span> : null}
    </>
  )
  return (
    <td className={`cg-cell cg--${m.state}${overdue ? ' cg--overdue' : ''}${thematic ? ' cg-th' : ''}`}>
      {m.meetingId ? (
        <a href={`/inspect/meetings/${m.meetingId}`} className="cg-link">
          {content}
        </a>
      ) : (
        <span className="cg-link">{content}</span>
      )}
    </td>
  )
}

function percentOf(part: number, whole: number): string {
  return percent(whole > 0 ? part / whole : null)
}

export function ComplianceTable({ year, view, rows, caption }: { year: number; view: ComplianceView; rows: GridRowWire[]; caption: string }) {
  const wrap = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const el = wrap.current
    if (!el) return
    // React does not own these titles: ones written for the previous rows (another page, view or year
    // on the same elements) would be stale.
    for (const t of el.querySelectorAll('.cg-link[title], .cg-q[title]')) t.removeAttribute('title')
    const describe = (event: Event) => {
      const target = (event.target as Element | null)?.closest?.<HTMLElement>('.cg-link, .cg-q')
      if (!target || target.title) return
      if (target.classList.contains('cg-q')) {
        target.title = `Quý ${target.textContent ?? ''}`
        return
      }
      const td = target.parentElement as HTMLTableCellElement
      const row = rows[(td.parentElement as HTMLTableRowElement).sectionRowIndex]
      const month = row ? unpackMonths(year, row)[td.cellIndex - 1] : undefined
      if (row && month) target.title = describeMonth(year, month, row.minutesSignDays, view)
    }
    el.addEventListener('pointerover', describe)
    el.addEventListener('focusin', describe)
    return () => {
      el.removeEventListener('pointerover', describe)
      el.removeEventListener('focusin', describe)
    }
  }, [rows, year, view])

  return (
    <div ref={wrap} className="table-wrap cg-wrap" role="region" aria-labelledby="cg-caption" tabIndex={0}>
      <table className="cg-table">
        <caption id="cg-caption" className="cg-caption">
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="cg-name">
              Chi bộ
            </th>
            {Array.from({ length: 12 }, (_, i) => (
              <th scope="col" key={i} className="cg-month">
                <abbr title={`Tháng ${i + 1}/${year}`}>T{i + 1}</abbr>
              </th>
            ))}
            <th scope="col" className="cg-narrow">
              Chuyên đề theo quý
            </th>
            <th scope="col" className="cg-narrow">
              Đúng hạn
            </th>
            <th scope="col" className="cg-narrow">
              Dự họp
            </th>
            <th scope="col" className="cg-narrow">
              Vắng không lý do
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => {
            const attendanceRate = c.expected > 0 ? c.present / c.expected : null
            return (
              <tr key={c.id}>
                <th scope="row" className="cg-name">
                  <Link to={`/orgs/${c.id}`}>{c.name}</Link>
                  {c.group ? <span className="cg-sub">{c.group}</span> : null}
                </th>
                {unpackMonths(year, c).map((m) => (
                  <MonthCell key={m.month} m={m} view={view} />
                ))}
                <td className="cg-quarters">
                  <span className="cg-quarters__grid">
                    {unpackQuarters(c).map((q, i) => (
                      <span key={i} className={`cg-q cg-q--${q}`}>
                        {ROMAN_QUARTERS[i]}
                        <span className="sr-only">{`: ${QUARTER_MARK_INFO[q].label}`}</span>
                      </span>
                    ))}
                  </span>
                </td>
                <td className="num" title={`${c.onTime}/${c.due} tháng đã đến hạn được ký đúng hạn`}>
                  {percentOf(c.onTime, c.due)}
                  <span className="cg-sub">{`${c.onTime}/${c.due}`}</span>
                </td>
                <td className={`num cg-att--${attendanceBand(attendanceRate) ?? 'none'}`} title={c.expected ? `Có mặt ${c.present}/${c.expected} lượt phải dự` : 'Chưa có số liệu điểm danh'}>
                  {percent(attendanceRate)}
                </td>
                <td className="cg-flags">
                  {c.flagged || c.warned ? (
                    <span title={describeUnexcusedCounts(c.flagged, c.warned)}>
                      {c.flagged ? (
                        <span className="cg-flag cg-flag--flag">
                          <span aria-hidden="true">⚑ </span>
                          {c.flagged} đ/c ≥3 lần
                        </span>
                      ) : null}
                      {c.warned ? (
                        <span className="cg-flag cg-flag--warning">
                          <span aria-hidden="true">⚠ </span>
                          {c.warned} đ/c 2 lần
                        </span>
                      ) : null}
                    </span>
                  ) : (
                    <span className="muted">Không</span>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

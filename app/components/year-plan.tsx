// The pieces of a cell's year plan: the 12-month strip, the month calendar, the list of meetings,
// the warnings with a way to fix each, and the status badge. States are told by text and a symbol,
// with colour only as a second cue (UX.md "never colour alone").
import { Link } from '@remix-run/react'
import { MEETING_TYPE_LABELS } from '~/domain/constants'
import type { ScheduleWarning } from '~/domain/schedule'
import { WEEKDAY_NAMES, daysInMonth, formatUiDate, formatUiDateShort, toIsoDate as localDate, toZonedParts } from '~/domain/vn-date'
import type { PlanMeeting } from '~/models/planning.server'
import { MEETING_TYPE_SHORT, StatusBadge } from './year-strip'

// The strip and the badge live in ./year-strip so the home page, which shows only the strip, loads
// none of the rest.
export { MEETING_TYPE_SHORT, StatusBadge, YearStrip } from './year-strip'

export const ROMAN_QUARTERS = ['', 'I', 'II', 'III', 'IV'] as const

// ---------------------------------------------------------------------------------------------
// Warnings

export type WarningFix = { href: string; label: string } | null

/** Where the secretary fixes a warning, and what the link says. */
export function warningFix(w: ScheduleWarning, ctx: { orgId: string; year: number }): WarningFix {
  switch (w.code) {
    case 'missing_regular':
      return { href: `/orgs/${ctx.orgId}/meetings/new?type=regular&year=${ctx.year}&month=${w.month}`, label: `Thêm buổi sinh hoạt thường kỳ tháng ${w.month}` }
    case 'missing_thematic':
      return { href: `/orgs/${ctx.orgId}/plan?year=${ctx.year}&quarter=${w.quarter}#thematic-form`, label: `Lên kế hoạch chuyên đề quý ${ROMAN_QUARTERS[w.quarter ?? 0]}` }
    case 'agenda_late':
    case 'agenda_due':
      return w.meetingId ? { href: `/meetings/${w.meetingId}`, label: 'Soạn và gửi chương trình' } : null
    case 'short_duration':
      return w.meetingId ? { href: `/meetings/${w.meetingId}/schedule`, label: 'Sửa thời lượng' } : null
    default:
      return null
  }
}

/** How many warnings show before "Xem thêm". */
const VISIBLE_WARNINGS = 5

/**
 * The warnings at the top of the plan. Months still to come without a regular meeting are folded
 * into one line so a new year does not read as twelve alarms.
 */
export function PlanWarnings({
  warnings,
  orgId,
  year,
  canFix,
}: {
  warnings: ScheduleWarning[]
  orgId: string
  year: number
  canFix: boolean
}) {
  const upcoming = warnings.filter((w) => w.code === 'missing_regular' && w.severity === 'info')
  const folded = upcoming.length > 1
  // What needs doing first: warnings before notes, each group in the order the rules gave.
  const shown = (folded ? warnings.filter((w) => !upcoming.includes(w)) : warnings)
    .map((w, i) => ({ w, i }))
    .sort((a, b) => (a.w.severity === b.w.severity ? a.i - b.i : a.w.severity === 'warning' ? -1 : 1))
    .map(({ w }) => w)
  const head = shown.slice(0, VISIBLE_WARNINGS)
  const rest = shown.slice(VISIBLE_WARNINGS)
  const serious = warnings.filter((w) => w.severity === 'warning').length
  const item = (w: ScheduleWarning, i: number) => {
    const fix = canFix ? warningFix(w, { orgId, year }) : null
    return (
      <li key={`${w.code}-${w.month ?? ''}-${w.quarter ?? ''}-${w.meetingId ?? ''}-${i}`} className={`plan-warning plan-warning--${w.severity}`}>
        <span className="plan-warning__tag">
          <span aria-hidden="true">{w.severity === 'warning' ? '⚠ ' : 'ℹ '}</span>
          {w.severity === 'warning' ? 'Cần xử lý' : 'Lưu ý'}
        </span>{' '}
        {w.message}
        {fix ? (
          <>
            {' '}
            <Link className="plan-warning__fix" to={fix.href}>
              {fix.label}
            </Link>
          </>
        ) : null}
      </li>
    )
  }
  if (warnings.length === 0) {
    return (
      <div className="alert alert--success" role="status">
        <p>
          <span aria-hidden="true">✓ </span>Kế hoạch năm {year} không có cảnh báo: đủ sinh hoạt thường kỳ hằng tháng và chuyên đề hằng quý.
        </p>
      </div>
    )
  }
  return (
    <section className={`alert ${serious ? 'alert--warning' : 'alert--info'} plan-warnings`} role="status" aria-labelledby="plan-warnings-title">
      <h2 id="plan-warnings-title" className="plan-warnings__title">
        {serious ? `${serious} điểm cần xử lý` : 'Lưu ý'}
        {serious && warnings.length > serious ? `, ${warnings.length - serious} lưu ý` : ''}
      </h2>
      <ul className="plan-warnings__list">
        {head.map(item)}
        {folded ? (
          <li className="plan-warning plan-warning--info">
            <span className="plan-warning__tag">
              <span aria-hidden="true">ℹ </span>Lưu ý
            </span>{' '}
            Chưa lên kế hoạch sinh hoạt thường kỳ {upcoming.length === 12 ? `cả 12 tháng năm ${year}` : `các tháng ${upcoming.map((w) => w.month).join(', ')}/${year}`}.
            {canFix ? ` Bấm "Tạo kế hoạch năm ${year}" để tạo các buổi này theo quy định ngày họp.` : ''}
          </li>
        ) : null}
      </ul>
      {rest.length ? (
        <details className="plan-warnings__more">
          <summary>Xem thêm {rest.length} mục</summary>
          <ul className="plan-warnings__list">{rest.map((w, i) => item(w, i + VISIBLE_WARNINGS))}</ul>
        </details>
      ) : null}
    </section>
  )
}

// ---------------------------------------------------------------------------------------------
// List

export function PlanTable({ meetings, year, canPlan }: { meetings: PlanMeeting[]; year: number; canPlan: boolean }) {
  if (meetings.length === 0) {
    return (
      <div className="card empty">
        <p>Chưa có buổi sinh hoạt nào trong năm {year}.</p>
        <p>
          {canPlan
            ? `Bấm "Tạo kế hoạch năm ${year}" để tạo 12 buổi sinh hoạt thường kỳ theo quy định ngày họp của chi bộ, rồi lên kế hoạch chuyên đề cho từng quý.`
            : 'Bí thư chi bộ chưa lên kế hoạch sinh hoạt cho năm này.'}
        </p>
      </div>
    )
  }
  return (
    <div className="table-wrap responsive">
      <table className="table plan-table">
        <caption className="sr-only">Các buổi sinh hoạt năm {year}</caption>
        <thead>
          <tr>
            <th scope="col">Ngày</th>
            <th scope="col">Giờ</th>
            <th scope="col">Loại</th>
            <th scope="col">Nội dung</th>
            <th scope="col">Trạng thái</th>
            <th scope="col">Chương trình</th>
            {canPlan ? <th scope="col">Lịch</th> : null}
          </tr>
        </thead>
        <tbody>
          {meetings.map((m) => (
            <tr key={m.id} className={m.status === 'cancelled' ? 'plan-table__cancelled' : undefined}>
              <td data-label="Ngày">{formatUiDate(m.date)}</td>
              <td data-label="Giờ">{m.time}</td>
              <td data-label="Loại">{MEETING_TYPE_LABELS[m.type]}</td>
              <td data-label="Nội dung">
                <Link to={`/meetings/${m.id}`}>{m.title}</Link>
                {m.drafterName ? <div className="small muted">Dự thảo: đ/c {m.drafterName}</div> : null}
                {m.movedFrom && m.status !== 'cancelled' ? (
                  <div className="small muted">
                    Dời từ {formatUiDateShort(m.movedFrom)}
                    {m.moveReason ? ` — ${m.moveReason}` : ''}
                  </div>
                ) : null}
                {m.status === 'cancelled' && m.cancelledReason ? <div className="small muted">Lý do hủy: {m.cancelledReason}</div> : null}
              </td>
              <td data-label="Trạng thái">
                <StatusBadge status={m.status} />
              </td>
              <td data-label="Chương trình">
                {m.status === 'cancelled' ? '—' : m.published && m.publishedAt ? `Đã gửi ngày ${formatUiDateShort(m.publishedAt)}` : 'Chưa gửi'}
              </td>
              {canPlan ? (
                <td data-label="Lịch">
                  {m.status === 'signing' || m.status === 'signed' || m.status === 'cancelled' ? (
                    <span className="muted">—</span>
                  ) : (
                    <Link to={`/meetings/${m.id}/schedule`} aria-label={`Đổi lịch, sửa thông tin: ${m.title}, ${formatUiDateShort(m.date)}`}>
                      Đổi lịch, sửa
                    </Link>
                  )}
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
// Month calendar

const MONDAY_FIRST = [1, 2, 3, 4, 5, 6, 0]

/** A 7-column month grid, Thứ Hai to Chủ nhật; every meeting is a link (keyboard: Tab / Shift+Tab). */
export function MonthCalendar({ year, month, meetings, today }: { year: number; month: number; meetings: PlanMeeting[]; today: string }) {
  const length = daysInMonth(year, month)
  const first = toZonedParts(`${year}-${String(month).padStart(2, '0')}-01`).weekday
  const lead = (first + 6) % 7
  const cells: (number | null)[] = [...Array.from({ length: lead }, () => null), ...Array.from({ length }, (_, i) => i + 1)]
  while (cells.length % 7 !== 0) cells.push(null)
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7))
  const byDay = new Map<number, PlanMeeting[]>()
  for (const m of meetings) {
    if (Number(m.date.slice(0, 4)) !== year || m.month !== month) continue
    const day = Number(m.date.slice(8, 10))
    byDay.set(day, [...(byDay.get(day) ?? []), m])
  }
  const movedAway = new Map<number, PlanMeeting[]>()
  for (const m of meetings) {
    if (!m.movedFrom || m.status === 'cancelled') continue
    const from = toZonedParts(m.movedFrom)
    if (from.year !== year || from.month !== month || m.date === localDate(m.movedFrom)) continue
    movedAway.set(from.day, [...(movedAway.get(from.day) ?? []), m])
  }
  const iso = (day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  return (
    <div className="month-calendar">
      <table className="month-calendar__grid">
        <caption className="sr-only">
          Lịch sinh hoạt tháng {month} năm {year}
        </caption>
        <thead>
          <tr>
            {MONDAY_FIRST.map((d) => (
              <th key={d} scope="col">
                {WEEKDAY_NAMES[d]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, w) => (
            <tr key={w}>
              {week.map((day, i) => {
                if (day === null) return <td key={i} className="month-calendar__blank" aria-hidden="true" />
                const list = byDay.get(day) ?? []
                const moved = movedAway.get(day) ?? []
                const isToday = iso(day) === today
                return (
                  <td
                    key={i}
                    className={`month-calendar__day${list.length || moved.length ? ' month-calendar__day--busy' : ''}${isToday ? ' month-calendar__day--today' : ''}`}
                    data-label={formatUiDate(iso(day))}
                  >
                    <span className="month-calendar__num">
                      {day}
                      {isToday ? <span className="month-calendar__today"> hôm nay</span> : null}
                    </span>
                    {list.length || moved.length ? (
                      <ul className="month-calendar__list">
                        {moved.map((m) => (
                          <li key={`moved-${m.id}`} className="month-calendar__meeting month-calendar__meeting--moved">
                            <Link to={`/meetings/${m.id}`}>
                              <span aria-hidden="true">↻ </span>
                              {MEETING_TYPE_SHORT[m.type]} đã dời sang {formatUiDateShort(m.date).slice(0, 5)}
                            </Link>
                          </li>
                        ))}
                        {list.map((m) => (
                          <li key={m.id} className={`month-calendar__meeting month-calendar__meeting--${m.status === 'cancelled' ? 'cancelled' : m.type}`}>
                            <Link to={`/meetings/${m.id}`}>
                              <span className="sr-only">{formatUiDate(m.date)}, </span>
                              {m.time} {MEETING_TYPE_SHORT[m.type]}
                              {m.status === 'cancelled' ? ' (đã hủy)' : ''}
                              {m.type === 'thematic' && m.topic ? <span className="month-calendar__topic">{m.topic}</span> : null}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {byDay.size === 0 && movedAway.size === 0 ? (
        <p className="muted month-calendar__empty">
          Tháng {month}/{year} chưa có buổi sinh hoạt nào.
        </p>
      ) : null}
    </div>
  )
}

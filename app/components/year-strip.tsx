// The 12-month strip of a cell's year plan and the meeting status badge (see ./year-plan for the
// rest). States are told by text and a symbol, with colour only as a second cue (UX.md "never colour
// alone").
import { Link } from '@remix-run/react'
import { MEETING_STATUS_LABELS, type MeetingStatus, type MeetingType } from '~/domain/constants'
import { WEEKDAY_NAMES, formatUiDateShort, toZonedParts } from '~/domain/vn-date'
import type { MonthSummary } from '~/models/planning.server'

/** Short names for tight places (strip, calendar); the full ones are MEETING_TYPE_LABELS. */
export const MEETING_TYPE_SHORT: Record<MeetingType, string> = {
  regular: 'Thường kỳ',
  thematic: 'Chuyên đề',
  combined: 'Thường kỳ kết hợp chuyên đề',
  committee: 'Họp chi ủy',
  extraordinary: 'Bất thường',
  annual_review: 'Kiểm điểm cuối năm',
  congress: 'Đại hội chi bộ',
  admission: 'Kết nạp đảng viên',
}

const STATUS_TONE: Record<MeetingStatus, string> = {
  planned: '',
  prepared: 'badge--info',
  in_progress: 'badge--warn',
  minutes_draft: 'badge--warn',
  signing: 'badge--warn',
  signed: 'badge--ok',
  cancelled: 'badge--danger',
}
const STATUS_SYMBOL: Record<MeetingStatus, string> = {
  planned: '○',
  prepared: '◐',
  in_progress: '▶',
  minutes_draft: '✎',
  signing: '✎',
  signed: '✓',
  cancelled: '✕',
}

export function StatusBadge({ status }: { status: MeetingStatus }) {
  return (
    <span className={`badge ${STATUS_TONE[status]}`}>
      <span aria-hidden="true">{STATUS_SYMBOL[status]} </span>
      {MEETING_STATUS_LABELS[status]}
    </span>
  )
}

/** "Thứ Năm, 05/02" */
function dayAndMonth(date: string): string {
  const p = toZonedParts(date)
  return `${WEEKDAY_NAMES[p.weekday]}, ${String(p.day).padStart(2, '0')}/${String(p.month).padStart(2, '0')}`
}

// ---------------------------------------------------------------------------------------------
// The 12-month strip

export function YearStrip({
  year,
  months,
  today,
  monthHref,
  selectedMonth,
}: {
  year: number
  months: MonthSummary[]
  today: string
  monthHref: (month: number) => string
  selectedMonth?: number
}) {
  const currentMonth = Number(today.slice(0, 4)) === year ? Number(today.slice(5, 7)) : null
  return (
    <ol className="year-strip" aria-label={`Kế hoạch 12 tháng năm ${year}`}>
      {months.map((m) => {
        const started = `${year}-${String(m.month).padStart(2, '0')}-01` <= today
        const problem = m.warnings.some((w) => w.severity === 'warning')
        const state = !m.regular ? (started ? 'missing' : 'empty') : problem ? 'warn' : 'ok'
        return (
          <li
            key={m.month}
            className={`plan-month plan-month--${state}${m.month === currentMonth ? ' plan-month--current' : ''}${m.month === selectedMonth ? ' plan-month--selected' : ''}`}
          >
            <Link className="plan-month__head" to={monthHref(m.month)} aria-current={m.month === selectedMonth ? 'true' : undefined}>
              Tháng {m.month}
              {m.month === currentMonth ? <span className="plan-month__now"> (tháng này)</span> : null}
            </Link>
            {m.regular ? (
              <p className="plan-month__line">
                <span aria-hidden="true">● </span>
                {m.regular.type === 'combined' ? 'Thường kỳ + chuyên đề' : 'Thường kỳ'}: {dayAndMonth(m.regular.date)}, {m.regular.time}
                <br />
                <StatusBadge status={m.regular.status} />
              </p>
            ) : (
              <p className="plan-month__line plan-month__missing">
                <span aria-hidden="true">{started ? '⚠ ' : '… '}</span>
                {started ? 'Không có buổi thường kỳ' : 'Chưa lên kế hoạch'}
              </p>
            )}
            {m.regular?.movedFrom ? (
              <p className="plan-month__line plan-month__moved">
                <span aria-hidden="true">↻ </span>
                Dời từ ngày {formatUiDateShort(m.regular.movedFrom).slice(0, 5)}
              </p>
            ) : null}
            {m.cancelled.length > 0 ? (
              <p className="plan-month__line plan-month__cancelled">
                <span aria-hidden="true">✕ </span>
                Đã hủy buổi ngày {formatUiDateShort(m.cancelled[0].date).slice(0, 5)}
              </p>
            ) : null}
            {m.thematic.map((t) => (
              <p key={t.id} className="plan-month__line plan-month__thematic">
                <span aria-hidden="true">★ </span>
                Chuyên đề{t.type === 'thematic' ? ` ${formatUiDateShort(t.date).slice(0, 5)}` : ''}: <span className="plan-month__topic">{t.topic}</span>
              </p>
            ))}
            {m.others.length > 0 ? (
              <p className="plan-month__line">
                <span aria-hidden="true">+ </span>
                {m.others.map((o) => MEETING_TYPE_SHORT[o.type]).join(', ')}
              </p>
            ) : null}
            {problem ? (
              <p className="plan-month__line plan-month__flag">
                <span aria-hidden="true">⚠ </span>
                {m.warnings.filter((w) => w.severity === 'warning').length} cảnh báo
              </p>
            ) : null}
          </li>
        )
      })}
    </ol>
  )
}

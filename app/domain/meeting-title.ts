// A meeting's title and publication, as pure functions of its row: the models (meetings.server.ts
// re-exports them) and what must not pull the database in — the search rows the scale generator's
// worker builds (app/domain/search-rows.ts) — use the same ones.
import { MEETING_TYPE_LABELS, type MeetingType } from './constants'
import { monthLabel } from './vn-date'

/** "Sinh hoạt chi bộ thường kỳ tháng 02 năm 2026", or the thematic topic. */
export function meetingTitle(m: { type: MeetingType; topic: string | null; periodYear: number; periodMonth: number }): string {
  const label = MEETING_TYPE_LABELS[m.type]
  if (m.type === 'regular') return `${label} ${monthLabel(m.periodYear, m.periodMonth)}`
  if (m.type === 'thematic') return m.topic ? `${label}: ${m.topic}` : `${label} ${monthLabel(m.periodYear, m.periodMonth)}`
  if (m.type === 'combined') return `${label} ${monthLabel(m.periodYear, m.periodMonth)}${m.topic ? `: ${m.topic}` : ''}`
  return m.topic ? `${label}: ${m.topic}` : `${label} ${monthLabel(m.periodYear, m.periodMonth)}`
}

export function isPublished(m: { status: string; publishedAt: string | null }): boolean {
  return m.publishedAt !== null && m.status !== 'planned'
}

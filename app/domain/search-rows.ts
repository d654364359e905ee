// The rows of the full-text index (app/models/search.server.ts), as pure functions of what was read:
// the incremental Indexer (one change at a time), rebuildSearchIndex (everything, read in bulk) and
// the scale generator's worker (db/seed/scale-build.ts, from the rows it builds in memory) all build
// exactly the same rows with these — tests/integration/scale.test.ts compares them. No I/O, and
// nothing that pulls the database in (the worker imports this).
import { isPublished, meetingTitle } from './meeting-title'
import type { MeetingStatus, MeetingType } from './constants'
import { indexText } from './search-text'
import { formatUiDateShort } from './vn-date'
import type { RichText } from '../rich-text/types'
import { toPlainText } from '../rich-text/validate'

/** One row of search_docs as the indexer builds it (original, unfolded text). */
export type IndexRow = {
  /** Minutes only: 'signed' (members), 'draft' (those who draft), '' (the same text for both). */
  variant: string
  orgId: string
  meetingId: string | null
  /** What the visibility rule tests besides the organisation: publication, status. */
  gate: string
  /** The contribution's author (member id) or the remark's inspector (user id). */
  ownerId: string | null
  title: string
  subtitle: string | null
  /** Indexed with the title but not shown (a document's citation, an agenda's item titles). */
  keywords: string
  /** Shown as the snippet ('' for agendas: the result is cut from the live items, see agendaHit). */
  body: string
  /** Indexed as the body when it is not stored (an agenda's item texts). */
  indexedBody?: string
  shownAt: string | null
}

export type MeetingFields = {
  id: string
  cellId: string
  type: MeetingType
  topic: string | null
  periodYear: number
  periodMonth: number
  startsAt: string
  status: MeetingStatus
  publishedAt: string | null
}
export type AgendaSource<B = unknown> = { title: string; body: B }
export type ContributionSource<B = unknown> = { memberId: string; status: string; title: string; body: B; submittedAt: string | null; updatedAt: string; authorName: string }

export const plain = (doc: unknown) => (doc ? toPlainText(doc as RichText) : '')
const lowerFirst = (s: string) => (s ? s[0].toLocaleLowerCase('vi') + s.slice(1) : s)

type Section = { title?: string; body?: unknown }
/** A narrative's text: each section's title and body, sections apart by a blank line. */
export function narrativeText(sections: unknown): string {
  if (!Array.isArray(sections)) return ''
  return (sections as Section[])
    .map((s) => [s.title ?? '', plain(s.body)].filter(Boolean).join('\n'))
    .filter(Boolean)
    .join('\n\n')
}

export function signedNarrativeText(narrativeJson: string | null | undefined): string {
  if (!narrativeJson) return ''
  try {
    return narrativeText(JSON.parse(narrativeJson))
  } catch {
    return ''
  }
}

/**
 * ONE row per meeting agenda, not one per item: the template's item titles ("Thu nộp đảng phí")
 * repeat in every meeting, and a search must find the meeting once. The item titles weigh as the
 * title; their texts are indexed as the body but not stored (agendaHit cuts the snippet from the
 * live items and links to the matching one).
 */
export function agendaRow<B>(m: MeetingFields, items: readonly AgendaSource<B>[], plainOf: (body: B) => string = plain): IndexRow | null {
  if (items.length === 0) return null
  return {
    variant: '',
    orgId: m.cellId,
    meetingId: m.id,
    gate: isPublished(m) ? 'published' : 'unpublished',
    ownerId: null,
    title: meetingTitle(m),
    subtitle: null,
    keywords: items.map((i) => i.title).join('\n'),
    body: '',
    indexedBody: items
      .map((i) => plainOf(i.body))
      .filter(Boolean)
      .join('\n'),
    shownAt: m.startsAt,
  }
}

/**
 * Members read the current signed version's text; those who draft read the narrative being written
 * (falling back to the signed text). When both rows would be the same — every signed meeting without
 * a correction in progress — one row with variant '' serves both readers.
 */
export function minutesRowsOf(m: MeetingFields, liveText: string, signed: { text: string; signedAt: string | null } | null): IndexRow[] {
  const title = `Biên bản ${lowerFirst(meetingTitle(m))}`
  const signedLine = signed?.signedAt ? `Đã ký ngày ${formatUiDateShort(signed.signedAt)}` : 'Đã ký'
  const base = { orgId: m.cellId, meetingId: m.id, gate: '', ownerId: null, title, keywords: '', shownAt: m.startsAt }
  const rows: IndexRow[] = []
  if (signed) rows.push({ ...base, variant: 'signed', subtitle: signedLine, body: signed.text })
  if (signed || liveText) {
    const state = m.status === 'signed' && signed ? signedLine : signed ? 'Đang lập bản đính chính' : m.status === 'signing' ? 'Đang chờ ký' : 'Đang soạn, chưa ký'
    rows.push({ ...base, variant: 'draft', subtitle: state, body: liveText || signed!.text })
  }
  if (rows.length === 2 && rows[0].subtitle === rows[1].subtitle && rows[0].body === rows[1].body) return [{ ...rows[0], variant: '' }]
  return rows
}

export function contributionRowOf<B>(
  m: Pick<MeetingFields, 'id' | 'cellId' | 'type' | 'topic' | 'periodYear' | 'periodMonth'>,
  c: ContributionSource<B>,
  plainOf: (body: B) => string = plain,
): IndexRow {
  return {
    variant: '',
    orgId: m.cellId,
    meetingId: m.id,
    gate: c.status,
    ownerId: c.memberId,
    title: c.title,
    subtitle: `${c.authorName} — ${meetingTitle(m)}`,
    keywords: '',
    body: plainOf(c.body),
    shownAt: c.submittedAt ?? c.updatedAt,
  }
}

/** What search_index holds for a row: its title (with the keywords) and body, folded (`fold`: indexText, or a memo of it). */
export function indexedTextOf(row: IndexRow, fold: (text: string) => string = indexText): { title: string; body: string } {
  return { title: fold(`${row.title}\n${row.keywords}`), body: fold(row.indexedBody ?? row.body) }
}

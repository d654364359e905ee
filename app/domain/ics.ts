// A small iCalendar (RFC 5545) writer for meeting calendars: the private feed of a user's cells and
// the one-meeting download. Pure, no I/O. Written here rather than taken from the `ics` package
// (DESIGN §2 suggests it) because that package is not installed, and what we need is small:
// TEXT escaping, 75-octet line folding that never splits a UTF-8 sequence, CRLF line ends, a
// VTIMEZONE for Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving since 1975) and local times
// with TZID, which Google, Apple and Outlook calendars all read.
import { toZonedParts, TIME_ZONE } from './vn-date'

export const ICS_TIME_ZONE = TIME_ZONE
export const ICS_PRODUCT_ID = '-//So chi bo//Lich sinh hoat chi bo//VI'
export const ICS_UID_DOMAIN = 'so-chi-bo'
/** What a calendar event lasts when the meeting has no planned duration. */
export const DEFAULT_EVENT_MINUTES = 120
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
export const MAX_LINE_OCTETS = 75
const CRLF = '\r\n'

export type IcsEventStatus = 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED'

export type IcsEvent = {
  /** Stable across every export of the same meeting: `<meetingId>@so-chi-bo`. */
  uid: string
  /** Incremented whenever the event changes (RFC 5545 §3.8.7.4). */
  sequence: number
  start: Date
  /** Defaults to start + DEFAULT_EVENT_MINUTES. */
  end?: Date
  summary: string
  location?: string | null
  description?: string | null
  url?: string | null
  status?: IcsEventStatus
  created?: Date | null
  lastModified?: Date | null
}

export type IcsCalendar = {
  /** X-WR-CALNAME: the name a calendar app shows for a subscribed calendar. */
  name: string
  description?: string | null
  events: readonly IcsEvent[]
  /** DTSTAMP of every event: when this file was generated. */
  now?: Date
  /** Suggested refresh interval of a subscribed feed, in minutes (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  refreshMinutes?: number | null
}

/** The UID of a meeting's event: the same in the feed and in every download, so calendars update it. */
export function meetingUid(meetingId: string): string {
  return `${meetingId}@${ICS_UID_DOMAIN}`
}

/**
 * TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon and comma are escaped, every line
 * break becomes "\n"; other control characters (not allowed in a content line) are dropped.
 */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\t/g, ' ')
}

const encoder = new TextEncoder()
function octets(s: string): number {
  return encoder.encode(s).length
}

/**
 * Folds a content line into lines of at most 75 octets (RFC 5545 §3.1): each continuation line
 * starts with one space, which counts toward its 75 octets. The split is made between code points,
 * so a multi-byte character (every Vietnamese letter with a diacritic is 2–3 octets in UTF-8) is
 * never cut in the middle. Returns the folded line without a final CRLF.
 */
export function foldLine(line: string): string {
  if (octets(line) <= MAX_LINE_OCTETS) return line
  const parts: string[] = []
  let current = ''
  let size = 0
  let limit = MAX_LINE_OCTETS
  for (const ch of line) {
    const n = octets(ch)
    if (size + n > limit) {
      parts.push(current)
      current = ''
      size = 0
      limit = MAX_LINE_OCTETS - 1 // the leading space of a continuation line takes one octet
    }
    current += ch
    size += n
  }
  parts.push(current)
  return parts.join(`${CRLF} `)
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** "20260205T140000": the Hà Nội wall time of an instant, for DTSTART;TZID=Asia/Ho_Chi_Minh. */
export function formatLocalDateTime(date: Date): string {
  const p = toZonedParts(date)
  return `${pad(p.year, 4)}${pad(p.month)}${pad(p.day)}T${pad(p.hour)}${pad(p.minute)}${pad(p.second)}`
}

/** "20260205T070000Z": an instant in UTC, for DTSTAMP, CREATED and LAST-MODIFIED. */
export function formatUtcDateTime(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`
  )
}

/** A URI property value: no TEXT escaping, but no line breaks or spaces either. */
function uriValue(value: string): string {
  // eslint-disable-next-line no-control-regex -- encoding control characters is the point
  return value.replace(/[\s\u0000-\u001f\u007f]/g, (c) => encodeURIComponent(c))
}

/** The VTIMEZONE block: Việt Nam has kept UTC+7 without daylight saving since 1975. */
export function vtimezoneLines(): string[] {
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${ICS_TIME_ZONE}`,
    `X-LIC-LOCATION:${ICS_TIME_ZONE}`,
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0700',
    'TZOFFSETTO:+0700',
    'TZNAME:+07',
    'DTSTART:19700101T000000',
    'END:STANDARD',
    'END:VTIMEZONE',
  ]
}

function eventLines(event: IcsEvent, now: Date): string[] {
  const end = event.end ?? new Date(event.start.getTime() + DEFAULT_EVENT_MINUTES * 60_000)
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${formatUtcDateTime(now)}`,
    `SEQUENCE:${Math.max(0, Math.floor(event.sequence))}`,
    `DTSTART;TZID=${ICS_TIME_ZONE}:${formatLocalDateTime(event.start)}`,
    `DTEND;TZID=${ICS_TIME_ZONE}:${formatLocalDateTime(end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ]
  if (event.location?.trim()) lines.push(`LOCATION:${escapeText(event.location.trim())}`)
  if (event.description?.trim()) lines.push(`DESCRIPTION:${escapeText(event.description.trim())}`)
  if (event.url) lines.push(`URL:${uriValue(event.url)}`)
  lines.push(`STATUS:${event.status ?? 'CONFIRMED'}`)
  lines.push(`TRANSP:${event.status === 'CANCELLED' ? 'TRANSPARENT' : 'OPAQUE'}`)
  if (event.created) lines.push(`CREATED:${formatUtcDateTime(event.created)}`)
  if (event.lastModified) lines.push(`LAST-MODIFIED:${formatUtcDateTime(event.lastModified)}`)
  lines.push('END:VEVENT')
  return lines
}

/** The whole VCALENDAR text: folded lines, each ended by CRLF (the last one too). */
export function buildCalendar(calendar: IcsCalendar): string {
  const now = calendar.now ?? new Date()
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${ICS_PRODUCT_ID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    `X-WR-TIMEZONE:${ICS_TIME_ZONE}`,
  ]
  if (calendar.description?.trim()) lines.push(`X-WR-CALDESC:${escapeText(calendar.description.trim())}`)
  if (calendar.refreshMinutes) {
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${calendar.refreshMinutes}M`)
    lines.push(`X-PUBLISHED-TTL:PT${calendar.refreshMinutes}M`)
  }
  lines.push(...vtimezoneLines())
  for (const event of calendar.events) lines.push(...eventLines(event, now))
  lines.push('END:VCALENDAR')
  return lines.map(foldLine).join(CRLF) + CRLF
}

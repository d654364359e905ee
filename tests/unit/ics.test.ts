// The iCalendar writer: what Google, Apple and Outlook need to read the feed (RFC 5545).
import { describe, expect, test } from 'vitest'
import { buildCalendar, escapeText, foldLine, formatLocalDateTime, meetingUid, type IcsEvent } from '~/domain/ics'

const encoder = new TextEncoder()
const octets = (s: string) => encoder.encode(s).length

/** Undo folding (RFC 5545 §3.1): a CRLF followed by one space joins two lines. */
function unfold(text: string): string[] {
  return text.replace(/\r\n /g, '').split('\r\n')
}

const event = (overrides: Partial<IcsEvent> = {}): IcsEvent => ({
  uid: meetingUid('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'),
  sequence: 2,
  start: new Date('2026-03-05T07:00:00Z'), // 14:00 in Hà Nội
  summary: 'Sinh hoạt chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
  location: 'Hội trường Khu phố 3; tầng 2',
  description: 'Sinh hoạt chuyên đề — Chi bộ Khu phố 3\nChương trình và tài liệu: https://so.example.vn/meetings/1',
  ...overrides,
})

describe('escapeText', () => {
  test('escapes backslashes, commas and semicolons, and turns line breaks into \\n', () => {
    expect(escapeText('a,b;c\\d')).toBe('a\\,b\\;c\\\\d')
    expect(escapeText('dòng 1\ndòng 2\r\ndòng 3\rdòng 4')).toBe('dòng 1\\ndòng 2\\ndòng 3\\ndòng 4')
  })
  test('drops control characters that may not appear in a content line', () => {
    expect(escapeText('a\u0007b\u0000c')).toBe('abc')
  })
})

describe('foldLine', () => {
  test('leaves a short line alone', () => {
    expect(foldLine('SUMMARY:Họp chi ủy')).toBe('SUMMARY:Họp chi ủy')
  })

  test('folds at 75 octets with CRLF + space, and unfolding gives the line back', () => {
    const line = `DESCRIPTION:${'x'.repeat(200)}`
    const folded = foldLine(line)
    const parts = folded.split('\r\n')
    expect(parts.length).toBeGreaterThan(2)
    expect(octets(parts[0])).toBe(75)
    for (const p of parts.slice(1)) {
      expect(p.startsWith(' ')).toBe(true)
      expect(octets(p)).toBeLessThanOrEqual(75)
    }
    expect(folded.replace(/\r\n /g, '')).toBe(line)
  })

  test('never splits a multi-byte Vietnamese character', () => {
    // "ệ", "ữ", "ộ" are 3 octets in UTF-8; "đ", "ơ" are 2: every boundary position gets exercised.
    const line = `SUMMARY:${'Nghị quyết về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; '.repeat(4)}`
    for (let shift = 0; shift < 4; shift++) {
      const shifted = 'x'.repeat(shift) + line
      const folded = foldLine(shifted)
      const parts = folded.split('\r\n')
      for (const p of parts) {
        const bytes = encoder.encode(p)
        expect(bytes.length).toBeLessThanOrEqual(75)
        // Each physical line decodes on its own: no sequence was cut.
        expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe(p)
      }
      expect(folded.replace(/\r\n /g, '')).toBe(shifted)
    }
  })
})

describe('buildCalendar', () => {
  const now = new Date('2026-02-20T01:02:03Z')

  test('ends every line with CRLF and folds every line to 75 octets', () => {
    const text = buildCalendar({ name: 'Lịch sinh hoạt chi bộ', events: [event()], now })
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    for (const line of text.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75)
    const lines = unfold(text)
    expect(lines[0]).toBe('BEGIN:VCALENDAR')
    expect(lines).toContain('VERSION:2.0')
    expect(lines).toContain('METHOD:PUBLISH')
    expect(lines).toContain('X-WR-CALNAME:Lịch sinh hoạt chi bộ')
  })

  test('gives times in Asia/Ho_Chi_Minh with a VTIMEZONE at +07, no daylight saving', () => {
    const lines = unfold(buildCalendar({ name: 'Lịch', events: [event({ end: new Date('2026-03-05T09:00:00Z') })], now }))
    expect(lines).toContain('DTSTART;TZID=Asia/Ho_Chi_Minh:20260305T140000')
    expect(lines).toContain('DTEND;TZID=Asia/Ho_Chi_Minh:20260305T160000')
    expect(lines).toContain('DTSTAMP:20260220T010203Z')
    const tz = lines.slice(lines.indexOf('BEGIN:VTIMEZONE'), lines.indexOf('END:VTIMEZONE') + 1)
    expect(tz).toContain('TZID:Asia/Ho_Chi_Minh')
    expect(tz).toContain('TZOFFSETFROM:+0700')
    expect(tz).toContain('TZOFFSETTO:+0700')
    expect(tz.join('\n')).not.toContain('DAYLIGHT')
  })

  test('a meeting late in the evening UTC falls on the next day in Hà Nội', () => {
    expect(formatLocalDateTime(new Date('2026-12-31T18:30:00Z'))).toBe('20270101T013000')
  })

  test('defaults to 120 minutes when no end is given', () => {
    const lines = unfold(buildCalendar({ name: 'Lịch', events: [event()], now }))
    expect(lines).toContain('DTEND;TZID=Asia/Ho_Chi_Minh:20260305T160000')
  })

  test('escapes text values in the event', () => {
    const lines = unfold(buildCalendar({ name: 'Lịch', events: [event()], now }))
    expect(lines).toContain('LOCATION:Hội trường Khu phố 3\\; tầng 2')
    expect(lines).toContain(
      'SUMMARY:Sinh hoạt chuyên đề: Học tập và làm theo tư tưởng\\, đạo đức\\, phong cách Hồ Chí Minh',
    )
    expect(lines).toContain(
      'DESCRIPTION:Sinh hoạt chuyên đề — Chi bộ Khu phố 3\\nChương trình và tài liệu: https://so.example.vn/meetings/1',
    )
  })

  test('the UID is stable per meeting and SEQUENCE follows the version', () => {
    const a = unfold(buildCalendar({ name: 'Lịch', events: [event()], now }))
    const b = unfold(buildCalendar({ name: 'Lịch', events: [event({ sequence: 3, start: new Date('2026-03-06T07:00:00Z') })], now }))
    const uid = 'UID:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b@so-chi-bo'
    expect(a).toContain(uid)
    expect(b).toContain(uid)
    expect(a).toContain('SEQUENCE:2')
    expect(b).toContain('SEQUENCE:3')
  })

  test('marks a cancelled meeting STATUS:CANCELLED', () => {
    const lines = unfold(buildCalendar({ name: 'Lịch', events: [event(), event({ uid: meetingUid('other'), status: 'CANCELLED' })], now }))
    expect(lines.filter((l) => l.startsWith('STATUS:'))).toEqual(['STATUS:CONFIRMED', 'STATUS:CANCELLED'])
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2)
  })

  test('a feed asks calendar apps to refresh', () => {
    const lines = unfold(buildCalendar({ name: 'Lịch', events: [], now, refreshMinutes: 60 }))
    expect(lines).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT60M')
    expect(lines).toContain('X-PUBLISHED-TTL:PT60M')
    expect(lines.at(-2)).toBe('END:VCALENDAR')
  })
})

// Vietnamese dates and times. Documents follow DOMAIN §7 ("Hà Nội, ngày 02 tháng 4 năm 2024": a
// leading zero for days 1–9 and months 1–2 only); the UI shows "Thứ Ba, 03/02/2026" and "14:30".
// Every instant is read in Hà Nội time, whatever the server's time zone, through Intl (the same
// IANA data in Node and every browser) rather than @date-fns/tz, which would add ~2 KB of gzip
// JavaScript to every page of the app.

export const TIME_ZONE = 'Asia/Ho_Chi_Minh'

/**
 * What the functions accept:
 * - 'YYYY-MM-DD': a calendar date (no time zone involved);
 * - an ISO date-time string: with "Z" or an offset it is an instant; without, a Hà Nội wall time;
 * - a Date or a millisecond timestamp: an instant, read in Hà Nội.
 */
export type DateInput = Date | number | string

export type ZonedParts = {
  year: number
  /** 1–12 */
  month: number
  day: number
  hour: number
  minute: number
  second: number
  /** 0 = Chủ nhật … 6 = Thứ Bảy */
  weekday: number
}

export const WEEKDAY_NAMES = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
}

function isValidYmd(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  )
}

/** Weekday of a calendar date, 0 = Sunday (proleptic Gregorian, no time zone). */
function weekdayOf(year: number, month: number, day: number): number {
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day)
  return d.getUTCDay()
}

/** 13 June 1975 00:00 in Hà Nội (+08:00 until then): from this instant on the offset is +07:00, no DST. */
const FIXED_OFFSET_SINCE = Date.UTC(1975, 5, 12, 16)
const FIXED_OFFSET_UNTIL = 8.64e15 - 7 * 3_600_000

let zoneFormat: Intl.DateTimeFormat | undefined
/** Wall-clock fields of an instant in Hà Nội (weekday left to the caller). */
function zonedFields(ms: number): Omit<ZonedParts, 'weekday'> {
  // formatToParts costs a few µs a call and a home page reads hundreds of instants (a tenth of its
  // server time): since 1975 the fields are those of the instant shifted by +7 h, which is what the IANA
  // data says (tests/unit/vn-date.test.ts checks both ways agree). Earlier instants keep Intl's offsets.
  if (ms >= FIXED_OFFSET_SINCE && ms < FIXED_OFFSET_UNTIL) {
    const d = new Date(ms + 7 * 3_600_000)
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() }
  }
  zoneFormat ??= new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
  const f: Record<string, string> = {}
  for (const part of zoneFormat.formatToParts(ms)) f[part.type] = part.value
  const year = Number(f.year)
  return {
    year: f.era === 'BC' || f.era === 'B' ? 1 - year : year,
    month: Number(f.month),
    day: Number(f.day),
    hour: Number(f.hour) % 24,
    minute: Number(f.minute),
    second: Number(f.second),
  }
}

/** Milliseconds of a UTC wall time (years 0–99 included, which Date.UTC would shift to 19xx). */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day)
  d.setUTCHours(hour, minute, second, 0)
  return d.getTime()
}

/** Hà Nội's offset from UTC at an instant, in milliseconds (+7 h today; other values before 1975). */
function zoneOffset(ms: number): number {
  const p = zonedFields(ms)
  const whole = ms - (((ms % 1000) + 1000) % 1000)
  return utcMs(p.year, p.month, p.day, p.hour, p.minute, p.second) - whole
}

/** A Hà Nội wall time → the instant. `time` is "HH:mm" or "HH:mm:ss". */
export function fromVnWallTime(isoDate: string, time = '00:00'): Date {
  const m = ISO_DATE.exec(isoDate)
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time)
  if (!m || !t) throw new RangeError(`Invalid date or time: ${isoDate} ${time}`)
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const [hour, minute, second] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)]
  if (!isValidYmd(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    throw new RangeError(`Invalid date or time: ${isoDate} ${time}`)
  }
  const wall = utcMs(year, month, day, hour, minute, second)
  // The offset at the wall time read as UTC is right unless an offset change lies between the two;
  // a second pass with the offset found corrects that.
  const first = wall - zoneOffset(wall)
  const offset = zoneOffset(first)
  return new Date(wall - offset)
}

/** Year, month, day, time and weekday of the input in Hà Nội. Throws RangeError on invalid input. */
export function toZonedParts(date: DateInput): ZonedParts {
  if (typeof date === 'string') {
    const s = date.trim()
    const d = ISO_DATE.exec(s)
    if (d) {
      const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])]
      if (!isValidYmd(year, month, day)) throw new RangeError(`Invalid date: ${date}`)
      return { year, month, day, hour: 0, minute: 0, second: 0, weekday: weekdayOf(year, month, day) }
    }
    const dt = ISO_DATE_TIME.exec(s)
    if (!dt) throw new RangeError(`Invalid date: ${date}`)
    if (dt[7]) return toZonedParts(new Date(s.replace(' ', 'T')))
    return toZonedParts(fromVnWallTime(`${dt[1]}-${dt[2]}-${dt[3]}`, `${dt[4]}:${dt[5]}:${dt[6] ?? '00'}`))
  }
  const ms = typeof date === 'number' ? date : date.getTime()
  if (!Number.isFinite(ms)) throw new RangeError('Invalid date')
  const p = zonedFields(ms)
  return { ...p, weekday: weekdayOf(p.year, p.month, p.day) }
}

/** 'YYYY-MM-DD' of the input in Hà Nội (e.g. "today" for the cell). */
export function toIsoDate(date: DateInput): string {
  const p = toZonedParts(date)
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}`
}

/** Document rule: "02" for days 1–9, "20" otherwise. */
function docDay(day: number): string {
  return day < 10 ? pad2(day) : String(day)
}
/** Document rule: "01", "02" for January and February only; "4", "12" otherwise. */
function docMonth(month: number): string {
  return month <= 2 ? pad2(month) : String(month)
}

/**
 * The place-and-date line of a Party document: "Hà Nội, ngày 02 tháng 4 năm 2024".
 * Without a place the line starts with "ngày".
 */
export function formatDocumentDate(date: DateInput, place?: string): string {
  const p = toZonedParts(date)
  const line = `ngày ${docDay(p.day)} tháng ${docMonth(p.month)} năm ${p.year}`
  const where = place?.trim()
  return where ? `${where}, ${line}` : line
}

/** "tháng 02 năm 2026", "tháng 12 năm 2026" — the same leading-zero rule as documents. */
export function monthLabel(year: number, month: number): string {
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year)) {
    throw new RangeError(`Invalid month: ${year}-${month}`)
  }
  return `tháng ${docMonth(month)} năm ${year}`
}

/** "03/02/2026" */
export function formatUiDateShort(date: DateInput): string {
  const p = toZonedParts(date)
  return `${pad2(p.day)}/${pad2(p.month)}/${p.year}`
}

/** "Thứ Ba, 03/02/2026" */
export function formatUiDate(date: DateInput): string {
  const p = toZonedParts(date)
  return `${WEEKDAY_NAMES[p.weekday]}, ${pad2(p.day)}/${pad2(p.month)}/${p.year}`
}

/** Accepts an instant or a bare "HH:mm" (as stored for meeting times). */
function timeParts(date: DateInput): { hour: number; minute: number } {
  if (typeof date === 'string') {
    const t = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(date.trim())
    if (t) {
      const hour = Number(t[1])
      const minute = Number(t[2])
      if (hour > 23 || minute > 59) throw new RangeError(`Invalid time: ${date}`)
      return { hour, minute }
    }
  }
  const p = toZonedParts(date)
  return { hour: p.hour, minute: p.minute }
}

/** "14:30", "08:05" (Hà Nội time). */
export function formatTime(date: DateInput): string {
  const { hour, minute } = timeParts(date)
  return `${pad2(hour)}:${pad2(minute)}`
}

/** The minutes' wording: "14 giờ 30 phút", "8 giờ 05 phút", "14 giờ 00 phút". */
export function formatTimeSentence(date: DateInput): string {
  const { hour, minute } = timeParts(date)
  return `${hour} giờ ${pad2(minute)} phút`
}

/**
 * A date typed by a person or found in a spreadsheet: "05/04/1992", "5/4/1992" (also with "." or "-"
 * between day, month and year) or ISO "1992-04-05". Returns 'YYYY-MM-DD', or null when the text is not
 * a date or the date does not exist (31/02/1987, 29/02/2023).
 */
export function parseVnDate(text: string): string | null {
  if (typeof text !== 'string') return null
  const s = text.trim()
  let year: number, month: number, day: number
  const iso = ISO_DATE.exec(s)
  const dmy = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(s)
  if (iso) {
    ;[year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])]
  } else if (dmy) {
    ;[day, month, year] = [Number(dmy[1]), Number(dmy[3]), Number(dmy[4])]
  } else {
    return null
  }
  if (!isValidYmd(year, month, day)) return null
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`
}

/** An instant as ISO 8601 with the Hà Nội offset: "2026-02-05T14:00:00+07:00". */
export function toIsoWithOffset(date: DateInput): string {
  const p = toZonedParts(date)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+07:00`
}

/** Is this a real calendar date written 'YYYY-MM-DD' (no 31/02)? */
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/
export function isValidIsoDate(value: string): boolean {
  if (!ISO_DATE_RE.test(value)) return false
  const [y, m, d] = value.split('-').map(Number)
  const dt = new Date(Date.UTC(y, m - 1, d))
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
}


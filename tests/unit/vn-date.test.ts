import { describe, expect, test } from 'vitest'
import {
  TIME_ZONE,
  formatDocumentDate,
  formatTime,
  formatTimeSentence,
  formatUiDate,
  formatUiDateShort,
  fromVnWallTime,
  monthLabel,
  parseVnDate,
  toIsoDate,
  toZonedParts,
} from '~/domain/vn-date'

describe('formatDocumentDate: leading zero for days 1–9 and months 1–2 only', () => {
  test.each([
    ['2024-04-02', 'ngày 02 tháng 4 năm 2024'],
    ['2018-02-20', 'ngày 20 tháng 02 năm 2018'],
    ['2026-01-01', 'ngày 01 tháng 01 năm 2026'],
    ['2026-01-09', 'ngày 09 tháng 01 năm 2026'],
    ['2026-03-10', 'ngày 10 tháng 3 năm 2026'],
    ['2026-03-31', 'ngày 31 tháng 3 năm 2026'],
    ['2026-10-05', 'ngày 05 tháng 10 năm 2026'],
    ['2026-12-31', 'ngày 31 tháng 12 năm 2026'],
    ['2026-11-19', 'ngày 19 tháng 11 năm 2026'],
    ['2024-02-29', 'ngày 29 tháng 02 năm 2024'],
  ])('%s → %s', (iso, text) => {
    expect(formatDocumentDate(iso)).toBe(text)
  })

  test.each(Array.from({ length: 9 }, (_, i) => i + 1))('day %i gets a leading zero', (day) => {
    expect(formatDocumentDate(`2026-07-0${day}`)).toBe(`ngày 0${day} tháng 7 năm 2026`)
  })

  test.each([
    [1, '01'],
    [2, '02'],
    [3, '3'],
    [4, '4'],
    [9, '9'],
    [10, '10'],
    [11, '11'],
    [12, '12'],
  ])('month %i is written "%s"', (month, text) => {
    const iso = `2026-${String(month).padStart(2, '0')}-15`
    expect(formatDocumentDate(iso)).toBe(`ngày 15 tháng ${text} năm 2026`)
    expect(monthLabel(2026, month)).toBe(`tháng ${text} năm 2026`)
  })

  test('with a place name', () => {
    expect(formatDocumentDate('2024-04-02', 'Hà Nội')).toBe('Hà Nội, ngày 02 tháng 4 năm 2024')
    expect(formatDocumentDate('2026-02-05', '  Hà Nội ')).toBe('Hà Nội, ngày 05 tháng 02 năm 2026')
    expect(formatDocumentDate('2026-02-05', '')).toBe('ngày 05 tháng 02 năm 2026')
    expect(formatDocumentDate('2026-02-05', '   ')).toBe('ngày 05 tháng 02 năm 2026')
  })

  test.each([
    // instants near midnight UTC fall on the next day in Hà Nội (UTC+7)
    [new Date('2026-01-31T17:30:00Z'), 'ngày 01 tháng 02 năm 2026'],
    [new Date('2026-01-31T16:59:59Z'), 'ngày 31 tháng 01 năm 2026'],
    [new Date('2026-01-31T17:00:00Z'), 'ngày 01 tháng 02 năm 2026'],
    [new Date('2025-12-31T17:00:00Z'), 'ngày 01 tháng 01 năm 2026'],
    [new Date('2026-03-09T23:00:00+07:00'), 'ngày 09 tháng 3 năm 2026'],
    [Date.UTC(2026, 1, 28, 18), 'ngày 01 tháng 3 năm 2026'],
    ['2026-01-31T17:30:00Z', 'ngày 01 tháng 02 năm 2026'],
    ['2026-01-31T23:30', 'ngày 31 tháng 01 năm 2026'],
  ])('instant %s → %s', (date, text) => {
    expect(formatDocumentDate(date, 'Hà Nội')).toBe(`Hà Nội, ${text}`)
  })

  test.each(['2026-02-30', '2026-13-01', '05/02/2026', 'hôm nay', ''])('refuses %s', (bad) => {
    expect(() => formatDocumentDate(bad)).toThrow(RangeError)
  })

  test('refuses an invalid Date and a month out of range', () => {
    expect(() => formatDocumentDate(new Date('nope'))).toThrow(RangeError)
    expect(() => monthLabel(2026, 0)).toThrow(RangeError)
    expect(() => monthLabel(2026, 13)).toThrow(RangeError)
  })
})

describe('UI dates', () => {
  test.each<[string | Date, string, string]>([
    ['2026-02-03', 'Thứ Ba, 03/02/2026', '03/02/2026'],
    ['2026-02-01', 'Chủ nhật, 01/02/2026', '01/02/2026'],
    ['2026-02-02', 'Thứ Hai, 02/02/2026', '02/02/2026'],
    ['2026-02-04', 'Thứ Tư, 04/02/2026', '04/02/2026'],
    ['2026-02-05', 'Thứ Năm, 05/02/2026', '05/02/2026'],
    ['2026-02-06', 'Thứ Sáu, 06/02/2026', '06/02/2026'],
    ['2026-02-07', 'Thứ Bảy, 07/02/2026', '07/02/2026'],
    ['2024-02-29', 'Thứ Năm, 29/02/2024', '29/02/2024'],
    ['2026-12-31', 'Thứ Năm, 31/12/2026', '31/12/2026'],
    // Saturday 31 Jan 17:30 UTC is Sunday 1 Feb 00:30 in Hà Nội
    [new Date('2026-01-31T17:30:00Z'), 'Chủ nhật, 01/02/2026', '01/02/2026'],
  ])('%s → %s', (date, long, short) => {
    expect(formatUiDate(date)).toBe(long)
    expect(formatUiDateShort(date)).toBe(short)
  })
})

describe('times in Hà Nội', () => {
  test.each<[string | Date, string, string]>([
    [new Date('2026-02-05T07:30:00Z'), '14:30', '14 giờ 30 phút'],
    [new Date('2026-02-05T01:05:00Z'), '08:05', '8 giờ 05 phút'],
    [new Date('2026-02-05T07:00:00Z'), '14:00', '14 giờ 00 phút'],
    [new Date('2026-01-31T17:30:00Z'), '00:30', '0 giờ 30 phút'],
    [new Date('2026-02-05T16:59:00Z'), '23:59', '23 giờ 59 phút'],
    ['2026-02-05T14:30', '14:30', '14 giờ 30 phút'],
    ['2026-02-05T09:25:00+02:00', '14:25', '14 giờ 25 phút'],
    ['14:30', '14:30', '14 giờ 30 phút'],
    ['7:05', '07:05', '7 giờ 05 phút'],
  ])('%s → %s / %s', (date, short, sentence) => {
    expect(formatTime(date)).toBe(short)
    expect(formatTimeSentence(date)).toBe(sentence)
  })

  test.each(['24:00', '12:60', 'trưa'])('refuses time %s', (bad) => {
    expect(() => formatTime(bad)).toThrow(RangeError)
  })
})

describe('toZonedParts, toIsoDate, fromVnWallTime', () => {
  test('time zone constant', () => {
    expect(TIME_ZONE).toBe('Asia/Ho_Chi_Minh')
  })

  test('2026-01-31T17:30:00Z is 1 February 00:30 in Hà Nội', () => {
    expect(toZonedParts(new Date('2026-01-31T17:30:00Z'))).toEqual({
      year: 2026,
      month: 2,
      day: 1,
      hour: 0,
      minute: 30,
      second: 0,
      weekday: 0,
    })
    expect(toIsoDate(new Date('2026-01-31T17:30:00Z'))).toBe('2026-02-01')
  })

  test('a calendar date is not shifted', () => {
    expect(toZonedParts('2026-02-03')).toEqual({ year: 2026, month: 2, day: 3, hour: 0, minute: 0, second: 0, weekday: 2 })
    expect(toIsoDate('2026-02-03')).toBe('2026-02-03')
  })

  test('a Hà Nội wall time is 7 hours ahead of UTC', () => {
    expect(fromVnWallTime('2026-02-05', '14:30').toISOString()).toBe('2026-02-05T07:30:00.000Z')
    expect(fromVnWallTime('2026-02-01', '00:30').toISOString()).toBe('2026-01-31T17:30:00.000Z')
    expect(fromVnWallTime('2026-02-01').toISOString()).toBe('2026-01-31T17:00:00.000Z')
    expect(() => fromVnWallTime('2026-02-30', '10:00')).toThrow(RangeError)
    expect(() => fromVnWallTime('2026-02-03', '25:00')).toThrow(RangeError)
  })

  test("the fixed +07:00 since June 1975 agrees with the time zone database, and older instants keep theirs", () => {
    const intl = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    const byIntl = (ms: number) => {
      const f = Object.fromEntries(intl.formatToParts(ms).map((p) => [p.type, Number(p.value)]))
      return [f.year, f.month, f.day, f.hour, f.minute, f.second]
    }
    const ours = (ms: number) => {
      const p = toZonedParts(new Date(ms))
      return [p.year, p.month, p.day, p.hour, p.minute, p.second]
    }
    // Every 31 h 7 min 13 s from 1970 to 2100: all hours of the day, every day of the month, leap days.
    for (let ms = Date.UTC(1970, 0, 1); ms < Date.UTC(2100, 0, 1); ms += 111_913_000) expect(ours(ms)).toEqual(byIntl(ms))
    // Either side of the change on 13 June 1975 (+08:00 before, the Saigon time).
    expect(toZonedParts(new Date('1975-06-12T15:59:59Z'))).toMatchObject({ day: 12, hour: 23, minute: 59, second: 59 })
    expect(toZonedParts(new Date('1975-06-12T16:00:00Z'))).toMatchObject({ day: 12, hour: 23, minute: 0, second: 0 })
  })
})

describe('parseVnDate', () => {
  test.each<[string, string | null]>([
    ['05/04/1992', '1992-04-05'],
    ['5/4/1992', '1992-04-05'],
    ['05/4/1992', '1992-04-05'],
    [' 12/03/1968 ', '1968-03-12'],
    ['1992-04-05', '1992-04-05'],
    ['05.04.1992', '1992-04-05'],
    ['05-04-1992', '1992-04-05'],
    ['29/02/2024', '2024-02-29'],
    ['29/02/2000', '2000-02-29'],
    ['31/12/2026', '2026-12-31'],
    ['31/02/1987', null],
    ['29/02/2023', null],
    ['29/02/1900', null],
    ['31/04/2026', null],
    ['00/01/2026', null],
    ['01/13/2026', null],
    ['01/00/2026', null],
    ['2026-02-30', null],
    ['05/04/92', null],
    ['05/04-1992', null],
    ['1992/04/05', null],
    ['', null],
    ['không rõ', null],
  ])('%s → %s', (text, iso) => {
    expect(parseVnDate(text)).toBe(iso)
  })
})

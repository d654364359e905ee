import { describe, expect, test } from 'vitest'
import { DEFAULT_ORG_SETTINGS, type MeetingDayRule, type OrgSettings } from '~/domain/constants'
import {
  AGENDA_DUE_WINDOW_DAYS,
  MEETING_STATUS_LABELS,
  MEETING_TYPE_LABELS,
  localDateOf,
  meetingDateInMonth,
  minimumMinutes,
  planYear,
  publicationDeadline,
  quarterOf,
  scheduleWarnings,
  thematicSlots,
  validateReschedule,
  zonedInstant,
  type ScheduleMeeting,
  type ScheduleWarning,
} from '~/domain/schedule'

const settings: OrgSettings = { ...DEFAULT_ORG_SETTINGS }

let seq = 0
function meeting(overrides: Partial<ScheduleMeeting> & { date?: string; time?: string } = {}): ScheduleMeeting {
  const { date = '2026-02-05', time = '14:00', ...rest } = overrides
  seq += 1
  return {
    id: `m${seq}`,
    type: 'regular',
    status: 'planned',
    startsAt: zonedInstant(date, time),
    plannedMinutes: 90,
    publishedAt: zonedInstant('2025-12-01', '08:00'),
    ...rest,
  }
}

/** A regular meeting on the 5th of every month of 2026 and a thematic one in the last month of each quarter. */
function fullYear(): ScheduleMeeting[] {
  const regular = Array.from({ length: 12 }, (_, i) => meeting({ date: `2026-${String(i + 1).padStart(2, '0')}-05` }))
  const thematic = [3, 6, 9, 12].map((m) => meeting({ type: 'thematic', date: `2026-${String(m).padStart(2, '0')}-20` }))
  return [...regular, ...thematic]
}

function warnings(meetings: ScheduleMeeting[], today = '2027-01-15', s: OrgSettings = settings): ScheduleWarning[] {
  return scheduleWarnings({ year: 2026, meetings, settings: s, today })
}
function messages(meetings: ScheduleMeeting[], today?: string, s?: OrgSettings): string[] {
  return warnings(meetings, today, s).map((w) => w.message)
}

describe('labels', () => {
  test('meeting types and statuses read in Vietnamese', () => {
    expect(MEETING_TYPE_LABELS.regular).toBe('Sinh hoạt chi bộ thường kỳ')
    expect(MEETING_TYPE_LABELS.combined).toBe('Thường kỳ kết hợp chuyên đề')
    expect(MEETING_TYPE_LABELS.admission).toBe('Lễ kết nạp đảng viên')
    expect(MEETING_STATUS_LABELS.prepared).toBe('Đã gửi chương trình')
    expect(MEETING_STATUS_LABELS.cancelled).toBe('Đã hủy')
  })
})

describe('meetingDateInMonth', () => {
  test.each<[string, MeetingDayRule, number, number, string]>([
    ['day 5', { kind: 'day_of_month', day: 5 }, 2026, 2, '2026-02-05'],
    ['day 31 in February of a common year', { kind: 'day_of_month', day: 31 }, 2026, 2, '2026-02-28'],
    ['day 31 in February of leap year 2028', { kind: 'day_of_month', day: 31 }, 2028, 2, '2028-02-29'],
    ['day 30 in February 2028', { kind: 'day_of_month', day: 30 }, 2028, 2, '2028-02-29'],
    ['day 31 in April', { kind: 'day_of_month', day: 31 }, 2026, 4, '2026-04-30'],
    ['day 31 in December', { kind: 'day_of_month', day: 31 }, 2026, 12, '2026-12-31'],
    // September 2026 starts on a Tuesday.
    ['first Tuesday of a month starting on Tuesday', { kind: 'nth_weekday', n: 1, weekday: 2 }, 2026, 9, '2026-09-01'],
    ['second Tuesday of that month', { kind: 'nth_weekday', n: 2, weekday: 2 }, 2026, 9, '2026-09-08'],
    ['first Monday of a month starting on Tuesday', { kind: 'nth_weekday', n: 1, weekday: 1 }, 2026, 9, '2026-09-07'],
    ['fourth Sunday of February 2026', { kind: 'nth_weekday', n: 4, weekday: 0 }, 2026, 2, '2026-02-22'],
    ['first Tuesday of February 2026', { kind: 'nth_weekday', n: 1, weekday: 2 }, 2026, 2, '2026-02-03'],
    ['last Friday of January 2026 (the 30th)', { kind: 'last_weekday', weekday: 5 }, 2026, 1, '2026-01-30'],
    ['last Friday of July 2026 (month ends on Friday)', { kind: 'last_weekday', weekday: 5 }, 2026, 7, '2026-07-31'],
    ['last Saturday of February 2026 (month ends on Saturday)', { kind: 'last_weekday', weekday: 6 }, 2026, 2, '2026-02-28'],
    ['last Tuesday of February 2028', { kind: 'last_weekday', weekday: 2 }, 2028, 2, '2028-02-29'],
  ])('%s', (_name, rule, year, month, expected) => {
    expect(meetingDateInMonth(rule, year, month)).toBe(expected)
  })

  test.each<[string, MeetingDayRule, number]>([
    ['day 0', { kind: 'day_of_month', day: 0 }, 1],
    ['fifth week', { kind: 'nth_weekday', n: 5, weekday: 1 }, 1],
    ['weekday 7', { kind: 'last_weekday', weekday: 7 }, 1],
    ['month 13', { kind: 'day_of_month', day: 5 }, 13],
  ])('rejects %s', (_name, rule, month) => {
    expect(() => meetingDateInMonth(rule, 2026, month)).toThrow(RangeError)
  })
})

describe('zonedInstant and localDateOf: Hà Nội is UTC+7', () => {
  test.each([
    ['2026-02-05', '14:00', '2026-02-05T07:00:00.000Z'],
    ['2026-03-01', '06:00', '2026-02-28T23:00:00.000Z'],
    ['2026-01-01', '00:00', '2025-12-31T17:00:00.000Z'],
  ])('%s %s Hà Nội → %s', (date, time, instant) => {
    expect(zonedInstant(date, time)).toBe(instant)
    expect(localDateOf(instant)).toBe(date)
  })
})

describe('planYear', () => {
  test('one regular meeting a month on the rule day at the default time, thematic months included', () => {
    const plan = planYear({ year: 2026, settings })
    expect(plan).toHaveLength(12)
    expect(plan.every((m) => m.type === 'regular' && m.plannedMinutes === 90)).toBe(true)
    expect(plan.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(plan[1]).toEqual({
      type: 'regular',
      year: 2026,
      month: 2,
      date: '2026-02-05',
      startsAt: '2026-02-05T07:00:00.000Z',
      plannedMinutes: 90,
    })
  })

  test('follows a weekday rule and the default time', () => {
    const plan = planYear({
      year: 2028,
      settings: { ...settings, meetingDayRule: { kind: 'last_weekday', weekday: 5 }, defaultMeetingTime: '07:30' },
    })
    expect(plan[1].date).toBe('2028-02-25')
    expect(plan[1].startsAt).toBe('2028-02-25T00:30:00.000Z')
  })

  test('day 31 lands on the last day of short months', () => {
    const plan = planYear({ year: 2028, settings: { ...settings, meetingDayRule: { kind: 'day_of_month', day: 31 } } })
    expect(plan.map((m) => m.date.slice(8))).toEqual(['31', '29', '31', '30', '31', '30', '31', '31', '30', '31', '30', '31'])
  })

  test('combineThematic makes the thematic months combined meetings of the combined minimum', () => {
    const plan = planYear({ year: 2026, settings, combineThematic: true })
    expect(plan.filter((m) => m.type === 'combined').map((m) => [m.month, m.plannedMinutes])).toEqual([
      [3, 120],
      [6, 120],
      [9, 120],
      [12, 120],
    ])
  })
})

describe('quarterOf and thematicSlots', () => {
  test.each([
    [1, 1],
    [3, 1],
    [4, 2],
    [6, 2],
    [7, 3],
    [10, 4],
    [12, 4],
  ])('month %i is in quarter %i', (month, quarter) => {
    expect(quarterOf(month)).toBe(quarter)
  })

  test('the first thematic month of each quarter, else its last month', () => {
    expect(thematicSlots(2026, { thematicMonths: [5, 2, 4, 12] })).toEqual([
      { year: 2026, quarter: 1, month: 2, fromSettings: true },
      { year: 2026, quarter: 2, month: 4, fromSettings: true },
      { year: 2026, quarter: 3, month: 9, fromSettings: false },
      { year: 2026, quarter: 4, month: 12, fromSettings: true },
    ])
  })
})

describe('minimumMinutes', () => {
  test.each([
    ['regular', 90],
    ['thematic', 90],
    ['extraordinary', 90],
    ['combined', 120],
    ['committee', null],
    ['admission', null],
  ] as const)('%s → %s', (type, min) => {
    expect(minimumMinutes(type, settings)).toBe(min)
  })
})

describe('scheduleWarnings: coverage of months and quarters', () => {
  test('a fully planned year has no warnings', () => {
    expect(warnings(fullYear())).toEqual([])
  })

  test('a past month without a regular meeting is a warning', () => {
    const meetings = fullYear().filter((m) => localDateOf(m.startsAt) !== '2026-02-05')
    expect(warnings(meetings)).toEqual([
      { code: 'missing_regular', month: 2, severity: 'warning', message: 'Tháng 02/2026 chưa có buổi sinh hoạt thường kỳ.' },
    ])
  })

  test('a 06:00 Hà Nội meeting on 1 March (23:00 UTC on 28 February) counts for March, not February', () => {
    const meetings = fullYear().filter((m) => !['2026-02-05', '2026-03-05'].includes(localDateOf(m.startsAt)))
    meetings.push(meeting({ date: '2026-03-01', time: '06:00' }))
    expect(meetings.at(-1)!.startsAt).toBe('2026-02-28T23:00:00.000Z')
    expect(messages(meetings)).toEqual(['Tháng 02/2026 chưa có buổi sinh hoạt thường kỳ.'])
  })

  test('a meeting at 06:00 Hà Nội on 1 January 2026 belongs to the 2026 plan, not 2025', () => {
    const meetings = fullYear().filter((m) => localDateOf(m.startsAt) !== '2026-01-05')
    meetings.push(meeting({ date: '2026-01-01', time: '06:00' }))
    expect(messages(meetings)).toEqual([])
    expect(scheduleWarnings({ year: 2025, meetings, settings, today: '2027-01-01' }).map((w) => w.message)).toContain(
      'Tháng 12/2025 chưa có buổi sinh hoạt thường kỳ.',
    )
  })

  test('a moved meeting counts in the month it now falls in', () => {
    // April's meeting moved from 5 April to 2 May: April is uncovered, May has two.
    const meetings = fullYear().filter((m) => localDateOf(m.startsAt) !== '2026-04-05')
    meetings.push(meeting({ date: '2026-05-02' }))
    expect(messages(meetings)).toEqual(['Tháng 04/2026 chưa có buổi sinh hoạt thường kỳ.'])
  })

  test('a cancelled meeting does not count, whether by status or by flag', () => {
    const byStatus = fullYear().map((m) => (localDateOf(m.startsAt) === '2026-06-05' ? { ...m, status: 'cancelled' as const } : m))
    expect(messages(byStatus)).toEqual(['Tháng 06/2026 chưa có buổi sinh hoạt thường kỳ.'])
    const byFlag = fullYear().map((m) => (localDateOf(m.startsAt) === '2026-06-05' ? { ...m, cancelled: true } : m))
    expect(messages(byFlag)).toEqual(['Tháng 06/2026 chưa có buổi sinh hoạt thường kỳ.'])
  })

  test('a combined meeting covers both its month and its quarter; extraordinary and thematic ones do not cover a month', () => {
    const meetings = fullYear().filter((m) => !['2026-03-05', '2026-03-20', '2026-07-05'].includes(localDateOf(m.startsAt)))
    meetings.push(meeting({ type: 'combined', date: '2026-03-05', plannedMinutes: 120 }))
    meetings.push(meeting({ type: 'extraordinary', date: '2026-07-10' }))
    meetings.push(meeting({ type: 'thematic', date: '2026-07-12' }))
    expect(messages(meetings)).toEqual(['Tháng 07/2026 chưa có buổi sinh hoạt thường kỳ.'])
  })

  test.each([
    ['2026-03-31', 2, 'Quý II/2026 chưa có buổi sinh hoạt chuyên đề.'],
    ['2026-04-01', 1, 'Quý I/2026 chưa có buổi sinh hoạt chuyên đề.'],
  ])('quarter edges: a thematic meeting at 20:00 on %s leaves only quarter %i uncovered', (date, quarter, message) => {
    const meetings = fullYear().filter((m) => m.type !== 'thematic' || !['2026-03-20', '2026-06-20'].includes(localDateOf(m.startsAt)))
    meetings.push(meeting({ type: 'thematic', date, time: '20:00' }))
    expect(warnings(meetings)).toEqual([{ code: 'missing_thematic', quarter, severity: 'warning', message }])
  })

  test('months and quarters still to come are info "chưa lên kế hoạch"; started ones are warnings', () => {
    // Only January to April are planned, with a thematic meeting in Q1; today is 10 April.
    const meetings = fullYear().filter((m) => localDateOf(m.startsAt) <= '2026-04-05')
    const list = warnings(meetings, '2026-04-10')
    expect(list.map((w) => [w.severity, w.message])).toEqual([
      ['info', 'Tháng 05/2026 chưa lên kế hoạch sinh hoạt thường kỳ.'],
      ['info', 'Tháng 06/2026 chưa lên kế hoạch sinh hoạt thường kỳ.'],
      ['info', 'Tháng 07/2026 chưa lên kế hoạch sinh hoạt thường kỳ.'],
      ['info', 'Tháng 08/2026 chưa lên kế hoạch sinh hoạt thường kỳ.'],
      ['info', 'Tháng 09/2026 chưa lên kế hoạch sinh hoạt thường kỳ.'],
      ['info', 'Tháng 10/2026 chưa lên kế hoạch sinh hoạt thường kỳ.'],
      ['info', 'Tháng 11/2026 chưa lên kế hoạch sinh hoạt thường kỳ.'],
      ['info', 'Tháng 12/2026 chưa lên kế hoạch sinh hoạt thường kỳ.'],
      ['warning', 'Quý II/2026 chưa có buổi sinh hoạt chuyên đề.'],
      ['info', 'Quý III/2026 chưa lên kế hoạch sinh hoạt chuyên đề.'],
      ['info', 'Quý IV/2026 chưa lên kế hoạch sinh hoạt chuyên đề.'],
    ])
    expect(list[0]).toMatchObject({ code: 'missing_regular', month: 5 })
    expect(list[8]).toMatchObject({ code: 'missing_thematic', quarter: 2 })
  })

  test('planning next year with nothing in it lists the whole year as info', () => {
    const list = scheduleWarnings({ year: 2027, meetings: fullYear(), settings, today: '2026-11-20' })
    expect(list).toHaveLength(16)
    expect(list.every((w) => w.severity === 'info')).toBe(true)
    expect(list[0].message).toBe('Tháng 01/2027 chưa lên kế hoạch sinh hoạt thường kỳ.')
    expect(list[12].message).toBe('Quý I/2027 chưa lên kế hoạch sinh hoạt chuyên đề.')
  })
})

describe('publicationDeadline: "available at least N days before" = end of the Hà Nội day N days before', () => {
  test.each([
    ['2026-02-05', '14:00', 1, '2026-02-04T16:59:59.999Z'],
    ['2026-02-05', '07:00', 2, '2026-02-03T16:59:59.999Z'],
    ['2026-03-01', '06:00', 1, '2026-02-28T16:59:59.999Z'],
    ['2028-03-01', '14:00', 1, '2028-02-29T16:59:59.999Z'],
  ])('meeting %s %s, %i day(s) → %s', (date, time, lead, deadline) => {
    expect(publicationDeadline(zonedInstant(date, time), lead)).toBe(deadline)
  })

  test('with 0 days the deadline is the meeting start', () => {
    expect(publicationDeadline('2026-02-05T07:00:00.000Z', 0)).toBe('2026-02-05T07:00:00.000Z')
  })
})

describe('scheduleWarnings: agenda publication', () => {
  const feb5 = (publishedAt: string | null, extra: Partial<ScheduleMeeting> = {}) =>
    fullYear().map((m) => (localDateOf(m.startsAt) === '2026-02-05' ? { ...m, id: 'feb', publishedAt, ...extra } : m))

  test('published exactly at the deadline (23:59:59.999 the day before) is on time', () => {
    expect(warnings(feb5(zonedInstant('2026-02-04', '23:59:59').replace('.000Z', '.999Z')))).toEqual([])
    expect(warnings(feb5(zonedInstant('2026-02-04', '23:59')))).toEqual([])
  })

  test('published one minute after the deadline is late, with the date it went out', () => {
    const publishedAt = new Date(Date.parse(publicationDeadline(zonedInstant('2026-02-05', '14:00'), 1)) + 60_000).toISOString()
    expect(warnings(feb5(publishedAt))).toEqual([
      {
        code: 'agenda_late',
        month: 2,
        meetingId: 'feb',
        severity: 'warning',
        message: 'Chương trình buổi sinh hoạt ngày 05/02/2026 được gửi muộn (ngày 05/02/2026); cần gửi trước ít nhất 1 ngày.',
      },
    ])
  })

  test('not published and the deadline has passed', () => {
    expect(warnings(feb5(null), '2026-02-05')).toContainEqual({
      code: 'agenda_late',
      month: 2,
      meetingId: 'feb',
      severity: 'warning',
      message: 'Chương trình buổi sinh hoạt ngày 05/02/2026 chưa được gửi trước ít nhất 1 ngày.',
    })
  })

  test('a longer lead time reads in the message', () => {
    const s = { ...settings, agendaLeadDays: 3 }
    expect(messages(feb5(null), '2026-02-03', s).filter((m) => m.startsWith('Chương trình'))).toEqual([
      'Chương trình buổi sinh hoạt ngày 05/02/2026 chưa được gửi trước ít nhất 3 ngày.',
    ])
  })

  test.each([
    ['2026-02-04', true],
    ['2026-02-01', true],
    ['2026-01-31', false],
  ])('not published, deadline 04/02/2026, today %s → due (info): %s', (today, due) => {
    const list = warnings(feb5(null), today).filter((w) => w.meetingId === 'feb')
    expect(AGENDA_DUE_WINDOW_DAYS).toBe(3)
    expect(list).toEqual(
      due
        ? [
            {
              code: 'agenda_due',
              month: 2,
              meetingId: 'feb',
              severity: 'info',
              message: 'Cần gửi chương trình buổi sinh hoạt ngày 05/02/2026 chậm nhất ngày 04/02/2026.',
            },
          ]
        : [],
    )
  })

  test('a cancelled meeting and a committee meeting get no agenda warning', () => {
    expect(warnings(feb5(null, { status: 'cancelled' }), '2026-02-10').filter((w) => w.meetingId === 'feb')).toEqual([])
    const committee = meeting({ id: 'ci', type: 'committee', date: '2026-02-02', publishedAt: null, plannedMinutes: 30 })
    expect(warnings([...fullYear(), committee], '2026-02-10')).toEqual([])
  })

  test('a thematic meeting is named as such', () => {
    const meetings = fullYear().map((m) => (localDateOf(m.startsAt) === '2026-03-20' ? { ...m, publishedAt: null } : m))
    expect(messages(meetings, '2026-03-25')).toEqual([
      'Chương trình buổi sinh hoạt chuyên đề ngày 20/03/2026 chưa được gửi trước ít nhất 1 ngày.',
    ])
  })
})

describe('scheduleWarnings: planned duration', () => {
  test.each([
    ['regular', 60, 'Buổi sinh hoạt ngày 05/02/2026: thời lượng dự kiến 60 phút, dưới mức tối thiểu 90 phút.'],
    ['regular', 90, null],
    ['combined', 90, 'Buổi sinh hoạt ngày 05/02/2026: thời lượng dự kiến 90 phút, dưới mức tối thiểu 120 phút.'],
    ['combined', 120, null],
    ['thematic', 89, 'Buổi sinh hoạt chuyên đề ngày 05/02/2026: thời lượng dự kiến 89 phút, dưới mức tối thiểu 90 phút.'],
    ['extraordinary', 45, 'Buổi sinh hoạt bất thường ngày 05/02/2026: thời lượng dự kiến 45 phút, dưới mức tối thiểu 90 phút.'],
    ['committee', 30, null],
    ['admission', 45, null],
  ] as const)('%s planned for %i minutes', (type, plannedMinutes, message) => {
    const list = warnings([...fullYear(), meeting({ id: 'x', type, plannedMinutes })]).filter((w) => w.meetingId === 'x')
    expect(list).toEqual(message ? [{ code: 'short_duration', month: 2, meetingId: 'x', severity: 'warning', message }] : [])
  })

  test('a relaxed minimum for a small cell is respected; an unknown duration is not reported', () => {
    const small = { ...settings, minRegularMinutes: 60 }
    expect(warnings([...fullYear(), meeting({ id: 'x', plannedMinutes: 60 })], undefined, small)).toEqual([])
    expect(warnings([...fullYear(), meeting({ id: 'x', plannedMinutes: null })])).toEqual([])
  })
})

describe('validateReschedule', () => {
  const from = zonedInstant('2026-02-05', '14:00')

  test('a move with a reason to another time is fine', () => {
    expect(validateReschedule({ action: 'move', from, to: zonedInstant('2026-02-03', '14:00'), reason: 'Trùng lịch họp cơ quan' })).toEqual({
      ok: true,
    })
  })

  test.each([
    ['move', ''],
    ['postpone', '   abc  '],
    ['cancel', null],
  ] as const)('%s needs a reason of at least 5 characters (%j)', (action, reason) => {
    const result = validateReschedule({ action, from, to: zonedInstant('2026-02-10', '14:00'), reason })
    const what = { move: 'dời lịch', postpone: 'hoãn', cancel: 'hủy' }[action]
    expect(result).toEqual({ ok: false, errors: { reason: `Vui lòng ghi lý do ${what} buổi sinh hoạt (ít nhất 5 ký tự).` } })
  })

  test('a cancellation needs no new time', () => {
    expect(validateReschedule({ action: 'cancel', from, reason: 'Bão số 3' })).toEqual({ ok: true })
  })

  test('a postponed meeting must move later', () => {
    expect(validateReschedule({ action: 'postpone', from, to: zonedInstant('2026-02-04', '14:00'), reason: 'Bí thư đi công tác' })).toEqual({
      ok: false,
      errors: { to: 'Hoãn buổi sinh hoạt thì ngày giờ mới phải sau thời điểm đã định (05/02/2026 14:00).' },
    })
    expect(validateReschedule({ action: 'postpone', from, to: from, reason: 'Bí thư đi công tác' }).ok).toBe(false)
    expect(validateReschedule({ action: 'postpone', from, to: zonedInstant('2026-02-06', '08:00'), reason: 'Bí thư đi công tác' }).ok).toBe(true)
  })

  test('a move or postponement needs a new time different from the current one', () => {
    expect(validateReschedule({ action: 'move', from, to: null, reason: 'Trùng lịch' })).toEqual({
      ok: false,
      errors: { to: 'Vui lòng chọn ngày giờ mới của buổi sinh hoạt.' },
    })
    expect(validateReschedule({ action: 'move', from, to: from, reason: 'Trùng lịch' })).toEqual({
      ok: false,
      errors: { to: 'Ngày giờ mới trùng với ngày giờ đã định; vui lòng chọn thời điểm khác.' },
    })
  })
})

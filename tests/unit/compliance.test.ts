// The compliance rules (app/domain/compliance.ts): what an inspector reads for each month of a cell.
import { describe, expect, test } from 'vitest'
import {
  COMPLIANCE_STATES,
  COMPLIANCE_STATE_INFO,
  aggregateCompliance,
  cellCompliance,
  countsPerMonth,
  describeMonth,
  isDue,
  judgeMonth,
  judgeQuarter,
  matchesStateFilter,
  parseComplianceQuery,
  parseYear,
  signDelayDays,
  stateText,
  type ComplianceMeeting,
  type ComplianceState,
} from '~/domain/compliance'
import { fromVnWallTime } from '~/domain/vn-date'

/** A Hà Nội wall time "2026-02-05 14:00" → the stored ISO instant. */
const hn = (wall: string) => fromVnWallTime(wall.slice(0, 10), wall.slice(11) || '00:00').toISOString()

let seq = 0
function meeting(over: Partial<ComplianceMeeting> & { at: string }): ComplianceMeeting {
  const { at, ...rest } = over
  return {
    id: `m${++seq}`,
    type: 'regular',
    startsAt: hn(at),
    status: 'planned',
    cancelledReason: null,
    signedAt: null,
    quality: null,
    attendance: null,
    ...rest,
  }
}

/** "Now" for most cases: Monday 30/11/2026 10:00 in Hà Nội. */
const NOW = new Date(hn('2026-11-30 10:00'))
const N = 7

function month(year: number, m: number, meetings: ComplianceMeeting[], now = NOW, view: 'regular' | 'thematic' = 'regular') {
  return judgeMonth({ year, month: m, meetings, minutesSignDays: N, now, view })
}

describe('the state of a month', () => {
  const cases: { name: string; month: number; meetings: ComplianceMeeting[]; now?: Date; state: ComplianceState }[] = [
    {
      name: 'signed exactly N days after the meeting (late evening, Hà Nội) is on time',
      month: 2,
      meetings: [meeting({ at: '2026-02-05 14:00', signedAt: hn('2026-02-12 23:59') })],
      state: 'signed_on_time',
    },
    {
      name: 'signed N + 1 days after (just after midnight, Hà Nội) is late',
      month: 2,
      meetings: [meeting({ at: '2026-02-05 14:00', signedAt: hn('2026-02-13 00:05') })],
      state: 'signed_late',
    },
    {
      name: 'signed the same day is on time',
      month: 3,
      meetings: [meeting({ at: '2026-03-05 14:00', status: 'signed', signedAt: hn('2026-03-05 17:00') })],
      state: 'signed_on_time',
    },
    {
      name: 'held (date passed, still "planned") without signed minutes is unsigned',
      month: 4,
      meetings: [meeting({ at: '2026-04-05 14:00' })],
      state: 'unsigned',
    },
    {
      name: 'recorded as started is held even before its planned time',
      month: 11,
      meetings: [meeting({ at: '2026-11-30 14:00', status: 'in_progress' })],
      state: 'unsigned',
    },
    { name: 'a past month with no meeting at all is missing', month: 6, meetings: [], state: 'missing' },
    { name: 'the month in progress with nothing planned is missing', month: 11, meetings: [], state: 'missing' },
    {
      name: 'the month in progress with a meeting later this month is planned',
      month: 11,
      meetings: [meeting({ at: '2026-11-30 14:00' })],
      state: 'planned',
    },
    { name: 'a future month with nothing planned is not due', month: 12, meetings: [], state: 'not_due' },
    { name: 'a future month with a plan is planned', month: 12, meetings: [meeting({ at: '2026-12-05 14:00' })], state: 'planned' },
    {
      name: 'the only regular meeting cancelled → cancelled',
      month: 5,
      meetings: [meeting({ at: '2026-05-05 14:00', status: 'cancelled', cancelledReason: 'Trùng lịch thi học kỳ' })],
      state: 'cancelled',
    },
    {
      name: 'cancelled + a held extraordinary meeting: the extraordinary does not satisfy the monthly rule',
      month: 5,
      meetings: [
        meeting({ at: '2026-05-05 14:00', status: 'cancelled', cancelledReason: 'Trùng lịch' }),
        meeting({ at: '2026-05-20 19:30', type: 'extraordinary', status: 'signed', signedAt: hn('2026-05-21 09:00') }),
      ],
      state: 'cancelled',
    },
    {
      name: 'cancelled, then a replacement regular meeting held and signed → signed',
      month: 5,
      meetings: [
        meeting({ at: '2026-05-05 14:00', status: 'cancelled', cancelledReason: 'Trùng lịch' }),
        meeting({ at: '2026-05-19 14:00', status: 'signed', signedAt: hn('2026-05-20 09:00') }),
      ],
      state: 'signed_on_time',
    },
    {
      name: 'a thematic meeting alone does not replace the regular one',
      month: 3,
      meetings: [meeting({ at: '2026-03-05 16:00', type: 'thematic', status: 'signed', signedAt: hn('2026-03-06 09:00') })],
      state: 'missing',
    },
    {
      name: 'a combined meeting satisfies the month',
      month: 6,
      meetings: [meeting({ at: '2026-06-05 14:00', type: 'combined', status: 'signed', signedAt: hn('2026-06-08 09:00') })],
      state: 'signed_on_time',
    },
    {
      name: 'the best held meeting of the month counts (unsigned + on time → on time)',
      month: 7,
      meetings: [meeting({ at: '2026-07-03 14:00' }), meeting({ at: '2026-07-24 14:00', signedAt: hn('2026-07-25 10:00') })],
      state: 'signed_on_time',
    },
    {
      name: 'a committee meeting never counts',
      month: 8,
      meetings: [meeting({ at: '2026-08-03 14:00', type: 'committee', status: 'signed', signedAt: hn('2026-08-03 18:00') })],
      state: 'missing',
    },
  ]
  test.each(cases)('$name', ({ month: m, meetings, now, state }) => {
    expect(month(2026, m, meetings, now).state).toBe(state)
  })

  test('the cancelled month keeps its reason; the extraordinary meeting is noted, not counted', () => {
    const result = month(2026, 5, [
      meeting({ at: '2026-05-05 14:00', status: 'cancelled', cancelledReason: 'Trùng lịch thi học kỳ' }),
      meeting({ at: '2026-05-20 19:30', type: 'extraordinary', status: 'minutes_draft' }),
    ])
    expect(result.cancelledReason).toBe('Trùng lịch thi học kỳ')
    expect(result.otherHeld).toBe(1)
    expect(describeMonth(2026, result, N)).toContain('Lý do: Trùng lịch thi học kỳ')
  })

  test('a meeting on the last day of the month at 23:30 Hà Nội counts for that month, not the next', () => {
    const late = meeting({ at: '2026-01-31 23:30', signedAt: hn('2026-02-02 10:00') })
    expect(late.startsAt).toBe('2026-01-31T16:30:00.000Z')
    expect(month(2026, 1, [late]).state).toBe('signed_on_time')
    expect(month(2026, 2, [late]).state).toBe('missing')
    // …and 00:30 on the 1st (still the previous day in UTC) counts for the new month.
    const early = meeting({ at: '2026-03-01 00:30', signedAt: hn('2026-03-02 10:00') })
    expect(early.startsAt).toBe('2026-02-28T17:30:00.000Z')
    expect(month(2026, 2, [early]).state).toBe('missing')
    expect(month(2026, 3, [early]).state).toBe('signed_on_time')
  })

  test('a moved meeting counts in the month it was actually held (ADR 007)', () => {
    // February's meeting moved to 2 March: February has none, March has it.
    const moved = meeting({ at: '2026-03-02 14:00', signedAt: hn('2026-03-04 10:00') })
    const year = cellCompliance({ year: 2026, meetings: [moved], minutesSignDays: N, now: NOW })
    expect(year.months[1].state).toBe('missing')
    expect(year.months[2].state).toBe('signed_on_time')
    expect(year.months[2].meetingId).toBe(moved.id)
  })

  test('the signing delay and deadline are counted in Hà Nội calendar days', () => {
    expect(signDelayDays(hn('2026-02-05 14:00'), hn('2026-02-12 23:59'))).toBe(7)
    expect(signDelayDays(hn('2026-02-05 14:00'), hn('2026-02-13 00:05'))).toBe(8)
    const held = month(2026, 2, [meeting({ at: '2026-02-05 14:00' })])
    expect(held.signDeadline).toBe('2026-02-12')
    expect(held.overdue).toBe(true)
  })

  test('unsigned minutes still within their deadline are not overdue and not yet judged', () => {
    const recent = month(2026, 11, [meeting({ at: '2026-11-25 14:00' })])
    expect(recent.state).toBe('unsigned')
    expect(recent.overdue).toBe(false)
    expect(isDue(recent)).toBe(false)
    expect(describeMonth(2026, recent, N)).toContain('hạn ký đến 02/12/2026')
    const old = month(2026, 11, [meeting({ at: '2026-11-05 14:00' })])
    expect(old.overdue).toBe(true)
    expect(isDue(old)).toBe(true)
  })

  test('the month carries the quality and the attendance of its meeting, and the thematic mark', () => {
    const result = month(2026, 3, [
      meeting({ at: '2026-03-05 14:00', signedAt: hn('2026-03-06 09:00'), quality: 'good', attendance: { present: 18, expected: 20, unexcusedMemberIds: [] } }),
      meeting({ at: '2026-03-05 16:00', type: 'thematic', status: 'minutes_draft' }),
    ])
    expect(result).toMatchObject({ state: 'signed_on_time', quality: 'good', attendance: { present: 18, expected: 20 }, thematic: true })
    expect(describeMonth(2026, result, N)).toMatch(/có sinh hoạt chuyên đề; dự họp 18\/20 đồng chí; chất lượng: Tốt/)
  })

  test('a planned thematic meeting later this month is marked as planned, not held', () => {
    const result = month(2026, 11, [meeting({ at: '2026-11-05 14:00' }), meeting({ at: '2026-11-30 16:00', type: 'thematic' })])
    expect(result.thematic).toBe(false)
    expect(result.thematicPlanned).toBe(true)
  })

  test('thematic view: the month is judged by its thematic (or combined) meeting', () => {
    const meetings = [
      meeting({ at: '2026-03-05 14:00', signedAt: hn('2026-03-06 09:00') }),
      meeting({ at: '2026-03-05 16:00', type: 'thematic', signedAt: hn('2026-03-20 09:00') }),
      meeting({ at: '2026-06-05 14:00', type: 'combined', signedAt: hn('2026-06-06 09:00') }),
    ]
    expect(month(2026, 3, meetings, NOW, 'thematic').state).toBe('signed_late')
    expect(month(2026, 6, meetings, NOW, 'thematic').state).toBe('signed_on_time')
    expect(month(2026, 4, meetings, NOW, 'thematic').state).toBe('none')
  })
})

describe('quarters and the year', () => {
  test('thematic marks per quarter: held, planned, missing (begun, none planned), not due', () => {
    const now = new Date(hn('2026-08-10 10:00'))
    const meetings = [
      meeting({ at: '2026-03-05 16:00', type: 'thematic', status: 'signed', signedAt: hn('2026-03-06 09:00') }),
      meeting({ at: '2026-05-05 16:00', type: 'thematic', status: 'cancelled', cancelledReason: 'Hoãn' }),
      meeting({ at: '2026-09-05 16:00', type: 'thematic' }),
    ]
    expect([1, 2, 3, 4].map((q) => judgeQuarter(2026, q, meetings, now))).toEqual(['held', 'missing', 'planned', 'not_due'])
    // A quarter under way with nothing planned is already missing.
    expect(judgeQuarter(2026, 3, [], now)).toBe('missing')
    // A combined meeting counts as the thematic one.
    expect(judgeQuarter(2026, 2, [meeting({ at: '2026-06-05 14:00', type: 'combined' })], now)).toBe('held')
  })

  test('a whole year: counts, on-time rate, thematic gaps, attendance and unexcused absences', () => {
    const now = new Date(hn('2026-11-30 10:00'))
    const att = (present: number, expected: number, unexcusedMemberIds: string[] = []) => ({ present, expected, unexcusedMemberIds })
    const meetings: ComplianceMeeting[] = [
      meeting({ at: '2026-01-05 14:00', signedAt: hn('2026-01-07 10:00'), attendance: att(9, 10, ['a']) }),
      meeting({ at: '2026-02-05 14:00', signedAt: hn('2026-02-20 10:00'), attendance: att(8, 10, ['a', 'b']) }),
      // March: none. April: cancelled.
      meeting({ at: '2026-04-05 14:00', status: 'cancelled', cancelledReason: 'Trùng lịch' }),
      meeting({ at: '2026-05-05 14:00', attendance: att(9, 10, ['a']) }),
      // A thematic meeting the same day as May's regular one: a member absent from both counts once.
      meeting({ at: '2026-05-05 16:00', type: 'thematic', attendance: att(9, 10, ['a']) }),
      meeting({ at: '2026-06-05 14:00', signedAt: hn('2026-06-06 10:00'), attendance: att(10, 10) }),
      meeting({ at: '2026-07-05 14:00', signedAt: hn('2026-07-06 10:00'), attendance: att(10, 10, ['b']) }),
      // Committee meetings are not cell attendance.
      meeting({ at: '2026-07-01 14:00', type: 'committee', attendance: att(2, 3, ['c', 'c2']) }),
      meeting({ at: '2026-08-05 14:00', signedAt: hn('2026-08-06 10:00') }),
      meeting({ at: '2026-09-05 14:00', signedAt: hn('2026-09-06 10:00') }),
      meeting({ at: '2026-10-05 14:00', signedAt: hn('2026-10-06 10:00') }),
      meeting({ at: '2026-11-25 14:00' }),
      meeting({ at: '2026-12-05 14:00' }),
      // Last year's meetings are ignored.
      meeting({ at: '2025-12-05 14:00', signedAt: hn('2025-12-06 10:00'), attendance: att(1, 10, ['a']) }),
    ]
    const year = cellCompliance({ year: 2026, meetings, minutesSignDays: N, now })
    expect(year.months.map((m) => m.state)).toEqual([
      'signed_on_time',
      'signed_late',
      'missing',
      'cancelled',
      'unsigned',
      'signed_on_time',
      'signed_on_time',
      'signed_on_time',
      'signed_on_time',
      'signed_on_time',
      'unsigned',
      'planned',
    ])
    expect(year.counts).toMatchObject({ signed_on_time: 6, signed_late: 1, missing: 1, cancelled: 1, unsigned: 2, planned: 1, not_due: 0 })
    // Due: 6 on time + 1 late + 1 missing + 1 cancelled + May (overdue); November is still within its deadline.
    expect(year.due).toBe(10)
    expect(year.onTimeRate).toBeCloseTo(6 / 10)
    expect(year.quarters).toEqual(['missing', 'held', 'missing', 'missing'])
    expect(year.thematicMissingQuarters).toEqual([1, 3, 4])
    // 9 + 8 + 9 + 9 (thematic) + 10 + 10 present of 6 × 10 expected; the committee and last year are left out.
    expect(year.attendance).toMatchObject({ present: 55, expected: 60 })
    expect(year.attendance.rate).toBeCloseTo(55 / 60)
    expect(year.unexcusedFlags).toEqual([
      { memberId: 'a', count: 3, flag: 'flag' },
      { memberId: 'b', count: 2, flag: 'warning' },
    ])
  })

  test('aggregates add cells up and the chart counts states per month', () => {
    const now = NOW
    const a = cellCompliance({ year: 2026, meetings: [meeting({ at: '2026-01-05 14:00', signedAt: hn('2026-01-06 10:00') })], minutesSignDays: N, now })
    const b = cellCompliance({ year: 2026, meetings: [meeting({ at: '2026-01-05 14:00', signedAt: hn('2026-01-30 10:00') })], minutesSignDays: N, now })
    const total = aggregateCompliance([a, b])
    expect(total.cells).toBe(2)
    expect(total.counts.signed_on_time).toBe(1)
    expect(total.counts.signed_late).toBe(1)
    expect(total.counts.missing).toBe(20)
    expect(total.cellsWithMissing).toBe(2)
    expect(total.due).toBe(22)
    expect(total.onTimeRate).toBeCloseTo(1 / 22)
    expect(total.thematicMissing).toBe(8)
    const chart = countsPerMonth([a, b])
    expect(chart[0]).toMatchObject({ signed_on_time: 1, signed_late: 1 })
    expect(chart[11]).toMatchObject({ not_due: 2 })
    expect(matchesStateFilter(a, 'signed_late')).toBe(false)
    expect(matchesStateFilter(b, 'signed_late')).toBe(true)
    expect(matchesStateFilter(a, 'thematic_missing')).toBe(true)
    expect(matchesStateFilter(a, undefined)).toBe(true)
  })
})

describe('words and parameters', () => {
  test('every state has an icon, a short text and a label (never colour alone)', () => {
    for (const s of COMPLIANCE_STATES) {
      const info = COMPLIANCE_STATE_INFO[s]
      expect(info.icon.trim()).not.toBe('')
      expect(info.short.trim()).not.toBe('')
      expect(info.label.trim()).not.toBe('')
    }
    expect(new Set(COMPLIANCE_STATES.map((s) => COMPLIANCE_STATE_INFO[s].icon)).size).toBe(COMPLIANCE_STATES.length)
    expect(stateText('signed_on_time')).toBe('✓ Đúng hạn')
    expect(stateText('missing')).toBe('✗ Không họp')
    expect(stateText('cancelled')).toBe('⊘ Hủy')
    expect(stateText('not_due')).toBe('· Chưa đến')
  })

  test('describeMonth says what happened in one Vietnamese sentence', () => {
    const late = month(2026, 2, [meeting({ at: '2026-02-05 14:00', signedAt: hn('2026-02-20 09:00') })])
    expect(describeMonth(2026, late, N)).toBe(
      'Tháng 02/2026: đã sinh hoạt thường kỳ ngày 05/02/2026; biên bản ký ngày 20/02/2026, muộn 8 ngày (hạn 7 ngày).',
    )
    expect(describeMonth(2026, month(2026, 12, []), N)).toBe('Tháng 12/2026: chưa đến kỳ, chưa có kế hoạch sinh hoạt.')
  })

  test('parseYear: absent → fallback; four digits in range; anything else → null', () => {
    expect(parseYear(null, 2026)).toBe(2026)
    expect(parseYear('', 2026)).toBe(2026)
    expect(parseYear('2025', 2026)).toBe(2025)
    for (const bad of ['abcd', '20x6', '1999', '2101', '202', '2025.5', '-2025']) expect(parseYear(bad, 2026)).toBeNull()
  })

  test('parseComplianceQuery keeps known values and ignores the rest', () => {
    expect(parseComplianceQuery(new URLSearchParams('type=thematic&state=signed_late&sort=missing&page=3&gpage=2&org=01a2-b'))).toEqual({
      view: 'thematic',
      state: 'signed_late',
      sort: 'missing',
      page: 3,
      groupPage: 2,
      grassrootsId: '01a2-b',
    })
    expect(parseComplianceQuery(new URLSearchParams('type=x&state=y&sort=z&page=-1&org=<script>'))).toEqual({
      view: 'regular',
      state: undefined,
      sort: 'name',
      page: 1,
      groupPage: 1,
      grassrootsId: undefined,
    })
  })
})

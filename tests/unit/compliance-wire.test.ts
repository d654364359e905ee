// The grid page's packed rows (app/domain/compliance-wire.ts): what the browser unpacks must read
// exactly like what the server judged — the same states, links and per-month descriptions — and the
// icons drawn by CSS must be the states' icons.
import fs from 'node:fs'
import { describe, expect, test } from 'vitest'
import { COMPLIANCE_STATE_INFO, QUARTER_MARK_INFO, cellCompliance, describeMonth, describeUnexcused, describeUnexcusedCounts, type ComplianceMeeting } from '~/domain/compliance'
import { FINDING_STATES, packGroup, packRow, unpackMonths, unpackQuarters } from '~/domain/compliance-wire'
import { fromVnWallTime } from '~/domain/vn-date'

const hn = (wall: string) => fromVnWallTime(wall.slice(0, 10), wall.slice(11) || '00:00').toISOString()

let seq = 0
function meeting(over: Partial<ComplianceMeeting> & { at: string }): ComplianceMeeting {
  const { at, ...rest } = over
  return { id: `0190f3c2-0000-7000-8000-${String(++seq).padStart(12, '0')}`, type: 'regular', startsAt: hn(at), status: 'planned', cancelledReason: null, signedAt: null, quality: null, attendance: null, ...rest }
}

const NOW = new Date(hn('2026-12-10 10:00'))
const N = 7
const attended = (present: number, expected: number, unexcused: string[] = []) => ({ present, expected, unexcusedMemberIds: unexcused })

/** A year with every kind of month, including a December meeting signed in January and a reason with dots and spaces. */
const MEETINGS: ComplianceMeeting[] = [
  meeting({ at: '2026-01-08 14:00', status: 'signed', signedAt: hn('2026-01-09 09:00'), quality: 'good', attendance: attended(18, 20, ['a', 'b']) }),
  meeting({ at: '2026-02-25 14:00', status: 'signed', signedAt: hn('2026-03-09 09:00'), quality: 'poor', attendance: attended(10, 20, ['a']) }),
  meeting({ at: '2026-03-05 14:00', type: 'combined', status: 'signed', signedAt: hn('2026-03-06 09:00'), quality: 'average' }),
  meeting({ at: '2026-04-05 14:00', status: 'minutes_draft' }),
  meeting({ at: '2026-04-20 14:00', type: 'extraordinary', status: 'minutes_draft' }),
  meeting({ at: '2026-05-06 14:00', status: 'cancelled', cancelledReason: 'Trùng lịch. Họp bù: tháng 6 (đi công tác)' }),
  meeting({ at: '2026-07-29 14:00', status: 'signed', signedAt: hn('2026-08-03 09:00'), quality: 'fair', attendance: attended(19, 20, ['a']) }),
  meeting({ at: '2026-08-14 14:00', type: 'thematic', status: 'planned' }),
  meeting({ at: '2026-08-04 14:00', status: 'signed', signedAt: hn('2026-08-05 09:00') }),
  meeting({ at: '2026-12-05 14:00', status: 'minutes_draft' }),
  meeting({ at: '2026-12-28 14:00', type: 'thematic', status: 'planned' }),
]

function row(view: 'regular' | 'thematic' = 'regular', meetings = MEETINGS) {
  const compliance = cellCompliance({ year: 2026, meetings, minutesSignDays: N, now: NOW, view })
  return { compliance, cell: { id: 'c1', name: 'Chi bộ Khu phố 1', grassrootsName: 'Đảng bộ Phường A', minutesSignDays: N, ...compliance } }
}

describe('packed grid rows', () => {
  test('every month unpacks to the same state, link, marks and description as judged', () => {
    for (const view of ['regular', 'thematic'] as const) {
      const { compliance, cell } = row(view)
      const packed = packRow(cell, true)
      const months = unpackMonths(2026, packed)
      expect(months).toHaveLength(12)
      months.forEach((m, i) => {
        const judged = compliance.months[i]
        expect(m).toMatchObject({ month: judged.month, state: judged.state, meetingId: judged.meetingId, meetingDate: judged.meetingDate, overdue: judged.overdue, thematic: judged.thematic, quality: judged.quality, attendance: judged.attendance, otherHeld: judged.otherHeld, cancelledReason: judged.cancelledReason })
        expect(describeMonth(2026, m, N, view)).toBe(describeMonth(2026, judged, N, view))
      })
    }
  })

  test('the year covers the states and details the packing must carry', () => {
    const { compliance } = row()
    const states = new Set(compliance.months.map((m) => m.state))
    for (const s of ['signed_on_time', 'signed_late', 'unsigned', 'missing', 'cancelled'] as const) expect(states).toContain(s)
    expect(compliance.months.some((m) => m.overdue)).toBe(true)
    expect(compliance.months.some((m) => m.otherHeld > 0)).toBe(true)
    expect(compliance.months.some((m) => m.thematicPlanned)).toBe(true)
  })

  test('quarters, rates, absences and the grass-roots name survive; the name is left out when not shown', () => {
    const { compliance, cell } = row()
    const packed = packRow(cell, true)
    expect(unpackQuarters(packed)).toEqual(compliance.quarters)
    expect([packed.onTime, packed.due, packed.present, packed.expected]).toEqual([compliance.onTime, compliance.due, compliance.attendance.present, compliance.attendance.expected])
    expect(describeUnexcusedCounts(packed.flagged, packed.warned)).toBe(describeUnexcused(compliance.unexcusedFlags))
    expect(describeUnexcused(compliance.unexcusedFlags)).not.toBe('')
    expect(packed.group).toBe('Đảng bộ Phường A')
    expect(packRow(cell, false).group).toBeNull()
    expect(packRow({ ...cell, grassrootsName: cell.name }, true).group).toBeNull()
  })

  test('a group row keeps the numbers its summary shows', () => {
    const { compliance } = row()
    const aggregate = { cells: 1, counts: compliance.counts, due: compliance.due, onTime: compliance.onTime, onTimeRate: null, thematicMissing: 2, cellsWithMissing: 1, attendance: compliance.attendance, unexcusedWarnings: 0, unexcusedFlagged: 0 }
    const g = packGroup({ id: 'g', name: 'Đảng bộ Phường A', kind: 'grassroots', isCell: false, aggregate, matchingCells: 1 })
    expect(g.counts).toEqual(FINDING_STATES.map((s) => compliance.counts[s]))
    expect(g).toMatchObject({ cells: 1, due: compliance.due, onTime: compliance.onTime, thematicMissing: 2, present: compliance.attendance.present, matchingCells: 1 })
  })
})

describe('icons drawn by the stylesheet', () => {
  const css = fs.readFileSync('app/styles/app.css', 'utf8')
  test.each(Object.entries(COMPLIANCE_STATE_INFO))('month state %s shows its icon', (state, info) => {
    expect(css).toContain(`.cg--${state} > .cg-link::before { content: '${info.icon}'; content: '${info.icon}' / ''; }`)
  })
  test.each(Object.entries(QUARTER_MARK_INFO))('quarter mark %s shows its icon', (mark, info) => {
    expect(css).toContain(`.cg-q--${mark}::after { content: ' ${info.icon}'; content: ' ${info.icon}' / ''; }`)
  })
})

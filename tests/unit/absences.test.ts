import { describe, expect, test } from 'vitest'
import {
  absenceAlerts,
  absenceFlag,
  absenceLabel,
  countUnexcusedByMemberYear,
  type AttendanceRow,
} from '~/domain/absences'

describe('absenceFlag and absenceLabel', () => {
  test.each<[number, string, string | null]>([
    [0, 'none', null],
    [1, 'none', null],
    [2, 'warning', 'Vắng không lý do 2 lần trong năm — cần nhắc nhở'],
    [
      3,
      'flag',
      'Vắng không lý do 3 lần trong năm — chi bộ xem xét đề nghị xóa tên (ứng dụng không tự quyết định)',
    ],
    [
      4,
      'flag',
      'Vắng không lý do 4 lần trong năm — chi bộ xem xét đề nghị xóa tên (ứng dụng không tự quyết định)',
    ],
  ])('%i unexcused absences → %s', (count, flag, label) => {
    expect(absenceFlag(count)).toBe(flag)
    expect(absenceLabel(count)).toBe(label)
  })
})

const row = (memberId: string, date: string, attendance = 'unexcused'): AttendanceRow => ({ memberId, date, attendance })

describe('countUnexcusedByMemberYear', () => {
  const rows: AttendanceRow[] = [
    // Hùng: 1 in 2026
    row('hung', '2026-03-05'),
    // Lan: 2 in 2026, plus an excused one and a present one
    row('lan', '2026-01-05'),
    row('lan', '2026-02-05'),
    row('lan', '2026-03-05', 'excused'),
    row('lan', '2026-04-05', 'present'),
    // Nam: 3 in 2026, the first on 1 January, plus one on 31 December 2025 that belongs to 2025
    row('nam', '2025-12-31'),
    row('nam', '2026-01-01'),
    row('nam', '2026-06-05'),
    row('nam', '2026-12-31'),
    // Hoa: 4 in 2026, plus one in January 2027
    row('hoa', '2026-02-05'),
    row('hoa', '2026-05-05'),
    row('hoa', '2026-08-05'),
    row('hoa', '2026-11-05'),
    row('hoa', '2027-01-05'),
    // Mai: exempt and elsewhere never count
    row('mai', '2026-02-05', 'exempt'),
    row('mai', '2026-03-05', 'elsewhere'),
  ]

  test('counts only unexcused absences inside the calendar year', () => {
    expect(Object.fromEntries(countUnexcusedByMemberYear(rows, 2026))).toEqual({ hung: 1, lan: 2, nam: 3, hoa: 4 })
  })

  test.each<[number, Record<string, number>]>([
    [2025, { nam: 1 }],
    [2027, { hoa: 1 }],
    [2024, {}],
  ])('year boundaries: %i', (year, expected) => {
    expect(Object.fromEntries(countUnexcusedByMemberYear(rows, year))).toEqual(expected)
  })

  test('the same member and date counted once', () => {
    const counts = countUnexcusedByMemberYear([row('a', '2026-02-05'), row('a', '2026-02-05'), row('a', '2026-02-06')], 2026)
    expect(counts.get('a')).toBe(2)
  })

  test('alerts: warnings and flags with their labels, flags first', () => {
    expect(absenceAlerts(rows, 2026)).toEqual([
      {
        memberId: 'hoa',
        count: 4,
        flag: 'flag',
        label: 'Vắng không lý do 4 lần trong năm — chi bộ xem xét đề nghị xóa tên (ứng dụng không tự quyết định)',
      },
      {
        memberId: 'nam',
        count: 3,
        flag: 'flag',
        label: 'Vắng không lý do 3 lần trong năm — chi bộ xem xét đề nghị xóa tên (ứng dụng không tự quyết định)',
      },
      { memberId: 'lan', count: 2, flag: 'warning', label: 'Vắng không lý do 2 lần trong năm — cần nhắc nhở' },
    ])
    expect(absenceAlerts(rows, 2025)).toEqual([])
  })
})

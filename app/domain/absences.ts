// Unexcused absences per member and calendar year (DOMAIN §5). Skipping party activity for three
// months in a year without good reason is ground for striking off: the app warns at 2 and flags at 3,
// but never decides — the cell proposes, the upper committee decides.

export const ABSENCE_FLAGS = ['none', 'warning', 'flag'] as const
export type AbsenceFlag = (typeof ABSENCE_FLAGS)[number]

export const ABSENCE_WARNING_AT = 2
export const ABSENCE_FLAG_AT = 3

export function absenceFlag(count: number): AbsenceFlag {
  if (count >= ABSENCE_FLAG_AT) return 'flag'
  if (count >= ABSENCE_WARNING_AT) return 'warning'
  return 'none'
}

/**
 * What the secretary reads next to the member, or null when there is nothing to say:
 * "Vắng không lý do 2 lần trong năm — cần nhắc nhở".
 */
export function absenceLabel(count: number): string | null {
  switch (absenceFlag(count)) {
    case 'flag':
      return `Vắng không lý do ${count} lần trong năm — chi bộ xem xét đề nghị xóa tên (ứng dụng không tự quyết định)`
    case 'warning':
      return `Vắng không lý do ${count} lần trong năm — cần nhắc nhở`
    default:
      return null
  }
}

export type AttendanceRow = {
  memberId: string
  /** Meeting date 'YYYY-MM-DD' (Hà Nội calendar date). */
  date: string
  attendance: string
}

/**
 * Unexcused absences per member in the calendar year `year`. Only members with at least one appear.
 * The same member and date counted once (a row repeated, or two parts of one session).
 * The caller passes the rows of cell meetings (not committee meetings).
 */
export function countUnexcusedByMemberYear(rows: readonly AttendanceRow[], year: number): Map<string, number> {
  const prefix = `${String(year).padStart(4, '0')}-`
  const seen = new Set<string>()
  const counts = new Map<string, number>()
  for (const row of rows) {
    if (row.attendance !== 'unexcused' || !row.date.startsWith(prefix)) continue
    const key = `${row.memberId}\u0000${row.date.slice(0, 10)}`
    if (seen.has(key)) continue
    seen.add(key)
    counts.set(row.memberId, (counts.get(row.memberId) ?? 0) + 1)
  }
  return counts
}

export type AbsenceAlert = { memberId: string; count: number; flag: Exclude<AbsenceFlag, 'none'>; label: string }

/** Members to warn or flag this year, flags first, then by count. */
export function absenceAlerts(rows: readonly AttendanceRow[], year: number): AbsenceAlert[] {
  const alerts: AbsenceAlert[] = []
  for (const [memberId, count] of countUnexcusedByMemberYear(rows, year)) {
    const flag = absenceFlag(count)
    if (flag === 'none') continue
    alerts.push({ memberId, count, flag, label: absenceLabel(count)! })
  }
  return alerts.sort((a, b) => b.count - a.count || a.memberId.localeCompare(b.memberId))
}

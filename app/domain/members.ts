// Member rules and the one zod schema used by the member form, the import and the model.
import { z } from 'zod'
import { GENDERS, MEMBER_POSITIONS, MEMBER_STATUSES, MEMBERSHIP_END_REASONS, MEMBER_PERIOD_KINDS } from './constants'
import type { MemberPeriodKind } from './constants'

export { isValidIsoDate } from './vn-date'
import { isValidIsoDate } from './vn-date'

const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isValidIsoDate(v), { message: `${label} không hợp lệ.` })

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, { message: `${label} quá dài (tối đa ${max} ký tự).` })
    .optional()
    .transform((v) => (v ? v : null))

export const MemberSchema = z
  .object({
    fullName: z
      .string({ message: 'Chưa nhập họ và tên.' })
      .trim()
      .min(1, { message: 'Chưa nhập họ và tên.' })
      .max(120, { message: 'Họ và tên quá dài (tối đa 120 ký tự).' }),
    gender: z
      .enum(GENDERS, { message: 'Giới tính phải là Nam hoặc Nữ.' })
      .optional()
      .nullable()
      .transform((v) => v ?? null),
    birthDate: optionalDate('Ngày sinh'),
    status: z.enum(MEMBER_STATUSES, { message: 'Hãy chọn đảng viên chính thức hoặc dự bị.' }),
    joinedOn: optionalDate('Ngày vào Đảng'),
    officialOn: optionalDate('Ngày chính thức'),
    position: z.enum(MEMBER_POSITIONS, { message: 'Chức vụ không hợp lệ.' }).default('member'),
    cardNumber: optionalText(30, 'Số thẻ đảng viên'),
    suspended: z
      .union([z.boolean(), z.literal('on')])
      .optional()
      .transform((v) => v === true || v === 'on'),
    suspendedNote: optionalText(500, 'Ghi chú đình chỉ'),
    note: optionalText(1000, 'Ghi chú'),
  })
  .superRefine((m, ctx) => {
    if (m.status === 'official' && !m.officialOn) {
      ctx.addIssue({ code: 'custom', path: ['officialOn'], message: 'Đảng viên chính thức cần có ngày chính thức.' })
    }
    if (m.status === 'probationary' && m.officialOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['officialOn'],
        message: 'Đảng viên dự bị chưa có ngày chính thức; hãy chọn "Chính thức" hoặc xóa ngày này.',
      })
    }
    if (m.joinedOn && m.officialOn && m.officialOn < m.joinedOn) {
      ctx.addIssue({ code: 'custom', path: ['officialOn'], message: 'Ngày chính thức không thể trước ngày vào Đảng.' })
    }
    if (m.birthDate && m.joinedOn && m.joinedOn <= m.birthDate) {
      ctx.addIssue({ code: 'custom', path: ['joinedOn'], message: 'Ngày vào Đảng phải sau ngày sinh.' })
    }
  })
export type MemberInput = z.output<typeof MemberSchema>

export const EndMembershipSchema = z.object({
  endedOn: z
    .string({ message: 'Chưa nhập ngày.' })
    .refine(isValidIsoDate, { message: 'Ngày không hợp lệ.' }),
  endReason: z.enum(MEMBERSHIP_END_REASONS, { message: 'Hãy chọn lý do.' }),
  endNote: optionalText(500, 'Ghi chú'),
})

export const MemberPeriodSchema = z
  .object({
    kind: z.enum(MEMBER_PERIOD_KINDS, { message: 'Hãy chọn loại.' }),
    startsOn: z.string({ message: 'Chưa nhập ngày bắt đầu.' }).refine(isValidIsoDate, { message: 'Ngày bắt đầu không hợp lệ.' }),
    endsOn: optionalDate('Ngày kết thúc'),
    note: optionalText(500, 'Ghi chú'),
  })
  .refine((p) => !p.endsOn || p.endsOn >= p.startsOn, {
    path: ['endsOn'],
    message: 'Ngày kết thúc phải sau ngày bắt đầu.',
  })

export type PeriodLike = { kind: MemberPeriodKind; startsOn: string; endsOn: string | null }

/** Is a dated period in force on `date` ('YYYY-MM-DD'; endsOn inclusive)? */
export function periodCovers(p: Pick<PeriodLike, 'startsOn' | 'endsOn'>, date: string): boolean {
  return p.startsOn <= date && (p.endsOn === null || p.endsOn >= date)
}

export { MEMBER_STANDING_LABELS, type MemberStanding } from './constants'
import type { MemberStanding } from './constants'

/** A member's standing on a date, from the dated periods (not flags). */
export function memberStandingOn(
  m: { suspended: boolean; endedOn: string | null; joinedOn?: string | null },
  periods: PeriodLike[],
  date: string,
): MemberStanding {
  if (m.endedOn && m.endedOn <= date) return 'ended'
  if (m.suspended) return 'suspended'
  if (periods.some((p) => p.kind === 'elsewhere' && periodCovers(p, date))) return 'elsewhere'
  if (periods.some((p) => p.kind === 'exempt' && periodCovers(p, date))) return 'exempt'
  return 'active'
}

/** Probationary members reach the end of their 12 months on the anniversary of joining. */
export function probationEndsOn(joinedOn: string | null): string | null {
  if (!joinedOn || !isValidIsoDate(joinedOn)) return null
  const [y, m, d] = joinedOn.split('-').map(Number)
  const dt = new Date(Date.UTC(y + 1, m - 1, d))
  return dt.toISOString().slice(0, 10)
}

/** Days from `today` until the probation ends (negative when overdue). */
export function daysUntil(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

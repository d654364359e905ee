// Enumerations shared by the database schema, zod schemas and the UI, with their Vietnamese labels.

export const ORG_KINDS = ['upper', 'grassroots', 'cell_base', 'cell_sub'] as const
export type OrgKind = (typeof ORG_KINDS)[number]
export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  upper: 'Đảng bộ cấp trên',
  grassroots: 'Đảng bộ cơ sở',
  cell_base: 'Chi bộ cơ sở',
  cell_sub: 'Chi bộ trực thuộc',
}
/** Kinds that hold members and meetings. */
export const CELL_KINDS: readonly OrgKind[] = ['cell_base', 'cell_sub']
export function isCellKind(kind: string): boolean {
  return kind === 'cell_base' || kind === 'cell_sub'
}
/** Which kinds may sit under which: upper bodies nest; a grass-roots đảng bộ holds chi bộ trực thuộc. */
export const ALLOWED_CHILD_KINDS: Record<OrgKind, readonly OrgKind[]> = {
  upper: ['upper', 'grassroots', 'cell_base'],
  grassroots: ['cell_sub'],
  cell_base: [],
  cell_sub: [],
}

export const ROLES = ['admin', 'secretary', 'deputy', 'committee', 'member', 'inspector'] as const
export type Role = (typeof ROLES)[number]
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Quản trị',
  secretary: 'Bí thư',
  deputy: 'Phó Bí thư',
  committee: 'Chi ủy viên',
  member: 'Đảng viên',
  inspector: 'Kiểm tra (cấp trên)',
}

export const MEMBER_STATUSES = ['official', 'probationary'] as const
export type MemberStatus = (typeof MEMBER_STATUSES)[number]
export const MEMBER_STATUS_LABELS: Record<MemberStatus, string> = {
  official: 'Chính thức',
  probationary: 'Dự bị',
}

export const MEMBER_POSITIONS = ['secretary', 'deputy', 'committee', 'member'] as const
export type MemberPosition = (typeof MEMBER_POSITIONS)[number]
export const MEMBER_POSITION_LABELS: Record<MemberPosition, string> = {
  secretary: 'Bí thư',
  deputy: 'Phó Bí thư',
  committee: 'Chi ủy viên',
  member: 'Đảng viên',
}

export const GENDERS = ['male', 'female'] as const
export type Gender = (typeof GENDERS)[number]
export const GENDER_LABELS: Record<Gender, string> = { male: 'Nam', female: 'Nữ' }

export const MEMBERSHIP_END_REASONS = ['moved', 'died', 'struck_off', 'expelled', 'resigned'] as const
export type MembershipEndReason = (typeof MEMBERSHIP_END_REASONS)[number]
export const MEMBERSHIP_END_REASON_LABELS: Record<MembershipEndReason, string> = {
  moved: 'Chuyển sinh hoạt đi nơi khác',
  died: 'Từ trần',
  struck_off: 'Xóa tên',
  expelled: 'Khai trừ',
  resigned: 'Xin ra khỏi Đảng',
}

export const MEMBER_PERIOD_KINDS = ['exempt', 'elsewhere'] as const
export type MemberPeriodKind = (typeof MEMBER_PERIOD_KINDS)[number]
export const MEMBER_PERIOD_KIND_LABELS: Record<MemberPeriodKind, string> = {
  exempt: 'Miễn công tác và sinh hoạt đảng',
  elsewhere: 'Sinh hoạt tạm thời nơi khác',
}

/** Settings an organisation may set; each cell inherits the nearest ancestor's value (app/domain/settings.ts). */
export type OrgSettings = {
  /** Place name in document dates; falls back to the organisation's own placeName column. */
  placeName: string
  /** Issuer code in document numbers ("CB" for a cell, "ĐU" for a đảng ủy). */
  issuerCode: string
  /** Meeting-day rule, e.g. { kind: 'day_of_month', day: 5 } or { kind: 'nth_weekday', n: 1, weekday: 2 }. */
  meetingDayRule: MeetingDayRule
  defaultMeetingTime: string
  defaultMeetingPlace: string
  /** Months (1–12) that carry a thematic meeting. */
  thematicMonths: number[]
  minRegularMinutes: number
  minCombinedMinutes: number
  /** Days before a meeting by which the agenda must be published. */
  agendaLeadDays: number
  /** Minutes signed more than this many days after the meeting are "late". */
  minutesSignDays: number
  /** Whether minutes carry a document number ("Số 02-BB/CB"). */
  numberMinutes: boolean
  /** Whether votes offer "abstain" (không biểu quyết). */
  allowAbstain: boolean
}
export type MeetingDayRule =
  | { kind: 'day_of_month'; day: number }
  | { kind: 'nth_weekday'; n: number; weekday: number }
  | { kind: 'last_weekday'; weekday: number }

export const DEFAULT_ORG_SETTINGS: OrgSettings = {
  placeName: '',
  issuerCode: 'CB',
  meetingDayRule: { kind: 'day_of_month', day: 5 },
  defaultMeetingTime: '14:00',
  defaultMeetingPlace: '',
  thematicMonths: [3, 6, 9, 12],
  minRegularMinutes: 90,
  minCombinedMinutes: 120,
  agendaLeadDays: 1,
  minutesSignDays: 7,
  numberMinutes: true,
  allowAbstain: false,
}

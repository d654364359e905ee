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

/** A member's standing on a date (app/domain/members.ts memberStandingOn); kept here so pages can label it without loading zod. */
export type MemberStanding = 'active' | 'exempt' | 'elsewhere' | 'suspended' | 'ended'
export const MEMBER_STANDING_LABELS: Record<MemberStanding, string> = {
  active: 'Đang sinh hoạt',
  exempt: 'Miễn sinh hoạt',
  elsewhere: 'Sinh hoạt tạm thời nơi khác',
  suspended: 'Đình chỉ sinh hoạt',
  ended: 'Đã thôi sinh hoạt tại chi bộ',
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
  /** The monthly meeting quality rubric (app/domain/quality.ts); null = the default rubric. */
  rubric: QualityRubric | null
}
/** Same shape as Rubric in app/domain/quality.ts (kept here to avoid an import cycle). */
export type QualityRubric = {
  criteria: { key: string; label: string; maxPoints: number }[]
  thresholds: { good: number; fair: number; average: number }
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
  rubric: null,
}

// ---------------------------------------------------------------------------------------------
// Meetings (DOMAIN §3)
export const MEETING_TYPES = ['regular', 'thematic', 'combined', 'committee', 'extraordinary', 'annual_review', 'congress', 'admission'] as const
export type MeetingType = (typeof MEETING_TYPES)[number]
export const MEETING_TYPE_LABELS: Record<MeetingType, string> = {
  regular: 'Sinh hoạt chi bộ thường kỳ',
  thematic: 'Sinh hoạt chuyên đề',
  combined: 'Thường kỳ kết hợp chuyên đề',
  committee: 'Họp chi ủy',
  extraordinary: 'Sinh hoạt bất thường',
  annual_review: 'Kiểm điểm, đánh giá, xếp loại cuối năm',
  congress: 'Đại hội chi bộ',
  admission: 'Lễ kết nạp đảng viên',
}
export const MEETING_STATUSES = ['planned', 'prepared', 'in_progress', 'minutes_draft', 'signing', 'signed', 'cancelled'] as const
export type MeetingStatus = (typeof MEETING_STATUSES)[number]
export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  planned: 'Đã lên kế hoạch',
  prepared: 'Đã gửi chương trình',
  in_progress: 'Đang họp',
  minutes_draft: 'Đang hoàn thiện biên bản',
  signing: 'Chờ ký',
  signed: 'Đã ký',
  cancelled: 'Đã hủy',
}
export const MEETING_FORMS = ['in_person', 'hybrid', 'online'] as const
export type MeetingForm = (typeof MEETING_FORMS)[number]
export const MEETING_FORM_LABELS: Record<MeetingForm, string> = { in_person: 'Trực tiếp', hybrid: 'Trực tiếp kết hợp trực tuyến', online: 'Trực tuyến' }

export const AGENDA_SECTIONS = ['opening', 'content', 'closing'] as const
export type AgendaSection = (typeof AGENDA_SECTIONS)[number]
export const AGENDA_SECTION_LABELS: Record<AgendaSection, string> = {
  opening: 'I. Phần mở đầu',
  content: 'II. Phần nội dung',
  closing: 'III. Phần kết thúc',
}
/** Agenda items with a role the app fills in (tasks under review, open criticism items, votes…). */
export const AGENDA_ITEM_ROLES = ['review_last_month', 'ideology', 'next_tasks', 'vote', 'quality', 'adopt_minutes', 'discussion', 'presentation'] as const
export type AgendaItemRole = (typeof AGENDA_ITEM_ROLES)[number]

// Documents register (sổ văn bản)
export const DOCUMENT_TYPES = ['NQ', 'CT', 'KL', 'HD', 'QĐ', 'QC', 'KH', 'TB', 'BC', 'CTr', 'BB', 'ĐL', 'K'] as const
export type DocumentType = (typeof DOCUMENT_TYPES)[number]
export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  NQ: 'Nghị quyết',
  CT: 'Chỉ thị',
  KL: 'Kết luận',
  HD: 'Hướng dẫn',
  QĐ: 'Quyết định',
  QC: 'Quy chế',
  KH: 'Kế hoạch',
  TB: 'Thông báo',
  BC: 'Báo cáo',
  CTr: 'Chương trình',
  BB: 'Biên bản',
  ĐL: 'Điều lệ',
  K: 'Văn bản khác',
}
export const DOCUMENT_STATUSES = ['draft', 'in_force', 'replaced', 'expired'] as const
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number]
export const DOCUMENT_STATUS_LABELS: Record<DocumentStatus, string> = {
  draft: 'Dự thảo',
  in_force: 'Còn hiệu lực',
  replaced: 'Đã được thay thế',
  expired: 'Hết hiệu lực',
}

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = { open: 'Đang thực hiện', done: 'Đã hoàn thành', cancelled: 'Hủy' }

export const CONTRIBUTION_STATUSES = ['draft', 'submitted', 'accepted', 'noted'] as const
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number]
export const CONTRIBUTION_STATUS_LABELS: Record<ContributionStatus, string> = {
  draft: 'Bản nháp',
  submitted: 'Đã gửi',
  accepted: 'Được đưa vào chương trình',
  noted: 'Đã ghi nhận',
}

// Meeting record (DOMAIN §4–§5)
export const ATTENDANCE_STATUSES = ['present', 'excused', 'unexcused', 'exempt', 'elsewhere', 'suspended'] as const
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number]
export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  present: 'Có mặt',
  excused: 'Vắng có lý do',
  unexcused: 'Vắng không lý do',
  exempt: 'Miễn sinh hoạt (vắng)',
  elsewhere: 'Sinh hoạt tạm thời nơi khác',
  suspended: 'Đình chỉ sinh hoạt',
}

// Criticism (DOMAIN §8)
export const CRITICISM_KINDS = ['self', 'peer', 'public', 'upper'] as const
export type CriticismKind = (typeof CRITICISM_KINDS)[number]
export const CRITICISM_KIND_LABELS: Record<CriticismKind, string> = {
  self: 'Tự phê bình',
  peer: 'Phê bình',
  public: 'Góp ý của quần chúng',
  upper: 'Gợi ý kiểm điểm của cấp trên',
}
export const CRITICISM_CATEGORIES = ['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7', 'G8'] as const
export type CriticismCategory = (typeof CRITICISM_CATEGORIES)[number]
export const CRITICISM_CATEGORY_LABELS: Record<CriticismCategory, string> = {
  G1: 'Suy thoái về tư tưởng chính trị',
  G2: 'Suy thoái về đạo đức, lối sống',
  G3: 'Biểu hiện "tự diễn biến", "tự chuyển hóa"',
  G4: 'Thực hiện chức trách, nhiệm vụ',
  G5: 'Ý thức tổ chức kỷ luật, sinh hoạt đảng, đảng phí',
  G6: 'Những điều đảng viên không được làm',
  G7: 'Trách nhiệm nêu gương',
  G8: 'Khác',
}
export const CRITICISM_SUBJECT_KINDS = ['member', 'cell', 'committee'] as const
export const CRITICISM_RESPONSES = ['accepted', 'explained', 'reserved'] as const
export const CRITICISM_RESPONSE_LABELS = { accepted: 'Tiếp thu', explained: 'Giải trình', reserved: 'Bảo lưu' } as const
export const CRITICISM_STATUSES = ['open', 'in_progress', 'resolved', 'verified', 'referred'] as const
export type CriticismStatus = (typeof CRITICISM_STATUSES)[number]
export const CRITICISM_STATUS_LABELS: Record<CriticismStatus, string> = {
  open: 'Mở',
  in_progress: 'Đang khắc phục',
  resolved: 'Đã khắc phục',
  verified: 'Đã xác nhận',
  referred: 'Chuyển kiểm tra',
}
export const CRITICISM_OUTCOMES = ['reminder', 'criticism', 'inspection', 'discipline'] as const
export const CRITICISM_OUTCOME_LABELS = { reminder: 'Nhắc nhở', criticism: 'Phê bình', inspection: 'Đề nghị kiểm tra', discipline: 'Kỷ luật' } as const

// Minutes and signing (DESIGN §6)
export const MINUTES_VERSION_STATUSES = ['pending', 'signed', 'withdrawn', 'superseded'] as const
export const SIGNER_ROLES = ['chair', 'secretary'] as const
export type SignerRole = (typeof SIGNER_ROLES)[number]
export const SIGNER_ROLE_LABELS: Record<SignerRole, string> = { chair: 'Chủ trì', secretary: 'Thư ký' }

// Inspection (DOMAIN §9)
export const REMARK_STATUSES = ['draft', 'open', 'answered', 'closed'] as const
export type RemarkStatus = (typeof REMARK_STATUSES)[number]
export const REMARK_STATUS_LABELS: Record<RemarkStatus, string> = { draft: 'Bản nháp', open: 'Chờ chi bộ trả lời', answered: 'Chi bộ đã trả lời', closed: 'Đã đóng' }

export const TEMPLATE_KINDS = ['minutes_regular', 'minutes_thematic', 'minutes_committee', 'resolution'] as const
export type TemplateKind = (typeof TEMPLATE_KINDS)[number]

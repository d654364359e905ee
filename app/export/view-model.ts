// What a minutes (biên bản) or resolution (nghị quyết) .docx is drawn from. The renderer knows
// nothing about the database: a loader builds one of these from the meeting record (or a test builds
// one by hand) and app/export/render.server.ts lays it out per DOMAIN §6–§7. Everything is plain data,
// already in the words the document prints, except where a domain function formats it (dates, times,
// vote sentences and denominators, document numbers), so those rules live in one place.
//
// Dates are 'YYYY-MM-DD' calendar dates, times 'HH:mm' Hà Nội wall times, instants ISO-8601 strings.
import type { AgendaSection, MeetingForm, TemplateKind } from '~/domain/constants'
import type { QualityLevel } from '~/domain/quality'
import type { Denominator, VoteKind, VoteMethod } from '~/domain/voting'
import type { RichText } from '~/rich-text/types'

export type MinutesTemplateKind = Extract<TemplateKind, 'minutes_regular' | 'minutes_thematic' | 'minutes_committee'>
export const MINUTES_TEMPLATE_KINDS = ['minutes_regular', 'minutes_thematic', 'minutes_committee'] as const satisfies readonly MinutesTemplateKind[]

/** The Party header every document carries (DOMAIN §7). */
export type DocumentHeaderVM = {
  /** The upper body as stored, "Đảng bộ phường Ba Đình"; printed upper case. null leaves the line out. */
  upperBody: string | null
  /** The issuing body, "Chi bộ Khu phố 3"; printed upper case and bold. */
  issuer: string
  /**
   * The number as formatDocNumber gives it, "02-BB/CB", printed "Số 02-BB/CB". null: not numbered
   * (minutes, when the organisation's numberMinutes setting is off) and the line is left out.
   */
  number: string | null
  /** Place of the date line, "Hà Nội" (the organisation's effective placeName). */
  place: string
  /** Date of the document: the meeting day for minutes and resolutions. */
  date: string
}

/** A person as the text names them: "đ/c Nguyễn Văn Hùng, Bí thư chi bộ". */
export type PersonVM = {
  name: string
  /** "Bí thư chi bộ", "Chi ủy viên", "đảng viên", "Đảng ủy viên, phụ trách chi bộ"; null: name only. */
  role: string | null
}

export type AttendanceVM = {
  /** Official and probationary members on the roll on the meeting day (exempt and away ones included). */
  official: number
  probationary: number
  /** Members of other cells attending here temporarily (sinh hoạt tạm thời), counted in the roll. */
  temporaryHere: number
  /** Exempt members (miễn công tác và sinh hoạt đảng) who did not attend: not expected. */
  exemptAbsent: number
  /** Members attending another cell temporarily: not expected. */
  elsewhere: number
  /** Suspended, prosecuted or detained members: not expected. */
  suspended: number
  /** Expected members who attended (an exempt member who attends counts here). */
  present: number
  /** Absent with an accepted reason, in the order the minutes list them. */
  absentExcused: { name: string; reason: string }[]
  absentUnexcused: { name: string }[]
  /** Guests: "Đảng ủy viên, phụ trách chi bộ" as their role. */
  guests: PersonVM[]
}

export type SpeechVM = {
  /** "Hoàng Văn Long" (printed "đ/c Hoàng Văn Long"); a guest's name as entered. */
  speaker: string
  gist: RichText
}

export type AgendaItemVM = {
  section: AgendaSection
  /** "Thông tin thời sự; quán triệt Nghị quyết số 22-NQ/TW …" */
  title: string
  /** Who presented the item; null when nobody is recorded. */
  presenter: PersonVM | null
  /** Citations of the linked documents, as app/domain/citation.ts writes them. */
  documents: string[]
  /** What was presented or recorded under the item. */
  content: RichText | null
  speeches: SpeechVM[]
  /** The chair's conclusion on the item. */
  conclusion: RichText | null
}

export type VoteVM = {
  /** What was voted on, as it follows "Chi bộ biểu quyết": "thông qua nghị quyết tháng 02 năm 2026". */
  subject: string
  kind: VoteKind
  method: VoteMethod
  for: number
  against: number
  /** Only printed when the organisation allows abstaining. */
  abstain: number
  allowAbstain: boolean
  /** How the denominator was reached (computeDenominator); its `denominator` is the "y" of "x/y". */
  denominator: Denominator
  /** Minority opinions kept (bảo lưu). */
  reserved: { name: string; text: string }[]
}

export type TaskVM = {
  /** Responsible member(s), "Nguyễn Văn Hùng" or "Chi ủy". */
  assignee: string
  task: string
  /** Deadline, or null for "thường xuyên". */
  deadline: string | null
}

export type QualityVM = {
  score: number
  level: QualityLevel
  /** The upper-level representative who confirmed the score; null: not (yet) confirmed. */
  confirmedBy: PersonVM | null
}

export type MinutesSigning =
  | { state: 'draft' }
  | {
      state: 'signed'
      /** "7K3Q-MX9A" */
      verifyCode: string
      /** Absolute URL of the verification page, "https://…/verify/7K3Q-MX9A"; printed and QR-encoded. */
      verifyUrl: string
      /** Instants of the two electronic signatures. */
      secretarySignedAt: string
      chairSignedAt: string
    }

/**
 * A block of the minutes laid out from the record rather than from the minute-taker's words, so the
 * facts stay right whatever the narrative says: 'facts' the time, place, form, attendance, chair and
 * minute-taker; 'votes' each vote with "x/y đồng chí tán thành, đạt z%" and its denominator; 'tasks'
 * the table of tasks; 'quality' the self-assessment; 'ending' the end time and the adoption sentence.
 */
export type RecordBlock = 'facts' | 'votes' | 'tasks' | 'quality' | 'ending'

export type NarrativePartVM = { type: 'text'; body: RichText } | { type: 'record'; block: RecordBlock }

/** One section of the minutes as the minute-taker wrote it (app/export/minutes-vm.server.ts). */
export type NarrativeSectionVM = {
  key: string
  /** The heading without its number ("PHẦN MỞ ĐẦU"; numbered when printed); null: no heading. */
  title: string | null
  parts: NarrativePartVM[]
}

export type MinutesViewModel = {
  kind: MinutesTemplateKind
  header: DocumentHeaderVM
  /** The subject line under BIÊN BẢN: "Sinh hoạt chi bộ thường kỳ tháng 02 năm 2026". */
  subject: string
  meeting: {
    date: string
    startTime: string
    /** null: not recorded, the closing sentence leaves the time out. */
    endTime: string | null
    /** When the meeting ended on another day than it started. */
    endDate: string | null
    place: string
    form: MeetingForm
  }
  attendance: AttendanceVM
  chair: PersonVM
  secretary: PersonVM
  items: AgendaItemVM[]
  votes: VoteVM[]
  tasks: TaskVM[]
  /** Criticism summary lines the minutes may carry (already filtered for sensitivity). */
  criticism: string[]
  quality: QualityVM | null
  /** Minutes read out and adopted at the end of the meeting. */
  adopted: boolean
  signing: MinutesSigning
  /**
   * The minutes' body as the minute-taker wrote it, section by section in order. When present it is
   * printed instead of the body generated from `items`; its record blocks are drawn from the fields
   * above. Absent: the body is generated from the fields above alone.
   */
  narrative?: NarrativeSectionVM[]
}

export type ResolutionSigning =
  | { state: 'draft' }
  | { state: 'signed'; verifyCode: string; verifyUrl: string; signedAt: string }

export type ResolutionTaskVM = {
  task: string
  /** Responsible member(s) or body: "đ/c Nguyễn Văn Hùng", "Chi ủy". */
  responsible: string
  deadline: string | null
}

export type ResolutionViewModel = {
  kind: 'resolution'
  header: DocumentHeaderVM
  /** The subject under NGHỊ QUYẾT: "về lãnh đạo thực hiện nhiệm vụ tháng 3 năm 2026". */
  subject: string
  /** The opening paragraph's facts. */
  meeting: {
    date: string
    place: string
    /** What the cell held: "sinh hoạt chi bộ thường kỳ tháng 02 năm 2026". */
    label: string
    present: number
    expected: number
    chair: PersonVM
  }
  /** I. Results and limitations of the period under review. */
  results: RichText | null
  limitations: RichText | null
  /** II. Tasks and measures for the coming period: an optional introduction, then each task. */
  tasksIntro: RichText | null
  tasks: ResolutionTaskVM[]
  /** III. Organising the implementation; null prints the customary default paragraph. */
  implementation: RichText | null
  /** The vote adopting the resolution; null when it was not recorded (the sentence is left out). */
  vote: VoteVM | null
  /** "Nơi nhận:" lines without the leading dash: "Đảng ủy phường (để báo cáo),", …, "Lưu Chi bộ." */
  recipients: string[]
  /** Who signs for the cell: T/M CHI BỘ, then BÍ THƯ or PHÓ BÍ THƯ. */
  signer: { name: string; title: 'BÍ THƯ' | 'PHÓ BÍ THƯ' }
  signing: ResolutionSigning
}

export type DocumentViewModel = MinutesViewModel | ResolutionViewModel

// The minutes' view model from the meeting record: a RecordSnapshot (the stored snapshot of a signed
// version, or the live record of a draft), the minute-taker's narrative, the signing facts and the
// header. Pure: app/models/exports.server.ts loads these from the database.
//
// The narrative is the minutes' body: every section prints, in order, as the minute-taker wrote it.
// The lines of it the app pre-filled from the record (app/domain/minutes-text.ts draftNarrative: time,
// place, attendance, chair; votes; tasks; the quality score; the end time) are printed from the
// record instead, where the minute-taker left them, so that attendance, vote counts, tasks, quality
// and end time are always those of the signed record; a block the narrative lacks is added.
import { MEETING_FORMS, type MeetingForm, type MemberPosition } from '~/domain/constants'
import type { RecordSnapshot, SnapshotVote } from '~/domain/minutes-text'
import { QUALITY_LEVELS, type QualityLevel } from '~/domain/quality'
import { formatTime, toIsoDate } from '~/domain/vn-date'
import { computeDenominator, VOTE_METHODS, type Denominator, type VoteMethod, type VoterAttendance } from '~/domain/voting'
import { docFromParagraphs } from '~/rich-text/from-text'
import type { RichText } from '~/rich-text/types'
import { toPlainText } from '~/rich-text/validate'

import type {
  AgendaItemVM,
  AttendanceVM,
  MinutesSigning,
  MinutesTemplateKind,
  MinutesViewModel,
  NarrativePartVM,
  NarrativeSectionVM,
  PersonVM,
  QualityVM,
  RecordBlock,
  TaskVM,
  VoteVM,
} from './view-model'

/** A narrative section as stored (minutes.sections, a version's snapshot.narrative). */
export type StoredSection = { key: string; title: string; body: RichText }

/** The header facts that do not come from the record: upper body, number and place. */
export type HeaderFacts = {
  upperBody: string | null
  /** The issuing cell's name; the snapshot's cell name is used when this is null. */
  issuer: string | null
  /** "02-BB/CB", or null when the minutes carry no number. */
  number: string | null
  place: string
}

/** memberId → position in the cell (secretary, deputy, …), to name chair and minute-taker with their office. */
export type Positions = Readonly<Record<string, MemberPosition>>

const POSITION_ROLES: Record<MemberPosition, string> = {
  secretary: 'Bí thư chi bộ',
  deputy: 'Phó Bí thư chi bộ',
  committee: 'Chi ủy viên',
  member: 'đảng viên',
}

// ---------------------------------------------------------------------------------------------
// Pieces shared with the resolution (app/export/resolution-vm.server.ts)

/** Words that stay capitalised inside a sentence: document names and proper names. */
const KEEP_CAPITAL = /^(Nghị quyết|Chỉ thị|Kết luận|Quy định|Hướng dẫn|Điều lệ|Hiến pháp|Luật|Hồ Chí Minh|Bác Hồ|Đảng|Việt Nam|Hà Nội|Trung ương|Ban Chấp hành)(?=[\s,.;:]|$)/

/** "Thông qua nghị quyết …" → "thông qua nghị quyết …" (it follows "Chi bộ biểu quyết"); "Nghị quyết 21-NQ/TW …" stays. */
export function lowerFirst(text: string): string {
  const t = text.trim()
  if (t === '' || KEEP_CAPITAL.test(t)) return t
  // An acronym ("CNTT", "ĐU") stays as written.
  if (t.length > 1 && t[1] === t[1].toLocaleUpperCase('vi') && t[1] !== t[1].toLocaleLowerCase('vi')) return t
  return t.charAt(0).toLocaleLowerCase('vi') + t.slice(1)
}

/** Which template a meeting's minutes use. */
export function minutesKindOf(meetingType: string): MinutesTemplateKind {
  if (meetingType === 'thematic') return 'minutes_thematic'
  if (meetingType === 'committee') return 'minutes_committee'
  return 'minutes_regular'
}

export function personOf(memberId: string | null, name: string | null, positions: Positions): PersonVM {
  const position = memberId ? positions[memberId] : undefined
  return { name: name?.trim() || '…', role: position ? POSITION_ROLES[position] : null }
}

/** The day, start and end of the meeting ('YYYY-MM-DD', 'HH:mm'; Hà Nội time). */
export function meetingTimes(record: RecordSnapshot) {
  const start = record.meeting.startedAt ?? record.meeting.startsAt
  const end = record.meeting.endedAt
  return {
    date: toIsoDate(start),
    startTime: formatTime(start),
    endTime: end ? formatTime(end) : null,
    endDate: end ? toIsoDate(end) : null,
  }
}

export function attendanceOf(record: RecordSnapshot): AttendanceVM {
  const a = record.attendance
  const count = (status: string) => a.filter((m) => m.status === status).length
  return {
    official: a.filter((m) => m.memberStatus === 'official').length,
    probationary: a.filter((m) => m.memberStatus === 'probationary').length,
    temporaryHere: 0,
    exemptAbsent: count('exempt'),
    elsewhere: count('elsewhere'),
    suspended: count('suspended'),
    present: count('present'),
    absentExcused: a.filter((m) => m.status === 'excused').map((m) => ({ name: m.name, reason: m.reason?.trim() || 'không ghi rõ lý do' })),
    absentUnexcused: a.filter((m) => m.status === 'unexcused').map((m) => ({ name: m.name })),
    guests: record.guests.map((g) => ({ name: g.name, role: [g.title, g.unit].map((x) => x?.trim()).filter(Boolean).join(', ') || null })),
  }
}

/** Present members and those expected (present + absent with or without a reason). */
export function presence(record: RecordSnapshot): { present: number; expected: number } {
  const a = attendanceOf(record)
  return { present: a.present, expected: a.present + a.absentExcused.length + a.absentUnexcused.length }
}

/**
 * The denominator of a vote, explained from the attendance of the record (computeDenominator). The
 * stored count wins: should the attendance have changed after the vote, the explanation is adjusted
 * to the number the cell voted with.
 */
export function denominatorOf(record: RecordSnapshot, stored: number): Denominator {
  const computed = computeDenominator(
    record.attendance.map((m) => ({ memberId: m.memberId, status: m.memberStatus, attendance: m.status as VoterAttendance })),
  )
  if (computed.denominator === stored) return computed
  const excluded = computed.excluded.elsewhere + computed.excluded.exemptAbsent + computed.excluded.suspended
  return { ...computed, denominator: stored, official: stored + excluded, presentOfficial: Math.min(computed.presentOfficial, stored) }
}

export function voteOf(record: RecordSnapshot, v: SnapshotVote): VoteVM {
  return {
    subject: lowerFirst(v.subject),
    kind: v.kind,
    method: (VOTE_METHODS as readonly string[]).includes(v.method) ? (v.method as VoteMethod) : 'hands',
    for: v.for,
    against: v.against,
    abstain: v.abstain ?? 0,
    allowAbstain: v.abstain !== null,
    denominator: denominatorOf(record, v.denominator),
    reserved: v.reserved.map((r) => ({ name: r.name, text: r.text })),
  }
}

function richOrNull(doc: unknown, fallback: string): RichText | null {
  if (doc && typeof doc === 'object' && (doc as RichText).type === 'doc') return doc as RichText
  return fallback.trim() ? docFromParagraphs([fallback]) : null
}

/** "Đ/c Hoàng Văn Long" (as the snapshot names a member speaker) → "Hoàng Văn Long". */
function speakerName(name: string): string {
  return name.replace(/^đ\/c\s+/i, '').trim() || '…'
}

function itemsOf(record: RecordSnapshot): AgendaItemVM[] {
  return record.items.map((item) => ({
    section: item.section,
    title: item.title,
    presenter: item.presenterName ? { name: item.presenterName, role: null } : null,
    documents: item.documents.map((d) => d.label),
    content: null,
    speeches: item.speeches.map((s) => ({ speaker: speakerName(s.speakerName), gist: richOrNull(s.gist, s.text) ?? docFromParagraphs(['…']) })),
    conclusion: richOrNull(item.conclusion, item.conclusionText),
  }))
}

function qualityOf(record: RecordSnapshot): QualityVM | null {
  const q = record.quality
  if (!q) return null
  const level: QualityLevel = (QUALITY_LEVELS as readonly string[]).includes(q.level) ? q.level : 'average'
  let confirmedBy: PersonVM | null = null
  if (q.confirmedBy) {
    const guest = record.guests.find((g) => g.name === q.confirmedBy)
    confirmedBy = { name: q.confirmedBy, role: guest?.title?.trim() || null }
  }
  return { score: q.total, level, confirmedBy }
}

function tasksOf(record: RecordSnapshot): TaskVM[] {
  return record.tasks.map((t) => ({ assignee: t.memberName ?? 'Chi bộ', task: t.text, deadline: t.dueOn }))
}

// ---------------------------------------------------------------------------------------------
// The narrative

/** Paragraphs draftNarrative pre-fills from the record, by section key, and the block they stand for. */
const GENERATED: Record<string, { block: RecordBlock; lines: RegExp[] }> = {
  general: { block: 'facts', lines: [/^Thời gian:/, /^Địa điểm:/, /^Hình thức:/, /^Thành phần:/, /^Khách mời:/, /^Chủ trì:/] },
  votes: { block: 'votes', lines: [/^Biểu quyết /, /^(Chi bộ|Chi ủy) biểu quyết /, /^Đ\/c .+ bảo lưu ý kiến/] },
  tasks: { block: 'tasks', lines: [/^- (Đ\/c [^:]+|Chi bộ|Chi ủy): /] },
  quality: { block: 'quality', lines: [/^(Chi bộ|Chi ủy) tự chấm /] },
  // The duration warning is advice to the minute-taker, not part of the minutes.
  ending: { block: 'ending', lines: [/^(Buổi sinh hoạt|Cuộc họp) kết thúc/, /^Biên bản đã được đọc lại/, /^\(Lưu ý: thời lượng/] },
}
/** Sections printed without a heading: the opening facts; the closing sentence unless the section says more. */
const UNTITLED = new Set(['general'])
/** Titles of the sections added when the narrative lacks a block the record has. */
const ADDED_TITLES: Record<RecordBlock, string | null> = {
  facts: null,
  votes: 'BIỂU QUYẾT',
  tasks: 'PHÂN CÔNG NHIỆM VỤ',
  quality: 'TỰ ĐÁNH GIÁ CHẤT LƯỢNG',
  ending: null,
}

/** "II. NỘI DUNG" → "NỘI DUNG"; "3. Biểu quyết" → "Biểu quyết". */
function headingTitle(title: string): string | null {
  const t = title.replace(/^\s*(?:[IVXLC]+|\d+)\s*[.)]\s*/, '').trim()
  return t === '' ? null : t
}

function nodeText(node: RichText): string {
  return toPlainText({ type: 'doc', content: [node] }).trim()
}

/** Which record blocks have something to print. */
function blocksWithData(vm: Omit<MinutesViewModel, 'narrative'>): Set<RecordBlock> {
  const has = new Set<RecordBlock>(['facts'])
  if (vm.votes.length > 0) has.add('votes')
  if (vm.tasks.length > 0) has.add('tasks')
  if (vm.quality) has.add('quality')
  if (vm.meeting.endTime || vm.adopted) has.add('ending')
  return has
}

/**
 * The narrative as sections of text and record blocks: within each section, the first pre-filled
 * line becomes the record block and the other pre-filled lines go; everything else stays, in order.
 * Blocks with data that no section holds are added where the default narrative has them.
 */
export function narrativeSections(sections: readonly StoredSection[], vm: Omit<MinutesViewModel, 'narrative'>): NarrativeSectionVM[] {
  const wanted = blocksWithData(vm)
  const placed = new Set<RecordBlock>()
  const out: NarrativeSectionVM[] = sections.map((section) => {
    const generated = GENERATED[section.key]
    const parts: NarrativePartVM[] = []
    let run: RichText[] = []
    const flush = () => {
      if (run.length > 0) parts.push({ type: 'text', body: { type: 'doc', content: run } })
      run = []
    }
    const nodes: RichText[] = Array.isArray(section.body?.content) ? section.body.content : []
    for (const node of nodes) {
      const text = generated ? nodeText(node) : ''
      if (generated && generated.lines.some((re) => re.test(text))) {
        flush()
        if (!placed.has(generated.block)) {
          parts.push({ type: 'record', block: generated.block })
          placed.add(generated.block)
        }
        continue
      }
      run.push(node)
    }
    flush()
    if (generated && !placed.has(generated.block) && wanted.has(generated.block)) {
      // The minute-taker rewrote or removed the pre-filled lines: the record's version closes the section.
      parts.push({ type: 'record', block: generated.block })
      placed.add(generated.block)
    }
    const onlyRecord = parts.every((part) => part.type === 'record')
    const untitled = UNTITLED.has(section.key) || (section.key === 'ending' && onlyRecord)
    return { key: section.key, title: untitled ? null : headingTitle(section.title), parts }
  })

  if (!placed.has('facts')) out.unshift({ key: 'general', title: null, parts: [{ type: 'record', block: 'facts' }] })
  const endingAt = out.findIndex((s) => s.key === 'ending')
  const missing = (['votes', 'tasks', 'quality'] as const).filter((b) => wanted.has(b) && !placed.has(b))
  out.splice(endingAt === -1 ? out.length : endingAt, 0, ...missing.map((block) => ({ key: block, title: ADDED_TITLES[block], parts: [{ type: 'record' as const, block }] })))
  if (wanted.has('ending') && !placed.has('ending')) out.push({ key: 'ending', title: null, parts: [{ type: 'record', block: 'ending' }] })
  return out
}

// ---------------------------------------------------------------------------------------------
// The view model

export type MinutesInput = {
  record: RecordSnapshot
  /** The narrative sections; null or empty: the body is generated from the record alone. */
  narrative: readonly StoredSection[] | null
  header: HeaderFacts
  signing: MinutesSigning
  positions: Positions
}

export function minutesViewModel(input: MinutesInput): MinutesViewModel {
  const { record, header, signing, positions } = input
  const m = record.meeting
  const times = meetingTimes(record)
  const form: MeetingForm = (MEETING_FORMS as readonly string[]).includes(m.form) ? m.form : 'in_person'
  const base: Omit<MinutesViewModel, 'narrative'> = {
    kind: minutesKindOf(m.type),
    header: { upperBody: header.upperBody, issuer: header.issuer ?? m.cellName, number: header.number, place: header.place, date: times.date },
    subject: m.title,
    meeting: { ...times, place: m.place?.trim() || '…', form },
    attendance: attendanceOf(record),
    chair: personOf(m.chairMemberId, m.chairName, positions),
    secretary: personOf(m.secretaryMemberId, m.secretaryName, positions),
    items: itemsOf(record),
    votes: record.votes.map((v) => voteOf(record, v)),
    tasks: tasksOf(record),
    criticism: record.criticism.summary.filter((line) => typeof line === 'string' && line.trim() !== ''),
    quality: qualityOf(record),
    // Signed minutes were read out and adopted at the meeting; a draft says so once the meeting has ended.
    adopted: signing.state === 'signed' || m.endedAt !== null,
    signing,
  }
  // No narrative (or an empty one): the body is generated from the record's items.
  return input.narrative && input.narrative.length > 0 ? { ...base, narrative: narrativeSections(input.narrative, base) } : base
}

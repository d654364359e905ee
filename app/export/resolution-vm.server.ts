// The cell's resolution (nghị quyết) from the same record as the minutes (DOMAIN §6): subject from
// the meeting, I. results and limitations from the conclusions of the review item and of the meeting,
// II. the tasks assigned (member, task, deadline), the vote adopting it, the recipients and the
// signer (T/M CHI BỘ — BÍ THƯ or PHÓ BÍ THƯ). Pure: app/models/exports.server.ts loads the inputs.
import type { RecordSnapshot, SnapshotItem } from '~/domain/minutes-text'
import { monthLabel } from '~/domain/vn-date'
import type { RichText } from '~/rich-text/types'
import { toPlainText } from '~/rich-text/validate'

import { lowerFirst, meetingTimes, personOf, presence, voteOf, type HeaderFacts, type Positions } from './minutes-vm.server'
import type { ResolutionSigning, ResolutionTaskVM, ResolutionViewModel, VoteVM } from './view-model'

// ---------------------------------------------------------------------------------------------
// Subject and label

/** The topic after "Sinh hoạt chuyên đề: …", or null. */
function topicOf(title: string): string | null {
  const i = title.indexOf(': ')
  return i === -1 ? null : title.slice(i + 2).trim() || null
}

function about(topic: string): string {
  const t = lowerFirst(topic)
  return /^về\s/i.test(t) ? t : `về ${t}`
}

/**
 * "về lãnh đạo thực hiện nhiệm vụ tháng 02 năm 2026" for a regular (or combined, committee…) meeting
 * of that month; "về <topic>" for a thematic one.
 */
export function resolutionSubject(meeting: Pick<RecordSnapshot['meeting'], 'type' | 'title'>): string {
  const topic = topicOf(meeting.title)
  if (meeting.type === 'thematic' && topic) return about(topic)
  const month = /tháng (\d{1,2}) năm (\d{4})/.exec(meeting.title)
  if (month) return `về lãnh đạo thực hiện nhiệm vụ ${monthLabel(Number(month[2]), Number(month[1]))}`
  if (topic) return about(topic)
  return 'về lãnh đạo thực hiện nhiệm vụ'
}

/** What the cell held, as the opening sentence says it: "sinh hoạt chi bộ thường kỳ tháng 02 năm 2026". */
export function meetingLabel(meeting: Pick<RecordSnapshot['meeting'], 'type' | 'title'>): string {
  const topic = topicOf(meeting.title)
  const title = topic ? `${meeting.title.slice(0, meeting.title.indexOf(': '))} ${about(topic)}` : meeting.title
  const label = title.charAt(0).toLocaleLowerCase('vi') + title.slice(1)
  // "Thường kỳ kết hợp chuyên đề …" → "sinh hoạt thường kỳ kết hợp chuyên đề …"
  return /^(sinh hoạt|họp|lễ|đại hội|kiểm điểm)/.test(label) ? label : `sinh hoạt ${label}`
}

// ---------------------------------------------------------------------------------------------
// I. Results and limitations; the introduction of II.

type Part = 'results' | 'limitations' | 'next'

/** A paragraph opening a part ("Hạn chế: …", "Nhiệm vụ tháng tới: …") switches to it. */
function partOpenedBy(text: string): Part | null {
  const t = text.replace(/^(kết luận của chủ trì|chủ trì kết luận)\s*:\s*/i, '').trim()
  if (/^(hạn chế|tồn tại|khuyết điểm|yếu kém)/i.test(t)) return 'limitations'
  if (/^(nhiệm vụ|phương hướng|giải pháp)/i.test(t)) return 'next'
  if (/^(kết quả|ưu điểm)/i.test(t)) return 'results'
  return null
}

function splitConclusion(doc: unknown, into: Record<Part, RichText[]>) {
  if (!doc || typeof doc !== 'object') return
  const nodes = (doc as RichText).content
  if (!Array.isArray(nodes)) return
  let part: Part = 'results'
  for (const node of nodes) {
    const text = toPlainText({ type: 'doc', content: [node] }).trim()
    if (text === '') continue
    part = partOpenedBy(text) ?? part
    into[part].push(node)
  }
}

const asDoc = (nodes: RichText[]): RichText | null => (nodes.length > 0 ? { type: 'doc', content: nodes } : null)

/** The review of last month's resolution: the item with that role, else the first item titled so. */
export function reviewItemOf(record: RecordSnapshot, reviewItemId: string | null): SnapshotItem | null {
  return (
    record.items.find((i) => i.id === reviewItemId) ??
    record.items.find((i) => i.section === 'content' && /(đánh giá|kiểm điểm).*(kết quả|thực hiện)|kết quả thực hiện/i.test(i.title)) ??
    null
  )
}

/** The vote that adopted the resolution: the ordinary vote about a resolution or conclusion, else the first ordinary one. */
export function resolutionVote(record: RecordSnapshot): VoteVM | null {
  const ordinary = record.votes.filter((v) => v.kind === 'ordinary')
  const vote = ordinary.find((v) => /nghị quyết|kết luận/i.test(v.subject)) ?? ordinary[0]
  return vote ? voteOf(record, vote) : null
}

/** "Đảng bộ phường Ba Đình" → "Đảng ủy phường Ba Đình (để báo cáo),", then the members and the file. */
export function resolutionRecipients(upperBody: string | null): string[] {
  const out: string[] = []
  if (upperBody?.trim()) out.push(`${upperBody.trim().replace(/^Đảng bộ(?=\s)/, 'Đảng ủy')} (để báo cáo),`)
  out.push('Đảng viên trong chi bộ,', 'Lưu Chi bộ.')
  return out
}

// ---------------------------------------------------------------------------------------------

export type ResolutionInput = {
  record: RecordSnapshot
  /** The agenda item with the role 'review_last_month', when known. */
  reviewItemId: string | null
  /** The header's number is the resolution's ("05-NQ/CB"). */
  header: HeaderFacts
  signing: ResolutionSigning
  positions: Positions
}

export function resolutionViewModel(input: ResolutionInput): ResolutionViewModel {
  const { record, header, positions } = input
  const m = record.meeting
  const times = meetingTimes(record)
  const parts: Record<Part, RichText[]> = { results: [], limitations: [], next: [] }
  splitConclusion(reviewItemOf(record, input.reviewItemId)?.conclusion, parts)
  splitConclusion(m.conclusion, parts)
  const tasks: ResolutionTaskVM[] = record.tasks.map((t) => ({
    task: t.text,
    responsible: t.memberName ? `đ/c ${t.memberName}` : 'Chi bộ',
    deadline: t.dueOn,
  }))
  const chair = personOf(m.chairMemberId, m.chairName, positions)
  const { present, expected } = presence(record)
  return {
    kind: 'resolution',
    header: { upperBody: header.upperBody, issuer: header.issuer ?? m.cellName, number: header.number, place: header.place, date: times.date },
    subject: resolutionSubject(m),
    meeting: { date: times.date, place: m.place?.trim() || '…', label: meetingLabel(m), present, expected, chair },
    results: asDoc(parts.results),
    limitations: asDoc(parts.limitations),
    tasksIntro: asDoc(parts.next),
    tasks,
    implementation: null,
    vote: resolutionVote(record),
    recipients: resolutionRecipients(header.upperBody),
    signer: { name: chair.name, title: m.chairMemberId && positions[m.chairMemberId] === 'secretary' ? 'BÍ THƯ' : 'PHÓ BÍ THƯ' },
    signing: input.signing,
  }
}

// The minutes' narrative, pre-filled from the meeting record (DOMAIN §6, issue 5 item 3). Pure:
// takes the record snapshot and returns the sections in the order the guidance prescribes, each as
// plain paragraphs the minute-taker then edits in rich text.
import { ATTENDANCE_LABELS, MEETING_FORM_LABELS, type MeetingForm } from './constants'
import { QUALITY_LEVEL_LABELS, type QualityLevel } from './quality'
import { formatDocumentDate, formatTimeSentence, formatUiDateShort } from './vn-date'

export type SnapshotAttendance = { memberId: string; name: string; memberStatus: 'official' | 'probationary'; status: keyof typeof ATTENDANCE_LABELS; reason: string | null }
export type SnapshotSpeech = { speakerName: string; text: string }
export type SnapshotItem = {
  id: string
  section: 'opening' | 'content' | 'closing'
  title: string
  presenterName: string | null
  documents: { id: string; label: string }[]
  speeches: (SnapshotSpeech & { speakerMemberId: string | null; speakerGuestId: string | null; gist: unknown })[]
  conclusionText: string
  conclusion: unknown
}
export type SnapshotVote = {
  subject: string
  kind: 'ordinary' | 'two_thirds'
  method: string
  for: number
  against: number
  abstain: number | null
  denominator: number
  presentVoters: number
  passed: boolean
  sentence: string
  reserved: { memberId: string | null; name: string; text: string }[]
}
export type RecordSnapshot = {
  schema: 1
  meeting: {
    id: string
    cellId: string
    cellName: string
    type: string
    title: string
    startsAt: string
    startedAt: string | null
    endedAt: string | null
    place: string | null
    form: MeetingForm
    chairMemberId: string | null
    chairName: string | null
    secretaryMemberId: string | null
    secretaryName: string | null
    conclusionText: string
    conclusion: unknown
  }
  attendance: SnapshotAttendance[]
  guests: { id: string; name: string; title: string | null; unit: string | null; isUpperRep: boolean }[]
  items: SnapshotItem[]
  votes: SnapshotVote[]
  tasks: { memberId: string | null; memberName: string | null; text: string; dueOn: string | null }[]
  quality: { total: number; level: QualityLevel; scores: Record<string, number>; confirmedBy: string | null } | null
  criticism: { summary: string[]; items: unknown[] }
}

export type NarrativeSection = { key: string; title: string; paragraphs: string[] }

const join = (names: string[]) => names.join(', ')

export function attendanceSentence(s: Pick<RecordSnapshot, 'attendance' | 'guests'>): string[] {
  const a = s.attendance
  const official = a.filter((m) => m.memberStatus === 'official').length
  const probationary = a.filter((m) => m.memberStatus === 'probationary').length
  const exempt = a.filter((m) => m.status === 'exempt')
  const elsewhere = a.filter((m) => m.status === 'elsewhere')
  const suspended = a.filter((m) => m.status === 'suspended')
  const expected = a.filter((m) => ['present', 'excused', 'unexcused'].includes(m.status))
  const present = a.filter((m) => m.status === 'present')
  const excused = a.filter((m) => m.status === 'excused')
  const unexcused = a.filter((m) => m.status === 'unexcused')
  const parts = [`Tổng số đảng viên của chi bộ: ${a.length} đồng chí (chính thức ${official}, dự bị ${probationary})`]
  if (exempt.length) parts.push(`miễn sinh hoạt vắng mặt ${exempt.length} đồng chí`)
  if (elsewhere.length) parts.push(`sinh hoạt tạm thời nơi khác ${elsewhere.length} đồng chí (đ/c ${join(elsewhere.map((m) => m.name))})`)
  if (suspended.length) parts.push(`đình chỉ sinh hoạt ${suspended.length} đồng chí`)
  parts.push(`có mặt ${present.length}/${expected.length} đồng chí`)
  if (excused.length) parts.push(`vắng có lý do ${excused.length} đồng chí (${excused.map((m) => `đ/c ${m.name}${m.reason ? ` – ${m.reason}` : ''}`).join('; ')})`)
  if (unexcused.length) parts.push(`vắng không lý do ${unexcused.length} đồng chí (${unexcused.map((m) => `đ/c ${m.name}`).join('; ')})`)
  const lines = [`Thành phần: ${parts.join('; ')}.`]
  if (s.guests.length) {
    lines.push(`Khách mời: ${s.guests.map((g) => `đ/c ${g.name}${g.title ? `, ${g.title}` : ''}${g.unit ? `, ${g.unit}` : ''}`).join('; ')}.`)
  }
  return lines
}

/** The default narrative: what a careful minute-taker would write from the record. */
export function draftNarrative(s: RecordSnapshot, opts: { minMinutes: number | null }): NarrativeSection[] {
  const m = s.meeting
  const start = m.startedAt ?? m.startsAt
  const opening: string[] = [
    `Thời gian: bắt đầu lúc ${formatTimeSentence(start)}, ${formatDocumentDate(start)}.`,
    `Địa điểm: ${m.place || '…'}${m.form !== 'in_person' ? ` (hình thức: ${MEETING_FORM_LABELS[m.form].toLowerCase()})` : ''}.`,
    ...attendanceSentence(s),
    `Chủ trì: đ/c ${m.chairName ?? '…'}. Thư ký: đ/c ${m.secretaryName ?? '…'}.`,
  ]
  const sections: NarrativeSection[] = [{ key: 'general', title: 'Thông tin chung', paragraphs: opening }]
  const titles = { opening: 'I. PHẦN MỞ ĐẦU', content: 'II. NỘI DUNG', closing: 'III. PHẦN KẾT THÚC' } as const
  for (const section of ['opening', 'content', 'closing'] as const) {
    const items = s.items.filter((i) => i.section === section)
    if (!items.length) continue
    const paragraphs: string[] = []
    items.forEach((item, index) => {
      const head = `${index + 1}. ${item.title}${item.presenterName ? ` (trình bày: đ/c ${item.presenterName})` : ''}.`
      paragraphs.push(head)
      if (item.documents.length) paragraphs.push(`Văn bản liên quan: ${item.documents.map((d) => d.label).join('; ')}.`)
      for (const sp of item.speeches) paragraphs.push(`${sp.speakerName}: ${sp.text || '…'}`)
      if (item.conclusionText) paragraphs.push(`Kết luận của chủ trì: ${item.conclusionText}`)
    })
    sections.push({ key: section, title: titles[section], paragraphs })
  }
  if (s.votes.length) {
    sections.push({
      key: 'votes',
      title: 'BIỂU QUYẾT',
      paragraphs: s.votes.flatMap((v) => [
        `Biểu quyết ${v.subject}: ${v.sentence} — ${v.passed ? 'được thông qua' : 'không được thông qua'}.`,
        ...v.reserved.map((r) => `Đ/c ${r.name} bảo lưu ý kiến: ${r.text}`),
      ]),
    })
  }
  if (s.tasks.length) {
    sections.push({
      key: 'tasks',
      title: 'PHÂN CÔNG NHIỆM VỤ',
      paragraphs: s.tasks.map((t) => `- ${t.memberName ? `Đ/c ${t.memberName}` : 'Chi bộ'}: ${t.text}${t.dueOn ? `; thời hạn ${formatUiDateShort(t.dueOn)}` : ''}.`),
    })
  }
  if (s.criticism.summary.length) {
    sections.push({ key: 'criticism', title: 'TỰ PHÊ BÌNH VÀ PHÊ BÌNH', paragraphs: s.criticism.summary })
  }
  if (s.quality) {
    sections.push({
      key: 'quality',
      title: 'TỰ ĐÁNH GIÁ CHẤT LƯỢNG',
      paragraphs: [
        `Chi bộ tự chấm ${formatPoints(s.quality.total)} điểm, xếp loại ${QUALITY_LEVEL_LABELS[s.quality.level]}${s.quality.confirmedBy ? `; đại diện cấp ủy cấp trên (đ/c ${s.quality.confirmedBy}) xác nhận` : ''}.`,
      ],
    })
  }
  const closing: string[] = []
  if (m.conclusionText) closing.push(`Kết luận của chủ trì: ${m.conclusionText}`)
  const end = m.endedAt ? `Buổi sinh hoạt kết thúc lúc ${formatTimeSentence(m.endedAt)} cùng ngày` : 'Buổi sinh hoạt kết thúc lúc … giờ … phút cùng ngày'
  closing.push(`${end}; biên bản đã được đọc lại và chi bộ thông qua.`)
  const duration = durationMinutes(s)
  if (duration !== null && opts.minMinutes !== null && duration < opts.minMinutes) {
    closing.push(`(Lưu ý: thời lượng ${duration} phút, dưới mức tối thiểu ${opts.minMinutes} phút.)`)
  }
  sections.push({ key: 'ending', title: 'KẾT THÚC', paragraphs: closing })
  return sections
}

export function durationMinutes(s: Pick<RecordSnapshot, 'meeting'>): number | null {
  const { startedAt, endedAt } = s.meeting
  if (!startedAt || !endedAt) return null
  return Math.round((Date.parse(endedAt) - Date.parse(startedAt)) / 60_000)
}

function formatPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1).replace('.', ',')
}

/** Differences between two snapshots as readable lines ("Biểu quyết …: 18 → 19 tán thành"). */
export type SnapshotChange = { path: string; before: string; after: string }
export function diffSnapshots(a: unknown, b: unknown, path = ''): SnapshotChange[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return []
  const isObj = (v: unknown) => typeof v === 'object' && v !== null
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: SnapshotChange[] = []
    const n = Math.max(a.length, b.length)
    for (let i = 0; i < n; i++) out.push(...diffSnapshots(a[i], b[i], `${path}[${i + 1}]`))
    return out
  }
  if (isObj(a) && isObj(b) && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort()
    return keys.flatMap((k) => diffSnapshots((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k))
  }
  const show = (v: unknown) => (v === undefined || v === null ? '(trống)' : typeof v === 'object' ? JSON.stringify(v) : String(v))
  return [{ path, before: show(a), after: show(b) }]
}

/** Paths in a snapshot, in words. */
const PATH_WORDS: [RegExp, string][] = [
  [/^meeting\./, 'Buổi họp › '],
  [/^attendance/, 'Điểm danh'],
  [/^guests/, 'Khách mời'],
  [/^items/, 'Nội dung'],
  [/^votes/, 'Biểu quyết'],
  [/^tasks/, 'Nhiệm vụ'],
  [/^quality/, 'Chấm điểm chất lượng'],
  [/^criticism/, 'Phê bình, tự phê bình'],
  [/^narrative/, 'Văn bản biên bản'],
]
export function describePath(path: string): string {
  for (const [re, word] of PATH_WORDS) if (re.test(path)) return path.replace(re, word)
  return path
}

// `npm run cli -- meeting --id ID [--json]`: the whole record of one meeting (issue 4, item 9).
// With --json, one JSON object:
//   {"meeting":{…},"attendance":[{"memberId","name","memberStatus","attendance","reason","confirmed"}],
//    "guests":[…],"items":[{"title","speeches":[{"speaker","text"}],"conclusion"}],
//    "votes":[{"subject","kind","for","against","abstain","denominator","passed",…}],"tasks":[…],
//    "quality":{"score","level",…}|null}
// Rich text is printed as plain text. Without --json, a readable summary.
import type { Executor } from '../../db/client.server'
import { ATTENDANCE_LABELS, MEMBER_STATUS_LABELS } from '../domain/constants'
import type { Actor } from '../domain/permissions'
import { QUALITY_LEVEL_LABELS } from '../domain/quality'
import { VOTE_KIND_LABELS, VOTE_METHOD_LABELS } from '../domain/voting'
import { formatTime, formatUiDate, toIsoWithOffset } from '../domain/vn-date'
import { toPlainText } from '../rich-text/validate'
import { AppError } from '../models/context'
import { meetingRecord } from '../models/quality.server'

/** The command line reads everything, like a system administrator; it never writes. */
const CLI_ACTOR: Actor = { userId: 'cli', username: 'dòng lệnh', displayName: 'Dòng lệnh', memberId: null, isSystemAdmin: true, grants: [] }

const iso = (value: string | null) => (value ? toIsoWithOffset(value) : null)
const text = (doc: Parameters<typeof toPlainText>[0]) => (doc ? toPlainText(doc) : '')

/** The record as the JSON the command prints. */
export function meetingRecordJson(db: Executor, meetingId: string) {
  const r = meetingRecord(db, CLI_ACTOR, meetingId)
  const m = r.meeting
  return {
    meeting: {
      id: m.id,
      title: m.title,
      cellId: m.cellId,
      cellName: m.cellName,
      type: m.type,
      status: m.status,
      startsAt: iso(m.startsAt),
      place: m.place,
      startedAt: iso(m.startedAt),
      endedAt: iso(m.endedAt),
      chair: m.chairName,
      secretary: m.secretaryName,
      conclusion: text(m.conclusion),
      denominator: r.denominator.denominator,
      presentOfficial: r.denominator.presentOfficial,
    },
    attendance: r.attendance.map((a) => ({
      memberId: a.memberId,
      name: a.name,
      memberStatus: a.memberStatus,
      attendance: a.status,
      reason: a.reason,
      /** false: not marked yet by the minute-taker (stored as present until then). */
      confirmed: a.confirmed,
    })),
    guests: r.guests.map((g) => ({ name: g.name, title: g.title, unit: g.unit, isUpperRep: g.isUpperRep })),
    items: r.items.map((i) => ({
      title: i.title,
      section: i.section,
      speeches: i.speeches.map((s) => ({ speaker: s.speakerName, text: text(s.gist) })),
      conclusion: text(i.conclusion),
    })),
    votes: r.votes.map((v) => ({
      subject: v.subject,
      kind: v.kind,
      method: v.method,
      for: v.for,
      against: v.against,
      abstain: v.abstain,
      denominator: v.denominator,
      presentVoters: v.presentVoters,
      passed: v.passed,
      sentence: v.sentence,
      reserved: v.reserved,
    })),
    tasks: r.tasks.map((t) => ({ member: t.memberName, memberId: t.memberId, text: t.text, dueOn: t.dueOn, status: t.status })),
    quality: r.quality.scored
      ? {
          score: r.quality.total,
          level: r.quality.level,
          levelLabel: r.quality.levelLabel,
          scores: r.quality.scores,
          confirmedBy: r.quality.confirmedBy?.name ?? null,
          confirmedAt: iso(r.quality.confirmedAt),
        }
      : null,
  }
}
export type MeetingRecordJson = ReturnType<typeof meetingRecordJson>

export type MeetingCommandOptions = { id: string | undefined; json: boolean }

/** Prints the record; `out` receives the text (console.log by default). Returns the printed object. */
export function runMeetingCommand(db: Executor, opts: MeetingCommandOptions, out: (text: string) => void = (t) => console.log(t)): MeetingRecordJson {
  if (!opts.id) throw new AppError(400, 'Thiếu --id MÃ_BUỔI_SINH_HOẠT (xem mã bằng lệnh: meetings --json).')
  const record = meetingRecordJson(db, opts.id)
  if (opts.json) {
    out(JSON.stringify(record, null, 2))
    return record
  }
  out(describeRecord(record).join('\n'))
  return record
}

function describeRecord(r: MeetingRecordJson): string[] {
  const m = r.meeting
  const lines = [`${m.title} — ${m.cellName}`, `Trạng thái: ${m.status}`]
  if (m.startedAt) lines.push(`Bắt đầu: ${formatTime(m.startedAt)} ${formatUiDate(m.startedAt)}${m.endedAt ? `; kết thúc: ${formatTime(m.endedAt)}` : ''}`)
  if (m.chair || m.secretary) lines.push(`Chủ trì: ${m.chair ?? '—'}; thư ký: ${m.secretary ?? '—'}`)
  lines.push('', `Điểm danh (${r.attendance.length} đảng viên; mẫu số biểu quyết ${m.denominator}):`)
  for (const a of r.attendance) {
    const what = a.confirmed ? ATTENDANCE_LABELS[a.attendance] : 'Chưa điểm danh'
    lines.push(`  - ${a.name} (${MEMBER_STATUS_LABELS[a.memberStatus].toLowerCase()}): ${what}${a.reason ? ` — ${a.reason}` : ''}`)
  }
  if (r.guests.length) {
    lines.push('', 'Khách mời:')
    for (const g of r.guests) lines.push(`  - ${[g.name, g.title, g.unit].filter(Boolean).join(', ')}${g.isUpperRep ? ' (đại biểu cấp trên)' : ''}`)
  }
  for (const i of r.items) {
    if (i.speeches.length === 0 && !i.conclusion) continue
    lines.push('', `* ${i.title}`)
    for (const s of i.speeches) lines.push(`    ${s.speaker}: ${s.text.replace(/\n+/g, ' ')}`)
    if (i.conclusion) lines.push(`    Kết luận: ${i.conclusion.replace(/\n+/g, ' ')}`)
  }
  if (r.votes.length) {
    lines.push('', 'Biểu quyết:')
    for (const v of r.votes) {
      lines.push(`  - ${v.subject} [${VOTE_KIND_LABELS[v.kind]}; ${VOTE_METHOD_LABELS[v.method]}]: ${v.sentence} — ${v.passed ? 'được thông qua' : 'không được thông qua'}`)
      for (const x of v.reserved) lines.push(`      Bảo lưu — ${x.name}: ${x.text}`)
    }
  }
  if (r.tasks.length) {
    lines.push('', 'Nhiệm vụ:')
    for (const t of r.tasks) lines.push(`  - ${t.member ?? 'Chi bộ'}: ${t.text}${t.dueOn ? ` (hạn ${t.dueOn})` : ''}`)
  }
  if (r.quality) {
    lines.push('', `Chất lượng: ${String(r.quality.score).replace('.', ',')} điểm — ${r.quality.level ? QUALITY_LEVEL_LABELS[r.quality.level] : ''}${r.quality.confirmedBy ? ` (xác nhận: ${r.quality.confirmedBy})` : ''}`)
  }
  return lines
}

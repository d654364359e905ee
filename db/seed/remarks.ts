// Demo seed, step "inspection remarks" (issue 7, item 7): the upper committee's inspector (account
// "kiemtra") has written two remarks to Chi bộ Khu phố 3 —
//   • one CLOSED: on an early meeting whose minutes were signed late; signed, answered by the bí thư
//     ("bithu"), then closed by the inspector with a note;
//   • one OPEN: on the latest meeting (its minutes still wait for the chair), due in two weeks, so the
//     secretary's home page has something to answer.
// Everything goes through app/models/remarks.server.ts; signing uses signRemarkForSeed (the real
// signing without asking for the password; the audit row records method "seed").
// Called from db/seed/index.ts AFTER the minutes are signed, with Chi bộ Khu phố 3's recorded
// meetings in date order. Without meetings it writes the same two remarks on periods instead.
import { inArray } from 'drizzle-orm'
import type { DB } from '../client.server'
import { meetings } from '../schema'
import type { DemoIds } from './demo'
import type { ActorContext } from '../../app/models/context'
import { closeRemark, createMeetingRemark, createPeriodRemark, replyToRemark, signRemarkForSeed } from '../../app/models/remarks.server'

const DAY = 86_400_000

/** The Hà Nội calendar date of an instant, plus `days`. */
function hanoiDatePlus(instant: Date, days: number): string {
  return new Date(instant.getTime() + 7 * 3_600_000 + days * DAY).toISOString().slice(0, 10)
}

const CLOSED = {
  remarks:
    'Qua kiểm tra sổ biên bản: buổi sinh hoạt được tổ chức đúng kỳ, nội dung bám sát chương trình đã gửi, có biểu quyết thông qua nghị quyết. Tuy nhiên biên bản được chủ trì và thư ký ký chậm so với thời hạn quy định của Đảng ủy; phần kết luận chưa ghi rõ đồng chí chịu trách nhiệm đối với từng nhiệm vụ.',
  requestedFixes:
    '1. Hoàn thiện và ký biên bản trong thời hạn quy định sau mỗi buổi sinh hoạt.\n2. Kết luận, nghị quyết ghi rõ đồng chí chịu trách nhiệm và thời hạn của từng nhiệm vụ.',
  reply:
    'Chi bộ tiếp thu nhận xét của đồng chí. Chi ủy đã phân công đồng chí Phó Bí thư theo dõi việc hoàn thiện biên bản ngay sau buổi sinh hoạt; từ tháng sau, kết luận và nghị quyết ghi rõ người chịu trách nhiệm và thời hạn của từng nhiệm vụ.',
  closeNote: 'Chi bộ đã khắc phục: các biên bản sau được ký đúng hạn, nghị quyết ghi rõ người chịu trách nhiệm.',
}

const OPEN = {
  remarks:
    'Biên bản buổi sinh hoạt đã được thư ký ký nhưng chưa có chữ ký của đồng chí chủ trì. Phần đánh giá kết quả thực hiện nghị quyết tháng trước còn chung chung, chưa nêu kết quả của từng nhiệm vụ đã phân công.',
  requestedFixes:
    '1. Đồng chí chủ trì đọc lại và ký biên bản.\n2. Tại buổi sinh hoạt tới, đánh giá kết quả từng nhiệm vụ tháng trước (người thực hiện, kết quả, tồn tại).\n3. Trả lời nhận xét này, nêu rõ kết quả khắc phục.',
}

export type RemarksSeed = { openId: string | null; closedId: string | null }

export function seedRemarks(db: DB, demo: DemoIds, meetingIds: string[], now = new Date()): RemarksSeed {
  const inspector: ActorContext = { actor: demo.accounts.kiemtra.actor, ip: null }
  const secretary: ActorContext = { actor: demo.accounts.bithu.actor, ip: null }
  const rows = meetingIds.length ? db.select().from(meetings).where(inArray(meetings.id, meetingIds)).all() : []
  const byId = new Map(rows.map((m) => [m.id, m]))
  const list = meetingIds
    .map((id) => byId.get(id))
    .filter((m): m is NonNullable<typeof m> => Boolean(m) && m!.cellId === demo.orgs.kp3.id && m!.status !== 'cancelled' && m!.startsAt < now.toISOString())

  // ---- The closed remark: an early meeting (the third, signed late in the demo), a month-long story.
  const early = list[Math.min(2, list.length - 1)] ?? null
  const earlyAt = early ? new Date(early.startsAt) : new Date(now.getTime() - 120 * DAY)
  const at = (days: number) => new Date(Math.min(now.getTime() - 2 * DAY, earlyAt.getTime() + days * DAY))
  const signedAt = at(12)
  const closedContent = { remarks: CLOSED.remarks, requestedFixes: CLOSED.requestedFixes, dueOn: hanoiDatePlus(signedAt, 14), inspectorBody: null }
  const closedDraft = early
    ? createMeetingRemark(db, inspector, early.id, closedContent, at(11))
    : createPeriodRemark(db, inspector, { ...closedContent, cellId: demo.orgs.kp3.id, periodFrom: hanoiDatePlus(earlyAt, -30), periodTo: hanoiDatePlus(earlyAt, 0) }, at(11))
  const closedSigned = signRemarkForSeed(db, inspector, closedDraft.id, signedAt)
  const answered = replyToRemark(db, secretary, closedSigned.id, { reply: CLOSED.reply, version: closedSigned.version }, at(16))
  closeRemark(db, inspector, answered.id, { note: CLOSED.closeNote, version: answered.version }, at(20))

  // ---- The open remark: the latest meeting, signed yesterday, due in two weeks.
  const latest = list.length > 1 ? list[list.length - 1] : null
  const yesterday = new Date(now.getTime() - DAY)
  const openContent = { remarks: OPEN.remarks, requestedFixes: OPEN.requestedFixes, dueOn: hanoiDatePlus(now, 14), inspectorBody: null }
  const openDraft = latest
    ? createMeetingRemark(db, inspector, latest.id, openContent, new Date(yesterday.getTime() - 3_600_000))
    : createPeriodRemark(db, inspector, { ...openContent, cellId: demo.orgs.kp3.id, periodFrom: hanoiDatePlus(now, -60), periodTo: hanoiDatePlus(now, -2) }, new Date(yesterday.getTime() - 3_600_000))
  const open = signRemarkForSeed(db, inspector, openDraft.id, yesterday)

  return { openId: open.id, closedId: answered.id }
}

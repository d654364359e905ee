// Demo criticism register for Chi bộ Khu phố 3: seven items raised at this year's past meetings, in
// every state (mở, đang khắc phục, đã khắc phục, đã xác nhận, chuyển kiểm tra), of every kind, about
// members, the cell and its chi ủy, with follow-ups at later meetings and a few public summary lines.
// One item is about Phạm Thị Hoa (account "dangvien") so the member sees her own item.
// Run it BEFORE the minutes of these meetings are submitted for signature: the signed snapshot
// carries the criticism items, and a signed record takes no new items.
import { and, eq, inArray } from 'drizzle-orm'
import type { DB } from '../client.server'
import { agendaItems, meetings } from '../schema'
import { CriticismItemSchema } from '../../app/domain/criticism.schema'
import type { ActorContext } from '../../app/models/context'
import { addFollowUp, changeStatus, createCriticismItem } from '../../app/models/criticism.server'
import type { DemoIds } from './demo'

function addDays(isoInstant: string, days: number): string {
  // The Hà Nội calendar date of the meeting, plus `days`.
  const local = new Date(new Date(isoInstant).getTime() + 7 * 3_600_000)
  local.setUTCDate(local.getUTCDate() + days)
  return local.toISOString().slice(0, 10)
}

export function seedCriticism(db: DB, demo: DemoIds, meetingIds: string[]) {
  const rows = meetingIds.length ? db.select().from(meetings).where(inArray(meetings.id, meetingIds)).all() : []
  const byId = new Map(rows.map((m) => [m.id, m]))
  // Items are raised at meetings that took place: cancelled ones are skipped.
  const kp3MeetingIds = meetingIds.filter((id) => byId.get(id) && byId.get(id)!.status !== 'cancelled' && byId.get(id)!.cellId === demo.orgs.kp3.id)
  if (kp3MeetingIds.length === 0) return { itemIds: [] as string[] }
  const frozen = rows.filter((m) => m.status === 'signing' || m.status === 'signed')
  if (frozen.length) throw new Error('seedCriticism: hãy nạp phê bình, tự phê bình trước khi trình ký biên bản các buổi sinh hoạt mẫu.')

  const secretary: ActorContext = { actor: demo.accounts.bithu.actor, ip: null }
  const deputy: ActorContext = { actor: demo.accounts.phobithu.actor, ip: null }
  const { hung, ngoc, nam, hoa, tuan } = demo.people
  const rest = demo.members.kp3.slice(9)
  const n = kp3MeetingIds.length
  /** The i-th meeting (clamped to the last one). */
  const at = (i: number) => kp3MeetingIds[Math.min(i, n - 1)]
  /** A meeting strictly after `i` for a follow-up, or null (recorded between meetings). */
  const after = (i: number, k = 1) => (Math.min(i, n - 1) + k < n ? kp3MeetingIds[Math.min(i, n - 1) + k] : null)
  const ideology = (meetingId: string) =>
    db
      .select({ id: agendaItems.id })
      .from(agendaItems)
      .where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.role, 'ideology')))
      .get()?.id ?? null
  const raise = (meetingIndex: number, fields: Record<string, unknown>) => {
    const meetingId = at(meetingIndex)
    return createCriticismItem(
      db,
      secretary,
      meetingId,
      CriticismItemSchema.parse({ agendaItemId: ideology(meetingId), dueOn: addDays(byId.get(meetingId)!.startsAt, 30), ...fields }),
    )
  }
  const follow = (ctx: ActorContext, itemId: string, meetingId: string | null, note: string, statusAfter: 'open' | 'in_progress' | 'resolved' | 'verified' | 'referred') =>
    addFollowUp(db, ctx, itemId, { meetingId, note, statusAfter })

  // 1. Phạm Thị Hoa — late party dues (G5), criticised by a chi ủy viên: remedied, awaiting the bí thư's confirmation.
  const dues = raise(0, {
    subject: hoa.id,
    kind: 'peer',
    raisedByMemberId: nam.id,
    category: 'G5',
    description: 'Chậm nộp đảng phí 2 tháng (tháng 11 và tháng 12 năm trước), chi bộ đã nhắc nhưng chưa nộp bù.',
    cause: 'Đi công tác dài ngày, chưa chủ động nhờ đồng chí khác nộp hộ; ý thức chấp hành quy định về đảng phí chưa cao.',
    response: 'accepted',
    remedy: 'Nộp bù đủ đảng phí 2 tháng trong tháng này; từ nay nộp đúng hạn trước ngày 05 hằng tháng.',
    followUpMemberId: ngoc.id,
    outcome: 'reminder',
    publicSummary: 'Đồng chí Phạm Thị Hoa tiếp thu ý kiến, cam kết nộp đảng phí đầy đủ, đúng hạn.',
  })
  follow(secretary, dues.id, after(0), 'Đồng chí Hoa đã nộp bù đủ đảng phí tháng 11 và tháng 12; chi ủy đã kiểm tra sổ thu.', 'resolved')

  // 2. A member's self-criticism (G4): not taking part in the neighbourhood's activities — in progress.
  const activities = raise(0, {
    subject: rest[0].id,
    kind: 'self',
    category: 'G4',
    description: 'Chưa tham gia đầy đủ hoạt động của khu phố: vắng 2 buổi tổng vệ sinh và 1 buổi họp tổ dân phố.',
    cause: 'Bận việc gia đình, chưa sắp xếp thời gian hợp lý.',
    response: 'accepted',
    remedy: 'Tham gia đầy đủ các buổi tổng vệ sinh, họp tổ dân phố; báo cáo chi bộ khi có lý do vắng.',
    followUpMemberId: nam.id,
  })
  follow(secretary, activities.id, after(0), 'Đã tham gia buổi tổng vệ sinh cuối tháng; còn vắng 1 buổi họp tổ dân phố chưa báo lý do.', 'in_progress')

  // 3. The cell as a whole — residents' feedback on setting an example (G7): open, with a public line.
  const cellItem = raise(Math.max(0, n - 2), {
    subject: 'cell',
    kind: 'public',
    raisedByText: 'Nhân dân tổ dân phố số 12',
    category: 'G7',
    description: 'Một số đảng viên chưa gương mẫu giữ gìn vệ sinh chung, còn để xe, vật dụng lấn chiếm vỉa hè trước nhà.',
    cause: 'Chi bộ chưa thường xuyên nhắc nhở; một số đảng viên chưa thấy hết trách nhiệm nêu gương.',
    response: 'accepted',
    remedy: 'Mỗi đảng viên tự kiểm tra, sắp xếp lại trước nhà; chi ủy phân công đảng viên phụ trách từng tổ dân phố vận động nhân dân cùng thực hiện.',
    followUpMemberId: hung.id,
    publicSummary: 'Chi bộ tiếp thu góp ý của nhân dân tổ dân phố số 12 về trách nhiệm nêu gương của đảng viên trong giữ gìn trật tự, vệ sinh đô thị.',
  })

  // 4. The chi ủy as a whole — the upper committee's suggestion (G4): remedied and confirmed.
  const committee = raise(0, {
    subject: 'committee',
    kind: 'upper',
    raisedByText: 'Đảng ủy phường Ba Đình',
    category: 'G4',
    description: 'Chi ủy chưa kịp thời nắm tình hình tư tưởng của đảng viên đi công tác dài ngày, sinh hoạt tạm thời nơi khác.',
    cause: 'Chưa phân công cụ thể chi ủy viên giữ liên hệ với từng đồng chí.',
    response: 'accepted',
    remedy: 'Phân công mỗi chi ủy viên giữ liên hệ hằng tháng với các đảng viên sinh hoạt tạm thời nơi khác và báo cáo tại buổi sinh hoạt.',
    followUpMemberId: hung.id,
  })
  follow(secretary, committee.id, after(0), 'Chi ủy đã phân công liên hệ; đồng chí Lê Văn Nam báo cáo tình hình đồng chí Bùi Quang Huy.', 'resolved')
  follow(deputy, committee.id, after(0, 2), 'Chi bộ xác nhận chi ủy đã khắc phục: việc nắm tình hình được báo cáo đều đặn tại các buổi sinh hoạt.', 'verified')

  // 5. A probationary member (G5): absent without reporting — reminded, confirmed remedied.
  const absence = raise(0, {
    subject: tuan.id,
    kind: 'peer',
    raisedByMemberId: hung.id,
    category: 'G5',
    description: 'Vắng buổi sinh hoạt chi bộ tháng trước không báo cáo lý do với chi ủy.',
    cause: 'Chưa nắm rõ quy định phải báo cáo khi vắng sinh hoạt.',
    response: 'explained',
    remedy: 'Tự học lại Điều lệ Đảng về nhiệm vụ của đảng viên; khi vắng phải báo cáo trước với bí thư chi bộ.',
    followUpMemberId: ngoc.id,
    outcome: 'reminder',
    publicSummary: 'Chi bộ nhắc nhở đồng chí Đỗ Minh Tuấn về việc báo cáo khi vắng sinh hoạt.',
  })
  const a1 = changeStatus(db, secretary, absence.id, { to: 'resolved', version: absence.version })
  if (after(0)) follow(deputy, absence.id, after(0), 'Đồng chí Tuấn dự sinh hoạt đầy đủ; chi bộ xác nhận đã khắc phục.', 'verified')
  else changeStatus(db, deputy, absence.id, { to: 'verified', version: a1.version })

  // 6. A member (G2) — an administrative penalty for drink-driving: referred to the inspection commission.
  const drink = raise(0, {
    subject: rest[1].id,
    kind: 'peer',
    raisedByMemberId: ngoc.id,
    category: 'G2',
    description: 'Điều khiển xe mô tô sau khi uống rượu, bia, đã bị Công an phường lập biên bản xử phạt vi phạm hành chính.',
    cause: 'Thiếu tu dưỡng, rèn luyện; chưa gương mẫu chấp hành quy định pháp luật về giao thông.',
    response: 'accepted',
    remedy: 'Viết bản kiểm điểm trình chi bộ; chi bộ báo cáo Ủy ban Kiểm tra Đảng ủy phường xem xét theo quy định.',
    followUpMemberId: hung.id,
    outcome: 'inspection',
  })
  changeStatus(db, secretary, drink.id, { to: 'referred', version: drink.version })

  // 7. A chi ủy viên's self-criticism (G7): open, raised at the latest past meeting.
  const example = raise(n - 1, {
    subject: nam.id,
    kind: 'self',
    category: 'G7',
    description: 'Chưa thường xuyên xuống các hộ gia đình được phân công phụ trách để nắm tình hình, tâm tư của nhân dân.',
    cause: 'Công việc chuyên môn nhiều, chưa bố trí thời gian.',
    response: 'accepted',
    remedy: 'Mỗi tháng đến ít nhất 5 hộ được phân công; báo cáo kết quả tại buổi sinh hoạt chi bộ.',
    followUpMemberId: ngoc.id,
  })

  return { itemIds: [dues.id, activities.id, cellItem.id, committee.id, absence.id, drink.id, example.id] }
}

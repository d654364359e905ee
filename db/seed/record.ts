// Demo seed, step "meeting record" (issue 4, item 10): Chi bộ Khu phố 3's past meetings of the current
// year, fully recorded through the record models — chair (the bí thư) and minute-taker, attendance with
// every status (one member reaches 2 unexcused absences in the year, another 3; an exempt member comes
// once; the member working in Hồ Chí Minh City is listed as temporarily elsewhere from September),
// guests with the upper-level representative, 2–4 speeches with their gist, the chair's conclusions, an
// ordinary vote at every meeting and one two-thirds admission vote by secret ballot, tasks, the quality
// score confirmed by the upper-level representative — and each left at "Đang hoàn thiện biên bản".
// Called by the lead from db/seed/demo.ts with the meeting ids in date order (agendas may already
// exist; a meeting without one gets the template's).
import { asc, eq, inArray } from 'drizzle-orm'
import type { DB } from '../client.server'
import { agendaItems, attendance, meetings } from '../schema'
import type { DemoIds } from './demo'
import { monthLabel, toIsoDate, toZonedParts } from '../../app/domain/vn-date'
import { createAgendaFromTemplate } from '../../app/models/agenda.server'
import { updateTask } from '../../app/models/tasks.server'
import { confirmQuality, effectiveRubric, saveQuality } from '../../app/models/quality.server'
import {
  addGuest,
  addMeetingTask,
  addSpeech,
  confirmRemainingPresent,
  endMeeting,
  meetingDenominator,
  recordVote,
  setAttendance,
  setItemConclusion,
  setMeetingConclusion,
  startMeeting,
} from '../../app/models/record.server'
import { docFromParagraphs, docFromText } from '../../app/rich-text/from-text'
import { systemCtx } from '../../tests/factories'

const EXCUSES = [
  'Đi công tác tại Đà Nẵng, có báo cáo chi ủy trước',
  'Ốm, điều trị tại Bệnh viện Xanh Pôn',
  'Chăm con nhỏ ốm, có báo trước',
  'Trực ca tại cơ quan',
  'Về quê có việc gia đình (giỗ bố), đã xin phép',
  'Đi học lớp bồi dưỡng nghiệp vụ',
]

const GISTS = {
  ideology: [
    'Tư tưởng đảng viên trong chi bộ ổn định, tin tưởng vào sự lãnh đạo của Đảng. Một số đảng viên cao tuổi băn khoăn về việc sắp xếp lại tổ dân phố; đề nghị chi ủy thông tin kịp thời để đảng viên tuyên truyền trong nhân dân.',
    'Đồng chí tự nhận thấy thời gian qua còn hạn chế trong tham gia các hoạt động của khu phố do bận công tác ở cơ quan; hứa sắp xếp thời gian để tham gia đầy đủ hơn.',
    'Nhân dân phấn khởi với việc cải tạo ngõ 12 và hệ thống chiếu sáng; còn ý kiến về tiếng ồn của quán karaoke ở đầu phố vào buổi tối, đề nghị chi bộ phản ánh với phường.',
  ],
  review: [
    'Chi bộ đã vận động 100% hộ gia đình ký cam kết phân loại rác tại nguồn; còn 3 hộ thực hiện chưa nghiêm, giao tổ dân phố tiếp tục nhắc nhở.',
    'Kết quả thu nộp đảng phí: 100% đảng viên nộp đúng hạn. Việc rà soát hộ có hoàn cảnh khó khăn đã hoàn thành, đề nghị hỗ trợ 4 hộ.',
    'Nhiệm vụ tổng vệ sinh môi trường đã thực hiện vào sáng Chủ nhật cuối tháng với hơn 120 lượt người tham gia; đảng viên gương mẫu đi đầu.',
  ],
  discussion: [
    'Nhất trí với dự thảo nghị quyết. Đề nghị bổ sung nhiệm vụ rà soát các hộ có hoàn cảnh khó khăn để đề xuất hỗ trợ trước Tết Nguyên đán.',
    'Một số hộ kinh doanh tại nhà chưa trang bị bình chữa cháy; đề nghị đưa công tác phòng cháy, chữa cháy vào nhiệm vụ tháng tới và phân công đảng viên theo dõi từng ngõ.',
    'Tình hình an ninh trật tự ổn định, còn hiện tượng để xe lấn chiếm vỉa hè ở đầu ngõ 12. Đề nghị phối hợp với công an phường nhắc nhở, xử lý.',
    'Đề nghị chi bộ quan tâm phát triển đảng viên trẻ trong khu phố; hiện có 2 quần chúng ưu tú là đoàn viên đang tham gia tích cực công tác thanh niên.',
  ],
  upper: 'Đồng chí ghi nhận chi bộ duy trì nền nếp sinh hoạt, nội dung thiết thực, gắn với nhiệm vụ của khu phố. Đề nghị chi bộ chú trọng công tác phát triển đảng viên trẻ, thực hiện tốt việc thu nộp đảng phí và nâng cao chất lượng sinh hoạt chuyên đề.',
}

const TASKS = [
  'Vận động các hộ gia đình trong ngõ phân loại rác tại nguồn',
  'Rà soát, lập danh sách hộ có hoàn cảnh khó khăn để đề nghị hỗ trợ',
  'Phối hợp Ban điều hành khu phố tổ chức tổng vệ sinh môi trường vào Chủ nhật cuối tháng',
  'Nhắc nhở các hộ kinh doanh tại nhà trang bị bình chữa cháy',
  'Thu nộp đảng phí của đảng viên trong tổ đúng hạn',
  'Nắm tình hình tư tưởng nhân dân về việc sắp xếp tổ dân phố, báo cáo chi ủy',
]

/** The Hà Nội date a number of days after an instant. */
function dayAfter(instant: string, days: number): string {
  return toIsoDate(new Date(new Date(instant).getTime() + days * 86_400_000))
}

export type RecordSeed = {
  recorded: string[]
  /** Members at a warning (2 unexcused absences this year) and a flag (3). */
  absences: { twice: string; thrice: string }
  admissionMeetingId: string | null
}

export function seedRecords(db: DB, demo: DemoIds, kp3MeetingIds: string[]): RecordSeed {
  const { hung, ngoc, nam, hoa, long, mai, tuan } = demo.people
  const rest = demo.members.kp3.slice(9)
  const twice = rest[3]
  const thrice = rest[6]
  const out: RecordSeed = { recorded: [], absences: { twice: twice.id, thrice: thrice.id }, admissionMeetingId: null }

  const rows = kp3MeetingIds.length ? db.select().from(meetings).where(inArray(meetings.id, kp3MeetingIds)).all() : []
  const byId = new Map(rows.map((m) => [m.id, m]))
  const list = kp3MeetingIds
    .map((id) => byId.get(id))
    .filter((m): m is NonNullable<typeof m> => Boolean(m) && m!.cellId === demo.orgs.kp3.id && (m!.status === 'planned' || m!.status === 'prepared'))
  const n = list.length
  if (n === 0) return out
  /** Meeting indexes spread over the year for the repeated absences. */
  const spread = (k: number, offset: number) => [...new Set(Array.from({ length: k }, (_, j) => Math.min(n - 1, offset + Math.floor((j * n) / k))))]
  const twiceAt = new Set(spread(2, 1))
  const thriceAt = new Set(spread(3, 0))
  // The admission proposal for Vũ Thị Mai: the last meeting before she joined; else the middle one.
  const before = list.filter((m) => mai.joinedOn && toIsoDate(m.startsAt) < mai.joinedOn)
  const admissionAt = before.length ? list.indexOf(before[before.length - 1]) : Math.floor(n / 2)
  const admissionName = before.length ? 'Vũ Thị Mai' : 'Lê Thị Thu Trang'

  list.forEach((m, i) => {
    const ctx = systemCtx
    const items = () => db.select().from(agendaItems).where(eq(agendaItems.meetingId, m.id)).orderBy(asc(agendaItems.position)).all()
    if (items().length === 0) createAgendaFromTemplate(db, ctx, m.id)
    const minuteTaker = i % 2 === 0 ? ngoc : nam
    startMeeting(db, ctx, m.id, { chairMemberId: hung.id, secretaryMemberId: minuteTaker.id, startedAt: m.startsAt })
    const { month, year } = toZonedParts(m.startsAt)

    // ---- Attendance
    const rowsNow = () => new Map(db.select().from(attendance).where(eq(attendance.meetingId, m.id)).all().map((a) => [a.memberId, a]))
    const mark = (memberId: string, status: 'present' | 'excused' | 'unexcused', reason: string | null = null) => {
      const a = rowsNow().get(memberId)
      if (!a || (a.status !== 'present' && a.status !== 'exempt' && a.status !== 'elsewhere')) return
      setAttendance(db, ctx, m.id, memberId, { status, reason, version: a.version })
    }
    if (twiceAt.has(i)) mark(twice.id, 'unexcused')
    if (thriceAt.has(i)) mark(thrice.id, 'unexcused')
    const excusedCount = 1 + (i % 2)
    for (let k = 0; k < excusedCount; k++) {
      const who = rest[(i * 2 + k + 8) % rest.length]
      if (who.id === twice.id || who.id === thrice.id) continue
      mark(who.id, 'excused', EXCUSES[(i + k) % EXCUSES.length])
    }
    if (i === Math.min(3, n - 1)) mark(long.id, 'present') // the exempt member came to this one
    confirmRemainingPresent(db, ctx, m.id)

    // ---- Guests: the upper-level representative at most meetings, the head of the residential area at some.
    const repPresent = i % 3 !== 2
    const rep = repPresent
      ? addGuest(db, ctx, m.id, { name: 'Trần Quốc Toản', title: 'Đảng ủy viên, phụ trách Chi bộ Khu phố 3', unit: 'Đảng ủy phường Ba Đình', isUpperRep: true })
      : null
    if (i % 2 === 1) addGuest(db, ctx, m.id, { name: 'Nguyễn Thị Lan', title: 'Trưởng ban', unit: 'Ban điều hành Khu phố 3' })

    // ---- Speeches and conclusions
    const all = items()
    const pick = (role: string) => all.find((it) => it.role === role)
    const content = all.filter((it) => it.section === 'content')
    const ideology = pick('ideology') ?? content[0] ?? all[0]
    const review = pick('review_last_month') ?? content[1] ?? ideology
    const discussion = pick('discussion') ?? content[content.length - 1] ?? ideology
    const speakers = [hoa, rest[(i + 1) % rest.length], tuan, rest[(i + 5) % rest.length]].filter((p) => {
      const a = rowsNow().get(p.id)
      return a?.status === 'present'
    })
    const speech = (itemId: string, memberId: string, text: string) =>
      addSpeech(db, ctx, m.id, { agendaItemId: itemId, speaker: { kind: 'member', id: memberId }, gist: docFromText(text) })
    speech(ideology.id, speakers[0]?.id ?? ngoc.id, GISTS.ideology[i % GISTS.ideology.length])
    if (review.id !== ideology.id) speech(review.id, nam.id, GISTS.review[i % GISTS.review.length])
    speech(discussion.id, (speakers[1] ?? speakers[0] ?? nam).id, GISTS.discussion[i % GISTS.discussion.length])
    if (i % 2 === 0 && speakers[2]) speech(discussion.id, speakers[2].id, GISTS.discussion[(i + 1) % GISTS.discussion.length])
    if (rep) addSpeech(db, ctx, m.id, { agendaItemId: discussion.id, speaker: { kind: 'guest', id: rep.id }, gist: docFromText(GISTS.upper) })
    const item = db.select().from(agendaItems).where(eq(agendaItems.id, discussion.id)).get()!
    setItemConclusion(db, ctx, m.id, item.id, {
      conclusion: docFromText('Chủ trì kết luận: chi bộ thống nhất các ý kiến phát biểu; giao chi ủy tiếp thu, bổ sung vào dự thảo nghị quyết.'),
      version: item.version,
    })
    const meetingNow = db.select().from(meetings).where(eq(meetings.id, m.id)).get()!
    setMeetingConclusion(db, ctx, m.id, {
      conclusion: docFromParagraphs([
        `Chi bộ thống nhất đánh giá kết quả thực hiện nhiệm vụ ${monthLabel(year, month)}: các nhiệm vụ trọng tâm cơ bản hoàn thành; đảng viên phát huy vai trò nêu gương ở khu dân cư.`,
        'Nhiệm vụ tháng tới: tiếp tục vận động phân loại rác tại nguồn; bảo đảm an ninh trật tự, phòng cháy, chữa cháy; chăm lo các hộ có hoàn cảnh khó khăn; thu nộp đảng phí đúng hạn.',
      ]),
      version: meetingNow.version,
    })

    // ---- Votes
    const d = meetingDenominator(db, m.id)
    const against = i % 3 === 1 ? 1 : 0
    recordVote(db, ctx, m.id, {
      agendaItemId: pick('vote')?.id ?? null,
      subject: `Thông qua nghị quyết ${monthLabel(year, month)}`,
      kind: 'ordinary',
      method: 'hands',
      for: d.presentOfficial - against,
      against,
    })
    if (i === admissionAt) {
      const forCount = (d.presentOfficial - 1) * 3 >= d.denominator * 2 ? d.presentOfficial - 1 : d.presentOfficial
      recordVote(db, ctx, m.id, {
        subject: `Đề nghị kết nạp quần chúng ${admissionName} vào Đảng`,
        kind: 'two_thirds',
        method: 'secret',
        for: forCount,
        against: d.presentOfficial - forCount,
      })
      out.admissionMeetingId = m.id
    }

    // ---- Tasks, due at the end of next month; older ones reported done.
    const due = dayAfter(m.startsAt, 30)
    const assignees = [rest[(i + 2) % rest.length], nam, hoa]
    const created = assignees.slice(0, 2 + (i % 2)).map((who, k) =>
      addMeetingTask(db, ctx, m.id, { memberId: who.id, text: TASKS[(i + k) % TASKS.length], dueOn: due }),
    )
    if (i < n - 2) {
      for (const t of created) updateTask(db, ctx, t.id, { status: 'done', resultNote: 'Đã hoàn thành, báo cáo tại buổi sinh hoạt tháng sau.', version: t.version })
    }

    // ---- Quality: mostly Tốt, some Khá; confirmed by the upper-level representative when present.
    const rubric = effectiveRubric(db, demo.orgs.kp3)
    const share = [0.93, 0.95, 0.82, 0.91, 0.78, 0.94][i % 6]
    const scores = Object.fromEntries(rubric.criteria.map((c) => [c.key, Math.min(c.maxPoints, Math.round(c.maxPoints * share * 2) / 2)]))
    const q = saveQuality(db, ctx, m.id, { scores, version: 0 })
    if (rep) confirmQuality(db, ctx, m.id, { guestId: rep.id, version: q.version })

    const endedAt = new Date(new Date(m.startsAt).getTime() + (m.plannedMinutes ?? 120) * 60_000 + ((i % 4) * 5 + 5) * 60_000).toISOString()
    endMeeting(db, ctx, m.id, { endedAt })
    out.recorded.push(m.id)
  })
  return out
}

// The whole demo: organisations, members and accounts (demo.ts), then each feature's step in the
// order the real work happens — year plan, documents and tasks, agendas (published, with resolution
// references), contributions to a thematic session, the meeting records, criticism items, signed
// minutes (a real chain: one amended, one waiting for the chair), the other cells' compliance
// history and the upper committee's remarks. Every step goes through the models, so the demo obeys
// the same rules as the app. `npm start` runs this on an empty database.
import { and, asc, eq, lt } from 'drizzle-orm'
import type { DB } from '../client.server'
import { agendaItems, meetings, speeches } from '../schema'
import { citeDocument } from '../../app/domain/citation'
import { createAgendaFromTemplate, publishAgenda, updateAgendaItem } from '../../app/models/agenda.server'
import { reviewContribution, saveContribution } from '../../app/models/contributions.server'
import { createDocument } from '../../app/models/documents.server'
import { completeSigningForSeed, startAmendment, submitForSignature } from '../../app/models/minutes.server'
import { updateSpeech } from '../../app/models/record.server'
import { rebuildSearchIndex } from '../../app/models/search.server'
import { createTask } from '../../app/models/tasks.server'
import { docFromParagraphs } from '../../app/rich-text/from-text'
import { systemCtx } from '../../tests/factories'
import { seedCompliance } from './compliance'
import { seedCriticism } from './criticism'
import { seedDemo, type DemoIds } from './demo'
import { seedPlans } from './plan'
import { seedRecords } from './record'
import { seedRemarks } from './remarks'

export { isDatabaseEmpty, DEMO_PASSWORD } from './demo'

const DAY = 86_400_000

export async function seedDemoData(db: DB, now = new Date()) {
  const demo = await seedDemo(db)
  const plan = seedPlans(db, demo)
  const docs = seedDocuments(db, demo)

  const kp3Past = db
    .select()
    .from(meetings)
    .where(and(eq(meetings.cellId, demo.orgs.kp3.id), lt(meetings.startsAt, now.toISOString())))
    .orderBy(asc(meetings.startsAt))
    .all()
    .filter((m) => m.status !== 'cancelled' && m.type !== 'committee')
  const kp3Future = plan.byCell.kp3.all
    .map((id) => db.select().from(meetings).where(eq(meetings.id, id)).get()!)
    .filter((m) => m.startsAt >= now.toISOString() && m.status !== 'cancelled')

  // Agendas for every past meeting, with the review item citing the cell's and the ward's resolutions.
  for (const m of kp3Past) prepareAgenda(db, demo, m.id, docs, new Date(Date.parse(m.startsAt) - 3 * DAY))
  // The next thematic meeting: agenda published, members' contributions (one accepted, one noted, one draft).
  const nextThematic = kp3Future.find((m) => m.type === 'thematic')
  if (nextThematic) {
    prepareAgenda(db, demo, nextThematic.id, docs, new Date(Math.min(now.getTime(), Date.parse(nextThematic.startsAt) - 2 * DAY)))
    seedContributions(db, demo, nextThematic.id)
  }

  const records = seedRecords(db, demo, kp3Past.map((m) => m.id))
  seedCriticism(db, demo, kp3Past.map((m) => m.id))
  const signed = signPastMinutes(db, demo, records.recorded)
  seedCompliance(db, demo, now)
  seedRemarks(db, demo, records.recorded, now)
  rebuildSearchIndex(db)
  return { demo, plan, records, signed }
}

function seedDocuments(db: DB, demo: DemoIds) {
  const { upper, kp3 } = demo.orgs
  const nq21 = createDocument(db, systemCtx, {
    orgId: upper.id,
    own: false,
    docType: 'NQ',
    numberText: '21-NQ/TW',
    issuedOn: '2022-06-16',
    issuer: 'Ban Chấp hành Trung ương',
    title:
      'Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên trong giai đoạn mới',
    status: 'in_force',
  })
  const ward = createDocument(db, systemCtx, {
    orgId: upper.id,
    own: true,
    docType: 'NQ',
    numberText: '15-NQ/ĐU',
    issuedOn: `${new Date().getFullYear()}-01-10`,
    issuer: 'Đảng ủy phường Ba Đình',
    title: `Nghị quyết về lãnh đạo thực hiện nhiệm vụ năm ${new Date().getFullYear()}`,
    status: 'in_force',
  })
  const cell = createDocument(db, systemCtx, {
    orgId: kp3.id,
    own: true,
    docType: 'NQ',
    numberText: '01-NQ/CB',
    issuedOn: `${new Date().getFullYear()}-01-05`,
    issuer: 'Chi bộ Khu phố 3',
    title: `Nghị quyết về lãnh đạo thực hiện nhiệm vụ năm ${new Date().getFullYear()} của Chi bộ Khu phố 3`,
    status: 'in_force',
  })
  createTask(db, systemCtx, { cellId: kp3.id, memberId: demo.people.ngoc.id, documentId: nq21.id, text: 'Tổ chức học tập Nghị quyết 21-NQ/TW cho đảng viên cao tuổi', dueOn: `${new Date().getFullYear()}-12-15` })
  createTask(db, systemCtx, { cellId: kp3.id, memberId: demo.people.hoa.id, documentId: ward.id, text: 'Vận động các hộ gia đình phân loại rác tại nguồn', dueOn: `${new Date().getFullYear()}-11-20` })
  return { nq21, ward, cell }
}

type Docs = ReturnType<typeof seedDocuments>

function prepareAgenda(db: DB, demo: DemoIds, meetingId: string, docs: Docs, publishAt: Date) {
  const existing = db.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).all()
  const items = existing.length ? existing : createAgendaFromTemplate(db, systemCtx, meetingId)
  const ref = (d: Docs['cell']) => ({ type: 'resolutionRef', attrs: { id: d.id, label: citeDocument(d) } })
  const review = items.find((i) => i.role === 'review_last_month')
  if (review) {
    updateAgendaItem(db, systemCtx, review.id, {
      title: review.title,
      section: review.section,
      presenterMemberId: review.presenterMemberId,
      presenterName: review.presenterName,
      plannedMinutes: review.plannedMinutes,
      version: review.version,
      body: {
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'Đánh giá việc thực hiện ' }, ref(docs.cell), { type: 'text', text: ' và các nhiệm vụ được phân công tháng trước.' }] },
          { type: 'paragraph', content: [{ type: 'text', text: 'Liên hệ với ' }, ref(docs.ward), { type: 'text', text: '.' }] },
        ],
      },
    })
  }
  const news = items.find((i) => i.section === 'content' && i.position === Math.min(...items.filter((x) => x.section === 'content').map((x) => x.position)))
  if (news && news.id !== review?.id) {
    updateAgendaItem(db, systemCtx, news.id, {
      title: news.title,
      section: news.section,
      presenterMemberId: news.presenterMemberId,
      presenterName: news.presenterName,
      plannedMinutes: news.plannedMinutes,
      version: news.version,
      body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Quán triệt ' }, ref(docs.nq21), { type: 'text', text: '; thông tin thời sự trong nước và của phường.' }] }] },
    })
  }
  publishAgenda(db, systemCtx, meetingId, publishAt)
}

function seedContributions(db: DB, demo: DemoIds, meetingId: string) {
  const as = (key: 'dangvien' | 'dangvien2' | 'chiuy') => ({ actor: demo.accounts[key].actor, ip: null })
  const item = db
    .select()
    .from(agendaItems)
    .where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.section, 'content')))
    .orderBy(asc(agendaItems.position))
    .all()
    .find((i) => i.role === 'discussion') ?? null
  const hoa = saveContribution(db, as('dangvien'), {
    meetingId,
    title: 'Liên hệ bản thân về giữ gìn vệ sinh môi trường khu phố',
    agendaItemId: item?.id ?? null,
    body: docFromParagraphs([
      'Bản thân tôi đã vận động 12 hộ trong ngõ 15 thực hiện phân loại rác tại nguồn; còn 3 hộ chưa thực hiện vì chưa có thùng chứa.',
      'Đề nghị chi bộ kiến nghị Ban điều hành khu phố hỗ trợ thùng phân loại cho các hộ khó khăn.',
    ]),
    submit: true,
  })
  reviewContribution(db, { actor: demo.accounts.bithu.actor, ip: null }, hoa.id, { decision: 'accepted', agendaItemId: item?.id ?? null, note: 'Đưa vào phần thảo luận', version: hoa.version })
  const nam = saveContribution(db, as('chiuy'), {
    meetingId,
    title: 'Kinh nghiệm nắm tình hình tư tưởng nhân dân',
    body: docFromParagraphs(['Tổ chức gặp gỡ định kỳ các tổ trưởng dân phố để nắm bắt kịp thời các ý kiến, kiến nghị của nhân dân.']),
    submit: true,
  })
  reviewContribution(db, { actor: demo.accounts.bithu.actor, ip: null }, nam.id, { decision: 'noted', agendaItemId: null, note: 'Ghi nhận, tổng hợp vào báo cáo chuyên đề', version: nam.version })
  saveContribution(db, as('dangvien2'), {
    meetingId,
    title: 'Đảng viên trẻ với chuyển đổi số ở khu phố',
    body: docFromParagraphs(['(Bản nháp) Hướng dẫn người cao tuổi cài đặt ứng dụng dịch vụ công trực tuyến…']),
  })
}

/** Signs the recorded meetings in order; the last waits for the chair; one earlier meeting is amended. */
function signPastMinutes(db: DB, demo: DemoIds, meetingIds: string[]) {
  const out = { signed: [] as string[], waitingForChair: null as string | null, amended: null as string | null }
  const list = meetingIds.map((id) => db.select().from(meetings).where(eq(meetings.id, id)).get()!).filter((m) => m.status === 'minutes_draft')
  list.forEach((m, i) => {
    const ended = Date.parse(m.endedAt ?? m.startsAt)
    submitForSignature(db, systemCtx, m.id)
    if (i === list.length - 1) {
      completeSigningForSeed(db, m.id, { chairAt: null, secretaryAt: new Date(ended + 2 * 3_600_000).toISOString() })
      out.waitingForChair = m.id
      return
    }
    // Most are signed the next day; one is signed late (10 days after the meeting).
    const lateBy = i === 2 ? 10 : 1
    completeSigningForSeed(db, m.id, { chairAt: new Date(ended + lateBy * DAY + 3_600_000).toISOString(), secretaryAt: new Date(ended + lateBy * DAY).toISOString() })
    out.signed.push(m.id)
  })
  // An amendment: a speech was recorded incompletely in an early meeting; corrected and signed again.
  const target = out.signed[1] ?? out.signed[0]
  if (target) {
    startAmendment(db, systemCtx, target)
    const speech = db.select().from(speeches).where(eq(speeches.meetingId, target)).orderBy(asc(speeches.position)).get()
    if (speech) {
      updateSpeech(db, systemCtx, target, speech.id, {
        speaker: speech.speakerMemberId ? { kind: 'member', id: speech.speakerMemberId } : { kind: 'guest', id: speech.speakerGuestId! },
        gist: docFromParagraphs([`Đề nghị chi ủy phân công đảng viên phụ trách từng tổ dân phố nắm tình hình và báo cáo hằng tháng (bổ sung ý kiến ghi thiếu).`]),
        version: speech.version,
      })
    }
    const m = db.select().from(meetings).where(eq(meetings.id, target)).get()!
    submitForSignature(db, systemCtx, target, { amendmentReason: 'Bổ sung ý kiến phát biểu bị ghi thiếu theo đề nghị của đồng chí phát biểu' })
    const when = Date.parse(m.endedAt ?? m.startsAt) + 20 * DAY
    completeSigningForSeed(db, target, { chairAt: new Date(when + 3_600_000).toISOString(), secretaryAt: new Date(when).toISOString() })
    out.amended = target
  }
  return out
}

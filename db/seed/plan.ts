// Demo seed, step "year plan" (issue 3, item 10): for the current year (Hà Nội), every demo cell gets
// its regular meetings from the meeting-day rule and a thematic topic each quarter, with drafters.
// Chi bộ Khu phố 3 also has a combined meeting, a moved one and an extraordinary one; Chi bộ Tổ Ngữ
// văn – Lịch sử misses a month (cancelled, with its reason) and one quarter's thematic meeting, so
// the warnings and the compliance views have something to show. Past meetings stay "planned": the
// agenda and record steps move them forward. Called by the lead from db/seed/demo.ts.
import { and, asc, eq } from 'drizzle-orm'
import type { DB } from '../client.server'
import { meetings } from '../schema'
import type { DemoIds } from './demo'
import { quarterOf } from '../../app/domain/schedule'
import { getOrganizationById, updateOrganization } from '../../app/models/organizations.server'
import { cancelMeeting, createMeeting, generateYearPlan, planThematic, planToday, rescheduleMeeting } from '../../app/models/planning.server'
import { systemCtx } from '../../tests/factories'

const CELLS = ['kp3', 'kp5', 'math', 'lit', 'admin', 'internal', 'surgery'] as const
export type DemoCellKey = (typeof CELLS)[number]

const PLACES: Record<DemoCellKey, string> = {
  kp3: 'Nhà văn hóa Khu phố 3',
  kp5: 'Nhà văn hóa Khu phố 5',
  math: 'Phòng họp Tổ Toán – Tin, Trường THPT Phan Đình Phùng',
  lit: 'Phòng họp Tổ Ngữ văn – Lịch sử, Trường THPT Phan Đình Phùng',
  admin: 'Phòng họp Hội đồng, Trường THPT Phan Đình Phùng',
  internal: 'Phòng giao ban Khoa Nội',
  surgery: 'Phòng giao ban Khoa Ngoại',
}

/** One topic per quarter (I–IV) for every cell but Khu phố 3, whose plan is written out below. */
const TOPICS: Record<Exclude<DemoCellKey, 'kp3'>, [string, string, string, string]> = {
  kp5: [
    'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về thực hành tiết kiệm, chống lãng phí',
    'Xây dựng khu dân cư văn minh, sạch đẹp, an toàn',
    'Vai trò của đảng viên trong bảo đảm an ninh, trật tự ở khu dân cư',
    'Phát huy dân chủ ở cơ sở, lắng nghe ý kiến của nhân dân',
  ],
  math: [
    'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần tự học, tự rèn luyện của nhà giáo',
    'Đổi mới phương pháp dạy học, kiểm tra, đánh giá theo Chương trình giáo dục phổ thông 2018',
    'Ứng dụng công nghệ thông tin và trí tuệ nhân tạo trong dạy học môn Toán, Tin học',
    'Phòng, chống biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống trong đội ngũ nhà giáo',
  ],
  lit: [
    'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về trách nhiệm nêu gương của người thầy',
    'Giáo dục truyền thống lịch sử, văn hóa dân tộc cho học sinh qua môn Ngữ văn, Lịch sử',
    'Vai trò của đảng viên trong giáo dục đạo đức, lối sống cho học sinh',
    'Phát triển văn hóa đọc trong nhà trường',
  ],
  admin: [
    'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tác phong làm việc khoa học, tận tụy',
    'Thực hành tiết kiệm, chống lãng phí trong quản lý, sử dụng tài sản công của nhà trường',
    'Cải cách hành chính và chuyển đổi số trong quản lý nhà trường',
    'Nâng cao tinh thần phục vụ giáo viên, học sinh và cha mẹ học sinh',
  ],
  internal: [
    'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về y đức: "Lương y phải như từ mẫu"',
    'Nâng cao chất lượng khám, chữa bệnh và sự hài lòng của người bệnh',
    'Chuyển đổi số trong khám, chữa bệnh: triển khai bệnh án điện tử',
    'Đảng viên nêu gương trong phòng, chống tiêu cực trong hoạt động y tế',
  ],
  surgery: [
    'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần trách nhiệm với người bệnh',
    'Bảo đảm an toàn người bệnh trong phẫu thuật',
    'Ứng dụng kỹ thuật mới trong phẫu thuật nội soi',
    'Xây dựng tập thể khoa đoàn kết, văn hóa ứng xử của nhân viên y tế',
  ],
}

export type PlanSeed = {
  year: number
  /** Every meeting created for the cell this year, in date order, and the same split by kind. */
  byCell: Record<DemoCellKey, { all: string[]; regular: string[]; thematic: string[]; other: string[]; cancelled: string[] }>
  kp3: { combinedId: string; movedId: string; extraordinaryId: string }
  lit: { cancelledId: string; cancelledMonth: number; missingQuarter: number }
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

export function seedPlans(db: DB, demo: DemoIds, today = planToday()): PlanSeed {
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7))
  const ctx = systemCtx

  for (const key of CELLS) {
    const org = demo.orgs[key]
    const current = getOrganizationById(db, org.id)!
    updateOrganization(db, ctx, org.id, {
      name: current.name,
      shortName: current.shortName,
      placeName: current.placeName,
      settings: { ...current.settings, defaultMeetingPlace: PLACES[key] },
      version: current.version,
    })
    generateYearPlan(db, ctx, org.id, year)
  }

  // ---- Chi bộ Khu phố 3: a full year, with a combined meeting, a move and an extraordinary meeting.
  const kp3 = demo.orgs.kp3
  const { hung, ngoc, nam, hoa } = demo.people
  const september = regularOf(db, kp3.id, year, 9)
  const moved = rescheduleMeeting(db, ctx, september.id, {
    kind: 'move',
    date: `${year}-09-07`,
    time: '14:00',
    reason: 'Trùng ngày khai giảng năm học mới; nhiều đảng viên dự lễ khai giảng cùng con, cháu',
    version: september.version,
  })
  planThematic(db, ctx, kp3.id, {
    year,
    month: 3,
    topic: 'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng khối đại đoàn kết toàn dân ở khu dân cư',
    drafterMemberId: ngoc.id,
  })
  const combined = planThematic(db, ctx, kp3.id, {
    year,
    month: 6,
    topic: 'Nâng cao chất lượng sinh hoạt chi bộ khu dân cư',
    drafterMemberId: nam.id,
    combined: true,
  })
  planThematic(db, ctx, kp3.id, {
    year,
    month: 9,
    topic: 'Chuyển đổi số trong công tác đảng viên ở khu phố: sử dụng Sổ tay đảng viên điện tử',
    drafterMemberId: hoa.id,
  })
  planThematic(db, ctx, kp3.id, {
    year,
    month: 12,
    topic: 'Phát huy vai trò nêu gương của đảng viên cao tuổi trong xây dựng nếp sống văn minh đô thị',
    drafterMemberId: hung.id,
  })
  const extraordinary = createMeeting(db, ctx, kp3.id, {
    type: 'extraordinary',
    date: `${year}-07-20`,
    time: '19:30',
    topic: `Triển khai công tác phòng, chống thiên tai và tìm kiếm cứu nạn mùa mưa bão năm ${year}`,
    place: PLACES.kp3,
  })

  // ---- Chi bộ Tổ Ngữ văn – Lịch sử: one month without a regular meeting, one quarter without a thematic one.
  const lit = demo.orgs.lit
  const cancelledMonth = month > 5 ? 5 : Math.max(1, month - 1)
  const missingQuarter = quarterOf(month) > 1 ? quarterOf(month) - 1 : 1
  const toCancel = regularOf(db, lit.id, year, cancelledMonth)
  const cancelled = cancelMeeting(db, ctx, toCancel.id, {
    reason: cancelledMonth === 5 ? 'Trùng lịch thi học kỳ II và thi tốt nghiệp thử của học sinh khối 12' : 'Trùng lịch kiểm tra giữa học kỳ',
    version: toCancel.version,
  })

  // ---- Thematic topics of the other cells (and of Tổ Ngữ văn – Lịch sử except the missing quarter).
  for (const key of CELLS) {
    if (key === 'kp3') continue
    const people = demo.members[key]
    const drafters = [people[1] ?? people[0], people[0], people[2] ?? people[0], people[3] ?? people[0]]
    for (let quarter = 1; quarter <= 4; quarter++) {
      if (key === 'lit' && quarter === missingQuarter) continue
      planThematic(db, ctx, demo.orgs[key].id, {
        year,
        month: quarter * 3,
        topic: TOPICS[key][quarter - 1],
        drafterMemberId: drafters[quarter - 1].id,
      })
    }
  }

  const byCell = Object.fromEntries(
    CELLS.map((key) => {
      const rows = db.select().from(meetings).where(and(eq(meetings.cellId, demo.orgs[key].id), eq(meetings.periodYear, year))).orderBy(asc(meetings.startsAt)).all()
      return [
        key,
        {
          all: rows.map((m) => m.id),
          regular: rows.filter((m) => (m.type === 'regular' || m.type === 'combined') && m.status !== 'cancelled').map((m) => m.id),
          thematic: rows.filter((m) => (m.type === 'thematic' || m.type === 'combined') && m.status !== 'cancelled').map((m) => m.id),
          other: rows.filter((m) => !['regular', 'combined', 'thematic'].includes(m.type) && m.status !== 'cancelled').map((m) => m.id),
          cancelled: rows.filter((m) => m.status === 'cancelled').map((m) => m.id),
        },
      ]
    }),
  ) as PlanSeed['byCell']

  return {
    year,
    byCell,
    kp3: { combinedId: combined.id, movedId: moved.id, extraordinaryId: extraordinary.id },
    lit: { cancelledId: cancelled.id, cancelledMonth, missingQuarter },
  }
}

function regularOf(db: DB, cellId: string, year: number, month: number) {
  const row = db
    .select()
    .from(meetings)
    .where(and(eq(meetings.cellId, cellId), eq(meetings.periodYear, year), eq(meetings.periodMonth, month), eq(meetings.type, 'regular')))
    .get()
  if (!row) throw new Error(`seedPlans: no regular meeting for ${pad2(month)}/${year}`)
  return row
}

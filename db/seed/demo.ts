// Demo data: one upper body, two grass-roots đảng bộ, seven cells of different shapes, about 100
// members with realistic names, and the demo accounts (password demo1234) listed in the README.
// Later features extend this seed with meetings, agendas, records and minutes.
import type { DB } from '../client.server'
import { updateOrganization } from '../../app/models/organizations.server'
import { createMember } from '../../app/models/members.server'
import { addPeriod, createMembers, createOrg, createUserWithGrants, memberInput, rng, systemCtx } from '../../tests/factories'

export const DEMO_PASSWORD = 'demo1234'

// In db/client.server.ts, so that `serve` can check it without loading the seed modules.
export { isDatabaseEmpty } from '../client.server'

export type DemoIds = Awaited<ReturnType<typeof seedDemo>>

export async function seedDemo(db: DB) {
  const r = rng(20260205)

  // ---- Organisation tree -------------------------------------------------------------------
  const upper = createOrg(db, { name: 'Đảng bộ phường Ba Đình', shortName: 'ĐB phường Ba Đình', kind: 'upper', placeName: 'Hà Nội' })
  updateOrganization(db, systemCtx, upper.id, {
    name: upper.name,
    shortName: upper.shortName,
    placeName: upper.placeName,
    settings: { issuerCode: 'CB', meetingDayRule: { kind: 'day_of_month', day: 5 }, defaultMeetingTime: '14:00', thematicMonths: [3, 6, 9, 12] },
    version: upper.version,
  })
  const kp3 = createOrg(db, { name: 'Chi bộ Khu phố 3', kind: 'cell_base', parentId: upper.id })
  const kp5 = createOrg(db, { name: 'Chi bộ Khu phố 5', kind: 'cell_base', parentId: upper.id })
  const school = createOrg(db, { name: 'Đảng bộ Trường THPT Phan Đình Phùng', kind: 'grassroots', parentId: upper.id })
  const math = createOrg(db, { name: 'Chi bộ Tổ Toán – Tin', kind: 'cell_sub', parentId: school.id })
  const lit = createOrg(db, { name: 'Chi bộ Tổ Ngữ văn – Lịch sử', kind: 'cell_sub', parentId: school.id })
  const admin = createOrg(db, { name: 'Chi bộ Hành chính – Phục vụ', kind: 'cell_sub', parentId: school.id })
  const hospital = createOrg(db, { name: 'Đảng bộ Bệnh viện đa khoa Ba Đình', kind: 'grassroots', parentId: upper.id })
  const internal = createOrg(db, { name: 'Chi bộ Khoa Nội', kind: 'cell_sub', parentId: hospital.id })
  const surgery = createOrg(db, { name: 'Chi bộ Khoa Ngoại', kind: 'cell_sub', parentId: hospital.id })

  // ---- Chi bộ Khu phố 3: 24 members, a chi ủy, probationary, exempt and temporarily-away members.
  const fixed = (fullName: string, gender: 'male' | 'female', extra: Partial<Parameters<typeof memberInput>[1]> = {}) =>
    createMember(db, systemCtx, kp3.id, memberInput(r, { fullName, gender, ...extra }))
  const hung = fixed('Nguyễn Văn Hùng', 'male', { position: 'secretary', birthDate: '1968-03-12', joinedOn: '1995-05-19', officialOn: '1996-05-19', cardNumber: '01.234567' })
  const ngoc = fixed('Trần Thị Bích Ngọc', 'female', { position: 'deputy', birthDate: '1985-09-02', joinedOn: '2010-02-03', officialOn: '2011-02-03', cardNumber: '01.345678' })
  const nam = fixed('Lê Văn Nam', 'male', { position: 'committee', birthDate: '1979-11-30', joinedOn: '2005-07-01', officialOn: '2006-07-01', cardNumber: '01.456789' })
  const hoa = fixed('Phạm Thị Hoa', 'female', { birthDate: '1990-06-15', joinedOn: '2015-11-07', officialOn: '2016-11-07', cardNumber: '01.567890' })
  const long = fixed('Hoàng Văn Long', 'male', { birthDate: '1958-01-21', joinedOn: '1982-09-02', officialOn: '1983-09-02', cardNumber: '01.678901' })
  const mai = fixed('Vũ Thị Mai', 'female', { status: 'probationary', birthDate: '1999-08-08', joinedOn: '2026-05-19', officialOn: null, cardNumber: null })
  const tuan = fixed('Đỗ Minh Tuấn', 'male', { status: 'probationary', birthDate: '1996-04-12', joinedOn: '2025-12-12', officialOn: null, cardNumber: null })
  const away = fixed('Bùi Quang Huy', 'male', { birthDate: '1992-04-05', joinedOn: '2018-05-05', officialOn: '2019-05-05' })
  const elderly = fixed('Ngô Thanh Tâm', 'female', { birthDate: '1945-12-25', joinedOn: '1968-01-09', officialOn: '1969-01-09' })
  addPeriod(db, long.id, 'exempt', '2024-01-01', null, 'Tuổi cao, sức khỏe yếu; chi bộ quyết định miễn sinh hoạt')
  addPeriod(db, elderly.id, 'exempt', '2023-06-01', null, 'Tuổi cao')
  addPeriod(db, away.id, 'elsewhere', '2026-09-01', '2027-02-28', 'Đi công tác dài hạn tại TP. Hồ Chí Minh; sinh hoạt tạm thời tại Chi bộ Văn phòng Công ty')
  const rest = createMembers(db, r, kp3.id, 15)
  const kp3Members = [hung, ngoc, nam, hoa, long, mai, tuan, away, elderly, ...rest]

  // ---- Chi bộ Khu phố 5: 7 official members, only a bí thư (fewer than 9 → no chi ủy).
  const kp5Members = createMembers(db, r, kp5.id, 7, (i) => (i === 0 ? { position: 'secretary' } : {}))

  // ---- School cells
  const mathMembers = createMembers(db, r, math.id, 15, (i) =>
    i === 0 ? { position: 'secretary' } : i === 1 ? { position: 'deputy' } : i === 2 ? { position: 'committee' } : i >= 13 ? { status: 'probationary' } : {},
  )
  const litMembers = createMembers(db, r, lit.id, 14, (i) => (i === 0 ? { position: 'secretary' } : i === 1 ? { position: 'deputy' } : {}))
  const adminMembers = createMembers(db, r, admin.id, 8, (i) => (i === 0 ? { position: 'secretary' } : {}))
  addPeriod(db, litMembers[5].id, 'elsewhere', '2026-10-01', '2026-12-31', 'Đi học tập trung')

  // ---- Hospital cells
  const internalMembers = createMembers(db, r, internal.id, 17, (i) =>
    i === 0 ? { position: 'secretary' } : i === 1 ? { position: 'deputy' } : i < 5 ? { position: 'committee' } : i === 16 ? { status: 'probationary' } : {},
  )
  const surgeryMembers = createMembers(db, r, surgery.id, 15, (i) => (i === 0 ? { position: 'secretary' } : i === 1 ? { position: 'deputy' } : {}))
  addPeriod(db, surgeryMembers[9].id, 'exempt', '2025-03-01', null, 'Điều trị bệnh dài ngày')

  // ---- Accounts (all with password demo1234)
  const accounts = {
    admin: await createUserWithGrants(db, { username: 'admin', displayName: 'Quản trị hệ thống', isSystemAdmin: true }),
    bithu: await createUserWithGrants(db, { username: 'bithu', displayName: hung.fullName, memberId: hung.id, grants: [{ orgId: kp3.id, role: 'secretary' }] }),
    phobithu: await createUserWithGrants(db, { username: 'phobithu', displayName: ngoc.fullName, memberId: ngoc.id, grants: [{ orgId: kp3.id, role: 'deputy' }] }),
    chiuy: await createUserWithGrants(db, { username: 'chiuy', displayName: nam.fullName, memberId: nam.id, grants: [{ orgId: kp3.id, role: 'committee' }] }),
    dangvien: await createUserWithGrants(db, { username: 'dangvien', displayName: hoa.fullName, memberId: hoa.id, grants: [{ orgId: kp3.id, role: 'member' }] }),
    dangvien2: await createUserWithGrants(db, { username: 'dangvien2', displayName: mai.fullName, memberId: mai.id, grants: [{ orgId: kp3.id, role: 'member' }] }),
    bithukhoanoi: await createUserWithGrants(db, {
      username: 'bithukhoanoi',
      displayName: internalMembers[0].fullName,
      memberId: internalMembers[0].id,
      grants: [{ orgId: internal.id, role: 'secretary' }],
    }),
    kiemtra: await createUserWithGrants(db, { username: 'kiemtra', displayName: 'Trương Minh Đức', grants: [{ orgId: upper.id, role: 'inspector' }] }),
    kiemtratruong: await createUserWithGrants(db, { username: 'kiemtratruong', displayName: 'Lương Thị Thu Hà', grants: [{ orgId: school.id, role: 'inspector' }] }),
    quantriphuong: await createUserWithGrants(db, { username: 'quantriphuong', displayName: 'Đinh Công Bình', grants: [{ orgId: upper.id, role: 'admin' }] }),
  }

  return {
    orgs: { upper, kp3, kp5, school, math, lit, admin, hospital, internal, surgery },
    members: { kp3: kp3Members, kp5: kp5Members, math: mathMembers, lit: litMembers, admin: adminMembers, internal: internalMembers, surgery: surgeryMembers },
    people: { hung, ngoc, nam, hoa, long, mai, tuan, away, elderly },
    accounts,
  }
}

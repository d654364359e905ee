// Factories shared by the tests and the demo seed (STYLE "Tests"): realistic Vietnamese names,
// organisations, members and users, created through the models so the same rules apply.
import type { DB } from '../db/client.server'
import type { OrgKind, Role } from '../app/domain/constants'
import type { Actor } from '../app/domain/permissions'
import type { MemberInput } from '../app/domain/members'
import type { ActorContext } from '../app/models/context'
import { createOrganization } from '../app/models/organizations.server'
import { addMemberPeriod, createMember } from '../app/models/members.server'
import { actorFromUser, createUser } from '../app/models/users.server'

/** Deterministic pseudo-random numbers (mulberry32) so seeds and tests are repeatable. */
export function rng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
    chance: (p: number) => next() < p,
  }
}
export type Rng = ReturnType<typeof rng>

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Phan', 'Trương', 'Lương', 'Mai', 'Tạ'] as const
const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Công', 'Thanh', 'Mạnh', 'Xuân', 'Tiến', 'Đình', 'Ngọc'] as const
const MIDDLE_F = ['Thị', 'Thu', 'Thanh', 'Ngọc', 'Minh', 'Bích', 'Thùy', 'Hồng', 'Kim', 'Phương', 'Diệu', 'Mỹ'] as const
const GIVEN_M = ['Hùng', 'Nam', 'Long', 'Tuấn', 'Huy', 'Dũng', 'Quân', 'Thắng', 'Sơn', 'Hải', 'Phong', 'Khoa', 'Bình', 'Cường', 'Đạt', 'Hiếu', 'Kiên', 'Lâm', 'Nghĩa', 'Phúc', 'Tài', 'Thành', 'Trung', 'Việt', 'Vinh'] as const
const GIVEN_F = ['Hoa', 'Mai', 'Lan', 'Hương', 'Ngọc', 'Trang', 'Linh', 'Thảo', 'Hằng', 'Yến', 'Nhung', 'Vân', 'Oanh', 'Dung', 'Hạnh', 'Liên', 'Loan', 'Nga', 'Phượng', 'Quyên', 'Tâm', 'Thủy', 'Uyên', 'Xuân', 'Giang'] as const

export function vietnameseName(r: Rng, gender: 'male' | 'female'): string {
  const middle = gender === 'male' ? r.pick(MIDDLE_M) : r.pick(MIDDLE_F)
  const given = gender === 'male' ? r.pick(GIVEN_M) : r.pick(GIVEN_F)
  return r.chance(0.25)
    ? `${r.pick(FAMILY)} ${middle} ${r.pick(gender === 'male' ? MIDDLE_M : MIDDLE_F)} ${given}`.replace(/(\S+) \1/, '$1')
    : `${r.pick(FAMILY)} ${middle} ${given}`
}

export function isoDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** A plausible member: born 1950–2000, joined at 22–40, official a year later (unless probationary). */
export function memberInput(r: Rng, overrides: Partial<MemberInput> = {}, today = '2026-11-30'): MemberInput {
  const gender = overrides.gender ?? (r.chance(0.5) ? 'male' : 'female')
  const birthYear = r.int(1950, 2000)
  const birthDate = isoDate(birthYear, r.int(1, 12), r.int(1, 28))
  const status = overrides.status ?? 'official'
  const thisYear = Number(today.slice(0, 4))
  const joinedYear = status === 'probationary' ? thisYear - r.int(0, 1) : Math.min(birthYear + r.int(22, 40), thisYear - 2)
  let joinedOn = isoDate(joinedYear, r.int(1, 12), r.int(1, 28))
  if (status === 'probationary' && joinedOn > today) joinedOn = isoDate(thisYear, r.int(1, Number(today.slice(5, 7))), 1)
  const officialOn = status === 'official' ? isoDate(joinedYear + 1, Number(joinedOn.slice(5, 7)), Number(joinedOn.slice(8, 10))) : null
  return {
    fullName: vietnameseName(r, gender),
    gender,
    birthDate,
    status,
    joinedOn,
    officialOn,
    position: 'member',
    cardNumber: `${String(r.int(1, 99)).padStart(2, '0')}.${String(r.int(100000, 999999))}`,
    suspended: false,
    suspendedNote: null,
    note: null,
    ...overrides,
  }
}

export const SYSTEM_ACTOR: Actor = {
  userId: 'system',
  username: 'hệ thống',
  displayName: 'Hệ thống',
  memberId: null,
  isSystemAdmin: true,
  grants: [],
}
export const systemCtx: ActorContext = { actor: SYSTEM_ACTOR, ip: null }

export function createOrg(
  db: DB,
  input: { name: string; kind: OrgKind; parentId?: string | null; placeName?: string; shortName?: string },
) {
  return createOrganization(db, systemCtx, {
    name: input.name,
    kind: input.kind,
    parentId: input.parentId ?? null,
    placeName: input.placeName ?? null,
    shortName: input.shortName ?? null,
  })
}

export function createMembers(
  db: DB,
  r: Rng,
  cellId: string,
  count: number,
  overrides: (i: number) => Partial<MemberInput> = () => ({}),
) {
  const created = []
  for (let i = 0; i < count; i++) {
    let input = memberInput(r, overrides(i))
    // Card numbers are unique nationally; retry on the rare random collision.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        created.push(createMember(db, systemCtx, cellId, input))
        break
      } catch (error) {
        if (attempt === 4) throw error
        input = { ...input, cardNumber: `${String(r.int(1, 99)).padStart(2, '0')}.${String(r.int(100000, 999999))}` }
      }
    }
  }
  return created
}

export function addPeriod(db: DB, memberId: string, kind: 'exempt' | 'elsewhere', startsOn: string, endsOn: string | null = null, note: string | null = null) {
  return addMemberPeriod(db, systemCtx, memberId, { kind, startsOn, endsOn, note })
}

export async function createUserWithGrants(
  db: DB,
  input: { username: string; displayName: string; password?: string; memberId?: string | null; isSystemAdmin?: boolean; grants?: { orgId: string; role: Role }[] },
) {
  const user = await createUser(db, null, { password: 'demo1234', ...input })
  return { user, actor: actorFromUser(db, user) }
}

// Data scoping through the models, on the demo data: who may read and change which organisation
// and member. Anything outside a user's grants looks like it does not exist (404), never like a
// forbidden page that confirms it is there.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { AppError } from '~/models/context'
import { getMember, listMembers, updateMember } from '~/models/members.server'
import { childrenOf, getOrganization } from '~/models/organizations.server'
import { getManagedUser, listUsers } from '~/models/users.server'
import { seedDemo, type DemoIds } from '../../db/seed/demo'
import { createTestDb } from '../db'

type TestDb = ReturnType<typeof createTestDb>

function notFound(fn: () => unknown) {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).status).toBe(404)
    return
  }
  throw new Error('expected a 404 AppError, but the call succeeded')
}

function memberInputOf(m: ReturnType<typeof getMember>) {
  return {
    fullName: m.fullName,
    gender: m.gender,
    birthDate: m.birthDate,
    status: m.status,
    joinedOn: m.joinedOn,
    officialOn: m.officialOn,
    position: m.position,
    cardNumber: m.cardNumber,
    suspended: m.suspended,
    suspendedNote: m.suspendedNote,
    note: m.note,
  }
}

describe('reading: the demo data seen by each account', () => {
  let db: TestDb
  let demo: DemoIds
  beforeAll(async () => {
    db = createTestDb()
    demo = await seedDemo(db)
  })
  afterAll(() => db.cleanup())

  const cells = ['kp3', 'kp5', 'math', 'lit', 'admin', 'internal', 'surgery'] as const

  test('a member (dangvien, Chi bộ Khu phố 3) sees their own cell and nothing else', () => {
    const { actor } = demo.accounts.dangvien
    const { orgs, members } = demo
    expect(getOrganization(db, actor, orgs.kp3.id).name).toBe('Chi bộ Khu phố 3')
    expect(listMembers(db, actor, orgs.kp3.id).total).toBe(members.kp3.length)
    expect(getMember(db, actor, members.kp3[5].id).fullName).toBe(members.kp3[5].fullName)

    notFound(() => getOrganization(db, actor, orgs.internal.id))
    notFound(() => getOrganization(db, actor, orgs.upper.id))
    notFound(() => getOrganization(db, actor, orgs.kp5.id))
    notFound(() => getMember(db, actor, members.internal[3].id))
    notFound(() => getMember(db, actor, members.kp5[0].id))
    notFound(() => listMembers(db, actor, orgs.internal.id))
    notFound(() => listMembers(db, actor, orgs.kp5.id))
  })

  test('a member reads but does not manage their cell', () => {
    const { actor } = demo.accounts.dangvien
    notFound(() => getOrganization(db, actor, demo.orgs.kp3.id, 'member:manage'))
    notFound(() => getMember(db, actor, demo.members.kp3[5].id, 'member:manage'))
  })

  test('the school inspector (kiemtratruong) reads the school’s cells but not the hospital’s', () => {
    const { actor } = demo.accounts.kiemtratruong
    const { orgs, members } = demo
    for (const cell of [orgs.math, orgs.lit, orgs.admin]) {
      expect(getOrganization(db, actor, cell.id).id).toBe(cell.id)
    }
    expect(getOrganization(db, actor, orgs.school.id).id).toBe(orgs.school.id)
    expect(listMembers(db, actor, orgs.math.id).total).toBe(members.math.length)
    expect(getMember(db, actor, members.lit[2].id).cell.id).toBe(orgs.lit.id)
    expect(childrenOf(db, actor, orgs.school.id).map((o) => o.id).sort()).toEqual([orgs.math.id, orgs.lit.id, orgs.admin.id].sort())

    for (const org of [orgs.hospital, orgs.internal, orgs.surgery, orgs.kp3, orgs.upper]) {
      notFound(() => getOrganization(db, actor, org.id))
    }
    notFound(() => listMembers(db, actor, orgs.internal.id))
    notFound(() => getMember(db, actor, members.surgery[0].id))
    // Only the school shows under the upper body, even though the inspector cannot open the upper body itself.
    expect(childrenOf(db, actor, orgs.upper.id).map((o) => o.id)).toEqual([orgs.school.id])
  })

  test('the upper-body inspector (kiemtra) reads everything below, but changes nothing', () => {
    const { actor } = demo.accounts.kiemtra
    const { orgs, members } = demo
    for (const name of cells) {
      expect(getOrganization(db, actor, orgs[name].id).id).toBe(orgs[name].id)
      expect(listMembers(db, actor, orgs[name].id).total).toBe(members[name].length)
    }
    expect(getMember(db, actor, members.surgery[4].id).cell.id).toBe(orgs.surgery.id)
    notFound(() => getMember(db, actor, members.surgery[4].id, 'member:manage'))
  })

  test('a cell secretary (bithu) manages Khu phố 3 only', () => {
    const { actor } = demo.accounts.bithu
    expect(getOrganization(db, actor, demo.orgs.kp3.id, 'member:manage').id).toBe(demo.orgs.kp3.id)
    notFound(() => getOrganization(db, actor, demo.orgs.internal.id))
    notFound(() => listMembers(db, actor, demo.orgs.kp5.id))
  })

  test('the ward admin (quantriphuong) lists every account with a role below, but not the system admin', () => {
    const { actor } = demo.accounts.quantriphuong
    const { users } = listUsers(db, actor, { pageSize: 100 })
    const usernames = users.map((u) => u.username)
    expect(usernames).toEqual(expect.arrayContaining(['bithu', 'dangvien', 'bithukhoanoi', 'kiemtra', 'kiemtratruong', 'quantriphuong']))
    expect(usernames).not.toContain('admin')
    notFound(() => getManagedUser(db, actor, demo.accounts.admin.user.id))
    expect(getManagedUser(db, actor, demo.accounts.bithukhoanoi.user.id).username).toBe('bithukhoanoi')
  })

  test('cell roles and inspectors see no accounts to manage', () => {
    for (const name of ['bithu', 'dangvien', 'kiemtra'] as const) {
      const { actor } = demo.accounts[name]
      expect(listUsers(db, actor).total, name).toBe(0)
      notFound(() => getManagedUser(db, actor, demo.accounts.dangvien.user.id))
    }
  })
})

describe('writing: a secretary changes members of their own cell only', () => {
  let db: TestDb
  let demo: DemoIds
  beforeEach(async () => {
    db = createTestDb()
    demo = await seedDemo(db)
  })
  afterEach(() => db.cleanup())

  test('bithu updates a Khu phố 3 member; the change is saved', () => {
    const { actor } = demo.accounts.bithu
    const target = getMember(db, actor, demo.people.hoa.id, 'member:manage')
    updateMember(db, { actor, ip: null }, target.id, { ...memberInputOf(target), note: 'Phụ trách công tác dân vận', version: target.version })
    const after = getMember(db, actor, target.id)
    expect(after.note).toBe('Phụ trách công tác dân vận')
    expect(after.version).toBe(target.version + 1)
  })

  test('no Khu phố 3 account can update a member of Chi bộ Khoa Nội', () => {
    const other = getMember(db, demo.accounts.kiemtra.actor, demo.members.internal[2].id)
    for (const name of ['bithu', 'phobithu', 'chiuy', 'dangvien'] as const) {
      const { actor } = demo.accounts[name]
      notFound(() => updateMember(db, { actor, ip: null }, other.id, { ...memberInputOf(other), note: 'Sửa trái phép', version: other.version }))
    }
    expect(getMember(db, demo.accounts.kiemtra.actor, other.id).note).toBe(other.note)
  })

  test('a committee member and a plain member of Khu phố 3 may not change its members', () => {
    const target = getMember(db, demo.accounts.bithu.actor, demo.people.hoa.id)
    for (const name of ['chiuy', 'dangvien'] as const) {
      const { actor } = demo.accounts[name]
      notFound(() => updateMember(db, { actor, ip: null }, target.id, { ...memberInputOf(target), note: 'x', version: target.version }))
    }
  })
})

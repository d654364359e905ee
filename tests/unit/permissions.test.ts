import { describe, expect, test } from 'vitest'
import type { Role } from '~/domain/constants'
import { can, canSomewhere, pathFilter, pathMatches, type Actor, type Grant, type Permission } from '~/domain/permissions'

// A small tree:            /up/                (đảng bộ cấp trên)
//                 /up/gr/          /up/sib/    (đảng bộ cơ sở, and its sibling)
//              /up/gr/cell/                    (chi bộ trực thuộc)
// Every role below is granted on /up/gr/ and asked about the same organisation, a child, a sibling,
// the parent — and /up/gr2/, whose path starts with the same letters but is not inside the subtree.
const GRANTED = '/up/gr/'
const SCOPES = {
  same: '/up/gr/',
  child: '/up/gr/cell/',
  sibling: '/up/sib/',
  parent: '/up/',
  lookalike: '/up/gr2/',
} as const
type ScopeName = keyof typeof SCOPES

function actorWith(grants: Omit<Grant, 'orgId'>[], extra: Partial<Actor> = {}): Actor {
  return {
    userId: 'u1',
    username: 'u1',
    displayName: 'Người thử',
    memberId: null,
    isSystemAdmin: false,
    grants: grants.map((g, i) => ({ orgId: `o${i}`, ...g })),
    ...extra,
  }
}

const REPRESENTATIVE: Permission[] = [
  'org:read',
  'member:read',
  'member:manage',
  'user:manage',
  'meeting:plan',
  'meeting:record',
  'contribution:write',
  'criticism:read',
  'inspection:read',
]

// What each role may do on the organisation it was granted on: written out by hand so the test
// restates the rules instead of recomputing them.
const Y = true
const N = false
const ON_OWN_ORG: Record<Role, Record<(typeof REPRESENTATIVE)[number], boolean>> = {
  //              org:read member:read member:manage user:manage meeting:plan meeting:record contribution:write criticism:read inspection:read
  admin: row(Y, Y, Y, Y, N, N, N, N, N),
  secretary: row(Y, Y, Y, N, Y, Y, Y, Y, N),
  deputy: row(Y, Y, Y, N, Y, Y, Y, Y, N),
  committee: row(Y, Y, N, N, N, Y, Y, Y, N),
  member: row(Y, Y, N, N, N, N, Y, N, N),
  inspector: row(Y, Y, N, N, N, N, N, Y, Y),
}
function row(...values: boolean[]) {
  return Object.fromEntries(REPRESENTATIVE.map((p, i) => [p, values[i]])) as Record<Permission, boolean>
}
/** Admin and inspector grants reach down the subtree; the cell roles stop at their own cell. */
const COVERS_CHILDREN: Record<Role, boolean> = {
  admin: true,
  inspector: true,
  secretary: false,
  deputy: false,
  committee: false,
  member: false,
}

function expected(role: Role, permission: Permission, scope: ScopeName): boolean {
  const allowedHere = ON_OWN_ORG[role][permission]
  switch (scope) {
    case 'same':
      return allowedHere
    case 'child':
      return allowedHere && COVERS_CHILDREN[role]
    case 'sibling':
    case 'parent':
    case 'lookalike':
      return false
  }
}

const ROLES_UNDER_TEST = Object.keys(ON_OWN_ORG) as Role[]
const cases = ROLES_UNDER_TEST.flatMap((role) =>
  REPRESENTATIVE.flatMap((permission) =>
    (Object.keys(SCOPES) as ScopeName[]).map((scope) => ({ role, permission, scope, allowed: expected(role, permission, scope) })),
  ),
)

describe('can(): every role × representative permission × where it is asked', () => {
  test.each(cases)('$role granted on the đảng bộ — $permission on $scope org → $allowed', ({ role, permission, scope, allowed }) => {
    const actor = actorWith([{ orgPath: GRANTED, role }])
    expect(can(actor, permission, { orgPath: SCOPES[scope] })).toBe(allowed)
  })

  test('the table covers the subtree roles both ways', () => {
    expect(cases.filter((c) => c.scope === 'child' && c.allowed).map((c) => c.role)).toEqual(
      expect.arrayContaining(['admin', 'inspector']),
    )
    expect(cases.some((c) => c.scope === 'child' && c.allowed && !COVERS_CHILDREN[c.role])).toBe(false)
  })
})

describe('can(): other actors', () => {
  test('nobody logged in may do nothing', () => {
    expect(can(null, 'org:read', { orgPath: SCOPES.same })).toBe(false)
    expect(can(undefined, 'org:read', { orgPath: SCOPES.same })).toBe(false)
    expect(canSomewhere(null, 'user:manage')).toBe(false)
  })

  test('a system admin may do everything everywhere, even without grants', () => {
    const admin = actorWith([], { isSystemAdmin: true })
    for (const permission of REPRESENTATIVE) {
      for (const orgPath of Object.values(SCOPES)) expect(can(admin, permission, { orgPath })).toBe(true)
    }
    expect(canSomewhere(admin, 'inspection:remark')).toBe(true)
  })

  test('an actor without grants may do nothing', () => {
    const nobody = actorWith([])
    expect(can(nobody, 'org:read', { orgPath: SCOPES.same })).toBe(false)
    expect(canSomewhere(nobody, 'org:read')).toBe(false)
  })

  test('grants add up: member of one cell and secretary of another', () => {
    const actor = actorWith([
      { orgPath: '/up/gr/a/', role: 'member' },
      { orgPath: '/up/gr/b/', role: 'secretary' },
    ])
    expect(can(actor, 'meeting:plan', { orgPath: '/up/gr/a/' })).toBe(false)
    expect(can(actor, 'meeting:plan', { orgPath: '/up/gr/b/' })).toBe(true)
    expect(can(actor, 'contribution:write', { orgPath: '/up/gr/a/' })).toBe(true)
  })

  test('canSomewhere answers "show the menu entry": user:manage only for admins', () => {
    expect(canSomewhere(actorWith([{ orgPath: GRANTED, role: 'admin' }]), 'user:manage')).toBe(true)
    for (const role of ['secretary', 'deputy', 'committee', 'member', 'inspector'] as const) {
      expect(canSomewhere(actorWith([{ orgPath: GRANTED, role }]), 'user:manage')).toBe(false)
    }
  })
})

describe('pathFilter(): what a query filters on', () => {
  test('a system admin needs no filter', () => {
    const filter = pathFilter(actorWith([], { isSystemAdmin: true }), 'member:read')
    expect(filter).toEqual({ all: true, exact: [], subtree: [] })
    expect(pathMatches(filter, '/anything/')).toBe(true)
  })

  test('a subtree inside another subtree, and a cell inside a subtree, are dropped', () => {
    const actor = actorWith([
      { orgPath: '/up/', role: 'inspector' },
      { orgPath: '/up/gr/', role: 'inspector' },
      { orgPath: '/up/gr/', role: 'admin' },
      { orgPath: '/up/gr/cell/', role: 'secretary' },
      { orgPath: '/other/cell/', role: 'member' },
      { orgPath: '/other/cell/', role: 'secretary' },
    ])
    expect(pathFilter(actor, 'member:read')).toEqual({ all: false, exact: ['/other/cell/'], subtree: ['/up/'] })
  })

  test('grants whose role lacks the permission are left out', () => {
    const actor = actorWith([
      { orgPath: '/up/gr/a/', role: 'member' },
      { orgPath: '/up/gr/b/', role: 'secretary' },
      { orgPath: '/up/sib/', role: 'inspector' },
    ])
    expect(pathFilter(actor, 'member:manage')).toEqual({ all: false, exact: ['/up/gr/b/'], subtree: [] })
    expect(pathFilter(actor, 'user:manage')).toEqual({ all: false, exact: [], subtree: [] })
  })

  test('pathMatches: exact paths match one organisation, subtree paths everything below', () => {
    const filter = pathFilter(
      actorWith([
        { orgPath: '/up/gr/', role: 'admin' },
        { orgPath: '/up/sib/cell/', role: 'secretary' },
      ]),
      'member:manage',
    )
    expect(pathMatches(filter, '/up/gr/')).toBe(true)
    expect(pathMatches(filter, '/up/gr/cell/')).toBe(true)
    expect(pathMatches(filter, '/up/gr2/')).toBe(false)
    expect(pathMatches(filter, '/up/sib/cell/')).toBe(true)
    expect(pathMatches(filter, '/up/sib/cell/x/')).toBe(false)
    expect(pathMatches(filter, '/up/')).toBe(false)
  })
})

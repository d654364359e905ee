// Who may do what, where. Pure: the same table answers loaders, actions and "may I show this
// button". A grant is user × organisation × role. Admin and inspector grants cover the whole
// subtree under their organisation; the cell roles (secretary, deputy, committee, member) cover
// exactly the organisation they were granted on. A system admin may do everything.
import type { Role } from './constants'

export const PERMISSIONS = [
  'org:read', // see the organisation, its structure and (for cells) its member list
  'org:manage', // create/rename child organisations, edit settings
  'member:read', // read member records of the organisation
  'member:manage', // create, edit, import, end membership
  'user:manage', // create/disable users and grant roles within the scope
  'meeting:read', // read published agendas, records and signed minutes
  'meeting:plan', // plan the year, move/cancel meetings, edit agendas, publish
  'meeting:record', // keep the record during the meeting (attendance, speeches, votes)
  'contribution:write', // write one's own contributions
  'contribution:review', // see every contribution and accept/note them
  'criticism:read', // read the criticism register of the cell (subject reads own items regardless)
  'audit:read', // read the audit log of the scope
  'inspection:read', // the compliance grid and minutes review of a subtree
  'inspection:remark', // write and sign inspection remarks
] as const
export type Permission = (typeof PERMISSIONS)[number]

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    'org:read',
    'org:manage',
    'member:read',
    'member:manage',
    'user:manage',
    'meeting:read',
    'audit:read',
  ],
  secretary: [
    'org:read',
    'member:read',
    'member:manage',
    'meeting:read',
    'meeting:plan',
    'meeting:record',
    'contribution:write',
    'contribution:review',
    'criticism:read',
    'audit:read',
  ],
  deputy: [
    'org:read',
    'member:read',
    'member:manage',
    'meeting:read',
    'meeting:plan',
    'meeting:record',
    'contribution:write',
    'contribution:review',
    'criticism:read',
    'audit:read',
  ],
  committee: [
    'org:read',
    'member:read',
    'meeting:read',
    'meeting:record',
    'contribution:write',
    'contribution:review',
    'criticism:read',
  ],
  member: ['org:read', 'member:read', 'meeting:read', 'contribution:write'],
  inspector: [
    'org:read',
    'member:read',
    'meeting:read',
    'criticism:read',
    'audit:read',
    'inspection:read',
    'inspection:remark',
  ],
}

/** Roles whose grant covers the organisation's whole subtree. */
export const SUBTREE_ROLES: readonly Role[] = ['admin', 'inspector']

export type Grant = { orgId: string; orgPath: string; role: Role }
export type Actor = {
  userId: string
  username: string
  displayName: string
  memberId: string | null
  isSystemAdmin: boolean
  grants: Grant[]
}
/** Where a permission is asked: the organisation's materialised path ("/a/b/c/"). */
export type Scope = { orgPath: string }

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission)
}

export function grantCovers(grant: Grant, scope: Scope): boolean {
  if (grant.orgPath === scope.orgPath) return true
  return SUBTREE_ROLES.includes(grant.role) && scope.orgPath.startsWith(grant.orgPath)
}

export function can(actor: Actor | null | undefined, permission: Permission, scope: Scope): boolean {
  if (!actor) return false
  if (actor.isSystemAdmin) return true
  return actor.grants.some((g) => roleHas(g.role, permission) && grantCovers(g, scope))
}

/** May the actor do this anywhere at all (to show a menu entry)? */
export function canSomewhere(actor: Actor | null | undefined, permission: Permission): boolean {
  if (!actor) return false
  if (actor.isSystemAdmin) return true
  return actor.grants.some((g) => roleHas(g.role, permission))
}

/**
 * The organisation paths where the actor holds a permission, for filtering inside queries:
 * `exact` paths match one organisation, `subtree` paths match it and everything below.
 * `all` is true for system admins (no filter).
 */
export type PathFilter = { all: boolean; exact: string[]; subtree: string[] }
export function pathFilter(actor: Actor, permission: Permission): PathFilter {
  if (actor.isSystemAdmin) return { all: true, exact: [], subtree: [] }
  const exact = new Set<string>()
  const subtree = new Set<string>()
  for (const g of actor.grants) {
    if (!roleHas(g.role, permission)) continue
    if (SUBTREE_ROLES.includes(g.role)) subtree.add(g.orgPath)
    else exact.add(g.orgPath)
  }
  // Drop subtree prefixes covered by a shorter one, and exact paths inside a subtree.
  const subs = [...subtree].sort((a, b) => a.length - b.length)
  const keptSubs: string[] = []
  for (const s of subs) if (!keptSubs.some((k) => s.startsWith(k))) keptSubs.push(s)
  const keptExact = [...exact].filter((e) => !keptSubs.some((k) => e.startsWith(k)))
  return { all: false, exact: keptExact, subtree: keptSubs }
}

export function pathMatches(filter: PathFilter, orgPath: string): boolean {
  return filter.all || filter.exact.includes(orgPath) || filter.subtree.some((s) => orgPath.startsWith(s))
}

/** The highest organisation(s) a user holds any grant on: shortest paths first. */
export function topGrantPaths(actor: Actor): string[] {
  return [...new Set(actor.grants.map((g) => g.orgPath))].sort((a, b) => a.length - b.length)
}

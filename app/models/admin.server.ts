// What the user-administration pages offer to choose from: the organisations an admin may grant
// roles on, the members an account may be linked to, and which listed users the admin may open.
// Everything is scoped inside the query by the actor's 'user:manage' grants (system admins: all).
import { and, asc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm'
import type { DB } from '../../db/client.server'
import { members, organizations, roleGrants, users } from '../../db/schema'
import { can, type Actor } from '~/domain/permissions'
import { AppError } from './context'
import { scopeCondition } from './scope.server'

/** Organisations where the actor may grant roles, in tree order (parents before their children). */
export function manageableOrganizations(db: DB, actor: Actor, limit = 5000) {
  return db
    .select({ id: organizations.id, name: organizations.name, kind: organizations.kind, depth: organizations.depth })
    .from(organizations)
    .where(and(isNull(organizations.archivedAt), scopeCondition(actor, 'user:manage', organizations.path)))
    .orderBy(asc(organizations.path))
    .limit(limit)
    .all()
}

/** Members of cells in scope who have no account yet, for the "linked member" select. */
export function linkableMembers(db: DB, actor: Actor, limit = 500) {
  const linked = db.select({ id: users.memberId }).from(users).where(sql`${users.memberId} IS NOT NULL`)
  return db
    .select({ id: members.id, fullName: members.fullName, cellName: organizations.name })
    .from(members)
    .innerJoin(organizations, eq(members.cellId, organizations.id))
    .where(
      and(
        isNull(members.endedOn),
        scopeCondition(actor, 'user:manage', organizations.path),
        notInArray(members.id, linked),
      ),
    )
    .orderBy(asc(organizations.path), asc(members.searchName))
    .limit(limit)
    .all()
}

/** Checks that a member chosen on the form is in scope and not linked to another account yet. */
export function assertLinkableMember(db: DB, actor: Actor, memberId: string) {
  const row = db
    .select({ id: members.id, fullName: members.fullName })
    .from(members)
    .innerJoin(organizations, eq(members.cellId, organizations.id))
    .where(and(eq(members.id, memberId), isNull(members.endedOn), scopeCondition(actor, 'user:manage', organizations.path)))
    .get()
  if (!row) throw new AppError(422, 'Không tìm thấy đảng viên này trong phạm vi đồng chí quản lý. Hãy chọn lại trong danh sách.', 'memberId')
  const other = db.select({ username: users.username }).from(users).where(eq(users.memberId, memberId)).get()
  if (other) throw new AppError(422, `Đồng chí ${row.fullName} đã có tài khoản "${other.username}".`, 'memberId')
  return row
}

/**
 * Of the given users, those the actor may open (same rule as getManagedUser in users.server.ts:
 * system admins open all; an org admin opens users who are not system admins and whose every
 * grant lies in the admin's subtree).
 */
export function manageableUserIds(db: DB, actor: Actor, userIds: string[]): Set<string> {
  if (actor.isSystemAdmin) return new Set(userIds)
  if (userIds.length === 0) return new Set()
  const rows = db
    .select({ userId: roleGrants.userId, orgPath: organizations.path, isSystemAdmin: users.isSystemAdmin })
    .from(roleGrants)
    .innerJoin(organizations, eq(roleGrants.orgId, organizations.id))
    .innerJoin(users, eq(roleGrants.userId, users.id))
    .where(inArray(roleGrants.userId, userIds))
    .all()
  const outside = new Set<string>()
  const withGrants = new Set<string>()
  for (const r of rows) {
    withGrants.add(r.userId)
    if (r.isSystemAdmin || !can(actor, 'user:manage', { orgPath: r.orgPath })) outside.add(r.userId)
  }
  return new Set(userIds.filter((id) => withGrants.has(id) && !outside.has(id)))
}

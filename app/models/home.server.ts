// What the header shows about the logged-in user: their role and organisation in words.
import { and, asc, eq, inArray, isNull, like, sql } from 'drizzle-orm'
import type { DB } from '../../db/client.server'
import { members as membersTable, organizations, organizations as organizationsTable } from '../../db/schema'
import { ROLE_LABELS } from '~/domain/constants'
import type { Actor } from '~/domain/permissions'
import { daysUntil, probationEndsOn } from '~/domain/members'
import { getOrganization, childrenOf, subtreeStats } from './organizations.server'
import { getMember, memberCounts, todayIso } from './members.server'

export function roleSummary(db: DB, actor: Actor) {
  if (actor.grants.length === 0) return actor.isSystemAdmin ? [{ role: 'Quản trị hệ thống', orgId: null, orgName: null }] : []
  const orgs = db
    .select({ id: organizations.id, name: organizations.name, kind: organizations.kind })
    .from(organizations)
    .where(inArray(organizations.id, [...new Set(actor.grants.map((g) => g.orgId))]))
    .all()
  const byId = new Map(orgs.map((o) => [o.id, o]))
  const rank = { secretary: 0, deputy: 1, committee: 2, inspector: 3, admin: 4, member: 5 } as const
  const list = [...actor.grants]
    .sort((a, b) => rank[a.role] - rank[b.role])
    .map((g) => ({ role: ROLE_LABELS[g.role], roleKey: g.role, orgId: g.orgId, orgName: byId.get(g.orgId)?.name ?? '', orgKind: byId.get(g.orgId)?.kind }))
  return actor.isSystemAdmin ? [{ role: 'Quản trị hệ thống', roleKey: 'system', orgId: null, orgName: null }, ...list] : list
}

// --------------------------------------------------------------------------------------------
// Home pages: "what do I need to do now?" per role (UX.md "Homes by role").

export function cellHome(db: DB, actor: Actor, cellId: string) {
  const cell = getOrganization(db, actor, cellId, 'member:read')
  const { counts, members } = memberCounts(db, actor, cellId)
  const today = todayIso()
  const probationDue = members
    .filter((m) => m.status === 'probationary')
    .map((m) => ({ id: m.id, fullName: m.fullName, endsOn: probationEndsOn(m.joinedOn), days: m.joinedOn ? daysUntil(today, probationEndsOn(m.joinedOn)!) : null }))
    .sort((a, b) => (a.days ?? 9999) - (b.days ?? 9999))
  const officialCount = counts.official
  const warnings: string[] = []
  if (officialCount < 3) warnings.push(`Chi bộ chỉ có ${officialCount} đảng viên chính thức; một chi bộ cần ít nhất 3 đảng viên chính thức.`)
  const committee = members.filter((m) => ['secretary', 'deputy', 'committee'].includes(m.position))
  if (!members.some((m) => m.position === 'secretary')) warnings.push('Chi bộ chưa có bí thư trong danh sách đảng viên.')
  if (officialCount >= 9 && !members.some((m) => m.position === 'committee')) {
    warnings.push(`Chi bộ có ${officialCount} đảng viên chính thức (từ 9 trở lên) nên cần bầu chi ủy; danh sách chưa có chi ủy viên.`)
  }
  for (const p of probationDue) {
    if (p.days !== null && p.days <= 30) {
      warnings.push(
        p.days < 0
          ? `Đ/c ${p.fullName} đã hết 12 tháng dự bị ${-p.days} ngày: cần xét chuyển chính thức.`
          : `Đ/c ${p.fullName} sẽ hết 12 tháng dự bị sau ${p.days} ngày: chuẩn bị xét chuyển chính thức.`,
      )
    }
  }
  return {
    cell: { id: cell.id, name: cell.name, kind: cell.kind },
    counts,
    committee: committee.map((m) => ({ id: m.id, fullName: m.fullName, position: m.position })),
    exempt: members.filter((m) => m.standing === 'exempt').map((m) => ({ id: m.id, fullName: m.fullName })),
    elsewhere: members.filter((m) => m.standing === 'elsewhere').map((m) => ({ id: m.id, fullName: m.fullName })),
    probationDue,
    warnings,
  }
}

export function memberHome(db: DB, actor: Actor) {
  if (!actor.memberId) return null
  const me = getMember(db, actor, actor.memberId)
  const secretary = db
    .select({ fullName: membersTable.fullName })
    .from(membersTable)
    .where(and(eq(membersTable.cellId, me.cellId), eq(membersTable.position, 'secretary'), isNull(membersTable.endedOn)))
    .get()
  return {
    me: {
      id: me.id,
      fullName: me.fullName,
      status: me.status,
      position: me.position,
      joinedOn: me.joinedOn,
      officialOn: me.officialOn,
      standing: me.standing,
    },
    cell: { id: me.cell.id, name: me.cell.name },
    secretary: secretary?.fullName ?? null,
  }
}

export function inspectorHome(db: DB, actor: Actor, orgId: string) {
  const org = getOrganization(db, actor, orgId, 'inspection:read')
  const stats = subtreeStats(db, org)
  const children = childrenOf(db, actor, org.id)
  const probationaryTotal =
    db
      .select({ n: sql<number>`count(*)` })
      .from(membersTable)
      .innerJoin(organizationsTable, eq(membersTable.cellId, organizationsTable.id))
      .where(and(like(organizationsTable.path, `${org.path}%`), isNull(membersTable.endedOn), eq(membersTable.status, 'probationary')))
      .get()?.n ?? 0
  return { org: { id: org.id, name: org.name, kind: org.kind }, stats: { ...stats, probationary: probationaryTotal }, children }
}

export function adminHome(db: DB) {
  const roots = db.select().from(organizationsTable).where(isNull(organizationsTable.parentId)).orderBy(asc(organizationsTable.name)).all()
  const totals = db.get<{ orgs: number; users: number; members: number }>(
    sql`SELECT (SELECT count(*) FROM organizations) AS orgs, (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM members WHERE ended_on IS NULL) AS members`,
  )
  return { roots: roots.map((r) => ({ id: r.id, name: r.name, kind: r.kind })), totals }
}

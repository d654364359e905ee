// Organisation tree: upper bodies, grass-roots đảng bộ, chi bộ cơ sở, chi bộ trực thuộc.
import { and, asc, eq, inArray, isNull, like, sql } from 'drizzle-orm'
import { uuidv7 } from 'uuidv7'
import type { DB, Executor } from '../../db/client.server'
import { members, organizations } from '../../db/schema'
import {
  ALLOWED_CHILD_KINDS,
  ORG_KIND_LABELS,
  isCellKind,
  type OrgKind,
  type OrgSettings,
} from '~/domain/constants'
import type { Actor, Permission } from '~/domain/permissions'
import { pathIds, resolveSettings, settingSources } from '~/domain/settings'
import { cleanText } from '~/utils/text'
import { diffFields, writeAudit } from './audit.server'
import { AppError, conflict, notFound, type ActorContext } from './context'
import { scopeCondition } from './scope.server'

export type Organization = typeof organizations.$inferSelect

/** An organisation the actor may see with `permission`, or a 404 (never its data). */
export function getOrganization(db: Executor, actor: Actor, orgId: string, permission: Permission = 'org:read') {
  const org = db
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, orgId), scopeCondition(actor, permission, organizations.path)))
    .get()
  if (!org) throw notFound('Không tìm thấy tổ chức này, hoặc đồng chí không có quyền xem.')
  return org
}

/** Same as getOrganization but without a scope (for internal use after another check). */
export function getOrganizationById(db: Executor, orgId: string) {
  return db.select().from(organizations).where(eq(organizations.id, orgId)).get()
}

export function ancestorsOf(db: Executor, org: Pick<Organization, 'path'>): Organization[] {
  const ids = pathIds(org.path)
  if (ids.length === 0) return []
  const rows = db.select().from(organizations).where(inArray(organizations.id, ids)).all()
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.map((id) => byId.get(id)).filter((o): o is Organization => Boolean(o))
}

/** Effective settings of an organisation: root-to-self inheritance, place name falling back to the column. */
export function effectiveSettings(db: Executor, org: Pick<Organization, 'path'>): OrgSettings {
  const chain = ancestorsOf(db, org)
  const resolved = resolveSettings(
    chain.map((o) => ({ ...(o.placeName ? { placeName: o.placeName } : {}), ...o.settings })),
  )
  return resolved
}

export function settingsWithSources(db: DB, org: Pick<Organization, 'path'>) {
  const chain = ancestorsOf(db, org)
  return {
    effective: effectiveSettings(db, org),
    sources: settingSources(
      chain.map((o) => ({ name: o.name, settings: { ...(o.placeName ? { placeName: o.placeName } : {}), ...o.settings } })),
    ),
  }
}

export function childrenOf(db: DB, actor: Actor, parentId: string) {
  const rows = db
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      path: organizations.path,
      // Correlated subqueries: name the outer row explicitly (drizzle prints a bare "id" inside sql``).
      memberCount: sql<number>`(SELECT count(*) FROM members m WHERE m.cell_id = "organizations"."id" AND m.ended_on IS NULL)`,
      childCount: sql<number>`(SELECT count(*) FROM organizations c WHERE c.parent_id = "organizations"."id" AND c.archived_at IS NULL)`,
    })
    .from(organizations)
    .where(
      and(
        eq(organizations.parentId, parentId),
        isNull(organizations.archivedAt),
        scopeCondition(actor, 'org:read', organizations.path),
      ),
    )
    .orderBy(asc(organizations.name))
    .all()
  return rows
}

/** The organisations at the top of what the actor may see (their granted organisations, deduplicated). */
export function topOrganizations(db: DB, actor: Actor) {
  if (actor.isSystemAdmin) {
    return db.select().from(organizations).where(isNull(organizations.parentId)).orderBy(asc(organizations.name)).all()
  }
  const paths = [...new Set(actor.grants.map((g) => g.orgPath))].sort((a, b) => a.length - b.length)
  const tops = paths.filter((p, i) => !paths.slice(0, i).some((q) => p.startsWith(q)))
  if (tops.length === 0) return []
  return db.select().from(organizations).where(inArray(organizations.path, tops)).orderBy(asc(organizations.name)).all()
}

/** Counts of cells and active members under a subtree (one query). */
export function subtreeStats(db: DB, org: Pick<Organization, 'path'>) {
  const row = db
    .select({
      orgs: sql<number>`count(*)`,
      cells: sql<number>`sum(CASE WHEN ${organizations.kind} IN ('cell_base','cell_sub') THEN 1 ELSE 0 END)`,
      grassroots: sql<number>`sum(CASE WHEN ${organizations.kind} IN ('grassroots','cell_base') THEN 1 ELSE 0 END)`,
    })
    .from(organizations)
    .where(and(like(organizations.path, `${org.path}%`), isNull(organizations.archivedAt)))
    .get()
  const memberRow = db
    .select({ n: sql<number>`count(*)` })
    .from(members)
    .innerJoin(organizations, eq(members.cellId, organizations.id))
    .where(and(like(organizations.path, `${org.path}%`), isNull(members.endedOn)))
    .get()
  return { orgs: row?.orgs ?? 0, cells: row?.cells ?? 0, grassroots: row?.grassroots ?? 0, members: memberRow?.n ?? 0 }
}

export type OrgInput = {
  name: string
  shortName?: string | null
  placeName?: string | null
  kind: OrgKind
}

/** Creates a root (system admin only) or a child organisation. */
export function createOrganization(
  db: DB,
  ctx: ActorContext,
  input: OrgInput & { parentId: string | null },
): Organization {
  return db.transaction((tx) => {
    let parent: Organization | undefined
    if (input.parentId) {
      parent = getOrganization(tx, ctx.actor, input.parentId, 'org:manage')
      if (!ALLOWED_CHILD_KINDS[parent.kind].includes(input.kind)) {
        throw new AppError(
          422,
          `Không thể tạo ${ORG_KIND_LABELS[input.kind].toLowerCase()} trực thuộc ${ORG_KIND_LABELS[parent.kind].toLowerCase()}.`,
          'kind',
        )
      }
    } else if (!ctx.actor.isSystemAdmin) {
      throw new AppError(403, 'Chỉ quản trị hệ thống mới tạo được tổ chức cấp cao nhất.')
    }
    const id = uuidv7()
    const path = `${parent?.path ?? '/'}${id}/`
    const row = tx
      .insert(organizations)
      .values({
        id,
        parentId: parent?.id ?? null,
        kind: input.kind,
        name: cleanText(input.name),
        shortName: input.shortName ? cleanText(input.shortName) : null,
        placeName: input.placeName ? cleanText(input.placeName) : null,
        path,
        depth: parent ? parent.depth + 1 : 0,
      })
      .returning()
      .get()
    writeAudit(tx, ctx, {
      action: 'org.create',
      entityType: 'organization',
      entityId: id,
      orgPath: path,
      summary: `Tạo ${ORG_KIND_LABELS[input.kind].toLowerCase()} "${row.name}"`,
    })
    return row
  })
}

export function updateOrganization(
  db: DB,
  ctx: ActorContext,
  orgId: string,
  input: { name: string; shortName?: string | null; placeName?: string | null; settings: Partial<OrgSettings>; version: number },
): Organization {
  return db.transaction((tx) => {
    const before = getOrganization(tx, ctx.actor, orgId, 'org:manage')
    const values = {
      name: cleanText(input.name),
      shortName: input.shortName ? cleanText(input.shortName) : null,
      placeName: input.placeName ? cleanText(input.placeName) : null,
      settings: input.settings,
    }
    const row = tx
      .update(organizations)
      .set({ ...values, version: sql`${organizations.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(organizations.id, orgId), eq(organizations.version, input.version)))
      .returning()
      .get()
    if (!row) throw conflict()
    writeAudit(tx, ctx, {
      action: 'org.update',
      entityType: 'organization',
      entityId: orgId,
      orgPath: before.path,
      summary: `Sửa thông tin "${row.name}"`,
      details: diffFields(before, row),
    })
    return row
  })
}

export function isCell(org: Pick<Organization, 'kind'>): boolean {
  return isCellKind(org.kind)
}

/** Breadcrumb of the ancestors the actor may see (upper levels they have no grant on are shown by name only). */
export function breadcrumb(db: DB, org: Pick<Organization, 'path'>) {
  return ancestorsOf(db, org).map((o) => ({ id: o.id, name: o.name, kind: o.kind }))
}

/** Every organisation of a subtree as a flat list ordered by path (for admin trees; bounded by `limit`). */
export function subtreeList(db: DB, actor: Actor, rootId: string, limit = 2000) {
  const root = getOrganization(db, actor, rootId)
  return db
    .select({ id: organizations.id, name: organizations.name, kind: organizations.kind, depth: organizations.depth, parentId: organizations.parentId })
    .from(organizations)
    .where(and(like(organizations.path, `${root.path}%`), isNull(organizations.archivedAt)))
    .orderBy(asc(organizations.path))
    .limit(limit)
    .all()
}

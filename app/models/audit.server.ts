// Append-only audit log, written inside the same transaction as the change it records.
import { and, desc, eq, like, or, sql, type SQL } from 'drizzle-orm'
import type { DB, Executor } from '../../db/client.server'
import { auditLog } from '../../db/schema'
import { pathFilter } from '~/domain/permissions'
import type { ActorContext } from './context'


export type AuditEntry = {
  action: string
  entityType: string
  entityId?: string | null
  orgPath?: string | null
  summary: string
  details?: Record<string, unknown>
}

export function writeAudit(tx: Executor, ctx: ActorContext | null, entry: AuditEntry): void {
  tx.insert(auditLog)
    .values({
      userId: ctx?.actor.userId ?? null,
      username: ctx?.actor.username ?? 'hệ thống',
      ip: ctx?.ip ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      orgPath: entry.orgPath ?? null,
      summary: entry.summary,
      details: entry.details ?? null,
    })
    .run()
}

/** Fields that changed between two plain objects, for audit details. */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const key of Object.keys(after)) {
    if (key === 'version' || key === 'updatedAt') continue
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key], to: after[key] }
  }
  return changes
}

export function listAudit(
  db: DB,
  ctx: ActorContext,
  opts: { orgPath: string; entityType?: string; entityId?: string; page?: number; pageSize?: number },
) {
  const filter = pathFilter(ctx.actor, 'audit:read')
  const scope: SQL[] = []
  if (!filter.all) {
    const parts: SQL[] = [
      ...filter.exact.map((p) => eq(auditLog.orgPath, p)),
      ...filter.subtree.map((p) => like(auditLog.orgPath, `${p}%`)),
    ]
    if (parts.length === 0) return { rows: [], total: 0 }
    scope.push(or(...parts)!)
  }
  const where = and(
    like(auditLog.orgPath, `${opts.orgPath}%`),
    opts.entityType ? eq(auditLog.entityType, opts.entityType) : undefined,
    opts.entityId ? eq(auditLog.entityId, opts.entityId) : undefined,
    ...scope,
  )
  const pageSize = opts.pageSize ?? 50
  const page = Math.max(1, opts.page ?? 1)
  const rows = db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
  const total = db.select({ n: sql<number>`count(*)` }).from(auditLog).where(where).get()?.n ?? 0
  return { rows, total, page, pageSize }
}

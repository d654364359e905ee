// Turns the actor's grants into a WHERE condition on an organisation-path column, so that every
// query is scoped inside the database (STYLE "Data access"): nothing outside the grants is read.
import { eq, like, or, sql, type SQL, type AnyColumn } from 'drizzle-orm'
import { pathFilter, type Actor, type Permission } from '~/domain/permissions'

/** SQL condition restricting `pathColumn` to what the actor may see; `sql\`0\`` when nothing. */
export function scopeCondition(actor: Actor, permission: Permission, pathColumn: AnyColumn): SQL {
  const filter = pathFilter(actor, permission)
  if (filter.all) return sql`1`
  const parts: SQL[] = [
    ...filter.exact.map((p) => eq(pathColumn, p)),
    ...filter.subtree.map((p) => like(pathColumn, `${p}%`)),
  ]
  if (parts.length === 0) return sql`0`
  return parts.length === 1 ? parts[0] : or(...parts)!
}

// The inspector's compliance grid (issue 7, item 1) and the JSON API's read models (item 6).
//
// The whole subtree comes from two queries whatever the number of cells (DESIGN §8):
//   1. the organisations of the subtree plus the inspected organisation's ancestors (settings are
//      inherited down the tree) — a range scan on the unique path index;
//   2. the subtree's meetings of the year from compliance_facts (migration 0007, ADR 012): one narrow
//      row per meeting with its first signature, quality level and attendance counts, kept by
//      triggers — organizations (path range) ⋈ compliance_facts (cell, start range on its primary key),
//      so nothing is read beyond the subtree's year and no wide meeting row is touched.
// Plus the permission check (getOrganization). Grouping, the state rules (app/domain/compliance.ts),
// filters, sorting and pagination then happen in memory.
import type Database from 'better-sqlite3'
import { and, asc, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm'
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core'
import type { Executor } from '../../db/client.server'
import { minutesVersions, organizations } from '../../db/schema'
import {
  COMPLIANCE_STATE_INFO,
  QUARTER_MARK_INFO,
  ROMAN_QUARTERS,
  aggregateCompliance,
  cellCompliance,
  compareCells,
  countsPerMonth,
  describeUnexcused,
  heldByClockFrom,
  matchesStateFilter,
  nextHanoiMidnight,
  percent,
  type CellCompliance,
  type ComplianceAggregate,
  type ComplianceMeeting,
  type ComplianceSort,
  type ComplianceStateFilter,
  type ComplianceView,
  type MonthCompliance,
  type StateCounts,
} from '~/domain/compliance'
import { isCellKind, type MeetingStatus, type MeetingType, type OrgKind, type OrgSettings } from '~/domain/constants'
import { pathFilter, type Actor } from '~/domain/permissions'
import type { QualityLevel } from '~/domain/quality'
import { pathIds, resolveSettings } from '~/domain/settings'
import { toIsoDate, toIsoWithOffset } from '~/domain/vn-date'
import { compareVietnamese, foldVietnamese } from '~/utils/text'
import { notFound } from './context'
import { listCellMeetings, meetingTitle } from './meetings.server'
import { getOrganization, type Organization } from './organizations.server'

/**
 * Cells (and grass-roots rows) per page. 50 rows × 12 months is what an inspector reads on a screen;
 * at 100 the page of an upper body took ~2× the render time and bytes for rows below the fold.
 */
export const COMPLIANCE_PAGE_SIZE = 50

// ---------------------------------------------------------------------------------------------
// Queries

/** The organisations whose path starts with `path`: [path, path with its last "/" replaced by "0"). */
function subtreeRange(path: string): [string, string] {
  return [path, `${path.slice(0, -1)}0`]
}

/** First instant of a Hà Nội calendar year, as stored (ISO UTC). */
function yearStart(year: number): string {
  return new Date(Date.UTC(year, 0, 1) - 7 * 3_600_000).toISOString()
}

type OrgRow = {
  /** SQLite rowid: the meetings query names the cell by it (an integer is cheaper than 80 k uuid strings). */
  key: number
  id: string
  parentId: string | null
  kind: OrgKind
  name: string
  shortName: string | null
  placeName: string | null
  path: string
  depth: number
  settings: Partial<OrgSettings>
  archivedAt: string | null
}

/**
 * Query 1: the subtree and the root's ancestors — raw rows mapped here (6,000 organisations for an
 * upper body; drizzle's per-column mapping of them showed in the grid's profile).
 */
function loadOrganizations(db: Executor, root: { path: string }): OrgRow[] {
  const [lo, hi] = subtreeRange(root.path)
  const ancestors = pathIds(root.path).slice(0, -1)
  const inSubtree = sql`(path >= ${lo} AND path < ${hi})`
  const rows = db.values<[number, string, string | null, OrgKind, string, string | null, string | null, string, number, string | null, string | null]>(
    sql`SELECT rowid, id, parent_id, kind, name, short_name, place_name, path, depth, settings, archived_at FROM organizations
      WHERE ${ancestors.length ? sql`id IN (${sql.join(ancestors.map((a) => sql`${a}`), sql`, `)}) OR ${inSubtree}` : inSubtree}`,
  )
  return rows.map((r) => ({
    key: r[0],
    id: r[1],
    parentId: r[2],
    kind: r[3],
    name: r[4],
    shortName: r[5],
    placeName: r[6],
    path: r[7],
    depth: r[8],
    settings: r[9] && r[9] !== '{}' ? (JSON.parse(r[9]) as Partial<OrgSettings>) : {},
    archivedAt: r[10],
  }))
}

/** A meeting as compliance_facts packs it (a JSON array, migration 0007). */
type PackedFact = [
  meetingId: string,
  type: MeetingType,
  startsAt: string,
  status: MeetingStatus,
  cancelledReason: string | null,
  signedAt: string | null,
  quality: QualityLevel | null,
  present: number | null,
  expected: number | null,
  unexcusedIds: string | null,
]

/**
 * Query 2 (tests run EXPLAIN QUERY PLAN on it): for every organisation of the subtree (by rowid), its
 * meetings whose start falls in the Hà Nội year as one JSON array of compliance_facts' packed rows —
 * id, type, start, status, cancellation reason, the earliest completed signature of its minutes (an
 * amendment does not make the first signing late or early), quality level, and attendance: present,
 * expected (present + excused + unexcused; exempt, temporarily elsewhere and suspended members are not
 * expected) and the unexcused members' ids, null when no attendance was recorded. Null for an
 * organisation without meetings (and for every non-cell).
 *
 * One string per cell rather than one row per meeting: the driver's cost is per value, and an upper
 * body has 80 k meetings a year (docs/performance.md).
 */
export function complianceFactsQuery(rootPath: string, year: number, keys?: readonly number[]) {
  const [lo, hi] = subtreeRange(rootPath)
  // `keys`: only these organisations (rowids), the cells whose facts changed since they were judged.
  const which = keys ? sql`o.rowid IN (SELECT value FROM json_each(${JSON.stringify(keys)}))` : sql`o.path >= ${lo} AND o.path < ${hi}`
  return sql`SELECT o.rowid, (SELECT '[' || group_concat(f.packed, ',') || ']' FROM compliance_facts f WHERE f.cell_id = o.id AND f.starts_at >= ${yearStart(year)} AND f.starts_at < ${yearStart(year + 1)})
    FROM organizations o WHERE ${which}`
}

const NO_IDS: readonly string[] = Object.freeze([])

function unpackMeetings(json: string | undefined): ComplianceMeeting[] {
  if (!json) return []
  return (JSON.parse(json) as PackedFact[]).map((r) => ({
    id: r[0],
    type: r[1],
    startsAt: r[2],
    status: r[3],
    cancelledReason: r[4],
    signedAt: r[5],
    quality: r[6],
    attendance: r[7] === null ? null : { present: r[7], expected: r[8] ?? 0, unexcusedMemberIds: r[9] ? r[9].split(',') : NO_IDS },
  }))
}

const dialect = new SQLiteSyncDialect()

/**
 * Runs a raw query row by row when the executor is the connection itself (each row is garbage once
 * handled), or all at once inside a transaction, whose executor does not expose the connection.
 */
function forEachRow<T extends unknown[]>(db: Executor, query: SQL, handle: (row: T) => void): void {
  const client = (db as { $client?: Database.Database }).$client
  if (!client) {
    for (const row of db.values<T>(query)) handle(row)
    return
  }
  const { sql: text, params } = dialect.sqlToQuery(query)
  for (const row of client.prepare(text).raw(true).iterate(...params)) handle(row as T)
}

// ---------------------------------------------------------------------------------------------
// Names in Vietnamese order, remembered between requests

/**
 * Collation ranks of the organisation names seen so far: sorting 5,000 cells and 1,000 grass-roots
 * rows with Intl.Collator on every request costs tens of thousands of comparisons, while the names
 * rarely change. Names the collator finds equal share a rank, so the order (stable sort) is exactly
 * compareVietnamese's. Rebuilt when a request brings a name not seen yet; bounded.
 */
let nameRanks = new Map<string, number>()
const NAME_RANKS_MAX = 50_000

function nameOrder(names: Iterable<string>): (a: string, b: string) => number {
  const fresh: string[] = []
  for (const n of names) if (!nameRanks.has(n)) fresh.push(n)
  if (fresh.length > 0) {
    const all = nameRanks.size + fresh.length > NAME_RANKS_MAX ? [...new Set(names)] : [...nameRanks.keys(), ...new Set(fresh)]
    all.sort(compareVietnamese)
    // A new map, not the old one cleared: orders handed out before (kept with cached results) stay valid.
    const next = new Map<string, number>()
    let rank = 0
    for (let i = 0; i < all.length; i++) {
      if (i > 0 && compareVietnamese(all[i - 1], all[i]) !== 0) rank++
      next.set(all[i], rank)
    }
    nameRanks = next
  }
  const ranks = nameRanks
  return (a, b) => ranks.get(a)! - ranks.get(b)!
}

// ---------------------------------------------------------------------------------------------
// The subtree's year, computed once

export type CellResult = {
  id: string
  name: string
  kind: OrgKind
  /** The group the grid aggregates by: the cell's ancestor just below the inspected organisation (or the cell itself). */
  groupId: string
  /** The cell's grass-roots party organisation (tổ chức cơ sở đảng): its nearest đảng bộ cơ sở, or itself for a chi bộ cơ sở. */
  grassrootsId: string
  grassrootsName: string
  minutesSignDays: number
  compliance: CellCompliance
}

export type GroupResult = {
  id: string
  name: string
  kind: OrgKind
  /** The group is a chi bộ cơ sở directly under the inspected organisation (it is its own grass-roots organisation). */
  isCell: boolean
  cells: CellResult[]
}

/** Totals and chart of a set of cells, worked out once per kept year (they do not depend on the filters). */
type ScopeSummary = { totals: ComplianceAggregate; chart: StateCounts[] }
const scopeSummaries = new WeakMap<object, ScopeSummary>()
function summaryOf(owner: object, cells: readonly CellResult[]): ScopeSummary {
  let summary = scopeSummaries.get(owner)
  if (!summary) {
    const compliance = cells.map((c) => c.compliance)
    summary = { totals: aggregateCompliance(compliance), chart: countsPerMonth(compliance) }
    scopeSummaries.set(owner, summary)
  }
  return summary
}

type SubtreeYear = {
  root: { id: string; name: string; kind: OrgKind; path: string }
  rootSettings: OrgSettings
  cells: CellResult[]
  groups: GroupResult[]
  /** Orders the names of the subtree (cells, groups, grass-roots organisations) like compareVietnamese. */
  byName: (a: string, b: string) => number
}

/**
 * The subtree's year, judged as of `now`, the permission checked first. The last few results are kept
 * per connection (an inspector pages, filters and sorts the same 5,000 cells) and reused as far as
 * nothing they were computed from has changed (ADR 012):
 * - compliance_version (migrations 0007, 0009) moves with every change to organizations (names, tree,
 *   settings): the whole year is computed again;
 * - compliance_cell_version (0009) stamps a cell with the next number of one sequence whenever its
 *   compliance_facts change: only the cells stamped since the year was last brought up to date are
 *   judged again, as are those whose clock reached a planned meeting's start or the next Hà Nội
 *   midnight since they were judged. A write in one cell during working hours then costs the next
 *   request that cell, not the upper body's 5,000.
 * Inside a transaction (no connection to key on) it is computed.
 */
function subtreeYear(db: Executor, actor: Actor, orgId: string, year: number, view: ComplianceView, now: Date): SubtreeYear {
  const root = getOrganization(db, actor, orgId, 'inspection:read')
  const client = (db as { $client?: Database.Database }).$client
  if (!client) return computeSubtreeYear(db, root, year, view, now).data
  // Read before the facts: a write landing in between is stamped later than `stamped`, so the next
  // request judges its cell once more — never too few times.
  const [version, stamped] = client.prepare('SELECT n, (SELECT coalesce(max(n), 0) FROM compliance_cell_version) FROM compliance_version').raw(true).get() as [number, number]
  let cache = subtreeCache.get(client)
  if (!cache) subtreeCache.set(client, (cache = new Map()))
  const key = `${root.id} ${year} ${view}`
  const nowMs = now.getTime()
  const hit = cache.get(key)
  let kept: CachedYear
  if (hit && hit.version === version) {
    kept = refreshYear(db, client, hit, root, year, view, now, stamped)
    if (kept === hit) return hit.data
  } else {
    const { data, keys, untils } = computeSubtreeYear(db, root, year, view, now)
    const index = new Map(data.cells.map((c, i) => [c.id, i]))
    kept = { version, stamped, data, keys, index, from: untils.map(() => nowMs), untils, latest: nowMs, until: earliest(untils) }
  }
  cache.delete(key)
  cache.set(key, kept)
  if (cache.size > SUBTREE_CACHE_SIZE) cache.delete(cache.keys().next().value!)
  return kept.data
}

type CachedYear = {
  version: number
  /** The highest compliance_cell_version stamp taken into account: cells stamped later are judged again. */
  stamped: number
  data: SubtreeYear
  /** The organisations' rowids of data.cells (same order), and each cell's position by id. */
  keys: number[]
  index: Map<string, number>
  /** Per cell (same order), the clock interval its judged year holds for: [from, until). */
  from: number[]
  untils: number[]
  /** The latest of `from` and the earliest of `untils`: between them, no cell has expired. */
  latest: number
  until: number
}
const subtreeCache = new WeakMap<Database.Database, Map<string, CachedYear>>()
/** An upper body's year is ~20 MB of results: a few of them at most (peak RSS target 500 MB). */
const SUBTREE_CACHE_SIZE = 4

function earliest(untils: readonly number[]): number {
  let until = Number.POSITIVE_INFINITY
  for (const u of untils) if (u < until) until = u
  return until
}

/**
 * A kept year brought up to date: the cells stamped after `hit.stamped` (compliance_cell_version's
 * index on n: only the changed rows are read) or whose validity ended are judged again from
 * compliance_facts (one query for all of them), the others are reused as they are. Returns `hit` itself
 * when nothing changed. Otherwise a new year whose unchanged groups are the same objects (their totals
 * stay kept) and whose name orders are carried over (names did not change: the global version did not
 * move); the other orders are sorted again on demand.
 */
function refreshYear(db: Executor, client: Database.Database, hit: CachedYear, root: Organization, year: number, view: ComplianceView, now: Date, stamped: number): CachedYear {
  const nowMs = now.getTime()
  const clockValid = hit.latest <= nowMs && nowMs < hit.until
  if (stamped === hit.stamped && clockValid) return hit
  const stale = new Set<number>()
  if (stamped !== hit.stamped) {
    const changed = client.prepare('SELECT cell_id FROM compliance_cell_version WHERE n > ? AND n <= ?').pluck().all(hit.stamped, stamped) as string[]
    for (const id of changed) {
      const i = hit.index.get(id)
      if (i !== undefined) stale.add(i)
    }
  }
  if (!clockValid) for (let i = 0; i < hit.untils.length; i++) if (nowMs < hit.from[i] || nowMs >= hit.untils[i]) stale.add(i)
  if (stale.size === 0) return { ...hit, stamped }
  const old = hit.data
  const which = [...stale].sort((a, b) => a - b)
  const staleKeys = which.map((i) => hit.keys[i])
  const fresh = which.map((i) => ({ ...old.cells[i] }))
  const judged = judgeCells(db, complianceFactsQuery(root.path, year, staleKeys), fresh, staleKeys, year, view, now)
  const replaced = new Map<CellResult, CellResult>()
  const from = hit.from.slice()
  const untils = hit.untils.slice()
  which.forEach((i, j) => {
    replaced.set(old.cells[i], fresh[j])
    from[i] = nowMs
    untils[i] = judged[j]
  })
  const swap = (c: CellResult) => replaced.get(c) ?? c
  const carryNameOrder = (before: readonly CellResult[], after: readonly CellResult[]) => {
    const sorted = sortedScopes.get(before)?.get('name')
    if (sorted) sortedScopes.set(after, new Map([['name', sorted.map(swap)]]))
  }
  const cells = old.cells.map(swap)
  carryNameOrder(old.cells, cells)
  const groups = old.groups.map((g) => {
    if (!g.cells.some((c) => replaced.has(c))) return g
    const next = { ...g, cells: g.cells.map(swap) }
    carryNameOrder(g.cells, next.cells)
    return next
  })
  let latest = Number.NEGATIVE_INFINITY
  for (const f of from) if (f > latest) latest = f
  return { ...hit, stamped, data: { ...old, cells, groups }, from, untils, latest, until: earliest(untils) }
}

/**
 * Judges `cells` (`keys`: their organisations' rowids, same order) from the rows of a
 * complianceFactsQuery, as the rows arrive: a cell's packed meetings and their objects are garbage as
 * soon as it is done, so an upper body's 80 k meetings are never all in memory at once. Returns, per
 * cell, the instant its result stops being valid: the next Hà Nội midnight, or sooner the start of a
 * meeting not yet held by the clock.
 */
function judgeCells(db: Executor, query: SQL, cells: CellResult[], keys: readonly number[], year: number, view: ComplianceView, now: Date): number[] {
  const pending = new Map(keys.map((k, i) => [k, i]))
  const untils = new Array<number>(cells.length)
  const midnight = nextHanoiMidnight(now)
  const judge = (i: number, json: string | null | undefined) => {
    const cell = cells[i]
    const meetings = unpackMeetings(json ?? undefined)
    let until = midnight
    for (const m of meetings) {
      const at = heldByClockFrom(m, now)
      if (at !== null && at < until) until = at
    }
    cell.compliance = cellCompliance({ year, meetings, minutesSignDays: cell.minutesSignDays, now, view })
    untils[i] = until
  }
  forEachRow<[number, string | null]>(db, query, ([key, json]) => {
    const i = pending.get(key)
    if (i === undefined) return
    judge(i, json)
    pending.delete(key)
  })
  for (const i of pending.values()) judge(i, null)
  return untils
}

function computeSubtreeYear(db: Executor, root: Organization, year: number, view: ComplianceView, now: Date): { data: SubtreeYear; keys: number[]; untils: number[] } {
  const orgs = loadOrganizations(db, root)

  const byId = new Map(orgs.map((o) => [o.id, o]))
  // Settings resolved once per organisation from its parent's (the same fold as resolveSettings over the path).
  const resolved = new Map<string, OrgSettings>()
  const settingsOf = (o: OrgRow): OrgSettings => {
    let s = resolved.get(o.id)
    if (!s) {
      const parent = o.parentId ? byId.get(o.parentId) : undefined
      const layer: Partial<OrgSettings> = { ...(o.placeName ? { placeName: o.placeName } : {}), ...o.settings }
      s = resolveSettings(parent ? [settingsOf(parent), layer] : [layer])
      resolved.set(o.id, s)
    }
    return s
  }
  const archived = new Set(orgs.filter((o) => o.archivedAt).map((o) => o.id))

  // The cells, in the organisations' order, waiting for their meetings.
  const rootDepth = pathIds(root.path).length
  const cells: CellResult[] = []
  const keys: number[] = []
  for (const o of orgs) {
    if (!isCellKind(o.kind) || !o.path.startsWith(root.path)) continue
    const ids = pathIds(o.path)
    if (ids.some((id) => archived.has(id))) continue
    const group = byId.get(ids[rootDepth] ?? o.id) ?? o
    let grassroots: OrgRow = group
    for (let i = ids.length - 1; i >= 0; i--) {
      const a = byId.get(ids[i])
      if (a?.kind === 'grassroots' || a?.kind === 'cell_base') {
        grassroots = a
        break
      }
    }
    const cell = {
      id: o.id,
      name: o.name,
      kind: o.kind,
      groupId: group.id,
      grassrootsId: grassroots.id,
      grassrootsName: grassroots.name,
      minutesSignDays: settingsOf(o).minutesSignDays,
      compliance: null as unknown as CellCompliance,
    }
    cells.push(cell)
    keys.push(o.key)
  }
  const untils = judgeCells(db, complianceFactsQuery(root.path, year), cells, keys, year, view, now)

  const groupMap = new Map<string, GroupResult>()
  for (const c of cells) {
    let g = groupMap.get(c.groupId)
    if (!g) {
      const o = byId.get(c.groupId)!
      g = { id: o.id, name: o.name, kind: o.kind, isCell: isCellKind(o.kind), cells: [] }
      groupMap.set(o.id, g)
    }
    g.cells.push(c)
  }
  const rootRow = byId.get(root.id)
  const data = {
    root: { id: root.id, name: root.name, kind: root.kind, path: root.path },
    rootSettings: rootRow ? settingsOf(rootRow) : resolveSettings([]),
    cells,
    groups: [...groupMap.values()],
    byName: nameOrder(orgs.map((o) => o.name)),
  }
  return { data, keys, untils }
}

// ---------------------------------------------------------------------------------------------
// The grid page

export type ComplianceFilters = {
  type?: ComplianceView
  state?: ComplianceStateFilter
  /** Drill-down: one group of the grid (a grass-roots organisation, or a chi bộ cơ sở, just below the inspected one). */
  grassrootsId?: string
  sort?: ComplianceSort
  page?: number
  pageSize?: number
  /** Page of the grass-roots summary (same page size). */
  groupPage?: number
}

export type GridCell = {
  id: string
  name: string
  groupId: string
  grassrootsId: string
  grassrootsName: string
  minutesSignDays: number
  months: MonthCompliance[]
  quarters: CellCompliance['quarters']
  thematicMissingQuarters: number[]
  counts: StateCounts
  due: number
  onTime: number
  onTimeRate: number | null
  attendance: CellCompliance['attendance']
  unexcusedFlags: CellCompliance['unexcusedFlags']
}

export type GridGroup = {
  id: string
  name: string
  kind: OrgKind
  isCell: boolean
  aggregate: ComplianceAggregate
  /** Cells of the group that pass the state filter. */
  matchingCells: number
}

function toGridCell(c: CellResult): GridCell {
  const { compliance } = c
  return {
    id: c.id,
    name: c.name,
    groupId: c.groupId,
    grassrootsId: c.grassrootsId,
    grassrootsName: c.grassrootsName,
    minutesSignDays: c.minutesSignDays,
    months: compliance.months,
    quarters: compliance.quarters,
    thematicMissingQuarters: compliance.thematicMissingQuarters,
    counts: compliance.counts,
    due: compliance.due,
    onTime: compliance.onTime,
    onTimeRate: compliance.onTimeRate,
    attendance: compliance.attendance,
    unexcusedFlags: compliance.unexcusedFlags,
  }
}

function filteredCells(data: SubtreeYear, filters: ComplianceFilters) {
  const sort = filters.sort ?? 'name'
  let group: GroupResult | null = null
  if (filters.grassrootsId) {
    group = data.groups.find((g) => g.id === filters.grassrootsId) ?? null
    if (!group) throw notFound('Không tìm thấy tổ chức cơ sở đảng này trong phạm vi kiểm tra.')
  }
  const scope = group ? group.cells : data.cells
  // Sorting then filtering keeps the same order as the other way round (a stable sort, one comparator).
  const matching = sortedCells(scope, sort, data.byName).filter((c) => matchesStateFilter(c.compliance, filters.state))
  return { group, scope, matching, sort }
}

/**
 * A scope's cells in a sort's order, kept with the cached year: an inspector pages and filters the
 * same 5,000 cells, and sorting them by name again was the largest part of a cached request.
 */
const sortedScopes = new WeakMap<readonly CellResult[], Map<ComplianceSort, CellResult[]>>()
function sortedCells(scope: readonly CellResult[], sort: ComplianceSort, byName: (a: string, b: string) => number): CellResult[] {
  let bySort = sortedScopes.get(scope)
  if (!bySort) sortedScopes.set(scope, (bySort = new Map()))
  let sorted = bySort.get(sort)
  if (!sorted) bySort.set(sort, (sorted = [...scope].sort(compareCells(sort, byName))))
  return sorted
}

/**
 * The compliance grid of an organisation's subtree for a year: grass-roots rows (counts, % on time),
 * then the cells of the subtree (or of `grassrootsId`), filtered by state, sorted and paginated — the
 * totals and the chart always cover the whole scope, not just the page or the state filter.
 * A 404 when the actor may not inspect the organisation (plain members, other subtrees).
 */
export function complianceGrid(db: Executor, actor: Actor, orgId: string, year: number, filters: ComplianceFilters = {}, now = new Date()) {
  const view = filters.type ?? 'regular'
  const data = subtreeYear(db, actor, orgId, year, view, now)
  const { group, scope, matching, sort } = filteredCells(data, filters)
  const pageSize = filters.pageSize ?? COMPLIANCE_PAGE_SIZE
  const pages = Math.max(1, Math.ceil(matching.length / pageSize))
  const page = Math.min(Math.max(1, filters.page ?? 1), pages)

  const groups: GridGroup[] = data.groups
    .map((g) => ({
      id: g.id,
      name: g.name,
      kind: g.kind,
      isCell: g.isCell,
      aggregate: summaryOf(g, g.cells).totals,
      matchingCells: g.cells.filter((c) => matchesStateFilter(c.compliance, filters.state)).length,
    }))
  const byGroup = compareCells<ReturnType<typeof groupSortable>>(sort, data.byName)
  groups.sort((a, b) => byGroup(groupSortable(a), groupSortable(b)))
  const groupPages = Math.max(1, Math.ceil(groups.length / pageSize))
  const groupPage = Math.min(Math.max(1, filters.groupPage ?? 1), groupPages)

  return {
    org: { id: data.root.id, name: data.root.name, kind: data.root.kind },
    year,
    today: toIsoDate(now),
    view,
    state: filters.state ?? null,
    sort,
    /** The signing deadline set at the inspected organisation (cells may override it; each row carries its own). */
    minutesSignDays: data.rootSettings.minutesSignDays,
    /** One page of the grass-roots summary (sorted like the cells); groupCount covers them all. */
    groups: groups.slice((groupPage - 1) * pageSize, groupPage * pageSize),
    groupCount: groups.length,
    groupPage,
    /** Every group is a cell itself (the inspected organisation is a grass-roots đảng bộ or a cell): no separate summary needed. */
    groupsAreCells: data.groups.every((g) => g.isCell),
    /** Every group, by name, for the organisation filter. */
    groupOptions: [...data.groups].sort((a, b) => data.byName(a.name, b.name)).map((g) => ({ id: g.id, name: g.name })),
    selectedGroup: group ? { id: group.id, name: group.name, kind: group.kind } : null,
    totals: summaryOf(group ?? data, scope).totals,
    chart: summaryOf(group ?? data, scope).chart,
    totalCells: scope.length,
    matchingCells: matching.length,
    page,
    pageSize,
    cells: matching.slice((page - 1) * pageSize, page * pageSize).map(toGridCell),
  }
}

/** A group sorts like a cell: by name, by its on-time rate or by its missing months. */
function groupSortable(g: GridGroup) {
  return { name: g.name, compliance: { onTimeRate: g.aggregate.onTimeRate, counts: g.aggregate.counts } }
}

export type ComplianceGridData = ReturnType<typeof complianceGrid>

// ---------------------------------------------------------------------------------------------
// CSV / XLSX: the same table, every matching cell (no pagination)

function shortDay(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}`
}

/** What a month says in a spreadsheet: "◷ Ký muộn (họp 05/02, ký 20/02) + chuyên đề". */
export function monthCellText(m: MonthCompliance, view: ComplianceView = 'regular'): string {
  const info = COMPLIANCE_STATE_INFO[m.state]
  let text = `${info.icon} ${info.short}`
  if ((m.state === 'signed_on_time' || m.state === 'signed_late') && m.meetingDate && m.signedAt) {
    text += ` (họp ${shortDay(m.meetingDate)}, ký ${shortDay(toIsoDate(m.signedAt))})`
  } else if (m.state === 'unsigned' && m.meetingDate) {
    text += ` (họp ${shortDay(m.meetingDate)}${m.overdue ? ', quá hạn' : ''})`
  } else if (m.state === 'planned' && m.meetingDate) {
    text += ` (${shortDay(m.meetingDate)})`
  } else if (m.state === 'cancelled') {
    text += m.cancelledReason ? `: ${m.cancelledReason}` : ''
  }
  if (view === 'regular' && m.thematic) text += ' + chuyên đề'
  return text
}

export function complianceExport(db: Executor, actor: Actor, orgId: string, year: number, filters: ComplianceFilters = {}, now = new Date()) {
  const view = filters.type ?? 'regular'
  const data = subtreeYear(db, actor, orgId, year, view, now)
  const { group, matching } = filteredCells(data, filters)
  const header = [
    'Tổ chức cơ sở đảng',
    'Chi bộ',
    ...Array.from({ length: 12 }, (_, i) => `Tháng ${i + 1}`),
    ...ROMAN_QUARTERS.map((q) => `Chuyên đề quý ${q}`),
    'Đúng hạn',
    'Ký muộn',
    'Chưa ký',
    'Không họp',
    'Hủy',
    'Tỷ lệ đúng hạn',
    'Tỷ lệ dự họp',
    'Vắng không lý do',
  ]
  const rows = matching.map((c) => {
    const k = c.compliance
    return [
      c.grassrootsName,
      c.name,
      ...k.months.map((m) => monthCellText(m, view)),
      ...k.quarters.map((q) => `${QUARTER_MARK_INFO[q].icon} ${QUARTER_MARK_INFO[q].label}`),
      String(k.counts.signed_on_time),
      String(k.counts.signed_late),
      String(k.counts.unsigned),
      String(k.counts.missing),
      String(k.counts.cancelled),
      percent(k.onTimeRate),
      percent(k.attendance.rate),
      describeUnexcused(k.unexcusedFlags),
    ]
  })
  const scopeName = group?.name ?? data.root.name
  const slug = foldVietnamese(scopeName)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  return {
    fileBaseName: `kiem-tra-sinh-hoat-${slug}-${year}${view === 'thematic' ? '-chuyen-de' : ''}`,
    sheetName: `Sinh hoạt ${year}`,
    header,
    rows,
  }
}

// ---------------------------------------------------------------------------------------------
// Where the actor may inspect

/** The highest organisations the actor may inspect, highest first (then by name). */
export function inspectableOrganizations(db: Executor, actor: Actor) {
  const columns = { id: organizations.id, name: organizations.name, kind: organizations.kind, path: organizations.path, depth: organizations.depth }
  if (actor.isSystemAdmin) {
    return db
      .select(columns)
      .from(organizations)
      .where(and(isNull(organizations.parentId), isNull(organizations.archivedAt)))
      .orderBy(asc(organizations.name))
      .all()
  }
  const filter = pathFilter(actor, 'inspection:read')
  const paths = [...filter.subtree, ...filter.exact]
  if (paths.length === 0) return []
  return db
    .select(columns)
    .from(organizations)
    .where(inArray(organizations.path, paths))
    .all()
    .sort((a, b) => a.depth - b.depth || compareVietnamese(a.name, b.name))
}

// ---------------------------------------------------------------------------------------------
// JSON API read models

/** GET /api/v1/compliance: one entry per cell of the organisation (default: the highest one the caller may inspect). */
export function complianceApi(db: Executor, actor: Actor, year: number, orgId?: string | null, now = new Date()) {
  let id = orgId ?? undefined
  if (!id) {
    const top = inspectableOrganizations(db, actor)[0]
    if (!top) throw notFound('Không có tổ chức nào mà đồng chí có quyền kiểm tra.')
    id = top.id
  }
  const data = subtreeYear(db, actor, id, year, 'regular', now)
  const cells = [...data.cells].sort((a, b) => data.byName(a.grassrootsName, b.grassrootsName) || data.byName(a.name, b.name))
  return {
    year,
    org: { id: data.root.id, name: data.root.name },
    generatedAt: toIsoWithOffset(now),
    cells: cells.map((c) => ({
      cellId: c.id,
      cellName: c.name,
      grassrootsId: c.grassrootsId,
      grassrootsName: c.grassrootsName,
      minutesSignDays: c.minutesSignDays,
      months: c.compliance.months.map((m) => ({
        month: m.month,
        state: m.state,
        meetingId: m.meetingId,
        meetingDate: m.meetingDate,
        signedAt: m.signedAt ? toIsoWithOffset(m.signedAt) : null,
        thematic: m.thematic,
        cancelledReason: m.cancelledReason,
      })),
      thematicMissingQuarters: c.compliance.thematicMissingQuarters,
      onTimeRate: c.compliance.onTimeRate,
      attendanceRate: c.compliance.attendance.rate,
      unexcusedFlags: c.compliance.unexcusedFlags,
    })),
  }
}

/** GET /api/v1/meetings: a cell's meetings of the year, for anyone who may read the cell's meetings. */
export function meetingsApi(db: Executor, actor: Actor, cellId: string, year: number) {
  const { cell, meetings: list } = listCellMeetings(db, actor, cellId, year)
  const versions = list.length
    ? db
        .select({ meetingId: minutesVersions.meetingId, versionNo: minutesVersions.versionNo, status: minutesVersions.status, signedAt: minutesVersions.signedAt, verifyCode: minutesVersions.verifyCode })
        .from(minutesVersions)
        .where(and(inArray(minutesVersions.meetingId, list.map((m) => m.id)), isNotNull(minutesVersions.signedAt), inArray(minutesVersions.status, ['signed', 'superseded'])))
        .all()
    : []
  const firstSigned = new Map<string, string>()
  const current = new Map<string, { versionNo: number; verifyCode: string }>()
  for (const v of versions) {
    const seen = firstSigned.get(v.meetingId)
    if (!seen || v.signedAt! < seen) firstSigned.set(v.meetingId, v.signedAt!)
    const cur = current.get(v.meetingId)
    if (v.status === 'signed' && (!cur || v.versionNo > cur.versionNo)) current.set(v.meetingId, { versionNo: v.versionNo, verifyCode: v.verifyCode })
  }
  return {
    cell: { id: cell.id, name: cell.name },
    year,
    meetings: list.map((m) => {
      const signedAt = firstSigned.get(m.id)
      const code = current.get(m.id)?.verifyCode
      return {
        id: m.id,
        cellId: m.cellId,
        type: m.type,
        startsAt: toIsoWithOffset(m.startsAt),
        status: m.status,
        title: meetingTitle(m),
        publishedAt: m.publishedAt ? toIsoWithOffset(m.publishedAt) : null,
        signedAt: signedAt ? toIsoWithOffset(signedAt) : null,
        cancelledReason: m.cancelledReason,
        ...(code ? { verifyCode: code } : {}),
      }
    }),
  }
}


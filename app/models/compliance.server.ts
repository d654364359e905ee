// The inspector's compliance grid (issue 7, item 1) and the JSON API's read models (item 6).
//
// The whole subtree comes from two queries whatever the number of cells (DESIGN §8):
//   1. the organisations of the subtree plus the inspected organisation's ancestors (settings are
//      inherited down the tree) — a range scan on the unique path index;
//   2. the subtree's meetings of the year, each with its first signature (minutes_versions), its
//      quality level and its attendance counts — organizations (path range) ⋈ meetings (cell, start
//      range on meetings_cell_start_idx), the per-meeting figures as correlated subqueries on the
//      meeting-keyed indexes, so nothing is scanned beyond the subtree's year.
// Plus the permission check (getOrganization). Grouping, the state rules (app/domain/compliance.ts),
// filters, sorting and pagination then happen in memory.
import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm'
import type { Executor } from '../../db/client.server'
import { meetings, minutesVersions, organizations, qualityAssessments } from '../../db/schema'
import {
  COMPLIANCE_STATE_INFO,
  QUARTER_MARK_INFO,
  ROMAN_QUARTERS,
  aggregateCompliance,
  cellCompliance,
  compareCells,
  countsPerMonth,
  describeUnexcused,
  matchesStateFilter,
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
import { isCellKind, type OrgKind, type OrgSettings } from '~/domain/constants'
import { pathFilter, type Actor } from '~/domain/permissions'
import type { QualityLevel } from '~/domain/quality'
import { pathIds, resolveSettings } from '~/domain/settings'
import { toIsoDate, toIsoWithOffset } from '~/domain/vn-date'
import { compareVietnamese, foldVietnamese } from '~/utils/text'
import { notFound } from './context'
import { listCellMeetings, meetingTitle } from './meetings.server'
import { getOrganization } from './organizations.server'

export const COMPLIANCE_PAGE_SIZE = 100

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

/** Query 1: the subtree and the root's ancestors. */
function loadOrganizations(db: Executor, root: { path: string }): OrgRow[] {
  const [lo, hi] = subtreeRange(root.path)
  const ancestors = pathIds(root.path).slice(0, -1)
  const inSubtree = and(gte(organizations.path, lo), lt(organizations.path, hi))
  return db
    .select({
      id: organizations.id,
      parentId: organizations.parentId,
      kind: organizations.kind,
      name: organizations.name,
      shortName: organizations.shortName,
      placeName: organizations.placeName,
      path: organizations.path,
      depth: organizations.depth,
      settings: organizations.settings,
      archivedAt: organizations.archivedAt,
    })
    .from(organizations)
    .where(ancestors.length ? or(inArray(organizations.id, ancestors), inSubtree) : inSubtree)
    .all()
}

/**
 * Query 2, as a builder (tests run EXPLAIN QUERY PLAN on its SQL): every meeting of the subtree whose
 * start falls in the Hà Nội year, with
 * - signedAt: the earliest completed signature among its minutes versions (an amendment does not
 *   make the first signing late or early);
 * - quality: the level of its quality self-assessment;
 * - attendance: "present:expected:unexcusedId,unexcusedId…" where expected = present + excused +
 *   unexcused (exempt, temporarily elsewhere and suspended members are not expected), or null when
 *   no attendance was recorded.
 */
export function complianceMeetingsQuery(db: Executor, rootPath: string, year: number) {
  const [lo, hi] = subtreeRange(rootPath)
  return db
    .select({
      id: meetings.id,
      cellId: meetings.cellId,
      type: meetings.type,
      startsAt: meetings.startsAt,
      status: meetings.status,
      cancelledReason: meetings.cancelledReason,
      signedAt: sql<string | null>`(SELECT min(v.signed_at) FROM minutes_versions v WHERE v.meeting_id = "meetings"."id" AND v.signed_at IS NOT NULL AND v.status IN ('signed', 'superseded'))`,
      quality: qualityAssessments.level,
      attendance: sql<string | null>`(SELECT sum(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END) || ':' || sum(CASE WHEN a.status IN ('present', 'excused', 'unexcused') THEN 1 ELSE 0 END) || ':' || coalesce(group_concat(CASE WHEN a.status = 'unexcused' THEN a.member_id END, ','), '') FROM attendance a WHERE a.meeting_id = "meetings"."id")`,
    })
    .from(organizations)
    .innerJoin(meetings, eq(meetings.cellId, organizations.id))
    .leftJoin(qualityAssessments, eq(qualityAssessments.meetingId, meetings.id))
    .where(and(gte(organizations.path, lo), lt(organizations.path, hi), gte(meetings.startsAt, yearStart(year)), lt(meetings.startsAt, yearStart(year + 1))))
}

function parseAttendance(text: string | null): ComplianceMeeting['attendance'] {
  if (!text) return null
  const [present, expected, ids] = text.split(':')
  return { present: Number(present) || 0, expected: Number(expected) || 0, unexcusedMemberIds: ids ? ids.split(',') : [] }
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

type SubtreeYear = {
  root: { id: string; name: string; kind: OrgKind; path: string }
  rootSettings: OrgSettings
  cells: CellResult[]
  groups: GroupResult[]
}

function computeSubtreeYear(db: Executor, actor: Actor, orgId: string, year: number, view: ComplianceView, now: Date): SubtreeYear {
  const root = getOrganization(db, actor, orgId, 'inspection:read')
  const orgs = loadOrganizations(db, root)
  const rows = complianceMeetingsQuery(db, root.path, year).all()

  const byId = new Map(orgs.map((o) => [o.id, o]))
  const layer = (o: OrgRow): Partial<OrgSettings> => ({ ...(o.placeName ? { placeName: o.placeName } : {}), ...o.settings })
  const settingsOf = (path: string) => resolveSettings(pathIds(path).flatMap((id) => (byId.has(id) ? [layer(byId.get(id)!)] : [])))
  const archived = new Set(orgs.filter((o) => o.archivedAt).map((o) => o.id))

  const meetingsByCell = new Map<string, ComplianceMeeting[]>()
  for (const r of rows) {
    const list = meetingsByCell.get(r.cellId) ?? []
    list.push({
      id: r.id,
      type: r.type,
      startsAt: r.startsAt,
      status: r.status,
      cancelledReason: r.cancelledReason,
      signedAt: r.signedAt,
      quality: (r.quality as QualityLevel | null) ?? null,
      attendance: parseAttendance(r.attendance),
    })
    meetingsByCell.set(r.cellId, list)
  }

  const rootIds = pathIds(root.path)
  const cells: CellResult[] = []
  for (const o of orgs) {
    if (!isCellKind(o.kind) || !o.path.startsWith(root.path)) continue
    const ids = pathIds(o.path)
    if (ids.some((id) => archived.has(id))) continue
    const group = byId.get(ids[rootIds.length] ?? o.id) ?? o
    const grassroots =
      [...ids]
        .reverse()
        .map((id) => byId.get(id))
        .find((a) => a?.kind === 'grassroots' || a?.kind === 'cell_base') ?? group
    const minutesSignDays = settingsOf(o.path).minutesSignDays
    cells.push({
      id: o.id,
      name: o.name,
      kind: o.kind,
      groupId: group.id,
      grassrootsId: grassroots.id,
      grassrootsName: grassroots.name,
      minutesSignDays,
      compliance: cellCompliance({ year, meetings: meetingsByCell.get(o.id) ?? [], minutesSignDays, now, view }),
    })
  }

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
  return {
    root: { id: root.id, name: root.name, kind: root.kind, path: root.path },
    rootSettings: settingsOf(root.path),
    cells,
    groups: [...groupMap.values()],
  }
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
  const matching = scope.filter((c) => matchesStateFilter(c.compliance, filters.state)).sort(compareCells(sort, compareVietnamese))
  return { group, scope, matching, sort }
}

/**
 * The compliance grid of an organisation's subtree for a year: grass-roots rows (counts, % on time),
 * then the cells of the subtree (or of `grassrootsId`), filtered by state, sorted and paginated — the
 * totals and the chart always cover the whole scope, not just the page or the state filter.
 * A 404 when the actor may not inspect the organisation (plain members, other subtrees).
 */
export function complianceGrid(db: Executor, actor: Actor, orgId: string, year: number, filters: ComplianceFilters = {}, now = new Date()) {
  const view = filters.type ?? 'regular'
  const data = computeSubtreeYear(db, actor, orgId, year, view, now)
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
      aggregate: aggregateCompliance(g.cells.map((c) => c.compliance)),
      matchingCells: g.cells.filter((c) => matchesStateFilter(c.compliance, filters.state)).length,
    }))
  const byGroup = compareCells<ReturnType<typeof groupSortable>>(sort, compareVietnamese)
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
    groupOptions: [...data.groups].sort((a, b) => compareVietnamese(a.name, b.name)).map((g) => ({ id: g.id, name: g.name })),
    selectedGroup: group ? { id: group.id, name: group.name, kind: group.kind } : null,
    totals: aggregateCompliance(scope.map((c) => c.compliance)),
    chart: countsPerMonth(scope.map((c) => c.compliance)),
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
  const data = computeSubtreeYear(db, actor, orgId, year, view, now)
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
  const data = computeSubtreeYear(db, actor, id, year, 'regular', now)
  const cells = [...data.cells].sort((a, b) => compareVietnamese(a.grassrootsName, b.grassrootsName) || compareVietnamese(a.name, b.name))
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


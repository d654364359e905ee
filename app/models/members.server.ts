// Members of a cell: list, search, create, edit, dated periods, end of membership, import, export.
import { and, asc, eq, inArray, isNotNull, isNull, like, or, sql, type SQL } from 'drizzle-orm'
import type { DB, Executor } from '../../db/client.server'
import { memberPeriods, members, organizations } from '../../db/schema'
import {
  MEMBER_PERIOD_KIND_LABELS,
  MEMBERSHIP_END_REASON_LABELS,
  isCellKind,
  type MemberPeriodKind,
  type MembershipEndReason,
} from '~/domain/constants'
import { memberStandingOn, type MemberInput, type MemberStanding } from '~/domain/members'
import type { Actor } from '~/domain/permissions'
import { cleanText, compareVietnameseNames, foldVietnamese } from '~/utils/text'
import { diffFields, writeAudit } from './audit.server'
import { AppError, conflict, notFound, type ActorContext } from './context'
import { getOrganization } from './organizations.server'
import { scopeCondition } from './scope.server'

export type Member = typeof members.$inferSelect
export type MemberPeriod = typeof memberPeriods.$inferSelect

export function todayIso(now = new Date()): string {
  // The calendar date in Hà Nội (UTC+7, no daylight saving).
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10)
}

function requireCell(db: Executor, actor: Actor, cellId: string, permission: 'member:read' | 'member:manage') {
  const cell = getOrganization(db, actor, cellId, permission)
  if (!isCellKind(cell.kind)) throw new AppError(422, 'Chỉ chi bộ mới có danh sách đảng viên.')
  return cell
}

export type MemberListFilter = {
  q?: string
  status?: 'official' | 'probationary'
  standing?: MemberStanding
  includeEnded?: boolean
  page?: number
  pageSize?: number
}

export function listMembers(db: DB, actor: Actor, cellId: string, filter: MemberListFilter = {}) {
  const cell = requireCell(db, actor, cellId, 'member:read')
  const conditions: (SQL | undefined)[] = [eq(members.cellId, cell.id)]
  if (!filter.includeEnded) conditions.push(isNull(members.endedOn))
  if (filter.status) conditions.push(eq(members.status, filter.status))
  if (filter.q?.trim()) {
    const q = foldVietnamese(filter.q)
    conditions.push(or(like(members.searchName, `%${q}%`), like(members.cardNumber, `%${filter.q.trim()}%`)))
  }
  const rows = db
    .select()
    .from(members)
    .where(and(...conditions))
    .all()
  const periods = periodsByMember(db, rows.map((r) => r.id))
  const today = todayIso()
  let list = rows
    .map((m) => ({ ...m, periods: periods.get(m.id) ?? [], standing: memberStandingOn(m, periods.get(m.id) ?? [], today) }))
    .sort((a, b) => positionRank(a.position) - positionRank(b.position) || compareVietnameseNames(a.fullName, b.fullName))
  if (filter.standing) list = list.filter((m) => m.standing === filter.standing)
  const pageSize = filter.pageSize ?? 100
  const page = Math.max(1, filter.page ?? 1)
  return {
    cell,
    total: list.length,
    page,
    pageSize,
    members: list.slice((page - 1) * pageSize, page * pageSize),
  }
}

function positionRank(p: Member['position']): number {
  return { secretary: 0, deputy: 1, committee: 2, member: 3 }[p]
}

export function periodsByMember(db: Executor, memberIds: string[]) {
  const map = new Map<string, MemberPeriod[]>()
  if (memberIds.length === 0) return map
  for (let i = 0; i < memberIds.length; i += 500) {
    const chunk = memberIds.slice(i, i + 500)
    for (const p of db.select().from(memberPeriods).where(inArray(memberPeriods.memberId, chunk)).orderBy(asc(memberPeriods.startsOn)).all()) {
      const list = map.get(p.memberId) ?? []
      list.push(p)
      map.set(p.memberId, list)
    }
  }
  return map
}

/** Counts for a cell's overview: official, probationary, exempt today, elsewhere today. */
export function memberCounts(db: DB, actor: Actor, cellId: string) {
  const { members: list } = listMembers(db, actor, cellId, { pageSize: 100_000 })
  const counts = { total: list.length, official: 0, probationary: 0, exempt: 0, elsewhere: 0, suspended: 0 }
  for (const m of list) {
    counts[m.status] += 1
    if (m.standing === 'exempt') counts.exempt += 1
    if (m.standing === 'elsewhere') counts.elsewhere += 1
    if (m.standing === 'suspended') counts.suspended += 1
  }
  return { counts, members: list }
}

/** A member the actor may read, with cell and periods; 404 otherwise. */
export function getMember(db: Executor, actor: Actor, memberId: string, permission: 'member:read' | 'member:manage' = 'member:read') {
  const row = db
    .select({ member: members, cell: organizations })
    .from(members)
    .innerJoin(organizations, eq(members.cellId, organizations.id))
    .where(
      and(
        eq(members.id, memberId),
        or(
          scopeCondition(actor, permission, organizations.path),
          // A member may always read their own record.
          permission === 'member:read' && actor.memberId ? eq(members.id, actor.memberId) : sql`0`,
        ),
      ),
    )
    .get()
  if (!row) throw notFound('Không tìm thấy đảng viên này, hoặc đồng chí không có quyền xem.')
  const periods = db.select().from(memberPeriods).where(eq(memberPeriods.memberId, memberId)).orderBy(asc(memberPeriods.startsOn)).all()
  return { ...row.member, cell: row.cell, periods, standing: memberStandingOn(row.member, periods, todayIso()) }
}

/** The identity columns a member form or an import row sets (names cleaned, search name folded). */
export function memberIdentityValues(input: Omit<MemberInput, 'suspended' | 'suspendedNote'>) {
  const fullName = cleanText(input.fullName)
  return {
    fullName,
    searchName: foldVietnamese(fullName),
    gender: input.gender,
    birthDate: input.birthDate,
    status: input.status,
    joinedOn: input.joinedOn,
    officialOn: input.officialOn,
    position: input.position,
    cardNumber: input.cardNumber ? cleanText(input.cardNumber) : null,
    note: input.note,
  }
}

function memberValues(input: MemberInput) {
  return { ...memberIdentityValues(input), suspended: input.suspended, suspendedNote: input.suspendedNote }
}

function assertCardFree(db: Executor, cardNumber: string | null, exceptId?: string) {
  if (!cardNumber) return
  const other = db
    .select({ id: members.id, fullName: members.fullName })
    .from(members)
    .where(and(eq(members.cardNumber, cardNumber), exceptId ? sql`${members.id} <> ${exceptId}` : undefined))
    .get()
  if (other) throw new AppError(422, `Số thẻ đảng viên ${cardNumber} đã được dùng cho đồng chí ${other.fullName}.`, 'cardNumber')
}

export function createMember(db: DB, ctx: ActorContext, cellId: string, input: MemberInput): Member {
  return db.transaction((tx) => {
    const cell = requireCell(tx, ctx.actor, cellId, 'member:manage')
    const values = memberValues(input)
    assertCardFree(tx, values.cardNumber)
    const row = tx.insert(members).values({ ...values, cellId: cell.id }).returning().get()
    writeAudit(tx, ctx, {
      action: 'member.create',
      entityType: 'member',
      entityId: row.id,
      orgPath: cell.path,
      summary: `Thêm đảng viên ${row.fullName}`,
    })
    return row
  })
}

export function updateMember(db: DB, ctx: ActorContext, memberId: string, input: MemberInput & { version: number }): Member {
  return db.transaction((tx) => {
    const before = getMember(tx, ctx.actor, memberId, 'member:manage')
    const values = memberValues(input)
    assertCardFree(tx, values.cardNumber, memberId)
    const row = tx
      .update(members)
      .set({ ...values, version: sql`${members.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(members.id, memberId), eq(members.version, input.version)))
      .returning()
      .get()
    if (!row) throw conflict()
    writeAudit(tx, ctx, {
      action: 'member.update',
      entityType: 'member',
      entityId: memberId,
      orgPath: before.cell.path,
      summary: `Sửa thông tin đảng viên ${row.fullName}`,
      details: diffFields(before, row),
    })
    return row
  })
}

export function endMembership(
  db: DB,
  ctx: ActorContext,
  memberId: string,
  input: { endedOn: string; endReason: MembershipEndReason; endNote: string | null; version: number },
) {
  return db.transaction((tx) => {
    const before = getMember(tx, ctx.actor, memberId, 'member:manage')
    if (before.endedOn) throw new AppError(422, 'Đồng chí này đã thôi sinh hoạt tại chi bộ.')
    const row = tx
      .update(members)
      .set({ ...input, version: sql`${members.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(members.id, memberId), eq(members.version, input.version)))
      .returning()
      .get()
    if (!row) throw conflict()
    writeAudit(tx, ctx, {
      action: 'member.end',
      entityType: 'member',
      entityId: memberId,
      orgPath: before.cell.path,
      summary: `Đ/c ${row.fullName} thôi sinh hoạt: ${MEMBERSHIP_END_REASON_LABELS[input.endReason]} (${input.endedOn})`,
    })
    return row
  })
}

export function reinstateMember(db: DB, ctx: ActorContext, memberId: string, version: number) {
  return db.transaction((tx) => {
    const before = getMember(tx, ctx.actor, memberId, 'member:manage')
    const row = tx
      .update(members)
      .set({ endedOn: null, endReason: null, endNote: null, version: sql`${members.version} + 1`, updatedAt: new Date().toISOString() })
      .where(and(eq(members.id, memberId), eq(members.version, version)))
      .returning()
      .get()
    if (!row) throw conflict()
    writeAudit(tx, ctx, {
      action: 'member.reinstate',
      entityType: 'member',
      entityId: memberId,
      orgPath: before.cell.path,
      summary: `Hủy ghi nhận thôi sinh hoạt của đ/c ${row.fullName}`,
    })
    return row
  })
}

export function addMemberPeriod(
  db: DB,
  ctx: ActorContext,
  memberId: string,
  input: { kind: MemberPeriodKind; startsOn: string; endsOn: string | null; note: string | null },
) {
  return db.transaction((tx) => {
    const member = getMember(tx, ctx.actor, memberId, 'member:manage')
    const overlapping = member.periods.find(
      (p) =>
        p.kind === input.kind &&
        p.startsOn <= (input.endsOn ?? '9999-12-31') &&
        (p.endsOn ?? '9999-12-31') >= input.startsOn,
    )
    if (overlapping) {
      throw new AppError(
        422,
        `Khoảng thời gian này trùng với một giai đoạn "${MEMBER_PERIOD_KIND_LABELS[input.kind]}" đã có (từ ${overlapping.startsOn}).`,
        'startsOn',
      )
    }
    const row = tx.insert(memberPeriods).values({ ...input, memberId }).returning().get()
    writeAudit(tx, ctx, {
      action: 'member.period.add',
      entityType: 'member',
      entityId: memberId,
      orgPath: member.cell.path,
      summary: `${MEMBER_PERIOD_KIND_LABELS[input.kind]}: đ/c ${member.fullName} từ ${input.startsOn}${input.endsOn ? ` đến ${input.endsOn}` : ''}`,
    })
    return row
  })
}

export function closeMemberPeriod(db: DB, ctx: ActorContext, memberId: string, periodId: string, endsOn: string) {
  return db.transaction((tx) => {
    const member = getMember(tx, ctx.actor, memberId, 'member:manage')
    const period = member.periods.find((p) => p.id === periodId)
    if (!period) throw notFound()
    if (endsOn < period.startsOn) throw new AppError(422, 'Ngày kết thúc phải sau ngày bắt đầu.', 'endsOn')
    tx.update(memberPeriods).set({ endsOn }).where(eq(memberPeriods.id, periodId)).run()
    writeAudit(tx, ctx, {
      action: 'member.period.close',
      entityType: 'member',
      entityId: memberId,
      orgPath: member.cell.path,
      summary: `Kết thúc "${MEMBER_PERIOD_KIND_LABELS[period.kind]}" của đ/c ${member.fullName} ngày ${endsOn}`,
    })
  })
}

/** Members with a card number or (name, birth date) — the keys an import matches on. */
export function importKeysOfCell(db: Executor, cellId: string) {
  return db
    .select({ id: members.id, cellId: members.cellId, cardNumber: members.cardNumber, searchName: members.searchName, birthDate: members.birthDate })
    .from(members)
    .where(and(eq(members.cellId, cellId)))
    .all()
}

export function findMemberByCard(db: Executor, cardNumber: string) {
  return db
    .select({ id: members.id, cellId: members.cellId, fullName: members.fullName, cellName: organizations.name })
    .from(members)
    .innerJoin(organizations, eq(members.cellId, organizations.id))
    .where(and(eq(members.cardNumber, cardNumber), isNotNull(members.cardNumber)))
    .get()
}

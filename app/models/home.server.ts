// What the header shows about the logged-in user: their role and organisation in words.
import { and, asc, eq, inArray, isNull, like, sql } from 'drizzle-orm'
import type { DB } from '../../db/client.server'
import { meetings as meetingsTable, members as membersTable, organizations, organizations as organizationsTable } from '../../db/schema'
import { ROLE_LABELS } from '~/domain/constants'
import type { Actor } from '~/domain/permissions'
import { daysUntil, probationEndsOn } from '~/domain/members'
import { getOrganization, childrenOf, subtreeStats } from './organizations.server'
import { getMember, memberCounts, todayIso } from './members.server'
import { minutesVersions, signatures } from '../../db/schema'
import { MEETING_STATUS_LABELS } from '~/domain/constants'
import { publicationDeadline } from '~/domain/schedule'
import { agendaSummaries } from './agenda.server'
import { listMyContributions, meetingsOpenForContributions } from './contributions.server'
import { cellCriticismSummary, myCriticismSummary } from './criticism.server'
import { meetingTitle, meetingsAwaitingMinutes, upcomingMeetings } from './meetings.server'
import { yearPlanView } from './planning.server'
import { unexcusedAlerts } from './quality.server'
import { listCellTasks, myTasks } from './tasks.server'
import { effectiveSettings } from './organizations.server'

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

// --------------------------------------------------------------------------------------------
// Meeting-centred parts of the homes (issues 3–7): next meeting, minutes to sign, warnings, tasks.

function agendaState(m: { status: string; publishedAt: string | null }, items: number) {
  if (m.status === 'cancelled') return { key: 'cancelled', label: 'Đã hủy' }
  if (m.publishedAt) return { key: 'sent', label: 'Đã gửi chương trình' }
  if (items > 0) return { key: 'drafted', label: 'Đã soạn, chưa gửi' }
  return { key: 'none', label: 'Chưa soạn chương trình' }
}

export function cellWork(db: DB, actor: Actor, cellId: string, now = new Date()) {
  const cell = getOrganization(db, actor, cellId, 'meeting:read')
  const settings = effectiveSettings(db, cell)
  const next = upcomingMeetings(db, [cellId], now, 3)
  const summaries = agendaSummaries(db, next.map((n) => n.meeting.id))
  const nextMeetings = next.map(({ meeting: m }) => {
    const s = summaries.get(m.id) ?? { itemCount: 0, totalMinutes: 0 }
    const deadline = publicationDeadline(m.startsAt, settings.agendaLeadDays)
    return {
      id: m.id,
      title: meetingTitle(m),
      startsAt: m.startsAt,
      place: m.place,
      status: m.status,
      statusLabel: MEETING_STATUS_LABELS[m.status],
      agenda: agendaState(m, s.itemCount),
      deadline,
      deadlinePassed: !m.publishedAt && deadline < now.toISOString(),
      daysLeft: Math.ceil((Date.parse(m.startsAt) - now.getTime()) / 86_400_000),
    }
  })
  const awaiting = meetingsAwaitingMinutes(db, [cellId], now).filter(({ meeting }) => Date.parse(meeting.startsAt) < now.getTime() - 3_600_000)
  const pendingVersions = db
    .select({ versionId: minutesVersions.id, meetingId: minutesVersions.meetingId })
    .from(minutesVersions)
    .where(and(eq(minutesVersions.cellId, cellId), eq(minutesVersions.status, 'pending')))
    .all()
  const signed = pendingVersions.length
    ? db
        .select({ versionId: signatures.versionId, role: signatures.role, memberId: signatures.memberId })
        .from(signatures)
        .where(
          inArray(
            signatures.versionId,
            pendingVersions.map((p) => p.versionId),
          ),
        )
        .all()
    : []
  const toSign = awaiting
    .filter(({ meeting }) => meeting.status === 'signing')
    .map(({ meeting: m }) => {
      const v = pendingVersions.find((p) => p.meetingId === m.id)
      const done = signed.filter((s) => s.versionId === v?.versionId).map((s) => s.role)
      const mine = actor.memberId === m.chairMemberId ? 'chair' : actor.memberId === m.secretaryMemberId ? 'secretary' : null
      return { id: m.id, title: meetingTitle(m), startsAt: m.startsAt, waitingFor: (['chair', 'secretary'] as const).filter((r) => !done.includes(r)), mine: mine !== null && !done.includes(mine) }
    })
  const late = awaiting
    .filter(({ meeting }) => meeting.status !== 'signing' && Date.parse(meeting.startsAt) < now.getTime() - settings.minutesSignDays * 86_400_000)
    .map(({ meeting: m }) => ({ id: m.id, title: meetingTitle(m), startsAt: m.startsAt, status: m.status, statusLabel: MEETING_STATUS_LABELS[m.status] }))
  const year = Number(new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 4))
  const plan = yearPlanView(db, actor, cellId, year)
  const tasks = listCellTasks(db, actor, cellId, { status: 'overdue', pageSize: 5 })
  return {
    nextMeetings,
    toSign,
    late,
    plan: { year, months: plan.months, warnings: plan.warnings.filter((w) => w.severity === 'warning'), today: plan.today },
    absences: unexcusedAlerts(db, cellId, year),
    overdueTasks: tasks.tasks.map((t) => ({ id: t.id, text: t.text, memberName: t.memberName, dueOn: t.dueOn })),
    overdueTaskCount: tasks.total,
    criticism: cellCriticismSummary(db, actor, cellId),
    settings: { minutesSignDays: settings.minutesSignDays },
  }
}

export function memberWork(db: DB, actor: Actor, cellId: string, now = new Date()) {
  const next = upcomingMeetings(db, [cellId], now, 2).map(({ meeting: m }) => ({
    id: m.id,
    title: meetingTitle(m),
    startsAt: m.startsAt,
    place: m.place,
    published: Boolean(m.publishedAt) && m.status !== 'planned',
    cancelled: m.status === 'cancelled',
  }))
  const signedMinutes = db
    .select({ id: meetingsTable.id, type: meetingsTable.type, topic: meetingsTable.topic, periodYear: meetingsTable.periodYear, periodMonth: meetingsTable.periodMonth, startsAt: meetingsTable.startsAt })
    .from(meetingsTable)
    .where(and(eq(meetingsTable.cellId, cellId), eq(meetingsTable.status, 'signed')))
    .orderBy(sql`${meetingsTable.startsAt} DESC`)
    .limit(5)
    .all()
    .map((m) => ({ id: m.id, title: meetingTitle(m), startsAt: m.startsAt }))
  return {
    next,
    tasks: myTasks(db, actor).map((t) => ({ id: t.id, text: t.text, dueOn: t.dueOn, status: t.status, overdue: t.overdue })),
    contributions: listMyContributions(db, actor).slice(0, 5).map((c) => ({ id: c.id, title: c.title, status: c.status, meetingId: c.meetingId, meetingTitle: c.meetingTitle })),
    openForContributions: meetingsOpenForContributions(db, actor, now).map((m) => ({ id: m.id, title: m.title, startsAt: m.startsAt })),
    criticism: myCriticismSummary(db, actor),
    signedMinutes,
  }
}

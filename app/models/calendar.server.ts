// Calendars: each user's private, revocable ICS feed of the meetings of their cells, and the
// one-meeting .ics download. The feed URL carries a random 32-byte token that is shown to the user
// once; only its SHA-256 is stored, so a leaked database does not leak working feed URLs.
import crypto from 'node:crypto'
import { and, asc, eq, gte, inArray, isNull, ne, or, sql } from 'drizzle-orm'
import type { DB, Executor } from '../../db/client.server'
import { calendarTokens, meetings, organizations, roleGrants, users } from '../../db/schema'
import { MEETING_TYPE_LABELS, type Role } from '~/domain/constants'
import { buildCalendar, DEFAULT_EVENT_MINUTES, meetingUid, type IcsEvent } from '~/domain/ics'
import type { Actor } from '~/domain/permissions'
import { toIsoDate } from '~/domain/vn-date'
import { writeAudit } from './audit.server'
import { notFound, type ActorContext } from './context'
import { meetingTitle, type Meeting } from './meetings.server'

/** The roles that make a cell's meetings part of a user's calendar (inspectors/admins only via such a role). */
export const CALENDAR_CELL_ROLES = ['member', 'secretary', 'deputy', 'committee'] as const satisfies readonly Role[]
/** Roles that also see the committee's own meetings (họp chi ủy) in their calendar. */
const COMMITTEE_ROLES = ['secretary', 'deputy', 'committee'] as const satisfies readonly Role[]
/** How far back the feed goes; every future meeting is included. */
export const FEED_PAST_DAYS = 365
/** How often calendar apps are asked to refresh the feed, and how long the response may be cached. */
export const FEED_REFRESH_MINUTES = 60
const FEED_MAX_EVENTS = 2000

function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

/** A feed token as issued: 32 random bytes, base64url without padding (43 characters). */
export function isCalendarTokenFormat(token: string | undefined | null): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token)
}

/** The feed's path for a token: `/calendar/<token>.ics`. */
export function calendarFeedPath(token: string): string {
  return `/calendar/${token}.ics`
}

// --------------------------------------------------------------------------------------------
// Tokens

/** The user's active feed token (its creation time only: the token itself is never stored). */
export function activeCalendarToken(db: Executor, actor: Actor): { id: string; createdAt: string } | null {
  return (
    db
      .select({ id: calendarTokens.id, createdAt: calendarTokens.createdAt })
      .from(calendarTokens)
      .where(and(eq(calendarTokens.userId, actor.userId), isNull(calendarTokens.revokedAt)))
      .orderBy(sql`${calendarTokens.createdAt} DESC`)
      .get() ?? null
  )
}

function revokeActive(tx: Executor, userId: string, at: string): number {
  return tx
    .update(calendarTokens)
    .set({ revokedAt: at })
    .where(and(eq(calendarTokens.userId, userId), isNull(calendarTokens.revokedAt)))
    .run().changes
}

/**
 * A new feed token for the acting user; any earlier token stops working at once (one active token
 * per user). Returns the plain token: show it once, it cannot be recovered.
 */
export function createCalendarToken(db: DB, ctx: ActorContext): { token: string; createdAt: string } {
  const token = crypto.randomBytes(32).toString('base64url')
  return db.transaction((tx) => {
    const now = new Date().toISOString()
    const revoked = revokeActive(tx, ctx.actor.userId, now)
    tx.insert(calendarTokens).values({ userId: ctx.actor.userId, tokenHash: hashToken(token), createdAt: now }).run()
    writeAudit(tx, ctx, {
      action: 'calendar_token.create',
      entityType: 'calendar_token',
      entityId: ctx.actor.userId,
      summary: revoked ? 'Tạo lại đường dẫn lịch riêng (đường dẫn cũ ngừng hoạt động)' : 'Tạo đường dẫn lịch riêng',
    })
    return { token, createdAt: now }
  })
}

/** Stops the acting user's feed URL. Returns whether there was one. */
export function revokeCalendarToken(db: DB, ctx: ActorContext): boolean {
  return db.transaction((tx) => {
    const revoked = revokeActive(tx, ctx.actor.userId, new Date().toISOString())
    if (revoked) {
      writeAudit(tx, ctx, {
        action: 'calendar_token.revoke',
        entityType: 'calendar_token',
        entityId: ctx.actor.userId,
        summary: 'Thu hồi đường dẫn lịch riêng',
      })
    }
    return revoked > 0
  })
}

// --------------------------------------------------------------------------------------------
// Which meetings

type CellGrant = { cellId: string; role: Role }

function cellGrantsOf(db: Executor, userId: string): CellGrant[] {
  return db
    .select({ cellId: roleGrants.orgId, role: roleGrants.role })
    .from(roleGrants)
    .where(and(eq(roleGrants.userId, userId), inArray(roleGrants.role, [...CALENDAR_CELL_ROLES])))
    .all()
}

export type FeedMeeting = Pick<
  Meeting,
  | 'id'
  | 'cellId'
  | 'type'
  | 'topic'
  | 'periodYear'
  | 'periodMonth'
  | 'startsAt'
  | 'plannedMinutes'
  | 'place'
  | 'status'
  | 'version'
  | 'cancelledReason'
  | 'movedFrom'
  | 'moveReason'
  | 'createdAt'
  | 'updatedAt'
> & { cellName: string }

const feedColumns = {
  id: meetings.id,
  cellId: meetings.cellId,
  type: meetings.type,
  topic: meetings.topic,
  periodYear: meetings.periodYear,
  periodMonth: meetings.periodMonth,
  startsAt: meetings.startsAt,
  plannedMinutes: meetings.plannedMinutes,
  place: meetings.place,
  status: meetings.status,
  version: meetings.version,
  cancelledReason: meetings.cancelledReason,
  movedFrom: meetings.movedFrom,
  moveReason: meetings.moveReason,
  createdAt: meetings.createdAt,
  updatedAt: meetings.updatedAt,
  cellName: organizations.name,
}

function meetingsOfCells(db: Executor, grants: CellGrant[], now: Date): FeedMeeting[] {
  const cellIds = [...new Set(grants.map((g) => g.cellId))]
  if (cellIds.length === 0) return []
  const committeeCells = [...new Set(grants.filter((g) => (COMMITTEE_ROLES as readonly Role[]).includes(g.role)).map((g) => g.cellId))]
  const since = new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000).toISOString()
  return db
    .select(feedColumns)
    .from(meetings)
    .innerJoin(organizations, eq(meetings.cellId, organizations.id))
    .where(
      and(
        inArray(meetings.cellId, cellIds),
        gte(meetings.startsAt, since),
        // The chi ủy's own meetings belong in the calendars of the chi ủy, not of every member.
        committeeCells.length ? or(ne(meetings.type, 'committee'), inArray(meetings.cellId, committeeCells)) : ne(meetings.type, 'committee'),
      ),
    )
    .orderBy(asc(meetings.startsAt))
    .limit(FEED_MAX_EVENTS)
    .all()
}

/** The cells whose meetings the acting user's feed carries, for the account page. */
export function feedCells(db: Executor, actor: Actor): { id: string; name: string }[] {
  const ids = [...new Set(cellGrantsOf(db, actor.userId).map((g) => g.cellId))]
  if (ids.length === 0) return []
  return db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, ids)).orderBy(asc(organizations.name)).all()
}

/**
 * The feed behind a token: the meetings of the last year and every future one, of each cell in
 * which the token's user holds a cell role. An unknown or revoked token, or a disabled user, is a 404.
 */
export function meetingsForFeed(db: Executor, tokenPlain: string, now = new Date()) {
  if (!isCalendarTokenFormat(tokenPlain)) throw notFound('Không tìm thấy lịch này.')
  const owner = db
    .select({ id: users.id, displayName: users.displayName })
    .from(calendarTokens)
    .innerJoin(users, eq(calendarTokens.userId, users.id))
    .where(and(eq(calendarTokens.tokenHash, hashToken(tokenPlain)), isNull(calendarTokens.revokedAt), isNull(users.disabledAt)))
    .get()
  if (!owner) throw notFound('Không tìm thấy lịch này. Đường dẫn có thể đã bị thu hồi.')
  const grants = cellGrantsOf(db, owner.id)
  return { user: owner, cellCount: new Set(grants.map((g) => g.cellId)).size, meetings: meetingsOfCells(db, grants, now) }
}

// --------------------------------------------------------------------------------------------
// ICS

/** Strips a trailing slash: "https://so.example.vn". */
export function originOf(requestUrl: string): string {
  return new URL(requestUrl).origin
}

/** One meeting as a calendar event: same UID everywhere, SEQUENCE from the meeting's version. */
export function meetingEvent(m: FeedMeeting, origin: string, opts: { withCellName?: boolean } = {}): IcsEvent {
  const start = new Date(m.startsAt)
  const minutes = m.plannedMinutes && m.plannedMinutes > 0 ? m.plannedMinutes : DEFAULT_EVENT_MINUTES
  const link = `${origin}/meetings/${m.id}`
  const cancelled = m.status === 'cancelled'
  const title = meetingTitle(m) + (opts.withCellName ? ` — ${m.cellName}` : '')
  const description = [
    `${MEETING_TYPE_LABELS[m.type]} — ${m.cellName}`,
    cancelled ? `Buổi sinh hoạt đã bị hủy${m.cancelledReason ? `: ${m.cancelledReason}` : '.'}` : null,
    !cancelled && m.movedFrom && m.moveReason ? `Đã dời lịch: ${m.moveReason}` : null,
    `Chương trình và tài liệu: ${link}`,
  ]
    .filter(Boolean)
    .join('\n')
  return {
    uid: meetingUid(m.id),
    sequence: Math.max(0, m.version - 1),
    start,
    end: new Date(start.getTime() + minutes * 60_000),
    summary: cancelled ? `Đã hủy: ${title}` : title,
    location: m.place,
    description,
    url: link,
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    created: new Date(m.createdAt),
    lastModified: new Date(m.updatedAt),
  }
}

export function feedIcs(feed: ReturnType<typeof meetingsForFeed>, origin: string, now = new Date()): string {
  const many = feed.cellCount > 1
  return buildCalendar({
    name: 'Lịch sinh hoạt chi bộ',
    description: `Lịch sinh hoạt chi bộ của đồng chí ${feed.user.displayName} (Sổ chi bộ)`,
    events: feed.meetings.map((m) => meetingEvent(m, origin, { withCellName: many })),
    now,
    refreshMinutes: FEED_REFRESH_MINUTES,
  })
}

export function singleMeetingIcs(m: FeedMeeting, origin: string, now = new Date()): { filename: string; body: string } {
  return {
    filename: `sinh-hoat-${toIsoDate(m.startsAt)}.ics`,
    body: buildCalendar({ name: m.cellName, events: [meetingEvent(m, origin)], now }),
  }
}

// The private calendar feed and the one-meeting download: which meetings a token lists, that a
// revoked token or a disabled user stops working, and the HTTP answer calendar apps receive.
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { calendarTokens, meetings, users } from '../../db/schema'
import type { MeetingType, MeetingStatus } from '~/domain/constants'
import type { Actor } from '~/domain/permissions'
import {
  activeCalendarToken,
  calendarFeedPath,
  createCalendarToken,
  feedCells,
  feedIcs,
  meetingsForFeed,
  revokeCalendarToken,
  singleMeetingIcs,
} from '~/models/calendar.server'
import { AppError, type ActorContext } from '~/models/context'
import { getMeeting } from '~/models/meetings.server'
import { createTestDb } from '../db'
import { createMembers, createOrg, createUserWithGrants, rng } from '../factories'

type TestDb = ReturnType<typeof createTestDb>
let db: TestDb
beforeEach(() => {
  db = createTestDb()
})
afterEach(() => db.cleanup())

const ctx = (actor: Actor): ActorContext => ({ actor, ip: null })
const DAY = 86_400_000

function notFound(fn: () => unknown) {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).status).toBe(404)
    return
  }
  throw new Error('expected a 404')
}

async function world() {
  const r = rng(11)
  const upper = createOrg(db, { name: 'Đảng bộ phường Ba Đình', kind: 'upper' })
  const kp3 = createOrg(db, { name: 'Chi bộ Khu phố 3', kind: 'cell_base', parentId: upper.id })
  const kp5 = createOrg(db, { name: 'Chi bộ Khu phố 5', kind: 'cell_base', parentId: upper.id })
  const [hung, hoa] = createMembers(db, r, kp3.id, 2, (i) => ({ position: i === 0 ? 'secretary' : 'member' }))
  const [bao] = createMembers(db, r, kp5.id, 1)
  const secretary = await createUserWithGrants(db, { username: 'bithu', displayName: hung.fullName, memberId: hung.id, grants: [{ orgId: kp3.id, role: 'secretary' }] })
  const member = await createUserWithGrants(db, { username: 'dangvien', displayName: hoa.fullName, memberId: hoa.id, grants: [{ orgId: kp3.id, role: 'member' }] })
  const other = await createUserWithGrants(db, { username: 'dangvienkp5', displayName: bao.fullName, memberId: bao.id, grants: [{ orgId: kp5.id, role: 'member' }] })
  const inspector = await createUserWithGrants(db, { username: 'kiemtra', displayName: 'Trương Minh Đức', grants: [{ orgId: upper.id, role: 'inspector' }] })

  const now = Date.now()
  const meeting = (cellId: string, daysFromNow: number, type: MeetingType = 'regular', extra: { status?: MeetingStatus; place?: string; topic?: string; plannedMinutes?: number } = {}) => {
    const startsAt = new Date(now + daysFromNow * DAY)
    return db
      .insert(meetings)
      .values({
        cellId,
        type,
        topic: extra.topic ?? null,
        periodYear: startsAt.getUTCFullYear(),
        periodMonth: startsAt.getUTCMonth() + 1,
        startsAt: startsAt.toISOString(),
        plannedMinutes: extra.plannedMinutes ?? null,
        place: extra.place ?? 'Nhà văn hóa Khu phố 3',
        status: extra.status ?? 'planned',
      })
      .returning()
      .get()
  }
  const m = {
    twoYearsAgo: meeting(kp3.id, -730),
    lastMonth: meeting(kp3.id, -30, 'regular', { status: 'signed' }),
    nextWeek: meeting(kp3.id, 7, 'thematic', { topic: 'Học tập, quán triệt Nghị quyết; liên hệ thực tiễn', plannedMinutes: 150 }),
    cancelled: meeting(kp3.id, 20, 'regular', { status: 'cancelled' }),
    committee: meeting(kp3.id, 5, 'committee'),
    nextYear: meeting(kp3.id, 400),
    kp5: meeting(kp5.id, 10),
  }
  db.update(meetings).set({ cancelledReason: 'Trùng lịch bầu cử' }).where(eq(meetings.id, m.cancelled.id)).run()
  return { cells: { kp3, kp5 }, users: { secretary: secretary.actor, member: member.actor, other: other.actor, inspector: inspector.actor }, m }
}

describe('feed tokens', () => {
  test('a member’s token lists their cell’s meetings of the last year and every future one', async () => {
    const w = await world()
    const { token } = createCalendarToken(db, ctx(w.users.member))
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // Only the hash is stored.
    const stored = db.select().from(calendarTokens).all()
    expect(stored).toHaveLength(1)
    expect(stored[0].tokenHash).not.toContain(token)

    const feed = meetingsForFeed(db, token)
    expect(feed.meetings.map((x) => x.id)).toEqual([w.m.lastMonth.id, w.m.nextWeek.id, w.m.cancelled.id, w.m.nextYear.id])
    // The chi ủy's own meeting is in the secretary's calendar, not the member's.
    const secretaryFeed = meetingsForFeed(db, createCalendarToken(db, ctx(w.users.secretary)).token)
    expect(secretaryFeed.meetings.map((x) => x.id)).toContain(w.m.committee.id)
    expect(feedCells(db, w.users.member).map((c) => c.name)).toEqual(['Chi bộ Khu phố 3'])
  })

  test('a user of another cell does not get this cell’s meetings; an inspector without a cell role gets none', async () => {
    const w = await world()
    const other = meetingsForFeed(db, createCalendarToken(db, ctx(w.users.other)).token)
    expect(other.meetings.map((x) => x.id)).toEqual([w.m.kp5.id])
    const inspector = meetingsForFeed(db, createCalendarToken(db, ctx(w.users.inspector)).token)
    expect(inspector.meetings).toEqual([])
  })

  test('creating a new token revokes the old one; revoking stops the feed; a disabled user’s feed is gone', async () => {
    const w = await world()
    const first = createCalendarToken(db, ctx(w.users.member)).token
    const second = createCalendarToken(db, ctx(w.users.member)).token
    notFound(() => meetingsForFeed(db, first))
    expect(meetingsForFeed(db, second).meetings.length).toBeGreaterThan(0)
    expect(activeCalendarToken(db, w.users.member)).not.toBeNull()

    expect(revokeCalendarToken(db, ctx(w.users.member))).toBe(true)
    notFound(() => meetingsForFeed(db, second))
    expect(activeCalendarToken(db, w.users.member)).toBeNull()
    expect(revokeCalendarToken(db, ctx(w.users.member))).toBe(false)

    const third = createCalendarToken(db, ctx(w.users.member)).token
    db.update(users).set({ disabledAt: new Date().toISOString() }).where(eq(users.id, w.users.member.userId)).run()
    notFound(() => meetingsForFeed(db, third))
    notFound(() => meetingsForFeed(db, 'not-a-token'))
    notFound(() => meetingsForFeed(db, 'A'.repeat(43)))
  })
})

describe('ICS content', () => {
  const unfold = (text: string) => text.replace(/\r\n /g, '').split('\r\n')

  test('events carry the title, Hà Nội times, place, a link to the meeting and the cancelled status', async () => {
    const w = await world()
    const feed = meetingsForFeed(db, createCalendarToken(db, ctx(w.users.member)).token)
    const lines = unfold(feedIcs(feed, 'https://so.example.vn'))
    expect(lines).toContain(`UID:${w.m.nextWeek.id}@so-chi-bo`)
    expect(lines).toContain('SUMMARY:Sinh hoạt chuyên đề: Học tập\\, quán triệt Nghị quyết\\; liên hệ thực tiễn')
    expect(lines).toContain('LOCATION:Nhà văn hóa Khu phố 3')
    expect(lines).toContain(`URL:https://so.example.vn/meetings/${w.m.nextWeek.id}`)
    expect(lines.some((l) => l.startsWith('DESCRIPTION:Sinh hoạt chuyên đề — Chi bộ Khu phố 3\\n') && l.endsWith(`https://so.example.vn/meetings/${w.m.nextWeek.id}`))).toBe(true)
    expect(lines.filter((l) => l === 'STATUS:CANCELLED')).toHaveLength(1)
    expect(lines.some((l) => l.startsWith('SUMMARY:Đã hủy: Sinh hoạt chi bộ thường kỳ'))).toBe(true)
    expect(lines).toContain('X-WR-CALNAME:Lịch sinh hoạt chi bộ')
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(4)

    // DTEND = start + planned minutes (150), in Hà Nội time.
    const start = lines.find((l, i) => l.startsWith('DTSTART;TZID=Asia/Ho_Chi_Minh:') && lines.slice(i - 4, i).includes(`UID:${w.m.nextWeek.id}@so-chi-bo`))!
    const end = lines[lines.indexOf(start) + 1]
    const toMs = (s: string) => {
      const v = s.split(':')[1]
      return Date.UTC(+v.slice(0, 4), +v.slice(4, 6) - 1, +v.slice(6, 8), +v.slice(9, 11), +v.slice(11, 13))
    }
    expect(toMs(end) - toMs(start)).toBe(150 * 60_000)
  })

  test('one meeting’s download is named after its date and keeps the feed’s UID', async () => {
    const w = await world()
    const meeting = getMeeting(db, w.users.member, w.m.nextWeek.id)
    const { filename, body } = singleMeetingIcs({ ...meeting, cellName: meeting.cell.name }, 'http://localhost:3000')
    expect(filename).toMatch(/^sinh-hoat-\d{4}-\d{2}-\d{2}\.ics$/)
    expect(unfold(body)).toContain(`UID:${w.m.nextWeek.id}@so-chi-bo`)
    notFound(() => getMeeting(db, w.users.other, w.m.nextWeek.id))
  })
})

describe('the feed route', () => {
  test('answers text/calendar with private caching, and 404 once the token is revoked', async () => {
    const w = await world()
    const { token } = createCalendarToken(db, ctx(w.users.member))
    process.env.DATABASE_URL = db.$client.name
    const { loader } = await import('~/routes/calendar.$token[.]ics')
    const call = (t: string) => loader({ request: new Request(`https://so.example.vn${calendarFeedPath(t)}`), params: { token: t }, context: {} })

    const ok = await call(token)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8')
    expect(ok.headers.get('Cache-Control')).toBe('private, max-age=300')
    const text = await ok.text()
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true)
    expect(text).toContain(`https://so.example.vn/meetings/${w.m.nextWeek.id}`)
    expect(text).not.toContain(w.m.kp5.id)

    revokeCalendarToken(db, ctx(w.users.member))
    const gone = await call(token)
    expect(gone.status).toBe(404)
  })
})

// Votes in the meeting record against a real SQLite file: the denominator comes from the attendance
// (DOMAIN §4) — probationary members never count, members temporarily elsewhere, absent exempt members
// and suspended members are taken out, absentees with or without a reason stay in — and the result is
// app/domain/voting.ts's. Impossible counts are refused with the Vietnamese message and nothing is stored.
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { auditLog, votes } from '../../db/schema'
import { evaluateVote } from '~/domain/voting'
import { AppError } from '~/models/context'
import type { Member } from '~/models/members.server'
import { createMeeting } from '~/models/planning.server'
import { getOrganizationById, type Organization, updateOrganization } from '~/models/organizations.server'
import { recordVote, recordView, removeVote, setAttendance, startMeeting, updateVote } from '~/models/record.server'
import { createTestDb } from '../db'
import { addPeriod, createMembers, createOrg, rng, systemCtx } from '../factories'

type TestDb = ReturnType<typeof createTestDb>

let db: TestDb
let cell: Organization

beforeEach(() => {
  db = createTestDb()
  const root = createOrg(db, { name: 'Đảng bộ phường Ba Đình', kind: 'upper', placeName: 'Hà Nội' })
  cell = createOrg(db, { name: 'Chi bộ Khu phố 3', kind: 'cell_base', parentId: root.id })
})
afterEach(() => db.cleanup())

function expectAppError(fn: () => unknown, status: number): AppError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).status).toBe(status)
    return error as AppError
  }
  throw new Error(`expected an AppError ${status}, but the call succeeded`)
}

/** `official` official members (the first is bí thư, the second phó bí thư) and `probationary` probationary ones. */
function people(official: number, probationary = 0, seed = 1): Member[] {
  const r = rng(seed)
  const o = createMembers(db, r, cell.id, official, (i) => (i === 0 ? { position: 'secretary' } : i === 1 ? { position: 'deputy' } : {}))
  const p = createMembers(db, r, cell.id, probationary, () => ({ status: 'probationary', joinedOn: '2026-01-10', officialOn: null, cardNumber: null }))
  return [...o, ...p]
}

/** A meeting on 10/11/2026, started with the first two members as chair and minute-taker. */
function startedMeeting(list: Member[]) {
  const meeting = createMeeting(db, systemCtx, cell.id, { type: 'extraordinary', date: '2026-11-10', time: '14:00' })
  startMeeting(db, systemCtx, meeting.id, { chairMemberId: list[0].id, secretaryMemberId: list[1].id, startedAt: '2026-11-10T07:00:00Z' })
  return meeting.id
}

function mark(meetingId: string, member: Member, status: 'present' | 'excused' | 'unexcused' | 'exempt', reason?: string) {
  const row = recordView(db, systemCtx.actor, meetingId).attendance.find((a) => a.memberId === member.id)!
  setAttendance(db, systemCtx, meetingId, member.id, { status, reason: reason ?? null, version: row.version })
}

const vote = (meetingId: string, counts: { for: number; against: number }, kind: 'ordinary' | 'two_thirds' = 'ordinary') =>
  recordVote(db, systemCtx, meetingId, { subject: 'Thông qua nghị quyết tháng 11 năm 2026', kind, method: kind === 'two_thirds' ? 'secret' : 'hands', ...counts })

const storedVotes = (meetingId: string) => db.select().from(votes).where(eq(votes.meetingId, meetingId)).all()

describe('the denominator follows the attendance (DOMAIN §4)', () => {
  test('20 official members, 3 absent without reason: the denominator stays 20 and the result is evaluateVote’s', () => {
    const list = people(20)
    const id = startedMeeting(list)
    for (const m of list.slice(2, 17)) mark(id, m, 'present')
    for (const m of list.slice(17)) mark(id, m, 'unexcused')

    const passed = vote(id, { for: 11, against: 6 })
    expect(passed).toMatchObject({ denominator: 20, presentVoters: 17, forCount: 11, againstCount: 6, passed: true })
    const expected = evaluateVote({ kind: 'ordinary', denominator: 20, presentVoters: 17, for: 11, against: 6, allowAbstain: false })
    expect(expected.ok && expected.passed).toBe(passed.passed)

    // Exactly half is not "more than half".
    const failed = vote(id, { for: 10, against: 7 })
    expect(failed).toMatchObject({ denominator: 20, passed: false })
    const view = recordView(db, systemCtx.actor, id)
    expect(view.votes.map((v) => v.sentence)).toEqual(['11/20 đồng chí tán thành, đạt 55%; 6 đồng chí không tán thành', '10/20 đồng chí tán thành, đạt 50%; 7 đồng chí không tán thành'])
    expect(view.votes.map((v) => v.outcome)).toEqual(['Được thông qua', 'Không được thông qua'])
  })

  test('absentees with a reason stay in the denominator too', () => {
    const list = people(10)
    const id = startedMeeting(list)
    for (const m of list.slice(2, 7)) mark(id, m, 'present')
    for (const m of list.slice(7)) mark(id, m, 'excused', 'Đi công tác')
    expect(vote(id, { for: 6, against: 1 })).toMatchObject({ denominator: 10, presentVoters: 7, passed: true })
    expect(vote(id, { for: 5, against: 2 })).toMatchObject({ denominator: 10, passed: false })
  })

  test('probationary members present are not counted, and their votes would make the count impossible', () => {
    const list = people(6, 3)
    const id = startedMeeting(list)
    for (const m of list.slice(2)) mark(id, m, 'present')
    const view = recordView(db, systemCtx.actor, id)
    expect(view.denominator).toMatchObject({ denominator: 6, presentOfficial: 6, probationary: 3 })
    expect(vote(id, { for: 6, against: 0 })).toMatchObject({ denominator: 6, presentVoters: 6, passed: true })
    const error = expectAppError(() => vote(id, { for: 9, against: 0 }), 422)
    expect(error.message).toBe(
      'Tổng số phiếu (9) nhiều hơn số đảng viên chính thức có mặt (6). Đảng viên dự bị không biểu quyết; hãy kiểm tra lại số phiếu.',
    )
  })

  test('an absent exempt member is taken out; an exempt member who attends counts and votes', () => {
    const list = people(8)
    addPeriod(db, list[6].id, 'exempt', '2025-01-01', null, 'Tuổi cao')
    addPeriod(db, list[7].id, 'exempt', '2025-01-01', null, 'Sức khỏe yếu')
    const id = startedMeeting(list)
    for (const m of list.slice(2, 6)) mark(id, m, 'present')

    let view = recordView(db, systemCtx.actor, id)
    expect(view.attendance.filter((a) => a.status === 'exempt').map((a) => a.memberId).sort()).toEqual([list[6].id, list[7].id].sort())
    expect(view.denominator).toMatchObject({ denominator: 6, presentOfficial: 6, excluded: { exemptAbsent: 2, elsewhere: 0, suspended: 0 } })

    mark(id, list[7], 'present') // the exempt member came after all
    view = recordView(db, systemCtx.actor, id)
    expect(view.denominator).toMatchObject({ denominator: 7, presentOfficial: 7, excluded: { exemptAbsent: 1 } })
    expect(vote(id, { for: 4, against: 3 })).toMatchObject({ denominator: 7, presentVoters: 7, passed: true })
  })

  test('members temporarily elsewhere and suspended members are taken out', async () => {
    const list = people(9)
    addPeriod(db, list[8].id, 'elsewhere', '2026-09-01', '2027-02-28', 'Công tác tại TP. Hồ Chí Minh')
    const { updateMember } = await import('~/models/members.server')
    const s = list[7]
    updateMember(db, systemCtx, s.id, { ...s, suspended: true, suspendedNote: 'Đình chỉ sinh hoạt để xem xét kỷ luật', version: s.version })
    const id = startedMeeting(list)
    const view = recordView(db, systemCtx.actor, id)
    expect(view.attendance.find((a) => a.memberId === list[8].id)?.status).toBe('elsewhere')
    expect(view.attendance.find((a) => a.memberId === s.id)).toMatchObject({ status: 'suspended', reason: 'Đình chỉ sinh hoạt để xem xét kỷ luật' })
    expect(view.denominator).toMatchObject({ denominator: 7, excluded: { elsewhere: 1, suspended: 1, exemptAbsent: 0 } })
  })
})

describe('two thirds of the official members (admission, official recognition)', () => {
  test('exactly two thirds passes; one fewer does not', () => {
    const list = people(18)
    const id = startedMeeting(list)
    for (const m of list.slice(2)) mark(id, m, 'present')
    const exact = vote(id, { for: 12, against: 6 }, 'two_thirds')
    expect(exact).toMatchObject({ denominator: 18, kind: 'two_thirds', method: 'secret', passed: true })
    const short = vote(id, { for: 11, against: 7 }, 'two_thirds')
    expect(short).toMatchObject({ denominator: 18, passed: false })
    expect(recordView(db, systemCtx.actor, id).votes[0].sentence).toBe('12/18 đồng chí tán thành, đạt 66,7%; 6 đồng chí không tán thành')
  })
})

describe('refusals', () => {
  test('impossible counts are refused with the message and nothing is stored', () => {
    const list = people(10)
    const id = startedMeeting(list)
    for (const m of list.slice(2, 8)) mark(id, m, 'present')
    for (const m of list.slice(8)) mark(id, m, 'unexcused')
    const auditBefore = db.select().from(auditLog).all().length

    const tooMany = expectAppError(() => vote(id, { for: 7, against: 2 }), 422)
    expect(tooMany.message).toBe('Tổng số phiếu (9) nhiều hơn số đảng viên chính thức có mặt (8). Đảng viên dự bị không biểu quyết; hãy kiểm tra lại số phiếu.')
    const negative = expectAppError(() => vote(id, { for: -1, against: 2 }), 422)
    expect(negative.message).toBe('Số đồng chí tán thành phải là số nguyên không âm (0, 1, 2, …).')
    const abstain = expectAppError(() => recordVote(db, systemCtx, id, { subject: 'Thông qua', kind: 'ordinary', method: 'hands', for: 5, against: 0, abstain: 1 }), 422)
    expect(abstain.message).toContain('không dùng lựa chọn “không biểu quyết”')
    expectAppError(() => recordVote(db, systemCtx, id, { subject: '  ', kind: 'ordinary', method: 'hands', for: 5, against: 0 }), 422)

    expect(storedVotes(id)).toHaveLength(0)
    expect(db.select().from(auditLog).all()).toHaveLength(auditBefore)
  })

  test('abstaining is offered only when the organisation allows it', () => {
    const list = people(6)
    const fresh = getOrganizationById(db, cell.id)!
    updateOrganization(db, systemCtx, cell.id, { name: fresh.name, settings: { allowAbstain: true }, version: fresh.version })
    const id = startedMeeting(list)
    for (const m of list.slice(2)) mark(id, m, 'present')
    const row = recordVote(db, systemCtx, id, { subject: 'Thông qua nghị quyết', kind: 'ordinary', method: 'hands', for: 4, against: 1, abstain: 1 })
    expect(row).toMatchObject({ abstainCount: 1, denominator: 6, passed: true })
    expect(recordView(db, systemCtx.actor, id).votes[0].sentence).toBe('4/6 đồng chí tán thành, đạt 66,7%; 1 đồng chí không tán thành; 1 đồng chí không biểu quyết')
  })
})

describe('reserved opinions, corrections and removal', () => {
  test('minority opinions are stored with the vote, named from the attendance list', () => {
    const list = people(6)
    const id = startedMeeting(list)
    for (const m of list.slice(2)) mark(id, m, 'present')
    const row = recordVote(db, systemCtx, id, {
      subject: 'Thông qua phương án sửa chữa nhà văn hóa khu phố',
      kind: 'ordinary',
      method: 'hands',
      for: 5,
      against: 1,
      reserved: [
        { memberId: list[3].id, name: '', text: 'Đề nghị lấy thêm ý kiến nhân dân trước khi triển khai.' },
        { memberId: null, name: '', text: '' }, // an empty row of the form is dropped
      ],
    })
    expect(row.reserved).toEqual([{ memberId: list[3].id, name: list[3].fullName, text: 'Đề nghị lấy thêm ý kiến nhân dân trước khi triển khai.' }])
    expect(recordView(db, systemCtx.actor, id).votes[0].reserved).toEqual(row.reserved)
    expectAppError(
      () => recordVote(db, systemCtx, id, { subject: 'X', kind: 'ordinary', method: 'hands', for: 4, against: 0, reserved: [{ memberId: list[3].id, name: '', text: '' }] }),
      422,
    )
  })

  test('a correction recomputes the result; a stale version is a conflict; removal needs the version', () => {
    const list = people(6)
    const id = startedMeeting(list)
    for (const m of list.slice(2)) mark(id, m, 'present')
    const first = vote(id, { for: 3, against: 3 })
    expect(first.passed).toBe(false)
    const fixed = updateVote(db, systemCtx, id, first.id, { subject: first.subject, kind: 'ordinary', method: 'hands', for: 4, against: 2, version: first.version })
    expect(fixed).toMatchObject({ forCount: 4, passed: true, version: first.version + 1 })
    expectAppError(() => updateVote(db, systemCtx, id, first.id, { subject: first.subject, kind: 'ordinary', method: 'hands', for: 2, against: 4, version: first.version }), 409)
    expect(storedVotes(id)[0]).toMatchObject({ forCount: 4, passed: true })
    expectAppError(() => removeVote(db, systemCtx, id, first.id, { version: first.version }), 409)
    removeVote(db, systemCtx, id, first.id, { version: fixed.version })
    expect(storedVotes(id)).toHaveLength(0)
  })
})

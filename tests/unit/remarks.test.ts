// Pure rules of inspection remarks and of the report's period (app/domain/remarks.ts).
import { describe, expect, it } from 'vitest'
import type { RemarkStatus } from '~/domain/constants'
import type { Actor, Grant } from '~/domain/permissions'
import {
  REMARK_ACTIONS,
  canAnswerRemark,
  canReadCellRemarks,
  canReadRemark,
  canWriteRemark,
  checkRemarkAction,
  checkSignable,
  isRemarkOverdue,
  parseRemarkFilter,
  parseReportPeriod,
  periodLabel,
  periodMonths,
  periodQuarters,
  periodRange,
  periodText,
  rateText,
  remarkStatusText,
  reportQuery,
  type RemarkAction,
} from '~/domain/remarks'
import { PeriodRemarkSchema, RemarkContentSchema, ReopenSchema, ReplySchema } from '~/domain/remarks.schema'

const CELL = '/upper/kp3/'
const OTHER_CELL = '/upper/school/math/'
const actor = (grants: Omit<Grant, 'orgId'>[], extra: Partial<Actor> = {}): Actor => ({
  userId: 'u1',
  username: 'u1',
  displayName: 'Người dùng',
  memberId: null,
  isSystemAdmin: false,
  grants: grants.map((g) => ({ ...g, orgId: g.orgPath.split('/').filter(Boolean).at(-1)! })),
  ...extra,
})

describe('transitions', () => {
  const table: [RemarkStatus, RemarkAction, RemarkStatus | null | 'refused'][] = [
    ['draft', 'edit', 'draft'],
    ['draft', 'discard', null],
    ['draft', 'sign', 'open'],
    ['draft', 'reply', 'refused'],
    ['draft', 'close', 'refused'],
    ['draft', 'reopen', 'refused'],
    ['open', 'edit', 'refused'],
    ['open', 'discard', 'refused'],
    ['open', 'sign', 'refused'],
    ['open', 'reply', 'answered'],
    ['open', 'close', 'refused'],
    ['open', 'reopen', 'refused'],
    ['answered', 'edit', 'refused'],
    ['answered', 'reply', 'answered'],
    ['answered', 'close', 'closed'],
    ['answered', 'reopen', 'open'],
    ['closed', 'edit', 'refused'],
    ['closed', 'reply', 'refused'],
    ['closed', 'close', 'refused'],
    ['closed', 'reopen', 'refused'],
  ]
  it.each(table)('%s + %s → %s', (from, action, expected) => {
    const check = checkRemarkAction(from, action)
    if (expected === 'refused') {
      expect(check.ok).toBe(false)
      if (!check.ok) expect(check.message).toMatch(/[àáảãạăâđèéêìíòóôơùúưỳý]/i)
    } else {
      expect(check).toEqual({ ok: true, to: expected })
    }
  })

  it('every refusal says why in Vietnamese', () => {
    for (const status of ['draft', 'open', 'answered', 'closed'] as const) {
      for (const action of REMARK_ACTIONS) {
        const check = checkRemarkAction(status, action)
        if (!check.ok) expect(check.message.length, `${status}/${action}`).toBeGreaterThan(15)
      }
    }
    const frozen = checkRemarkAction('open', 'edit')
    expect(frozen.ok === false && frozen.message).toMatch(/đã ký nên không sửa được/)
    const notAnswered = checkRemarkAction('open', 'close')
    expect(notAnswered.ok === false && notAnswered.message).toMatch(/chưa trả lời/)
  })
})

describe('deadlines and signing', () => {
  it('is overdue only while open and past its deadline', () => {
    expect(isRemarkOverdue({ status: 'open', dueOn: '2026-03-09' }, '2026-03-10')).toBe(true)
    expect(isRemarkOverdue({ status: 'open', dueOn: '2026-03-10' }, '2026-03-10')).toBe(false)
    expect(isRemarkOverdue({ status: 'open', dueOn: null }, '2026-03-10')).toBe(false)
    expect(isRemarkOverdue({ status: 'answered', dueOn: '2026-03-01' }, '2026-03-10')).toBe(false)
    expect(isRemarkOverdue({ status: 'closed', dueOn: '2026-03-01' }, '2026-03-10')).toBe(false)
    expect(isRemarkOverdue({ status: 'draft', dueOn: '2026-03-01' }, '2026-03-10')).toBe(false)
    expect(remarkStatusText({ status: 'open', dueOn: '2026-03-01' }, '2026-03-10')).toBe('Chờ chi bộ trả lời — Quá hạn')
    expect(remarkStatusText({ status: 'answered', dueOn: '2026-03-01' }, '2026-03-10')).toBe('Chi bộ đã trả lời')
  })

  it('lists everything a draft lacks before signing', () => {
    expect(checkSignable({ remarks: 'Biên bản thiếu kết luận của chủ trì.', requestedFixes: null, dueOn: null }, '2026-03-10')).toEqual([])
    expect(checkSignable({ remarks: 'ngắn', requestedFixes: 'Bổ sung kết luận', dueOn: '2026-03-01' }, '2026-03-10')).toEqual([
      expect.stringMatching(/quá ngắn/),
      expect.stringMatching(/đã qua/),
    ])
    expect(checkSignable({ remarks: 'Biên bản thiếu kết luận của chủ trì.', requestedFixes: 'Bổ sung kết luận', dueOn: null }, '2026-03-10')).toEqual([
      'Có yêu cầu khắc phục thì cần ghi thời hạn khắc phục.',
    ])
    expect(checkSignable({ remarks: 'Biên bản thiếu kết luận của chủ trì.', requestedFixes: 'Bổ sung', dueOn: '2026-03-10' }, '2026-03-10')).toEqual([])
  })
})

describe('who may do what', () => {
  const inspector = actor([{ orgPath: '/upper/', role: 'inspector' }])
  const schoolInspector = actor([{ orgPath: '/upper/school/', role: 'inspector' }])
  const secretary = actor([{ orgPath: CELL, role: 'secretary' }])
  const deputy = actor([{ orgPath: CELL, role: 'deputy' }])
  const committee = actor([{ orgPath: CELL, role: 'committee' }])
  const member = actor([{ orgPath: CELL, role: 'member' }])
  const admin = actor([{ orgPath: '/upper/', role: 'admin' }])
  const system = actor([], { isSystemAdmin: true })

  it('answers: the cell’s bí thư and phó bí thư only', () => {
    expect([secretary, deputy, committee, member, inspector, admin, system].map((a) => canAnswerRemark(a, CELL))).toEqual([true, true, false, false, false, false, false])
    expect(canAnswerRemark(secretary, OTHER_CELL)).toBe(false)
  })

  it('writes: inspectors of the subtree', () => {
    expect([inspector, schoolInspector, secretary, member, admin, system].map((a) => canWriteRemark(a, CELL))).toEqual([true, false, false, false, false, true])
    expect(canWriteRemark(schoolInspector, OTHER_CELL)).toBe(true)
  })

  it('reads: the author, inspectors of the subtree, the cell’s committee; drafts only the author', () => {
    const open = { status: 'open' as const, inspectorUserId: 'someone' }
    const draft = { status: 'draft' as const, inspectorUserId: 'someone' }
    expect([inspector, schoolInspector, secretary, deputy, committee, member, admin].map((a) => canReadRemark(a, open, CELL))).toEqual([true, false, true, true, true, false, false])
    expect([inspector, secretary, system].map((a) => canReadRemark(a, draft, CELL))).toEqual([false, false, false])
    expect(canReadRemark(actor([]), { status: 'draft', inspectorUserId: 'u1' }, CELL)).toBe(true)
    expect(canReadCellRemarks(member, CELL)).toBe(false)
    expect(canReadCellRemarks(committee, CELL)).toBe(true)
  })
})

describe('forms', () => {
  it('trims, keeps line breaks, and turns empty optional fields into null', () => {
    const parsed = RemarkContentSchema.parse({ remarks: '  Dòng một của nhận xét.\r\nDòng hai.  ', requestedFixes: '   ', dueOn: '' })
    expect(parsed).toEqual({ remarks: 'Dòng một của nhận xét.\nDòng hai.', requestedFixes: null, dueOn: null, inspectorBody: null })
  })

  it('explains what is wrong in Vietnamese', () => {
    const short = RemarkContentSchema.safeParse({ remarks: 'ngắn' })
    expect(short.success).toBe(false)
    expect(short.error?.issues[0].message).toBe('Hãy ghi nội dung nhận xét (ít nhất 10 ký tự).')
    const missing = RemarkContentSchema.safeParse({})
    expect(missing.error?.issues[0].message).toBe('Hãy ghi nội dung nhận xét (ít nhất 10 ký tự).')
    const badDate = RemarkContentSchema.safeParse({ remarks: 'Nội dung đủ dài để nhận xét.', dueOn: '2026-02-30' })
    expect(badDate.error?.issues[0]).toMatchObject({ path: ['dueOn'], message: expect.stringMatching(/không hợp lệ/) })
    const period = PeriodRemarkSchema.safeParse({ remarks: 'Nội dung đủ dài để nhận xét.', cellId: 'c', periodFrom: '2026-03-01', periodTo: '2026-02-01' })
    expect(period.error?.issues[0]).toMatchObject({ path: ['periodTo'], message: 'Ngày kết thúc phải từ ngày bắt đầu trở đi.' })
    expect(ReplySchema.safeParse({ reply: 'ok', version: '3' }).error?.issues[0].message).toMatch(/ít nhất 5 ký tự/)
    expect(ReplySchema.parse({ reply: 'Chi bộ tiếp thu.', version: '3' })).toEqual({ reply: 'Chi bộ tiếp thu.', version: 3 })
    expect(ReopenSchema.safeParse({ version: '2' }).error?.issues[0].message).toMatch(/bổ sung/)
  })

  it('reads list filters, falling back to "all"', () => {
    expect(parseRemarkFilter('overdue')).toBe('overdue')
    expect(parseRemarkFilter('nonsense')).toBe('all')
    expect(parseRemarkFilter(null, 'open')).toBe('open')
  })

  it('describes a period remark', () => {
    expect(periodText('2026-01-01', '2026-03-31')).toBe('Kỳ 01/01/2026 – 31/03/2026')
    expect(periodText('2026-01-05', '2026-01-05')).toBe('Ngày 05/01/2026')
    expect(periodText(null, null)).toBeNull()
  })
})

describe('the report period', () => {
  it('covers its months and quarters, with its first and last day', () => {
    expect(periodMonths({ kind: 'month', year: 2026, month: 2 })).toEqual([2])
    expect(periodMonths({ kind: 'quarter', year: 2026, quarter: 3 })).toEqual([7, 8, 9])
    expect(periodMonths({ kind: 'year', year: 2026 })).toHaveLength(12)
    expect(periodQuarters({ kind: 'month', year: 2026, month: 11 })).toEqual([4])
    expect(periodQuarters({ kind: 'year', year: 2026 })).toEqual([1, 2, 3, 4])
    expect(periodRange({ kind: 'month', year: 2024, month: 2 })).toEqual({ from: '2024-02-01', to: '2024-02-29' })
    expect(periodRange({ kind: 'quarter', year: 2026, quarter: 4 })).toEqual({ from: '2026-10-01', to: '2026-12-31' })
  })

  it('names the period as documents do (leading zero for months 1–2 only)', () => {
    expect(periodLabel({ kind: 'month', year: 2026, month: 2 })).toBe('tháng 02 năm 2026')
    expect(periodLabel({ kind: 'month', year: 2026, month: 11 })).toBe('tháng 11 năm 2026')
    expect(periodLabel({ kind: 'quarter', year: 2026, quarter: 2 })).toBe('quý II năm 2026')
    expect(periodLabel({ kind: 'year', year: 2026 })).toBe('năm 2026')
  })

  it('parses the query with today’s month as the default and refuses nonsense', () => {
    const p = (q: string) => parseReportPeriod(new URLSearchParams(q), '2026-11-30')
    expect(p('')).toEqual({ kind: 'month', year: 2026, month: 11 })
    expect(p('period=quarter')).toEqual({ kind: 'quarter', year: 2026, quarter: 4 })
    expect(p('period=year&year=2025')).toEqual({ kind: 'year', year: 2025 })
    expect(p('period=month&year=2026&month=2')).toEqual({ kind: 'month', year: 2026, month: 2 })
    expect(p('period=week')).toBeNull()
    expect(p('period=month&month=13')).toBeNull()
    expect(p('period=quarter&quarter=5')).toBeNull()
    expect(p('year=1899')).toBeNull()
    expect(p('year=abc')).toBeNull()
    expect(reportQuery({ kind: 'quarter', year: 2026, quarter: 1 }, 'org-1')).toBe('period=quarter&year=2026&quarter=1&unit=org-1')
  })

  it('writes rates with a Vietnamese decimal comma', () => {
    expect(rateText(7, 8)).toBe('87,5%')
    expect(rateText(3, 3)).toBe('100%')
    expect(rateText(1, 3)).toBe('33,3%')
    expect(rateText(0, 0)).toBe('—')
  })
})

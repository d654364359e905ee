// Pure rules of the criticism register: the status machine (every pair), who writes and verifies,
// overdue, the item form schema and the pasted manifestation list.
import { describe, expect, test } from 'vitest'
import { CRITICISM_STATUSES, type CriticismStatus } from '~/domain/constants'
import {
  canVerifyCriticism,
  canWriteCriticism,
  checkTransition,
  isOverdue,
  nextStatuses,
  parseManifestationLines,
  parseSubject,
  subjectValue,
} from '~/domain/criticism'
import { CriticismItemSchema } from '~/domain/criticism.schema'
import type { Actor, Grant } from '~/domain/permissions'

// Expected outcome of every move: 'ok', 'verifier' (only bí thư / phó bí thư), or 'no'.
const TABLE: Record<CriticismStatus, Record<CriticismStatus, 'ok' | 'verifier' | 'no'>> = {
  open: { open: 'no', in_progress: 'ok', resolved: 'ok', verified: 'no', referred: 'ok' },
  in_progress: { open: 'no', in_progress: 'no', resolved: 'ok', verified: 'no', referred: 'ok' },
  resolved: { open: 'no', in_progress: 'ok', resolved: 'no', verified: 'verifier', referred: 'ok' },
  verified: { open: 'no', in_progress: 'no', resolved: 'no', verified: 'no', referred: 'no' },
  referred: { open: 'no', in_progress: 'no', resolved: 'no', verified: 'no', referred: 'no' },
}

describe('checkTransition: the whole table', () => {
  const cases = CRITICISM_STATUSES.flatMap((from) => CRITICISM_STATUSES.map((to) => [from, to, TABLE[from][to]] as const))
  test.each(cases)('%s → %s: %s', (from, to, expected) => {
    const asVerifier = checkTransition(from, to, { canVerify: true })
    const asCommittee = checkTransition(from, to, { canVerify: false })
    expect(asVerifier.ok).toBe(expected !== 'no')
    expect(asCommittee.ok).toBe(expected === 'ok')
    for (const r of [asVerifier, asCommittee]) if (!r.ok) expect(r.message).toMatch(/[ạảãáàâăđêôơư]/)
  })
})

describe('checkTransition: the messages say why and what to do', () => {
  const msg = (from: CriticismStatus, to: CriticismStatus, canVerify = true) => {
    const r = checkTransition(from, to, { canVerify })
    return r.ok ? '' : r.message
  }
  test('verifying before the remedy is recorded', () => {
    expect(msg('open', 'verified')).toBe('Chỉ xác nhận được nội dung đã khắc phục; nội dung đang ở trạng thái "Mở". Hãy ghi nhận "Đã khắc phục" trước.')
  })
  test('a chi ủy viên verifying', () => {
    expect(msg('resolved', 'verified', false)).toBe('Chỉ Bí thư hoặc Phó Bí thư chi bộ mới được xác nhận nội dung đã khắc phục xong.')
  })
  test('terminal states', () => {
    expect(msg('verified', 'in_progress')).toMatch(/đã được chi bộ xác nhận khắc phục xong/)
    expect(msg('referred', 'open')).toMatch(/đã chuyển cơ quan kiểm tra/)
  })
  test('same state and going back to open', () => {
    expect(msg('in_progress', 'in_progress')).toBe('Nội dung này đã ở trạng thái "Đang khắc phục".')
    expect(msg('resolved', 'open')).toBe('Không thể đưa nội dung đang ở trạng thái "Đã khắc phục" về trạng thái "Mở".')
  })
})

describe('nextStatuses (the buttons offered)', () => {
  test.each([
    ['open', true, ['in_progress', 'resolved', 'referred']],
    ['resolved', true, ['verified', 'in_progress', 'referred']],
    ['resolved', false, ['in_progress', 'referred']],
    ['verified', true, []],
    ['referred', true, []],
  ] as const)('%s (verifier: %s)', (from, canVerify, expected) => {
    expect(nextStatuses(from, { canVerify })).toEqual(expected)
  })
})

describe('isOverdue', () => {
  test.each([
    ['open', '2026-01-31', '2026-02-01', true],
    ['in_progress', '2026-01-31', '2026-02-01', true],
    ['open', '2026-01-31', '2026-01-31', false],
    ['resolved', '2026-01-31', '2026-03-01', false],
    ['verified', '2026-01-31', '2026-03-01', false],
    ['open', null, '2026-03-01', false],
  ] as const)('%s due %s on %s → %s', (status, dueOn, today, expected) => {
    expect(isOverdue({ status, dueOn }, today)).toBe(expected)
  })
})

describe('who writes and verifies', () => {
  const cell = '/root/kp3/'
  const actor = (grants: Grant[], isSystemAdmin = false): Actor => ({ userId: 'u', username: 'u', displayName: 'u', memberId: null, isSystemAdmin, grants })
  const g = (role: Grant['role'], orgPath = cell): Grant => ({ orgId: 'x', orgPath, role })
  test.each([
    ['secretary', true, true],
    ['deputy', true, true],
    ['committee', true, false],
    ['member', false, false],
    ['inspector', false, false],
    ['admin', false, false],
  ] as const)('%s of the cell: write %s, verify %s', (role, write, verify) => {
    expect(canWriteCriticism(actor([g(role)]), cell)).toBe(write)
    expect(canVerifyCriticism(actor([g(role)]), cell)).toBe(verify)
  })
  test('a grant on another cell, an inspector above, a system admin: no writes', () => {
    expect(canWriteCriticism(actor([g('secretary', '/root/kp5/')]), cell)).toBe(false)
    expect(canWriteCriticism(actor([g('inspector', '/root/')]), cell)).toBe(false)
    expect(canWriteCriticism(actor([], true), cell)).toBe(false)
  })
})

describe('CriticismItemSchema', () => {
  const base = { subject: '0190a0b0-0000-7000-8000-000000000001', kind: 'peer', raisedByMemberId: '0190a0b0-0000-7000-8000-000000000002', category: 'G5', description: '  Chậm nộp đảng phí 2 tháng.  ' }
  const errors = (value: Record<string, unknown>) => {
    const r = CriticismItemSchema.safeParse(value)
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
  }
  test('a member subject, trimmed text, empty optionals as null', () => {
    const v = CriticismItemSchema.parse({ ...base, cause: '', remedy: '  ' })
    expect(v).toMatchObject({ subjectKind: 'member', subjectMemberId: base.subject, description: 'Chậm nộp đảng phí 2 tháng.', cause: null, remedy: null, response: null, outcome: null, dueOn: null })
  })
  test('the cell or the chi ủy as a whole', () => {
    expect(parseSubject('cell')).toEqual({ subjectKind: 'cell', subjectMemberId: null })
    expect(parseSubject('committee')).toEqual({ subjectKind: 'committee', subjectMemberId: null })
    expect(subjectValue({ subjectKind: 'committee', subjectMemberId: null })).toBe('committee')
    expect(subjectValue({ subjectKind: 'member', subjectMemberId: 'abc' })).toBe('abc')
  })
  test('self-criticism of a member is raised by that member (other sources dropped)', () => {
    const v = CriticismItemSchema.parse({ ...base, kind: 'self', raisedByMemberId: null, raisedByText: 'ai đó' })
    expect(v.raisedByMemberId).toBeNull()
    expect(v.raisedByText).toBeNull()
    expect(errors({ ...base, kind: 'self' })).toEqual([
      'raisedByMemberId: Tự phê bình do chính đồng chí được phê bình nêu; hãy bỏ chọn người nêu ý kiến hoặc chọn hình thức "Phê bình".',
    ])
  })
  test('criticism by others needs a source; a non-member source is free text', () => {
    expect(errors({ ...base, raisedByMemberId: undefined })[0]).toMatch(/^raisedByText: Hãy ghi người hoặc nơi nêu ý kiến/)
    expect(errors({ ...base, kind: 'public', raisedByMemberId: undefined, raisedByText: 'Nhân dân tổ dân phố số 12' })).toEqual([])
  })
  test('a manifestation only with G1–G3; one public line; real dates', () => {
    expect(errors({ ...base, manifestationId: 'm1' })).toEqual(['manifestationId: Chỉ chọn biểu hiện cụ thể với các nhóm G1, G2, G3 (27 biểu hiện suy thoái).'])
    expect(errors({ ...base, category: 'G2', manifestationId: 'm1' })).toEqual([])
    expect(errors({ ...base, publicSummary: 'dòng một\ndòng hai' })).toEqual(['publicSummary: Dòng ghi công khai chỉ gồm một dòng.'])
    expect(errors({ ...base, dueOn: '2026-02-30' })).toEqual(['dueOn: Thời hạn khắc phục không hợp lệ.'])
    expect(errors({ ...base, description: '' })).toEqual(['description: Chưa nhập nội dung hạn chế, khuyết điểm.'])
    expect(errors({ ...base, category: 'G9' })[0]).toMatch(/^category: Hãy chọn nhóm nội dung/)
  })
})

describe('parseManifestationLines', () => {
  test('one per line, blank lines skipped, the source numbering dropped, wording kept', () => {
    const r = parseManifestationLines('1. Phai nhạt lý tưởng …\n\n  2)  Dòng hai   có  khoảng trắng\r\n(3) Dòng ba\n4 - Dòng bốn\n10. 2 năm liền')
    expect(r).toEqual({ ok: true, lines: ['Phai nhạt lý tưởng …', 'Dòng hai có khoảng trắng', 'Dòng ba', 'Dòng bốn', '2 năm liền'] })
  })
  test('limits', () => {
    const many = Array.from({ length: 21 }, (_, i) => `Dòng ${i}`).join('\n')
    expect(parseManifestationLines(many)).toMatchObject({ ok: false, message: expect.stringMatching(/tối đa 20 dòng/) })
    expect(parseManifestationLines('a'.repeat(1001))).toMatchObject({ ok: false, message: expect.stringMatching(/Dòng 1 quá dài/) })
    expect(parseManifestationLines('')).toEqual({ ok: true, lines: [] })
  })
})

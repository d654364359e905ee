import { describe, expect, test } from 'vitest'
import {
  VOTE_KIND_LABELS,
  VOTE_METHOD_LABELS,
  computeDenominator,
  defaultMethodFor,
  describeDenominator,
  describeRule,
  evaluateVote,
  formatPercent,
  formatVoteSentence,
  requiredVotes,
  type VoteInput,
  type VoterInput,
} from '~/domain/voting'

type Status = VoterInput['status']
type Attendance = VoterInput['attendance']

/** Builds a list: roster([['official', 'present', 17], ['official', 'unexcused', 3]]). */
function roster(groups: [Status, Attendance, number][]): VoterInput[] {
  const out: VoterInput[] = []
  for (const [status, attendance, n] of groups) {
    for (let i = 0; i < n; i++) out.push({ memberId: `m${out.length + 1}`, status, attendance })
  }
  return out
}

describe('computeDenominator', () => {
  test('20 official members, 3 absent without reason: approval is measured against 20', () => {
    const d = computeDenominator(
      roster([
        ['official', 'present', 17],
        ['official', 'unexcused', 3],
      ]),
    )
    expect(d.denominator).toBe(20)
    expect(d.presentOfficial).toBe(17)
    expect(d.excluded).toEqual({ elsewhere: 0, exemptAbsent: 0, suspended: 0 })
  })

  test.each<[string, [Status, Attendance, number][], number, number]>([
    ['absent with a reason stays in', [['official', 'present', 8], ['official', 'excused', 2]], 10, 8],
    ['probationary members present do not count', [['official', 'present', 10], ['probationary', 'present', 3]], 10, 10],
    ['an exempt member absent is excluded', [['official', 'present', 10], ['official', 'exempt', 1]], 10, 10],
    ['members elsewhere are excluded', [['official', 'present', 10], ['official', 'elsewhere', 2]], 10, 10],
    ['suspended members are excluded', [['official', 'present', 10], ['official', 'suspended', 1]], 10, 10],
    ['nobody official', [['probationary', 'present', 2]], 0, 0],
  ])('%s', (_name, groups, denominator, present) => {
    const d = computeDenominator(roster(groups))
    expect(d.denominator).toBe(denominator)
    expect(d.presentOfficial).toBe(present)
  })

  test('an exempt member who attends is counted; one who stays away is not', () => {
    const voters: VoterInput[] = [
      ...roster([['official', 'present', 20]]),
      { memberId: 'exempt-came', status: 'official', attendance: 'present' },
      { memberId: 'exempt-away', status: 'official', attendance: 'exempt' },
    ]
    const d = computeDenominator(voters)
    expect(d.denominator).toBe(21)
    expect(d.presentOfficial).toBe(21)
    expect(d.official).toBe(22)
    expect(d.excluded.exemptAbsent).toBe(1)
  })

  test('probationary members are reported but never in the denominator', () => {
    const d = computeDenominator(
      roster([
        ['official', 'present', 5],
        ['probationary', 'present', 2],
        ['probationary', 'unexcused', 1],
      ]),
    )
    expect(d).toEqual({
      denominator: 5,
      excluded: { elsewhere: 0, exemptAbsent: 0, suspended: 0 },
      probationary: 3,
      presentOfficial: 5,
      official: 5,
    })
  })

  test('a member listed twice is refused', () => {
    const v: VoterInput = { memberId: 'a', status: 'official', attendance: 'present' }
    expect(() => computeDenominator([v, v])).toThrow(/listed twice/)
  })

  test('describeDenominator shows the arithmetic the minutes carry', () => {
    const reference = computeDenominator(
      roster([
        ['official', 'present', 20],
        ['official', 'excused', 1],
        ['official', 'exempt', 1],
      ]),
    )
    expect(describeDenominator(reference)).toBe(
      'mẫu số 21: 22 đảng viên chính thức trừ 1 đồng chí miễn sinh hoạt vắng mặt',
    )
    const all = computeDenominator(
      roster([
        ['official', 'present', 10],
        ['official', 'elsewhere', 2],
        ['official', 'exempt', 1],
        ['official', 'suspended', 1],
      ]),
    )
    expect(describeDenominator(all)).toBe(
      'mẫu số 10: 14 đảng viên chính thức trừ 2 đồng chí sinh hoạt tạm thời nơi khác, 1 đồng chí miễn sinh hoạt vắng mặt, 1 đồng chí bị đình chỉ sinh hoạt',
    )
    expect(describeDenominator(computeDenominator(roster([['official', 'present', 3]])))).toBe(
      'mẫu số 3: 3 đảng viên chính thức',
    )
  })
})

describe('evaluateVote: thresholds', () => {
  const base = { against: 0, allowAbstain: false }
  test.each<[VoteInput['kind'], number, number, boolean, number]>([
    // kind, for, denominator, passed, percent
    ['ordinary', 10, 20, false, 50],
    ['ordinary', 11, 20, true, 55],
    ['ordinary', 10, 19, true, 52.6],
    ['ordinary', 9, 19, false, 47.4],
    ['ordinary', 1, 1, true, 100],
    ['two_thirds', 12, 18, true, 66.7],
    ['two_thirds', 11, 17, false, 64.7],
    ['two_thirds', 12, 17, true, 70.6],
    ['two_thirds', 2, 3, true, 66.7],
    ['two_thirds', 13, 20, false, 65],
    ['two_thirds', 14, 20, true, 70],
  ])('%s: %i/%i → passed %s (%d%)', (kind, forCount, denominator, passed, percent) => {
    const r = evaluateVote({ ...base, kind, for: forCount, denominator, presentVoters: denominator })
    expect(r).toMatchObject({ ok: true, passed, percent })
  })

  test('the reference example: 18/21 with one against', () => {
    const r = evaluateVote({
      kind: 'ordinary',
      denominator: 21,
      presentVoters: 20,
      for: 18,
      against: 1,
      allowAbstain: false,
    })
    expect(r).toEqual({
      ok: true,
      passed: true,
      percent: 85.7,
      required: 11,
      threshold: 'Cần ít nhất 11/21 đồng chí tán thành (quá nửa)',
      outcome: 'Được thông qua',
      sentence: '18/21 đồng chí tán thành, đạt 85,7%; 1 đồng chí không tán thành',
    })
  })

  test('20 official, 3 absent without reason, 10 for: not passed (exactly half of 20)', () => {
    const d = computeDenominator(
      roster([
        ['official', 'present', 17],
        ['official', 'unexcused', 3],
      ]),
    )
    const r = evaluateVote({
      kind: 'ordinary',
      denominator: d.denominator,
      presentVoters: d.presentOfficial,
      for: 10,
      against: 7,
      allowAbstain: false,
    })
    expect(r).toMatchObject({ ok: true, passed: false, outcome: 'Không được thông qua' })
    if (r.ok) expect(r.sentence).toBe('10/20 đồng chí tán thành, đạt 50%; 7 đồng chí không tán thành')
  })

  test('two-thirds threshold text', () => {
    const r = evaluateVote({ kind: 'two_thirds', denominator: 17, presentVoters: 17, for: 11, against: 6, allowAbstain: false })
    expect(r).toMatchObject({
      ok: true,
      passed: false,
      required: 12,
      threshold: 'Cần ít nhất 12/17 đồng chí tán thành (hai phần ba)',
      sentence: '11/17 đồng chí tán thành, đạt 64,7%; 6 đồng chí không tán thành',
    })
  })

  test.each([
    ['ordinary', 1, 1],
    ['ordinary', 2, 2],
    ['ordinary', 20, 11],
    ['ordinary', 21, 11],
    ['two_thirds', 3, 2],
    ['two_thirds', 17, 12],
    ['two_thirds', 18, 12],
    ['two_thirds', 19, 13],
  ] as const)('requiredVotes(%s, %i) = %i', (kind, d, required) => {
    expect(requiredVotes(kind, d)).toBe(required)
  })
})

describe('evaluateVote: impossible counts are refused', () => {
  const ok: VoteInput = { kind: 'ordinary', denominator: 10, presentVoters: 8, for: 5, against: 2, allowAbstain: false }
  test.each<[string, Partial<VoteInput>, string]>([
    [
      'more votes than official members present',
      { for: 7, against: 2 },
      'Tổng số phiếu (9) nhiều hơn số đảng viên chính thức có mặt (8). Đảng viên dự bị không biểu quyết; hãy kiểm tra lại số phiếu.',
    ],
    [
      'abstentions push the total over the present',
      { allowAbstain: true, abstain: 2 },
      'Tổng số phiếu (9) nhiều hơn số đảng viên chính thức có mặt (8). Đảng viên dự bị không biểu quyết; hãy kiểm tra lại số phiếu.',
    ],
    ['negative count', { against: -1 }, 'Số đồng chí không tán thành phải là số nguyên không âm (0, 1, 2, …).'],
    ['fractional count', { for: 2.5 }, 'Số đồng chí tán thành phải là số nguyên không âm (0, 1, 2, …).'],
    ['NaN count', { for: Number.NaN }, 'Số đồng chí tán thành phải là số nguyên không âm (0, 1, 2, …).'],
    ['negative present', { presentVoters: -1 }, 'Số đảng viên chính thức có mặt phải là số nguyên không âm (0, 1, 2, …).'],
    [
      'abstain when the cell does not allow it',
      { abstain: 1 },
      'Chi bộ không dùng lựa chọn “không biểu quyết”. Hãy chỉ nhập số tán thành và không tán thành.',
    ],
    [
      'denominator 0',
      { denominator: 0, presentVoters: 0, for: 0, against: 0 },
      'Mẫu số bằng 0: không có đảng viên chính thức nào thuộc diện biểu quyết. Hãy kiểm tra lại điểm danh.',
    ],
    [
      'more present than the denominator',
      { presentVoters: 11 },
      'Số đảng viên chính thức có mặt (11) lớn hơn mẫu số (10). Hãy kiểm tra lại điểm danh.',
    ],
  ])('%s', (_name, patch, error) => {
    expect(evaluateVote({ ...ok, ...patch })).toEqual({ ok: false, error })
  })

  test('abstain 0 is fine when not allowed; votes may be fewer than members present', () => {
    expect(evaluateVote({ ...ok, abstain: 0 })).toMatchObject({ ok: true, passed: false })
    expect(evaluateVote({ ...ok, for: 6, against: 0 })).toMatchObject({ ok: true, passed: true, percent: 60 })
  })

  test('abstain allowed: counted in the total and written in the sentence', () => {
    const r = evaluateVote({ ...ok, for: 6, against: 1, abstain: 1, allowAbstain: true })
    expect(r).toMatchObject({
      ok: true,
      passed: true,
      sentence: '6/10 đồng chí tán thành, đạt 60%; 1 đồng chí không tán thành; 1 đồng chí không biểu quyết',
    })
  })
})

describe('formatVoteSentence and formatPercent', () => {
  test.each<[Parameters<typeof formatVoteSentence>[0], string]>([
    [{ for: 18, denominator: 21, against: 1 }, '18/21 đồng chí tán thành, đạt 85,7%; 1 đồng chí không tán thành'],
    [{ for: 12, denominator: 17 }, '12/17 đồng chí tán thành, đạt 70,6%'],
    [{ for: 17, denominator: 17, against: 0 }, '17/17 đồng chí tán thành, đạt 100%'],
    [{ for: 10, denominator: 20 }, '10/20 đồng chí tán thành, đạt 50%'],
    [{ for: 2, denominator: 3 }, '2/3 đồng chí tán thành, đạt 66,7%'],
    [{ for: 1, denominator: 3 }, '1/3 đồng chí tán thành, đạt 33,3%'],
    [{ for: 0, denominator: 5, against: 5 }, '0/5 đồng chí tán thành, đạt 0%; 5 đồng chí không tán thành'],
    [{ for: 9, denominator: 12, against: 1, abstain: 2, allowAbstain: false }, '9/12 đồng chí tán thành, đạt 75%; 1 đồng chí không tán thành'],
    [
      { for: 9, denominator: 12, against: 1, abstain: 2, allowAbstain: true },
      '9/12 đồng chí tán thành, đạt 75%; 1 đồng chí không tán thành; 2 đồng chí không biểu quyết',
    ],
  ])('%o → %s', (input, sentence) => {
    expect(formatVoteSentence(input)).toBe(sentence)
  })

  test.each([
    [70.6, '70,6%'],
    [100, '100%'],
    [50, '50%'],
    [66.66, '66,7%'],
    [0, '0%'],
  ])('formatPercent(%d) = %s', (p, text) => {
    expect(formatPercent(p)).toBe(text)
  })
})

describe('labels and rule text', () => {
  test('rule shown on the vote page', () => {
    expect(describeRule('ordinary')).toBe(
      'Nghị quyết được thông qua khi quá nửa số đảng viên chính thức được triệu tập (trừ đảng viên sinh hoạt tạm thời nơi khác, đảng viên miễn sinh hoạt vắng mặt, đảng viên bị đình chỉ) tán thành.',
    )
    expect(describeRule('two_thirds')).toBe(
      'Đề nghị được thông qua khi có ít nhất hai phần ba số đảng viên chính thức được triệu tập (trừ đảng viên sinh hoạt tạm thời nơi khác, đảng viên miễn sinh hoạt vắng mặt, đảng viên bị đình chỉ) tán thành.',
    )
  })

  test('kind and method labels', () => {
    expect(VOTE_KIND_LABELS).toEqual({
      ordinary: 'Quá nửa (biểu quyết thông thường)',
      two_thirds: 'Hai phần ba (kết nạp, chuyển chính thức)',
    })
    expect(VOTE_METHOD_LABELS).toEqual({
      hands: 'Giơ tay',
      card: 'Biểu quyết bằng phiếu (thẻ)',
      secret: 'Bỏ phiếu kín',
    })
    expect(defaultMethodFor('two_thirds')).toBe('secret')
    expect(defaultMethodFor('ordinary')).toBe('hands')
  })
})

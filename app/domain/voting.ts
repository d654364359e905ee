// Votes of a party cell (DOMAIN §4). Pure arithmetic: who counts in the denominator, whether a
// resolution passed, and the sentence the minutes carry ("18/21 đồng chí tán thành, đạt 85,7%").

export const VOTE_KINDS = ['ordinary', 'two_thirds'] as const
export type VoteKind = (typeof VOTE_KINDS)[number]
export const VOTE_KIND_LABELS: Record<VoteKind, string> = {
  ordinary: 'Quá nửa (biểu quyết thông thường)',
  two_thirds: 'Hai phần ba (kết nạp, chuyển chính thức)',
}

export const VOTE_METHODS = ['hands', 'card', 'secret'] as const
export type VoteMethod = (typeof VOTE_METHODS)[number]
export const VOTE_METHOD_LABELS: Record<VoteMethod, string> = {
  hands: 'Giơ tay',
  card: 'Biểu quyết bằng phiếu (thẻ)',
  secret: 'Bỏ phiếu kín',
}
/** Method proposed by default: admission and official recognition go to a secret ballot (DOMAIN §4). */
export function defaultMethodFor(kind: VoteKind): VoteMethod {
  return kind === 'two_thirds' ? 'secret' : 'hands'
}

export type VoterAttendance = 'present' | 'excused' | 'unexcused' | 'exempt' | 'elsewhere' | 'suspended'
/**
 * One member summoned to the meeting.
 * - `exempt`: an exempt member (miễn sinh hoạt) who is absent; an exempt member who attends is `present`.
 * - `elsewhere`: temporarily attending another cell (sinh hoạt tạm thời nơi khác).
 * - `suspended`: suspended, prosecuted or detained.
 */
export type VoterInput = {
  memberId: string
  status: 'official' | 'probationary'
  attendance: VoterAttendance
}

export type Denominator = {
  /** Official members whose approval is measured: the "y" of "x/y đồng chí tán thành". */
  denominator: number
  /** Official members taken out of the denominator, by reason. */
  excluded: { elsewhere: number; exemptAbsent: number; suspended: number }
  /** Probationary members on the list (present or not); they never vote. */
  probationary: number
  /** Official members present, i.e. those who can cast a vote. */
  presentOfficial: number
  /** All official members on the list, before exclusions. */
  official: number
}

/**
 * Official members summoned, minus those temporarily elsewhere, exempt members who are absent and
 * suspended/prosecuted/detained members. Absentees, with or without a reason, stay in.
 * Probationary members are never counted. A member listed twice is a caller bug and throws.
 */
export function computeDenominator(voters: readonly VoterInput[]): Denominator {
  const seen = new Set<string>()
  const out: Denominator = {
    denominator: 0,
    excluded: { elsewhere: 0, exemptAbsent: 0, suspended: 0 },
    probationary: 0,
    presentOfficial: 0,
    official: 0,
  }
  for (const v of voters) {
    if (seen.has(v.memberId)) throw new Error(`computeDenominator: member ${v.memberId} listed twice`)
    seen.add(v.memberId)
    if (v.status === 'probationary') {
      out.probationary++
      continue
    }
    out.official++
    switch (v.attendance) {
      case 'elsewhere':
        out.excluded.elsewhere++
        break
      case 'exempt':
        out.excluded.exemptAbsent++
        break
      case 'suspended':
        out.excluded.suspended++
        break
      case 'present':
        out.presentOfficial++
        out.denominator++
        break
      case 'excused':
      case 'unexcused':
        out.denominator++
        break
    }
  }
  return out
}

/**
 * The arithmetic behind the denominator, as the minutes state it:
 * "mẫu số 21: 22 đảng viên chính thức trừ 1 đồng chí miễn sinh hoạt vắng mặt".
 */
export function describeDenominator(d: Denominator): string {
  const parts: string[] = []
  if (d.excluded.elsewhere > 0) parts.push(`${d.excluded.elsewhere} đồng chí sinh hoạt tạm thời nơi khác`)
  if (d.excluded.exemptAbsent > 0) parts.push(`${d.excluded.exemptAbsent} đồng chí miễn sinh hoạt vắng mặt`)
  if (d.excluded.suspended > 0) parts.push(`${d.excluded.suspended} đồng chí bị đình chỉ sinh hoạt`)
  const base = `mẫu số ${d.denominator}: ${d.official} đảng viên chính thức`
  return parts.length > 0 ? `${base} trừ ${parts.join(', ')}` : base
}

const EXCLUSIONS_TEXT =
  'số đảng viên chính thức được triệu tập (trừ đảng viên sinh hoạt tạm thời nơi khác, đảng viên miễn sinh hoạt vắng mặt, đảng viên bị đình chỉ)'

/** The rule shown next to a vote. */
export function describeRule(kind: VoteKind): string {
  return kind === 'two_thirds'
    ? `Đề nghị được thông qua khi có ít nhất hai phần ba ${EXCLUSIONS_TEXT} tán thành.`
    : `Nghị quyết được thông qua khi quá nửa ${EXCLUSIONS_TEXT} tán thành.`
}

/** Smallest number of approvals that passes. */
export function requiredVotes(kind: VoteKind, denominator: number): number {
  return kind === 'two_thirds' ? Math.ceil((denominator * 2) / 3) : Math.floor(denominator / 2) + 1
}

/** Whole-number arithmetic, no floating point: ordinary for·2 > d; two-thirds for·3 ≥ 2·d. */
export function isPassed(kind: VoteKind, forCount: number, denominator: number): boolean {
  if (denominator <= 0) return false
  return kind === 'two_thirds' ? forCount * 3 >= denominator * 2 : forCount * 2 > denominator
}

/** Percentage with one decimal, half up: 12/17 → 70.6. */
export function votePercent(forCount: number, denominator: number): number {
  if (denominator <= 0) return 0
  return Math.round((forCount * 1000) / denominator) / 10
}

/** "70,6%", "100%", "50%" — Vietnamese decimal comma, a decimal only when there is one. */
export function formatPercent(percent: number): string {
  const rounded = Math.round(percent * 10) / 10
  const text = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1).replace('.', ',')
  return `${text}%`
}

export type VoteSentenceInput = {
  for: number
  denominator: number
  against?: number
  abstain?: number
  allowAbstain?: boolean
}

/**
 * The sentence of the minutes: "18/21 đồng chí tán thành, đạt 85,7%; 1 đồng chí không tán thành".
 * Counts of zero for "không tán thành" / "không biểu quyết" are left out; "không biểu quyết" appears
 * only when the cell allows abstaining.
 */
export function formatVoteSentence(input: VoteSentenceInput): string {
  const { for: forCount, denominator, against = 0, abstain = 0, allowAbstain = false } = input
  let s = `${forCount}/${denominator} đồng chí tán thành, đạt ${formatPercent(votePercent(forCount, denominator))}`
  if (against > 0) s += `; ${against} đồng chí không tán thành`
  if (allowAbstain && abstain > 0) s += `; ${abstain} đồng chí không biểu quyết`
  return s
}

export type VoteInput = {
  kind: VoteKind
  denominator: number
  /** Official members present (the only ones who may vote). */
  presentVoters: number
  for: number
  against: number
  abstain?: number
  allowAbstain: boolean
}

export type VoteResult =
  | {
      ok: true
      passed: boolean
      /** for / denominator in percent, one decimal. */
      percent: number
      /** Smallest number of approvals that passes. */
      required: number
      /** "Cần ít nhất 11/20 đồng chí tán thành (quá nửa)". */
      threshold: string
      /** "Được thông qua" | "Không được thông qua". */
      outcome: string
      sentence: string
    }
  | { ok: false; error: string }

const COUNT_NAMES = {
  denominator: 'Mẫu số',
  presentVoters: 'Số đảng viên chính thức có mặt',
  for: 'Số đồng chí tán thành',
  against: 'Số đồng chí không tán thành',
  abstain: 'Số đồng chí không biểu quyết',
} as const

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0
}

/** Checks the counts, then decides. Impossible counts are refused with a Vietnamese message. */
export function evaluateVote(input: VoteInput): VoteResult {
  const { kind, denominator, presentVoters, against, allowAbstain } = input
  const forCount = input.for
  const abstain = input.abstain ?? 0

  const counts: [keyof typeof COUNT_NAMES, unknown][] = [
    ['denominator', denominator],
    ['presentVoters', presentVoters],
    ['for', forCount],
    ['against', against],
    ['abstain', abstain],
  ]
  for (const [key, value] of counts) {
    if (!isCount(value)) {
      return { ok: false, error: `${COUNT_NAMES[key]} phải là số nguyên không âm (0, 1, 2, …).` }
    }
  }
  if (!(VOTE_KINDS as readonly string[]).includes(kind)) {
    return { ok: false, error: 'Chưa chọn loại biểu quyết (quá nửa hoặc hai phần ba).' }
  }
  if (denominator === 0) {
    return {
      ok: false,
      error:
        'Mẫu số bằng 0: không có đảng viên chính thức nào thuộc diện biểu quyết. Hãy kiểm tra lại điểm danh.',
    }
  }
  if (presentVoters > denominator) {
    return {
      ok: false,
      error: `Số đảng viên chính thức có mặt (${presentVoters}) lớn hơn mẫu số (${denominator}). Hãy kiểm tra lại điểm danh.`,
    }
  }
  if (!allowAbstain && abstain > 0) {
    return {
      ok: false,
      error: 'Chi bộ không dùng lựa chọn “không biểu quyết”. Hãy chỉ nhập số tán thành và không tán thành.',
    }
  }
  const cast = forCount + against + abstain
  if (cast > presentVoters) {
    return {
      ok: false,
      error: `Tổng số phiếu (${cast}) nhiều hơn số đảng viên chính thức có mặt (${presentVoters}). Đảng viên dự bị không biểu quyết; hãy kiểm tra lại số phiếu.`,
    }
  }

  const passed = isPassed(kind, forCount, denominator)
  const required = requiredVotes(kind, denominator)
  const ruleName = kind === 'two_thirds' ? 'hai phần ba' : 'quá nửa'
  return {
    ok: true,
    passed,
    percent: votePercent(forCount, denominator),
    required,
    threshold: `Cần ít nhất ${required}/${denominator} đồng chí tán thành (${ruleName})`,
    outcome: passed ? 'Được thông qua' : 'Không được thông qua',
    sentence: formatVoteSentence({ for: forCount, denominator, against, abstain, allowAbstain }),
  }
}

// Monthly meeting quality (DOMAIN §9): a points rubric, editable per upper body, and the level
// (Tốt / Khá / Trung bình / Kém) a total earns.

export const QUALITY_LEVELS = ['good', 'fair', 'average', 'poor'] as const
export type QualityLevel = (typeof QUALITY_LEVELS)[number]
export const QUALITY_LEVEL_LABELS: Record<QualityLevel, string> = {
  good: 'Tốt',
  fair: 'Khá',
  average: 'Trung bình',
  poor: 'Kém',
}

export type RubricCriterion = { key: string; label: string; maxPoints: number }
/** `thresholds` are the lowest totals for Tốt, Khá and Trung bình; anything below is Kém. */
export type Rubric = {
  criteria: RubricCriterion[]
  thresholds: { good: number; fair: number; average: number }
}

export const DEFAULT_RUBRIC: Rubric = {
  criteria: [
    { key: 'preparation', label: 'Công tác chuẩn bị', maxPoints: 15 },
    { key: 'attendance', label: 'Tỷ lệ đảng viên dự họp', maxPoints: 20 },
    {
      key: 'conduct',
      label: 'Tiến hành sinh hoạt (nội dung, thảo luận, phê bình và tự phê bình)',
      maxPoints: 45,
    },
    { key: 'closing', label: 'Kết luận, nghị quyết và biên bản', maxPoints: 20 },
  ],
  thresholds: { good: 90, fair: 70, average: 50 },
}

function copyRubric(r: Rubric): Rubric {
  return { criteria: r.criteria.map((c) => ({ ...c })), thresholds: { ...r.thresholds } }
}

/** Sum without binary-float noise (0.1 + 0.2 → 0.3); points may be halves or tenths. */
function addPoints(values: number[]): number {
  return Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100
}

export function rubricTotal(rubric: Rubric): number {
  return addPoints(rubric.criteria.map((c) => c.maxPoints))
}

export type RubricValidation = { ok: true; total: number } | { ok: false; errors: string[] }

/** Every problem of a rubric, in Vietnamese, so an admin can fix them all at once. */
export function validateRubric(rubric: Rubric): RubricValidation {
  const errors: string[] = []
  const criteria = rubric?.criteria ?? []
  if (criteria.length === 0) errors.push('Thang điểm phải có ít nhất một tiêu chí.')
  const seen = new Set<string>()
  criteria.forEach((c, i) => {
    const name = c.label?.trim() ? `“${c.label.trim()}”` : `thứ ${i + 1}`
    const key = c.key?.trim() ?? ''
    if (!key) errors.push(`Tiêu chí ${name} chưa có mã.`)
    else if (seen.has(key)) errors.push(`Mã tiêu chí “${key}” bị trùng; mỗi tiêu chí cần một mã riêng.`)
    seen.add(key)
    if (!c.label?.trim()) errors.push(`Tiêu chí thứ ${i + 1} chưa có tên.`)
    if (typeof c.maxPoints !== 'number' || !Number.isFinite(c.maxPoints) || c.maxPoints <= 0) {
      errors.push(`Điểm tối đa của tiêu chí ${name} phải lớn hơn 0.`)
    }
  })
  const total = addPoints(criteria.map((c) => (Number.isFinite(c.maxPoints) ? c.maxPoints : 0)))
  const t = rubric?.thresholds
  const values = [t?.good, t?.fair, t?.average]
  if (!values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    errors.push('Chưa nhập đủ ngưỡng điểm cho các mức Tốt, Khá, Trung bình.')
  } else {
    const { good, fair, average } = t
    if (average < 0) errors.push('Ngưỡng điểm mức Trung bình không được âm.')
    if (!(good > fair && fair > average)) {
      errors.push('Ngưỡng điểm phải giảm dần: Tốt > Khá > Trung bình.')
    }
    if (good > total) {
      errors.push(`Ngưỡng điểm mức Tốt (${good}) vượt quá tổng điểm của thang (${total}).`)
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, total }
}

/** The level a total earns under the rubric's thresholds. */
export function levelFor(rubric: Rubric, total: number): QualityLevel {
  const { good, fair, average } = rubric.thresholds
  if (total >= good) return 'good'
  if (total >= fair) return 'fair'
  if (total >= average) return 'average'
  return 'poor'
}

export type QualityScore = { ok: true; total: number; level: QualityLevel } | { ok: false; error: string }

/** Adds up the points given to each criterion; every criterion must be scored within 0..maxPoints. */
export function scoreQuality(rubric: Rubric, scores: Record<string, number>): QualityScore {
  const validation = validateRubric(rubric)
  if (!validation.ok) return { ok: false, error: `Thang điểm không hợp lệ: ${validation.errors[0]}` }
  const keys = new Set(rubric.criteria.map((c) => c.key))
  for (const key of Object.keys(scores)) {
    if (!keys.has(key)) return { ok: false, error: `Tiêu chí “${key}” không có trong thang điểm.` }
  }
  const values: number[] = []
  for (const c of rubric.criteria) {
    const v = scores[c.key]
    if (v === undefined || v === null) return { ok: false, error: `Chưa chấm điểm tiêu chí “${c.label}”.` }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      return { ok: false, error: `Điểm tiêu chí “${c.label}” phải là một số.` }
    }
    if (v < 0) return { ok: false, error: `Điểm tiêu chí “${c.label}” không được âm.` }
    if (v > c.maxPoints) {
      return { ok: false, error: `Điểm tiêu chí “${c.label}” không được vượt quá ${c.maxPoints}.` }
    }
    values.push(v)
  }
  const total = addPoints(values)
  return { ok: true, total, level: levelFor(rubric, total) }
}

/**
 * The rubric a cell uses. `parentChain` goes from the cell itself up to the root (child first);
 * for criteria and for thresholds separately, the closest organisation that defines them wins, and
 * DEFAULT_RUBRIC fills what nobody defined. The result is a fresh copy.
 */
export function mergeRubric(parentChain: readonly (Partial<Rubric> | undefined | null)[]): Rubric {
  const criteria = parentChain.find((r) => r?.criteria && r.criteria.length > 0)?.criteria
  const thresholds = parentChain.find((r) => r?.thresholds)?.thresholds
  return copyRubric({
    criteria: criteria ?? DEFAULT_RUBRIC.criteria,
    thresholds: thresholds ?? DEFAULT_RUBRIC.thresholds,
  })
}

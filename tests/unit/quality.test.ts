import { describe, expect, test } from 'vitest'
import {
  DEFAULT_RUBRIC,
  QUALITY_LEVELS,
  QUALITY_LEVEL_LABELS,
  levelFor,
  mergeRubric,
  rubricTotal,
  scoreQuality,
  validateRubric,
  type Rubric,
} from '~/domain/quality'

const full = { preparation: 15, attendance: 20, conduct: 45, closing: 20 }

describe('DEFAULT_RUBRIC', () => {
  test('100 points in four criteria with the usual thresholds', () => {
    expect(rubricTotal(DEFAULT_RUBRIC)).toBe(100)
    expect(DEFAULT_RUBRIC.criteria.map((c) => [c.key, c.label, c.maxPoints])).toEqual([
      ['preparation', 'Công tác chuẩn bị', 15],
      ['attendance', 'Tỷ lệ đảng viên dự họp', 20],
      ['conduct', 'Tiến hành sinh hoạt (nội dung, thảo luận, phê bình và tự phê bình)', 45],
      ['closing', 'Kết luận, nghị quyết và biên bản', 20],
    ])
    expect(DEFAULT_RUBRIC.thresholds).toEqual({ good: 90, fair: 70, average: 50 })
    expect(validateRubric(DEFAULT_RUBRIC)).toEqual({ ok: true, total: 100 })
  })

  test('level labels', () => {
    expect(QUALITY_LEVELS.map((l) => QUALITY_LEVEL_LABELS[l])).toEqual(['Tốt', 'Khá', 'Trung bình', 'Kém'])
  })
})

describe('levelFor', () => {
  test.each([
    [100, 'Tốt'],
    [90, 'Tốt'],
    [89.5, 'Khá'],
    [70, 'Khá'],
    [69, 'Trung bình'],
    [50, 'Trung bình'],
    [49.9, 'Kém'],
    [0, 'Kém'],
  ])('%d điểm → %s', (total, label) => {
    expect(QUALITY_LEVEL_LABELS[levelFor(DEFAULT_RUBRIC, total)]).toBe(label)
  })
})

describe('scoreQuality', () => {
  test.each<[Record<string, number>, number, string]>([
    [full, 100, 'good'],
    [{ preparation: 14, attendance: 18, conduct: 40, closing: 20 }, 92, 'good'],
    [{ preparation: 10, attendance: 15, conduct: 30, closing: 15 }, 70, 'fair'],
    [{ preparation: 10, attendance: 10, conduct: 20, closing: 10 }, 50, 'average'],
    [{ preparation: 10, attendance: 10, conduct: 19.5, closing: 10 }, 49.5, 'poor'],
    [{ preparation: 0.1, attendance: 0.2, conduct: 0, closing: 0 }, 0.3, 'poor'],
  ])('%o → %d (%s)', (scores, total, level) => {
    expect(scoreQuality(DEFAULT_RUBRIC, scores)).toEqual({ ok: true, total, level })
  })

  test.each<[string, Record<string, number>, string]>([
    ['a criterion not scored', { preparation: 15, attendance: 20, conduct: 45 }, 'Chưa chấm điểm tiêu chí “Kết luận, nghị quyết và biên bản”.'],
    ['above the maximum', { ...full, preparation: 16 }, 'Điểm tiêu chí “Công tác chuẩn bị” không được vượt quá 15.'],
    ['negative', { ...full, attendance: -1 }, 'Điểm tiêu chí “Tỷ lệ đảng viên dự họp” không được âm.'],
    [
      'not a number',
      { ...full, conduct: Number.NaN },
      'Điểm tiêu chí “Tiến hành sinh hoạt (nội dung, thảo luận, phê bình và tự phê bình)” phải là một số.',
    ],
    ['an unknown criterion', { ...full, extra: 5 }, 'Tiêu chí “extra” không có trong thang điểm.'],
  ])('refuses %s', (_name, scores, error) => {
    expect(scoreQuality(DEFAULT_RUBRIC, scores)).toEqual({ ok: false, error })
  })

  test('refuses to score with a broken rubric', () => {
    expect(scoreQuality({ criteria: [], thresholds: { good: 9, fair: 7, average: 5 } }, {})).toEqual({
      ok: false,
      error: 'Thang điểm không hợp lệ: Thang điểm phải có ít nhất một tiêu chí.',
    })
  })

  test('a custom rubric decides with its own thresholds', () => {
    const small: Rubric = {
      criteria: [
        { key: 'a', label: 'Chuẩn bị', maxPoints: 5 },
        { key: 'b', label: 'Nội dung', maxPoints: 5 },
      ],
      thresholds: { good: 9, fair: 7, average: 5 },
    }
    expect(scoreQuality(small, { a: 5, b: 3 })).toEqual({ ok: true, total: 8, level: 'fair' })
  })
})

describe('validateRubric', () => {
  const c = (key: string, label: string, maxPoints: number) => ({ key, label, maxPoints })
  test.each<[string, Rubric, string[]]>([
    ['no criteria', { criteria: [], thresholds: { good: 90, fair: 70, average: 50 } }, [
      'Thang điểm phải có ít nhất một tiêu chí.',
      'Ngưỡng điểm mức Tốt (90) vượt quá tổng điểm của thang (0).',
    ]],
    ['duplicate keys', { criteria: [c('a', 'Một', 50), c('a', 'Hai', 50)], thresholds: { good: 90, fair: 70, average: 50 } }, [
      'Mã tiêu chí “a” bị trùng; mỗi tiêu chí cần một mã riêng.',
    ]],
    ['non-positive points', { criteria: [c('a', 'Một', 0), c('b', 'Hai', -5), c('c', 'Ba', 100)], thresholds: { good: 90, fair: 70, average: 50 } }, [
      'Điểm tối đa của tiêu chí “Một” phải lớn hơn 0.',
      'Điểm tối đa của tiêu chí “Hai” phải lớn hơn 0.',
    ]],
    ['missing label and key', { criteria: [c('', '', 100)], thresholds: { good: 90, fair: 70, average: 50 } }, [
      'Tiêu chí thứ 1 chưa có mã.',
      'Tiêu chí thứ 1 chưa có tên.',
    ]],
    ['thresholds not descending', { criteria: [c('a', 'Một', 100)], thresholds: { good: 90, fair: 90, average: 50 } }, [
      'Ngưỡng điểm phải giảm dần: Tốt > Khá > Trung bình.',
    ]],
    ['average above fair', { criteria: [c('a', 'Một', 100)], thresholds: { good: 90, fair: 60, average: 70 } }, [
      'Ngưỡng điểm phải giảm dần: Tốt > Khá > Trung bình.',
    ]],
    ['threshold above the total', { criteria: [c('a', 'Một', 80)], thresholds: { good: 90, fair: 70, average: 50 } }, [
      'Ngưỡng điểm mức Tốt (90) vượt quá tổng điểm của thang (80).',
    ]],
    ['negative threshold', { criteria: [c('a', 'Một', 100)], thresholds: { good: 90, fair: 70, average: -1 } }, [
      'Ngưỡng điểm mức Trung bình không được âm.',
    ]],
  ])('%s', (_name, rubric, errors) => {
    expect(validateRubric(rubric)).toEqual({ ok: false, errors })
  })

  test('a threshold equal to the total is allowed', () => {
    expect(validateRubric({ criteria: [c('a', 'Một', 90)], thresholds: { good: 90, fair: 70, average: 50 } })).toEqual({
      ok: true,
      total: 90,
    })
  })
})

describe('mergeRubric', () => {
  const cellRubric: Rubric = {
    criteria: [{ key: 'x', label: 'Tiêu chí của chi bộ', maxPoints: 10 }],
    thresholds: { good: 9, fair: 7, average: 5 },
  }
  const upperRubric: Rubric = {
    criteria: [{ key: 'y', label: 'Tiêu chí của đảng ủy', maxPoints: 100 }],
    thresholds: { good: 85, fair: 65, average: 45 },
  }

  test.each<[string, (Partial<Rubric> | undefined)[], Rubric]>([
    ['nobody defines one → default', [undefined, undefined, {}], DEFAULT_RUBRIC],
    ['empty chain → default', [], DEFAULT_RUBRIC],
    ['the closest ancestor wins', [undefined, upperRubric, cellRubric], upperRubric],
    ['the cell itself wins', [cellRubric, upperRubric], cellRubric],
    [
      'thresholds set nearer than criteria',
      [{ thresholds: { good: 95, fair: 75, average: 55 } }, upperRubric],
      { criteria: upperRubric.criteria, thresholds: { good: 95, fair: 75, average: 55 } },
    ],
    ['an empty criteria list does not hide the parent', [{ criteria: [] }, upperRubric], upperRubric],
  ])('%s', (_name, chain, expected) => {
    expect(mergeRubric(chain)).toEqual(expected)
  })

  test('returns a copy: editing it does not change the default', () => {
    const r = mergeRubric([])
    r.criteria[0].maxPoints = 1
    r.thresholds.good = 1
    expect(DEFAULT_RUBRIC.criteria[0].maxPoints).toBe(15)
    expect(DEFAULT_RUBRIC.thresholds.good).toBe(90)
  })
})

// The thematic-meeting form of the year plan: what a secretary sees when a field is wrong.
import { describe, expect, it } from 'vitest'
import { ThematicSchema, plannedMinutesField } from '~/domain/plan.schema'

const valid = { year: '2027', month: '3', topic: 'Học tập chuyên đề về phòng, chống lãng phí' }

function messages(input: Record<string, unknown>) {
  const r = ThematicSchema.safeParse(input)
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]))
}

describe('thematic-meeting form', () => {
  it('accepts a topic for a month of the plan, with or without a date, time and length', () => {
    expect(messages(valid)).toEqual({})
    expect(messages({ ...valid, date: '2027-03-18', time: '14:00', plannedMinutes: '90' })).toEqual({})
  })

  it('says which field is wrong, in Vietnamese', () => {
    expect(messages({ ...valid, topic: 'ab' })).toEqual({ topic: 'Chủ đề quá ngắn; hãy ghi rõ nội dung chuyên đề.' })
    expect(messages({ ...valid, time: '2pm' })).toEqual({ time: 'Giờ họp theo dạng 14:00.' })
    expect(messages({ ...valid, date: '2027-03-32' })).toEqual({ date: 'Ngày họp không hợp lệ.' })
    expect(messages({ ...valid, date: '2027-04-02' })).toEqual({ date: 'Ngày họp phải thuộc tháng 3/2027 đã chọn.' })
  })

  it('keeps a planned length between 10 and 720 whole minutes (the same rule as a new meeting and its details)', () => {
    expect(plannedMinutesField.safeParse('9').error?.issues[0].message).toBe('Thời lượng tối thiểu 10 phút.')
    expect(plannedMinutesField.safeParse('721').error?.issues[0].message).toBe('Thời lượng tối đa 720 phút.')
    expect(plannedMinutesField.safeParse('45.5').error?.issues[0].message).toBe('Thời lượng phải là số nguyên.')
    expect(plannedMinutesField.safeParse('một giờ').error?.issues[0].message).toBe('Thời lượng phải là số phút.')
    expect(plannedMinutesField.parse('120')).toBe(120)
    expect(plannedMinutesField.parse(undefined)).toBeUndefined()
  })
})

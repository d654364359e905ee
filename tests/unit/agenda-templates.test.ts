// The agenda skeletons in templates/agendas/: every file parses, keeps the three sections in order,
// and the regular and thematic ones follow DOMAIN §3.3 and §3.4.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { AGENDA_SECTIONS, DEFAULT_ORG_SETTINGS, MEETING_TYPES } from '~/domain/constants'
import { minimumMinutes } from '~/domain/schedule'
import { agendaTemplatesDir, clearAgendaTemplateCache, loadAgendaTemplate, parseAgendaTemplate, type AgendaTemplate } from '~/models/agenda.server'

const dir = agendaTemplatesDir()
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
const read = (file: string): AgendaTemplate => parseAgendaTemplate(fs.readFileSync(path.join(dir, file), 'utf8'), file)
const total = (t: AgendaTemplate) => t.items.reduce((sum, i) => sum + (i.plannedMinutes ?? 0), 0)

/** Asserts `titles` contains items starting with each of `expected`, in that order. */
function expectInOrder(titles: string[], expected: string[]) {
  let from = 0
  for (const want of expected) {
    const at = titles.findIndex((t, i) => i >= from && t.startsWith(want))
    expect(at, `"${want}" after position ${from} in ${JSON.stringify(titles)}`).toBeGreaterThanOrEqual(0)
    from = at + 1
  }
}

describe('agenda templates', () => {
  test('there is a skeleton for each main meeting type and a generic default', () => {
    expect(files).toEqual(['annual_review.json', 'combined.json', 'committee.json', 'default.json', 'extraordinary.json', 'regular.json', 'thematic.json'])
  })

  test.each(files)('%s parses and has the three sections, in order', (file) => {
    const template = read(file)
    expect(template.type).toBe(file.replace('.json', ''))
    const sections = template.items.map((i) => i.section)
    expect([...new Set(sections)]).toEqual([...AGENDA_SECTIONS])
    const indexes = sections.map((s) => AGENDA_SECTIONS.indexOf(s))
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b))
    for (const item of template.items) {
      expect(item.title.normalize('NFC')).toBe(item.title)
      expect(item.title).not.toMatch(/^\s|\s$|\s{2}/)
    }
  })

  test('the regular skeleton is DOMAIN §3.3, in order, with the roles the app relies on', () => {
    const template = read('regular.json')
    const titles = template.items.map((i) => i.title)
    const bySection = (s: string) => template.items.filter((i) => i.section === s).map((i) => i.title)
    expectInOrder(bySection('opening'), [
      'Chào cờ',
      'Tuyên bố lý do, giới thiệu đại biểu',
      'Cử thư ký',
      'Thông báo tình hình đảng viên',
      'Thông báo thu nộp đảng phí',
      'Thông qua chương trình',
    ])
    expectInOrder(bySection('content'), [
      'Thông tin thời sự, quán triệt văn bản và chỉ đạo của cấp trên',
      'Tình hình tư tưởng đảng viên',
      'Đánh giá kết quả thực hiện nghị quyết tháng trước',
      'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
      'Ý kiến của đảng viên, quần chúng',
      'Biểu dương, nhắc nhở đảng viên',
      'Phương hướng, nhiệm vụ tháng tới',
      'Thảo luận',
      'Công tác phát triển đảng',
      'Ý kiến của đại biểu cấp trên',
    ])
    expectInOrder(bySection('closing'), [
      'Chủ trì kết luận',
      'Biểu quyết thông qua',
      'Tự đánh giá, chấm điểm chất lượng',
      'Thư ký đọc biên bản, chi bộ thông qua biên bản',
      'Bế mạc',
    ])
    expect(titles).toHaveLength(21)
    const role = (r: string) => template.items.find((i) => i.role === r)?.title
    expect(role('review_last_month')).toBe('Đánh giá kết quả thực hiện nghị quyết tháng trước')
    expect(role('ideology')).toBe('Tình hình tư tưởng đảng viên')
    expect(role('next_tasks')).toBe('Phương hướng, nhiệm vụ tháng tới')
    expect(role('vote')).toMatch(/^Biểu quyết thông qua/)
    expect(role('quality')).toMatch(/^Tự đánh giá, chấm điểm chất lượng/)
    expect(role('adopt_minutes')).toMatch(/thông qua biên bản$/)
    expect(template.items.find((i) => i.role === 'ideology')?.body?.join(' ')).toContain('15–30 phút')
  })

  test('the thematic skeleton is DOMAIN §3.4: purpose, the drafted paper, discussion, conclusion', () => {
    const template = read('thematic.json')
    expectInOrder(
      template.items.map((i) => i.title),
      ['Tuyên bố lý do', 'Thông báo tình hình đảng viên', 'Bí thư nêu mục đích, yêu cầu', 'Trình bày dự thảo chuyên đề', 'Thảo luận, liên hệ bản thân và đơn vị', 'Bí thư kết luận, đánh giá', 'Biểu quyết (nếu có)', 'Thư ký đọc biên bản', 'Bế mạc'],
    )
    expect(template.items.find((i) => i.role === 'presentation')).toMatchObject({ section: 'content', presenter: 'drafter' })
  })

  test('the combined skeleton holds the regular content, then the thematic part', () => {
    const combined = read('combined.json').items.map((i) => i.title)
    expectInOrder(combined, ['Tình hình tư tưởng đảng viên', 'Đánh giá kết quả thực hiện nghị quyết tháng trước', 'Phương hướng, nhiệm vụ tháng tới', 'Trình bày dự thảo chuyên đề', 'Chủ trì kết luận', 'Tự đánh giá, chấm điểm chất lượng', 'Bế mạc'])
  })

  test('planned minutes reach the minimum duration of the type (90, combined 120)', () => {
    for (const type of ['regular', 'thematic', 'combined', 'extraordinary'] as const) {
      expect(total(read(`${type}.json`)), type).toBeGreaterThanOrEqual(minimumMinutes(type, DEFAULT_ORG_SETTINGS)!)
    }
  })

  test('every meeting type resolves to a skeleton (its own, or the default)', () => {
    clearAgendaTemplateCache()
    for (const type of MEETING_TYPES) {
      const template = loadAgendaTemplate(type)
      expect(template.type === type || template.type === 'default', type).toBe(true)
    }
    expect(loadAgendaTemplate('admission').type).toBe('default')
  })

  test('a broken file is reported with its name and the problem', () => {
    expect(() => parseAgendaTemplate('{"type":"regular","name":"x","items":[{"section":"closing","title":"A"},{"section":"opening","title":"B"}]}', 'regular.json')).toThrow(
      /templates\/agendas\/regular\.json: .*out of section order/,
    )
    expect(() => parseAgendaTemplate('{"type":"regular","name":"x","items":[{"section":"opening","title":"A","colour":"red"}]}', 'regular.json')).toThrow(/regular\.json/)
    expect(() => parseAgendaTemplate('not json', 'x.json')).toThrow(/not valid JSON/)
  })
})

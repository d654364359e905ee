import { describe, expect, test } from 'vitest'
import {
  DOC_TYPES,
  DOC_TYPE_NAMES,
  formatDocNumber,
  formatDocSymbol,
  nextNumber,
  parseDocNumber,
  toDocType,
  type DocType,
} from '~/domain/numbering'

describe('document types', () => {
  test('codes and Vietnamese names', () => {
    expect(DOC_TYPES.map((t) => [t, DOC_TYPE_NAMES[t]])).toEqual([
      ['NQ', 'Nghị quyết'],
      ['BB', 'Biên bản'],
      ['BC', 'Báo cáo'],
      ['KH', 'Kế hoạch'],
      ['TB', 'Thông báo'],
      ['KL', 'Kết luận'],
      ['CTr', 'Chương trình'],
      ['QĐ', 'Quyết định'],
    ])
  })

  test.each<[string, DocType | null]>([
    ['NQ', 'NQ'],
    ['nq', 'NQ'],
    ['CTR', 'CTr'],
    ['ctr', 'CTr'],
    ['qđ', 'QĐ'],
    ['QÐ', 'QĐ'], // look-alike eth (U+00D0)
    ['QD', null],
    ['HD', null],
  ])('toDocType(%s) = %s', (code, type) => {
    expect(toDocType(code)).toBe(type)
  })
})

describe('formatDocNumber / formatDocSymbol', () => {
  test.each<[number, DocType, string, string]>([
    [1, 'BB', 'CB', '01-BB/CB'],
    [5, 'NQ', 'CB', '05-NQ/CB'],
    [9, 'KH', 'CB', '09-KH/CB'],
    [10, 'BC', 'CB', '10-BC/CB'],
    [99, 'TB', 'CB', '99-TB/CB'],
    [100, 'KL', 'CB', '100-KL/CB'],
    [112, 'NQ', 'CB', '112-NQ/CB'],
    [3, 'CTr', 'CB', '03-CTr/CB'],
    [7, 'QĐ', 'ĐU', '07-QĐ/ĐU'],
    [2, 'NQ', ' ĐU ', '02-NQ/ĐU'],
  ])('%i %s %s → %s', (n, type, issuer, text) => {
    expect(formatDocNumber(n, type, issuer)).toBe(text)
    expect(formatDocSymbol(n, type, issuer)).toBe(`Số ${text}`)
  })

  test('the symbol has no colon after "Số"', () => {
    expect(formatDocSymbol(2, 'BB', 'CB')).toBe('Số 02-BB/CB')
  })

  test.each<[number, string, string]>([
    [0, 'NQ', 'CB'],
    [-1, 'NQ', 'CB'],
    [1.5, 'NQ', 'CB'],
    [1, 'XX', 'CB'],
    [1, 'NQ', '  '],
  ])('refuses %s-%s/%s', (n, type, issuer) => {
    expect(() => formatDocNumber(n, type as DocType, issuer)).toThrow(RangeError)
  })
})

describe('parseDocNumber', () => {
  test.each<[string, ReturnType<typeof parseDocNumber>]>([
    ['22-NQ/TW', { number: 22, type: 'NQ', issuer: 'TW' }],
    ['05-NQ/CB', { number: 5, type: 'NQ', issuer: 'CB' }],
    ['Số 02-BB/CB', { number: 2, type: 'BB', issuer: 'CB' }],
    ['Số: 02-BB/CB', { number: 2, type: 'BB', issuer: 'CB' }],
    ['số 112-nq/CB', { number: 112, type: 'NQ', issuer: 'CB' }],
    ['  07 - QĐ / ĐU ', { number: 7, type: 'QĐ', issuer: 'ĐU' }],
    ['07-QÐ/ÐU', { number: 7, type: 'QĐ', issuer: 'ĐU' }],
    ['03-CTr/CB', { number: 3, type: 'CTr', issuer: 'CB' }],
    ['42-HD/BTCTW', null],
    ['00-NQ/CB', null],
    ['NQ/CB', null],
    ['05-NQ', null],
    ['05-NQ/', null],
    ['05/NQ-CB', null],
    ['', null],
  ])('%s → %o', (text, parsed) => {
    expect(parseDocNumber(text)).toEqual(parsed)
  })

  test('round trip', () => {
    for (const type of DOC_TYPES) {
      expect(parseDocNumber(formatDocSymbol(8, type, 'CB'))).toEqual({ number: 8, type, issuer: 'CB' })
    }
  })
})

describe('nextNumber', () => {
  test.each<[number | null, number]>([
    [null, 1],
    [0, 1],
    [1, 2],
    [99, 100],
  ])('after %s comes %i', (max, next) => {
    expect(nextNumber(max)).toBe(next)
  })

  test.each([-1, 2.5, Number.NaN])('refuses %s', (max) => {
    expect(() => nextNumber(max)).toThrow(RangeError)
  })
})

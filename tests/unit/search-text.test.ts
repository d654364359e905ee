// Search text: folding with a way back to the original positions, queries that reach FTS5 only as
// quoted strings, and highlighted snippets of Vietnamese text.
import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import {
  buildMatchExpression,
  escapeHtml,
  findMatches,
  foldText,
  foldWithMap,
  highlightSnippet,
  highlightText,
  indexText,
  parseSearchQuery,
  scopeSelf,
  scopeText,
  scopeTokensForGrants,
  scopeUnder,
  type SearchTerm,
} from '~/domain/search-text'
import { foldVietnamese } from '~/utils/text'

const terms = (q: string): SearchTerm[] => {
  const parsed = parseSearchQuery(q)
  if (parsed.status !== 'ok') throw new Error(`query refused: ${q}`)
  return parsed.terms
}

describe('folding', () => {
  test('lower case, no diacritics, đ → d', () => {
    expect(foldText('Nghị quyết')).toBe('nghi quyet')
    expect(foldText('ĐẢNG VIÊN')).toBe('dang vien')
    expect(foldText('Đảng bộ Trường THPT Phan Đình Phùng')).toBe('dang bo truong thpt phan dinh phung')
    expect(foldText('Ưu tiên ở Huế, Quảng Ngãi')).toBe('uu tien o hue, quang ngai')
  })

  test('agrees with foldVietnamese apart from whitespace', () => {
    const samples = ['Nguyễn Văn Đức', 'Chi bộ Khu phố 3 —  tháng 02\nnăm 2026', 'Sinh hoạt chuyên đề: Học tập và làm theo tư tưởng Hồ Chí Minh']
    for (const s of samples) expect(foldText(s).replace(/\s+/g, ' ').trim()).toBe(foldVietnamese(s))
  })

  test('keeps one folded character per original character for precomposed Vietnamese', () => {
    const text = 'Nghị quyết số 05-NQ/CB của Chi bộ'
    const { folded, map } = foldWithMap(text)
    expect(folded).toHaveLength(text.length)
    expect(map).toEqual([...Array(text.length + 1).keys()])
  })

  test('maps decomposed (NFD) input back to whole letters, marks included', () => {
    const text = 'Đảng viên'.normalize('NFD')
    const { folded, map } = foldWithMap(text)
    expect(folded).toBe('dang vien')
    const start = folded.indexOf('vien')
    const original = text.slice(map[start], map[start + 'vien'.length])
    expect(original.normalize('NFC')).toBe('viên')
  })

  test('astral characters do not shift positions', () => {
    const text = '📄 Nghị quyết'
    const { folded, map } = foldWithMap(text)
    const at = folded.indexOf('nghi')
    expect(text.slice(map[at], map[at + 4])).toBe('Nghị')
  })
})

describe('queries', () => {
  test('folds, splits into words, every word required, the last one a prefix', () => {
    expect(terms('Nghị quyết')).toEqual([
      { tokens: ['nghi'], prefix: false },
      { tokens: ['quyet'], prefix: true },
    ])
    expect(buildMatchExpression(terms('nghi quy'), null)).toBe('{title body} : ("nghi" "quy"*)')
  })

  test('"nghi quyet 22": a number is matched whole, never as a prefix', () => {
    expect(buildMatchExpression(terms('nghi quyet 22'), null)).toBe('{title body} : ("nghi" "quyet" "22")')
  })

  test('a document number is one phrase of its parts', () => {
    expect(terms('22-NQ/TW')).toEqual([{ tokens: ['22', 'nq', 'tw'], prefix: false }])
    expect(buildMatchExpression(terms('số 05-NQ/CB'), null)).toBe('{title body} : ("so" "05 nq cb")')
  })

  test('short last words and a trailing space are not prefixes', () => {
    expect(terms('dang vi').at(-1)?.prefix).toBe(false)
    expect(terms('dang vien ').at(-1)?.prefix).toBe(false)
  })

  test('FTS5 syntax in user input is neutralised', () => {
    const hostile = [
      'nghi" OR "x',
      'title:quyet',
      'NEAR(nghi quyet)',
      'dang AND NOT vien',
      'quy* ^nghi',
      '{title body} : x',
      "'; DROP TABLE documents; --",
      'nghi"quyet',
    ]
    for (const q of hostile) {
      const expression = buildMatchExpression(terms(q), null)
      // Inside the column filter there are only quoted strings (with an optional prefix star).
      const inner = expression.replace(/^\{title body\} : \(/, '').replace(/\)$/, '')
      expect(inner, q).toMatch(/^("[\p{L}\p{N} ]+"\*? ?)+$/u)
    }
    expect(buildMatchExpression(terms('dang AND NOT vien'), null)).toBe('{title body} : ("dang" "and" "not" "vien"*)')
    expect(buildMatchExpression(terms('title:quyet'), null)).toBe('{title body} : ("title quyet"*)')
  })

  test('empty and very short queries are refused with a hint in Vietnamese', () => {
    expect(parseSearchQuery('')).toMatchObject({ status: 'empty' })
    expect(parseSearchQuery('   ')).toMatchObject({ status: 'empty' })
    expect(parseSearchQuery(null)).toMatchObject({ status: 'empty' })
    const short = parseSearchQuery('a')
    expect(short.status).toBe('too_short')
    expect(short.status !== 'ok' && short.hint).toMatch(/ít nhất 2/)
    expect(parseSearchQuery('"*()').status).toBe('too_short')
    expect(parseSearchQuery('đ 5').status).toBe('ok')
  })

  test('repeated words count once; at most ten words', () => {
    expect(terms('dang dang vien')).toHaveLength(2)
    expect(terms(Array.from({ length: 30 }, (_, i) => `tu${i}`).join(' '))).toHaveLength(10)
  })

  test('scope tokens restrict the match to the user organisations', () => {
    const expression = buildMatchExpression(terms('dang vien'), ['sabc', 'adef'])
    expect(expression).toBe('{title body} : ("dang" "vien"*) AND scope : ("sabc" OR "adef")')
    expect(() => buildMatchExpression(terms('dang vien'), [])).toThrow()
  })
})

describe('scope tokens', () => {
  const root = '0193a000-0000-7000-8000-000000000001'
  const school = '0193a000-0000-7000-8000-000000000002'
  const cell = '0193a000-0000-7000-8000-000000000003'
  const cellPath = `/${root}/${school}/${cell}/`

  test('a row carries its own organisation and every ancestor', () => {
    expect(scopeText(cellPath).split(' ')).toEqual([scopeSelf(cell), scopeUnder(root), scopeUnder(school), scopeUnder(cell)])
    expect(scopeSelf(cell)).toMatch(/^s[0-9a-f]{32}$/)
  })

  test('a cell grant covers the cell and the registers above it; an inspector grant the subtree', () => {
    expect(scopeTokensForGrants([{ orgId: cell, orgPath: cellPath, role: 'member' }])).toEqual([scopeSelf(root), scopeSelf(school), scopeSelf(cell)].sort())
    expect(scopeTokensForGrants([{ orgId: school, orgPath: `/${root}/${school}/`, role: 'inspector' }])).toEqual([scopeUnder(school), scopeSelf(root)].sort())
  })
})

describe('highlighting', () => {
  test('marks the original Vietnamese words matched by a folded query', () => {
    expect(highlightText('Nghị quyết số 05-NQ/CB', terms('nghi quyet'))).toBe('<mark>Nghị</mark> <mark>quyết</mark> số 05-NQ/CB')
    expect(highlightText('Kết nạp ĐẢNG VIÊN mới', terms('dang vien'))).toBe('Kết nạp <mark>ĐẢNG</mark> <mark>VIÊN</mark> mới')
  })

  test('a prefix marks the whole word; whole words only otherwise', () => {
    expect(highlightText('Quyết nghị và quyết định', terms('quyet dinh'))).toBe('<mark>Quyết</mark> nghị và <mark>quyết</mark> <mark>định</mark>')
    expect(highlightText('Tháng 3 và tháng 30', terms('thang 3'))).toBe('<mark>Tháng</mark> <mark>3</mark> và <mark>tháng</mark> 30')
  })

  test('a number phrase marks the whole document symbol', () => {
    expect(highlightText('Thực hiện Nghị quyết 22-NQ/TW của Trung ương', terms('22-nq/tw'))).toBe('Thực hiện Nghị quyết <mark>22-NQ/TW</mark> của Trung ương')
  })

  test('everything else is escaped', () => {
    expect(highlightText('<b>Nghị quyết</b> & "x"', terms('nghi'))).toBe('&lt;b&gt;<mark>Nghị</mark> quyết&lt;/b&gt; &amp; &quot;x&quot;')
    expect(escapeHtml(`<script>alert('x')</script>`)).toBe('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;')
  })

  test('matches are found in decomposed text and keep their marks', () => {
    const text = 'Học tập nghị quyết'.normalize('NFD')
    const [span] = findMatches(text, terms('nghi'))
    expect(text.slice(span.start, span.end).normalize('NFC')).toBe('nghị')
  })

  test('the snippet is cut around the densest cluster of matches, at word boundaries', () => {
    const filler = 'Chi bộ thảo luận sôi nổi về tình hình thực hiện nhiệm vụ chính trị của địa phương. '.repeat(8)
    const text = `${filler}Chi bộ thống nhất ban hành Nghị quyết số 05-NQ/CB về công tác phát triển đảng viên. ${filler}`
    const snippet = highlightSnippet(text, terms('nghi quyet dang vien'), 200)
    expect(snippet.startsWith('… ')).toBe(true)
    expect(snippet.endsWith(' …')).toBe(true)
    expect(snippet).toContain('<mark>Nghị</mark> <mark>quyết</mark> số 05-NQ/CB về công tác phát triển <mark>đảng</mark> <mark>viên</mark>')
    const visible = snippet.replace(/<\/?mark>/g, '').replace(/^… | …$/g, '')
    expect(visible.length).toBeLessThanOrEqual(200)
    // Whole words at both ends: the cut text is a run of words of the original.
    expect(text.replace(/\s+/g, ' ')).toContain(visible)
    expect(text).toMatch(new RegExp(`(^|\\s)${visible.split(' ')[0]}`))
  })

  test('without a match in the body the snippet is the beginning of the text', () => {
    const text = 'Đồng chí Bí thư khai mạc buổi sinh hoạt, giới thiệu thành phần tham dự. '.repeat(10)
    const snippet = highlightSnippet(text, terms('nghi quyet'), 120)
    expect(snippet.startsWith('Đồng chí Bí thư khai mạc')).toBe(true)
    expect(snippet.endsWith(' …')).toBe(true)
    expect(snippet).not.toContain('<mark>')
    expect(highlightSnippet('', terms('nghi'))).toBe('')
  })

  test('a short text is returned whole with its lines joined', () => {
    expect(highlightSnippet('Quán triệt\nnghị quyết', terms('nghi'))).toBe('Quán triệt <mark>nghị</mark> quyết')
  })
})

describe('what the index is given', () => {
  const LETTERS = 'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ'

  test('the index tokenizer folds every Vietnamese letter as foldText does, once đ is d (composed or not)', () => {
    const c = new Database(':memory:')
    c.exec(`CREATE VIRTUAL TABLE t USING fts5(x, content='', tokenize='unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE v USING fts5vocab(t, row);`)
    const insert = c.prepare('INSERT INTO t (rowid, x) VALUES (?, ?)')
    const letters = [...LETTERS, ...LETTERS.toUpperCase()]
    letters.forEach((ch, i) => insert.run(i + 1, indexText(`x${ch}x ${`y${ch}y`.normalize('NFD')}`)))
    const terms = new Set((c.prepare('SELECT term FROM v').all() as { term: string }[]).map((r) => r.term))
    for (const ch of letters) {
      expect(terms.has(`x${foldText(ch)}x`), ch).toBe(true)
      expect(terms.has(`y${foldText(ch)}y`), ch).toBe(true)
    }
    expect(terms.has('xđx')).toBe(false)
    c.close()
  })

  test('foldText gives what foldWithMap folds, Greek final sigma included', () => {
    for (const text of ['Nghị quyết 22-NQ/TW', 'ĐẢNG VIÊN đảng phí', 'ΟΔΟΣ Σ', 'Thời gian: 14 giờ 00 phút', 'e\u0301 A\u0300 İ ß', '']) {
      expect(foldText(text), text).toBe(foldWithMap(text).folded)
    }
  })

  test('a prefix with its expansions is matched as exact words OR-ed; a phrase keeps its head', () => {
    const [dang, phi] = parseSearchQuery('dang phi').terms as SearchTerm[]
    expect(buildMatchExpression([dang, { ...phi, expansions: ['phi', 'phien', 'phieu'] }], null)).toBe('{title body} : ("dang" AND ("phi" OR "phien" OR "phieu"))')
    expect(buildMatchExpression([{ tokens: ['22', 'nq', 't'], prefix: true, expansions: ['tw'] }], ['sabc'], 'title')).toBe('title : ("22 nq tw") AND scope : ("sabc")')
    expect(() => buildMatchExpression([{ ...phi, expansions: [] }], null)).toThrow()
  })
})

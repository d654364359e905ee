// Rich text → docx: every node and mark the editor can produce reaches the document; anything else
// is refused loudly, never dropped.
import { strFromU8, unzipSync } from 'fflate'
import { beforeAll, describe, expect, test } from 'vitest'
import { renderMinutesDocx } from '~/export/render.server'
import { ListRegistry, richTextToDocx, SUPPORTED_MARKS, SUPPORTED_NODES, UnsupportedRichTextError } from '~/export/rich-text-docx'
import { sampleMinutes } from '~/export/sample'
import type { RichText } from '~/rich-text/types'
import { getRichTextSchema, validateRichText } from '~/rich-text/validate'

const text = (t: string, marks?: RichText['marks']): RichText => (marks ? { type: 'text', text: t, marks } : { type: 'text', text: t })
const para = (...content: RichText[]): RichText => ({ type: 'paragraph', content })
const li = (...content: RichText[]): RichText => ({ type: 'listItem', content })

/** One document with every node and mark of the editor. */
const EVERYTHING: RichText = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1 }, content: [text('Tiêu đề một')] },
    { type: 'heading', attrs: { level: 2 }, content: [text('Tiêu đề hai')] },
    { type: 'heading', attrs: { level: 3 }, content: [text('Tiêu đề ba')] },
    para(
      text('Chữ '),
      text('đậm', [{ type: 'bold' }]),
      text(', '),
      text('nghiêng', [{ type: 'italic' }]),
      text(', '),
      text('gạch chân', [{ type: 'underline' }]),
      text(', '),
      text('gạch ngang', [{ type: 'strike' }]),
      text(', '),
      text('mã', [{ type: 'code' }]),
      text('.'),
      { type: 'hardBreak' },
      text('Dòng sau ngắt dòng, quán triệt '),
      { type: 'resolutionRef', attrs: { id: 'nq-22-tw', label: 'Nghị quyết số 22-NQ/TW ngày 02/02/2008 của Ban Chấp hành Trung ương' } },
      text('; xem '),
      text('Cổng thông tin ', [{ type: 'link', attrs: { href: 'https://dangcongsan.vn/' } }]),
      text('đậm trong liên kết', [{ type: 'link', attrs: { href: 'https://dangcongsan.vn/' } }, { type: 'bold' }]),
      text(' và '),
      text('https://thuvienphapluat.vn/', [{ type: 'link', attrs: { href: 'https://thuvienphapluat.vn/' } }]),
      text('.'),
    ),
    {
      type: 'bulletList',
      content: [
        li(para(text('Ý một')), { type: 'bulletList', content: [li(para(text('Ý một chấm một')))] }),
        li(para(text('Ý hai')), { type: 'orderedList', attrs: { start: 1, type: null }, content: [li(para(text('Lồng số một')))] }),
      ],
    },
    { type: 'orderedList', attrs: { start: 3, type: null }, content: [li(para(text('Mục ba'))), li(para(text('Mục bốn')), para(text('Đoạn thứ hai của mục bốn')))] },
    { type: 'orderedList', attrs: { start: 1, type: 'a' }, content: [li(para(text('Mục a')))] },
    { type: 'blockquote', content: [para(text('Trích dẫn lời Bác.'))] },
    { type: 'horizontalRule' },
    {
      type: 'table',
      content: [
        {
          type: 'tableRow',
          content: [
            { type: 'tableHeader', attrs: { colspan: 1, rowspan: 1, colwidth: null, align: null }, content: [para(text('Cột A'))] },
            { type: 'tableHeader', attrs: { colspan: 2, rowspan: 1, colwidth: null, align: 'center' }, content: [para(text('Cột B–C'))] },
          ],
        },
        {
          type: 'tableRow',
          content: [
            { type: 'tableCell', attrs: { colspan: 1, rowspan: 2, colwidth: null, align: null }, content: [para(text('Gộp hai dòng'))] },
            { type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null, align: 'right' }, content: [para(text('b1'))] },
            { type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null, align: null }, content: [para(text('c1'))] },
          ],
        },
        {
          type: 'tableRow',
          content: [
            { type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null, align: null }, content: [para(text('b2'))] },
            { type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null, align: null }, content: [para(text('c2'))] },
          ],
        },
      ],
    },
    para(text('Đoạn cuối.')),
  ],
}

function typesIn(node: RichText, out = { nodes: new Set<string>(), marks: new Set<string>() }) {
  out.nodes.add(node.type!)
  for (const m of node.marks ?? []) out.marks.add(m.type)
  for (const child of node.content ?? []) typesIn(child, out)
  return out
}

type Para = { xml: string; text: string }
function paragraphs(xml: string): Para[] {
  return (xml.match(/<w:p[\s>][\s\S]*?<\/w:p>/g) ?? []).map((p) => ({
    xml: p,
    text: [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''),
  }))
}
function find(ps: Para[], text: string): Para {
  const p = ps.find((x) => x.text === text)
  if (!p) throw new Error(`no paragraph "${text}" among:\n${ps.map((x) => x.text).join('\n')}`)
  return p
}
function runWith(p: Para, words: string): string {
  const run = (p.xml.match(/<w:r>[\s\S]*?<\/w:r>/g) ?? []).find((r) => r.includes(`>${words}</w:t>`))
  if (!run) throw new Error(`no run "${words}" in ${p.text}`)
  return run
}

describe('the editor schema', () => {
  test('every node and mark of the editor is one the docx renderer draws', () => {
    const schema = getRichTextSchema()
    expect(new Set(Object.keys(schema.nodes))).toEqual(new Set(SUPPORTED_NODES))
    expect(new Set(Object.keys(schema.marks))).toEqual(new Set(SUPPORTED_MARKS))
  })

  test('the test document uses every node and mark and is one the editor accepts', () => {
    const used = typesIn(EVERYTHING)
    expect(used.nodes).toEqual(new Set(SUPPORTED_NODES))
    expect(used.marks).toEqual(new Set(SUPPORTED_MARKS))
    const valid = validateRichText(EVERYTHING)
    expect(valid).toMatchObject({ ok: true })
  })
})

describe('rendered into minutes', () => {
  let doc: string
  let ps: Para[]
  let files: Record<string, Uint8Array>
  beforeAll(async () => {
    const base = sampleMinutes()
    const valid = validateRichText(EVERYTHING)
    if (!valid.ok) throw new Error(valid.error)
    const vm = { ...base, items: [{ ...base.items[1], content: valid.doc }] }
    files = unzipSync(await renderMinutesDocx(vm))
    doc = strFromU8(files['word/document.xml'])
    ps = paragraphs(doc)
  })

  test('headings 1–3 are bold body paragraphs kept with the next; level 3 also italic', () => {
    for (const h of ['Tiêu đề một', 'Tiêu đề hai', 'Tiêu đề ba']) {
      const p = find(ps, h)
      expect(runWith(p, h)).toMatch(/<w:b\/>/)
      expect(p.xml).toContain('<w:keepNext/>')
    }
    expect(runWith(find(ps, 'Tiêu đề ba'), 'Tiêu đề ba')).toMatch(/<w:i\/>/)
    expect(runWith(find(ps, 'Tiêu đề một'), 'Tiêu đề một')).not.toMatch(/<w:i\/>/)
  })

  test('bold, italic, underline, strike and code marks', () => {
    const p = ps.find((x) => x.text.startsWith('Chữ đậm'))!
    expect(runWith(p, 'đậm')).toMatch(/<w:b\/>/)
    expect(runWith(p, 'nghiêng')).toMatch(/<w:i\/>/)
    expect(runWith(p, 'gạch chân')).toMatch(/<w:u w:val="single"\/>/)
    expect(runWith(p, 'gạch ngang')).toMatch(/<w:strike\/>/)
    expect(runWith(p, 'mã')).toMatch(/<w:rFonts w:ascii="Courier New"/)
    expect(runWith(p, 'Chữ ')).not.toMatch(/<w:b\/>|<w:i\/>|<w:u |<w:strike\/>/)
  })

  test('a hard break, the resolution reference as its label, links as words and address', () => {
    const p = ps.find((x) => x.text.startsWith('Chữ đậm'))!
    expect(p.xml).toMatch(/<w:br\/>/)
    expect(p.text).toContain('quán triệt Nghị quyết số 22-NQ/TW ngày 02/02/2008 của Ban Chấp hành Trung ương; xem')
    // One hyperlink for the two pieces of the same link, then its address once.
    expect(p.text).toContain('xem Cổng thông tin đậm trong liên kết (https://dangcongsan.vn/) và https://thuvienphapluat.vn/.')
    const links = [...p.xml.matchAll(/<w:hyperlink[^>]*r:id="([^"]+)"[^>]*>([\s\S]*?)<\/w:hyperlink>/g)]
    expect(links).toHaveLength(2)
    const rels = strFromU8(files['word/_rels/document.xml.rels'])
    expect(rels).toMatch(new RegExp(`Id="${links[0][1]}"[^>]*Target="https://dangcongsan.vn/"[^>]*TargetMode="External"`))
    expect(rels).toMatch(new RegExp(`Id="${links[1][1]}"[^>]*Target="https://thuvienphapluat.vn/"`))
    expect(links[0][2]).toMatch(/<w:b\/>/)
  })

  test('nested bullet and numbered lists, a list starting at 3 and a lettered list', () => {
    const numbering = strFromU8(files['word/numbering.xml'])
    const level = (t: string) => Number(/<w:ilvl w:val="(\d)"\/>/.exec(find(ps, t).xml)?.[1])
    const numId = (t: string) => /<w:numId w:val="(\d+)"\/>/.exec(find(ps, t).xml)?.[1]
    expect(level('Ý một')).toBe(0)
    expect(level('Ý một chấm một')).toBe(1)
    expect(level('Lồng số một')).toBe(1)
    expect(level('Mục ba')).toBe(0)
    // Each list is a list of its own.
    expect(new Set([numId('Ý một'), numId('Lồng số một'), numId('Mục ba'), numId('Mục a')]).size).toBe(4)
    expect(numId('Mục ba')).toBe(numId('Mục bốn'))
    // The second paragraph of an item carries no marker but lines up with the item's text.
    expect(find(ps, 'Đoạn thứ hai của mục bốn').xml).not.toContain('<w:numPr>')
    expect(find(ps, 'Đoạn thứ hai của mục bốn').xml).toMatch(/<w:ind w:left="964"\/>/)
    expect(numbering).toMatch(/<w:lvlText w:val="-"\/>/)
    expect(numbering).toMatch(/<w:start w:val="3"\/><w:numFmt w:val="decimal"\/>/)
    expect(numbering).toMatch(/<w:numFmt w:val="lowerLetter"\/>/)
  })

  test('a quote is indented and italic; a horizontal rule is a bordered empty paragraph', () => {
    const q = find(ps, 'Trích dẫn lời Bác.')
    expect(q.xml).toMatch(/<w:ind w:left="567"\/>/)
    expect(runWith(q, 'Trích dẫn lời Bác.')).toMatch(/<w:i\/>/)
    expect(ps.some((p) => p.text === '' && /<w:pBdr><w:bottom w:val="single"/.test(p.xml))).toBe(true)
  })

  test('a table with a header row, a column span, a row span and cell alignment', () => {
    const table = [...doc.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]).find((t) => t.includes('Cột A'))!
    expect(table).toMatch(/<w:gridSpan w:val="2"\/>/)
    expect(table).toMatch(/<w:vMerge w:val="restart"\/>/)
    expect(table).toMatch(/<w:vMerge w:val="continue"\/>/)
    expect(table.match(/<w:gridCol /g)).toHaveLength(3)
    const cells = paragraphs(table)
    expect(runWith(find(cells, 'Cột A'), 'Cột A')).toMatch(/<w:b\/>/)
    expect(find(cells, 'Cột B–C').xml).toMatch(/<w:jc w:val="center"\/>/)
    expect(find(cells, 'b1').xml).toMatch(/<w:jc w:val="right"\/>/)
    expect(runWith(find(cells, 'c2'), 'c2')).toMatch(/<w:sz w:val="26"\/>/)
    expect(table).toMatch(/<w:insideH w:val="single"/)
  })

  test('plain paragraphs keep the body style', () => {
    const p = find(ps, 'Đoạn cuối.')
    expect(p.xml).toMatch(/<w:jc w:val="both"\/>/)
    expect(p.xml).toMatch(/<w:ind w:firstLine="567"\/>/)
  })
})

describe('what the renderer refuses', () => {
  const render = (doc: RichText) => richTextToDocx(doc, { lists: new ListRegistry() })

  test('an unknown node throws, naming it', () => {
    expect(() => render({ type: 'doc', content: [{ type: 'codeBlock', content: [text('x = 1')] }] })).toThrow(UnsupportedRichTextError)
    expect(() => render({ type: 'doc', content: [{ type: 'codeBlock', content: [text('x = 1')] }] })).toThrow(/"codeBlock"/)
  })

  test('an unknown node deep inside a list or a table cell throws', () => {
    expect(() =>
      render({ type: 'doc', content: [{ type: 'bulletList', content: [li(para(text('a')), { type: 'taskList', content: [] })] }] }),
    ).toThrow(/"taskList"/)
    expect(() =>
      render({
        type: 'doc',
        content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [para({ type: 'mention', attrs: { id: 'x' } })] }] }] }],
      }),
    ).toThrow(/"mention"/)
  })

  test('an unknown mark throws, naming it', () => {
    expect(() => render({ type: 'doc', content: [para(text('tô màu', [{ type: 'highlight' }]))] })).toThrow(/unsupported mark "highlight"/)
  })

  test('a document that is not a doc throws; empty documents give nothing', () => {
    expect(() => render({ type: 'paragraph', content: [text('x')] })).toThrow(UnsupportedRichTextError)
    expect(render({ type: 'doc', content: [{ type: 'paragraph' }] })).toHaveLength(0)
  })
})

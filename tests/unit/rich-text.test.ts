import type { TagParseRule } from '@tiptap/pm/model'
import { renderToHTMLString } from '@tiptap/static-renderer/pm/html-string'
import { describe, expect, test } from 'vitest'

import { getExtensions } from '~/rich-text/extensions'
import { docFromParagraphs, docFromText } from '~/rich-text/from-text'
import { renderRichTextToHtml } from '~/rich-text/html.server'
import { isSafeHref, normalizeHref } from '~/rich-text/links'
import { EMPTY_DOC, type RichText } from '~/rich-text/types'
import {
  collectResolutionRefs,
  getRichTextSchema,
  isRichTextEmpty,
  toPlainText,
  validateRichText,
} from '~/rich-text/validate'

const NQ22_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'
const NQ22_LABEL = 'Nghị quyết số 22-NQ/TW ngày 02/02/2008 của Ban Chấp hành Trung ương'
const QD_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a60'

const text = (value: string, marks?: RichText['marks']): RichText =>
  marks ? { type: 'text', text: value, marks } : { type: 'text', text: value }
const p = (...content: RichText[]): RichText =>
  content.length ? { type: 'paragraph', content } : { type: 'paragraph' }
const li = (...content: RichText[]): RichText => ({ type: 'listItem', content })
const ref = (id: string, label: string): RichText => ({ type: 'resolutionRef', attrs: { id, label } })
const doc = (...content: RichText[]): RichText => ({ type: 'doc', content })
const link = (href: string, label = 'xem') => p(text(label, [{ type: 'link', attrs: { href } }]))

function expectRefused(input: unknown, opts?: { maxBytes?: number }): string {
  const result = validateRichText(input, opts)
  expect(result.ok).toBe(false)
  return result.ok ? '' : result.error
}

function expectAccepted(input: unknown): RichText {
  const result = validateRichText(input)
  if (!result.ok) throw new Error(`expected the document to be accepted, got: ${result.error}`)
  return result.doc
}

// Every node and mark the editor can produce.
const FULL_DOC = doc(
  { type: 'heading', attrs: { level: 2 }, content: [text('I. Đánh giá tình hình tháng 3')] },
  p(
    text('Đậm', [{ type: 'bold' }]),
    text(' '),
    text('nghiêng', [{ type: 'italic' }]),
    text(' '),
    text('gạch chân', [{ type: 'underline' }]),
    text(' '),
    text('gạch ngang', [{ type: 'strike' }]),
    text(' '),
    text('mã', [{ type: 'code' }]),
    { type: 'hardBreak' },
    text('Căn cứ '),
    ref(NQ22_ID, NQ22_LABEL),
    text('; xem '),
    text('Thư viện pháp luật', [{ type: 'link', attrs: { href: 'https://thuvienphapluat.vn/?a=1&b=2' } }]),
    text('.'),
  ),
  {
    type: 'bulletList',
    content: [
      li(p(text('Công tác chính trị tư tưởng')), {
        type: 'orderedList',
        attrs: { start: 1 },
        content: [li(p(text('Học tập nghị quyết'))), li(p(text('Nắm tình hình')))],
      }),
      li(p(text('Công tác tổ chức'))),
    ],
  },
  { type: 'orderedList', attrs: { start: 3 }, content: [li(p(text('Mục ba')))] },
  { type: 'blockquote', content: [p(text('Đảng viên phát biểu.'))] },
  { type: 'horizontalRule' },
  {
    type: 'table',
    content: [
      {
        type: 'tableRow',
        content: [
          { type: 'tableHeader', content: [p(text('Nội dung'))] },
          { type: 'tableHeader', content: [p(text('Kết quả'))] },
        ],
      },
      {
        type: 'tableRow',
        content: [
          { type: 'tableCell', content: [p(text('Tán thành'))] },
          { type: 'tableCell', attrs: { align: 'center' }, content: [p(text('12/12'))] },
        ],
      },
      {
        type: 'tableRow',
        content: [{ type: 'tableCell', attrs: { colspan: 2 }, content: [p(text('Thông qua'))] }],
      },
    ],
  },
)

const FULL_HTML =
  '<h2>I. Đánh giá tình hình tháng 3</h2>' +
  '<p><strong>Đậm</strong> <em>nghiêng</em> <u>gạch chân</u> <s>gạch ngang</s> <code>mã</code><br/>' +
  `Căn cứ <a class="resolution-ref" href="/documents/${NQ22_ID}">${NQ22_LABEL}</a>; xem ` +
  '<a href="https://thuvienphapluat.vn/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer nofollow">Thư viện pháp luật</a>.</p>' +
  '<ul><li><p>Công tác chính trị tư tưởng</p><ol><li><p>Học tập nghị quyết</p></li><li><p>Nắm tình hình</p></li></ol></li>' +
  '<li><p>Công tác tổ chức</p></li></ul>' +
  '<ol start="3"><li><p>Mục ba</p></li></ol>' +
  '<blockquote><p>Đảng viên phát biểu.</p></blockquote>' +
  '<hr/>' +
  '<table><tbody>' +
  '<tr><th><p>Nội dung</p></th><th><p>Kết quả</p></th></tr>' +
  '<tr><td><p>Tán thành</p></td><td style="text-align: center"><p>12/12</p></td></tr>' +
  '<tr><td colspan="2"><p>Thông qua</p></td></tr>' +
  '</tbody></table>'

describe('validateRichText: accepted documents', () => {
  test('a document using every node and mark passes and renders to the expected HTML', () => {
    const validated = expectAccepted(FULL_DOC)
    expect(renderRichTextToHtml(validated)).toBe(FULL_HTML)
  })

  test('the stored form is normalised: defaults filled in, unknown attributes dropped', () => {
    const validated = expectAccepted(
      doc(p(text('x', [{ type: 'link', attrs: { href: 'https://a.vn', onclick: 'alert(1)' } }]))),
    )
    const mark = validated.content?.[0].content?.[0].marks?.[0]
    expect(mark).toEqual({
      type: 'link',
      attrs: {
        href: 'https://a.vn',
        target: '_blank',
        rel: 'noopener noreferrer nofollow',
        class: null,
        title: null,
      },
    })
  })

  test('accepts the JSON string the editor posts', () => {
    expect(expectAccepted(JSON.stringify(FULL_DOC))).toEqual(expectAccepted(FULL_DOC))
  })

  test('accepts the empty document, and a doc without blocks becomes the empty document', () => {
    expect(expectAccepted(EMPTY_DOC)).toEqual(EMPTY_DOC)
    expect(expectAccepted({ type: 'doc' })).toEqual(EMPTY_DOC)
    expect(expectAccepted({ type: 'doc', content: [] })).toEqual(EMPTY_DOC)
    expect(renderRichTextToHtml(EMPTY_DOC)).toBe('<p></p>')
    expect(isRichTextEmpty(EMPTY_DOC)).toBe(true)
    expect(isRichTextEmpty(doc(p(text('   '))))).toBe(true)
    expect(isRichTextEmpty(doc(p(ref(NQ22_ID, NQ22_LABEL))))).toBe(false)
  })

  test('safe links of every allowed kind pass', () => {
    for (const href of [
      'https://thuvienphapluat.vn/van-ban',
      'http://192.168.1.10/tai-lieu',
      'HTTPS://EXAMPLE.VN',
      'mailto:chibo@example.vn',
    ]) {
      expectAccepted(doc(link(href)))
    }
  })
})

describe('validateRichText: refused documents', () => {
  test('an unknown node type is refused and named in Vietnamese', () => {
    const error = expectRefused(doc(p(text('a')), { type: 'script', content: [text('alert(1)')] }))
    expect(error).toBe('Nội dung có thành phần không được phép: "script".')
  })

  test('unknown types deep inside, and unknown marks, are named too', () => {
    const nested = doc({ type: 'bulletList', content: [li(p(text('a')), { type: 'iframe' })] })
    expect(expectRefused(nested)).toBe('Nội dung có thành phần không được phép: "iframe".')
    const mark = doc(p(text('a', [{ type: 'textStyle', attrs: { style: 'x' } }])))
    expect(expectRefused(mark)).toBe('Nội dung có thành phần không được phép: "textStyle".')
    // Disabled on purpose: a code block is not part of the set.
    expect(expectRefused(doc({ type: 'codeBlock', content: [text('x')] }))).toBe(
      'Nội dung có thành phần không được phép: "codeBlock".',
    )
  })

  test.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    '  javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0000javascript:alert(1)',
    '&#106;avascript:alert(1)',
    'javascript&colon;alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '//evil.example/x',
    '/documents/1',
    'https://exa mple.vn',
    'https://',
  ])('a link to %j is refused as unsafe', (href) => {
    const error = expectRefused(doc(link(href)))
    expect(error).toMatch(
      /^Liên kết không an toàn: ".*"\. Chỉ chấp nhận địa chỉ bắt đầu bằng http:\/\/, https:\/\/ hoặc mailto:/,
    )
  })

  test('the refused address is shown with control characters made visible', () => {
    expect(expectRefused(doc(link('java\tscript:alert(1)')))).toContain('"java\\tscript:alert(1)"')
  })

  test('a link without an address is refused', () => {
    const noHref = doc(p(text('x', [{ type: 'link', attrs: {} }])))
    expect(expectRefused(noHref)).toBe(
      'Liên kết thiếu địa chỉ. Hãy nhập địa chỉ bắt đầu bằng http://, https:// hoặc mailto:.',
    )
  })

  test('a document over the size limit is refused, counting bytes of UTF-8', () => {
    const big = doc(p(text('x'.repeat(200_001))))
    expect(expectRefused(big)).toBe(
      'Nội dung quá dài (khoảng 201 KB, tối đa 200 KB). Hãy rút gọn hoặc chia thành nhiều phần.',
    )
    expect(expectRefused(JSON.stringify(big))).toMatch(/^Nội dung quá dài/)
    // 400 × "ệ" is 1 200 bytes: over a 1 000-byte limit although only 400 characters.
    expect(expectRefused(doc(p(text('ệ'.repeat(400)))), { maxBytes: 1000 })).toMatch(/^Nội dung quá dài/)
    expectAccepted(doc(p(text('x'.repeat(150_000)))))
  })

  test('malformed JSON and things that are not documents are refused', () => {
    expect(expectRefused('{"type":"doc",')).toMatch(/^Nội dung không đọc được/)
    expect(expectRefused(null)).toBe('Nội dung không hợp lệ: không phải văn bản của trình soạn thảo.')
    expect(expectRefused([FULL_DOC])).toBe('Nội dung không hợp lệ: không phải văn bản của trình soạn thảo.')
    expect(expectRefused(p(text('a')))).toBe('Nội dung không hợp lệ: không phải văn bản của trình soạn thảo.')
    expect(expectRefused(doc(p({ type: 'text', text: '' })))).toBe(
      'Nội dung không đúng cấu trúc của trình soạn thảo.',
    )
    expect(expectRefused(doc(p({ type: 'text' })))).toBe('Nội dung không đúng cấu trúc của trình soạn thảo.')
    expect(expectRefused({ type: 'doc', content: 'abc' })).toBe(
      'Nội dung không đúng cấu trúc của trình soạn thảo.',
    )
  })

  test('content in the wrong place is refused, naming where', () => {
    const textInList = doc({ type: 'bulletList', content: [text('a')] })
    expect(expectRefused(textInList)).toBe(
      'Nội dung không đúng cấu trúc: thành phần "bulletList" chứa nội dung không được phép ở vị trí đó.',
    )
    expect(expectRefused(doc(text('a')))).toMatch(/thành phần "doc"/)
  })

  test('very deep nesting is refused before ProseMirror recurses into it', () => {
    let node: RichText = p(text('đáy'))
    for (let i = 0; i < 5000; i++) node = { type: 'blockquote', content: [node] }
    expect(expectRefused(doc(node))).toBe('Nội dung lồng nhau quá nhiều cấp (tối đa 64).')
  })

  test('attribute values the renderers rely on are checked', () => {
    const cell = (attrs: Record<string, unknown>) =>
      doc({
        type: 'table',
        content: [{ type: 'tableRow', content: [{ type: 'tableCell', attrs, content: [p()] }] }],
      })
    expect(expectRefused(cell({ colspan: 1_000_000_000 }))).toBe(
      'Nội dung có thuộc tính không hợp lệ: "colspan" của thành phần "tableCell".',
    )
    expect(expectRefused(cell({ align: 'center; background: url(x)' }))).toMatch(/"align"/)
    expect(expectRefused(cell({ colwidth: ['1px; color: red'] }))).toMatch(/"colwidth"/)
    expect(expectRefused(doc({ type: 'heading', attrs: { level: 6 }, content: [text('a')] }))).toMatch(
      /"level"/,
    )
    expect(
      expectRefused(doc({ type: 'orderedList', attrs: { type: 'x" onclick="y' }, content: [li(p())] })),
    ).toMatch(/"type"/)
  })

  test('a document reference needs a proper id and a label', () => {
    expect(expectRefused(doc(p(ref('../../admin', NQ22_LABEL))))).toMatch(
      /^Tham chiếu văn bản không hợp lệ: thiếu hoặc sai mã văn bản/,
    )
    expect(expectRefused(doc(p({ type: 'resolutionRef', attrs: { label: NQ22_LABEL } })))).toMatch(
      /sai mã văn bản/,
    )
    expect(expectRefused(doc(p(ref(NQ22_ID, '  '))))).toMatch(/thiếu tên văn bản/)
  })
})

describe('renderRichTextToHtml', () => {
  test('text that looks like HTML is escaped', () => {
    const html = renderRichTextToHtml(doc(p(text('<script>alert("x")</script> & <b>đậm</b>'))))
    expect(html).toBe('<p>&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;</p>')
    const label = renderRichTextToHtml(doc(p(ref(NQ22_ID, '<img src=x onerror=alert(1)>'))))
    expect(label).toBe(
      `<p><a class="resolution-ref" href="/documents/${NQ22_ID}">&lt;img src=x onerror=alert(1)&gt;</a></p>`,
    )
  })

  test('document references link to the page under a configurable prefix', () => {
    const html = renderRichTextToHtml(doc(p(ref(NQ22_ID, 'NQ 22'))), {
      resolutionHrefPrefix: '/cells/abc/documents/',
    })
    expect(html).toBe(`<p><a class="resolution-ref" href="/cells/abc/documents/${NQ22_ID}">NQ 22</a></p>`)
  })

  test('stored JSON that never went through the validator is still rendered safely', () => {
    const hostile = doc(
      p(text('bấm vào', [{ type: 'link', attrs: { href: ' javascript:alert(1)' } }])),
      p(
        text('đây', [
          { type: 'link', attrs: { href: 'https://a.vn', rel: 'opener', target: 'x" onmouseover="y' } },
        ]),
      ),
      { type: 'script', content: [text('<b>không chạy</b>')] },
      p(text('chữ', [{ type: 'fontFace' }])),
      p(ref('../admin', 'NQ')),
    )
    expect(renderRichTextToHtml(hostile)).toBe(
      '<p>bấm vào</p>' +
        '<p><a href="https://a.vn" rel="noopener noreferrer nofollow">đây</a></p>' +
        '&lt;b&gt;không chạy&lt;/b&gt;' +
        '<p>chữ</p>' +
        '<p><span class="resolution-ref">NQ</span></p>',
    )
  })

  test('a document ProseMirror cannot read falls back to escaped plain text', () => {
    const broken = doc(p(text('Dòng <một>')), p({ type: 'text', text: '' }), p(text('Dòng hai')))
    expect(renderRichTextToHtml(broken)).toBe('<p>Dòng &lt;một&gt;</p><p>Dòng hai</p>')
    expect(renderRichTextToHtml(null)).toBe('')
  })
})

describe('reading helpers', () => {
  test('collectResolutionRefs lists each referenced document once, in reading order', () => {
    const d = doc(p(ref(QD_ID, 'Quyết định số 99'), text(' và '), ref(NQ22_ID, NQ22_LABEL)), {
      type: 'bulletList',
      content: [li(p(ref(QD_ID, 'Quyết định số 99')))],
    })
    expect(collectResolutionRefs(d)).toEqual([QD_ID, NQ22_ID])
    expect(collectResolutionRefs(FULL_DOC)).toEqual([NQ22_ID])
    expect(collectResolutionRefs(EMPTY_DOC)).toEqual([])
    expect(collectResolutionRefs(null)).toEqual([])
  })

  test('toPlainText gives one line per block, labels for references and " | " between cells', () => {
    expect(toPlainText(FULL_DOC)).toBe(
      [
        'I. Đánh giá tình hình tháng 3',
        'Đậm nghiêng gạch chân gạch ngang mã',
        `Căn cứ ${NQ22_LABEL}; xem Thư viện pháp luật.`,
        '- Công tác chính trị tư tưởng',
        '  1. Học tập nghị quyết',
        '  2. Nắm tình hình',
        '- Công tác tổ chức',
        '3. Mục ba',
        'Đảng viên phát biểu.',
        'Nội dung | Kết quả',
        'Tán thành | 12/12',
        'Thông qua',
      ].join('\n'),
    )
    expect(toPlainText(EMPTY_DOC)).toBe('')
  })
})

describe('building documents from plain text', () => {
  test('docFromParagraphs makes one paragraph per string and valid documents', () => {
    const d = docFromParagraphs(['Đồng chí Bí thư khai mạc.', '', 'Dòng một\nDòng hai'])
    expect(d).toEqual(
      doc(
        p(text('Đồng chí Bí thư khai mạc.')),
        p(),
        p(text('Dòng một'), { type: 'hardBreak' }, text('Dòng hai')),
      ),
    )
    expect(expectAccepted(d)).toEqual(d)
    expect(renderRichTextToHtml(d)).toBe(
      '<p>Đồng chí Bí thư khai mạc.</p><p></p><p>Dòng một<br/>Dòng hai</p>',
    )
    expect(docFromParagraphs([])).toEqual(EMPTY_DOC)
  })

  test('docFromText splits on newlines and drops blank lines', () => {
    const d = docFromText('  I. Tình hình  \r\n\r\nII. Nhiệm vụ\n\n\nIII. Kết luận\n')
    expect(toPlainText(d)).toBe('I. Tình hình\nII. Nhiệm vụ\nIII. Kết luận')
    expect(d.content).toHaveLength(3)
    expectAccepted(d)
    expect(docFromText('  \n ')).toEqual(EMPTY_DOC)
  })
})

describe('the shared extension set', () => {
  test('the schema holds exactly the nodes and marks the renderers support', () => {
    const schema = getRichTextSchema()
    expect(Object.keys(schema.nodes).sort()).toEqual(
      [
        'blockquote',
        'bulletList',
        'doc',
        'hardBreak',
        'heading',
        'horizontalRule',
        'listItem',
        'orderedList',
        'paragraph',
        'resolutionRef',
        'table',
        'tableCell',
        'tableHeader',
        'tableRow',
        'text',
      ].sort(),
    )
    expect(Object.keys(schema.marks).sort()).toEqual([
      'bold',
      'code',
      'italic',
      'link',
      'strike',
      'underline',
    ])
  })

  test('the editor writes a document reference as a span and reads it back from that HTML', () => {
    const html = renderToHTMLString({
      content: doc(p(ref(NQ22_ID, NQ22_LABEL))),
      extensions: getExtensions(),
    })
    expect(html).toBe(
      `<p><span data-resolution-ref="${NQ22_ID}" class="resolution-ref">${NQ22_LABEL}</span></p>`,
    )

    const rule = getRichTextSchema().nodes.resolutionRef.spec.parseDOM?.[0]
    expect(rule?.tag).toBe('span[data-resolution-ref]')
    const span = {
      getAttribute: (name: string) => (name === 'data-resolution-ref' ? NQ22_ID : null),
      textContent: `  ${NQ22_LABEL}\n`,
    } as unknown as HTMLElement
    expect(rule?.getAttrs?.(span)).toEqual({ id: NQ22_ID, label: NQ22_LABEL })
  })

  test('the editor refuses pasted links with unsafe addresses', () => {
    const rule = getRichTextSchema().marks.link.spec.parseDOM?.[0] as TagParseRule | undefined
    const anchor = (href: string) =>
      ({ getAttribute: (name: string) => (name === 'href' ? href : null) } as unknown as HTMLElement)
    expect(rule?.getAttrs?.(anchor('javascript:alert(1)'))).toBe(false)
    expect(rule?.getAttrs?.(anchor('https://thuvienphapluat.vn'))).toMatchObject({
      href: 'https://thuvienphapluat.vn',
    })
  })
})

describe('links', () => {
  test('isSafeHref allows only absolute http(s) and mailto', () => {
    expect(isSafeHref('https://a.vn')).toBe(true)
    expect(isSafeHref('mailto:a@b.vn')).toBe(true)
    expect(isSafeHref('mailto:')).toBe(false)
    expect(isSafeHref('javascript:alert(1)')).toBe(false)
    expect(isSafeHref(42)).toBe(false)
    expect(isSafeHref(`https://a.vn/${'x'.repeat(3000)}`)).toBe(false)
  })

  test('normalizeHref completes what people type into the link box', () => {
    expect(normalizeHref(' thuvienphapluat.vn/van-ban ')).toBe('https://thuvienphapluat.vn/van-ban')
    expect(normalizeHref('chibo@example.vn')).toBe('mailto:chibo@example.vn')
    expect(normalizeHref('https://a.vn')).toBe('https://a.vn')
    expect(normalizeHref('javascript:alert(1)')).toBeNull()
    expect(normalizeHref('xin chào')).toBeNull()
    expect(normalizeHref('')).toBeNull()
  })
})

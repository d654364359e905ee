// Builds the default Word templates in this folder from the layout in app/export/docx-layout.ts:
//
//   npm run templates:build        (tsx templates/build-templates.ts)
//
// Each template is a Party document (DOMAIN §7) whose variable parts are {{placeholders}}
// (app/export/placeholders.ts, documented in templates/README.md). The output is reproducible: running
// the script twice writes the same bytes, and a unit test fails when a committed file is out of date.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

import { Document, Packer, type FileChild } from 'docx'

import type { TemplateKind } from '../app/domain/constants'
import {
  bodyParagraph,
  DOCUMENT_STYLES,
  endParagraph,
  firstPageHeader,
  headerTable,
  minutesSignatureTable,
  pageNumberHeader,
  recipientLine,
  resolutionSignatureTable,
  run,
  SECTION_PROPERTIES,
  spacer,
  titleBlock,
  verificationFooter,
} from '../app/export/docx-layout'
import { DEFAULT_TEMPLATE_FILES, TEMPLATE_KIND_NAMES, token } from '../app/export/placeholders'
import { normalizeDocx } from '../app/export/templates.server'

/** The templates' own date (core properties, zip entries): fixed so the files are reproducible. */
const TEMPLATE_DATE = new Date('2026-01-01T00:00:00Z')

function header(): FileChild[] {
  return [
    headerTable({
      upperBody: token('dang_bo'),
      issuer: token('chi_bo'),
      number: token('so_van_ban'),
      placeDate: token('dia_danh_ngay'),
    }),
  ]
}

/** The body placeholder: replaced by the generated paragraphs and tables. */
function body(): FileChild[] {
  return [bodyParagraph([run(token('noi_dung'))])]
}

function minutesTemplate(): FileChild[] {
  return [
    ...header(),
    ...titleBlock('BIÊN BẢN', token('trich_yeu')),
    ...body(),
    spacer(240),
    minutesSignatureTable(
      { titles: ['THƯ KÝ'], instruction: '(Ký, ghi rõ họ tên)', note: token('thu_ky_chu_ky'), name: token('thu_ky_ho_ten') },
      { titles: ['CHỦ TRÌ'], instruction: '(Ký, ghi rõ họ tên)', note: token('chu_tri_chu_ky'), name: token('chu_tri_ho_ten') },
    ),
    endParagraph(),
  ]
}

function resolutionTemplate(): FileChild[] {
  return [
    ...header(),
    ...titleBlock('NGHỊ QUYẾT', token('trich_yeu')),
    ...body(),
    spacer(240),
    resolutionSignatureTable([recipientLine(token('noi_nhan'))], {
      titles: ['T/M CHI BỘ', token('chuc_vu_ky')],
      instruction: null,
      note: token('nguoi_ky_chu_ky'),
      name: token('nguoi_ky_ho_ten'),
    }),
    endParagraph(),
  ]
}

/** The default template of a kind, as the bytes of a .docx. */
export async function buildTemplate(kind: TemplateKind): Promise<Buffer> {
  const doc = new Document({
    title: `Mẫu ${TEMPLATE_KIND_NAMES[kind].toLocaleLowerCase('vi')}`,
    creator: 'Sổ chi bộ',
    lastModifiedBy: 'Sổ chi bộ',
    description: 'Các trường {{…}} được ứng dụng điền tự động; danh sách trường xem templates/README.md.',
    styles: DOCUMENT_STYLES,
    // A line ending in a manual line break (Shift+Enter in the editor) is not stretched to the margin.
    compatibility: { doNotExpandShiftReturn: true },
    sections: [
      {
        properties: SECTION_PROPERTIES,
        headers: { first: firstPageHeader(token('du_thao')), default: pageNumberHeader() },
        footers: { first: verificationFooter(token('xac_minh')), default: verificationFooter(token('xac_minh')) },
        children: kind === 'resolution' ? resolutionTemplate() : minutesTemplate(),
      },
    ],
  })
  return normalizeDocx(await Packer.toBuffer(doc), TEMPLATE_DATE)
}

export const TEMPLATE_KINDS_BUILT: readonly TemplateKind[] = ['minutes_regular', 'minutes_thematic', 'minutes_committee', 'resolution']

async function main() {
  const dir = path.dirname(fileURLToPath(import.meta.url))
  for (const kind of TEMPLATE_KINDS_BUILT) {
    const file = path.join(dir, DEFAULT_TEMPLATE_FILES[kind])
    fs.writeFileSync(file, await buildTemplate(kind))
    console.log(`Đã tạo ${path.relative(process.cwd(), file)}`)
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(error)
    process.exit(1)
  })
}

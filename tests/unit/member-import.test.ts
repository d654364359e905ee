// Reading a secretary's member list (CSV/XLSX) into validated rows, and writing it back.
import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import {
  memberExportColumns,
  memberToExportRow,
  parseMemberRows,
  type ImportRow,
} from '~/domain/member-import'
import { readTable, writeCsv, writeXlsx } from '~/utils/spreadsheet.server'

const SAMPLE = fs.readFileSync(path.resolve(__dirname, '../fixtures/danh-sach-dang-vien.csv'))
const BOM = Buffer.from([0xef, 0xbb, 0xbf])

async function parseCsv(bytes: Uint8Array | string, name = 'danh-sach.csv') {
  return parseMemberRows(await readTable(name, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes))
}
const byLine = (rows: ImportRow[], line: number) => rows.find((r) => r.rowNumber === line)!

describe('the sample member list (CSV with a BOM)', () => {
  it('accepts rows 1–6 with their values, the exempt and the probationary member', async () => {
    const { fileErrors, rows } = await parseCsv(SAMPLE)
    expect(fileErrors).toEqual([])
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    // STT 1–6 are spreadsheet lines 2–7 (the header is line 1).
    for (const line of [2, 3, 4, 5, 6, 7]) expect(byLine(rows, line).errors, `line ${line}`).toEqual([])

    expect(byLine(rows, 2).values).toMatchObject({
      fullName: 'Nguyễn Văn Hùng',
      birthDate: '1968-03-12',
      gender: 'male',
      joinedOn: '1995-05-19',
      officialOn: '1996-05-19',
      status: 'official',
      position: 'secretary',
      cardNumber: '01.234567',
    })
    expect(byLine(rows, 3).values).toMatchObject({ gender: 'female', position: 'deputy' })
    expect(byLine(rows, 4).values).toMatchObject({ position: 'committee' })
    expect(byLine(rows, 5).values).toMatchObject({ position: 'member' })

    const exempt = byLine(rows, 6)
    expect(exempt.exemptFrom).toBe('2024-01-01')
    expect(exempt.values).toMatchObject({ fullName: 'Hoàng Văn Long', status: 'official', note: 'Miễn sinh hoạt từ 01/01/2024' })

    const probationary = byLine(rows, 7)
    expect(probationary.values).toMatchObject({
      fullName: 'Vũ Thị Mai',
      status: 'probationary',
      officialOn: null,
      cardNumber: null,
      joinedOn: '2026-05-19',
    })
    expect(probationary.exemptFrom).toBeUndefined()
  })

  it('reports each bad row with its own Vietnamese reason', async () => {
    const { rows } = await parseCsv(SAMPLE)
    expect(byLine(rows, 8)).toMatchObject({ values: null, errors: ['Ngày sinh 31/02/1987 không tồn tại.'], rawName: 'Đỗ Minh Tuấn' })
    expect(byLine(rows, 10)).toMatchObject({ values: null, errors: ['Thiếu họ và tên.'] })
    expect(byLine(rows, 11)).toMatchObject({ values: null, errors: ['Số thẻ 01.234567 trùng với dòng 2.'] })
  })

  it('accepts the ISO date of row 8 (a date cell that came out yyyy-mm-dd)', async () => {
    const { rows } = await parseCsv(SAMPLE)
    expect(byLine(rows, 9)).toMatchObject({ errors: [], values: { fullName: 'Bùi Quang Huy', birthDate: '1992-04-05' } })
  })

  it('reads the same rows without a BOM and with semicolons', async () => {
    const withBom = await parseCsv(SAMPLE)
    expect(SAMPLE.subarray(0, 3).equals(BOM)).toBe(true)
    const noBom = await parseCsv(SAMPLE.subarray(3))
    expect(noBom).toEqual(withBom)
    const semicolon = await parseCsv(SAMPLE.toString('utf8').replace(/,/g, ';'))
    expect(semicolon).toEqual(withBom)
    const crlf = await parseCsv(SAMPLE.toString('utf8').replace(/\n/g, '\r\n'))
    expect(crlf).toEqual(withBom)
  })
})

describe('CSV details', () => {
  it('reads quoted fields with separators, quotes and line breaks', async () => {
    const csv =
      'Họ và tên;Ngày sinh;Ghi chú\n' +
      '"Lê Thị Thu; Hà";01/02/1980;"Nói ""xin chào""; dòng một\ndòng hai"\n'
    const { rows } = await parseCsv(csv)
    expect(rows).toHaveLength(1)
    expect(rows[0].values).toMatchObject({ fullName: 'Lê Thị Thu; Hà', note: 'Nói "xin chào"; dòng một dòng hai' })
  })

  it('ignores empty trailing rows and rows with only STT', async () => {
    const csv = SAMPLE.toString('utf8') + '11,,,,,,,,\n,,,,,,,,\n\n\n'
    const { rows } = await parseCsv(csv)
    expect(rows).toHaveLength(10)
  })

  it('refuses a CSV that is not UTF-8 with advice', async () => {
    const latin1 = Buffer.from('Họ và tên\nNguyễn Văn A\n', 'latin1')
    await expect(readTable('a.csv', latin1)).rejects.toThrow(/UTF-8/)
  })

  it('refuses other file types and files over 5 MB', async () => {
    await expect(readTable('danh-sach.xls', new Uint8Array(10))).rejects.toThrow('Chỉ nhận tệp .csv hoặc .xlsx.')
    await expect(readTable('danh-sach.pdf', new Uint8Array(10))).rejects.toMatchObject({ status: 422 })
    await expect(readTable('big.csv', new Uint8Array(5 * 1024 * 1024 + 1))).rejects.toThrow(/tối đa 5 MB/)
  })

  it('writes CSV with a BOM, CRLF line ends and quoted cells', () => {
    const csv = writeCsv(['Họ và tên', 'Ghi chú'], [['Lê Văn A', 'Có "dấu", phẩy\nxuống dòng'], ['B', '=1+1']])
    expect(csv.startsWith('\uFEFFHọ và tên,Ghi chú\r\n')).toBe(true)
    expect(csv).toContain('Lê Văn A,"Có ""dấu"", phẩy\nxuống dòng"\r\n')
    // A cell Excel would run as a formula stays text, and reads back as typed.
    expect(csv).toContain("B,'=1+1\r\n")
  })

  it('reads back a formula-like cell it protected', async () => {
    const csv = writeCsv(['Họ và tên', 'Ngày sinh', 'Ghi chú'], [['Lê Văn A', '01/02/1980', '=HYPERLINK("x")']])
    const { rows } = await parseCsv(csv)
    expect(rows[0].values?.note).toBe('=HYPERLINK("x")')
  })
})

describe('headers and cell rules', () => {
  it('tolerates case, diacritics, spacing and aliases, and a title line above the header', async () => {
    const csv =
      'DANH SÁCH ĐẢNG VIÊN CHI BỘ KHU PHỐ 3,,,,,,,\n' +
      ' stt ,HO TEN, ngày   sinh ,gioi tinh,Ngày kết nạp,Ngày công nhận chính thức,CHỨC VỤ,Số thẻ,Loại đảng viên\n' +
      '1,Trần Văn Bình,5/9/1975,NAM,2/9/2000,2/9/2001,chi uỷ viên,02.111111,Chính thức\n' +
      '2,Lý Thị Hằng,1/1/1990,nữ,3/3/2025,,,,dự bị\n'
    const { fileErrors, rows } = await parseCsv(csv)
    expect(fileErrors).toEqual([])
    expect(rows[0]).toMatchObject({
      rowNumber: 3,
      errors: [],
      values: {
        fullName: 'Trần Văn Bình',
        birthDate: '1975-09-05',
        gender: 'male',
        joinedOn: '2000-09-02',
        officialOn: '2001-09-02',
        position: 'committee',
        cardNumber: '02.111111',
        status: 'official',
      },
    })
    expect(rows[1]).toMatchObject({ rowNumber: 4, errors: [], values: { gender: 'female', status: 'probationary' } })
  })

  it('joins a split name ("Họ và tên đệm" + "Tên")', async () => {
    const { rows } = await parseCsv('Họ và tên đệm,Tên,Ngày sinh\nNguyễn Thị,Lan,02/03/1970\n')
    expect(rows[0].values?.fullName).toBe('Nguyễn Thị Lan')
  })

  it('reports a missing name column as a file error naming it', async () => {
    const { fileErrors, rows } = await parseCsv('STT,Ngày sinh,Giới tính\n1,01/01/1970,Nam\n')
    expect(rows).toEqual([])
    expect(fileErrors).toHaveLength(1)
    expect(fileErrors[0]).toContain('Không tìm thấy cột "Họ và tên"')
  })

  it('reports a file with no member rows', async () => {
    const { fileErrors } = await parseCsv('Họ và tên,Ngày sinh\n,\n')
    expect(fileErrors[0]).toMatch(/không có dòng đảng viên nào/)
  })

  it('lists every problem of a row, naming the column and the value', async () => {
    const csv =
      'Họ và tên,Ngày sinh,Giới tính,Ngày vào Đảng,Ngày chính thức,Chức vụ Đảng\n' +
      'Phan Văn Tài,12-03-1968,Nữ giới,1995-02-30,19/05/1996,Tổ trưởng\n'
    const { rows } = await parseCsv(csv)
    expect(rows[0].values).toBeNull()
    expect(rows[0].errors).toEqual([
      'Ngày sinh "12-03-1968" không đúng định dạng; hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/09/1985.',
      'Ngày vào Đảng 1995-02-30 không tồn tại.',
      'Giới tính "Nữ giới" không hợp lệ; hãy ghi Nam hoặc Nữ.',
      'Chức vụ Đảng "Tổ trưởng" không nhận ra; hãy ghi Bí thư, Phó Bí thư, Chi ủy viên hoặc để trống (đảng viên).',
    ])
  })

  it('maps the member rules to Vietnamese reasons with the column', async () => {
    const csv =
      'Họ và tên,Ngày sinh,Ngày kết nạp,Ngày chính thức,Trạng thái\n' +
      'Đặng Văn Hải,01/01/1980,01/01/2010,01/01/2009,\n' +
      'Mai Thị Yến,01/01/1985,01/01/1984,,\n' +
      'Tạ Văn Kiên,01/01/1985,01/01/2010,,Chính thức\n'
    const { rows } = await parseCsv(csv)
    expect(rows[0].errors).toEqual(['Ngày chính thức không thể trước ngày vào Đảng.'])
    expect(rows[1].errors).toEqual(['Cột "Ngày kết nạp": Ngày vào Đảng phải sau ngày sinh.'])
    expect(rows[2].errors).toEqual(['Đảng viên chính thức cần có ngày chính thức.'])
  })

  it('treats a note saying "dự bị" as probationary and reports a bad exemption date', async () => {
    const csv =
      'Họ và tên,Ngày sinh,Ngày vào Đảng,Ngày chính thức,Ghi chú\n' +
      'Võ Văn Phúc,01/01/1990,01/06/2026,,Đảng viên dự bị\n' +
      'Hồ Thị Nga,01/01/1950,01/01/1975,01/01/1976,miễn  SINH HOẠT từ ngày 30/02/2024\n'
    const { rows } = await parseCsv(csv)
    expect(rows[0].values?.status).toBe('probationary')
    expect(rows[1].errors).toEqual(['Ghi chú: Ngày miễn sinh hoạt 30/02/2024 không tồn tại.'])
  })

  it('reports the same person twice when a row has no card number', async () => {
    const csv = 'Họ và tên,Ngày sinh,Số thẻ\nLê Văn Nam,30/11/1979,\nLÊ VĂN NAM,30/11/1979,01.456789\n'
    const { rows } = await parseCsv(csv)
    expect(rows[0].errors).toEqual([])
    expect(rows[1].errors).toEqual([
      'Đ/c LÊ VĂN NAM (sinh 30/11/1979) trùng với dòng 2; hãy xóa một dòng hoặc ghi số thẻ để phân biệt.',
    ])
  })
})

/** The sample as a workbook the way Excel saves it: real date cells, numbers, rich text. */
async function sampleWorkbook(): Promise<Buffer> {
  const table = await readTable('sample.csv', SAMPLE)
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Danh sách')
  workbook.addWorksheet('Trang khác').addRow(['không đọc trang này'])
  const dateColumns = new Set([2, 4, 5])
  table.forEach((cells, r) => {
    const row = sheet.getRow(r + 1)
    cells.forEach((text, c) => {
      const cell = row.getCell(c + 1)
      const dmy = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text)
      const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
      if (r > 0 && dateColumns.has(c) && dmy && Number(dmy[1]) <= 28) {
        cell.value = new Date(Date.UTC(Number(dmy[3]), Number(dmy[2]) - 1, Number(dmy[1])))
        cell.numFmt = 'dd/mm/yyyy'
      } else if (r > 0 && dateColumns.has(c) && dmy && Number(dmy[1]) > 28) {
        // Excel keeps an impossible date as text; 30/11 and 31/12 stay dates.
        const date = new Date(Date.UTC(Number(dmy[3]), Number(dmy[2]) - 1, Number(dmy[1])))
        cell.value = date.getUTCDate() === Number(dmy[1]) ? date : text
      } else if (r > 0 && iso) {
        cell.value = new Date(Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])))
      } else if (r > 0 && c === 0) {
        cell.value = Number(text)
      } else if (r > 0 && c === 1 && text) {
        cell.value = { richText: [{ text: text.split(' ')[0], font: { bold: true } }, { text: text.slice(text.indexOf(' ')) }] }
      } else if (text) {
        cell.value = text
      }
    })
    row.commit()
  })
  // Empty formatted rows at the end, as spreadsheets often have.
  sheet.getRow(table.length + 3).getCell(1).value = ''
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

describe('XLSX', () => {
  it('parses the same as the CSV (date cells, numbers, rich text, first worksheet)', async () => {
    const fromXlsx = parseMemberRows(await readTable('danh-sach.xlsx', await sampleWorkbook()))
    const fromCsv = await parseCsv(SAMPLE)
    expect(fromXlsx.fileErrors).toEqual([])
    expect(fromXlsx.rows.map((r) => [r.rowNumber, r.values, r.exemptFrom, r.errors])).toEqual(
      fromCsv.rows.map((r) => [r.rowNumber, r.values, r.exemptFrom, r.errors]),
    )
  })

  it('refuses a damaged .xlsx in Vietnamese', async () => {
    await expect(readTable('hong.xlsx', Buffer.from('không phải xlsx'))).rejects.toThrow(/Không đọc được tệp .xlsx/)
  })
})

describe('export → re-import round trip', () => {
  async function validMembers() {
    const { rows } = await parseCsv(SAMPLE)
    return rows.filter((r) => r.values).map((r) => ({ values: r.values!, exemptFrom: r.exemptFrom }))
  }

  it('uses the import headers', () => {
    for (const header of memberExportColumns.slice(0, -1)) expect(header).toMatch(/\S/)
    expect(memberExportColumns).toContain('Họ và tên')
    expect(memberExportColumns).toContain('Số thẻ đảng viên')
  })

  it('re-imports an exported CSV with the same values', async () => {
    const members = await validMembers()
    const csv = writeCsv(
      memberExportColumns,
      members.map((m, i) => memberToExportRow({ ...m.values, standing: 'active' }, i + 1)),
    )
    expect(csv).toContain('1,Nguyễn Văn Hùng,12/03/1968,Nam,19/05/1995,19/05/1996,Chính thức,Bí thư,01.234567,,Đang sinh hoạt')
    const again = await parseCsv(csv, 'xuat.csv')
    expect(again.fileErrors).toEqual([])
    expect(again.rows.map((r) => r.errors)).toEqual(members.map(() => []))
    expect(again.rows.map((r) => ({ values: r.values, exemptFrom: r.exemptFrom }))).toEqual(members)
  })

  it('re-imports an exported XLSX with the same values', async () => {
    const members = await validMembers()
    const xlsx = await writeXlsx('Chi bộ: Khu phố 3 / 2026', memberExportColumns, members.map((m, i) => memberToExportRow(m.values, i + 1)))
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx as unknown as ExcelJS.Buffer)
    const sheet = workbook.worksheets[0]
    expect(sheet.name).toBe('Chi bộ Khu phố 3 2026')
    expect(sheet.getRow(1).font?.bold).toBe(true)
    expect(sheet.getColumn(2).width).toBeGreaterThan(10)
    const again = parseMemberRows(await readTable('xuat.xlsx', xlsx))
    expect(again.rows.map((r) => ({ values: r.values, exemptFrom: r.exemptFrom }))).toEqual(members)
  })
})

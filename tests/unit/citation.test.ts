import { describe, expect, test } from 'vitest'
import { citeDocument, citeLegalBasis, stripNumberPrefix, typeNameFromTitle, type CitableDocument, type CitableLegalBasis } from '~/domain/citation'

describe('citeDocument', () => {
  const cases: [string, CitableDocument, string][] = [
    [
      'the full form',
      { docType: 'NQ', numberText: '22-NQ/TW', issuedOn: '2008-02-02', issuer: 'Ban Chấp hành Trung ương', title: 'Nghị quyết Hội nghị lần thứ sáu…' },
      'Nghị quyết số 22-NQ/TW ngày 02/02/2008 của Ban Chấp hành Trung ương',
    ],
    [
      'a typed "Số" prefix is not repeated',
      { docType: 'NQ', numberText: 'Số 05-NQ/CB', issuedOn: '2026-03-05', issuer: 'Chi bộ Khu phố 3', title: 'về nhiệm vụ tháng 3' },
      'Nghị quyết số 05-NQ/CB ngày 05/03/2026 của Chi bộ Khu phố 3',
    ],
    [
      'without a date',
      { docType: 'HD', numberText: '16-HD/VPTW', issuedOn: null, issuer: 'Văn phòng Trung ương Đảng', title: 'Hướng dẫn ghi biên bản' },
      'Hướng dẫn số 16-HD/VPTW của Văn phòng Trung ương Đảng',
    ],
    [
      'without a number',
      { docType: 'KH', numberText: '', issuedOn: '2026-01-10', issuer: 'Đảng ủy phường Ba Đình', title: 'Kế hoạch học tập chuyên đề năm 2026' },
      'Kế hoạch ngày 10/01/2026 của Đảng ủy phường Ba Đình',
    ],
    [
      'neither number nor date: the subject from the title',
      { docType: 'NQ', numberText: null, issuedOn: null, issuer: 'Chi bộ Khu phố 3', title: 'Nghị quyết về lãnh đạo thực hiện nhiệm vụ tháng 3 năm 2026' },
      'Nghị quyết của Chi bộ Khu phố 3 về lãnh đạo thực hiện nhiệm vụ tháng 3 năm 2026',
    ],
    [
      'neither number nor date, a capitalised title',
      { docType: 'KH', issuer: 'Chi bộ Khu phố 3', title: 'Học tập và làm theo tư tưởng Hồ Chí Minh' },
      'Kế hoạch của Chi bộ Khu phố 3 về học tập và làm theo tư tưởng Hồ Chí Minh',
    ],
    [
      'an acronym at the start of the subject is kept',
      { docType: 'TB', issuer: 'Chi bộ Khu phố 3', title: 'HĐND phường tiếp xúc cử tri' },
      'Thông báo của Chi bộ Khu phố 3 về HĐND phường tiếp xúc cử tri',
    ],
    [
      'QĐ with a title "Quy định …" is a Quy định',
      { docType: 'QĐ', numberText: '294-QĐ/TW', issuedOn: '2025-05-26', issuer: 'Ban Chấp hành Trung ương', title: 'Quy định thi hành Điều lệ Đảng' },
      'Quy định số 294-QĐ/TW ngày 26/05/2025 của Ban Chấp hành Trung ương',
    ],
    [
      'QĐ otherwise is a Quyết định',
      { docType: 'QĐ', numberText: '12-QĐ/ĐU', issuedOn: '2026-02-20', issuer: 'Đảng ủy phường Ba Đình', title: 'Quyết định chuẩn y kết quả bầu cử' },
      'Quyết định số 12-QĐ/ĐU ngày 20/02/2026 của Đảng ủy phường Ba Đình',
    ],
    ['a name instead of a number', { docType: 'ĐL', numberText: 'Điều lệ Đảng', issuedOn: '2011-01-19', issuer: 'Đại hội XI', title: 'Điều lệ Đảng' }, 'Điều lệ Đảng ngày 19/01/2011 của Đại hội XI'],
    ['another kind of document', { docType: 'K', numberText: '7-CV/ĐU', issuer: 'Đảng ủy phường', title: 'Công văn' }, 'Văn bản số 7-CV/ĐU của Đảng ủy phường'],
    ['no issuer', { docType: 'CT', numberText: '50-CT/TW', issuedOn: '2025-07-23', issuer: '', title: 'x' }, 'Chỉ thị số 50-CT/TW ngày 23/07/2025'],
    ['an invalid date is left out', { docType: 'CT', numberText: '50-CT/TW', issuedOn: '2025-02-30', issuer: 'Ban Bí thư', title: 'x' }, 'Chỉ thị số 50-CT/TW của Ban Bí thư'],
    ['spaces are tidied', { docType: 'KL', numberText: '  21-KL/TW ', issuedOn: '2021-10-25', issuer: ' Ban  Chấp hành   Trung ương ', title: 'x' }, 'Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương'],
  ]
  test.each(cases)('%s', (_name, doc, expected) => {
    expect(citeDocument(doc)).toBe(expected)
  })
})

describe('citeLegalBasis', () => {
  const cases: [CitableLegalBasis, string][] = [
    [
      { numberText: '294-QĐ/TW', issuedOn: '2025-05-26', issuer: 'Ban Chấp hành Trung ương', title: 'Quy định thi hành Điều lệ Đảng' },
      'Quy định số 294-QĐ/TW ngày 26/05/2025 của Ban Chấp hành Trung ương',
    ],
    [
      { numberText: 'Điều lệ Đảng', issuedOn: '2011-01-19', issuer: 'Đại hội đại biểu toàn quốc lần thứ XI', title: 'Điều lệ Đảng Cộng sản Việt Nam' },
      'Điều lệ Đảng ngày 19/01/2011 của Đại hội đại biểu toàn quốc lần thứ XI',
    ],
    [
      { numberText: '16-HD/VPTW', issuedOn: null, issuer: 'Văn phòng Trung ương Đảng', title: 'Hướng dẫn ghi biên bản hội nghị' },
      'Hướng dẫn số 16-HD/VPTW của Văn phòng Trung ương Đảng',
    ],
    [
      { numberText: '04-NQ/TW', issuedOn: '2016-10-30', issuer: 'Ban Chấp hành Trung ương', title: 'Nghị quyết Hội nghị Trung ương 4 khóa XII' },
      'Nghị quyết số 04-NQ/TW ngày 30/10/2016 của Ban Chấp hành Trung ương',
    ],
    [{ numberText: '50-CT/TW', issuedOn: '2025-07-23', issuer: 'Ban Bí thư', title: 'Chỉ thị về tiếp tục nâng cao chất lượng sinh hoạt chi bộ' }, 'Chỉ thị số 50-CT/TW ngày 23/07/2025 của Ban Bí thư'],
    [{ numberText: '1-XX/TW', issuedOn: null, issuer: 'Ban Bí thư', title: 'Tài liệu tham khảo' }, 'Văn bản số 1-XX/TW của Ban Bí thư'],
  ]
  test.each(cases)('%j', (row, expected) => {
    expect(citeLegalBasis(row)).toBe(expected)
  })
})

describe('helpers', () => {
  test.each([
    ['Quy định thi hành Điều lệ Đảng', 'Quy định'],
    ['quyết định chuẩn y', 'Quyết định'],
    ['Quy chế làm việc', 'Quy chế'],
    ['Quyđịnh', null],
    ['Về công tác đảng viên', null],
    ['', null],
  ])('typeNameFromTitle(%j) = %j', (title, expected) => {
    expect(typeNameFromTitle(title)).toBe(expected)
  })
  test.each([
    ['Số 05-NQ/CB', '05-NQ/CB'],
    ['số: 5-nq/CB', '5-nq/CB'],
    ['22-NQ/TW', '22-NQ/TW'],
    ['Số hóa', 'Số hóa'],
    [null, ''],
  ])('stripNumberPrefix(%j) = %j', (input, expected) => {
    expect(stripNumberPrefix(input)).toBe(expected)
  })
})

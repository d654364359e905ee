// The inspection remark forms (one zod schema per form, shared by the action and conform). Kept apart
// from ./remarks so the pages that only need the rules do not carry zod.
import { z } from 'zod'
import { isValidIsoDate } from './vn-date'

const longText = (max: number, tooLong: string, required: string) =>
  z
    .string({ message: required })
    .max(max, { message: tooLong })
    .transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim())

const optionalLong = (max: number, tooLong: string) =>
  z
    .string()
    .max(max, { message: tooLong })
    .optional()
    .transform((s) => {
      const t = (s ?? '').normalize('NFC').replace(/\r\n?/g, '\n').trim()
      return t === '' ? null : t
    })

const optionalDate = (message: string) =>
  z
    .string()
    .optional()
    .refine((s) => !s || isValidIsoDate(s), { message })
    .transform((s) => (s ? s : null))

const REMARKS_REQUIRED = 'Hãy ghi nội dung nhận xét (ít nhất 10 ký tự).'
const REPLY_REQUIRED = 'Hãy ghi nội dung trả lời (ít nhất 5 ký tự): chi bộ đã tiếp thu, khắc phục thế nào.'
const REOPEN_NOTE_REQUIRED = 'Hãy ghi rõ chi bộ cần bổ sung, khắc phục thêm điều gì (ít nhất 5 ký tự).'

export const RemarkContentSchema = z.object({
  remarks: longText(10_000, 'Nội dung nhận xét dài quá 10.000 ký tự.', REMARKS_REQUIRED).pipe(z.string().min(10, { message: REMARKS_REQUIRED })),
  requestedFixes: optionalLong(10_000, 'Yêu cầu khắc phục dài quá 10.000 ký tự.'),
  dueOn: optionalDate('Thời hạn khắc phục không hợp lệ: hãy chọn một ngày.'),
  inspectorBody: optionalLong(300, 'Tên cơ quan kiểm tra dài quá 300 ký tự.'),
})
export type RemarkContent = z.output<typeof RemarkContentSchema>

/** The remark on a cell and a period (not tied to one meeting). */
export const PeriodRemarkSchema = RemarkContentSchema.extend({
  cellId: z.string({ message: 'Hãy chọn chi bộ được nhận xét.' }).min(1, { message: 'Hãy chọn chi bộ được nhận xét.' }),
  periodFrom: z.string({ message: 'Hãy chọn ngày bắt đầu của kỳ kiểm tra.' }).refine(isValidIsoDate, { message: 'Ngày bắt đầu không hợp lệ.' }),
  periodTo: z.string({ message: 'Hãy chọn ngày kết thúc của kỳ kiểm tra.' }).refine(isValidIsoDate, { message: 'Ngày kết thúc không hợp lệ.' }),
}).superRefine((v, ctx) => {
  if (v.periodFrom && v.periodTo && v.periodFrom > v.periodTo) {
    ctx.addIssue({ code: 'custom', path: ['periodTo'], message: 'Ngày kết thúc phải từ ngày bắt đầu trở đi.' })
  }
})
export type PeriodRemarkInput = z.output<typeof PeriodRemarkSchema>

const version = z.coerce.number({ message: 'Thiếu phiên bản bản ghi; hãy tải lại trang.' }).int().min(1, { message: 'Thiếu phiên bản bản ghi; hãy tải lại trang.' })

export const RemarkDraftSchema = RemarkContentSchema.extend({
  version,
  periodFrom: optionalDate('Ngày bắt đầu không hợp lệ.'),
  periodTo: optionalDate('Ngày kết thúc không hợp lệ.'),
})
export type RemarkDraftInput = z.output<typeof RemarkDraftSchema>

export const SignRemarkSchema = z.object({
  password: z.string({ message: 'Hãy nhập mật khẩu để ký.' }).min(1, { message: 'Hãy nhập mật khẩu để ký.' }),
  version,
})

export const ReplySchema = z.object({
  reply: longText(10_000, 'Nội dung trả lời dài quá 10.000 ký tự.', REPLY_REQUIRED).pipe(z.string().min(5, { message: REPLY_REQUIRED })),
  version,
})

export const CloseSchema = z.object({ note: optionalLong(2_000, 'Ghi chú dài quá 2.000 ký tự.'), version })

export const ReopenSchema = z.object({
  note: longText(2_000, 'Ghi chú dài quá 2.000 ký tự.', REOPEN_NOTE_REQUIRED).pipe(z.string().min(5, { message: REOPEN_NOTE_REQUIRED })),
  version,
})

export const VersionSchema = z.object({ version })

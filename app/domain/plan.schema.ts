// The thematic-meeting planning form of /orgs/:id/plan (zod): the action parses it through
// ./forms.server, the secretary's lazily loaded form (components/thematic-form) validates with it in
// the browser. Members reading the plan load neither.
import { z } from 'zod'
import { isValidIsoDate } from './vn-date'

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/

/** A meeting's planned length in minutes (optional): the year plan, a new meeting and a meeting's details. */
export const plannedMinutesField = z.coerce
  .number({ message: 'Thời lượng phải là số phút.' })
  .int({ message: 'Thời lượng phải là số nguyên.' })
  .min(10, { message: 'Thời lượng tối thiểu 10 phút.' })
  .max(720, { message: 'Thời lượng tối đa 720 phút.' })
  .optional()

export const ThematicSchema = z
  .object({
    // The year's range is checked by the model (PLAN_YEAR_MIN/MAX live in a .server module, empty in the browser).
    year: z.coerce.number({ message: 'Năm kế hoạch không hợp lệ.' }).int({ message: 'Năm kế hoạch không hợp lệ.' }),
    month: z.coerce.number({ message: 'Hãy chọn tháng sinh hoạt chuyên đề.' }).int().min(1).max(12),
    topic: z
      .string({ message: 'Vui lòng nhập chủ đề sinh hoạt chuyên đề.' })
      .trim()
      .min(3, { message: 'Chủ đề quá ngắn; hãy ghi rõ nội dung chuyên đề.' })
      .max(300, { message: 'Chủ đề dài quá 300 ký tự.' }),
    drafterMemberId: z.string().optional(),
    date: z
      .string()
      .refine(isValidIsoDate, { message: 'Ngày họp không hợp lệ.' })
      .optional(),
    time: z.string().regex(TIME, { message: 'Giờ họp theo dạng 14:00.' }).optional(),
    plannedMinutes: plannedMinutesField,
    combined: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.date && (Number(v.date.slice(0, 4)) !== v.year || Number(v.date.slice(5, 7)) !== v.month)) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: `Ngày họp phải thuộc tháng ${v.month}/${v.year} đã chọn.` })
    }
  })

// The criticism item, follow-up and status-change forms (zod), used by the route actions through
// ./criticism.server and re-checked by the model. Kept apart from ./criticism so the rules that the
// member's pages use do not bring zod into their JavaScript.
import { z } from 'zod'
import { CRITICISM_CATEGORIES, CRITICISM_KINDS, CRITICISM_OUTCOMES, CRITICISM_RESPONSES, CRITICISM_STATUSES } from './constants'
import { hasManifestations, parseSubject } from './criticism'
import { isValidIsoDate } from './vn-date'

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, { message: `${label} quá dài (tối đa ${max} ký tự).` })
    .optional()
    .nullable()
    .transform((v) => (v ? v : null))

const optionalId = z
  .string()
  .trim()
  .optional()
  .nullable()
  .transform((v) => (v ? v : null))

const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .nullable()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isValidIsoDate(v), { message: `${label} không hợp lệ.` })

export const CriticismItemSchema = z
  .object({
    subject: z.string({ message: 'Hãy chọn đồng chí hoặc tập thể được phê bình.' }).trim().min(1, { message: 'Hãy chọn đồng chí hoặc tập thể được phê bình.' }),
    kind: z.enum(CRITICISM_KINDS, { message: 'Hãy chọn hình thức (tự phê bình, phê bình, góp ý…).' }),
    raisedByMemberId: optionalId,
    raisedByText: optionalText(200, 'Người/nơi nêu ý kiến'),
    category: z.enum(CRITICISM_CATEGORIES, { message: 'Hãy chọn nhóm nội dung (G1–G8).' }),
    manifestationId: optionalId,
    agendaItemId: optionalId,
    description: z
      .string({ message: 'Chưa nhập nội dung hạn chế, khuyết điểm.' })
      .trim()
      .min(1, { message: 'Chưa nhập nội dung hạn chế, khuyết điểm.' })
      .max(4000, { message: 'Nội dung quá dài (tối đa 4000 ký tự).' }),
    cause: optionalText(4000, 'Nguyên nhân'),
    response: z.enum(CRITICISM_RESPONSES, { message: 'Ý kiến tiếp thu không hợp lệ.' }).optional().nullable().transform((v) => v ?? null),
    remedy: optionalText(4000, 'Biện pháp khắc phục'),
    dueOn: optionalDate('Thời hạn khắc phục'),
    followUpMemberId: optionalId,
    outcome: z.enum(CRITICISM_OUTCOMES, { message: 'Hình thức xử lý không hợp lệ.' }).optional().nullable().transform((v) => v ?? null),
    publicSummary: optionalText(300, 'Dòng ghi công khai').refine((v) => v === null || !/[\r\n]/.test(v), {
      message: 'Dòng ghi công khai chỉ gồm một dòng.',
    }),
  })
  .superRefine((v, ctx) => {
    if (v.manifestationId && !hasManifestations(v.category)) {
      ctx.addIssue({ code: 'custom', path: ['manifestationId'], message: 'Chỉ chọn biểu hiện cụ thể với các nhóm G1, G2, G3 (27 biểu hiện suy thoái).' })
    }
    if (v.kind !== 'self' && !v.raisedByMemberId && !v.raisedByText) {
      ctx.addIssue({
        code: 'custom',
        path: ['raisedByText'],
        message: 'Hãy ghi người hoặc nơi nêu ý kiến: chọn một đảng viên, hoặc ghi tên (ví dụ: "Nhân dân tổ dân phố số 12", "Đảng ủy phường").',
      })
    }
    if (v.kind === 'self' && v.raisedByMemberId && v.subject !== 'cell' && v.subject !== 'committee' && v.raisedByMemberId !== v.subject) {
      ctx.addIssue({ code: 'custom', path: ['raisedByMemberId'], message: 'Tự phê bình do chính đồng chí được phê bình nêu; hãy bỏ chọn người nêu ý kiến hoặc chọn hình thức "Phê bình".' })
    }
  })
  .transform(({ subject, ...rest }) => {
    const s = parseSubject(subject)
    // Self-criticism of a member is raised by that member.
    const selfOfMember = rest.kind === 'self' && s.subjectKind === 'member'
    return {
      ...rest,
      ...s,
      raisedByMemberId: selfOfMember ? null : rest.raisedByMemberId,
      raisedByText: selfOfMember ? null : rest.raisedByText,
    }
  })
export type CriticismItemInput = z.output<typeof CriticismItemSchema>

export const FollowUpSchema = z.object({
  meetingId: optionalId,
  note: z
    .string({ message: 'Chưa nhập kết quả theo dõi.' })
    .trim()
    .min(1, { message: 'Chưa nhập kết quả theo dõi.' })
    .max(4000, { message: 'Kết quả theo dõi quá dài (tối đa 4000 ký tự).' }),
  statusAfter: z.enum(CRITICISM_STATUSES, { message: 'Hãy chọn trạng thái sau khi theo dõi.' }),
})
export type FollowUpInput = z.output<typeof FollowUpSchema>

export const StatusChangeSchema = z.object({
  to: z.enum(CRITICISM_STATUSES, { message: 'Trạng thái không hợp lệ.' }),
  version: z.coerce.number().int().positive(),
})

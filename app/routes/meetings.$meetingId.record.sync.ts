// The minute-taker's sync endpoint (resource route): GET answers the whole record as JSON (polling);
// POST applies one change ("intent") through the record models. The page's scripts post with `_js=1`
// and get JSON: the stored values and version of what was saved, the fresh record after structural
// changes, and on a 409 what is stored now so both texts can be shown. A form posted without JavaScript
// is redirected back to the page with a message.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { z } from 'zod'
import {
  attendanceValues,
  conclusionValues,
  guestValues,
  headerValues,
  qualityValues,
  speechValues,
  taskValues,
  type Values,
} from '~/components/record/form-values'
import { ATTENDANCE_STATUSES } from '~/domain/constants'
import { VOTE_KINDS, VOTE_METHODS } from '~/domain/voting'
import { fromVnWallTime } from '~/domain/vn-date'
import { clientIp, getActor, redirectWithToast } from '~/auth/session.server'
import { AppError, type ActorContext } from '~/models/context'
import { confirmQuality, meetingRecord, saveQuality, type MeetingRecord } from '~/models/quality.server'
import {
  addGuest,
  addMeetingTask,
  addSpeech,
  cancelMeetingTask,
  confirmRemainingPresent,
  endMeeting,
  importAcceptedContributions,
  MAX_CONCLUSION_BYTES,
  MAX_GIST_BYTES,
  moveSpeech,
  parseSpeakerRef,
  recordVote,
  removeGuest,
  removeSpeech,
  removeVote,
  setAttendance,
  setItemConclusion,
  setMeetingConclusion,
  speakerRefString,
  startMeeting,
  updateGuest,
  updateMeetingTask,
  updateRecordHeader,
  updateSpeech,
  updateVote,
  type ReservedOpinion,
} from '~/models/record.server'
import { parseRichTextField } from '~/rich-text/form-field'
import type { RichText } from '~/rich-text/types'
import { isRichTextEmpty } from '~/rich-text/validate'
import { getDb, type DB } from '~/utils/db.server'

const json = (body: unknown, status = 200) => Response.json(body, { status })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request)
  if (!actor) return json({ ok: false, status: 401, error: 'Chưa đăng nhập.' }, 401)
  try {
    return json({ ok: true, view: meetingRecord(getDb(), actor, params.meetingId!) })
  } catch (error) {
    if (error instanceof AppError) return json({ ok: false, status: error.status, error: error.message }, error.status)
    throw error
  }
}

const INTENTS = [
  'start',
  'header',
  'attendance',
  'attendance-rest',
  'guest-add',
  'guest-update',
  'guest-remove',
  'speech-add',
  'speech-update',
  'speech-remove',
  'speech-move',
  'contributions-import',
  'item-conclusion',
  'meeting-conclusion',
  'vote-save',
  'vote-remove',
  'task-add',
  'task-update',
  'task-remove',
  'quality-save',
  'quality-confirm',
  'end',
] as const
type Intent = (typeof INTENTS)[number]

type Applied = { message: string; id?: string; version?: number; values?: Values; view?: boolean; step?: string }

const id = z.string({ error: 'Thiếu mã bản ghi; hãy tải lại trang.' }).trim().min(1, 'Thiếu mã bản ghi; hãy tải lại trang.').max(64)
const version = z.coerce.number({ error: 'Thiếu phiên bản bản ghi; hãy tải lại trang.' }).int().min(0)
const text = z.string().optional().default('')

function parse<T extends z.ZodType>(schema: T, form: Values): z.output<T> {
  const result = schema.safeParse(form)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new AppError(422, issue.message, issue.path.map(String).join('.') || undefined)
  }
  return result.data
}

function rich(value: string | undefined, maxBytes: number, field: string): RichText | null {
  const parsed = parseRichTextField(value ?? '', { maxBytes })
  if (!parsed.ok) throw new AppError(422, parsed.error, field)
  return isRichTextEmpty(parsed.doc) ? null : parsed.doc
}

function baseOf(form: Values): Values | undefined {
  try {
    const base = form.base ? (JSON.parse(form.base) as unknown) : undefined
    return base && typeof base === 'object' ? (base as Values) : undefined
  } catch {
    return undefined
  }
}

/** A Hà Nội date and time from the form; blank means now. */
function instant(date: string | undefined, time: string | undefined, label: string, field: string): string {
  if (!date?.trim() && !time?.trim()) return new Date().toISOString()
  try {
    const day = date?.trim() || new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)
    return fromVnWallTime(day, time?.trim() || '00:00').toISOString()
  } catch {
    throw new AppError(422, `${label} không hợp lệ. Hãy nhập ngày và giờ, ví dụ 14:30.`, field)
  }
}

function count(value: string | undefined, label: string): number {
  const v = (value ?? '').trim()
  if (!/^\d+$/.test(v)) throw new AppError(422, `${label} phải là số nguyên không âm (0, 1, 2, …).`, 'for')
  return Number(v)
}

function reservedOf(form: Values): ReservedOpinion[] {
  if (form.reserved) {
    try {
      const list = JSON.parse(form.reserved) as { memberId?: string; name?: string; text?: string }[]
      return list.map((r) => ({ memberId: r.memberId || null, name: r.name ?? '', text: r.text ?? '' }))
    } catch {
      throw new AppError(422, 'Ý kiến bảo lưu không đọc được; hãy nhập lại.', 'reserved')
    }
  }
  const out: ReservedOpinion[] = []
  for (let i = 0; i < 10; i++) {
    if (form[`reserved.${i}.text`] === undefined && form[`reserved.${i}.name`] === undefined) continue
    out.push({ memberId: form[`reserved.${i}.memberId`] || null, name: form[`reserved.${i}.name`] ?? '', text: form[`reserved.${i}.text`] ?? '' })
  }
  return out
}

function apply(db: DB, ctx: ActorContext, meetingId: string, intent: Intent, form: Values): Applied {
  switch (intent) {
    case 'start': {
      const v = parse(z.object({ chairMemberId: id, secretaryMemberId: id, startDate: text, startTime: text, version: version.optional() }), form)
      startMeeting(db, ctx, meetingId, { ...v, startedAt: instant(v.startDate, v.startTime, 'Giờ bắt đầu', 'startTime') })
      return { message: 'Đã bắt đầu buổi sinh hoạt', view: true, step: 'attendance' }
    }
    case 'header': {
      const v = parse(z.object({ chairMemberId: id, secretaryMemberId: id, startDate: text, startTime: text, version }), form)
      const row = updateRecordHeader(db, ctx, meetingId, { ...v, startedAt: instant(v.startDate, v.startTime, 'Giờ bắt đầu', 'startTime') })
      return { message: 'Đã lưu chủ trì, thư ký, giờ bắt đầu', version: row.version, values: headerValues(row), view: true }
    }
    case 'attendance': {
      const v = parse(z.object({ memberId: id, status: z.enum(ATTENDANCE_STATUSES, { error: 'Hãy chọn có mặt hoặc vắng.' }), reason: text, version }), form)
      const row = setAttendance(db, ctx, meetingId, v.memberId, v)
      return { message: 'Đã lưu điểm danh', version: row.version, values: attendanceValues({ ...row, confirmed: true }), view: true }
    }
    case 'attendance-rest': {
      const n = confirmRemainingPresent(db, ctx, meetingId)
      return { message: `Đã ghi có mặt cho ${n} đồng chí`, view: true }
    }
    case 'guest-add': {
      const v = parse(z.object({ name: text, title: text, unit: text, isUpperRep: text }), form)
      const row = addGuest(db, ctx, meetingId, { ...v, isUpperRep: v.isUpperRep === '1' || v.isUpperRep === 'on' })
      return { message: `Đã thêm khách mời ${row.name}`, id: row.id, view: true }
    }
    case 'guest-update': {
      const v = parse(z.object({ guestId: id, name: text, title: text, unit: text, isUpperRep: text }), form)
      const base = baseOf(form)
      const upper = (x: string | undefined) => x === '1' || x === 'on'
      const row = updateGuest(db, ctx, meetingId, v.guestId, {
        ...v,
        isUpperRep: upper(v.isUpperRep),
        expected: base ? { name: base.name ?? '', title: base.title, unit: base.unit, isUpperRep: upper(base.isUpperRep) } : undefined,
      })
      return { message: 'Đã lưu khách mời', values: guestValues(row), view: true }
    }
    case 'guest-remove': {
      const v = parse(z.object({ guestId: id }), form)
      removeGuest(db, ctx, meetingId, v.guestId)
      return { message: 'Đã xóa khách mời', view: true }
    }
    case 'speech-add': {
      const v = parse(z.object({ agendaItemId: id, speaker: text, gist: text }), form)
      const row = addSpeech(db, ctx, meetingId, { agendaItemId: v.agendaItemId, speaker: parseSpeakerRef(v.speaker), gist: rich(v.gist, MAX_GIST_BYTES, 'gist') })
      return { message: 'Đã thêm phát biểu', id: row.id, version: row.version, view: true, step: `item-${v.agendaItemId}` }
    }
    case 'speech-update': {
      const v = parse(z.object({ speechId: id, speaker: text, gist: text, version }), form)
      const row = updateSpeech(db, ctx, meetingId, v.speechId, { speaker: parseSpeakerRef(v.speaker), gist: rich(v.gist, MAX_GIST_BYTES, 'gist'), version: v.version })
      return { message: 'Đã lưu phát biểu', version: row.version, values: speechValues({ speaker: speakerRefString(row), gist: row.gist }) }
    }
    case 'speech-remove': {
      const v = parse(z.object({ speechId: id, version }), form)
      removeSpeech(db, ctx, meetingId, v.speechId, v)
      return { message: 'Đã xóa phát biểu', view: true }
    }
    case 'speech-move': {
      const v = parse(z.object({ speechId: id, direction: z.enum(['up', 'down']) }), form)
      moveSpeech(db, ctx, meetingId, v.speechId, v.direction)
      return { message: 'Đã đổi thứ tự phát biểu', view: true }
    }
    case 'contributions-import': {
      const n = importAcceptedContributions(db, ctx, meetingId)
      return { message: n > 0 ? `Đã đưa ${n} ý kiến đóng góp vào phần phát biểu` : 'Không có ý kiến đóng góp mới', view: true }
    }
    case 'item-conclusion': {
      const v = parse(z.object({ agendaItemId: id, conclusion: text, version }), form)
      const base = baseOf(form)
      const row = setItemConclusion(db, ctx, meetingId, v.agendaItemId, {
        conclusion: rich(v.conclusion, MAX_CONCLUSION_BYTES, 'conclusion'),
        version: v.version,
        base: base ? rich(base.conclusion, MAX_CONCLUSION_BYTES, 'base') : undefined,
      })
      return { message: 'Đã lưu kết luận', version: row.version, values: conclusionValues(row.conclusion) }
    }
    case 'meeting-conclusion': {
      const v = parse(z.object({ conclusion: text, version }), form)
      const base = baseOf(form)
      const row = setMeetingConclusion(db, ctx, meetingId, {
        conclusion: rich(v.conclusion, MAX_CONCLUSION_BYTES, 'conclusion'),
        version: v.version,
        base: base ? rich(base.conclusion, MAX_CONCLUSION_BYTES, 'base') : undefined,
      })
      return { message: 'Đã lưu kết luận chung', version: row.version, values: conclusionValues(row.conclusion) }
    }
    case 'vote-save': {
      const v = parse(
        z.object({
          voteId: text,
          version: text,
          agendaItemId: text,
          subject: text,
          kind: z.enum(VOTE_KINDS, { error: 'Chưa chọn loại biểu quyết (quá nửa hoặc hai phần ba).' }),
          method: z.enum(VOTE_METHODS, { error: 'Chưa chọn hình thức biểu quyết.' }),
          for: text,
          against: text,
          abstain: text,
        }),
        form,
      )
      const input = {
        agendaItemId: v.agendaItemId || null,
        subject: v.subject,
        kind: v.kind,
        method: v.method,
        for: count(v.for, 'Số đồng chí tán thành'),
        against: count(v.against, 'Số đồng chí không tán thành'),
        abstain: v.abstain.trim() ? count(v.abstain, 'Số đồng chí không biểu quyết') : null,
        reserved: reservedOf(form),
      }
      const row = v.voteId ? updateVote(db, ctx, meetingId, v.voteId, { ...input, version: Number(v.version) }) : recordVote(db, ctx, meetingId, input)
      return { message: 'Đã ghi kết quả biểu quyết', id: row.id, version: row.version, view: true, step: 'votes' }
    }
    case 'vote-remove': {
      const v = parse(z.object({ voteId: id, version }), form)
      removeVote(db, ctx, meetingId, v.voteId, v)
      return { message: 'Đã xóa kết quả biểu quyết', view: true, step: 'votes' }
    }
    case 'task-add': {
      const v = parse(z.object({ memberId: text, text: text, dueOn: text }), form)
      const row = addMeetingTask(db, ctx, meetingId, { memberId: v.memberId || null, text: v.text, dueOn: v.dueOn || null })
      return { message: 'Đã giao nhiệm vụ', id: row.id, view: true, step: 'tasks' }
    }
    case 'task-update': {
      const v = parse(z.object({ taskId: id, memberId: text, text: text, dueOn: text, version }), form)
      const row = updateMeetingTask(db, ctx, meetingId, v.taskId, { memberId: v.memberId || null, text: v.text, dueOn: v.dueOn || null, version: v.version })
      return { message: 'Đã lưu nhiệm vụ', version: row.version, values: taskValues(row) }
    }
    case 'task-remove': {
      const v = parse(z.object({ taskId: id, version }), form)
      cancelMeetingTask(db, ctx, meetingId, v.taskId, v)
      return { message: 'Đã hủy nhiệm vụ', view: true, step: 'tasks' }
    }
    case 'quality-save': {
      const v = parse(z.object({ version }), form)
      const scores: Record<string, number> = {}
      for (const [k, raw] of Object.entries(form)) {
        if (!k.startsWith('score.')) continue
        const n = Number(raw.trim().replace(',', '.'))
        scores[k.slice(6)] = raw.trim() === '' || Number.isNaN(n) ? Number.NaN : n
      }
      const row = saveQuality(db, ctx, meetingId, { scores, version: v.version })
      return { message: 'Đã lưu điểm chất lượng', version: row.version, values: qualityValues(row.rubric.criteria, row.scores), view: true, step: 'quality' }
    }
    case 'quality-confirm': {
      const v = parse(z.object({ guestId: id, version }), form)
      confirmQuality(db, ctx, meetingId, v)
      return { message: 'Đại biểu cấp trên đã xác nhận kết quả chấm điểm', view: true, step: 'quality' }
    }
    case 'end': {
      const v = parse(z.object({ endDate: text, endTime: text }), form)
      endMeeting(db, ctx, meetingId, { endedAt: instant(v.endDate, v.endTime, 'Giờ kết thúc', 'endTime') })
      return { message: 'Đã kết thúc buổi sinh hoạt; biên bản đang được hoàn thiện', view: true, step: 'end' }
    }
  }
}

/** What is stored now for the record a 409 was about, in the form's terms. */
function currentOf(view: MeetingRecord, intent: Intent, form: Values): { values: Values; version: number } | null {
  switch (intent) {
    case 'attendance': {
      const a = view.attendance.find((x) => x.memberId === form.memberId)
      return a ? { values: attendanceValues(a), version: a.version } : null
    }
    case 'header':
      return { values: headerValues(view.meeting), version: view.meeting.version }
    case 'guest-update': {
      const g = view.guests.find((x) => x.id === form.guestId)
      return g ? { values: guestValues(g), version: 0 } : null
    }
    case 'speech-update': {
      const s = view.items.flatMap((i) => i.speeches).find((x) => x.id === form.speechId)
      return s ? { values: speechValues(s), version: s.version } : null
    }
    case 'item-conclusion': {
      const i = view.items.find((x) => x.id === form.agendaItemId)
      return i ? { values: conclusionValues(i.conclusion), version: i.version } : null
    }
    case 'meeting-conclusion':
      return { values: conclusionValues(view.meeting.conclusion), version: view.meeting.version }
    case 'task-update': {
      const t = view.tasks.find((x) => x.id === form.taskId)
      return t ? { values: taskValues(t), version: t.version } : null
    }
    case 'quality-save':
      return { values: qualityValues(view.quality.rubric.criteria, view.quality.scores), version: view.quality.version }
    default:
      return null
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const meetingId = params.meetingId!
  const page = `/meetings/${meetingId}/record`
  const formData = await request.formData()
  const form: Values = {}
  for (const [k, v] of formData.entries()) if (typeof v === 'string') form[k] = v
  const js = form._js === '1'
  const back = (step?: string) => `${page}${step || form.step ? `?step=${encodeURIComponent(step || form.step)}` : ''}`

  const actor = await getActor(request)
  if (!actor) {
    if (js) return json({ ok: false, status: 401, error: 'Phiên đăng nhập đã hết hạn.' }, 401)
    throw redirect(`/login?redirectTo=${encodeURIComponent(back())}`)
  }
  const ctx: ActorContext = { actor, ip: clientIp(request) }
  const db = getDb()
  const intent = (INTENTS as readonly string[]).includes(form.intent) ? (form.intent as Intent) : null
  try {
    if (!intent) throw new AppError(400, 'Thao tác không hợp lệ. Hãy tải lại trang rồi thử lại.')
    const done = apply(db, ctx, meetingId, intent, form)
    if (!js) return redirectWithToast(back(done.step), { title: done.message })
    return json({
      ok: true,
      intent,
      id: done.id,
      version: done.version,
      values: done.values,
      savedAt: new Date().toISOString(),
      message: done.message,
      view: done.view ? meetingRecord(db, actor, meetingId) : undefined,
    })
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    if (!js) {
      if (error.status === 404) throw new Response(error.message, { status: 404 })
      return redirectWithToast(back(), { type: 'error', title: 'Chưa lưu được', description: error.message })
    }
    let view: MeetingRecord | undefined
    try {
      view = meetingRecord(db, actor, meetingId)
    } catch {
      view = undefined
    }
    return json(
      {
        ok: false,
        intent,
        status: error.status,
        error: error.message,
        field: error.field,
        current: error.status === 409 && view && intent ? currentOf(view, intent, form) : null,
        view: error.status === 409 || error.status === 404 ? view : undefined,
      },
      error.status,
    )
  }
}

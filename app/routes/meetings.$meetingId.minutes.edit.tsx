import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { RichTextEditor } from '~/components/editor/rich-text-editor'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { defaultNarrative, minutesPage, saveNarrative, type MinutesSection } from '~/models/minutes.server'
import { getMeeting } from '~/models/meetings.server'
import { parseRichTextField } from '~/rich-text/form-field'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Sửa văn bản biên bản — Sổ chi bộ' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const page = minutesPage(getDb(), actor, params.meetingId!)
  if (!page.may.edit) throw new Response('Không có quyền', { status: page.readsDrafts ? 403 : 404 })
  return { meeting: page.meeting, sections: page.narrative.sections, version: page.narrative.version, durationWarning: page.durationWarning }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const db = getDb()
  const form = await request.formData()
  const meetingId = params.meetingId!
  const version = Number(form.get('version') ?? 0)
  if (form.get('intent') === 'regenerate') {
    const meeting = getMeeting(db, ctx.actor, meetingId)
    try {
      saveNarrative(db, ctx, meetingId, { sections: defaultNarrative(db, meeting), version })
    } catch (error) {
      if (error instanceof AppError && error.status !== 404) return data({ error: error.message, sections: null }, { status: error.status })
      throw error
    }
    return redirectWithToast(`/meetings/${meetingId}/minutes/edit`, { title: 'Đã soạn lại văn bản từ biên bản ghi' })
  }
  const count = Number(form.get('count') ?? 0)
  const sections: MinutesSection[] = []
  const errors: string[] = []
  for (let i = 0; i < Math.min(count, 50); i++) {
    const title = String(form.get(`title-${i}`) ?? '').trim().slice(0, 200)
    const parsed = parseRichTextField(form.get(`body-${i}`))
    if (!parsed.ok) {
      errors.push(`Mục "${title}": ${parsed.error}`)
      continue
    }
    sections.push({ key: String(form.get(`key-${i}`) ?? `s${i}`), title, body: parsed.doc })
  }
  if (errors.length) return data({ error: errors.join(' '), sections }, { status: 422 })
  try {
    saveNarrative(db, ctx, meetingId, { sections, version })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) return data({ error: error.message, sections }, { status: error.status })
    throw error
  }
  return redirectWithToast(`/meetings/${meetingId}/minutes`, { title: 'Đã lưu văn bản biên bản' })
}

export default function EditMinutes() {
  const { meeting, sections, version, durationWarning } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  // After a refused save, show what the user typed, not the stored text.
  const shown = result?.sections ?? sections
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to={`/meetings/${meeting.id}/minutes`}>Biên bản — {meeting.title}</Link>
      </p>
      <h1>Sửa văn bản biên bản</h1>
      <p className="muted">
        Văn bản được soạn sẵn từ biên bản ghi (điểm danh, phát biểu, biểu quyết, nhiệm vụ, chấm điểm). Thư ký ghi trung thực, không bình luận; chủ trì chịu trách nhiệm về nội
        dung.
      </p>
      {durationWarning ? (
        <div className="alert alert--warning" role="status">
          <p>{durationWarning}</p>
        </div>
      ) : null}
      {result?.error ? (
        <div className="alert alert--error" role="alert">
          <p>{result.error}</p>
        </div>
      ) : null}
      <Form method="post" className="form form--wide">
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="count" value={shown.length} />
        {shown.map((s, i) => (
          <fieldset key={`${s.key}-${i}`} className="card">
            <legend>{s.title}</legend>
            <input type="hidden" name={`key-${i}`} value={s.key} />
            <input type="hidden" name={`title-${i}`} value={s.title} />
            <RichTextEditor name={`body-${i}`} label={s.title} defaultValue={s.body} />
          </fieldset>
        ))}
        <div className="row">
          <button type="submit" className="button button--primary">
            Lưu
          </button>
          <Link to={`/meetings/${meeting.id}/minutes`} className="button">
            Hủy
          </Link>
        </div>
      </Form>
      <Form method="post" className="card">
        <input type="hidden" name="intent" value="regenerate" />
        <input type="hidden" name="version" value={version} />
        <p className="muted">Nếu biên bản ghi vừa được bổ sung, có thể soạn lại toàn bộ văn bản từ biên bản ghi (phần đã sửa tay sẽ bị thay).</p>
        <button type="submit" className="button">
          Soạn lại từ biên bản ghi
        </button>
      </Form>
    </div>
  )
}

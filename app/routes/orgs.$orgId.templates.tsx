import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { TEMPLATE_KINDS, type TemplateKind } from '~/domain/constants'
import { formatUiDateShort } from '~/domain/vn-date'
import { MAX_TEMPLATE_BYTES, PLACEHOLDERS, placeholdersFor, TEMPLATE_KIND_NAMES } from '~/export/placeholders'
import { AppError } from '~/models/context'
import { getOrganization } from '~/models/organizations.server'
import { effectiveTemplates, listOrgTemplates, setTemplateActive, uploadTemplate } from '~/models/templates.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Mẫu văn bản Word — Sổ chi bộ' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const org = getOrganization(db, actor, params.orgId!, 'org:manage')
  const own = listOrgTemplates(db, actor, org.id)
  return {
    org: { id: org.id, name: org.name },
    kinds: effectiveTemplates(db, org).map((effective) => ({
      kind: effective.kind,
      name: TEMPLATE_KIND_NAMES[effective.kind],
      effective,
      own: own.filter((t) => t.kind === effective.kind),
      placeholders: placeholdersFor(effective.kind).map((name) => ({
        name,
        kind: PLACEHOLDERS[name].kind,
        meaning: PLACEHOLDERS[name].meaning,
        example: PLACEHOLDERS[name].example,
        required: (PLACEHOLDERS[name].requiredIn as readonly TemplateKind[]).includes(effective.kind),
      })),
    })),
  }
}

type Reply = { intent: 'upload'; kind: TemplateKind | null; fileName: string; errors: string[]; placeholders: string[] }

const ToggleSchema = z.object({
  intent: z.enum(['activate', 'deactivate']),
  templateId: z.string().min(1).max(64),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const db = getDb()
  const orgId = params.orgId!
  getOrganization(db, ctx.actor, orgId, 'org:manage')

  if ((request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
    const length = Number(request.headers.get('Content-Length') ?? 0)
    const tooLarge: Reply = { intent: 'upload', kind: null, fileName: '', errors: [`Tệp mẫu quá lớn (tối đa ${MAX_TEMPLATE_BYTES / 1024 / 1024} MB).`], placeholders: [] }
    if (length > MAX_TEMPLATE_BYTES * 2) return data(tooLarge, { status: 413 })
    const formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_TEMPLATE_BYTES + 1024 }),
    ).catch(() => null)
    if (!formData) return data(tooLarge, { status: 413 })
    const kind = z.enum(TEMPLATE_KINDS).safeParse(formData.get('kind'))
    const file = formData.get('file')
    const fileName = file instanceof File ? file.name : ''
    if (!kind.success) {
      return data<Reply>({ intent: 'upload', kind: null, fileName, errors: ['Hãy chọn loại văn bản của mẫu.'], placeholders: [] }, { status: 400 })
    }
    if (!(file instanceof File) || file.size === 0) {
      return data<Reply>({ intent: 'upload', kind: kind.data, fileName, errors: ['Hãy chọn tệp mẫu .docx.'], placeholders: [] }, { status: 400 })
    }
    const result = await uploadTemplate(db, ctx, orgId, { kind: kind.data, fileName, content: new Uint8Array(await file.arrayBuffer()) })
    if (!result.ok) {
      return data<Reply>({ intent: 'upload', kind: kind.data, fileName, errors: result.errors, placeholders: result.placeholders }, { status: 422 })
    }
    return redirectWithToast(`/orgs/${orgId}/templates`, {
      title: 'Đã tải lên mẫu',
      description: `"${result.template.fileName}" là mẫu ${TEMPLATE_KIND_NAMES[kind.data].toLocaleLowerCase('vi')} đang dùng.`,
    })
  }

  const parsed = ToggleSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) throw new Response('Thao tác không hợp lệ.', { status: 400 })
  try {
    const t = setTemplateActive(db, ctx, parsed.data.templateId, parsed.data.intent === 'activate')
    return redirectWithToast(`/orgs/${orgId}/templates`, {
      title: t.active ? 'Đã dùng mẫu' : 'Đã thôi dùng mẫu',
      description: t.active ? `"${t.fileName}" là mẫu đang dùng.` : 'Văn bản sẽ dùng mẫu của cấp trên hoặc mẫu mặc định.',
    })
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: error.status })
    throw error
  }
}

function formatSize(bytes: number): string {
  return `${new Intl.NumberFormat('vi-VN').format(Math.max(1, Math.round(bytes / 1024)))} KB`
}

export default function Templates() {
  const { org, kinds } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  const failed = reply && 'errors' in reply ? reply : null
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to={`/orgs/${org.id}`}>{org.name}</Link>
      </p>
      <h1>Mẫu văn bản Word</h1>
      <p className="muted">
        Biên bản và nghị quyết được xuất ra tệp .docx theo thể thức văn bản của Đảng, từ mẫu Word. Tổ chức có thể tải lên mẫu riêng (chỉnh trong Word từ mẫu mặc
        định); mẫu đang dùng áp dụng cho tổ chức này và các chi bộ trực thuộc chưa có mẫu riêng. Các trường như <code>{'{{chi_bo}}'}</code> được điền tự động.
      </p>

      <section className="card" aria-labelledby="upload-title">
        <h2 id="upload-title">Tải lên mẫu mới</h2>
        <Form method="post" encType="multipart/form-data" className="form">
          <div className="field">
            <label htmlFor="kind">Loại văn bản</label>
            <select id="kind" name="kind" defaultValue={failed?.kind ?? 'minutes_regular'} required>
              {kinds.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="file">Tệp mẫu (.docx, tối đa {MAX_TEMPLATE_BYTES / 1024 / 1024} MB)</label>
            <input id="file" name="file" type="file" accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document" required />
          </div>
          <div>
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Đang kiểm tra mẫu…' : 'Kiểm tra và tải lên'}
            </button>
          </div>
        </Form>
        {failed ? (
          <div className="alert alert--error" role="alert">
            <p>
              <strong>Chưa nhận mẫu {failed.fileName ? `"${failed.fileName}"` : ''}.</strong>
            </p>
            {failed.errors.map((e) => (
              <p key={e}>{e}</p>
            ))}
            {failed.placeholders.length ? <p className="small">Các trường tìm thấy trong tệp: {failed.placeholders.map((p) => `{{${p}}}`).join(', ')}</p> : null}
          </div>
        ) : null}
      </section>

      {kinds.map((k) => (
        <section key={k.kind} className="card" aria-labelledby={`kind-${k.kind}`}>
          <h2 id={`kind-${k.kind}`}>{k.name}</h2>
          <p>
            Đang dùng:{' '}
            {k.effective.source === 'default' ? (
              <strong>mẫu mặc định ({k.effective.fileName})</strong>
            ) : (
              <strong>
                {k.effective.fileName} — của {k.effective.orgId === org.id ? 'tổ chức này' : k.effective.orgName}
              </strong>
            )}
            {' · '}
            <a href={`/orgs/${org.id}/templates/default-${k.kind}/docx`} download>
              Tải mẫu mặc định để chỉnh
            </a>
          </p>
          {k.own.length ? (
            <div className="table-wrap responsive">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Tệp</th>
                    <th scope="col">Ngày tải lên</th>
                    <th scope="col">Trạng thái</th>
                    <th scope="col">Thao tác</th>
                  </tr>
                </thead>
                <tbody>
                  {k.own.map((t) => (
                    <tr key={t.id}>
                      <td data-label="Tệp">
                        <a href={`/orgs/${org.id}/templates/${t.id}/docx`} download>
                          {t.fileName}
                        </a>{' '}
                        <span className="muted small">({formatSize(t.size)})</span>
                      </td>
                      <td data-label="Ngày tải lên">{formatUiDateShort(t.createdAt)}</td>
                      <td data-label="Trạng thái">{t.active ? <span className="badge badge--ok">Đang dùng</span> : <span className="badge">Không dùng</span>}</td>
                      <td data-label="Thao tác">
                        <a className="button" href={`/orgs/${org.id}/templates/${t.id}/docx?preview=1`} download>
                          Xem thử
                        </a>{' '}
                        <Form method="post" style={{ display: 'inline' }}>
                          <input type="hidden" name="templateId" value={t.id} />
                          {t.active ? (
                            <button type="submit" name="intent" value="deactivate" className="button">
                              Thôi dùng
                            </button>
                          ) : (
                            <button type="submit" name="intent" value="activate" className="button">
                              Dùng mẫu này
                            </button>
                          )}
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">Tổ chức chưa tải lên mẫu riêng cho loại văn bản này.</p>
          )}
          <details>
            <summary>Các trường dùng được trong mẫu này</summary>
            <div className="table-wrap responsive">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Trường</th>
                    <th scope="col">Loại</th>
                    <th scope="col">Ý nghĩa</th>
                    <th scope="col">Ví dụ</th>
                  </tr>
                </thead>
                <tbody>
                  {k.placeholders.map((p) => (
                    <tr key={p.name}>
                      <td data-label="Trường">
                        <code>{`{{${p.name}}}`}</code>
                        {p.required ? <span className="badge badge--info"> bắt buộc</span> : null}
                      </td>
                      <td data-label="Loại">{p.kind === 'block' ? 'Khối (đứng riêng một đoạn)' : 'Trong dòng'}</td>
                      <td data-label="Ý nghĩa">{p.meaning}</td>
                      <td data-label="Ví dụ" style={{ whiteSpace: 'pre-line' }}>
                        {p.example}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </section>
      ))}
    </div>
  )
}

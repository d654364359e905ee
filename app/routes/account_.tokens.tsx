import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { Field, FormError } from '~/components/forms'
import { getFormProps, useServerForm } from '~/components/server-form'
import { parseWithZod, z } from '~/domain/forms.server'
import { formatTime, formatUiDateShort } from '~/domain/vn-date'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { MAX_ACTIVE_TOKENS, createApiToken, listApiTokens, revokeApiToken } from '~/models/api-tokens.server'
import { AppError } from '~/models/context'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Khóa truy cập API — Sổ chi bộ' }]

/** TOKEN_NAME_MAX of app/models/api-tokens.server.ts (a .server module's values do not reach the browser); the model enforces it too. */
const NAME_MAX = 100

// Validated on the server only (see server-form.ts), so the page ships no zod.
const createSchema = () =>
  z.object({
    intent: z.literal('create'),
    name: z
      .string({ message: 'Hãy đặt tên cho khóa để sau này nhận ra nó dùng ở đâu.' })
      .trim()
      .min(1, { message: 'Hãy đặt tên cho khóa để sau này nhận ra nó dùng ở đâu.' })
      .max(NAME_MAX, { message: `Tên khóa dài tối đa ${NAME_MAX} ký tự.` }),
  })
const revokeSchema = () => z.object({ intent: z.literal('revoke'), tokenId: z.string().min(1).max(64) })

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const origin = new URL(request.url).origin
  return { tokens: listApiTokens(getDb(), actor), origin, maxActive: MAX_ACTIVE_TOKENS }
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const formData = await request.formData()
  if (formData.get('intent') === 'revoke') {
    const parsed = revokeSchema().safeParse(Object.fromEntries(formData))
    if (!parsed.success) throw new Response('Yêu cầu không hợp lệ', { status: 400 })
    revokeApiToken(getDb(), ctx, parsed.data.tokenId)
    return redirectWithToast('/account/tokens', { title: 'Đã thu hồi khóa', description: 'Các hệ thống dùng khóa này sẽ không truy cập được nữa.' })
  }
  const submission = parseWithZod(formData, { schema: createSchema() })
  if (submission.status !== 'success') return data({ result: submission.reply(), created: null }, { status: 400 })
  try {
    const created = createApiToken(getDb(), ctx, { name: submission.value.name })
    // The plain token is in this response only; never cached, never stored.
    return data({ result: submission.reply({ resetForm: true }), created: { name: created.name, token: created.token } }, { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    if (error instanceof AppError) {
      return data(
        { result: submission.reply(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }), created: null },
        { status: error.status },
      )
    }
    throw error
  }
}

function when(iso: string | null): string {
  return iso ? `${formatUiDateShort(iso)} ${formatTime(iso)}` : 'Chưa dùng'
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false)
  return (
    <button
      type="button"
      className="button"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => setCopied(true))
      }}
    >
      {copied ? 'Đã sao chép' : 'Sao chép khóa'}
    </button>
  )
}

export default function ApiTokensPage() {
  const { tokens, origin, maxActive } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useServerForm<{ name: string }>({ id: 'create-token', lastResult: actionData?.result })
  const active = tokens.filter((t) => !t.revokedAt)
  const revoked = tokens.filter((t) => t.revokedAt)
  const created = actionData?.created ?? null
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to="/account">Tài khoản</Link>
      </p>
      <h1>Khóa truy cập API</h1>
      <p>
        Khóa truy cập cho phép hệ thống khác (ví dụ phần mềm báo cáo của cấp ủy) đọc dữ liệu qua API với <strong>đúng quyền của đồng chí</strong>. Mô tả API:{' '}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Không chia sẻ khóa qua thư điện tử hay tin nhắn; khi không dùng nữa, hãy thu hồi.
      </p>

      {created ? (
        <section className="alert alert--success stack" role="status" aria-labelledby="new-token-title">
          <h2 id="new-token-title">Đã tạo khóa “{created.name}”</h2>
          <p>
            <strong>Hãy sao chép khóa ngay bây giờ: khóa chỉ hiện một lần.</strong> Hệ thống chỉ lưu mã băm của khóa nên không thể xem lại; nếu làm mất, hãy thu hồi và tạo khóa mới.
          </p>
          <div className="field">
            <label htmlFor="new-token">Khóa truy cập</label>
            <input id="new-token" type="text" readOnly value={created.token} className="cg-token" onFocus={(e) => e.currentTarget.select()} />
          </div>
          <div className="row">
            <CopyButton text={created.token} />
          </div>
          <p className="small">Ví dụ sử dụng:</p>
          <pre className="cg-code">{`curl -H "Authorization: Bearer ${created.token}" \\\n  "${origin}/api/v1/compliance?year=${new Date().getFullYear()}"`}</pre>
        </section>
      ) : null}

      <section className="card" aria-labelledby="create-title">
        <h2 id="create-title">Tạo khóa mới</h2>
        <Form method="post" {...getFormProps(form)} className="form">
          <input type="hidden" name="intent" value="create" />
          <FormError errors={form.errors} />
          <Field label="Tên khóa (dùng cho hệ thống nào)" meta={fields.name} hint={`Ví dụ: Phần mềm báo cáo của Văn phòng Đảng ủy. Tối đa ${maxActive} khóa đang dùng.`} required />
          <div>
            <button type="submit" className="button button--primary">
              Tạo khóa
            </button>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Khóa đang dùng</h2>
        {active.length === 0 ? (
          <p className="muted">Đồng chí chưa có khóa nào. Chỉ cần tạo khóa khi một hệ thống khác cần đọc dữ liệu qua API.</p>
        ) : (
          <div className="table-wrap responsive">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Tên khóa</th>
                  <th scope="col">Tạo lúc</th>
                  <th scope="col">Dùng lần cuối</th>
                  <th scope="col">
                    <span className="sr-only">Thao tác</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {active.map((t) => (
                  <tr key={t.id}>
                    <td data-label="Tên khóa">{t.name}</td>
                    <td data-label="Tạo lúc">{when(t.createdAt)}</td>
                    <td data-label="Dùng lần cuối">{when(t.lastUsedAt)}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="tokenId" value={t.id} />
                        <button type="submit" className="button button--small button--danger" aria-label={`Thu hồi khóa ${t.name}`}>
                          Thu hồi
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {revoked.length ? (
          <details className="small">
            <summary>Khóa đã thu hồi ({revoked.length})</summary>
            <ul>
              {revoked.map((t) => (
                <li key={t.id}>
                  {t.name} — tạo {when(t.createdAt)}, thu hồi {when(t.revokedAt)}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>
    </div>
  )
}

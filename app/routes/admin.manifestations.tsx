// /admin/manifestations — the reference list of the 27 manifestations of degradation (NQ 04-NQ/TW,
// nine per group G1–G3). The app ships only the three group names: the system admin pastes the
// official wording, one manifestation per line, and items cite them as "G1.3". Rewording keeps the
// citations; a line cited by an item cannot be removed.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { CRITICISM_CATEGORY_LABELS } from '~/domain/constants'
import { MANIFESTATION_GROUPS, parseManifestationLines, type ManifestationGroup } from '~/domain/criticism'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { listManifestations, saveManifestationGroup } from '~/models/criticism.server'
import { getDb } from '~/utils/db.server'
import { invariantResponse } from '~/utils/http.server'

export const meta: MetaFunction = () => [{ title: '27 biểu hiện suy thoái (danh mục) — Sổ chi bộ' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  invariantResponse(actor.isSystemAdmin, 'Không tìm thấy', { status: 404 })
  const all = listManifestations(getDb())
  return {
    groups: MANIFESTATION_GROUPS.map((g) => ({
      group: g,
      label: CRITICISM_CATEGORY_LABELS[g],
      items: all.filter((m) => m.category === g).map((m) => ({ code: m.code, text: m.text })),
    })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  invariantResponse(ctx.actor.isSystemAdmin, 'Không tìm thấy', { status: 404 })
  const formData = await request.formData()
  const group = String(formData.get('group') ?? '')
  const text = String(formData.get('text') ?? '')
  if (formData.get('intent') !== 'save' || !(MANIFESTATION_GROUPS as readonly string[]).includes(group)) {
    return data({ group, error: 'Thao tác không hợp lệ; hãy tải lại trang.', text }, { status: 400 })
  }
  const parsed = parseManifestationLines(text)
  if (!parsed.ok) return data({ group, error: parsed.message, text }, { status: 400 })
  try {
    const result = saveManifestationGroup(getDb(), ctx, group as ManifestationGroup, parsed.lines)
    return redirectWithToast('/admin/manifestations', {
      title: `Đã lưu nhóm ${group}: ${result.count} biểu hiện`,
      description: result.count !== 9 ? 'Lưu ý: Nghị quyết 04-NQ/TW nêu 9 biểu hiện cho mỗi nhóm.' : undefined,
    })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) return data({ group, error: error.message, text }, { status: error.status })
    throw error
  }
}

export default function ManifestationsPage() {
  const { groups } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <div className="stack">
      <h1>Danh mục 27 biểu hiện suy thoái</h1>
      <div className="alert alert--info">
        <p>
          Nghị quyết 04-NQ/TW nêu 27 biểu hiện suy thoái, chia ba nhóm, mỗi nhóm 9 biểu hiện. Phần mềm không tự soạn lời văn: đồng chí dán nguyên văn chính thức,
          mỗi biểu hiện một dòng. Số thứ tự đầu dòng (&quot;1.&quot;, &quot;(2)&quot;…) được bỏ qua vì phần mềm tự đánh mã G1.1, G1.2…
        </p>
        <p style={{ margin: 0 }}>
          Khi chi bộ ghi nội dung phê bình thuộc nhóm G1–G3, có thể chọn biểu hiện cụ thể từ danh mục này. Sửa lời văn không làm mất dẫn chiếu; không bỏ được
          dòng đã có nội dung dẫn chiếu.
        </p>
      </div>
      {groups.map((g) => {
        const failed = result && result.group === g.group ? result : null
        const errorId = `err-${g.group}`
        const saved = g.items.map((m) => m.text).join('\n')
        return (
          <section key={g.group} className="card" aria-labelledby={`title-${g.group}`}>
            <h2 id={`title-${g.group}`}>
              Nhóm {g.group}. {g.label} ({g.items.length} biểu hiện)
            </h2>
            <Form method="post" className="form form--wide">
              <input type="hidden" name="intent" value="save" />
              <input type="hidden" name="group" value={g.group} />
              {failed ? (
                <div className="alert alert--error" role="alert" id={errorId}>
                  <p>{failed.error}</p>
                </div>
              ) : null}
              <div className="field">
                <label htmlFor={`text-${g.group}`}>Các biểu hiện của nhóm {g.group}, mỗi biểu hiện một dòng</label>
                <textarea
                  id={`text-${g.group}`}
                  name="text"
                  rows={10}
                  defaultValue={failed ? failed.text : saved}
                  aria-invalid={failed ? true : undefined}
                  aria-describedby={failed ? errorId : undefined}
                  // Re-mount after a save so the box shows the stored wording (numbering dropped).
                  key={failed ? 'failed' : saved}
                />
              </div>
              <div>
                <button type="submit" className="button button--primary">
                  Lưu nhóm {g.group}
                </button>
              </div>
            </Form>
            {g.items.length ? (
              <details>
                <summary>Xem theo mã</summary>
                <ol className="crit-manifestations">
                  {g.items.map((m) => (
                    <li key={m.code}>
                      <strong>{m.code}</strong> {m.text}
                    </li>
                  ))}
                </ol>
              </details>
            ) : (
              <p className="muted">Chưa nạp biểu hiện nào cho nhóm này.</p>
            )}
          </section>
        )
      })}
    </div>
  )
}

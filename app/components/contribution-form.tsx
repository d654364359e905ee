// The writing form of /meetings/:id/contribute (title, agenda item, rich-text body), loaded as its
// own chunk (lazyPanel) because it carries the editor (tiptap, ~150 KB gzip): members who only read
// their submitted contributions never download it. Validated on the server (server-form.ts).
import { Form } from '@remix-run/react'
import { RichTextEditor } from '~/components/editor/rich-text-editor'
import { Field, FormError, SelectField } from '~/components/forms'
import { getFormProps, useServerForm, type ServerResult } from '~/components/server-form'
import { docFromText } from '~/rich-text/from-text'
import type { RichText } from '~/rich-text/types'

/** What the editor starts with after a failed submission: what was typed (JSON from the editor, or plain text). */
function typedBody(value: unknown): RichText | null {
  if (typeof value !== 'string' || !value.trim()) return null
  if (value.trim().startsWith('{')) {
    try {
      return JSON.parse(value) as RichText
    } catch {
      return null
    }
  }
  return docFromText(value)
}

export default function ContributionForm({
  editing,
  agendaItems,
  saveResult,
  busy,
}: {
  editing: { id: string; title: string; agendaItemId: string | null; version: number; body: RichText | null; html: string } | null
  agendaItems: { value: string; label: string }[]
  saveResult: { result: ServerResult; conflict?: boolean; currentVersion?: number } | undefined
  busy: boolean
}) {
  const [form, fields] = useServerForm<{ title: string; agendaItemId: string; body: string }>({
    id: `contribution-${editing?.id ?? 'new'}`,
    lastResult: saveResult?.result,
    defaultValue: { title: editing?.title ?? '', agendaItemId: editing?.agendaItemId ?? '' },
  })
  const bodyDefault = typedBody(fields.body.initialValue) ?? editing?.body ?? null
  return (
    <Form method="post" {...getFormProps(form)} className="form">
      <FormError errors={form.errors} />
      <input type="hidden" name="intent" value="save" />
      {editing ? (
        <>
          <input type="hidden" name="id" value={editing.id} />
          <input type="hidden" name="version" value={saveResult?.currentVersion ?? editing.version} />
        </>
      ) : null}
      <Field label="Tiêu đề ý kiến" meta={fields.title} required hint="Ví dụ: Liên hệ bản thân về trách nhiệm nêu gương" />
      {agendaItems.length ? (
        <SelectField
          label="Thuộc nội dung nào trong chương trình (không bắt buộc)"
          meta={fields.agendaItemId}
          options={agendaItems}
          placeholder="— Chưa chọn —"
        />
      ) : (
        <p className="muted">Chương trình chưa được gửi nên chưa chọn được nội dung; đồng chí có thể chọn sau.</p>
      )}
      <RichTextEditor name="body" label="Nội dung" defaultValue={bodyDefault} errors={fields.body.errors} minHeight="12rem" />
      {saveResult?.conflict && editing ? (
        <details className="contrib-conflict" open>
          <summary>Bản đang lưu trên hệ thống</summary>
          <div className="prose" dangerouslySetInnerHTML={{ __html: editing.html }} />
          <p className="muted">Nội dung đồng chí vừa nhập vẫn ở trong ô soạn thảo phía trên. Bấm lưu lần nữa để thay bản đang lưu bằng bản của đồng chí.</p>
        </details>
      ) : null}
      <div className="contrib-actions">
        <button type="submit" className="button" disabled={busy}>
          Lưu bản nháp
        </button>
        <button type="submit" name="then" value="submit" className="button button--primary" disabled={busy}>
          Lưu và gửi chi bộ
        </button>
      </div>
      <p className="muted small">
        Bản nháp chỉ mình đồng chí xem được. Sau khi gửi, bí thư và chi ủy đọc được ý kiến; đồng chí vẫn rút lại để sửa được cho đến khi chi bộ xem
        xét hoặc buổi sinh hoạt bắt đầu.
      </p>
    </Form>
  )
}

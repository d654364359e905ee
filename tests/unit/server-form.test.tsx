// Forms validated on the server only (app/components/server-form.ts) and the lazily loaded editing
// panels (app/components/lazy-panel.tsx): what the server renders is what a member sees before, or
// without, JavaScript — the typed values and the errors after a refused submission, and the panel's
// form itself rather than an empty placeholder.
import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { Field, FormError, SelectField } from '~/components/forms'
import { lazyPanel } from '~/components/lazy-panel'
import { getFormProps, useServerForm, type ServerResult } from '~/components/server-form'

function PasswordForm({ lastResult }: { lastResult?: ServerResult }) {
  const [form, fields] = useServerForm<{ current: string; status: string }>({ id: 'pw', lastResult, defaultValue: { status: 'done' } })
  return (
    <form method="post" {...getFormProps(form)}>
      <FormError errors={form.errors} />
      <Field label="Mật khẩu hiện tại" meta={fields.current} type="password" />
      <SelectField
        label="Tình trạng"
        meta={fields.status}
        options={[
          { value: 'open', label: 'Chưa làm' },
          { value: 'done', label: 'Đã xong' },
        ]}
      />
    </form>
  )
}

describe('useServerForm', () => {
  test('a fresh form shows the page defaults and no errors, and leaves validation to the server', () => {
    const html = renderToString(<PasswordForm />)
    expect(html).toContain('novalidate')
    expect(html).toMatch(/<option value="done" selected="">Đã xong<\/option>/)
    expect(html).not.toContain('aria-invalid')
    expect(html).not.toContain('field-error')
  })

  test('after a refused submission it shows what was typed and each error next to its field', () => {
    const lastResult: ServerResult = {
      status: 'error',
      initialValue: { current: 'abc', status: 'open' },
      error: { current: ['Mật khẩu phải có ít nhất 8 ký tự.'], '': ['Không đổi được mật khẩu.'] },
    }
    const html = renderToString(<PasswordForm lastResult={lastResult} />)
    expect(html).toContain('Không đổi được mật khẩu.')
    expect(html).toMatch(/<input[^>]*id="pw-current"[^>]*>/)
    const input = html.match(/<input[^>]*id="pw-current"[^>]*>/)![0]
    expect(input).toContain('name="current"')
    expect(input).toContain('value="abc"')
    expect(input).toContain('aria-invalid="true"')
    expect(input).toContain('aria-describedby="pw-current-error"')
    expect(html).toMatch(/<div id="pw-current-error"><p class="field-error">Mật khẩu phải có ít nhất 8 ký tự.<\/p><\/div>/)
    expect(html).toMatch(/<option value="open" selected="">Chưa làm<\/option>/)
  })
})

describe('lazyPanel', () => {
  test('on the server the panel renders in the page itself, not as a placeholder streamed later', async () => {
    let loads = 0
    const Panel = lazyPanel(async () => {
      loads++
      return { default: ({ title }: { title: string }) => <form aria-label={title}>Lên kế hoạch chuyên đề</form> }
    })
    // The server starts loading when the route module is evaluated, before any request.
    await new Promise((resolve) => setImmediate(resolve))
    const html = renderToString(
      <main>
        <Panel title="Kế hoạch" />
      </main>,
    )
    expect(html).toContain('<form aria-label="Kế hoạch">Lên kế hoạch chuyên đề</form>')
    expect(html).not.toContain('<!--$!-->') // no client-rendered fallback boundary
    renderToString(<Panel title="Lần hai" />)
    expect(loads).toBe(1)
  })
})

// A form of the record page that works without JavaScript (a plain POST to the sync endpoint, which
// redirects back with a message) and, once hydrated, is handled in place: autosaved, or submitted with
// postRecord while the page stays as it is.
import { useState, type FormEvent, type ReactNode } from 'react'
import { postRecord, useRecord, type SaveOk } from './context'
import type { Values } from './form-values'

type Props = {
  intent: string
  fields?: Values
  children: ReactNode
  /** With JavaScript: called instead of the browser's submit. */
  onSubmit?: (form: FormData) => void
  className?: string
  'aria-label'?: string
  id?: string
}

export function RecordForm({ intent, fields = {}, children, onSubmit, className, id, ...rest }: Props) {
  const { syncUrl, step } = useRecord()
  const handle = (event: FormEvent<HTMLFormElement>) => {
    if (!onSubmit) return
    event.preventDefault()
    onSubmit(new FormData(event.currentTarget))
  }
  return (
    <form method="post" action={syncUrl} className={className} onSubmit={handle} aria-label={rest['aria-label']} id={id}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="step" value={step} />
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {children}
    </form>
  )
}

/** An explicit action (add, remove, start, end…): posts, applies the fresh record, keeps the error to show. */
export function useRecordAction() {
  const { syncUrl, applyView, step } = useRecord()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ message: string; field?: string } | null>(null)
  const run = async (fields: Values): Promise<SaveOk | null> => {
    setBusy(true)
    setError(null)
    const outcome = await postRecord(syncUrl, { step, ...fields })
    setBusy(false)
    if (outcome.ok) {
      if (outcome.view) applyView(outcome.view)
      return outcome
    }
    if ('view' in outcome && outcome.view) applyView(outcome.view)
    setError({
      message: 'network' in outcome ? 'Mất kết nối: thao tác chưa thực hiện được. Nội dung đã nhập vẫn còn trên màn hình; hãy thử lại khi có kết nối.' : outcome.error,
      field: 'field' in outcome ? outcome.field : undefined,
    })
    return null
  }
  return { run, busy, error, clearError: () => setError(null) }
}

export function ActionError({ error }: { error: { message: string } | null }) {
  if (!error) return null
  return (
    <div className="alert alert--error" role="alert">
      <p>{error.message}</p>
    </div>
  )
}

/** The submit button shown only without JavaScript (with it, the form saves itself). */
export function NoJsSubmit({ hydrated, children = 'Lưu' }: { hydrated: boolean; children?: ReactNode }) {
  if (hydrated) return null
  return (
    <button type="submit" className="button button--small">
      {children}
    </button>
  )
}

export function formObject(form: FormData): Values {
  const out: Values = {}
  for (const [k, v] of form.entries()) if (typeof v === 'string') out[k] = v
  return out
}

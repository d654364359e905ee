// Form pieces used by every page: a labelled field with its errors, and the form-level error.
// Works without JavaScript: the server re-renders the form with what was typed and the errors.
// The prop getters come from ./server-form, not @conform-to/react: they accept conform's field
// metadata as well as useServerForm's, so a page that only lists or paginates loads no conform code.
import type { ReactNode } from 'react'
import { getInputProps, getSelectProps, getTextareaProps, type FieldMeta } from './server-form'

type Errors = string[] | undefined
type Meta = Pick<FieldMeta, 'id' | 'name' | 'formId' | 'errorId' | 'initialValue' | 'errors'> & Partial<FieldMeta>

export function ErrorList({ id, errors }: { id?: string; errors: Errors }) {
  if (!errors?.length) return null
  return (
    <div id={id}>
      {errors.map((e) => (
        <p key={e} className="field-error">
          {e}
        </p>
      ))}
    </div>
  )
}

export function FormError({ errors }: { errors: Errors }) {
  if (!errors?.length) return null
  return (
    <div className="alert alert--error" role="alert">
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  )
}

type InputType = 'text' | 'password' | 'date' | 'number' | 'search' | 'time' | 'email' | 'hidden'

export function Field({
  label,
  meta,
  type = 'text',
  hint,
  autoComplete,
  required,
  inputMode,
}: {
  label: string
  meta: Meta
  type?: InputType
  hint?: ReactNode
  autoComplete?: string
  required?: boolean
  inputMode?: 'text' | 'numeric' | 'tel'
}) {
  const hintId = hint ? `${meta.id}-hint` : undefined
  const props = getInputProps(meta, { type, ariaDescribedBy: hintId })
  return (
    <div className="field">
      <label htmlFor={meta.id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      <input {...props} key={props.key} autoComplete={autoComplete} inputMode={inputMode} required={required} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function SelectField({
  label,
  meta,
  options,
  hint,
  placeholder,
}: {
  label: string
  meta: Meta
  options: { value: string; label: string }[]
  hint?: ReactNode
  placeholder?: string
}) {
  const props = getSelectProps(meta)
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? <span className="hint">{hint}</span> : null}
      <select {...props} key={props.key}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function TextareaField({ label, meta, hint, rows = 4 }: { label: string; meta: Meta; hint?: ReactNode; rows?: number }) {
  const props = getTextareaProps(meta)
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? <span className="hint">{hint}</span> : null}
      <textarea {...props} key={props.key} rows={rows} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function Pagination({ page, pageSize, total, makeHref }: { page: number; pageSize: number; total: number; makeHref: (page: number) => string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize))
  if (pages <= 1) return null
  return (
    <nav className="pagination" aria-label="Phân trang">
      {page > 1 ? (
        <a className="button button--small" href={makeHref(page - 1)} rel="prev">
          ‹ Trang trước
        </a>
      ) : null}
      <span>
        Trang {page}/{pages}
      </span>
      {page < pages ? (
        <a className="button button--small" href={makeHref(page + 1)} rel="next">
          Trang sau ›
        </a>
      ) : null}
    </nav>
  )
}

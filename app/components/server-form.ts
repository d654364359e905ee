// Forms validated on the server only, for pages every member opens (account, tasks, criticism…).
// conform's useForm plus zod cost ~110 KB of gzip JavaScript, more than React itself; these forms
// submit and show the server's errors the same way without them: the action still parses with
// conform + zod (`submission.reply()`), and this hook reads that reply into field metadata with the
// same shape (ids `${form}-${name}`, `-error`, initial values, errors) the components in forms.tsx
// read. What it gives up is only the validation before the round-trip.
//
// The prop getters mirror @conform-to/react's getFormProps/getInputProps/getSelectProps/
// getTextareaProps and accept conform's own metadata as well, so shared form pieces need no
// conform code at run time.
import { useEffect } from 'react'

/** What the action sends back: conform's `SubmissionResult` (from `submission.reply()`), serialised. */
export type ServerResult = {
  status?: 'success' | 'error'
  initialValue?: Record<string, unknown> | null
  error?: Record<string, string[] | null> | null
}

export type FieldMeta = {
  id: string
  name: string
  formId: string
  errorId: string
  descriptionId: string
  initialValue: unknown
  errors: string[] | undefined
  key?: string | undefined
  required?: boolean
  minLength?: number
  maxLength?: number
  min?: string | number
  max?: string | number
  step?: string | number
  pattern?: string
  multiple?: boolean
}

export type FormMeta = {
  id: string
  errorId: string
  errors: string[] | undefined
  noValidate?: boolean
  onSubmit?: (event: React.FormEvent<HTMLFormElement>) => void
}

/** The value conform would put in a form control for `value` (its `serialize`). */
function serialize(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 'on' : null
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString()
  if (value instanceof Date) return value.toISOString().slice(0, -1)
  if (Array.isArray(value)) return value.map(serialize)
  return value
}

export function useServerForm<F extends Record<string, unknown> = Record<string, unknown>>({
  id,
  lastResult,
  defaultValue,
}: {
  id: string
  lastResult?: ServerResult | null
  defaultValue?: { [K in keyof F]?: unknown } | null
}): [FormMeta, { [K in keyof F]-?: FieldMeta }] {
  // After an error the server echoes what was typed; otherwise the page's own defaults apply.
  const typed = lastResult?.status === 'error' ? lastResult.initialValue ?? null : null
  const errors = lastResult?.status === 'error' ? lastResult.error ?? {} : {}
  const form: FormMeta = { id, errorId: `${id}-error`, errors: errors[''] ?? undefined, noValidate: true }
  // As conform does with a new reply: `reply({ resetForm: true })` (initialValue null) empties the
  // form — the inputs are uncontrolled, so reset the element — and a refused submission moves the
  // focus to the first field with an error.
  useEffect(() => {
    if (!lastResult || typeof document === 'undefined') return
    const element = document.getElementById(id)
    if (!(element instanceof HTMLFormElement)) return
    if (lastResult.initialValue === null) {
      element.reset()
      return
    }
    if (lastResult.status !== 'error') return
    const invalid = lastResult.error ?? {}
    for (const control of Array.from(element.elements)) {
      const name = (control as HTMLInputElement).name
      if (name && invalid[name]?.length && control instanceof HTMLElement) {
        control.focus()
        break
      }
    }
  }, [id, lastResult])
  const fields = new Proxy({} as { [K in keyof F]-?: FieldMeta }, {
    get(_target, name) {
      if (typeof name !== 'string') return undefined
      const fieldId = `${id}-${name}`
      return {
        id: fieldId,
        name,
        formId: id,
        errorId: `${fieldId}-error`,
        descriptionId: `${fieldId}-description`,
        initialValue: typed ? typed[name] : serialize(defaultValue?.[name as keyof F]),
        errors: errors[name] ?? undefined,
      } satisfies FieldMeta
    },
  })
  return [form, fields]
}

type Meta = Pick<FieldMeta, 'id' | 'name' | 'formId' | 'errorId' | 'initialValue' | 'errors'> & Partial<FieldMeta>
type AriaOptions = { ariaDescribedBy?: string }

function defined<T extends Record<string, unknown>>(props: T): T {
  for (const key of Object.keys(props)) if (props[key] === undefined) delete props[key]
  return props
}

function controlProps(meta: Meta, options: AriaOptions) {
  const invalid = typeof meta.errors !== 'undefined'
  return {
    id: meta.id,
    name: meta.name,
    form: meta.formId,
    required: meta.required || undefined,
    'aria-invalid': invalid || undefined,
    'aria-describedby': invalid ? `${meta.errorId} ${options.ariaDescribedBy ?? ''}`.trim() : options.ariaDescribedBy,
  }
}

export function getFormProps(form: Pick<FormMeta, 'id' | 'errorId' | 'errors' | 'noValidate' | 'onSubmit'>) {
  return defined({
    id: form.id,
    onSubmit: form.onSubmit,
    noValidate: form.noValidate,
    'aria-describedby': typeof form.errors !== 'undefined' ? form.errorId : undefined,
  })
}

export function getInputProps(meta: Meta, options: AriaOptions & { type: string; value?: string | boolean }) {
  const props: Record<string, unknown> = {
    ...controlProps(meta, options),
    type: options.type,
    minLength: meta.minLength,
    maxLength: meta.maxLength,
    min: meta.min,
    max: meta.max,
    step: meta.step,
    pattern: meta.pattern,
    multiple: meta.multiple,
  }
  if (options.value === undefined || options.value) {
    if (options.type === 'checkbox' || options.type === 'radio') {
      props.value = typeof options.value === 'string' ? options.value : 'on'
      props.defaultChecked = Array.isArray(meta.initialValue) ? meta.initialValue.includes(options.value) : meta.initialValue === props.value
    } else if (typeof meta.initialValue === 'string') {
      props.defaultValue = meta.initialValue
    }
  }
  return defined(props) as React.InputHTMLAttributes<HTMLInputElement> & { key?: string }
}

export function getSelectProps(meta: Meta, options: AriaOptions = {}) {
  const v = meta.initialValue
  return defined({
    ...controlProps(meta, options),
    multiple: meta.multiple,
    defaultValue: Array.isArray(v) ? v.map((item) => `${item ?? ''}`) : v == null ? undefined : String(v),
  }) as React.SelectHTMLAttributes<HTMLSelectElement> & { key?: string }
}

export function getTextareaProps(meta: Meta, options: AriaOptions = {}) {
  const v = meta.initialValue
  return defined({
    ...controlProps(meta, options),
    minLength: meta.minLength,
    maxLength: meta.maxLength,
    defaultValue: v == null ? undefined : String(v),
  }) as React.TextareaHTMLAttributes<HTMLTextAreaElement> & { key?: string }
}

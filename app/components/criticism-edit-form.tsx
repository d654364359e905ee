// The edit form of a criticism item (/criticism/:id), for the cell's writers only: loaded as its
// own chunk (lazyPanel) so the subject member reading the item downloads no conform or zod.
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { CriticismContentFields, CriticismFollowUpFields, CriticismPublicSummaryField, CriticismResponseField, type CriticismFormOptions } from '~/components/criticism-form'
import { FormError } from '~/components/forms'
import { CriticismItemSchema } from '~/domain/criticism.schema'

type LockedName = 'subject' | 'kind' | 'raisedByMemberId' | 'raisedByText' | 'category' | 'manifestationId' | 'agendaItemId' | 'description' | 'cause' | 'response' | 'publicSummary'
export type CriticismEditDefaults = Record<LockedName | 'remedy' | 'dueOn' | 'followUpMemberId' | 'outcome', string>

export default function CriticismEditForm({
  lastResult,
  defaults,
  options,
  version,
  frozen,
}: {
  lastResult: SubmissionResult<string[]> | undefined
  defaults: CriticismEditDefaults
  options: CriticismFormOptions
  version: number
  frozen: boolean
}) {
  const [form, fields] = useForm({
    id: 'criticism-edit',
    lastResult,
    defaultValue: defaults,
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CriticismItemSchema }),
  })
  // Fields recorded in signed minutes travel as hidden inputs so the form still validates as a whole.
  const lockedNames = ['subject', 'kind', 'raisedByMemberId', 'raisedByText', 'category', 'manifestationId', 'agendaItemId', 'description', 'cause', 'response', 'publicSummary'] as const
  const locked = lockedNames.map((name) => <input key={name} type="hidden" name={name} value={defaults[name]} />)
  const lockedErrors = frozen ? lockedNames.flatMap((name) => fields[name].errors ?? []) : []
  return (
    <Form method="post" {...getFormProps(form)} className="form form--wide">
      <FormError errors={[...(form.errors ?? []), ...lockedErrors]} />
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="version" value={version} />
      {frozen ? (
        locked
      ) : (
        <>
          <CriticismContentFields fields={fields} options={options} />
          <CriticismResponseField fields={fields} />
        </>
      )}
      <CriticismFollowUpFields fields={fields} options={options} />
      {frozen ? null : <CriticismPublicSummaryField fields={fields} />}
      <div>
        <button type="submit" className="button button--primary">
          Lưu thay đổi
        </button>
      </div>
    </Form>
  )
}

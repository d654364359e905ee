// One agenda item as a step: the speeches in order ("+ Phát biểu" with a speaker picker that filters as
// one types; the gist in rich text, autosaved), then the chair's conclusion on the item.
import { useEffect, useState } from 'react'
import { RichTextEditor } from '~/components/editor/rich-text-editor'
import { AGENDA_SECTION_LABELS, ATTENDANCE_LABELS } from '~/domain/constants'
import { toPlainText } from '~/rich-text/validate'
import { useAutosave, SaveFeedback } from './autosave'
import { useRecord, type RecordData } from './context'
import { parseDoc, speechValues, type Values } from './form-values'
import { ActionError, formObject, NoJsSubmit, RecordForm, useRecordAction } from './record-form'
import { SpeakerPicker, speakerOptions, type SpeakerOption } from './speaker-picker'
import { ConclusionEditor } from './steps'

type Item = RecordData['items'][number]
type Speech = Item['speeches'][number]

const ROLE_HINTS: Partial<Record<NonNullable<Item['role']>, { step: string; text: string }>> = {
  vote: { step: 'votes', text: 'Ghi kết quả biểu quyết ở bước “Biểu quyết”.' },
  next_tasks: { step: 'tasks', text: 'Ghi từng nhiệm vụ (người, việc, thời hạn) ở bước “Nhiệm vụ”.' },
  quality: { step: 'quality', text: 'Chấm điểm theo từng tiêu chí ở bước “Chấm điểm”.' },
}

export function ItemStep({ item }: { item: Item }) {
  const { data, hydrated, goTo, setFocusSpeechId } = useRecord()
  const editable = data.access.editable
  const options = speakerOptions(data.attendance, data.guests, ATTENDANCE_LABELS)
  const imports = useRecordAction()
  const hint = item.role ? ROLE_HINTS[item.role] : undefined
  return (
    <div className="stack">
      <p className="muted item-meta">
        {AGENDA_SECTION_LABELS[item.section]}
        {item.presenterName ? ` · Trình bày: ${item.presenterName}` : ''}
      </p>
      {hint ? (
        <p className="alert alert--info">
          {hint.text}{' '}
          <a
            href={`?step=${hint.step}`}
            onClick={(e) => {
              e.preventDefault()
              goTo(hint.step)
            }}
          >
            Mở bước này
          </a>
        </p>
      ) : null}
      {data.pendingContributions > 0 && editable ? (
        <RecordForm intent="contributions-import" className="alert alert--info" onSubmit={() => void imports.run({ intent: 'contributions-import' })}>
          <p>Có {data.pendingContributions} ý kiến đóng góp đã được chấp nhận chưa có trong phần phát biểu.</p>
          <button type="submit" className="button button--small" disabled={imports.busy}>
            Đưa vào phần phát biểu
          </button>
        </RecordForm>
      ) : null}
      <ActionError error={imports.error} />

      <section aria-labelledby={`speeches-${item.id}`} className="stack">
        <h3 id={`speeches-${item.id}`}>Phát biểu ({item.speeches.length})</h3>
        {item.speeches.length === 0 ? <p className="empty">Chưa có phát biểu nào ở nội dung này.</p> : null}
        <ol className="speech-list">
          {item.speeches.map((s, i) => (
            <SpeechCard key={s.id} speech={s} index={i} count={item.speeches.length} options={options} hydrated={hydrated} />
          ))}
        </ol>
        {editable ? <AddSpeech item={item} options={options} hydrated={hydrated} onAdded={(id) => setFocusSpeechId(id)} /> : null}
      </section>

      <section aria-labelledby={`conclusion-${item.id}`} className="stack">
        <h3 id={`conclusion-${item.id}`}>Kết luận của chủ trì</h3>
        <ConclusionEditor
          recordKey={`item-conclusion:${item.id}`}
          intent="item-conclusion"
          fields={{ agendaItemId: item.id }}
          conclusion={item.conclusion}
          version={item.version}
          label={`Kết luận nội dung “${item.title}”`}
        />
      </section>
    </div>
  )
}

function AddSpeech({ item, options, hydrated, onAdded }: { item: Item; options: SpeakerOption[]; hydrated: boolean; onAdded: (id: string) => void }) {
  const [open, setOpen] = useState(false)
  const [speaker, setSpeaker] = useState('')
  const add = useRecordAction()
  const create = async (value: string) => {
    setSpeaker(value)
    const ok = await add.run({ intent: 'speech-add', agendaItemId: item.id, speaker: value, gist: '' })
    if (ok?.id) {
      onAdded(ok.id)
      setOpen(false)
      setSpeaker('')
    }
  }
  if (hydrated && !open) {
    return (
      <div>
        <button type="button" className="button button--primary button--big" onClick={() => setOpen(true)}>
          + Phát biểu
        </button>
      </div>
    )
  }
  return (
    <RecordForm intent="speech-add" fields={{ agendaItemId: item.id }} className="card stack add-speech" aria-label="Thêm phát biểu" onSubmit={(form) => void create(formObject(form).speaker ?? speaker)}>
      <h4>Thêm phát biểu</h4>
      <ActionError error={add.error} />
      <SpeakerPicker
        name="speaker"
        label="Người phát biểu"
        options={options}
        value={speaker}
        onChange={(v) => void create(v)}
        hydrated={hydrated}
        autoFocus
        disabled={add.busy}
        onCancel={() => setOpen(false)}
      />
      {!hydrated ? (
        <>
          <div className="field">
            <label htmlFor={`new-gist-${item.id}`}>Tóm tắt ý kiến</label>
            <textarea id={`new-gist-${item.id}`} name="gist" rows={4} />
          </div>
          <div>
            <button type="submit" className="button button--primary">
              Thêm phát biểu
            </button>
          </div>
        </>
      ) : (
        <div className="row">
          {add.busy ? <span className="muted">Đang thêm…</span> : null}
          <button type="button" className="button" onClick={() => setOpen(false)}>
            Đóng
          </button>
        </div>
      )}
    </RecordForm>
  )
}

function SpeechCard({ speech, index, count, options, hydrated }: { speech: Speech; index: number; count: number; options: SpeakerOption[]; hydrated: boolean }) {
  const { data, focusSpeechId, setFocusSpeechId } = useRecord()
  const editable = data.access.editable
  const [changing, setChanging] = useState(false)
  const action = useRecordAction()
  const save = useAutosave({
    key: `speech:${speech.id}`,
    label: `Phát biểu của ${speech.speakerName}`,
    intent: 'speech-update',
    fields: { speechId: speech.id },
    server: { values: speechValues(speech), version: speech.version },
    debounceMs: 1500,
    disabled: !editable,
  })
  const speakerLabel = options.find((o) => o.value === save.values.speaker)?.label ?? speech.speakerName
  const cardId = `speech-${speech.id}`

  // A speech just added takes the focus in its editor (the editor appears after hydration).
  useEffect(() => {
    if (focusSpeechId !== speech.id) return
    let tries = 0
    const tick = () => {
      const el = document.querySelector<HTMLElement>(`#${CSS.escape(cardId)} [contenteditable="true"]`)
      if (el) {
        el.focus()
        el.scrollIntoView({ block: 'center' })
        setFocusSpeechId(null)
      } else if (tries++ < 40) setTimeout(tick, 50)
    }
    tick()
  }, [focusSpeechId, speech.id, cardId, setFocusSpeechId])

  const describe = (v: Values) => {
    const who = options.find((o) => o.value === v.speaker)?.label ?? ''
    const text = toPlainText(parseDoc(v.gist))
    return (
      <>
        <p>
          <strong>{who}</strong>
        </p>
        {text ? <p className="pre-line">{text}</p> : <p className="muted">(chưa ghi nội dung)</p>}
      </>
    )
  }

  if (!editable) {
    const text = toPlainText(speech.gist)
    return (
      <li className="speech card" id={cardId}>
        <p className="speech__speaker">
          {index + 1}. {speech.speakerName}
        </p>
        {text ? <p className="pre-line">{text}</p> : <p className="muted">(chưa ghi nội dung)</p>}
      </li>
    )
  }

  return (
    <li className="speech card" id={cardId}>
      <div className="speech__head">
        <p className="speech__speaker">
          {index + 1}. {speakerLabel}
          {speech.contribution ? <span className="badge badge--info">Ý kiến đóng góp: {speech.contribution.title}</span> : null}
        </p>
        <div className="speech__tools">
          <RecordForm intent="speech-move" fields={{ speechId: speech.id, direction: 'up' }} onSubmit={() => void action.run({ intent: 'speech-move', speechId: speech.id, direction: 'up' })}>
            <button type="submit" className="button button--small" disabled={index === 0 || action.busy} aria-label={`Chuyển phát biểu ${index + 1} lên trên`}>
              ↑
            </button>
          </RecordForm>
          <RecordForm intent="speech-move" fields={{ speechId: speech.id, direction: 'down' }} onSubmit={() => void action.run({ intent: 'speech-move', speechId: speech.id, direction: 'down' })}>
            <button type="submit" className="button button--small" disabled={index === count - 1 || action.busy} aria-label={`Chuyển phát biểu ${index + 1} xuống dưới`}>
              ↓
            </button>
          </RecordForm>
          {hydrated ? (
            <button type="button" className="button button--small" onClick={() => setChanging((c) => !c)} aria-expanded={changing}>
              Đổi người phát biểu
            </button>
          ) : null}
          <RecordForm
            intent="speech-remove"
            fields={{ speechId: speech.id, version: String(speech.version) }}
            onSubmit={() => {
              if (window.confirm(`Xóa phát biểu ${index + 1} của ${speakerLabel}?`)) void action.run({ intent: 'speech-remove', speechId: speech.id, version: String(speech.version) })
            }}
          >
            <button type="submit" className="button button--small button--danger" disabled={action.busy}>
              Xóa
            </button>
          </RecordForm>
        </div>
      </div>
      <ActionError error={action.error} />
      <RecordForm intent="speech-update" fields={{ speechId: speech.id, version: String(speech.version) }} onSubmit={() => save.saveNow()} className="stack">
        {changing || !hydrated ? (
          <SpeakerPicker
            name="speaker"
            label="Người phát biểu"
            options={options}
            value={save.values.speaker}
            onChange={(v) => {
              save.set({ speaker: v }, { immediate: true })
              setChanging(false)
            }}
            hydrated={hydrated}
            autoFocus={hydrated}
            onCancel={() => setChanging(false)}
          />
        ) : null}
        <RichTextEditor
          key={save.revision}
          name="gist"
          label={`Tóm tắt ý kiến của ${speakerLabel}`}
          defaultValue={parseDoc(save.values.gist)}
          onChange={(doc) => save.set({ gist: JSON.stringify(doc) })}
          minHeight="5rem"
        />
        <NoJsSubmit hydrated={hydrated} />
        <SaveFeedback save={save} describe={describe} />
      </RecordForm>
    </li>
  )
}

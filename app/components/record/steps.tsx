// The smaller steps of the minute-taker's page: general information (chair, minute-taker, start),
// guests, tasks assigned at the meeting and the end of the meeting.
import { useEffect, useState } from 'react'
import { RichTextEditor } from '~/components/editor/rich-text-editor'
import { formatTime, formatUiDate, formatUiDateShort, toIsoDate } from '~/domain/vn-date'
import { toPlainText } from '~/rich-text/validate'
import { useAutosave, SaveFeedback } from './autosave'
import { useRecord, type RecordData } from './context'
import { conclusionValues, guestValues, headerValues, parseDoc, taskValues, type Values } from './form-values'
import { ActionError, formObject, NoJsSubmit, RecordForm, useRecordAction } from './record-form'

/** Now in Hà Nội as the date and time inputs want them. */
export function nowInputs(): { date: string; time: string } {
  const now = new Date()
  return { date: toIsoDate(now), time: formatTime(now) }
}

/**
 * The current date and time, kept up to date every 20 s — null while rendering on the server (the
 * inputs start empty there; without JavaScript the server takes "now" for an empty time).
 */
export function useLiveNow(): { date: string; time: string } | null {
  const [now, setNow] = useState<{ date: string; time: string } | null>(null)
  useEffect(() => {
    setNow(nowInputs())
    const timer = setInterval(() => setNow(nowInputs()), 20_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

function memberLabel(m: { fullName: string; position: string; status: string }) {
  const pos = { secretary: 'Bí thư', deputy: 'Phó Bí thư', committee: 'Chi ủy viên', member: '' }[m.position] ?? ''
  return `${m.fullName}${pos ? ` — ${pos}` : ''}${m.status === 'probationary' ? ' (dự bị)' : ''}`
}

// ---------------------------------------------------------------------------------------------

export function InfoStep() {
  const { data, hydrated } = useRecord()
  const m = data.meeting
  const save = useAutosave({
    key: 'header',
    label: 'Chủ trì, thư ký, giờ bắt đầu',
    intent: 'header',
    fields: {},
    server: { values: headerValues(m), version: m.version },
    disabled: !data.access.editable,
    validate: (v) => (!v.startDate || !v.startTime ? 'Nhập đủ ngày và giờ bắt đầu để lưu.' : null),
  })
  const v = save.values
  const describe = (x: Values) => {
    const name = (id: string) => data.memberOptions.find((o) => o.id === id)?.fullName ?? '—'
    return `Chủ trì: ${name(x.chairMemberId)}; thư ký: ${name(x.secretaryMemberId)}; bắt đầu ${x.startTime} ngày ${x.startDate ? formatUiDateShort(x.startDate) : '—'}`
  }
  return (
    <RecordForm intent="header" fields={{ version: String(m.version) }} onSubmit={() => save.saveNow()} className="stack">
      <fieldset disabled={!data.access.editable} className="form form--wide">
        <legend className="sr-only">Chủ trì, thư ký và giờ bắt đầu</legend>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="info-chair">Chủ trì</label>
            <select id="info-chair" name="chairMemberId" value={v.chairMemberId} onChange={(e) => save.set({ chairMemberId: e.target.value }, { immediate: true })}>
              {data.memberOptions.map((o) => (
                <option key={o.id} value={o.id}>
                  {memberLabel(o)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="info-secretary">Thư ký (người ghi biên bản)</label>
            <select id="info-secretary" name="secretaryMemberId" value={v.secretaryMemberId} onChange={(e) => save.set({ secretaryMemberId: e.target.value }, { immediate: true })}>
              {data.memberOptions.map((o) => (
                <option key={o.id} value={o.id}>
                  {memberLabel(o)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="info-date">Ngày họp</label>
            <input id="info-date" type="date" name="startDate" value={v.startDate} onChange={(e) => save.set({ startDate: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="info-time">Giờ bắt đầu</label>
            <input id="info-time" type="time" name="startTime" value={v.startTime} onChange={(e) => save.set({ startTime: e.target.value })} />
          </div>
        </div>
        <NoJsSubmit hydrated={hydrated} />
      </fieldset>
      <SaveFeedback save={save} describe={describe} />
      <dl className="details">
        <dt>Buổi sinh hoạt</dt>
        <dd>{m.title}</dd>
        <dt>Dự kiến</dt>
        <dd>
          {formatTime(m.startsAt)}, {formatUiDate(m.startsAt)}
          {m.place ? ` — ${m.place}` : ''}
        </dd>
        {m.endedAt ? (
          <>
            <dt>Kết thúc</dt>
            <dd>{formatTime(m.endedAt)}</dd>
          </>
        ) : null}
      </dl>
    </RecordForm>
  )
}

// ---------------------------------------------------------------------------------------------

export function GuestsStep() {
  const { data, hydrated } = useRecord()
  const add = useRecordAction()
  const [formKey, setFormKey] = useState(0)
  return (
    <div className="stack">
      <p className="muted">Ghi khách mời dự buổi sinh hoạt (họ tên, chức vụ, đơn vị). Đánh dấu đại biểu cấp trên: đồng chí đó có thể xác nhận kết quả chấm điểm chất lượng.</p>
      {data.guests.length === 0 ? <p className="empty">Chưa có khách mời nào. Nếu buổi sinh hoạt có khách mời, hãy thêm ở dưới.</p> : null}
      <ul className="guest-list">
        {data.guests.map((g) => (
          <GuestRow key={g.id} guest={g} hydrated={hydrated} />
        ))}
      </ul>
      {data.access.editable ? (
        <RecordForm
          key={formKey}
          intent="guest-add"
          className="card stack"
          aria-label="Thêm khách mời"
          onSubmit={async (form) => {
            const ok = await add.run(formObject(form))
            if (ok) setFormKey((k) => k + 1)
          }}
        >
          <h3>Thêm khách mời</h3>
          <ActionError error={add.error} />
          <div className="form-grid">
            <div className="field">
              <label htmlFor="guest-new-name">Họ và tên</label>
              <input id="guest-new-name" name="name" type="text" required autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor="guest-new-title">Chức vụ</label>
              <input id="guest-new-title" name="title" type="text" placeholder="Ví dụ: Đảng ủy viên" />
            </div>
            <div className="field">
              <label htmlFor="guest-new-unit">Đơn vị</label>
              <input id="guest-new-unit" name="unit" type="text" placeholder="Ví dụ: Đảng ủy phường Ba Đình" />
            </div>
          </div>
          <label className="checkbox">
            <input type="checkbox" name="isUpperRep" value="1" /> Đại biểu cấp trên (cấp ủy viên cấp trên phụ trách chi bộ)
          </label>
          <div>
            <button type="submit" className="button button--primary" disabled={add.busy}>
              + Thêm khách mời
            </button>
          </div>
        </RecordForm>
      ) : null}
    </div>
  )
}

function GuestRow({ guest, hydrated }: { guest: RecordData['guests'][number]; hydrated: boolean }) {
  const { data } = useRecord()
  const editable = data.access.editable
  const remove = useRecordAction()
  const server = guestValues(guest)
  const save = useAutosave({
    key: `guest:${guest.id}`,
    label: `Khách mời ${guest.name}`,
    intent: 'guest-update',
    fields: { guestId: guest.id },
    server: { values: server, version: 0 },
    disabled: !editable,
    validate: (v) => (!v.name.trim() ? 'Nhập họ tên khách mời để lưu.' : null),
  })
  const v = save.values
  const id = `guest-${guest.id}`
  const describe = (x: Values) => [x.name, x.title, x.unit].filter(Boolean).join(', ') + (x.isUpperRep ? ' (đại biểu cấp trên)' : '')
  return (
    <li className="card guest-row">
      <RecordForm intent="guest-update" fields={{ guestId: guest.id, base: JSON.stringify(server) }} onSubmit={() => save.saveNow()}>
        <fieldset disabled={!editable} className="stack">
          <legend className="sr-only">Khách mời {guest.name}</legend>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${id}-name`}>Họ và tên</label>
              <input id={`${id}-name`} name="name" type="text" value={v.name} onChange={(e) => save.set({ name: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-title`}>Chức vụ</label>
              <input id={`${id}-title`} name="title" type="text" value={v.title} onChange={(e) => save.set({ title: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-unit`}>Đơn vị</label>
              <input id={`${id}-unit`} name="unit" type="text" value={v.unit} onChange={(e) => save.set({ unit: e.target.value })} />
            </div>
          </div>
          <div className="spread">
            <label className="checkbox">
              <input type="checkbox" name="isUpperRep" value="1" checked={v.isUpperRep === '1'} onChange={(e) => save.set({ isUpperRep: e.target.checked ? '1' : '' }, { immediate: true })} />
              Đại biểu cấp trên
            </label>
            <NoJsSubmit hydrated={hydrated} />
          </div>
        </fieldset>
        <SaveFeedback save={save} describe={describe} />
      </RecordForm>
      {editable ? (
        <RecordForm
          intent="guest-remove"
          fields={{ guestId: guest.id }}
          className="row"
          onSubmit={() => {
            if (window.confirm(`Xóa khách mời ${guest.name} khỏi biên bản?`)) void remove.run({ intent: 'guest-remove', guestId: guest.id })
          }}
        >
          <button type="submit" className="button button--small button--danger" disabled={remove.busy}>
            Xóa khách mời
          </button>
        </RecordForm>
      ) : null}
      <ActionError error={remove.error} />
    </li>
  )
}

// ---------------------------------------------------------------------------------------------

export function TasksStep() {
  const { data, hydrated } = useRecord()
  const add = useRecordAction()
  const [formKey, setFormKey] = useState(0)
  const options = data.attendance
  return (
    <div className="stack">
      <p className="muted">Nhiệm vụ giao tại buổi sinh hoạt: người thực hiện, công việc, thời hạn. Các nhiệm vụ này được đánh giá ở buổi sinh hoạt tháng sau.</p>
      {data.tasks.length === 0 ? <p className="empty">Chưa giao nhiệm vụ nào. Thêm nhiệm vụ ở dưới.</p> : null}
      <ul className="task-list">
        {data.tasks.map((t) => (
          <TaskRow key={t.id} task={t} hydrated={hydrated} />
        ))}
      </ul>
      {data.access.editable ? (
        <RecordForm
          key={formKey}
          intent="task-add"
          className="card stack"
          aria-label="Giao nhiệm vụ"
          onSubmit={async (form) => {
            const ok = await add.run(formObject(form))
            if (ok) setFormKey((k) => k + 1)
          }}
        >
          <h3>Giao nhiệm vụ</h3>
          <ActionError error={add.error} />
          <div className="form-grid">
            <div className="field">
              <label htmlFor="task-new-member">Người thực hiện</label>
              <select id="task-new-member" name="memberId" defaultValue="">
                <option value="">Cả chi bộ</option>
                {options.map((a) => (
                  <option key={a.memberId} value={a.memberId}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="task-new-due">Thời hạn</label>
              <input id="task-new-due" name="dueOn" type="date" />
            </div>
          </div>
          <div className="field">
            <label htmlFor="task-new-text">Công việc</label>
            <textarea id="task-new-text" name="text" rows={2} required />
          </div>
          <div>
            <button type="submit" className="button button--primary" disabled={add.busy}>
              + Giao nhiệm vụ
            </button>
          </div>
        </RecordForm>
      ) : null}
    </div>
  )
}

function TaskRow({ task, hydrated }: { task: RecordData['tasks'][number]; hydrated: boolean }) {
  const { data } = useRecord()
  const editable = data.access.editable
  const cancel = useRecordAction()
  const save = useAutosave({
    key: `task:${task.id}`,
    label: `Nhiệm vụ “${task.text.slice(0, 40)}”`,
    intent: 'task-update',
    fields: { taskId: task.id },
    server: { values: taskValues(task), version: task.version },
    disabled: !editable,
    validate: (v) => (!v.text.trim() ? 'Nhập nội dung công việc để lưu.' : null),
  })
  const v = save.values
  const id = `task-${task.id}`
  const nameOf = (memberId: string) => data.attendance.find((a) => a.memberId === memberId)?.name ?? 'Cả chi bộ'
  const describe = (x: Values) => `${x.memberId ? nameOf(x.memberId) : 'Cả chi bộ'}: ${x.text}${x.dueOn ? ` (hạn ${formatUiDateShort(x.dueOn)})` : ''}`
  return (
    <li className="card task-row">
      <RecordForm intent="task-update" fields={{ taskId: task.id, version: String(task.version) }} onSubmit={() => save.saveNow()}>
        <fieldset disabled={!editable} className="stack">
          <legend className="sr-only">Nhiệm vụ: {task.text}</legend>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${id}-member`}>Người thực hiện</label>
              <select id={`${id}-member`} name="memberId" value={v.memberId} onChange={(e) => save.set({ memberId: e.target.value }, { immediate: true })}>
                <option value="">Cả chi bộ</option>
                {data.attendance.map((a) => (
                  <option key={a.memberId} value={a.memberId}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-due`}>Thời hạn</label>
              <input id={`${id}-due`} name="dueOn" type="date" value={v.dueOn} onChange={(e) => save.set({ dueOn: e.target.value }, { immediate: true })} />
            </div>
          </div>
          <div className="field">
            <label htmlFor={`${id}-text`}>Công việc</label>
            <textarea id={`${id}-text`} name="text" rows={2} value={v.text} onChange={(e) => save.set({ text: e.target.value })} />
          </div>
          <NoJsSubmit hydrated={hydrated} />
        </fieldset>
        <SaveFeedback save={save} describe={describe} />
      </RecordForm>
      {editable ? (
        <RecordForm
          intent="task-remove"
          fields={{ taskId: task.id, version: String(task.version) }}
          onSubmit={() => {
            if (window.confirm('Hủy nhiệm vụ này? Nhiệm vụ vẫn còn trong danh sách nhiệm vụ của chi bộ với trạng thái “Hủy”.'))
              void cancel.run({ intent: 'task-remove', taskId: task.id, version: String(task.version) })
          }}
        >
          <button type="submit" className="button button--small button--danger" disabled={cancel.busy}>
            Hủy nhiệm vụ
          </button>
        </RecordForm>
      ) : null}
      <ActionError error={cancel.error} />
    </li>
  )
}

// ---------------------------------------------------------------------------------------------

export function ConclusionEditor({
  recordKey,
  intent,
  fields,
  conclusion,
  version,
  label,
  hint,
}: {
  recordKey: string
  intent: string
  fields: Values
  conclusion: RecordData['meeting']['conclusion']
  version: number
  label: string
  hint?: string
}) {
  const { data, hydrated } = useRecord()
  const editable = data.access.editable
  const save = useAutosave({ key: recordKey, label, intent, fields, server: { values: conclusionValues(conclusion), version }, debounceMs: 1500, disabled: !editable })
  const describe = (v: Values) => {
    const text = toPlainText(parseDoc(v.conclusion))
    return text ? <p className="pre-line">{text}</p> : <p className="muted">(để trống)</p>
  }
  if (!editable) {
    const text = toPlainText(conclusion)
    return (
      <div className="field">
        <span className="label">{label}</span>
        {text ? <p className="pre-line">{text}</p> : <p className="muted">Chưa ghi.</p>}
      </div>
    )
  }
  return (
    <RecordForm intent={intent} fields={{ ...fields, version: String(version) }} onSubmit={() => save.saveNow()} className="stack">
      <RichTextEditor
        key={save.revision}
        name="conclusion"
        label={label}
        hint={hint}
        defaultValue={parseDoc(save.values.conclusion)}
        onChange={(doc) => save.set({ conclusion: JSON.stringify(doc) })}
        minHeight="6rem"
      />
      <NoJsSubmit hydrated={hydrated} />
      <SaveFeedback save={save} describe={describe} />
    </RecordForm>
  )
}

// ---------------------------------------------------------------------------------------------

export function EndStep() {
  const { data } = useRecord()
  const end = useRecordAction()
  const now = useLiveNow()
  const [typed, setTyped] = useState<{ date?: string; time?: string }>({})
  const m = data.meeting
  return (
    <div className="stack">
      <ConclusionEditor
        recordKey="meeting-conclusion"
        intent="meeting-conclusion"
        fields={{}}
        conclusion={m.conclusion}
        version={m.version}
        label="Kết luận chung của chủ trì"
        hint="Chủ trì kết luận những nội dung chính; nghị quyết của chi bộ được soạn từ kết luận này và các nhiệm vụ đã giao."
      />
      {m.status === 'in_progress' && data.access.editable ? (
        <RecordForm
          intent="end"
          className="card stack"
          aria-label="Kết thúc buổi sinh hoạt"
          onSubmit={(form) => {
            void end.run(formObject(form))
          }}
        >
          <h3>Kết thúc buổi sinh hoạt</h3>
          {data.summary.unconfirmed > 0 ? (
            <div className="alert alert--warning">
              <p>Còn {data.summary.unconfirmed} đồng chí chưa điểm danh. Hãy ghi có mặt hoặc vắng ở bước Điểm danh trước khi kết thúc.</p>
            </div>
          ) : null}
          <ActionError error={end.error} />
          <div className="form-grid">
            <div className="field">
              <label htmlFor="end-date">Ngày</label>
              <input
                id="end-date"
                type="date"
                name="endDate"
                value={typed.date ?? (m.startedAt ? toIsoDate(m.startedAt) : (now?.date ?? ''))}
                onChange={(e) => setTyped((t) => ({ ...t, date: e.target.value }))}
              />
            </div>
            <div className="field">
              <label htmlFor="end-time">Giờ kết thúc</label>
              <input id="end-time" type="time" name="endTime" value={typed.time ?? now?.time ?? ''} onChange={(e) => setTyped((t) => ({ ...t, time: e.target.value }))} />
              <span className="hint">Để trống: lấy giờ hiện tại.</span>
            </div>
          </div>
          <p className="muted small">Sau khi kết thúc, biên bản chuyển sang “Đang hoàn thiện biên bản”: thư ký vẫn sửa được các mục đã ghi cho đến khi trình ký.</p>
          <div>
            <button type="submit" className="button button--primary" disabled={end.busy}>
              Kết thúc buổi sinh hoạt
            </button>
          </div>
        </RecordForm>
      ) : null}
      {m.status !== 'in_progress' && m.endedAt ? (
        <div className="alert alert--success">
          <p>
            Buổi sinh hoạt đã kết thúc lúc {formatTime(m.endedAt)} ngày {formatUiDateShort(m.endedAt)}. {m.status === 'minutes_draft' ? 'Biên bản đang được hoàn thiện.' : ''}
          </p>
        </div>
      ) : null}
    </div>
  )
}

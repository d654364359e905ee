// Before the meeting starts: appoint the chair (the bí thư by default) and the minute-taker, note the
// start time, "Bắt đầu buổi sinh hoạt".
import { useState } from 'react'
import { formatTime, formatUiDate, formatUiDateShort, toIsoDate } from '~/domain/vn-date'
import { useRecord } from './context'
import { ActionError, formObject, RecordForm, useRecordAction } from './record-form'
import { useLiveNow } from './steps'

export function StartForm({ currentMemberId, onStarted }: { currentMemberId: string | null; onStarted: () => void }) {
  const { data } = useRecord()
  const start = useRecordAction()
  const now = useLiveNow()
  const [typed, setTyped] = useState<{ date?: string; time?: string }>({})
  const m = data.meeting
  const options = data.memberOptions
  const chair = m.chairMemberId ?? options.find((o) => o.position === 'secretary')?.id ?? options[0]?.id ?? ''
  const secretary =
    m.secretaryMemberId ??
    (currentMemberId && currentMemberId !== chair && options.some((o) => o.id === currentMemberId) ? currentMemberId : null) ??
    options.find((o) => o.position === 'deputy' && o.id !== chair)?.id ??
    options.find((o) => o.id !== chair)?.id ??
    ''
  const planned = toIsoDate(m.startsAt)
  const label = (o: (typeof options)[number]) =>
    `${o.fullName}${{ secretary: ' — Bí thư', deputy: ' — Phó Bí thư', committee: ' — Chi ủy viên', member: '' }[o.position] ?? ''}${o.status === 'probationary' ? ' (dự bị)' : ''}`

  if (!data.access.canStart) {
    return (
      <div className="alert alert--info">
        <p>
          Buổi sinh hoạt chưa bắt đầu (dự kiến {formatTime(m.startsAt)}, {formatUiDate(m.startsAt)}). Bí thư, phó bí thư hoặc chi ủy viên bắt đầu buổi sinh hoạt tại
          đây.
        </p>
      </div>
    )
  }
  return (
    <RecordForm
      intent="start"
      fields={{ version: String(m.version) }}
      className="card stack start-form"
      aria-label="Bắt đầu buổi sinh hoạt"
      onSubmit={async (form) => {
        const ok = await start.run(formObject(form))
        if (ok) onStarted()
      }}
    >
      <h2>Bắt đầu buổi sinh hoạt</h2>
      <p className="muted">
        Dự kiến {formatTime(m.startsAt)}, {formatUiDate(m.startsAt)}
        {m.place ? ` tại ${m.place}` : ''}. Khi bắt đầu, danh sách điểm danh được lập từ hồ sơ đảng viên: đồng chí miễn sinh hoạt, sinh hoạt tạm thời nơi khác,
        bị đình chỉ được ghi sẵn; các đồng chí khác chờ thư ký điểm danh.
      </p>
      {now && now.date !== planned ? (
        <div className="alert alert--warning">
          <p>
            Hôm nay ({formatUiDateShort(now.date)}) khác ngày dự kiến ({formatUiDateShort(planned)}). Nếu buổi sinh hoạt đã dời lịch, hãy ghi đúng ngày và giờ bắt đầu
            thực tế ở dưới.
          </p>
        </div>
      ) : null}
      {data.items.length === 0 ? (
        <p className="alert alert--info">Buổi sinh hoạt chưa có chương trình: khi bắt đầu, chương trình được lập theo mẫu để ghi các phát biểu.</p>
      ) : null}
      <ActionError error={start.error} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor="start-chair">Chủ trì</label>
          <select id="start-chair" name="chairMemberId" defaultValue={chair} required>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {label(o)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="start-secretary">Thư ký (người ghi biên bản)</label>
          <select id="start-secretary" name="secretaryMemberId" defaultValue={secretary} required>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {label(o)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="start-date">Ngày họp</label>
          <input id="start-date" type="date" name="startDate" value={typed.date ?? now?.date ?? ''} onChange={(e) => setTyped((t) => ({ ...t, date: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor="start-time">Giờ bắt đầu</label>
          <input id="start-time" type="time" name="startTime" value={typed.time ?? now?.time ?? ''} onChange={(e) => setTyped((t) => ({ ...t, time: e.target.value }))} />
          <span className="hint">Để trống: lấy giờ hiện tại.</span>
        </div>
      </div>
      <div>
        <button type="submit" className="button button--primary button--big" disabled={start.busy}>
          Bắt đầu buổi sinh hoạt
        </button>
      </div>
    </RecordForm>
  )
}

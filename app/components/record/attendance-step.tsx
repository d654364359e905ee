// Điểm danh: every member as a row with a big three-way toggle (Có mặt / Vắng có lý do / Vắng không
// lý do) and the reason; exempt, temporarily-away and suspended members listed apart; running totals
// and the vote denominator with its explanation.
import { useRef } from 'react'
import { ATTENDANCE_LABELS, MEMBER_POSITION_LABELS, type AttendanceStatus } from '~/domain/constants'
import { describeDenominator } from '~/domain/voting'
import { useAutosave, SaveFeedback } from './autosave'
import { useRecord, type RecordData } from './context'
import { attendanceValues, type Values } from './form-values'
import { ActionError, NoJsSubmit, RecordForm, useRecordAction } from './record-form'

type Row = RecordData['attendance'][number]

const CHOICES: Record<Row['standing'], { value: AttendanceStatus; label: string; tone: string }[]> = {
  active: [
    { value: 'present', label: 'Có mặt', tone: 'present' },
    { value: 'excused', label: 'Vắng có lý do', tone: 'excused' },
    { value: 'unexcused', label: 'Vắng không lý do', tone: 'unexcused' },
  ],
  exempt: [
    { value: 'exempt', label: 'Vắng (miễn sinh hoạt)', tone: 'excluded' },
    { value: 'present', label: 'Có mặt', tone: 'present' },
  ],
  elsewhere: [
    { value: 'elsewhere', label: 'Sinh hoạt nơi khác', tone: 'excluded' },
    { value: 'present', label: 'Có mặt', tone: 'present' },
  ],
  suspended: [],
}
const ICON: Record<string, string> = { present: '✓', excused: '○', unexcused: '✕', excluded: '–' }

export function AttendanceSummary({ data, compact = false }: { data: RecordData; compact?: boolean }) {
  const s = data.summary
  if (compact) {
    return (
      <span className="att-summary">
        Có mặt <strong>{s.present}/{s.expected}</strong>
        {s.unconfirmed > 0 ? ` · chưa điểm danh ${s.unconfirmed}` : ''}
      </span>
    )
  }
  return (
    <div className="att-totals" aria-live="polite">
      <p className="att-totals__main">
        Có mặt <strong>{s.present}/{s.expected}</strong> đồng chí
      </p>
      <ul className="att-totals__list">
        <li>Vắng có lý do: {s.excused}</li>
        <li>Vắng không lý do: {s.unexcused}</li>
        {s.unconfirmed > 0 ? <li className="att-totals__pending">Chưa điểm danh: {s.unconfirmed}</li> : null}
        {s.exempt > 0 ? <li>Miễn sinh hoạt (vắng): {s.exempt}</li> : null}
        {s.elsewhere > 0 ? <li>Sinh hoạt tạm thời nơi khác: {s.elsewhere}</li> : null}
        {s.suspended > 0 ? <li>Đình chỉ sinh hoạt: {s.suspended}</li> : null}
        <li>
          Tổng số: {s.total} đảng viên ({s.official} chính thức, {s.probationary} dự bị)
        </li>
      </ul>
      <p className="muted small">
        Biểu quyết: {describeDenominator(data.denominator)}; {data.denominator.presentOfficial} đảng viên chính thức có mặt được biểu quyết
        {s.probationaryPresent > 0 ? `, ${s.probationaryPresent} đảng viên dự bị có mặt không biểu quyết` : ''}.
      </p>
    </div>
  )
}

export function AttendanceStep() {
  const { data, hydrated } = useRecord()
  const rest = useRecordAction()
  const regular = data.attendance.filter((a) => a.standing === 'active')
  const apart = data.attendance.filter((a) => a.standing !== 'active')
  return (
    <div className="stack">
      <AttendanceSummary data={data} />
      {data.summary.unconfirmed > 0 && data.access.editable ? (
        <RecordForm
          intent="attendance-rest"
          className="row"
          onSubmit={() => {
            void rest.run({ intent: 'attendance-rest' })
          }}
        >
          <button type="submit" className="button" disabled={rest.busy}>
            Ghi “Có mặt” cho {data.summary.unconfirmed} đồng chí chưa điểm danh
          </button>
          <span className="muted small">Chỉ bấm khi những đồng chí còn lại đều đã có mặt.</span>
        </RecordForm>
      ) : null}
      <ActionError error={rest.error} />
      {regular.length === 0 ? <p className="empty">Chi bộ chưa có đảng viên đang sinh hoạt vào ngày họp.</p> : null}
      <ul className="att-list" aria-label="Đảng viên">
        {regular.map((a) => (
          <AttendanceRow key={a.memberId} row={a} hydrated={hydrated} />
        ))}
      </ul>
      {apart.length > 0 ? (
        <section aria-labelledby="att-apart-title" className="stack">
          <h3 id="att-apart-title">Miễn sinh hoạt, sinh hoạt tạm thời nơi khác, đình chỉ</h3>
          <p className="muted small">
            Những đồng chí này không tính vào mẫu số biểu quyết khi vắng. Đồng chí miễn sinh hoạt hoặc sinh hoạt tạm thời nơi khác mà đến dự thì chọn “Có mặt”:
            đồng chí được tính và được biểu quyết.
          </p>
          <ul className="att-list" aria-label="Miễn sinh hoạt, sinh hoạt tạm thời nơi khác, đình chỉ">
            {apart.map((a) => (
              <AttendanceRow key={a.memberId} row={a} hydrated={hydrated} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}

function AttendanceRow({ row, hydrated }: { row: Row; hydrated: boolean }) {
  const { data } = useRecord()
  const editable = data.access.editable
  const reasonRef = useRef<HTMLInputElement>(null)
  const save = useAutosave({
    key: `att:${row.memberId}`,
    label: `Điểm danh đ/c ${row.name}`,
    intent: 'attendance',
    fields: { memberId: row.memberId },
    server: { values: attendanceValues(row), version: row.version },
    debounceMs: 900,
    disabled: !editable,
    validate: (v) => (v.status === 'excused' && !v.reason.trim() ? 'Nhập lý do vắng để lưu.' : null),
  })
  const status = save.values.status
  const choices = CHOICES[row.standing]
  const absence = data.absences[row.memberId]
  const describe = (v: Values) =>
    v.status ? `${ATTENDANCE_LABELS[v.status as AttendanceStatus]}${v.reason && v.status !== 'present' ? ` — ${v.reason}` : ''}` : 'Chưa điểm danh'
  const groupId = `att-${row.memberId}`
  return (
    <li className={`att-row att-row--${status || 'pending'}`} id={groupId}>
      <RecordForm intent="attendance" fields={{ memberId: row.memberId, version: String(row.version) }} onSubmit={() => save.saveNow()}>
        <fieldset className="att-row__fieldset" disabled={!editable}>
          <div className="att-row__grid" role="group" aria-labelledby={`${groupId}-name`}>
            <div className="att-row__name" id={`${groupId}-name`}>
              <span>Đ/c {row.name}</span>
              {row.position !== 'member' ? <span className="badge">{MEMBER_POSITION_LABELS[row.position]}</span> : null}
              {row.memberStatus === 'probationary' ? <span className="badge badge--info">Dự bị — không biểu quyết</span> : null}
              {!status ? <span className="badge badge--warn">Chưa điểm danh</span> : null}
              {absence && absence.flag !== 'none' ? (
                <span className={`badge ${absence.flag === 'flag' ? 'badge--danger' : 'badge--warn'}`}>
                  ⚠ Vắng không lý do {absence.count} lần năm {data.absenceYear}
                </span>
              ) : null}
            </div>
            {row.standing === 'suspended' ? (
              <p className="muted att-row__note">Đình chỉ sinh hoạt{row.reason ? `: ${row.reason}` : ''}. Không tính vào mẫu số biểu quyết.</p>
            ) : (
              <div className="toggle3">
                {choices.map((c) => (
                  <label key={c.value} className={`toggle3__option toggle3__option--${c.tone}`}>
                    <input
                      type="radio"
                      name="status"
                      value={c.value}
                      checked={status === c.value}
                      onChange={() => {
                        const needsReason = c.value === 'excused' && !save.values.reason.trim()
                        save.set({ status: c.value }, { immediate: !needsReason })
                        if (needsReason) setTimeout(() => reasonRef.current?.focus(), 0)
                      }}
                    />
                    <span aria-hidden="true" className="toggle3__icon">
                      {ICON[c.tone]}
                    </span>
                    <span>{c.label}</span>
                  </label>
                ))}
              </div>
            )}
            {(status === 'excused' || status === 'unexcused' || !hydrated) && row.standing === 'active' ? (
              <div className="field att-row__reason">
                <label htmlFor={`${groupId}-reason`}>{status === 'unexcused' ? `Ghi chú về đ/c ${row.name} (nếu có)` : `Lý do vắng của đ/c ${row.name}`}</label>
                <input
                  ref={reasonRef}
                  id={`${groupId}-reason`}
                  type="text"
                  name="reason"
                  value={save.values.reason}
                  onChange={(e) => save.set({ reason: e.target.value })}
                  placeholder={status === 'unexcused' ? '' : 'Ví dụ: ốm, đi công tác, việc gia đình (có báo trước)'}
                  aria-invalid={save.state.kind === 'error' && save.state.field === 'reason' ? true : undefined}
                />
              </div>
            ) : null}
            <NoJsSubmit hydrated={hydrated} />
          </div>
        </fieldset>
        <SaveFeedback save={save} describe={describe} />
      </RecordForm>
    </li>
  )
}

// Chấm điểm: the cell's score per criterion of the rubric in force (inherited from the upper body), the
// total and the level computed as it is typed, and the confirmation by the upper-level representative.
import { QUALITY_LEVEL_LABELS, scoreQuality } from '~/domain/quality'
import { formatTime, formatUiDateShort } from '~/domain/vn-date'
import { useAutosave, SaveFeedback } from './autosave'
import { useRecord } from './context'
import { parsePoints, qualityValues, type Values } from './form-values'
import { ActionError, NoJsSubmit, RecordForm, useRecordAction } from './record-form'

const fmt = (n: number) => String(Math.round(n * 100) / 100).replace('.', ',')

export function QualityStep() {
  const { data, hydrated } = useRecord()
  const q = data.quality
  const rubric = q.rubric
  const editable = data.access.editable
  const confirm = useRecordAction()
  const save = useAutosave({
    key: 'quality',
    label: 'Chấm điểm chất lượng',
    intent: 'quality-save',
    fields: {},
    server: { values: qualityValues(rubric.criteria, q.scores), version: q.version },
    debounceMs: 1000,
    disabled: !editable,
    validate: (v) => {
      const scores = toScores(v)
      if (scores.missing > 0) return `Chấm đủ ${rubric.criteria.length} tiêu chí để lưu (còn ${scores.missing}).`
      const r = scoreQuality(rubric, scores.values)
      return r.ok ? null : r.error
    },
  })
  function toScores(v: Values) {
    const values: Record<string, number> = {}
    let missing = 0
    for (const c of rubric.criteria) {
      const n = parsePoints(v[`score.${c.key}`])
      if (n === null) missing++
      else values[c.key] = n
    }
    return { values, missing }
  }
  const scores = toScores(save.values)
  const live = scores.missing === 0 ? scoreQuality(rubric, scores.values) : null
  const partial = Object.values(scores.values).reduce((a, b) => a + b, 0)
  const max = rubric.criteria.reduce((a, c) => a + c.maxPoints, 0)
  const reps = data.guests.filter((g) => g.isUpperRep)
  const describe = (v: Values) => rubric.criteria.map((c) => `${c.label}: ${v[`score.${c.key}`] || '—'}`).join('; ')

  return (
    <div className="stack">
      <p className="muted">
        Thang điểm {fmt(max)} điểm: Tốt từ {fmt(rubric.thresholds.good)}, Khá từ {fmt(rubric.thresholds.fair)}, Trung bình từ {fmt(rubric.thresholds.average)}, dưới{' '}
        {fmt(rubric.thresholds.average)} là Kém. Chi bộ tự chấm; đại biểu cấp trên dự họp xác nhận.
      </p>
      <RecordForm intent="quality-save" fields={{ version: String(q.version) }} onSubmit={() => save.saveNow()} className="stack">
        <fieldset disabled={!editable} className="quality-grid">
          <legend className="sr-only">Điểm theo tiêu chí</legend>
          {rubric.criteria.map((c) => {
            const id = `score-${c.key}`
            const value = save.values[`score.${c.key}`] ?? ''
            const n = parsePoints(value)
            const bad = value.trim() !== '' && (n === null || n > c.maxPoints)
            return (
              <div key={c.key} className="field quality-row">
                <label htmlFor={id}>{c.label}</label>
                <span className="hint" id={`${id}-hint`}>
                  Tối đa {fmt(c.maxPoints)} điểm
                </span>
                <input
                  id={id}
                  name={`score.${c.key}`}
                  type="text"
                  inputMode="decimal"
                  value={value}
                  aria-describedby={`${id}-hint`}
                  aria-invalid={bad || undefined}
                  onChange={(e) => save.set({ [`score.${c.key}`]: e.target.value })}
                />
                {bad ? <p className="field-error">Nhập số từ 0 đến {fmt(c.maxPoints)} (có thể dùng dấu phẩy, ví dụ 7,5).</p> : null}
              </div>
            )
          })}
          <NoJsSubmit hydrated={hydrated} />
        </fieldset>
        <div className={`quality-total quality-total--${live?.ok ? live.level : 'none'}`} aria-live="polite">
          {live?.ok ? (
            <p>
              Tổng điểm <strong>{fmt(live.total)}</strong>/{fmt(max)} — xếp loại <strong>{QUALITY_LEVEL_LABELS[live.level]}</strong>
            </p>
          ) : live && !live.ok ? (
            <p>{live.error}</p>
          ) : (
            <p>
              Đã chấm {rubric.criteria.length - scores.missing}/{rubric.criteria.length} tiêu chí; tổng tạm {fmt(partial)} điểm.
            </p>
          )}
        </div>
        <SaveFeedback save={save} describe={describe} />
      </RecordForm>

      <section aria-labelledby="quality-confirm-title" className="card stack">
        <h3 id="quality-confirm-title">Xác nhận của đại biểu cấp trên</h3>
        {q.confirmedBy ? (
          <p className="alert alert--success">
            ✓ Đã được {q.confirmedBy.name}
            {q.confirmedBy.title ? `, ${q.confirmedBy.title}` : ''}
            {q.confirmedBy.unit ? `, ${q.confirmedBy.unit}` : ''} xác nhận lúc {q.confirmedAt ? `${formatTime(q.confirmedAt)} ngày ${formatUiDateShort(q.confirmedAt)}` : ''}.
          </p>
        ) : reps.length === 0 ? (
          <p className="muted">Không có đại biểu cấp trên dự họp: kết quả do chi bộ tự đánh giá. (Nếu có, hãy thêm ở bước Khách mời và đánh dấu “Đại biểu cấp trên”.)</p>
        ) : !q.scored ? (
          <p className="muted">Chấm đủ các tiêu chí trước, rồi mời đại biểu cấp trên xác nhận.</p>
        ) : editable ? (
          <RecordForm
            intent="quality-confirm"
            fields={{ version: String(q.version) }}
            className="stack"
            onSubmit={(form) => void confirm.run({ intent: 'quality-confirm', guestId: String(form.get('guestId') ?? ''), version: String(q.version) })}
          >
            <div className="field">
              <label htmlFor="confirm-guest">Đại biểu cấp trên xác nhận</label>
              <select id="confirm-guest" name="guestId" defaultValue={reps[0].id}>
                {reps.map((g) => (
                  <option key={g.id} value={g.id}>
                    {[g.name, g.title, g.unit].filter(Boolean).join(', ')}
                  </option>
                ))}
              </select>
            </div>
            <p className="small muted">
              Xác nhận kết quả {q.total !== null ? fmt(q.total) : ''} điểm — {q.levelLabel}. Nếu sau đó điểm thay đổi, cần xác nhận lại.
            </p>
            <ActionError error={confirm.error} />
            <div>
              <button type="submit" className="button button--primary" disabled={confirm.busy || save.state.kind !== 'clean'}>
                Đại biểu cấp trên xác nhận kết quả
              </button>
            </div>
          </RecordForm>
        ) : null}
      </section>
    </div>
  )
}

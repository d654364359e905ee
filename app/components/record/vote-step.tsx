// Biểu quyết: the vote form shows the rule, the denominator with its explanation and, while the counts
// are typed, the Charter's arithmetic ("12/17 đồng chí tán thành, đạt 70,6%") — computed here with the
// same pure functions the server uses (app/domain/voting.ts); the server recomputes and refuses
// impossible counts. Minority opinions are recorded as reserved (bảo lưu). A vote is a deliberate
// record, so it is saved with its button; the form's content is kept on this device until then.
import { useEffect, useState } from 'react'
import { monthLabel, toZonedParts } from '~/domain/vn-date'
import {
  VOTE_KINDS,
  VOTE_KIND_LABELS,
  VOTE_METHODS,
  VOTE_METHOD_LABELS,
  computeDenominator,
  defaultMethodFor,
  describeDenominator,
  describeRule,
  evaluateVote,
  type VoteKind,
  type VoteMethod,
} from '~/domain/voting'
import { draftKey, readDraft, removeDraft, useRecord, writeDraft, type RecordData } from './context'
import { parseCount } from './form-values'
import { ActionError, RecordForm, useRecordAction } from './record-form'

type Vote = RecordData['votes'][number]
type Reserved = { memberId: string; name: string; text: string }
type Draft = {
  voteId: string
  version: string
  agendaItemId: string
  subject: string
  kind: VoteKind
  method: VoteMethod
  methodTouched: boolean
  for: string
  against: string
  abstain: string
  reserved: Reserved[]
}

function emptyDraft(): Draft {
  return { voteId: '', version: '', agendaItemId: '', subject: '', kind: 'ordinary', method: 'hands', methodTouched: false, for: '', against: '', abstain: '', reserved: [] }
}
function draftOf(v: Vote): Draft {
  return {
    voteId: v.id,
    version: String(v.version),
    agendaItemId: v.agendaItemId ?? '',
    subject: v.subject,
    kind: v.kind,
    method: v.method,
    methodTouched: true,
    for: String(v.for),
    against: String(v.against),
    abstain: v.abstain === null ? '' : String(v.abstain),
    reserved: v.reserved.map((r) => ({ memberId: r.memberId ?? '', name: r.memberId ? '' : r.name, text: r.text })),
  }
}

export function VoteStep() {
  const { data, meetingId } = useRecord()
  const storage = draftKey(meetingId, 'vote-form')
  const [draft, setDraftState] = useState<Draft>(emptyDraft)
  const [restored, setRestored] = useState(false)
  const [formKey, setFormKey] = useState(0)
  const save = useRecordAction()
  const remove = useRecordAction()

  useEffect(() => {
    const stored = readDraft(storage)
    if (stored?.values?.draft) {
      try {
        setDraftState(JSON.parse(stored.values.draft) as Draft)
        setRestored(true)
        setFormKey((k) => k + 1)
      } catch {
        removeDraft(storage)
      }
    }
  }, [storage])

  const setDraft = (patch: Partial<Draft>) => {
    setDraftState((d) => {
      const next = { ...d, ...patch }
      writeDraft(storage, { values: { draft: JSON.stringify(next) }, version: 0, base: {}, at: new Date().toISOString() })
      return next
    })
  }
  const reset = () => {
    removeDraft(storage)
    setDraftState(emptyDraft())
    setRestored(false)
    setFormKey((k) => k + 1)
  }

  // Live arithmetic from the attendance as it stands.
  const denominator = computeDenominator(data.attendance.map((a) => ({ memberId: a.memberId, status: a.memberStatus, attendance: a.status })))
  const allowAbstain = data.settings.allowAbstain
  const counts = { for: parseCount(draft.for), against: parseCount(draft.against), abstain: allowAbstain ? parseCount(draft.abstain) : 0 }
  const ready = counts.for !== null && counts.against !== null
  const result = ready
    ? evaluateVote({
        kind: draft.kind,
        denominator: denominator.denominator,
        presentVoters: denominator.presentOfficial,
        for: counts.for!,
        against: counts.against!,
        abstain: counts.abstain ?? 0,
        allowAbstain,
      })
    : null
  const month = toZonedParts(data.meeting.startedAt ?? data.meeting.startsAt)

  const submit = async () => {
    const ok = await save.run({
      intent: 'vote-save',
      voteId: draft.voteId,
      version: draft.version,
      agendaItemId: draft.agendaItemId,
      subject: draft.subject,
      kind: draft.kind,
      method: draft.method,
      for: draft.for,
      against: draft.against,
      abstain: allowAbstain ? draft.abstain : '',
      reserved: JSON.stringify(draft.reserved.filter((r) => r.text.trim() || r.name.trim() || r.memberId)),
    })
    if (ok) reset()
  }

  return (
    <div className="stack">
      {data.votes.length === 0 ? <p className="empty">Chưa ghi kết quả biểu quyết nào.</p> : null}
      <ul className="vote-list">
        {data.votes.map((v) => (
          <li key={v.id} className="card vote-card">
            <p className="vote-card__subject">{v.subject}</p>
            <p className="vote-card__sentence">
              <span className={`badge ${v.passed ? 'badge--ok' : 'badge--danger'}`}>
                {v.passed ? '✓' : '✕'} {v.outcome}
              </span>{' '}
              {v.sentence}
            </p>
            <p className="muted small">
              {VOTE_KIND_LABELS[v.kind]} · {VOTE_METHOD_LABELS[v.method]} · mẫu số {v.denominator}, {v.presentVoters} đảng viên chính thức có mặt
            </p>
            {v.reserved.length > 0 ? (
              <div className="small">
                <strong>Ý kiến bảo lưu:</strong>
                <ul>
                  {v.reserved.map((r, i) => (
                    <li key={i}>
                      Đ/c {r.name}: {r.text}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {data.access.editable ? (
              <div className="row">
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => {
                    setDraft(draftOf(v))
                    setFormKey((k) => k + 1)
                    document.getElementById('vote-form')?.scrollIntoView({ block: 'start' })
                  }}
                >
                  Sửa
                </button>
                <RecordForm
                  intent="vote-remove"
                  fields={{ voteId: v.id, version: String(v.version) }}
                  onSubmit={() => {
                    if (window.confirm(`Xóa kết quả biểu quyết “${v.subject}”?`)) void remove.run({ intent: 'vote-remove', voteId: v.id, version: String(v.version) })
                  }}
                >
                  <button type="submit" className="button button--small button--danger" disabled={remove.busy}>
                    Xóa
                  </button>
                </RecordForm>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <ActionError error={remove.error} />

      {data.access.editable ? (
        <RecordForm key={formKey} intent="vote-save" id="vote-form" className="card stack vote-form" aria-label="Ghi kết quả biểu quyết" onSubmit={() => void submit()}>
          <input type="hidden" name="voteId" value={draft.voteId} />
          <input type="hidden" name="version" value={draft.version} />
          <h3>{draft.voteId ? 'Sửa kết quả biểu quyết' : 'Ghi kết quả biểu quyết'}</h3>
          {restored ? (
            <p className="save-restored" role="status">
              Đã khôi phục phiếu biểu quyết đang nhập dở trên máy này (chưa lưu).
            </p>
          ) : null}
          <div className="field">
            <label htmlFor="vote-subject">Nội dung biểu quyết</label>
            <input
              id="vote-subject"
              name="subject"
              type="text"
              list="vote-subject-suggestions"
              value={draft.subject}
              onChange={(e) => setDraft({ subject: e.target.value })}
              placeholder={`Ví dụ: Thông qua nghị quyết ${monthLabel(month.year, month.month)}`}
              required
            />
            <datalist id="vote-subject-suggestions">
              <option value={`Thông qua nghị quyết ${monthLabel(month.year, month.month)}`} />
              <option value="Thông qua biên bản buổi sinh hoạt" />
              <option value="Đề nghị kết nạp quần chúng … vào Đảng" />
              <option value="Đề nghị công nhận đảng viên chính thức cho đồng chí …" />
            </datalist>
          </div>
          <div className="field">
            <label htmlFor="vote-item">Thuộc nội dung</label>
            <select id="vote-item" name="agendaItemId" value={draft.agendaItemId} onChange={(e) => setDraft({ agendaItemId: e.target.value })}>
              <option value="">(không gắn với nội dung cụ thể)</option>
              {data.items.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.title}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="choice-group">
            <legend>Loại biểu quyết</legend>
            {VOTE_KINDS.map((k) => (
              <label key={k} className="choice">
                <input
                  type="radio"
                  name="kind"
                  value={k}
                  checked={draft.kind === k}
                  onChange={() => setDraft({ kind: k, ...(draft.methodTouched ? {} : { method: defaultMethodFor(k) }) })}
                />
                <span>{VOTE_KIND_LABELS[k]}</span>
              </label>
            ))}
          </fieldset>
          <fieldset className="choice-group">
            <legend>Hình thức</legend>
            {VOTE_METHODS.map((m) => (
              <label key={m} className="choice">
                <input type="radio" name="method" value={m} checked={draft.method === m} onChange={() => setDraft({ method: m, methodTouched: true })} />
                <span>{VOTE_METHOD_LABELS[m]}</span>
              </label>
            ))}
          </fieldset>

          <div className="vote-rule" aria-live="polite">
            <p>
              <strong>Nguyên tắc:</strong> {describeRule(draft.kind)}
            </p>
            <p>
              <strong>Mẫu số:</strong> {describeDenominator(denominator)}. Có mặt {denominator.presentOfficial} đảng viên chính thức được biểu quyết
              {denominator.probationary > 0 ? `; đảng viên dự bị không biểu quyết` : ''}.
            </p>
            {data.summary.unconfirmed > 0 ? (
              <p className="text-warn">⚠ Còn {data.summary.unconfirmed} đồng chí chưa điểm danh: số có mặt có thể chưa đúng.</p>
            ) : null}
          </div>

          <div className="vote-counts">
            <div className="field">
              <label htmlFor="vote-for">Tán thành</label>
              <input id="vote-for" name="for" type="text" inputMode="numeric" pattern="[0-9]*" value={draft.for} onChange={(e) => setDraft({ for: e.target.value })} required />
            </div>
            <div className="field">
              <label htmlFor="vote-against">Không tán thành</label>
              <input id="vote-against" name="against" type="text" inputMode="numeric" pattern="[0-9]*" value={draft.against} onChange={(e) => setDraft({ against: e.target.value })} required />
            </div>
            {allowAbstain ? (
              <div className="field">
                <label htmlFor="vote-abstain">Không biểu quyết</label>
                <input id="vote-abstain" name="abstain" type="text" inputMode="numeric" pattern="[0-9]*" value={draft.abstain} onChange={(e) => setDraft({ abstain: e.target.value })} />
              </div>
            ) : null}
          </div>

          <div className={`vote-result vote-result--${!result ? 'none' : !result.ok ? 'error' : result.passed ? 'passed' : 'failed'}`} aria-live="polite" data-testid="vote-live">
            {!result ? (
              <p>Nhập số đồng chí tán thành và không tán thành: kết quả được tính ngay tại đây.</p>
            ) : !result.ok ? (
              <p>
                <span aria-hidden="true">✕ </span>
                {result.error}
              </p>
            ) : (
              <>
                <p className="vote-result__sentence">{result.sentence}</p>
                <p>
                  <strong>
                    {result.passed ? '✓' : '✕'} {result.outcome}
                  </strong>{' '}
                  — {result.threshold}.
                </p>
              </>
            )}
          </div>

          <fieldset className="stack">
            <legend>Ý kiến bảo lưu (nếu có)</legend>
            {draft.reserved.length === 0 ? <p className="muted small">Đồng chí có ý kiến khác được bảo lưu và báo cáo lên cấp trên, nhưng vẫn chấp hành nghị quyết.</p> : null}
            {draft.reserved.map((r, i) => (
              <div key={i} className="reserved-row">
                <div className="field">
                  <label htmlFor={`reserved-${i}-member`}>Đồng chí</label>
                  <select
                    id={`reserved-${i}-member`}
                    value={r.memberId}
                    onChange={(e) => setDraft({ reserved: draft.reserved.map((x, j) => (j === i ? { ...x, memberId: e.target.value } : x)) })}
                  >
                    <option value="">Người khác (nhập tên)</option>
                    {data.attendance
                      .filter((a) => a.status === 'present')
                      .map((a) => (
                        <option key={a.memberId} value={a.memberId}>
                          {a.name}
                        </option>
                      ))}
                  </select>
                </div>
                {!r.memberId ? (
                  <div className="field">
                    <label htmlFor={`reserved-${i}-name`}>Họ tên</label>
                    <input
                      id={`reserved-${i}-name`}
                      type="text"
                      value={r.name}
                      onChange={(e) => setDraft({ reserved: draft.reserved.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })}
                    />
                  </div>
                ) : null}
                <div className="field reserved-row__text">
                  <label htmlFor={`reserved-${i}-text`}>Nội dung ý kiến bảo lưu</label>
                  <textarea
                    id={`reserved-${i}-text`}
                    rows={2}
                    value={r.text}
                    onChange={(e) => setDraft({ reserved: draft.reserved.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)) })}
                  />
                </div>
                <button type="button" className="button button--small" onClick={() => setDraft({ reserved: draft.reserved.filter((_, j) => j !== i) })}>
                  Bỏ ý kiến này
                </button>
              </div>
            ))}
            <div>
              <button type="button" className="button button--small" onClick={() => setDraft({ reserved: [...draft.reserved, { memberId: '', name: '', text: '' }] })}>
                + Thêm ý kiến bảo lưu
              </button>
            </div>
            {/* Without JavaScript: two fixed rows. */}
            <noscript>
              {[0, 1].map((i) => (
                <div key={i} className="reserved-row">
                  <label htmlFor={`reserved-nojs-${i}-name`}>Đồng chí bảo lưu</label>
                  <input id={`reserved-nojs-${i}-name`} type="text" name={`reserved.${i}.name`} />
                  <label htmlFor={`reserved-nojs-${i}-text`}>Nội dung</label>
                  <textarea id={`reserved-nojs-${i}-text`} name={`reserved.${i}.text`} rows={2} />
                </div>
              ))}
            </noscript>
          </fieldset>

          <ActionError error={save.error} />
          <div className="row">
            <button type="submit" className="button button--primary button--big" disabled={save.busy}>
              {draft.voteId ? 'Lưu kết quả đã sửa' : 'Ghi kết quả biểu quyết'}
            </button>
            {draft.voteId || restored || draft.subject || draft.for ? (
              <button type="button" className="button" onClick={reset}>
                {draft.voteId ? 'Thôi sửa' : 'Xóa nội dung đang nhập'}
              </button>
            ) : null}
          </div>
        </RecordForm>
      ) : null}
    </div>
  )
}

// Autosave for one form of the record: every change is kept in localStorage at once, posted after a
// short pause (at once for toggles), retried with backoff while the connection is down, and shown
// ("Đã lưu lúc 14:32" / "Chưa lưu — đang thử lại…" / "Mất kết nối: …"). A reload restores what was
// not saved, with a notice. A 409 shows both texts — the one typed here and the one stored — and lets
// the minute-taker keep either; nothing typed is dropped silently.
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { formatTime } from '~/domain/vn-date'
import { draftKey, isAuthFailure, isNetworkFailure, postRecord, readDraft, removeDraft, useRecord, writeDraft, type SaveOk } from './context'
import { sameValues, type Values } from './form-values'

export type SaveState =
  | { kind: 'clean'; savedAt: string | null }
  | { kind: 'pending' }
  | { kind: 'waiting'; message: string }
  | { kind: 'saving' }
  | { kind: 'retrying'; attempt: number }
  | { kind: 'offline' }
  | { kind: 'auth' }
  | { kind: 'error'; message: string; field?: string; status: number }
  | { kind: 'conflict'; message: string; current: { values: Values; version: number } | null }

export type AutosaveOptions = {
  /** Unique on the page: "att:<memberId>", "speech:<id>"… (also the localStorage key). */
  key: string
  /** What the page-wide indicator lists when this form has a problem: "Điểm danh đ/c …". */
  label: string
  intent: string
  /** Fixed fields posted with every save (ids). */
  fields: Values
  /** The stored values and version (0 for records without a version). */
  server: { values: Values; version: number }
  debounceMs?: number
  /** A message when the values are not ready to be saved yet ("Nhập lý do vắng để lưu"). */
  validate?: (values: Values) => string | null
  onSaved?: (outcome: SaveOk) => void
  disabled?: boolean
}

const backoff = (attempt: number) => Math.min(60_000, 1000 * 2 ** attempt)

export function useAutosave(o: AutosaveOptions) {
  const { meetingId, syncUrl, registry, applyView } = useRecord()
  const storage = draftKey(meetingId, o.key)
  const [values, setValues] = useState<Values>(o.server.values)
  const [state, setStateRaw] = useState<SaveState>({ kind: 'clean', savedAt: null })
  const [restoredAt, setRestoredAt] = useState<string | null>(null)
  /** Bumped when the values are replaced from outside the field: uncontrolled editors remount with it. */
  const [revision, setRevision] = useState(0)

  const opts = useRef(o)
  opts.current = o
  const valuesRef = useRef(values)
  const versionRef = useRef(o.server.version)
  const baseRef = useRef(o.server.values)
  const stateRef = useRef(state)
  const timer = useRef<ReturnType<typeof setTimeout>>()
  const inflight = useRef(false)
  const attempt = useRef(0)

  const setState = (s: SaveState) => {
    stateRef.current = s
    setStateRaw(s)
  }
  const persist = () => writeDraft(storage, { values: valuesRef.current, version: versionRef.current, base: baseRef.current, at: new Date().toISOString() })
  const schedule = (ms: number) => {
    clearTimeout(timer.current)
    timer.current = setTimeout(() => void saveRef.current(), ms)
  }

  const saveRef = useRef(async () => {})
  saveRef.current = async () => {
    clearTimeout(timer.current)
    if (opts.current.disabled || inflight.current) return
    const sent = valuesRef.current
    const waiting = opts.current.validate?.(sent)
    if (waiting) {
      setState({ kind: 'waiting', message: waiting })
      return
    }
    inflight.current = true
    setState({ kind: 'saving' })
    const outcome = await postRecord(syncUrl, {
      intent: opts.current.intent,
      ...opts.current.fields,
      ...sent,
      version: String(versionRef.current),
      base: JSON.stringify(baseRef.current),
    })
    inflight.current = false
    if (outcome.ok) {
      attempt.current = 0
      if (typeof outcome.version === 'number') versionRef.current = outcome.version
      baseRef.current = outcome.values ?? sent
      if (outcome.view) applyView(outcome.view)
      if (valuesRef.current === sent) {
        removeDraft(storage)
        setState({ kind: 'clean', savedAt: outcome.savedAt })
      } else {
        persist()
        setState({ kind: 'pending' })
        schedule(opts.current.debounceMs ?? 1200)
      }
      opts.current.onSaved?.(outcome)
    } else if (isNetworkFailure(outcome)) {
      attempt.current += 1
      setState(attempt.current <= 2 && navigator.onLine !== false ? { kind: 'retrying', attempt: attempt.current } : { kind: 'offline' })
      schedule(backoff(attempt.current))
    } else if (isAuthFailure(outcome)) {
      setState({ kind: 'auth' })
      schedule(30_000)
    } else if (outcome.status === 409) {
      setState({ kind: 'conflict', message: outcome.error, current: outcome.current ?? null })
    } else {
      setState({ kind: 'error', message: outcome.error, field: outcome.field, status: outcome.status })
    }
  }

  /** Changes some values; saved after the pause, or at once. */
  const set = (patch: Values, how: { immediate?: boolean } = {}) => {
    const next = { ...valuesRef.current, ...patch }
    valuesRef.current = next
    setValues(next)
    if (opts.current.disabled) return
    persist()
    if (stateRef.current.kind !== 'conflict') setState({ kind: 'pending' })
    schedule(how.immediate ? 0 : (opts.current.debounceMs ?? 1200))
  }

  /** Keep mine: save over the stored version. Keep theirs: take the stored values. */
  const resolve = (choice: 'mine' | 'theirs') => {
    const s = stateRef.current
    if (s.kind !== 'conflict') return
    if (s.current) {
      versionRef.current = s.current.version
      baseRef.current = s.current.values
    }
    if (choice === 'mine') {
      void saveRef.current()
      return
    }
    const next = s.current?.values ?? opts.current.server.values
    valuesRef.current = next
    setValues(next)
    removeDraft(storage)
    setRevision((r) => r + 1)
    setState({ kind: 'clean', savedAt: null })
  }

  /** Drops what was typed here (e.g. the record was deleted meanwhile). */
  const discard = () => {
    valuesRef.current = opts.current.server.values
    versionRef.current = opts.current.server.version
    baseRef.current = opts.current.server.values
    setValues(opts.current.server.values)
    removeDraft(storage)
    setRevision((r) => r + 1)
    setState({ kind: 'clean', savedAt: null })
  }

  // Restore what was typed on this device and never saved.
  useEffect(() => {
    if (opts.current.disabled) return
    const draft = readDraft(storage)
    if (!draft) return
    if (sameValues(draft.values, opts.current.server.values)) {
      removeDraft(storage)
      return
    }
    valuesRef.current = draft.values
    versionRef.current = draft.version
    baseRef.current = draft.base
    setValues(draft.values)
    setRestoredAt(draft.at)
    setRevision((r) => r + 1)
    setState({ kind: 'pending' })
    schedule(400)
  }, [storage])

  // A fresher stored version arrived (someone else saved): take it when nothing is pending here.
  const serverJson = JSON.stringify(o.server.values)
  useEffect(() => {
    if (stateRef.current.kind !== 'clean' || inflight.current) return
    if (o.server.version <= versionRef.current) return
    versionRef.current = o.server.version
    if (sameValues(o.server.values, baseRef.current)) return
    baseRef.current = o.server.values
    valuesRef.current = o.server.values
    setValues(o.server.values)
    setRevision((r) => r + 1)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [o.server.version, serverJson])

  // The page-wide indicator, and retrying as soon as the connection is back.
  useEffect(() => {
    registry.set(o.key, state.kind === 'clean' ? null : { kind: state.kind, label: opts.current.label }, state.kind === 'clean' ? state.savedAt : null)
  }, [registry, o.key, state])
  useEffect(() => {
    const key = o.key
    const retry = () => {
      if (['retrying', 'offline', 'auth'].includes(stateRef.current.kind)) void saveRef.current()
    }
    window.addEventListener('online', retry)
    window.addEventListener('focus', retry)
    return () => {
      window.removeEventListener('online', retry)
      window.removeEventListener('focus', retry)
      clearTimeout(timer.current)
      registry.set(key, null)
    }
  }, [registry, o.key])

  return {
    values,
    set,
    state,
    saveNow: () => void saveRef.current(),
    resolve,
    discard,
    revision,
    restoredAt,
    dismissRestored: () => setRestoredAt(null),
  }
}
export type Autosave = ReturnType<typeof useAutosave>

// ---------------------------------------------------------------------------------------------
// What the minute-taker sees

function statusText(state: SaveState): { text: string; tone: 'ok' | 'busy' | 'warn' | 'error' | 'muted' } | null {
  switch (state.kind) {
    case 'clean':
      return state.savedAt ? { text: `Đã lưu lúc ${formatTime(state.savedAt)}`, tone: 'ok' } : null
    case 'pending':
      return { text: 'Chưa lưu — sẽ tự lưu sau giây lát', tone: 'busy' }
    case 'waiting':
      return { text: state.message, tone: 'muted' }
    case 'saving':
      return { text: 'Đang lưu…', tone: 'busy' }
    case 'retrying':
      return { text: 'Chưa lưu — đang thử lại…', tone: 'warn' }
    case 'offline':
      return { text: 'Mất kết nối: nội dung vẫn được giữ trên máy này. Sẽ tự lưu khi có kết nối.', tone: 'warn' }
    case 'auth':
      return {
        text: 'Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại ở thẻ khác rồi quay lại; nội dung vẫn được giữ trên máy này.',
        tone: 'error',
      }
    case 'error':
      return { text: `Chưa lưu được: ${state.message}`, tone: 'error' }
    case 'conflict':
      return null
  }
}

const ICONS = { ok: '✓', busy: '●', warn: '⚠', error: '✕', muted: 'ℹ' } as const

/** The save state line, the restored-draft notice and the conflict panel of one form. */
export function SaveFeedback({ save, describe, label }: { save: Autosave; describe: (values: Values) => ReactNode; label?: string }) {
  const status = statusText(save.state)
  return (
    <>
      {save.restoredAt ? (
        <div className="save-restored" role="status">
          <p>
            Đã khôi phục nội dung chưa lưu trên máy này (nhập lúc {formatTime(save.restoredAt)}
            {label ? `, ${label}` : ''}).
          </p>
          <button type="button" className="button button--small" onClick={save.dismissRestored}>
            Đã hiểu
          </button>
        </div>
      ) : null}
      <p className={`save-status save-status--${status?.tone ?? 'none'}`} role="status" aria-live="polite">
        {status ? (
          <>
            <span aria-hidden="true">{ICONS[status.tone]} </span>
            {status.text}
          </>
        ) : null}
        {save.state.kind === 'error' || save.state.kind === 'auth' || save.state.kind === 'offline' || save.state.kind === 'retrying' ? (
          <>
            {' '}
            <button type="button" className="link-button save-status__action" onClick={save.saveNow}>
              Thử lưu lại
            </button>
          </>
        ) : null}
        {save.state.kind === 'error' && save.state.status === 404 ? (
          <>
            {' '}
            <button type="button" className="link-button save-status__action" onClick={save.discard}>
              Bỏ nội dung này
            </button>
          </>
        ) : null}
      </p>
      {save.state.kind === 'conflict' ? (
        <div className="conflict" role="alert">
          <p>
            <strong>Đồng chí khác vừa sửa mục này.</strong> {save.state.message.replace(/^Đồng chí khác vừa sửa mục này[^.]*\.\s*/, '')}
          </p>
          <div className="conflict__versions">
            <div className="conflict__version">
              <h4>Bản đồng chí vừa nhập (chưa lưu)</h4>
              <div>{describe(save.values)}</div>
            </div>
            <div className="conflict__version">
              <h4>Bản đang được lưu</h4>
              <div>{save.state.current ? describe(save.state.current.values) : 'Không đọc được bản đang lưu; hãy tải lại trang.'}</div>
            </div>
          </div>
          <div className="row">
            <button type="button" className="button button--primary" onClick={() => save.resolve('mine')}>
              Lưu bản của tôi
            </button>
            <button type="button" className="button" onClick={() => save.resolve('theirs')}>
              Dùng bản đang lưu
            </button>
          </div>
        </div>
      ) : null}
    </>
  )
}

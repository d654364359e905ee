// The minute-taker's focused mode (UX.md "Minute-taker (during the meeting)"): before the start, appoint
// the chair and the minute-taker; then one step at a time — general information, attendance, guests,
// each agenda item, votes, tasks, quality score, end. Made for a 10-inch tablet (768–1280 px, landscape
// and portrait) and usable at 360 px.
//
// Every form posts to the sync endpoint (meetings.$meetingId.record.sync.ts): without JavaScript as a
// normal form that redirects back here; with it, in place, autosaved, with the record replaced by the
// endpoint's answers. The page never asks Remix to revalidate, so a dropped connection cannot throw it
// away: what was typed stays on screen and in localStorage until it is saved.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { AttendanceStep, AttendanceSummary } from '~/components/record/attendance-step'
import { fetchRecord, RecordProvider, SaveRegistry, useHydrated, useSaveOverview, type RecordData } from '~/components/record/context'
import { ItemStep } from '~/components/record/item-step'
import { QualityStep } from '~/components/record/quality-step'
import { StartForm } from '~/components/record/start-form'
import { EndStep, GuestsStep, InfoStep, TasksStep } from '~/components/record/steps'
import { VoteStep } from '~/components/record/vote-step'
import { AGENDA_SECTION_LABELS, type AgendaSection } from '~/domain/constants'
import { formatTime } from '~/domain/vn-date'
import { requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { meetingRecord } from '~/models/quality.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Ghi biên bản — ${data?.record.meeting.title ?? 'Buổi sinh hoạt'} — Sổ chi bộ` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  let record
  try {
    record = meetingRecord(getDb(), actor, params.meetingId!)
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: error.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
    throw error
  }
  return { record, step: new URL(request.url).searchParams.get('step'), memberId: actor.memberId }
}

type StepDef = { key: string; label: string; section?: AgendaSection; count?: number }

function stepsOf(data: RecordData): StepDef[] {
  const started = data.meeting.startedAt !== null && data.meeting.status !== 'planned' && data.meeting.status !== 'prepared'
  if (!started) return [{ key: 'start', label: 'Bắt đầu' }]
  return [
    { key: 'info', label: 'Chủ trì, thư ký' },
    { key: 'attendance', label: 'Điểm danh' },
    { key: 'guests', label: 'Khách mời', count: data.guests.length },
    ...data.items.map((i) => ({ key: `item-${i.id}`, label: i.title, section: i.section, count: i.speeches.length })),
    { key: 'votes', label: 'Biểu quyết', count: data.votes.length },
    { key: 'tasks', label: 'Nhiệm vụ', count: data.tasks.length },
    { key: 'quality', label: 'Chấm điểm' },
    { key: 'end', label: 'Kết thúc' },
  ]
}

function validStep(steps: StepDef[], wanted: string | null): string {
  if (wanted && steps.some((s) => s.key === wanted)) return wanted
  return steps.some((s) => s.key === 'attendance') ? 'attendance' : steps[0].key
}

export default function RecordPage() {
  const loaded = useLoaderData<typeof loader>()
  const hydrated = useHydrated()
  const [data, setData] = useState<RecordData>(loaded.record)
  useEffect(() => setData(loaded.record), [loaded.record])
  const [registry] = useState(() => new SaveRegistry())
  const overview = useSaveOverview(registry)
  const steps = useMemo(() => stepsOf(data), [data])
  const [wanted, setWanted] = useState<string | null>(loaded.step)
  const step = validStep(steps, wanted)
  const [focusSpeechId, setFocusSpeechId] = useState<string | null>(null)
  const meetingId = data.meeting.id
  const syncUrl = `/meetings/${meetingId}/record/sync`

  const goTo = useCallback((key: string) => {
    setWanted(key)
    const url = new URL(window.location.href)
    url.searchParams.set('step', key)
    // Not a Remix navigation: the record stays as it is (no loader call that a dropped connection could break).
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}`)
    requestAnimationFrame(() => {
      const heading = document.getElementById('step-title')
      heading?.focus({ preventScroll: true })
      heading?.scrollIntoView({ block: 'start' })
    })
  }, [])

  // Someone else may be recording too (the chair reading along): refresh every 20 s while visible.
  useEffect(() => {
    const timer = setInterval(async () => {
      if (document.visibilityState !== 'visible' || !navigator.onLine) return
      const fresh = await fetchRecord(syncUrl)
      if (fresh) setData(fresh)
    }, 20_000)
    return () => clearInterval(timer)
  }, [syncUrl])

  // Leaving with unsaved changes: the browser asks first (they are in localStorage anyway).
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (registry.getSnapshot().unsaved === 0) return
      event.preventDefault()
      event.returnValue = ''
    }
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [registry])

  const index = steps.findIndex((s) => s.key === step)
  const current = steps[index]
  const prev = steps[index - 1]
  const next = steps[index + 1]
  const item = current.key.startsWith('item-') ? data.items.find((i) => `item-${i.id}` === current.key) : undefined

  return (
    <RecordProvider
      value={{ data, meetingId, syncUrl, hydrated, step, goTo, applyView: setData, registry, focusSpeechId, setFocusSpeechId }}
    >
      <div className="record">
        <header className="record__head">
          <p className="breadcrumb">
            <Link to={`/meetings/${meetingId}`}>← {data.meeting.title}</Link>
          </p>
          <div className="record__title">
            <h1>Ghi biên bản</h1>
            <span className="badge badge--info">{data.meeting.statusLabel}</span>
          </div>
          <p className="muted record__sub">
            {data.meeting.cellName}
            {data.meeting.startedAt ? ` · bắt đầu ${formatTime(data.meeting.startedAt)}` : ''}
            {data.meeting.chairName ? ` · chủ trì: đ/c ${data.meeting.chairName}` : ''}
            {data.meeting.secretaryName ? ` · thư ký: đ/c ${data.meeting.secretaryName}` : ''}
          </p>
        </header>
        <div className="record__bar">
          {steps.length > 1 ? <AttendanceSummary data={data} compact /> : null}
          <SaveIndicator overview={overview} hydrated={hydrated} />
        </div>
        {data.access.lockedReason && data.meeting.startedAt ? (
          <div className="alert alert--warning" role="note">
            <p>{data.access.lockedReason}</p>
          </div>
        ) : null}
        {!data.access.canRecord ? (
          <div className="alert alert--info" role="note">
            <p>Đồng chí đang xem biên bản (chỉ đọc). Thư ký và chi ủy ghi biên bản tại trang này.</p>
          </div>
        ) : null}

        {current.key === 'start' ? (
          <StartForm currentMemberId={loaded.memberId} onStarted={() => goTo('attendance')} />
        ) : (
          <div className="record__layout">
            <StepNav steps={steps} current={step} goTo={goTo} />
            <section className="record__panel" aria-labelledby="step-title">
              <h2 id="step-title" tabIndex={-1} className="record__step-title">
                {item ? item.title : current.label}
              </h2>
              {current.key === 'info' ? <InfoStep /> : null}
              {current.key === 'attendance' ? <AttendanceStep /> : null}
              {current.key === 'guests' ? <GuestsStep /> : null}
              {item ? <ItemStep key={item.id} item={item} /> : null}
              {current.key === 'votes' ? <VoteStep /> : null}
              {current.key === 'tasks' ? <TasksStep /> : null}
              {current.key === 'quality' ? <QualityStep /> : null}
              {current.key === 'end' ? <EndStep /> : null}
              <nav className="record__pager" aria-label="Chuyển bước">
                {prev ? (
                  <a
                    className="button"
                    href={`?step=${prev.key}`}
                    onClick={(e) => {
                      e.preventDefault()
                      goTo(prev.key)
                    }}
                  >
                    ‹ <span className="record__pager-label">{prev.label}</span>
                  </a>
                ) : (
                  <span />
                )}
                {next ? (
                  <a
                    className="button button--primary"
                    href={`?step=${next.key}`}
                    onClick={(e) => {
                      e.preventDefault()
                      goTo(next.key)
                    }}
                  >
                    <span className="record__pager-label">Tiếp: {next.label}</span> ›
                  </a>
                ) : null}
              </nav>
            </section>
          </div>
        )}
      </div>
    </RecordProvider>
  )
}

function StepNav({ steps, current, goTo }: { steps: StepDef[]; current: string; goTo: (key: string) => void }) {
  const ref = useRef<HTMLElement>(null)
  // As a horizontal strip (narrow screens), keep the current step in view without scrolling the page.
  useEffect(() => {
    const strip = ref.current
    const el = strip?.querySelector<HTMLElement>('[aria-current="step"]')
    if (!strip || !el || strip.scrollWidth <= strip.clientWidth) return
    const box = strip.getBoundingClientRect()
    const at = el.getBoundingClientRect()
    strip.scrollTo({ left: strip.scrollLeft + at.left - box.left - strip.clientWidth / 2 + at.width / 2 })
  }, [current])
  let lastSection: AgendaSection | undefined
  return (
    <nav className="record__steps" aria-label="Các bước ghi biên bản" ref={ref}>
      <ol>
        {steps.map((s) => {
          const heading = s.section && s.section !== lastSection ? AGENDA_SECTION_LABELS[s.section] : null
          lastSection = s.section ?? lastSection
          return (
            <li key={s.key} className={s.section ? 'record__step record__step--item' : 'record__step'}>
              {heading ? <span className="record__step-section">{heading}</span> : null}
              <a
                href={`?step=${s.key}`}
                aria-current={s.key === current ? 'step' : undefined}
                aria-label={s.count ? `${s.label} (${s.count})` : undefined}
                onClick={(e) => {
                  e.preventDefault()
                  goTo(s.key)
                }}
              >
                <span className="record__step-label">{s.label}</span>
                {s.count ? (
                  <span className="record__step-count" aria-hidden="true">
                    {s.count}
                  </span>
                ) : null}
              </a>
            </li>
          )
        })}
      </ol>
    </nav>
  )
}

function SaveIndicator({ overview, hydrated }: { overview: ReturnType<typeof useSaveOverview>; hydrated: boolean }) {
  if (!hydrated) return <span className="save-overview muted">Chưa tải xong trang: các mục được lưu khi bấm “Lưu”.</span>
  const blocking = overview.problems.filter((p) => p.kind === 'error' || p.kind === 'conflict' || p.kind === 'auth')
  let tone = 'ok'
  let text = overview.lastSavedAt ? `Mọi thay đổi đã được lưu (lúc ${formatTime(overview.lastSavedAt)})` : 'Mọi thay đổi đã được lưu'
  if (blocking.length > 0) {
    tone = 'error'
    text = `${blocking.length} mục chưa lưu được: ${blocking.map((p) => p.label).join('; ')}`
  } else if (overview.offline) {
    tone = 'warn'
    text = `Mất kết nối: ${overview.unsaved} mục chưa lưu, vẫn được giữ trên máy này`
  } else if (overview.unsaved > 0) {
    tone = 'busy'
    text = `Đang lưu ${overview.unsaved} mục…`
  }
  return (
    <span className={`save-overview save-overview--${tone}`} role="status" aria-live="polite">
      <span aria-hidden="true">{tone === 'ok' ? '✓ ' : tone === 'busy' ? '● ' : '⚠ '}</span>
      {text}
    </span>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { lazyPanel } from '~/components/lazy-panel'
import { MonthCalendar, PlanTable, PlanWarnings, ROMAN_QUARTERS, YearStrip } from '~/components/year-plan'
import { MEMBER_POSITION_LABELS } from '~/domain/constants'
import { ThematicSchema, parseWithZod } from '~/domain/forms.server'
import { quarterOf } from '~/domain/schedule'
import { formatUiDateShort } from '~/domain/vn-date'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { cellMemberOptions } from '~/models/meetings.server'
import { PLAN_YEAR_MAX, PLAN_YEAR_MIN, generateYearPlan, planThematic, planToday, yearPlanView } from '~/models/planning.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Kế hoạch sinh hoạt năm ${data.year} — ${data.cell.name} — Sổ chi bộ` : 'Kế hoạch sinh hoạt — Sổ chi bộ' },
]

function intParam(value: string | null, min: number, max: number): number | null {
  if (!value || !/^\d+$/.test(value)) return null
  const n = Number(value)
  return n >= min && n <= max ? n : null
}

/** Model errors in a loader: 404/403 pages, never the data. */
function orErrorPage<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: error.status })
    throw error
  }
}

// The planning form is the secretary's; members reading the plan never download its code (conform, zod).
const ThematicForm = lazyPanel(() => import('~/components/thematic-form'))

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const url = new URL(request.url)
  const today = planToday()
  const thisYear = Number(today.slice(0, 4))
  const year = intParam(url.searchParams.get('year'), PLAN_YEAR_MIN, PLAN_YEAR_MAX) ?? thisYear
  const view = url.searchParams.get('view') === 'calendar' ? 'calendar' : 'list'
  const month = intParam(url.searchParams.get('month'), 1, 12) ?? (year === thisYear ? Number(today.slice(5, 7)) : 1)
  const quarter = intParam(url.searchParams.get('quarter'), 1, 4)
  const db = getDb()
  const plan = orErrorPage(() => yearPlanView(db, actor, params.orgId!, year, today))
  const { path: _path, ...cell } = plan.cell
  // Warnings are the preparers' and inspectors' business; members see the plan itself.
  const seeWarnings = plan.may.seeWarnings
  return {
    ...plan,
    warnings: seeWarnings ? plan.warnings : [],
    months: seeWarnings ? plan.months : plan.months.map((m) => ({ ...m, warnings: [] })),
    cell,
    view,
    month,
    quarter,
    memberOptions: plan.may.plan
      ? cellMemberOptions(db, plan.cell.id).map((m) => ({
          value: m.id,
          label: m.position === 'member' ? m.fullName : `${m.fullName} (${MEMBER_POSITION_LABELS[m.position]})`,
        }))
      : [],
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const formData = await request.formData()
  const intent = formData.get('intent')
  const orgId = params.orgId!
  const db = getDb()

  if (intent === 'generate') {
    const year = intParam(String(formData.get('year') ?? ''), PLAN_YEAR_MIN, PLAN_YEAR_MAX)
    if (!year) return data({ intent: 'generate' as const, error: 'Năm kế hoạch không hợp lệ.' }, { status: 400 })
    try {
      const { created } = generateYearPlan(db, ctx, orgId, year)
      return redirectWithToast(
        `/orgs/${orgId}/plan?year=${year}`,
        created > 0
          ? {
              title: `Đã tạo ${created} buổi sinh hoạt thường kỳ năm ${year}`,
              description: 'Theo quy định ngày họp của chi bộ. Tiếp theo: lên kế hoạch chuyên đề cho từng quý.',
            }
          : { title: 'Không có buổi nào cần tạo thêm', description: `Tháng nào của năm ${year} cũng đã có buổi sinh hoạt thường kỳ.`, type: 'info' },
      )
    } catch (error) {
      if (error instanceof AppError && error.status !== 404) return data({ intent: 'generate' as const, error: error.message }, { status: error.status })
      if (error instanceof AppError) throw new Response(error.message, { status: 404 })
      throw error
    }
  }

  if (intent === 'thematic') {
    const submission = parseWithZod(formData, { schema: ThematicSchema })
    if (submission.status !== 'success') return data({ intent: 'thematic' as const, result: submission.reply() }, { status: 400 })
    const v = submission.value
    try {
      const meeting = planThematic(db, ctx, orgId, {
        year: v.year,
        month: v.month,
        date: v.date ?? null,
        time: v.time ?? null,
        topic: v.topic,
        drafterMemberId: v.drafterMemberId ?? null,
        plannedMinutes: v.plannedMinutes ?? null,
        combined: v.combined ?? false,
      })
      return redirectWithToast(`/orgs/${orgId}/plan?year=${v.year}#quarter-${quarterOf(v.month)}`, {
        title: `Đã lên kế hoạch chuyên đề quý ${ROMAN_QUARTERS[quarterOf(v.month)]}/${v.year}`,
        description: `"${meeting.topic}" — ngày ${formatUiDateShort(meeting.startsAt)}${meeting.type === 'combined' ? ', kết hợp trong buổi sinh hoạt thường kỳ' : ''}.`,
      })
    } catch (error) {
      if (error instanceof AppError && error.status !== 404) {
        const reply = submission.reply(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] })
        return data({ intent: 'thematic' as const, result: reply }, { status: error.status })
      }
      if (error instanceof AppError) throw new Response(error.message, { status: 404 })
      throw error
    }
  }

  return data({ intent: 'unknown' as const, error: 'Thao tác không hợp lệ.' }, { status: 400 })
}

export default function YearPlanPage() {
  const plan = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { cell, year, settings, view, month } = plan
  const base = `/orgs/${cell.id}/plan`
  const href = (q: Record<string, string | number>) => `${base}?${new URLSearchParams(Object.entries({ year, ...q }).map(([k, val]) => [k, String(val)]))}`
  const generateError = actionData && actionData.intent === 'generate' ? actionData.error : null

  const generateButton =
    plan.may.plan && plan.monthsToGenerate.length > 0 ? (
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="generate" />
        <input type="hidden" name="year" value={year} />
        <button type="submit" className="button button--primary">
          Tạo kế hoạch năm {year}
        </button>
      </Form>
    ) : null

  return (
    <div className="stack year-plan">
      <p className="breadcrumb">
        <Link to={`/orgs/${cell.id}`}>{cell.name}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>Kế hoạch sinh hoạt năm {year}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {cell.name} · Sinh hoạt thường kỳ {plan.dayRuleText}, {settings.defaultMeetingTime}
            {settings.defaultMeetingPlace ? ` tại ${settings.defaultMeetingPlace}` : ''} · Tháng chuyên đề: {settings.thematicMonths.join(', ') || 'chưa quy định'}
          </p>
        </div>
        <nav className="row year-switch" aria-label="Chọn năm">
          <Link className="button button--small" to={href({ year: year - 1, view })} rel="prev">
            <span aria-hidden="true">‹ </span>Năm {year - 1}
          </Link>
          <Link className="button button--small" to={href({ year: year + 1, view })} rel="next">
            Năm {year + 1}
            <span aria-hidden="true"> ›</span>
          </Link>
        </nav>
      </div>

      {plan.may.plan ? (
        <div className="row no-print plan-actions" id="plan-actions">
          {generateButton}
          {plan.monthsToGenerate.length > 0 && plan.monthsToGenerate.length < 12 ? (
            <span className="muted small">Sẽ tạo buổi thường kỳ cho tháng {plan.monthsToGenerate.join(', ')}.</span>
          ) : null}
          <a className="button" href="#thematic-form">
            Lên kế hoạch chuyên đề
          </a>
          <Link className="button" to={`/orgs/${cell.id}/meetings/new?year=${year}`}>
            Thêm buổi sinh hoạt
          </Link>
        </div>
      ) : null}
      {generateError ? (
        <div className="alert alert--error" role="alert">
          <p>{generateError}</p>
        </div>
      ) : null}

      {plan.may.seeWarnings ? <PlanWarnings warnings={plan.warnings} orgId={cell.id} year={year} canFix={plan.may.plan} /> : null}

      <section aria-labelledby="strip-title">
        <h2 id="strip-title" className="sr-only">
          Mười hai tháng
        </h2>
        <YearStrip
          year={year}
          months={plan.months}
          today={plan.today}
          monthHref={(m) => href({ view: 'calendar', month: m })}
          selectedMonth={view === 'calendar' ? month : undefined}
        />
        <p className="muted small plan-legend">
          <span aria-hidden="true">●</span> buổi thường kỳ · <span aria-hidden="true">★</span> chuyên đề · <span aria-hidden="true">⚠</span> thiếu hoặc cần xử lý ·{' '}
          <span aria-hidden="true">✕</span> đã hủy · <span aria-hidden="true">+</span> buổi khác
        </p>
      </section>

      <section aria-labelledby="meetings-title">
        <div className="spread">
          <h2 id="meetings-title">{view === 'calendar' ? `Lịch tháng ${month}/${year}` : `Các buổi sinh hoạt năm ${year}`}</h2>
          <nav className="row view-switch" aria-label="Cách xem">
            <Link className={`button button--small${view === 'list' ? ' is-current' : ''}`} to={href({ view: 'list' })} aria-current={view === 'list' ? 'page' : undefined}>
              Danh sách
            </Link>
            <Link
              className={`button button--small${view === 'calendar' ? ' is-current' : ''}`}
              to={href({ view: 'calendar', month })}
              aria-current={view === 'calendar' ? 'page' : undefined}
            >
              Lịch tháng
            </Link>
          </nav>
        </div>
        {view === 'calendar' ? (
          <>
            <nav className="row month-switch" aria-label="Chọn tháng">
              {month > 1 ? (
                <Link className="button button--small" to={href({ view: 'calendar', month: month - 1 })}>
                  <span aria-hidden="true">‹ </span>Tháng {month - 1}
                </Link>
              ) : (
                <Link className="button button--small" to={`${base}?year=${year - 1}&view=calendar&month=12`}>
                  <span aria-hidden="true">‹ </span>Tháng 12/{year - 1}
                </Link>
              )}
              {month < 12 ? (
                <Link className="button button--small" to={href({ view: 'calendar', month: month + 1 })}>
                  Tháng {month + 1}
                  <span aria-hidden="true"> ›</span>
                </Link>
              ) : (
                <Link className="button button--small" to={`${base}?year=${year + 1}&view=calendar&month=1`}>
                  Tháng 1/{year + 1}
                  <span aria-hidden="true"> ›</span>
                </Link>
              )}
            </nav>
            <MonthCalendar year={year} month={month} meetings={plan.meetings} today={plan.today} />
          </>
        ) : (
          <PlanTable meetings={plan.meetings} year={year} canPlan={plan.may.plan} />
        )}
      </section>

      <section aria-labelledby="thematic-title" className="card">
        <h2 id="thematic-title">Sinh hoạt chuyên đề theo quý</h2>
        <ul className="thematic-slots">
          {plan.slots.map((s) => (
            <li key={s.quarter} id={`quarter-${s.quarter}`} className={`thematic-slot${s.planned.length ? ' thematic-slot--ok' : ' thematic-slot--missing'}`}>
              <h3 className="thematic-slot__title">
                Quý {ROMAN_QUARTERS[s.quarter]}
                <span className="muted small"> · gợi ý tháng {s.month}</span>
              </h3>
              {s.planned.length ? (
                <ul className="thematic-slot__list">
                  {s.planned.map((m) => (
                    <li key={m.id}>
                      <span aria-hidden="true">★ </span>
                      <Link to={`/meetings/${m.id}`}>{m.topic}</Link>
                      <div className="small muted">
                        {formatUiDateShort(m.date)}, {m.time}
                        {m.type === 'combined' ? ' · kết hợp trong buổi thường kỳ' : ''} ·{' '}
                        {m.drafterName ? `Dự thảo: đ/c ${m.drafterName}` : 'Chưa phân công người dự thảo'}
                      </div>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="thematic-slot__missing">
                  <span aria-hidden="true">⚠ </span>Chưa có chủ đề
                  {plan.may.plan ? (
                    <>
                      {' · '}
                      <Link to={`${href({ quarter: s.quarter })}#thematic-form`}>Lên kế hoạch chuyên đề quý {ROMAN_QUARTERS[s.quarter]}</Link>
                    </>
                  ) : null}
                </p>
              )}
            </li>
          ))}
        </ul>
        {plan.may.plan ? (
          <ThematicForm
            key={`${year}-${plan.quarter ?? ''}-${plan.meetings.length}-${plan.meetings.reduce((n, m) => n + m.version, 0)}`}
            year={plan.year}
            month={(plan.slots.find((s) => s.quarter === plan.quarter) ?? plan.slots.find((s) => s.planned.length === 0) ?? plan.slots[0]).month}
            thematicMonths={plan.settings.thematicMonths}
            memberOptions={plan.memberOptions}
            minRegularMinutes={plan.settings.minRegularMinutes}
            minCombinedMinutes={plan.settings.minCombinedMinutes}
            lastResult={actionData && actionData.intent === 'thematic' ? actionData.result : undefined}
          />
        ) : null}
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

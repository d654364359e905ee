// The monthly meeting quality rubric of an organisation (DOMAIN §9): criteria with their maximum points
// and the thresholds of Tốt / Khá / Trung bình. Upper bodies set it for everything below them; an
// organisation may keep the inherited one or set its own (stored in settings.rubric). Scored meetings
// keep the rubric they were scored with. Needs 'org:manage' (admins of the organisation or above).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { DEFAULT_RUBRIC, QUALITY_LEVEL_LABELS, rubricTotal, validateRubric, type Rubric } from '~/domain/quality'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { getOrganization, getOrganizationById, updateOrganization } from '~/models/organizations.server'
import { effectiveRubric, rubricSources } from '~/models/quality.server'
import { getDb } from '~/utils/db.server'
import { foldVietnamese } from '~/utils/text'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Thang điểm chất lượng sinh hoạt — ${data?.org.name ?? ''} — Sổ chi bộ` }]

const MAX_CRITERIA = 20

function orResponse<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: error.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
    throw error
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const org = orResponse(() => getOrganization(db, actor, params.orgId!, 'org:manage'))
  const parent = org.parentId ? getOrganizationById(db, org.parentId) : undefined
  const inherited = parent ? effectiveRubric(db, parent) : DEFAULT_RUBRIC
  const sources = parent ? rubricSources(db, parent) : { criteria: null, thresholds: null }
  return {
    org: { id: org.id, name: org.name, version: org.version },
    own: org.settings.rubric ?? null,
    inherited,
    inheritedFrom: sources.criteria?.name ?? sources.thresholds?.name ?? null,
  }
}

type Row = { key: string; label: string; maxPoints: string }
type Values = { mode: 'inherit' | 'own'; rows: Row[]; good: string; fair: string; average: string }

const num = (v: string) => Number(v.trim().replace(',', '.'))

function keyFor(label: string, taken: Set<string>): string {
  const base = foldVietnamese(label).replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 40) || 'tieu_chi'
  let key = base
  for (let i = 2; taken.has(key); i++) key = `${base}_${i}`
  taken.add(key)
  return key
}

function readForm(form: FormData): Values {
  const rows: Row[] = []
  for (let i = 0; i < MAX_CRITERIA; i++) {
    const label = String(form.get(`criteria.${i}.label`) ?? '').trim()
    const maxPoints = String(form.get(`criteria.${i}.maxPoints`) ?? '').trim()
    const key = String(form.get(`criteria.${i}.key`) ?? '').trim()
    if (!label && !maxPoints) continue
    rows.push({ key, label, maxPoints })
  }
  return {
    mode: form.get('mode') === 'own' ? 'own' : 'inherit',
    rows,
    good: String(form.get('good') ?? ''),
    fair: String(form.get('fair') ?? ''),
    average: String(form.get('average') ?? ''),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const db = getDb()
  const form = await request.formData()
  const values = readForm(form)
  const org = orResponse(() => getOrganization(db, ctx.actor, params.orgId!, 'org:manage'))
  const version = Number(form.get('version'))
  const { rubric: _previous, ...otherSettings } = org.settings
  let rubric: Rubric | null = null
  if (values.mode === 'own') {
    const taken = new Set(values.rows.map((r) => r.key).filter(Boolean))
    rubric = {
      criteria: values.rows.map((r) => ({ key: r.key || keyFor(r.label, taken), label: r.label, maxPoints: num(r.maxPoints) })),
      thresholds: { good: num(values.good), fair: num(values.fair), average: num(values.average) },
    }
    const check = validateRubric(rubric)
    if (!check.ok) return data({ errors: check.errors, values }, { status: 400 })
  }
  try {
    updateOrganization(db, ctx, org.id, {
      name: org.name,
      shortName: org.shortName,
      placeName: org.placeName,
      settings: rubric ? { ...otherSettings, rubric } : otherSettings,
      version,
    })
  } catch (error) {
    if (error instanceof AppError && error.status !== 404) return data({ errors: [error.message], values }, { status: error.status })
    throw error
  }
  return redirectWithToast(`/orgs/${org.id}/rubric`, {
    title: rubric ? 'Đã lưu thang điểm chất lượng sinh hoạt' : 'Đã chuyển sang dùng thang điểm của cấp trên',
    description: 'Các buổi sinh hoạt đã chấm điểm giữ nguyên thang điểm lúc chấm.',
  })
}

function fmt(n: number) {
  return String(n).replace('.', ',')
}

function RubricTable({ rubric }: { rubric: Rubric }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="sr-only">Tiêu chí và điểm tối đa</caption>
        <thead>
          <tr>
            <th scope="col">Tiêu chí</th>
            <th scope="col" className="num">
              Điểm tối đa
            </th>
          </tr>
        </thead>
        <tbody>
          {rubric.criteria.map((c) => (
            <tr key={c.key}>
              <td>{c.label}</td>
              <td className="num">{fmt(c.maxPoints)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Tổng</th>
            <td className="num">
              <strong>{fmt(rubricTotal(rubric))}</strong>
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  )
}

export default function RubricPage() {
  const { org, own, inherited, inheritedFrom } = useLoaderData<typeof loader>()
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to={`/orgs/${org.id}`}>{org.name}</Link>
      </p>
      <h1>Thang điểm chất lượng sinh hoạt chi bộ</h1>
      <p className="muted">
        Chi bộ tự chấm điểm mỗi buổi sinh hoạt theo thang điểm này; đại biểu cấp trên dự họp xác nhận. Thang điểm đặt ở cấp trên áp dụng cho mọi tổ chức trực thuộc,
        trừ nơi đặt thang điểm riêng.
      </p>

      <section className="card" aria-labelledby="inherited-title">
        <h2 id="inherited-title">Thang điểm của cấp trên{inheritedFrom ? ` (${inheritedFrom})` : ' (mặc định)'}</h2>
        <RubricTable rubric={inherited} />
        <p>
          Tốt từ {fmt(inherited.thresholds.good)} điểm · Khá từ {fmt(inherited.thresholds.fair)} · Trung bình từ {fmt(inherited.thresholds.average)} · dưới{' '}
          {fmt(inherited.thresholds.average)} là {QUALITY_LEVEL_LABELS.poor}
        </p>
      </section>
      {/* Keyed by the version: after a save the form starts again from what is stored. */}
      <RubricForm key={org.version} org={org} own={own} inherited={inherited} />
    </div>
  )
}

function RubricForm({ org, own, inherited }: { org: { id: string; name: string; version: number }; own: Rubric | null; inherited: Rubric }) {
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const start: Values = result?.values ?? {
    mode: own ? 'own' : 'inherit',
    rows: (own ?? inherited).criteria.map((c) => ({ key: own ? c.key : '', label: c.label, maxPoints: fmt(c.maxPoints) })),
    good: fmt((own ?? inherited).thresholds.good),
    fair: fmt((own ?? inherited).thresholds.fair),
    average: fmt((own ?? inherited).thresholds.average),
  }
  const [mode, setMode] = useState(start.mode)
  const [rows, setRows] = useState<Row[]>(() => [...start.rows, ...Array.from({ length: 2 }, () => ({ key: '', label: '', maxPoints: '' }))])
  const total = rows.reduce((a, r) => a + (Number.isFinite(num(r.maxPoints)) && r.maxPoints.trim() ? num(r.maxPoints) : 0), 0)
  const setRow = (i: number, patch: Partial<Row>) => setRows((list) => list.map((r, j) => (j === i ? { ...r, ...patch } : r)))

  return (
    <Form method="post" className="card stack">
      <input type="hidden" name="version" value={org.version} />
      <h2>Thang điểm của {org.name}</h2>
      {result?.errors?.length ? (
        <div className="alert alert--error" role="alert">
          <p>Chưa lưu được thang điểm:</p>
          <ul>
            {result.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <fieldset className="choice-group">
        <legend>Áp dụng</legend>
        <label className="choice">
          <input type="radio" name="mode" value="inherit" checked={mode === 'inherit'} onChange={() => setMode('inherit')} />
          <span>Dùng thang điểm của cấp trên</span>
        </label>
        <label className="choice">
          <input type="radio" name="mode" value="own" checked={mode === 'own'} onChange={() => setMode('own')} />
          <span>Đặt thang điểm riêng</span>
        </label>
      </fieldset>
      <fieldset className="stack">
        <legend>Tiêu chí (để trống một dòng để bỏ tiêu chí đó)</legend>
        <div className="table-wrap">
          <table className="table rubric-table">
            <thead>
              <tr>
                <th scope="col">Tiêu chí</th>
                <th scope="col">Điểm tối đa</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <td>
                    <input type="hidden" name={`criteria.${i}.key`} value={r.key} />
                    <label className="sr-only" htmlFor={`crit-${i}-label`}>
                      Tên tiêu chí {i + 1}
                    </label>
                    <input id={`crit-${i}-label`} type="text" name={`criteria.${i}.label`} value={r.label} onChange={(e) => setRow(i, { label: e.target.value })} />
                  </td>
                  <td>
                    <label className="sr-only" htmlFor={`crit-${i}-max`}>
                      Điểm tối đa của tiêu chí {i + 1}
                    </label>
                    <input
                      id={`crit-${i}-max`}
                      type="text"
                      inputMode="decimal"
                      name={`criteria.${i}.maxPoints`}
                      value={r.maxPoints}
                      onChange={(e) => setRow(i, { maxPoints: e.target.value })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="spread">
          <button
            type="button"
            className="button button--small"
            onClick={() => setRows((list) => (list.length < MAX_CRITERIA ? [...list, { key: '', label: '', maxPoints: '' }] : list))}
          >
            + Thêm dòng
          </button>
          <p className="muted" aria-live="polite" style={{ margin: 0 }}>
            Tổng điểm tối đa: <strong>{fmt(Math.round(total * 100) / 100)}</strong>
          </p>
        </div>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="th-good">Tốt từ (điểm)</label>
            <input id="th-good" name="good" type="text" inputMode="decimal" defaultValue={start.good} />
          </div>
          <div className="field">
            <label htmlFor="th-fair">Khá từ (điểm)</label>
            <input id="th-fair" name="fair" type="text" inputMode="decimal" defaultValue={start.fair} />
          </div>
          <div className="field">
            <label htmlFor="th-average">Trung bình từ (điểm)</label>
            <input id="th-average" name="average" type="text" inputMode="decimal" defaultValue={start.average} />
          </div>
        </div>
        <p className="muted small">Dưới ngưỡng Trung bình là Kém. Ngưỡng phải giảm dần và không vượt tổng điểm.</p>
      </fieldset>
      <div>
        <button type="submit" className="button button--primary" disabled={navigation.state !== 'idle'}>
          Lưu thang điểm
        </button>
      </div>
    </Form>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

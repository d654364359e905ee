// Exports of a year (issue 6 item 7): the bundle of every signed minutes and resolution of the cell or
// subtree with manifest.json and manifest.csv for the national member-handbook app, built in the
// background with a progress bar, and each cell's minutes book. For the cell's secretary and deputy,
// and for inspectors and admins of the bodies above.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from '@remix-run/react'
import { useEffect } from 'react'
import { z } from 'zod'
import { requireContext, requireUser } from '~/auth/session.server'
import { isCellKind } from '~/domain/constants'
import { toZonedParts } from '~/domain/vn-date'
import { AppError } from '~/models/context'
import {
  canBundle,
  exportYears,
  latestBundleJob,
  runBundleJob,
  signedCountsByCell,
  startBundleJob,
  type BundleJobStatus,
} from '~/models/exports.server'
import { getOrganization } from '~/models/organizations.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Xuất hồ sơ — ${data?.org.name ?? 'Tổ chức'} — Sổ chi bộ` }]

function allowedOrg(actor: Parameters<typeof canBundle>[0], orgId: string) {
  const org = getOrganization(getDb(), actor, orgId)
  if (!canBundle(actor, org)) {
    throw new Response('Chỉ bí thư, phó bí thư chi bộ hoặc cán bộ kiểm tra, quản trị cấp trên mới xuất được gói hồ sơ.', { status: 403 })
  }
  return org
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const org = allowedOrg(actor, params.orgId!)
  const years = exportYears(db, org)
  const asked = Number(new URL(request.url).searchParams.get('year'))
  const year = years.includes(asked) || (Number.isInteger(asked) && asked >= 2000 && asked <= 2100) ? asked : toZonedParts(new Date()).year
  const cells = signedCountsByCell(db, org, year).filter((c) => !c.archived || c.signed > 0)
  return {
    org: { id: org.id, name: org.name, isCell: isCellKind(org.kind) },
    year,
    years: years.includes(year) ? years : [year, ...years].sort((a, b) => b - a),
    cells,
    signed: cells.reduce((n, c) => n + c.signed, 0),
    job: latestBundleJob(db, actor, org.id),
  }
}

const BundleSchema = z.object({ intent: z.literal('bundle'), year: z.coerce.number().int().min(2000).max(2100) })

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const parsed = BundleSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) throw new Response('Thao tác không hợp lệ.', { status: 400 })
  const db = getDb()
  try {
    const job = startBundleJob(db, ctx, { orgId: params.orgId!, year: parsed.data.year })
    // Built in this process, in the background: the page polls its progress.
    void runBundleJob(db, job.id, { origin: new URL(request.url).origin })
  } catch (error) {
    if (error instanceof AppError) return { error: error.message }
    throw error
  }
  return redirect(`/orgs/${params.orgId}/exports?year=${parsed.data.year}`)
}

function useJobStatus(initial: BundleJobStatus | null): BundleJobStatus | null {
  const fetcher = useFetcher<BundleJobStatus>()
  const latest = fetcher.data && fetcher.data.id === initial?.id ? fetcher.data : initial
  const running = latest !== null && (latest.status === 'queued' || latest.status === 'running')
  const { load } = fetcher
  useEffect(() => {
    if (!running || !initial) return
    const timer = window.setInterval(() => load(`/exports/${initial.id}/status`), 1000)
    return () => window.clearInterval(timer)
  }, [running, initial, load])
  return latest
}

function JobProgress({ job }: { job: BundleJobStatus }) {
  const running = job.status === 'queued' || job.status === 'running'
  return (
    <div className="stack" aria-live="polite" style={{ marginTop: '1rem' }}>
      {running ? (
        <>
          <label htmlFor="bundle-progress">Đang tạo gói hồ sơ năm {job.year}…</label>
          <progress id="bundle-progress" value={job.total > 0 ? job.progress : undefined} max={job.total > 0 ? job.total : undefined} style={{ width: '100%', height: '1.2rem' }}>
            {job.label}
          </progress>
          <p className="muted" style={{ margin: 0 }}>
            {job.label}
          </p>
          <noscript>
            <p>Tải lại trang để xem tiến độ.</p>
          </noscript>
        </>
      ) : null}
      {job.status === 'done' && job.downloadUrl ? (
        <div className="alert alert--success">
          <p>
            Gói hồ sơ năm {job.year} đã sẵn sàng: {job.total} biên bản đã ký cùng nghị quyết, manifest.json và manifest.csv.
          </p>
          <a className="button button--primary" href={job.downloadUrl} download>
            Tải gói hồ sơ năm {job.year} (.zip)
          </a>
        </div>
      ) : null}
      {job.status === 'failed' ? (
        <div className="alert alert--error" role="alert">
          <p>{job.error ?? 'Không tạo được gói hồ sơ.'}</p>
        </div>
      ) : null}
    </div>
  )
}

export default function Exports() {
  const { org, year, years, cells, signed, job } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const reply = useActionData<typeof action>()
  const status = useJobStatus(job)
  const busy = navigation.state === 'submitting' || (status !== null && (status.status === 'queued' || status.status === 'running'))
  const rebuild = status !== null && status.status === 'done' && status.year === year
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to={`/orgs/${org.id}`}>{org.name}</Link>
      </p>
      <h1>Xuất hồ sơ biên bản, nghị quyết</h1>
      <p className="muted">
        Biên bản và nghị quyết đã ký được xuất ra tệp Word (.docx) đúng thể thức văn bản của Đảng, kèm mã xác minh. Gói hồ sơ (.zip) có thêm tệp manifest.json và
        manifest.csv (số văn bản, mã băm SHA-256, mã xác minh, người ký) để nộp lên Sổ tay đảng viên điện tử.
      </p>

      <Form method="get" className="row" style={{ alignItems: 'flex-end' }}>
        <div className="field">
          <label htmlFor="year">Năm</label>
          <select id="year" name="year" defaultValue={year}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Xem năm này
        </button>
      </Form>

      <section className="card" aria-labelledby="bundle-title">
        <h2 id="bundle-title">Gói hồ sơ năm {year}</h2>
        <p>
          {signed > 0
            ? `${signed} biên bản đã ký năm ${year}${org.isCell ? '' : ` của ${cells.filter((c) => c.signed > 0).length} chi bộ`}.`
            : `Năm ${year} chưa có biên bản nào đã ký; gói chỉ gồm manifest trống.`}
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="bundle" />
          <input type="hidden" name="year" value={year} />
          <button type="submit" className={rebuild ? 'button' : 'button button--primary'} disabled={busy}>
            {rebuild ? 'Tạo lại gói hồ sơ' : 'Tạo gói hồ sơ'}
          </button>
        </Form>
        {reply?.error ? (
          <div className="alert alert--error" role="alert">
            <p>{reply.error}</p>
          </div>
        ) : null}
        {status ? <JobProgress job={status} /> : null}
      </section>

      <section className="card" aria-labelledby="book-title">
        <h2 id="book-title">Sổ biên bản năm {year}</h2>
        <p className="muted">Mỗi chi bộ một tệp Word: trang bìa, mục lục và các biên bản đã ký trong năm theo thứ tự ngày họp.</p>
        <div className="table-wrap responsive">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Chi bộ</th>
                <th scope="col" className="num">
                  Biên bản đã ký
                </th>
                <th scope="col">Sổ biên bản</th>
              </tr>
            </thead>
            <tbody>
              {cells.map((c) => (
                <tr key={c.id}>
                  <td data-label="Chi bộ">
                    {c.name}
                    {c.archived ? ' (đã giải thể)' : ''}
                  </td>
                  <td data-label="Biên bản đã ký" className="num">
                    {c.signed}
                  </td>
                  <td data-label="Sổ biên bản">
                    {c.signed > 0 ? (
                      <a href={`/orgs/${c.id}/book.docx?year=${year}`} download>
                        Tải sổ biên bản năm {year} (.docx)
                      </a>
                    ) : (
                      <span className="muted">Chưa có biên bản đã ký</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  )
}

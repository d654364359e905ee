import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ORG_KIND_LABELS } from '~/domain/constants'
import { requireUser } from '~/auth/session.server'
import { inspectableOrganizations } from '~/models/compliance.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Kiểm tra — Sổ chi bộ' }]

/** An inspector goes straight to the organisation they inspect; with several, they choose. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const orgs = inspectableOrganizations(getDb(), actor)
  if (orgs.length === 0) throw new Response('Không tìm thấy', { status: 404 })
  const search = new URL(request.url).search
  if (orgs.length === 1) throw redirect(`/inspect/${orgs[0].id}${search}`)
  return { orgs: orgs.map((o) => ({ id: o.id, name: o.name, kind: o.kind })), search }
}

export default function InspectIndex() {
  const { orgs, search } = useLoaderData<typeof loader>()
  return (
    <div className="stack">
      <h1>Kiểm tra sinh hoạt chi bộ</h1>
      <p>Đồng chí được giao kiểm tra {orgs.length} tổ chức. Hãy chọn tổ chức cần xem:</p>
      <ul className="card cg-org-list">
        {orgs.map((o) => (
          <li key={o.id}>
            <Link to={`/inspect/${o.id}${search}`}>{o.name}</Link> <span className="muted small">({ORG_KIND_LABELS[o.kind]})</span>
          </li>
        ))}
      </ul>
    </div>
  )
}

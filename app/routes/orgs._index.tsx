import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ORG_KIND_LABELS } from '~/domain/constants'
import { requireUser } from '~/auth/session.server'
import { childrenOf, topOrganizations } from '~/models/organizations.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Tổ chức — Sổ chi bộ' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const tops = topOrganizations(db, actor)
  return {
    canCreateRoot: actor.isSystemAdmin,
    tops: tops.map((o) => ({ id: o.id, name: o.name, kind: o.kind, children: childrenOf(db, actor, o.id).slice(0, 200) })),
  }
}

export default function OrgsIndex() {
  const { tops, canCreateRoot } = useLoaderData<typeof loader>()
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Tổ chức đảng</h1>
        {canCreateRoot ? (
          <Link className="button" to="/orgs/root/new">
            Thêm tổ chức cấp cao nhất
          </Link>
        ) : null}
      </div>
      {tops.length === 0 ? (
        <p className="empty card">Đồng chí chưa được giao vai trò ở tổ chức nào. Hãy liên hệ quản trị viên.</p>
      ) : (
        tops.map((top) => (
          <section key={top.id} className="card">
            <h2>
              <Link to={`/orgs/${top.id}`}>{top.name}</Link> <span className="badge">{ORG_KIND_LABELS[top.kind]}</span>
            </h2>
            {top.children.length ? (
              <ul className="tree">
                {top.children.map((c) => (
                  <li key={c.id}>
                    <Link to={`/orgs/${c.id}`}>{c.name}</Link> <span className="muted small">— {ORG_KIND_LABELS[c.kind]}</span>{' '}
                    <span className="muted small">
                      {c.kind === 'cell_base' || c.kind === 'cell_sub' ? `${c.memberCount} đảng viên` : `${c.childCount} tổ chức trực thuộc`}
                    </span>
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
        ))
      )}
    </div>
  )
}

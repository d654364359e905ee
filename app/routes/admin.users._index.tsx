import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Pagination } from '~/components/forms'
import { ROLE_LABELS } from '~/domain/constants'
import { canSomewhere } from '~/domain/permissions'
import { requireUser } from '~/auth/session.server'
import { manageableUserIds } from '~/models/admin.server'
import { listUsers } from '~/models/users.server'
import { getDb } from '~/utils/db.server'
import { invariantResponse } from '~/utils/http.server'

export const meta: MetaFunction = () => [{ title: 'Người dùng — Sổ chi bộ' }]

const PAGE_SIZE = 50

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  invariantResponse(canSomewhere(actor, 'user:manage'), 'Không tìm thấy', { status: 404 })
  const url = new URL(request.url)
  const q = url.searchParams.get('q')?.trim().slice(0, 80) ?? ''
  const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1)
  const db = getDb()
  const list = listUsers(db, actor, { q, page, pageSize: PAGE_SIZE })
  const manageable = manageableUserIds(db, actor, list.users.map((u) => u.id))
  return {
    q,
    total: list.total,
    page: list.page,
    pageSize: list.pageSize,
    users: list.users.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      isSystemAdmin: u.isSystemAdmin,
      disabled: Boolean(u.disabledAt),
      manageable: manageable.has(u.id),
      grants: u.grants.map((g) => ({ id: g.id, role: ROLE_LABELS[g.role], orgName: g.orgName })),
    })),
  }
}

export default function UsersPage() {
  const { q, total, page, pageSize, users } = useLoaderData<typeof loader>()
  const makeHref = (p: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Người dùng và phân quyền</h1>
        <Link className="button button--primary" to="/admin/users/new">
          Tạo tài khoản
        </Link>
      </div>

      <Form method="get" className="card row" role="search" aria-label="Tìm người dùng">
        <div className="field" style={{ flex: '1 1 260px' }}>
          <label htmlFor="q">Tìm theo tên đăng nhập hoặc họ tên</label>
          <input id="q" name="q" type="search" defaultValue={q} />
        </div>
        <button type="submit" className="button" style={{ alignSelf: 'flex-end' }}>
          Tìm
        </button>
        {q ? (
          <Link to="/admin/users" className="button" style={{ alignSelf: 'flex-end' }}>
            Xóa bộ lọc
          </Link>
        ) : null}
      </Form>

      <p className="muted" aria-live="polite">
        {q ? `Tìm thấy ${total} tài khoản khớp với "${q}".` : `Có ${total} tài khoản trong phạm vi đồng chí quản lý.`}
      </p>

      {users.length ? (
        <div className="table-wrap responsive">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Tên đăng nhập</th>
                <th scope="col">Họ và tên</th>
                <th scope="col">Vai trò</th>
                <th scope="col">Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td data-label="Tên đăng nhập">
                    {u.manageable ? <Link to={`/admin/users/${u.id}`}>{u.username}</Link> : u.username}
                    {u.manageable ? null : <div className="small muted">Có vai trò ngoài phạm vi đồng chí quản lý</div>}
                  </td>
                  <td data-label="Họ và tên">{u.displayName}</td>
                  <td data-label="Vai trò">
                    {u.isSystemAdmin || u.grants.length ? (
                      <ul style={{ margin: 0, paddingLeft: '1.1rem' }}>
                        {u.isSystemAdmin ? <li>Quản trị hệ thống</li> : null}
                        {u.grants.map((g) => (
                          <li key={g.id}>
                            {g.role} — {g.orgName}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">Chưa có vai trò</span>
                    )}
                  </td>
                  <td data-label="Trạng thái">
                    {u.disabled ? <span className="badge badge--danger">Đã khóa</span> : <span className="badge badge--ok">Đang hoạt động</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="card empty">
          {q ? (
            <p>Không có tài khoản nào khớp với "{q}". Đồng chí hãy thử tìm bằng một phần tên đăng nhập hoặc họ tên.</p>
          ) : (
            <p>Chưa có tài khoản nào trong phạm vi đồng chí quản lý. Bấm "Tạo tài khoản" để cấp tài khoản đầu tiên.</p>
          )}
        </div>
      )}

      <Pagination page={page} pageSize={pageSize} total={total} makeHref={makeHref} />
    </div>
  )
}

import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { useNonce } from '~/components/nonce'
import { SearchBox } from '~/components/search-box'
import { canSomewhere } from '~/domain/permissions'
import { getActor, popToast } from '~/auth/session.server'
import { roleSummary } from '~/models/home.server'
import { getDb } from '~/utils/db.server'
import styles from '~/styles/app.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Sổ chi bộ' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getActor(request)
  const { toast, setCookie } = await popToast(request)
  const user = actor
    ? {
        displayName: actor.displayName,
        username: actor.username,
        roles: roleSummary(getDb(), actor),
        nav: {
          users: canSomewhere(actor, 'user:manage'),
          inspect: canSomewhere(actor, 'inspection:read'),
          contributions: Boolean(actor.memberId) && canSomewhere(actor, 'contribution:write'),
          criticism: Boolean(actor.memberId),
          remarks: (() => {
            const i = actor.grants.find((g) => g.role === 'inspector')
            if (i) return { href: `/inspect/${i.orgId}/remarks`, label: 'Nhận xét kiểm tra' }
            const c = actor.grants.find((g) => ['secretary', 'deputy', 'committee'].includes(g.role))
            return c ? { href: `/orgs/${c.orgId}/remarks`, label: 'Nhận xét của cấp trên' } : null
          })(),
        },
      }
    : null
  return data({ user, toast }, setCookie ? { headers: { 'Set-Cookie': setCookie } } : undefined)
}

export type RootLoader = typeof loader
export function useOptionalUser() {
  return useRouteLoaderData<RootLoader>('root')?.user ?? null
}

function Document({ children }: { children: React.ReactNode }) {
  const nonce = useNonce()
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

function Header() {
  const user = useOptionalUser()
  const primary = user?.roles[0]
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="brand" aria-label="Sổ chi bộ — trang chủ">
          <span className="brand__mark" aria-hidden="true">★</span> Sổ chi bộ
        </Link>
        {user ? <SearchBox /> : null}
        {user ? (
          <div className="whoami">
            <span className="whoami__name">Đ/c {user.displayName}</span>
            {primary ? (
              <span className="whoami__role">
                {primary.role}
                {primary.orgName ? ` · ${primary.orgName}` : ''}
              </span>
            ) : null}
          </div>
        ) : null}
      </div>
      {user ? (
        <nav className="site-nav" aria-label="Điều hướng chính">
          <ul>
            <li>
              <NavLink to="/" end>
                Trang chủ
              </NavLink>
            </li>
            {user.nav.inspect ? (
              <li>
                <NavLink to="/inspect">Kiểm tra</NavLink>
              </li>
            ) : null}
            {user.nav.remarks ? (
              <li>
                <NavLink to={user.nav.remarks.href}>{user.nav.remarks.label}</NavLink>
              </li>
            ) : null}
            <li>
              <NavLink to="/orgs">Tổ chức</NavLink>
            </li>
            <li>
              <NavLink to="/documents">Sổ văn bản</NavLink>
            </li>
            {user.nav.contributions ? (
              <li>
                <NavLink to="/my/contributions">Ý kiến của tôi</NavLink>
              </li>
            ) : null}
            {user.nav.users ? (
              <li>
                <NavLink to="/admin/users">Người dùng</NavLink>
              </li>
            ) : null}
            <li>
              <NavLink to="/account">Tài khoản</NavLink>
            </li>
            <li>
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  Đăng xuất
                </button>
              </Form>
            </li>
          </ul>
        </nav>
      ) : null}
    </header>
  )
}

function Toast() {
  const data = useLoaderData<typeof loader>()
  const [visible, setVisible] = useState(Boolean(data.toast))
  useEffect(() => setVisible(Boolean(data.toast)), [data.toast])
  if (!data.toast || !visible) return null
  return (
    <div className={`toast toast--${data.toast.type ?? 'success'}`} role="status" aria-live="polite">
      <strong>{data.toast.title}</strong>
      {data.toast.description ? <p>{data.toast.description}</p> : null}
      <button type="button" className="toast__close" onClick={() => setVisible(false)} aria-label="Đóng thông báo">
        ×
      </button>
    </div>
  )
}

export default function App() {
  return (
    <Document>
      <a href="#main" className="skip-link">
        Bỏ qua điều hướng
      </a>
      <Header />
      <main id="main" className="main" tabIndex={-1}>
        <Toast />
        <Outlet />
      </main>
    </Document>
  )
}

export function ErrorBoundary() {
  return (
    <Document>
      <header className="site-header">
        <div className="site-header__inner">
          <a href="/" className="brand">
            <span className="brand__mark" aria-hidden="true">★</span> Sổ chi bộ
          </a>
        </div>
      </header>
      <main id="main" className="main">
        <GeneralErrorBoundary />
      </main>
    </Document>
  )
}

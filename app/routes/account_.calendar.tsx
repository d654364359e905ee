// /account/calendar: the user's private calendar feed URL — create (shown once), recreate, revoke —
// and how to add it to Google, Apple and Outlook calendars. `account_` keeps this page out of the
// account page's layout (account.tsx has no <Outlet />), the URL stays /account/calendar.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { formatTime, formatUiDate } from '~/domain/vn-date'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { activeCalendarToken, calendarFeedPath, createCalendarToken, feedCells, originOf, revokeCalendarToken } from '~/models/calendar.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Lịch sinh hoạt trên điện thoại — Sổ chi bộ' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const active = activeCalendarToken(db, actor)
  return { active: active ? { createdAt: active.createdAt } : null, cells: feedCells(db, actor) }
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const intent = (await request.formData()).get('intent')
  const db = getDb()
  if (intent === 'create') {
    const { token } = createCalendarToken(db, ctx)
    const url = `${originOf(request.url)}${calendarFeedPath(token)}`
    // Shown once, in this response only: the server keeps just the hash.
    return data({ ok: true as const, url, webcal: url.replace(/^https?:/, 'webcal:') }, { headers: { 'Cache-Control': 'no-store' } })
  }
  if (intent === 'revoke') {
    const revoked = revokeCalendarToken(db, ctx)
    return redirectWithToast('/account/calendar', {
      title: revoked ? 'Đã thu hồi đường dẫn lịch' : 'Đồng chí chưa có đường dẫn lịch nào',
      description: revoked ? 'Các ứng dụng lịch đang dùng đường dẫn cũ sẽ không nhận được lịch mới nữa.' : undefined,
      type: revoked ? 'success' : 'info',
    })
  }
  return data({ ok: false as const, error: 'Thao tác không hợp lệ.' }, { status: 400 })
}

/** The URL in a read-only box, selectable without JavaScript; a copy button once the page is hydrated. */
function CopyField({ value }: { value: string }) {
  const [hydrated, setHydrated] = useState(false)
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle')
  const inputRef = useRef<HTMLTextAreaElement>(null)
  useEffect(() => setHydrated(true), [])
  async function copy() {
    inputRef.current?.select()
    try {
      await navigator.clipboard.writeText(value)
      setCopied('done')
    } catch {
      setCopied('failed')
    }
  }
  return (
    <div className="field">
      <label htmlFor="calendar-url">Đường dẫn lịch riêng của đồng chí</label>
      <div className="copy-field">
        <textarea ref={inputRef} id="calendar-url" readOnly value={value} rows={3} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        {hydrated ? (
          <button type="button" className="button button--primary" onClick={copy}>
            Sao chép
          </button>
        ) : null}
      </div>
      <p className="hint" role="status" aria-live="polite">
        {copied === 'done'
          ? 'Đã sao chép. Bây giờ đồng chí dán đường dẫn vào ứng dụng lịch theo hướng dẫn bên dưới.'
          : copied === 'failed'
            ? 'Trình duyệt không cho sao chép tự động: đường dẫn đã được bôi đen, hãy nhấn Ctrl+C (hoặc giữ ngón tay trên ô rồi chọn "Sao chép").'
            : 'Bấm vào ô để chọn toàn bộ đường dẫn.'}
      </p>
    </div>
  )
}

export default function AccountCalendarPage() {
  const { active, cells } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const created = result?.ok ? result : null
  return (
    <div className="stack calendar-page">
      <p className="breadcrumb">
        <Link to="/account">Tài khoản</Link>
      </p>
      <h1>Lịch sinh hoạt trên điện thoại, máy tính</h1>
      <p>
        Đồng chí có thể đưa lịch sinh hoạt của chi bộ vào ứng dụng lịch quen dùng (Google Lịch, Lịch trên iPhone và máy Mac, Outlook). Ứng dụng
        tự cập nhật khi chi bộ thêm, dời hoặc hủy buổi sinh hoạt; mỗi buổi có đường dẫn tới chương trình và tài liệu.
      </p>
      {cells.length ? (
        <p>
          Lịch gồm các buổi sinh hoạt của: <strong>{cells.map((c) => c.name).join('; ')}</strong> (từ một năm trước đến các buổi sắp tới).
        </p>
      ) : (
        <div className="alert alert--info">
          <p>Tài khoản của đồng chí chưa sinh hoạt ở chi bộ nào nên lịch sẽ trống. Nếu thấy chưa đúng, hãy liên hệ bí thư chi bộ.</p>
        </div>
      )}
      {result && !result.ok ? (
        <div className="alert alert--error" role="alert">
          <p>{result.error}</p>
        </div>
      ) : null}

      <section className="card" aria-labelledby="feed-title">
        <h2 id="feed-title">Đường dẫn lịch riêng</h2>
        {created ? (
          <div className="stack">
            <div className="alert alert--success" role="status">
              <p>
                <strong>Đã tạo đường dẫn lịch.</strong> Đường dẫn chỉ hiện một lần này: hãy sao chép và dán vào ứng dụng lịch ngay.
              </p>
            </div>
            <CopyField value={created.url} />
            <p>
              <a className="button" href={created.webcal}>
                Mở bằng ứng dụng lịch trên máy này
              </a>
            </p>
          </div>
        ) : active ? (
          <p>
            Đồng chí đã tạo đường dẫn lịch vào {formatUiDate(active.createdAt)} lúc {formatTime(active.createdAt)}. Để bảo mật, hệ thống không lưu
            đường dẫn nên không hiển thị lại được. Muốn thêm lịch vào một thiết bị khác, hãy tạo đường dẫn mới: đường dẫn cũ sẽ ngừng hoạt động, các
            ứng dụng đang dùng nó cần được thêm lại.
          </p>
        ) : (
          <p>Đồng chí chưa có đường dẫn lịch. Bấm nút bên dưới để tạo.</p>
        )}
        <div className="row no-print" style={{ marginTop: '1rem' }}>
          <Form method="post">
            <input type="hidden" name="intent" value="create" />
            <button type="submit" className={`button${created ? '' : ' button--primary'}`} disabled={busy}>
              {active || created ? 'Tạo đường dẫn mới' : 'Tạo đường dẫn lịch riêng'}
            </button>
          </Form>
          {active || created ? (
            <Form method="post">
              <input type="hidden" name="intent" value="revoke" />
              <button type="submit" className="button button--danger" disabled={busy}>
                Thu hồi đường dẫn
              </button>
            </Form>
          ) : null}
        </div>
        <p className="muted small" style={{ marginTop: '0.8rem' }}>
          Ai có đường dẫn này đều xem được ngày giờ, địa điểm và tên các buổi sinh hoạt (không xem được chương trình, tài liệu). Đồng chí không chia sẻ
          đường dẫn; nếu lỡ để lộ, hãy bấm &quot;Tạo đường dẫn mới&quot; hoặc &quot;Thu hồi đường dẫn&quot;.
        </p>
      </section>

      <section className="card" aria-labelledby="howto-title">
        <h2 id="howto-title">Cách thêm vào ứng dụng lịch</h2>
        <h3>Google Lịch (Google Calendar)</h3>
        <ol>
          <li>Trên máy tính, mở Google Lịch.</li>
          <li>
            Ở cột bên trái, cạnh mục &quot;Lịch khác&quot;, bấm dấu <strong>+</strong> (Thêm lịch) rồi chọn <strong>Từ URL</strong>.
          </li>
          <li>Dán đường dẫn lịch riêng vào ô &quot;URL của lịch&quot;, bấm &quot;Thêm lịch&quot;.</li>
          <li>Lịch hiện trên điện thoại có cùng tài khoản Google sau ít phút. Google tự cập nhật vài giờ một lần.</li>
        </ol>
        <h3>Lịch trên iPhone, iPad (Apple)</h3>
        <ol>
          <li>
            Cách nhanh: trên iPhone, mở trang này, tạo đường dẫn rồi bấm &quot;Mở bằng ứng dụng lịch trên máy này&quot; và chọn &quot;Đăng ký&quot;.
          </li>
          <li>
            Hoặc: vào <strong>Cài đặt → Lịch → Tài khoản → Thêm tài khoản → Khác → Thêm lịch đã đăng ký</strong>, dán đường dẫn, bấm &quot;Tiếp&quot;
            rồi &quot;Lưu&quot;.
          </li>
          <li>
            Trên máy Mac: mở ứng dụng Lịch, chọn <strong>Tệp → Đăng ký lịch mới…</strong>, dán đường dẫn, chọn &quot;Tự động làm mới: Mỗi giờ&quot;.
          </li>
        </ol>
        <h3>Outlook</h3>
        <ol>
          <li>
            Outlook trên web: mở Lịch, bấm <strong>Thêm lịch → Đăng ký từ web</strong>, dán đường dẫn, đặt tên (ví dụ &quot;Sinh hoạt chi bộ&quot;),
            bấm &quot;Nhập&quot;.
          </li>
          <li>
            Outlook trên máy tính: trong Lịch, chọn <strong>Thêm lịch → Từ Internet</strong>, dán đường dẫn, bấm &quot;OK&quot;.
          </li>
        </ol>
        <p className="muted">
          Chỉ muốn thêm một buổi? Mở trang buổi sinh hoạt và bấm &quot;Thêm vào lịch&quot; để tải tệp .ics, rồi mở tệp đó bằng ứng dụng lịch.
        </p>
      </section>
    </div>
  )
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { formatTime, formatUiDate, formatUiDateShort } from '~/domain/vn-date'
import { verifyByCode } from '~/models/minutes.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Xác minh biên bản — Sổ chi bộ' }, { name: 'robots', content: 'noindex' }]

/** Public: anyone holding a printed copy checks it here. Shows who signed when and whether it still matches — never the content. */
export async function loader({ params }: LoaderFunctionArgs) {
  const result = verifyByCode(getDb(), params.code ?? '')
  if (!result) throw new Response('Không tìm thấy mã xác minh này', { status: 404 })
  return result
}

export default function VerifyPage() {
  const r = useLoaderData<typeof loader>()
  const ok = r.recordMatches && r.chainOk
  return (
    <div className="stack" style={{ maxWidth: 760 }}>
      <h1>Xác minh biên bản</h1>
      <div className={`alert ${ok ? 'alert--success' : 'alert--error'}`} role="status">
        <p>
          <strong>{ok ? '✓ Biên bản hợp lệ' : '✗ Biên bản KHÔNG còn khớp với bản đã ký'}</strong>
        </p>
        <p>
          {ok
            ? 'Nội dung lưu trong hệ thống trùng khớp với mã băm lúc ký, và chuỗi biên bản đã ký của chi bộ còn nguyên vẹn.'
            : `Phát hiện: ${r.problems.length ? r.problems.join('; ') : 'chuỗi biên bản đã ký của chi bộ bị thay đổi ở một biên bản khác'}. Hãy báo cho cấp ủy cấp trên.`}
        </p>
      </div>
      {r.superseded ? (
        <div className="alert alert--warning">
          <p>Bản này (bản {r.versionNo}) đã được thay bằng bản đính chính số {r.latestVersionNo}.</p>
        </div>
      ) : null}
      <section className="card">
        <dl className="details">
          <dt>Mã xác minh</dt>
          <dd>{r.code}</dd>
          <dt>Chi bộ</dt>
          <dd>{r.cellName}</dd>
          <dt>Buổi sinh hoạt</dt>
          <dd>{formatUiDate(r.meetingDate)}</dd>
          <dt>Bản</dt>
          <dd>
            {r.versionNo}
            {r.amendmentReason ? ' (bản đính chính)' : ''}
          </dd>
          {r.signers.map((s) => (
            <div key={s.roleLabel} style={{ display: 'contents' }}>
              <dt>{s.roleLabel}</dt>
              <dd>
                Đ/c {s.name} — đã ký điện tử lúc {formatTime(s.signedAt)} ngày {formatUiDateShort(s.signedAt)}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <p className="muted small">Trang này chỉ cho biết ai đã ký, lúc nào và biên bản còn nguyên vẹn hay không; không hiển thị nội dung biên bản.</p>
    </div>
  )
}

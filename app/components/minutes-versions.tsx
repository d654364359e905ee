// The table of a meeting's minutes versions (number with amendment / withdrawal reasons, status,
// signatures, verification code, links to read them), shared by the minutes page and the inspector's
// review of the meeting. Each page says how it links the code and the text.
import type { ReactNode } from 'react'
import { formatTime, formatUiDateShort } from '~/domain/vn-date'

type VersionRow<S extends string> = {
  id: string
  versionNo: number
  status: S
  amendmentReason: string | null
  withdrawnReason: string | null
  verifyCode: string | null
  signatures: { roleLabel: string; name: string; signedAt: string }[]
}

function when(iso: string) {
  return `${formatTime(iso)} ngày ${formatUiDateShort(iso)}`
}

export function MinutesVersionsTable<S extends string, V extends VersionRow<S>>({
  versions,
  caption,
  statusLabels,
  unsigned,
  verifyLink,
  viewLinks,
}: {
  versions: V[]
  /** A caption for screen readers. */
  caption?: string
  statusLabels: Record<S, string>
  /** What the signatures column says before anyone has signed. */
  unsigned: string
  verifyLink: (code: string) => ReactNode
  /** The "Xem" column: the full text, and the comparison with the version before. */
  viewLinks: (version: V, index: number) => ReactNode
}) {
  return (
    <div className="table-wrap responsive">
      <table className="table">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">Bản</th>
            <th scope="col">Trạng thái</th>
            <th scope="col">Chữ ký</th>
            <th scope="col">Mã xác minh</th>
            <th scope="col">Xem</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v, i) => (
            <tr key={v.id}>
              <td data-label="Bản">
                {v.versionNo}
                {v.amendmentReason ? <div className="small muted">Đính chính: {v.amendmentReason}</div> : null}
                {v.withdrawnReason ? <div className="small muted">Rút lại: {v.withdrawnReason}</div> : null}
              </td>
              <td data-label="Trạng thái">{statusLabels[v.status]}</td>
              <td data-label="Chữ ký">
                {v.signatures.length
                  ? v.signatures.map((s) => (
                      <div key={s.roleLabel}>
                        {s.roleLabel}: đ/c {s.name}, {when(s.signedAt)}
                      </div>
                    ))
                  : unsigned}
              </td>
              <td data-label="Mã xác minh">{v.verifyCode ? verifyLink(v.verifyCode) : '—'}</td>
              <td data-label="Xem">{viewLinks(v, i)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

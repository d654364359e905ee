import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { describePath } from '~/domain/minutes-text'
import { formatTime, formatUiDateShort } from '~/domain/vn-date'
import { requireUser } from '~/auth/session.server'
import { compareVersions, minutesPage, versionContent } from '~/models/minutes.server'
import { renderRichTextToHtml } from '~/rich-text/html.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction = () => [{ title: 'Bản biên bản — Sổ chi bộ' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const meetingId = params.meetingId!
  const page = minutesPage(db, actor, meetingId)
  const { version, snapshot } = versionContent(db, actor, meetingId, params.versionId!)
  const compareId = new URL(request.url).searchParams.get('compare')
  const diff = compareId ? compareVersions(db, actor, meetingId, compareId, version.id) : null
  const meta = page.versions.find((v) => v.id === version.id)!
  return {
    meeting: page.meeting,
    version: { id: version.id, versionNo: version.versionNo, status: version.status, hash: version.hash, amendmentReason: version.amendmentReason, verifyCode: meta.verifyCode, signatures: meta.signatures },
    sections: snapshot.narrative.map((s) => ({ key: s.key, title: s.title, html: renderRichTextToHtml(s.body) })),
    diff,
  }
}

export default function VersionPage() {
  const { meeting, version, sections, diff } = useLoaderData<typeof loader>()
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to={`/meetings/${meeting.id}/minutes`}>Biên bản — {meeting.title}</Link>
      </p>
      <h1>Bản {version.versionNo}</h1>
      <p className="muted">
        Mã băm SHA-256: <code className="hash">{version.hash}</code>
        {version.verifyCode ? <> · Mã xác minh: <a href={`/verify/${version.verifyCode}`}>{version.verifyCode}</a></> : null}
      </p>
      {version.amendmentReason ? <p>Lý do đính chính: {version.amendmentReason}</p> : null}
      {version.signatures.length ? (
        <ul>
          {version.signatures.map((s) => (
            <li key={s.role}>
              {s.roleLabel}: đ/c {s.name} — đã ký điện tử lúc {formatTime(s.signedAt)} ngày {formatUiDateShort(s.signedAt)}
            </li>
          ))}
        </ul>
      ) : null}
      {diff ? (
        <section className="card" aria-labelledby="diff-title">
          <h2 id="diff-title">
            Khác biệt giữa bản {diff.from} và bản {diff.to}
          </h2>
          {diff.changes.length === 0 ? (
            <p>Hai bản có nội dung giống nhau.</p>
          ) : (
            <div className="table-wrap responsive">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Mục</th>
                    <th scope="col">Bản {diff.from}</th>
                    <th scope="col">Bản {diff.to}</th>
                  </tr>
                </thead>
                <tbody>
                  {diff.changes.map((c) => (
                    <tr key={c.path}>
                      <td data-label="Mục">{describePath(c.path)}</td>
                      <td data-label={`Bản ${diff.from}`}>
                        <del>{c.before}</del>
                      </td>
                      <td data-label={`Bản ${diff.to}`}>
                        <ins>{c.after}</ins>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
      <section className="card">
        {sections.map((s) => (
          <div key={s.key}>
            <h3>{s.title}</h3>
            <div className="prose" dangerouslySetInnerHTML={{ __html: s.html }} />
          </div>
        ))}
      </section>
    </div>
  )
}

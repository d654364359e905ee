import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { DOCUMENT_STATUS_LABELS, MEETING_STATUS_LABELS, TASK_STATUS_LABELS, type DocumentStatus } from '~/domain/constants'
import { documentTypeName } from '~/domain/citation'
import { roleHas } from '~/domain/permissions'
import { formatTime, formatUiDate, formatUiDateShort } from '~/domain/vn-date'
import { requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { canRegisterDocuments, getDocument, referencingAgendas } from '~/models/documents.server'
import { getMeeting, meetingTitle } from '~/models/meetings.server'
import { documentTasks } from '~/models/tasks.server'
import { isRichTextEmpty, renderRichTextToHtml } from '~/rich-text/html.server'
import { getDb } from '~/utils/db.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.document.title ?? 'Văn bản'} — Sổ văn bản — Sổ chi bộ` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  const doc = getDocument(db, actor, params.documentId!)
  let adoptedAt: { id: string; title: string } | null = null
  if (doc.meetingId) {
    try {
      const m = getMeeting(db, actor, doc.meetingId)
      adoptedAt = { id: m.id, title: meetingTitle(m) }
    } catch (error) {
      if (!(error instanceof AppError)) throw error
    }
  }
  // The cells where the actor assigns tasks and whose members read this document.
  const taskCells = actor.grants
    .filter((g) => (roleHas(g.role, 'meeting:record') || roleHas(g.role, 'meeting:plan')) && g.orgPath.includes(`/${doc.orgId}/`))
    .map((g) => g.orgId)
  return {
    document: {
      id: doc.id,
      title: doc.title,
      citation: doc.citation,
      docType: doc.docType,
      numberText: doc.numberText,
      issuedOn: doc.issuedOn,
      issuer: doc.issuer,
      status: doc.status,
      replacedBy: doc.replacedBy,
      own: doc.own,
      org: { id: doc.org.id, name: doc.org.name },
      attachment: doc.attachmentName ? { name: doc.attachmentName, size: doc.attachmentSize ?? 0, type: doc.attachmentType ?? '' } : null,
      updatedAt: doc.updatedAt,
    },
    bodyHtml: doc.body && !isRichTextEmpty(doc.body) ? renderRichTextToHtml(doc.body) : null,
    adoptedAt,
    agendas: referencingAgendas(db, actor, doc.id),
    tasks: documentTasks(db, actor, doc.id).map((t) => ({
      id: t.id,
      text: t.text,
      memberName: t.memberName,
      cellName: t.cellName,
      dueOn: t.dueOn,
      status: t.status,
      overdue: t.overdue,
    })),
    taskCells: [...new Set(taskCells)],
    canEdit: canRegisterDocuments(actor, doc.org),
  }
}

const STATUS_BADGES: Record<DocumentStatus, string> = {
  in_force: 'badge--ok',
  draft: 'badge--info',
  replaced: 'badge--warn',
  expired: 'badge--danger',
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`
}

function fileKind(type: string): string {
  if (type === 'application/pdf') return 'PDF'
  if (type.includes('wordprocessingml')) return 'Word'
  return 'Ảnh'
}

export default function DocumentPage() {
  const { document: d, bodyHtml, adoptedAt, agendas, tasks, taskCells, canEdit } = useLoaderData<typeof loader>()
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to="/documents">Sổ văn bản</Link> › <Link to={`/documents?org=${d.org.id}`}>{d.org.name}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{d.title}</h1>
          <p className="document-citation">{d.citation}</p>
          <p className="row" style={{ margin: 0 }}>
            <span className={`badge ${STATUS_BADGES[d.status]}`}>{DOCUMENT_STATUS_LABELS[d.status]}</span>
            <span className="badge">{d.own ? 'Tự ban hành' : 'Văn bản của cấp trên'}</span>
          </p>
        </div>
        {canEdit ? (
          <Link className="button" to={`/documents/${d.id}/edit`}>
            Sửa văn bản
          </Link>
        ) : null}
      </div>
      {d.status === 'replaced' ? (
        <div className="alert alert--warning">
          <p>Văn bản này đã được thay thế{d.replacedBy ? ` bởi ${d.replacedBy}` : ''}. Khi trích dẫn, hãy dùng văn bản mới.</p>
        </div>
      ) : d.status === 'expired' ? (
        <div className="alert alert--warning">
          <p>Văn bản này đã hết hiệu lực{d.replacedBy ? `; văn bản thay thế: ${d.replacedBy}` : ''}.</p>
        </div>
      ) : null}

      <section className="card" aria-labelledby="meta-title">
        <h2 id="meta-title" className="sr-only">
          Thông tin văn bản
        </h2>
        <dl className="details">
          <dt>Loại văn bản</dt>
          <dd>{documentTypeName(d.docType, d.title)}</dd>
          <dt>Số, ký hiệu</dt>
          <dd>{d.numberText ?? 'Chưa có số'}</dd>
          <dt>Ngày ban hành</dt>
          <dd>{d.issuedOn ? formatUiDate(d.issuedOn) : '—'}</dd>
          <dt>Cơ quan ban hành</dt>
          <dd>{d.issuer}</dd>
          <dt>Thuộc sổ văn bản</dt>
          <dd>{d.org.name}</dd>
          {adoptedAt ? (
            <>
              <dt>Thông qua tại</dt>
              <dd>
                <Link to={`/meetings/${adoptedAt.id}`}>{adoptedAt.title}</Link>
              </dd>
            </>
          ) : null}
          {d.replacedBy && d.status !== 'replaced' && d.status !== 'expired' ? (
            <>
              <dt>Văn bản liên quan</dt>
              <dd>{d.replacedBy}</dd>
            </>
          ) : null}
          <dt>Tệp đính kèm</dt>
          <dd>
            {d.attachment ? (
              <a className="button button--small" href={`/documents/${d.id}/attachment`} download>
                Tải về: {d.attachment.name} ({fileKind(d.attachment.type)}, {formatSize(d.attachment.size)})
              </a>
            ) : (
              'Không có'
            )}
          </dd>
        </dl>
      </section>

      {bodyHtml ? (
        <section className="card" aria-labelledby="body-title">
          <h2 id="body-title">Nội dung</h2>
          <div className="prose document-body" dangerouslySetInnerHTML={{ __html: bodyHtml }} />
        </section>
      ) : null}

      <section className="card" aria-labelledby="agendas-title">
        <h2 id="agendas-title">Các buổi sinh hoạt đã đưa văn bản vào chương trình</h2>
        {agendas.length === 0 ? (
          <p className="muted">
            Chưa có chương trình sinh hoạt nào dẫn chiếu văn bản này. Khi soạn chương trình, bí thư chèn tham chiếu văn bản từ trình soạn thảo; buổi sinh
            hoạt đó sẽ hiện ở đây.
          </p>
        ) : (
          <ul className="document-agendas">
            {agendas.map((a) => (
              <li key={a.meetingId}>
                <Link to={`/meetings/${a.meetingId}`}>{a.title}</Link>
                <div className="muted small">
                  {a.cellName} · {formatUiDate(a.startsAt)}, {formatTime(a.startsAt)} · {MEETING_STATUS_LABELS[a.status]}
                </div>
                <div className="small">Nội dung: {a.items.join('; ')}</div>
              </li>
            ))}
          </ul>
        )}
      </section>

      {tasks.length > 0 || taskCells.length > 0 ? (
        <section className="card" aria-labelledby="tasks-title">
          <div className="spread">
            <h2 id="tasks-title">Nhiệm vụ thực hiện văn bản</h2>
            {taskCells.map((cellId) => (
              <Link key={cellId} className="button button--small" to={`/orgs/${cellId}/tasks?document=${d.id}#giao-nhiem-vu`}>
                Giao nhiệm vụ
              </Link>
            ))}
          </div>
          {tasks.length === 0 ? (
            <p className="muted">Chưa có nhiệm vụ nào được giao để thực hiện văn bản này.</p>
          ) : (
            <ul className="document-agendas">
              {tasks.map((t) => (
                <li key={t.id}>
                  <Link to={`/tasks/${t.id}`}>{t.text}</Link>
                  <div className="muted small">
                    {t.cellName} · {t.memberName ? `Đ/c ${t.memberName}` : 'Cả chi bộ'}
                    {t.dueOn ? ` · Hạn ${formatUiDateShort(t.dueOn)}` : ''} · {TASK_STATUS_LABELS[t.status]}
                    {t.overdue ? (
                      <>
                        {' '}
                        · <strong className="text-danger">Quá hạn</strong>
                      </>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

// The read-only agenda (meeting page, print): sections I–III with their items, presenters, planned
// minutes, bodies and linked documents. Rich text arrives as HTML rendered on the server
// (app/rich-text/html.server.ts): nothing here may import the editor, tiptap or app/rich-text, so
// members' pages never download editor code.
import { Link } from '@remix-run/react'
import { AGENDA_SECTIONS, AGENDA_SECTION_LABELS, TASK_STATUS_LABELS, type AgendaSection, type TaskStatus } from '~/domain/constants'
import { formatUiDateShort } from '~/domain/vn-date'

export type AgendaViewItem = {
  id: string
  section: AgendaSection
  title: string
  presenter: string | null
  plannedMinutes: number | null
  bodyHtml: string
  documents: { id: string; label: string; title: string }[]
  tasks?: { id: string; text: string; memberName: string | null; dueOn: string | null; status: TaskStatus; resultNote: string | null }[]
}

/** "1 giờ 50 phút", "45 phút". */
export function formatMinutes(total: number): string {
  if (total < 60) return `${total} phút`
  const hours = Math.floor(total / 60)
  const minutes = total % 60
  return minutes ? `${hours} giờ ${minutes} phút` : `${hours} giờ`
}

export function AgendaView({ items, headingLevel = 3 }: { items: AgendaViewItem[]; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <div className="agenda">
      {AGENDA_SECTIONS.map((section) => {
        const list = items.filter((i) => i.section === section)
        if (list.length === 0) return null
        return (
          <section key={section} className="agenda-section" aria-labelledby={`agenda-section-${section}`}>
            <Heading id={`agenda-section-${section}`} className="agenda-section__title">
              {AGENDA_SECTION_LABELS[section]}
            </Heading>
            <ol className="agenda-list">
              {list.map((item) => (
                <li key={item.id} id={`item-${item.id}`} className="agenda-item">
                  <p className="agenda-item__title">{item.title}</p>
                  {item.presenter || item.plannedMinutes ? (
                    <p className="agenda-item__meta">
                      {item.presenter ? <span>Trình bày: {item.presenter}</span> : null}
                      {item.presenter && item.plannedMinutes ? <span aria-hidden="true"> · </span> : null}
                      {item.plannedMinutes ? <span>{formatMinutes(item.plannedMinutes)}</span> : null}
                    </p>
                  ) : null}
                  {item.bodyHtml ? <div className="prose agenda-item__body" dangerouslySetInnerHTML={{ __html: item.bodyHtml }} /> : null}
                  {item.tasks ? <ReviewTasks tasks={item.tasks} /> : null}
                  {item.documents.length ? (
                    <div className="agenda-docs">
                      <p className="agenda-docs__label">Văn bản liên quan:</p>
                      <ul>
                        {item.documents.map((d) => (
                          <li key={d.id}>
                            <Link to={`/documents/${d.id}`}>{d.label}</Link>
                            {d.title ? <span className="muted"> — {d.title}</span> : null}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
        )
      })}
    </div>
  )
}

function ReviewTasks({ tasks }: { tasks: NonNullable<AgendaViewItem['tasks']> }) {
  if (tasks.length === 0) {
    return <p className="muted small">Không có nhiệm vụ nào từ tháng trước cần đánh giá.</p>
  }
  return (
    <div className="agenda-tasks">
      <p className="agenda-docs__label">Nhiệm vụ cần đánh giá ({tasks.length}):</p>
      <ul>
        {tasks.map((t) => (
          <li key={t.id}>
            <span>{t.text}</span>
            <span className="muted">
              {' '}
              — {t.memberName ? `đ/c ${t.memberName}` : 'cả chi bộ'}
              {t.dueOn ? `, hạn ${formatUiDateShort(t.dueOn)}` : ''}
            </span>{' '}
            <span className={`badge${t.status === 'done' ? ' badge--ok' : ''}`}>{TASK_STATUS_LABELS[t.status]}</span>
            {t.resultNote ? <span className="muted small"> Kết quả: {t.resultNote}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  )
}

// Full-text search over agendas, minutes, documents, contributions and inspection remarks (issue 7
// item 4), within what the user may read, diacritic-insensitive, ranked, with highlighted snippets.
//
// Storage (db/migrations/0005_search_index.sql): `search_docs` holds one row per searchable thing
// with its original text and the attributes the visibility rules test; `search_index` is a
// contentless FTS5 table over the folded text (app/domain/search-text.ts) sharing its rowid; SQL
// triggers on the source tables put (kind, id) into `search_queue` in the writer's own transaction,
// and drainSearchQueue() brings the index up to date — at the start of every search, so a search
// always sees every committed change.
//
// Who reads what (the same rules as the pages the results link to, applied inside the SQL):
// - agenda items: readers of the cell once the agenda is published; before that, those who plan
//   or keep the record (canSeeUnpublished);
// - minutes: members read the text of the current SIGNED version once one exists; those who draft
//   (meeting:record, the chair, the minute-taker) and inspectors search the narrative being written
//   (falling back to the signed text), never both — one result per meeting;
// - documents: registered at an organisation the user reads or at one of its ancestors, or in an
//   admin's/inspector's subtree (visibleDocuments);
// - contributions: the author always (drafts are private, even from administrators); the cell's
//   secretary, deputy and chi ủy once submitted (getContribution);
// - inspection remarks: the inspector who wrote it; once signed (not a draft) the cell's
//   secretary, deputy and chi ủy and inspectors of the subtree (remarkVisibility);
// - criticism items are never indexed (confidential).
import { and, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { DB, Executor } from '../../db/client.server'
import { agendaItems, contributions, documents, inspectionRemarks, meetings, members, minutes, minutesVersions, organizations } from '../../db/schema'
import { citeDocument } from '~/domain/citation'
import { REMARK_STATUS_LABELS, type Role } from '~/domain/constants'
import { pathFilter, type Actor, type PathFilter, type Permission } from '~/domain/permissions'
import { CELL_REMARK_READER_ROLES } from '~/domain/remarks'
import {
  buildMatchExpression,
  foldText,
  highlightSnippet,
  highlightText,
  isSearchKind,
  parseSearchQuery,
  scopeText,
  scopeTokensForGrants,
  SEARCH_KIND_LABELS,
  type SearchKind,
  type SearchTerm,
} from '~/domain/search-text'
import { pathIds } from '~/domain/settings'
import { formatUiDateShort } from '~/domain/vn-date'
import type { RichText } from '~/rich-text/types'
import { toPlainText } from '~/rich-text/validate'
import { isPublished, meetingTitle, type Meeting } from './meetings.server'

export { SEARCH_KINDS, SEARCH_KIND_LABELS, isSearchKind, type SearchKind } from '~/domain/search-text'

/** Title matches weigh this much more than body matches in the bm25 ranking; scope tokens nothing. */
const TITLE_WEIGHT = 8
export const DEFAULT_PAGE_SIZE = 20
const MAX_PAGE = 500

// ---------------------------------------------------------------------------------------------
// Indexing

type QueueKind = SearchKind | 'meeting' | 'org'

/** One row of search_docs as the indexer builds it (original, unfolded text). */
type IndexRow = {
  variant: string
  orgId: string
  meetingId: string | null
  /** What the visibility rule tests besides the organisation: publication, status. */
  gate: string
  /** The contribution's author (member id) or the remark's inspector (user id). */
  ownerId: string | null
  title: string
  subtitle: string | null
  /** Indexed with the title but not shown (a document's type, number and issuer). */
  keywords: string
  body: string
  shownAt: string | null
}

const plain = (doc: unknown) => (doc ? toPlainText(doc as RichText) : '')
const lowerFirst = (s: string) => (s ? s[0].toLocaleLowerCase('vi') + s.slice(1) : s)

type Section = { title?: string; body?: unknown }
function narrativeText(sections: unknown): string {
  if (!Array.isArray(sections)) return ''
  return (sections as Section[])
    .map((s) => [s.title ?? '', plain(s.body)].filter(Boolean).join('\n'))
    .filter(Boolean)
    .join('\n\n')
}

/** Reads the source tables and rewrites the index rows of one queued item. One per drain. */
class Indexer {
  private paths = new Map<string, string | null>()
  private meetingCache = new Map<string, Meeting | null>()
  private done = new Set<string>()
  private readonly now = new Date().toISOString()
  private readonly stmts

  constructor(private readonly db: DB) {
    const c = db.$client
    this.stmts = {
      existing: c.prepare<[string, string], { id: number; variant: string }>('SELECT id, variant FROM search_docs WHERE kind = ? AND ref_id = ?'),
      deleteDoc: c.prepare<[number]>('DELETE FROM search_docs WHERE id = ?'),
      deleteFts: c.prepare<[number]>('DELETE FROM search_index WHERE rowid = ?'),
      insertFts: c.prepare<[number, string, string, string]>('INSERT INTO search_index (rowid, title, body, scope) VALUES (?, ?, ?, ?)'),
      insertDoc: c.prepare(
        `INSERT INTO search_docs (kind, ref_id, variant, org_id, meeting_id, gate, owner_id, title, subtitle, keywords, body, shown_at, indexed_at)
         VALUES (@kind, @refId, @variant, @orgId, @meetingId, @gate, @ownerId, @title, @subtitle, @keywords, @body, @shownAt, @indexedAt)`,
      ),
      updateDoc: c.prepare(
        `UPDATE search_docs SET org_id = @orgId, meeting_id = @meetingId, gate = @gate, owner_id = @ownerId, title = @title,
           subtitle = @subtitle, keywords = @keywords, body = @body, shown_at = @shownAt, indexed_at = @indexedAt WHERE id = @id`,
      ),
      byMeeting: c.prepare<[string, string], { refId: string }>('SELECT ref_id AS refId FROM search_docs WHERE meeting_id = ? AND kind = ?'),
      byOrg: c.prepare<[string], { id: number; title: string; keywords: string; body: string }>('SELECT id, title, keywords, body FROM search_docs WHERE org_id = ?'),
    }
  }

  process(kind: QueueKind, refId: string): void {
    const key = `${kind}:${refId}`
    if (this.done.has(key)) return
    this.done.add(key)
    switch (kind) {
      case 'agenda':
        return this.sync(kind, refId, this.agendaRows(refId))
      case 'minutes':
        return this.sync(kind, refId, this.minutesRows(refId))
      case 'document':
        return this.sync(kind, refId, this.documentRows(refId))
      case 'contribution':
        return this.sync(kind, refId, this.contributionRows(refId))
      case 'remark':
        return this.sync(kind, refId, this.remarkRows(refId))
      case 'meeting':
        return this.expandMeeting(refId)
      case 'org':
        return this.rescopeOrg(refId)
    }
  }

  private orgPath(orgId: string): string | null {
    if (!this.paths.has(orgId)) {
      const row = this.db.select({ path: organizations.path }).from(organizations).where(eq(organizations.id, orgId)).get()
      this.paths.set(orgId, row?.path ?? null)
    }
    return this.paths.get(orgId) ?? null
  }

  private meeting(meetingId: string): Meeting | null {
    if (!this.meetingCache.has(meetingId)) {
      this.meetingCache.set(meetingId, this.db.select().from(meetings).where(eq(meetings.id, meetingId)).get() ?? null)
    }
    return this.meetingCache.get(meetingId) ?? null
  }

  /** Replaces the index rows of (kind, refId) by `rows` (one per variant; none = gone). */
  private sync(kind: SearchKind, refId: string, rows: IndexRow[]): void {
    const existing = new Map(this.stmts.existing.all(kind, refId).map((r) => [r.variant, r.id]))
    for (const row of rows) {
      const path = this.orgPath(row.orgId)
      if (path === null) continue
      const values = { ...row, kind, refId, indexedAt: this.now }
      let id = existing.get(row.variant)
      if (id !== undefined) {
        existing.delete(row.variant)
        this.stmts.deleteFts.run(id)
        this.stmts.updateDoc.run({ ...values, id })
      } else {
        id = Number(this.stmts.insertDoc.run(values).lastInsertRowid)
      }
      this.stmts.insertFts.run(id, foldText(`${row.title}\n${row.keywords}`), foldText(row.body), scopeText(path))
    }
    for (const id of existing.values()) {
      this.stmts.deleteFts.run(id)
      this.stmts.deleteDoc.run(id)
    }
  }

  private agendaRows(itemId: string): IndexRow[] {
    const item = this.db.select().from(agendaItems).where(eq(agendaItems.id, itemId)).get()
    const m = item ? this.meeting(item.meetingId) : null
    if (!item || !m) return []
    return [
      {
        variant: '',
        orgId: m.cellId,
        meetingId: m.id,
        gate: isPublished(m) ? 'published' : 'unpublished',
        ownerId: null,
        title: item.title,
        subtitle: meetingTitle(m),
        keywords: '',
        body: plain(item.body),
        shownAt: m.startsAt,
      },
    ]
  }

  private minutesRows(meetingId: string): IndexRow[] {
    const m = this.meeting(meetingId)
    if (!m) return []
    const stored = this.db.select({ sections: minutes.sections }).from(minutes).where(eq(minutes.meetingId, meetingId)).get()
    const signed = this.db
      .select({ snapshot: minutesVersions.snapshot, signedAt: minutesVersions.signedAt })
      .from(minutesVersions)
      .where(and(eq(minutesVersions.meetingId, meetingId), eq(minutesVersions.status, 'signed')))
      .orderBy(desc(minutesVersions.versionNo))
      .limit(1)
      .get()
    let signedText = ''
    if (signed) {
      try {
        signedText = narrativeText((JSON.parse(signed.snapshot) as { narrative?: unknown }).narrative)
      } catch {
        signedText = ''
      }
    }
    const liveText = stored?.sections?.length ? narrativeText(stored.sections) : ''
    const title = `Biên bản ${lowerFirst(meetingTitle(m))}`
    const signedLine = signed?.signedAt ? `Đã ký ngày ${formatUiDateShort(signed.signedAt)}` : 'Đã ký'
    const base = { orgId: m.cellId, meetingId: m.id, gate: '', ownerId: null, title, keywords: '', shownAt: m.startsAt }
    const rows: IndexRow[] = []
    if (signed) rows.push({ ...base, variant: 'signed', subtitle: signedLine, body: signedText })
    if (signed || stored?.sections?.length) {
      const state = m.status === 'signed' && signed ? signedLine : signed ? 'Đang lập bản đính chính' : m.status === 'signing' ? 'Đang chờ ký' : 'Đang soạn, chưa ký'
      rows.push({ ...base, variant: 'draft', subtitle: state, body: liveText || signedText })
    }
    return rows
  }

  private documentRows(documentId: string): IndexRow[] {
    const d = this.db
      .select({
        orgId: documents.orgId,
        docType: documents.docType,
        numberText: documents.numberText,
        issuedOn: documents.issuedOn,
        issuer: documents.issuer,
        title: documents.title,
        status: documents.status,
        body: documents.body,
        meetingId: documents.meetingId,
        createdAt: documents.createdAt,
      })
      .from(documents)
      .where(eq(documents.id, documentId))
      .get()
    if (!d) return []
    const citation = citeDocument(d)
    return [
      {
        variant: '',
        orgId: d.orgId,
        meetingId: d.meetingId,
        gate: d.status,
        ownerId: null,
        title: d.title,
        subtitle: citation,
        keywords: citation,
        body: plain(d.body),
        shownAt: d.issuedOn ?? d.createdAt,
      },
    ]
  }

  private contributionRows(contributionId: string): IndexRow[] {
    const row = this.db
      .select({ c: contributions, authorName: members.fullName })
      .from(contributions)
      .innerJoin(members, eq(contributions.memberId, members.id))
      .where(eq(contributions.id, contributionId))
      .get()
    const m = row ? this.meeting(row.c.meetingId) : null
    if (!row || !m) return []
    return [
      {
        variant: '',
        orgId: m.cellId,
        meetingId: m.id,
        gate: row.c.status,
        ownerId: row.c.memberId,
        title: row.c.title,
        subtitle: `${row.authorName} — ${meetingTitle(m)}`,
        keywords: '',
        body: plain(row.c.body),
        shownAt: row.c.submittedAt ?? row.c.updatedAt,
      },
    ]
  }

  private remarkRows(remarkId: string): IndexRow[] {
    const r = this.db.select().from(inspectionRemarks).where(eq(inspectionRemarks.id, remarkId)).get()
    if (!r) return []
    const m = r.meetingId ? this.meeting(r.meetingId) : null
    const period =
      r.periodFrom && r.periodTo ? ` từ ${formatUiDateShort(r.periodFrom)} đến ${formatUiDateShort(r.periodTo)}` : r.periodFrom ? ` từ ${formatUiDateShort(r.periodFrom)}` : ''
    const title = m ? `Nhận xét kiểm tra: ${meetingTitle(m)}` : `Nhận xét kiểm tra${period}`
    const by = [r.inspectorName, r.inspectorBody].filter(Boolean).join(', ')
    const body = [r.remarks, r.requestedFixes ? `Yêu cầu khắc phục: ${r.requestedFixes}` : '', r.reply ? `Trả lời của chi bộ: ${r.reply}` : '']
      .filter(Boolean)
      .join('\n')
    return [
      {
        variant: '',
        orgId: r.orgId,
        meetingId: r.meetingId,
        gate: r.status,
        ownerId: r.inspectorUserId,
        title,
        subtitle: `${by} · ${REMARK_STATUS_LABELS[r.status] ?? r.status}`,
        keywords: '',
        body,
        shownAt: r.signedAt ?? r.createdAt,
      },
    ]
  }

  /** A meeting changed (title, date, status, publication, signers) or went away. */
  private expandMeeting(meetingId: string): void {
    this.meetingCache.delete(meetingId)
    const ids = (kind: SearchKind, current: { id: string }[]) => new Set([...current.map((r) => r.id), ...this.stmts.byMeeting.all(meetingId, kind).map((r) => r.refId)])
    const agenda = ids('agenda', this.db.select({ id: agendaItems.id }).from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).all())
    const contribs = ids('contribution', this.db.select({ id: contributions.id }).from(contributions).where(eq(contributions.meetingId, meetingId)).all())
    const remarks = ids('remark', this.db.select({ id: inspectionRemarks.id }).from(inspectionRemarks).where(eq(inspectionRemarks.meetingId, meetingId)).all())
    for (const id of agenda) this.process('agenda', id)
    for (const id of contribs) this.process('contribution', id)
    for (const id of remarks) this.process('remark', id)
    this.process('minutes', meetingId)
  }

  /** An organisation moved: its rows get the new scope tokens (or go, if it is gone). */
  private rescopeOrg(orgId: string): void {
    this.paths.delete(orgId)
    const path = this.orgPath(orgId)
    for (const row of this.stmts.byOrg.all(orgId)) {
      this.stmts.deleteFts.run(row.id)
      if (path === null) this.stmts.deleteDoc.run(row.id)
      else this.stmts.insertFts.run(row.id, foldText(`${row.title}\n${row.keywords}`), foldText(row.body), scopeText(path))
    }
  }
}

/**
 * Brings the index up to date with up to `limit` queued changes, in one IMMEDIATE transaction.
 * Returns how many queue entries were handled (0 when there was nothing to do).
 */
export function drainSearchQueue(db: DB, limit = 5000): number {
  const client = db.$client
  if (!client.prepare('SELECT 1 FROM search_queue LIMIT 1').get()) return 0
  const drain = client.transaction(() => {
    const queued = client.prepare<[number], { kind: QueueKind; refId: string }>('SELECT kind, ref_id AS refId FROM search_queue LIMIT ?').all(limit)
    const dequeue = client.prepare<[string, string]>('DELETE FROM search_queue WHERE kind = ? AND ref_id = ?')
    const indexer = new Indexer(db)
    for (const q of queued) {
      dequeue.run(q.kind, q.refId)
      indexer.process(q.kind, q.refId)
    }
    return queued.length
  })
  return drain.immediate()
}

const ENQUEUE_EVERYTHING = `INSERT OR IGNORE INTO search_queue (kind, ref_id)
  SELECT 'agenda', id FROM agenda_items
  UNION ALL SELECT 'minutes', meeting_id FROM minutes
  UNION ALL SELECT 'minutes', meeting_id FROM minutes_versions
  UNION ALL SELECT 'document', id FROM documents
  UNION ALL SELECT 'contribution', id FROM contributions
  UNION ALL SELECT 'remark', id FROM inspection_remarks`

/**
 * Rebuilds the whole index from the source tables (`npm run cli -- search-reindex`, the seeds):
 * empties it, queues everything, drains in batches of `batch` (one transaction each), optimises.
 */
export function rebuildSearchIndex(db: DB, opts: { batch?: number; onProgress?: (indexed: number) => void } = {}): number {
  const client = db.$client
  client.transaction(() => {
    client.exec(`INSERT INTO search_index (search_index) VALUES ('delete-all')`)
    client.exec('DELETE FROM search_docs')
    client.exec('DELETE FROM search_queue')
    client.exec(ENQUEUE_EVERYTHING)
  }).immediate()
  let total = 0
  for (let n = drainSearchQueue(db, opts.batch ?? 5000); n > 0; n = drainSearchQueue(db, opts.batch ?? 5000)) {
    total += n
    opts.onProgress?.(total)
  }
  client.exec(`INSERT INTO search_index (search_index) VALUES ('optimize')`)
  return total
}

/** True while changes wait to be indexed (a search may then miss the newest of them). */
export function searchIndexPending(db: Executor): boolean {
  return Boolean(db.get<{ n: number } | undefined>(sql`SELECT 1 AS n FROM search_queue LIMIT 1`))
}

// ---------------------------------------------------------------------------------------------
// Visibility, inside the SQL (aliases: d = search_docs, o = the holding organisation, m = meeting)

function pathSql(filter: PathFilter): SQL {
  if (filter.all) return sql`1`
  const parts = [...filter.exact.map((p) => sql`o.path = ${p}`), ...filter.subtree.map((p) => sql`o.path LIKE ${`${p}%`}`)]
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`0`
}

/** Organisations where the actor holds one of these cell roles (exactly there, not below). */
function rolePaths(actor: Actor, roles: readonly Role[]): PathFilter {
  if (actor.isSystemAdmin) return { all: true, exact: [], subtree: [] }
  return { all: false, exact: [...new Set(actor.grants.filter((g) => roles.includes(g.role)).map((g) => g.orgPath))], subtree: [] }
}

/** visibleDocuments() on search_docs: the reader's organisations and their ancestors, and subtrees. */
function documentRule(actor: Actor): SQL {
  const filter = pathFilter(actor, 'meeting:read')
  if (filter.all) return sql`1`
  const ids = new Set<string>()
  for (const p of [...filter.exact, ...filter.subtree]) for (const id of pathIds(p)) ids.add(id)
  const parts: SQL[] = []
  if (ids.size) parts.push(sql`d.org_id IN (${sql.join([...ids].map((id) => sql`${id}`), sql`, `)})`)
  for (const p of filter.subtree) parts.push(sql`o.path LIKE ${`${p}%`}`)
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`0`
}

export function visibilityCondition(actor: Actor): SQL {
  const on = (permission: Permission) => pathSql(pathFilter(actor, permission))
  const read = on('meeting:read')
  const record = on('meeting:record')
  const inspect = on('inspection:read')
  const me = actor.memberId
  const mine = me ? sql`d.owner_id = ${me}` : sql`0`
  const signer = me ? sql`(m.chair_member_id = ${me} OR m.secretary_member_id = ${me})` : sql`0`
  const drafter = sql`(${record} OR ${inspect} OR coalesce(${signer}, 0))`
  return sql`(
    (d.kind = 'agenda' AND ((d.gate = 'published' AND ${read}) OR ${on('meeting:plan')} OR ${record}))
    OR (d.kind = 'minutes' AND ${read} AND d.variant = CASE WHEN ${drafter} THEN 'draft' ELSE 'signed' END)
    OR (d.kind = 'document' AND ${documentRule(actor)})
    OR (d.kind = 'contribution' AND ${read} AND (${mine} OR (d.gate <> 'draft' AND ${on('contribution:review')})))
    OR (d.kind = 'remark' AND (d.owner_id = ${actor.userId} OR (d.gate <> 'draft' AND (${pathSql(rolePaths(actor, CELL_REMARK_READER_ROLES))} OR ${inspect}))))
  )`
}

// ---------------------------------------------------------------------------------------------
// Searching

export type SearchResult = {
  kind: SearchKind
  kindLabel: string
  title: string
  /** The title, escaped, with <mark> around the matched words. */
  titleHtml: string
  /** An escaped excerpt with <mark> around the matched words ('' when there is no text). */
  snippetHtml: string
  /** Where the result is shown: meeting, minutes, document, contribution or remark page. */
  href: string
  /** The organisation holding it (the cell, or the register's organisation for documents). */
  cellName: string
  /** Meeting start, document issue date, submission or signing time (ISO). */
  date: string | null
  /** The meeting, citation, author or signing state: a second line under the title. */
  subtitle: string | null
}

export type SearchOutcome = {
  query: string
  status: 'ok' | 'empty' | 'too_short'
  /** What to do when the query was refused (Vietnamese). */
  hint: string | null
  kind: SearchKind | null
  /** Matches of `kind` (or of every kind). */
  total: number
  /** Matches per kind, for the filter tabs. */
  counts: Record<SearchKind, number>
  page: number
  pageSize: number
  pages: number
  results: SearchResult[]
  /** Changes still wait to be indexed (only after a very large import, until the next searches). */
  pending: boolean
}

type Hit = {
  kind: SearchKind
  refId: string
  meetingId: string | null
  ownerId: string | null
  title: string
  subtitle: string | null
  body: string
  shownAt: string | null
  orgName: string
}

function hrefOf(actor: Actor, hit: Hit): string {
  switch (hit.kind) {
    case 'agenda':
      return `/meetings/${hit.meetingId}#item-${hit.refId}`
    case 'minutes':
      return `/meetings/${hit.refId}/minutes`
    case 'document':
      return `/documents/${hit.refId}`
    case 'contribution':
      return actor.memberId && hit.ownerId === actor.memberId
        ? `/meetings/${hit.meetingId}/contribute?id=${hit.refId}`
        : `/meetings/${hit.meetingId}/contributions#c-${hit.refId}`
    case 'remark':
      return `/remarks/${hit.refId}`
  }
}

function emptyCounts(): Record<SearchKind, number> {
  return { agenda: 0, minutes: 0, document: 0, contribution: 0, remark: 0 }
}

/**
 * Searches what the actor may read. Every word must occur (folded: "nghi quyet 22" finds "Nghị
 * quyết 22"), the last one as a prefix; ranked by bm25 with the title weighing more, then newest.
 */
export function search(
  db: DB,
  actor: Actor,
  q: string,
  opts: { page?: number; pageSize?: number; kind?: SearchKind | null } = {},
): SearchOutcome {
  try {
    drainSearchQueue(db)
  } catch (error) {
    // Another connection holds the write lock past busy_timeout (a long import): search what is
    // indexed and say so (`pending`), rather than fail the page.
    if (!String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY')) throw error
  }
  const pageSize = Math.min(Math.max(Math.trunc(opts.pageSize ?? DEFAULT_PAGE_SIZE), 1), 100)
  const kind = opts.kind ?? null
  const parsed = parseSearchQuery(q)
  const outcome: SearchOutcome = {
    query: q,
    status: parsed.status,
    hint: parsed.status === 'ok' ? null : parsed.hint,
    kind,
    total: 0,
    counts: emptyCounts(),
    page: 1,
    pageSize,
    pages: 0,
    results: [],
    pending: searchIndexPending(db),
  }
  if (parsed.status !== 'ok') return outcome
  const scope = actor.isSystemAdmin ? null : scopeTokensForGrants(actor.grants)
  if (scope !== null && scope.length === 0) return outcome

  const match = buildMatchExpression(parsed.terms, scope)
  const from = sql`search_index
    CROSS JOIN search_docs d ON d.id = search_index.rowid
    CROSS JOIN organizations o ON o.id = d.org_id
    LEFT JOIN meetings m ON m.id = d.meeting_id`
  const where = sql`search_index MATCH ${match} AND ${visibilityCondition(actor)}`

  const counts = db.all<{ kind: string; n: number }>(sql`SELECT d.kind AS kind, count(*) AS n FROM ${from} WHERE ${where} GROUP BY d.kind`)
  for (const c of counts) if (isSearchKind(c.kind)) outcome.counts[c.kind] = c.n
  outcome.total = kind ? outcome.counts[kind] : Object.values(outcome.counts).reduce((a, b) => a + b, 0)
  outcome.pages = Math.ceil(outcome.total / pageSize)
  outcome.page = Math.min(Math.max(Math.trunc(opts.page ?? 1) || 1, 1), Math.max(outcome.pages, 1), MAX_PAGE)
  if (outcome.total === 0) return outcome

  const hits = db.all<Hit>(sql`
    SELECT d.kind AS kind, d.ref_id AS refId, d.meeting_id AS meetingId, d.owner_id AS ownerId, d.title AS title,
           d.subtitle AS subtitle, d.body AS body, d.shown_at AS shownAt, o.name AS orgName
    FROM ${from}
    WHERE ${where}${kind ? sql` AND d.kind = ${kind}` : sql``}
    ORDER BY bm25(search_index, ${TITLE_WEIGHT}, 1.0, 0.0), d.shown_at DESC, d.id
    LIMIT ${pageSize} OFFSET ${(outcome.page - 1) * pageSize}`)
  outcome.results = hits.map((hit) => toResult(actor, hit, parsed.terms))
  return outcome
}

function toResult(actor: Actor, hit: Hit, terms: SearchTerm[]): SearchResult {
  return {
    kind: hit.kind,
    kindLabel: SEARCH_KIND_LABELS[hit.kind],
    title: hit.title,
    titleHtml: highlightText(hit.title, terms),
    snippetHtml: highlightSnippet(hit.body, terms),
    href: hrefOf(actor, hit),
    cellName: hit.orgName,
    date: hit.shownAt,
    subtitle: hit.subtitle,
  }
}

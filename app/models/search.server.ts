// Full-text search over agendas, minutes, documents, contributions and inspection remarks (issue 7
// item 4), within what the user may read, diacritic-insensitive, ranked, with highlighted snippets.
//
// Storage (db/migrations/0005_search_index.sql, 0008_search_per_meeting.sql; ADR 009): `search_docs`
// holds one row per searchable thing — one per meeting AGENDA, not per item — with its original text
// and the attributes the visibility rules test; `search_index` is a contentless FTS5 table sharing its
// rowid, whose tokenizer folds the text (app/domain/search-text.ts indexText); `search_terms` is its
// vocabulary, for prefixes. SQL triggers on the source tables put (kind, id) into `search_queue` in
// the writer's own transaction, and drainSearchQueue() brings the index up to date — at the start of
// every search, so a search always sees every committed change.
//
// Who reads what (the same rules as the pages the results link to, applied inside the SQL):
// - agendas: readers of the cell once the agenda is published; before that, those who plan or keep
//   the record (canSeeUnpublished);
// - minutes: members read the text of the current SIGNED version once one exists; those who draft
//   (meeting:record, the chair, the minute-taker) and inspectors search the narrative being written
//   (falling back to the signed text), never both — one result per meeting (one row for both when
//   the two texts are the same);
// - documents: registered at an organisation the user reads or at one of its ancestors, or in an
//   admin's/inspector's subtree (visibleDocuments);
// - contributions: the author always (drafts are private, even from administrators); the cell's
//   secretary, deputy and chi ủy once submitted (getContribution);
// - inspection remarks: the inspector who wrote it; once signed (not a draft) the cell's
//   secretary, deputy and chi ủy and inspectors of the subtree (remarkVisibility);
// - criticism items are never indexed (confidential).
import type Database from 'better-sqlite3'
import { and, desc, eq, sql, type SQL } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import type { DB, Executor } from '../../db/client.server'
import * as schema from '../../db/schema'
import { agendaItems, contributions, documents, inspectionRemarks, meetings, members, minutes, minutesVersions, organizations } from '../../db/schema'
import { citeDocument } from '~/domain/citation'
import { REMARK_STATUS_LABELS, type Role } from '~/domain/constants'
import { pathFilter, type Actor, type PathFilter, type Permission } from '~/domain/permissions'
import { CELL_REMARK_READER_ROLES } from '~/domain/remarks'
import {
  buildMatchExpression,
  findMatches,
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
  wordsOf,
} from '~/domain/search-text'
import {
  agendaRow,
  contributionRowOf,
  indexedTextOf,
  minutesRowsOf,
  narrativeText,
  plain,
  signedNarrativeText,
  type ContributionSource,
  type IndexRow,
  type MeetingFields,
} from '~/domain/search-rows'
import { pathIds } from '~/domain/settings'
import { formatUiDateShort } from '~/domain/vn-date'
import { meetingTitle, type Meeting } from './meetings.server'

export { SEARCH_KINDS, SEARCH_KIND_LABELS, isSearchKind, type SearchKind } from '~/domain/search-text'

export const DEFAULT_PAGE_SIZE = 20
const MAX_PAGE = 500

// ---------------------------------------------------------------------------------------------
// Indexing

type QueueKind = SearchKind | 'meeting' | 'org'

// The rows themselves are pure functions of what was read (app/domain/search-rows.ts): this Indexer,
// rebuildSearchIndex and the scale generator's worker build exactly the same rows.

const STATEMENTS = {
  existing: 'SELECT id, variant FROM search_docs WHERE kind = ? AND ref_id = ?',
  deleteDoc: 'DELETE FROM search_docs WHERE id = ?',
  deleteFts: 'DELETE FROM search_index WHERE rowid = ?',
  insertFts: 'INSERT INTO search_index (rowid, title, body, scope) VALUES (?, ?, ?, ?)',
  insertTerm: 'INSERT OR IGNORE INTO search_terms (term) VALUES (?)',
  insertDoc: `INSERT INTO search_docs (kind, ref_id, variant, org_id, meeting_id, gate, owner_id, title, subtitle, keywords, body, shown_at, indexed_at)
    VALUES (@kind, @refId, @variant, @orgId, @meetingId, @gate, @ownerId, @title, @subtitle, @keywords, @body, @shownAt, @indexedAt)`,
} as const

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
      existing: c.prepare<[string, string], { id: number; variant: string }>(STATEMENTS.existing),
      deleteDoc: c.prepare<[number]>(STATEMENTS.deleteDoc),
      deleteFts: c.prepare<[number]>(STATEMENTS.deleteFts),
      insertFts: c.prepare<[number, string, string, string]>(STATEMENTS.insertFts),
      insertTerm: c.prepare<[string]>(STATEMENTS.insertTerm),
      insertDoc: c.prepare(STATEMENTS.insertDoc),
      updateDoc: c.prepare(
        `UPDATE search_docs SET org_id = @orgId, meeting_id = @meetingId, gate = @gate, owner_id = @ownerId, title = @title,
           subtitle = @subtitle, keywords = @keywords, body = @body, shown_at = @shownAt, indexed_at = @indexedAt WHERE id = @id`,
      ),
      byMeeting: c.prepare<[string, string], { refId: string }>('SELECT ref_id AS refId FROM search_docs WHERE meeting_id = ? AND kind = ?'),
      byOrg: c.prepare<[string], { kind: SearchKind; refId: string }>('SELECT DISTINCT kind, ref_id AS refId FROM search_docs WHERE org_id = ?'),
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
    for (const { indexedBody, ...row } of rows) {
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
      const { title, body } = indexedTextOf({ ...row, indexedBody })
      this.stmts.insertFts.run(id, title, body, scopeText(path))
      for (const word of wordsOf(foldText(`${title}\n${body}`))) this.stmts.insertTerm.run(word)
    }
    for (const id of existing.values()) {
      this.stmts.deleteFts.run(id)
      this.stmts.deleteDoc.run(id)
    }
  }

  /** `meetingId`: the agenda is indexed per meeting (the queue holds the meeting's id). */
  private agendaRows(meetingId: string): IndexRow[] {
    const m = this.meeting(meetingId)
    if (!m) return []
    const items = this.db
      .select({ title: agendaItems.title, body: agendaItems.body })
      .from(agendaItems)
      .where(eq(agendaItems.meetingId, meetingId))
      .orderBy(agendaItems.position, agendaItems.id)
      .all()
    const row = agendaRow(m, items)
    return row ? [row] : []
  }

  private minutesRows(meetingId: string): IndexRow[] {
    const m = this.meeting(meetingId)
    if (!m) return []
    const stored = this.db.select({ sections: minutes.sections }).from(minutes).where(eq(minutes.meetingId, meetingId)).get()
    const signed = this.db
      .select({ narrative: sql<string | null>`json_extract(${minutesVersions.snapshot}, '$.narrative')`, signedAt: minutesVersions.signedAt })
      .from(minutesVersions)
      .where(and(eq(minutesVersions.meetingId, meetingId), eq(minutesVersions.status, 'signed')))
      .orderBy(desc(minutesVersions.versionNo))
      .limit(1)
      .get()
    const liveText = stored?.sections?.length ? narrativeText(stored.sections) : ''
    return minutesRowsOf(m, liveText, signed ? { text: signedNarrativeText(signed.narrative), signedAt: signed.signedAt } : null)
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
    return [contributionRowOf(m, { ...row.c, authorName: row.authorName })]
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
    const contribs = ids('contribution', this.db.select({ id: contributions.id }).from(contributions).where(eq(contributions.meetingId, meetingId)).all())
    const remarks = ids('remark', this.db.select({ id: inspectionRemarks.id }).from(inspectionRemarks).where(eq(inspectionRemarks.meetingId, meetingId)).all())
    this.process('agenda', meetingId)
    for (const id of contribs) this.process('contribution', id)
    for (const id of remarks) this.process('remark', id)
    this.process('minutes', meetingId)
  }

  /** An organisation moved: its rows are indexed again with the new scope tokens (or go, if it is gone). */
  private rescopeOrg(orgId: string): void {
    this.paths.delete(orgId)
    for (const row of this.stmts.byOrg.all(orgId)) {
      this.done.delete(`${row.kind}:${row.refId}`)
      this.process(row.kind, row.refId)
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

/** Memoises a text function: agenda titles, template bodies, meeting titles and paths repeat a lot. */
function memo<T>(fn: (key: string) => T, max = 20_000): (key: string) => T {
  let cache = new Map<string, T>()
  return (key) => {
    let v = cache.get(key)
    if (v === undefined) {
      v = fn(key)
      if (cache.size >= max) cache = new Map()
      cache.set(key, v)
    }
    return v
  }
}

type MeetingRow = {
  id: string
  cellId: string
  type: Meeting['type']
  topic: string | null
  periodYear: number
  periodMonth: number
  startsAt: string
  status: Meeting['status']
  publishedAt: string | null
  path: string
}

/**
 * Rebuilds the whole index from the source tables — `npm run cli -- search-reindex`, the seeds and the
 * scale generator (db/seed/scale.ts) — in bulk: meetings are read in batches of `batch` with their
 * agenda items, narrative and last signed version, and written with the same row functions as the
 * incremental Indexer (tests/integration/scale.test.ts compares the two). Documents and inspection
 * remarks, few, go through the Indexer itself. Returns the number of index rows.
 */
export function rebuildSearchIndex(
  target: DB | Database.Database,
  opts: {
    batch?: number
    now?: string
    onProgress?: (done: number, total: number, label: string) => void
    /**
     * The caller wrote every signed meeting's narrative and its signed snapshot from the same object
     * (the scale generator): the signed text of a meeting whose status is 'signed' is then taken from
     * the narrative instead of being read out of the snapshot. What the app itself guarantees too
     * (the narrative is only edited in 'minutes_draft'; verify-chain reports any other change), but
     * a rebuild for repair must not assume it. tests/integration/scale.test.ts compares the rows.
     */
    signedIsNarrative?: boolean
  } = {},
): number {
  const client: Database.Database = '$client' in target ? target.$client : target
  const db: DB = '$client' in target ? target : (drizzle(client, { schema }) as DB)
  const batch = opts.batch ?? 5000
  const now = opts.now ?? new Date().toISOString()
  const progress = opts.onProgress ?? (() => {})

  const plainOf = memo((json: string) => plain(JSON.parse(json)), 5_000)
  const plainBody = (body: unknown) => (typeof body === 'string' ? (body ? plainOf(body) : '') : plain(body))
  const scope = memo(scopeText, 50_000)
  const insertDoc = client.prepare(STATEMENTS.insertDoc)
  const insertFts = client.prepare<[number, string, string, string]>(STATEMENTS.insertFts)
  let rows = 0
  const write = (kind: SearchKind, refId: string, path: string, { indexedBody, ...row }: IndexRow) => {
    const id = Number(insertDoc.run({ ...row, kind, refId, indexedAt: now }).lastInsertRowid)
    const { title, body } = indexedTextOf({ ...row, indexedBody })
    insertFts.run(id, title, body, scope(path))
    rows++
  }

  client
    .transaction(() => {
      client.exec(`INSERT INTO search_index (search_index) VALUES ('delete-all')`)
      client.exec('DELETE FROM search_docs')
      client.exec('DELETE FROM search_queue')
      client.exec('DELETE FROM search_terms')
    })
    .immediate()

  // Agendas and minutes, meeting by meeting (rowid ranges: one transaction per batch).
  const meetingCols = `m.id, m.cell_id AS cellId, m.type, m.topic, m.period_year AS periodYear, m.period_month AS periodMonth, m.starts_at AS startsAt,
    m.status, m.published_at AS publishedAt, o.path`
  const meetingBatch = client.prepare<[{ lo: number; hi: number; trusted: number }], MeetingRow & { items: string | null; sections: string | null; narrativeHead: string | null; signedAt: string | null; signedId: string | null }>(
    `SELECT ${meetingCols},
       (SELECT json_group_array(json_array(a.title, a.body)) FROM (SELECT title, body FROM agenda_items a WHERE a.meeting_id = m.id ORDER BY a.position, a.id) a) AS items,
       n.sections,
       v.id AS signedId, v.signed_at AS signedAt,
       CASE WHEN @trusted AND m.status = 'signed' AND json_array_length(n.sections) > 0 THEN NULL
            ELSE substr(v.snapshot, 1, instr(v.snapshot, '],"record":')) END AS narrativeHead
     FROM meetings m JOIN organizations o ON o.id = m.cell_id
     LEFT JOIN minutes n ON n.meeting_id = m.id
     LEFT JOIN minutes_versions v ON v.id = (SELECT id FROM minutes_versions x WHERE x.meeting_id = m.id AND x.status = 'signed' ORDER BY x.version_no DESC LIMIT 1)
     WHERE m.rowid BETWEEN @lo AND @hi`,
  )
  // A snapshot is canonical JSON (keys sorted), so it starts with {"narrative":[…],"record":… and the
  // narrative is parsed from that head alone — the record is most of the 15 KB. A head that does not
  // parse (a "],"record":" inside the narrative cut it short) falls back to the whole snapshot.
  const narrativeOf = client.prepare<[string], { narrative: string | null }>(`SELECT json_extract(snapshot, '$.narrative') AS narrative FROM minutes_versions WHERE id = ?`)
  const signedText = (versionId: string, head: string | null): string => {
    const prefix = '{"narrative":'
    if (head?.startsWith(prefix)) {
      try {
        return narrativeText(JSON.parse(`${head.slice(prefix.length)}`))
      } catch {
        // fall through
      }
    }
    return signedNarrativeText(narrativeOf.get(versionId)?.narrative)
  }
  const span = (table: string) => client.prepare(`SELECT coalesce(min(rowid), 0) AS lo, coalesce(max(rowid), -1) AS hi FROM ${table}`).get() as { lo: number; hi: number }
  const meetingSpan = span('meetings')
  for (let from = meetingSpan.lo; from <= meetingSpan.hi; from += batch) {
    client.transaction(() => {
      for (const m of meetingBatch.all({ lo: from, hi: from + batch - 1, trusted: opts.signedIsNarrative ? 1 : 0 })) {
        const items = (JSON.parse(m.items ?? '[]') as [string, string | null][]).map(([title, body]) => ({ title, body }))
        const agenda = agendaRow(m, items, plainBody)
        if (agenda) write('agenda', m.id, m.path, agenda)
        const sections = m.sections ? (JSON.parse(m.sections) as unknown[]) : []
        const liveText = sections.length ? narrativeText(sections) : ''
        const trusted = opts.signedIsNarrative && m.status === 'signed' && sections.length > 0
        const signed = m.signedId ? { text: trusted ? liveText : signedText(m.signedId, m.narrativeHead), signedAt: m.signedAt } : null
        for (const row of minutesRowsOf(m, liveText, signed)) write('minutes', m.id, m.path, row)
      }
    })()
    progress(Math.min(meetingSpan.hi, from + batch - 1) - meetingSpan.lo + 1, meetingSpan.hi - meetingSpan.lo + 1, 'meetings')
  }

  // Contributions: many (one in ten members per thematic meeting), in batches too.
  const contributionBatch = client.prepare<[number, number], Pick<MeetingFields, 'id' | 'cellId' | 'type' | 'topic' | 'periodYear' | 'periodMonth'> & ContributionSource & { refId: string; path: string; body: string | null }>(
    `SELECT m.id, m.cell_id AS cellId, m.type, m.topic, m.period_year AS periodYear, m.period_month AS periodMonth, m.starts_at AS startsAt, o.path,
       x.id AS refId, x.member_id AS memberId, x.status AS status, x.title AS title, x.body AS body, x.submitted_at AS submittedAt,
       x.updated_at AS updatedAt, mb.full_name AS authorName
     FROM contributions x JOIN members mb ON mb.id = x.member_id JOIN meetings m ON m.id = x.meeting_id JOIN organizations o ON o.id = m.cell_id
     WHERE x.rowid BETWEEN ? AND ?`,
  )
  const contributionSpan = span('contributions')
  for (let from = contributionSpan.lo; from <= contributionSpan.hi; from += batch) {
    client.transaction(() => {
      for (const x of contributionBatch.all(from, from + batch - 1)) write('contribution', x.refId, x.path, contributionRowOf(x, x, plainBody))
    })()
    progress(Math.min(contributionSpan.hi, from + batch - 1) - contributionSpan.lo + 1, contributionSpan.hi - contributionSpan.lo + 1, 'contributions')
  }

  // The prefix vocabulary, from the index itself (its own tokenizer's words of title and body).
  client.exec(`INSERT OR IGNORE INTO search_terms (term) SELECT term FROM search_vocab WHERE col IN ('title', 'body')`)

  // Documents and remarks: few; through the Indexer.
  client.exec(`INSERT OR IGNORE INTO search_queue (kind, ref_id) SELECT 'document', id FROM documents UNION ALL SELECT 'remark', id FROM inspection_remarks`)
  for (let n = drainSearchQueue(db, batch); n > 0; n = drainSearchQueue(db, batch)) rows += n
  client.exec(`INSERT INTO search_index (search_index) VALUES ('optimize')`)
  return rows
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
    OR (d.kind = 'minutes' AND ${read} AND d.variant IN ('', CASE WHEN ${drafter} THEN 'draft' ELSE 'signed' END))
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
      return `/meetings/${hit.refId}`
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

  const terms = expandPrefixes(db.$client, parsed.terms)
  if (terms === null) return outcome
  const match = buildMatchExpression(terms, scope)
  const titleMatch = buildMatchExpression(terms, scope, 'title')

  // One pass over the matches: the visible ones are kept in a temporary b-tree with what the order
  // needs, counted per kind, and only the page's rows are read in full. The order is "every word in
  // the title (or an agenda's item titles) first, then newest": bm25() is not used, because it
  // counts every phrase's documents over the whole index on each query (tens of ms per common word
  // at full size, whatever the user's scope). The ids come up to the requested page: a page past the
  // end is clamped to the last one, which lies within.
  const requested = Math.min(Math.max(Math.trunc(opts.page ?? 1) || 1, 1), MAX_PAGE)
  const rows = db.all<{ part: 'count' | 'page'; kind: string; n: number }>(sql`
    WITH hits AS MATERIALIZED (
      SELECT d.id AS id, d.kind AS kind, d.shown_at AS shownAt,
             d.id IN (SELECT rowid FROM search_index WHERE search_index MATCH ${titleMatch}) AS inTitle
      FROM search_index
      CROSS JOIN search_docs d INDEXED BY search_docs_hit_idx ON d.id = search_index.rowid
      CROSS JOIN organizations o ON o.id = d.org_id
      LEFT JOIN meetings m ON m.id = d.meeting_id AND d.kind = 'minutes'
      WHERE search_index MATCH ${match} AND ${visibilityCondition(actor)}
    )
    SELECT 'count' AS part, kind, count(*) AS n FROM hits GROUP BY kind
    UNION ALL
    SELECT * FROM (
      SELECT 'page' AS part, kind, id AS n FROM hits${kind ? sql` WHERE kind = ${kind}` : sql``}
      ORDER BY inTitle DESC, shownAt DESC, id LIMIT ${requested * pageSize})`)
  const ranked: number[] = []
  for (const r of rows) {
    if (r.part === 'page') ranked.push(r.n)
    else if (isSearchKind(r.kind)) outcome.counts[r.kind] = r.n
  }
  outcome.total = kind ? outcome.counts[kind] : Object.values(outcome.counts).reduce((a, b) => a + b, 0)
  outcome.pages = Math.ceil(outcome.total / pageSize)
  outcome.page = Math.min(requested, Math.max(outcome.pages, 1))
  const pageIds = ranked.slice((outcome.page - 1) * pageSize, outcome.page * pageSize)
  if (pageIds.length === 0) return outcome

  const hits = db.all<Hit & { id: number }>(sql`
    SELECT d.id AS id, d.kind AS kind, d.ref_id AS refId, d.meeting_id AS meetingId, d.owner_id AS ownerId, d.title AS title,
           d.subtitle AS subtitle, d.body AS body, d.shown_at AS shownAt, o.name AS orgName
    FROM search_docs d JOIN organizations o ON o.id = d.org_id
    WHERE d.id IN (${sql.join(
      pageIds.map((id) => sql`${id}`),
      sql`, `,
    )})`)
  const byId = new Map(hits.map((h) => [h.id, h]))
  outcome.results = pageIds.flatMap((id) => {
    const hit = byId.get(id)
    if (!hit) return []
    return [hit.kind === 'agenda' ? agendaResult(db, hit, terms) : toResult(actor, hit, terms)]
  })
  return outcome
}

/** Most prefix expansions a query uses before it falls back to FTS5's own prefix match. */
const MAX_EXPANSIONS = 64

/**
 * Each prefix term → the indexed words it completes to (search_terms, kept by the indexer). Null
 * when some prefix completes to no word at all: nothing can match. Over MAX_EXPANSIONS words the
 * term stays an FTS5 prefix (correct, only slower).
 */
function expandPrefixes(client: Database.Database, terms: SearchTerm[]): SearchTerm[] | null {
  const lookup = client.prepare<[string, string, number], { term: string }>('SELECT term FROM search_terms WHERE term >= ? AND term < ? ORDER BY term LIMIT ?')
  const out: SearchTerm[] = []
  for (const t of terms) {
    if (!t.prefix) {
      out.push(t)
      continue
    }
    const last = t.tokens[t.tokens.length - 1]
    const words = lookup.all(last, `${last}\u{10ffff}`, MAX_EXPANSIONS + 1).map((r) => r.term)
    if (words.length === 0) return null
    out.push(words.length > MAX_EXPANSIONS ? t : { ...t, expansions: words })
  }
  return out
}

const agendaItemsStatements = new WeakMap<Database.Database, Database.Statement<[string], { id: string; title: string; body: string | null }>>()

/**
 * An agenda result: the meeting's agenda, linked to the item where the words occur (the one with the
 * most of them, then the first), its title as the second line and the snippet cut from its text. The
 * items are read live — the index is drained before every search, so they are what was matched.
 */
function agendaResult(db: DB, hit: Hit, terms: SearchTerm[]): SearchResult {
  let itemsOf = agendaItemsStatements.get(db.$client)
  if (!itemsOf) {
    itemsOf = db.$client.prepare<[string], { id: string; title: string; body: string | null }>('SELECT id, title, body FROM agenda_items WHERE meeting_id = ? ORDER BY position, id')
    agendaItemsStatements.set(db.$client, itemsOf)
  }
  const items = itemsOf.all(hit.refId)
  let best: { id: string; title: string; text: string; score: number } | null = null
  for (const item of items) {
    const text = item.body ? plain(JSON.parse(item.body)) : ''
    const found = new Set([...findMatches(item.title, terms), ...findMatches(text, terms)].map((s) => s.term))
    const score = found.size
    if (score > 0 && (!best || score > best.score)) best = { id: item.id, title: item.title, text, score }
  }
  return {
    kind: 'agenda',
    kindLabel: SEARCH_KIND_LABELS.agenda,
    title: hit.title,
    titleHtml: highlightText(hit.title, terms),
    // A match in the meeting's title only: the agenda's items as the excerpt.
    snippetHtml: best ? highlightSnippet(best.text || best.title, terms) : highlightSnippet(items.map((i) => i.title).join(' · '), terms),
    href: best ? `/meetings/${hit.refId}#item-${best.id}` : `/meetings/${hit.refId}`,
    cellName: hit.orgName,
    date: hit.shownAt,
    subtitle: best ? best.title : null,
  }
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

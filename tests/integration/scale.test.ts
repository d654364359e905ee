// The scale generator (db/seed/scale.ts, issue 8) on a small size: the app's own invariants must hold
// on what it writes — every cell's chain verifies (including the live-record comparison), meetings per
// cell-year and attendance per meeting agree with the cell's membership, the in-memory snapshots are
// exactly buildRecordSnapshot()'s, and the bulk search index is the indexer's.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type DB } from '../../db/client.server'
import { seedScale, type ScaleResult } from '../../db/seed/scale'
import { canonicalJson } from '../../app/domain/minutes-hash'
import { staleComplianceFacts } from '../../app/models/compliance-facts.server'
import { buildRecordSnapshot, cellsWithSignedMinutes, verifyCellChain } from '../../app/models/minutes.server'
import { rebuildSearchIndex, search } from '../../app/models/search.server'
import { actorFromUser } from '../../app/models/users.server'
import { users } from '../../db/schema'
import { eq } from 'drizzle-orm'

// A few days after the May regular meetings (held on the 3rd–8th), so some minutes are still unsigned
// whatever the random draws.
const NOW = new Date('2026-05-12T03:00:00.000Z')
const OPTIONS = { orgs: 3, cells: 8, members: 120, years: 2, seed: 7, now: NOW, signBench: 6 }
let dir: string
let file: string
let result: ScaleResult
let db: DB

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scb-scale-'))
  file = path.join(dir, 'scale.db')
  // Built by one worker thread, as the CLI does on this machine.
  result = await seedScale(file, { ...OPTIONS, workers: 1 })
  db = openDatabase(file)
}, 120_000)

afterAll(() => {
  db?.$client.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

type Row = Record<string, unknown>
const all = (sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as Row[]

describe('scale dataset (small size)', () => {
  it('has the requested shape', () => {
    expect(all(`SELECT count(*) AS n FROM organizations WHERE kind = 'grassroots'`)[0].n).toBe(3)
    expect(all(`SELECT count(*) AS n FROM organizations WHERE kind IN ('cell_base', 'cell_sub')`)[0].n).toBe(8)
    expect(all(`SELECT count(*) AS n FROM members`)[0].n).toBe(120)
    expect(all(`SELECT count(*) AS n FROM meetings`)[0].n).toBe(result.meetings)
    for (const u of ['bench-secretary', 'bench-member', 'bench-inspector', 'bench-org-inspector', 'bench-signer']) {
      expect(all(`SELECT count(*) AS n FROM users WHERE username = ?`, u)[0].n, u).toBe(1)
    }
  })

  it('leaves a normal file: WAL journal, every foreign key satisfied (it was loaded without checks)', () => {
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(all(`PRAGMA foreign_key_check`)).toEqual([])
  })

  it('the same seed gives the same dataset shape, built in this thread or in a worker', async () => {
    const again = await seedScale(path.join(dir, 'again.db'), { ...OPTIONS, workers: 0 })
    expect(again.rows).toEqual(result.rows)
    expect(Object.values(again.expected)).toEqual(Object.values(result.expected))
    expect(again.signedVersions).toBe(result.signedVersions)
  }, 60_000)

  it('every cell chain verifies, the live record included', () => {
    const cells = cellsWithSignedMinutes(db)
    expect(cells.length).toBe(8)
    let versions = 0
    for (const cell of cells) {
      const res = verifyCellChain(db, cell.id)
      expect(res.problems, cell.name).toEqual([])
      versions += res.versions
    }
    expect(versions).toBe(result.signedVersions)
  })

  it('meetings per cell-year agree with the generator, irregularities included', () => {
    const counts = all(
      `SELECT cell_id AS cellId, period_year AS y, type, count(*) AS n, sum(status = 'cancelled') AS cancelled FROM meetings WHERE type IN ('regular', 'thematic') GROUP BY cell_id, period_year, type`,
    )
    let missed = 0
    for (const [cellId, years] of Object.entries(result.expected)) {
      for (const [y, e] of Object.entries(years)) {
        const reg = counts.find((c) => c.cellId === cellId && c.y === Number(y) && c.type === 'regular')
        const the = counts.find((c) => c.cellId === cellId && c.y === Number(y) && c.type === 'thematic')
        expect(Number(reg?.n ?? 0) + e.missed).toBe(12)
        expect(reg?.n ?? 0).toBe(e.regular)
        expect(the?.n ?? 0).toBe(4)
        expect(Number(reg?.cancelled ?? 0) + Number(the?.cancelled ?? 0)).toBe(e.cancelled)
        missed += e.missed
      }
    }
    expect(missed).toBeGreaterThanOrEqual(0)
    expect(all(`SELECT count(*) AS n FROM meetings WHERE type = 'extraordinary' AND status = 'signing'`)[0].n).toBe(6)
  })

  it("every held meeting's attendance is exactly its cell's members on that day", () => {
    const held = all(`SELECT id, cell_id AS cellId, starts_at AS startsAt FROM meetings WHERE status IN ('in_progress', 'minutes_draft', 'signing', 'signed')`)
    expect(held.length).toBeGreaterThan(100)
    for (const m of held) {
      const day = String(m.startsAt).slice(0, 10)
      const expected = all(
        `SELECT id FROM members WHERE cell_id = ? AND (joined_on IS NULL OR joined_on <= ?) AND (ended_on IS NULL OR ended_on > ?) ORDER BY id`,
        m.cellId,
        day,
        day,
      ).map((r) => r.id)
      const got = all(`SELECT member_id AS id FROM attendance WHERE meeting_id = ? ORDER BY member_id`, m.id).map((r) => r.id)
      expect(got, String(m.id)).toEqual(expected)
    }
    // Not held: no attendance.
    expect(all(`SELECT count(*) AS n FROM attendance a JOIN meetings m ON m.id = a.meeting_id WHERE m.status IN ('planned', 'prepared', 'cancelled')`)[0].n).toBe(0)
  })

  // compliance_facts (migration 0007) is loaded with its triggers off and refilled at the end.
  it('the compliance grid facts agree with the live tables, and the triggers are back', () => {
    expect(all(`SELECT count(*) AS n FROM compliance_facts`)[0].n).toBe(result.meetings)
    expect(staleComplianceFacts(db.$client)).toEqual([])
    expect(all(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'compliance_facts_%'`)[0].n).toBe(18)
  })

  it('stores exactly the snapshot buildRecordSnapshot builds (sample incl. criticism)', () => {
    expect(result.sample.length).toBeGreaterThan(5)
    const withCriticism = all(`SELECT DISTINCT meeting_id AS id FROM criticism_items`).map((r) => String(r.id))
    const ids = new Set([...result.sample, ...withCriticism, ...all(`SELECT meeting_id AS id FROM minutes_versions ORDER BY random() LIMIT 40`).map((r) => String(r.id))])
    for (const id of ids) {
      const v = all(`SELECT snapshot FROM minutes_versions WHERE meeting_id = ?`, id)[0]
      if (!v) continue
      const stored = JSON.parse(String(v.snapshot)) as { record: unknown; narrative: unknown }
      expect(canonicalJson(stored.record), id).toBe(canonicalJson(buildRecordSnapshot(db, id)))
      const narrative = all(`SELECT sections FROM minutes WHERE meeting_id = ?`, id)[0]
      expect(canonicalJson(stored.narrative)).toBe(canonicalJson(JSON.parse(String(narrative.sections))))
    }
  })

  it('irregularities are present: late signatures and recent unsigned minutes', () => {
    const late = all(
      `SELECT count(*) AS n FROM minutes_versions v JOIN meetings m ON m.id = v.meeting_id WHERE v.status = 'signed' AND julianday(v.signed_at) - julianday(m.ended_at) > 7`,
    )[0].n as number
    expect(late).toBeGreaterThan(0)
    expect(all(`SELECT count(*) AS n FROM meetings WHERE status IN ('minutes_draft', 'signing') AND type <> 'extraordinary'`)[0].n).toBeGreaterThan(0)
    expect(all(`SELECT count(*) AS n FROM inspection_remarks`)[0].n).toBeGreaterThan(0)
  })

  it('the bulk search index equals what the indexer writes, and finds seeded content', () => {
    const cols = `kind, ref_id, variant, org_id, coalesce(meeting_id, '') AS meeting_id, gate, coalesce(owner_id, '') AS owner_id, title, coalesce(subtitle, '') AS subtitle, keywords, body, coalesce(shown_at, '') AS shown_at`
    const order = 'ORDER BY kind, ref_id, variant'
    const bulk = all(`SELECT ${cols} FROM search_docs ${order}`)
    // One agenda row per meeting with items (not one per item), one minutes row per signed meeting.
    expect(bulk.filter((r) => r.kind === 'agenda').length).toBe(all(`SELECT count(DISTINCT meeting_id) AS n FROM agenda_items`)[0].n)
    expect(bulk.filter((r) => r.kind === 'minutes' && r.variant === '').length).toBeGreaterThan(0)
    expect(bulk.length).toBeGreaterThan(200)
    expect(all(`SELECT count(*) AS n FROM search_queue`)[0].n).toBe(0)
    const secretary = db.select().from(users).where(eq(users.username, 'bench-secretary')).get()!
    const actor = actorFromUser(db, secretary)
    const found = search(db, actor, 'đảng phí')
    expect(JSON.stringify(found)).toMatch(/đảng phí/i)
    // What FTS5 holds (folded title and body, scope tokens) is not readable back row by row: its
    // vocabulary — every word with the rows and times it occurs in per column — must be the same.
    const vocab = `SELECT term, col, doc, cnt FROM search_vocab ORDER BY term, col`
    const bulkVocab = all(vocab)
    const bulkTerms = all(`SELECT term FROM search_terms ORDER BY term`)
    rebuildSearchIndex(db)
    const indexer = all(`SELECT ${cols} FROM search_docs ${order}`)
    expect(bulk.length).toBe(indexer.length)
    for (let i = 0; i < bulk.length; i++) expect(bulk[i]).toEqual(indexer[i])
    expect(bulkVocab).toEqual(all(vocab))
    expect(bulkTerms).toEqual(all(`SELECT term FROM search_terms ORDER BY term`))
  })
})

// The scale dataset (issue 8 item 1): one upper body the size of Đảng bộ Khối các cơ quan Trung ương
// — 1,000 grass-roots organisations, 5,000 cells, 78,000 members, five years of regular (12/year) and
// thematic (4/year) meetings with agendas, attendance, speeches, votes, tasks, quality scores,
// criticism items, contributions, signed minutes on a real per-cell hash chain, irregularities
// (missed months, late signatures, cancelled meetings, recent unsigned minutes) and inspection remarks;
// then the full-text index, in bulk.
//
// Not through the models (the demo seed's way): ~400,000 meetings × a dozen model calls would take
// hours. Each signed version's snapshot is built IN MEMORY with the same shape and ordering rules as
// buildRecordSnapshot() (app/models/minutes.server.ts) — tests/integration/scale.test.ts checks, on a
// small dataset, that canonicalJson of the two is identical and that verify-chain finds nothing.
//
// Two threads share the work (docs/performance.md, "Generation time"): a worker builds batches of
// cells — rows, snapshots, hashes, the per-cell chain (db/seed/scale-build.ts) — while this thread
// only inserts the previous batch, with multi-row INSERTs prepared once, in one transaction per batch.
// The file is new, so it is loaded without a journal, without foreign-key checks and without its
// secondary indexes (built by sorting at the end of the rows); it is deleted if anything fails, and
// the journal goes back to WAL before it is closed.
//
// The search-queue triggers are dropped while loading and re-created afterwards. The search index
// rows of agendas, minutes and contributions come with each batch — built by the worker with the
// app's own row functions (app/domain/search-rows.ts) — and are inserted with the rest; only the
// vocabulary, documents and remarks are indexed at the end (fillSearchIndex). The test compares the
// result with rebuildSearchIndex() in app/models/search.server.ts.
import fs from 'node:fs'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type Database from 'better-sqlite3'
import { uuidv7 } from 'uuidv7'
import { migrateDatabase, openDatabase, type DB } from '../client.server'
import { hashPassword } from '../../app/auth/password.server'
import { citeDocument } from '../../app/domain/citation'
import type { RemarkStatus } from '../../app/domain/constants'
import { newVerifyCode } from '../../app/domain/minutes-hash'
import { loadAgendaTemplate, PRESENTER_HINT_TEXT } from '../../app/models/agenda.server'
import { drainSearchQueue } from '../../app/models/search.server'
import { foldVietnamese } from '../../app/utils/text'
import { rng } from '../../tests/factories'
import {
  AGENCIES, DAY, POOLED, SEARCH_ROW_WIDTH, TABLE_NAMES, TABLES, UNITS, VERIFY_CODE_COLUMN, createBuilder, iso, pooledText, type Batch, type BuildConfig, type TableName,
} from './scale-build'
import { refillComplianceFacts } from '../../app/models/compliance-facts.server'

export const BENCH_PASSWORD = 'bench1234'

export type ScaleOptions = {
  orgs?: number
  cells?: number
  members?: number
  years?: number
  seed?: number
  /** "Today" for the dataset (default: now): meetings after it are planned, the last weeks' unsigned. */
  now?: Date
  /** Extra meetings waiting for the chair's signature in the second cell, for the `sign` benchmark. */
  signBench?: number
  /** Inspection remarks (default: 6 % of the cells, at least 20, at most 400). */
  remarks?: number
  /** Cells per batch (one worker job, one transaction; default 1: a batch is live until it is inserted, so small ones keep the garbage collectors' work small). */
  batchCells?: number
  /** Threads building batches (default: one less than the cores, at least 1); 0 builds in this thread. */
  workers?: number
  progress?: boolean
  /** Delete an existing file first (otherwise a non-empty file is refused). */
  force?: boolean
}

export type ScaleResult = {
  file: string
  orgs: number
  cells: number
  members: number
  meetings: number
  signedVersions: number
  rows: Record<string, number>
  /** Meetings created per cell and year (regular + thematic; the sign-bench meetings apart). */
  expected: Record<string, Record<number, { regular: number; thematic: number; missed: number; cancelled: number }>>
  signBench: { cellId: string; meetingIds: string[] }
  seconds: { total: number; generate: number; search: number }
  /** A few meetings whose snapshot the test compares with buildRecordSnapshot (criticism ones included). */
  sample: string[]
}

const REMARKS = [
  'Chi bộ duy trì nền nếp sinh hoạt; biên bản ghi chưa đầy đủ ý kiến phát biểu của đảng viên.',
  'Nội dung sinh hoạt chưa gắn với nhiệm vụ chính trị của đơn vị; thời lượng dưới mức tối thiểu.',
  'Biên bản ký chậm so với quy định; đề nghị chi bộ chấn chỉnh.',
  'Chưa thực hiện sinh hoạt chuyên đề theo kế hoạch của quý.',
]

/** Rows per INSERT statement: fewer statement executions, each binding a few hundred values. */
const ROWS_PER_INSERT = 64

// ---------------------------------------------------------------------------------------------
// Progress on stderr: one line rewritten with \r.

function progressBar(enabled: boolean) {
  const started = Date.now()
  let last = 0
  return {
    update(label: string, done: number, total: number, extra = '') {
      if (!enabled) return
      const now = Date.now()
      if (now - last < 200 && done < total) return
      last = now
      const f = total ? done / total : 1
      const width = 30
      const bar = '█'.repeat(Math.round(f * width)).padEnd(width, '░')
      const el = (now - started) / 1000
      const eta = f > 0 && f < 1 ? ` eta ${Math.round((el / f) * (1 - f))}s` : ''
      process.stderr.write(`\r${label} ${bar} ${(f * 100).toFixed(1).padStart(5)}% ${done}/${total} ${extra} ${el.toFixed(0)}s${eta}   `)
    },
    line(text: string) {
      if (enabled) process.stderr.write(`\n${text}\n`)
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Batches of cells, from worker threads or from this one

/** Loads db/seed/scale-worker.ts through tsx's loader: a worker does not inherit the parent's hooks. */
const WORKER_BOOT = `
const { workerData } = require('node:worker_threads')
import(workerData.tsx).then(({ register }) => { register(); return import(workerData.entry) })
`

/**
 * The batches of `jobs`, in order, built by `n` workers: job i goes to worker i mod n, and each worker
 * has at most two jobs outstanding, so it builds the next batch while this thread inserts one and the
 * batches waiting in memory stay few.
 */
async function* workerBatches(config: BuildConfig, jobs: { from: number; to: number }[], n: number): AsyncGenerator<Batch> {
  // tsx's ESM API (its "tsx/esm/api" import export; the CommonJS one cannot register from a worker).
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href
  const entry = new URL('./scale-worker.ts', import.meta.url).href
  // A young generation larger than V8's default (16 MB semi-spaces): the builder allocates ~50 KB of
  // short-lived objects per meeting, and the batch under construction would otherwise be copied by
  // every scavenge.
  const workers = Array.from(
    { length: Math.min(n, jobs.length) },
    () => new Worker(WORKER_BOOT, { eval: true, workerData: { ...config, tsx, entry }, resourceLimits: { maxYoungGenerationSizeMb: 192 } }),
  )
  const waiting = workers.map(() => [] as { resolve: (b: Batch) => void; reject: (e: unknown) => void }[])
  workers.forEach((w, i) => {
    const fail = (e: unknown) => {
      for (const p of waiting[i].splice(0)) p.reject(e)
    }
    w.on('message', (b: Batch) => waiting[i].shift()?.resolve(b))
    w.on('error', fail)
    w.on('exit', (code) => fail(new Error(`scale: worker ${i} exited (${code})`)))
  })
  const results: Promise<Batch>[] = []
  const submit = (j: number) => {
    const i = j % workers.length
    results[j] = new Promise<Batch>((resolve, reject) => waiting[i].push({ resolve, reject }))
    // Rejections are awaited in order below; this only keeps an early one from counting as unhandled.
    results[j].catch(() => {})
    workers[i].postMessage(jobs[j])
  }
  try {
    let next = 0
    for (; next < Math.min(jobs.length, 2 * workers.length); next++) submit(next)
    for (let j = 0; j < jobs.length; j++) {
      const batch = await results[j]
      delete results[j]
      if (next < jobs.length) submit(next++)
      yield batch
    }
  } finally {
    for (const w of workers) w.removeAllListeners('exit')
    await Promise.all(workers.map((w) => w.terminate()))
  }
}

async function* localBatches(config: BuildConfig, jobs: { from: number; to: number }[]): AsyncGenerator<Batch> {
  const builder = createBuilder(config)
  for (const job of jobs) yield builder.build(job.from, job.to)
}

export async function seedScale(file: string, options: ScaleOptions = {}): Promise<ScaleResult> {
  const state: { created: boolean; close?: () => void } = { created: false }
  try {
    return await generate(file, options, state)
  } catch (e) {
    // A half-written file (loaded without a journal) must not be mistaken for a dataset.
    if (state.created) {
      try {
        state.close?.()
      } catch {
        // already closed
      }
      for (const s of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + s, { force: true })
    }
    throw e
  }
}

async function generate(file: string, options: ScaleOptions, state: { created: boolean; close?: () => void }): Promise<ScaleResult> {
  const t0 = Date.now()
  const nOrgs = options.orgs ?? 1000
  const nCells = Math.max(options.cells ?? 5000, nOrgs)
  const nMembers = Math.max(options.members ?? 78000, nCells * 3)
  const nYears = options.years ?? 5
  const now = options.now ?? new Date()
  const nowIso = now.toISOString()
  const thisYear = now.getUTCFullYear()
  const firstYear = thisYear - nYears + 1
  const signBench = options.signBench ?? 0
  const nRemarks = options.remarks ?? Math.min(400, Math.max(20, Math.round(nCells * 0.06)))
  const batchCells = options.batchCells ?? 1
  const nWorkers = options.workers ?? Math.max(1, Math.min(4, os.availableParallelism() - 1))
  const seed = options.seed ?? 20240601
  const r = rng(seed)
  const bar = progressBar(options.progress ?? false)

  if (options.force) for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true })
  const db = openDatabase(file)
  migrateDatabase(db)
  const c = db.$client
  if ((c.prepare('SELECT count(*) AS n FROM organizations').get() as { n: number }).n > 0) {
    c.close()
    throw new Error(`${file} đã có dữ liệu: dùng --force để xóa và tạo lại.`)
  }
  state.close = () => c.close()
  state.created = true
  // Loading pragmas (restored at the end). Safe only because the file is new and deleted if this
  // fails: no journal (a crash mid-write leaves a corrupt file), no fsync, no foreign-key lookups
  // (tests/integration/scale.test.ts runs foreign_key_check on what it writes).
  c.pragma('journal_mode = OFF')
  c.pragma('synchronous = OFF')
  c.pragma('locking_mode = EXCLUSIVE')
  c.pragma('cache_size = -1000000')
  c.pragma('temp_store = MEMORY')
  c.pragma('foreign_keys = OFF')
  const triggers = c.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_q_%'").all() as { name: string; sql: string }[]
  for (const t of triggers) c.exec(`DROP TRIGGER ${t.name}`)
  // compliance_facts (migration 0007): its triggers are off during the load; refilled in bulk below.
  const factTriggers = c.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'compliance_facts_%'").all() as { name: string; sql: string }[]
  for (const t of factTriggers) c.exec(`DROP TRIGGER ${t.name}`)
  // Secondary indexes are built once, by sorting, instead of row by row in random key order
  // (attendance by member, search_docs by org…): those of the generated tables, unique ones included
  // (CREATE UNIQUE INDEX still refuses duplicates), right after the rows, before anything reads them;
  // those of search_docs after the search index.
  const indexesOf = (tables: readonly string[], unique: boolean) =>
    c
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ${unique ? '' : "AND sql NOT LIKE 'CREATE UNIQUE%'"} AND tbl_name IN (${tables.map(() => '?').join(', ')})`,
      )
      .all(...tables) as { name: string; sql: string }[]
  const deferredRows = indexesOf([...TABLE_NAMES, 'organizations', 'documents', 'inspection_remarks'], true)
  const deferred = indexesOf(['search_docs'], false)
  for (const i of [...deferredRows, ...deferred]) c.exec(`DROP INDEX ${i.name}`)

  const rows: Record<string, number> = {}
  const count = (table: string, n = 1) => (rows[table] = (rows[table] ?? 0) + n)
  const ins = (table: string, cols: readonly string[]) => {
    const stmt = c.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
    return (...values: unknown[]) => {
      stmt.run(...values)
      count(table)
    }
  }
  const insOrg = ins('organizations', ['id', 'parent_id', 'kind', 'name', 'short_name', 'place_name', 'path', 'depth', 'settings', 'created_at', 'updated_at'])
  const insUser = ins('users', TABLES.users)
  const insGrant = ins('role_grants', TABLES.role_grants)
  const insDocument = ins('documents', ['id', 'org_id', 'own', 'doc_type', 'number_text', 'issued_on', 'issuer', 'title', 'status', 'search_text', 'created_at', 'updated_at'])
  const insRemark = ins('inspection_remarks', [
    'id', 'org_id', 'meeting_id', 'inspector_user_id', 'inspector_name', 'inspector_body', 'remarks', 'requested_fixes', 'due_on', 'status', 'signed_at', 'reply', 'replied_at', 'replied_by',
    'closed_at', 'created_at', 'updated_at',
  ])
  // The builder's rows: one INSERT of up to ROWS_PER_INSERT rows per table and row count, prepared once.
  // Long texts arrive as UTF-8 bytes in the batch's pool: bound as blobs and cast to TEXT, so SQLite
  // stores them as the same text without converting a JS string.
  const multi = new Map<string, Database.Statement>()
  const insertFlat = (table: string, cols: readonly string[], values: unknown[], pooled: readonly string[] = []) => {
    const width = cols.length
    const n = values.length / width
    for (let at = 0; at < n; at += ROWS_PER_INSERT) {
      const m = Math.min(ROWS_PER_INSERT, n - at)
      let stmt = multi.get(`${table} ${m}`)
      if (!stmt) {
        const row = `(${cols.map((col) => (pooled.includes(col) ? 'CAST(? AS TEXT)' : '?')).join(', ')})`
        stmt = c.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${Array.from({ length: m }, () => row).join(', ')}`)
        multi.set(`${table} ${m}`, stmt)
      }
      stmt.run(at === 0 && m === n ? values : values.slice(at * width, (at + m) * width))
    }
    count(table, n)
  }
  const insertRows = (table: TableName, values: unknown[], pool: Buffer) => {
    const cols = TABLES[table]
    const width = cols.length
    for (const col of POOLED[table] ?? []) {
      for (let i = cols.indexOf(col as never); i < values.length; i += width) if (values[i] !== null) values[i] = pooledText(pool, values[i] as number)
    }
    insertFlat(table, cols, values, POOLED[table])
  }
  // The builder's search rows (SEARCH_ROW): search_docs, then search_index under the same id (its
  // rowid), numbered here in insertion order — what rebuildSearchIndex's write() does row by row.
  const SEARCH_DOCS = ['id', 'kind', 'ref_id', 'variant', 'org_id', 'meeting_id', 'gate', 'owner_id', 'title', 'subtitle', 'keywords', 'body', 'shown_at', 'indexed_at'] as const
  const SEARCH_INDEX = ['rowid', 'title', 'body', 'scope'] as const
  let searchId = 0
  const insertSearchRows = (values: unknown[]) => {
    const n = values.length / SEARCH_ROW_WIDTH
    const docs = new Array<unknown>(n * SEARCH_DOCS.length)
    const fts = new Array<unknown>(n * SEARCH_INDEX.length)
    for (let i = 0, d = 0, f = 0, v = 0; i < n; i++, v += SEARCH_ROW_WIDTH) {
      const id = ++searchId
      docs[d++] = id
      for (let j = 0; j < 12; j++) docs[d++] = values[v + j]
      docs[d++] = nowIso
      fts[f++] = id
      fts[f++] = values[v + 12]
      fts[f++] = values[v + 13]
      fts[f++] = values[v + 14]
    }
    insertFlat('search_docs', SEARCH_DOCS, docs)
    insertFlat('search_index', SEARCH_INDEX, fts)
  }

  const passwordHash = await hashPassword(BENCH_PASSWORD)
  const created = iso(Date.UTC(firstYear - 1, 11, 1))
  const settingsJson = JSON.stringify({})

  const usedCodes = new Set<string>()
  const verifyCode = () => {
    let code = newVerifyCode(Uint8Array.from({ length: 8 }, () => Math.floor(r.next() * 256)))
    while (usedCodes.has(code)) code = newVerifyCode(Uint8Array.from({ length: 8 }, () => Math.floor(r.next() * 256)))
    usedCodes.add(code)
    return code
  }

  // ---- Organisations
  const top = { id: uuidv7(), name: 'Đảng bộ Khối các cơ quan Trung ương' }
  const topPath = `/${top.id}/`
  const grassroots: { id: string; name: string; path: string; docIds: Map<number, string> }[] = []
  const cells: { id: string; name: string; path: string; g: number }[] = []
  const sampleIds: string[] = []
  let totalMeetings = 0
  let signedVersions = 0
  const expected: ScaleResult['expected'] = {}
  const signBenchIds: string[] = []
  const remarkPool: { cellId: string; meetingId: string; startsAt: string }[] = []

  c.transaction(() => {
    insOrg(top.id, null, 'upper', top.name, 'ĐBK', 'Hà Nội', topPath, 0, settingsJson, created, created)
    for (let g = 0; g < nOrgs; g++) {
      const id = uuidv7()
      const agency = AGENCIES[g % AGENCIES.length]
      const name = `Đảng bộ ${agency}${g >= AGENCIES.length ? ` (khối ${Math.floor(g / AGENCIES.length) + 1})` : ''}`
      const path = `${topPath}${id}/`
      insOrg(id, top.id, 'grassroots', name, null, null, path, 1, settingsJson, created, created)
      grassroots.push({ id, name, path, docIds: new Map() })
    }
    for (let k = 0; k < nCells; k++) {
      const g = k < nOrgs ? k : r.int(0, nOrgs - 1)
      const id = uuidv7()
      const parent = grassroots[g]
      const name = `Chi bộ ${UNITS[k % UNITS.length]} ${Math.floor(k / UNITS.length) + 1}`
      const path = `${parent.path}${id}/`
      insOrg(id, parent.id, 'cell_sub', name, null, null, path, 2, settingsJson, created, created)
      cells.push({ id, name, path, g })
    }
    // Documents: the Central Committee's resolutions (upper register) and each grass-roots org's yearly resolution.
    const tw = [
      { n: '21-NQ/TW', on: '2022-06-16', t: 'Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII về tăng cường củng cố, xây dựng tổ chức cơ sở đảng' },
      { n: '4-KL/TW', on: '2021-10-30', t: 'Kết luận về xây dựng, chỉnh đốn Đảng và hệ thống chính trị' },
    ]
    for (const d of tw) {
      const id = uuidv7()
      insDocument(id, top.id, 0, d.n.includes('KL') ? 'KL' : 'NQ', d.n, d.on, 'Ban Chấp hành Trung ương', d.t, 'in_force', foldVietnamese(`${d.n} ${d.t}`), created, created)
    }
    grassroots.forEach((gr, g) => {
      for (let y = firstYear; y <= thisYear; y++) {
        const id = uuidv7()
        const title = `Nghị quyết về lãnh đạo thực hiện nhiệm vụ chính trị năm ${y}`
        insDocument(id, gr.id, 1, 'NQ', `${g + 1}-NQ/ĐU`, `${y}-01-10`, gr.name.replace(/^Đảng bộ/, 'Đảng ủy'), title, 'in_force', foldVietnamese(`Nghị quyết ${g + 1}-NQ/ĐU ${title}`), created, created)
        gr.docIds.set(y, id)
      }
    })
  })()

  const docRows = new Map<string, { id: string; docType: 'NQ'; numberText: string; issuedOn: string; issuer: string; title: string }>()
  for (const d of c.prepare('SELECT id, doc_type AS docType, number_text AS numberText, issued_on AS issuedOn, issuer, title FROM documents').all() as { id: string; docType: 'NQ'; numberText: string; issuedOn: string; issuer: string; title: string }[]) {
    docRows.set(d.id, d)
  }
  const docLabel = new Map([...docRows.values()].map((d) => [d.id, citeDocument(d)]))

  // ---- Members per cell: sizes vary 0.4×–1.6× around the mean, at least 3.
  const weights = cells.map(() => 0.4 + r.next() * 1.2)
  const wsum = weights.reduce((a, b) => a + b, 0)
  const sizes = weights.map((w) => Math.max(3, Math.floor((w / wsum) * nMembers)))
  let diff = nMembers - sizes.reduce((a, b) => a + b, 0)
  for (let k = 0; diff !== 0; k = (k + 1) % sizes.length) {
    if (diff > 0) {
      sizes[k]++
      diff--
    } else if (sizes[k] > 3) {
      sizes[k]--
      diff++
    }
  }

  const userRow = (username: string, displayName: string, memberId: string | null, isAdmin = false) => {
    const id = uuidv7()
    insUser(id, username, displayName, foldVietnamese(displayName), passwordHash, memberId, isAdmin ? 1 : 0, created, created, created)
    return id
  }
  const grant = (userId: string, orgId: string, role: string) => insGrant(uuidv7(), userId, orgId, role, created)

  // ---- Cells: built in batches by the worker(s), inserted here in cell order, one transaction per batch.
  const templates = { regular: loadAgendaTemplate('regular'), thematic: loadAgendaTemplate('thematic'), extraordinary: loadAgendaTemplate('extraordinary') }
  let cardBase = 0
  const config: BuildConfig = {
    seed,
    nowMs: now.getTime(),
    firstYear,
    thisYear,
    signBench,
    passwordHash,
    created,
    templates,
    presenterText: { minute_taker: PRESENTER_HINT_TEXT.minute_taker!, upper_representative: PRESENTER_HINT_TEXT.upper_representative!, members: PRESENTER_HINT_TEXT.members! },
    cells: cells.map((cell, k) => ({ id: cell.id, name: cell.name, path: cell.path, g: cell.g, size: sizes[k], cardBase: (cardBase += sizes[k]) - sizes[k] })),
    grassroots: grassroots.map((g) => ({ name: g.name, docIds: [...g.docIds] })),
    docLabels: [...docLabel],
  }
  const jobs: { from: number; to: number }[] = []
  for (let k = 0; k < nCells; k += batchCells) jobs.push({ from: k, to: Math.min(nCells, k + batchCells) })
  const versionWidth = TABLES.minutes_versions.length
  // FTS5 merges its segments as they are written (automerge); the index is optimised into one
  // segment at the end anyway (fillSearchIndex), so the merges along the way are skipped: about a
  // sixth of the index's cost in this thread, which is the one the load waits for.
  c.exec(`INSERT INTO search_index (search_index, rank) VALUES ('automerge', 0)`)
  const tGen = Date.now()
  // One transaction per ~1,000 meetings, not per batch: each commit writes every dirty page, and the
  // last (partly filled) page of each table and index would otherwise be written again every cell.
  let uncommitted = 0
  for await (const batch of nWorkers > 0 ? workerBatches(config, jobs, nWorkers) : localBatches(config, jobs)) {
    if (!c.inTransaction) c.exec('BEGIN')
    const versions = batch.rows.minutes_versions
    for (let i = VERIFY_CODE_COLUMN; i < versions.length; i += versionWidth) versions[i] = verifyCode()
    // Transferred from a worker, the pool is a plain Uint8Array over its own memory.
    const pool = Buffer.from(batch.pool.buffer, batch.pool.byteOffset, batch.pool.byteLength)
    for (const table of TABLE_NAMES) insertRows(table, batch.rows[table], pool)
    insertSearchRows(batch.search)
    uncommitted += batch.meetings
    if (uncommitted >= 1000 || batch.to === nCells) {
      c.exec('COMMIT')
      uncommitted = 0
    }
    totalMeetings += batch.meetings
    signedVersions += batch.signedVersions
    Object.assign(expected, batch.expected)
    for (const id of batch.sample) if (sampleIds.length < 400) sampleIds.push(id)
    signBenchIds.push(...batch.signBench)
    for (const x of batch.remarkPool) if (remarkPool.length < 20000) remarkPool.push(x)
    bar.update('Tạo dữ liệu', batch.to, nCells, `chi bộ · ${totalMeetings} buổi`)
  }

  // ---- Accounts for the bench, and the upper body's inspection remarks
  let inspectorId = ''
  c.transaction(() => {
    inspectorId = userRow('bench-inspector', 'Nguyễn Văn Kiểm', null)
    grant(inspectorId, top.id, 'inspector')
    const orgInspector = userRow('bench-org-inspector', 'Trần Thị Sát', null)
    grant(orgInspector, grassroots[0].id, 'inspector')
    userRow('bench-admin', 'Quản trị hệ thống', null, true)
    for (let i = 0; i < nRemarks && remarkPool.length; i++) {
      const target = remarkPool[Math.floor(r.next() * remarkPool.length)]
      const signedAt = iso(Date.parse(target.startsAt) + r.int(20, 60) * DAY)
      if (signedAt > nowIso) continue
      const status = r.pick(['open', 'answered', 'closed', 'closed'] as RemarkStatus[])
      const replied = status !== 'open' ? iso(Date.parse(signedAt) + r.int(3, 15) * DAY) : null
      insRemark(
        uuidv7(), target.cellId, target.meetingId, inspectorId, 'Nguyễn Văn Kiểm', 'Ủy ban Kiểm tra Đảng ủy Khối', r.pick(REMARKS), 'Chi bộ rà soát, khắc phục và báo cáo bằng văn bản.',
        iso(Date.parse(signedAt) + 30 * DAY).slice(0, 10), status, signedAt, replied ? 'Chi bộ đã tiếp thu, rút kinh nghiệm và khắc phục.' : null, replied, replied ? 'bench' : null,
        status === 'closed' ? replied : null, signedAt, replied ?? signedAt,
      )
    }
  })()
  for (const [k, i] of deferredRows.entries()) {
    bar.update('Tạo chỉ mục CSDL'.padEnd(24), k, deferredRows.length, i.name)
    c.exec(i.sql)
  }
  // compliance_facts (migration 0007): rebuilt from the loaded rows, then its triggers are back.
  refillComplianceFacts(c)
  for (const t of factTriggers) c.exec(t.sql)
  const genSeconds = (Date.now() - tGen) / 1000
  bar.line(`Đã tạo ${nCells} chi bộ, ${totalMeetings} buổi sinh hoạt, ${signedVersions} biên bản đã ký (${genSeconds.toFixed(1)} s, ${((genSeconds * 1e6) / Math.max(1, totalMeetings)).toFixed(0)} µs/buổi).`)

  // ---- Search index, in bulk
  const tSearch = Date.now()
  fillSearchIndex(db, (label, done, total) => bar.update(label, done, total))
  for (const [k, i] of deferred.entries()) {
    bar.update('Tạo chỉ mục CSDL'.padEnd(24), k, deferred.length, i.name)
    c.exec(i.sql)
  }
  for (const t of triggers) c.exec(t.sql)
  const searchSeconds = (Date.now() - tSearch) / 1000
  bar.line(`Đã lập chỉ mục tìm kiếm (${searchSeconds.toFixed(1)} s).`)

  // Back to what openDatabase() expects of a file (WAL), so the app opens it normally.
  c.pragma('foreign_keys = ON')
  c.pragma('locking_mode = NORMAL')
  c.pragma('journal_mode = WAL')
  c.pragma('synchronous = FULL')
  c.pragma('wal_checkpoint(TRUNCATE)')
  c.close()
  return {
    file,
    orgs: nOrgs,
    cells: nCells,
    members: nMembers,
    meetings: totalMeetings,
    signedVersions,
    rows,
    expected,
    signBench: { cellId: cells[Math.min(1, cells.length - 1)].id, meetingIds: signBenchIds },
    seconds: { total: (Date.now() - t0) / 1000, generate: genSeconds, search: searchSeconds },
    sample: sampleIds,
  }
}

// ---------------------------------------------------------------------------------------------
// Search index, what the batches did not bring: agendas, minutes and contributions came with their
// cells' rows (built by the worker with the app's row functions, app/domain/search-rows.ts); here
// the prefix vocabulary (search_terms) is read from the index itself (its own tokenizer's words of
// title and body, as rebuildSearchIndex does), then documents and inspection remarks, few, go
// through the Indexer. tests/integration/scale.test.ts compares the result with rebuildSearchIndex's.
export function fillSearchIndex(db: DB, progress: (label: string, done: number, total: number) => void = () => {}) {
  const c = db.$client
  c.exec(`INSERT OR IGNORE INTO search_terms (term) SELECT term FROM search_vocab WHERE col IN ('title', 'body')`)
  c.exec(`INSERT OR IGNORE INTO search_queue (kind, ref_id) SELECT 'document', id FROM documents UNION ALL SELECT 'remark', id FROM inspection_remarks`)
  const total = (c.prepare('SELECT count(*) AS n FROM search_queue').get() as { n: number }).n
  let done = 0
  for (let n = drainSearchQueue(db, 5000); n > 0; n = drainSearchQueue(db, 5000)) progress('Chỉ mục: văn bản'.padEnd(24), (done += n), total)
  c.exec(`INSERT INTO search_index (search_index) VALUES ('optimize')`)
  // FTS5's default again, for the app's own writes (seedScale turned it off for the load).
  c.exec(`INSERT INTO search_index (search_index, rank) VALUES ('automerge', 4)`)
}

/** For scripts: open the generated file the way the app does. */
export function openScaleDatabase(file: string): DB {
  return openDatabase(file)
}

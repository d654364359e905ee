// The one place that opens the SQLite database. Pragmas per DESIGN §7: WAL, foreign keys,
// busy_timeout and synchronous=FULL (a committed signature must survive a power loss).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { sql } from 'drizzle-orm'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema'

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database }
/** A database or a transaction: what model functions that may run inside a transaction take. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Executor = BaseSQLiteDatabase<'sync', any, typeof schema>

export function databasePath(): string {
  return process.env.DATABASE_URL?.replace(/^(file|sqlite):/, '') || './data/app.db'
}

export function migrationsFolder(): string {
  // Resolve relative to the project root whether we run from source (tsx) or from the server build.
  const candidates = [
    path.resolve(process.cwd(), 'db/migrations'),
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../db/migrations'),
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
  ]
  const found = candidates.find((p) => fs.existsSync(path.join(p, 'meta/_journal.json')))
  if (!found) throw new Error('Không tìm thấy thư mục db/migrations')
  return found
}

/** Enough for every distinct query the app runs; IN lists of varying length make the rest. */
const STATEMENT_CACHE_SIZE = 500

/**
 * Drizzle prepares its SQL again on every query (about 0.05–0.1 ms each, 15–40 a page). The
 * connection keeps its prepared statements by SQL text instead, least recently used dropped first.
 * A statement still iterating is never handed out twice, and one taken from the cache has its
 * raw/pluck/expand modes reset, since drizzle turns raw mode on and a plain `db.all()` of the same SQL
 * expects objects. Statement.bind() would bind a shared statement for good: pass parameters per call.
 */
function cacheStatements(sqlite: Database.Database) {
  const prepare = sqlite.prepare.bind(sqlite)
  const cache = new Map<string, Database.Statement>()
  sqlite.prepare = ((source: string) => {
    const hit = cache.get(source)
    if (hit && !hit.busy) {
      cache.delete(source)
      cache.set(source, hit)
      if (hit.reader) hit.pluck(false).expand(false).raw(false)
      return hit
    }
    const stmt = prepare(source)
    if (!hit) {
      cache.set(source, stmt)
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!)
    }
    return stmt
  }) as typeof sqlite.prepare
}

export function openDatabase(file = databasePath(), options: { readonly?: boolean } = {}): DB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new Database(file, { readonly: options.readonly ?? false })
  cacheStatements(sqlite)
  if (!options.readonly) sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = FULL')
  // 16 MB of page cache: the pages a member's or a secretary's page reads (one cell's meetings,
  // agenda, tasks) fit many times over, and the large scans (inspection grid, search) are far larger
  // than any cache and read from the OS's file cache anyway. At 64 MB the cache was an eighth of
  // the server's 500 MB memory budget.
  sqlite.pragma('cache_size = -16000')
  sqlite.pragma('temp_store = MEMORY')
  return drizzle(sqlite, { schema }) as DB
}

export function migrateDatabase(db: DB): void {
  migrate(db, { migrationsFolder: migrationsFolder() })
}

/**
 * A drizzle query built and prepared once per connection (or transaction) instead of on every call:
 * building the SQL costs drizzle 60–150 µs a query, running a prepared one a few. For the queries
 * every page runs (the session, the grants) and the hot loaders; parameters are `sql.placeholder`s.
 */
export function preparedPer<E extends object, Q>(build: (db: E) => Q): (db: E) => Q {
  const prepared = new WeakMap<E, Q>()
  return (db) => {
    let query = prepared.get(db)
    if (!query) prepared.set(db, (query = build(db)))
    return query
  }
}

/** No organisation and no user yet: a new installation, which `serve` fills with the demo data. */
export function isDatabaseEmpty(db: DB): boolean {
  const row = db.get<{ n: number }>(sql`SELECT (SELECT count(*) FROM organizations) + (SELECT count(*) FROM users) AS n`)
  return row.n === 0
}

let singleton: DB | undefined
/** The process-wide connection used by the web server (opened and migrated on first use). */
export function getDb(): DB {
  if (!singleton) {
    singleton = openDatabase()
    migrateDatabase(singleton)
  }
  return singleton
}

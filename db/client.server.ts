// The one place that opens the SQLite database. Pragmas per DESIGN §7: WAL, foreign keys,
// busy_timeout and synchronous=FULL (a committed signature must survive a power loss).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
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

export function openDatabase(file = databasePath(), options: { readonly?: boolean } = {}): DB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new Database(file, { readonly: options.readonly ?? false })
  if (!options.readonly) sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('cache_size = -64000')
  sqlite.pragma('temp_store = MEMORY')
  return drizzle(sqlite, { schema }) as DB
}

export function migrateDatabase(db: DB): void {
  migrate(db, { migrationsFolder: migrationsFolder() })
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

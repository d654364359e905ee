// Migrate once into a base database file; each test copies it (tests/db.ts).
import fs from 'node:fs'
import path from 'node:path'
import { openDatabase, migrateDatabase } from '../db/client.server'

export const BASE_DB = path.resolve(__dirname, '../tmp/test-base.db')

export default function setup() {
  fs.mkdirSync(path.dirname(BASE_DB), { recursive: true })
  // Build under a private name, then rename: a concurrent run never copies a half-migrated file.
  const building = `${BASE_DB}.${process.pid}.building`
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(building + suffix, { force: true })
  const db = openDatabase(building)
  migrateDatabase(db)
  db.$client.pragma('wal_checkpoint(TRUNCATE)')
  db.$client.pragma('journal_mode = DELETE')
  db.$client.close()
  fs.renameSync(building, BASE_DB)
}

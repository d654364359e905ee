// A real SQLite file per test, copied from the migrated base (tests/global-setup.ts).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase, type DB } from '../db/client.server'

const BASE_DB = path.resolve(__dirname, '../tmp/test-base.db')

export function createTestDb(): DB & { cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scb-test-'))
  const file = path.join(dir, 'test.db')
  fs.copyFileSync(BASE_DB, file)
  const db = openDatabase(file) as DB & { cleanup: () => void }
  db.cleanup = () => {
    db.$client.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return db
}

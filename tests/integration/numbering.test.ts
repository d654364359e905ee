// Document numbers against a real SQLite file: per issuing body × committee term × type, from 01,
// once per meeting, never twice — also when several connections and processes take numbers at once.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { openDatabase } from '../../db/client.server'
import { auditLog, documentNumbers, meetings } from '../../db/schema'
import { AppError } from '~/models/context'
import { allocateNumber, INITIAL_TERM_NAME, listNumbers, listTerms, startTerm, termOn } from '~/models/numbering.server'
import { updateOrganization, type Organization } from '~/models/organizations.server'
import { createTestDb } from '../db'
import { createOrg, createUserWithGrants, systemCtx } from '../factories'

type TestDb = ReturnType<typeof createTestDb>
const ROOT = path.resolve(__dirname, '../..')

let db: TestDb
let upper: Organization
let cell: Organization
let otherCell: Organization

function meeting(cellId: string, day: number): string {
  return db
    .insert(meetings)
    .values({ cellId, type: 'regular', periodYear: 2026, periodMonth: 2, startsAt: `2026-02-${String(day).padStart(2, '0')}T07:30:00Z` })
    .returning()
    .get().id
}

beforeEach(() => {
  db = createTestDb()
  upper = createOrg(db, { name: 'Đảng bộ phường Ba Đình', kind: 'upper', placeName: 'Hà Nội' })
  cell = createOrg(db, { name: 'Chi bộ Khu phố 3', kind: 'cell_base', parentId: upper.id })
  otherCell = createOrg(db, { name: 'Chi bộ Khu phố 5', kind: 'cell_base', parentId: upper.id })
})
afterEach(() => db.cleanup())

describe('taking numbers', () => {
  test('per type from 01, formatted with the effective issuer code', () => {
    const nq = (onDate = '2026-02-05') => allocateNumber(db, systemCtx, { orgId: cell.id, docType: 'NQ', onDate })
    expect(nq()).toMatchObject({ number: 1, formatted: '01-NQ/CB', created: true })
    expect(nq().formatted).toBe('02-NQ/CB')
    expect(allocateNumber(db, systemCtx, { orgId: cell.id, docType: 'BB', onDate: '2026-02-05' }).formatted).toBe('01-BB/CB')
    expect(allocateNumber(db, systemCtx, { orgId: otherCell.id, docType: 'NQ', onDate: '2026-02-05' }).formatted).toBe('01-NQ/CB')

    // The issuer code is a setting, inherited down the tree.
    updateOrganization(db, systemCtx, upper.id, { name: upper.name, placeName: 'Hà Nội', settings: { issuerCode: 'ĐU' }, version: upper.version })
    expect(nq().formatted).toBe('03-NQ/ĐU')

    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'number.allocate')).all()
    expect(audit.map((a) => a.summary)).toContain('Cấp số 01-NQ/CB (nghị quyết, Nhiệm kỳ hiện tại (chưa khai báo))')
  })

  test('once per meeting and type: asking again returns the number it has', () => {
    const m1 = meeting(cell.id, 5)
    const m2 = meeting(cell.id, 12)
    const first = allocateNumber(db, systemCtx, { orgId: cell.id, docType: 'BB', meetingId: m1, onDate: '2026-02-05' })
    const again = allocateNumber(db, systemCtx, { orgId: cell.id, docType: 'BB', meetingId: m1, onDate: '2026-02-05' })
    expect(again).toEqual({ ...first, created: false })
    expect(allocateNumber(db, systemCtx, { orgId: cell.id, docType: 'BB', meetingId: m2, onDate: '2026-02-12' }).number).toBe(2)
    expect(allocateNumber(db, systemCtx, { orgId: cell.id, docType: 'NQ', meetingId: m1, onDate: '2026-02-05' }).number).toBe(1)
    expect(db.select().from(documentNumbers).where(eq(documentNumbers.meetingId, m1)).all()).toHaveLength(2)
  })

  test('a member cannot take numbers; the cell secretary can', async () => {
    const { actor: member } = await createUserWithGrants(db, { username: 'dangvien', displayName: 'Đảng viên', grants: [{ orgId: cell.id, role: 'member' }] })
    const { actor: secretary } = await createUserWithGrants(db, { username: 'bithu', displayName: 'Bí thư', grants: [{ orgId: cell.id, role: 'secretary' }] })
    expect(() => allocateNumber(db, { actor: member, ip: null }, { orgId: cell.id, docType: 'NQ' })).toThrow(AppError)
    expect(() => allocateNumber(db, { actor: secretary, ip: null }, { orgId: otherCell.id, docType: 'NQ' })).toThrow(/Không tìm thấy/)
    expect(allocateNumber(db, { actor: secretary, ip: null }, { orgId: cell.id, docType: 'NQ' }).number).toBe(1)
  })

  test('refuses an unknown type or date', () => {
    expect(() => allocateNumber(db, systemCtx, { orgId: cell.id, docType: 'XX' as 'NQ' })).toThrow(/Loại văn bản không hợp lệ/)
    expect(() => allocateNumber(db, systemCtx, { orgId: cell.id, docType: 'NQ', onDate: '2026-02-30' })).toThrow(/Ngày văn bản không hợp lệ/)
  })
})

describe('committee terms', () => {
  test('a new term restarts at 01; documents dated before it continue the old term', () => {
    const take = (onDate: string) => allocateNumber(db, systemCtx, { orgId: cell.id, docType: 'NQ', onDate }).formatted
    expect(take('2025-06-05')).toBe('01-NQ/CB')
    expect(take('2025-07-05')).toBe('02-NQ/CB')
    expect(listTerms(db, cell.id).map((t) => t.name)).toEqual([INITIAL_TERM_NAME])

    const term = startTerm(db, systemCtx, cell.id, { name: 'Nhiệm kỳ 2025–2030', startsOn: '15/10/2025' })
    expect(term.startsOn).toBe('2025-10-15')
    expect(take('2025-11-05')).toBe('01-NQ/CB')
    expect(take('2025-12-05')).toBe('02-NQ/CB')
    // Minutes of a meeting held before the congress, numbered late, belong to the old term.
    expect(take('2025-09-05')).toBe('03-NQ/CB')
    expect(termOn(db, cell.id, '2025-10-14')!.name).toBe(INITIAL_TERM_NAME)
    expect(termOn(db, cell.id, '2025-10-15')!.id).toBe(term.id)

    startTerm(db, systemCtx, cell.id, { name: 'Nhiệm kỳ 2030–2035', startsOn: '2030-10-01' })
    expect(take('2030-10-01')).toBe('01-NQ/CB')
    expect(take('2026-01-05')).toBe('03-NQ/CB')
    expect(listNumbers(db, cell.id, term.id).map((n) => n.number)).toEqual([1, 2, 3])
  })

  test('a term must start after the latest one, with a name and a real date', () => {
    startTerm(db, systemCtx, cell.id, { name: 'Nhiệm kỳ 2025–2030', startsOn: '2025-10-15' })
    expect(() => startTerm(db, systemCtx, cell.id, { name: 'Nhiệm kỳ khác', startsOn: '2025-10-15' })).toThrow(/phải bắt đầu sau ngày bắt đầu nhiệm kỳ "Nhiệm kỳ 2025–2030" \(15\/10\/2025\)/)
    expect(() => startTerm(db, systemCtx, cell.id, { name: '', startsOn: '2026-10-15' })).toThrow(/tên nhiệm kỳ/)
    expect(() => startTerm(db, systemCtx, cell.id, { name: 'Nhiệm kỳ X', startsOn: '31/02/2027' })).toThrow(/không hợp lệ/)
  })

  test('a member cannot declare a term', async () => {
    const { actor } = await createUserWithGrants(db, { username: 'dv2', displayName: 'Đảng viên', grants: [{ orgId: cell.id, role: 'member' }] })
    expect(() => startTerm(db, { actor, ip: null }, cell.id, { name: 'Nhiệm kỳ 2025–2030', startsOn: '2025-10-15' })).toThrow(/bí thư, phó bí thư hoặc quản trị/)
  })
})

describe('concurrent allocation', () => {
  test('two connections to the same file, interleaved: 50 numbers, no duplicates, no gaps', () => {
    const second = openDatabase(db.$client.name)
    try {
      const numbers: number[] = []
      for (let i = 0; i < 50; i++) {
        const conn = i % 2 === 0 ? db : second
        numbers.push(allocateNumber(conn, systemCtx, { orgId: cell.id, docType: 'NQ', onDate: '2026-02-05' }).number)
      }
      expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    } finally {
      second.$client.close()
    }
  })

  test('three processes taking numbers at the same moment never get the same one', async () => {
    // Each worker opens its own connection, waits for "go", then takes its numbers as fast as it can.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scb-numbering-'))
    const worker = path.join(dir, 'worker.ts')
    fs.writeFileSync(
      worker,
      `
import { openDatabase } from ${JSON.stringify(path.join(ROOT, 'db/client.server.ts'))}
import { allocateNumber } from ${JSON.stringify(path.join(ROOT, 'app/models/numbering.server.ts'))}
const [file, orgId, count] = process.argv.slice(2)
const db = openDatabase(file)
const ctx = { actor: { userId: 'system', username: 'hệ thống', displayName: 'Hệ thống', memberId: null, isSystemAdmin: true, grants: [] }, ip: null }
process.stdout.write('ready\\n')
process.stdin.once('data', () => {
  const numbers: number[] = []
  for (let i = 0; i < Number(count); i++) numbers.push(allocateNumber(db, ctx, { orgId, docType: 'BB', onDate: '2026-02-05' }).number)
  process.stdout.write(JSON.stringify(numbers) + '\\n')
  db.$client.close()
  process.exit(0)
})
`,
    )
    const WORKERS = 3
    const EACH = 20
    try {
      const children = Array.from({ length: WORKERS }, () =>
        spawn(process.execPath, ['--import', 'tsx', worker, db.$client.name, cell.id, String(EACH)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] }),
      )
      const outputs = children.map(
        (child) =>
          new Promise<{ ready: Promise<void>; numbers: Promise<number[]> }>((resolveOuter) => {
            let out = ''
            let err = ''
            let markReady: () => void
            const ready = new Promise<void>((r) => (markReady = r))
            const numbers = new Promise<number[]>((resolve, reject) => {
              child.stdout.on('data', (chunk: Buffer) => {
                out += chunk.toString()
                if (out.startsWith('ready\n')) markReady()
              })
              child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
              child.on('exit', (code) => {
                if (code !== 0) return reject(new Error(`worker exited with ${code}: ${err}`))
                resolve(JSON.parse(out.split('\n')[1]) as number[])
              })
            })
            resolveOuter({ ready, numbers })
          }),
      )
      const workers = await Promise.all(outputs)
      await Promise.all(workers.map((w) => w.ready))
      for (const child of children) child.stdin.write('go\n')
      const all = (await Promise.all(workers.map((w) => w.numbers))).flat()
      expect(all).toHaveLength(WORKERS * EACH)
      expect(new Set(all).size).toBe(WORKERS * EACH)
      expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: WORKERS * EACH }, (_, i) => i + 1))
      const stored = db.select().from(documentNumbers).where(eq(documentNumbers.docType, 'BB')).all()
      expect(stored).toHaveLength(WORKERS * EACH)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})

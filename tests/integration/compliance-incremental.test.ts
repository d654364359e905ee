// The grid's kept results are brought up to date cell by cell (compliance_cell_version, migration 0009,
// ADR 012): after writes in a few cells, the grid the inspector reads on the same connection — where
// only the changed cells were judged again — must be exactly the grid a fresh connection computes from
// scratch, in every order, view and drill-down. A cell judged from stale facts, a group total or a
// sorted order not refreshed would show here as a difference.
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type DB } from '../../db/client.server'
import { meetings } from '../../db/schema'
import type { Actor } from '~/domain/permissions'
import { fromVnWallTime } from '~/domain/vn-date'
import { complianceApi, complianceGrid } from '~/models/compliance.server'
import type { Organization } from '~/models/organizations.server'
import { cancelMeeting, createMeeting } from '~/models/planning.server'
import { createTestDb } from '../db'
import { createOrg, createUserWithGrants, systemCtx } from '../factories'

type TestDb = ReturnType<typeof createTestDb>

const hn = (wall: string) => fromVnWallTime(wall.slice(0, 10), wall.slice(11) || '00:00').toISOString()
/** Friday 20/11/2026, 10:00 in Hà Nội. */
const NOW = new Date(hn('2026-11-20 10:00'))

let db: TestDb
let root: Organization
let cells: Organization[]
let grassroots: Organization
let inspector: Actor
/** Meetings by cell name and month. */
const planned = new Map<string, string>()

/** Everything the inspector can look at for 2026: each order, both views, a drill-down, a later page, the API. */
function everything(conn: DB, now = NOW) {
  const grids = []
  for (const type of ['regular', 'thematic'] as const) {
    for (const sort of ['name', 'on_time', 'missing'] as const) {
      grids.push(complianceGrid(conn, inspector, root.id, 2026, { type, sort, pageSize: 2 }, now))
      grids.push(complianceGrid(conn, inspector, root.id, 2026, { type, sort, pageSize: 2, page: 2, groupPage: 2 }, now))
      grids.push(complianceGrid(conn, inspector, root.id, 2026, { type, sort, state: 'missing' }, now))
      grids.push(complianceGrid(conn, inspector, root.id, 2026, { type, sort, grassrootsId: grassroots.id }, now))
    }
  }
  return { grids, api: complianceApi(conn, inspector, 2026, root.id, now) }
}

/** The same, computed by a new connection (nothing kept). */
function fromScratch(now = NOW) {
  const fresh = openDatabase(db.$client.name)
  try {
    return everything(fresh, now)
  } finally {
    fresh.$client.close()
  }
}

const cellVersions = () => new Map((db.$client.prepare('SELECT cell_id, n FROM compliance_cell_version').raw(true).all() as [string, number][]).map(([id, n]) => [id, n]))
const meetingVersion = (id: string) => db.select({ v: meetings.version }).from(meetings).where(eq(meetings.id, id)).get()!.v

beforeAll(async () => {
  db = createTestDb()
  root = createOrg(db, { name: 'Đảng bộ phường Ba Đình', kind: 'upper', placeName: 'Hà Nội' })
  grassroots = createOrg(db, { name: 'Đảng bộ Trường THCS Nguyễn Trãi', kind: 'grassroots', parentId: root.id })
  cells = [
    createOrg(db, { name: 'Chi bộ Khu phố 1', kind: 'cell_base', parentId: root.id }),
    createOrg(db, { name: 'Chi bộ Khu phố 2', kind: 'cell_base', parentId: root.id }),
    createOrg(db, { name: 'Chi bộ Giáo viên', kind: 'cell_sub', parentId: grassroots.id }),
    createOrg(db, { name: 'Chi bộ Hành chính', kind: 'cell_sub', parentId: grassroots.id }),
  ]
  for (const [i, cell] of cells.entries()) {
    for (let month = 1; month <= 12; month++) {
      if ((month + i) % 4 === 0) continue // some months without a meeting
      const day = String(3 + i).padStart(2, '0')
      const m = createMeeting(db, systemCtx, cell.id, { ...(month % 3 === 0 ? { type: 'thematic' as const, topic: 'Học tập và làm theo tư tưởng Hồ Chí Minh' } : { type: 'regular' as const }), date: `2026-${String(month).padStart(2, '0')}-${day}`, time: '14:00' })
      planned.set(`${cell.name} ${month}`, m.id)
    }
  }
  inspector = (await createUserWithGrants(db, { username: 'kiemtra', displayName: 'Kiểm tra phường', grants: [{ orgId: root.id, role: 'inspector' }] })).actor
})
afterAll(() => db.cleanup())

describe('kept grids after writes in a few cells (compliance_cell_version)', () => {
  test('a write stamps its cell only', () => {
    everything(db) // kept
    const before = cellVersions()
    cancelMeeting(db, systemCtx, planned.get('Chi bộ Khu phố 2 12')!, { reason: 'Trùng lịch họp tổ dân phố', version: meetingVersion(planned.get('Chi bộ Khu phố 2 12')!) })
    const after = cellVersions()
    expect(after.get(cells[1].id)).toBeGreaterThan(Math.max(0, ...before.values()))
    for (const c of [cells[0], cells[2], cells[3]]) expect(after.get(c.id)).toBe(before.get(c.id))
    expect(everything(db)).toEqual(fromScratch())
  })

  test('writes in several cells (status, start, another cell, deletion) give the grid a full recomputation gives', () => {
    const kept = everything(db)
    expect(kept.grids[0].cells.length).toBe(2)
    const set = db.$client.prepare('UPDATE meetings SET status = ? WHERE id = ?')
    set.run('cancelled', planned.get('Chi bộ Giáo viên 10')!)
    db.$client.prepare('UPDATE meetings SET starts_at = ? WHERE id = ?').run(hn('2026-12-15 08:00'), planned.get('Chi bộ Hành chính 11')!)
    expect(everything(db)).toEqual(fromScratch())
    // A meeting moved to another cell changes both.
    const before = cellVersions()
    db.$client.prepare('UPDATE meetings SET cell_id = ? WHERE id = ?').run(cells[0].id, planned.get('Chi bộ Giáo viên 7')!)
    const after = cellVersions()
    expect(after.get(cells[0].id)).toBeGreaterThan(Math.max(0, ...before.values()))
    expect(after.get(cells[2].id)).toBeGreaterThan(Math.max(0, ...before.values()))
    expect(after.get(cells[1].id)).toBe(before.get(cells[1].id))
    expect(everything(db)).toEqual(fromScratch())
    db.delete(meetings).where(eq(meetings.id, planned.get('Chi bộ Khu phố 1 1')!)).run()
    const updated = everything(db)
    expect(updated).toEqual(fromScratch())
    expect(updated).not.toEqual(kept)
  })

  test('a later clock (a planned start, midnight) re-judges the cells it concerns, as a full recomputation would', () => {
    everything(db)
    for (const at of ['2026-12-03 14:00', '2026-12-04 00:00', '2026-12-06 15:00', '2027-01-02 09:00']) {
      const now = new Date(hn(at))
      expect(everything(db, now)).toEqual(fromScratch(now))
    }
    // Back in time: the earlier results, not the later ones.
    expect(everything(db)).toEqual(fromScratch())
  })

  test('an organisation renamed still recomputes everything', () => {
    everything(db)
    db.$client.prepare('UPDATE organizations SET name = ? WHERE id = ?').run('Chi bộ Khu phố 1 (mới)', cells[0].id)
    const renamed = everything(db)
    expect(renamed.api.cells.map((c) => c.cellName)).toContain('Chi bộ Khu phố 1 (mới)')
    expect(renamed).toEqual(fromScratch())
  })
})

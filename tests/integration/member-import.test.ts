// Importing a cell's member list: preview, all-or-nothing apply, re-import updates, scope, audit.
import fs from 'node:fs'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditLog, memberPeriods, members } from '../../db/schema'
import { parseMemberRows } from '~/domain/member-import'
import type { Actor } from '~/domain/permissions'
import { AppError, type ActorContext } from '~/models/context'
import { applyImport, exportMembers, previewImport } from '~/models/member-import.server'
import { createMember } from '~/models/members.server'
import { createOrganization, type Organization } from '~/models/organizations.server'
import { readTable, writeCsv } from '~/utils/spreadsheet.server'
import { createTestDb } from '../db'

const SAMPLE = fs.readFileSync(path.resolve(__dirname, '../fixtures/danh-sach-dang-vien.csv'))
// Rows 1–6 of the sample and row 8 (ISO birth date, accepted by decision) are valid; rows 7, 9, 10 are not.
const VALID_ROWS = 7

const admin: Actor = { userId: 'u', username: 'admin', displayName: 'A', memberId: null, isSystemAdmin: true, grants: [] }
const adminCtx: ActorContext = { actor: admin, ip: null }

function secretaryOf(cell: Organization, username = 'bithu'): ActorContext {
  return {
    actor: {
      userId: `user-${username}`,
      username,
      displayName: 'Bí thư',
      memberId: null,
      isSystemAdmin: false,
      grants: [{ orgId: cell.id, orgPath: cell.path, role: 'secretary' }],
    },
    ip: '127.0.0.1',
  }
}

async function rowsOf(bytes: Uint8Array | string, name = 'danh-sach.csv') {
  const parsed = parseMemberRows(await readTable(name, typeof bytes === 'string' ? Buffer.from(bytes) : bytes))
  expect(parsed.fileErrors).toEqual([])
  return parsed.rows
}

let db: ReturnType<typeof createTestDb>
let cell: Organization
let otherCell: Organization
let secretary: ActorContext

beforeEach(() => {
  db = createTestDb()
  const root = createOrganization(db, adminCtx, { name: 'Đảng bộ phường Đống Đa', kind: 'upper', parentId: null })
  cell = createOrganization(db, adminCtx, { name: 'Chi bộ Khu phố 3', kind: 'cell_base', parentId: root.id })
  otherCell = createOrganization(db, adminCtx, { name: 'Chi bộ Khu phố 5', kind: 'cell_base', parentId: root.id })
  secretary = secretaryOf(cell)
})
afterEach(() => db.cleanup())

const memberCount = () => db.select({ n: sql<number>`count(*)` }).from(members).get()!.n
const auditOf = (action: string) => db.select().from(auditLog).where(eq(auditLog.action, action)).all()

describe('member import', () => {
  it('previews what each row will do', async () => {
    const preview = previewImport(db, secretary.actor, cell.id, await rowsOf(SAMPLE))
    expect(preview).toMatchObject({ cellName: 'Chi bộ Khu phố 3', total: 10, valid: VALID_ROWS, invalid: 3, creates: VALID_ROWS, updates: 0 })
    expect(preview.rows.filter((r) => r.action === null).map((r) => [r.rowNumber, r.errors])).toEqual([
      [8, ['Ngày sinh 31/02/1987 không tồn tại.']],
      [10, ['Thiếu họ và tên.']],
      [11, ['Số thẻ 01.234567 trùng với dòng 2.']],
    ])
    expect(memberCount()).toBe(0)
  })

  it('saves nothing while the file has a bad row, and says why in Vietnamese', async () => {
    const rows = await rowsOf(SAMPLE)
    let error: unknown
    try {
      applyImport(db, secretary, cell.id, rows, { onlyValid: false })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ status: 422 })
    expect((error as AppError).message).toBe(
      'Tệp còn 3 dòng lỗi (dòng 8, 10, 11) nên chưa lưu gì. Hãy sửa các dòng đó trong tệp rồi tải lên lại, hoặc chọn "Chỉ nhập các dòng hợp lệ".',
    )
    expect(memberCount()).toBe(0)
    expect(db.select().from(auditLog).where(eq(auditLog.username, 'bithu')).all()).toEqual([])
  })

  it('imports only the valid rows when asked, with the exemption and one audit entry per member', async () => {
    const result = applyImport(db, secretary, cell.id, await rowsOf(SAMPLE), { onlyValid: true, fileName: 'danh-sach.csv' })
    expect(result).toEqual({ created: VALID_ROWS, updated: 0, unchanged: 0, skipped: 3 })
    expect(memberCount()).toBe(VALID_ROWS)

    const saved = db.select().from(members).where(eq(members.cellId, cell.id)).all()
    expect(saved.map((m) => m.fullName).sort()).toEqual(
      ['Bùi Quang Huy', 'Hoàng Văn Long', 'Lê Văn Nam', 'Nguyễn Văn Hùng', 'Phạm Thị Hoa', 'Trần Thị Bích Ngọc', 'Vũ Thị Mai'].sort(),
    )
    const long = saved.find((m) => m.fullName === 'Hoàng Văn Long')!
    expect(db.select().from(memberPeriods).where(eq(memberPeriods.memberId, long.id)).all()).toMatchObject([
      { kind: 'exempt', startsOn: '2024-01-01', endsOn: null },
    ])
    expect(saved.find((m) => m.fullName === 'Vũ Thị Mai')).toMatchObject({ status: 'probationary', officialOn: null, searchName: 'vu thi mai' })

    const creates = auditOf('member.create')
    expect(creates).toHaveLength(VALID_ROWS)
    expect(new Set(creates.map((a) => a.entityId))).toEqual(new Set(saved.map((m) => m.id)))
    expect(creates.every((a) => a.username === 'bithu' && a.orgPath === cell.path)).toBe(true)
    expect(auditOf('member.import')).toMatchObject([
      { entityId: cell.id, summary: 'Nhập danh sách đảng viên từ tệp danh-sach.csv: thêm 7, cập nhật 0, không đổi 0, bỏ qua 3 dòng lỗi' },
    ])
  })

  it('updates instead of duplicating when the same file is imported again', async () => {
    applyImport(db, secretary, cell.id, await rowsOf(SAMPLE), { onlyValid: true })
    const hung = db.select().from(members).where(eq(members.cardNumber, '01.234567')).get()!
    // End-of-membership and suspension are not in the file: the import must leave them alone.
    db.update(members).set({ suspended: true, suspendedNote: 'Đình chỉ 3 tháng' }).where(eq(members.id, hung.id)).run()

    const edited = SAMPLE.toString('utf8').replace('Nguyễn Văn Hùng', 'Nguyễn Văn Hưng')
    const preview = previewImport(db, secretary.actor, cell.id, await rowsOf(edited))
    expect(preview).toMatchObject({ creates: 0, updates: 1, unchanged: VALID_ROWS - 1 })
    expect(preview.rows.find((r) => r.rowNumber === 2)).toMatchObject({
      action: 'update',
      memberId: hung.id,
      changes: { fullName: { from: 'Nguyễn Văn Hùng', to: 'Nguyễn Văn Hưng' } },
    })

    const result = applyImport(db, secretary, cell.id, await rowsOf(edited), { onlyValid: true })
    expect(result).toEqual({ created: 0, updated: 1, unchanged: VALID_ROWS - 1, skipped: 3 })
    expect(memberCount()).toBe(VALID_ROWS)
    expect(db.select().from(members).where(eq(members.id, hung.id)).get()).toMatchObject({
      fullName: 'Nguyễn Văn Hưng',
      searchName: 'nguyen van hung',
      version: 2,
      suspended: true,
      suspendedNote: 'Đình chỉ 3 tháng',
    })
    // The probationary member without a card was matched by name and birth date, the exemption not repeated.
    expect(db.select().from(members).where(eq(members.fullName, 'Vũ Thị Mai')).all()).toHaveLength(1)
    expect(db.select().from(memberPeriods).all()).toHaveLength(1)
    expect(auditOf('member.update')).toMatchObject([
      { entityId: hung.id, details: { source: 'import', rowNumber: 2, changes: { fullName: { from: 'Nguyễn Văn Hùng', to: 'Nguyễn Văn Hưng' } } } },
    ])
    expect(auditOf('member.import')).toHaveLength(2)
  })

  it('re-imports its own export without a change', async () => {
    applyImport(db, secretary, cell.id, await rowsOf(SAMPLE), { onlyValid: true })
    const exported = exportMembers(db, secretary.actor, cell.id)
    expect(exported.rows).toHaveLength(VALID_ROWS)
    expect(exported.rows[0].slice(0, 3)).toEqual(['1', 'Nguyễn Văn Hùng', '12/03/1968'])
    expect(exported.fileBaseName).toMatch(/^danh-sach-dang-vien-chi-bo-khu-pho-3-\d{4}-\d{2}-\d{2}$/)

    const rows = await rowsOf(writeCsv(exported.header, exported.rows), `${exported.fileBaseName}.csv`)
    const preview = previewImport(db, secretary.actor, cell.id, rows)
    expect(preview).toMatchObject({ total: VALID_ROWS, invalid: 0, creates: 0, updates: 0, unchanged: VALID_ROWS })
  })

  it('reports a card number that belongs to a member of another cell', async () => {
    createMember(db, adminCtx, otherCell.id, {
      fullName: 'Đinh Công Sơn',
      gender: 'male',
      birthDate: '1970-01-01',
      status: 'official',
      joinedOn: '1995-01-01',
      officialOn: '1996-01-01',
      position: 'member',
      cardNumber: '01.456789',
      suspended: false,
      suspendedNote: null,
      note: null,
    })
    const preview = previewImport(db, secretary.actor, cell.id, await rowsOf(SAMPLE))
    expect(preview.rows.find((r) => r.rowNumber === 4)).toMatchObject({
      action: null,
      errors: [
        'Số thẻ 01.456789 thuộc đ/c Đinh Công Sơn của Chi bộ Khu phố 5; hãy kiểm tra lại số thẻ (một đảng viên chuyển đến phải được chi bộ cũ ghi nhận chuyển đi trước).',
      ],
    })
    expect(preview.invalid).toBe(4)
    expect(() => applyImport(db, secretary, cell.id, preview.rows, { onlyValid: false })).toThrow(/4 dòng lỗi/)
    expect(memberCount()).toBe(1)
  })

  it('hides the cell from a secretary of another cell (404)', async () => {
    const outsider = secretaryOf(otherCell, 'bithu5')
    const rows = await rowsOf(SAMPLE)
    expect(() => previewImport(db, outsider.actor, cell.id, rows)).toThrow(expect.objectContaining({ status: 404 }))
    expect(() => applyImport(db, outsider, cell.id, rows, { onlyValid: true })).toThrow(AppError)
    expect(() => applyImport(db, outsider, cell.id, rows, { onlyValid: true })).toThrow(
      expect.objectContaining({ status: 404 }),
    )
    expect(() => exportMembers(db, outsider.actor, cell.id)).toThrow(expect.objectContaining({ status: 404 }))
    expect(memberCount()).toBe(0)
  })

  it('refuses an import with nothing valid', async () => {
    const rows = await rowsOf('Họ và tên,Ngày sinh\n,01/01/1970\n')
    expect(() => applyImport(db, secretary, cell.id, rows, { onlyValid: true })).toThrow('Tệp không có dòng hợp lệ nào để nhập; chưa lưu gì.')
  })
})

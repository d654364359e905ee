// The full demo seed (what `npm start` loads) and the periodic report built from it, as a page model
// and as a .docx: the seed must keep working as features change, and the report's figures are the grid's.
import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemoData } from '../../db/seed/index'
import { renderReportDocx } from '~/export/report-docx.server'
import { cellsWithSignedMinutes, verifyCellChain } from '~/models/minutes.server'
import { reportView } from '~/models/remarks.server'
import { createTestDb } from '../db'

let db: ReturnType<typeof createTestDb>
let seeded: Awaited<ReturnType<typeof seedDemoData>>

beforeAll(async () => {
  db = createTestDb()
  seeded = await seedDemoData(db)
}, 120_000)
afterAll(() => db.cleanup())

describe('the demo data', () => {
  it('has signed minutes whose chains verify in every cell, one meeting waiting for the chair and one amended', () => {
    const cells = cellsWithSignedMinutes(db)
    expect(cells.length).toBeGreaterThanOrEqual(5)
    for (const c of cells) expect(verifyCellChain(db, c.id).problems).toEqual([])
    expect(seeded.signed.waitingForChair).not.toBeNull()
    expect(seeded.signed.amended).not.toBeNull()
  })
})

describe('the periodic report', () => {
  it('counts the year for the upper body and renders it as a Party-format .docx with the lists to correct', async () => {
    const { demo } = seeded
    const year = Number(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 4))
    const view = reportView(db, demo.accounts.kiemtra.actor, demo.orgs.upper.id, { kind: 'year', year })
    expect(view.total.cells).toBe(7)
    expect(view.total.held).toBeGreaterThan(0)
    expect(view.lists.missing.total + view.lists.cancelled.total).toBeGreaterThan(0)
    const buffer = await renderReportDocx({ view, issuer: demo.orgs.upper.name, upperBody: '', issuerCode: 'ĐU', place: 'Hà Nội', date: `${year}-11-30` })
    const xml = strFromU8(unzipSync(new Uint8Array(buffer))['word/document.xml'])
    const text = xml.replace(/<[^>]+>/g, '')
    expect(text).toContain('BÁO CÁO')
    expect(text).toContain('ĐẢNG CỘNG SẢN VIỆT NAM')
    expect(text).toContain(`Hà Nội, ngày 30 tháng 11 năm ${year}`)
    expect(text).toContain(`Số chi bộ: ${view.total.cells}`)
    expect(text).toContain('Tháng không tổ chức sinh hoạt')
    expect(text).not.toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')
  })
})

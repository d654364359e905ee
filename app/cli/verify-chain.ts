// `npm run cli -- verify-chain [--cell ID]`: recomputes every signed version's hash, seal and link,
// and compares each meeting's current signed version with the live record. Exits non-zero naming the
// first meeting whose stored record no longer matches its signature.
import type { DB } from '../../db/client.server'
import { cellsWithSignedMinutes, verifyCellChain } from '../models/minutes.server'
import { getOrganizationById } from '../models/organizations.server'

export function runVerifyChain(db: DB, opts: { cell?: string; json?: boolean }): number {
  const cells = opts.cell
    ? [{ id: opts.cell, name: getOrganizationById(db, opts.cell)?.name ?? opts.cell }]
    : cellsWithSignedMinutes(db)
  let versions = 0
  const failures: { cellId: string; cellName: string; meetingId: string; meeting: string; problem: string }[] = []
  for (const cell of cells) {
    const result = verifyCellChain(db, cell.id)
    versions += result.versions
    for (const p of result.problems) failures.push({ cellId: cell.id, cellName: cell.name, meetingId: p.meetingId, meeting: p.meetingLabel, problem: p.problem })
  }
  if (opts.json) {
    console.log(JSON.stringify({ ok: failures.length === 0, cells: cells.length, versions, failures }))
  } else if (failures.length === 0) {
    console.log(`Chuỗi biên bản hợp lệ: ${versions} bản đã ký của ${cells.length} chi bộ.`)
  } else {
    const first = failures[0]
    console.error(`KHÔNG HỢP LỆ: ${first.cellName} — ${first.meeting} (${first.meetingId}): ${first.problem}.`)
    for (const f of failures.slice(1)) console.error(`  cũng sai: ${f.cellName} — ${f.meeting} (${f.meetingId}): ${f.problem}`)
  }
  return failures.length === 0 ? 0 : 1
}

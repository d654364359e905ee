// `npm run cli -- meetings [--json] [--cell ID] [--year YYYY]`: the meetings others rely on (issue 3,
// item 9). With --json, one object per line:
//   {"id","cellId","cellName","type","startsAt","status"}
// startsAt is ISO 8601 with the Hà Nội offset ("2026-02-05T14:00:00+07:00"). Without --json, a table.
import { eq } from 'drizzle-orm'
import type { Executor } from '../../db/client.server'
import { organizations } from '../../db/schema'
import { MEETING_STATUS_LABELS, MEETING_TYPE_LABELS, type MeetingStatus, type MeetingType } from '../domain/constants'
import { toIsoWithOffset } from '../domain/vn-date'
import { AppError } from '../models/context'
import { meetingRows } from '../models/meetings.server'

export type MeetingLine = {
  id: string
  cellId: string
  cellName: string
  type: MeetingType
  startsAt: string
  status: MeetingStatus
}

export type MeetingsCommandOptions = { json: boolean; cell?: string; year?: number }

/** The rows the command prints, in order (cell name, then start). */
export function meetingLines(db: Executor, opts: { cell?: string; year?: number } = {}): MeetingLine[] {
  if (opts.year !== undefined && (!Number.isInteger(opts.year) || opts.year < 1900 || opts.year > 9999)) {
    throw new AppError(400, `Năm không hợp lệ: ${opts.year}. Dùng dạng --year 2026.`)
  }
  if (opts.cell) {
    const cell = db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, opts.cell)).get()
    if (!cell) throw new AppError(404, `Không tìm thấy chi bộ có mã ${opts.cell}.`)
  }
  return meetingRows(db, { cellId: opts.cell, year: opts.year }).map((r) => ({
    id: r.id,
    cellId: r.cellId,
    cellName: r.cellName,
    type: r.type,
    startsAt: toIsoWithOffset(r.startsAt),
    status: r.status,
  }))
}

/** Prints the meetings; `out` receives one line at a time (console.log by default). Returns the count. */
export function runMeetingsCommand(db: Executor, opts: MeetingsCommandOptions, out: (line: string) => void = (line) => console.log(line)): number {
  const lines = meetingLines(db, opts)
  if (opts.json) {
    for (const l of lines) {
      out(JSON.stringify({ id: l.id, cellId: l.cellId, cellName: l.cellName, type: l.type, startsAt: l.startsAt, status: l.status }))
    }
    return lines.length
  }
  if (lines.length === 0) {
    out('Không có buổi sinh hoạt nào phù hợp.')
    return 0
  }
  const table = lines.map((l) => [l.startsAt.slice(0, 16).replace('T', ' '), l.cellName, MEETING_TYPE_LABELS[l.type], MEETING_STATUS_LABELS[l.status], l.id])
  const head = ['Thời gian', 'Chi bộ', 'Loại', 'Trạng thái', 'Mã']
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)))
  const format = (row: string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')
  out(format(head))
  out(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of table) out(format(row))
  out(`${lines.length} buổi sinh hoạt.`)
  return lines.length
}

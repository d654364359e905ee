// `npm run cli -- export …` (issue 6 item 8): the documents the web app downloads, written to files.
//
//   export minutes    --meeting ID [--version ID] [--draft] --out FILE.docx
//   export resolution --meeting ID [--version ID] [--draft] --out FILE.docx
//   export book       --cell ID --year YYYY --out FILE.docx
//   export bundle     --org ID --year YYYY --out FILE.zip
//
// The command line acts as the system: it may export any meeting, drafts included. Numbers are
// allocated exactly as when the documents are downloaded. Verification links use PUBLIC_URL, or
// --origin, else http://localhost:3000.
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'

import type { DB } from '../../db/client.server'
import type { Actor } from '../domain/permissions'
import { AppError } from '../models/context'
import { minutesBook, minutesDocx, resolutionDocx, writeBundle, type DocxFile } from '../models/exports.server'
import { getOrganization } from '../models/organizations.server'

/** The command line reads everything, like a system administrator. */
const CLI_ACTOR: Actor = { userId: 'cli', username: 'dòng lệnh', displayName: 'Dòng lệnh', memberId: null, isSystemAdmin: true, grants: [] }

export const EXPORT_HELP = `  export minutes --meeting ID [--version ID] [--draft] --out FILE.docx
                                            xuất biên bản (mặc định: bản đã ký hiện hành, nếu chưa ký thì dự thảo)
  export resolution --meeting ID [--version ID] [--draft] --out FILE.docx
                                            xuất nghị quyết của buổi sinh hoạt
  export book --cell ID --year YYYY --out FILE.docx
                                            xuất sổ biên bản cả năm của chi bộ (các biên bản đã ký)
  export bundle --org ID --year YYYY --out FILE.zip
                                            xuất gói hồ sơ năm (.zip: biên bản, nghị quyết, manifest.json, manifest.csv)
                                            của tổ chức và các chi bộ trực thuộc
  (--origin https://…: địa chỉ in trong mã xác minh, nếu chưa đặt PUBLIC_URL)`

function required(value: unknown, flag: string, example: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new AppError(400, `Thiếu --${flag} (ví dụ: --${flag} ${example}).`)
  return value.trim()
}

function yearOf(value: unknown): number {
  const text = required(value, 'year', '2026')
  const year = Number(text)
  if (!/^\d{4}$/.test(text) || year < 2000 || year > 2100) throw new AppError(400, `Năm không hợp lệ: ${text}. Dùng dạng --year 2026.`)
  return year
}

function writeFile(out: string, file: DocxFile, log: (line: string) => void) {
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true })
  fs.writeFileSync(out, file.buffer)
  log(`Đã ghi ${out} (${Math.max(1, Math.round(file.buffer.byteLength / 1024))} KB): ${file.fileName}`)
}

/**
 * Runs `export <what> …`; `args` are the words after "export". Throws AppError(400) on missing or
 * wrong options (exit code 2), other AppErrors (not found, nothing signed) with their message.
 */
export async function runExport(db: DB, args: string[], log: (line: string) => void = (line) => console.log(line)): Promise<void> {
  const [what, ...rest] = args
  let values
  try {
    values = parseArgs({
      args: rest,
      allowPositionals: false,
      strict: true,
      options: {
        meeting: { type: 'string' },
        version: { type: 'string' },
        draft: { type: 'boolean' },
        cell: { type: 'string' },
        org: { type: 'string' },
        year: { type: 'string' },
        out: { type: 'string' },
        origin: { type: 'string' },
        db: { type: 'string' },
      },
    }).values
  } catch (error) {
    throw new AppError(400, `${error instanceof Error ? error.message : String(error)}\n\n${EXPORT_HELP}`)
  }
  const origin = values.origin ?? null
  switch (what) {
    case 'minutes':
    case 'resolution': {
      const meetingId = required(values.meeting, 'meeting', 'ID')
      const out = required(values.out, 'out', what === 'minutes' ? 'bien-ban.docx' : 'nghi-quyet.docx')
      const opts = { versionId: values.version ?? null, draft: Boolean(values.draft), origin }
      const file = what === 'minutes' ? await minutesDocx(db, CLI_ACTOR, meetingId, opts) : await resolutionDocx(db, CLI_ACTOR, meetingId, opts)
      writeFile(out, file, log)
      return
    }
    case 'book': {
      const cellId = required(values.cell, 'cell', 'ID')
      const year = yearOf(values.year)
      const out = required(values.out, 'out', `so-bien-ban-${year}.docx`)
      writeFile(out, await minutesBook(db, CLI_ACTOR, cellId, year, { origin }), log)
      return
    }
    case 'bundle': {
      const orgId = required(values.org, 'org', 'ID')
      const year = yearOf(values.year)
      const out = required(values.out, 'out', `ho-so-${year}.zip`)
      const org = getOrganization(db, CLI_ACTOR, orgId)
      const part = `${out}.part`
      let last = -1
      try {
        const result = await writeBundle(db, {
          org,
          year,
          outFile: part,
          origin,
          by: CLI_ACTOR,
          onProgress: (done, total) => {
            if (done === last) return
            last = done
            if (process.stderr.isTTY) process.stderr.write(`\r${done}/${total} biên bản`)
          },
        })
        fs.renameSync(part, out)
        if (process.stderr.isTTY) process.stderr.write('\n')
        log(`Đã ghi ${out}: ${result.meetings} biên bản đã ký năm ${year} của ${org.name} (kèm nghị quyết, manifest.json, manifest.csv).`)
      } catch (error) {
        fs.rmSync(part, { force: true })
        throw error
      }
      return
    }
    default:
      throw new AppError(400, `Hãy chọn loại văn bản: minutes, resolution, book hoặc bundle.\n\n${EXPORT_HELP}`)
  }
}

// Command line: `npm run cli -- <command> [options]`. Every command works on DATABASE_URL
// (default ./data/app.db) unless --db FILE is given.
import { parseArgs } from 'node:util'
import { migrateDatabase, openDatabase, databasePath, isDatabaseEmpty } from '../../db/client.server'
import { AppError } from '../models/context'

// Commands import what they need when they run: `serve` then loads the server build only, not a second
// copy of the models (and the seed data) transpiled from the sources, about 16 MB it never used.
const seedDemoData = async (...args: Parameters<typeof import('../../db/seed/index').seedDemoData>) => (await import('../../db/seed/index')).seedDemoData(...args)
const createUser = async (...args: Parameters<typeof import('../models/users.server').createUser>) => (await import('../models/users.server')).createUser(...args)

const HELP = `Sổ chi bộ — lệnh quản trị

  serve [--port 3000] [--host 0.0.0.0]     chạy máy chủ (tự áp migration, tự nạp dữ liệu mẫu nếu CSDL trống)
  migrate [--db FILE]                       áp các migration
  seed --demo [--db FILE] [--force]         nạp dữ liệu mẫu (--force: xóa CSDL cũ trước)
  seed --scale --db FILE [--orgs 1000 --cells 5000 --members 78000 --years 5] [--seed N] [--sign-bench 300] [--force]
                                            bộ dữ liệu quy mô lớn cho đo hiệu năng
  create-admin --username NAME [--display-name "Họ tên"] [--password-stdin]
                                            tạo quản trị hệ thống (mật khẩu hỏi khi chạy, hoặc đọc từ stdin)
  verify-chain [--cell ID] [--json]         kiểm tra chuỗi biên bản đã ký (mã băm, chữ ký, liên kết)
  export minutes|resolution --meeting ID [--version ID] [--draft] --out FILE.docx
                                            xuất biên bản / nghị quyết (.docx) của một buổi sinh hoạt
  export book --cell ID --year YYYY --out FILE.docx
                                            sổ biên bản cả năm của chi bộ (các biên bản đã ký)
  export bundle --org ID --year YYYY --out FILE.zip
                                            gói hồ sơ năm: biên bản, nghị quyết, manifest.json, manifest.csv
  search-reindex [--db FILE]                dựng lại chỉ mục tìm kiếm từ đầu (sau khi nhập dữ liệu lớn)
  meeting --id ID [--json]                  toàn bộ biên bản một buổi sinh hoạt (điểm danh, phát biểu, biểu quyết, nhiệm vụ, chấm điểm)
  meetings [--json] [--cell ID] [--year YYYY]
                                            liệt kê các buổi sinh hoạt (--json: mỗi dòng một đối tượng JSON)
`

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
  }
  const { createInterface } = await import('node:readline/promises')
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  // Hide the typed characters.
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream }
  let muted = false
  out._writeToOutput = (s: string) => {
    if (!muted || s.includes('\n')) process.stdout.write(s)
  }
  const ask = async (q: string) => {
    process.stdout.write(q)
    muted = true
    const a = await rl.question('')
    muted = false
    process.stdout.write('\n')
    return a
  }
  const first = await ask('Mật khẩu: ')
  const second = await ask('Nhập lại mật khẩu: ')
  rl.close()
  if (first !== second) throw new AppError(422, 'Hai lần nhập mật khẩu không khớp.')
  return first
}

async function main(argv: string[]) {
  const [command, ...rest] = argv
  const { values } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: false,
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      demo: { type: 'boolean' },
      force: { type: 'boolean' },
      username: { type: 'string' },
      'display-name': { type: 'string' },
      'password-stdin': { type: 'boolean' },
      cell: { type: 'string' },
      json: { type: 'boolean' },
      year: { type: 'string' },
      id: { type: 'string' },
      scale: { type: 'boolean' },
      orgs: { type: 'string' },
      cells: { type: 'string' },
      members: { type: 'string' },
      years: { type: 'string' },
      seed: { type: 'string' },
      'sign-bench': { type: 'string' },
    },
  })
  const dbFile = typeof values.db === 'string' ? values.db : databasePath()

  switch (command) {
    case 'serve': {
      const db = openDatabase(dbFile)
      migrateDatabase(db)
      if (isDatabaseEmpty(db)) {
        console.log('CSDL trống: đang nạp dữ liệu mẫu…')
        await seedDemoData(db)
      }
      db.$client.close()
      process.env.DATABASE_URL = dbFile
      const { serve } = await import('./server')
      await serve({
        port: Number(values.port ?? process.env.PORT ?? 3000),
        host: String(values.host ?? process.env.HOST ?? '0.0.0.0'),
      })
      return
    }
    case 'migrate': {
      const db = openDatabase(dbFile)
      migrateDatabase(db)
      console.log(`Đã áp migration cho ${dbFile}`)
      return
    }
    case 'seed': {
      if (values.scale) {
        if (typeof values.db !== 'string') throw new AppError(400, 'seed --scale cần --db FILE (bộ dữ liệu quy mô lớn nằm trong tệp riêng).')
        const s = (v: unknown) => (typeof v === 'string' ? v : undefined)
        const { runSeedScale } = await import('./seed-scale')
        await runSeedScale({ db: values.db, orgs: s(values.orgs), cells: s(values.cells), members: s(values.members), years: s(values.years), seed: s(values.seed), signBench: s(values['sign-bench']), force: Boolean(values.force) })
        return
      }
      if (!values.demo) throw new AppError(400, 'Hãy chọn loại dữ liệu: --demo hoặc --scale')
      if (values.force) {
        const fs = await import('node:fs')
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true })
      }
      const db = openDatabase(dbFile)
      migrateDatabase(db)
      if (!isDatabaseEmpty(db)) {
        throw new AppError(422, `CSDL ${dbFile} đã có dữ liệu. Dùng --force để xóa và nạp lại dữ liệu mẫu.`)
      }
      await seedDemoData(db)
      console.log(`Đã nạp dữ liệu mẫu vào ${dbFile}`)
      return
    }
    case 'create-admin': {
      if (typeof values.username !== 'string') throw new AppError(400, 'Thiếu --username TÊN')
      const db = openDatabase(dbFile)
      migrateDatabase(db)
      const password = await readPassword(Boolean(values['password-stdin']))
      const user = await createUser(db, null, {
        username: values.username,
        displayName: typeof values['display-name'] === 'string' ? values['display-name'] : values.username,
        password,
        isSystemAdmin: true,
      })
      console.log(`Đã tạo quản trị hệ thống "${user.username}".`)
      return
    }
    case 'meeting': {
      const db = openDatabase(dbFile)
      migrateDatabase(db)
      const { runMeetingCommand } = await import('./meeting')
      runMeetingCommand(db, { id: typeof values.id === 'string' ? values.id : undefined, json: Boolean(values.json) })
      db.$client.close()
      return
    }
    case 'meetings': {
      const db = openDatabase(dbFile)
      migrateDatabase(db)
      const year = typeof values.year === 'string' ? Number(values.year) : undefined
      if (year !== undefined && !Number.isInteger(year)) throw new AppError(400, `Năm không hợp lệ: ${values.year}. Dùng dạng --year 2026.`)
      const { runMeetingsCommand } = await import('./meetings')
      runMeetingsCommand(db, { json: Boolean(values.json), cell: typeof values.cell === 'string' ? values.cell : undefined, year })
      db.$client.close()
      return
    }
    case 'export': {
      const db = openDatabase(dbFile)
      migrateDatabase(db)
      const { runExport } = await import('./export')
      await runExport(db, rest)
      db.$client.close()
      return
    }
    case 'search-reindex': {
      const db = openDatabase(dbFile)
      migrateDatabase(db)
      const { rebuildSearchIndex } = await import('../models/search.server')
      const started = Date.now()
      const indexed = rebuildSearchIndex(db, { onProgress: (n) => process.stdout.write(`\rĐã lập chỉ mục ${n} mục…`) })
      console.log(`\rĐã dựng lại chỉ mục tìm kiếm: ${indexed} mục trong ${((Date.now() - started) / 1000).toFixed(1)} giây.`)
      db.$client.close()
      return
    }
    case 'verify-chain': {
      const db = openDatabase(dbFile)
      migrateDatabase(db)
      const { runVerifyChain } = await import('./verify-chain')
      process.exitCode = runVerifyChain(db, { cell: typeof values.cell === 'string' ? values.cell : undefined, json: Boolean(values.json) })
      return
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(HELP)
      return
    default:
      throw new AppError(400, `Lệnh không rõ: ${command}\n\n${HELP}`)
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof AppError) {
    console.error(`Lỗi: ${error.message}`)
    process.exit(error.status === 400 ? 2 : 1)
  }
  console.error(error)
  process.exit(1)
})

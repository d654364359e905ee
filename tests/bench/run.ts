// `npm run bench [-- --json] [--db FILE] [--quick] [--duration S] [--only a,b]` (issue 8 item 2).
//
// 1. builds the production app (`npx remix build`);
// 2. uses --db FILE, or generates the scale dataset into tmp/bench/scale.db if it is missing
//    (--quick: a tiny dataset in tmp/bench/quick.db, regenerated every run, 1–2 s per scenario);
// 3. starts the production server in a CHILD process (`node FLAGS --import tsx app/cli/index.ts serve`, FLAGS as in package.json's serve script;
//    one process so its VmHWM is the server's peak RSS) on 127.0.0.1;
// 4. logs the bench accounts in, then drives each scenario with autocannon from this process at
//    concurrency 1 and 32, recording every response time (p50/p95/p99 are computed from all of them);
// 5. measures the two ceilings: http_rps (tests/bench/http-ceiling.ts, a bare node:http server with a
//    body the size of the meeting page, in a child process) and render_rps (the app's own Remix
//    request handler on build/index.js rendering the same page in-process, in a loop, no network);
// 6. reports the server's peak RSS and the gzip JavaScript the member's read pages and the editor load.
// Prints a table on stderr; with --json exactly one JSON object on stdout.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import zlib from 'node:zlib'
import Database from 'better-sqlite3'
import autocannon from 'autocannon'
import { EDITOR_ROUTE, jsBudget } from './js-budget'

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')
process.chdir(ROOT)

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    db: { type: 'string' },
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    only: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    port: { type: 'string' },
    check: { type: 'boolean', default: false },
  },
  strict: false,
})
const QUICK = Boolean(args.quick)
const DURATION = Number(args.duration ?? (QUICK ? 1.5 : 10))
const ONLY = typeof args.only === 'string' ? new Set(args.only.split(',')) : null
const log = (...parts: unknown[]) => process.stderr.write(`${parts.join(' ')}\n`)
const PASSWORD = 'bench1234'

type Result = { name: string; concurrency: number; p50_ms: number; p95_ms: number; p99_ms: number; rps: number; requests: number; errors: number; status: Record<string, number> }

// ---------------------------------------------------------------------------------------------
// Build and dataset

function build() {
  if (args['no-build']) return
  log('• npx remix build')
  execFileSync('npx', ['remix', 'build'], { stdio: ['ignore', process.stderr, process.stderr], env: { ...process.env, NODE_ENV: 'production' } })
}

async function dataset(): Promise<string> {
  if (typeof args.db === 'string') return path.resolve(args.db)
  const file = path.resolve(QUICK ? 'tmp/bench/quick.db' : 'tmp/bench/scale.db')
  if (QUICK || !fs.existsSync(file)) {
    const { seedScale } = await import('../../db/seed/scale')
    const size = QUICK ? { orgs: 4, cells: 12, members: 200, years: 2, signBench: 100 } : { signBench: 300 }
    log(`• tạo bộ dữ liệu ${file} ${JSON.stringify(size)}`)
    const res = await seedScale(file, { ...size, force: true, progress: !args.json || true })
    log(`  ${res.meetings} buổi sinh hoạt trong ${res.seconds.total.toFixed(1)} s`)
  }
  return file
}

type Targets = {
  dataset: { orgs: number; cells: number; members: number; meetings: number }
  topId: string
  grassrootsId: string
  year: number
  signedMeetingId: string
  editorMeetingId: string
  signCellId: string
  signMeetingIds: string[]
  benchOrgInspectorId: string
}

function targets(file: string): Targets {
  const db = new Database(file, { readonly: true })
  const one = <T>(sql: string, ...p: unknown[]) => db.prepare(sql).get(...p) as T
  const n = (sql: string) => one<{ n: number }>(sql).n
  const top = one<{ id: string }>(`SELECT id FROM organizations WHERE kind = 'upper' AND parent_id IS NULL ORDER BY created_at, id LIMIT 1`)
  const cell1 = one<{ orgId: string; memberId: string }>(
    `SELECT g.org_id AS orgId, u.member_id AS memberId FROM users u JOIN role_grants g ON g.user_id = u.id WHERE u.username = 'bench-secretary' AND g.role = 'secretary'`,
  )
  const orgInspector = one<{ orgId: string; userId: string }>(`SELECT g.org_id AS orgId, u.id AS userId FROM users u JOIN role_grants g ON g.user_id = u.id WHERE u.username = 'bench-org-inspector'`)
  const signer = one<{ orgId: string }>(`SELECT g.org_id AS orgId FROM users u JOIN role_grants g ON g.user_id = u.id WHERE u.username = 'bench-signer' AND g.role = 'secretary'`)
  const signed = one<{ id: string; y: number }>(
    `SELECT id, period_year AS y FROM meetings WHERE cell_id = ? AND status = 'signed' AND type = 'regular' ORDER BY starts_at DESC LIMIT 1`,
    cell1.orgId,
  )
  const editor =
    one<{ id: string } | undefined>(`SELECT id FROM meetings WHERE cell_id = ? AND status IN ('planned', 'prepared') ORDER BY starts_at LIMIT 1`, cell1.orgId) ??
    one<{ id: string }>(`SELECT id FROM meetings WHERE cell_id = ? ORDER BY starts_at DESC LIMIT 1`, cell1.orgId)
  const signIds = (db.prepare(`SELECT id FROM meetings WHERE cell_id = ? AND type = 'extraordinary' AND status = 'signing' ORDER BY starts_at`).all(signer.orgId) as { id: string }[]).map((r) => r.id)
  const out: Targets = {
    dataset: {
      orgs: n(`SELECT count(*) AS n FROM organizations WHERE kind = 'grassroots'`),
      cells: n(`SELECT count(*) AS n FROM organizations WHERE kind IN ('cell_base', 'cell_sub')`),
      members: n(`SELECT count(*) AS n FROM members`),
      meetings: n(`SELECT count(*) AS n FROM meetings`),
    },
    topId: top.id,
    grassrootsId: orgInspector.orgId,
    year: signed.y,
    signedMeetingId: signed.id,
    editorMeetingId: editor.id,
    signCellId: signer.orgId,
    signMeetingIds: signIds,
    benchOrgInspectorId: orgInspector.userId,
  }
  db.close()
  return out
}

/**
 * The sign scenario signs bench meetings (cell of bench-signer): afterwards they are put back to
 * "waiting for the chair" — they were appended at the end of that cell's chain, so removing them
 * leaves the chain intact (verify-chain stays green) and the next run has them again.
 */
function resetSignBench(file: string, cellId: string) {
  const db = new Database(file)
  db.pragma('busy_timeout = 5000')
  db.transaction(() => {
    const ids = (
      db
        .prepare(
          `SELECT v.id, v.meeting_id AS meetingId FROM minutes_versions v JOIN meetings m ON m.id = v.meeting_id
           WHERE m.cell_id = ? AND m.type = 'extraordinary' AND m.topic LIKE 'Biểu quyết nội dung phát sinh số %' AND v.status = 'signed'`,
        )
        .all(cellId) as { id: string; meetingId: string }[]
    )
    for (const v of ids) {
      db.prepare(`DELETE FROM signatures WHERE version_id = ? AND role = 'chair'`).run(v.id)
      db.prepare(`UPDATE minutes_versions SET status = 'pending', chain_seq = NULL, prev_hash = NULL, seal_hash = NULL, signed_at = NULL WHERE id = ?`).run(v.id)
      db.prepare(`UPDATE meetings SET status = 'signing' WHERE id = ?`).run(v.meetingId)
    }
    if (ids.length) log(`• đã đặt lại ${ids.length} biên bản của kịch bản sign về trạng thái chờ ký`)
  })()
  db.close()
}

// ---------------------------------------------------------------------------------------------
// Processes

function waitForLine(child: ChildProcess, re: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = ''
    const timer = setTimeout(() => reject(new Error(`timeout waiting for ${re} (got: ${buf.slice(-500)})`)), timeoutMs)
    const onData = (d: Buffer) => {
      buf += d.toString()
      const m = buf.match(re)
      if (m) {
        clearTimeout(timer)
        child.stdout?.off('data', onData)
        resolve(m[0])
      }
    }
    child.stdout?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before ${re}: ${buf.slice(-500)}`)))
  })
}

async function freePort(): Promise<number> {
  const net = await import('node:net')
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

/**
 * The V8 flags production runs the server with: those of package.json's `serve` script (`node FLAGS
 * --import tsx app/cli/index.ts serve`), so the bench measures the memory the app is deployed with.
 * BENCH_SERVER_FLAGS replaces them for experiments.
 */
function serverNodeFlags(): string[] {
  if (process.env.BENCH_SERVER_FLAGS !== undefined) return process.env.BENCH_SERVER_FLAGS.split(' ').filter(Boolean)
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
  return pkg.scripts.serve.match(/^node ((?:--[\w-]+=\S+ )*)--import tsx /)?.[1].trim().split(' ').filter(Boolean) ?? []
}

async function startServer(file: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...serverNodeFlags(), '--import', 'tsx', 'app/cli/index.ts', 'serve', '--db', file, '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: file },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stderr?.on('data', (d: Buffer) => {
    if (!args.json) process.stderr.write(`[server] ${d}`)
  })
  await waitForLine(child, /đang chạy tại/, 120_000)
  return child
}

function vmRSS(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024
  } catch {
    return 0
  }
}

function vmHWM(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0)
    return kb / 1024
  } catch {
    return 0
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

let BASE = ''
async function login(username: string): Promise<string> {
  const res = await fetch(`${BASE}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: BASE },
    body: new URLSearchParams({ username, password: PASSWORD }).toString(),
  })
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0])
  if (res.status !== 302 || cookies.length === 0) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text().catch(() => '')}`.slice(0, 400))
  return cookies.join('; ')
}

async function get(pathname: string, cookie: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${BASE}${pathname}`, { headers: { cookie }, redirect: 'manual' })
  return { status: res.status, body: await res.text() }
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : 0)
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d

type Scenario = {
  name: string
  method?: 'GET' | 'POST'
  path: string | (() => string)
  cookie: string
  body?: string | (() => string)
  /** Bounded by request count instead of time (each request consumes something). */
  amount?: (concurrency: number) => number
  duration?: number
  expect?: number[]
}

async function cannon(s: Scenario, connections: number): Promise<Result> {
  const times: number[] = []
  const status: Record<string, number> = {}
  const dynamicPath = typeof s.path === 'function' ? s.path : null
  const dynamicBody = typeof s.body === 'function' ? s.body : null
  const headers: Record<string, string> = { cookie: s.cookie, origin: BASE }
  if (s.method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded'
  const started = process.hrtime.bigint()
  const instance = autocannon({
    url: BASE,
    connections,
    pipelining: 1,
    timeout: 300,
    ...(s.amount ? { amount: s.amount(connections) } : { duration: s.duration ?? DURATION }),
    requests: [
      {
        method: s.method ?? 'GET',
        path: typeof s.path === 'string' ? s.path : '/',
        headers,
        body: typeof s.body === 'string' ? s.body : undefined,
        setupRequest: (req: Record<string, unknown>) => {
          if (dynamicPath) req.path = dynamicPath()
          if (dynamicBody) req.body = dynamicBody()
          return req
        },
      },
    ],
  } as unknown as autocannon.Options) as unknown as import('node:events').EventEmitter & PromiseLike<autocannon.Result>
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    times.push(responseTime)
    status[statusCode] = (status[statusCode] ?? 0) + 1
  })
  const result = await instance
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  times.sort((a, b) => a - b)
  const ok = s.expect ?? [200]
  const errors = result.errors + result.timeouts + Object.entries(status).filter(([code]) => !ok.includes(Number(code))).reduce((a, [, n]) => a + n, 0)
  return {
    name: s.name,
    concurrency: connections,
    p50_ms: round(percentile(times, 50)),
    p95_ms: round(percentile(times, 95)),
    p99_ms: round(percentile(times, 99)),
    rps: round(times.length / (s.amount ? seconds : (s.duration ?? DURATION))),
    requests: times.length,
    errors,
    status,
  }
}

// ---------------------------------------------------------------------------------------------
// Ceilings

async function httpCeiling(bytes: number): Promise<number> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/http-ceiling.ts', String(port), String(bytes)], { stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    await waitForLine(child, /ready/, 30_000)
    const res = await autocannon({ url: `http://127.0.0.1:${port}/`, connections: 32, duration: DURATION })
    return round(res.requests.total / DURATION)
  } finally {
    child.kill('SIGTERM')
  }
}

/** The app's own request handler on the production build, rendering one page in a loop (no network). */
async function renderCeiling(file: string, pathname: string, cookie: string): Promise<number> {
  process.env.DATABASE_URL = file
  process.env.NODE_ENV = 'production'
  const { createRequestHandler } = await import('@remix-run/node')
  const build = await import(pathToFileURL(path.resolve('build/index.js')).href)
  const handler = createRequestHandler(build, 'production')
  const url = `http://127.0.0.1${pathname}`
  const once = async () => {
    const res = await handler(new Request(url, { headers: { cookie, 'x-scb-client-ip': '127.0.0.1' } }), { cspNonce: 'bench' } as never)
    if (res.status !== 200) throw new Error(`render ${pathname}: HTTP ${res.status}`)
    await res.text()
  }
  for (let i = 0; i < 30; i++) await once()
  const until = Date.now() + DURATION * 1000
  let n = 0
  const t0 = process.hrtime.bigint()
  while (Date.now() < until) {
    await once()
    n++
  }
  return round(n / (Number(process.hrtime.bigint() - t0) / 1e9))
}

// ---------------------------------------------------------------------------------------------
// JavaScript a page loads (from the build). `js_gzip_bytes` and the per-page `js_gzip_by_route` come
// from the build's manifest (tests/bench/js-budget.ts): for every page a plain member reads, and for the
// agenda editor, the entry, each matched route module and its static import closure, each file gzip
// -9'd and summed; `member_read` is the heaviest read page. Dynamic import()s (the editing panels
// loaded only for those who may edit, and only when shown) are not counted: the page is usable
// without them. As a cross-check, the pages actually served are measured the same way from their
// HTML (the modulepreload links and the module script's imports).

function jsGzipBytes(html: string): { bytes: number; files: string[] } {
  // Only what the browser fetches: modulepreload links and the module script's static imports. The
  // inline route manifest (window.__remixManifest) names other routes' files too; they are not loaded.
  const preloads = [...html.matchAll(/<link rel="modulepreload" href="(\/build\/[^"]+\.js)"/g)].map((m) => m[1])
  const imports = [...html.matchAll(/\bimport\b[^"';]*["'](\/build\/[^"']+\.js)["']/g)].map((m) => m[1])
  const files = [...new Set([...preloads, ...imports])]
  let bytes = 0
  for (const url of files) {
    const fileOnDisk = path.join('public', url)
    if (fs.existsSync(fileOnDisk)) bytes += zlib.gzipSync(fs.readFileSync(fileOnDisk), { level: 9 }).length
  }
  return { bytes, files }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const t0 = Date.now()
  build()
  const file = await dataset()
  const t = targets(file)
  resetSignBench(file, t.signCellId)
  const t2 = targets(file)
  log(`• dữ liệu: ${JSON.stringify(t2.dataset)} · năm ${t2.year}`)

  const port = typeof args.port === 'string' ? Number(args.port) : await freePort()
  BASE = `http://127.0.0.1:${port}`
  log(`• máy chủ: ${BASE}`)
  const server = await startServer(file, port)
  const results: Result[] = []
  let pageBytes = 0
  let renderRps = 0
  let httpRps = 0
  let js = { member_read: 0, editor: 0 }
  let jsByRoute: Record<string, number> = {}
  try {
    const secretary = await login('bench-secretary')
    const member = await login('bench-member')
    const inspector = await login('bench-inspector')
    const orgInspector = await login('bench-org-inspector')
    const signer = await login('bench-signer')

    const meetingPath = `/meetings/${t2.signedMeetingId}`
    const page = await get(meetingPath, member)
    if (page.status !== 200) throw new Error(`${meetingPath} as bench-member: HTTP ${page.status}`)
    pageBytes = Buffer.byteLength(page.body)
    const home = await get('/', member)
    const editorPage = await get(`/meetings/${t2.editorMeetingId}/agenda`, secretary)
    if (editorPage.status !== 200) log(`! agenda editor: HTTP ${editorPage.status}`)
    const jsPage = jsGzipBytes(page.body)
    const jsHome = jsGzipBytes(home.body)
    const jsEditor = jsGzipBytes(editorPage.body)
    log(`• JS gzip: trang buổi sinh hoạt ${jsPage.bytes} B (${jsPage.files.length} tệp), trang chủ ${jsHome.bytes} B (${jsHome.files.length} tệp), soạn chương trình ${jsEditor.bytes} B (${jsEditor.files.length} tệp)`)
    if (process.env.BENCH_JS_FILES) log(jsPage.files.map((f) => `    ${f}`).join("\n"))
    const budget = jsBudget(path.join('public', 'build'))
    js = budget.js_gzip_bytes
    jsByRoute = budget.js_gzip_by_route
    for (const [route, bytes] of Object.entries(jsByRoute)) log(`    ${String(bytes).padStart(7)} B  ${route}`)
    // The served pages must agree with the manifest; a difference means the measurement missed a file.
    const served: Array<[string, number]> = [['routes/meetings.$meetingId._index', jsPage.bytes], ['routes/_index', jsHome.bytes], [EDITOR_ROUTE, jsEditor.bytes]]
    for (const [route, bytes] of served) if (jsByRoute[route] !== bytes) log(`! JS gzip ${route}: manifest ${jsByRoute[route]} B, trang thật ${bytes} B`)

    let signNext = 0
    const scenarios: Scenario[] = [
      {
        name: 'login',
        method: 'POST',
        path: '/login',
        cookie: '',
        body: new URLSearchParams({ username: 'bench-member', password: PASSWORD }).toString(),
        expect: [302],
      },
      { name: 'secretary_home', path: '/', cookie: secretary },
      { name: 'meeting_page', path: meetingPath, cookie: member },
      { name: 'agenda_editor', path: `/meetings/${t2.editorMeetingId}/agenda`, cookie: secretary },
      { name: 'inspector_grid_all', path: `/inspect/${t2.topId}?year=${t2.year}`, cookie: inspector },
      { name: 'inspector_grid_org', path: `/inspect/${t2.grassrootsId}?year=${t2.year}`, cookie: orgInspector },
      { name: 'search', path: `/search?q=${encodeURIComponent('đảng phí')}`, cookie: secretary },
      { name: 'docx_minutes', path: `${meetingPath}/minutes.docx`, cookie: member },
      {
        name: 'sign',
        method: 'POST',
        path: () => `/meetings/${t2.signMeetingIds[signNext++ % t2.signMeetingIds.length]}/minutes`,
        cookie: signer,
        body: new URLSearchParams({ intent: 'sign', password: PASSWORD }).toString(),
        amount: (c) => Math.max(c, Math.min(Math.floor(t2.signMeetingIds.length / 2), c === 1 ? (QUICK ? 10 : 40) : QUICK ? 40 : 150)),
        expect: [200, 204, 302, 303],
      },
    ]
    for (const s of scenarios) {
      if (ONLY && !ONLY.has(s.name)) continue
      // Warm-up (JIT, SQLite page cache) outside the measurement; not for scenarios that consume data.
      if (!s.amount) await cannon({ ...s, name: `${s.name} (warm-up)`, duration: undefined, amount: () => (QUICK ? 5 : 20) }, 1)
      let slow = false
      for (const c of [1, 32]) {
        // A scenario slower than ~0.5 s a request would complete nothing at c=32 within the duration:
        // then every connection makes exactly one request and all are waited for.
        const r = await cannon(slow && !s.amount ? { ...s, amount: (n) => n } : s, c)
        if (c === 1 && r.p50_ms > 500) slow = true
        log(`    RSS ${round(vmRSS(server.pid!))} MB, peak ${round(vmHWM(server.pid!))} MB`)
        results.push(r)
        log(`  ${s.name.padEnd(20)} c=${String(c).padEnd(3)} p50 ${String(r.p50_ms).padStart(7)} ms  p95 ${String(r.p95_ms).padStart(7)} ms  p99 ${String(r.p99_ms).padStart(7)} ms  ${String(r.rps).padStart(7)} req/s  ${r.requests} req${r.errors ? `  ERRORS ${r.errors} ${JSON.stringify(r.status)}` : ''}`)
      }
    }
    // bundle_org_year: one grass-roots organisation's year, end to end (POST → job done), repeated.
    if (!ONLY || ONLY.has('inspector_grid_all_cold')) results.push(await gridCold(file, `/inspect/${t2.topId}?year=${t2.year}`, inspector, t2.year, 'write'))
    if (!ONLY || ONLY.has('inspector_grid_all_recompute')) results.push(await gridCold(file, `/inspect/${t2.topId}?year=${t2.year}`, inspector, t2.year, 'recompute'))
    if (!ONLY || ONLY.has('bundle_org_year')) results.push(await bundle(file, t2, orgInspector))

    // Ceilings (server idle meanwhile).
    if (!ONLY || ONLY.has('ceiling')) {
      httpRps = await httpCeiling(pageBytes)
      log(`  http_rps ${httpRps} (thân ${pageBytes} B)`)
      renderRps = await renderCeiling(file, meetingPath, member)
      log(`  render_rps ${renderRps}`)
    }
  } finally {
    const peak = vmHWM(server.pid!)
    server.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 300))
    resetSignBench(file, t.signCellId)
    const out = {
      dataset: t2.dataset,
      results: results.map(({ name, concurrency, p50_ms, p95_ms, p99_ms, rps }) => ({ name, concurrency, p50_ms, p95_ms, p99_ms, rps })),
      ceiling: { http_rps: httpRps, render_rps: renderRps },
      peak_rss_mb: round(peak),
      js_gzip_bytes: js,
      js_gzip_by_route: jsByRoute,
    }
    printTable(out, results, pageBytes)
    log(`• xong trong ${((Date.now() - t0) / 1000).toFixed(0)} s`)
    if (args.json) process.stdout.write(`${JSON.stringify(out)}\n`)
    if (args.check) {
      const problems = smokeProblems(results, out.ceiling, out.js_gzip_bytes)
      for (const p of problems) log(`✗ ${p}`)
      if (problems.length) process.exitCode = 1
      else log('✓ mọi kịch bản đều chạy, không có lỗi')
    }
  }
}

/** Every named scenario of issue 8 (`sign` and `bundle_org_year` run once, at c=1). */
const SCENARIOS = ['login', 'secretary_home', 'meeting_page', 'agenda_editor', 'inspector_grid_all', 'inspector_grid_org', 'search', 'docx_minutes', 'bundle_org_year', 'sign', 'inspector_grid_all_cold', 'inspector_grid_all_recompute'] as const

/**
 * `--check` (the CI smoke test, untimed): every scenario ran, answered every request with the expected
 * status, and the ceilings and bundle sizes were measured. No latency is judged here: CI machines vary.
 */
function smokeProblems(results: Result[], ceiling: { http_rps: number; render_rps: number }, js: Record<string, unknown>): string[] {
  const problems: string[] = []
  for (const name of ONLY ? SCENARIOS.filter((n) => ONLY.has(n)) : SCENARIOS) {
    const runs = results.filter((r) => r.name === name)
    if (!runs.length) problems.push(`${name}: không chạy`)
    for (const r of runs) {
      if (r.requests === 0) problems.push(`${name} c=${r.concurrency}: không có yêu cầu nào hoàn thành`)
      if (r.errors) problems.push(`${name} c=${r.concurrency}: ${r.errors} lỗi ${JSON.stringify(r.status)}`)
    }
  }
  if (!ONLY || ONLY.has('ceiling')) {
    if (!(ceiling.http_rps > 0)) problems.push('http_rps không đo được')
    if (!(ceiling.render_rps > 0)) problems.push('render_rps không đo được')
  }
  for (const [k, v] of Object.entries(js)) if (typeof v === 'number' && !(v > 0)) problems.push(`js_gzip_bytes.${k} không đo được`)
  return problems
}

/** A scenario timed request by request in this process (c=1): percentiles over every time. */
function sequentialResult(name: string, times: number[], errors: number, status: Record<string, number>): Result {
  const sorted = [...times].sort((a, b) => a - b)
  return {
    name,
    concurrency: 1,
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
    rps: round(sorted.length ? 1000 / (sorted.reduce((a, b) => a + b, 0) / sorted.length) : 0, 3),
    requests: sorted.length,
    errors,
    status,
  }
}

/**
 * `inspector_grid_all_cold`: the whole upper body's grid right after a write somewhere in it, as in
 * working hours. The server keeps computed grid years and judges again only the cells whose facts
 * moved (compliance_cell_version, ADR 012); `inspector_grid_all` measures the year reused as it is.
 * Here, before every request, one attendance mark of a meeting of the year is changed (and changed back
 * the next time) in a different cell each time — a real write through the facts triggers.
 * `inspector_grid_all_recompute`: the same grid when the whole year must be judged again (an
 * organisation renamed, moved or its settings changed): the global compliance_version is moved instead.
 */
async function gridCold(file: string, url: string, cookie: string, year: number, mode: 'write' | 'recompute'): Promise<Result> {
  const name = mode === 'write' ? 'inspector_grid_all_cold' : 'inspector_grid_all_recompute'
  const runs = QUICK ? 3 : 15
  const times: number[] = []
  const db = new Database(file)
  db.pragma('busy_timeout = 5000')
  const bump = db.prepare('UPDATE compliance_version SET n = n + 1')
  // One attendance mark per cell (a different cell for each request), present ⇄ excused.
  const held = db.prepare(`SELECT min(id) AS id FROM meetings WHERE period_year = ? AND status = 'signed' GROUP BY cell_id LIMIT ?`).pluck().all(year, runs * 2) as string[]
  const markOf = db.prepare(`SELECT meeting_id AS meetingId, member_id AS memberId, status FROM attendance WHERE meeting_id = ? AND status IN ('present', 'excused') LIMIT 1`)
  const marks = held.flatMap((id) => (markOf.all(id) as { meetingId: string; memberId: string; status: string }[])).slice(0, runs)
  const mark = db.prepare('UPDATE attendance SET status = ? WHERE meeting_id = ? AND member_id = ?')
  let errors = 0
  const status: Record<string, number> = {}
  // A first request outside the measurement: the year kept, as in inspector_grid_all.
  await (await fetch(`${BASE}${url}`, { headers: { cookie } })).arrayBuffer()
  try {
    for (let i = 0; i < runs; i++) {
      if (mode === 'recompute' || marks.length === 0) bump.run()
      else {
        const m = marks[i % marks.length]
        mark.run(m.status === 'present' ? 'excused' : 'present', m.meetingId, m.memberId)
      }
      const started = performance.now()
      const res = await fetch(`${BASE}${url}`, { headers: { cookie } })
      await res.arrayBuffer()
      times.push(performance.now() - started)
      status[res.status] = (status[res.status] ?? 0) + 1
      if (res.status !== 200) errors++
    }
  } finally {
    // The marks as they were (the dataset is measured again by later runs).
    if (mode === 'write') for (const m of marks) mark.run(m.status, m.meetingId, m.memberId)
    db.close()
  }
  const r = sequentialResult(name, times, errors, status)
  log(`  ${name} c=1 p50 ${r.p50_ms} ms  p95 ${r.p95_ms} ms  (${runs} lần, ${errors} lỗi)`)
  return r
}

async function bundle(file: string, t: Targets, cookie: string): Promise<Result> {
  const runs = QUICK ? 2 : 3
  const times: number[] = []
  const db = new Database(file, { readonly: true })
  let errors = 0
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    const res = await fetch(`${BASE}/orgs/${t.grassrootsId}/exports`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: BASE, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'bundle', year: String(t.year) }).toString(),
    })
    await res.text()
    const job = db.prepare(`SELECT id FROM export_jobs WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT 1`).get(t.benchOrgInspectorId) as { id: string } | undefined
    if (!job) {
      errors++
      continue
    }
    for (;;) {
      const st = (await (await fetch(`${BASE}/exports/${job.id}/status`, { headers: { cookie } })).json()) as { status: string; label?: string; error?: string }
      if (st.status === 'done') break
      if (st.status === 'failed') {
        errors++
        log(`! bundle: ${st.error}`)
        break
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    times.push(performance.now() - started)
  }
  db.close()
  const r = sequentialResult('bundle_org_year', times, errors, {})
  log(`  bundle_org_year      c=1   p50 ${r.p50_ms} ms  (${runs} lần, ${errors} lỗi)`)
  return r
}

function printTable(out: { ceiling: { http_rps: number; render_rps: number }; peak_rss_mb: number; js_gzip_bytes: { member_read: number; editor: number } }, results: Result[], pageBytes: number) {
  const lines = [
    '',
    `scenario              conc    p50 ms    p95 ms    p99 ms     req/s  errors`,
    ...results.map(
      (r) =>
        `${r.name.padEnd(20)}  ${String(r.concurrency).padStart(4)}  ${String(r.p50_ms).padStart(8)}  ${String(r.p95_ms).padStart(8)}  ${String(r.p99_ms).padStart(8)}  ${String(r.rps).padStart(8)}  ${String(r.errors).padStart(6)}`,
    ),
    '',
    `http_rps ${out.ceiling.http_rps} (body ${pageBytes} B) · render_rps ${out.ceiling.render_rps} · peak RSS ${out.peak_rss_mb} MB`,
    `JS gzip: member read pages ${out.js_gzip_bytes.member_read} B · editor ${out.js_gzip_bytes.editor} B`,
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'} · ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB · node ${process.version}`,
  ]
  log(lines.join('\n'))
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})

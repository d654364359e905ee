// The gzip JavaScript each page loads before it is usable, computed from the production build
// (public/build) rather than from a served page, so every route can be measured without the data
// that would reach it.
//
// What the browser loads for a route, with lazy route discovery on (no manifest file, the matched
// routes are inlined): the entry module and its imports, then for every route the URL matches —
// root, any layout parents, the leaf — its module and the imports Remix lists in the manifest.
// Chunks import chunks, so static `import … from "…"` statements are followed transitively; dynamic
// `import("…")` is not (a lazily loaded editor panel or dialog is fetched only when opened).
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

type ManifestRoute = { id: string; parentId?: string; module: string; imports?: string[] }
type Manifest = { entry: { module: string; imports: string[] }; routes: Record<string, ManifestRoute> }

// Pages a member without any office reads, with the route id that serves each. `editor` is measured
// apart: its budget is 260 KB, the read pages' 100 KB.
export const MEMBER_READ_ROUTES: Record<string, string> = {
  'routes/_index': 'trang chủ /',
  'routes/meetings.$meetingId._index': 'buổi sinh hoạt /meetings/:id',
  'routes/meetings.$meetingId.minutes._index': 'biên bản /meetings/:id/minutes',
  'routes/meetings.$meetingId.minutes.versions.$versionId': 'phiên bản biên bản',
  'routes/meetings.$meetingId.contribute': 'góp ý trước buổi họp',
  'routes/my.contributions': 'góp ý của tôi',
  'routes/my.criticism': 'phê bình, tự phê bình của tôi',
  'routes/criticism.$itemId': 'một mục phê bình',
  'routes/orgs.$orgId.plan': 'kế hoạch năm',
  'routes/orgs.$orgId.tasks': 'nhiệm vụ của chi bộ',
  'routes/tasks.$taskId': 'một nhiệm vụ',
  'routes/documents._index': 'sổ văn bản',
  'routes/documents.$documentId._index': 'một văn bản',
  'routes/account': 'tài khoản, mật khẩu',
  'routes/account_.calendar': 'lịch (đăng ký .ics)',
  'routes/account_.tokens': 'mã truy cập',
  'routes/search': 'tìm kiếm',
  'routes/legal-basis': 'căn cứ Điều lệ',
  'routes/members.$memberId._index': 'hồ sơ đảng viên',
  'routes/orgs.$orgId._index': 'trang chi bộ / tổ chức',
  'routes/login': 'đăng nhập',
}
export const EDITOR_ROUTE = 'routes/meetings.$meetingId.agenda'

export function readManifest(buildDir = 'public/build'): Manifest {
  const file = fs.readdirSync(buildDir).find((f) => /^manifest-[\w-]+\.js$/.test(f))
  if (!file) throw new Error(`no manifest-*.js in ${buildDir}: run \`npx remix build\` first`)
  const text = fs.readFileSync(path.join(buildDir, file), 'utf8')
  return JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as Manifest
}

/** The static-import closure of `urls` (URLs under /build/), in load order, without repeats. */
export function staticClosure(urls: string[], publicDir = 'public'): string[] {
  const seen = new Set<string>()
  const visit = (url: string) => {
    if (seen.has(url)) return
    seen.add(url)
    const file = path.join(publicDir, url)
    if (!fs.existsSync(file)) return
    const code = fs.readFileSync(file, 'utf8')
    // esbuild's minified ESM: `import{a as b}from"/build/_shared/chunk-X.js";` or `import"./x.js";`
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*"([^"]+\.js)"/g)) {
      visit(m[1].startsWith('.') ? path.posix.join(path.posix.dirname(url), m[1]) : m[1])
    }
  }
  for (const url of urls) visit(url)
  return [...seen]
}

const gzipCache = new Map<string, number>()
export function gzipBytes(url: string, publicDir = 'public'): number {
  const key = path.join(publicDir, url)
  let n = gzipCache.get(key)
  if (n === undefined) {
    n = fs.existsSync(key) ? zlib.gzipSync(fs.readFileSync(key), { level: 9 }).length : 0
    gzipCache.set(key, n)
  }
  return n
}

export function routeFiles(manifest: Manifest, routeId: string, publicDir = 'public'): string[] {
  const chain: ManifestRoute[] = []
  for (let id: string | undefined = routeId; id; id = manifest.routes[id]?.parentId) {
    const route = manifest.routes[id]
    if (!route) throw new Error(`route ${id} is not in the build's manifest`)
    chain.unshift(route)
  }
  const roots = [manifest.entry.module, ...manifest.entry.imports, ...chain.flatMap((r) => [...(r.imports ?? []), r.module])]
  return staticClosure(roots, publicDir)
}

/** Chunks a page fetches only when it renders a lazily loaded panel (an editing form for those who may
 * edit): the static closure of its dynamic `import("…")`s, less what the page already loaded. */
export function lazyFiles(loaded: string[], publicDir = 'public'): string[] {
  const have = new Set(loaded)
  const dynamic = new Set<string>()
  for (const url of loaded) {
    const file = path.join(publicDir, url)
    if (!fs.existsSync(file)) continue
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bimport\(\s*"([^"]+\.js)"\s*\)/g)) dynamic.add(m[1])
  }
  return staticClosure([...dynamic], publicDir).filter((url) => !have.has(url))
}

export type JsBudget = {
  /** The heaviest member read page (the 100 KB budget) and the agenda editor (the 260 KB budget). */
  js_gzip_bytes: { member_read: number; editor: number }
  /** Every measured page, route id → gzip bytes. */
  js_gzip_by_route: Record<string, number>
}

export function jsBudget(buildDir = 'public/build'): JsBudget {
  const publicDir = path.dirname(buildDir)
  const manifest = readManifest(buildDir)
  const byRoute: Record<string, number> = {}
  for (const id of [...Object.keys(MEMBER_READ_ROUTES), EDITOR_ROUTE]) {
    if (!manifest.routes[id]) continue // a page that was renamed away is reported as missing by the table
    byRoute[id] = routeFiles(manifest, id, publicDir).reduce((sum, url) => sum + gzipBytes(url, publicDir), 0)
  }
  const memberRead = Math.max(0, ...Object.keys(MEMBER_READ_ROUTES).map((id) => byRoute[id] ?? 0))
  return { js_gzip_bytes: { member_read: memberRead, editor: byRoute[EDITOR_ROUTE] ?? 0 }, js_gzip_by_route: byRoute }
}

// The bench's JavaScript budget (tests/bench/js-budget.ts) on a hand-made build: what a page loads is
// the entry, every matched route (parents included) and the static import closure of their chunks;
// a lazily imported panel is reported apart; member_read is the heaviest member read page.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, describe, expect, test } from 'vitest'
import { EDITOR_ROUTE, jsBudget, lazyFiles, readManifest, routeFiles } from '../bench/js-budget'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'js-budget-'))
const build = path.join(dir, 'build')
fs.mkdirSync(path.join(build, '_shared'), { recursive: true })
fs.mkdirSync(path.join(build, 'routes'), { recursive: true })
// Deterministic, poorly compressible text standing in for a big library.
const noise = (n: number) => Array.from({ length: n }, (_, i) => ((i * 2654435761) % 4093).toString(36)).join('')
const files: Record<string, string> = {
  '/build/entry.client-A.js': 'import"/build/_shared/chunk-REACT.js";',
  '/build/_shared/chunk-REACT.js': 'export const react=1;'.repeat(50),
  '/build/root-B.js': 'import{a}from"/build/_shared/chunk-REACT.js";export default a;',
  '/build/_shared/chunk-LABELS.js': 'import"./chunk-DEEP.js";export const labels="Nhiệm vụ";',
  '/build/_shared/chunk-DEEP.js': 'export const deep=2;',
  '/build/_shared/chunk-ZOD.js': `export const zod="${noise(4000)}";`,
  '/build/_shared/panel-C.js': 'import"/build/_shared/chunk-ZOD.js";export default 1;',
  '/build/routes/_index-D.js': 'import{labels}from"/build/_shared/chunk-LABELS.js";const P=()=>import("/build/_shared/panel-C.js");export default P;',
  '/build/routes/orgs.$orgId-E.js': 'export default 1;',
  '/build/routes/orgs.$orgId.plan-F.js': 'import"/build/_shared/chunk-ZOD.js";export default 2;',
  '/build/routes/meetings.$meetingId.agenda-G.js': 'export default 3;',
}
for (const [url, code] of Object.entries(files)) fs.writeFileSync(path.join(dir, url), code)
const manifest = {
  entry: { module: '/build/entry.client-A.js', imports: ['/build/_shared/chunk-REACT.js'] },
  routes: {
    root: { id: 'root', module: '/build/root-B.js', imports: ['/build/_shared/chunk-REACT.js'] },
    'routes/_index': { id: 'routes/_index', parentId: 'root', module: '/build/routes/_index-D.js', imports: ['/build/_shared/chunk-LABELS.js'] },
    'routes/orgs.$orgId': { id: 'routes/orgs.$orgId', parentId: 'root', module: '/build/routes/orgs.$orgId-E.js' },
    'routes/orgs.$orgId.plan': { id: 'routes/orgs.$orgId.plan', parentId: 'routes/orgs.$orgId', module: '/build/routes/orgs.$orgId.plan-F.js', imports: [] },
    [EDITOR_ROUTE]: { id: EDITOR_ROUTE, parentId: 'root', module: '/build/routes/meetings.$meetingId.agenda-G.js', imports: [] },
  },
}
fs.writeFileSync(path.join(build, 'manifest-X1.js'), `window.__remixManifest=${JSON.stringify(manifest)};`)
const gz = (url: string) => zlib.gzipSync(fs.readFileSync(path.join(dir, url)), { level: 9 }).length
const sum = (urls: string[]) => urls.reduce((n, u) => n + gz(u), 0)

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('what a page loads', () => {
  test('the home page loads the entry, root, its route and chunks its chunks import, not the lazily imported panel', () => {
    const loaded = routeFiles(readManifest(build), 'routes/_index', dir)
    expect(new Set(loaded)).toEqual(
      new Set(['/build/entry.client-A.js', '/build/_shared/chunk-REACT.js', '/build/root-B.js', '/build/_shared/chunk-LABELS.js', '/build/_shared/chunk-DEEP.js', '/build/routes/_index-D.js']),
    )
    expect(lazyFiles(loaded, dir)).toEqual(['/build/_shared/panel-C.js', '/build/_shared/chunk-ZOD.js'])
  })

  test('a nested page includes its parent layout route and what its own module imports', () => {
    const loaded = routeFiles(readManifest(build), 'routes/orgs.$orgId.plan', dir)
    expect(loaded).toContain('/build/routes/orgs.$orgId-E.js')
    expect(loaded).toContain('/build/_shared/chunk-ZOD.js')
  })

  test('member_read is the heaviest member page and the editor is measured on its own', () => {
    const budget = jsBudget(build)
    const plan = sum(routeFiles(readManifest(build), 'routes/orgs.$orgId.plan', dir))
    expect(budget.js_gzip_by_route['routes/orgs.$orgId.plan']).toBe(plan)
    expect(budget.js_gzip_by_route['routes/_index']).toBeLessThan(plan)
    expect(budget.js_gzip_bytes.member_read).toBe(plan)
    expect(budget.js_gzip_bytes.editor).toBe(sum(routeFiles(readManifest(build), EDITOR_ROUTE, dir)))
    // Pages this build does not have are left out rather than counted as 0 bytes.
    expect(Object.keys(budget.js_gzip_by_route).sort()).toEqual(['routes/_index', 'routes/meetings.$meetingId.agenda', 'routes/orgs.$orgId.plan'])
  })
})

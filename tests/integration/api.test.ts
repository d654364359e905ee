// The JSON API (/api/v1/*) through its route loaders, on the demo data: browser-session and
// personal-access-token authentication, revocation, who sees what, the default organisation, the
// errors as Vietnamese JSON, and the OpenAPI document. Also the inspection page and its exports
// as a plain member and as an inspector.
import { createCookie } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import { createApiToken, listApiTokens, revokeApiToken } from '~/models/api-tokens.server'
import { cookieSecret, createSession } from '~/models/users.server'
import { loader as complianceLoader } from '~/routes/api.v1.compliance'
import { loader as meetingsLoader } from '~/routes/api.v1.meetings'
import { loader as openapiLoader } from '~/routes/api.v1.openapi[.]json'
import { loader as inspectLoader } from '~/routes/inspect.$orgId._index'
import { loader as inspectCsvLoader } from '~/routes/inspect.$orgId[.]csv'
import { loader as inspectIndexLoader } from '~/routes/inspect._index'
import { seedDemo, type DemoIds } from '../../db/seed/demo'
import { createTestDb } from '../db'

type TestDb = ReturnType<typeof createTestDb>
type Loader = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown> | unknown

const BASE = 'http://localhost'
let db: TestDb
let demo: DemoIds

beforeAll(async () => {
  db = createTestDb()
  // The route modules open the database through getDb(): point it at this test's file.
  process.env.DATABASE_URL = db.$client.name
  demo = await seedDemo(db)
}, 60_000)
afterAll(() => db.cleanup())

async function sessionCookie(userId: string): Promise<string> {
  const { token } = createSession(db, userId, { ip: null, userAgent: 'vitest' })
  const cookie = createCookie('__session', { secrets: [cookieSecret(db)], path: '/', httpOnly: true, sameSite: 'lax' })
  return (await cookie.serialize(token)).split(';')[0]
}

function ctxOf(actor: Actor) {
  return { actor, ip: null }
}

async function call(loader: Loader, path: string, headers: Record<string, string> = {}, params: Record<string, string> = {}): Promise<Response> {
  const result = await loader({ request: new Request(`${BASE}${path}`, { headers }), params, context: {} })
  if (!(result instanceof Response)) throw new Error(`expected a Response from ${path}`)
  return result
}

async function json(res: Response) {
  expect(res.headers.get('Content-Type')).toMatch(/^application\/json/)
  return res.json()
}

describe('authentication', () => {
  test('without a session or token: 401 with a Vietnamese JSON error', async () => {
    const res = await call(complianceLoader, '/api/v1/compliance?year=2026')
    expect(res.status).toBe(401)
    expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer/)
    expect((await json(res)).error).toMatch(/Chưa đăng nhập/)
  })

  test('the browser session works', async () => {
    const cookie = await sessionCookie(demo.accounts.kiemtra.user.id)
    const res = await call(complianceLoader, '/api/v1/compliance?year=2026', { Cookie: cookie })
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body.org).toEqual({ id: demo.orgs.upper.id, name: 'Đảng bộ phường Ba Đình' })
    expect(body.cells).toHaveLength(7)
  })

  test('a personal access token works, records its last use, and stops working once revoked', async () => {
    const { actor } = demo.accounts.kiemtra
    const created = createApiToken(db, ctxOf(actor), { name: 'Phần mềm báo cáo' })
    expect(created.token).toMatch(/^scb_[A-Za-z0-9_-]{43}$/)
    // Only the hash is stored.
    const stored = db.$client.prepare('SELECT token_hash FROM api_tokens WHERE id = ?').get(created.id) as { token_hash: string }
    expect(stored.token_hash).not.toContain(created.token)
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/)

    const auth = { Authorization: `Bearer ${created.token}` }
    const res = await call(complianceLoader, '/api/v1/compliance?year=2026', auth)
    expect(res.status).toBe(200)
    expect((await json(res)).org.id).toBe(demo.orgs.upper.id)
    expect(listApiTokens(db, actor).find((t) => t.id === created.id)!.lastUsedAt).not.toBeNull()

    revokeApiToken(db, ctxOf(actor), created.id)
    const after = await call(complianceLoader, '/api/v1/compliance?year=2026', auth)
    expect(after.status).toBe(401)
    expect((await json(after)).error).toMatch(/thu hồi/)
  })

  test('a wrong or malformed token is a 401 even with a valid session cookie', async () => {
    const cookie = await sessionCookie(demo.accounts.kiemtra.user.id)
    for (const header of ['Bearer scb_not-a-real-token', `Bearer scb_${'A'.repeat(43)}`, 'Basic a2llbXRyYTpkZW1vMTIzNA==', 'Bearer']) {
      const res = await call(complianceLoader, '/api/v1/compliance', { Authorization: header, Cookie: cookie })
      expect(res.status).toBe(401)
      expect(typeof (await json(res)).error).toBe('string')
    }
  })

  test('a token acts with exactly its owner’s grants', async () => {
    const member = demo.accounts.dangvien
    const { token } = createApiToken(db, ctxOf(member.actor), { name: 'Thử' })
    const auth = { Authorization: `Bearer ${token}` }
    // A plain member: no inspection anywhere → 404 on compliance, even naming an organisation.
    const compliance = await call(complianceLoader, '/api/v1/compliance?year=2026', auth)
    expect(compliance.status).toBe(404)
    expect((await json(compliance)).error).toMatch(/quyền kiểm tra/)
    expect((await call(complianceLoader, `/api/v1/compliance?org=${demo.orgs.kp3.id}`, auth)).status).toBe(404)
    // …but the meetings of their own cell, and nothing of another cell.
    expect((await call(meetingsLoader, `/api/v1/meetings?cell=${demo.orgs.kp3.id}&year=2026`, auth)).status).toBe(200)
    const other = await call(meetingsLoader, `/api/v1/meetings?cell=${demo.orgs.internal.id}&year=2026`, auth)
    expect(other.status).toBe(404)
    expect((await json(other)).error).toMatch(/Không tìm thấy/)
  })
})

describe('GET /api/v1/compliance', () => {
  test('the default organisation is the caller’s highest one; another subtree is a 404', async () => {
    const { token } = createApiToken(db, ctxOf(demo.accounts.kiemtratruong.actor), { name: 'Trường' })
    const auth = { Authorization: `Bearer ${token}` }
    const res = await call(complianceLoader, '/api/v1/compliance?year=2026', auth)
    const body = await json(res)
    expect(body.org.id).toBe(demo.orgs.school.id)
    expect(body.cells.map((c: { cellName: string }) => c.cellName).sort()).toEqual(['Chi bộ Hành chính – Phục vụ', 'Chi bộ Tổ Ngữ văn – Lịch sử', 'Chi bộ Tổ Toán – Tin'])
    const cell = body.cells[0]
    expect(cell).toMatchObject({ grassrootsId: demo.orgs.school.id })
    expect(cell.months).toHaveLength(12)
    expect(Object.keys(cell.months[0]).sort()).toEqual(['cancelledReason', 'meetingDate', 'meetingId', 'month', 'signedAt', 'state', 'thematic'])
    expect(Array.isArray(cell.thematicMissingQuarters)).toBe(true)
    expect(Array.isArray(cell.unexcusedFlags)).toBe(true)
    expect(cell).toHaveProperty('attendanceRate')

    for (const orgId of [demo.orgs.upper.id, demo.orgs.hospital.id, demo.orgs.internal.id, 'khong-ton-tai']) {
      const denied = await call(complianceLoader, `/api/v1/compliance?year=2026&org=${orgId}`, auth)
      expect(denied.status).toBe(404)
    }
    expect((await call(complianceLoader, `/api/v1/compliance?year=2026&org=${demo.orgs.math.id}`, auth)).status).toBe(200)
  })

  test('a bad year is a 400', async () => {
    const cookie = await sessionCookie(demo.accounts.kiemtra.user.id)
    for (const year of ['abcd', '20x6', '1850', '99999']) {
      const res = await call(complianceLoader, `/api/v1/compliance?year=${year}`, { Cookie: cookie })
      expect(res.status).toBe(400)
      expect((await json(res)).error).toMatch(/year/)
    }
    expect((await call(complianceLoader, '/api/v1/compliance?org=bad%20id', { Cookie: cookie })).status).toBe(400)
  })
})

describe('GET /api/v1/meetings', () => {
  test('a cell’s meetings of the year with ISO times at +07:00; cell is required', async () => {
    const cookie = await sessionCookie(demo.accounts.kiemtra.user.id)
    // The demo seed alone has no meetings: add two through the database for this test.
    db.$client
      .prepare("INSERT INTO meetings (id, cell_id, type, period_year, period_month, starts_at, status, created_at, updated_at) VALUES (?, ?, 'regular', 2026, 2, '2026-02-05T07:00:00.000Z', 'planned', ?, ?)")
      .run('01900000-0000-7000-8000-000000000001', demo.orgs.kp5.id, new Date().toISOString(), new Date().toISOString())
    db.$client
      .prepare("INSERT INTO meetings (id, cell_id, type, topic, period_year, period_month, starts_at, status, cancelled_reason, created_at, updated_at) VALUES (?, ?, 'thematic', 'Chuyển đổi số', 2026, 3, '2026-03-05T09:00:00.000Z', 'cancelled', 'Trùng lịch', ?, ?)")
      .run('01900000-0000-7000-8000-000000000002', demo.orgs.kp5.id, new Date().toISOString(), new Date().toISOString())
    const res = await call(meetingsLoader, `/api/v1/meetings?cell=${demo.orgs.kp5.id}&year=2026`, { Cookie: cookie })
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body).toEqual([
      {
        id: '01900000-0000-7000-8000-000000000001',
        cellId: demo.orgs.kp5.id,
        type: 'regular',
        startsAt: '2026-02-05T14:00:00+07:00',
        status: 'planned',
        title: 'Sinh hoạt chi bộ thường kỳ tháng 02 năm 2026',
        publishedAt: null,
        signedAt: null,
        cancelledReason: null,
      },
      {
        id: '01900000-0000-7000-8000-000000000002',
        cellId: demo.orgs.kp5.id,
        type: 'thematic',
        startsAt: '2026-03-05T16:00:00+07:00',
        status: 'cancelled',
        title: 'Sinh hoạt chuyên đề: Chuyển đổi số',
        publishedAt: null,
        signedAt: null,
        cancelledReason: 'Trùng lịch',
      },
    ])
    expect((await call(meetingsLoader, '/api/v1/meetings?year=2026', { Cookie: cookie })).status).toBe(400)
    expect((await call(meetingsLoader, `/api/v1/meetings?cell=${demo.orgs.kp5.id}&year=x`, { Cookie: cookie })).status).toBe(400)
    expect((await call(meetingsLoader, `/api/v1/meetings?cell=${demo.orgs.school.id}&year=2026`, { Cookie: cookie })).status).toBe(400)
  })
})

describe('GET /api/v1/openapi.json', () => {
  test('an OpenAPI 3.1 document with both paths, the bearer scheme and the error shape', async () => {
    const res = await call(openapiLoader as Loader, '/api/v1/openapi.json')
    expect(res.status).toBe(200)
    const doc = JSON.parse(await res.text())
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/compliance', '/api/v1/meetings'])
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(doc.components.schemas.Error.required).toEqual(['error'])
    expect(doc.components.schemas.ComplianceState.enum).toEqual(['signed_on_time', 'signed_late', 'unsigned', 'missing', 'cancelled', 'planned', 'not_due'])
    for (const path of Object.values(doc.paths) as { get: { responses: Record<string, unknown> } }[]) {
      expect(Object.keys(path.get.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404']))
    }
    // Every $ref resolves.
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/\w+/g) ?? []
    for (const ref of refs) expect(doc.components.schemas[ref.split('/').pop()!]).toBeDefined()
  })
})

describe('the inspection pages', () => {
  async function rejects404(promise: Promise<unknown>) {
    try {
      await promise
    } catch (error) {
      const status = (error as { status?: number; init?: { status: number } }).status ?? (error as { init?: { status: number } }).init?.status
      expect(status).toBe(404)
      return
    }
    throw new Error('expected a 404')
  }

  test('a plain member gets 404 for the grid, its exports and /inspect', async () => {
    const cookie = await sessionCookie(demo.accounts.dangvien.user.id)
    await rejects404(Promise.resolve(inspectLoader({ request: new Request(`${BASE}/inspect/${demo.orgs.kp3.id}`, { headers: { Cookie: cookie } }), params: { orgId: demo.orgs.kp3.id }, context: {} })))
    await rejects404(Promise.resolve(inspectCsvLoader({ request: new Request(`${BASE}/inspect/${demo.orgs.kp3.id}.csv`, { headers: { Cookie: cookie } }), params: { orgId: demo.orgs.kp3.id }, context: {} })))
    await rejects404(Promise.resolve(inspectIndexLoader({ request: new Request(`${BASE}/inspect`, { headers: { Cookie: cookie } }), params: {}, context: {} })))
  })

  test('an inspector is sent to their organisation and downloads the grid as CSV', async () => {
    const cookie = await sessionCookie(demo.accounts.kiemtratruong.user.id)
    try {
      await inspectIndexLoader({ request: new Request(`${BASE}/inspect?year=2026`, { headers: { Cookie: cookie } }), params: {}, context: {} })
      throw new Error('expected a redirect')
    } catch (error) {
      expect(error).toBeInstanceOf(Response)
      expect((error as Response).headers.get('Location')).toBe(`/inspect/${demo.orgs.school.id}?year=2026`)
    }
    const data = (await inspectLoader({ request: new Request(`${BASE}/inspect/${demo.orgs.school.id}?year=2026&sort=missing`, { headers: { Cookie: cookie } }), params: { orgId: demo.orgs.school.id }, context: {} })) as {
      cells: unknown[]
      sort: string
    }
    expect(data.cells).toHaveLength(3)
    expect(data.sort).toBe('missing')
    await rejects404(Promise.resolve(inspectLoader({ request: new Request(`${BASE}/inspect/${demo.orgs.hospital.id}`, { headers: { Cookie: cookie } }), params: { orgId: demo.orgs.hospital.id }, context: {} })))

    const csv = await call(inspectCsvLoader as Loader, `/inspect/${demo.orgs.school.id}.csv?year=2026`, { Cookie: cookie }, { orgId: demo.orgs.school.id })
    expect(csv.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(csv.headers.get('Content-Disposition')).toMatch(/kiem-tra-sinh-hoat-dang-bo-truong-thpt-phan-dinh-phung-2026\.csv/)
    const text = await csv.text()
    expect(text.split('\r\n')[0]).toContain('Tổ chức cơ sở đảng,Chi bộ,Tháng 1')
    expect(text).toContain('Chi bộ Tổ Toán – Tin')
  })
})

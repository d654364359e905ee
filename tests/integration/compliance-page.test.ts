// The inspector's grid page loader (routes/inspect.$orgId._index): what it sends the browser for an
// upper body with many grass-roots organisations — one page of packed rows, no list of every
// organisation — and the organisation search that replaces the select there (accents optional; one
// match opens it, several are listed, none says so). With few organisations the select stays.
import { createCookie } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { unpackMonths } from '~/domain/compliance-wire'
import { cookieSecret, createSession } from '~/models/users.server'
import { loader } from '~/routes/inspect.$orgId._index'
import { createTestDb } from '../db'
import { createOrg, createUserWithGrants } from '../factories'

type PageData = {
  cells: { id: string; name: string; group: string | null; months: string; minutesSignDays: number; reasons: null }[]
  groups: { id: string; name: string }[]
  groupOptions: { id: string; name: string }[] | null
  groupCount: number
  orgSearch: { query: string; matches: { id: string; name: string }[]; total: number } | null
  selectedGroup: { id: string } | null
  pageSize: number
}

const BASE = 'http://localhost'
let db: ReturnType<typeof createTestDb>
let cookie = ''
let bigId = ''
let smallId = ''
const groupIds = new Map<string, string>()

beforeAll(async () => {
  db = createTestDb()
  process.env.DATABASE_URL = db.$client.name
  const big = createOrg(db, { name: 'Đảng bộ Khối Thử Nghiệm', kind: 'upper' })
  bigId = big.id
  for (let i = 1; i <= 60; i++) {
    const name = i % 2 ? `Đảng bộ Trường số ${i}` : `Đảng bộ Xã Bình ${i}`
    const g = createOrg(db, { name, kind: 'grassroots', parentId: big.id })
    groupIds.set(name, g.id)
    createOrg(db, { name: `Chi bộ Tổ ${i}`, kind: 'cell_sub', parentId: g.id })
  }
  const small = createOrg(db, { name: 'Đảng bộ phường Nhỏ', kind: 'upper' })
  smallId = small.id
  for (const name of ['Đảng bộ Trường A', 'Đảng bộ Bệnh viện B']) {
    const g = createOrg(db, { name, kind: 'grassroots', parentId: small.id })
    createOrg(db, { name: `Chi bộ ${name.slice(8)}`, kind: 'cell_sub', parentId: g.id })
  }
  const { user } = await createUserWithGrants(db, {
    username: 'kt-khoi',
    displayName: 'Kiểm tra khối',
    grants: [
      { orgId: big.id, role: 'inspector' },
      { orgId: small.id, role: 'inspector' },
    ],
  })
  const { token } = createSession(db, user.id, { ip: null, userAgent: 'vitest' })
  cookie = (await createCookie('__session', { secrets: [cookieSecret(db)], path: '/', httpOnly: true, sameSite: 'lax' }).serialize(token)).split(';')[0]
}, 60_000)
afterAll(() => db.cleanup())

async function load(orgId: string, query: string): Promise<PageData | Response> {
  try {
    return (await loader({ request: new Request(`${BASE}/inspect/${orgId}?year=2026&${query}`, { headers: { Cookie: cookie } }), params: { orgId }, context: {} })) as PageData
  } catch (error) {
    if (error instanceof Response) return error
    throw error
  }
}

describe('the grid page of an upper body with many grass-roots organisations', () => {
  test('sends one page of packed rows and no list of every organisation', async () => {
    const data = (await load(bigId, '')) as PageData
    expect(data.groupCount).toBe(60)
    expect(data.groupOptions).toBeNull()
    expect(data.groups).toHaveLength(Math.min(60, data.pageSize))
    expect(data.cells).toHaveLength(Math.min(60, data.pageSize))
    const first = data.cells[0]
    expect(first.group).toMatch(/^Đảng bộ /)
    expect(unpackMonths(2026, first).map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
  })

  test('a search without accents lists the organisations whose names contain it', async () => {
    const data = (await load(bigId, 'orgq=truong+so+1')) as PageData
    // Trường số 1, 11, 13, 15, 17, 19 (odd numbers only are schools).
    expect(data.orgSearch?.total).toBe(6)
    expect(data.orgSearch?.matches.map((g) => g.name)).toContain('Đảng bộ Trường số 17')
    expect(data.selectedGroup).toBeNull()
  })

  test('one match, or one exact name, opens that organisation', async () => {
    const unique = await load(bigId, 'orgq=Tr%C6%B0%E1%BB%9Dng+s%E1%BB%91+33&state=missing&page=2')
    expect(unique).toBeInstanceOf(Response)
    const location = new URL((unique as Response).headers.get('Location')!, BASE)
    expect(location.searchParams.get('org')).toBe(groupIds.get('Đảng bộ Trường số 33'))
    expect(location.searchParams.get('state')).toBe('missing')
    expect(location.searchParams.has('orgq')).toBe(false)
    expect(location.searchParams.has('page')).toBe(false)

    // "Đảng bộ Trường số 1" is also the start of 11, 13…: the exact name wins.
    const exact = (await load(bigId, 'orgq=dang+bo+truong+so+1')) as Response
    expect(new URL(exact.headers.get('Location')!, BASE).searchParams.get('org')).toBe(groupIds.get('Đảng bộ Trường số 1'))
  })

  test('no match says so and keeps the whole grid', async () => {
    const data = (await load(bigId, 'orgq=benh+vien')) as PageData
    expect(data.orgSearch).toEqual({ query: 'benh vien', matches: [], total: 0 })
    expect(data.cells.length).toBeGreaterThan(0)
  })
})

test('with few grass-roots organisations the filter stays a select of them all', async () => {
  const data = (await load(smallId, '')) as PageData
  expect(data.groupOptions?.map((g) => g.name)).toEqual(['Đảng bộ Bệnh viện B', 'Đảng bộ Trường A'])
})

import { getDb } from '~/utils/db.server'

export async function loader() {
  const result = getDb().$client.pragma('quick_check', { simple: true })
  const ok = result === 'ok'
  return Response.json(ok ? { ok: true } : { ok: false, error: String(result) }, {
    status: ok ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  })
}

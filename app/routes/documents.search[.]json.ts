import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/auth/session.server'
import { AppError } from '~/models/context'
import { searchDocuments } from '~/models/documents.server'
import { getDb } from '~/utils/db.server'

/**
 * For the editor's resolution picker: GET ?q=…[&org=ID] → [{ id, label, numberText, title }], at most
 * 20, only documents the user may read (with `org`, only those that organisation's members read).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const url = new URL(request.url)
  const q = (url.searchParams.get('q') ?? '').slice(0, 100)
  const orgId = url.searchParams.get('org')
  let rows
  try {
    rows = searchDocuments(getDb(), actor, q, { orgId, limit: 20 })
  } catch (error) {
    if (error instanceof AppError) return Response.json({ error: error.message }, { status: error.status })
    throw error
  }
  return Response.json(rows, { headers: { 'Cache-Control': 'private, no-store' } })
}

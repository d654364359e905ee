// The progress of a bundle job as JSON, polled by the exports page every second while it runs.
// Only the one who started the job sees it (anyone else: 404).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/auth/session.server'
import { bundleJobStatus, errorResponse } from '~/models/exports.server'
import { getDb } from '~/utils/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  try {
    return Response.json(bundleJobStatus(getDb(), actor, params.jobId!), { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

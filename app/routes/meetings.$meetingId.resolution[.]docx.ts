// The resolution of a meeting as .docx (issue 6), drawn from the same record as the minutes:
// `?version=ID` and `?draft=1` as for the minutes.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/auth/session.server'
import { docxResponse, errorResponse, resolutionDocx } from '~/models/exports.server'
import { getDb } from '~/utils/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const url = new URL(request.url)
  try {
    const file = await resolutionDocx(getDb(), actor, params.meetingId!, {
      versionId: url.searchParams.get('version'),
      draft: url.searchParams.get('draft') === '1',
      origin: url.origin,
    })
    return docxResponse(file)
  } catch (error) {
    return errorResponse(error)
  }
}

// The minutes of a meeting as .docx (issue 6): the current signed version by default, `?version=ID`
// for another version, `?draft=1` for the draft in progress. Drafts only for those who may read them.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/auth/session.server'
import { docxResponse, errorResponse, minutesDocx } from '~/models/exports.server'
import { getDb } from '~/utils/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const url = new URL(request.url)
  try {
    const file = await minutesDocx(getDb(), actor, params.meetingId!, {
      versionId: url.searchParams.get('version'),
      draft: url.searchParams.get('draft') === '1',
      origin: url.origin,
    })
    return docxResponse(file)
  } catch (error) {
    return errorResponse(error)
  }
}

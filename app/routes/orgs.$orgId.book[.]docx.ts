// A cell's minutes book of a year as one .docx (`?year=2026`, default this year): every signed
// minutes of the year in date order after a title page and the contents.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/auth/session.server'
import { toZonedParts } from '~/domain/vn-date'
import { docxResponse, errorResponse, minutesBook } from '~/models/exports.server'
import { getDb } from '~/utils/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const url = new URL(request.url)
  const yearText = url.searchParams.get('year')
  const year = yearText ? Number(yearText) : toZonedParts(new Date()).year
  try {
    return docxResponse(await minutesBook(getDb(), actor, params.orgId!, year, { origin: url.origin }))
  } catch (error) {
    return errorResponse(error)
  }
}

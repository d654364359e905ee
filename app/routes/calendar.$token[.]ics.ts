// The private calendar feed: /calendar/<token>.ics. No session: whoever holds the URL reads the
// meetings (date, time, place, title, link) of the token owner's cells, so the token is 32 random
// bytes, stored hashed, revocable at /account/calendar. A revoked token or disabled user is a 404.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedIcs, meetingsForFeed, originOf } from '~/models/calendar.server'
import { AppError } from '~/models/context'
import { getDb } from '~/utils/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  let feed: ReturnType<typeof meetingsForFeed>
  try {
    feed = meetingsForFeed(getDb(), params.token ?? '')
  } catch (error) {
    if (error instanceof AppError) {
      return new Response(error.message, {
        status: error.status,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' },
      })
    }
    throw error
  }
  return new Response(feedIcs(feed, originOf(request.url)), {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="lich-sinh-hoat.ics"',
      'Cache-Control': 'private, max-age=300',
      'X-Robots-Tag': 'noindex',
    },
  })
}

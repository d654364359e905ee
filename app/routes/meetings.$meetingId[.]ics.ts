// One meeting as an .ics file ("Thêm vào lịch"): for members who would rather add a single meeting
// than subscribe to the feed. Same UID and SEQUENCE as the feed, so the two never duplicate.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/auth/session.server'
import { originOf, singleMeetingIcs } from '~/models/calendar.server'
import { getMeeting } from '~/models/meetings.server'
import { getDb } from '~/utils/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const meeting = getMeeting(getDb(), actor, params.meetingId!)
  const { filename, body } = singleMeetingIcs({ ...meeting, cellName: meeting.cell.name }, originOf(request.url))
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'private, no-cache',
    },
  })
}

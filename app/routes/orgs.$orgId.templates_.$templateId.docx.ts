import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/auth/session.server'
import { templateDownload } from '~/models/templates.server'
import { getDb } from '~/utils/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const preview = new URL(request.url).searchParams.get('preview') === '1'
  const { fileName, content } = await templateDownload(getDb(), actor, params.orgId!, params.templateId!, preview)
  return new Response(new Uint8Array(content), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'no-store',
    },
  })
}

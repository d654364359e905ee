import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/auth/session.server'
import { contentDisposition, documentAttachment } from '~/models/documents.server'
import { getDb } from '~/utils/db.server'

/** The document's attached file, for whoever may read the document; always as a download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const file = documentAttachment(getDb(), actor, params.documentId!)
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      'Content-Type': file.type,
      'Content-Length': String(file.bytes.byteLength),
      'Content-Disposition': contentDisposition(file.name),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    },
  })
}

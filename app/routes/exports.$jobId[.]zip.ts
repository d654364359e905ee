// A finished bundle (.zip), streamed from disk (never read into memory). Owner only.
import fs from 'node:fs'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { requireUser } from '~/auth/session.server'
import { bundleJobFile, downloadResponse, errorResponse } from '~/models/exports.server'
import { getDb } from '~/utils/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  try {
    const file = bundleJobFile(getDb(), actor, params.jobId!)
    const stream = createReadableStreamFromReadable(fs.createReadStream(file.filePath))
    return downloadResponse(stream, { ...file, contentType: 'application/zip' })
  } catch (error) {
    return errorResponse(error)
  }
}

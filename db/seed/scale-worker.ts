// Worker thread of the scale generator (db/seed/scale.ts): builds the batches of cells it is asked
// for with db/seed/scale-build.ts and posts the rows back; the main thread inserts them. The batch's
// text pool is transferred, not copied.
import { parentPort, workerData } from 'node:worker_threads'
import { createBuilder, type BuildConfig } from './scale-build'

const builder = createBuilder(workerData as BuildConfig)
parentPort!.on('message', (job: { from: number; to: number }) => {
  const batch = builder.build(job.from, job.to)
  parentPort!.postMessage(batch, [batch.pool.buffer as ArrayBuffer])
})

// QR codes for the verification footer of signed documents: a PNG of the /verify/:code URL.
import { createRequire } from 'node:module'
import type QRCodeModule from 'qrcode'

/** Pixels of the PNG; it is printed at about 15 mm (app/export/render.server.ts). */
export const QR_PNG_WIDTH = 240

/**
 * Loaded on first use, since only exports of signed documents draw a QR code; with `require` rather
 * than `import()`, which would make tsx rewrite the whole server build (app/utils/spreadsheet.server.ts).
 */
let loaded: typeof QRCodeModule | undefined
const qrcode = () => (loaded ??= createRequire(import.meta.url)('qrcode') as typeof QRCodeModule)

/**
 * Drawing the PNG (its filters) took about 5 ms of each signed document's .docx, and a document is
 * downloaded again and again with the same verification URL: the last few hundred PNGs (about 1 KB
 * each) are kept.
 */
const DRAWN_MAX = 500
const drawn = new Map<string, Buffer>()

/**
 * A PNG of `text` as a QR code, error correction M, a quiet zone of one module. The same text
 * always gives the same bytes. Each caller gets its own copy, so none can change the kept bytes.
 */
export async function qrPng(text: string): Promise<Buffer> {
  if (text.trim() === '') throw new RangeError('QR code text is empty')
  let png = drawn.get(text)
  if (!png) {
    png = await qrcode().toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: QR_PNG_WIDTH })
    if (drawn.size >= DRAWN_MAX) drawn.delete(drawn.keys().next().value!)
    drawn.set(text, png)
  }
  return Buffer.from(png)
}

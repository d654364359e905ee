// QR codes for the verification footer of signed documents: a PNG of the /verify/:code URL.
import QRCode from 'qrcode'

/** Pixels of the PNG; it is printed at about 15 mm (app/export/render.server.ts). */
export const QR_PNG_WIDTH = 240

/**
 * A PNG of `text` as a QR code, error correction M, a quiet zone of one module. The same text
 * always gives the same bytes.
 */
export async function qrPng(text: string): Promise<Buffer> {
  if (text.trim() === '') throw new RangeError('QR code text is empty')
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: QR_PNG_WIDTH })
}

// Tamper evidence for signed minutes (DESIGN §6). Pure: canonical JSON, hashes, seals, the chain check.
//
//   hash     = SHA-256(canonical JSON of the whole record at freezing time)      — the content
//   seal     = SHA-256(canonical { hash, prevSeal, chainSeq, signatures })       — content + who signed when
//   prevSeal = the seal of the cell's previous fully-signed version            — the chain
//
// verify-chain recomputes all three from what is stored, and for each meeting's current signed version
// it also rebuilds the record from the live tables and compares it with `hash`, so a change to any
// stored field of a signed record is found and the meeting named (app/models/minutes.server.ts).
import { createHash, randomBytes } from 'node:crypto'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Canonical JSON: object keys sorted, no whitespace, `undefined` dropped, -0 as 0, non-finite refused. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value))
}

function normalize(value: unknown): Json {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('canonicalJson: non-finite number')
    return Object.is(value, -0) ? 0 : value
  }
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalize(v)))
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {}
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v !== undefined) out[key] = normalize(v)
    }
    return out
  }
  throw new TypeError(`canonicalJson: unsupported ${typeof value}`)
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

export function hashRecord(record: unknown): { snapshot: string; hash: string } {
  const snapshot = canonicalJson(record)
  return { snapshot, hash: sha256Hex(snapshot) }
}

export type SealSignature = { role: string; memberId: string; signerName: string; signedAt: string }

export function sealOf(input: { hash: string; prevSeal: string | null; chainSeq: number; signatures: SealSignature[] }): string {
  const signatures = [...input.signatures].sort((a, b) => a.role.localeCompare(b.role))
  return sha256Hex(canonicalJson({ hash: input.hash, prevSeal: input.prevSeal, chainSeq: input.chainSeq, signatures }))
}

/** Crockford base32 without I, L, O, U: easy to read aloud and type from paper ("7K3Q-MX9A"). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export function newVerifyCode(bytes: Uint8Array = randomBytes(8)): string {
  let code = ''
  for (let i = 0; i < 8; i++) code += ALPHABET[bytes[i] % 32]
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

/** Accepts what people type: lower case, spaces, missing dash, O for 0, I/L for 1. */
export function normalizeVerifyCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
  if (!/^[0-9A-HJKMNP-TV-Z]{8}$/.test(cleaned)) return null
  return `${cleaned.slice(0, 4)}-${cleaned.slice(4)}`
}

export type ChainVersion = {
  id: string
  meetingId: string
  meetingLabel: string
  chainSeq: number
  snapshot: string
  hash: string
  prevHash: string | null
  sealHash: string | null
  signatures: SealSignature[]
  /** The hash of the record rebuilt from the live tables, when this is the meeting's current version. */
  liveHash?: string
}

export type ChainProblem = { versionId: string; meetingId: string; meetingLabel: string; chainSeq: number; problem: string }

/** Checks one cell's chain of signed versions (ordered by chainSeq); returns every problem found, first first. */
export function verifyChain(versions: ChainVersion[]): ChainProblem[] {
  const problems: ChainProblem[] = []
  const sorted = [...versions].sort((a, b) => a.chainSeq - b.chainSeq)
  let prevSeal: string | null = null
  sorted.forEach((v, i) => {
    const at = (problem: string) => problems.push({ versionId: v.id, meetingId: v.meetingId, meetingLabel: v.meetingLabel, chainSeq: v.chainSeq, problem })
    if (v.chainSeq !== i + 1) at(`thứ tự trong chuỗi là ${v.chainSeq}, đáng lẽ là ${i + 1} (thiếu hoặc thừa một bản đã ký)`)
    if (sha256Hex(v.snapshot) !== v.hash) at('nội dung bản đã ký không còn khớp với mã băm đã lưu')
    if (v.liveHash !== undefined && v.liveHash !== v.hash) at('dữ liệu biên bản hiện có trong cơ sở dữ liệu khác với bản đã ký')
    if (v.prevHash !== prevSeal) at('liên kết với biên bản đã ký trước đó của chi bộ bị sai')
    const seal = sealOf({ hash: v.hash, prevSeal: v.prevHash, chainSeq: v.chainSeq, signatures: v.signatures })
    if (v.sealHash !== seal) at('chữ ký (người ký, thời điểm ký) không còn khớp với dấu niêm phong')
    prevSeal = v.sealHash
  })
  return problems
}

// The scale generator's CPU-heavy half (db/seed/scale.ts, issue 8): builds the rows of whole cells —
// members, accounts, five years of meetings with their record, the frozen snapshots, hashes and the
// per-cell seal chain — as flat value arrays, one per table, WITHOUT touching a database. seedScale()
// runs it in a worker thread (db/seed/scale-worker.ts) while the main thread does nothing but insert
// the previous batch: on 2 cores, building and inserting overlap instead of adding up.
//
// Cells are independent (the hash chain is per cell), and each cell draws from its own random stream
// (seed and cell index), so the dataset's shape does not depend on which thread built which cell nor
// in which order: the same seed gives the same counts with or without workers.
//
// Long texts (snapshots, narratives, rich-text bodies) travel as UTF-8 bytes in one buffer per batch
// (`pool`, transferred to the main thread without a copy) and are bound as blobs cast to TEXT there:
// the snapshot is encoded once, for its hash and for SQLite alike.
//
// Only pure modules are used here (no drizzle, no connection): the criticism part of a snapshot, which
// the app reads back with criticismSnapshot()/publicCriticismSummary(), is built from the rows in
// memory with the same fields and order; tests/integration/scale.test.ts compares every such snapshot
// with buildRecordSnapshot() and verifies every chain.
//
// The full-text index rows of each meeting (agenda, minutes, contributions) are built here too, with
// the app's own row functions (app/domain/search-rows.ts) and folding, from the texts in memory: the
// main thread only inserts them, in the same transactions as the rest (tests/integration/scale.test.ts
// compares them with what rebuildSearchIndex writes).
import { createHash, randomFillSync } from 'node:crypto'
import { DEFAULT_ORG_SETTINGS, type AttendanceStatus, type MeetingType } from '../../app/domain/constants'
import { meetingTitle } from '../../app/domain/meeting-title'
import { canonicalJson, sealOf } from '../../app/domain/minutes-hash'
import { draftNarrative, type RecordSnapshot } from '../../app/domain/minutes-text'
import { DEFAULT_RUBRIC, levelFor } from '../../app/domain/quality'
import { minimumMinutes } from '../../app/domain/schedule'
import { agendaRow, contributionRowOf, indexedTextOf, minutesRowsOf, narrativeText, type IndexRow, type MeetingFields } from '../../app/domain/search-rows'
import { indexText, scopeText } from '../../app/domain/search-text'
import { monthLabel } from '../../app/domain/vn-date'
import { evaluateVote } from '../../app/domain/voting'
import { docFromParagraphs } from '../../app/rich-text/from-text'
import { toPlainText } from '../../app/rich-text/validate'
import { foldVietnamese } from '../../app/utils/text'
import { memberInput, rng, vietnameseName, type Rng } from '../../tests/factories'

// ---------------------------------------------------------------------------------------------
// Vocabulary

export const AGENCIES = [
  'Văn phòng Trung ương Đảng', 'Ban Tổ chức Trung ương', 'Ban Tuyên giáo và Dân vận Trung ương', 'Ban Nội chính Trung ương', 'Ủy ban Kiểm tra Trung ương',
  'Ban Chính sách, chiến lược Trung ương', 'Báo Nhân Dân', 'Tạp chí Cộng sản', 'Học viện Chính trị quốc gia Hồ Chí Minh', 'Nhà xuất bản Chính trị quốc gia Sự thật',
  'Ban Đối ngoại Trung ương', 'Đảng ủy Ngoài nước', 'Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam', 'Trung ương Đoàn TNCS Hồ Chí Minh', 'Trung ương Hội Liên hiệp Phụ nữ Việt Nam',
  'Tổng Liên đoàn Lao động Việt Nam', 'Trung ương Hội Nông dân Việt Nam', 'Trung ương Hội Cựu chiến binh Việt Nam', 'Văn phòng Quốc hội', 'Văn phòng Chủ tịch nước',
]
export const UNITS = [
  'Văn phòng', 'Vụ Tổng hợp', 'Vụ Tổ chức cán bộ', 'Vụ Kế hoạch - Tài chính', 'Vụ Pháp chế', 'Vụ Hợp tác quốc tế', 'Phòng Hành chính', 'Phòng Quản trị',
  'Trung tâm Thông tin', 'Ban Biên tập', 'Phòng Kế toán', 'Phòng Lưu trữ', 'Vụ Địa phương I', 'Vụ Địa phương II', 'Vụ Nghiên cứu', 'Ban Thư ký',
]
const THEMATIC_TOPICS = [
  'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần đoàn kết',
  'Nâng cao ý thức trách nhiệm nêu gương của cán bộ, đảng viên',
  'Đẩy mạnh chuyển đổi số trong hoạt động của cơ quan',
  'Phòng, chống suy thoái về tư tưởng chính trị, đạo đức, lối sống',
  'Thực hành tiết kiệm, chống lãng phí trong cơ quan',
  'Nâng cao chất lượng sinh hoạt chi bộ',
  'Cải cách hành chính và kỷ luật, kỷ cương công vụ',
  'Bảo vệ nền tảng tư tưởng của Đảng trên không gian mạng',
]
const EXCUSES = ['Đi công tác', 'Ốm, có giấy của bệnh viện', 'Việc gia đình, đã xin phép', 'Đi học lớp bồi dưỡng', 'Trực cơ quan']
const GISTS = [
  'Tư tưởng đảng viên trong chi bộ ổn định, tin tưởng vào sự lãnh đạo của Đảng; đề nghị chi ủy thông tin kịp thời về việc sắp xếp tổ chức bộ máy.',
  'Nhất trí với dự thảo nghị quyết; đề nghị bổ sung nhiệm vụ hoàn thành báo cáo sơ kết trước ngày 25.',
  'Đơn vị đã hoàn thành đúng hạn các nhiệm vụ được giao tháng trước; còn chậm việc số hóa hồ sơ lưu trữ, đề nghị phân công cụ thể.',
  'Đề nghị chi bộ quan tâm công tác phát triển đảng viên trẻ; hiện có hai quần chúng ưu tú đang được bồi dưỡng.',
  'Bản thân tự nhận thấy còn hạn chế trong việc nghiên cứu văn bản mới; hứa khắc phục trong tháng tới.',
  'Đề nghị tăng cường kiểm tra việc thực hiện quy chế dân chủ ở cơ sở và quy định về văn hóa công sở.',
  'Cần đẩy mạnh ứng dụng công nghệ thông tin, giảm văn bản giấy, thực hiện ký số trong toàn đơn vị.',
  'Thực hiện tốt việc thu nộp đảng phí; 100% đảng viên nộp đúng hạn.',
]
const TASKS = [
  'Hoàn thành báo cáo sơ kết công tác của đơn vị',
  'Tổ chức học tập, quán triệt nghị quyết mới của cấp trên',
  'Rà soát, cập nhật hồ sơ đảng viên',
  'Thu nộp đảng phí đúng hạn',
  'Chuẩn bị nội dung sinh hoạt chuyên đề quý tới',
  'Số hóa hồ sơ lưu trữ của đơn vị',
  'Bồi dưỡng quần chúng ưu tú để xem xét kết nạp',
]
const CONCLUSIONS = [
  'Chi bộ thống nhất đánh giá tháng qua đã hoàn thành các nhiệm vụ trọng tâm; giao các đồng chí được phân công triển khai nhiệm vụ tháng tới đúng thời hạn.',
  'Buổi sinh hoạt đảm bảo nội dung, thời lượng; các ý kiến phát biểu thẳng thắn, xây dựng. Chi bộ thống nhất ban hành nghị quyết tháng.',
]
const CANCEL_REASONS = ['Trùng lịch hội nghị của cấp trên', 'Đa số đảng viên đi công tác', 'Cơ quan tổ chức diễn tập phòng cháy']
const CRITICISM_DESCRIPTIONS = ['Chậm hoàn thành báo cáo được giao', 'Chưa tham gia đầy đủ sinh hoạt chi bộ', 'Chưa thực sự gương mẫu trong thực hiện quy chế cơ quan']

export const DAY = 86_400_000
/** 14:00 in Hà Nội (UTC+7). */
const MEETING_UTC_HOUR = 7

export const iso = (ms: number) => new Date(ms).toISOString()
export const pad2 = (n: number) => String(n).padStart(2, '0')

// ---------------------------------------------------------------------------------------------
// Tables the builder fills, with their columns in insertion order (the main thread prepares one
// multi-row INSERT per table from this list).

export const TABLES = {
  members: ['id', 'cell_id', 'full_name', 'search_name', 'gender', 'birth_date', 'status', 'joined_on', 'official_on', 'position', 'card_number', 'suspended', 'suspended_note', 'ended_on', 'end_reason', 'created_at', 'updated_at'],
  member_periods: ['id', 'member_id', 'kind', 'starts_on', 'ends_on', 'note', 'created_at'],
  users: ['id', 'username', 'display_name', 'search_name', 'password_hash', 'member_id', 'is_system_admin', 'password_changed_at', 'created_at', 'updated_at'],
  role_grants: ['id', 'user_id', 'org_id', 'role', 'created_at'],
  meetings: [
    'id', 'cell_id', 'type', 'topic', 'period_year', 'period_month', 'starts_at', 'planned_minutes', 'place', 'form', 'status', 'drafter_member_id', 'contributions_open',
    'published_at', 'published_by', 'cancelled_reason', 'chair_member_id', 'secretary_member_id', 'started_at', 'ended_at', 'conclusion', 'created_at', 'updated_at',
  ],
  agenda_items: ['id', 'meeting_id', 'position', 'section', 'role', 'title', 'presenter_member_id', 'presenter_name', 'planned_minutes', 'body', 'conclusion', 'created_at', 'updated_at'],
  agenda_item_links: ['agenda_item_id', 'document_id'],
  attendance: ['meeting_id', 'member_id', 'member_status', 'status', 'reason', 'updated_at'],
  guests: ['id', 'meeting_id', 'name', 'title', 'unit', 'is_upper_rep', 'position', 'created_at'],
  speeches: ['id', 'meeting_id', 'agenda_item_id', 'position', 'speaker_member_id', 'gist', 'created_at', 'updated_at'],
  votes: ['id', 'meeting_id', 'agenda_item_id', 'subject', 'kind', 'method', 'for_count', 'against_count', 'abstain_count', 'denominator', 'present_voters', 'passed', 'reserved', 'position', 'created_at', 'updated_at'],
  tasks: ['id', 'cell_id', 'meeting_id', 'member_id', 'text', 'due_on', 'status', 'created_at', 'updated_at'],
  quality_assessments: ['meeting_id', 'rubric', 'scores', 'total', 'level', 'confirmed_by_guest_id', 'confirmed_at', 'updated_at'],
  criticism_items: [
    'id', 'cell_id', 'meeting_id', 'agenda_item_id', 'subject_kind', 'subject_member_id', 'kind', 'raised_by_member_id', 'category', 'description', 'cause', 'response', 'remedy', 'due_on',
    'follow_up_member_id', 'status', 'public_summary', 'created_at', 'updated_at',
  ],
  contributions: ['id', 'meeting_id', 'agenda_item_id', 'member_id', 'title', 'body', 'status', 'submitted_at', 'reviewed_at', 'created_at', 'updated_at'],
  minutes: ['meeting_id', 'sections', 'updated_at'],
  minutes_versions: ['id', 'meeting_id', 'cell_id', 'version_no', 'status', 'snapshot', 'hash', 'prev_hash', 'seal_hash', 'chain_seq', 'verify_code', 'created_by', 'created_at', 'signed_at'],
  signatures: ['id', 'version_id', 'role', 'member_id', 'user_id', 'signer_name', 'signed_at', 'method'],
} as const
export type TableName = keyof typeof TABLES
export const TABLE_NAMES = Object.keys(TABLES) as TableName[]
/** Columns whose values are references into the batch's `pool` (UTF-8 text), or NULL. */
export const POOLED: { readonly [T in TableName]?: readonly string[] } = {
  meetings: ['conclusion'],
  agenda_items: ['body', 'conclusion'],
  speeches: ['gist'],
  quality_assessments: ['rubric'],
  contributions: ['body'],
  minutes: ['sections'],
  minutes_versions: ['snapshot'],
}
/** A pool reference packs the offset and the byte length in one number (both well below 2^26 and 2^20). */
const REF = 2 ** 20
export function pooledText(pool: Buffer, ref: number): Buffer {
  const at = Math.floor(ref / REF)
  return pool.subarray(at, at + (ref % REF))
}
/** minutes_versions.verify_code is left NULL by the builder: codes are unique over the whole file, so the main thread draws them. */
export const VERIFY_CODE_COLUMN = TABLES.minutes_versions.indexOf('verify_code')

// ---------------------------------------------------------------------------------------------
// What the main thread hands to the builder, and what comes back

export type TemplateItem = { section: string; role?: string; title: string; plannedMinutes?: number; presenter?: string; body?: string[] }
export type BuildConfig = {
  seed: number
  nowMs: number
  firstYear: number
  thisYear: number
  signBench: number
  passwordHash: string
  created: string
  templates: Record<'regular' | 'thematic' | 'extraordinary', { items: TemplateItem[] }>
  presenterText: { minute_taker: string; upper_representative: string; members: string }
  /** `path`: the organisation path, for the search rows' scope tokens. */
  cells: { id: string; name: string; path: string; g: number; size: number; cardBase: number }[]
  grassroots: { name: string; docIds: [number, string][] }[]
  docLabels: [string, string][]
}
export type Batch = {
  from: number
  to: number
  rows: Record<TableName, unknown[]>
  /** The UTF-8 texts of the POOLED columns. */
  pool: Buffer
  meetings: number
  signedVersions: number
  expected: Record<string, Record<number, { regular: number; thematic: number; missed: number; cancelled: number }>>
  /** Meetings whose snapshot the test compares with buildRecordSnapshot: every criticism one, one more per cell. */
  sample: string[]
  signBench: string[]
  /** Signed meetings an inspection remark may be about (5 %). */
  remarkPool: { cellId: string; meetingId: string; startsAt: string }[]
  /** Search index rows, SEARCH_ROW_WIDTH values each (SEARCH_ROW's order); the main thread numbers them. */
  search: unknown[]
}

/**
 * One search row as the builder ships it: the search_docs columns (but id and indexed_at), then what
 * goes into search_index — the folded title and body (indexedTextOf) and the scope tokens.
 */
export const SEARCH_ROW = ['kind', 'ref_id', 'variant', 'org_id', 'meeting_id', 'gate', 'owner_id', 'title', 'subtitle', 'keywords', 'body', 'shown_at', 'fts_title', 'fts_body', 'scope'] as const
export const SEARCH_ROW_WIDTH = SEARCH_ROW.length

/** The random stream of one cell: independent of the other cells and of the thread. */
export function cellRng(seed: number, k: number): Rng {
  return rng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca6b)) >>> 0)
}

// ---------------------------------------------------------------------------------------------
// Canonical JSON at JSON.stringify speed. canonicalJson() (app/domain/minutes-hash.ts) copies every
// object into a new one with sorted keys, then stringifies the copy: 15 KB per snapshot, 400,000
// times. Here the record is BUILT with its keys in sorted order (every object literal below that goes
// into a snapshot lists its keys alphabetically) and rich text is re-keyed by sortedNode(), so plain
// JSON.stringify already writes the canonical form. The builder compares the two on a sample of every
// batch and stops at the first difference; the integration test compares whole snapshots.

/** A rich-text node with its keys in canonical order (the usual shapes directly, anything else sorted). */
function sortedNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(sortedNode)
  if (node === null || typeof node !== 'object') return node
  const n = node as { type?: unknown; content?: unknown; text?: unknown }
  const keys = Object.keys(n)
  if (keys.length === 1 && keys[0] === 'type') return { type: n.type }
  if (keys.length === 2 && 'type' in n && 'content' in n) return { content: sortedNode(n.content), type: n.type }
  if (keys.length === 2 && 'type' in n && 'text' in n) return { text: n.text, type: n.type }
  const out: Record<string, unknown> = {}
  for (const k of keys.sort()) out[k] = sortedNode((n as Record<string, unknown>)[k])
  return out
}

/** canonicalJson's order for docFromParagraphs(paragraphs), built directly for the usual one-line paragraphs. */
function sortedDoc(paragraphs: readonly string[]): unknown {
  if (paragraphs.length === 0 || paragraphs.some((p) => p === '' || /[\r\n]/.test(p))) return sortedNode(docFromParagraphs(paragraphs))
  return { content: paragraphs.map((text) => ({ content: [{ text, type: 'text' }], type: 'paragraph' })), type: 'doc' }
}

// ---------------------------------------------------------------------------------------------
// UUIDv7 (RFC 9562) at a fraction of the uuidv7 package's cost, which draws fresh random bytes for
// every id: 48-bit millisecond time, then a 42-bit counter (random start each millisecond, +1 per id,
// so ids stay increasing within this thread), then 32 random bits, from a pool of random bytes.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const random = new Uint8Array(65_536)
let randomAt = random.length
const randomByte = () => {
  if (randomAt === random.length) {
    randomFillSync(random)
    randomAt = 0
  }
  return random[randomAt++]
}
let lastMs = 0
let counterHi = 0 // 12 bits: rand_a
let counterLo = 0 // 30 bits: the top of rand_b
export function uuid7(): string {
  const now = Date.now()
  if (now > lastMs) {
    lastMs = now
    counterHi = randomByte() & 0x7 // leave room to count
    counterLo = ((randomByte() << 22) | (randomByte() << 14) | (randomByte() << 6) | (randomByte() >> 2)) >>> 0
  } else if (++counterLo >= 0x40000000) {
    counterLo = 0
    if (++counterHi > 0xfff) {
      lastMs++
      counterHi = 0
    }
  }
  const ms = lastMs
  const hi = Math.floor(ms / 0x1000000) // top 24 bits of the 48-bit time
  const lo = ms % 0x1000000
  return (
    HEX[(hi >>> 16) & 0xff] + HEX[(hi >>> 8) & 0xff] + HEX[hi & 0xff] + HEX[(lo >>> 16) & 0xff] + '-' + HEX[(lo >>> 8) & 0xff] + HEX[lo & 0xff] + '-' +
    HEX[0x70 | (counterHi >>> 8)] + HEX[counterHi & 0xff] + '-' + HEX[0x80 | (counterLo >>> 24)] + HEX[(counterLo >>> 16) & 0xff] + '-' +
    HEX[(counterLo >>> 8) & 0xff] + HEX[counterLo & 0xff] + HEX[randomByte()] + HEX[randomByte()] + HEX[randomByte()] + HEX[randomByte()]
  )
}

// ---------------------------------------------------------------------------------------------
// The pool of long texts of one batch

class TextPool {
  buf = Buffer.allocUnsafeSlow(1 << 24)
  at = 0
  private room(n: number) {
    if (this.at + n <= this.buf.length) return
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.at + n))
    this.buf.copy(bigger, 0, 0, this.at)
    this.buf = bigger
  }
  private ref(start: number, n: number): number {
    if (n >= REF) throw new Error(`scale: a text of ${n} bytes is too long for the pool`)
    this.at = start + n
    return start * REF + n
  }
  text(s: string): number {
    this.room(s.length * 3)
    return this.ref(this.at, this.buf.write(s, this.at, 'utf8'))
  }
  bytes(b: Buffer): number {
    this.room(b.length)
    b.copy(this.buf, this.at)
    return this.ref(this.at, b.length)
  }
  view(ref: number): Buffer {
    return pooledText(this.buf, ref)
  }
  /** Writes several pieces as one text: strings, or texts already in the pool (copied, not re-encoded). */
  join(parts: (string | number)[]): number {
    const start = this.at
    for (const part of parts) {
      if (typeof part === 'string') {
        this.room(part.length * 3)
        this.at += this.buf.write(part, this.at, 'utf8')
      } else {
        const n = part % REF
        this.room(n)
        const from = Math.floor(part / REF)
        this.buf.copy(this.buf, this.at, from, from + n)
        this.at += n
      }
    }
    return this.ref(start, this.at - start)
  }
  /** The batch's texts in a buffer of their own, exactly their size (it is transferred); the working buffer is reused. */
  take(): Buffer {
    const out = Buffer.allocUnsafeSlow(this.at)
    this.buf.copy(out, 0, 0, this.at)
    this.at = 0
    return out
  }
}

// ---------------------------------------------------------------------------------------------
// The builder

type Member = {
  id: string
  fullName: string
  searchName: string
  joinedOn: string | null
  officialOn: string | null
  endedOn: string | null
  suspended: boolean
  periods: { kind: 'exempt' | 'elsewhere'; startsOn: string; endsOn: string | null }[]
}
type Cell = {
  k: number
  id: string
  name: string
  grassrootsName: string
  members: Member[]
  names: Map<string, string>
  secretary: Member
  deputy: Member
  secretaryUserId: string
  deputyUserId: string
  userOfMember: Map<string, string>
  docId: Map<number, string>
  /** The search rows' scope tokens (scopeText of the cell's path). */
  scope: string
  r: Rng
}
type Att = { memberId: string; name: string; searchName: string; memberStatus: 'official' | 'probationary'; status: AttendanceStatus; reason: string | null }
/** A rich-text document: its UTF-8 JSON as the app stores it, in canonical key order (sorted), as plain text. */
type Doc = { bytes: Buffer; sorted: unknown; text: string }
type Signature = { role: 'chair' | 'secretary'; memberId: string; signerName: string; signedAt: string }
type Pending = {
  meetingId: string
  status: string
  /** What the search rows read of the meeting. */
  fields: MeetingFields
  record: RecordSnapshot
  signedAt: string | null
  chairAt: string | null
  secretaryAt: string
  createdAt: string
  criticism: { id: string; createdAt: string; item: Record<string, unknown> }[]
}

export function createBuilder(config: BuildConfig) {
  const { nowMs, firstYear, thisYear, created } = config
  const today = iso(nowMs).slice(0, 10)
  const periodStart = `${firstYear}-01-01`
  const mkDoc = (paragraphs: string[]): Doc => {
    const doc = docFromParagraphs(paragraphs)
    return { bytes: Buffer.from(JSON.stringify(doc)), sorted: sortedNode(doc), text: toPlainText(doc) }
  }
  const templates = config.templates
  const templateBodies = new Map<TemplateItem, Doc>()
  for (const t of Object.values(templates)) for (const item of t.items) if (item.body?.length) templateBodies.set(item, mkDoc(item.body))
  const gistDocs = GISTS.map((g) => mkDoc([g]))
  const conclusionDocs = CONCLUSIONS.map((g) => mkDoc([g]))
  const nextTasksConclusion = mkDoc(['Giao các đồng chí được phân công hoàn thành nhiệm vụ đúng thời hạn; chi ủy theo dõi, đôn đốc.'])
  const contributionDocs = GISTS.slice(0, 4).map((g) => mkDoc([`Tham luận: ${g}`]))
  const rubricBytes = Buffer.from(JSON.stringify(DEFAULT_RUBRIC))
  const minRegular = minimumMinutes('regular', DEFAULT_ORG_SETTINGS)
  const thematicMonths = DEFAULT_ORG_SETTINGS.thematicMonths as number[]
  const docLabel = new Map(config.docLabels)
  const grassrootsDocs = config.grassroots.map((g) => new Map(g.docIds))
  const pool = new TextPool()
  let checked = 0

  let out: Batch
  const push = (table: TableName, ...values: unknown[]) => {
    const a = out.rows[table]
    for (const v of values) a.push(v)
  }

  // Search rows: the texts that repeat (agenda and contribution titles — a month's meetings share
  // them —, an agenda type's item texts, the contribution bodies) are folded once.
  const folded = new Map<string, string>()
  const foldRepeated = (text: string) => {
    let f = folded.get(text)
    if (f === undefined) folded.set(text, (f = indexText(text)))
    return f
  }
  const docText = (d: Doc | null) => (d ? d.text : '')
  const searchRow = (cell: Cell, kind: 'agenda' | 'minutes' | 'contribution', refId: string, row: IndexRow, repeated: boolean) => {
    const { title, body } = indexedTextOf(row, repeated ? foldRepeated : indexText)
    out.search.push(kind, refId, row.variant, row.orgId, row.meetingId, row.gate, row.ownerId, row.title, row.subtitle, row.keywords, row.body, row.shownAt, title, body, cell.scope)
  }

  const userRow = (username: string, displayName: string, memberId: string) => {
    const id = uuid7()
    push('users', id, username, displayName, foldVietnamese(displayName), config.passwordHash, memberId, 0, created, created, created)
    return id
  }
  const grant = (userId: string, orgId: string, role: string) => push('role_grants', uuid7(), userId, orgId, role, created)

  /** One cell's members and accounts. */
  function makeCell(k: number): Cell {
    const spec = config.cells[k]
    const r = cellRng(config.seed, k)
    const list: Member[] = []
    let cardSerial = spec.cardBase
    for (let i = 0; i < spec.size; i++) {
      const leader = i < 3
      const status = !leader && r.chance(0.03) ? 'probationary' : 'official'
      const input = memberInput(r, { status }, today)
      if (leader && input.joinedOn && input.joinedOn > `${firstYear - 2}-01-01`) {
        input.joinedOn = `${firstYear - 3}-0${r.int(1, 9)}-1${r.int(0, 9)}`
        input.officialOn = `${firstYear - 2}${input.joinedOn.slice(4)}`
      }
      const position = i === 0 ? 'secretary' : i === 1 ? 'deputy' : i === 2 && spec.size >= 7 ? 'committee' : 'member'
      const ended = !leader && r.chance(0.01)
      const endedOn = ended ? iso(Date.parse(periodStart) + r.next() * (nowMs - Date.parse(periodStart))).slice(0, 10) : null
      const suspended = !leader && !ended && r.chance(0.002)
      const m: Member = {
        id: uuid7(),
        fullName: input.fullName,
        searchName: foldVietnamese(input.fullName),
        joinedOn: input.joinedOn ?? null,
        officialOn: input.officialOn ?? null,
        endedOn,
        suspended,
        periods: [],
      }
      cardSerial++
      push(
        'members', m.id, spec.id, m.fullName, m.searchName, input.gender, input.birthDate, input.status, m.joinedOn, m.officialOn, position,
        `${pad2((cardSerial % 99) + 1)}.${String(100000 + cardSerial).padStart(6, '0')}`, suspended ? 1 : 0, suspended ? 'Đình chỉ sinh hoạt trong thời gian xem xét kỷ luật' : null,
        endedOn, ended ? 'moved' : null, created, created,
      )
      if (!leader && !ended) {
        if (r.chance(0.02)) {
          const startsOn = `${r.int(firstYear, thisYear)}-${pad2(r.int(1, 12))}-01`
          m.periods.push({ kind: 'exempt', startsOn, endsOn: null })
          push('member_periods', uuid7(), m.id, 'exempt', startsOn, null, 'Tuổi cao, sức yếu', created)
        } else if (r.chance(0.012)) {
          const y = r.int(firstYear, thisYear)
          const mo = r.int(1, 7)
          const startsOn = `${y}-${pad2(mo)}-01`
          const endsOn = `${y}-${pad2(mo + 5)}-28`
          m.periods.push({ kind: 'elsewhere', startsOn, endsOn })
          push('member_periods', uuid7(), m.id, 'elsewhere', startsOn, endsOn, 'Đi công tác dài ngày, sinh hoạt tạm thời tại nơi công tác', created)
        }
      }
      list.push(m)
    }
    const secretary = list[0]
    const deputy = list[1]
    const uname = (role: string) => (k === 0 && role === 'bithu' ? 'bench-secretary' : k === 1 && role === 'bithu' ? 'bench-signer' : `${role}-${k + 1}`)
    const secretaryUserId = userRow(uname('bithu'), secretary.fullName, secretary.id)
    grant(secretaryUserId, spec.id, 'secretary')
    const deputyUserId = userRow(uname('phobithu'), deputy.fullName, deputy.id)
    grant(deputyUserId, spec.id, 'deputy')
    if (k === 0) {
      const plainMember = list.find((m, i) => i >= 3 && !m.endedOn && !m.suspended && m.periods.length === 0 && m.joinedOn && m.joinedOn < periodStart) ?? list[2]
      grant(userRow('bench-member', plainMember.fullName, plainMember.id), spec.id, 'member')
    }
    const userOfMember = new Map([
      [secretary.id, secretaryUserId],
      [deputy.id, deputyUserId],
    ])
    return {
      k,
      id: spec.id,
      name: spec.name,
      grassrootsName: config.grassroots[spec.g].name,
      members: list,
      names: new Map(list.map((m) => [m.id, m.fullName])),
      secretary,
      deputy,
      secretaryUserId,
      deputyUserId,
      userOfMember,
      docId: grassrootsDocs[spec.g],
      scope: scopeText(spec.path),
      r,
    }
  }

  /** Who belongs to the cell on a day, and how they stand (attendance pre-filling). */
  function standing(m: Member, day: string, recent: boolean): AttendanceStatus | null {
    if (m.joinedOn && m.joinedOn > day) return null
    if (m.endedOn && m.endedOn <= day) return null
    if (m.suspended && recent) return 'suspended'
    for (const p of m.periods) if (p.startsOn <= day && (p.endsOn === null || p.endsOn >= day)) return p.kind
    return 'present'
  }

  /** One meeting: its rows, and (if held) its record built in memory. */
  function makeMeeting(cell: Cell, type: MeetingType, y: number, month: number, startsMs: number, opts: { topic: string | null; cancelled: boolean; bench?: boolean }): Pending | null {
    const r = cell.r
    const id = uuid7()
    const startsAt = iso(startsMs)
    const day = startsAt.slice(0, 10)
    const future = startsMs > nowMs
    const heldEndMs = startsMs + (95 + r.int(0, 40)) * 60_000
    const ageDays = (nowMs - heldEndMs) / DAY
    // Signing times: the minute-taker first, the chair after; 8 % beyond the 7-day limit.
    const late = r.chance(0.08)
    const secretaryAtMs = heldEndMs + (late ? r.int(8, 30) * DAY : r.int(0, 5) * DAY) + r.int(1, 8) * 3_600_000
    const chairAtMs = secretaryAtMs + r.int(1, 20) * 3_600_000
    let status: 'planned' | 'prepared' | 'minutes_draft' | 'signing' | 'signed' | 'cancelled'
    if (opts.bench) status = 'signing'
    else if (opts.cancelled) status = 'cancelled'
    else if (future) status = startsMs - nowMs < 7 * DAY ? 'prepared' : 'planned'
    else if (ageDays < 10) status = r.chance(0.5) ? 'minutes_draft' : 'signing'
    // Still waiting for a signature today (a late one in progress).
    else if (chairAtMs > nowMs) status = 'signing'
    else status = 'signed'
    const held = status === 'minutes_draft' || status === 'signing' || status === 'signed'
    const published = status !== 'planned'
    const publishedAt = published ? iso(startsMs - 3 * DAY) : null
    const recent = ageDays < 90
    const chair = held ? cell.secretary : null
    // The minute-taker: the deputy, or another present member now and then.
    const att: Att[] = []
    if (held) {
      for (const m of cell.members) {
        const st = standing(m, day, recent)
        if (!st) continue
        const memberStatus = m.officialOn && m.officialOn <= day ? 'official' : 'probationary'
        let s: AttendanceStatus = st
        let reason: string | null = null
        if (st === 'present' && m !== cell.secretary && m !== cell.deputy) {
          const x = r.next()
          if (x < 0.06) {
            s = 'excused'
            reason = r.pick(EXCUSES)
          } else if (x < 0.085) s = 'unexcused'
        } else if (st === 'exempt' && r.chance(0.1)) s = 'present'
        att.push({ memberId: m.id, name: m.fullName, searchName: m.searchName, memberStatus, status: s, reason })
      }
    }
    const present = att.filter((a) => a.status === 'present')
    const minuteTaker = held ? (cell.members.length > 3 && r.chance(0.15) ? (present.find((a) => a.memberId !== cell.secretary.id && a.memberId !== cell.deputy.id) ?? null) : null) : null
    const minuteTakerId = held ? (minuteTaker?.memberId ?? cell.deputy.id) : null
    const drafter = type === 'thematic' ? (cell.members[2 + (month % Math.max(1, cell.members.length - 2))] ?? cell.deputy) : null
    const place = `Phòng họp ${r.int(1, 9)}0${r.int(1, 9)}`
    const conclusion = held ? r.pick(conclusionDocs) : null
    const startedAt = held ? startsAt : null
    const endedAt = held ? iso(heldEndMs) : null
    const createdAt = iso(startsMs - 20 * DAY)
    push(
      'meetings', id, cell.id, type, opts.topic, y, month, startsAt, type === 'thematic' ? 120 : 90, place, 'in_person', status, drafter?.id ?? null, type === 'thematic' ? 1 : 0,
      publishedAt, publishedAt ? 'bench' : null, opts.cancelled ? r.pick(CANCEL_REASONS) : null,
      chair?.id ?? null, minuteTakerId, startedAt, endedAt, conclusion ? pool.bytes(conclusion.bytes) : null, createdAt, endedAt ?? createdAt,
    )
    out.meetings++
    const fields: MeetingFields = { id, cellId: cell.id, type, topic: opts.topic, periodYear: y, periodMonth: month, startsAt, status, publishedAt }

    // Agenda from the type's template.
    const tpl = templates[type as 'regular' | 'thematic' | 'extraordinary']
    const people = { chair: chair?.id ?? cell.secretary.id, secretary: cell.secretary.id, drafter: drafter?.id ?? null, minuteTaker: minuteTakerId }
    const items: { id: string; role: string | null; section: string; title: string; presenterMemberId: string | null; presenterName: string | null; conclusion: Doc | null; docIds: string[] }[] = []
    const yearDoc = cell.docId.get(y)
    tpl.items.forEach((t, i) => {
      const hint = t.presenter ?? (t.section === 'content' ? 'none' : 'chair')
      let presenterMemberId: string | null = null
      let presenterName: string | null = null
      if (hint === 'chair') presenterMemberId = people.chair
      else if (hint === 'secretary') presenterMemberId = people.secretary
      else if (hint === 'drafter') presenterMemberId = people.drafter
      else if (hint === 'minute_taker') {
        if (people.minuteTaker) presenterMemberId = people.minuteTaker
        else presenterName = config.presenterText.minute_taker
      } else if (hint === 'upper_representative' || hint === 'members') presenterName = config.presenterText[hint]
      const item = {
        id: uuid7(),
        role: t.role ?? null,
        section: t.section,
        title: t.title,
        presenterMemberId,
        presenterName,
        conclusion: held && t.role === 'next_tasks' ? nextTasksConclusion : null,
        docIds: t.role === 'review_last_month' && yearDoc ? [yearDoc] : [],
      }
      items.push(item)
      const body = templateBodies.get(t)
      push(
        'agenda_items', item.id, id, i + 1, item.section, item.role, item.title, presenterMemberId, presenterName, t.plannedMinutes ?? null,
        body ? pool.bytes(body.bytes) : null, item.conclusion ? pool.bytes(item.conclusion.bytes) : null, createdAt, createdAt,
      )
      for (const d of item.docIds) push('agenda_item_links', item.id, d)
    })
    const agenda = agendaRow(
      fields,
      tpl.items.map((t) => ({ title: t.title, body: templateBodies.get(t) ?? null })),
      docText,
    )
    if (agenda) searchRow(cell, 'agenda', id, agenda, true)
    if (!held) return null

    // The record.
    const endIso = endedAt!
    for (const a of att) push('attendance', id, a.memberId, a.memberStatus, a.status, a.reason, endIso)
    const names = cell.names
    const nameOf = (mid: string | null) => (mid ? (names.get(mid) ?? null) : null)
    const guests: { id: string; name: string; title: string | null; unit: string | null; isUpperRep: boolean }[] = []
    if (r.chance(0.25)) {
      const g = { id: uuid7(), name: vietnameseName(r, r.chance(0.5) ? 'male' : 'female'), title: 'Đảng ủy viên, phụ trách chi bộ', unit: cell.grassrootsName.replace(/^Đảng bộ/, 'Đảng ủy'), isUpperRep: true }
      guests.push(g)
      push('guests', g.id, id, g.name, g.title, g.unit, 1, 0, startsAt)
    }
    const byRole = (role: string) => items.find((i) => i.role === role)
    const speechItems = (type === 'thematic' ? ['presentation', 'discussion'] : ['ideology', 'review_last_month', 'discussion']).map(byRole).filter((i): i is (typeof items)[number] => Boolean(i))
    const speakers = present.length ? present : att
    const speeches: { itemId: string; speakerMemberId: string; doc: Doc }[] = []
    const nSpeeches = speakers.length ? r.int(2, 4) : 0
    for (let s = 0; s < nSpeeches; s++) {
      const item = speechItems[Math.min(speechItems.length - 1, Math.floor((s * speechItems.length) / nSpeeches))]
      const sp = { itemId: item.id, speakerMemberId: r.pick(speakers).memberId, doc: r.pick(gistDocs) }
      speeches.push(sp)
      const at = iso(startsMs + (20 + s) * 60_000)
      push('speeches', uuid7(), id, sp.itemId, s + 1, sp.speakerMemberId, pool.bytes(sp.doc.bytes), at, at)
    }
    // Votes: the monthly resolution, and now and then a two-thirds admission vote.
    const voteItem = byRole('vote') ?? null
    const voters = att.filter((a) => a.memberStatus === 'official' && a.status !== 'exempt' && a.status !== 'elsewhere' && a.status !== 'suspended')
    const denominator = voters.length
    const presentVoters = voters.filter((a) => a.status === 'present').length
    const votes: RecordSnapshot['votes'] = []
    const addVote = (subject: string, kind: 'ordinary' | 'two_thirds', method: 'hands' | 'secret', against: number) => {
      if (denominator === 0) return
      const forCount = Math.max(0, presentVoters - against)
      const v = evaluateVote({ kind, denominator, presentVoters, for: forCount, against: presentVoters - forCount, abstain: 0, allowAbstain: false })
      const passed = v.ok ? v.passed : false
      const at = iso(heldEndMs - (10 - votes.length) * 60_000)
      push('votes', uuid7(), id, voteItem?.id ?? null, subject, kind, method, forCount, presentVoters - forCount, null, denominator, presentVoters, passed ? 1 : 0, '[]', votes.length, at, at)
      votes.push({ abstain: null, against: presentVoters - forCount, denominator, for: forCount, kind, method, passed, presentVoters, reserved: [], sentence: v.ok ? v.sentence : `${forCount}/${denominator} đồng chí tán thành`, subject })
    }
    addVote(type === 'thematic' ? `Thông qua kết luận buổi sinh hoạt chuyên đề ${monthLabel(y, month)}` : `Thông qua nghị quyết ${monthLabel(y, month)}`, 'ordinary', 'hands', r.chance(0.05) ? 1 : 0)
    if (r.chance(0.04)) addVote(`Đề nghị kết nạp quần chúng ${vietnameseName(r, r.chance(0.5) ? 'male' : 'female')} vào Đảng`, 'two_thirds', 'secret', r.int(0, 2))
    // Tasks.
    const tasks: RecordSnapshot['tasks'] = []
    const nTasks = r.int(1, 3)
    const dueOn = iso(heldEndMs + 30 * DAY).slice(0, 10)
    for (let t = 0; t < nTasks; t++) {
      const memberId = present.length && r.chance(0.8) ? r.pick(present).memberId : null
      const text = r.pick(TASKS)
      const at = iso(heldEndMs - 15 * 60_000 + t * 1000)
      push('tasks', uuid7(), cell.id, id, memberId, text, dueOn, ageDays > 45 ? 'done' : 'open', at, at)
      tasks.push({ dueOn, memberId, memberName: nameOf(memberId), text })
    }
    // Quality.
    const preparation = r.int(10, 15)
    const attendanceScore = r.int(14, 20)
    const conduct = r.int(30, 45)
    const closing = r.int(14, 20)
    const scores = { attendance: attendanceScore, closing, conduct, preparation }
    const total = preparation + attendanceScore + conduct + closing
    const level = levelFor(DEFAULT_RUBRIC, total)
    const confirmer = guests.length && r.chance(0.6) ? guests[0] : null
    push('quality_assessments', id, pool.bytes(rubricBytes), JSON.stringify(scores), total, level, confirmer?.id ?? null, confirmer ? endIso : null, endIso)
    // Contributions to a thematic meeting.
    if (type === 'thematic' && present.length) {
      const discussion = byRole('discussion')
      for (let k = r.int(1, 3); k > 0; k--) {
        const author = r.pick(present)
        const status = r.pick(['submitted', 'accepted', 'noted'] as const)
        const sub = iso(startsMs - 2 * DAY)
        const contributionId = uuid7()
        const title = `Tham luận: ${opts.topic ?? 'chuyên đề'}`
        const body = r.pick(contributionDocs)
        push('contributions', contributionId, id, status === 'accepted' ? (discussion?.id ?? null) : null, author.memberId, title, pool.bytes(body.bytes), status, sub, status === 'submitted' ? null : iso(startsMs - DAY), sub, sub)
        const row = contributionRowOf(fields, { memberId: author.memberId, status, title, body, submittedAt: sub, updatedAt: sub, authorName: author.name }, docText)
        searchRow(cell, 'contribution', contributionId, row, true)
      }
    }

    const sortedAtt = att.sort((a, b) => (a.searchName < b.searchName ? -1 : a.searchName > b.searchName ? 1 : a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0))
    // Keys in sorted order throughout (see sortedNode above).
    const record = {
      attendance: sortedAtt.map((a) => ({ memberId: a.memberId, memberStatus: a.memberStatus, name: a.name, reason: a.reason, status: a.status })),
      criticism: { items: [] as unknown[], summary: [] as string[] },
      guests: guests.map((g) => ({ id: g.id, isUpperRep: g.isUpperRep, name: g.name, title: g.title, unit: g.unit })),
      items: items.map((i) => ({
        conclusion: i.conclusion?.sorted ?? null,
        conclusionText: i.conclusion?.text ?? '',
        documents: i.docIds.map((d) => ({ id: d, label: docLabel.get(d)! })),
        id: i.id,
        presenterName: i.presenterName ?? nameOf(i.presenterMemberId),
        section: i.section as 'opening',
        speeches: speeches
          .filter((s) => s.itemId === i.id)
          .map((s) => ({ gist: s.doc.sorted, speakerGuestId: null, speakerMemberId: s.speakerMemberId, speakerName: `Đ/c ${nameOf(s.speakerMemberId) ?? ''}`, text: s.doc.text })),
        title: i.title,
      })),
      meeting: {
        cellId: cell.id,
        cellName: cell.name,
        chairMemberId: chair!.id,
        chairName: nameOf(chair!.id),
        conclusion: conclusion!.sorted,
        conclusionText: conclusion!.text,
        endedAt,
        form: 'in_person' as const,
        id,
        place,
        secretaryMemberId: minuteTakerId,
        secretaryName: nameOf(minuteTakerId),
        startedAt,
        startsAt,
        title: meetingTitle({ type, topic: opts.topic, periodYear: y, periodMonth: month }),
        type,
      },
      quality: { confirmedBy: confirmer?.name ?? null, level, scores, total },
      schema: 1 as const,
      tasks,
      votes,
    } satisfies RecordSnapshot
    const signed = status === 'signed'
    return {
      meetingId: id,
      status,
      fields,
      record,
      signedAt: signed ? iso(chairAtMs) : null,
      chairAt: signed ? iso(chairAtMs) : null,
      secretaryAt: iso(signed ? secretaryAtMs : Math.min(heldEndMs + 3_600_000, nowMs)),
      createdAt: iso(Math.min(heldEndMs + 1_800_000, nowMs)),
      criticism: [],
    }
  }

  /**
   * Criticism items raised at a meeting (a few per cell-year): the rows, and each item as
   * criticismSnapshot() (app/models/criticism.server.ts) reads it back — its itemView() fields with
   * the joined names (subject, raiser, follow-up member, agenda item title); no manifestation and no
   * follow-ups are written here.
   */
  function addCriticism(cell: Cell, p: Pending) {
    const r = cell.r
    const att = p.record.attendance.filter((a) => a.status === 'present')
    if (att.length < 2) return
    const item = p.record.items.find((i) => i.title.startsWith('Tình hình tư tưởng')) ?? p.record.items.find((i) => i.section === 'content')
    const n = r.int(1, 2)
    for (let k = 0; k < n; k++) {
      const subject = r.pick(att)
      const self = r.chance(0.5)
      const raiser = self ? subject : r.pick(att)
      const at = iso(Date.parse(p.record.meeting.startsAt) + (40 + k) * 60_000)
      const resolved = r.chance(0.6)
      const summary = r.chance(0.5) ? `Đ/c ${subject.name} tiếp thu ý kiến góp ý về việc thực hiện nhiệm vụ được giao.` : null
      const id = uuid7()
      const category = r.pick(['G4', 'G5', 'G7'] as const)
      const description = r.pick(CRITICISM_DESCRIPTIONS)
      const cause = 'Do chủ quan, chưa sắp xếp công việc hợp lý'
      const remedy = 'Khắc phục ngay trong tháng tới'
      const dueOn = iso(Date.parse(at) + 60 * DAY).slice(0, 10)
      const status = resolved ? 'resolved' : 'open'
      push(
        'criticism_items', id, cell.id, p.meetingId, item?.id ?? null, 'member', subject.memberId, self ? 'self' : 'peer', raiser.memberId, category,
        description, cause, 'accepted', remedy, dueOn, cell.secretary.id, status, summary, at, at,
      )
      const subjectName = `Đ/c ${subject.name}`
      p.criticism.push({
        id,
        createdAt: at,
        item: {
          agendaItemId: item?.id ?? null,
          agendaItemTitle: item?.title ?? null,
          category,
          cause,
          description,
          dueOn,
          followUpMemberId: cell.secretary.id,
          followUpMemberName: cell.secretary.fullName,
          id,
          kind: self ? 'self' : 'peer',
          manifestation: null,
          outcome: null,
          publicSummary: summary,
          raisedByMemberId: raiser.memberId,
          raisedByName: self ? subjectName : `Đ/c ${raiser.name}`,
          raisedByText: null,
          remedy,
          response: 'accepted',
          status,
          subjectKind: 'member',
          subjectMemberId: subject.memberId,
          subjectName,
        },
      })
    }
  }

  /** A meeting's minutes once its record is complete: only what the chain and the rows still need. */
  type Frozen = { meetingId: string; status: string; startsAt: string; signedAt: string | null; createdAt: string; snapshot: number; hash: string; sigs: Signature[] }

  /**
   * Minutes of held meetings whose record is complete (criticism included): the narrative row and,
   * for those being signed, the frozen snapshot and its hash. Called once per cell-year, so that
   * records do not outlive their year (fewer objects for the garbage collector to copy).
   */
  function freeze(cell: Cell, pendings: Pending[], frozen: Frozen[]) {
    const chair = cell.secretary
    for (const p of pendings) {
      if (p.criticism.length) {
        // criticismSnapshot()/publicCriticismSummary() order: created_at, then id.
        const list = p.criticism.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        const summary: string[] = []
        for (const c of list) {
          const s = ((c.item.publicSummary as string | null) ?? '').trim()
          if (s) summary.push(s)
        }
        p.record.criticism = { items: list.map((c) => c.item), summary }
        out.sample.push(p.meetingId)
      }
      // The minutes row holds the narrative in canonical key order too (readers parse it), so its JSON is written once.
      const sections = draftNarrative(p.record, { minMinutes: minRegular }).map((s) => ({ body: sortedDoc(s.paragraphs), key: s.key, title: s.title }))
      const narrativeRef = pool.text(JSON.stringify(sections))
      // Its search rows: the narrative is the text being drafted and, once signed, the signed
      // version's too (its snapshot is written from the same sections just below).
      const liveText = sections.length ? narrativeText(sections) : ''
      const signed = p.status === 'signed' ? { text: liveText, signedAt: p.signedAt } : null
      for (const row of minutesRowsOf(p.fields, liveText, signed)) searchRow(cell, 'minutes', p.meetingId, row, false)
      push('minutes', p.meetingId, narrativeRef, p.createdAt)
      // minutes_draft meetings have a narrative but no version yet.
      if (p.status !== 'signed' && p.status !== 'signing') continue
      // { narrative, record }, written into the pool piece by piece (the narrative's bytes are copied).
      const ref = pool.join(['{"narrative":', narrativeRef, ',"record":', JSON.stringify(p.record), '}'])
      // Must be canonicalJson's output byte for byte: checked on a sample (with the narrative as
      // docFromParagraphs builds it), stopping at the first difference.
      if (checked++ % 200 === 0) {
        const expected = draftNarrative(p.record, { minMinutes: minRegular }).map((s) => ({ key: s.key, title: s.title, body: docFromParagraphs(s.paragraphs) }))
        if (pool.view(ref).toString('utf8') !== canonicalJson({ record: p.record, narrative: expected })) {
          throw new Error(`scale: the snapshot of meeting ${p.meetingId} is not in canonical form (a key out of order?)`)
        }
      }
      const secretaryId = p.record.meeting.secretaryMemberId!
      const sigs: Signature[] = [{ role: 'secretary', memberId: secretaryId, signerName: cell.names.get(secretaryId)!, signedAt: p.secretaryAt }]
      if (p.status === 'signed') sigs.unshift({ role: 'chair', memberId: chair.id, signerName: chair.fullName, signedAt: p.chairAt! })
      frozen.push({
        meetingId: p.meetingId,
        status: p.status,
        startsAt: p.record.meeting.startsAt,
        signedAt: p.signedAt,
        createdAt: p.createdAt,
        snapshot: ref,
        hash: createHash('sha256').update(pool.view(ref)).digest('hex'),
        sigs,
      })
    }
  }

  function buildCell(k: number) {
    const cell = makeCell(k)
    const r = cell.r
    const exp: Batch['expected'][string] = {}
    const frozen: Frozen[] = []
    const heldIds: string[] = []
    for (let y = firstYear; y <= thisYear; y++) {
      const e = { regular: 0, thematic: 0, missed: 0, cancelled: 0 }
      exp[y] = e
      const yearHeld: Pending[] = []
      for (let month = 1; month <= 12; month++) {
        const missed = r.chance(0.03)
        const regularMs = Date.UTC(y, month - 1, r.int(3, 8), MEETING_UTC_HOUR)
        if (missed && regularMs < nowMs) e.missed++
        else {
          const cancelled = regularMs < nowMs && r.chance(0.02)
          if (cancelled) e.cancelled++
          const p = makeMeeting(cell, 'regular', y, month, regularMs, { topic: null, cancelled })
          e.regular++
          if (p) yearHeld.push(p)
        }
        if (thematicMonths.includes(month)) {
          const ms = Date.UTC(y, month - 1, r.int(15, 24), MEETING_UTC_HOUR)
          const cancelled = ms < nowMs && r.chance(0.02)
          if (cancelled) e.cancelled++
          const p = makeMeeting(cell, 'thematic', y, month, ms, { topic: THEMATIC_TOPICS[(y * 4 + month) % THEMATIC_TOPICS.length], cancelled })
          e.thematic++
          if (p) yearHeld.push(p)
        }
      }
      // A few criticism items per cell-year, at held meetings.
      for (let j = Math.min(yearHeld.length, r.int(1, 3)); j > 0; j--) addCriticism(cell, r.pick(yearHeld))
      freeze(cell, yearHeld, frozen)
      for (const p of yearHeld) heldIds.push(p.meetingId)
    }
    if (k === 1) {
      const bench: Pending[] = []
      for (let b = 0; b < config.signBench; b++) {
        const ms = nowMs - (200 - (b % 150)) * DAY + b * 60_000
        const d = new Date(ms)
        const p = makeMeeting(cell, 'extraordinary', d.getUTCFullYear(), d.getUTCMonth() + 1, ms, { topic: `Biểu quyết nội dung phát sinh số ${b + 1}`, cancelled: false, bench: true })
        if (p) {
          bench.push(p)
          heldIds.push(p.meetingId)
          out.signBench.push(p.meetingId)
        }
      }
      freeze(cell, bench, frozen)
    }
    out.expected[cell.id] = exp
    if (heldIds.length) out.sample.push(heldIds[r.int(0, heldIds.length - 1)])

    // The chain, by signing time; then the versions and their signatures.
    const chained = frozen.filter((f) => f.status === 'signed').sort((a, b) => (a.signedAt! < b.signedAt! ? -1 : a.signedAt! > b.signedAt! ? 1 : 0))
    let prevSeal: string | null = null
    const sealed = new Map<string, { seq: number; prev: string | null; seal: string }>()
    chained.forEach((f, i) => {
      const seal = sealOf({ hash: f.hash, prevSeal, chainSeq: i + 1, signatures: f.sigs })
      sealed.set(f.meetingId, { seq: i + 1, prev: prevSeal, seal })
      prevSeal = seal
    })
    for (const f of frozen) {
      const s = sealed.get(f.meetingId)
      const vid = uuid7()
      push('minutes_versions', vid, f.meetingId, cell.id, 1, s ? 'signed' : 'pending', f.snapshot, f.hash, s?.prev ?? null, s?.seal ?? null, s?.seq ?? null, null, 'bench', f.createdAt, s ? f.signedAt : null)
      if (s) out.signedVersions++
      for (const sig of f.sigs) {
        let userId = cell.userOfMember.get(sig.memberId)
        if (!userId) {
          // A member who takes the minutes without an account yet gets one (signatures need a user).
          userId = userRow(`thuky-${sig.memberId.slice(-12)}`, sig.signerName, sig.memberId)
          grant(userId, cell.id, 'member')
          cell.userOfMember.set(sig.memberId, userId)
        }
        push('signatures', uuid7(), vid, sig.role, sig.memberId, userId, sig.signerName, sig.signedAt, 'password')
      }
      if (s && r.chance(0.05)) out.remarkPool.push({ cellId: cell.id, meetingId: f.meetingId, startsAt: f.startsAt })
    }
  }

  return {
    /** Builds cells [from, to) into one batch of rows. */
    build(from: number, to: number): Batch {
      out = {
        from,
        to,
        rows: Object.fromEntries(TABLE_NAMES.map((t) => [t, []])) as unknown as Batch['rows'],
        pool: Buffer.alloc(0),
        meetings: 0,
        signedVersions: 0,
        expected: {},
        sample: [],
        signBench: [],
        remarkPool: [],
        search: [],
      }
      for (let k = from; k < to; k++) buildCell(k)
      out.pool = pool.take()
      return out
    },
  }
}

// The scale dataset (issue 8 item 1): one upper body the size of Đảng bộ Khối các cơ quan Trung ương
// — 1,000 grass-roots organisations, 5,000 cells, 78,000 members, five years of regular (12/year) and
// thematic (4/year) meetings with agendas, attendance, speeches, votes, tasks, quality scores,
// criticism items, contributions, signed minutes on a real per-cell hash chain, irregularities
// (missed months, late signatures, cancelled meetings, recent unsigned minutes) and inspection remarks;
// then the full-text index, in bulk.
//
// Not through the models (the demo seed's way): ~400,000 meetings × a dozen model calls would take
// hours. Rows go in through prepared INSERTs, one transaction per batch of cells, and each signed
// version's snapshot is built IN MEMORY with the same shape and ordering rules as
// buildRecordSnapshot() (app/models/minutes.server.ts) — tests/integration/scale.test.ts checks, on a
// small dataset, that canonicalJson of the two is identical and that verify-chain finds nothing.
// The criticism part of a snapshot (rare: a few meetings per cell-year) is read back through
// criticismSnapshot()/publicCriticismSummary() themselves.
//
// The search-queue triggers are dropped while loading and re-created afterwards; the search index
// is then filled with one INSERT … SELECT per kind, using the indexer's own text functions as SQL
// functions (the same rows app/models/search.server.ts's Indexer would write; the test compares).
import fs from 'node:fs'
import type Database from 'better-sqlite3'
import { uuidv7 } from 'uuidv7'
import { migrateDatabase, openDatabase, type DB } from '../client.server'
import { hashPassword } from '../../app/auth/password.server'
import { citeDocument } from '../../app/domain/citation'
import { DEFAULT_ORG_SETTINGS, MEETING_TYPE_LABELS, REMARK_STATUS_LABELS, type AttendanceStatus, type MeetingType, type RemarkStatus } from '../../app/domain/constants'
import { canonicalJson, newVerifyCode, sealOf, sha256Hex } from '../../app/domain/minutes-hash'
import { draftNarrative, type RecordSnapshot } from '../../app/domain/minutes-text'
import { DEFAULT_RUBRIC, levelFor } from '../../app/domain/quality'
import { minimumMinutes } from '../../app/domain/schedule'
import { foldText, scopeText } from '../../app/domain/search-text'
import { formatUiDateShort, monthLabel } from '../../app/domain/vn-date'
import { evaluateVote } from '../../app/domain/voting'
import { loadAgendaTemplate, PRESENTER_HINT_TEXT, type PresenterHint } from '../../app/models/agenda.server'
import { criticismSnapshot, publicCriticismSummary } from '../../app/models/criticism.server'
import { docFromParagraphs } from '../../app/rich-text/from-text'
import type { RichText } from '../../app/rich-text/types'
import { toPlainText } from '../../app/rich-text/validate'
import { foldVietnamese } from '../../app/utils/text'
import { memberInput, rng, vietnameseName } from '../../tests/factories'

export const BENCH_PASSWORD = 'bench1234'

export type ScaleOptions = {
  orgs?: number
  cells?: number
  members?: number
  years?: number
  seed?: number
  /** "Today" for the dataset (default: now): meetings after it are planned, the last weeks' unsigned. */
  now?: Date
  /** Extra meetings waiting for the chair's signature in the second cell, for the `sign` benchmark. */
  signBench?: number
  /** Inspection remarks (default: 6 % of the cells, at least 20, at most 400). */
  remarks?: number
  /** Cells per transaction. */
  batchCells?: number
  progress?: boolean
  /** Delete an existing file first (otherwise a non-empty file is refused). */
  force?: boolean
}

export type ScaleResult = {
  file: string
  orgs: number
  cells: number
  members: number
  meetings: number
  signedVersions: number
  rows: Record<string, number>
  /** Meetings created per cell and year (regular + thematic; the sign-bench meetings apart). */
  expected: Record<string, Record<number, { regular: number; thematic: number; missed: number; cancelled: number }>>
  signBench: { cellId: string; meetingIds: string[] }
  seconds: { total: number; generate: number; search: number }
  /** A few meetings whose snapshot the test compares with buildRecordSnapshot (criticism ones included). */
  sample: string[]
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const AGENCIES = [
  'Văn phòng Trung ương Đảng', 'Ban Tổ chức Trung ương', 'Ban Tuyên giáo và Dân vận Trung ương', 'Ban Nội chính Trung ương', 'Ủy ban Kiểm tra Trung ương',
  'Ban Chính sách, chiến lược Trung ương', 'Báo Nhân Dân', 'Tạp chí Cộng sản', 'Học viện Chính trị quốc gia Hồ Chí Minh', 'Nhà xuất bản Chính trị quốc gia Sự thật',
  'Ban Đối ngoại Trung ương', 'Đảng ủy Ngoài nước', 'Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam', 'Trung ương Đoàn TNCS Hồ Chí Minh', 'Trung ương Hội Liên hiệp Phụ nữ Việt Nam',
  'Tổng Liên đoàn Lao động Việt Nam', 'Trung ương Hội Nông dân Việt Nam', 'Trung ương Hội Cựu chiến binh Việt Nam', 'Văn phòng Quốc hội', 'Văn phòng Chủ tịch nước',
]
const UNITS = [
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
const REMARKS = [
  'Chi bộ duy trì nền nếp sinh hoạt; biên bản ghi chưa đầy đủ ý kiến phát biểu của đảng viên.',
  'Nội dung sinh hoạt chưa gắn với nhiệm vụ chính trị của đơn vị; thời lượng dưới mức tối thiểu.',
  'Biên bản ký chậm so với quy định; đề nghị chi bộ chấn chỉnh.',
  'Chưa thực hiện sinh hoạt chuyên đề theo kế hoạch của quý.',
]

const DAY = 86_400_000
/** 14:00 in Hà Nội (UTC+7). */
const MEETING_UTC_HOUR = 7

const iso = (ms: number) => new Date(ms).toISOString()
const pad2 = (n: number) => String(n).padStart(2, '0')
const plain = (doc: unknown) => (doc ? toPlainText(doc as RichText) : '')

/** Title as meetingTitle() in app/models/meetings.server.ts (duplicated: importing it pulls the model). */
function meetingTitle(m: { type: MeetingType; topic: string | null; periodYear: number; periodMonth: number }): string {
  const label = MEETING_TYPE_LABELS[m.type]
  if (m.type === 'regular') return `${label} ${monthLabel(m.periodYear, m.periodMonth)}`
  if (m.type === 'thematic') return m.topic ? `${label}: ${m.topic}` : `${label} ${monthLabel(m.periodYear, m.periodMonth)}`
  if (m.type === 'combined') return `${label} ${monthLabel(m.periodYear, m.periodMonth)}${m.topic ? `: ${m.topic}` : ''}`
  return m.topic ? `${label}: ${m.topic}` : `${label} ${monthLabel(m.periodYear, m.periodMonth)}`
}

/** A rich-text document with its JSON text and plain text computed once. */
type Doc = { doc: RichText; json: string; text: string }
const mkDoc = (paragraphs: string[]): Doc => {
  const doc = docFromParagraphs(paragraphs)
  return { doc, json: JSON.stringify(doc), text: toPlainText(doc) }
}

// ---------------------------------------------------------------------------------------------
// Progress on stderr: one line rewritten with \r.

function progressBar(enabled: boolean) {
  const started = Date.now()
  let last = 0
  return {
    update(label: string, done: number, total: number, extra = '') {
      if (!enabled) return
      const now = Date.now()
      if (now - last < 200 && done < total) return
      last = now
      const f = total ? done / total : 1
      const width = 30
      const bar = '█'.repeat(Math.round(f * width)).padEnd(width, '░')
      const el = (now - started) / 1000
      const eta = f > 0 && f < 1 ? ` eta ${Math.round((el / f) * (1 - f))}s` : ''
      process.stderr.write(`\r${label} ${bar} ${(f * 100).toFixed(1).padStart(5)}% ${done}/${total} ${extra} ${el.toFixed(0)}s${eta}   `)
    },
    line(text: string) {
      if (enabled) process.stderr.write(`\n${text}\n`)
    },
  }
}

// ---------------------------------------------------------------------------------------------
// In-memory model of a cell while it is generated

type Member = {
  id: string
  fullName: string
  searchName: string
  joinedOn: string | null
  officialOn: string | null
  endedOn: string | null
  suspended: boolean
  position: 'secretary' | 'deputy' | 'committee' | 'member'
  periods: { kind: 'exempt' | 'elsewhere'; startsOn: string; endsOn: string | null }[]
}
type Cell = { id: string; name: string; path: string; grassrootsName: string; members: Member[]; secretary: Member; deputy: Member; secretaryUserId: string; deputyUserId: string; docId: Map<number, string> }

type Att = { memberId: string; name: string; searchName: string; memberStatus: 'official' | 'probationary'; status: AttendanceStatus; reason: string | null }

export async function seedScale(file: string, options: ScaleOptions = {}): Promise<ScaleResult> {
  const t0 = Date.now()
  const nOrgs = options.orgs ?? 1000
  const nCells = Math.max(options.cells ?? 5000, nOrgs)
  const nMembers = Math.max(options.members ?? 78000, nCells * 3)
  const nYears = options.years ?? 5
  const now = options.now ?? new Date()
  const nowIso = now.toISOString()
  const today = nowIso.slice(0, 10)
  const thisYear = now.getUTCFullYear()
  const firstYear = thisYear - nYears + 1
  const periodStart = `${firstYear}-01-01`
  const signBench = options.signBench ?? 0
  const nRemarks = options.remarks ?? Math.min(400, Math.max(20, Math.round(nCells * 0.06)))
  const batchCells = options.batchCells ?? 25
  const r = rng(options.seed ?? 20240601)
  const bar = progressBar(options.progress ?? false)

  if (options.force) for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true })
  const db = openDatabase(file)
  migrateDatabase(db)
  const c = db.$client
  if ((c.prepare('SELECT count(*) AS n FROM organizations').get() as { n: number }).n > 0) {
    c.close()
    throw new Error(`${file} đã có dữ liệu: dùng --force để xóa và tạo lại.`)
  }
  // Loading pragmas (restored at the end): the file is rebuilt from scratch if this crashes.
  c.pragma('synchronous = OFF')
  c.pragma('cache_size = -1000000')
  const triggers = c.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_q_%'").all() as { name: string; sql: string }[]
  for (const t of triggers) c.exec(`DROP TRIGGER ${t.name}`)
  // Secondary (non-unique) indexes of the bulky tables are built once at the end, by sorting, instead
  // of row by row in random key order (attendance by member, search_docs by org…).
  const BULKY = ['agenda_items', 'attendance', 'speeches', 'votes', 'tasks', 'guests', 'contributions', 'minutes_versions', 'search_docs']
  const deferred = c
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (${BULKY.map(() => '?').join(', ')})`)
    .all(...BULKY) as { name: string; sql: string }[]
  for (const i of deferred) c.exec(`DROP INDEX ${i.name}`)

  const rows: Record<string, number> = {}
  const count = (table: string, n = 1) => (rows[table] = (rows[table] ?? 0) + n)
  const ins = (table: string, cols: string[]) => {
    const stmt = c.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
    return (...values: unknown[]) => {
      stmt.run(...values)
      count(table)
    }
  }
  const insOrg = ins('organizations', ['id', 'parent_id', 'kind', 'name', 'short_name', 'place_name', 'path', 'depth', 'settings', 'created_at', 'updated_at'])
  const insMember = ins('members', ['id', 'cell_id', 'full_name', 'search_name', 'gender', 'birth_date', 'status', 'joined_on', 'official_on', 'position', 'card_number', 'suspended', 'suspended_note', 'ended_on', 'end_reason', 'created_at', 'updated_at'])
  const insPeriod = ins('member_periods', ['id', 'member_id', 'kind', 'starts_on', 'ends_on', 'note', 'created_at'])
  const insUser = ins('users', ['id', 'username', 'display_name', 'search_name', 'password_hash', 'member_id', 'is_system_admin', 'password_changed_at', 'created_at', 'updated_at'])
  const insGrant = ins('role_grants', ['id', 'user_id', 'org_id', 'role', 'created_at'])
  const insDocument = ins('documents', ['id', 'org_id', 'own', 'doc_type', 'number_text', 'issued_on', 'issuer', 'title', 'status', 'search_text', 'created_at', 'updated_at'])
  const insMeeting = ins('meetings', [
    'id', 'cell_id', 'type', 'topic', 'period_year', 'period_month', 'starts_at', 'planned_minutes', 'place', 'form', 'status', 'drafter_member_id', 'contributions_open',
    'published_at', 'published_by', 'cancelled_reason', 'chair_member_id', 'secretary_member_id', 'started_at', 'ended_at', 'conclusion', 'created_at', 'updated_at',
  ])
  const insItem = ins('agenda_items', ['id', 'meeting_id', 'position', 'section', 'role', 'title', 'presenter_member_id', 'presenter_name', 'planned_minutes', 'body', 'conclusion', 'created_at', 'updated_at'])
  const insLink = ins('agenda_item_links', ['agenda_item_id', 'document_id'])
  const insAtt = ins('attendance', ['meeting_id', 'member_id', 'member_status', 'status', 'reason', 'updated_at'])
  const insGuest = ins('guests', ['id', 'meeting_id', 'name', 'title', 'unit', 'is_upper_rep', 'position', 'created_at'])
  const insSpeech = ins('speeches', ['id', 'meeting_id', 'agenda_item_id', 'position', 'speaker_member_id', 'gist', 'created_at', 'updated_at'])
  const insVote = ins('votes', ['id', 'meeting_id', 'agenda_item_id', 'subject', 'kind', 'method', 'for_count', 'against_count', 'abstain_count', 'denominator', 'present_voters', 'passed', 'reserved', 'position', 'created_at', 'updated_at'])
  const insTask = ins('tasks', ['id', 'cell_id', 'meeting_id', 'member_id', 'text', 'due_on', 'status', 'created_at', 'updated_at'])
  const insQuality = ins('quality_assessments', ['meeting_id', 'rubric', 'scores', 'total', 'level', 'confirmed_by_guest_id', 'confirmed_at', 'updated_at'])
  const insCriticism = ins('criticism_items', [
    'id', 'cell_id', 'meeting_id', 'agenda_item_id', 'subject_kind', 'subject_member_id', 'kind', 'raised_by_member_id', 'category', 'description', 'cause', 'response', 'remedy', 'due_on',
    'follow_up_member_id', 'status', 'public_summary', 'created_at', 'updated_at',
  ])
  const insContribution = ins('contributions', ['id', 'meeting_id', 'agenda_item_id', 'member_id', 'title', 'body', 'status', 'submitted_at', 'reviewed_at', 'created_at', 'updated_at'])
  const insMinutes = ins('minutes', ['meeting_id', 'sections', 'updated_at'])
  const insVersion = ins('minutes_versions', ['id', 'meeting_id', 'cell_id', 'version_no', 'status', 'snapshot', 'hash', 'prev_hash', 'seal_hash', 'chain_seq', 'verify_code', 'created_by', 'created_at', 'signed_at'])
  const insSignature = ins('signatures', ['id', 'version_id', 'role', 'member_id', 'user_id', 'signer_name', 'signed_at', 'method'])
  const insRemark = ins('inspection_remarks', [
    'id', 'org_id', 'meeting_id', 'inspector_user_id', 'inspector_name', 'inspector_body', 'remarks', 'requested_fixes', 'due_on', 'status', 'signed_at', 'reply', 'replied_at', 'replied_by',
    'closed_at', 'created_at', 'updated_at',
  ])

  const passwordHash = await hashPassword(BENCH_PASSWORD)
  const created = iso(Date.UTC(firstYear - 1, 11, 1))
  const settingsJson = JSON.stringify({})

  // ---- Vocabulary prepared once
  const templates = { regular: loadAgendaTemplate('regular'), thematic: loadAgendaTemplate('thematic'), extraordinary: loadAgendaTemplate('extraordinary') }
  const templateBodies = new Map<unknown, Doc>()
  for (const t of Object.values(templates)) for (const item of t.items) if (item.body?.length) templateBodies.set(item, mkDoc(item.body))
  const gistDocs = GISTS.map((g) => mkDoc([g]))
  const conclusionDocs = CONCLUSIONS.map((g) => mkDoc([g]))
  const nextTasksConclusion = mkDoc(['Giao các đồng chí được phân công hoàn thành nhiệm vụ đúng thời hạn; chi ủy theo dõi, đôn đốc.'])
  const contributionDocs = GISTS.slice(0, 4).map((g) => mkDoc([`Tham luận: ${g}`]))
  const rubricJson = JSON.stringify(DEFAULT_RUBRIC)
  const minRegular = minimumMinutes('regular', DEFAULT_ORG_SETTINGS)

  const usedCodes = new Set<string>()
  const verifyCode = () => {
    let code = newVerifyCode(Uint8Array.from({ length: 8 }, () => Math.floor(r.next() * 256)))
    while (usedCodes.has(code)) code = newVerifyCode(Uint8Array.from({ length: 8 }, () => Math.floor(r.next() * 256)))
    usedCodes.add(code)
    return code
  }

  // ---- Organisations
  const top = { id: uuidv7(), name: 'Đảng bộ Khối các cơ quan Trung ương' }
  const topPath = `/${top.id}/`
  const grassroots: { id: string; name: string; path: string; docIds: Map<number, string> }[] = []
  const cells: { id: string; name: string; path: string; g: number }[] = []
  const sampleIds: string[] = []
  let cardSerial = 0
  let totalMeetings = 0
  let signedVersions = 0
  const expected: ScaleResult['expected'] = {}
  const signBenchIds: string[] = []
  const remarkPool: { cellId: string; meetingId: string; startsAt: string }[] = []
  let benchMemberUserId = ''

  c.transaction(() => {
    insOrg(top.id, null, 'upper', top.name, 'ĐBK', 'Hà Nội', topPath, 0, settingsJson, created, created)
    for (let g = 0; g < nOrgs; g++) {
      const id = uuidv7()
      const agency = AGENCIES[g % AGENCIES.length]
      const name = `Đảng bộ ${agency}${g >= AGENCIES.length ? ` (khối ${Math.floor(g / AGENCIES.length) + 1})` : ''}`
      const path = `${topPath}${id}/`
      insOrg(id, top.id, 'grassroots', name, null, null, path, 1, settingsJson, created, created)
      grassroots.push({ id, name, path, docIds: new Map() })
    }
    for (let k = 0; k < nCells; k++) {
      const g = k < nOrgs ? k : r.int(0, nOrgs - 1)
      const id = uuidv7()
      const parent = grassroots[g]
      const name = `Chi bộ ${UNITS[k % UNITS.length]} ${Math.floor(k / UNITS.length) + 1}`
      const path = `${parent.path}${id}/`
      insOrg(id, parent.id, 'cell_sub', name, null, null, path, 2, settingsJson, created, created)
      cells.push({ id, name, path, g })
    }
    // Documents: the Central Committee's resolutions (upper register) and each grass-roots org's yearly resolution.
    const tw = [
      { n: '21-NQ/TW', on: '2022-06-16', t: 'Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII về tăng cường củng cố, xây dựng tổ chức cơ sở đảng' },
      { n: '4-KL/TW', on: '2021-10-30', t: 'Kết luận về xây dựng, chỉnh đốn Đảng và hệ thống chính trị' },
    ]
    for (const d of tw) {
      const id = uuidv7()
      insDocument(id, top.id, 0, d.n.includes('KL') ? 'KL' : 'NQ', d.n, d.on, 'Ban Chấp hành Trung ương', d.t, 'in_force', foldVietnamese(`${d.n} ${d.t}`), created, created)
    }
    grassroots.forEach((gr, g) => {
      for (let y = firstYear; y <= thisYear; y++) {
        const id = uuidv7()
        const title = `Nghị quyết về lãnh đạo thực hiện nhiệm vụ chính trị năm ${y}`
        insDocument(id, gr.id, 1, 'NQ', `${g + 1}-NQ/ĐU`, `${y}-01-10`, gr.name.replace(/^Đảng bộ/, 'Đảng ủy'), title, 'in_force', foldVietnamese(`Nghị quyết ${g + 1}-NQ/ĐU ${title}`), created, created)
        gr.docIds.set(y, id)
      }
    })
  })()

  const docRows = new Map<string, { id: string; docType: 'NQ'; numberText: string; issuedOn: string; issuer: string; title: string }>()
  for (const d of c.prepare('SELECT id, doc_type AS docType, number_text AS numberText, issued_on AS issuedOn, issuer, title FROM documents').all() as { id: string; docType: 'NQ'; numberText: string; issuedOn: string; issuer: string; title: string }[]) {
    docRows.set(d.id, d)
  }
  const docLabel = new Map([...docRows.values()].map((d) => [d.id, citeDocument(d)]))

  // ---- Members per cell: sizes vary 0.4×–1.6× around the mean, at least 3.
  const weights = cells.map(() => 0.4 + r.next() * 1.2)
  const wsum = weights.reduce((a, b) => a + b, 0)
  const sizes = weights.map((w) => Math.max(3, Math.floor((w / wsum) * nMembers)))
  let diff = nMembers - sizes.reduce((a, b) => a + b, 0)
  for (let k = 0; diff !== 0; k = (k + 1) % sizes.length) {
    if (diff > 0) {
      sizes[k]++
      diff--
    } else if (sizes[k] > 3) {
      sizes[k]--
      diff++
    }
  }

  const userRow = (username: string, displayName: string, memberId: string | null, isAdmin = false) => {
    const id = uuidv7()
    insUser(id, username, displayName, foldVietnamese(displayName), passwordHash, memberId, isAdmin ? 1 : 0, created, created, created)
    return id
  }
  const grant = (userId: string, orgId: string, role: string) => insGrant(uuidv7(), userId, orgId, role, created)

  /** Creates one cell's members and accounts (inside the caller's transaction). */
  function makeCell(k: number): Cell {
    const cell = cells[k]
    const list: Member[] = []
    for (let i = 0; i < sizes[k]; i++) {
      const leader = i < 3
      const status = !leader && r.chance(0.03) ? 'probationary' : 'official'
      const input = memberInput(r, { status }, today)
      if (leader && input.joinedOn && input.joinedOn > `${firstYear - 2}-01-01`) {
        input.joinedOn = `${firstYear - 3}-0${r.int(1, 9)}-1${r.int(0, 9)}`
        input.officialOn = `${firstYear - 2}${input.joinedOn.slice(4)}`
      }
      const position = i === 0 ? 'secretary' : i === 1 ? 'deputy' : i === 2 && sizes[k] >= 7 ? 'committee' : 'member'
      const ended = !leader && r.chance(0.01)
      const endedOn = ended ? iso(Date.parse(`${firstYear}-01-01`) + r.next() * (now.getTime() - Date.parse(`${firstYear}-01-01`))).slice(0, 10) : null
      const suspended = !leader && !ended && r.chance(0.002)
      const m: Member = {
        id: uuidv7(),
        fullName: input.fullName,
        searchName: foldVietnamese(input.fullName),
        joinedOn: input.joinedOn ?? null,
        officialOn: input.officialOn ?? null,
        endedOn,
        suspended,
        position,
        periods: [],
      }
      cardSerial++
      insMember(
        m.id, cell.id, m.fullName, m.searchName, input.gender, input.birthDate, input.status, m.joinedOn, m.officialOn, position,
        `${pad2((cardSerial % 99) + 1)}.${String(100000 + cardSerial).padStart(6, '0')}`, suspended ? 1 : 0, suspended ? 'Đình chỉ sinh hoạt trong thời gian xem xét kỷ luật' : null,
        endedOn, ended ? 'moved' : null, created, created,
      )
      if (!leader && !ended) {
        if (r.chance(0.02)) {
          const startsOn = `${r.int(firstYear, thisYear)}-${pad2(r.int(1, 12))}-01`
          m.periods.push({ kind: 'exempt', startsOn, endsOn: null })
          insPeriod(uuidv7(), m.id, 'exempt', startsOn, null, 'Tuổi cao, sức yếu', created)
        } else if (r.chance(0.012)) {
          const y = r.int(firstYear, thisYear)
          const mo = r.int(1, 7)
          const startsOn = `${y}-${pad2(mo)}-01`
          const endsOn = `${y}-${pad2(mo + 5)}-28`
          m.periods.push({ kind: 'elsewhere', startsOn, endsOn })
          insPeriod(uuidv7(), m.id, 'elsewhere', startsOn, endsOn, 'Đi công tác dài ngày, sinh hoạt tạm thời tại nơi công tác', created)
        }
      }
      list.push(m)
    }
    const secretary = list[0]
    const deputy = list[1]
    const uname = (role: string) => (k === 0 && role === 'bithu' ? 'bench-secretary' : k === 1 && role === 'bithu' ? 'bench-signer' : `${role}-${k + 1}`)
    const secretaryUserId = userRow(uname('bithu'), secretary.fullName, secretary.id)
    grant(secretaryUserId, cell.id, 'secretary')
    const deputyUserId = userRow(uname('phobithu'), deputy.fullName, deputy.id)
    grant(deputyUserId, cell.id, 'deputy')
    if (k === 0) {
      const plainMember = list.find((m, i) => i >= 3 && !m.endedOn && !m.suspended && m.periods.length === 0 && m.joinedOn && m.joinedOn < periodStart) ?? list[2]
      benchMemberUserId = userRow('bench-member', plainMember.fullName, plainMember.id)
      grant(benchMemberUserId, cell.id, 'member')
    }
    return { id: cell.id, name: cell.name, path: cell.path, grassrootsName: grassroots[cell.g].name, members: list, secretary, deputy, secretaryUserId, deputyUserId, docId: grassroots[cell.g].docIds }
  }

  /** Who belongs to the cell on a day, and how they stand (attendance pre-filling). */
  function standing(m: Member, day: string, recent: boolean): AttendanceStatus | null {
    if (m.joinedOn && m.joinedOn > day) return null
    if (m.endedOn && m.endedOn <= day) return null
    if (m.suspended && recent) return 'suspended'
    for (const p of m.periods) if (p.startsOn <= day && (p.endsOn === null || p.endsOn >= day)) return p.kind
    return 'present'
  }

  type Pending = { meetingId: string; status: string; record: RecordSnapshot; narrative: { key: string; title: string; body: RichText }[]; signedAt: string | null; chairAt: string | null; secretaryAt: string; createdAt: string; hasCriticism: boolean }

  /** One meeting: its rows, and (if held) its record built in memory. */
  function makeMeeting(cell: Cell, type: MeetingType, y: number, month: number, startsMs: number, opts: { topic: string | null; cancelled: boolean; bench?: boolean }): Pending | null {
    const id = uuidv7()
    const startsAt = iso(startsMs)
    const day = startsAt.slice(0, 10)
    const future = startsMs > now.getTime()
    const heldEndMs = startsMs + (95 + r.int(0, 40)) * 60_000
    const ageDays = (now.getTime() - heldEndMs) / DAY
    // Signing times: the minute-taker first, the chair after; 8 % beyond the 7-day limit.
    const late = r.chance(0.08)
    const secretaryAtMs = heldEndMs + (late ? r.int(8, 30) * DAY : r.int(0, 5) * DAY) + r.int(1, 8) * 3_600_000
    const chairAtMs = secretaryAtMs + r.int(1, 20) * 3_600_000
    let status: 'planned' | 'prepared' | 'minutes_draft' | 'signing' | 'signed' | 'cancelled'
    if (opts.bench) status = 'signing'
    else if (opts.cancelled) status = 'cancelled'
    else if (future) status = startsMs - now.getTime() < 7 * DAY ? 'prepared' : 'planned'
    else if (ageDays < 10) status = r.chance(0.5) ? 'minutes_draft' : 'signing'
    // Still waiting for a signature today (a late one in progress).
    else if (chairAtMs > now.getTime()) status = 'signing'
    else status = 'signed'
    const held = ['minutes_draft', 'signing', 'signed'].includes(status)
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
    insMeeting(
      id, cell.id, type, opts.topic, y, month, startsAt, type === 'thematic' ? 120 : 90, place, 'in_person', status, drafter?.id ?? null, type === 'thematic' ? 1 : 0,
      publishedAt, publishedAt ? 'bench' : null, opts.cancelled ? r.pick(['Trùng lịch hội nghị của cấp trên', 'Đa số đảng viên đi công tác', 'Cơ quan tổ chức diễn tập phòng cháy']) : null,
      chair?.id ?? null, minuteTakerId, startedAt, endedAt, conclusion?.json ?? null, createdAt, endedAt ?? createdAt,
    )
    totalMeetings++

    // Agenda from the type's template.
    const tpl = templates[type as 'regular' | 'thematic' | 'extraordinary']
    const people = { chair: chair?.id ?? cell.secretary.id, secretary: cell.secretary.id, drafter: drafter?.id ?? null, minuteTaker: minuteTakerId }
    const items: { id: string; role: string | null; section: string; title: string; presenterMemberId: string | null; presenterName: string | null; body: Doc | null; conclusion: Doc | null; docIds: string[] }[] = []
    tpl.items.forEach((t, i) => {
      const hint = (t.presenter ?? (t.section === 'content' ? 'none' : 'chair')) as PresenterHint
      let presenterMemberId: string | null = null
      let presenterName: string | null = null
      if (hint === 'chair') presenterMemberId = people.chair
      else if (hint === 'secretary') presenterMemberId = people.secretary
      else if (hint === 'drafter') presenterMemberId = people.drafter
      else if (hint === 'minute_taker') {
        if (people.minuteTaker) presenterMemberId = people.minuteTaker
        else presenterName = PRESENTER_HINT_TEXT.minute_taker!
      } else if (hint === 'upper_representative' || hint === 'members') presenterName = PRESENTER_HINT_TEXT[hint]!
      const item = {
        id: uuidv7(),
        role: t.role ?? null,
        section: t.section,
        title: t.title,
        presenterMemberId,
        presenterName,
        body: templateBodies.get(t) ?? null,
        conclusion: held && t.role === 'next_tasks' ? nextTasksConclusion : null,
        docIds: t.role === 'review_last_month' && cell.docId.get(y) ? [cell.docId.get(y)!] : [],
      }
      items.push(item)
      insItem(item.id, id, i + 1, item.section, item.role, item.title, presenterMemberId, presenterName, t.plannedMinutes ?? null, item.body?.json ?? null, item.conclusion?.json ?? null, createdAt, createdAt)
      for (const d of item.docIds) insLink(item.id, d)
    })
    if (!held) return null

    // The record.
    const endIso = endedAt!
    for (const a of att) insAtt(id, a.memberId, a.memberStatus, a.status, a.reason, endIso)
    const names = new Map(cell.members.map((m) => [m.id, m.fullName]))
    const nameOf = (mid: string | null) => (mid ? (names.get(mid) ?? null) : null)
    const guests: { id: string; name: string; title: string | null; unit: string | null; isUpperRep: boolean }[] = []
    if (r.chance(0.25)) {
      const g = { id: uuidv7(), name: vietnameseName(r, r.chance(0.5) ? 'male' : 'female'), title: 'Đảng ủy viên, phụ trách chi bộ', unit: cell.grassrootsName.replace(/^Đảng bộ/, 'Đảng ủy'), isUpperRep: true }
      guests.push(g)
      insGuest(g.id, id, g.name, g.title, g.unit, 1, 0, startsAt)
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
      insSpeech(uuidv7(), id, sp.itemId, s + 1, sp.speakerMemberId, sp.doc.json, at, at)
    }
    // Votes: the monthly resolution, and now and then a two-thirds admission vote.
    const voteItem = byRole('vote') ?? null
    const voters = att.filter((a) => a.memberStatus === 'official' && !['exempt', 'elsewhere', 'suspended'].includes(a.status))
    const denominator = voters.length
    const presentVoters = voters.filter((a) => a.status === 'present').length
    const votes: RecordSnapshot['votes'] = []
    const addVote = (subject: string, kind: 'ordinary' | 'two_thirds', method: 'hands' | 'secret', against: number) => {
      if (denominator === 0) return
      const forCount = Math.max(0, presentVoters - against)
      const v = evaluateVote({ kind, denominator, presentVoters, for: forCount, against: presentVoters - forCount, abstain: 0, allowAbstain: false })
      const passed = v.ok ? v.passed : false
      const at = iso(heldEndMs - (10 - votes.length) * 60_000)
      insVote(uuidv7(), id, voteItem?.id ?? null, subject, kind, method, forCount, presentVoters - forCount, null, denominator, presentVoters, passed ? 1 : 0, '[]', votes.length, at, at)
      votes.push({ subject, kind, method, for: forCount, against: presentVoters - forCount, abstain: null, denominator, presentVoters, passed, sentence: v.ok ? v.sentence : `${forCount}/${denominator} đồng chí tán thành`, reserved: [] })
    }
    addVote(type === 'thematic' ? `Thông qua kết luận buổi sinh hoạt chuyên đề ${monthLabel(y, month)}` : `Thông qua nghị quyết ${monthLabel(y, month)}`, 'ordinary', 'hands', r.chance(0.05) ? 1 : 0)
    if (r.chance(0.04)) addVote(`Đề nghị kết nạp quần chúng ${vietnameseName(r, r.chance(0.5) ? 'male' : 'female')} vào Đảng`, 'two_thirds', 'secret', r.int(0, 2))
    // Tasks.
    const tasks: RecordSnapshot['tasks'] = []
    const nTasks = r.int(1, 3)
    for (let t = 0; t < nTasks; t++) {
      const memberId = present.length && r.chance(0.8) ? r.pick(present).memberId : null
      const text = r.pick(TASKS)
      const dueOn = iso(heldEndMs + 30 * DAY).slice(0, 10)
      const at = iso(heldEndMs - 15 * 60_000 + t * 1000)
      insTask(uuidv7(), cell.id, id, memberId, text, dueOn, ageDays > 45 ? 'done' : 'open', at, at)
      tasks.push({ memberId, memberName: nameOf(memberId), text, dueOn })
    }
    // Quality.
    const scores = { preparation: r.int(10, 15), attendance: r.int(14, 20), conduct: r.int(30, 45), closing: r.int(14, 20) }
    const total = scores.preparation + scores.attendance + scores.conduct + scores.closing
    const level = levelFor(DEFAULT_RUBRIC, total)
    const confirmer = guests.length && r.chance(0.6) ? guests[0] : null
    insQuality(id, rubricJson, JSON.stringify(scores), total, level, confirmer?.id ?? null, confirmer ? endIso : null, endIso)
    // Contributions to a thematic meeting.
    if (type === 'thematic' && present.length) {
      const discussion = byRole('discussion')
      for (let k = r.int(1, 3); k > 0; k--) {
        const author = r.pick(present)
        const status = r.pick(['submitted', 'accepted', 'noted'] as const)
        const sub = iso(startsMs - 2 * DAY)
        insContribution(uuidv7(), id, status === 'accepted' ? (discussion?.id ?? null) : null, author.memberId, `Tham luận: ${opts.topic ?? 'chuyên đề'}`, r.pick(contributionDocs).json, status, sub, status === 'submitted' ? null : iso(startsMs - DAY), sub, sub)
      }
    }

    const sortedAtt = [...att].sort((a, b) => (a.searchName < b.searchName ? -1 : a.searchName > b.searchName ? 1 : a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0))
    const record: RecordSnapshot = {
      schema: 1,
      meeting: {
        id,
        cellId: cell.id,
        cellName: cell.name,
        type,
        title: meetingTitle({ type, topic: opts.topic, periodYear: y, periodMonth: month }),
        startsAt,
        startedAt,
        endedAt,
        place,
        form: 'in_person',
        chairMemberId: chair!.id,
        chairName: nameOf(chair!.id),
        secretaryMemberId: minuteTakerId,
        secretaryName: nameOf(minuteTakerId),
        conclusionText: conclusion!.text,
        conclusion: conclusion!.doc,
      },
      attendance: sortedAtt.map((a) => ({ memberId: a.memberId, name: a.name, memberStatus: a.memberStatus, status: a.status, reason: a.reason })),
      guests: guests.map((g) => ({ id: g.id, name: g.name, title: g.title, unit: g.unit, isUpperRep: g.isUpperRep })),
      items: items.map((i) => ({
        id: i.id,
        section: i.section as 'opening',
        title: i.title,
        presenterName: i.presenterName ?? nameOf(i.presenterMemberId),
        documents: i.docIds.map((d) => ({ id: d, label: docLabel.get(d)! })),
        speeches: speeches
          .filter((s) => s.itemId === i.id)
          .map((s) => ({ speakerMemberId: s.speakerMemberId, speakerGuestId: null, speakerName: `Đ/c ${nameOf(s.speakerMemberId) ?? ''}`, text: s.doc.text, gist: s.doc.doc })),
        conclusionText: i.conclusion?.text ?? '',
        conclusion: i.conclusion?.doc ?? null,
      })),
      votes,
      tasks,
      quality: { total, level, scores, confirmedBy: confirmer?.name ?? null },
      criticism: { summary: [], items: [] },
    } as RecordSnapshot
    const signed = status === 'signed'
    return {
      meetingId: id,
      status,
      record,
      narrative: [],
      signedAt: signed ? iso(chairAtMs) : null,
      chairAt: signed ? iso(chairAtMs) : null,
      secretaryAt: iso(signed ? secretaryAtMs : Math.min(heldEndMs + 3_600_000, now.getTime())),
      createdAt: iso(Math.min(heldEndMs + 1_800_000, now.getTime())),
      hasCriticism: false,
    }
  }

  /** Criticism items raised at a meeting (a few per cell-year), rows only; the snapshot reads them back. */
  function addCriticism(cell: Cell, p: Pending) {
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
      insCriticism(
        uuidv7(), cell.id, p.meetingId, item?.id ?? null, 'member', subject.memberId, self ? 'self' : 'peer', raiser.memberId, r.pick(['G4', 'G5', 'G7'] as const),
        r.pick(['Chậm hoàn thành báo cáo được giao', 'Chưa tham gia đầy đủ sinh hoạt chi bộ', 'Chưa thực sự gương mẫu trong thực hiện quy chế cơ quan']),
        'Do chủ quan, chưa sắp xếp công việc hợp lý', 'accepted', 'Khắc phục ngay trong tháng tới', iso(Date.parse(at) + 60 * DAY).slice(0, 10), cell.secretary.id,
        resolved ? 'resolved' : 'open', summary, at, at,
      )
    }
    p.hasCriticism = true
  }

  // ---- Cells, in batches of `batchCells` per transaction
  const userOfMember = new Map<string, string>()
  const processCell = (k: number) => {
    const cell = makeCell(k)
    userOfMember.set(cell.secretary.id, cell.secretaryUserId)
    userOfMember.set(cell.deputy.id, cell.deputyUserId)
    const exp: ScaleResult['expected'][string] = {}
    const pendings: Pending[] = []
    for (let y = firstYear; y <= thisYear; y++) {
      const e = { regular: 0, thematic: 0, missed: 0, cancelled: 0 }
      exp[y] = e
      const yearHeld: Pending[] = []
      for (let month = 1; month <= 12; month++) {
        const missed = r.chance(0.03)
        const regularMs = Date.UTC(y, month - 1, r.int(3, 8), MEETING_UTC_HOUR)
        if (missed && regularMs < now.getTime()) e.missed++
        else {
          const cancelled = regularMs < now.getTime() && r.chance(0.02)
          if (cancelled) e.cancelled++
          const p = makeMeeting(cell, 'regular', y, month, regularMs, { topic: null, cancelled })
          e.regular++
          if (p) {
            pendings.push(p)
            yearHeld.push(p)
          }
        }
        if ((DEFAULT_ORG_SETTINGS.thematicMonths as number[]).includes(month)) {
          const ms = Date.UTC(y, month - 1, r.int(15, 24), MEETING_UTC_HOUR)
          const cancelled = ms < now.getTime() && r.chance(0.02)
          if (cancelled) e.cancelled++
          const p = makeMeeting(cell, 'thematic', y, month, ms, { topic: THEMATIC_TOPICS[(y * 4 + month) % THEMATIC_TOPICS.length], cancelled })
          e.thematic++
          if (p) {
            pendings.push(p)
            yearHeld.push(p)
          }
        }
      }
      // A few criticism items per cell-year, at held meetings.
      for (let j = Math.min(yearHeld.length, r.int(1, 3)); j > 0; j--) addCriticism(cell, r.pick(yearHeld))
    }
    if (k === 1) {
      for (let b = 0; b < signBench; b++) {
        const ms = now.getTime() - (200 - (b % 150)) * DAY + b * 60_000
        const d = new Date(ms)
        const p = makeMeeting(cell, 'extraordinary', d.getUTCFullYear(), d.getUTCMonth() + 1, ms, { topic: `Biểu quyết nội dung phát sinh số ${b + 1}`, cancelled: false, bench: true })
        if (p) {
          pendings.push(p)
          signBenchIds.push(p.meetingId)
        }
      }
    }
    expected[cell.id] = exp

    // Minutes: narrative, frozen version, signatures, chain (by signing time).
    for (const p of pendings) {
      if (p.hasCriticism) {
        p.record.criticism = { summary: publicCriticismSummary(db, p.meetingId).map((x) => x.publicSummary), items: criticismSnapshot(db, p.meetingId).items as unknown[] }
        if (sampleIds.length < 400) sampleIds.push(p.meetingId)
      }
      p.narrative = draftNarrative(p.record, { minMinutes: minRegular }).map((s) => ({ key: s.key, title: s.title, body: docFromParagraphs(s.paragraphs) }))
      insMinutes(p.meetingId, JSON.stringify(p.narrative), p.createdAt)
    }
    if (sampleIds.length < 400 && pendings.length) sampleIds.push(pendings[r.int(0, pendings.length - 1)].meetingId)
    const chair = cell.secretary
    // minutes_draft meetings have a narrative but no version yet.
    const versions = pendings.filter((p) => p.status === 'signed' || p.status === 'signing')
    const chained = versions.filter((p) => p.status === 'signed').sort((a, b) => (a.signedAt! < b.signedAt! ? -1 : a.signedAt! > b.signedAt! ? 1 : 0))
    const seqOf = new Map(chained.map((p, i) => [p.meetingId, i + 1]))
    let prevSeal: string | null = null
    const sealed = new Map<string, { seq: number; prev: string | null; seal: string }>()
    const sigsOf = new Map<string, { role: 'chair' | 'secretary'; memberId: string; signerName: string; signedAt: string }[]>()
    const hashes = new Map<string, { snapshot: string; hash: string }>()
    for (const p of versions) {
      const snapshot = canonicalJson({ record: p.record, narrative: p.narrative })
      hashes.set(p.meetingId, { snapshot, hash: sha256Hex(snapshot) })
      const secretaryId = p.record.meeting.secretaryMemberId!
      const sigs = [{ role: 'secretary' as 'chair' | 'secretary', memberId: secretaryId, signerName: cell.members.find((m) => m.id === secretaryId)!.fullName, signedAt: p.secretaryAt }]
      if (p.status === 'signed') sigs.unshift({ role: 'chair', memberId: chair.id, signerName: chair.fullName, signedAt: p.chairAt! })
      sigsOf.set(p.meetingId, sigs)
    }
    for (const p of chained) {
      const seq = seqOf.get(p.meetingId)!
      const seal = sealOf({ hash: hashes.get(p.meetingId)!.hash, prevSeal, chainSeq: seq, signatures: sigsOf.get(p.meetingId)! })
      sealed.set(p.meetingId, { seq, prev: prevSeal, seal })
      prevSeal = seal
    }
    for (const p of versions) {
      const h = hashes.get(p.meetingId)!
      const s = sealed.get(p.meetingId)
      const vid = uuidv7()
      insVersion(vid, p.meetingId, cell.id, 1, s ? 'signed' : 'pending', h.snapshot, h.hash, s?.prev ?? null, s?.seal ?? null, s?.seq ?? null, verifyCode(), 'bench', p.createdAt, s ? p.signedAt : null)
      if (s) signedVersions++
      for (const sig of sigsOf.get(p.meetingId)!) {
        const userId = sig.memberId === chair.id ? cell.secretaryUserId : (userOfMember.get(sig.memberId) ?? ensureUser(sig.memberId, sig.signerName, cell.id))
        insSignature(uuidv7(), vid, sig.role, sig.memberId, userId, sig.signerName, sig.signedAt, 'password')
      }
      if (s && remarkPool.length < 20000 && r.chance(0.05)) remarkPool.push({ cellId: cell.id, meetingId: p.meetingId, startsAt: p.record.meeting.startsAt })
    }
  }
  /** A member who takes the minutes without an account yet gets one (signatures need a user). */
  const ensureUser = (memberId: string, name: string, cellId: string) => {
    const id = userRow(`thuky-${memberId.slice(-12)}`, name, memberId)
    grant(id, cellId, 'member')
    userOfMember.set(memberId, id)
    return id
  }

  const tGen = Date.now()
  for (let k = 0; k < nCells; k += batchCells) {
    c.transaction(() => {
      for (let j = k; j < Math.min(nCells, k + batchCells); j++) processCell(j)
    })()
    bar.update('Tạo dữ liệu', Math.min(nCells, k + batchCells), nCells, `chi bộ · ${totalMeetings} buổi`)
  }

  // ---- Accounts for the bench, and the upper body's inspection remarks
  let inspectorId = ''
  c.transaction(() => {
    inspectorId = userRow('bench-inspector', 'Nguyễn Văn Kiểm', null)
    grant(inspectorId, top.id, 'inspector')
    const orgInspector = userRow('bench-org-inspector', 'Trần Thị Sát', null)
    grant(orgInspector, grassroots[0].id, 'inspector')
    userRow('bench-admin', 'Quản trị hệ thống', null, true)
    for (let i = 0; i < nRemarks && remarkPool.length; i++) {
      const target = remarkPool[Math.floor(r.next() * remarkPool.length)]
      const signedAt = iso(Date.parse(target.startsAt) + r.int(20, 60) * DAY)
      if (signedAt > nowIso) continue
      const status = r.pick(['open', 'answered', 'closed', 'closed'] as RemarkStatus[])
      const replied = status !== 'open' ? iso(Date.parse(signedAt) + r.int(3, 15) * DAY) : null
      insRemark(
        uuidv7(), target.cellId, target.meetingId, inspectorId, 'Nguyễn Văn Kiểm', 'Ủy ban Kiểm tra Đảng ủy Khối', r.pick(REMARKS), 'Chi bộ rà soát, khắc phục và báo cáo bằng văn bản.',
        iso(Date.parse(signedAt) + 30 * DAY).slice(0, 10), status, signedAt, replied ? 'Chi bộ đã tiếp thu, rút kinh nghiệm và khắc phục.' : null, replied, replied ? 'bench' : null,
        status === 'closed' ? replied : null, signedAt, replied ?? signedAt,
      )
    }
  })()
  const genSeconds = (Date.now() - tGen) / 1000
  bar.line(`Đã tạo ${nCells} chi bộ, ${totalMeetings} buổi sinh hoạt, ${signedVersions} biên bản đã ký (${genSeconds.toFixed(1)} s, ${((genSeconds * 1e6) / Math.max(1, totalMeetings)).toFixed(0)} µs/buổi).`)

  // ---- Search index, in bulk
  const tSearch = Date.now()
  fillSearchIndex(c, nowIso, (label, done, total) => bar.update(label, done, total))
  for (const [k, i] of deferred.entries()) {
    bar.update('Tạo chỉ mục CSDL'.padEnd(24), k, deferred.length, i.name)
    c.exec(i.sql)
  }
  for (const t of triggers) c.exec(t.sql)
  const searchSeconds = (Date.now() - tSearch) / 1000
  bar.line(`Đã lập chỉ mục tìm kiếm (${searchSeconds.toFixed(1)} s).`)

  c.pragma('synchronous = FULL')
  c.pragma('wal_checkpoint(TRUNCATE)')
  c.close()
  return {
    file,
    orgs: nOrgs,
    cells: nCells,
    members: nMembers,
    meetings: totalMeetings,
    signedVersions,
    rows,
    expected,
    signBench: { cellId: cells[Math.min(1, cells.length - 1)].id, meetingIds: signBenchIds },
    seconds: { total: (Date.now() - t0) / 1000, generate: genSeconds, search: searchSeconds },
    sample: sampleIds,
  }
}

// ---------------------------------------------------------------------------------------------
// Search index in bulk: the rows app/models/search.server.ts's Indexer writes, by INSERT … SELECT.

type Narrative = { title?: string; body?: unknown }[]
function narrativeText(sections: unknown): string {
  if (!Array.isArray(sections)) return ''
  return (sections as Narrative)
    .map((s) => [s.title ?? '', plain(s.body)].filter(Boolean).join('\n'))
    .filter(Boolean)
    .join('\n\n')
}
const lowerFirst = (s: string) => (s ? s[0].toLocaleLowerCase('vi') + s.slice(1) : s)

/** Memoises a text function: agenda titles, template bodies, meeting titles and scopes repeat millions of times. */
function memo<T>(fn: (key: string) => T, max = 50_000): (key: string) => T {
  let cache = new Map<string, T>()
  return (key) => {
    let v = cache.get(key)
    if (v === undefined) {
      v = fn(key)
      if (cache.size >= max) cache = new Map()
      cache.set(key, v)
    }
    return v
  }
}

export function fillSearchIndex(c: Database.Database, nowIso: string, progress: (label: string, done: number, total: number) => void = () => {}) {
  const title = memo((key: string) => {
    const [type, topic, y, m] = JSON.parse(key) as [MeetingType, string | null, number, number]
    return meetingTitle({ type, topic, periodYear: y, periodMonth: m })
  })
  const plainOf = memo((json: string) => plain(JSON.parse(json)), 5_000)
  const fold = memo((text: string) => foldText(text), 20_000)
  const scope = memo((path: string) => scopeText(path))
  c.function('scb_title', { deterministic: true }, (type: unknown, topic: unknown, y: unknown, m: unknown) => title(JSON.stringify([type, topic ?? null, Number(y), Number(m)])))
  c.function('scb_plain', { deterministic: true }, (json: unknown) => (json ? plainOf(json as string) : ''))
  c.function('scb_narrative', { deterministic: true }, (json: unknown) => (json ? narrativeText(JSON.parse(json as string)) : ''))
  c.function('scb_fold', { deterministic: true }, (text: unknown) => (String(text ?? '').length < 400 ? fold(String(text ?? '')) : foldText(String(text ?? ''))))
  c.function('scb_scope', { deterministic: true }, (path: unknown) => scope(String(path)))
  c.function('scb_lower_first', { deterministic: true }, (s: unknown) => lowerFirst(String(s ?? '')))
  c.function('scb_date_short', { deterministic: true }, (s: unknown) => (s ? formatUiDateShort(String(s)) : ''))
  c.function('scb_cite', { deterministic: true }, (docType: unknown, numberText: unknown, issuedOn: unknown, issuer: unknown, title: unknown) =>
    citeDocument({ docType: docType as 'NQ', numberText: numberText as string | null, issuedOn: issuedOn as string | null, issuer: issuer as string, title: title as string }),
  )
  c.function('scb_remark_status', { deterministic: true }, (s: unknown) => REMARK_STATUS_LABELS[s as RemarkStatus] ?? String(s))
  c.function('scb_period', { deterministic: true }, (from: unknown, to: unknown) =>
    from && to ? ` từ ${formatUiDateShort(String(from))} đến ${formatUiDateShort(String(to))}` : from ? ` từ ${formatUiDateShort(String(from))}` : '',
  )
  const cols = '(kind, ref_id, variant, org_id, meeting_id, gate, owner_id, title, subtitle, keywords, body, shown_at, indexed_at)'
  const published = `CASE WHEN m.published_at IS NOT NULL AND m.status <> 'planned' THEN 'published' ELSE 'unpublished' END`
  const steps: [string, string][] = [
    [
      'agenda',
      `INSERT INTO search_docs ${cols}
       SELECT 'agenda', a.id, '', m.cell_id, m.id, ${published}, NULL, a.title, scb_title(m.type, m.topic, m.period_year, m.period_month), '', scb_plain(a.body), m.starts_at, @now
       FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.rowid BETWEEN @lo AND @hi`,
    ],
    [
      'minutes-signed',
      `INSERT INTO search_docs ${cols}
       SELECT 'minutes', m.id, 'signed', m.cell_id, m.id, '', NULL, 'Biên bản ' || scb_lower_first(scb_title(m.type, m.topic, m.period_year, m.period_month)),
              CASE WHEN v.signed_at IS NOT NULL THEN 'Đã ký ngày ' || scb_date_short(v.signed_at) ELSE 'Đã ký' END, '', scb_narrative(json_extract(v.snapshot, '$.narrative')), m.starts_at, @now
       FROM minutes_versions v JOIN meetings m ON m.id = v.meeting_id WHERE v.status = 'signed' AND v.rowid BETWEEN @lo AND @hi`,
    ],
    [
      'minutes-draft',
      `INSERT INTO search_docs ${cols}
       SELECT 'minutes', m.id, 'draft', m.cell_id, m.id, '', NULL, 'Biên bản ' || scb_lower_first(scb_title(m.type, m.topic, m.period_year, m.period_month)),
              CASE WHEN m.status = 'signed' AND v.meeting_id IS NOT NULL THEN (CASE WHEN v.signed_at IS NOT NULL THEN 'Đã ký ngày ' || scb_date_short(v.signed_at) ELSE 'Đã ký' END)
                   WHEN v.meeting_id IS NOT NULL THEN 'Đang lập bản đính chính' WHEN m.status = 'signing' THEN 'Đang chờ ký' ELSE 'Đang soạn, chưa ký' END,
              '', CASE WHEN json_array_length(n.sections) > 0 THEN scb_narrative(n.sections) ELSE coalesce(scb_narrative(json_extract(v.snapshot, '$.narrative')), '') END, m.starts_at, @now
       FROM minutes n JOIN meetings m ON m.id = n.meeting_id
       LEFT JOIN minutes_versions v ON v.meeting_id = m.id AND v.status = 'signed'
       WHERE (v.meeting_id IS NOT NULL OR json_array_length(n.sections) > 0) AND n.rowid BETWEEN @lo AND @hi`,
    ],
    [
      'document',
      `INSERT INTO search_docs ${cols}
       SELECT 'document', d.id, '', d.org_id, d.meeting_id, d.status, NULL, d.title, scb_cite(d.doc_type, d.number_text, d.issued_on, d.issuer, d.title),
              scb_cite(d.doc_type, d.number_text, d.issued_on, d.issuer, d.title), scb_plain(d.body), coalesce(d.issued_on, d.created_at), @now
       FROM documents d WHERE d.rowid BETWEEN @lo AND @hi`,
    ],
    [
      'contribution',
      `INSERT INTO search_docs ${cols}
       SELECT 'contribution', x.id, '', m.cell_id, m.id, x.status, x.member_id, x.title, mb.full_name || ' — ' || scb_title(m.type, m.topic, m.period_year, m.period_month), '',
              scb_plain(x.body), coalesce(x.submitted_at, x.updated_at), @now
       FROM contributions x JOIN members mb ON mb.id = x.member_id JOIN meetings m ON m.id = x.meeting_id WHERE x.rowid BETWEEN @lo AND @hi`,
    ],
    [
      'remark',
      `INSERT INTO search_docs ${cols}
       SELECT 'remark', x.id, '', x.org_id, x.meeting_id, x.status, x.inspector_user_id,
              CASE WHEN m.id IS NOT NULL THEN 'Nhận xét kiểm tra: ' || scb_title(m.type, m.topic, m.period_year, m.period_month) ELSE 'Nhận xét kiểm tra' || scb_period(x.period_from, x.period_to) END,
              CASE WHEN x.inspector_body IS NOT NULL AND x.inspector_body <> '' THEN x.inspector_name || ', ' || x.inspector_body ELSE x.inspector_name END || ' · ' || scb_remark_status(x.status), '',
              x.remarks || CASE WHEN x.requested_fixes IS NOT NULL AND x.requested_fixes <> '' THEN char(10) || 'Yêu cầu khắc phục: ' || x.requested_fixes ELSE '' END
                        || CASE WHEN x.reply IS NOT NULL AND x.reply <> '' THEN char(10) || 'Trả lời của chi bộ: ' || x.reply ELSE '' END,
              coalesce(x.signed_at, x.created_at), @now
       FROM inspection_remarks x LEFT JOIN meetings m ON m.id = x.meeting_id WHERE x.rowid BETWEEN @lo AND @hi`,
    ],
  ]
  const sourceOf: Record<string, string> = {
    agenda: 'agenda_items',
    'minutes-signed': 'minutes_versions',
    'minutes-draft': 'minutes',
    document: 'documents',
    contribution: 'contributions',
    remark: 'inspection_remarks',
  }
  c.exec(`INSERT INTO search_index (search_index) VALUES ('delete-all'); DELETE FROM search_docs; DELETE FROM search_queue;`)
  const fts = c.prepare(
    `INSERT INTO search_index (rowid, title, body, scope)
     SELECT d.id, scb_fold(d.title || char(10) || d.keywords), scb_fold(d.body), scb_scope(o.path)
     FROM search_docs d JOIN organizations o ON o.id = d.org_id WHERE d.id > ? AND d.id <= ?`,
  )
  const STEP = 200_000
  for (const [label, insertSql] of steps) {
    const stmt = c.prepare(insertSql)
    const { lo, hi } = c.prepare(`SELECT coalesce(min(rowid), 0) AS lo, coalesce(max(rowid), -1) AS hi FROM ${sourceOf[label]}`).get() as { lo: number; hi: number }
    for (let from = lo; from <= hi; from += STEP) {
      c.transaction(() => {
        const before = (c.prepare('SELECT coalesce(max(id), 0) AS n FROM search_docs').get() as { n: number }).n
        stmt.run({ lo: from, hi: from + STEP - 1, now: nowIso })
        const after = (c.prepare('SELECT coalesce(max(id), 0) AS n FROM search_docs').get() as { n: number }).n
        fts.run(before, after)
      })()
      progress(`Chỉ mục: ${label}`.padEnd(24), Math.min(hi, from + STEP - 1) - lo + 1, hi - lo + 1)
    }
  }
  c.exec(`INSERT INTO search_index (search_index) VALUES ('optimize')`)
}

/** For scripts: open the generated file the way the app does. */
export function openScaleDatabase(file: string): DB {
  return openDatabase(file)
}

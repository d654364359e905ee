// Criticism and self-criticism (DOMAIN §8), pure rules: the status machine, who may write and
// verify, follow-ups and the manifestation reference list. The form schemas are in ./criticism.schema,
// so the pages members read can import these rules without shipping zod to the browser.
import {
  CRITICISM_OUTCOMES,
  CRITICISM_RESPONSES,
  CRITICISM_STATUS_LABELS,
  type CriticismCategory,
  type CriticismStatus,
} from './constants'
import type { Actor, Grant } from './permissions'

export type CriticismSubjectKind = 'member' | 'cell' | 'committee'
export const CRITICISM_SUBJECT_LABELS: Record<Exclude<CriticismSubjectKind, 'member'>, string> = {
  cell: 'Chi bộ (tập thể)',
  committee: 'Chi ủy (tập thể)',
}
export type CriticismOutcome = (typeof CRITICISM_OUTCOMES)[number]
export type CriticismResponse = (typeof CRITICISM_RESPONSES)[number]

/** The groups of NQ 04-NQ/TW whose nine manifestations each are loaded as reference data. */
export const MANIFESTATION_GROUPS = ['G1', 'G2', 'G3'] as const satisfies readonly CriticismCategory[]
export type ManifestationGroup = (typeof MANIFESTATION_GROUPS)[number]
export function hasManifestations(category: string): category is ManifestationGroup {
  return (MANIFESTATION_GROUPS as readonly string[]).includes(category)
}

// ---------------------------------------------------------------------------------------------
// Status machine: mở → đang khắc phục → đã khắc phục → đã xác nhận; or → chuyển kiểm tra.

/** Not finished: these resurface in the next meetings' agenda and count as "chưa khắc phục xong". */
export const UNRESOLVED_STATUSES = ['open', 'in_progress', 'resolved'] as const satisfies readonly CriticismStatus[]
/** Still being remedied: a past deadline makes these overdue. */
export const ACTIVE_STATUSES = ['open', 'in_progress'] as const satisfies readonly CriticismStatus[]

export const CRITICISM_TRANSITIONS: Record<CriticismStatus, readonly CriticismStatus[]> = {
  open: ['in_progress', 'resolved', 'referred'],
  in_progress: ['resolved', 'referred'],
  // The cell may find the remedy insufficient and send it back.
  resolved: ['verified', 'in_progress', 'referred'],
  verified: [],
  referred: [],
}
/** Moves only the bí thư / phó bí thư may make. */
export const VERIFIER_ONLY_STATUSES: readonly CriticismStatus[] = ['verified']

export type TransitionCheck = { ok: true } | { ok: false; message: string }

/** Is `from → to` allowed for this person? The message says why not and what to do instead. */
export function checkTransition(from: CriticismStatus, to: CriticismStatus, opts: { canVerify: boolean }): TransitionCheck {
  const fromLabel = CRITICISM_STATUS_LABELS[from]
  const toLabel = CRITICISM_STATUS_LABELS[to]
  if (from === to) return { ok: false, message: `Nội dung này đã ở trạng thái "${toLabel}".` }
  if (from === 'verified') {
    return { ok: false, message: 'Nội dung đã được chi bộ xác nhận khắc phục xong nên không đổi trạng thái được nữa. Nếu tái phạm, hãy ghi một nội dung mới.' }
  }
  if (from === 'referred') {
    return { ok: false, message: 'Nội dung đã chuyển cơ quan kiểm tra xem xét nên chi bộ không đổi trạng thái được nữa.' }
  }
  if (!CRITICISM_TRANSITIONS[from].includes(to)) {
    if (to === 'verified') {
      return { ok: false, message: `Chỉ xác nhận được nội dung đã khắc phục; nội dung đang ở trạng thái "${fromLabel}". Hãy ghi nhận "Đã khắc phục" trước.` }
    }
    if (to === 'open') return { ok: false, message: `Không thể đưa nội dung đang ở trạng thái "${fromLabel}" về trạng thái "Mở".` }
    return { ok: false, message: `Không thể chuyển từ "${fromLabel}" sang "${toLabel}".` }
  }
  if (VERIFIER_ONLY_STATUSES.includes(to) && !opts.canVerify) {
    return { ok: false, message: 'Chỉ Bí thư hoặc Phó Bí thư chi bộ mới được xác nhận nội dung đã khắc phục xong.' }
  }
  return { ok: true }
}

/** The moves to offer as buttons. */
export function nextStatuses(from: CriticismStatus, opts: { canVerify: boolean }): CriticismStatus[] {
  return CRITICISM_TRANSITIONS[from].filter((to) => checkTransition(from, to, opts).ok)
}

export function isUnresolved(status: CriticismStatus): boolean {
  return (UNRESOLVED_STATUSES as readonly string[]).includes(status)
}

/** Past its deadline and not remedied yet. `today` is 'YYYY-MM-DD' in Hà Nội. */
export function isOverdue(item: { status: CriticismStatus; dueOn: string | null }, today: string): boolean {
  return item.dueOn !== null && item.dueOn < today && (ACTIVE_STATUSES as readonly string[]).includes(item.status)
}

// ---------------------------------------------------------------------------------------------
// Who may write. Reading is scoped inside the queries (app/models/criticism.server.ts).

const WRITER_ROLES = ['secretary', 'deputy', 'committee'] as const
const VERIFIER_ROLES = ['secretary', 'deputy'] as const

function cellGrant(grants: Grant[], cellPath: string, roles: readonly string[]): boolean {
  return grants.some((g) => g.orgPath === cellPath && roles.includes(g.role))
}

/** Bí thư, phó bí thư and chi ủy viên of this very cell record items; inspectors and admins only read. */
export function canWriteCriticism(actor: Actor, cellPath: string): boolean {
  return cellGrant(actor.grants, cellPath, WRITER_ROLES)
}

/** "Đã xác nhận" is the bí thư's or phó bí thư's word. */
export function canVerifyCriticism(actor: Actor, cellPath: string): boolean {
  return cellGrant(actor.grants, cellPath, VERIFIER_ROLES)
}

// ---------------------------------------------------------------------------------------------
// Fields recorded in the minutes: once the minutes are submitted for signature or signed they
// change only through an amendment. The follow-up fields keep moving.
export const MINUTES_FIELDS = [
  'agendaItemId',
  'subjectKind',
  'subjectMemberId',
  'kind',
  'raisedByMemberId',
  'raisedByText',
  'category',
  'manifestationId',
  'description',
  'cause',
  'response',
  'publicSummary',
] as const
export type MinutesField = (typeof MINUTES_FIELDS)[number]
/** Meeting states in which the record is frozen. */
export const FROZEN_MEETING_STATUSES = ['signing', 'signed'] as const

// ---------------------------------------------------------------------------------------------
// The item form's subject select (its zod schema is in ./criticism.schema).

export type { CriticismItemInput, FollowUpInput } from './criticism.schema'

/** The subject select: "cell", "committee" or a member id. */
export function parseSubject(value: string): { subjectKind: CriticismSubjectKind; subjectMemberId: string | null } {
  if (value === 'cell' || value === 'committee') return { subjectKind: value, subjectMemberId: null }
  return { subjectKind: 'member', subjectMemberId: value }
}
export function subjectValue(item: { subjectKind: CriticismSubjectKind; subjectMemberId: string | null }): string {
  return item.subjectKind === 'member' ? (item.subjectMemberId ?? '') : item.subjectKind
}

// ---------------------------------------------------------------------------------------------
// The 27 manifestations (NQ 04-NQ/TW): the admin pastes the official wording, one per line.

export type ParsedLines = { ok: true; lines: string[] } | { ok: false; message: string }
export const MAX_MANIFESTATIONS_PER_GROUP = 20

/**
 * Pasted text → the list of manifestations, in order. Blank lines are skipped and a leading
 * number the source carries ("1.", "2)", "(3)", "4 -") is dropped because the app numbers them;
 * the wording itself is kept exactly as typed (NFC, spaces collapsed).
 */
export function parseManifestationLines(text: string): ParsedLines {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.normalize('NFC').replace(/\s+/g, ' ').trim())
    .map((l) => l.replace(/^(?:\(\d{1,2}\)|\d{1,2}\s*[.):-])\s*/, '').trim())
    .filter((l) => l.length > 0)
  if (lines.length > MAX_MANIFESTATIONS_PER_GROUP) {
    return { ok: false, message: `Mỗi nhóm có tối đa ${MAX_MANIFESTATIONS_PER_GROUP} dòng (Nghị quyết 04-NQ/TW nêu 9 biểu hiện mỗi nhóm); đồng chí đã dán ${lines.length} dòng.` }
  }
  const long = lines.findIndex((l) => l.length > 1000)
  if (long >= 0) return { ok: false, message: `Dòng ${long + 1} quá dài (tối đa 1000 ký tự). Mỗi biểu hiện nằm trên một dòng.` }
  return { ok: true, lines }
}

/** "G1.3" */
export function manifestationCode(group: ManifestationGroup, index: number): string {
  return `${group}.${index + 1}`
}

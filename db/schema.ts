// The database schema. Every table has a UUIDv7 text primary key (ADR 003), timestamps are
// ISO-8601 UTC strings, calendar dates are 'YYYY-MM-DD' strings. Enumerations are `as const`
// arrays shared with zod (app/domain/*) so the database and the forms agree.
import { relations, sql } from 'drizzle-orm'
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import type { JSONContent } from '@tiptap/core'
import { uuidv7 } from 'uuidv7'
import {
  ORG_KINDS,
  ROLES,
  MEMBER_STATUSES,
  MEMBER_POSITIONS,
  GENDERS,
  MEMBERSHIP_END_REASONS,
  MEMBER_PERIOD_KINDS,
  MEETING_TYPES,
  MEETING_STATUSES,
  MEETING_FORMS,
  AGENDA_SECTIONS,
  AGENDA_ITEM_ROLES,
  DOCUMENT_TYPES,
  DOCUMENT_STATUSES,
  TASK_STATUSES,
  CONTRIBUTION_STATUSES,
  ATTENDANCE_STATUSES,
  CRITICISM_KINDS,
  CRITICISM_CATEGORIES,
  CRITICISM_SUBJECT_KINDS,
  CRITICISM_RESPONSES,
  CRITICISM_STATUSES,
  CRITICISM_OUTCOMES,
  MINUTES_VERSION_STATUSES,
  SIGNER_ROLES,
  REMARK_STATUSES,
  TEMPLATE_KINDS,
  type OrgSettings,
} from '../app/domain/constants'

const id = () =>
  text('id')
    .primaryKey()
    .$defaultFn(() => uuidv7())
const createdAt = () =>
  text('created_at')
    .notNull()
    .$defaultFn(() => new Date().toISOString())
const updatedAt = () =>
  text('updated_at')
    .notNull()
    .$defaultFn(() => new Date().toISOString())
/** Optimistic concurrency: every update sets version = version + 1 WHERE version = :seen. */
const version = () => integer('version').notNull().default(1)

// ---------------------------------------------------------------------------------------------
// Organisations
export const organizations = sqliteTable(
  'organizations',
  {
    id: id(),
    parentId: text('parent_id'),
    kind: text('kind', { enum: ORG_KINDS }).notNull(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    /** Place name used in document dates ("Hà Nội, ngày …"). */
    placeName: text('place_name'),
    /** Materialised path of ids, "/root/child/…/self/": a subtree is `path LIKE prefix || '%'`. */
    path: text('path').notNull(),
    depth: integer('depth').notNull().default(0),
    /** Overrides of the inherited settings (only the keys set here). */
    settings: text('settings', { mode: 'json' }).$type<Partial<OrgSettings>>().notNull().default({}),
    archivedAt: text('archived_at'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('organizations_parent_idx').on(t.parentId),
    uniqueIndex('organizations_path_idx').on(t.path),
    index('organizations_kind_idx').on(t.kind),
  ],
)

// ---------------------------------------------------------------------------------------------
// Members
export const members = sqliteTable(
  'members',
  {
    id: id(),
    cellId: text('cell_id')
      .notNull()
      .references(() => organizations.id),
    fullName: text('full_name').notNull(),
    /** Lower-case, diacritics folded (đ → d): used for search and sorting-insensitive matching. */
    searchName: text('search_name').notNull(),
    gender: text('gender', { enum: GENDERS }),
    birthDate: text('birth_date'),
    status: text('status', { enum: MEMBER_STATUSES }).notNull(),
    joinedOn: text('joined_on'),
    officialOn: text('official_on'),
    position: text('position', { enum: MEMBER_POSITIONS }).notNull().default('member'),
    /** Số thẻ đảng viên: the key a re-import matches on. */
    cardNumber: text('card_number'),
    suspended: integer('suspended', { mode: 'boolean' }).notNull().default(false),
    suspendedNote: text('suspended_note'),
    note: text('note'),
    endedOn: text('ended_on'),
    endReason: text('end_reason', { enum: MEMBERSHIP_END_REASONS }),
    endNote: text('end_note'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('members_cell_idx').on(t.cellId, t.endedOn, t.searchName),
    uniqueIndex('members_card_idx')
      .on(t.cardNumber)
      .where(sql`card_number IS NOT NULL`),
  ],
)

/** Exemption (miễn sinh hoạt) and temporary activity elsewhere (sinh hoạt tạm thời), as dated rows. */
export const memberPeriods = sqliteTable(
  'member_periods',
  {
    id: id(),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    kind: text('kind', { enum: MEMBER_PERIOD_KINDS }).notNull(),
    startsOn: text('starts_on').notNull(),
    /** Inclusive; null = open-ended. */
    endsOn: text('ends_on'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [index('member_periods_member_idx').on(t.memberId, t.startsOn)],
)

// ---------------------------------------------------------------------------------------------
// Accounts
export const users = sqliteTable(
  'users',
  {
    id: id(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    /** Folded display name for diacritic-insensitive search ("dinh cong binh"). */
    searchName: text('search_name').notNull().default(''),
    passwordHash: text('password_hash').notNull(),
    memberId: text('member_id').references(() => members.id),
    isSystemAdmin: integer('is_system_admin', { mode: 'boolean' }).notNull().default(false),
    disabledAt: text('disabled_at'),
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    passwordChangedAt: text('password_changed_at'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_username_idx').on(t.username), index('users_member_idx').on(t.memberId)],
)

export const roleGrants = sqliteTable(
  'role_grants',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    role: text('role', { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('role_grants_unique_idx').on(t.userId, t.orgId, t.role),
    index('role_grants_org_idx').on(t.orgId),
  ],
)

export const sessions = sqliteTable(
  'sessions',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    expiresAt: text('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

/** Failed-login counters per key ("u:<username>" or "ip:<address>"). */
export const loginThrottle = sqliteTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: text('window_started_at').notNull(),
  lockedUntil: text('locked_until'),
})

/** Small key/value store for instance settings (e.g. the generated cookie secret). */
export const appSettings = sqliteTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})

// ---------------------------------------------------------------------------------------------
// Audit log: append-only, written in the same transaction as the change it records.
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: id(),
    at: text('at')
      .notNull()
      .$defaultFn(() => new Date().toISOString()),
    userId: text('user_id'),
    username: text('username'),
    ip: text('ip'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    /** Path of the organisation the change belongs to, for scoped reading. */
    orgPath: text('org_path'),
    summary: text('summary').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_log_org_idx').on(t.orgPath, t.at),
    index('audit_log_entity_idx').on(t.entityType, t.entityId, t.at),
  ],
)

// ---------------------------------------------------------------------------------------------
// Meetings and their preparation (issue 3)
export const meetings = sqliteTable(
  'meetings',
  {
    id: id(),
    cellId: text('cell_id')
      .notNull()
      .references(() => organizations.id),
    type: text('type', { enum: MEETING_TYPES }).notNull(),
    /** Topic of a thematic meeting, or a custom title; regular meetings derive theirs from the month. */
    topic: text('topic'),
    /** The month the meeting was planned for (its title: "tháng 02 năm 2026"); compliance counts by the actual date (ADR 007). */
    periodYear: integer('period_year').notNull(),
    periodMonth: integer('period_month').notNull(),
    startsAt: text('starts_at').notNull(),
    plannedMinutes: integer('planned_minutes'),
    place: text('place'),
    form: text('form', { enum: MEETING_FORMS }).notNull().default('in_person'),
    status: text('status', { enum: MEETING_STATUSES }).notNull().default('planned'),
    /** Member assigned to draft the thematic paper (dự thảo chuyên đề). */
    drafterMemberId: text('drafter_member_id').references(() => members.id),
    /** Whether members may submit contributions (always true for thematic meetings). */
    contributionsOpen: integer('contributions_open', { mode: 'boolean' }).notNull().default(false),
    publishedAt: text('published_at'),
    publishedBy: text('published_by'),
    cancelledReason: text('cancelled_reason'),
    /** Original start when moved or postponed, and why. */
    movedFrom: text('moved_from'),
    moveReason: text('move_reason'),
    chairMemberId: text('chair_member_id').references(() => members.id),
    secretaryMemberId: text('secretary_member_id').references(() => members.id),
    startedAt: text('started_at'),
    endedAt: text('ended_at'),
    /** The chair's general conclusion of the meeting (rich text). */
    conclusion: text('conclusion', { mode: 'json' }).$type<JSONContent>(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('meetings_cell_start_idx').on(t.cellId, t.startsAt),
    index('meetings_period_idx').on(t.periodYear, t.periodMonth, t.cellId),
    index('meetings_status_idx').on(t.status),
  ],
)

export const agendaItems = sqliteTable(
  'agenda_items',
  {
    id: id(),
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    section: text('section', { enum: AGENDA_SECTIONS }).notNull(),
    role: text('role', { enum: AGENDA_ITEM_ROLES }),
    title: text('title').notNull(),
    presenterMemberId: text('presenter_member_id').references(() => members.id),
    presenterName: text('presenter_name'),
    plannedMinutes: integer('planned_minutes'),
    body: text('body', { mode: 'json' }).$type<JSONContent>(),
    /** The chair's conclusion on this item (meeting record). */
    conclusion: text('conclusion', { mode: 'json' }).$type<JSONContent>(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('agenda_items_meeting_idx').on(t.meetingId, t.position)],
)

/** Documents register (sổ văn bản): the cell's own resolutions and upper bodies' documents. */
export const documents = sqliteTable(
  'documents',
  {
    id: id(),
    /** The organisation whose register holds it; visible to its subtree (upper documents) or the cell (own). */
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    own: integer('own', { mode: 'boolean' }).notNull().default(false),
    docType: text('doc_type', { enum: DOCUMENT_TYPES }).notNull(),
    numberText: text('number_text'),
    issuedOn: text('issued_on'),
    issuer: text('issuer').notNull(),
    title: text('title').notNull(),
    status: text('status', { enum: DOCUMENT_STATUSES }).notNull().default('in_force'),
    replacedBy: text('replaced_by'),
    body: text('body', { mode: 'json' }).$type<JSONContent>(),
    /** The meeting that adopted a cell resolution. */
    meetingId: text('meeting_id').references(() => meetings.id),
    /** Folded text for diacritic-insensitive search. */
    searchText: text('search_text').notNull().default(''),
    attachmentName: text('attachment_name'),
    attachmentType: text('attachment_type'),
    attachmentSize: integer('attachment_size'),
    attachment: blob('attachment', { mode: 'buffer' }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('documents_org_idx').on(t.orgId, t.issuedOn), index('documents_meeting_idx').on(t.meetingId)],
)

export const agendaItemLinks = sqliteTable(
  'agenda_item_links',
  {
    agendaItemId: text('agenda_item_id')
      .notNull()
      .references(() => agendaItems.id, { onDelete: 'cascade' }),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id),
  },
  (t) => [primaryKey({ columns: [t.agendaItemId, t.documentId] }), index('agenda_item_links_doc_idx').on(t.documentId)],
)

/** The legal-basis table (DOMAIN §9): where every citation in the UI comes from. */
export const legalBasis = sqliteTable('legal_basis', {
  id: id(),
  key: text('key').notNull().unique(),
  numberText: text('number_text').notNull(),
  issuedOn: text('issued_on'),
  issuer: text('issuer').notNull(),
  title: text('title').notNull(),
  status: text('status', { enum: ['in_force', 'replaced', 'reported'] }).notNull().default('in_force'),
  replacedBy: text('replaced_by'),
  note: text('note'),
})

export const tasks = sqliteTable(
  'tasks',
  {
    id: id(),
    cellId: text('cell_id')
      .notNull()
      .references(() => organizations.id),
    meetingId: text('meeting_id').references(() => meetings.id),
    documentId: text('document_id').references(() => documents.id),
    /** Responsible member; null = the whole cell. */
    memberId: text('member_id').references(() => members.id),
    text: text('text').notNull(),
    dueOn: text('due_on'),
    status: text('status', { enum: TASK_STATUSES }).notNull().default('open'),
    resultNote: text('result_note'),
    /** The meeting at which it was reviewed. */
    reviewedMeetingId: text('reviewed_meeting_id').references(() => meetings.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('tasks_cell_idx').on(t.cellId, t.status, t.dueOn), index('tasks_member_idx').on(t.memberId, t.status), index('tasks_meeting_idx').on(t.meetingId)],
)

export const contributions = sqliteTable(
  'contributions',
  {
    id: id(),
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id),
    agendaItemId: text('agenda_item_id').references(() => agendaItems.id, { onDelete: 'set null' }),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    title: text('title').notNull(),
    body: text('body', { mode: 'json' }).$type<JSONContent>(),
    status: text('status', { enum: CONTRIBUTION_STATUSES }).notNull().default('draft'),
    submittedAt: text('submitted_at'),
    reviewedAt: text('reviewed_at'),
    reviewNote: text('review_note'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('contributions_meeting_idx').on(t.meetingId, t.status), index('contributions_member_idx').on(t.memberId)],
)

/** Private calendar feed tokens (hash stored), revocable. */
export const calendarTokens = sqliteTable('calendar_tokens', {
  id: id(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: createdAt(),
  revokedAt: text('revoked_at'),
})

// ---------------------------------------------------------------------------------------------
// The meeting record (issue 4)
export const attendance = sqliteTable(
  'attendance',
  {
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    /** The member's status on the meeting day (snapshot: votes are counted with it). */
    memberStatus: text('member_status', { enum: MEMBER_STATUSES }).notNull(),
    status: text('status', { enum: ATTENDANCE_STATUSES }).notNull(),
    reason: text('reason'),
    arrivedAt: text('arrived_at'),
    version: version(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.memberId] }),
    index('attendance_member_idx').on(t.memberId, t.status),
    // Covering index for the compliance grid's attendance aggregates (docs/performance.md).
    index('attendance_meeting_status_idx').on(t.meetingId, t.status, t.memberId),
  ],
)

export const guests = sqliteTable(
  'guests',
  {
    id: id(),
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    title: text('title'),
    unit: text('unit'),
    isUpperRep: integer('is_upper_rep', { mode: 'boolean' }).notNull().default(false),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('guests_meeting_idx').on(t.meetingId)],
)

export const speeches = sqliteTable(
  'speeches',
  {
    id: id(),
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    agendaItemId: text('agenda_item_id')
      .notNull()
      .references(() => agendaItems.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    speakerMemberId: text('speaker_member_id').references(() => members.id),
    speakerGuestId: text('speaker_guest_id').references(() => guests.id),
    contributionId: text('contribution_id').references(() => contributions.id),
    gist: text('gist', { mode: 'json' }).$type<JSONContent>(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('speeches_item_idx').on(t.agendaItemId, t.position), index('speeches_meeting_idx').on(t.meetingId)],
)

export const votes = sqliteTable(
  'votes',
  {
    id: id(),
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    agendaItemId: text('agenda_item_id').references(() => agendaItems.id, { onDelete: 'set null' }),
    subject: text('subject').notNull(),
    kind: text('kind', { enum: ['ordinary', 'two_thirds'] }).notNull(),
    method: text('method', { enum: ['hands', 'card', 'secret'] }).notNull(),
    forCount: integer('for_count').notNull(),
    againstCount: integer('against_count').notNull(),
    abstainCount: integer('abstain_count'),
    denominator: integer('denominator').notNull(),
    presentVoters: integer('present_voters').notNull(),
    passed: integer('passed', { mode: 'boolean' }).notNull(),
    /** Minority opinions reserved (bảo lưu): [{ memberId, name, text }]. */
    reserved: text('reserved', { mode: 'json' }).$type<{ memberId: string | null; name: string; text: string }[]>().notNull().default([]),
    position: integer('position').notNull().default(0),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('votes_meeting_idx').on(t.meetingId)],
)

export const qualityAssessments = sqliteTable('quality_assessments', {
  meetingId: text('meeting_id')
    .primaryKey()
    .references(() => meetings.id, { onDelete: 'cascade' }),
  /** The rubric used (snapshot), the score per criterion, total and level. */
  rubric: text('rubric', { mode: 'json' }).$type<{ criteria: { key: string; label: string; maxPoints: number }[]; thresholds: { good: number; fair: number; average: number } }>().notNull(),
  scores: text('scores', { mode: 'json' }).$type<Record<string, number>>().notNull(),
  total: real('total').notNull(),
  level: text('level', { enum: ['good', 'fair', 'average', 'poor'] }).notNull(),
  confirmedByGuestId: text('confirmed_by_guest_id').references(() => guests.id),
  confirmedAt: text('confirmed_at'),
  version: version(),
  updatedAt: updatedAt(),
})

// ---------------------------------------------------------------------------------------------
// Criticism and self-criticism (issue 5)
export const manifestations = sqliteTable('manifestations', {
  id: id(),
  category: text('category', { enum: CRITICISM_CATEGORIES }).notNull(),
  code: text('code').notNull(),
  text: text('text').notNull(),
})

export const criticismItems = sqliteTable(
  'criticism_items',
  {
    id: id(),
    cellId: text('cell_id')
      .notNull()
      .references(() => organizations.id),
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id),
    agendaItemId: text('agenda_item_id').references(() => agendaItems.id, { onDelete: 'set null' }),
    subjectKind: text('subject_kind', { enum: CRITICISM_SUBJECT_KINDS }).notNull().default('member'),
    subjectMemberId: text('subject_member_id').references(() => members.id),
    kind: text('kind', { enum: CRITICISM_KINDS }).notNull(),
    raisedByMemberId: text('raised_by_member_id').references(() => members.id),
    raisedByText: text('raised_by_text'),
    category: text('category', { enum: CRITICISM_CATEGORIES }).notNull(),
    manifestationId: text('manifestation_id').references(() => manifestations.id),
    description: text('description').notNull(),
    cause: text('cause'),
    response: text('response', { enum: CRITICISM_RESPONSES }),
    remedy: text('remedy'),
    dueOn: text('due_on'),
    followUpMemberId: text('follow_up_member_id').references(() => members.id),
    status: text('status', { enum: CRITICISM_STATUSES }).notNull().default('open'),
    outcome: text('outcome', { enum: CRITICISM_OUTCOMES }),
    /** The one line the cell decided to record publicly in the minutes; never the confidential fields. */
    publicSummary: text('public_summary'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('criticism_cell_idx').on(t.cellId, t.status),
    index('criticism_subject_idx').on(t.subjectMemberId),
    index('criticism_meeting_idx').on(t.meetingId),
  ],
)

export const criticismFollowups = sqliteTable(
  'criticism_followups',
  {
    id: id(),
    itemId: text('item_id')
      .notNull()
      .references(() => criticismItems.id, { onDelete: 'cascade' }),
    meetingId: text('meeting_id').references(() => meetings.id),
    note: text('note').notNull(),
    statusAfter: text('status_after', { enum: CRITICISM_STATUSES }).notNull(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('criticism_followups_item_idx').on(t.itemId)],
)

// ---------------------------------------------------------------------------------------------
// Minutes, signed versions and the hash chain (issue 5)
export const minutes = sqliteTable('minutes', {
  meetingId: text('meeting_id')
    .primaryKey()
    .references(() => meetings.id, { onDelete: 'cascade' }),
  /** Narrative sections: [{ key, title, body }]. */
  sections: text('sections', { mode: 'json' }).$type<{ key: string; title: string; body: JSONContent }[]>().notNull().default([]),
  version: version(),
  updatedAt: updatedAt(),
})

export const minutesVersions = sqliteTable(
  'minutes_versions',
  {
    id: id(),
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id),
    cellId: text('cell_id')
      .notNull()
      .references(() => organizations.id),
    versionNo: integer('version_no').notNull(),
    status: text('status', { enum: MINUTES_VERSION_STATUSES }).notNull().default('pending'),
    /** Canonical JSON of the whole record at the time of freezing. */
    snapshot: text('snapshot').notNull(),
    hash: text('hash').notNull(),
    /** Seal of the cell's previous signed version (the chain); null for the first. */
    prevHash: text('prev_hash'),
    /** SHA-256 over { hash, prevHash, chainSeq, signatures }: what the next version links to. */
    sealHash: text('seal_hash'),
    /** Position in the cell's chain of signed versions (1, 2, …), set when fully signed. */
    chainSeq: integer('chain_seq'),
    verifyCode: text('verify_code').notNull().unique(),
    amendmentReason: text('amendment_reason'),
    withdrawnReason: text('withdrawn_reason'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    signedAt: text('signed_at'),
  },
  (t) => [
    uniqueIndex('minutes_versions_meeting_no_idx').on(t.meetingId, t.versionNo),
    // The grid reads signed_at without touching the large snapshot column.
    index('minutes_versions_meeting_signed_idx').on(t.meetingId, t.status, t.signedAt),
    index('minutes_versions_cell_chain_idx').on(t.cellId, t.chainSeq),
  ],
)

export const signatures = sqliteTable(
  'signatures',
  {
    id: id(),
    versionId: text('version_id')
      .notNull()
      .references(() => minutesVersions.id),
    role: text('role', { enum: SIGNER_ROLES }).notNull(),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    signerName: text('signer_name').notNull(),
    signedAt: text('signed_at').notNull(),
    method: text('method').notNull().default('password'),
  },
  (t) => [uniqueIndex('signatures_version_role_idx').on(t.versionId, t.role)],
)

// ---------------------------------------------------------------------------------------------
// Document numbers per issuing body × type × committee term (issue 6)
export const committeeTerms = sqliteTable(
  'committee_terms',
  {
    id: id(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    startsOn: text('starts_on').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('committee_terms_org_idx').on(t.orgId, t.startsOn)],
)

export const documentNumbers = sqliteTable(
  'document_numbers',
  {
    id: id(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    termId: text('term_id').notNull(),
    docType: text('doc_type').notNull(),
    number: integer('number').notNull(),
    meetingId: text('meeting_id').references(() => meetings.id),
    documentId: text('document_id').references(() => documents.id),
    allocatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('document_numbers_unique_idx').on(t.orgId, t.termId, t.docType, t.number),
    uniqueIndex('document_numbers_meeting_idx').on(t.meetingId, t.docType),
  ],
)

export const orgTemplates = sqliteTable(
  'org_templates',
  {
    id: id(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    kind: text('kind', { enum: TEMPLATE_KINDS }).notNull(),
    fileName: text('file_name').notNull(),
    content: blob('content', { mode: 'buffer' }).notNull(),
    placeholders: text('placeholders', { mode: 'json' }).$type<string[]>().notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    uploadedBy: text('uploaded_by'),
    createdAt: createdAt(),
  },
  (t) => [index('org_templates_org_idx').on(t.orgId, t.kind)],
)

export const exportJobs = sqliteTable('export_jobs', {
  id: id(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id),
  orgId: text('org_id')
    .notNull()
    .references(() => organizations.id),
  year: integer('year').notNull(),
  status: text('status', { enum: ['queued', 'running', 'done', 'failed'] }).notNull().default('queued'),
  progress: integer('progress').notNull().default(0),
  total: integer('total').notNull().default(0),
  filePath: text('file_path'),
  error: text('error'),
  createdAt: createdAt(),
  finishedAt: text('finished_at'),
})

// ---------------------------------------------------------------------------------------------
// Inspection (issue 7)
export const inspectionRemarks = sqliteTable(
  'inspection_remarks',
  {
    id: id(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    meetingId: text('meeting_id').references(() => meetings.id),
    periodFrom: text('period_from'),
    periodTo: text('period_to'),
    inspectorUserId: text('inspector_user_id')
      .notNull()
      .references(() => users.id),
    inspectorName: text('inspector_name').notNull(),
    inspectorBody: text('inspector_body'),
    remarks: text('remarks').notNull(),
    requestedFixes: text('requested_fixes'),
    dueOn: text('due_on'),
    status: text('status', { enum: REMARK_STATUSES }).notNull().default('draft'),
    signedAt: text('signed_at'),
    reply: text('reply'),
    repliedAt: text('replied_at'),
    repliedBy: text('replied_by'),
    closedAt: text('closed_at'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('inspection_remarks_org_idx').on(t.orgId, t.status), index('inspection_remarks_meeting_idx').on(t.meetingId)],
)

export const apiTokens = sqliteTable('api_tokens', {
  id: id(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: createdAt(),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at'),
})

// ---------------------------------------------------------------------------------------------
export const organizationsRelations = relations(organizations, ({ one, many }) => ({
  parent: one(organizations, { fields: [organizations.parentId], references: [organizations.id] }),
  members: many(members),
}))
export const membersRelations = relations(members, ({ one, many }) => ({
  cell: one(organizations, { fields: [members.cellId], references: [organizations.id] }),
  periods: many(memberPeriods),
}))
export const memberPeriodsRelations = relations(memberPeriods, ({ one }) => ({
  member: one(members, { fields: [memberPeriods.memberId], references: [members.id] }),
}))
export const usersRelations = relations(users, ({ one, many }) => ({
  member: one(members, { fields: [users.memberId], references: [members.id] }),
  grants: many(roleGrants),
}))
export const roleGrantsRelations = relations(roleGrants, ({ one }) => ({
  user: one(users, { fields: [roleGrants.userId], references: [users.id] }),
  org: one(organizations, { fields: [roleGrants.orgId], references: [organizations.id] }),
}))
export const meetingsRelations = relations(meetings, ({ one, many }) => ({
  cell: one(organizations, { fields: [meetings.cellId], references: [organizations.id] }),
  agendaItems: many(agendaItems),
}))
export const agendaItemsRelations = relations(agendaItems, ({ one, many }) => ({
  meeting: one(meetings, { fields: [agendaItems.meetingId], references: [meetings.id] }),
  links: many(agendaItemLinks),
}))
export const agendaItemLinksRelations = relations(agendaItemLinks, ({ one }) => ({
  item: one(agendaItems, { fields: [agendaItemLinks.agendaItemId], references: [agendaItems.id] }),
  document: one(documents, { fields: [agendaItemLinks.documentId], references: [documents.id] }),
}))

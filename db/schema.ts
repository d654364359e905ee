// The database schema. Every table has a UUIDv7 text primary key (ADR 003), timestamps are
// ISO-8601 UTC strings, calendar dates are 'YYYY-MM-DD' strings. Enumerations are `as const`
// arrays shared with zod (app/domain/*) so the database and the forms agree.
import { relations, sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { uuidv7 } from 'uuidv7'
import {
  ORG_KINDS,
  ROLES,
  MEMBER_STATUSES,
  MEMBER_POSITIONS,
  GENDERS,
  MEMBERSHIP_END_REASONS,
  MEMBER_PERIOD_KINDS,
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

// Document numbers (DOMAIN §7): per issuing body, per document type, from 01 for the whole committee
// term (nhiệm kỳ), reset when a new term starts. A number is taken once, inside an IMMEDIATE
// transaction (the write lock is held from the read of the maximum to the insert), so two
// secretaries signing at the same moment — even from two processes — never get the same number;
// the unique index (org, term, type, number) is the last line of defence.
import { and, asc, desc, eq, lte, sql } from 'drizzle-orm'
import { uuidv7 } from 'uuidv7'

import type { DB, Executor } from '../../db/client.server'
import { committeeTerms, documentNumbers } from '../../db/schema'
import { DOC_TYPE_NAMES, formatDocNumber, isDocType, nextNumber, type DocType } from '~/domain/numbering'
import { can } from '~/domain/permissions'
import { parseVnDate, toIsoDate } from '~/domain/vn-date'
import { cleanText } from '~/utils/text'

import { writeAudit } from './audit.server'
import { AppError, type ActorContext } from './context'
import { effectiveSettings, getOrganization, type Organization } from './organizations.server'

export type CommitteeTerm = typeof committeeTerms.$inferSelect
export type AllocatedNumber = {
  id: string
  termId: string
  docType: DocType
  number: number
  /** "05-NQ/CB" */
  formatted: string
  /** false when the meeting (or document) already had a number of this type and it was returned. */
  created: boolean
}

/** The term a body created before it declared one: numbering starts with it and carries on until a real term starts. */
export const INITIAL_TERM_NAME = 'Nhiệm kỳ hiện tại (chưa khai báo)'
const INITIAL_TERM_START = '1900-01-01'

/** Terms of an organisation, newest first. */
export function listTerms(db: Executor, orgId: string): CommitteeTerm[] {
  return db.select().from(committeeTerms).where(eq(committeeTerms.orgId, orgId)).orderBy(desc(committeeTerms.startsOn), desc(committeeTerms.createdAt)).all()
}

/** The term in force on `onDate` ('YYYY-MM-DD'): the latest that started on or before it. */
export function termOn(db: Executor, orgId: string, onDate: string): CommitteeTerm | undefined {
  return db
    .select()
    .from(committeeTerms)
    .where(and(eq(committeeTerms.orgId, orgId), lte(committeeTerms.startsOn, onDate)))
    .orderBy(desc(committeeTerms.startsOn), desc(committeeTerms.id))
    .limit(1)
    .get()
}

function managedOrg(db: Executor, ctx: ActorContext, orgId: string): Organization {
  const org = getOrganization(db, ctx.actor, orgId)
  // Terms are recorded by the body's own leadership (after its congress) or by an admin above it.
  if (!can(ctx.actor, 'org:manage', { orgPath: org.path }) && !can(ctx.actor, 'meeting:plan', { orgPath: org.path })) {
    throw new AppError(403, 'Chỉ bí thư, phó bí thư hoặc quản trị cấp trên mới khai báo được nhiệm kỳ.')
  }
  return org
}

/**
 * Records that a new committee term starts on `startsOn` (usually the day of the congress). Numbers of
 * documents dated from then on restart at 01. A term must start after the latest one.
 */
export function startTerm(db: DB, ctx: ActorContext, orgId: string, input: { name: string; startsOn: string }): CommitteeTerm {
  const name = cleanText(input.name)
  if (name.length < 2 || name.length > 120) throw new AppError(422, 'Hãy nhập tên nhiệm kỳ, ví dụ "Nhiệm kỳ 2025–2030".', 'name')
  const startsOn = parseVnDate(input.startsOn)
  if (!startsOn) throw new AppError(422, 'Ngày bắt đầu nhiệm kỳ không hợp lệ (dd/mm/yyyy).', 'startsOn')
  return db.transaction(
    (tx) => {
      const org = managedOrg(tx, ctx, orgId)
      const latest = listTerms(tx, orgId)[0]
      if (latest && latest.startsOn !== INITIAL_TERM_START && startsOn <= latest.startsOn) {
        throw new AppError(
          409,
          `Nhiệm kỳ mới phải bắt đầu sau ngày bắt đầu nhiệm kỳ "${latest.name}" (${latest.startsOn.split('-').reverse().join('/')}).`,
          'startsOn',
        )
      }
      const row = tx.insert(committeeTerms).values({ id: uuidv7(), orgId, name, startsOn }).returning().get()
      writeAudit(tx, ctx, {
        action: 'term.start',
        entityType: 'committee_term',
        entityId: row.id,
        orgPath: org.path,
        summary: `Bắt đầu ${name} từ ${startsOn.split('-').reverse().join('/')}; số văn bản đánh lại từ 01`,
      })
      return row
    },
    { behavior: 'immediate' },
  )
}

export type AllocateInput = {
  orgId: string
  docType: DocType
  /** The meeting the document belongs to: one number per meeting and type. */
  meetingId?: string | null
  /** A registered document: one number per document and type. */
  documentId?: string | null
  /** Date of the document ('YYYY-MM-DD'), which decides the term; today in Hà Nội when left out. */
  onDate?: string
}

/**
 * Takes the next number for the organisation × term × type, formatted with the organisation's
 * effective issuer code ("05-NQ/CB"). Asking again for the same meeting (or document) and type
 * returns the number it already has.
 */
export function allocateNumber(db: DB, ctx: ActorContext, input: AllocateInput): AllocatedNumber {
  if (!isDocType(input.docType)) throw new AppError(422, `Loại văn bản không hợp lệ: ${String(input.docType)}.`)
  const onDate = input.onDate ?? toIsoDate(new Date())
  if (!parseVnDate(onDate)) throw new AppError(422, `Ngày văn bản không hợp lệ: ${onDate}.`)
  return db.transaction(
    (tx) => {
      const org = getOrganization(tx, ctx.actor, input.orgId, 'meeting:record')
      const issuer = effectiveSettings(tx, org).issuerCode || 'CB'
      const format = (n: number) => formatDocNumber(n, input.docType, issuer)

      const existing = input.meetingId
        ? tx.select().from(documentNumbers).where(and(eq(documentNumbers.meetingId, input.meetingId), eq(documentNumbers.docType, input.docType))).get()
        : input.documentId
          ? tx.select().from(documentNumbers).where(and(eq(documentNumbers.documentId, input.documentId), eq(documentNumbers.docType, input.docType))).get()
          : undefined
      if (existing) {
        if (existing.orgId !== org.id) throw new AppError(409, 'Văn bản này đã được cấp số của tổ chức khác.')
        return { id: existing.id, termId: existing.termId, docType: input.docType, number: existing.number, formatted: format(existing.number), created: false }
      }

      let term = termOn(tx, org.id, onDate)
      if (!term) {
        // No term declared yet: numbering starts under an implicit one, replaced when a real term starts.
        term = tx.insert(committeeTerms).values({ id: uuidv7(), orgId: org.id, name: INITIAL_TERM_NAME, startsOn: INITIAL_TERM_START }).returning().get()
      }
      const max = tx
        .select({ n: sql<number | null>`max(${documentNumbers.number})` })
        .from(documentNumbers)
        .where(and(eq(documentNumbers.orgId, org.id), eq(documentNumbers.termId, term.id), eq(documentNumbers.docType, input.docType)))
        .get()?.n
      const number = nextNumber(max ?? null)
      const row = tx
        .insert(documentNumbers)
        .values({
          id: uuidv7(),
          orgId: org.id,
          termId: term.id,
          docType: input.docType,
          number,
          meetingId: input.meetingId ?? null,
          documentId: input.documentId ?? null,
        })
        .returning()
        .get()
      writeAudit(tx, ctx, {
        action: 'number.allocate',
        entityType: input.meetingId ? 'meeting' : input.documentId ? 'document' : 'document_number',
        entityId: input.meetingId ?? input.documentId ?? row.id,
        orgPath: org.path,
        summary: `Cấp số ${format(number)} (${DOC_TYPE_NAMES[input.docType].toLocaleLowerCase('vi')}, ${term.name})`,
      })
      return { id: row.id, termId: term.id, docType: input.docType, number, formatted: format(number), created: true }
    },
    { behavior: 'immediate' },
  )
}

/** The numbers taken in a term, by type then number (for the register and the inspection). */
export function listNumbers(db: Executor, orgId: string, termId: string) {
  return db
    .select()
    .from(documentNumbers)
    .where(and(eq(documentNumbers.orgId, orgId), eq(documentNumbers.termId, termId)))
    .orderBy(asc(documentNumbers.docType), asc(documentNumbers.number))
    .all()
}

/** The number a meeting's document of this type already has, formatted; null when none yet. */
export function numberOfMeeting(db: Executor, meetingId: string, docType: DocType, issuer: string): string | null {
  const row = db.select().from(documentNumbers).where(and(eq(documentNumbers.meetingId, meetingId), eq(documentNumbers.docType, docType))).get()
  return row ? formatDocNumber(row.number, docType, issuer) : null
}

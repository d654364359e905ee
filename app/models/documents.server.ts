// Documents register (sổ văn bản) and the legal-basis table. A document sits in one organisation's
// register; it flows down the tree: whoever may read an organisation's meetings reads the documents
// registered there and at every ancestor (the ids in its materialised path), and inspectors and
// admins read their whole subtree's. Registering and editing need 'meeting:plan' (secretary, deputy)
// or 'org:manage' (admins) on the organisation that holds the register.
import { unstable_parseMultipartFormData } from '@remix-run/node'
import { and, asc, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { DB, Executor } from '../../db/client.server'
import { agendaItemLinks, agendaItems, documents, legalBasis as legalBasisTable, meetings, organizations } from '../../db/schema'
import { citeDocument, citeLegalBasis, documentTypeName, LEGAL_BASIS_STATUSES, LEGAL_BASIS_STATUS_LABELS, stripNumberPrefix, type LegalBasisStatus } from '~/domain/citation'
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, DOCUMENT_TYPE_LABELS, type DocumentStatus, type DocumentType, type MeetingStatus } from '~/domain/constants'
import { isValidIsoDate } from '~/domain/members'
import { parseDocNumber } from '~/domain/numbering'
import { can, pathFilter, type Actor } from '~/domain/permissions'
import { pathIds } from '~/domain/settings'
import { parseRichTextField } from '~/rich-text/form-field'
import type { RichText } from '~/rich-text/types'
import { isRichTextEmpty, validateRichText } from '~/rich-text/validate'
import { cleanText, foldVietnamese } from '~/utils/text'
import { diffFields, writeAudit } from './audit.server'
import { AppError, conflict, forbidden, notFound, type ActorContext } from './context'
import { canSeeUnpublished, isPublished, meetingTitle } from './meetings.server'
import { getOrganization } from './organizations.server'
import { scopeCondition } from './scope.server'

export type DocumentRow = typeof documents.$inferSelect
export type Organization = typeof organizations.$inferSelect

// ---------------------------------------------------------------------------------------------
// Who sees and who registers

/** May the actor register documents in (and edit the register of) this organisation? */
export function canRegisterDocuments(actor: Actor, org: Pick<Organization, 'path'>): boolean {
  const scope = { orgPath: org.path }
  return can(actor, 'meeting:plan', scope) || can(actor, 'org:manage', scope)
}

/** May the actor register documents anywhere (to show "Thêm văn bản")? */
export function canRegisterSomewhere(actor: Actor): boolean {
  if (actor.isSystemAdmin) return true
  return actor.grants.some((g) => canRegisterDocuments(actor, { path: g.orgPath }))
}

/**
 * WHERE condition (documents joined with their organisation) for the documents the actor may read:
 * registered at an organisation they read or at one of its ancestors; anything in a subtree grant.
 */
export function visibleDocuments(actor: Actor): SQL {
  const filter = pathFilter(actor, 'meeting:read')
  if (filter.all) return sql`1`
  const orgIds = new Set<string>()
  for (const path of [...filter.exact, ...filter.subtree]) for (const id of pathIds(path)) orgIds.add(id)
  const parts: SQL[] = []
  if (orgIds.size > 0) parts.push(inArray(documents.orgId, [...orgIds]))
  for (const prefix of filter.subtree) parts.push(like(organizations.path, `${prefix}%`))
  if (parts.length === 0) return sql`0`
  return parts.length === 1 ? parts[0] : or(...parts)!
}

/** The organisations whose registers the actor may write to, for the "Sổ văn bản của" select. */
export function registerOptions(db: Executor, actor: Actor, wantedOrgId?: string | null) {
  const ids = new Set(actor.grants.filter((g) => canRegisterDocuments(actor, { path: g.orgPath })).map((g) => g.orgId))
  const rows = ids.size ? db.select().from(organizations).where(inArray(organizations.id, [...ids])).all() : []
  if (wantedOrgId && !ids.has(wantedOrgId)) {
    const wanted = db.select().from(organizations).where(eq(organizations.id, wantedOrgId)).get()
    if (wanted && canRegisterDocuments(actor, wanted)) rows.push(wanted)
  }
  if (rows.length === 0 && actor.isSystemAdmin) {
    rows.push(...db.select().from(organizations).where(sql`${organizations.parentId} IS NULL`).all())
  }
  return rows
    .filter((o) => !o.archivedAt)
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((o) => ({ id: o.id, name: o.name, path: o.path }))
}

// ---------------------------------------------------------------------------------------------
// Reading

const summaryColumns = {
  id: documents.id,
  orgId: documents.orgId,
  own: documents.own,
  docType: documents.docType,
  numberText: documents.numberText,
  issuedOn: documents.issuedOn,
  issuer: documents.issuer,
  title: documents.title,
  status: documents.status,
  replacedBy: documents.replacedBy,
  meetingId: documents.meetingId,
  attachmentName: documents.attachmentName,
  attachmentType: documents.attachmentType,
  attachmentSize: documents.attachmentSize,
  version: documents.version,
  createdAt: documents.createdAt,
  updatedAt: documents.updatedAt,
  orgName: organizations.name,
  orgPath: organizations.path,
}

export type DocumentFilter = {
  q?: string
  docType?: DocumentType
  status?: DocumentStatus
  /** true: the organisations' own resolutions; false: upper bodies' documents. */
  own?: boolean
  /** Only the register as seen from this organisation: its own documents and its ancestors'. */
  orgId?: string
  page?: number
  pageSize?: number
}

/**
 * "nghi quyet 22" → every word must appear in the folded text (type, number, title, issuer). A word
 * made of digits matches a whole number only ("3" finds "03-NQ/CB" and "tháng 3", not "2026").
 */
function searchCondition(q: string): SQL | undefined {
  const words = foldVietnamese(q).split(' ').filter(Boolean).slice(0, 8)
  if (words.length === 0) return undefined
  const padded = sql`' ' || ${documents.searchText} || ' '`
  return and(
    ...words.map((w) => {
      if (/^\d+$/.test(w)) {
        const n = w.replace(/^0+(?=\d)/, '')
        return sql`(${padded} GLOB ${`*[^0-9]${n}[^0-9]*`} OR ${padded} GLOB ${`*[^0-9]0${n}[^0-9]*`})`
      }
      return sql`${documents.searchText} LIKE ${`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`
    }),
  )
}

/** The folded text search runs on: type name, number, title and issuer (not the date). */
function searchTextOf(doc: { docType: DocumentType; numberText: string | null; issuer: string; title: string }): string {
  return foldVietnamese(`${documentTypeName(doc.docType, doc.title)} ${doc.numberText ?? ''} ${doc.title} ${doc.issuer}`)
}

export function listDocuments(db: Executor, actor: Actor, filter: DocumentFilter = {}) {
  const conditions: (SQL | undefined)[] = [visibleDocuments(actor)]
  let org: Organization | null = null
  if (filter.orgId) {
    org = getOrganization(db, actor, filter.orgId, 'meeting:read')
    conditions.push(inArray(documents.orgId, pathIds(org.path)))
  }
  if (filter.q?.trim()) conditions.push(searchCondition(filter.q))
  if (filter.docType) conditions.push(eq(documents.docType, filter.docType))
  if (filter.status) conditions.push(eq(documents.status, filter.status))
  if (filter.own !== undefined) conditions.push(eq(documents.own, filter.own))
  const where = and(...conditions)
  const pageSize = filter.pageSize ?? 25
  const page = Math.max(1, filter.page ?? 1)
  const rows = db
    .select(summaryColumns)
    .from(documents)
    .innerJoin(organizations, eq(documents.orgId, organizations.id))
    .where(where)
    .orderBy(desc(sql`coalesce(${documents.issuedOn}, substr(${documents.createdAt}, 1, 10))`), desc(documents.createdAt))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(documents)
      .innerJoin(organizations, eq(documents.orgId, organizations.id))
      .where(where)
      .get()?.n ?? 0
  return {
    org: org ? { id: org.id, name: org.name, path: org.path } : null,
    total,
    page,
    pageSize,
    documents: rows.map((r) => ({ ...r, citation: citeDocument(r) })),
  }
}

export type ScopedDocument = Omit<DocumentRow, 'attachment' | 'searchText'> & { org: Organization; citation: string }

/**
 * A document the actor may read — or a 404, never its data. With 'edit', a reader who may not edit
 * the register gets a 403.
 */
export function getDocument(db: Executor, actor: Actor, documentId: string, mode: 'read' | 'edit' = 'read'): ScopedDocument {
  const row = db
    .select({
      doc: {
        id: documents.id,
        orgId: documents.orgId,
        own: documents.own,
        docType: documents.docType,
        numberText: documents.numberText,
        issuedOn: documents.issuedOn,
        issuer: documents.issuer,
        title: documents.title,
        status: documents.status,
        replacedBy: documents.replacedBy,
        body: documents.body,
        meetingId: documents.meetingId,
        attachmentName: documents.attachmentName,
        attachmentType: documents.attachmentType,
        attachmentSize: documents.attachmentSize,
        version: documents.version,
        createdAt: documents.createdAt,
        updatedAt: documents.updatedAt,
      },
      org: organizations,
    })
    .from(documents)
    .innerJoin(organizations, eq(documents.orgId, organizations.id))
    .where(and(eq(documents.id, documentId), visibleDocuments(actor)))
    .get()
  if (!row) throw notFound('Không tìm thấy văn bản này, hoặc đồng chí không có quyền xem.')
  if (mode === 'edit' && !canRegisterDocuments(actor, row.org)) {
    throw forbidden('Chỉ bí thư, phó bí thư hoặc quản trị của tổ chức giữ sổ văn bản mới sửa được văn bản này.')
  }
  return { ...row.doc, org: row.org, citation: citeDocument(row.doc) }
}

/** The attached file of a document the actor may read. */
export function documentAttachment(db: Executor, actor: Actor, documentId: string) {
  const row = db
    .select({ name: documents.attachmentName, type: documents.attachmentType, bytes: documents.attachment })
    .from(documents)
    .innerJoin(organizations, eq(documents.orgId, organizations.id))
    .where(and(eq(documents.id, documentId), visibleDocuments(actor)))
    .get()
  if (!row || !row.bytes || !row.name || !row.type) throw notFound('Văn bản này không có tệp đính kèm, hoặc đồng chí không có quyền xem.')
  return { name: row.name, type: row.type, bytes: row.bytes }
}

/**
 * The meetings whose agenda referenced the document (agenda_item_links), newest first, limited to
 * meetings the actor may read — and, for members, only agendas already published.
 */
export function referencingAgendas(db: Executor, actor: Actor, documentId: string) {
  const rows = db
    .select({
      meeting: meetings,
      cellName: organizations.name,
      cellPath: organizations.path,
      itemId: agendaItems.id,
      itemTitle: agendaItems.title,
      itemPosition: agendaItems.position,
    })
    .from(agendaItemLinks)
    .innerJoin(agendaItems, eq(agendaItemLinks.agendaItemId, agendaItems.id))
    .innerJoin(meetings, eq(agendaItems.meetingId, meetings.id))
    .innerJoin(organizations, eq(meetings.cellId, organizations.id))
    .where(and(eq(agendaItemLinks.documentId, documentId), scopeCondition(actor, 'meeting:read', organizations.path)))
    .orderBy(desc(meetings.startsAt), asc(agendaItems.position))
    .limit(500)
    .all()
  const byMeeting = new Map<
    string,
    { meetingId: string; title: string; startsAt: string; status: MeetingStatus; cellName: string; items: string[] }
  >()
  for (const r of rows) {
    if (!isPublished(r.meeting) && !canSeeUnpublished(actor, { path: r.cellPath })) continue
    const entry = byMeeting.get(r.meeting.id) ?? {
      meetingId: r.meeting.id,
      title: meetingTitle(r.meeting),
      startsAt: r.meeting.startsAt,
      status: r.meeting.status,
      cellName: r.cellName,
      items: [],
    }
    entry.items.push(r.itemTitle)
    byMeeting.set(r.meeting.id, entry)
  }
  return [...byMeeting.values()]
}

/**
 * For the editor's resolution picker: up to `limit` readable documents matching `q`, with the label a
 * reference shows. With `orgId`, only what that organisation's members read (its and its ancestors').
 */
export function searchDocuments(db: Executor, actor: Actor, q: string, opts: { orgId?: string | null; limit?: number } = {}) {
  const conditions: (SQL | undefined)[] = [visibleDocuments(actor), searchCondition(q)]
  if (opts.orgId) {
    const org = getOrganization(db, actor, opts.orgId, 'meeting:read')
    conditions.push(inArray(documents.orgId, pathIds(org.path)))
  }
  return db
    .select({
      id: documents.id,
      docType: documents.docType,
      numberText: documents.numberText,
      issuedOn: documents.issuedOn,
      issuer: documents.issuer,
      title: documents.title,
    })
    .from(documents)
    .innerJoin(organizations, eq(documents.orgId, organizations.id))
    .where(and(...conditions))
    .orderBy(desc(sql`coalesce(${documents.issuedOn}, '')`), desc(documents.createdAt))
    .limit(Math.min(Math.max(opts.limit ?? 20, 1), 20))
    .all()
    .map((d) => ({ id: d.id, label: citeDocument(d), numberText: d.numberText, title: d.title }))
}

/** Documents readable at a cell, for pickers (tasks "from a resolution"): newest first. */
export function documentOptions(db: Executor, org: Pick<Organization, 'path'>, limit = 100) {
  return db
    .select({ id: documents.id, docType: documents.docType, numberText: documents.numberText, issuedOn: documents.issuedOn, issuer: documents.issuer, title: documents.title })
    .from(documents)
    .where(and(inArray(documents.orgId, pathIds(org.path)), inArray(documents.status, ['in_force', 'draft'])))
    .orderBy(desc(sql`coalesce(${documents.issuedOn}, '')`), desc(documents.createdAt))
    .limit(limit)
    .all()
    .map((d) => ({ id: d.id, label: citeDocument(d) }))
}

// ---------------------------------------------------------------------------------------------
// Attachments

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
/** The `accept` attribute of the file input. */
export const ATTACHMENT_ACCEPT = '.pdf,.docx,.jpg,.jpeg,.png,.webp,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,image/jpeg,image/png,image/webp'
const ATTACHMENT_REFUSED = 'Chỉ nhận tệp PDF, Word (.docx) hoặc ảnh (JPG, PNG, WebP), dung lượng tối đa 10 MB.'

const KINDS = [
  { type: 'application/pdf', extensions: ['pdf'], test: (b: Uint8Array) => startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d]) },
  {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    test: (b: Uint8Array) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) && Buffer.from(b.buffer, b.byteOffset, b.byteLength).includes('word/'),
  },
  { type: 'image/png', extensions: ['png'], test: (b: Uint8Array) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/jpeg', extensions: ['jpg', 'jpeg'], test: (b: Uint8Array) => startsWith(b, [0xff, 0xd8, 0xff]) },
  {
    type: 'image/webp',
    extensions: ['webp'],
    test: (b: Uint8Array) => startsWith(b, [0x52, 0x49, 0x46, 0x46]) && String.fromCharCode(...b.slice(8, 12)) === 'WEBP',
  },
] as const

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((v, i) => bytes[i] === v)
}

export type Upload = { name: string; bytes: Uint8Array }
export type CheckedAttachment = { name: string; type: string; size: number; bytes: Buffer }

function formatMb(bytes: number): string {
  return new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)
}

/**
 * Accepts a PDF, a .docx or a JPG/PNG/WebP image up to 10 MB, recognised by its content (not by
 * what the browser claims) and by an extension that agrees with it.
 */
export function checkAttachment(upload: Upload): CheckedAttachment {
  const base = cleanText(upload.name.split(/[/\\]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '_')
    .slice(-200)
  const name = base || 'tep-dinh-kem'
  if (upload.bytes.byteLength > MAX_ATTACHMENT_BYTES) {
    throw new AppError(422, `Tệp "${name}" quá lớn (${formatMb(upload.bytes.byteLength)} MB). ${ATTACHMENT_REFUSED}`, 'attachment')
  }
  if (upload.bytes.byteLength === 0) throw new AppError(422, `Tệp "${name}" rỗng. Hãy chọn lại tệp.`, 'attachment')
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ''
  const kind = KINDS.find((k) => k.test(upload.bytes))
  if (!kind || !(kind.extensions as readonly string[]).includes(extension)) {
    const hint = extension === 'doc' ? ' Tệp Word cũ (.doc) hãy lưu lại thành .docx hoặc PDF.' : ''
    throw new AppError(422, `Không nhận tệp "${name}". ${ATTACHMENT_REFUSED}${hint}`, 'attachment')
  }
  return { name, type: kind.type, size: upload.bytes.byteLength, bytes: Buffer.from(upload.bytes) }
}

/** `attachment; filename="…"; filename*=UTF-8''…` with an ASCII fallback for old browsers. */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = foldVietnamese(name).replace(/[^a-z0-9._ -]/gi, '_') || 'tep-dinh-kem'
  const extension = /\.[a-z0-9]+$/i.exec(name)?.[0] ?? ''
  const fallback = ascii.endsWith(extension.toLowerCase()) ? ascii : `${ascii}${extension}`
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

/**
 * Reads the document form (multipart or urlencoded). The file is kept in memory up to the limit;
 * a larger one is drained and reported instead of aborting, so the other fields come back filled.
 */
export async function readDocumentForm(request: Request): Promise<{ formData: FormData; upload: Upload | null; uploadError: string | null }> {
  const contentType = request.headers.get('Content-Type') ?? ''
  if (!contentType.startsWith('multipart/form-data')) return { formData: await request.formData(), upload: null, uploadError: null }
  if (Number(request.headers.get('Content-Length') ?? 0) > 3 * MAX_ATTACHMENT_BYTES) {
    throw new Response('Dữ liệu gửi lên quá lớn (tệp đính kèm tối đa 10 MB).', { status: 413 })
  }
  let upload: Upload | null = null
  let uploadError: string | null = null
  const formData = await unstable_parseMultipartFormData(request, async ({ name, filename, data }) => {
    const chunks: Uint8Array[] = []
    let size = 0
    let overflow = false
    const limit = typeof filename === 'string' ? MAX_ATTACHMENT_BYTES : 1_000_000
    for await (const chunk of data) {
      size += chunk.byteLength
      if (size > limit) overflow = true
      else chunks.push(chunk)
    }
    if (typeof filename === 'string') {
      if (name !== 'attachment' || !filename || size === 0) return undefined
      if (overflow) {
        uploadError = `Tệp "${filename}" quá lớn (${formatMb(size)} MB). ${ATTACHMENT_REFUSED}`
        return undefined
      }
      upload = { name: filename, bytes: Buffer.concat(chunks) }
      return undefined
    }
    if (overflow) throw new Response('Một trường dữ liệu quá dài.', { status: 413 })
    return new TextDecoder().decode(Buffer.concat(chunks))
  })
  // Keep the file field in the submission (by name) so the form can show its errors.
  formData.set('attachment', upload ? (upload as Upload).name : '')
  return { formData, upload, uploadError }
}

// ---------------------------------------------------------------------------------------------
// Writing

const optionalText = (max: number, message: string) => z.string().trim().max(max, message).optional()

/** The one schema of the document form (new and edit); the model re-checks what it depends on. */
export const DocumentSchema = z
  .object({
    orgId: z.string().max(64).optional(),
    source: z.enum(['own', 'upper'], { error: 'Hãy chọn nguồn văn bản.' }),
    docType: z.enum(DOCUMENT_TYPES, { error: 'Hãy chọn loại văn bản.' }),
    numberText: optionalText(60, 'Số hiệu tối đa 60 ký tự.'),
    issuedOn: z
      .string()
      .optional()
      .refine((v) => !v || isValidIsoDate(v), 'Ngày ban hành không hợp lệ.'),
    issuer: optionalText(200, 'Cơ quan ban hành tối đa 200 ký tự.'),
    title: z.string({ error: 'Hãy nhập trích yếu (tên) văn bản.' }).trim().min(1, 'Hãy nhập trích yếu (tên) văn bản.').max(500, 'Trích yếu tối đa 500 ký tự.'),
    status: z.enum(DOCUMENT_STATUSES).default('in_force'),
    replacedBy: optionalText(300, 'Tối đa 300 ký tự.'),
    /** Rich text: JSON from the editor, or plain text from its no-JavaScript textarea. */
    body: z.string().max(400_000, 'Nội dung quá dài; hãy đính kèm tệp thay vì gõ vào đây.').optional(),
    removeAttachment: z.literal('on').optional(),
    version: z.coerce.number().int().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.source === 'upper' && !v.issuer) ctx.addIssue({ code: 'custom', path: ['issuer'], message: 'Hãy ghi cơ quan ban hành, ví dụ: Ban Chấp hành Trung ương.' })
    if (v.status === 'replaced' && !v.replacedBy) ctx.addIssue({ code: 'custom', path: ['replacedBy'], message: 'Hãy ghi văn bản thay thế, ví dụ: Quy định số 294-QĐ/TW.' })
    const parsed = v.numberText ? parseDocNumber(stripNumberPrefix(v.numberText)) : null
    // "Văn bản khác" takes any number; a Quy chế may carry a QĐ number.
    if (parsed && v.docType !== 'K' && parsed.type !== v.docType && !(parsed.type === 'QĐ' && v.docType === 'QC')) {
      const expected = (DOCUMENT_TYPE_LABELS as Record<string, string>)[parsed.type] ?? parsed.type
      ctx.addIssue({
        code: 'custom',
        path: ['numberText'],
        message: `Số hiệu ${v.numberText} là số của ${expected.toLowerCase()} (${parsed.type}), nhưng loại văn bản đã chọn là ${DOCUMENT_TYPE_LABELS[v.docType].toLowerCase()}. Hãy sửa một trong hai.`,
      })
    }
  })
export type DocumentFormValue = z.output<typeof DocumentSchema>

export type DocumentInput = {
  own: boolean
  docType: DocumentType
  numberText?: string | null
  issuedOn?: string | null
  issuer?: string | null
  title: string
  status: DocumentStatus
  replacedBy?: string | null
  /** undefined: unchanged; null: none; JSON (object or string) or plain text, validated here. */
  body?: unknown
  /** The meeting that adopted the resolution (same organisation). */
  meetingId?: string | null
  /** A new file; null/undefined: unchanged. */
  attachment?: Upload | null
  removeAttachment?: boolean
}

/** Form value → model input (the body is parsed and validated by the model). */
export function documentInputFromForm(value: DocumentFormValue): Omit<DocumentInput, 'attachment'> {
  return {
    own: value.source === 'own',
    docType: value.docType,
    numberText: value.numberText ?? null,
    issuedOn: value.issuedOn ?? null,
    issuer: value.issuer ?? null,
    title: value.title,
    status: value.status,
    replacedBy: value.replacedBy ?? null,
    body: value.body ?? null,
    removeAttachment: value.removeAttachment === 'on',
  }
}

function documentValues(tx: Executor, org: Organization, input: DocumentInput) {
  const title = cleanText(input.title)
  if (!title) throw new AppError(422, 'Hãy nhập trích yếu (tên) văn bản.', 'title')
  const issuer = cleanText(input.issuer ?? '') || (input.own ? org.name : '')
  if (!issuer) throw new AppError(422, 'Hãy ghi cơ quan ban hành, ví dụ: Ban Chấp hành Trung ương.', 'issuer')
  const numberText = stripNumberPrefix(input.numberText) || null
  if (numberText && numberText.length > 60) throw new AppError(422, 'Số hiệu tối đa 60 ký tự.', 'numberText')
  if (input.issuedOn && !isValidIsoDate(input.issuedOn)) throw new AppError(422, 'Ngày ban hành không hợp lệ.', 'issuedOn')
  if (!DOCUMENT_TYPES.includes(input.docType)) throw new AppError(422, 'Loại văn bản không hợp lệ.', 'docType')
  if (!DOCUMENT_STATUSES.includes(input.status)) throw new AppError(422, 'Tình trạng không hợp lệ.', 'status')
  const replacedBy = cleanText(input.replacedBy ?? '') || null
  if (input.status === 'replaced' && !replacedBy) throw new AppError(422, 'Hãy ghi văn bản thay thế, ví dụ: Quy định số 294-QĐ/TW.', 'replacedBy')
  if (input.meetingId) {
    const meeting = tx.select({ cellId: meetings.cellId }).from(meetings).where(eq(meetings.id, input.meetingId)).get()
    if (!meeting || meeting.cellId !== org.id) throw new AppError(422, 'Buổi sinh hoạt thông qua văn bản không thuộc tổ chức này.', 'meetingId')
  }
  const values = {
    own: input.own,
    docType: input.docType,
    numberText,
    issuedOn: input.issuedOn || null,
    issuer,
    title,
    status: input.status,
    replacedBy,
  }
  return { ...values, searchText: searchTextOf(values) }
}

function bodyValue(input: unknown): RichText | null | undefined {
  if (input === undefined) return undefined
  if (input === null || (typeof input === 'string' && input.trim() === '')) return null
  const result = typeof input === 'string' ? parseRichTextField(input) : validateRichText(input)
  if (!result.ok) throw new AppError(422, result.error, 'body')
  return isRichTextEmpty(result.doc) ? null : result.doc
}

function attachmentValues(upload: Upload | null | undefined) {
  if (!upload) return undefined
  const file = checkAttachment(upload)
  return { attachmentName: file.name, attachmentType: file.type, attachmentSize: file.size, attachment: file.bytes }
}

function auditSummary(values: { docType: DocumentType; numberText: string | null; issuedOn: string | null; issuer: string; title: string }) {
  return `${citeDocument(values)}: ${values.title}`.slice(0, 400)
}

export function createDocument(db: DB, ctx: ActorContext, input: DocumentInput & { orgId: string }): DocumentRow {
  // Check the file and the rich text before the transaction: nothing slow happens inside it.
  const attachment = attachmentValues(input.attachment)
  const body = bodyValue(input.body) ?? null
  return db.transaction((tx) => {
    const org = getOrganization(tx, ctx.actor, input.orgId, 'meeting:read')
    if (!canRegisterDocuments(ctx.actor, org)) {
      throw forbidden('Chỉ bí thư, phó bí thư hoặc quản trị của tổ chức mới thêm được văn bản vào sổ văn bản.')
    }
    const values = documentValues(tx, org, input)
    const row = tx
      .insert(documents)
      .values({ ...values, orgId: org.id, body, meetingId: input.meetingId ?? null, ...attachment })
      .returning()
      .get()
    writeAudit(tx, ctx, {
      action: 'document.create',
      entityType: 'document',
      entityId: row.id,
      orgPath: org.path,
      summary: `Thêm vào sổ văn bản: ${auditSummary(values)}`,
      details: attachment ? { attachment: { name: attachment.attachmentName, size: attachment.attachmentSize } } : undefined,
    })
    return row
  })
}

export function updateDocument(db: DB, ctx: ActorContext, documentId: string, input: DocumentInput & { version: number }): DocumentRow {
  const attachment = attachmentValues(input.attachment)
  const body = bodyValue(input.body)
  return db.transaction((tx) => {
    const before = getDocument(tx, ctx.actor, documentId, 'edit')
    const values = documentValues(tx, before.org, { ...input, meetingId: input.meetingId === undefined ? before.meetingId : input.meetingId })
    const fileChange = attachment
      ? attachment
      : input.removeAttachment
        ? { attachmentName: null, attachmentType: null, attachmentSize: null, attachment: null }
        : {}
    const row = tx
      .update(documents)
      .set({
        ...values,
        ...(body !== undefined ? { body } : {}),
        ...(input.meetingId !== undefined ? { meetingId: input.meetingId } : {}),
        ...fileChange,
        version: sql`${documents.version} + 1`,
        updatedAt: new Date().toISOString(),
      })
      .where(and(eq(documents.id, documentId), eq(documents.version, input.version)))
      .returning()
      .get()
    if (!row) throw conflict()
    const { body: _b, attachment: _a, searchText: _s, ...afterMeta } = row
    const { body: _bb, ...beforeMeta } = before
    const details: Record<string, unknown> = diffFields(beforeMeta, afterMeta)
    delete details.attachmentName
    delete details.attachmentType
    delete details.attachmentSize
    if (body !== undefined && JSON.stringify(body) !== JSON.stringify(before.body)) details.body = 'changed'
    if (attachment) details.attachment = { replacedWith: attachment.attachmentName, size: attachment.attachmentSize, previous: before.attachmentName }
    else if (input.removeAttachment && before.attachmentName) details.attachment = { removed: before.attachmentName }
    writeAudit(tx, ctx, {
      action: 'document.update',
      entityType: 'document',
      entityId: documentId,
      orgPath: before.org.path,
      summary: `Sửa văn bản trong sổ: ${auditSummary(values)}`,
      details,
    })
    return row
  })
}

// ---------------------------------------------------------------------------------------------
// Legal basis (DOMAIN §9): where the UI's citations of rules come from.

export const LEGAL_BASIS_KEYS = ['charter', 'qd294', 'hd12', 'ct50', 'hd42', 'hd36', 'qd399', 'hd16', 'nq04', 'qd37', 'qd124', 'hd25', 'qd296', 'qd339'] as const
export type LegalBasisKey = (typeof LEGAL_BASIS_KEYS)[number]
export type LegalBasisRow = typeof legalBasisTable.$inferSelect

/** The row of the legal-basis table with this key (seeded by migration 0002), with its citation. */
export function legalBasis(db: Executor, key: LegalBasisKey | (string & {})): LegalBasisRow & { citation: string } {
  const row = db.select().from(legalBasisTable).where(eq(legalBasisTable.key, key)).get()
  if (!row) throw new Error(`Legal basis "${key}" is missing: run the migrations.`)
  return { ...row, citation: citeLegalBasis(row) }
}

/** "Quy định số 294-QĐ/TW ngày 26/05/2025 của Ban Chấp hành Trung ương" for a rule cited in the UI. */
export function legalBasisCitation(db: Executor, key: LegalBasisKey): string {
  return legalBasis(db, key).citation
}

export function listLegalBasis(db: Executor) {
  return db
    .select()
    .from(legalBasisTable)
    .orderBy(asc(legalBasisTable.id))
    .all()
    .map((r) => ({ ...r, citation: citeLegalBasis(r), statusLabel: LEGAL_BASIS_STATUS_LABELS[r.status] }))
}

export const LegalBasisUpdateSchema = z
  .object({
    id: z.string().min(1).max(64),
    status: z.enum(LEGAL_BASIS_STATUSES, { error: 'Hãy chọn tình trạng.' }),
    replacedBy: z.string().trim().max(300, 'Tối đa 300 ký tự.').optional(),
    note: z.string().trim().max(2000, 'Ghi chú tối đa 2.000 ký tự.').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'replaced' && !v.replacedBy) ctx.addIssue({ code: 'custom', path: ['replacedBy'], message: 'Hãy ghi văn bản thay thế.' })
  })

/** System administrators only: status, replacement and note of a row (the number and date are the rule's own). */
export function updateLegalBasis(db: DB, ctx: ActorContext, id: string, input: { status: LegalBasisStatus; replacedBy?: string | null; note?: string | null }) {
  if (!ctx.actor.isSystemAdmin) throw forbidden('Chỉ quản trị hệ thống mới sửa được bảng căn cứ pháp lý.')
  return db.transaction((tx) => {
    const before = tx.select().from(legalBasisTable).where(eq(legalBasisTable.id, id)).get()
    if (!before) throw notFound('Không tìm thấy dòng này trong bảng căn cứ pháp lý.')
    const values = {
      status: input.status,
      replacedBy: cleanText(input.replacedBy ?? '') || null,
      note: input.note?.normalize('NFC').trim() || null,
    }
    if (values.status === 'replaced' && !values.replacedBy) throw new AppError(422, 'Hãy ghi văn bản thay thế.', 'replacedBy')
    const row = tx.update(legalBasisTable).set(values).where(eq(legalBasisTable.id, id)).returning().get()
    writeAudit(tx, ctx, {
      action: 'legal_basis.update',
      entityType: 'legal_basis',
      entityId: id,
      orgPath: null,
      summary: `Sửa căn cứ pháp lý ${before.numberText}: ${LEGAL_BASIS_STATUS_LABELS[values.status].toLowerCase()}`,
      details: diffFields(before, row),
    })
    return row
  })
}

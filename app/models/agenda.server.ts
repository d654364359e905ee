// Agendas (chương trình sinh hoạt, DOMAIN §3.2–§3.4): created from the skeleton of the meeting's type
// (templates/agendas/<type>.json), edited item by item by the bí thư or phó bí thư, published to the
// cell's members (meeting planned → prepared). Every mutation runs in one transaction with its audit
// entry; item edits carry the optimistic `version` the form was built from. Agenda audit entries hang
// on the meeting (entityType 'meeting', action 'agenda.*', details.itemId) so the meeting's history
// reads in one place.
import fs from 'node:fs'
import path from 'node:path'
import { and, asc, eq, gt, inArray, isNull, like, sql } from 'drizzle-orm'
import { z } from 'zod'
import { preparedPer, type DB, type Executor } from '../../db/client.server'
import { agendaItemLinks, agendaItems, auditLog, documents, meetings, members, organizations } from '../../db/schema'
import {
  AGENDA_ITEM_ROLES,
  AGENDA_SECTIONS,
  AGENDA_SECTION_LABELS,
  MEETING_TYPES,
  MEETING_TYPE_LABELS,
  type AgendaItemRole,
  type AgendaSection,
  type DocumentStatus,
  type MeetingForm,
  type MeetingStatus,
  type MeetingType,
  type TaskStatus,
} from '~/domain/constants'
import { citeDocument } from '~/domain/citation'
import { can, type Actor } from '~/domain/permissions'
import { minimumMinutes, publicationDeadline } from '~/domain/schedule'
import { pathIds } from '~/domain/settings'
import { formatTime, formatUiDate, formatUiDateShort } from '~/domain/vn-date'
import { docFromParagraphs } from '~/rich-text/from-text'
import { renderRichTextToHtml } from '~/rich-text/html.server'
import type { RichText } from '~/rich-text/types'
import { collectResolutionRefs, MAX_DEPTH, validateRichText } from '~/rich-text/validate'
import { cleanText } from '~/utils/text'
import { writeAudit } from './audit.server'
import { AppError, conflict, notFound, type ActorContext } from './context'
import { canSeeUnpublished, cellMemberOptions, getMeeting, isPublished, meetingTitle, type ScopedMeeting } from './meetings.server'
import { visibleDocuments } from './documents.server'
import { effectiveSettings } from './organizations.server'
import { tasksForReview } from './tasks.server'

export type AgendaItem = typeof agendaItems.$inferSelect

/** Positions are spaced so a hand-edited database can still slot an item in between. */
export const POSITION_STEP = 10
export const MAX_TITLE_LENGTH = 300
export const MAX_PRESENTER_NAME_LENGTH = 200
export const MAX_ITEM_MINUTES = 600
/** A rich-text body of one agenda item (the default limit is for whole documents). */
export const MAX_BODY_BYTES = 100_000

/** The agenda may be edited (and published) until the meeting starts. */
const EDITABLE_STATUSES: readonly MeetingStatus[] = ['planned', 'prepared']

const SECTION_INDEX: Record<AgendaSection, number> = { opening: 0, content: 1, closing: 2 }

// ---------------------------------------------------------------------------------------------
// Templates (templates/agendas/*.json; format in templates/agendas/README.md)

export const PRESENTER_HINTS = ['chair', 'secretary', 'drafter', 'minute_taker', 'upper_representative', 'members', 'none'] as const
export type PresenterHint = (typeof PRESENTER_HINTS)[number]
/** The text stored as presenter for hints that name a role rather than a member. */
export const PRESENTER_HINT_TEXT: Partial<Record<PresenterHint, string>> = {
  minute_taker: 'Thư ký buổi sinh hoạt',
  upper_representative: 'Đại biểu cấp ủy cấp trên',
  members: 'Các đồng chí đảng viên',
}

export const AGENDA_TEMPLATE_NAMES = [...MEETING_TYPES, 'default'] as const
export type AgendaTemplateName = (typeof AGENDA_TEMPLATE_NAMES)[number]

export const AgendaTemplateItemSchema = z.strictObject({
  section: z.enum(AGENDA_SECTIONS),
  role: z.enum(AGENDA_ITEM_ROLES).optional(),
  title: z.string().trim().min(1).max(MAX_TITLE_LENGTH),
  plannedMinutes: z.number().int().min(0).max(MAX_ITEM_MINUTES).optional(),
  presenter: z.enum(PRESENTER_HINTS).optional(),
  body: z.array(z.string().min(1)).optional(),
})

export const AgendaTemplateSchema = z
  .strictObject({
    type: z.enum(AGENDA_TEMPLATE_NAMES),
    name: z.string().trim().min(1),
    basis: z.string().optional(),
    items: z.array(AgendaTemplateItemSchema).min(1),
  })
  .superRefine((template, ctx) => {
    let last = -1
    template.items.forEach((item, i) => {
      const index = SECTION_INDEX[item.section]
      if (index < last) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'section'], message: `"${item.title}" is out of section order` })
      }
      last = Math.max(last, index)
    })
    for (const section of AGENDA_SECTIONS) {
      if (!template.items.some((item) => item.section === section)) {
        ctx.addIssue({ code: 'custom', path: ['items'], message: `section "${section}" has no item` })
      }
    }
  })
export type AgendaTemplate = z.infer<typeof AgendaTemplateSchema>
export type AgendaTemplateItem = z.infer<typeof AgendaTemplateItemSchema>

/** templates/agendas, resolved from the working directory (the project root for the server, tests and CLI). */
export function agendaTemplatesDir(): string {
  return path.resolve(process.cwd(), 'templates/agendas')
}

/** Parses one template file's text; throws an Error naming the file and the problem. */
export function parseAgendaTemplate(text: string, fileName: string): AgendaTemplate {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new Error(`templates/agendas/${fileName}: not valid JSON (${(error as Error).message})`)
  }
  const result = AgendaTemplateSchema.safeParse(json)
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`templates/agendas/${fileName}: ${issues}`)
  }
  const expected = fileName.replace(/\.json$/, '')
  if (result.data.type !== expected) throw new Error(`templates/agendas/${fileName}: "type" is "${result.data.type}", expected "${expected}"`)
  for (const item of result.data.items) {
    if (item.body) {
      const check = validateRichText(docFromParagraphs(item.body))
      if (!check.ok) throw new Error(`templates/agendas/${fileName}: body of "${item.title}": ${check.error}`)
    }
  }
  return result.data
}

const templateCache = new Map<string, AgendaTemplate>()

/** The skeleton for a meeting type: its own file, or default.json when the type has none. Cached per process. */
export function loadAgendaTemplate(type: MeetingType): AgendaTemplate {
  const cached = templateCache.get(type)
  if (cached) return cached
  const dir = agendaTemplatesDir()
  const own = path.join(dir, `${type}.json`)
  const file = fs.existsSync(own) ? own : path.join(dir, 'default.json')
  const template = parseAgendaTemplate(fs.readFileSync(file, 'utf8'), path.basename(file))
  templateCache.set(type, template)
  return template
}

/** Forgets the cached templates (tests; an admin screen that edits them). */
export function clearAgendaTemplateCache(): void {
  templateCache.clear()
}

// ---------------------------------------------------------------------------------------------
// Input of one item (the editor's forms)

const blankToNull = (v: unknown) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : v)

/** The item fields of the editor's forms (strings in), shared by the save and add actions. */
export const AgendaItemFormSchema = z.object({
  title: z
    .string({ error: 'Vui lòng nhập tên nội dung.' })
    .transform(cleanText)
    .pipe(
      z
        .string()
        .min(1, 'Vui lòng nhập tên nội dung.')
        .max(MAX_TITLE_LENGTH, `Tên nội dung dài quá ${MAX_TITLE_LENGTH} ký tự; hãy rút gọn.`),
    ),
  section: z.enum(AGENDA_SECTIONS, { error: 'Vui lòng chọn phần của chương trình.' }),
  presenterMemberId: z.preprocess(blankToNull, z.string().max(64).nullable()),
  presenterName: z.preprocess(
    blankToNull,
    z.string().max(MAX_PRESENTER_NAME_LENGTH, `Tên người trình bày dài quá ${MAX_PRESENTER_NAME_LENGTH} ký tự.`).nullable(),
  ),
  plannedMinutes: z.preprocess(
    (v) => {
      const b = blankToNull(v)
      return b === null ? null : Number(b)
    },
    z
      .number({ error: `Thời lượng là số phút, từ 0 đến ${MAX_ITEM_MINUTES}.` })
      .int(`Thời lượng là số phút nguyên, từ 0 đến ${MAX_ITEM_MINUTES}.`)
      .min(0, `Thời lượng là số phút, từ 0 đến ${MAX_ITEM_MINUTES}.`)
      .max(MAX_ITEM_MINUTES, `Thời lượng là số phút, từ 0 đến ${MAX_ITEM_MINUTES}.`)
      .nullable(),
  ),
})
export type AgendaItemFields = z.infer<typeof AgendaItemFormSchema>

export type NewAgendaItemInput = {
  section: AgendaSection
  title: string
  role?: AgendaItemRole | null
  presenterMemberId?: string | null
  presenterName?: string | null
  plannedMinutes?: number | null
  /** Rich text (JSON object or its string form); validated here. Empty when omitted. */
  body?: unknown
}

export type AgendaItemUpdate = {
  title: string
  section: AgendaSection
  presenterMemberId?: string | null
  presenterName?: string | null
  plannedMinutes?: number | null
  /** Rich text (JSON object or its string form); validated here against the editor schema. */
  body: unknown
  /** The version the form was built from. */
  version: number
}

// ---------------------------------------------------------------------------------------------
// Mutations

/** Creates the agenda of a meeting from the skeleton of its type. Refused when the agenda has items. */
export function createAgendaFromTemplate(db: DB, ctx: ActorContext, meetingId: string): AgendaItem[] {
  return db.transaction((tx) => {
    const meeting = getMeeting(tx, ctx.actor, meetingId, 'meeting:plan')
    assertEditable(meeting)
    const template = loadAgendaTemplate(meeting.type)
    if (orderedItems(tx, meeting.id).length > 0) {
      throw new AppError(409, 'Buổi sinh hoạt đã có chương trình. Hãy sửa từng nội dung, hoặc xoá hết nội dung trước khi tạo lại theo mẫu.')
    }
    const people = presenterCandidates(tx, meeting)
    const rows = template.items.map((item, i) => {
      const presenter = resolvePresenter(item.presenter ?? (item.section === 'content' ? 'none' : 'chair'), people)
      return tx
        .insert(agendaItems)
        .values({
          meetingId: meeting.id,
          position: (i + 1) * POSITION_STEP,
          section: item.section,
          role: item.role ?? null,
          title: cleanText(item.title),
          presenterMemberId: presenter.memberId,
          presenterName: presenter.name,
          plannedMinutes: item.plannedMinutes ?? null,
          body: item.body ? bodyOrThrow(docFromParagraphs(item.body)) : null,
        })
        .returning()
        .get()
    })
    writeAudit(tx, ctx, {
      action: 'agenda.create_from_template',
      entityType: 'meeting',
      entityId: meeting.id,
      orgPath: meeting.cell.path,
      summary: `Tạo chương trình theo mẫu "${template.name}" cho ${lowerFirst(meetingTitle(meeting))} (${rows.length} nội dung)`,
      details: { template: template.type, items: rows.length },
    })
    return rows
  })
}

/** Adds an item at the end of its section. */
export function addAgendaItem(db: DB, ctx: ActorContext, meetingId: string, input: NewAgendaItemInput): AgendaItem {
  return db.transaction((tx) => {
    const meeting = getMeeting(tx, ctx.actor, meetingId, 'meeting:plan')
    assertEditable(meeting)
    const fields = checkFields(tx, meeting, input)
    const body = input.body === undefined || input.body === null || input.body === '' ? null : bodyOrThrow(input.body)
    if (body) checkDocumentRefs(tx, ctx.actor, meeting, body)
    const list = orderedItems(tx, meeting.id)
    const row = tx
      .insert(agendaItems)
      .values({ meetingId: meeting.id, position: 0, role: input.role ?? null, ...fields, body })
      .returning()
      .get()
    // Insert after the last item of the same or an earlier section, then renumber.
    let at = 0
    list.forEach((item, i) => {
      if (SECTION_INDEX[item.section] <= SECTION_INDEX[row.section]) at = i + 1
    })
    list.splice(at, 0, row)
    renumber(tx, list)
    if (body) syncLinks(tx, row.id, body)
    writeAudit(tx, ctx, {
      action: 'agenda.item_add',
      entityType: 'meeting',
      entityId: meeting.id,
      orgPath: meeting.cell.path,
      summary: `Thêm nội dung "${row.title}" vào ${AGENDA_SECTION_LABELS[row.section]} — ${lowerFirst(meetingTitle(meeting))}`,
      details: { itemId: row.id },
    })
    return row
  })
}

/**
 * Saves one item: fields, validated rich text, and the item ↔ document links re-synced from the
 * document references in the text (only documents of the cell's register or its upper bodies').
 * Moving an item to another section places it next to the section it came from.
 */
export function updateAgendaItem(db: DB, ctx: ActorContext, itemId: string, input: AgendaItemUpdate): AgendaItem {
  return db.transaction((tx) => {
    const { item, meeting } = itemForPlanning(tx, ctx.actor, itemId)
    assertEditable(meeting)
    if (item.version !== input.version) throw itemConflict()
    const fields = checkFields(tx, meeting, input)
    const body = bodyOrThrow(input.body)
    checkDocumentRefs(tx, ctx.actor, meeting, body)
    const changed = [
      fields.title !== item.title ? 'tên' : null,
      fields.section !== item.section ? 'phần' : null,
      fields.presenterMemberId !== item.presenterMemberId || fields.presenterName !== item.presenterName ? 'người trình bày' : null,
      fields.plannedMinutes !== item.plannedMinutes ? 'thời lượng' : null,
      JSON.stringify(body) !== JSON.stringify(item.body ?? null) ? 'nội dung' : null,
    ].filter((c): c is string => c !== null)
    // Saving an unchanged form changes nothing (no new version, nothing "edited since sent").
    if (changed.length === 0) {
      syncLinks(tx, item.id, body)
      return item
    }
    const row = tx
      .update(agendaItems)
      .set({ ...fields, body, version: item.version + 1, updatedAt: new Date().toISOString() })
      .where(and(eq(agendaItems.id, item.id), eq(agendaItems.version, input.version)))
      .returning()
      .get()
    if (!row) throw itemConflict()
    if (row.section !== item.section) {
      const others = orderedItems(tx, meeting.id).filter((i) => i.id !== row.id)
      const forward = SECTION_INDEX[row.section] > SECTION_INDEX[item.section]
      // Moving to a later section → first of it; to an earlier one → last of it.
      let at = 0
      others.forEach((other, i) => {
        const s = SECTION_INDEX[other.section]
        if (forward ? s < SECTION_INDEX[row.section] : s <= SECTION_INDEX[row.section]) at = i + 1
      })
      others.splice(at, 0, row)
      renumber(tx, others)
    }
    const links = syncLinks(tx, row.id, body)
    writeAudit(tx, ctx, {
      action: 'agenda.item_update',
      entityType: 'meeting',
      entityId: meeting.id,
      orgPath: meeting.cell.path,
      summary: `Sửa nội dung "${row.title}"${changed.length ? ` (${changed.join(', ')})` : ''} — ${lowerFirst(meetingTitle(meeting))}`,
      details: { itemId: row.id, changed, links },
    })
    return row
  })
}

/** Removes an item (its document links go with it). With `version`, refuses if it changed meanwhile. */
export function removeAgendaItem(db: DB, ctx: ActorContext, itemId: string, version?: number): void {
  db.transaction((tx) => {
    const { item, meeting } = itemForPlanning(tx, ctx.actor, itemId)
    assertEditable(meeting)
    if (version !== undefined && item.version !== version) throw itemConflict()
    tx.delete(agendaItemLinks).where(eq(agendaItemLinks.agendaItemId, item.id)).run()
    tx.delete(agendaItems).where(eq(agendaItems.id, item.id)).run()
    renumber(tx, orderedItems(tx, meeting.id))
    writeAudit(tx, ctx, {
      action: 'agenda.item_remove',
      entityType: 'meeting',
      entityId: meeting.id,
      orgPath: meeting.cell.path,
      summary: `Xoá nội dung "${item.title}" — ${lowerFirst(meetingTitle(meeting))}`,
      details: { itemId: item.id, title: item.title, section: item.section },
    })
  })
}

/**
 * Moves an item one place up or down inside its section by swapping positions with its neighbour; an
 * item keeps its section (at a section's edge the move is refused: change the item's "Phần" instead).
 */
export function moveAgendaItem(db: DB, ctx: ActorContext, itemId: string, direction: 'up' | 'down'): AgendaItem[] {
  return db.transaction((tx) => {
    const { item, meeting } = itemForPlanning(tx, ctx.actor, itemId)
    assertEditable(meeting)
    const list = orderedItems(tx, meeting.id)
    const index = list.findIndex((i) => i.id === item.id)
    const otherIndex = direction === 'up' ? index - 1 : index + 1
    const other = list[otherIndex]
    if (!other || other.section !== item.section) {
      const section = AGENDA_SECTION_LABELS[item.section]
      throw new AppError(
        422,
        direction === 'up'
          ? `"${item.title}" đã ở đầu ${section}. Muốn chuyển sang phần khác, hãy chọn lại "Phần" của nội dung rồi lưu.`
          : `"${item.title}" đã ở cuối ${section}. Muốn chuyển sang phần khác, hãy chọn lại "Phần" của nội dung rồi lưu.`,
      )
    }
    list[index] = other
    list[otherIndex] = item
    renumber(tx, list)
    writeAudit(tx, ctx, {
      action: 'agenda.item_move',
      entityType: 'meeting',
      entityId: meeting.id,
      orgPath: meeting.cell.path,
      summary: `Chuyển nội dung "${item.title}" ${direction === 'up' ? 'lên' : 'xuống'} — ${lowerFirst(meetingTitle(meeting))}`,
      details: { itemId: item.id, direction },
    })
    return orderedItems(tx, meeting.id)
  })
}

export type PublishResult = {
  /** True when the agenda first went out after the deadline. */
  late: boolean
  /** ISO UTC: the end of the Hà Nội day agendaLeadDays before the meeting. */
  deadline: string
  /** When members first received it (meetings.publishedAt). */
  publishedAt: string
  /** True when it had been published before; this time only the audit log records the new sending. */
  republished: boolean
  /** This sending, ISO UTC. */
  sentAt: string
}

/**
 * Publishes the agenda to the cell's members (bí thư / phó bí thư: 'meeting:plan'): planned → prepared,
 * publishedAt/publishedBy set. Publishing after the deadline is allowed and reported as late.
 * Publishing again after edits keeps the first publishedAt (what compliance counts) and records the
 * new sending in the audit log.
 */
export function publishAgenda(db: DB, ctx: ActorContext, meetingId: string, now: Date = new Date()): PublishResult {
  return db.transaction((tx) => {
    const meeting = getMeeting(tx, ctx.actor, meetingId, 'meeting:plan')
    if (meeting.status === 'cancelled') throw new AppError(422, 'Buổi sinh hoạt đã bị hủy nên không gửi chương trình được.')
    assertEditable(meeting)
    const items = orderedItems(tx, meeting.id)
    if (items.length === 0) {
      throw new AppError(422, 'Chương trình chưa có nội dung nào. Hãy tạo chương trình theo mẫu hoặc thêm nội dung trước khi gửi.')
    }
    const settings = effectiveSettings(tx, meeting.cell)
    const deadline = publicationDeadline(meeting.startsAt, settings.agendaLeadDays)
    const sentAt = now.toISOString()
    const republished = meeting.publishedAt !== null && meeting.status !== 'planned'
    const publishedAt = republished ? meeting.publishedAt! : sentAt
    if (!republished) {
      const row = tx
        .update(meetings)
        .set({
          status: 'prepared',
          publishedAt: sentAt,
          publishedBy: ctx.actor.userId,
          version: meeting.version + 1,
          updatedAt: sentAt,
        })
        .where(and(eq(meetings.id, meeting.id), eq(meetings.version, meeting.version)))
        .returning({ id: meetings.id })
        .get()
      if (!row) throw conflict()
    }
    const late = Date.parse(publishedAt) > Date.parse(deadline)
    const lateThisTime = Date.parse(sentAt) > Date.parse(deadline)
    writeAudit(tx, ctx, {
      action: 'agenda.publish',
      entityType: 'meeting',
      entityId: meeting.id,
      orgPath: meeting.cell.path,
      summary: `${republished ? 'Gửi lại' : 'Gửi'} chương trình ${lowerFirst(meetingTitle(meeting))} cho đảng viên${
        lateThisTime ? ` (sau hạn ${formatTime(deadline)} ngày ${formatUiDateShort(deadline)})` : ''
      }`,
      details: { publishedAt: sentAt, republished, late: lateThisTime, deadline, items: items.length },
    })
    return { late, deadline, publishedAt, republished, sentAt }
  })
}

// ---------------------------------------------------------------------------------------------
// Reading

export type LinkedDocument = { id: string; label: string; title: string; status: DocumentStatus }
export type AgendaReviewTask = { id: string; text: string; memberName: string | null; dueOn: string | null; status: TaskStatus; resultNote: string | null }

export type AgendaItemView = {
  id: string
  section: AgendaSection
  role: AgendaItemRole | null
  title: string
  presenter: string | null
  plannedMinutes: number | null
  /** Server-rendered rich text ('' when empty). */
  bodyHtml: string
  documents: LinkedDocument[]
  /** Only for the 'review_last_month' item: the tasks from tasksForReview(). */
  tasks?: AgendaReviewTask[]
}

export type AgendaMeetingView = {
  id: string
  title: string
  type: MeetingType
  typeLabel: string
  status: MeetingStatus
  startsAt: string
  /** "Thứ Năm, 05/02/2026 lúc 14:00" */
  when: string
  place: string | null
  form: MeetingForm
  plannedMinutes: number | null
  cancelledReason: string | null
  movedFrom: string | null
  moveReason: string | null
  cell: { id: string; name: string }
}

export type PublicationView = {
  published: boolean
  /** First publication (ISO UTC), or null. */
  publishedAt: string | null
  /** Latest sending (differs from publishedAt after a re-publish). */
  lastSentAt: string | null
  /** How many times the agenda was sent (1 = published once). */
  sendCount: number
  deadline: string
  late: boolean
  /** Not published and the deadline has passed. */
  overdue: boolean
  /** Published, then edited without sending again. */
  changedSinceSent: boolean
}

/**
 * What a reader of the meeting page gets: the meeting, the publication state, and — when the agenda
 * is published, or the reader prepares it (canSeeUnpublished) — its items in order with presenters,
 * minutes, server-rendered bodies and linked documents. A member of another cell gets a 404.
 */
export function agendaForRead(db: Executor, actor: Actor, meetingId: string, now: Date = new Date()) {
  const meeting = getMeeting(db, actor, meetingId)
  const settings = effectiveSettings(db, meeting.cell)
  const scope = { orgPath: meeting.cell.path }
  const published = isPublished(meeting)
  const visible = published || canSeeUnpublished(actor, meeting.cell)
  const rows = visible ? orderedItems(db, meeting.id) : []
  const names = presenterNames(db, rows)
  const docs = linkedDocuments(
    db,
    rows.map((r) => r.id),
  )
  const reviewTasks = rows.some((r) => r.role === 'review_last_month') ? tasksForReviewItem(db, meeting) : undefined
  const items: AgendaItemView[] = rows.map((r) => ({
    id: r.id,
    section: r.section,
    role: r.role,
    title: r.title,
    presenter: r.presenterMemberId ? (names.get(r.presenterMemberId) ?? r.presenterName) : r.presenterName,
    plannedMinutes: r.plannedMinutes,
    bodyHtml: renderRichTextToHtml(r.body),
    documents: docs.get(r.id) ?? [],
    ...(r.role === 'review_last_month' && reviewTasks ? { tasks: reviewTasks } : {}),
  }))
  return {
    meeting: meetingView(meeting),
    visible,
    items,
    itemCount: visible ? items.length : null,
    totalMinutes: sumMinutes(rows),
    minimumMinutes: minimumMinutes(meeting.type, settings),
    publication: publicationView(db, meeting, settings.agendaLeadDays, now),
    may: {
      plan: can(actor, 'meeting:plan', scope),
      record: can(actor, 'meeting:record', scope) || (actor.memberId !== null && actor.memberId === meeting.secretaryMemberId),
      edit: can(actor, 'meeting:plan', scope) && EDITABLE_STATUSES.includes(meeting.status),
    },
  }
}
export type AgendaReadView = ReturnType<typeof agendaForRead>

export type AgendaItemEdit = {
  id: string
  section: AgendaSection
  role: AgendaItemRole | null
  title: string
  presenterMemberId: string | null
  presenterName: string | null
  plannedMinutes: number | null
  body: RichText | null
  version: number
  documents: LinkedDocument[]
}

/** The editor page (bí thư / phó bí thư): items with their raw rich text and versions, pickers, totals. */
export function agendaForEdit(db: Executor, actor: Actor, meetingId: string, now: Date = new Date()) {
  const meeting = getMeeting(db, actor, meetingId, 'meeting:plan')
  const settings = effectiveSettings(db, meeting.cell)
  const rows = orderedItems(db, meeting.id)
  const docs = linkedDocuments(
    db,
    rows.map((r) => r.id),
  )
  const items: AgendaItemEdit[] = rows.map((r) => ({
    id: r.id,
    section: r.section,
    role: r.role,
    title: r.title,
    presenterMemberId: r.presenterMemberId,
    presenterName: r.presenterName,
    plannedMinutes: r.plannedMinutes,
    body: r.body ?? null,
    version: r.version,
    documents: docs.get(r.id) ?? [],
  }))
  const template = safeTemplate(meeting.type)
  return {
    meeting: meetingView(meeting),
    items,
    members: cellMemberOptions(db, meeting.cell.id),
    /** What the "create from template" button names: the meeting type, or the generic skeleton's name. */
    templateName: !template || template.type === meeting.type ? MEETING_TYPE_LABELS[meeting.type] : template.name,
    templateAvailable: template !== null,
    totalMinutes: sumMinutes(rows),
    minimumMinutes: minimumMinutes(meeting.type, settings),
    publication: publicationView(db, meeting, settings.agendaLeadDays, now),
    editable: EDITABLE_STATUSES.includes(meeting.status),
    lockedReason: lockedReason(meeting.status),
  }
}
export type AgendaEditView = ReturnType<typeof agendaForEdit>

export type AgendaSummary = { itemCount: number; totalMinutes: number }

/**
 * Item count and planned minutes per meeting, in one query, for lists and home pages that show an
 * agenda's state ("chưa soạn" = no items, "đã soạn" = items but not published, "đã gửi" = isPublished).
 * The caller has already loaded the meetings within the actor's grants. Meetings without items are absent.
 */
export function agendaSummaries(db: Executor, meetingIds: string[]): Map<string, AgendaSummary> {
  const out = new Map<string, AgendaSummary>()
  if (meetingIds.length === 0) return out
  const rows = db
    .select({
      meetingId: agendaItems.meetingId,
      itemCount: sql<number>`count(*)`,
      totalMinutes: sql<number>`coalesce(sum(${agendaItems.plannedMinutes}), 0)`,
    })
    .from(agendaItems)
    .where(inArray(agendaItems.meetingId, meetingIds))
    .groupBy(agendaItems.meetingId)
    .all()
  for (const r of rows) out.set(r.meetingId, { itemCount: r.itemCount, totalMinutes: r.totalMinutes })
  return out
}

/** One item as stored (for the editor's conflict message: "the latest version reads …"). */
export function agendaItemForPlanning(db: Executor, actor: Actor, itemId: string): AgendaItem {
  return itemForPlanning(db, actor, itemId).item
}

// ---------------------------------------------------------------------------------------------
// Helpers

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

function lockedReason(status: MeetingStatus): string | null {
  if (status === 'cancelled') return 'Buổi sinh hoạt đã bị hủy; chương trình không sửa được nữa.'
  if (!EDITABLE_STATUSES.includes(status)) {
    return 'Buổi sinh hoạt đã bắt đầu nên chương trình không sửa được nữa. Những thay đổi tại buổi sinh hoạt được ghi vào biên bản.'
  }
  return null
}

function assertEditable(meeting: Pick<ScopedMeeting, 'status'>): void {
  const reason = lockedReason(meeting.status)
  if (reason) throw new AppError(422, reason)
}

function itemConflict(): AppError {
  return conflict(
    'Nội dung này vừa được người khác sửa trong lúc đồng chí đang soạn. Phần đồng chí nhập vẫn được giữ trong ô soạn thảo; hãy xem bản mới nhất rồi bấm "Lưu" lần nữa nếu vẫn muốn ghi đè.',
  )
}

function itemForPlanning(tx: Executor, actor: Actor, itemId: string): { item: AgendaItem; meeting: ScopedMeeting } {
  const item = tx.select().from(agendaItems).where(eq(agendaItems.id, itemId)).get()
  if (!item) throw notFound('Không tìm thấy nội dung này trong chương trình; có thể nó vừa bị xoá. Hãy tải lại trang.')
  const meeting = getMeeting(tx, actor, item.meetingId, 'meeting:plan')
  return { item, meeting }
}

/** Items of a meeting in agenda order: section I, II, III, then position. */
const itemsQuery = preparedPer((tx: Executor) =>
  tx
    .select()
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, sql.placeholder('meetingId')))
    .orderBy(asc(agendaItems.position), asc(agendaItems.createdAt), asc(agendaItems.id))
    .prepare(),
)

function orderedItems(tx: Executor, meetingId: string): AgendaItem[] {
  return itemsQuery(tx)
    .all({ meetingId })
    .sort((a, b) => SECTION_INDEX[a.section] - SECTION_INDEX[b.section] || a.position - b.position)
}

/** Rewrites positions 10, 20, … in list order (positions are layout, not content: no version bump). */
function renumber(tx: Executor, list: AgendaItem[]): void {
  list.forEach((item, i) => {
    const position = (i + 1) * POSITION_STEP
    if (item.position !== position) {
      tx.update(agendaItems).set({ position }).where(eq(agendaItems.id, item.id)).run()
      item.position = position
    }
  })
}

function sumMinutes(rows: Pick<AgendaItem, 'plannedMinutes'>[]): number {
  return rows.reduce((sum, r) => sum + (r.plannedMinutes ?? 0), 0)
}

function bodyOrThrow(input: unknown): RichText {
  const result = validateRichText(input, { maxBytes: MAX_BODY_BYTES })
  if (!result.ok) throw new AppError(422, result.error, 'body')
  return result.doc
}

function checkFields(tx: Executor, meeting: ScopedMeeting, input: Omit<NewAgendaItemInput, 'body' | 'role'>) {
  const title = cleanText(input.title ?? '')
  if (!title) throw new AppError(422, 'Vui lòng nhập tên nội dung.', 'title')
  if (title.length > MAX_TITLE_LENGTH) throw new AppError(422, `Tên nội dung dài quá ${MAX_TITLE_LENGTH} ký tự; hãy rút gọn.`, 'title')
  if (!AGENDA_SECTIONS.includes(input.section)) throw new AppError(422, 'Vui lòng chọn phần của chương trình.', 'section')
  const minutes = input.plannedMinutes ?? null
  if (minutes !== null && !(Number.isInteger(minutes) && minutes >= 0 && minutes <= MAX_ITEM_MINUTES)) {
    throw new AppError(422, `Thời lượng là số phút, từ 0 đến ${MAX_ITEM_MINUTES}.`, 'plannedMinutes')
  }
  let presenterMemberId: string | null = input.presenterMemberId || null
  let presenterName: string | null = input.presenterName ? cleanText(input.presenterName) || null : null
  if (presenterMemberId) {
    const member = tx
      .select({ id: members.id })
      .from(members)
      .where(and(eq(members.id, presenterMemberId), eq(members.cellId, meeting.cellId)))
      .get()
    if (!member) throw new AppError(422, 'Người trình bày phải là đảng viên của chi bộ; với khách mời, hãy ghi tên vào ô "Khách mời".', 'presenterMemberId')
    presenterName = null
  } else {
    presenterMemberId = null
  }
  if (presenterName && presenterName.length > MAX_PRESENTER_NAME_LENGTH) {
    throw new AppError(422, `Tên người trình bày dài quá ${MAX_PRESENTER_NAME_LENGTH} ký tự.`, 'presenterName')
  }
  return { title, section: input.section, presenterMemberId, presenterName, plannedMinutes: minutes }
}

/** Labels of the document references inside a text, by id (for error messages). */
function refLabels(doc: RichText): Map<string, string> {
  const labels = new Map<string, string>()
  const visit = (node: RichText, depth: number) => {
    if (depth > MAX_DEPTH || !node || typeof node !== 'object') return
    if (node.type === 'resolutionRef' && typeof node.attrs?.id === 'string' && !labels.has(node.attrs.id)) {
      labels.set(node.attrs.id, typeof node.attrs.label === 'string' ? node.attrs.label : '')
    }
    for (const child of node.content ?? []) visit(child, depth + 1)
  }
  visit(doc, 0)
  return labels
}

/**
 * Every document referenced in the text must be in the register of the cell or of one of its upper
 * bodies (what the cell's members may read) and readable by the actor; otherwise a 422 naming it.
 */
function checkDocumentRefs(tx: Executor, actor: Actor, meeting: ScopedMeeting, body: RichText): string[] {
  const ids = collectResolutionRefs(body)
  if (ids.length === 0) return ids
  const readable = new Set(
    tx
      .select({ id: documents.id })
      .from(documents)
      .innerJoin(organizations, eq(documents.orgId, organizations.id))
      .where(and(inArray(documents.id, ids), inArray(documents.orgId, pathIds(meeting.cell.path)), visibleDocuments(actor)))
      .all()
      .map((d) => d.id),
  )
  const missing = ids.filter((id) => !readable.has(id))
  if (missing.length > 0) {
    const labels = refLabels(body)
    const named = missing.map((id) => `"${labels.get(id) || id}"`).join(', ')
    throw new AppError(
      422,
      `Không tìm thấy văn bản được tham chiếu trong sổ văn bản của chi bộ hoặc cấp trên: ${named}. Hãy xoá tham chiếu đó rồi chèn lại bằng nút "Chèn văn bản".`,
      'body',
    )
  }
  return ids
}

/** Makes agenda_item_links exactly the documents referenced in the body. Returns the linked ids. */
function syncLinks(tx: Executor, itemId: string, body: RichText): string[] {
  const wanted = collectResolutionRefs(body)
  const current = tx
    .select({ documentId: agendaItemLinks.documentId })
    .from(agendaItemLinks)
    .where(eq(agendaItemLinks.agendaItemId, itemId))
    .all()
    .map((r) => r.documentId)
  const stale = current.filter((id) => !wanted.includes(id))
  if (stale.length > 0) {
    tx.delete(agendaItemLinks)
      .where(and(eq(agendaItemLinks.agendaItemId, itemId), inArray(agendaItemLinks.documentId, stale)))
      .run()
  }
  const fresh = wanted.filter((id) => !current.includes(id))
  if (fresh.length > 0) tx.insert(agendaItemLinks).values(fresh.map((documentId) => ({ agendaItemId: itemId, documentId }))).run()
  return wanted
}

type Candidates = { chair: string | null; secretary: string | null; drafter: string | null; minuteTaker: string | null }

function presenterCandidates(tx: Executor, meeting: ScopedMeeting): Candidates {
  const leaders = tx
    .select({ id: members.id, position: members.position })
    .from(members)
    .where(and(eq(members.cellId, meeting.cellId), inArray(members.position, ['secretary', 'deputy']), isNull(members.endedOn)))
    .orderBy(asc(members.searchName))
    .all()
  const secretary = leaders.find((m) => m.position === 'secretary')?.id ?? leaders.find((m) => m.position === 'deputy')?.id ?? null
  return {
    chair: meeting.chairMemberId ?? secretary,
    secretary,
    drafter: meeting.drafterMemberId,
    minuteTaker: meeting.secretaryMemberId,
  }
}

function resolvePresenter(hint: PresenterHint, people: Candidates): { memberId: string | null; name: string | null } {
  switch (hint) {
    case 'chair':
      return { memberId: people.chair, name: null }
    case 'secretary':
      return { memberId: people.secretary, name: null }
    case 'drafter':
      return { memberId: people.drafter, name: null }
    case 'minute_taker':
      return people.minuteTaker ? { memberId: people.minuteTaker, name: null } : { memberId: null, name: PRESENTER_HINT_TEXT.minute_taker! }
    case 'upper_representative':
    case 'members':
      return { memberId: null, name: PRESENTER_HINT_TEXT[hint]! }
    default:
      return { memberId: null, name: null }
  }
}

function presenterNames(tx: Executor, rows: Pick<AgendaItem, 'presenterMemberId'>[]): Map<string, string> {
  const ids = [...new Set(rows.map((r) => r.presenterMemberId).filter((id): id is string => Boolean(id)))]
  if (ids.length === 0) return new Map()
  const found = tx.select({ id: members.id, fullName: members.fullName }).from(members).where(inArray(members.id, ids)).all()
  return new Map(found.map((m) => [m.id, `Đ/c ${m.fullName}`]))
}

function linkedDocuments(tx: Executor, itemIds: string[]): Map<string, LinkedDocument[]> {
  const out = new Map<string, LinkedDocument[]>()
  if (itemIds.length === 0) return out
  const rows = tx
    .select({
      itemId: agendaItemLinks.agendaItemId,
      id: documents.id,
      docType: documents.docType,
      numberText: documents.numberText,
      issuedOn: documents.issuedOn,
      issuer: documents.issuer,
      title: documents.title,
      status: documents.status,
    })
    .from(agendaItemLinks)
    .innerJoin(documents, eq(agendaItemLinks.documentId, documents.id))
    .where(inArray(agendaItemLinks.agendaItemId, itemIds))
    .orderBy(asc(documents.issuedOn), asc(documents.id))
    .all()
  for (const r of rows) {
    const list = out.get(r.itemId) ?? []
    list.push({ id: r.id, label: citeDocument(r), title: r.title, status: r.status })
    out.set(r.itemId, list)
  }
  return out
}

/** The cell's tasks under review at this meeting (open ones, and finished ones not yet reviewed). */
function tasksForReviewItem(tx: Executor, meeting: ScopedMeeting): AgendaReviewTask[] {
  return tasksForReview(tx, meeting.cellId, meeting.startsAt).map((t) => ({
    id: t.id,
    text: t.text,
    memberName: t.memberName,
    dueOn: t.dueOn,
    status: t.status,
    resultNote: t.resultNote,
  }))
}

function meetingView(meeting: ScopedMeeting): AgendaMeetingView {
  return {
    id: meeting.id,
    title: meetingTitle(meeting),
    type: meeting.type,
    typeLabel: MEETING_TYPE_LABELS[meeting.type],
    status: meeting.status,
    startsAt: meeting.startsAt,
    when: `${formatUiDate(meeting.startsAt)} lúc ${formatTime(meeting.startsAt)}`,
    place: meeting.place,
    form: meeting.form,
    plannedMinutes: meeting.plannedMinutes,
    cancelledReason: meeting.cancelledReason,
    movedFrom: meeting.movedFrom,
    moveReason: meeting.moveReason,
    cell: { id: meeting.cell.id, name: meeting.cell.name },
  }
}

function publicationView(tx: Executor, meeting: ScopedMeeting, leadDays: number, now: Date): PublicationView {
  const deadline = publicationDeadline(meeting.startsAt, leadDays)
  const published = isPublished(meeting)
  const sendings = published
    ? tx
        .select({ id: auditLog.id, at: auditLog.at, details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'meeting'), eq(auditLog.entityId, meeting.id), eq(auditLog.action, 'agenda.publish')))
        .orderBy(asc(auditLog.id))
        .all()
    : []
  const last = sendings.at(-1)
  const lastSentAt = last ? (typeof last.details?.publishedAt === 'string' ? last.details.publishedAt : last.at) : null
  const changedSinceSent = last
    ? Boolean(
        tx
          .select({ id: auditLog.id })
          .from(auditLog)
          .where(
            and(
              eq(auditLog.entityType, 'meeting'),
              eq(auditLog.entityId, meeting.id),
              like(auditLog.action, 'agenda.item_%'),
              gt(auditLog.id, last.id),
            ),
          )
          .get(),
      )
    : false
  return {
    published,
    publishedAt: published ? meeting.publishedAt : null,
    lastSentAt: published ? (sendings.length > 1 ? lastSentAt : meeting.publishedAt) : null,
    sendCount: published ? Math.max(sendings.length, 1) : 0,
    deadline,
    late: published && meeting.publishedAt !== null && Date.parse(meeting.publishedAt) > Date.parse(deadline),
    overdue: !published && meeting.status !== 'cancelled' && now.getTime() > Date.parse(deadline),
    changedSinceSent,
  }
}

function safeTemplate(type: MeetingType): AgendaTemplate | null {
  try {
    return loadAgendaTemplate(type)
  } catch {
    return null
  }
}

// Downloads of minutes and resolutions (issue 6 items 4, 5, 7): one meeting's documents as .docx, a
// cell's year as a minutes book, and a cell's or a subtree's year as a .zip bundle with a manifest for
// the national member-handbook app, built in the background.
//
// A signed version prints from its stored snapshot only (the same version always gives the same
// document); a draft prints from the live record and the narrative in progress, marked DỰ THẢO, and
// only for those who may read drafts. The numbers of a meeting's minutes (BB, when the organisation
// numbers minutes) and resolution (NQ) are allocated once, the first time its signed version is
// exported, dated the meeting day, and reused from then on.
import { once } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'
import { finished } from 'node:stream/promises'

import { and, asc, desc, eq, inArray, like, or, sql } from 'drizzle-orm'
import {
  AlignmentType,
  Bookmark,
  Document,
  HeadingLevel,
  InternalHyperlink,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
  type ISectionOptions,
} from 'docx'
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate'
import { uuidv7 } from 'uuidv7'

import type { DB, Executor } from '../../db/client.server'
import { agendaItems, exportJobs, meetings, members, minutes, minutesVersions, organizations, signatures, users } from '../../db/schema'
import { isCellKind, MEETING_TYPE_LABELS, SIGNER_ROLE_LABELS, type MeetingType, type MemberPosition } from '~/domain/constants'
import type { RecordSnapshot } from '~/domain/minutes-text'
import { can, type Actor } from '~/domain/permissions'
import { formatDocumentDate, formatUiDateShort, toIsoDate, toIsoWithOffset } from '~/domain/vn-date'
import {
  centered,
  DOCUMENT_STYLES,
  endParagraph,
  FONT,
  headerTable,
  minutesSignatureTable,
  pageNumberHeader,
  run,
  SECTION_PROPERTIES,
  SIZE,
  spacer,
  TEXT_WIDTH,
  THIN_BORDERS,
  titleBlock,
  upper,
  verificationFooter,
  verificationLine,
} from '~/export/docx-layout'
import { minutesViewModel, type HeaderFacts, type Positions, type StoredSection } from '~/export/minutes-vm.server'
import { minutesBody, renderMinutesDocx, renderResolutionDocx, signedAtNote } from '~/export/render.server'
import { resolutionViewModel } from '~/export/resolution-vm.server'
import { ListRegistry } from '~/export/rich-text-docx'
import { normalizeDocx } from '~/export/templates.server'
import type { MinutesSigning, MinutesViewModel, ResolutionSigning } from '~/export/view-model'
import { writeAudit } from './audit.server'
import { AppError, forbidden, notFound, type ActorContext } from './context'
import { getMeeting, meetingTitle, type ScopedMeeting } from './meetings.server'
import { buildRecordSnapshot, defaultNarrative, type MinutesVersion } from './minutes.server'
import { allocateNumber, numberOfMeeting } from './numbering.server'
import { ancestorsOf, effectiveSettings, getOrganization, type Organization } from './organizations.server'
import { templateContentFor } from './templates.server'

export type DocxFile = { fileName: string; asciiName: string; buffer: Buffer }

export type ExportOptions = {
  /** A version of the minutes; default: the current signed version, else the one awaiting signatures, else the draft. */
  versionId?: string | null
  /** The draft in progress (live record and narrative), even when a signed version exists. */
  draft?: boolean
  /** Origin of the verification links ("https://sochibo.example.vn"); PUBLIC_URL wins when set. */
  origin?: string | null
}

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

// ---------------------------------------------------------------------------------------------
// Small helpers

/**
 * The origin printed in verification links and QR codes. PUBLIC_URL (the address members reach the
 * app at) keeps documents identical whichever address they were downloaded from.
 */
export function publicOrigin(fallback?: string | null): string {
  const configured = process.env.PUBLIC_URL?.trim()
  const origin = configured || fallback?.trim() || 'http://localhost:3000'
  return origin.replace(/\/+$/, '')
}

/** `attachment; filename="bien-ban-….docx"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n…` */
export function contentDisposition(fileName: string, asciiName: string): string {
  const encoded = encodeURIComponent(fileName.normalize('NFC')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${asciiName.replace(/["\\]/g, '')}"; filename*=UTF-8''${encoded}`
}

/** A name safe as a file or folder name on Windows, macOS and Linux. */
function safeName(text: string): string {
  const printable = [...text.normalize('NFC')].map((c) => (c.charCodeAt(0) < 32 ? ' ' : c)).join('')
  return printable.replace(/[\\/:*?"<>|]+/g, '-').replace(/\s+/g, ' ').trim().replace(/^\.+/, '') || 'khong-ten'
}

function shortNameOf(org: Pick<Organization, 'name' | 'shortName'>): string {
  return safeName(org.shortName?.trim() || org.name)
}

/** When a meeting was held: its actual start, else the planned one. */
const meetingDay = sql`coalesce(${meetings.startedAt}, ${meetings.startsAt})`

/** Instants bounding a calendar year in Hà Nội (UTC+7). */
function yearRange(year: number): [string, string] {
  const from = new Date(Date.UTC(year, 0, 1) - 7 * 3_600_000).toISOString()
  const to = new Date(Date.UTC(year + 1, 0, 1) - 7 * 3_600_000).toISOString()
  return [from, to]
}

function validYear(year: number): number {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError(422, 'Năm không hợp lệ (ví dụ 2026).', 'year')
  return year
}

/** Readers of minutes that are not signed yet: the record's keepers, the signers and inspectors (as the minutes page). */
export function canReadDrafts(actor: Actor, m: Pick<ScopedMeeting, 'chairMemberId' | 'secretaryMemberId' | 'cell'>): boolean {
  const scope = { orgPath: m.cell.path }
  if (can(actor, 'meeting:record', scope) || can(actor, 'inspection:read', scope)) return true
  return actor.memberId !== null && (actor.memberId === m.chairMemberId || actor.memberId === m.secretaryMemberId)
}

/** The actor, allowed to take a number for the meeting it exports (the audit names who triggered it). */
function numberingContext(actor: Actor | null): ActorContext {
  return {
    actor: {
      userId: actor?.userId ?? 'system',
      username: actor?.username ?? 'hệ thống',
      displayName: actor?.displayName ?? 'Hệ thống',
      memberId: null,
      isSystemAdmin: true,
      grants: [],
    },
    ip: null,
  }
}

// ---------------------------------------------------------------------------------------------
// Numbers, header, signers

export type MeetingNumbers = { minutes: string | null; resolution: string | null }

/**
 * The meeting's numbers. With `allocate` (a signed version is being exported), a missing number is
 * taken: BB when the organisation numbers minutes, NQ always, dated the meeting day. Numbers follow
 * the order of the meetings: the cell's earlier signed meetings still without a number get theirs
 * first, so downloading October's minutes before January's does not give October 01. Allocation is
 * idempotent per meeting and type (allocateNumber returns the number a meeting already has).
 */
export function meetingNumbers(
  db: DB,
  meeting: Pick<ScopedMeeting, 'id' | 'startsAt' | 'startedAt'>,
  cell: Organization,
  opts: { allocate: boolean; by: Actor | null },
): MeetingNumbers {
  const settings = effectiveSettings(db, cell)
  const issuer = settings.issuerCode || 'CB'
  const current = () => ({ minutes: numberOfMeeting(db, meeting.id, 'BB', issuer), resolution: numberOfMeeting(db, meeting.id, 'NQ', issuer) })
  const found = current()
  if (!opts.allocate || ((found.minutes || !settings.numberMinutes) && found.resolution)) return found
  const ctx = numberingContext(opts.by)
  const day = meeting.startedAt ?? meeting.startsAt
  const earlier = db
    .select({ id: meetings.id, startsAt: meetings.startsAt, startedAt: meetings.startedAt })
    .from(minutesVersions)
    .innerJoin(meetings, eq(minutesVersions.meetingId, meetings.id))
    .where(and(eq(meetings.cellId, cell.id), eq(minutesVersions.status, 'signed'), sql`${meetingDay} <= ${day}`))
    .orderBy(asc(meetingDay), asc(meetings.id))
    .all()
  if (!earlier.some((m) => m.id === meeting.id)) earlier.push({ id: meeting.id, startsAt: meeting.startsAt, startedAt: meeting.startedAt })
  for (const m of earlier) {
    const onDate = toIsoDate(m.startedAt ?? m.startsAt)
    if (settings.numberMinutes && !numberOfMeeting(db, m.id, 'BB', issuer)) allocateNumber(db, ctx, { orgId: cell.id, docType: 'BB', meetingId: m.id, onDate })
    if (!numberOfMeeting(db, m.id, 'NQ', issuer)) allocateNumber(db, ctx, { orgId: cell.id, docType: 'NQ', meetingId: m.id, onDate })
  }
  return current()
}

/** The upper body (the cell's parent) and the place of the date line. */
function headerFacts(db: Executor, cell: Organization, number: string | null): HeaderFacts {
  const chain = ancestorsOf(db, cell)
  const parent = chain.length >= 2 ? chain[chain.length - 2] : null
  return { upperBody: parent?.name ?? null, issuer: null, number, place: effectiveSettings(db, cell).placeName }
}

function positionsOf(db: Executor, record: RecordSnapshot): Positions {
  const ids = [record.meeting.chairMemberId, record.meeting.secretaryMemberId].filter((id): id is string => Boolean(id))
  if (ids.length === 0) return {}
  const rows = db.select({ id: members.id, position: members.position }).from(members).where(inArray(members.id, ids)).all()
  return Object.fromEntries(rows.map((r) => [r.id, r.position as MemberPosition]))
}

function reviewItemIdOf(db: Executor, meetingId: string): string | null {
  return (
    db
      .select({ id: agendaItems.id })
      .from(agendaItems)
      .where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.role, 'review_last_month')))
      .get()?.id ?? null
  )
}

type SignedAt = { chair: string; secretary: string }

function signaturesOf(db: Executor, version: MinutesVersion): SignedAt {
  const rows = db.select().from(signatures).where(eq(signatures.versionId, version.id)).all()
  const at = (role: 'chair' | 'secretary') => rows.find((s) => s.role === role)?.signedAt ?? version.signedAt ?? version.createdAt
  return { chair: at('chair'), secretary: at('secretary') }
}

// ---------------------------------------------------------------------------------------------
// What a meeting's documents are made from

type Source = {
  meeting: ScopedMeeting
  version: MinutesVersion | null
  signed: SignedAt | null
  record: RecordSnapshot
  narrative: StoredSection[]
}

function parseSnapshot(version: MinutesVersion): { record: RecordSnapshot; narrative: StoredSection[] } {
  const parsed = JSON.parse(version.snapshot) as { record: RecordSnapshot; narrative?: StoredSection[] }
  return { record: parsed.record, narrative: parsed.narrative ?? [] }
}

function isSignedStatus(status: MinutesVersion['status']): boolean {
  return status === 'signed' || status === 'superseded'
}

/** A signed version as a Source, read only from what was stored when it was signed. */
function signedSource(db: Executor, meeting: ScopedMeeting, version: MinutesVersion): Source {
  const { record, narrative } = parseSnapshot(version)
  return { meeting, version, signed: signaturesOf(db, version), record, narrative }
}

function sourceFor(db: DB, actor: Actor, meeting: ScopedMeeting, opts: ExportOptions): Source {
  const versions = db.select().from(minutesVersions).where(eq(minutesVersions.meetingId, meeting.id)).orderBy(desc(minutesVersions.versionNo)).all()
  let version: MinutesVersion | null = null
  if (opts.versionId) {
    version = versions.find((v) => v.id === opts.versionId) ?? null
    if (!version) throw notFound('Không tìm thấy bản biên bản này.')
    if (!isSignedStatus(version.status) && !canReadDrafts(actor, meeting)) throw notFound('Không tìm thấy bản biên bản này.')
  } else if (!opts.draft) {
    version = versions.find((v) => v.status === 'signed') ?? versions.find((v) => v.status === 'pending') ?? null
  }
  if (version && isSignedStatus(version.status)) return signedSource(db, meeting, version)
  if (!canReadDrafts(actor, meeting)) throw forbidden('Biên bản chưa được ký. Đồng chí sẽ tải được sau khi chủ trì và thư ký ký.')
  if (version) {
    // Awaiting signatures (or withdrawn): the frozen text, still a draft.
    const { record, narrative } = parseSnapshot(version)
    return { meeting, version, signed: null, record, narrative }
  }
  if (!['in_progress', 'minutes_draft', 'signing', 'signed'].includes(meeting.status)) {
    throw new AppError(422, 'Buổi sinh hoạt chưa diễn ra nên chưa có biên bản.')
  }
  return { meeting, version: null, signed: null, ...liveDraft(db, meeting) }
}

/** The live record and the narrative being written (or the one the app would pre-fill). */
function liveDraft(db: DB, meeting: ScopedMeeting): { record: RecordSnapshot; narrative: StoredSection[] } {
  const record = buildRecordSnapshot(db, meeting.id)
  const saved = db.select({ sections: minutes.sections }).from(minutes).where(eq(minutes.meetingId, meeting.id)).get()
  const narrative: StoredSection[] = saved?.sections?.length ? saved.sections : defaultNarrative(db, meeting)
  return { record, narrative }
}

function minutesSigning(source: Source, origin: string): MinutesSigning {
  if (!source.signed || !source.version) return { state: 'draft' }
  const code = source.version.verifyCode
  return { state: 'signed', verifyCode: code, verifyUrl: `${origin}/verify/${code}`, secretarySignedAt: source.signed.secretary, chairSignedAt: source.signed.chair }
}

function resolutionSigning(source: Source, origin: string): ResolutionSigning {
  if (!source.signed || !source.version) return { state: 'draft' }
  const code = source.version.verifyCode
  return { state: 'signed', verifyCode: code, verifyUrl: `${origin}/verify/${code}`, signedAt: source.signed.chair }
}

function minutesVmOf(db: DB, source: Source, number: string | null, origin: string): MinutesViewModel {
  return minutesViewModel({
    record: source.record,
    narrative: source.narrative,
    header: headerFacts(db, source.meeting.cell, number),
    signing: minutesSigning(source, origin),
    positions: positionsOf(db, source.record),
  })
}

function resolutionVmOf(db: DB, source: Source, number: string | null, origin: string) {
  return resolutionViewModel({
    record: source.record,
    reviewItemId: reviewItemIdOf(db, source.meeting.id),
    header: headerFacts(db, source.meeting.cell, number),
    signing: resolutionSigning(source, origin),
    positions: positionsOf(db, source.record),
  })
}

function documentNames(kind: 'minutes' | 'resolution', cell: Organization, date: string, draft: boolean) {
  const label = kind === 'minutes' ? 'Biên bản' : 'Nghị quyết'
  const slug = kind === 'minutes' ? 'bien-ban' : 'nghi-quyet'
  return {
    fileName: `${label} ${date} ${shortNameOf(cell)}${draft ? ' (dự thảo)' : ''}.docx`,
    asciiName: `${slug}-${date}${draft ? '-du-thao' : ''}.docx`,
  }
}

// ---------------------------------------------------------------------------------------------
// One meeting

/**
 * The minutes of a meeting as .docx. Default: the current signed version; without one, the draft
 * (marked DỰ THẢO) for those who may read drafts — others get 403, and a meeting they may not see 404.
 */
export async function minutesDocx(db: DB, actor: Actor, meetingId: string, opts: ExportOptions = {}): Promise<DocxFile> {
  const meeting = getMeeting(db, actor, meetingId)
  const source = sourceFor(db, actor, meeting, opts)
  const numbers = meetingNumbers(db, meeting, meeting.cell, { allocate: source.signed !== null, by: actor })
  const vm = minutesVmOf(db, source, numbers.minutes, publicOrigin(opts.origin))
  const buffer = await renderMinutesDocx(vm, templateContentFor(db, meeting.cell, vm.kind))
  return { ...documentNames('minutes', meeting.cell, vm.header.date, source.signed === null), buffer }
}

/** The meeting's resolution as .docx, from the same record and with the same rules as minutesDocx. */
export async function resolutionDocx(db: DB, actor: Actor, meetingId: string, opts: ExportOptions = {}): Promise<DocxFile> {
  const meeting = getMeeting(db, actor, meetingId)
  const source = sourceFor(db, actor, meeting, opts)
  const numbers = meetingNumbers(db, meeting, meeting.cell, { allocate: source.signed !== null, by: actor })
  const vm = resolutionVmOf(db, source, numbers.resolution, publicOrigin(opts.origin))
  const buffer = await renderResolutionDocx(vm, templateContentFor(db, meeting.cell, 'resolution'))
  return { ...documentNames('resolution', meeting.cell, vm.header.date, source.signed === null), buffer }
}

// ---------------------------------------------------------------------------------------------
// Signed meetings of a year

export type SignedMeetingRow = { meeting: typeof meetings.$inferSelect; version: MinutesVersion; cell: Organization }

/** Meetings of the cells whose minutes have a current signed version, held in the year, by cell then date. */
export function signedMeetingsOf(db: Executor, cellIds: readonly string[], year: number): SignedMeetingRow[] {
  if (cellIds.length === 0) return []
  const [from, to] = yearRange(year)
  return db
    .select({ meeting: meetings, version: minutesVersions, cell: organizations })
    .from(minutesVersions)
    .innerJoin(meetings, eq(minutesVersions.meetingId, meetings.id))
    .innerJoin(organizations, eq(meetings.cellId, organizations.id))
    .where(and(inArray(meetings.cellId, [...cellIds]), eq(minutesVersions.status, 'signed'), sql`${meetingDay} >= ${from}`, sql`${meetingDay} < ${to}`))
    .orderBy(asc(organizations.path), asc(meetingDay), asc(meetings.id))
    .all()
}

/** Cells in the organisation's subtree (itself when it is a cell), archived ones included: their history counts. */
function cellsUnder(db: Executor, org: Organization): Organization[] {
  return db
    .select()
    .from(organizations)
    .where(and(like(organizations.path, `${org.path}%`), or(eq(organizations.kind, 'cell_base'), eq(organizations.kind, 'cell_sub'))))
    .orderBy(asc(organizations.path))
    .all()
}

/** Signed minutes per cell of the subtree in a year, for the exports page. */
export function signedCountsByCell(db: Executor, org: Organization, year: number) {
  const cells = cellsUnder(db, org)
  const rows = signedMeetingsOf(db, cells.map((c) => c.id), year)
  return cells.map((c) => ({ id: c.id, name: c.name, archived: c.archivedAt !== null, signed: rows.filter((r) => r.cell.id === c.id).length }))
}

/** Years with signed minutes in the subtree, newest first, always with the current year. */
export function exportYears(db: Executor, org: Organization, now = new Date()): number[] {
  const cells = cellsUnder(db, org).map((c) => c.id)
  const years = new Set<number>([Number(toIsoDate(now).slice(0, 4))])
  if (cells.length > 0) {
    const rows = db
      .select({ day: meetingDay })
      .from(minutesVersions)
      .innerJoin(meetings, eq(minutesVersions.meetingId, meetings.id))
      .where(and(inArray(meetings.cellId, cells), eq(minutesVersions.status, 'signed')))
      .all() as { day: string }[]
    for (const r of rows) years.add(Number(toIsoDate(r.day).slice(0, 4)))
  }
  return [...years].sort((a, b) => b - a)
}

function scopedMeetingOf(row: SignedMeetingRow): ScopedMeeting {
  return { ...row.meeting, cell: row.cell }
}

// ---------------------------------------------------------------------------------------------
// The minutes book

/** Contents table: STT, date, title, number, verification code (twips; 12 pt text). */
const BOOK_COLUMNS = [700, 1500, 4055, 1400, 1700] as const
const BOOK_TABLE_SIZE = 24

function bookTableCell(children: Paragraph[], width: number): TableCell {
  return new TableCell({ width: { size: width, type: WidthType.DXA }, margins: { top: 40, bottom: 40, left: 80, right: 80 }, children })
}

function cellText(text: string, options: { bold?: boolean; center?: boolean } = {}): Paragraph {
  return new Paragraph({ alignment: options.center ? AlignmentType.CENTER : AlignmentType.LEFT, children: [run(text, { size: BOOK_TABLE_SIZE, bold: options.bold })] })
}

type BookEntry = { vm: MinutesViewModel; anchor: string; verifyCode: string; verifyUrl: string }

function bookDocument(input: { cell: Organization; upperBody: string | null; year: number; entries: BookEntry[] }): Document {
  const { cell, upperBody, year, entries } = input
  const lists = new ListRegistry()
  const ctx = { lists }
  const props = { ...SECTION_PROPERTIES, titlePage: false }
  const first = entries[0]?.vm.header.date
  const last = entries[entries.length - 1]?.vm.header.date

  const cover: FileChild[] = [
    centered(upperBody ? upper(upperBody) : ''),
    centered(upper(cell.name), { bold: true }),
    centered('*'),
    centered('SỔ BIÊN BẢN', { bold: true, size: 44 }, { spacing: { before: 3600, after: 120 } }),
    centered('SINH HOẠT CHI BỘ', { bold: true, size: SIZE.docType }),
    centered(`NĂM ${year}`, { bold: true, size: SIZE.docType }, { spacing: { before: 240, after: 0 } }),
    centered(
      entries.length > 0 ? `Gồm ${entries.length} biên bản đã ký, từ ngày ${formatUiDateShort(first!)} đến ngày ${formatUiDateShort(last!)}` : 'Chưa có biên bản đã ký trong năm',
      { italics: true },
      { spacing: { before: 480, after: 0 } },
    ),
  ]

  const headerRow = new TableRow({
    tableHeader: true,
    children: ['STT', 'Ngày', 'Biên bản', 'Số', 'Mã xác minh'].map((h, i) => bookTableCell([cellText(h, { bold: true, center: true })], BOOK_COLUMNS[i])),
  })
  const rows = entries.map(
    (e, i) =>
      new TableRow({
        cantSplit: true,
        children: [
          bookTableCell([cellText(String(i + 1), { center: true })], BOOK_COLUMNS[0]),
          bookTableCell([cellText(formatUiDateShort(e.vm.header.date), { center: true })], BOOK_COLUMNS[1]),
          bookTableCell(
            [new Paragraph({ children: [new InternalHyperlink({ anchor: e.anchor, children: [new TextRun({ text: e.vm.subject, font: FONT, size: BOOK_TABLE_SIZE })] })] })],
            BOOK_COLUMNS[2],
          ),
          bookTableCell([cellText(e.vm.header.number ?? '—', { center: true })], BOOK_COLUMNS[3]),
          bookTableCell([cellText(e.verifyCode, { center: true })], BOOK_COLUMNS[4]),
        ],
      }),
  )
  const contents: FileChild[] = [
    centered('MỤC LỤC', { bold: true, size: SIZE.docType }, { spacing: { before: 0, after: 240 } }),
    new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: [...BOOK_COLUMNS], layout: TableLayoutType.FIXED, borders: THIN_BORDERS, rows: [headerRow, ...rows] }),
    centered('(Bấm vào tên biên bản để đến trang của biên bản đó.)', { italics: true, size: SIZE.signatureNote }, { spacing: { before: 120, after: 0 } }),
  ]

  const sections: ISectionOptions[] = [
    { properties: props, children: cover },
    { properties: props, headers: { default: pageNumberHeader() }, children: contents },
    ...entries.map((e): ISectionOptions => {
      const vm = e.vm
      const signing = vm.signing.state === 'signed' ? vm.signing : null
      const title = titleBlock('BIÊN BẢN', vm.subject)
      return {
        properties: props,
        headers: { default: pageNumberHeader() },
        footers: { default: verificationFooter(verificationLine(e.verifyCode, e.verifyUrl)) },
        children: [
          headerTable({
            upperBody: vm.header.upperBody ? upper(vm.header.upperBody) : '',
            issuer: upper(vm.header.issuer),
            number: vm.header.number ? `Số ${vm.header.number}` : '',
            placeDate: formatDocumentDate(vm.header.date, vm.header.place),
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { before: 360, after: 0 },
            keepNext: true,
            children: [new Bookmark({ id: e.anchor, children: [run('BIÊN BẢN', { bold: true, size: SIZE.docType })] })],
          }),
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            alignment: AlignmentType.CENTER,
            spacing: { before: 0, after: 0 },
            keepNext: true,
            children: [run(vm.subject, { bold: true })],
          }),
          title[2],
          ...minutesBody(vm, ctx),
          spacer(240),
          minutesSignatureTable(
            { titles: ['THƯ KÝ'], instruction: '(Ký, ghi rõ họ tên)', note: signing ? signedAtNote(signing.secretarySignedAt) : '', name: vm.secretary.name },
            { titles: ['CHỦ TRÌ'], instruction: '(Ký, ghi rõ họ tên)', note: signing ? signedAtNote(signing.chairSignedAt) : '', name: vm.chair.name },
          ),
          endParagraph(),
        ],
      }
    }),
  ]
  return new Document({
    creator: cell.name,
    lastModifiedBy: cell.name,
    title: `Sổ biên bản sinh hoạt chi bộ năm ${year} — ${cell.name}`,
    description: 'Các biên bản đã ký trong năm, theo thứ tự ngày họp.',
    styles: {
      ...DOCUMENT_STYLES,
      paragraphStyles: [
        {
          id: 'Heading1',
          name: 'heading 1',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: FONT, size: SIZE.body, bold: true, color: '000000' },
          paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 0, after: 0 }, outlineLevel: 0 },
        },
      ],
    },
    numbering: lists.numbering(),
    sections,
  })
}

/**
 * The year's minutes book of a cell: a title page, the contents (each signed minutes with its date,
 * number and verification code, linked to its page) and every signed minutes of the year in date
 * order, each starting on a new page with its verification code in the footer.
 */
export async function minutesBook(db: DB, actor: Actor, cellId: string, year: number, opts: { origin?: string | null } = {}): Promise<DocxFile> {
  validYear(year)
  const cell = getOrganization(db, actor, cellId, 'meeting:read')
  if (!isCellKind(cell.kind)) throw new AppError(422, 'Sổ biên bản chỉ có ở chi bộ.')
  const rows = signedMeetingsOf(db, [cell.id], year)
  if (rows.length === 0) throw new AppError(422, `Năm ${year} ${cell.name} chưa có biên bản nào đã ký.`)
  const origin = publicOrigin(opts.origin)
  const entries: BookEntry[] = rows.map((row, i) => {
    const meeting = scopedMeetingOf(row)
    const numbers = meetingNumbers(db, meeting, cell, { allocate: true, by: actor })
    const vm = minutesVmOf(db, signedSource(db, meeting, row.version), numbers.minutes, origin)
    return { vm, anchor: `bien_ban_${i + 1}`, verifyCode: row.version.verifyCode, verifyUrl: `${origin}/verify/${row.version.verifyCode}` }
  })
  const upperBody = entries[0].vm.header.upperBody
  const packed = await Packer.toBuffer(bookDocument({ cell, upperBody, year, entries }))
  const lastSigned = rows.map((r) => r.version.signedAt ?? r.version.createdAt).sort().at(-1)!
  return {
    fileName: `Sổ biên bản ${year} ${shortNameOf(cell)}.docx`,
    asciiName: `so-bien-ban-${year}.docx`,
    buffer: normalizeDocx(packed, new Date(lastSigned)),
  }
}

// ---------------------------------------------------------------------------------------------
// The bundle

export type ManifestEntry = {
  meetingId: string
  cellId: string
  cellName: string
  type: MeetingType
  typeLabel: string
  title: string
  date: string
  numbers: { minutes: string | null; resolution: string | null }
  versionNo: number
  amendmentReason: string | null
  chainSeq: number | null
  /** SHA-256 of the signed snapshot (minutes_versions.hash), what verify-chain checks. */
  hash: string
  prevHash: string | null
  sealHash: string | null
  verifyCode: string
  verifyUrl: string
  signers: { role: string; roleLabel: string; name: string; signedAt: string }[]
  files: { minutes: string; resolution: string }
}

export type BundleProgress = (done: number, total: number) => void | Promise<void>

const MANIFEST_CSV_HEADER = [
  'meeting_id',
  'cell_id',
  'cell_name',
  'type',
  'title',
  'date',
  'minutes_number',
  'resolution_number',
  'version_no',
  'sha256',
  'verify_code',
  'verify_url',
  'signers',
  'minutes_file',
  'resolution_file',
]

function csvCell(value: string): string {
  const text = /^[=+\-@]/.test(value) ? `'${value}` : value
  return /[",\r\n;]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function manifestCsv(entries: ManifestEntry[]): string {
  const rows = entries.map((e) => [
    e.meetingId,
    e.cellId,
    e.cellName,
    e.type,
    e.title,
    e.date,
    e.numbers.minutes ?? '',
    e.numbers.resolution ?? '',
    String(e.versionNo),
    e.hash,
    e.verifyCode,
    e.verifyUrl,
    e.signers.map((s) => `${s.roleLabel}: ${s.name} (${s.signedAt})`).join('; '),
    e.files.minutes,
    e.files.resolution,
  ])
  return '\uFEFF' + [MANIFEST_CSV_HEADER, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Writes the bundle of the organisation's subtree for a year to `outFile`: for each signed meeting
 * `<cell>/<YYYY-MM-DD> bien-ban.docx` and `… nghi-quyet.docx`, then manifest.json and manifest.csv.
 * The zip is streamed to the file one document at a time (each rendered, written and let go), yielding
 * to the event loop between documents so the server keeps serving. No permission check: callers do it.
 */
export async function writeBundle(
  db: DB,
  input: { org: Organization; year: number; outFile: string; origin?: string | null; by: Actor | null; onProgress?: BundleProgress },
): Promise<{ meetings: number; manifest: ManifestEntry[] }> {
  const { org, year } = input
  const origin = publicOrigin(input.origin)
  const rows = signedMeetingsOf(db, cellsUnder(db, org).map((c) => c.id), year)
  await input.onProgress?.(0, rows.length)

  fs.mkdirSync(path.dirname(path.resolve(input.outFile)), { recursive: true })
  const out = fs.createWriteStream(input.outFile)
  let zipError: Error | null = null
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      zipError = error
      out.destroy(error)
      return
    }
    out.write(chunk)
    if (final) out.end()
  })
  // Fixed entry times (the year's last day at noon) keep the bundle's bytes independent of the clock.
  const mtime = new Date(year, 11, 31, 12, 0, 0)
  const add = async (name: string, data: Uint8Array, compress: boolean) => {
    const entry = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name)
    entry.mtime = mtime
    zip.add(entry)
    entry.push(data, true)
    if (zipError) throw zipError
    if (out.writableNeedDrain) await once(out, 'drain')
  }

  const manifest: ManifestEntry[] = []
  const folders = new Map<string, string>()
  const usedFolders = new Set<string>()
  const usedFiles = new Set<string>()
  const uniqueFile = (base: string) => {
    let name = `${base}.docx`
    for (let n = 2; usedFiles.has(name); n++) name = `${base} (${n}).docx`
    usedFiles.add(name)
    return name
  }
  try {
    for (const [i, row] of rows.entries()) {
      let folder = folders.get(row.cell.id)
      if (!folder) {
        const base = shortNameOf(row.cell)
        folder = base
        for (let n = 2; usedFolders.has(folder); n++) folder = `${base} (${n})`
        usedFolders.add(folder)
        folders.set(row.cell.id, folder)
      }
      const meeting = scopedMeetingOf(row)
      const source = signedSource(db, meeting, row.version)
      const numbers = meetingNumbers(db, meeting, row.cell, { allocate: true, by: input.by })
      const minutesVm = minutesVmOf(db, source, numbers.minutes, origin)
      const date = minutesVm.header.date
      const minutesFile = uniqueFile(`${folder}/${date} bien-ban`)
      const resolutionFile = uniqueFile(`${folder}/${date} nghi-quyet`)
      await add(minutesFile, await renderMinutesDocx(minutesVm, templateContentFor(db, row.cell, minutesVm.kind)), false)
      await tick()
      const resolutionVm = resolutionVmOf(db, source, numbers.resolution, origin)
      await add(resolutionFile, await renderResolutionDocx(resolutionVm, templateContentFor(db, row.cell, 'resolution')), false)
      const sigs = db.select().from(signatures).where(eq(signatures.versionId, row.version.id)).orderBy(asc(signatures.signedAt), asc(signatures.role)).all()
      manifest.push({
        meetingId: row.meeting.id,
        cellId: row.cell.id,
        cellName: row.cell.name,
        type: row.meeting.type,
        typeLabel: MEETING_TYPE_LABELS[row.meeting.type],
        title: meetingTitle(row.meeting),
        date,
        numbers,
        versionNo: row.version.versionNo,
        amendmentReason: row.version.amendmentReason,
        chainSeq: row.version.chainSeq,
        hash: row.version.hash,
        prevHash: row.version.prevHash,
        sealHash: row.version.sealHash,
        verifyCode: row.version.verifyCode,
        verifyUrl: `${origin}/verify/${row.version.verifyCode}`,
        signers: sigs.map((s) => ({ role: s.role, roleLabel: SIGNER_ROLE_LABELS[s.role], name: s.signerName, signedAt: toIsoWithOffset(s.signedAt) })),
        files: { minutes: minutesFile, resolution: resolutionFile },
      })
      await input.onProgress?.(i + 1, rows.length)
      await tick()
    }
    const json = {
      format: 'so-chi-bo.bundle/1',
      organization: { id: org.id, name: org.name },
      year,
      meetings: manifest.length,
      hash: {
        algorithm: 'SHA-256',
        of: 'Bản ghi biên bản đã ký (JSON chuẩn hóa của hồ sơ cuộc họp và văn bản biên bản), như cột minutes_versions.hash; kiểm tra bằng lệnh verify-chain hoặc tại trang /verify/<mã xác minh>.',
      },
      entries: manifest,
    }
    await add('manifest.json', new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`), true)
    await add('manifest.csv', new TextEncoder().encode(manifestCsv(manifest)), true)
    zip.end()
    await finished(out)
  } catch (error) {
    zip.terminate()
    out.destroy()
    throw error
  }
  return { meetings: rows.length, manifest }
}

// ---------------------------------------------------------------------------------------------
// Bundle jobs (export_jobs): one at a time per user, run in this process

export type ExportJob = typeof exportJobs.$inferSelect

/** Jobs running in this process; a queued or running job not in here was cut short by a restart. */
const activeJobs = new Set<string>()

/** Where the bundles are written: data/exports next to the database file. */
export function exportsFolder(db: DB): string {
  const name = db.$client.name
  const base = name && name !== ':memory:' ? path.dirname(path.resolve(name)) : path.resolve('data')
  return path.join(base, 'exports')
}

/** Who may bundle: a cell's secretary or deputy; inspectors and admins for their subtree. */
export function canBundle(actor: Actor, org: Pick<Organization, 'path' | 'kind'>): boolean {
  const scope = { orgPath: org.path }
  if (can(actor, 'inspection:read', scope) || can(actor, 'org:manage', scope)) return true
  return isCellKind(org.kind) && can(actor, 'meeting:plan', scope)
}

function staleJobsOf(db: Executor, userId: string): ExportJob[] {
  return db
    .select()
    .from(exportJobs)
    .where(and(eq(exportJobs.userId, userId), inArray(exportJobs.status, ['queued', 'running'])))
    .all()
}

/**
 * Queues a bundle of the organisation's year for the actor; runBundleJob builds it. An actor with a
 * bundle in progress gets that job back when it is the same organisation and year, else 409.
 */
export function startBundleJob(db: DB, ctx: ActorContext, input: { orgId: string; year: number }): ExportJob {
  const year = validYear(input.year)
  pruneBundles(db)
  return db.transaction(
    (tx) => {
      const org = getOrganization(tx, ctx.actor, input.orgId)
      if (!canBundle(ctx.actor, org)) throw forbidden('Chỉ bí thư, phó bí thư chi bộ hoặc cán bộ kiểm tra, quản trị cấp trên mới tạo được gói hồ sơ.')
      for (const job of staleJobsOf(tx, ctx.actor.userId)) {
        if (!activeJobs.has(job.id)) {
          tx.update(exportJobs)
            .set({ status: 'failed', error: 'Việc tạo gói bị gián đoạn (máy chủ khởi động lại). Hãy tạo lại.', finishedAt: new Date().toISOString() })
            .where(eq(exportJobs.id, job.id))
            .run()
          continue
        }
        if (job.orgId === org.id && job.year === year) return job
        throw new AppError(409, 'Đồng chí đang có một gói hồ sơ đang được tạo. Hãy đợi gói đó xong rồi tạo gói mới.')
      }
      const job = tx.insert(exportJobs).values({ id: uuidv7(), userId: ctx.actor.userId, orgId: org.id, year, status: 'queued' }).returning().get()
      writeAudit(tx, ctx, {
        action: 'export.bundle',
        entityType: 'export_job',
        entityId: job.id,
        orgPath: org.path,
        summary: `Tạo gói hồ sơ biên bản, nghị quyết năm ${year}: ${org.name}`,
      })
      activeJobs.add(job.id)
      return job
    },
    { behavior: 'immediate' },
  )
}

/**
 * Builds a queued bundle into data/exports/<jobId>.zip, updating progress/total after each meeting.
 * Never throws: a failure is recorded on the job (status 'failed', error).
 */
export async function runBundleJob(db: DB, jobId: string, opts: { origin?: string | null } = {}): Promise<void> {
  const job = db.select().from(exportJobs).where(eq(exportJobs.id, jobId)).get()
  if (!job || job.status === 'done' || job.status === 'failed') return
  activeJobs.add(jobId)
  const finalFile = path.join(exportsFolder(db), `${jobId}.zip`)
  const partFile = `${finalFile}.part`
  try {
    db.update(exportJobs).set({ status: 'running' }).where(eq(exportJobs.id, jobId)).run()
    const org = db.select().from(organizations).where(eq(organizations.id, job.orgId)).get()
    if (!org) throw new AppError(404, 'Không tìm thấy tổ chức của gói hồ sơ.')
    const user = db.select({ username: users.username, displayName: users.displayName }).from(users).where(eq(users.id, job.userId)).get()
    const by: Actor = { userId: job.userId, username: user?.username ?? 'hệ thống', displayName: user?.displayName ?? 'Hệ thống', memberId: null, isSystemAdmin: false, grants: [] }
    await writeBundle(db, {
      org,
      year: job.year,
      outFile: partFile,
      origin: opts.origin,
      by,
      onProgress: (done, total) => {
        db.update(exportJobs).set({ progress: done, total }).where(eq(exportJobs.id, jobId)).run()
      },
    })
    fs.renameSync(partFile, finalFile)
    db.update(exportJobs).set({ status: 'done', filePath: finalFile, finishedAt: new Date().toISOString() }).where(eq(exportJobs.id, jobId)).run()
  } catch (error) {
    fs.rmSync(partFile, { force: true })
    const message = error instanceof AppError ? error.message : 'Không tạo được gói hồ sơ do lỗi hệ thống. Hãy thử lại; nếu vẫn lỗi, báo quản trị.'
    db.update(exportJobs).set({ status: 'failed', error: message, finishedAt: new Date().toISOString() }).where(eq(exportJobs.id, jobId)).run()
    if (!(error instanceof AppError)) console.warn(`Bundle ${jobId} failed:`, error)
  } finally {
    activeJobs.delete(jobId)
  }
}

export type BundleJobStatus = {
  id: string
  orgId: string
  orgName: string
  year: number
  status: ExportJob['status']
  progress: number
  total: number
  /** "12/40 biên bản" */
  label: string
  error: string | null
  createdAt: string
  finishedAt: string | null
  downloadUrl: string | null
}

function statusOf(job: ExportJob, orgName: string): BundleJobStatus {
  const label =
    job.status === 'queued'
      ? 'Đang chờ bắt đầu…'
      : job.status === 'running' && job.total === 0 && job.progress === 0
        ? 'Đang tìm các biên bản đã ký…'
        : `${job.progress}/${job.total} biên bản`
  return {
    id: job.id,
    orgId: job.orgId,
    orgName,
    year: job.year,
    status: job.status,
    progress: job.progress,
    total: job.total,
    label,
    error: job.error,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    downloadUrl: job.status === 'done' ? `/exports/${job.id}.zip` : null,
  }
}

function ownJob(db: Executor, actor: Actor, jobId: string): { job: ExportJob; org: Organization } {
  const row = db.select({ job: exportJobs, org: organizations }).from(exportJobs).innerJoin(organizations, eq(exportJobs.orgId, organizations.id)).where(eq(exportJobs.id, jobId)).get()
  // Only the one who asked for it: anyone else is told it does not exist.
  if (!row || row.job.userId !== actor.userId) throw notFound('Không tìm thấy gói hồ sơ này.')
  return row
}

export function bundleJobStatus(db: Executor, actor: Actor, jobId: string): BundleJobStatus {
  const { job, org } = ownJob(db, actor, jobId)
  if ((job.status === 'queued' || job.status === 'running') && !activeJobs.has(job.id)) {
    return { ...statusOf(job, org.name), status: 'failed', error: 'Việc tạo gói bị gián đoạn (máy chủ khởi động lại). Hãy tạo lại.' }
  }
  return statusOf(job, org.name)
}

/** The actor's latest bundle of this organisation, for the exports page. */
export function latestBundleJob(db: Executor, actor: Actor, orgId: string): BundleJobStatus | null {
  const job = db
    .select({ id: exportJobs.id })
    .from(exportJobs)
    .where(and(eq(exportJobs.userId, actor.userId), eq(exportJobs.orgId, orgId)))
    .orderBy(desc(exportJobs.createdAt), desc(exportJobs.id))
    .limit(1)
    .get()
  return job ? bundleJobStatus(db, actor, job.id) : null
}

/** The finished bundle's file, for its owner. */
export function bundleJobFile(db: Executor, actor: Actor, jobId: string): { filePath: string; size: number; fileName: string; asciiName: string } {
  const { job, org } = ownJob(db, actor, jobId)
  if (job.status !== 'done' || !job.filePath) throw new AppError(409, 'Gói hồ sơ chưa tạo xong.')
  let size: number
  try {
    size = fs.statSync(job.filePath).size
  } catch {
    throw new AppError(404, 'Tệp gói hồ sơ không còn trên máy chủ. Hãy tạo lại.')
  }
  return { filePath: job.filePath, size, fileName: `Hồ sơ ${job.year} ${shortNameOf(org)}.zip`, asciiName: `ho-so-${job.year}.zip` }
}

/** Removes finished bundles older than `days` (their rows stay, marked as gone). */
export function pruneBundles(db: DB, days = 7, now = new Date()): number {
  const before = new Date(now.getTime() - days * 86_400_000).toISOString()
  const old = db
    .select()
    .from(exportJobs)
    .where(and(eq(exportJobs.status, 'done'), sql`${exportJobs.finishedAt} < ${before}`))
    .all()
  for (const job of old) {
    if (job.filePath) fs.rmSync(job.filePath, { force: true })
    db.update(exportJobs).set({ status: 'failed', error: 'Gói đã quá hạn lưu và đã được xóa. Hãy tạo lại.', filePath: null }).where(eq(exportJobs.id, job.id)).run()
  }
  return old.length
}

// ---------------------------------------------------------------------------------------------
// HTTP answers of the download routes

/** A downloaded file: private, never cached, its name in Vietnamese (RFC 6266 filename*). */
export function downloadResponse(body: BodyInit, file: { fileName: string; asciiName: string; contentType: string; size?: number }): Response {
  const headers: Record<string, string> = {
    'Content-Type': file.contentType,
    'Content-Disposition': contentDisposition(file.fileName, file.asciiName),
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  }
  if (file.size !== undefined) headers['Content-Length'] = String(file.size)
  return new Response(body, { headers })
}

export function docxResponse(file: DocxFile): Response {
  return downloadResponse(new Uint8Array(file.buffer), { ...file, contentType: DOCX_CONTENT_TYPE, size: file.buffer.byteLength })
}

/** A model error as the plain-text answer of a resource route (404, 403, 422 …); anything else rethrown. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    return new Response(error.message, { status: error.status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })
  }
  throw error
}

// ---------------------------------------------------------------------------------------------
// Template previews on real content

/**
 * The latest signed meeting under an organisation (or null), as draft view models — no number is
 * allocated and no signature printed — so an admin previews a template on the cell's own content.
 */
export function latestMeetingPreview(db: DB, orgPath: string) {
  const row = db
    .select({ meeting: meetings, version: minutesVersions, cell: organizations })
    .from(minutesVersions)
    .innerJoin(meetings, eq(minutesVersions.meetingId, meetings.id))
    .innerJoin(organizations, eq(meetings.cellId, organizations.id))
    .where(and(eq(minutesVersions.status, 'signed'), like(organizations.path, `${orgPath}%`)))
    .orderBy(desc(meetings.startsAt))
    .limit(1)
    .get()
  if (!row) return null
  const meeting: ScopedMeeting = { ...row.meeting, cell: row.cell }
  const source: Source = { ...signedSource(db, meeting, row.version), signed: null }
  const origin = publicOrigin()
  return { title: meetingTitle(row.meeting), minutes: minutesVmOf(db, source, null, origin), resolution: resolutionVmOf(db, source, null, origin) }
}

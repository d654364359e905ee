// Minutes: the narrative, freezing a version for signature, signing by the chair and the
// minute-taker, withdrawal, amendments, and the per-cell hash chain with its verification
// (DESIGN §6, issue 5 items 3–5). The pure rules live in app/domain/minutes-hash.ts and minutes-text.ts.
import { and, asc, desc, eq, inArray, isNotNull, max, sql } from 'drizzle-orm'
import type { DB, Executor } from '../../db/client.server'
import {
  agendaItemLinks,
  agendaItems,
  attendance,
  documents,
  guests,
  meetings,
  members,
  minutes,
  minutesVersions,
  organizations,
  qualityAssessments,
  signatures,
  speeches,
  tasks,
  users,
  votes,
} from '../../db/schema'
import { SIGNER_ROLE_LABELS, type SignerRole } from '~/domain/constants'
import { citeDocument } from '~/domain/citation'
import { canonicalJson, hashRecord, newVerifyCode, normalizeVerifyCode, sealOf, sha256Hex, verifyChain, type ChainProblem, type ChainVersion } from '~/domain/minutes-hash'
import { diffSnapshots, draftNarrative, durationMinutes, type RecordSnapshot } from '~/domain/minutes-text'
import { can, type Actor } from '~/domain/permissions'
import { minimumMinutes } from '~/domain/schedule'
import { evaluateVote } from '~/domain/voting'
import { docFromParagraphs } from '~/rich-text/from-text'
import type { RichText } from '~/rich-text/types'
import { toPlainText, validateRichText } from '~/rich-text/validate'
import { writeAudit } from './audit.server'
import { AppError, conflict, forbidden, notFound, type ActorContext } from './context'
import { criticismSnapshot, publicCriticismSummary } from './criticism.server'
import { getMeeting, meetingTitle, type ScopedMeeting } from './meetings.server'
import { effectiveSettings } from './organizations.server'
import { confirmPassword } from './users.server'

export type MinutesSection = { key: string; title: string; body: RichText }
export type MinutesVersion = typeof minutesVersions.$inferSelect

// ---------------------------------------------------------------------------------------------
// The record as one canonical object, rebuilt from the live tables (no actor: callers authorise).

const plain = (doc: unknown) => (doc ? toPlainText(doc as RichText) : '')

export function buildRecordSnapshot(db: Executor, meetingId: string): RecordSnapshot {
  const row = db.select({ m: meetings, cellName: organizations.name }).from(meetings).innerJoin(organizations, eq(meetings.cellId, organizations.id)).where(eq(meetings.id, meetingId)).get()
  if (!row) throw notFound()
  const m = row.m
  const att = db
    .select({ a: attendance, name: members.fullName })
    .from(attendance)
    .innerJoin(members, eq(attendance.memberId, members.id))
    .where(eq(attendance.meetingId, meetingId))
    .orderBy(asc(members.searchName), asc(attendance.memberId))
    .all()
  const names = new Map(att.map((r) => [r.a.memberId, r.name]))
  const nameOf = (id: string | null) => {
    if (!id) return null
    const known = names.get(id)
    if (known) return known
    const found = db.select({ n: members.fullName }).from(members).where(eq(members.id, id)).get()?.n ?? null
    if (found) names.set(id, found)
    return found
  }
  const guestRows = db.select().from(guests).where(eq(guests.meetingId, meetingId)).orderBy(asc(guests.position), asc(guests.createdAt), asc(guests.id)).all()
  const guestName = new Map(guestRows.map((g) => [g.id, g.name]))
  const itemRows = db.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).orderBy(asc(agendaItems.position), asc(agendaItems.id)).all()
  const links = itemRows.length
    ? db
        .select({ itemId: agendaItemLinks.agendaItemId, d: documents })
        .from(agendaItemLinks)
        .innerJoin(documents, eq(agendaItemLinks.documentId, documents.id))
        .where(inArray(agendaItemLinks.agendaItemId, itemRows.map((i) => i.id)))
        .orderBy(asc(documents.id))
        .all()
    : []
  const speechRows = db.select().from(speeches).where(eq(speeches.meetingId, meetingId)).orderBy(asc(speeches.position), asc(speeches.createdAt), asc(speeches.id)).all()
  const voteRows = db.select().from(votes).where(eq(votes.meetingId, meetingId)).orderBy(asc(votes.position), asc(votes.createdAt), asc(votes.id)).all()
  const taskRows = db
    .select()
    .from(tasks)
    .where(and(eq(tasks.meetingId, meetingId), sql`${tasks.status} <> 'cancelled'`))
    .orderBy(asc(tasks.createdAt), asc(tasks.id))
    .all()
  const quality = db.select().from(qualityAssessments).where(eq(qualityAssessments.meetingId, meetingId)).get()
  return {
    schema: 1,
    meeting: {
      id: m.id,
      cellId: m.cellId,
      cellName: row.cellName,
      type: m.type,
      title: meetingTitle(m),
      startsAt: m.startsAt,
      startedAt: m.startedAt,
      endedAt: m.endedAt,
      place: m.place,
      form: m.form,
      chairMemberId: m.chairMemberId,
      chairName: nameOf(m.chairMemberId),
      secretaryMemberId: m.secretaryMemberId,
      secretaryName: nameOf(m.secretaryMemberId),
      conclusionText: plain(m.conclusion),
      conclusion: m.conclusion ?? null,
    },
    attendance: att.map((r) => ({ memberId: r.a.memberId, name: r.name, memberStatus: r.a.memberStatus, status: r.a.status, reason: r.a.reason })),
    guests: guestRows.map((g) => ({ id: g.id, name: g.name, title: g.title, unit: g.unit, isUpperRep: g.isUpperRep })),
    items: itemRows.map((i) => ({
      id: i.id,
      section: i.section,
      title: i.title,
      presenterName: i.presenterName ?? nameOf(i.presenterMemberId),
      documents: links.filter((l) => l.itemId === i.id).map((l) => ({ id: l.d.id, label: citeDocument(l.d) })),
      speeches: speechRows
        .filter((s) => s.agendaItemId === i.id)
        .map((s) => ({
          speakerMemberId: s.speakerMemberId,
          speakerGuestId: s.speakerGuestId,
          speakerName: s.speakerMemberId ? `Đ/c ${nameOf(s.speakerMemberId) ?? ''}` : (guestName.get(s.speakerGuestId ?? '') ?? 'Khách mời'),
          text: plain(s.gist),
          gist: s.gist ?? null,
        })),
      conclusionText: plain(i.conclusion),
      conclusion: i.conclusion ?? null,
    })),
    votes: voteRows.map((v) => {
      const r = evaluateVote({ kind: v.kind, denominator: v.denominator, presentVoters: v.presentVoters, for: v.forCount, against: v.againstCount, abstain: v.abstainCount ?? 0, allowAbstain: v.abstainCount !== null })
      return {
        subject: v.subject,
        kind: v.kind,
        method: v.method,
        for: v.forCount,
        against: v.againstCount,
        abstain: v.abstainCount,
        denominator: v.denominator,
        presentVoters: v.presentVoters,
        passed: v.passed,
        sentence: r.ok ? r.sentence : `${v.forCount}/${v.denominator} đồng chí tán thành`,
        reserved: v.reserved,
      }
    }),
    tasks: taskRows.map((t) => ({ memberId: t.memberId, memberName: nameOf(t.memberId), text: t.text, dueOn: t.dueOn })),
    quality: quality
      ? { total: quality.total, level: quality.level, scores: quality.scores, confirmedBy: quality.confirmedByGuestId ? (guestName.get(quality.confirmedByGuestId) ?? null) : null }
      : null,
    criticism: { summary: publicCriticismSummary(db, meetingId).map((r) => r.publicSummary), items: criticismSnapshot(db, meetingId).items as unknown[] },
  }
}

/**
 * The part of a snapshot that must still match the live tables after signing: names (which may be
 * corrected later on the member record) and the criticism register (a living register whose items
 * move on after the meeting) are left out; the stored snapshot still carries them, hashed.
 */
export function liveCore(snapshot: { record: RecordSnapshot; narrative: MinutesSection[] }): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip)
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, val] of Object.entries(v)) {
        if (k === 'name' || k.endsWith('Name') || k === 'criticism') continue
        out[k] = strip(val)
      }
      return out
    }
    return v
  }
  return strip({ record: snapshot.record, narrative: snapshot.narrative })
}

// ---------------------------------------------------------------------------------------------
// Narrative

export function defaultNarrative(db: Executor, meeting: ScopedMeeting): MinutesSection[] {
  const record = buildRecordSnapshot(db, meeting.id)
  const settings = effectiveSettings(db, meeting.cell)
  return draftNarrative(record, { minMinutes: minimumMinutes(meeting.type, settings) }).map((s) => ({ key: s.key, title: s.title, body: docFromParagraphs(s.paragraphs) }))
}

function storedNarrative(db: Executor, meetingId: string) {
  return db.select().from(minutes).where(eq(minutes.meetingId, meetingId)).get()
}

// ---------------------------------------------------------------------------------------------
// Who may do what

function signerRoleOf(actor: Actor, m: Pick<ScopedMeeting, 'chairMemberId' | 'secretaryMemberId'>): SignerRole | null {
  if (!actor.memberId) return null
  if (actor.memberId === m.chairMemberId) return 'chair'
  if (actor.memberId === m.secretaryMemberId) return 'secretary'
  return null
}

function canDraft(actor: Actor, m: ScopedMeeting): boolean {
  return can(actor, 'meeting:record', { orgPath: m.cell.path }) || signerRoleOf(actor, m) !== null
}

/** Readers of the minutes in progress: the record's keepers, the signers and inspectors. */
function canReadDrafts(actor: Actor, m: ScopedMeeting): boolean {
  return canDraft(actor, m) || can(actor, 'inspection:read', { orgPath: m.cell.path })
}

// ---------------------------------------------------------------------------------------------
// Reading

export function minutesPage(db: Executor, actor: Actor, meetingId: string) {
  const meeting = getMeeting(db, actor, meetingId)
  const versions = db.select().from(minutesVersions).where(eq(minutesVersions.meetingId, meetingId)).orderBy(asc(minutesVersions.versionNo)).all()
  const anySigned = versions.some((v) => v.status === 'signed' || v.status === 'superseded')
  const drafts = canReadDrafts(actor, meeting)
  if (!drafts && !anySigned) throw forbidden('Biên bản chưa được ký. Đồng chí sẽ xem được sau khi chủ trì và thư ký ký.')
  const sigs = versions.length
    ? db.select().from(signatures).where(inArray(signatures.versionId, versions.map((v) => v.id))).orderBy(asc(signatures.signedAt)).all()
    : []
  const stored = storedNarrative(db, meetingId)
  const confidential = can(actor, 'criticism:read', { orgPath: meeting.cell.path })
  const role = signerRoleOf(actor, meeting)
  const pending = versions.find((v) => v.status === 'pending') ?? null
  const current = [...versions].reverse().find((v) => v.status === 'signed') ?? null
  const settings = effectiveSettings(db, meeting.cell)
  const record = buildRecordSnapshot(db, meetingId)
  const duration = durationMinutes(record)
  const min = minimumMinutes(meeting.type, settings)
  const drafting = canDraft(actor, meeting)
  return {
    meeting: { id: meeting.id, title: meetingTitle(meeting), status: meeting.status, cellId: meeting.cellId, cellName: meeting.cell.name, startsAt: meeting.startsAt, chairMemberId: meeting.chairMemberId, secretaryMemberId: meeting.secretaryMemberId },
    narrative: {
      sections: stored?.sections?.length ? stored.sections : drafting ? defaultNarrative(db, meeting) : [],
      saved: Boolean(stored?.sections?.length),
      version: stored?.version ?? 0,
    },
    duration,
    minMinutes: min,
    durationWarning: duration !== null && min !== null && duration < min ? `Thời lượng buổi sinh hoạt ${duration} phút, dưới mức tối thiểu ${min} phút.` : null,
    chairName: record.meeting.chairName,
    secretaryName: record.meeting.secretaryName,
    readsDrafts: drafts,
    versions: versions.filter((v) => drafts || v.status === 'signed' || v.status === 'superseded').map((v) => ({
      id: v.id,
      versionNo: v.versionNo,
      status: v.status,
      hash: v.hash,
      verifyCode: v.status === 'signed' || v.status === 'superseded' ? v.verifyCode : null,
      amendmentReason: v.amendmentReason,
      withdrawnReason: v.withdrawnReason,
      createdAt: v.createdAt,
      signedAt: v.signedAt,
      chainSeq: v.chainSeq,
      signatures: sigs.filter((s) => s.versionId === v.id).map((s) => ({ role: s.role, roleLabel: SIGNER_ROLE_LABELS[s.role], name: s.signerName, signedAt: s.signedAt })),
    })),
    pendingId: pending?.id ?? null,
    currentId: current?.id ?? null,
    may: {
      edit: drafting && meeting.status === 'minutes_draft',
      submit: drafting && meeting.status === 'minutes_draft' && Boolean(meeting.chairMemberId && meeting.secretaryMemberId),
      sign: Boolean(pending && role && !sigs.some((s) => s.versionId === pending.id && s.role === role)),
      signAs: role,
      withdraw: Boolean(pending && role === 'chair'),
      amend: drafting && meeting.status === 'signed',
      confidential,
    },
  }
}

/** One version's content, for reading and comparing. Confidential criticism fields only for those allowed. */
export function versionContent(db: Executor, actor: Actor, meetingId: string, versionId: string) {
  const page = minutesPage(db, actor, meetingId)
  const v = db.select().from(minutesVersions).where(and(eq(minutesVersions.id, versionId), eq(minutesVersions.meetingId, meetingId))).get()
  if (!v) throw notFound()
  if (v.status !== 'signed' && v.status !== 'superseded' && !page.readsDrafts) throw notFound()
  const snapshot = JSON.parse(v.snapshot) as { record: RecordSnapshot; narrative: MinutesSection[] }
  if (!page.may.confidential) snapshot.record.criticism = { summary: snapshot.record.criticism.summary, items: [] }
  return { version: v, snapshot }
}

export function compareVersions(db: Executor, actor: Actor, meetingId: string, fromId: string, toId: string) {
  const a = versionContent(db, actor, meetingId, fromId)
  const b = versionContent(db, actor, meetingId, toId)
  const narrativeText = (n: MinutesSection[]) => n.map((s) => ({ title: s.title, text: toPlainText(s.body) }))
  return {
    from: a.version.versionNo,
    to: b.version.versionNo,
    changes: diffSnapshots(
      { record: stripRich(a.snapshot.record), narrative: narrativeText(a.snapshot.narrative) },
      { record: stripRich(b.snapshot.record), narrative: narrativeText(b.snapshot.narrative) },
    ),
  }
}

/** Rich-text JSON is compared through its plain text (the *Text fields), not node by node. */
function stripRich(r: RecordSnapshot) {
  return JSON.parse(JSON.stringify(r, (k, v) => (k === 'gist' || k === 'conclusion' ? undefined : v)))
}

// ---------------------------------------------------------------------------------------------
// Writing

export function saveNarrative(db: DB, ctx: ActorContext, meetingId: string, input: { sections: MinutesSection[]; version: number }) {
  for (const s of input.sections) {
    const check = validateRichText(s.body)
    if (!check.ok) throw new AppError(422, `Mục "${s.title}": ${check.error}`)
  }
  return db.transaction((tx) => {
    const meeting = getMeeting(tx, ctx.actor, meetingId)
    if (!canDraft(ctx.actor, meeting)) throw forbidden()
    if (meeting.status !== 'minutes_draft') {
      throw new AppError(422, meeting.status === 'signing' ? 'Biên bản đang chờ ký: không sửa được. Chủ trì có thể rút lại để sửa.' : 'Chỉ sửa được biên bản sau khi kết thúc buổi sinh hoạt và trước khi trình ký.')
    }
    const existing = storedNarrative(tx, meetingId)
    if (!existing) {
      if (input.version !== 0) throw conflict()
      tx.insert(minutes).values({ meetingId, sections: input.sections }).run()
    } else {
      const done = tx
        .update(minutes)
        .set({ sections: input.sections, version: sql`${minutes.version} + 1`, updatedAt: new Date().toISOString() })
        .where(and(eq(minutes.meetingId, meetingId), eq(minutes.version, input.version)))
        .run()
      if (done.changes === 0) throw conflict()
    }
    writeAudit(tx, ctx, { action: 'minutes.narrative.save', entityType: 'meeting', entityId: meetingId, orgPath: meeting.cell.path, summary: `Sửa văn bản biên bản: ${meetingTitle(meeting)}` })
  })
}

/** Freezes the record + narrative as a new version awaiting the chair's and the minute-taker's signatures. */
export function submitForSignature(db: DB, ctx: ActorContext, meetingId: string, input: { amendmentReason?: string | null } = {}) {
  return db.transaction(
    (tx) => {
      const meeting = getMeeting(tx, ctx.actor, meetingId)
      if (!canDraft(ctx.actor, meeting)) throw forbidden()
      if (meeting.status !== 'minutes_draft') throw new AppError(422, 'Chỉ trình ký được biên bản đang soạn (sau khi kết thúc buổi sinh hoạt).')
      if (!meeting.chairMemberId || !meeting.secretaryMemberId) throw new AppError(422, 'Chưa cử chủ trì và thư ký: không trình ký được.')
      if (meeting.chairMemberId === meeting.secretaryMemberId) throw new AppError(422, 'Chủ trì và thư ký phải là hai đồng chí khác nhau.')
      const previous = tx.select().from(minutesVersions).where(eq(minutesVersions.meetingId, meetingId)).orderBy(desc(minutesVersions.versionNo)).all()
      const amending = previous.some((v) => v.status === 'signed')
      const reason = input.amendmentReason?.trim() ?? ''
      if (amending && reason.length < 5) throw new AppError(422, 'Bản đính chính cần ghi rõ lý do (ít nhất 5 ký tự).', 'amendmentReason')
      const narrative = storedNarrative(tx, meetingId)?.sections ?? defaultNarrative(tx, meeting)
      const record = buildRecordSnapshot(tx, meetingId)
      const { snapshot, hash } = hashRecord({ record, narrative })
      let code = newVerifyCode()
      while (tx.select({ id: minutesVersions.id }).from(minutesVersions).where(eq(minutesVersions.verifyCode, code)).get()) code = newVerifyCode()
      const versionNo = (previous[0]?.versionNo ?? 0) + 1
      const row = tx
        .insert(minutesVersions)
        .values({ meetingId, cellId: meeting.cellId, versionNo, status: 'pending', snapshot, hash, verifyCode: code, amendmentReason: amending ? reason : null, createdBy: ctx.actor.username })
        .returning()
        .get()
      tx.update(meetings).set({ status: 'signing', version: sql`${meetings.version} + 1`, updatedAt: new Date().toISOString() }).where(eq(meetings.id, meetingId)).run()
      writeAudit(tx, ctx, {
        action: amending ? 'minutes.amend.submit' : 'minutes.submit',
        entityType: 'meeting',
        entityId: meetingId,
        orgPath: meeting.cell.path,
        summary: `${amending ? 'Trình ký bản đính chính' : 'Trình ký biên bản'} (bản ${versionNo}): ${meetingTitle(meeting)}`,
        details: { versionId: row.id, hash, reason: amending ? reason : undefined },
      })
      return row
    },
    { behavior: 'immediate' },
  )
}

/** The chair or the minute-taker signs the pending version by re-entering their password. */
export async function signMinutes(db: DB, ctx: ActorContext, meetingId: string, input: { password: string }) {
  const meeting = getMeeting(db, ctx.actor, meetingId)
  const role = signerRoleOf(ctx.actor, meeting)
  if (!role) throw forbidden('Chỉ đồng chí chủ trì và thư ký của buổi sinh hoạt mới ký được biên bản.')
  if (!(await confirmPassword(db, ctx.actor, input.password, ctx.ip))) throw new AppError(422, 'Mật khẩu không đúng: chưa ký.', 'password')
  return db.transaction(
    (tx) => {
      const pending = tx.select().from(minutesVersions).where(and(eq(minutesVersions.meetingId, meetingId), eq(minutesVersions.status, 'pending'))).get()
      if (!pending) throw new AppError(422, 'Không có bản biên bản nào đang chờ ký.')
      const existing = tx.select().from(signatures).where(eq(signatures.versionId, pending.id)).all()
      if (existing.some((s) => s.role === role)) throw new AppError(422, 'Đồng chí đã ký bản này rồi.')
      const now = new Date().toISOString()
      const signerName = tx.select({ n: members.fullName }).from(members).where(eq(members.id, ctx.actor.memberId!)).get()?.n ?? ctx.actor.displayName
      tx.insert(signatures).values({ versionId: pending.id, role, memberId: ctx.actor.memberId!, userId: ctx.actor.userId, signerName, signedAt: now, method: 'password' }).run()
      const all = [...existing, { role, memberId: ctx.actor.memberId!, signerName, signedAt: now }]
      let completed = false
      if (all.some((s) => s.role === 'chair') && all.some((s) => s.role === 'secretary')) {
        const last = tx
          .select({ seal: minutesVersions.sealHash, seq: minutesVersions.chainSeq })
          .from(minutesVersions)
          .where(and(eq(minutesVersions.cellId, meeting.cellId), isNotNull(minutesVersions.chainSeq)))
          .orderBy(desc(minutesVersions.chainSeq))
          .limit(1)
          .get()
        const chainSeq = (last?.seq ?? 0) + 1
        const prevHash = last?.seal ?? null
        const sealHash = sealOf({ hash: pending.hash, prevSeal: prevHash, chainSeq, signatures: all.map((s) => ({ role: s.role, memberId: s.memberId, signerName: s.signerName, signedAt: s.signedAt })) })
        tx.update(minutesVersions).set({ status: 'superseded' }).where(and(eq(minutesVersions.meetingId, meetingId), eq(minutesVersions.status, 'signed'))).run()
        tx.update(minutesVersions).set({ status: 'signed', signedAt: now, chainSeq, prevHash, sealHash }).where(eq(minutesVersions.id, pending.id)).run()
        tx.update(meetings).set({ status: 'signed', version: sql`${meetings.version} + 1`, updatedAt: now }).where(eq(meetings.id, meetingId)).run()
        completed = true
      }
      writeAudit(tx, ctx, {
        action: 'minutes.sign',
        entityType: 'meeting',
        entityId: meetingId,
        orgPath: meeting.cell.path,
        summary: `${SIGNER_ROLE_LABELS[role]} ký biên bản (bản ${pending.versionNo})${completed ? ' — biên bản đã đủ chữ ký' : ''}: ${meetingTitle(meeting)}`,
        details: { versionId: pending.id, role },
      })
      return { role, completed, verifyCode: pending.verifyCode }
    },
    { behavior: 'immediate' },
  )
}

/** The chair withdraws a version awaiting signatures, for correction (recorded with the reason). */
export function withdrawVersion(db: DB, ctx: ActorContext, meetingId: string, input: { reason: string }) {
  return db.transaction((tx) => {
    const meeting = getMeeting(tx, ctx.actor, meetingId)
    if (signerRoleOf(ctx.actor, meeting) !== 'chair') throw forbidden('Chỉ đồng chí chủ trì mới rút được biên bản đang chờ ký.')
    const reason = input.reason.trim()
    if (reason.length < 5) throw new AppError(422, 'Hãy ghi lý do rút lại để sửa (ít nhất 5 ký tự).', 'reason')
    const pending = tx.select().from(minutesVersions).where(and(eq(minutesVersions.meetingId, meetingId), eq(minutesVersions.status, 'pending'))).get()
    if (!pending) throw new AppError(422, 'Không có bản biên bản nào đang chờ ký.')
    tx.update(minutesVersions).set({ status: 'withdrawn', withdrawnReason: reason }).where(eq(minutesVersions.id, pending.id)).run()
    tx.update(meetings).set({ status: 'minutes_draft', version: sql`${meetings.version} + 1`, updatedAt: new Date().toISOString() }).where(eq(meetings.id, meetingId)).run()
    writeAudit(tx, ctx, { action: 'minutes.withdraw', entityType: 'meeting', entityId: meetingId, orgPath: meeting.cell.path, summary: `Chủ trì rút lại bản ${pending.versionNo} để sửa: ${reason}` })
  })
}

/** Reopens a signed meeting for an amendment: the record becomes editable; the signed version stays valid. */
export function startAmendment(db: DB, ctx: ActorContext, meetingId: string) {
  return db.transaction((tx) => {
    const meeting = getMeeting(tx, ctx.actor, meetingId)
    if (!canDraft(ctx.actor, meeting)) throw forbidden()
    if (meeting.status !== 'signed') throw new AppError(422, 'Chỉ lập bản đính chính cho biên bản đã ký.')
    tx.update(meetings).set({ status: 'minutes_draft', version: sql`${meetings.version} + 1`, updatedAt: new Date().toISOString() }).where(eq(meetings.id, meetingId)).run()
    writeAudit(tx, ctx, { action: 'minutes.amend.start', entityType: 'meeting', entityId: meetingId, orgPath: meeting.cell.path, summary: `Mở lại biên bản để lập bản đính chính: ${meetingTitle(meeting)}` })
  })
}

// ---------------------------------------------------------------------------------------------
// Verification

function chainVersionsOf(db: Executor, cellId: string): ChainVersion[] {
  const rows = db
    .select({ v: minutesVersions, status: meetings.status, m: meetings })
    .from(minutesVersions)
    .innerJoin(meetings, eq(minutesVersions.meetingId, meetings.id))
    .where(and(eq(minutesVersions.cellId, cellId), isNotNull(minutesVersions.chainSeq)))
    .orderBy(asc(minutesVersions.chainSeq))
    .all()
  const sigs = rows.length ? db.select().from(signatures).where(inArray(signatures.versionId, rows.map((r) => r.v.id))).all() : []
  return rows.map(({ v, m }) => {
    const isCurrent = v.status === 'signed' && m.status === 'signed'
    let liveHash: string | undefined
    if (isCurrent) {
      const stored = JSON.parse(v.snapshot) as { record: RecordSnapshot; narrative: MinutesSection[] }
      const live = { record: buildRecordSnapshot(db, m.id), narrative: storedNarrative(db, m.id)?.sections ?? stored.narrative }
      // Compare the parts that must not change after signing; equal cores → report the stored hash.
      liveHash = sha256Hex(canonicalJson(liveCore(live))) === sha256Hex(canonicalJson(liveCore(stored))) ? v.hash : sha256Hex(canonicalJson(liveCore(live)))
    }
    return {
      id: v.id,
      meetingId: m.id,
      meetingLabel: meetingTitle(m),
      chainSeq: v.chainSeq!,
      snapshot: v.snapshot,
      hash: v.hash,
      prevHash: v.prevHash,
      sealHash: v.sealHash,
      signatures: sigs.filter((s) => s.versionId === v.id).map((s) => ({ role: s.role, memberId: s.memberId, signerName: s.signerName, signedAt: s.signedAt })),
      liveHash,
    }
  })
}

export function verifyCellChain(db: Executor, cellId: string): { versions: number; problems: ChainProblem[] } {
  const versions = chainVersionsOf(db, cellId)
  return { versions: versions.length, problems: verifyChain(versions) }
}

/** Cells that have signed minutes (for verify-chain over everything). */
export function cellsWithSignedMinutes(db: Executor): { id: string; name: string }[] {
  return db
    .selectDistinct({ id: organizations.id, name: organizations.name })
    .from(minutesVersions)
    .innerJoin(organizations, eq(minutesVersions.cellId, organizations.id))
    .where(isNotNull(minutesVersions.chainSeq))
    .orderBy(asc(organizations.name))
    .all()
}

/** Public verification by code: who signed when and whether it still matches — never the content. */
export function verifyByCode(db: Executor, codeInput: string) {
  const code = normalizeVerifyCode(codeInput)
  if (!code) return null
  const v = db
    .select({ v: minutesVersions, m: meetings, cellName: organizations.name })
    .from(minutesVersions)
    .innerJoin(meetings, eq(minutesVersions.meetingId, meetings.id))
    .innerJoin(organizations, eq(minutesVersions.cellId, organizations.id))
    .where(eq(minutesVersions.verifyCode, code))
    .get()
  if (!v || (v.v.status !== 'signed' && v.v.status !== 'superseded')) return null
  const chain = verifyCellChain(db, v.v.cellId)
  const own = chain.problems.filter((p) => p.versionId === v.v.id)
  const newer = db
    .select({ n: max(minutesVersions.versionNo) })
    .from(minutesVersions)
    .where(and(eq(minutesVersions.meetingId, v.m.id), inArray(minutesVersions.status, ['signed'])))
    .get()?.n
  const sigs = db.select().from(signatures).where(eq(signatures.versionId, v.v.id)).orderBy(asc(signatures.signedAt)).all()
  return {
    code,
    cellName: v.cellName,
    meetingTitle: meetingTitle(v.m),
    meetingDate: v.m.startedAt ?? v.m.startsAt,
    versionNo: v.v.versionNo,
    superseded: v.v.status === 'superseded',
    latestVersionNo: newer ?? v.v.versionNo,
    amendmentReason: v.v.amendmentReason,
    signers: sigs.map((s) => ({ roleLabel: SIGNER_ROLE_LABELS[s.role], name: s.signerName, signedAt: s.signedAt })),
    recordMatches: own.length === 0,
    chainOk: chain.problems.length === 0,
    problems: own.map((p) => p.problem),
    hash: v.v.hash,
  }
}

/** For the seed and tests: sign a pending version as both signers without passwords (system use only). */
/** `chairAt: null` leaves the version waiting for the chair (the secretary has signed). */
export function completeSigningForSeed(db: DB, meetingId: string, at: { chairAt: string | null; secretaryAt: string }) {
  return db.transaction(
    (tx) => {
      const m = tx.select().from(meetings).where(eq(meetings.id, meetingId)).get()
      const pending = tx.select().from(minutesVersions).where(and(eq(minutesVersions.meetingId, meetingId), eq(minutesVersions.status, 'pending'))).get()
      if (!m || !pending || !m.chairMemberId || !m.secretaryMemberId) throw new AppError(422, 'Không có bản chờ ký.')
      const userOf = (memberId: string) => tx.select({ id: users.id }).from(users).where(eq(users.memberId, memberId)).get()?.id
      const nameOf = (memberId: string) => tx.select({ n: members.fullName }).from(members).where(eq(members.id, memberId)).get()!.n
      const sigs = [
        ...(at.chairAt ? [{ role: 'chair' as const, memberId: m.chairMemberId, signerName: nameOf(m.chairMemberId), signedAt: at.chairAt }] : []),
        { role: 'secretary' as const, memberId: m.secretaryMemberId, signerName: nameOf(m.secretaryMemberId), signedAt: at.secretaryAt },
      ]
      const fallbackUser = tx.select({ id: users.id }).from(users).where(eq(users.isSystemAdmin, true)).limit(1).get()?.id
      for (const s of sigs) {
        const userId = userOf(s.memberId) ?? fallbackUser
        if (!userId) throw new AppError(422, 'Không có tài khoản để ghi chữ ký.')
        tx.insert(signatures).values({ versionId: pending.id, role: s.role, memberId: s.memberId, userId, signerName: s.signerName, signedAt: s.signedAt, method: 'password' }).run()
      }
      if (!at.chairAt) return pending.verifyCode
      const last = tx
        .select({ seal: minutesVersions.sealHash, seq: minutesVersions.chainSeq })
        .from(minutesVersions)
        .where(and(eq(minutesVersions.cellId, m.cellId), isNotNull(minutesVersions.chainSeq)))
        .orderBy(desc(minutesVersions.chainSeq))
        .limit(1)
        .get()
      const chainSeq = (last?.seq ?? 0) + 1
      const prevHash = last?.seal ?? null
      const signedAt = at.chairAt > at.secretaryAt ? at.chairAt : at.secretaryAt
      const sealHash = sealOf({ hash: pending.hash, prevSeal: prevHash, chainSeq, signatures: sigs })
      tx.update(minutesVersions).set({ status: 'superseded' }).where(and(eq(minutesVersions.meetingId, meetingId), eq(minutesVersions.status, 'signed'))).run()
      tx.update(minutesVersions).set({ status: 'signed', signedAt, chainSeq, prevHash, sealHash }).where(eq(minutesVersions.id, pending.id)).run()
      tx.update(meetings).set({ status: 'signed', version: sql`${meetings.version} + 1` }).where(eq(meetings.id, meetingId)).run()
      return pending.verifyCode
    },
    { behavior: 'immediate' },
  )
}

/** What the meeting page says about the minutes, for this reader (cheap: no snapshot is built). */
export function minutesLinkState(db: Executor, actor: Actor, meeting: ScopedMeeting) {
  const versions = db
    .select({ id: minutesVersions.id, status: minutesVersions.status })
    .from(minutesVersions)
    .where(eq(minutesVersions.meetingId, meeting.id))
    .all()
  const signed = versions.some((v) => v.status === 'signed' || v.status === 'superseded')
  const pending = versions.find((v) => v.status === 'pending')
  const drafts = canReadDrafts(actor, meeting)
  const role = signerRoleOf(actor, meeting)
  let mySignatureNeeded = false
  if (pending && role) {
    mySignatureNeeded = !db.select({ id: signatures.id }).from(signatures).where(and(eq(signatures.versionId, pending.id), eq(signatures.role, role))).get()
  }
  const started = ['minutes_draft', 'signing', 'signed'].includes(meeting.status)
  return { canOpen: signed || (drafts && started), signed, pending: Boolean(pending), mySignatureNeeded, signerRole: role }
}

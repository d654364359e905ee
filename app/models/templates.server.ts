// Organisation templates (issue 6): an admin of an upper body or a cell uploads their own Word
// template for a kind of document; the active one of the nearest organisation up the tree is used
// for a cell's documents, else the default file in templates/. Uploads are checked
// (app/export/templates.server.ts) before anything is stored.
import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import { uuidv7 } from 'uuidv7'

import type { DB, Executor } from '../../db/client.server'
import { orgTemplates } from '../../db/schema'
import { TEMPLATE_KINDS, type TemplateKind } from '~/domain/constants'
import { DEFAULT_TEMPLATE_FILES, TEMPLATE_KIND_NAMES } from '~/export/placeholders'
import { renderMinutesDocx, renderResolutionDocx } from '~/export/render.server'
import { sampleMinutes, sampleResolution } from '~/export/sample'
import { checkTemplate, loadDefaultTemplate, MAX_TEMPLATE_BYTES } from '~/export/templates.server'
import type { Actor } from '~/domain/permissions'
import { pathIds } from '~/domain/settings'
import { cleanText } from '~/utils/text'

import { writeAudit } from './audit.server'
import { AppError, notFound, type ActorContext } from './context'
import { latestMeetingPreview } from './exports.server'
import { getOrganization, getOrganizationById, type Organization } from './organizations.server'

const summaryColumns = {
  id: orgTemplates.id,
  orgId: orgTemplates.orgId,
  kind: orgTemplates.kind,
  fileName: orgTemplates.fileName,
  placeholders: orgTemplates.placeholders,
  active: orgTemplates.active,
  uploadedBy: orgTemplates.uploadedBy,
  createdAt: orgTemplates.createdAt,
  /** Bytes of the file. */
  size: sql<number>`length(${orgTemplates.content})`,
}

/** An uploaded template without its bytes. */
export type OrgTemplate = Omit<typeof orgTemplates.$inferSelect, 'content'> & { size: number }

/** Templates uploaded by the organisation itself, newest first (without their bytes). */
export function listOrgTemplates(db: DB, actor: Actor, orgId: string): OrgTemplate[] {
  getOrganization(db, actor, orgId, 'org:manage')
  return db.select(summaryColumns).from(orgTemplates).where(eq(orgTemplates.orgId, orgId)).orderBy(desc(orgTemplates.createdAt), desc(orgTemplates.id)).all()
}

export type EffectiveTemplate =
  | { source: 'org'; kind: TemplateKind; templateId: string; orgId: string; orgName: string; fileName: string }
  | { source: 'default'; kind: TemplateKind; fileName: string }

/** Active templates of the organisation and its ancestors; the nearest wins (no scope: internal). */
function activeUpTheTree(db: Executor, org: Pick<Organization, 'path'>, kinds: readonly TemplateKind[]) {
  const ids = pathIds(org.path)
  if (ids.length === 0) return new Map<TemplateKind, typeof orgTemplates.$inferSelect>()
  const rows = db
    .select()
    .from(orgTemplates)
    .where(and(inArray(orgTemplates.orgId, ids), inArray(orgTemplates.kind, [...kinds]), eq(orgTemplates.active, true)))
    .orderBy(desc(orgTemplates.createdAt), desc(orgTemplates.id))
    .all()
  const depth = new Map(ids.map((id, i) => [id, i]))
  const best = new Map<TemplateKind, (typeof rows)[number]>()
  for (const row of rows) {
    const current = best.get(row.kind)
    if (!current || (depth.get(row.orgId) ?? -1) > (depth.get(current.orgId) ?? -1)) best.set(row.kind, row)
  }
  return best
}

/** Which template each kind of document of this organisation is made from. */
export function effectiveTemplates(db: Executor, org: Pick<Organization, 'path'>): EffectiveTemplate[] {
  const best = activeUpTheTree(db, org, TEMPLATE_KINDS)
  return TEMPLATE_KINDS.map((kind) => {
    const row = best.get(kind)
    if (!row) return { source: 'default', kind, fileName: DEFAULT_TEMPLATE_FILES[kind] }
    return {
      source: 'org',
      kind,
      templateId: row.id,
      orgId: row.orgId,
      orgName: getOrganizationById(db, row.orgId)?.name ?? '',
      fileName: row.fileName,
    }
  })
}

/**
 * The template bytes for a document of `kind` of this organisation: the nearest active organisation
 * template, or undefined for the default file (what renderMinutesDocx/renderResolutionDocx take).
 */
export function templateContentFor(db: Executor, org: Pick<Organization, 'path'>, kind: TemplateKind): Buffer | undefined {
  return activeUpTheTree(db, org, [kind]).get(kind)?.content
}

export type UploadResult =
  | { ok: true; template: OrgTemplate }
  | { ok: false; errors: string[]; placeholders: string[] }

/**
 * Stores an uploaded template after checking it. It becomes the organisation's active template of
 * that kind (the previous one is kept, inactive). A refused file stores nothing.
 */
export async function uploadTemplate(
  db: DB,
  ctx: ActorContext,
  orgId: string,
  input: { kind: TemplateKind; fileName: string; content: Uint8Array },
): Promise<UploadResult> {
  getOrganization(db, ctx.actor, orgId, 'org:manage')
  if (!(TEMPLATE_KINDS as readonly string[]).includes(input.kind)) throw new AppError(422, 'Chưa chọn loại mẫu.', 'kind')
  const fileName = cleanText(input.fileName).slice(0, 200) || 'mau.docx'
  if (!/\.docx$/i.test(fileName)) {
    return { ok: false, errors: ['Mẫu phải là tệp Word .docx (không nhận .doc, .odt hay .pdf).'], placeholders: [] }
  }
  if (input.content.byteLength > MAX_TEMPLATE_BYTES) {
    return { ok: false, errors: [`Tệp mẫu quá lớn (tối đa ${MAX_TEMPLATE_BYTES / 1024 / 1024} MB).`], placeholders: [] }
  }
  // The check is asynchronous; the transaction (synchronous) comes after it.
  const check = await checkTemplate(input.kind, input.content)
  if (!check.ok) return { ok: false, errors: check.errors, placeholders: check.placeholders }
  const row = db.transaction(
    (tx) => {
      const org = getOrganization(tx, ctx.actor, orgId, 'org:manage')
      tx.update(orgTemplates)
        .set({ active: false })
        .where(and(eq(orgTemplates.orgId, orgId), eq(orgTemplates.kind, input.kind), eq(orgTemplates.active, true)))
        .run()
      const inserted = tx
        .insert(orgTemplates)
        .values({
          id: uuidv7(),
          orgId,
          kind: input.kind,
          fileName,
          content: Buffer.from(input.content),
          placeholders: check.placeholders,
          active: true,
          uploadedBy: ctx.actor.userId,
        })
        .returning(summaryColumns)
        .get()
      writeAudit(tx, ctx, {
        action: 'template.upload',
        entityType: 'org_template',
        entityId: inserted.id,
        orgPath: org.path,
        summary: `Tải lên mẫu ${TEMPLATE_KIND_NAMES[input.kind].toLocaleLowerCase('vi')} "${fileName}" và đặt làm mẫu đang dùng`,
      })
      return inserted
    },
    { behavior: 'immediate' },
  )
  return { ok: true, template: row }
}

function templateInScope(db: Executor, actor: Actor, templateId: string) {
  const row = db.select(summaryColumns).from(orgTemplates).where(eq(orgTemplates.id, templateId)).get()
  if (!row) throw notFound('Không tìm thấy mẫu này.')
  const org = getOrganization(db, actor, row.orgId, 'org:manage')
  return { row, org }
}

/** Makes a template the organisation's active one of its kind, or stops using it (back to the inherited/default one). */
export function setTemplateActive(db: DB, ctx: ActorContext, templateId: string, active: boolean): OrgTemplate {
  return db.transaction(
    (tx) => {
      const { row, org } = templateInScope(tx, ctx.actor, templateId)
      if (active) {
        tx.update(orgTemplates)
          .set({ active: false })
          .where(and(eq(orgTemplates.orgId, row.orgId), eq(orgTemplates.kind, row.kind), eq(orgTemplates.active, true)))
          .run()
      }
      tx.update(orgTemplates).set({ active }).where(eq(orgTemplates.id, templateId)).run()
      writeAudit(tx, ctx, {
        action: active ? 'template.activate' : 'template.deactivate',
        entityType: 'org_template',
        entityId: templateId,
        orgPath: org.path,
        summary: `${active ? 'Dùng' : 'Thôi dùng'} mẫu ${TEMPLATE_KIND_NAMES[row.kind].toLocaleLowerCase('vi')} "${row.fileName}"`,
      })
      return { ...row, active }
    },
    { behavior: 'immediate' },
  )
}

/** The bytes of an uploaded template, for download. */
export function getTemplateFile(db: DB, actor: Actor, templateId: string): { fileName: string; content: Buffer } {
  const { row } = templateInScope(db, actor, templateId)
  const file = db.select({ content: orgTemplates.content }).from(orgTemplates).where(eq(orgTemplates.id, templateId)).get()
  return { fileName: row.fileName, content: file!.content }
}

/** A default template's bytes, for an admin to start their own from. */
export async function getDefaultTemplateFile(kind: TemplateKind): Promise<{ fileName: string; content: Buffer }> {
  return { fileName: DEFAULT_TEMPLATE_FILES[kind], content: await loadDefaultTemplate(kind) }
}

/**
 * The template filled, as a draft, with the latest signed meeting of the organisation's subtree (or the
 * sample meeting of app/export/sample.ts when there is none), so an admin sees how it comes out.
 */
export async function renderTemplatePreview(db: DB, actor: Actor, templateId: string): Promise<{ fileName: string; content: Buffer }> {
  const { row } = templateInScope(db, actor, templateId)
  const { content } = getTemplateFile(db, actor, templateId)
  const base = row.fileName.replace(/\.docx$/i, '')
  // On the latest signed meeting of the organisation's subtree when there is one; else the sample meeting.
  const org = getOrganizationById(db, row.orgId)
  const real = org ? latestMeetingPreview(db, org.path) : null
  if (row.kind === 'resolution') {
    const vm = real ? real.resolution : sampleResolution({ signing: { state: 'draft' } })
    return { fileName: `xem-thu-${base}.docx`, content: await renderResolutionDocx(vm, content) }
  }
  const vm = real ? { ...real.minutes, kind: row.kind } : sampleMinutes({ signing: { state: 'draft' } }, row.kind)
  return { fileName: `xem-thu-${base}.docx`, content: await renderMinutesDocx(vm, content) }
}

/**
 * What the template download route serves: `ref` is an uploaded template's id (its file, or with
 * `preview` the sample meeting filled into it) or "default-<kind>" for a default template.
 */
export async function templateDownload(
  db: DB,
  actor: Actor,
  orgId: string,
  ref: string,
  preview: boolean,
): Promise<{ fileName: string; content: Buffer }> {
  getOrganization(db, actor, orgId, 'org:manage')
  const defaultKind = /^default-(.+)$/.exec(ref)?.[1]
  if (defaultKind !== undefined) {
    if (!(TEMPLATE_KINDS as readonly string[]).includes(defaultKind)) throw notFound('Không tìm thấy mẫu này.')
    return getDefaultTemplateFile(defaultKind as TemplateKind)
  }
  const { row } = templateInScope(db, actor, ref)
  if (row.orgId !== orgId) throw notFound('Không tìm thấy mẫu này.')
  return preview ? renderTemplatePreview(db, actor, ref) : getTemplateFile(db, actor, ref)
}

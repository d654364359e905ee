// Importing a cell's member list from a spreadsheet (preview, then apply) and exporting it.
// Rows come from parseMemberRows (app/domain/member-import.ts); this module matches them with the
// members already in the database and writes them in one transaction.
//
// Matching a row with an existing member of the cell:
// 1. by card number (unique nationally): a card of a member of this cell → update that member; a card
//    of a member of another cell → the row is in error (the member must be transferred, not imported);
// 2. otherwise (no card in the row, or a card nobody has yet) by folded name + birth date among the
//    cell's members — for a row with a new card only among members without a card, so a first import
//    without card numbers is completed by a later one with them instead of duplicated.
// An update changes only the columns the file carries; it never erases a card number, never touches
// suspension or end of membership, and a row identical to the record writes nothing ("unchanged").
import { and, eq, sql } from 'drizzle-orm'
import type { DB, Executor } from '../../db/client.server'
import { memberPeriods, members } from '../../db/schema'
import { isCellKind } from '~/domain/constants'
import { IMPORT_FIELDS, memberExportColumns, memberToExportRow, type ImportField, type ImportRow } from '~/domain/member-import'
import type { Actor } from '~/domain/permissions'
import { cleanText, foldVietnamese } from '~/utils/text'
import { diffFields, writeAudit } from './audit.server'
import { AppError, type ActorContext } from './context'
import { findMemberByCard, listMembers, memberIdentityValues, todayIso } from './members.server'
import { getOrganization, type Organization } from './organizations.server'

type Member = typeof members.$inferSelect
type Period = typeof memberPeriods.$inferSelect

export type ImportAction = 'create' | 'update' | 'unchanged'

export type PlannedRow = ImportRow & {
  /** null for a row in error. */
  action: ImportAction | null
  /** The existing member an update (or unchanged row) applies to. */
  memberId: string | null
  /** The fields an update changes, with their old and new values (empty for create/unchanged). */
  changes: Record<string, { from: unknown; to: unknown }>
  /** Whether an exemption period from `exemptFrom` will be added. */
  addsExemption: boolean
}

export type ImportPreview = {
  cellName: string
  total: number
  valid: number
  invalid: number
  creates: number
  updates: number
  unchanged: number
  rows: PlannedRow[]
}

function requireCell(db: Executor, actor: Actor, cellId: string, permission: 'member:read' | 'member:manage'): Organization {
  const cell = getOrganization(db, actor, cellId, permission)
  if (!isCellKind(cell.kind)) throw new AppError(422, 'Chỉ chi bộ mới có danh sách đảng viên.')
  return cell
}

/** The columns of `members` an import sets from a valid row (never suspension or end of membership). */
const memberValues = memberIdentityValues
type MemberValues = ReturnType<typeof memberValues>

/** What an update may change: the fields the file carries, never erasing a card number (its identity). */
function updatableValues(values: MemberValues, fields: readonly ImportField[]): Partial<MemberValues> {
  const result: Partial<MemberValues> = {}
  const set = <K extends keyof MemberValues>(key: K) => {
    result[key] = values[key]
  }
  for (const field of fields) {
    if (field === 'cardNumber' && !values.cardNumber) continue
    set(field)
    if (field === 'fullName') set('searchName')
  }
  return result
}

function exemptionAlreadyRecorded(periods: Period[], from: string): boolean {
  // Skip when an exemption already starts that day, or one still runs on or after it (adding
  // would overlap, which addMemberPeriod refuses too).
  return periods.some((p) => p.kind === 'exempt' && (p.startsOn === from || p.endsOn === null || p.endsOn >= from))
}

/** Matches every valid row with the database; rows that conflict with it get an error. */
function planImport(db: Executor, cell: Organization, rows: ImportRow[]): PlannedRow[] {
  const cellMembers = db.select().from(members).where(eq(members.cellId, cell.id)).all()
  const byCard = new Map(cellMembers.filter((m) => m.cardNumber).map((m) => [m.cardNumber!, m]))
  const periodsOf = new Map<string, Period[]>()
  for (const p of db
    .select({ period: memberPeriods })
    .from(memberPeriods)
    .innerJoin(members, eq(memberPeriods.memberId, members.id))
    .where(eq(members.cellId, cell.id))
    .all()) {
    const list = periodsOf.get(p.period.memberId) ?? []
    list.push(p.period)
    periodsOf.set(p.period.memberId, list)
  }
  /** Which row already claimed an existing member, so two rows cannot update the same person. */
  const claimedBy = new Map<string, number>()

  return rows.map((row): PlannedRow => {
    const planned: PlannedRow = { ...row, errors: [...row.errors], action: null, memberId: null, changes: {}, addsExemption: false }
    const input = row.values
    if (!input || row.errors.length > 0) return { ...planned, values: null }

    const card = input.cardNumber ? cleanText(input.cardNumber) : null
    let match: Member | undefined
    if (card) {
      match = byCard.get(card)
      if (!match) {
        const elsewhere = findMemberByCard(db, card)
        if (elsewhere) {
          planned.errors.push(
            `Số thẻ ${card} thuộc đ/c ${elsewhere.fullName} của ${elsewhere.cellName}; hãy kiểm tra lại số thẻ (một đảng viên chuyển đến phải được chi bộ cũ ghi nhận chuyển đi trước).`,
          )
          return { ...planned, values: null }
        }
      }
    }
    if (!match) {
      const name = foldVietnamese(input.fullName)
      const candidates = cellMembers.filter(
        (m) => m.searchName === name && m.birthDate === input.birthDate && (!card || !m.cardNumber),
      )
      if (candidates.length > 1) {
        planned.errors.push(
          `Chi bộ có ${candidates.length} đảng viên cùng họ tên ${input.fullName} và ngày sinh; hãy ghi số thẻ đảng viên để phân biệt.`,
        )
        return { ...planned, values: null }
      }
      match = candidates[0]
      if (!match && card && input.birthDate) {
        // Same person by name and birth date but another card number: a typo in one of the two cards
        // is far likelier than a namesake born the same day, so ask instead of creating a duplicate.
        const sameButOtherCard = cellMembers.find((m) => m.searchName === name && m.birthDate === input.birthDate && m.cardNumber && m.cardNumber !== card)
        if (sameButOtherCard) {
          planned.errors.push(
            `Chi bộ đã có đ/c ${sameButOtherCard.fullName} cùng ngày sinh với số thẻ ${sameButOtherCard.cardNumber}, khác số thẻ ${card} trong tệp; hãy kiểm tra lại số thẻ.`,
          )
          return { ...planned, values: null }
        }
      }
    }

    if (match) {
      const earlier = claimedBy.get(match.id)
      if (earlier !== undefined) {
        planned.errors.push(`Dòng này và dòng ${earlier} cùng là đ/c ${match.fullName}; hãy xóa một dòng.`)
        return { ...planned, values: null }
      }
      claimedBy.set(match.id, row.rowNumber)
      const values = updatableValues(memberValues(input), row.fields ?? IMPORT_FIELDS)
      const changes = diffFields(match, values)
      delete changes.searchName
      const addsExemption = Boolean(row.exemptFrom) && !exemptionAlreadyRecorded(periodsOf.get(match.id) ?? [], row.exemptFrom!)
      const changed = Object.keys(changes).length > 0 || addsExemption
      return { ...planned, action: changed ? 'update' : 'unchanged', memberId: match.id, changes, addsExemption }
    }
    return { ...planned, action: 'create', addsExemption: Boolean(row.exemptFrom) }
  })
}

function summarise(cell: Organization, planned: PlannedRow[]): ImportPreview {
  const count = (action: ImportAction) => planned.filter((r) => r.action === action).length
  const valid = planned.filter((r) => r.action !== null).length
  return {
    cellName: cell.name,
    total: planned.length,
    valid,
    invalid: planned.length - valid,
    creates: count('create'),
    updates: count('update'),
    unchanged: count('unchanged'),
    rows: planned,
  }
}

/** What an import would do, row by row, without writing anything. */
export function previewImport(db: DB, actor: Actor, cellId: string, rows: ImportRow[]): ImportPreview {
  const cell = requireCell(db, actor, cellId, 'member:manage')
  return summarise(cell, planImport(db, cell, rows))
}

export type ImportResult = { created: number; updated: number; unchanged: number; skipped: number }

/**
 * Writes the rows in ONE transaction. With an invalid row and `onlyValid` false nothing is written
 * (AppError 422); with `onlyValid` the invalid rows are skipped. One audit entry per member created or
 * changed, plus one for the import.
 */
export function applyImport(
  db: DB,
  ctx: ActorContext,
  cellId: string,
  rows: ImportRow[],
  options: { onlyValid: boolean; fileName?: string },
): ImportResult {
  return db.transaction(
    (tx) => {
      const cell = requireCell(tx, ctx.actor, cellId, 'member:manage')
      const preview = summarise(cell, planImport(tx, cell, rows))
      const bad = preview.rows.filter((r) => r.action === null)
      if (bad.length > 0 && !options.onlyValid) {
        const lines = bad.map((r) => r.rowNumber)
        const shown = lines.length > 10 ? `${lines.slice(0, 10).join(', ')}…` : lines.join(', ')
        throw new AppError(
          422,
          `Tệp còn ${bad.length} dòng lỗi (dòng ${shown}) nên chưa lưu gì. Hãy sửa các dòng đó trong tệp rồi tải lên lại, hoặc chọn "Chỉ nhập các dòng hợp lệ".`,
        )
      }
      if (preview.valid === 0) throw new AppError(422, 'Tệp không có dòng hợp lệ nào để nhập; chưa lưu gì.')

      const now = new Date().toISOString()
      const source = { source: 'import', fileName: options.fileName ?? null }
      let created = 0
      let updated = 0
      for (const row of preview.rows) {
        if (row.action === null || row.action === 'unchanged') continue
        const input = row.values!
        let member: Member
        if (row.action === 'create') {
          member = tx
            .insert(members)
            .values({ ...memberValues(input), cellId: cell.id })
            .returning()
            .get()
          created += 1
        } else {
          const values = memberValues(input)
          const set: Partial<MemberValues> = {}
          for (const key of Object.keys(row.changes) as (keyof MemberValues)[]) Object.assign(set, { [key]: values[key] })
          if ('fullName' in set) set.searchName = values.searchName
          member =
            Object.keys(set).length > 0
              ? tx
                  .update(members)
                  .set({ ...set, version: sql`${members.version} + 1`, updatedAt: now })
                  .where(and(eq(members.id, row.memberId!), eq(members.cellId, cell.id)))
                  .returning()
                  .get()
              : tx.select().from(members).where(eq(members.id, row.memberId!)).get()!
          updated += 1
        }
        if (row.addsExemption && row.exemptFrom) {
          tx.insert(memberPeriods)
            .values({ memberId: member.id, kind: 'exempt', startsOn: row.exemptFrom, endsOn: null, note: input.note })
            .run()
        }
        const fieldsChanged = Object.keys(row.changes).length > 0
        writeAudit(tx, ctx, {
          action: row.action === 'create' ? 'member.create' : fieldsChanged ? 'member.update' : 'member.period.add',
          entityType: 'member',
          entityId: member.id,
          orgPath: cell.path,
          summary:
            row.action === 'create' || fieldsChanged
              ? `${row.action === 'create' ? 'Thêm' : 'Cập nhật'} đảng viên ${member.fullName} từ tệp (dòng ${row.rowNumber})` +
                (row.addsExemption ? `; miễn sinh hoạt từ ${row.exemptFrom}` : '')
              : `Miễn sinh hoạt: đ/c ${member.fullName} từ ${row.exemptFrom} (nhập từ tệp, dòng ${row.rowNumber})`,
          details: {
            ...source,
            rowNumber: row.rowNumber,
            ...(row.action === 'update' ? { changes: row.changes } : {}),
            ...(row.addsExemption ? { exemptFrom: row.exemptFrom } : {}),
          },
        })
      }
      const result: ImportResult = { created, updated, unchanged: preview.unchanged, skipped: preview.invalid }
      writeAudit(tx, ctx, {
        action: 'member.import',
        entityType: 'organization',
        entityId: cell.id,
        orgPath: cell.path,
        summary: `Nhập danh sách đảng viên từ tệp${options.fileName ? ` ${options.fileName}` : ''}: thêm ${created}, cập nhật ${updated}, không đổi ${preview.unchanged}, bỏ qua ${preview.invalid} dòng lỗi`,
        details: { ...source, ...result, skippedRows: bad.map((r) => r.rowNumber) },
      })
      return result
    },
    { behavior: 'immediate' },
  )
}

/** The cell's active members as export rows (same headers and formats as the import), in list order. */
export function exportMembers(db: DB, actor: Actor, cellId: string) {
  const { cell, members: list } = listMembers(db, actor, cellId, { pageSize: 1_000_000 })
  const rows = list.map((m, i) => memberToExportRow(m, i + 1))
  const slug = foldVietnamese(cell.shortName || cell.name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  return {
    cellName: cell.name,
    /** A file name without extension, e.g. "danh-sach-dang-vien-chi-bo-khu-pho-3-2026-11-30". */
    fileBaseName: `danh-sach-dang-vien-${slug}-${todayIso()}`,
    header: memberExportColumns,
    rows,
  }
}

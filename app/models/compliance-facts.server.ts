// compliance_facts (migration 0007, ADR 012): the inspector's grid reads one narrow row per meeting
// that triggers on meetings, attendance, minutes_versions and quality_assessments keep up to date.
// This module holds what is done to the table as a whole: the bulk refill after a load that ran with
// the triggers dropped (db/seed/scale.ts), and the comparison with the live tables the tests use.
// Kept apart from compliance.server.ts so that the generator does not load the app's models.
import type Database from 'better-sqlite3'

/** Columns of compliance_facts that are written (packed is generated from them). */
export const COMPLIANCE_FACT_COLUMNS = 'cell_id, starts_at, meeting_id, type, status, cancelled_reason, signed_at, quality, present, expected, unexcused_ids'

/**
 * Every meeting's facts computed from the live tables: the SELECT of the migration's back-fill, which
 * adds only the ORDER BY (keep the two identical; tests/integration/compliance-facts.test.ts runs both).
 */
export const COMPLIANCE_FACTS_SELECT = `SELECT m.cell_id, m.starts_at, m.id, m.type, m.status, m.cancelled_reason,
	(SELECT min(v.signed_at) FROM minutes_versions v WHERE v.meeting_id = m.id AND v.signed_at IS NOT NULL AND v.status IN ('signed', 'superseded')),
	(SELECT q.level FROM quality_assessments q WHERE q.meeting_id = m.id),
	a.present, a.expected, a.unexcused_ids
FROM meetings m
LEFT JOIN (
	SELECT meeting_id, sum(status = 'present') AS present, sum(status IN ('present', 'excused', 'unexcused')) AS expected,
		group_concat(CASE WHEN status = 'unexcused' THEN member_id END, ',') AS unexcused_ids
	FROM attendance GROUP BY meeting_id
) a ON a.meeting_id = m.id`

/**
 * Rebuilds compliance_facts from the live tables in one transaction (rows in primary-key order, the
 * meeting index built after them): for bulk loads that drop the compliance_facts_* triggers. Returns
 * the number of rows.
 */
export function refillComplianceFacts(sqlite: Database.Database): number {
  return sqlite.transaction(() => {
    const index = sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'compliance_facts_meeting_idx'`).get() as { sql: string } | undefined
    if (index) sqlite.exec('DROP INDEX compliance_facts_meeting_idx')
    sqlite.exec('DELETE FROM compliance_facts')
    const { changes } = sqlite.prepare(`INSERT INTO compliance_facts (${COMPLIANCE_FACT_COLUMNS}) ${COMPLIANCE_FACTS_SELECT} ORDER BY m.cell_id, m.starts_at, m.id`).run()
    if (index) sqlite.exec(index.sql)
    // Results the grid kept (in this or another process) were computed from the old rows.
    sqlite.exec('UPDATE compliance_version SET n = n + 1')
    return changes
  })()
}

/**
 * Rows on which compliance_facts and the live tables disagree (a missing, stale or orphaned fact), at
 * most `limit`: empty when the triggers (or the last refill) kept the table right.
 */
export function staleComplianceFacts(sqlite: Database.Database, limit = 20): { side: 'live' | 'stored'; row: unknown[] }[] {
  const rows = sqlite
    .prepare(
      `WITH live AS (${COMPLIANCE_FACTS_SELECT}), stored AS (SELECT ${COMPLIANCE_FACT_COLUMNS} FROM compliance_facts)
       SELECT 'live', * FROM (SELECT * FROM live EXCEPT SELECT * FROM stored)
       UNION ALL
       SELECT 'stored', * FROM (SELECT * FROM stored EXCEPT SELECT * FROM live)
       LIMIT ?`,
    )
    .raw(true)
    .all(limit) as unknown[][]
  return rows.map(([side, ...row]) => ({ side: side as 'live' | 'stored', row }))
}

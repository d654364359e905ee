-- The compliance grid's facts (ADR 012, docs/performance.md): one narrow row per meeting with exactly
-- what the inspector's grid judges — its cell, start, type and status, the first completed signature of
-- its minutes, its quality level and its attendance counts. The grid of a whole upper body (80 k meetings
-- a year) reads these rows in (cell, start) order instead of the wide meeting rows with three
-- correlated subqueries each, and reads them packed: one JSON string per cell.
--
-- Kept right by triggers on the four source tables, so every writer, in its own transaction, updates
-- the facts; no code path can forget. Not declared in db/schema.ts (drizzle-kit cannot diff triggers),
-- like the search tables of 0005. The scale generator drops the triggers while it loads and refills the
-- table at the end with refillComplianceFacts() (app/models/compliance-facts.server.ts), whose SELECT
-- is the back-fill below; tests/integration/compliance-facts.test.ts checks that both agree with the
-- triggers.
--
-- present/expected/unexcused_ids are NULL when no attendance was recorded; expected counts present,
-- excused and unexcused members (exempt, temporarily elsewhere and suspended members are not expected).
CREATE TABLE `compliance_facts` (
	`cell_id` text NOT NULL,
	`starts_at` text NOT NULL,
	`meeting_id` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`cancelled_reason` text,
	`signed_at` text,
	`quality` text,
	`present` integer,
	`expected` integer,
	`unexcused_ids` text,
	-- The row as a JSON array, written with the row: the grid reads one string per cell-year,
	-- '[' || group_concat(packed) || ']', and JSON.parse builds the arrays in JavaScript — 5,000 values
	-- through the driver for an upper body instead of 80 k rows of 11 columns.
	`packed` text GENERATED ALWAYS AS (json_array(meeting_id, type, starts_at, status, cancelled_reason, signed_at, quality, present, expected, unexcused_ids)) STORED,
	PRIMARY KEY (`cell_id`, `starts_at`, `meeting_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `compliance_facts` (cell_id, starts_at, meeting_id, type, status, cancelled_reason, signed_at, quality, present, expected, unexcused_ids)
SELECT m.cell_id, m.starts_at, m.id, m.type, m.status, m.cancelled_reason,
	(SELECT min(v.signed_at) FROM minutes_versions v WHERE v.meeting_id = m.id AND v.signed_at IS NOT NULL AND v.status IN ('signed', 'superseded')),
	(SELECT q.level FROM quality_assessments q WHERE q.meeting_id = m.id),
	a.present, a.expected, a.unexcused_ids
FROM meetings m
LEFT JOIN (
	SELECT meeting_id, sum(status = 'present') AS present, sum(status IN ('present', 'excused', 'unexcused')) AS expected,
		group_concat(CASE WHEN status = 'unexcused' THEN member_id END, ',') AS unexcused_ids
	FROM attendance GROUP BY meeting_id
) a ON a.meeting_id = m.id
ORDER BY m.cell_id, m.starts_at, m.id;
--> statement-breakpoint
CREATE UNIQUE INDEX `compliance_facts_meeting_idx` ON `compliance_facts` (`meeting_id`);
--> statement-breakpoint
-- Meetings: a new meeting gets its row (with whatever already points at it); a change of cell, type,
-- start, status or cancellation reason is copied; a deleted meeting loses its row.
CREATE TRIGGER `compliance_facts_meeting_ai` AFTER INSERT ON `meetings` BEGIN
	INSERT OR REPLACE INTO compliance_facts (cell_id, starts_at, meeting_id, type, status, cancelled_reason, signed_at, quality, present, expected, unexcused_ids)
	SELECT new.cell_id, new.starts_at, new.id, new.type, new.status, new.cancelled_reason,
		(SELECT min(v.signed_at) FROM minutes_versions v WHERE v.meeting_id = new.id AND v.signed_at IS NOT NULL AND v.status IN ('signed', 'superseded')),
		(SELECT q.level FROM quality_assessments q WHERE q.meeting_id = new.id),
		sum(a.status = 'present'), sum(a.status IN ('present', 'excused', 'unexcused')), group_concat(CASE WHEN a.status = 'unexcused' THEN a.member_id END, ',')
	FROM (SELECT 1) LEFT JOIN attendance a ON a.meeting_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_meeting_au` AFTER UPDATE OF cell_id, starts_at, type, status, cancelled_reason ON `meetings` BEGIN
	UPDATE compliance_facts SET cell_id = new.cell_id, starts_at = new.starts_at, type = new.type, status = new.status, cancelled_reason = new.cancelled_reason
	WHERE meeting_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_meeting_ad` AFTER DELETE ON `meetings` BEGIN
	DELETE FROM compliance_facts WHERE meeting_id = old.id;
END;
--> statement-breakpoint
-- Attendance: the meeting's counts are recounted from its rows (at most a cell's members) on every change.
CREATE TRIGGER `compliance_facts_attendance_ai` AFTER INSERT ON `attendance` BEGIN
	UPDATE compliance_facts SET (present, expected, unexcused_ids) = (
		SELECT sum(a.status = 'present'), sum(a.status IN ('present', 'excused', 'unexcused')), group_concat(CASE WHEN a.status = 'unexcused' THEN a.member_id END, ',')
		FROM attendance a WHERE a.meeting_id = new.meeting_id)
	WHERE meeting_id = new.meeting_id;
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_attendance_au` AFTER UPDATE OF meeting_id, member_id, status ON `attendance` BEGIN
	UPDATE compliance_facts SET (present, expected, unexcused_ids) = (
		SELECT sum(a.status = 'present'), sum(a.status IN ('present', 'excused', 'unexcused')), group_concat(CASE WHEN a.status = 'unexcused' THEN a.member_id END, ',')
		FROM attendance a WHERE a.meeting_id = compliance_facts.meeting_id)
	WHERE meeting_id IN (old.meeting_id, new.meeting_id);
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_attendance_ad` AFTER DELETE ON `attendance` BEGIN
	UPDATE compliance_facts SET (present, expected, unexcused_ids) = (
		SELECT sum(a.status = 'present'), sum(a.status IN ('present', 'excused', 'unexcused')), group_concat(CASE WHEN a.status = 'unexcused' THEN a.member_id END, ',')
		FROM attendance a WHERE a.meeting_id = old.meeting_id)
	WHERE meeting_id = old.meeting_id;
END;
--> statement-breakpoint
-- Minutes versions: the first completed signature (an amendment does not move it).
CREATE TRIGGER `compliance_facts_minutes_ai` AFTER INSERT ON `minutes_versions` BEGIN
	UPDATE compliance_facts SET signed_at = (
		SELECT min(v.signed_at) FROM minutes_versions v WHERE v.meeting_id = new.meeting_id AND v.signed_at IS NOT NULL AND v.status IN ('signed', 'superseded'))
	WHERE meeting_id = new.meeting_id;
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_minutes_au` AFTER UPDATE OF meeting_id, status, signed_at ON `minutes_versions` BEGIN
	UPDATE compliance_facts SET signed_at = (
		SELECT min(v.signed_at) FROM minutes_versions v WHERE v.meeting_id = compliance_facts.meeting_id AND v.signed_at IS NOT NULL AND v.status IN ('signed', 'superseded'))
	WHERE meeting_id IN (old.meeting_id, new.meeting_id);
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_minutes_ad` AFTER DELETE ON `minutes_versions` BEGIN
	UPDATE compliance_facts SET signed_at = (
		SELECT min(v.signed_at) FROM minutes_versions v WHERE v.meeting_id = old.meeting_id AND v.signed_at IS NOT NULL AND v.status IN ('signed', 'superseded'))
	WHERE meeting_id = old.meeting_id;
END;
--> statement-breakpoint
-- Quality self-assessments: the level.
CREATE TRIGGER `compliance_facts_quality_ai` AFTER INSERT ON `quality_assessments` BEGIN
	UPDATE compliance_facts SET quality = new.level WHERE meeting_id = new.meeting_id;
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_quality_au` AFTER UPDATE OF meeting_id, level ON `quality_assessments` BEGIN
	UPDATE compliance_facts SET quality = (SELECT q.level FROM quality_assessments q WHERE q.meeting_id = compliance_facts.meeting_id)
	WHERE meeting_id IN (old.meeting_id, new.meeting_id);
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_quality_ad` AFTER DELETE ON `quality_assessments` BEGIN
	UPDATE compliance_facts SET quality = (SELECT q.level FROM quality_assessments q WHERE q.meeting_id = old.meeting_id)
	WHERE meeting_id = old.meeting_id;
END;
--> statement-breakpoint
-- A counter that moves with every change to the facts, and to the organisations (names, tree and
-- settings are part of the grid): the grid reuses its last results while it has not moved (and the
-- clock has not passed a planned meeting's start or midnight), see subtreeYear() in
-- app/models/compliance.server.ts.
CREATE TABLE `compliance_version` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`n` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `compliance_version` (id, n) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_version_ai` AFTER INSERT ON `compliance_facts` BEGIN
	UPDATE compliance_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_version_au` AFTER UPDATE ON `compliance_facts` BEGIN
	UPDATE compliance_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_version_ad` AFTER DELETE ON `compliance_facts` BEGIN
	UPDATE compliance_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_org_ai` AFTER INSERT ON `organizations` BEGIN
	UPDATE compliance_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_org_au` AFTER UPDATE ON `organizations` BEGIN
	UPDATE compliance_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_org_ad` AFTER DELETE ON `organizations` BEGIN
	UPDATE compliance_version SET n = n + 1;
END;

-- Search at the size of an upper body (issue 8; ADR 009): one index row per meeting AGENDA instead
-- of one per agenda item, one minutes row where the signed and the drafters' texts are the same, and
-- a vocabulary of indexed words so that a prefix ("phi" → phí, phiên, phiếu) is matched as exact
-- words (FTS5's own `"phi"*` merges every matching word's whole doclist on every query).
--
-- search_terms  every word the index holds in title or body (folded), kept by the indexer; words of
--               deleted rows may stay (an extra OR branch that matches nothing).
-- search_vocab  FTS5's view of its own vocabulary, read once by rebuildSearchIndex() to fill
--               search_terms after a bulk load.
CREATE TABLE `search_terms` (
	`term` text PRIMARY KEY NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_vocab` USING fts5vocab(`search_index`, 'col');
--> statement-breakpoint
-- Agenda items queue their MEETING: the agenda is indexed as one row per meeting.
DROP TRIGGER `search_q_agenda_items_ins`;
--> statement-breakpoint
DROP TRIGGER `search_q_agenda_items_upd`;
--> statement-breakpoint
DROP TRIGGER `search_q_agenda_items_del`;
--> statement-breakpoint
CREATE TRIGGER `search_q_agenda_items_ins` AFTER INSERT ON `agenda_items` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('agenda', NEW.meeting_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_agenda_items_upd` AFTER UPDATE OF title, body, meeting_id, position ON `agenda_items` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('agenda', NEW.meeting_id);
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('agenda', OLD.meeting_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_agenda_items_del` AFTER DELETE ON `agenda_items` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('agenda', OLD.meeting_id);
END;
--> statement-breakpoint
-- Existing databases: the old rows (per item, two minutes rows) are dropped and everything is
-- queued again; the first searches index it in batches (`pending` is shown meanwhile), or
-- `npm run cli -- search-reindex` does it at once in bulk. DROP + CREATE rather than DELETE: the old
-- table may hold millions of rows.
INSERT INTO search_index (search_index) VALUES ('delete-all');
--> statement-breakpoint
DROP TABLE `search_docs`;
--> statement-breakpoint
CREATE TABLE `search_docs` (
	`id` integer PRIMARY KEY,
	`kind` text NOT NULL,
	`ref_id` text NOT NULL,
	`variant` text DEFAULT '' NOT NULL,
	`org_id` text NOT NULL,
	`meeting_id` text,
	`gate` text DEFAULT '' NOT NULL,
	`owner_id` text,
	`title` text NOT NULL,
	`subtitle` text,
	`keywords` text DEFAULT '' NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`shown_at` text,
	`indexed_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_docs_ref_idx` ON `search_docs` (`kind`, `ref_id`, `variant`);
--> statement-breakpoint
CREATE INDEX `search_docs_meeting_idx` ON `search_docs` (`meeting_id`);
--> statement-breakpoint
CREATE INDEX `search_docs_org_idx` ON `search_docs` (`org_id`);
--> statement-breakpoint
-- What search() reads of every match (visibility and order), dense: a row itself holds the snippet
-- text (a minutes narrative is ~3 KB, a page per row), so visiting 100 k matches through the table
-- reads 100 k pages. search() names this index (INDEXED BY) for the pass over the matches.
CREATE INDEX `search_docs_hit_idx` ON `search_docs` (`id`, `kind`, `variant`, `org_id`, `meeting_id`, `gate`, `owner_id`, `shown_at`);
--> statement-breakpoint
DELETE FROM `search_queue`;
--> statement-breakpoint
INSERT OR IGNORE INTO search_queue (kind, ref_id)
	SELECT 'agenda', meeting_id FROM agenda_items
	UNION ALL SELECT 'minutes', meeting_id FROM minutes
	UNION ALL SELECT 'minutes', meeting_id FROM minutes_versions
	UNION ALL SELECT 'document', id FROM documents
	UNION ALL SELECT 'contribution', id FROM contributions
	UNION ALL SELECT 'remark', id FROM inspection_remarks;

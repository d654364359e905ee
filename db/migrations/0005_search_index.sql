-- Full-text search (DESIGN §4 search_index; issue 7 item 4). Not in db/schema.ts: drizzle-kit cannot
-- describe virtual tables or triggers, and nothing but app/models/search.server.ts touches these.
--
-- search_docs   one row per searchable thing as users see it (original text for display and
--               snippets, and the attributes the visibility rules test); the rowid is shared with
--               search_index. Minutes have two rows per meeting: variant 'signed' (the current
--               signed version, for members) and 'draft' (the narrative being written, for those
--               who draft and inspectors).
-- search_index  contentless FTS5 over FOLDED text (lower case, no diacritics, đ → d) in title and
--               body, plus `scope`: tokens of the holding organisation and its ancestors, so that
--               MATCH narrows to the user's organisations inside the index.
-- search_queue  what changed: filled by the triggers below in the writer's transaction, drained by
--               drainSearchQueue() (at the start of every search, and by `cli search-reindex`).
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
CREATE VIRTUAL TABLE `search_index` USING fts5(
	title, body, scope,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TABLE `search_queue` (
	`kind` text NOT NULL,
	`ref_id` text NOT NULL,
	PRIMARY KEY (`kind`, `ref_id`)
) WITHOUT ROWID;
--> statement-breakpoint
-- Agenda items: their own text; the meeting's changes are queued by the meetings triggers.
CREATE TRIGGER `search_q_agenda_items_ins` AFTER INSERT ON `agenda_items` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('agenda', NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_agenda_items_upd` AFTER UPDATE OF title, body, meeting_id ON `agenda_items` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('agenda', NEW.id);
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('agenda', OLD.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_agenda_items_del` AFTER DELETE ON `agenda_items` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('agenda', OLD.id);
END;
--> statement-breakpoint
-- Meetings: title, date, status and publication decide what is shown and to whom; 'meeting' is
-- expanded by the drain into the meeting's agenda items, minutes, contributions and remarks.
CREATE TRIGGER `search_q_meetings_upd` AFTER UPDATE OF cell_id, type, topic, period_year, period_month, starts_at, status, published_at, chair_member_id, secretary_member_id ON `meetings`
WHEN OLD.cell_id IS NOT NEW.cell_id OR OLD.type IS NOT NEW.type OR OLD.topic IS NOT NEW.topic
	OR OLD.period_year IS NOT NEW.period_year OR OLD.period_month IS NOT NEW.period_month
	OR OLD.starts_at IS NOT NEW.starts_at OR OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at
	OR OLD.chair_member_id IS NOT NEW.chair_member_id OR OLD.secretary_member_id IS NOT NEW.secretary_member_id
BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('meeting', NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_meetings_del` AFTER DELETE ON `meetings` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('meeting', OLD.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_minutes_ins` AFTER INSERT ON `minutes` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('minutes', NEW.meeting_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_minutes_upd` AFTER UPDATE ON `minutes` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('minutes', NEW.meeting_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_minutes_del` AFTER DELETE ON `minutes` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('minutes', OLD.meeting_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_minutes_versions_ins` AFTER INSERT ON `minutes_versions` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('minutes', NEW.meeting_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_minutes_versions_upd` AFTER UPDATE OF status, snapshot, meeting_id ON `minutes_versions` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('minutes', NEW.meeting_id);
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('minutes', OLD.meeting_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_minutes_versions_del` AFTER DELETE ON `minutes_versions` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('minutes', OLD.meeting_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_documents_ins` AFTER INSERT ON `documents` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('document', NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_documents_upd` AFTER UPDATE OF org_id, own, doc_type, number_text, issued_on, issuer, title, status, body, meeting_id ON `documents` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('document', NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_documents_del` AFTER DELETE ON `documents` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('document', OLD.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_contributions_ins` AFTER INSERT ON `contributions` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('contribution', NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_contributions_upd` AFTER UPDATE OF meeting_id, member_id, title, body, status, submitted_at ON `contributions` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('contribution', NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_contributions_del` AFTER DELETE ON `contributions` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('contribution', OLD.id);
END;
--> statement-breakpoint
-- Inspection remarks: any change (status decides who reads it; columns may still be added).
CREATE TRIGGER `search_q_inspection_remarks_ins` AFTER INSERT ON `inspection_remarks` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('remark', NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_inspection_remarks_upd` AFTER UPDATE ON `inspection_remarks` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('remark', NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_q_inspection_remarks_del` AFTER DELETE ON `inspection_remarks` BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('remark', OLD.id);
END;
--> statement-breakpoint
-- An organisation moved in the tree (provinces merge): its rows' scope tokens are rewritten.
CREATE TRIGGER `search_q_organizations_path` AFTER UPDATE OF path ON `organizations` WHEN OLD.path IS NOT NEW.path BEGIN
	INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('org', NEW.id);
END;
--> statement-breakpoint
-- What already exists is indexed by the first searches (or at once by `cli search-reindex`).
INSERT OR IGNORE INTO search_queue (kind, ref_id)
	SELECT 'agenda', id FROM agenda_items
	UNION ALL SELECT 'minutes', meeting_id FROM minutes
	UNION ALL SELECT 'minutes', meeting_id FROM minutes_versions
	UNION ALL SELECT 'document', id FROM documents
	UNION ALL SELECT 'contribution', id FROM contributions
	UNION ALL SELECT 'remark', id FROM inspection_remarks;

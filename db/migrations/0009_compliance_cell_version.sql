-- Per-cell versions of the compliance grid's facts (ADR 012): compliance_version (0007) was one global
-- counter moved by every change to compliance_facts, so a single attendance mark anywhere made the next
-- request for an upper body judge all of its 5,000 cells again. Now a change to a cell's facts stamps
-- that cell (or both cells, for a meeting moved between cells) with the next number of one sequence,
-- n = max(n) + 1 read through the index on n; the grid asks for the cells stamped after the highest
-- stamp it has seen (an index range: only the changed rows) and judges just those again.
-- compliance_version stays for what concerns the whole tree (organisations: names, tree, settings —
-- their triggers are unchanged — and refillComplianceFacts()), so the facts triggers that moved it are
-- replaced here.
--
-- The back-fill stamps every cell with facts 0 (a cell without a row has never been stamped). The
-- triggers are named compliance_facts_* so that the scale generator drops them with the others while
-- it loads (its refill then moves compliance_version: everything is judged again).
CREATE TABLE `compliance_cell_version` (
	`cell_id` text PRIMARY KEY NOT NULL,
	`n` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `compliance_cell_version` (cell_id, n) SELECT DISTINCT cell_id, 0 FROM compliance_facts WHERE true ORDER BY cell_id;
--> statement-breakpoint
CREATE INDEX `compliance_cell_version_n_idx` ON `compliance_cell_version` (`n`);
--> statement-breakpoint
DROP TRIGGER `compliance_facts_version_ai`;
--> statement-breakpoint
DROP TRIGGER `compliance_facts_version_au`;
--> statement-breakpoint
DROP TRIGGER `compliance_facts_version_ad`;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_cell_version_ai` AFTER INSERT ON `compliance_facts` BEGIN
	INSERT INTO compliance_cell_version (cell_id, n) VALUES (new.cell_id, (SELECT coalesce(max(n), 0) + 1 FROM compliance_cell_version))
	ON CONFLICT (cell_id) DO UPDATE SET n = excluded.n;
END;
--> statement-breakpoint
-- A meeting moved to another cell changes both cells' years.
CREATE TRIGGER `compliance_facts_cell_version_au` AFTER UPDATE ON `compliance_facts` BEGIN
	INSERT INTO compliance_cell_version (cell_id, n) VALUES (new.cell_id, (SELECT coalesce(max(n), 0) + 1 FROM compliance_cell_version))
	ON CONFLICT (cell_id) DO UPDATE SET n = excluded.n;
	INSERT INTO compliance_cell_version (cell_id, n) SELECT old.cell_id, (SELECT coalesce(max(n), 0) + 1 FROM compliance_cell_version) WHERE old.cell_id <> new.cell_id
	ON CONFLICT (cell_id) DO UPDATE SET n = excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_cell_version_ad` AFTER DELETE ON `compliance_facts` BEGIN
	INSERT INTO compliance_cell_version (cell_id, n) VALUES (old.cell_id, (SELECT coalesce(max(n), 0) + 1 FROM compliance_cell_version))
	ON CONFLICT (cell_id) DO UPDATE SET n = excluded.n;
END;

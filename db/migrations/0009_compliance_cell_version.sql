-- Per-cell versions of the compliance grid's facts (ADR 012): compliance_version (0007) was one global
-- counter moved by every change to compliance_facts, so a single attendance mark anywhere made the next
-- request for an upper body judge all of its 5,000 cells again. compliance_cell_version moves only for
-- the cell(s) a facts row belongs to; the grid re-judges just those cells. compliance_version stays for
-- what concerns the whole tree (organisations: names, tree, settings — their triggers are unchanged —
-- and refillComplianceFacts()), so the facts triggers that moved it are replaced here.
--
-- A cell without a row has version 0 (it never had a fact changed since this migration). The triggers
-- are named compliance_facts_* so that the scale generator drops them with the others while it loads.
CREATE TABLE `compliance_cell_version` (
	`cell_id` text PRIMARY KEY NOT NULL,
	`n` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `compliance_cell_version` (cell_id, n) SELECT DISTINCT cell_id, 0 FROM compliance_facts WHERE true ORDER BY cell_id;
--> statement-breakpoint
DROP TRIGGER `compliance_facts_version_ai`;
--> statement-breakpoint
DROP TRIGGER `compliance_facts_version_au`;
--> statement-breakpoint
DROP TRIGGER `compliance_facts_version_ad`;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_cell_version_ai` AFTER INSERT ON `compliance_facts` BEGIN
	INSERT INTO compliance_cell_version (cell_id, n) VALUES (new.cell_id, 1) ON CONFLICT (cell_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- A meeting moved to another cell changes both cells' years.
CREATE TRIGGER `compliance_facts_cell_version_au` AFTER UPDATE ON `compliance_facts` BEGIN
	INSERT INTO compliance_cell_version (cell_id, n) VALUES (new.cell_id, 1) ON CONFLICT (cell_id) DO UPDATE SET n = n + 1;
	INSERT INTO compliance_cell_version (cell_id, n) SELECT old.cell_id, 1 WHERE old.cell_id <> new.cell_id ON CONFLICT (cell_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_facts_cell_version_ad` AFTER DELETE ON `compliance_facts` BEGIN
	INSERT INTO compliance_cell_version (cell_id, n) VALUES (old.cell_id, 1) ON CONFLICT (cell_id) DO UPDATE SET n = n + 1;
END;

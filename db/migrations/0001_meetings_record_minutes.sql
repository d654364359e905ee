CREATE TABLE `agenda_item_links` (
	`agenda_item_id` text NOT NULL,
	`document_id` text NOT NULL,
	PRIMARY KEY(`agenda_item_id`, `document_id`),
	FOREIGN KEY (`agenda_item_id`) REFERENCES `agenda_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agenda_item_links_doc_idx` ON `agenda_item_links` (`document_id`);--> statement-breakpoint
CREATE TABLE `agenda_items` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`position` integer NOT NULL,
	`section` text NOT NULL,
	`role` text,
	`title` text NOT NULL,
	`presenter_member_id` text,
	`presenter_name` text,
	`planned_minutes` integer,
	`body` text,
	`conclusion` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`presenter_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agenda_items_meeting_idx` ON `agenda_items` (`meeting_id`,`position`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `attendance` (
	`meeting_id` text NOT NULL,
	`member_id` text NOT NULL,
	`member_status` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`arrived_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`meeting_id`, `member_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attendance_member_idx` ON `attendance` (`member_id`,`status`);--> statement-breakpoint
CREATE TABLE `calendar_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_tokens_token_hash_unique` ON `calendar_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `committee_terms` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`starts_on` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `committee_terms_org_idx` ON `committee_terms` (`org_id`,`starts_on`);--> statement-breakpoint
CREATE TABLE `contributions` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`agenda_item_id` text,
	`member_id` text NOT NULL,
	`title` text NOT NULL,
	`body` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`submitted_at` text,
	`reviewed_at` text,
	`review_note` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agenda_item_id`) REFERENCES `agenda_items`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contributions_meeting_idx` ON `contributions` (`meeting_id`,`status`);--> statement-breakpoint
CREATE INDEX `contributions_member_idx` ON `contributions` (`member_id`);--> statement-breakpoint
CREATE TABLE `criticism_followups` (
	`id` text PRIMARY KEY NOT NULL,
	`item_id` text NOT NULL,
	`meeting_id` text,
	`note` text NOT NULL,
	`status_after` text NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `criticism_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `criticism_followups_item_idx` ON `criticism_followups` (`item_id`);--> statement-breakpoint
CREATE TABLE `criticism_items` (
	`id` text PRIMARY KEY NOT NULL,
	`cell_id` text NOT NULL,
	`meeting_id` text NOT NULL,
	`agenda_item_id` text,
	`subject_kind` text DEFAULT 'member' NOT NULL,
	`subject_member_id` text,
	`kind` text NOT NULL,
	`raised_by_member_id` text,
	`raised_by_text` text,
	`category` text NOT NULL,
	`manifestation_id` text,
	`description` text NOT NULL,
	`cause` text,
	`response` text,
	`remedy` text,
	`due_on` text,
	`follow_up_member_id` text,
	`status` text DEFAULT 'open' NOT NULL,
	`outcome` text,
	`public_summary` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`cell_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agenda_item_id`) REFERENCES `agenda_items`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`subject_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`raised_by_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`manifestation_id`) REFERENCES `manifestations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`follow_up_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `criticism_cell_idx` ON `criticism_items` (`cell_id`,`status`);--> statement-breakpoint
CREATE INDEX `criticism_subject_idx` ON `criticism_items` (`subject_member_id`);--> statement-breakpoint
CREATE INDEX `criticism_meeting_idx` ON `criticism_items` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `document_numbers` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`term_id` text NOT NULL,
	`doc_type` text NOT NULL,
	`number` integer NOT NULL,
	`meeting_id` text,
	`document_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `document_numbers_unique_idx` ON `document_numbers` (`org_id`,`term_id`,`doc_type`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `document_numbers_meeting_idx` ON `document_numbers` (`meeting_id`,`doc_type`);--> statement-breakpoint
CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`own` integer DEFAULT false NOT NULL,
	`doc_type` text NOT NULL,
	`number_text` text,
	`issued_on` text,
	`issuer` text NOT NULL,
	`title` text NOT NULL,
	`status` text DEFAULT 'in_force' NOT NULL,
	`replaced_by` text,
	`body` text,
	`meeting_id` text,
	`search_text` text DEFAULT '' NOT NULL,
	`attachment_name` text,
	`attachment_type` text,
	`attachment_size` integer,
	`attachment` blob,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `documents_org_idx` ON `documents` (`org_id`,`issued_on`);--> statement-breakpoint
CREATE INDEX `documents_meeting_idx` ON `documents` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `export_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`org_id` text NOT NULL,
	`year` integer NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`file_path` text,
	`error` text,
	`created_at` text NOT NULL,
	`finished_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `guests` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`name` text NOT NULL,
	`title` text,
	`unit` text,
	`is_upper_rep` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `guests_meeting_idx` ON `guests` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `inspection_remarks` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`meeting_id` text,
	`period_from` text,
	`period_to` text,
	`inspector_user_id` text NOT NULL,
	`inspector_name` text NOT NULL,
	`inspector_body` text,
	`remarks` text NOT NULL,
	`requested_fixes` text,
	`due_on` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`signed_at` text,
	`reply` text,
	`replied_at` text,
	`replied_by` text,
	`closed_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inspector_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inspection_remarks_org_idx` ON `inspection_remarks` (`org_id`,`status`);--> statement-breakpoint
CREATE INDEX `inspection_remarks_meeting_idx` ON `inspection_remarks` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `legal_basis` (
	`id` text PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`number_text` text NOT NULL,
	`issued_on` text,
	`issuer` text NOT NULL,
	`title` text NOT NULL,
	`status` text DEFAULT 'in_force' NOT NULL,
	`replaced_by` text,
	`note` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `legal_basis_key_unique` ON `legal_basis` (`key`);--> statement-breakpoint
CREATE TABLE `manifestations` (
	`id` text PRIMARY KEY NOT NULL,
	`category` text NOT NULL,
	`code` text NOT NULL,
	`text` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` text PRIMARY KEY NOT NULL,
	`cell_id` text NOT NULL,
	`type` text NOT NULL,
	`topic` text,
	`period_year` integer NOT NULL,
	`period_month` integer NOT NULL,
	`starts_at` text NOT NULL,
	`planned_minutes` integer,
	`place` text,
	`form` text DEFAULT 'in_person' NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`drafter_member_id` text,
	`contributions_open` integer DEFAULT false NOT NULL,
	`published_at` text,
	`published_by` text,
	`cancelled_reason` text,
	`moved_from` text,
	`move_reason` text,
	`chair_member_id` text,
	`secretary_member_id` text,
	`started_at` text,
	`ended_at` text,
	`conclusion` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`cell_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`drafter_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`chair_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`secretary_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meetings_cell_start_idx` ON `meetings` (`cell_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `meetings_period_idx` ON `meetings` (`period_year`,`period_month`,`cell_id`);--> statement-breakpoint
CREATE INDEX `meetings_status_idx` ON `meetings` (`status`);--> statement-breakpoint
CREATE TABLE `minutes` (
	`meeting_id` text PRIMARY KEY NOT NULL,
	`sections` text DEFAULT '[]' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `minutes_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`cell_id` text NOT NULL,
	`version_no` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`snapshot` text NOT NULL,
	`hash` text NOT NULL,
	`prev_hash` text,
	`chain_seq` integer,
	`verify_code` text NOT NULL,
	`amendment_reason` text,
	`withdrawn_reason` text,
	`created_by` text,
	`created_at` text NOT NULL,
	`signed_at` text,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cell_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `minutes_versions_verify_code_unique` ON `minutes_versions` (`verify_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `minutes_versions_meeting_no_idx` ON `minutes_versions` (`meeting_id`,`version_no`);--> statement-breakpoint
CREATE INDEX `minutes_versions_cell_chain_idx` ON `minutes_versions` (`cell_id`,`chain_seq`);--> statement-breakpoint
CREATE TABLE `org_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`content` blob NOT NULL,
	`placeholders` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`uploaded_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `org_templates_org_idx` ON `org_templates` (`org_id`,`kind`);--> statement-breakpoint
CREATE TABLE `quality_assessments` (
	`meeting_id` text PRIMARY KEY NOT NULL,
	`rubric` text NOT NULL,
	`scores` text NOT NULL,
	`total` real NOT NULL,
	`level` text NOT NULL,
	`confirmed_by_guest_id` text,
	`confirmed_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`confirmed_by_guest_id`) REFERENCES `guests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`version_id` text NOT NULL,
	`role` text NOT NULL,
	`member_id` text NOT NULL,
	`user_id` text NOT NULL,
	`signer_name` text NOT NULL,
	`signed_at` text NOT NULL,
	`method` text DEFAULT 'password' NOT NULL,
	FOREIGN KEY (`version_id`) REFERENCES `minutes_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_version_role_idx` ON `signatures` (`version_id`,`role`);--> statement-breakpoint
CREATE TABLE `speeches` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`agenda_item_id` text NOT NULL,
	`position` integer NOT NULL,
	`speaker_member_id` text,
	`speaker_guest_id` text,
	`contribution_id` text,
	`gist` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agenda_item_id`) REFERENCES `agenda_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`speaker_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`speaker_guest_id`) REFERENCES `guests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contribution_id`) REFERENCES `contributions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `speeches_item_idx` ON `speeches` (`agenda_item_id`,`position`);--> statement-breakpoint
CREATE INDEX `speeches_meeting_idx` ON `speeches` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`cell_id` text NOT NULL,
	`meeting_id` text,
	`document_id` text,
	`member_id` text,
	`text` text NOT NULL,
	`due_on` text,
	`status` text DEFAULT 'open' NOT NULL,
	`result_note` text,
	`reviewed_meeting_id` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`cell_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tasks_cell_idx` ON `tasks` (`cell_id`,`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `tasks_member_idx` ON `tasks` (`member_id`,`status`);--> statement-breakpoint
CREATE INDEX `tasks_meeting_idx` ON `tasks` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `votes` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`agenda_item_id` text,
	`subject` text NOT NULL,
	`kind` text NOT NULL,
	`method` text NOT NULL,
	`for_count` integer NOT NULL,
	`against_count` integer NOT NULL,
	`abstain_count` integer,
	`denominator` integer NOT NULL,
	`present_voters` integer NOT NULL,
	`passed` integer NOT NULL,
	`reserved` text DEFAULT '[]' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agenda_item_id`) REFERENCES `agenda_items`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `votes_meeting_idx` ON `votes` (`meeting_id`);
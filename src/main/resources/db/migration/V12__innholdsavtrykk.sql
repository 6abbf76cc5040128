-- A letter's content fingerprints (Innholdsavtrykk, docs/forsendelse-intake.md "Idempotency"): the same
-- avsenderSystem + eksternReferanse handed in again is the same letter (answered with the first id) only when these
-- match; different content under a used reference is refused (409). Null for letters stored before: compared as the same.

-- SHA-256 (hex) of the stored metadata: sender, reference, title, recipient, type, gjelderBarn, varseltekst, document names and types
alter table brev add column metadata_sha256 text;
-- SHA-256 (hex) over the SHA-256 of each document's content, in order (kept when the contents are emptied by retention)
alter table brev add column dokumenter_sha256 text;

-- Retention (forsendelse.oppbevaring, docs/forsendelse.md "Oppbevaring"): a letter's PDFs and a dead letter's payload
-- are emptied after their retention time; the rows stay, so the timeline and the listings still name them.

-- size of the document as received, kept when its content is emptied (null = read octet_length(innhold))
alter table brev_dokument add column storrelse bigint;
-- when the content was emptied (innhold is then an empty bytea); null = still kept
alter table brev_dokument add column innhold_slettet timestamptz;

-- when the payload was emptied (payload is then null); null = still kept
alter table dead_letter add column payload_slettet timestamptz;

-- the retention job looks for letters that still hold document contents; that set stays small while the table grows
create index brev_dokument_beholdt_idx on brev_dokument (brev_id) where innhold_slettet is null;

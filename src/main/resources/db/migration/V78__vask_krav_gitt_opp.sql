-- An SFTP wash file is given up after vask.krav-maks-forsoek failed attempts (VaskKrav, docs/uttrekk-formater-og-vask.md
-- "Giving up"): the state GITT_OPP is final, as BESVART is; the file is kept as a dead letter (kilde vask-sftp) whose id
-- is dead_letter (written once, also when the note's write fails and is tried again), and the fagsystem gets a note.
-- siste_feil: the last failed attempt's reason in words (platform.Feilaarsak), never personal data, for the note and
-- the dead letter. forsoek_fra: the attempt number the claim's round started after (the very same file sent again
-- after its answer starts a new round, VaskKrav.taPaaNytt), so the cap counts only this round's attempts.
alter table vask_krav
    add column siste_feil  text,
    add column dead_letter uuid,
    add column forsoek_fra integer not null default 0;

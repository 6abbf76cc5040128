-- A wash file's claim gets a state, so a claim whose holder died or whose answer could not be written is taken again
-- (VaskKrav, docs/uttrekk-formater-og-vask.md "SFTP"). TATT: an instance washes it until frist (a lease; after it,
-- any instance may take it again); FEILET: the wash or the answer's write failed, taken again from neste_forsoek;
-- BESVART: the answer (or the refusal) is written, at besvart. merke is the answer's name part (time and random), fixed at the first claim
-- and used by every attempt, so an answer an earlier attempt wrote is found, and never written twice.
-- Rows from before this are answered ones (or lost without a trace): BESVART, as is a row an older instance inserts.
alter table vask_krav
    add column tilstand      text        not null default 'BESVART',
    add column holder        text,
    add column frist         timestamptz,
    add column forsoek       integer     not null default 1,
    add column neste_forsoek timestamptz,
    add column merke         text,
    add column besvart       timestamptz;

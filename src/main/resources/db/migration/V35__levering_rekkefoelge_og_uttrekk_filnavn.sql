-- A resync event's place in the delivery order (HendelseLeverer.REKKEFOELGE; docs/hendelser.md "Resync"). Its sequence
-- number is negative (never the register's), and the delivery rounds and batch files went in sequence-number order, so
-- a person's resync row went out before that person's older rows still waiting for the same fagsystem (a school's daily
-- file: the current state first, the older move after it), and the fagsystem was left holding the older state. A resync
-- event stands where the feed resumes: after every event read before it, before every event read after it; so its place
-- is the sequence number the feed resumed at (resync.fra_sekvensnummer), and its own negative number puts it before the
-- event there. Null for a feed event, whose sequence number is its place; only resync rows are written, so no table is
-- rewritten.
alter table hendelse add column rekkefoelge bigint;
alter table levering add column rekkefoelge bigint;
-- the resync events already stored: stored in the resync's last transaction, the one that recorded it ferdig, so the
-- two share now()
update hendelse h set rekkefoelge = r.fra_sekvensnummer
  from resync r where h.hendelsetype = 'resync' and h.sekvensnummer < 0 and r.ferdig = h.mottatt and r.fra_sekvensnummer is not null;
update levering l set rekkefoelge = h.rekkefoelge
  from hendelse h where h.sekvensnummer = l.sekvensnummer and l.sekvensnummer < 0 and h.rekkefoelge is not null;
-- the waiting rows in the order the rounds take them (V30's index, in sequence-number order, replaced)
drop index levering_klar_rekkefoelge_idx;
create index levering_klar_rekkefoelge_idx on levering ((coalesce(rekkefoelge, sekvensnummer)), sekvensnummer) where status = 'VENTER';

-- An extract run's file name is its own (Uttrekkslager.opprett; docs/uttrekk.md "Crash safety"): the delivery never
-- replaces a file under the name and takes one there for delivered only when it holds the run's own bytes, so no other
-- run may have the name (<navn>-<yyyyMMdd>-<first 8 of the id>: two runs of one order and date may share those 8).
create unique index uttrekk_filnavn_unik on uttrekk (filnavn);

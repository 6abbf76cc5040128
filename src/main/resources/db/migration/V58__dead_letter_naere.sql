-- Whom a delivery's dead letter (kilde hendelser-levering) names beside its own person (docs/hendelser.md, "Protected
-- addresses"): its row's levering.eiere (V55) and levering.naere (V56) as they were when the dead letter was written,
-- so they describe its payload, never in it. A replay makes the row again with a new document and new arrays, while
-- the dead letter keeps the payload it failed with: screened by the row's arrays, a dead letter naming a co-owner or
-- relative the new row no longer names was never found when she was graded later. eiere is '{}' when no owner is a
-- person (so that a null eiere tells a dead letter written before V58: screened by its row's arrays, as before);
-- naere is null when the row had none (stored before V56). Partial GIN indexes as levering's (fastupdate off, V55),
-- only on the dead letters the fan-out's screening may rewrite (as dead_letter_levering_idx, V32).
alter table dead_letter add column eiere text[];
alter table dead_letter add column naere text[];
create index dead_letter_eiere_idx on dead_letter using gin (eiere) with (fastupdate = off)
    where kilde = 'hendelser-levering' and payload is not null and cardinality(eiere) > 0;
create index dead_letter_naere_idx on dead_letter using gin (naere) with (fastupdate = off)
    where kilde = 'hendelser-levering' and payload is not null and cardinality(naere) > 0;

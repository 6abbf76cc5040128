-- The owners who are persons in a delivery row's stored property units (docs/hendelser.md, "A co-owner graded later"):
-- one element per entry of the document's matrikkelenheter[].eiere[], in the document's order (units, then owners),
-- the owner's identity number, null for an owner without one (an organisation). Never in the document itself: the
-- fagsystem must not get numbers it may not see. Null when the document names no owner who is a person, and on rows
-- stored before V55. The fan-out's screening finds the rows naming a co-owner the register graded later by it
-- (eiere && the protected persons' numbers), through the partial index. fastupdate off: with GIN's pending list every
-- search reads the whole list of entries not yet merged (the event benchmark: 86 ms per search for ~200 rows, twice a
-- batch); off, each insert merges its few owners into the index at once.
alter table levering add column eiere text[];
create index levering_eiere_idx on levering using gin (eiere) with (fastupdate = off) where eiere is not null;

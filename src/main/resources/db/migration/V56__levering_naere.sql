-- The other persons whose home a delivery row's stored document may show (docs/hendelser.md, "Protected addresses"):
-- one element per entry of the document's relaterte[], in its order, the related person's identity number; then, when
-- the document's person view holds a delt bosted address, each of the person's parents as 'deltBosted:<number>' (the
-- second home is a parent's). Never in the document itself. '{}' when it shows no one else; null only on rows stored
-- before V56. The fan-out's screening finds the rows naming a person the register graded later by it (naere && the
-- protected persons' numbers), through the partial GIN index (fastupdate off, as levering_eiere_idx: V55), whatever the
-- protected person's own record says of the row's person; rows stored before V56 are screened the old way, by the
-- protected person's relatives, while any remain (levering_uten_naere_idx tells the screening whether they do).
alter table levering add column naere text[];
create index levering_naere_idx on levering using gin (naere) with (fastupdate = off) where cardinality(naere) > 0;
create index levering_uten_naere_idx on levering (sekvensnummer) where naere is null;

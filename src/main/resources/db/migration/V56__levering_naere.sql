-- The persons whose home a delivery row's stored document still shows (docs/hendelser.md, "Protected addresses"),
-- never in the document itself: 'person:<number>' for its own person while it holds any address or property unit; one
-- element per entry of the document's relaterte[], in its order, the related person's identity number (null for an
-- entry that shows no address); then, when the person view holds a delt bosted address, each of the person's parents
-- as 'deltBosted:<number>' (the second home is a parent's). '{}' when it shows no one's home; null only on rows stored
-- before V56. The fan-out's screening finds the rows still showing the home of a person the register graded later by
-- it (naere && her numbers in those three forms), through the partial GIN index (fastupdate off, as
-- levering_eiere_idx: V55), whatever her own record says of the row's person, and drops from it whom a row no longer
-- shows once stripped, so no batch reads that row for her again. Rows stored before V56 are screened the old way (her
-- events' rows and her record's relatives'), while any remain: levering_uten_naere_idx tells the screening whether they do.
alter table levering add column naere text[];
create index levering_naere_idx on levering using gin (naere) with (fastupdate = off) where cardinality(naere) > 0;
create index levering_uten_naere_idx on levering (sekvensnummer) where naere is null;

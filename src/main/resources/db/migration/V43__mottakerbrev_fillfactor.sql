-- Room on each page of mottakerbrev for the updates of a recipient letter that change no indexed column (the attempt
-- begun: sending_startet, forsoek_gateway; the status publisher's status_sekvens): with full pages every such update
-- wrote a new entry in all five indexes; with room PostgreSQL updates the row on its own page ("HOT") and writes none.
-- The letter benchmark counted 3.5 updates per recipient letter, 0.03 of them in place (docs/benchmarks.md, session 22).
-- Applies to pages written from now on; existing rows keep their pages until rewritten (VACUUM FULL or pg_repack).
alter table mottakerbrev set (fillfactor = 70);

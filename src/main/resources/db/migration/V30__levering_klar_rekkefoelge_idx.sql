-- The direct delivery round (HendelseLeverer.leverDirekte) claims the oldest due rows of the direct fagsystems in
-- sequence-number order, a batch at a time. levering_status_idx starts with (status, neste_forsoek), so every round
-- read all waiting rows of every fagsystem and sorted them (~1,800 rows for a batch of 500, 24-35 ms a round under
-- load; auto_explain in the event benchmark, docs/benchmarks.md, session 19). Walking the waiting rows in the claim's
-- own order lets a round stop after its batch.
create index levering_klar_rekkefoelge_idx on levering (sekvensnummer) where status = 'VENTER';

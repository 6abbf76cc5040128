-- The status publisher's claim takes the oldest waiting messages first (order by opprettet, sekvens, limit a batch).
-- statusutboks_venter_idx starts with neste_forsoek, so every pass read all waiting messages (and entries of published
-- ones not yet vacuumed) and sorted them, and during a burst passes repeat at once: a cost that grew with the backlog
-- on every pass (docs/benchmarks.md, session 9: letters). Walking this index in the claim's own order lets a pass stop
-- after a batch.
create index statusutboks_rekkefoelge_idx on statusutboks (opprettet, sekvens) where publisert is null;

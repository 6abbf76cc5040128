-- The status publisher's claim keeps a recipient letter's messages in order with
--   not exists (select 1 from statusutboks f where f.mottakerbrev_id = u.mottakerbrev_id and f.publisert is null and f.sekvens < u.sekvens)
-- When the statistics were taken while nothing waited (between bursts), PostgreSQL estimated one waiting message and
-- ran that anti-join as a scan of ALL waiting messages (statusutboks_rekkefoelge_idx) per candidate: 200 candidates x
-- ~1,000-1,500 waiting = ~200,000 rows filtered, 40-85 ms per claim during a burst (docs/benchmarks.md, session 14).
-- With the waiting messages also indexed by recipient letter the anti-join looks up a candidate's own earlier
-- messages (index condition on mottakerbrev_id and sekvens) whatever the estimate.
create index statusutboks_venter_per_mottakerbrev_idx on statusutboks (mottakerbrev_id, sekvens) where publisert is null;

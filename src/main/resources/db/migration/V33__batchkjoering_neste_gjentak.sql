-- When a batch fagsystem's failed file is to be written again (HendelseLeverer.leverBatch; docs/hendelser.md "Batch
-- files"): the earliest next attempt of the rows that failed, so they go again by the registration's retry policy
-- rather than with the next scheduled file (a day later with a daily schedule). Null when nothing is to be retried.
alter table batchkjoering add column neste_gjentak timestamptz;

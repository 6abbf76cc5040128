-- When status-sok first answered without a usable status for this recipient letter (SvarUt did not know the id, or gave
-- a status the client does not know); cleared when it gives one again. A letter missing for forsendelse.status.ukjent-etter
-- goes to manual handling (StatusOppfoelger) instead of being asked about for ever.
alter table mottakerbrev add column svarut_mangler_fra timestamptz;

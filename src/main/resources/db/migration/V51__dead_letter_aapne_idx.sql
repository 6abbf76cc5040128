-- The open dead letters (neither redriven nor closed): the gauge esb.deadletter.aapne and the console's overview count
-- them per kilde, the open listing shows them newest first. Retention never deletes a dead letter's row, so without
-- this index both read the whole table; with it, work proportional to the open ones (docs/forsendelse.md).
create index dead_letter_aapne_idx on dead_letter (kilde, opprettet desc) where redrevet is null and avsluttet is null;

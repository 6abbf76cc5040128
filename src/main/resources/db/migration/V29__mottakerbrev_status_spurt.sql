-- When SvarUt (or the SMS gateway / SMTP) was last asked about a recipient letter's status. The status rounds took the
-- 500 not-final letters with the oldest change, and a letter's change time moves only when its status changes: 500
-- letters that stay in one state (an organisation that never fetches, a long print) were asked about every round and
-- every newer letter was never asked again. The rounds now take the letters asked about longest ago (a letter never
-- asked counts from its last change), and mark them.
alter table mottakerbrev add column status_spurt timestamptz;
create index mottakerbrev_status_spurt_idx on mottakerbrev ((coalesce(status_spurt, endret_tid)))
    where status in ('SENDT', 'AKSEPTERT', 'VARSLET', 'SENDT_DIGITALT', 'SENDT_PRINT');

-- When SvarUt's "not found" by eksternReferanse is final after a send attempt with unknown outcome (Synlighetsregel):
-- svarut_sending_aapen: a SvarUt send attempt began and its end was not recorded (a crash, a pass that stopped);
-- svarut_uavklart_fra: when the latest attempt with unknown outcome was known to be over (its answer lost, or a later
-- look-up missed it); a miss is final only for a look-up begun registers.svarut.lookup-settle-time after it.
alter table mottakerbrev add column svarut_sending_aapen boolean not null default false,
                         add column svarut_uavklart_fra timestamptz;

-- a recipient letter waiting after a SvarUt attempt at the upgrade: when that attempt ended is not known, so a miss
-- before its next send waits the settle time once
update mottakerbrev set svarut_sending_aapen = true where status = 'KLAR_FOR_SENDING' and forsoek_gateway = 'SVARUT';

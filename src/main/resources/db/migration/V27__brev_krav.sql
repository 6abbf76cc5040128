-- The claim of a letter in BEHANDLES as a lease (docs/forsendelse.md "Several instances: the claim is a lease").
-- krav: a fresh token per claim (one per batch); a takeover after forsendelse.behandling.gjenoppta-etter gives a new
-- one, and the pass that held the old token is refused before each send (the fence: … where id = ? and krav = ?).
-- endret_tid of a BEHANDLES row is when its claim was last renewed: at the claim, by the holder's heartbeat
-- (forsendelse.behandling.krav-fornyelse) and at a send's fence when the lease has grown old.
alter table brev add column krav uuid;
-- the instance that made the claim (forsendelse.behandling.instans-id), named in the takeover's log line; never personal data
alter table brev add column krav_instans text;

-- the heartbeat renews the claims one instance holds; few rows are BEHANDLES at a time
create index brev_krav_idx on brev (krav) where status = 'BEHANDLES';

-- A proactive trigger's message to a fagsystem (docs/proaktiv.md "A message to a fagsystem") is a delivery like the
-- fan-out's, through the same channels, retries and dead letters, but a message of its own kind: melding '' is the
-- registration's event message, 'proaktiv/<trigger>' a trigger's, mapped with the trigger's own mapping. The kind is
-- part of the key, so a fagsystem that subscribes to an event type and is also a trigger's target for it gets both,
-- each once. Such a firing's proaktiv_utsendelse row has utfall 'MELDING_TIL_LEVERING' and no brev_id.
alter table levering add column melding text not null default '';
alter table levering drop constraint levering_pkey;
alter table levering add primary key (sekvensnummer, fagsystem, melding);

-- The persons a fagsystem has had a delivered row of (docs/hendelser.md, "Retention"), kept when the retention job deletes
-- delivered rows (forsendelse.oppbevaring.hendelser-etter): the population rule of a kommune registration asks whether it
-- has had a non-resident before (Mottakervalg: it is told of the move out once; interne tjenester keep hearing of them),
-- and the rows themselves answered that. The number only, as populasjon_utflyttet keeps it: no document, no event.
create table levering_kjent (
    fagsystem      text        not null,
    identifikator  text        not null,
    registrert     timestamptz not null default now(),
    primary key (fagsystem, identifikator)
);

-- The event that told a kommune fagsystem that a person it had moved out of its kommune (HendelseFordeler,
-- Populasjonsregel.forHendelse; docs/hendelser.md "Population"): the person's later events stay away from it until
-- the person lives in the kommune again, when the fan-out deletes the row. Identifikator as the event's; never logged.
create table populasjon_utflyttet (
    fagsystem      text        not null,
    identifikator  text        not null,
    sekvensnummer  bigint      not null,
    registrert     timestamptz not null default now(),
    primary key (fagsystem, identifikator)
);

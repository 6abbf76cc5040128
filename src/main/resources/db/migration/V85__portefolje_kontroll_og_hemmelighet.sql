-- When the fan-out asked Folkeregisteret for a portfolio member's number (docs/hendelser.md, "A member registered by a
-- replaced number"): null until then. A member registered by a number the register had replaced (a D-nummer that a
-- fødselsnummer replaced, or an earlier fødselsnummer) is tied to her number in use in personidentitet once, so her
-- events reach the portfolio; existing members are asked on the fan-out's first round after this migration.
alter table portefolje add column nummer_kontrollert timestamptz;

-- The members not yet asked about: the fan-out looks for them every round.
create index portefolje_ukontrollert on portefolje (fagsystem) where nummer_kontrollert is null;

-- Secrets the platform makes itself and every instance shares (never configured, never logged). 'vask-krav': 32 random
-- bytes that key the SFTP wash claims' HMAC (vask_krav.noekkel, Kravnoekkel), made by the first instance that needs it.
create table platform_hemmelighet (
    navn      text primary key,
    verdi     bytea not null,
    opprettet timestamptz not null default now()
);

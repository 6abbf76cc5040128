-- Proactive services (docs/proaktiv.md): triggers read the stored register events from their own position, and each
-- (trigger, person) gets at most one letter, ever: the primary key is the once-only rule, also across replays,
-- restarts and instances.

create table proaktiv_posisjon (
    leser                text primary key,          -- 'proaktiv'
    neste_sekvensnummer  bigint      not null,       -- next stored event (hendelse.sekvensnummer) to read
    oppdatert            timestamptz not null default now()
);

create table proaktiv_utsendelse (
    utloeser        text        not null,            -- trigger name (config/proaktiv/<name>.yaml)
    identifikator   text        not null,            -- the person the event was about; never logged
    sekvensnummer   bigint      not null,            -- the event that fired it
    brev_id         uuid,                            -- the letter handed to the intake (null when refused)
    utfall          text        not null,            -- LEVERT_TIL_MOTTAK | AVVIST
    feil            text,                            -- why the intake refused it (no personal data)
    tid             timestamptz not null default now(),
    primary key (utloeser, identifikator)
);

-- Date rules (e.g. turns 6 this year) run once a day per trigger; the once-only record above still decides who gets a letter.
create table proaktiv_datokjoering (
    utloeser     text primary key,
    sist_kjoert  date        not null,              -- the day (Europe/Oslo) of the last complete run
    personer     int         not null default 0,    -- persons looked at in that run
    oppdatert    timestamptz not null default now()
);

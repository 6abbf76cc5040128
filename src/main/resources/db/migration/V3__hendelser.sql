-- Register events to fagsystems. The feed position advances in the same transaction that stores the events,
-- so an event is never skipped; each (sekvensnummer, fagsystem) is delivered at most once (primary key).

create table feed_posisjon (
    feed                 text primary key,          -- 'folkeregisteret'
    neste_sekvensnummer  bigint      not null,       -- next seq to read (the feed's seq is inclusive)
    etag                 text,
    oppdatert            timestamptz not null default now()
);

create table hendelse (
    sekvensnummer   bigint primary key,
    identifikator   text        not null,            -- the person's number; never logged
    hendelsetype    text        not null,
    mottatt         timestamptz not null default now(),
    status          text        not null default 'NY' -- NY | FORDELT
);
create index hendelse_status_idx on hendelse (status, sekvensnummer);

create table levering (
    sekvensnummer   bigint      not null,
    fagsystem       text        not null,
    status          text        not null,            -- VENTER | LEVERT | FEILET | HOPPET_OVER
    forsoek         int         not null default 0,
    neste_forsoek   timestamptz,
    levert          timestamptz,
    feil            text,
    primary key (sekvensnummer, fagsystem)
);
create index levering_status_idx on levering (status, neste_forsoek);

-- Conditions an operator must see (feed position too old, resync started, …); also counted in metrics.
create table alarm (
    id        bigserial primary key,
    kilde     text        not null,
    melding   text        not null,
    tid       timestamptz not null default now(),
    kvittert  timestamptz
);

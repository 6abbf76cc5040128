-- The web console's audit trail: every action someone took in /konsoll (resolve, redrive, replay, route start/stop),
-- who did it (the user name from the identity provider) and how it went. Never personal data: objects are ids.
create table konsoll_handling (
    id        bigserial primary key,
    tid       timestamptz not null default now(),
    bruker    text        not null,
    handling  text        not null,                   -- LOES_MANUELL | REDRIVE | REPLAY | REPLAY_PROEVE | RUTE_START | RUTE_STOPP
    objekt    text        not null,                   -- mottakerbrev id, dead letter id, fagsystem + range, route id
    utfall    text        not null                    -- what came of it, in words
);
create index konsoll_handling_tid_idx on konsoll_handling (tid desc);

-- Platform diagnostics: one row per ping sent through every component (see routes/diagnostics).
create table ping (
    id          uuid primary key,
    received_at timestamptz not null default now(),
    message     text not null
);

-- Resync after the feed position has become too old (406): a tailored extract of the registrations' kommuner is
-- fanned out as 'resync' events (each person's current state), then the feed continues from the register's last
-- sequence number at the time the resync started. Resync events get negative sequence numbers so they never
-- collide with the register's.
create table resync (
    id                 bigserial primary key,
    status             text        not null,          -- VENTER | STARTET | FERDIG
    jobb_ider          text,                           -- extract job ids, comma separated
    fra_sekvensnummer  bigint,                         -- where the feed continues afterwards
    personer           int         not null default 0,
    opprettet          timestamptz not null default now(),
    ferdig             timestamptz
);

create sequence resync_sekvensnummer increment by -1 start with -1 minvalue -9223372036854775807 maxvalue -1;

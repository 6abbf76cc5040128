-- Status changes to publish to the sending fagsystem (transactional outbox, docs/forsendelse.md "Status back to the
-- sender"). A row is written in the same transaction as the recipient letter's status change, so no change is lost
-- when a channel is down; the publisher sends it afterwards, marks it, and retries a failure with growing waits.

-- the last status message number of each recipient letter (1, 2, 3, …): orders them and makes their key
alter table mottakerbrev add column status_sekvens int not null default 0;

create table statusutboks (
    id              uuid primary key,                     -- meldingId: the receiver's de-duplication key, stable across retries
    mottakerbrev_id uuid        not null references mottakerbrev (id) on delete cascade,
    sekvens         int         not null,                 -- mottakerbrev.status_sekvens at the change; published in this order
    brev_id         uuid        not null references brev (id) on delete cascade,
    avsender_system text        not null,                 -- whose status channel (forsendelse.status.kanal)
    status          text        not null,                 -- the platform status published
    melding         text        not null,                 -- the JSON as published; no personal data
    opprettet       timestamptz not null default now(),
    forsoek         int         not null default 0,       -- publication attempts made
    neste_forsoek   timestamptz not null default now(),
    sist_feil       text,                                 -- failure kind of the latest attempt (no payload, no personal data)
    publisert       timestamptz,                          -- null = still to be published
    constraint statusutboks_rekkefoelge unique (mottakerbrev_id, sekvens)
);
-- the publisher looks only at what still waits; that set stays small while the table grows
create index statusutboks_venter_idx on statusutboks (neste_forsoek, opprettet) where publisert is null;

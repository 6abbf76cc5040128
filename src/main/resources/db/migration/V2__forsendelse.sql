-- Letter dispatch (forsendelse). A letter (brev) from a fagsystem fans out to one or more recipient letters
-- (mottakerbrev), each sent once through SvarUt. No postal address and no KRR contact data is ever stored:
-- addresses are looked up fresh when sending, decisions keep only their evidence.

create table brev (
    id                uuid primary key,
    avsender_system   text        not null,
    ekstern_referanse text        not null,
    tittel            text        not null,
    brevtype          text        not null,               -- FORMELL | TJENESTEMELDING
    gjelder_barn      boolean     not null default false, -- the letter concerns a child and goes to the parents
    mottaker          text        not null,               -- fødselsnummer / D-nummer / organisasjonsnummer; never logged
    mottaker_type     text        not null,               -- PERSON | ORGANISASJON
    kanal_inn         text        not null,               -- REST | JMS | SFTP
    status            text        not null,               -- MOTTATT, BEHANDLES, SENDT, FERDIG, MANUELL, STOPPET, FEILET
    mottatt_tid       timestamptz not null default now(),
    endret_tid        timestamptz not null default now(),
    constraint brev_idempotens unique (avsender_system, ekstern_referanse)
);
create index brev_status_idx on brev (status, mottatt_tid);

create table brev_dokument (
    brev_id   uuid    not null references brev (id) on delete cascade,
    nr        int     not null,
    filnavn   text    not null,
    mime_type text    not null,
    innhold   bytea   not null,
    primary key (brev_id, nr)
);

create table mottakerbrev (
    id              uuid primary key,                     -- sent to SvarUt as eksternReferanse
    brev_id         uuid        not null references brev (id) on delete cascade,
    mottaker        text        not null,                 -- the actual recipient (a parent for a child's letter)
    kanal           text,                                 -- DIGITAL | PRINT | VARSEL | MANUELL | STOPP
    regel           text,                                 -- rule applied (code)
    grunnlag        jsonb,                                -- decision evidence: reservert, KRR status, kanVarsles, gradering, oppslagstid
    status          text        not null,                 -- platform lifecycle (docs/forsendelse.md)
    svarut_id       uuid,
    svarut_status   text,
    forsoek         int         not null default 0,
    neste_forsoek   timestamptz,
    manuell_grunn   text,                                 -- why a person must handle it (no personal data)
    loest_av        text,                                 -- who resolved a manual case
    endret_tid      timestamptz not null default now()
);
create index mottakerbrev_brev_idx on mottakerbrev (brev_id);
create index mottakerbrev_status_idx on mottakerbrev (status, neste_forsoek);

create table tidslinje (
    id              bigserial primary key,
    brev_id         uuid        not null references brev (id) on delete cascade,
    mottakerbrev_id uuid,
    tid             timestamptz not null default now(),
    hendelse        text        not null,                 -- MOTTATT, OPPSLAG_KRR, OPPSLAG_FREG, BESLUTTET, SENDT, STATUS, …
    detalj          text                                  -- never personal data
);
create index tidslinje_brev_idx on tidslinje (brev_id, id);

-- What finally failed, with its payload, until someone redrives it.
create table dead_letter (
    id          uuid primary key,
    kilde       text        not null,                     -- route or step that gave up
    referanse   text,                                     -- e.g. mottakerbrev id
    grunn       text        not null,                     -- failure kind and message (no personal data)
    payload     bytea,
    opprettet   timestamptz not null default now(),
    redrevet    timestamptz
);

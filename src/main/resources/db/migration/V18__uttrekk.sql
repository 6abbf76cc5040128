-- Extracts (docs/uttrekk.md): one row per run of an order, with what a resume after a crash needs.
create table uttrekk (
    id              uuid primary key,
    -- the order's name (config/uttrekk/<navn>.yaml, or the one-off order's)
    navn            text        not null,
    fagsystem       text        not null,
    -- PLAN (a schedule fired) or API (POST /api/uttrekk)
    kilde           text        not null,
    -- the order as JSON, as it was when the run was made; a later edit of the file does not change a running extract
    bestilling      text        not null,
    -- the extract's date: "turns 6 this year" and the file name count from it
    dato            date        not null,
    -- BESTILT, HENTER, LEVERER, LEVERT, FEILET
    status          text        not null,
    -- Folkeregisteret's jobbId once ordered; null again when the job is gone (410) and must be ordered anew
    jobb_id         text,
    -- the last batch whose rows are safely in the work file (-1: none)
    batch_ferdig    integer     not null default -1,
    -- length of the work file after that batch; a resume cuts the file back to it
    arbeidsfil_bytes bigint     not null default 0,
    -- identity numbers read from the register's batches so far
    personer_lest   integer     not null default 0,
    -- rows written (persons that passed the after-criteria and were found)
    rader           integer     not null default 0,
    -- persons dropped by the after-criteria (catchment, age)
    utelatt         integer     not null default 0,
    -- numbers the bulk look-up gave no person for
    ikke_funnet     integer     not null default 0,
    -- Folkeregisteret bulk look-ups made for the finished batches (persons and their related persons)
    bulkoppslag     integer     not null default 0,
    -- true once the register's empty batch was read: personer_lest is then the total
    alle_lest       boolean     not null default false,
    -- the delivered file's name and size
    filnavn         text        not null,
    fil_bytes       bigint,
    levert          timestamptz,
    -- failed attempts in a row, and the last reason (no personal data)
    forsoek         integer     not null default 0,
    feil            text,
    opprettet       timestamptz not null default now(),
    oppdatert       timestamptz not null default now()
);
create index uttrekk_aapne on uttrekk (opprettet) where status in ('BESTILT', 'HENTER', 'LEVERER');

-- When each scheduled order last fired, so a restart does not run it again and two instances do not both run it.
create table uttrekk_plan (
    navn text primary key,
    sist timestamptz not null
);

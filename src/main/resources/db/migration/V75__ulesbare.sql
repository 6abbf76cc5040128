-- A person whose document in Folkeregisteret's bulk answer the platform cannot read (BulkResult.ulesbare: an identity
-- number in use that is not valid) fails only herself (docs/proaktiv.md, docs/uttrekk.md).

-- The events an event trigger's round skipped because their person's document could not be read: nothing fired, no
-- once-only record; read again once neste_forsoek has passed, and let go once readable (ProaktivLeser).
create table proaktiv_ulesbar (
    sekvensnummer  bigint      primary key,              -- the stored event (hendelse.sekvensnummer); no personal data
    forsoek        int         not null default 1,       -- rounds that could not read the person
    neste_forsoek  timestamptz not null,                 -- not read again before this
    registrert     timestamptz not null default now()
);

-- An extract's rows left out (the person's document, or for a format that addresses letters a holder's, cannot be
-- read) or marked (a related person's entry "ulesbar": true) for that reason (UttrekkKjoerer, docs/uttrekk.md).
alter table uttrekk add column ulesbare int not null default 0;

-- The audit trail of register look-ups (docs/oppslag.md "Audit trail"): one row per person per call through
-- /api/oppslag, refused calls included. Append-only: the trigger below refuses UPDATE and TRUNCATE always, and DELETE
-- unless the transaction set esb.revisjon_sletting = 'tillatt' (only the retention job, Revisjonslogg.slettEldreEnn).
create table oppslag_revisjon (
    id            bigserial primary key,
    -- when the call was answered
    tidspunkt     timestamptz not null default now(),
    -- the registration the call was judged under; null when the caller had none
    fagsystem     text,
    -- the authenticated caller (token client_id or client certificate); differs from fagsystem for the integration team
    kaller        text not null,
    -- the end user the caller named in X-Sluttbruker (identity numbers in it masked)
    sluttbruker   text,
    -- HMAC-SHA256 (hex) of the person's identity number under oppslag.revisjon.hmac-noekkel; null when none was valid
    person_hmac   text,
    -- PERSON, FAMILIE, BATCH, SOEK or ENTYDIG_SOEK; +HISTORIKK / +FAMILIE when history or the family was asked for
    operasjon     text not null,
    formaal       text,
    saksreferanse text,
    -- the fields disclosed, comma-separated (Felt names; FAMILIE.<felt> for related persons)
    felter        text not null default '',
    -- the HTTP status answered
    status        integer not null,
    -- OK, IKKE_FUNNET or the problem type of a refusal
    utfall        text not null
);
create index oppslag_revisjon_person on oppslag_revisjon (person_hmac, tidspunkt);
create index oppslag_revisjon_tidspunkt on oppslag_revisjon (tidspunkt);

create function oppslag_revisjon_bare_tillegg() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and current_setting('esb.revisjon_sletting', true) = 'tillatt' then
        return old;
    end if;
    raise exception 'oppslag_revisjon is append-only: % refused', tg_op;
end
$$;

create trigger oppslag_revisjon_bare_tillegg before update or delete on oppslag_revisjon
    for each row execute function oppslag_revisjon_bare_tillegg();
create trigger oppslag_revisjon_ingen_truncate before truncate on oppslag_revisjon
    for each statement execute function oppslag_revisjon_bare_tillegg();

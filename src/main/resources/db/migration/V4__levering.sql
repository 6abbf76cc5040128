-- Deliveries keep the minimised mapping input document, so a retry, a batch file or a replay maps it again
-- with the current mapping; the document holds only what the fagsystem may see.
alter table levering add column dokument text;
alter table levering add column opprettet timestamptz not null default now();

-- Persons a fagsystem follows (populasjon: portefolje), registered through the API.
create table portefolje (
    fagsystem      text not null,
    identifikator  text not null,
    registrert     timestamptz not null default now(),
    primary key (fagsystem, identifikator)
);

-- When each batch fagsystem (SFTP) last got its file.
create table batchkjoering (
    fagsystem  text primary key,
    sist       timestamptz not null
);

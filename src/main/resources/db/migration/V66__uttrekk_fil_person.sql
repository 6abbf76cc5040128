-- A file kept for the API (levering: api) is served up to uttrekk.api-fil-oppbevaring after it was written; a person on
-- it graded since (strengt fortrolig, or fortrolig for a registration without beskyttedeAdresser) must not be served
-- with the address the file still holds (DOMAIN.md rule 5; docs/uttrekk.md "A file kept for the API, and gradings
-- since"). GET /api/uttrekk/{id}/fil asks, before it serves the file, whether the feed brought a grading event (or a
-- resync, which stands for events the platform never saw) for one of the persons whose home a row may show, received
-- since the rows were read; if so the file is deleted and the rows are read again.

-- When the current reading of the run's rows began (its register job ordered, or read again): a grading event received
-- before it was seen by the reading's look-ups. Null for runs read before V66: their kept file cannot be checked, and
-- is read again at its next fetch.
alter table uttrekk add column lest_fra timestamptz;

-- The persons whose home a kept file's rows may show: each row's person (the batch's number and the number the register
-- answered with), the related persons on the row, the person's parents (a delt bosted is a parent's home). Numbers
-- only, as hendelse and levering_kjent hold them; never logged. Written only for runs delivered to the API, deleted
-- with the file (retention), when the rows are read again, and when the run is given up.
create table uttrekk_fil_person (
    uttrekk        uuid not null references uttrekk (id) on delete cascade,
    identifikator  text not null,
    primary key (uttrekk, identifikator)
);

-- The grading events (and resync rows) by when they were received: a few among the feed's events, so the check at a
-- fetch reads those received since the reading began and looks each up in uttrekk_fil_person by its primary key.
create index hendelse_gradering_idx on hendelse (mottatt) where hendelsetype in ('endringIAdressebeskyttelse', 'resync');

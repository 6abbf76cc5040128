-- The numbers of the protected persons a fan-out batch's screening (Adressetilbakeholding) met, and when: a value of
-- skjerming_kjent_seq taken at the screening. A writer of delivery rows (another instance's fan-out batch, a replay, a
-- proactive trigger's messages) takes a value of the same sequence before its register look-up; before it commits it
-- asks here, under the screening lock, for the persons graded since by someone else, looks them up again and screens
-- its own rows too (Skjermingsvakt, docs/hendelser.md "Two instances and a new grading"). Only the number and whether
-- the grading is strengt fortrolig, one row per number and writer (kilde: its value); never an address. Rows older
-- than a day are deleted as new ones are written.
create sequence skjerming_kjent_seq;

create table skjerming_kjent (
    nummer text not null,
    strengt boolean not null,
    kjent bigint not null,
    kilde bigint not null,
    tid timestamptz not null default now(),
    primary key (nummer, kilde)
);

create index skjerming_kjent_kjent_idx on skjerming_kjent (kjent);

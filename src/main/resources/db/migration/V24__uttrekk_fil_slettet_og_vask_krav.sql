-- When a run's kept file (levering: api) was deleted after uttrekk.api-fil-oppbevaring; null while it is kept.
-- Runs delivered by SFTP or Kafka get it too on the same sweep: their file was deleted at delivery already.
alter table uttrekk add column fil_slettet timestamptz;
create index uttrekk_fil_kept on uttrekk (levert) where status = 'LEVERT' and fil_slettet is null;

-- Claims of SFTP wash files across instances: the instance whose insert wins washes the file, the others leave it.
-- The key is the file's path, size and modification time, so the same name sent again later is a new file.
create table vask_krav (
    noekkel text primary key,
    tatt    timestamptz not null default now()
);

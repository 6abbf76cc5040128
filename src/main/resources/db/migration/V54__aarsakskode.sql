-- A failure reason's stable code beside its words (docs/konsoll.md, "Reasons in words"): the words are for people and
-- may be reworded, the code (e.g. KRR-UTILGJENGELIG, SMS-AVVIST, SVARUT-TILGANG-AVVIST) is for machines and stays.
-- Null on rows stored before V54 and on rows that are no failure.
alter table tidslinje add column aarsak text;
alter table dead_letter add column aarsak text;
alter table alarm add column aarsak text;

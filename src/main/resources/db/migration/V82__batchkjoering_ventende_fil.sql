-- A batch file is staged in the fagsystem's folder and renamed to its own name only after the transaction that marks
-- its rows delivered has committed; this is the name a committed file still waits to be renamed to (null: none), so a
-- crash between the commit and the rename is finished by the fagsystem's next run (HendelseLeverer.leverBatch).
alter table batchkjoering add column ventende_fil text;

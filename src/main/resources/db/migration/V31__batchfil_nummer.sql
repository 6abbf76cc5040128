-- Each event batch file's number, put into its name (HendelseLeverer.leverBatch; docs/hendelser.md "Batch files"), so
-- no file replaces another of the same name. A sequence, because nextval is never rolled back: the file of a run whose
-- commit failed keeps its number, and its rows go again in a file with another.
create sequence batchfil_nummer;

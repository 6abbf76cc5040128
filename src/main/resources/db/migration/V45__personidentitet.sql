-- A person's identity numbers, once the person has had more than one (a D-nummer replaced by a fødselsnummer): each of
-- the numbers with one key for the person (HendelseFordeler learns them, Personidentiteter stores them; docs/hendelser.md
-- "A person's rows in order"). The delivery rounds hold a row back behind an earlier row of the same person under any of
-- the person's numbers (HendelseLeverer.PERSONENS_NUMRE): an event's row is stored under the number the event named, so
-- before, a row under the new number overtook a row under the old one still waiting out its retry. Only persons whose
-- number changed have rows here (a few); the claim asks the primary key once per row it considers, and the numbers of
-- the person's key through personidentitet_person_idx when it finds one.
create table personidentitet (
    identifikator  text primary key,  -- one of the person's numbers; never logged
    person         text not null      -- the person's key: the same for each of the person's numbers (one of them)
);
create index personidentitet_person_idx on personidentitet (person);

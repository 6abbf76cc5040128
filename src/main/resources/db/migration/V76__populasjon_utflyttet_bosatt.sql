-- populasjon_utflyttet (V36) keeps, per kommune fagsystem and person, the state her latest event told: moved out (the
-- event that told it) or resident again (bosatt; before, the row was deleted). plass is the event's place in the feed
-- (a resync event's hendelse.rekkefoelge, else its sequence number): a fan-out batch's write takes effect only when its
-- event comes later than the one recorded, so an older batch that commits after a newer one (two instances) cannot leave
-- a move out recorded for a person who lives in the kommune again (docs/hendelser.md "Population").
alter table populasjon_utflyttet add column bosatt boolean not null default false;
alter table populasjon_utflyttet add column plass bigint;
update populasjon_utflyttet p
   set plass = coalesce((select h.rekkefoelge from hendelse h where h.sekvensnummer = p.sekvensnummer and p.sekvensnummer < 0), p.sekvensnummer);
alter table populasjon_utflyttet alter column plass set not null;

-- The instance of the platform that carried out a console action (Instans.id: forsendelse.behandling.instans-id, or
-- pid@host). A route stop or start acts on that instance's Camel route controller only, so with two instances the
-- audit trail must say which one; every action records it. Rows written before this migration have none (null).
alter table konsoll_handling add column instans text;

-- SMS | EPOST: the channel of the latest SMS/e-mail attempt begun for a recipient letter, recorded with
-- forsoek_gateway = 'VARSEL' before the request goes out. While that guard stands (a lost answer), a retry stays on
-- this channel or goes to manual handling, never to the other one (Varselkanalbytte, DOMAIN.md rule 8).
-- Attempts begun before this column have none: an unknown outcome among them goes to manual handling.
alter table mottakerbrev add column forsoek_varselkanal text;

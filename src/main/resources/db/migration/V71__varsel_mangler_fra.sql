-- When the SMS round first could not learn this service message's delivery status (the gateway answered that it has no
-- such message or gave a status the client does not know, or no SMS gateway is set up any more); cleared when a report
-- comes again. A message so for forsendelse.status.ukjent-etter goes to manual handling (StatusOppfoelger), as V69's
-- svarut_mangler_fra does for SvarUt letters, instead of staying SENDT for ever.
alter table mottakerbrev add column varsel_mangler_fra timestamptz;

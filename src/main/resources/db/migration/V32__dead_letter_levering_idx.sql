-- The fan-out strips the addresses from every dead letter of a delivery whose person the register has since made
-- strengt fortrolig, whatever the row's status (a replayed row's dead letter keeps the document it failed with;
-- DOMAIN.md rule 5). It finds them by reference (<sekvensnummer>/<fagsystem>[/<melding>]) in a batch that met a
-- protected person, which would otherwise read the whole dead-letter table each time. Only those that still hold a
-- payload count.
create index dead_letter_levering_idx on dead_letter (referanse) where kilde = 'hendelser-levering' and payload is not null;

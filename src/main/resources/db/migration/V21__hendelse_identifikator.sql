-- The fan-out asks once per batch which of the batch's persons a fagsystem has had deliveries for
-- (identifikator = any(...)); without this index every such question read the whole event table.
create index hendelse_identifikator_idx on hendelse (identifikator);

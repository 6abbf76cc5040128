-- Service messages by SMS or e-mail (docs/forsendelse.md "Service messages by SMS and e-mail"). The phone number
-- and e-mail address are looked up in KRR at send time and never stored: a row says only which channel was used
-- and the gateway's own id for the message.

-- The fagsystem's short text for an SMS or e-mail (optional; the title is used when it is missing)
alter table brev add column varseltekst text;

-- SMS | EPOST: the channel the service message went by
alter table mottakerbrev add column varsel_kanal text;
-- the SMS gateway's message id, or the e-mail's Message-ID
alter table mottakerbrev add column varsel_id text;
-- the gateway's last delivery status (ACCEPTED, SENT, DELIVERED, FAILED, EXPIRED; EPOST: ACCEPTED by the relay)
alter table mottakerbrev add column varsel_status text;
create index mottakerbrev_varsel_idx on mottakerbrev (status, varsel_kanal) where varsel_kanal is not null;

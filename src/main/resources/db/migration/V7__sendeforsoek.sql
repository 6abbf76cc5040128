-- When the first send of a recipient letter to SvarUt began (committed before the HTTP call). A later attempt
-- (retry, redrive, or after a crash) looks the letter up by eksternReferanse before sending again; a first
-- attempt skips that look-up.
alter table mottakerbrev add column sending_startet timestamptz;

-- Letters waiting at upgrade time may have had an attempt whose outcome was never recorded: look them up first.
update mottakerbrev set sending_startet = endret_tid where status = 'KLAR_FOR_SENDING' or svarut_id is not null;

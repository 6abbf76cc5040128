-- A dead letter closed without sending (POST /api/dead-letters/{id}/avslutt, the console's "Avslutt uten sending…";
-- docs/konsoll.md, docs/forsendelse.md "Closing a dead letter without sending"): when, by whom (the console user or
-- the API caller), and the reason the integration team gave (free text, at most 500 characters; shown masked, never
-- logged). An open dead letter is one neither redriven nor closed; the row and its payload stay, and retention empties
-- the payload dead-letter-etter after the close as after a redrive.
alter table dead_letter add column avsluttet timestamptz;
alter table dead_letter add column avsluttet_av text;
alter table dead_letter add column avsluttet_begrunnelse text;
-- a dead letter is settled once: sent again or closed, never both
alter table dead_letter add constraint dead_letter_redrevet_eller_avsluttet check (redrevet is null or avsluttet is null);

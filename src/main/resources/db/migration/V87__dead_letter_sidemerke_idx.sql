-- Keyset pages of the dead letters (GET /api/dead-letters, the console; docs/forsendelse-intake.md "Paging of the two
-- lists"): newest first by (opprettet, id), each page the rows before the previous page's last. These indexes read a
-- page as one range, the open ones' (the default list) without stepping over the closed and redriven rows that stay.
create index dead_letter_opprettet_idx on dead_letter (opprettet, id);
create index dead_letter_aapne_opprettet_idx on dead_letter (opprettet, id) where redrevet is null and avsluttet is null;

-- svarut_sending_krav: the claim token (brev.krav) of the pass whose SvarUt send attempt svarut_sending_aapen marks as
-- open. A pass that learns its attempt certainly did not reach SvarUt (the takeover fence refused it, SvarUt answered
-- 401/403, the look-up before it failed) closes it only while it is still its own: an instance that took the letter
-- over may have begun an attempt of its own meanwhile, and that one's mark must stay (docs/forsendelse.md).
alter table mottakerbrev add column svarut_sending_krav uuid;

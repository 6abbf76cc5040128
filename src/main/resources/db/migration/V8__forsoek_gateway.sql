-- The gateway (SVARUT or VARSEL) of the latest attempt begun for a recipient letter. A later attempt whose new
-- decision goes through the other gateway must first make sure the earlier one did not deliver (Kanalbytte).
alter table mottakerbrev add column forsoek_gateway text;

update mottakerbrev set forsoek_gateway = 'VARSEL' where varsel_kanal is not null;
update mottakerbrev set forsoek_gateway = 'SVARUT' where forsoek_gateway is null and (svarut_id is not null or sending_startet is not null);

package no.kommune.esb.forsendelse.flyt;

import com.fasterxml.jackson.databind.JsonNode;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimAddress;
import no.kommune.esb.simulator.population.SimPerson;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DOMAIN.md rule 4 through the whole platform for an address Folkeregisteret gives with a value the platform cannot
 * read: a mother whose register document carries the husnummer "1O" (a string, as freg.yaml's type, but no number). Her
 * recipient letter goes to manual handling with a reason that names no value, as an unknown residence does; the father
 * of the same letter and another person's letter in the same moment are printed as before. On the old code her letter
 * was printed to the street without its number.
 */
class UleseligAdresseEndToEndTest extends BrevflytTest {

    @Test
    void should_hand_a_parent_whose_house_number_cannot_be_read_to_manual_handling_and_print_the_others_letters() throws Exception {
        SimPerson barn = population.findAll(Kind.BARN_FELLES_FORELDREANSVAR).stream()
                .filter(b -> no.kommune.esb.Familier.vanligeForeldre(population, b))
                .filter(b -> !population.person(b.motherIndex()).hasPostboks() && !population.person(b.fatherIndex()).hasPostboks())
                .skip(3).findFirst().orElseThrow();
        SimPerson mor = population.person(barn.motherIndex());
        SimPerson far = population.person(barn.fatherIndex());
        SimPerson annen = person(Kind.VANLIG_VOKSEN, 61);
        for (SimPerson p : List.of(mor, far, annen)) {
            krr(p, "AKTIV", "JA", false);
        }
        put("/sim/admin/folkeregisteret/personer/" + mor.id() + "/husnummer", "{\"husnummer\":\"1O\"}");
        try {
            UUID omBarnet = lever(barn.id(), "FORMELL", true, "skole");
            UUID tilAnnen = lever(annen.id(), "FORMELL", false, "skole");

            await().atMost(Duration.ofSeconds(30)).until(() -> mottakerbrev(omBarnet).size() == 2
                    && mottakerbrev(omBarnet).stream().allMatch(r -> List.of("MANUELL", "SENDT", "AKSEPTERT", "SENDT_PRINT", "LEVERT")
                    .contains(r.get("status").toString())));
            Map<String, Object> morsBrev = rad(omBarnet, mor);
            assertThat(morsBrev.get("kanal")).isEqualTo("MANUELL");
            assertThat(morsBrev.get("regel")).isEqualTo("R4-UKJENT-ADRESSE");
            String gate = population.address(mor.addressIndex()).adressenavn();
            assertThat(morsBrev.get("manuell_grunn").toString()).contains("bostedsadressen fra Folkeregisteret kan ikke leses")
                    .doesNotContain("1O").doesNotContain(gate).doesNotContain(mor.id());
            assertThat(svarUt.finnForEksternReferanse(kontoId(), morsBrev.get("id").toString())).as("nothing printed for her").isEmpty();

            // the father of the same letter, at his own address with its number
            Map<String, Object> farsBrev = rad(omBarnet, far);
            assertThat(farsBrev.get("kanal")).isEqualTo("PRINT");
            assertThat(sendtTilSvarUt(farsBrev).path("mottaker").path("adresselinje1").asText()).isEqualTo(gateOgNummer(far));

            // another letter of the same moment
            Map<String, Object> annetBrev = enesteMottakerbrev(tilAnnen, "SENDT", "AKSEPTERT", "SENDT_PRINT", "LEVERT");
            assertThat(annetBrev.get("kanal")).isEqualTo("PRINT");
            assertThat(sendtTilSvarUt(annetBrev).path("mottaker").path("adresselinje1").asText()).isEqualTo(gateOgNummer(annen));
        } finally {
            put("/sim/admin/folkeregisteret/personer/" + mor.id() + "/husnummer", "{\"husnummer\":null}");
        }
    }

    /**
     * Folkeregisteret gives one recipient's document with an identity number in use that is not valid: her letter goes
     * to manual handling (the register gave no person the platform can use) and another person's letter of the same
     * moment is printed. On the old code the bulk look-up of the batch failed as a whole (BAD_RESPONSE) and both letters
     * waited for the register, again at every retry. The reason is R4-ULESBAR, in the decision and in the status message
     * to the sender; until session 30 it was R4-IKKE-FUNNET ("not in the register"), though the register knows her.
     */
    @Test
    void should_hand_a_recipient_whose_register_document_cannot_be_read_to_manual_handling_and_print_the_other_letter() throws Exception {
        SimPerson ulesbar = person(Kind.VANLIG_VOKSEN, 62);
        SimPerson annen = person(Kind.VANLIG_VOKSEN, 63);
        for (SimPerson p : List.of(ulesbar, annen)) {
            krr(p, "AKTIV", "JA", false);
        }
        put("/sim/admin/folkeregisteret/personer/" + ulesbar.id() + "/identifikasjonsnummer", "{\"foedselsEllerDNummer\":\"12345678901\"}");
        try {
            UUID tilUlesbar = lever(ulesbar.id(), "FORMELL", false, "skole");
            UUID tilAnnen = lever(annen.id(), "FORMELL", false, "skole");

            Map<String, Object> hennes = enesteMottakerbrev(tilUlesbar, "MANUELL");
            assertThat(hennes.get("kanal")).isEqualTo("MANUELL");
            assertThat(hennes.get("regel")).as("the register knows her: not R4-IKKE-FUNNET").isEqualTo("R4-ULESBAR");
            assertThat(String.valueOf(hennes.get("manuell_grunn"))).contains("kan ikke leses").doesNotContain("finnes ikke")
                    .doesNotContain("12345678901").doesNotContain(ulesbar.id());
            JsonNode melding = statusmelding(hennes);
            assertThat(melding.path("status").asText()).isEqualTo("MANUELL");
            assertThat(melding.path("aarsak").asText()).isEqualTo("R4-ULESBAR");
            assertThat(svarUt.finnForEksternReferanse(kontoId(), hennes.get("id").toString())).as("nothing sent for her").isEmpty();

            Map<String, Object> annetBrev = enesteMottakerbrev(tilAnnen, "SENDT", "AKSEPTERT", "SENDT_PRINT", "LEVERT");
            assertThat(annetBrev.get("kanal")).isEqualTo("PRINT");
            assertThat(sendtTilSvarUt(annetBrev).path("mottaker").path("adresselinje1").asText()).isEqualTo(gateOgNummer(annen));
        } finally {
            put("/sim/admin/folkeregisteret/personer/" + ulesbar.id() + "/identifikasjonsnummer", "{\"foedselsEllerDNummer\":null}");
        }
    }

    /**
     * A letter about a child whose mother's register document cannot be read (an identity number in use that is not
     * valid): her recipient letter is manual with R4-ULESBAR, not R4-IKKE-FUNNET as until session 30, and the father's
     * is printed to his own address.
     */
    @Test
    void should_hand_a_holder_whose_register_document_cannot_be_read_to_manual_handling_as_unreadable_and_print_the_other_holders_letter()
            throws Exception {
        SimPerson barn = population.findAll(Kind.BARN_FELLES_FORELDREANSVAR).stream()
                .filter(b -> no.kommune.esb.Familier.vanligeForeldre(population, b))
                .filter(b -> !population.person(b.motherIndex()).hasPostboks() && !population.person(b.fatherIndex()).hasPostboks())
                .skip(4).findFirst().orElseThrow();
        SimPerson mor = population.person(barn.motherIndex());
        SimPerson far = population.person(barn.fatherIndex());
        for (SimPerson p : List.of(mor, far)) {
            krr(p, "AKTIV", "JA", false);
        }
        put("/sim/admin/folkeregisteret/personer/" + mor.id() + "/identifikasjonsnummer", "{\"foedselsEllerDNummer\":\"12345678901\"}");
        try {
            UUID omBarnet = lever(barn.id(), "FORMELL", true, "skole");

            await().atMost(Duration.ofSeconds(30)).until(() -> mottakerbrev(omBarnet).size() == 2
                    && mottakerbrev(omBarnet).stream().allMatch(r -> List.of("MANUELL", "SENDT", "AKSEPTERT", "SENDT_PRINT", "LEVERT")
                    .contains(r.get("status").toString())));
            Map<String, Object> morsBrev = rad(omBarnet, mor);
            assertThat(morsBrev.get("kanal")).isEqualTo("MANUELL");
            assertThat(morsBrev.get("regel")).isEqualTo("R4-ULESBAR");
            assertThat(String.valueOf(morsBrev.get("manuell_grunn"))).contains("den ansvarliges dokument i Folkeregisteret kan ikke leses")
                    .doesNotContain("12345678901").doesNotContain(mor.id());
            assertThat(statusmelding(morsBrev).path("aarsak").asText()).isEqualTo("R4-ULESBAR");
            assertThat(svarUt.finnForEksternReferanse(kontoId(), morsBrev.get("id").toString())).as("nothing sent for her").isEmpty();

            Map<String, Object> farsBrev = rad(omBarnet, far);
            assertThat(farsBrev.get("kanal")).isEqualTo("PRINT");
            assertThat(sendtTilSvarUt(farsBrev).path("mottaker").path("adresselinje1").asText()).isEqualTo(gateOgNummer(far));
        } finally {
            put("/sim/admin/folkeregisteret/personer/" + mor.id() + "/identifikasjonsnummer", "{\"foedselsEllerDNummer\":null}");
        }
    }

    /** The first status message the outbox holds for a recipient letter. */
    private JsonNode statusmelding(Map<String, Object> m) throws Exception {
        String melding = jdbc.queryForObject("select melding from statusutboks where mottakerbrev_id = ? order by sekvens limit 1",
                String.class, m.get("id"));
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(melding);
    }

    private Map<String, Object> rad(UUID brev, SimPerson p) {
        return mottakerbrev(brev).stream().filter(r -> p.id().equals(r.get("mottaker"))).findFirst().orElseThrow();
    }

    private String gateOgNummer(SimPerson p) {
        SimAddress a = population.address(p.addressIndex());
        return a.adressenavn() + " " + a.husnummer() + (a.husbokstav() == null ? "" : a.husbokstav());
    }

    private JsonNode sendtTilSvarUt(Map<String, Object> m) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString()).isEmpty());
        UUID svarUtId = svarUt.finnForEksternReferanse(kontoId(), m.get("id").toString()).get(0);
        return svarUt.finn(svarUtId).orElseThrow().forsendelse();
    }
}

package no.kommune.esb.simulator.svarut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static no.kommune.esb.simulator.svarut.SvarUtSimulator.Status.AKSEPTERT;
import static no.kommune.esb.simulator.svarut.SvarUtSimulator.Status.MOTTATT;
import static no.kommune.esb.simulator.svarut.SvarUtSimulator.Status.SENDT_SDP;
import static org.assertj.core.api.Assertions.assertThat;

class SvarUtSimulatorProgresjonTest {

    static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    static final Duration STEG = Duration.ofSeconds(10);
    final ObjectMapper json = new ObjectMapper();

    SvarUtSimulator.LagretForsendelse forsendelse(String digitalId) throws Exception {
        JsonNode f = json.readTree(digitalId == null ? "{\"mottaker\":{\"navn\":\"Ola\"}}"
                : "{\"mottaker\":{\"navn\":\"Ola\",\"digitalId\":\"" + digitalId + "\"}}");
        return new SvarUtSimulator.LagretForsendelse(UUID.randomUUID(), "konto", f, List.of(), T0);
    }

    @ParameterizedTest(name = "digitalId={0} -> {1}")
    @CsvSource(nullValues = "-", value = {
            "01017012345, LEVERT_SDP, SENDT_SDP",
            "910000000,   LEST,       SENDT_DIGITALT",
            "-,           PRINTET,    SENDT_PRINT"})
    void should_choose_the_channel_from_the_recipients_digital_id(String digitalId, SvarUtSimulator.Status slutt, SvarUtSimulator.Status kanal) throws Exception {
        var f = forsendelse(digitalId);

        f.fremdrift(T0.plus(Duration.ofHours(1)), STEG);

        assertThat(f.hendelser()).extracting(SvarUtSimulator.Hendelse::status).containsExactly(MOTTATT, AKSEPTERT, kanal, slutt);
    }

    @Test
    void should_take_one_step_per_interval_with_the_step_time_as_event_time() throws Exception {
        var f = forsendelse("01017012345");

        f.fremdrift(T0.plusSeconds(9), STEG);
        assertThat(f.siste().status()).isEqualTo(MOTTATT);

        f.fremdrift(T0.plusSeconds(25), STEG);
        assertThat(f.hendelser()).extracting(SvarUtSimulator.Hendelse::status).containsExactly(MOTTATT, AKSEPTERT, SENDT_SDP);
        assertThat(f.siste().tidspunkt()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void should_stop_automatic_progression_once_a_status_is_set_on_demand() throws Exception {
        var f = forsendelse(null);

        f.settStatus(SvarUtSimulator.Status.AVVIST, T0.plusSeconds(1));
        f.fremdrift(T0.plus(Duration.ofHours(1)), STEG);

        assertThat(f.hendelser()).extracting(SvarUtSimulator.Hendelse::status).containsExactly(MOTTATT, SvarUtSimulator.Status.AVVIST);
    }

    @Test
    void should_not_progress_when_the_step_is_zero() throws Exception {
        var f = forsendelse("01017012345");

        f.fremdrift(T0.plus(Duration.ofHours(1)), Duration.ZERO);

        assertThat(f.siste().status()).isEqualTo(MOTTATT);
    }

    @Test
    void should_keep_document_bytes_of_the_newest_forsendelser_only_and_their_digests_always() throws Exception {
        var simulator = new SvarUtSimulator(Clock.fixed(T0, ZoneOffset.UTC), STEG, 2);
        List<SvarUtSimulator.LagretForsendelse> lagret = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode f = json.readTree("{\"eksternReferanse\":\"ref-" + i + "\",\"tittel\":\"Vedtak " + i + "\"}");
            var dok = new SvarUtSimulator.LagretDokument("vedtak.pdf", "application/pdf", "dokument", 3, "abc" + i, new byte[]{1, 2, 3});
            lagret.add(simulator.lagre("konto", f, List.of(dok)));
        }

        assertThat(lagret).extracting(f -> f.dokumenter().get(0).innhold() != null).containsExactly(false, false, true, true);
        assertThat(lagret).extracting(f -> f.dokumenter().get(0).sha256()).containsExactly("abc0", "abc1", "abc2", "abc3");
        assertThat(lagret.get(0).forsendelse().path("tittel").asText()).isEqualTo("Vedtak 0");
        assertThat(lagret.get(0).eksternReferanse()).isEqualTo("ref-0");
        assertThat(simulator.antall()).isEqualTo(4);
        assertThat(simulator.alle()).extracting(SvarUtSimulator.LagretForsendelse::eksternReferanse).containsExactly("ref-0", "ref-1", "ref-2", "ref-3");
        assertThat(simulator.finnForEksternReferanse("konto", "ref-1")).containsExactly(lagret.get(1).id());
    }
}

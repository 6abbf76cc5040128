package no.kommune.esb.uttrekk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.platform.security.Kaller;
import no.kommune.esb.uttrekk.format.Uttrekksformat;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * {@code GET /api/uttrekk/{id}/fil} when the kept file goes while the fetch is under way: another fetch found a grading
 * and sent the run back to reading (it deletes the file), or the retention job deleted it. The fetch must answer the
 * whole file it checked, or the documented problem (409 {@code leses-paa-nytt}, 410 {@code slettet}). Before, the body
 * was the file's path, opened only when the answer was written: a file deleted after the checks failed the answer
 * (Camel's conversion of the body threw: a 500 or a cut answer), and a file gone before them was answered 410 "deleted
 * after the retention period" though the run was being read again.
 */
class UttrekkFilTest {

    static final String INNHOLD = "fodselsnummer;navn\n01010012356;Ola\n";

    @TempDir
    Path mappe;
    DefaultCamelContext camel;
    Uttrekkslager lager;
    UttrekkKjoerer kjoerer;
    UttrekkApi api;
    Uttrekkskjoering kjoering;
    Path fil;

    @BeforeEach
    void opp() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
        lager = mock(Uttrekkslager.class);
        kjoerer = mock(UttrekkKjoerer.class);
        Uttrekksregister register = mock(Uttrekksregister.class);
        Uttrekksformat csv = mock(Uttrekksformat.class);
        when(csv.mediatype()).thenReturn("text/csv");
        when(register.format(any())).thenReturn(csv);
        JsonNode bestilling = new ObjectMapper().readTree("""
                {"navn":"klasseliste","fagsystem":"skole","kriterier":{"personstatustyper":["bosatt"],"bostedskommunenummer":"4601"},
                 "format":"CSV","innstillinger":{"mapping":"skole-uttrekk/skolestart.csv.yaml"},"levering":{"api":{}}}""");
        when(lager.bestilling(any())).thenReturn(Uttrekksbestilling.les(bestilling, "klasseliste"));
        UUID id = UUID.randomUUID();
        kjoering = kjoering(id, Uttrekkskjoering.Status.LEVERT, 1);
        when(lager.finn(id)).thenReturn(Optional.of(kjoering));
        fil = mappe.resolve(id + ".csv");
        Files.writeString(fil, INNHOLD);
        when(kjoerer.fil(any())).thenReturn(fil);
        api = new UttrekkApi(register, lager, kjoerer, new ObjectMapper());
    }

    @AfterEach
    void ned() {
        camel.stop();
    }

    private static Uttrekkskjoering kjoering(UUID id, Uttrekkskjoering.Status status, int lesing) {
        return new Uttrekkskjoering(id, "klasseliste", "skole", "API", "{}", LocalDate.now(), status, null, 0, 0, 1, 1, 0, 0, 1, true,
                "klasseliste.csv", (long) INNHOLD.length(), Instant.now(), 0, null, Instant.now(), lesing, 0);
    }

    /** The fetch as the HTTP layer answers it: status and the body as bytes (what writing the answer reads). */
    private Svar hent() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(Kaller.ATTRIBUTT, new Kaller("skole", false));
        exchange.getIn().setHeader("id", kjoering.id().toString());
        api.fil(exchange);
        return new Svar(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class),
                new String(exchange.getMessage().getBody(byte[].class), StandardCharsets.UTF_8));
    }

    private record Svar(int status, String body) {
    }

    @Test
    void should_answer_the_whole_checked_file_when_another_fetch_deletes_it_after_this_fetchs_checks() {
        // the other fetch's re-read (or retention) deletes the file just after this fetch's grading check passed
        when(kjoerer.gradertSidenLesing(any())).thenAnswer(inv -> {
            Files.delete(fil);
            return false;
        });

        Svar svar = hent();

        // on the old code the body was the path of a file no longer there: reading it failed
        assertThat(svar.status()).isEqualTo(200);
        assertThat(svar.body()).isEqualTo(INNHOLD);
    }

    @Test
    void should_answer_leses_paa_nytt_when_the_file_is_gone_because_another_fetch_sent_the_run_back_to_reading() throws Exception {
        Files.delete(fil);
        // another fetch found a grading after this one read the run LEVERT: the run is being read again (reading 2)
        when(lager.finn(kjoering.id())).thenReturn(Optional.of(kjoering), Optional.of(kjoering(kjoering.id(), Uttrekkskjoering.Status.HENTER, 2)));
        when(kjoerer.gradertSidenLesing(any())).thenReturn(true);

        Svar svar = hent();

        // on the old code: 410, "deleted after the retention period", and the fagsystem would not fetch it again
        assertThat(svar.status()).isEqualTo(409);
        assertThat(svar.body()).contains("leses-paa-nytt");
    }

    @Test
    void should_answer_slettet_when_retention_deleted_the_file() throws Exception {
        Files.delete(fil);
        when(kjoerer.gradertSidenLesing(any())).thenReturn(false);

        Svar svar = hent();

        assertThat(svar.status()).isEqualTo(410);
        assertThat(svar.body()).contains("slettet");
    }
}

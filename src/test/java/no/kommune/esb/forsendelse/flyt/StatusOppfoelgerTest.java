package no.kommune.esb.forsendelse.flyt;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.platform.PlatformLock;
import no.kommune.esb.platform.Registerstans;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.svarut.ForsendelseStatus;
import no.kommune.esb.svarut.SvarUtClient;
import no.kommune.esb.svarut.SvarUtStatus;
import no.kommune.esb.maskinporten.StubServer;
import no.kommune.esb.varsel.SmsClient;
import no.kommune.esb.varsel.SmsProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class StatusOppfoelgerTest {

    @Test
    @SuppressWarnings("unchecked")
    void should_ask_svarut_once_and_not_on_every_tick_while_the_maskinporten_token_cannot_be_had() {
        MottakerbrevRepository repository = mock(MottakerbrevRepository.class);
        when(repository.fulgteISvarUt(anyInt())).thenReturn(List.of(
                new MottakerbrevRepository.Fulgt(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Mottakerstatus.SENDT)));
        SvarUtClient svarUt = mock(SvarUtClient.class);
        // the token step before status-sok fails, as when Maskinporten is unreachable
        when(svarUt.statusSok(any())).thenThrow(new RegisterException("maskinporten", RegisterException.Kind.UNAVAILABLE, 0, "connection refused"));
        PlatformLock lock = mock(PlatformLock.class);
        when(lock.runExclusively(anyString(), any())).thenAnswer(i -> Optional.of(((Supplier<Integer>) i.getArgument(1)).get()));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Registerstans registerstans = new Registerstans(metrics, mock(JdbcTemplate.class), Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        ObjectProvider<SmsClient> sms = mock(ObjectProvider.class);
        StatusOppfoelger oppfoelger = new StatusOppfoelger(repository, svarUt, sms, lock, 500, Duration.ofSeconds(5), registerstans, Duration.ofHours(24));

        // fifty ticks within the first wait (at least 4 s): one status-sok tried, no exception for the route to retry
        for (int tick = 0; tick < 50; tick++) {
            assertThat(oppfoelger.poll()).isZero();
        }

        verify(svarUt, times(1)).statusSok(any());
        assertThat(metrics.get("esb.register.venter").tag("flyt", "forsendelse-status").tag("register", "maskinporten").gauge().value())
                .isEqualTo(1.0);
    }

    /**
     * One SMS whose delivery report the gateway answers for that message alone (a status this client does not know, or
     * "no such message" with the gateway's error code) must not hold back the others' reports nor make the SMS round
     * wait as if the gateway were down; a gateway that is down (503) or answers a bare 404 (a wrong base URL) still does.
     * Before, every failure broke off the round and made it wait: the reports after it were not read, and the same
     * message broke off every later round.
     */
    @ParameterizedTest(name = "first message answered {0} {1}: the round goes on = {2}")
    @CsvSource(delimiter = '|', value = {
            "200 | {\"id\":\"gw-1\",\"status\":\"QUEUED\"}                 | true",
            "404 | {\"error\":\"NOT_FOUND\",\"message\":\"no message\"}     | true",
            "404 | ''                                                           | false",
            "503 | {\"error\":\"UNAVAILABLE\"}                                 | false"})
    @SuppressWarnings("unchecked")
    void should_read_the_other_delivery_reports_when_the_gateway_answers_about_one_message_only(int status, String svar,
                                                                                              boolean gaarVidere) throws Exception {
        try (StubServer gateway = new StubServer(r -> r.path().endsWith("/gw-1")
                ? StubServer.Answer.json(status, svar)
                : StubServer.Answer.json(200, "{\"id\":\"gw-2\",\"status\":\"DELIVERED\"}"))) {
            MottakerbrevRepository repository = mock(MottakerbrevRepository.class);
            MottakerbrevRepository.FulgtVarsel foerste = new MottakerbrevRepository.FulgtVarsel(UUID.randomUUID(), UUID.randomUUID(),
                    Mottakerstatus.SENDT, "SMS", "gw-1", "ACCEPTED");
            MottakerbrevRepository.FulgtVarsel andre = new MottakerbrevRepository.FulgtVarsel(UUID.randomUUID(), UUID.randomUUID(),
                    Mottakerstatus.SENDT, "SMS", "gw-2", "ACCEPTED");
            when(repository.fulgteVarsler(anyInt())).thenReturn(List.of(foerste, andre));
            PlatformLock lock = mock(PlatformLock.class);
            when(lock.runExclusively(anyString(), any())).thenAnswer(i -> Optional.of(((Supplier<Integer>) i.getArgument(1)).get()));
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            Registerstans registerstans = new Registerstans(metrics, mock(JdbcTemplate.class), Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
            ObjectProvider<SmsClient> sms = mock(ObjectProvider.class);
            when(sms.getIfAvailable()).thenReturn(new SmsClient(new SmsProperties(gateway.uri("/"), "noekkel", "Bergen",
                    Duration.ofSeconds(2), Duration.ofSeconds(2))));
            StatusOppfoelger oppfoelger = new StatusOppfoelger(repository, mock(SvarUtClient.class), sms, lock, 500,
                    Duration.ofSeconds(5), registerstans, Duration.ofHours(24));

            oppfoelger.poll();
            // a second tick within the first wait (at least 4 s): asks again only when the round did not wait
            oppfoelger.poll();

            long spurtOmFoerste = gateway.requests().stream().filter(r -> r.path().endsWith("/gw-1")).count();
            if (gaarVidere) {
                verify(repository, times(2)).nyVarselstatus(eq(andre.id()), eq(andre.brevId()), eq("SMS"), eq("DELIVERED"),
                        eq(Mottakerstatus.SENDT), eq(Mottakerstatus.LEVERT), any());
                verify(repository, never()).nyVarselstatus(eq(foerste.id()), any(), any(), any(), any(), any(), any());
                assertThat(spurtOmFoerste).isEqualTo(2);
                assertThat(metrics.find("esb.register.venter").tag("flyt", "forsendelse-status-sms").gauges())
                        .allSatisfy(g -> assertThat(g.value()).isZero());
            } else {
                verify(repository, never()).nyVarselstatus(any(), any(), any(), any(), any(), any(), any());
                assertThat(spurtOmFoerste).isEqualTo(1);
                assertThat(metrics.get("esb.register.venter").tag("flyt", "forsendelse-status-sms").tag("register", "sms").gauge().value())
                        .isEqualTo(1.0);
            }
        }
    }

    /**
     * An SMS gateway outage holds back the SMS reports only: an e-mail's status needs no call and is recorded in the
     * round that meets the outage and in the rounds while the SMS round waits, wherever it stands in the batch. Before,
     * the failing SMS broke off the round (the e-mails after it were not recorded) and the waiting round recorded none.
     */
    @ParameterizedTest(name = "batch order {0}")
    @CsvSource({"SMS-EPOST", "EPOST-SMS"})
    @SuppressWarnings("unchecked")
    void should_record_email_statuses_while_the_sms_round_waits_on_the_gateway(String rekkefoelge) throws Exception {
        try (StubServer gateway = new StubServer(r -> StubServer.Answer.json(503, "{\"error\":\"UNAVAILABLE\"}"))) {
            MottakerbrevRepository.FulgtVarsel smsVarsel = new MottakerbrevRepository.FulgtVarsel(UUID.randomUUID(), UUID.randomUUID(),
                    Mottakerstatus.SENDT, "SMS", "gw-1", "ACCEPTED");
            MottakerbrevRepository.FulgtVarsel epost = new MottakerbrevRepository.FulgtVarsel(UUID.randomUUID(), UUID.randomUUID(),
                    Mottakerstatus.SENDT, "EPOST", "<m@kommune-esb>", null);
            MottakerbrevRepository repository = mock(MottakerbrevRepository.class);
            when(repository.fulgteVarsler(anyInt())).thenReturn(rekkefoelge.startsWith("SMS") ? List.of(smsVarsel, epost) : List.of(epost, smsVarsel));
            PlatformLock lock = mock(PlatformLock.class);
            when(lock.runExclusively(anyString(), any())).thenAnswer(i -> Optional.of(((Supplier<Integer>) i.getArgument(1)).get()));
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            Registerstans registerstans = new Registerstans(metrics, mock(JdbcTemplate.class), Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
            ObjectProvider<SmsClient> sms = mock(ObjectProvider.class);
            when(sms.getIfAvailable()).thenReturn(new SmsClient(new SmsProperties(gateway.uri("/"), "noekkel", "Bergen",
                    Duration.ofSeconds(2), Duration.ofSeconds(2))));
            StatusOppfoelger oppfoelger = new StatusOppfoelger(repository, mock(SvarUtClient.class), sms, lock, 500,
                    Duration.ofSeconds(5), registerstans, Duration.ofHours(24));

            // the round that meets the outage, and one within its first wait (at least 4 s)
            oppfoelger.poll();
            oppfoelger.poll();

            verify(repository, times(2)).nyVarselstatus(eq(epost.id()), eq(epost.brevId()), eq("EPOST"), eq("ACCEPTED"),
                    eq(Mottakerstatus.SENDT), eq(Mottakerstatus.LEVERT), any());
            verify(repository, never()).nyVarselstatus(eq(smsVarsel.id()), any(), any(), any(), any(), any(), any());
            assertThat(gateway.requests()).as("the SMS gateway is asked once, then waited on").hasSize(1);
            assertThat(metrics.get("esb.register.venter").tag("flyt", "forsendelse-status-sms").tag("register", "sms").gauge().value())
                    .isEqualTo(1.0);
        }
    }

    /**
     * A letter status-sok answers without (SvarUt lost it, or a status the client skips) is marked missing at the first
     * such round, handed to manual handling once it has been missing for ukjent-etter, and unmarked when SvarUt gives a
     * status again. Before, such a letter was asked about for ever and nobody heard of it.
     */
    @Test
    @SuppressWarnings("unchecked")
    void should_mark_a_letter_svarut_does_not_answer_for_and_hand_it_to_a_person_after_the_limit() {
        Instant naa = Instant.now();
        MottakerbrevRepository.Fulgt nyttFravaer = fulgt(null);
        MottakerbrevRepository.Fulgt ikkeLengeNok = fulgt(naa.minus(Duration.ofHours(23)));
        MottakerbrevRepository.Fulgt forLenge = fulgt(naa.minus(Duration.ofHours(25)));
        MottakerbrevRepository.Fulgt funnetIgjen = fulgt(naa.minus(Duration.ofHours(30)));
        MottakerbrevRepository.Fulgt alltidFunnet = fulgt(null);
        MottakerbrevRepository repository = mock(MottakerbrevRepository.class);
        when(repository.fulgteISvarUt(anyInt())).thenReturn(List.of(nyttFravaer, ikkeLengeNok, forLenge, funnetIgjen, alltidFunnet));
        when(repository.ukjentISvarUt(any(), any(), any())).thenAnswer(i -> ((List<?>) i.getArgument(0)).size());
        SvarUtClient svarUt = mock(SvarUtClient.class);
        when(svarUt.statusSok(any())).thenReturn(Map.of(
                funnetIgjen.svarutId(), new ForsendelseStatus(funnetIgjen.svarutId(), SvarUtStatus.MOTTATT, OffsetDateTime.now()),
                alltidFunnet.svarutId(), new ForsendelseStatus(alltidFunnet.svarutId(), SvarUtStatus.MOTTATT, OffsetDateTime.now())));
        PlatformLock lock = mock(PlatformLock.class);
        when(lock.runExclusively(anyString(), any())).thenAnswer(i -> Optional.of(((Supplier<Integer>) i.getArgument(1)).get()));
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), mock(JdbcTemplate.class), Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));

        int endret = new StatusOppfoelger(repository, svarUt, mock(ObjectProvider.class), lock, 500, Duration.ofSeconds(5), registerstans,
                Duration.ofHours(24)).poll();

        assertThat(endret).isEqualTo(1);
        verify(repository).svarUtMangler(List.of(nyttFravaer.id()), List.of(funnetIgjen.id()));
        verify(repository).ukjentISvarUt(eq(List.of(forLenge)), any(), eq(Statusutboks.AARSAK_SVARUT_UKJENT));
    }

    /**
     * An SMS whose delivery report cannot be had — the gateway answers that it has no such message (404 with its error
     * code) or gives a status this client does not know, or no gateway is set up any more — is marked at the first such
     * round, handed to manual handling once it has been so for ukjent-etter (the fagsystem told why), and unmarked when
     * a report comes again. Before, it stayed SENDT for ever: asked about (or skipped) every round, nobody told.
     */
    @ParameterizedTest(name = "gateway {0}, without a report for {1} h: {2}")
    @CsvSource(delimiter = '|', value = {
            "404-kode   |    | MARKERT",
            "404-kode   | 23 | INGENTING",
            "404-kode   | 25 | SMS-UKJENT",
            "ukjent     | 25 | SMS-UKJENT",
            "ingen      |    | MARKERT",
            "ingen      | 23 | INGENTING",
            "ingen      | 25 | INGEN-VARSELGATEWAY",
            "rapport    | 25 | FUNNET",
            "rapport    |    | INGENTING"})
    @SuppressWarnings("unchecked")
    void should_mark_an_sms_without_a_delivery_report_and_hand_it_to_a_person_after_the_limit(String gatewaySvar, Integer timer,
                                                                                              String utfall) throws Exception {
        try (StubServer gateway = new StubServer(r -> switch (gatewaySvar) {
            case "404-kode" -> StubServer.Answer.json(404, "{\"error\":\"NOT_FOUND\",\"message\":\"no message\"}");
            case "ukjent" -> StubServer.Answer.json(200, "{\"id\":\"gw-1\",\"status\":\"QUEUED\"}");
            default -> StubServer.Answer.json(200, "{\"id\":\"gw-1\",\"status\":\"ACCEPTED\"}");
        })) {
            MottakerbrevRepository.FulgtVarsel f = new MottakerbrevRepository.FulgtVarsel(UUID.randomUUID(), UUID.randomUUID(),
                    Mottakerstatus.SENDT, "SMS", "gw-1", "ACCEPTED", timer == null ? null : Instant.now().minus(Duration.ofHours(timer)));
            MottakerbrevRepository repository = mock(MottakerbrevRepository.class);
            when(repository.fulgteVarsler(anyInt())).thenReturn(List.of(f));
            when(repository.ukjentVarsel(any(), any(), any())).thenAnswer(i -> ((List<?>) i.getArgument(0)).size());
            PlatformLock lock = mock(PlatformLock.class);
            when(lock.runExclusively(anyString(), any())).thenAnswer(i -> Optional.of(((Supplier<Integer>) i.getArgument(1)).get()));
            Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), mock(JdbcTemplate.class), Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
            ObjectProvider<SmsClient> sms = mock(ObjectProvider.class);
            if (!gatewaySvar.equals("ingen")) {
                when(sms.getIfAvailable()).thenReturn(new SmsClient(new SmsProperties(gateway.uri("/"), "noekkel", "Bergen",
                        Duration.ofSeconds(2), Duration.ofSeconds(2))));
            }

            int endret = new StatusOppfoelger(repository, mock(SvarUtClient.class), sms, lock, 500, Duration.ofSeconds(5), registerstans,
                    Duration.ofHours(24)).poll();

            verify(repository, never()).nyVarselstatus(any(), any(), any(), any(), any(), any(), any());
            switch (utfall) {
                case "MARKERT" -> verify(repository).varselMangler(List.of(f.id()), List.of());
                case "FUNNET" -> verify(repository).varselMangler(List.of(), List.of(f.id()));
                case "INGENTING" -> verify(repository, never()).varselMangler(any(), any());
                default -> verify(repository).ukjentVarsel(eq(List.of(f)), any(), eq(utfall));
            }
            if (!utfall.startsWith("SMS-") && !utfall.startsWith("INGEN-")) {
                verify(repository, never()).ukjentVarsel(any(), any(), any());
            }
            assertThat(endret).isEqualTo(utfall.contains("-") ? 1 : 0);
        }
    }

    private static MottakerbrevRepository.Fulgt fulgt(Instant manglerFra) {
        return new MottakerbrevRepository.Fulgt(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Mottakerstatus.SENDT, manglerFra);
    }
}

package no.kommune.esb.paalitelighet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R3 outage (issue 15): Folkeregisteret and KRR answer 503 to every call for S seconds in the middle of the run.
 * Letters must wait, and none may be sent on a decision from before the outage (rule 1: KRR at every dispatch; rule 5:
 * the grading checked again just before sending); all are sent after recovery; {@code /actuator/health} shows the
 * outage (the alarm, DOWN) and the alarm metric {@code esb.alarm} counts it. The alarm fires after
 * {@code platform.register-vent.alarm-etter}, 20 s here so it fires within the outage (production default 15 minutes).
 */
@Tag("reliability")
class R3UtfallTest {

    private static final String PREFIKS = "R3";

    @Test
    void should_hold_letters_without_a_fresh_look_up_and_send_them_all_after_folkeregisteret_and_krr_come_back() throws Exception {
        int n = Integer.getInteger("reliability.letters", 10_000);
        int sekunder = Integer.getInteger("reliability.outage.seconds", 60);
        Map<String, Object> parametre = new LinkedHashMap<>();
        parametre.put("letters", n);
        parametre.put("outageSeconds", sekunder);
        parametre.put("outageOf", "folkeregisteret/*, krr/* (503 for every call)");
        parametre.put("platform.register-vent.alarm-etter", "PT20S");
        try (Miljoe miljoe = new Miljoe("r3", n)) {
            Plattform a = miljoe.plattform("a", Map.of("platform.register-vent.alarm-etter", "PT20S"));
            Telling telling = new Telling(miljoe, PREFIKS);
            Map<String, Object> tall;
            try (Innlevering inn = new Innlevering(miljoe, () -> a.port, 4)) {
                inn.leverAlle(PREFIKS, miljoe.personer(n), n);

                // the outage starts when a random 20–40 % of the letters have gone to SvarUt
                long maal = Math.max(1, (long) n * (20 + new java.util.Random().nextInt(21)) / 100);
                Miljoe.ventTil("sends under way", Duration.ofMinutes(20), () -> telling.sendtTilSvarUt() >= maal);
                Instant fra = Instant.now();
                Instant til = fra.plusSeconds(sekunder);
                Map<String, Object> utfall = Map.of("outageFrom", fra.toString(), "outageUntil", til.toString());
                miljoe.put("/sim/admin/faults/folkeregisteret/*", utfall);
                miljoe.put("/sim/admin/faults/krr/*", utfall);
                long sendtVedStart = telling.sendtTilSvarUt();

                Double helseNedEtter = null;
                Double alarmMetrikkEtter = null;
                boolean venterMaalt = false;
                String helseUnderUtfall = null;
                String admin = miljoe.token("integrasjon");
                while (Instant.now().isBefore(til)) {
                    double s = Duration.between(fra, Instant.now()).toMillis() / 1000.0;
                    try {
                        var helse = a.helse(admin);
                        if (helseNedEtter == null && helse.body().contains("registerstans-forsendelse-behandling")) {
                            helseNedEtter = s;
                            helseUnderUtfall = Miljoe.JSON.readTree(helse.body()).path("status").asText() + " (" + helse.statusCode() + ")";
                        }
                        String metrikker = a.metrikker();
                        if (alarmMetrikkEtter == null && metrikker.lines().anyMatch(l -> l.startsWith("esb_alarm_total{")
                                && l.contains("registerstans-forsendelse-behandling") && !l.endsWith(" 0.0"))) {
                            alarmMetrikkEtter = s;
                        }
                        venterMaalt |= metrikker.lines().anyMatch(l -> l.startsWith("esb_register_venter{")
                                && l.contains("forsendelse-behandling") && l.endsWith(" 1.0"));
                    } catch (java.io.IOException e) {
                        // the instance is busy; try again
                    }
                    Thread.sleep(1000);
                }
                long aapneVedSlutt = telling.aapne();
                long sendtUnderUtfall = telling.sendtTilSvarUt() - sendtVedStart;

                inn.ferdig(Duration.ofMinutes(30));
                Miljoe.ventTil("every letter final after the outage", Duration.ofMinutes(20), () -> telling.aapne() == 0);
                double gjenopprettet = Duration.between(til, Instant.now()).toMillis() / 1000.0;
                tall = telling.slutt(inn.godtatt);
                tall.put("lettersWaitingAtOutageEnd", aapneVedSlutt);
                tall.put("recipientLettersSentDuringOutage", sendtUnderUtfall);
                tall.put("secondsFromOutageEndToAllFinal", Math.round(gjenopprettet * 10) / 10.0);
                tall.put("healthShowedOutageAfterSeconds", helseNedEtter);
                tall.put("healthStatusDuringOutage", helseUnderUtfall);
                tall.put("alarmMetricFiredAfterSeconds", alarmMetrikkEtter);
                tall.put("registerWaitingGaugeSeen", venterMaalt);

                // rule 1 and 5: what reached SvarUt after the outage was decided on a look-up made after it began
                Map<String, Instant> oppslag = telling.krrOppslagstid();
                Map<String, JsonNode> vedSvarUt = telling.svarUtForsendelser();
                long utenOppslag = 0;
                long gammeltOppslag = 0;
                long maksAlder = 0;
                for (Map.Entry<String, Instant> e : oppslag.entrySet()) {
                    JsonNode f = vedSvarUt.get(e.getKey());
                    if (e.getValue() == null) {
                        utenOppslag++;
                        continue;
                    }
                    if (f == null) {
                        continue;
                    }
                    Instant mottatt = Instant.parse(f.path("mottatt").asText());
                    maksAlder = Math.max(maksAlder, Duration.between(e.getValue(), mottatt).toSeconds());
                    if (mottatt.isAfter(til) && e.getValue().isBefore(fra)) {
                        gammeltOppslag++;
                    }
                }
                tall.put("sentWithoutKrrLookUp", utenOppslag);
                tall.put("sentAfterOutageOnLookUpFromBeforeIt", gammeltOppslag);
                tall.put("maxSecondsFromKrrLookUpToSvarUt", maksAlder);
                tall.put("intakeRetries", inn.nyeForsoek.get());
                tall.put("intakeRefused", inn.avvist.get());
                tall.put("intakeRefusedByStatus", new java.util.TreeMap<>(inn.avvistEtterStatus));
            }
            boolean bestaatt = (long) tall.get("lost") == 0 && (long) tall.get("duplicatesAtSvarUt") == 0
                    && (long) tall.get("sentWithoutKrrLookUp") == 0 && (long) tall.get("sentAfterOutageOnLookUpFromBeforeIt") == 0
                    && (long) tall.get("lettersWaitingAtOutageEnd") > 0
                    && tall.get("healthShowedOutageAfterSeconds") != null && tall.get("alarmMetricFiredAfterSeconds") != null
                    && (int) tall.get("acceptedByIntake") == n;
            Rapport.leggTil("R3 outage", parametre, tall, bestaatt);

            assertThat(tall.get("acceptedByIntake")).isEqualTo(n);
            assertThat(tall.get("lost")).isEqualTo(0L);
            assertThat(tall.get("duplicatesAtSvarUt")).isEqualTo(0L);
            assertThat(tall.get("sentWithoutKrrLookUp")).isEqualTo(0L);
            assertThat(tall.get("sentAfterOutageOnLookUpFromBeforeIt")).isEqualTo(0L);
            assertThat((long) tall.get("lettersWaitingAtOutageEnd")).isPositive();
            assertThat(tall.get("healthShowedOutageAfterSeconds")).isNotNull();
            assertThat(tall.get("alarmMetricFiredAfterSeconds")).isNotNull();
        }
    }
}

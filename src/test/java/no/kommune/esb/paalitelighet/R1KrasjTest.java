package no.kommune.esb.paalitelighet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R1 crash (issue 15): N letters handed in over REST; the platform process is killed with SIGKILL at three random
 * points of the flow — during intake, during look-ups, during sends — and started again each time. Every letter must
 * reach a final state, none lost, none sent twice to SvarUt (counted by eksternReferanse at the simulator, which
 * outlives the killed process).
 */
@Tag("reliability")
class R1KrasjTest {

    private static final String PREFIKS = "R1";

    @Test
    void should_lose_no_letter_and_send_none_twice_when_the_platform_is_killed_during_intake_look_ups_and_sends() throws Exception {
        int n = Integer.getInteger("reliability.letters", 10_000);
        Random tilfeldig = new Random();
        Map<String, Object> parametre = new LinkedHashMap<>();
        parametre.put("letters", n);
        parametre.put("kills", 3);
        parametre.put("signal", "SIGKILL (Process.destroyForcibly)");
        parametre.put("forsendelse.behandling.gjenoppta-etter", "PT30S");
        try (Miljoe miljoe = new Miljoe("r1", n)) {
            Plattform a = miljoe.plattform("a", Map.of());
            Telling telling = new Telling(miljoe, PREFIKS);
            List<String> personer = miljoe.personer(n);
            long start = System.nanoTime();
            List<Map<String, Object>> drap = new ArrayList<>();
            Map<String, Object> tall;
            try (Innlevering inn = new Innlevering(miljoe, () -> a.port, 4)) {
                inn.leverAlle(PREFIKS, personer, n);

                // 1 during intake: when a random 10–50 % of the letters are stored
                long maal = Math.max(1, (long) n * (10 + tilfeldig.nextInt(41)) / 100);
                Miljoe.ventTil("intake at " + maal, Duration.ofMinutes(20), () -> telling.brev() >= maal);
                drap.add(drep(a, "intake", telling));

                // 2 during look-ups: the next batch claimed and not yet decided, killed 0–500 ms after it is seen
                Miljoe.ventTil("a batch in its look-ups", Duration.ofMinutes(20), () -> telling.iOppslag() > 0);
                Thread.sleep(tilfeldig.nextInt(500));
                drap.add(drep(a, "look-ups", telling));

                // 3 during sends: when a random further 1–20 % of the letters have gone to SvarUt since the restart
                long foer = telling.sendtTilSvarUt();
                long videre = Math.max(1, (long) n * (1 + tilfeldig.nextInt(20)) / 100);
                Miljoe.ventTil("sends under way", Duration.ofMinutes(20), () -> telling.sendtTilSvarUt() >= foer + videre);
                drap.add(drep(a, "sends", telling));

                inn.ferdig(Duration.ofMinutes(30));
                Miljoe.ventTil("every letter final", Duration.ofMinutes(20), () -> telling.aapne() == 0);
                tall = telling.slutt(inn.godtatt);
                tall.put("intakeRetries", inn.nyeForsoek.get());
                tall.put("intakeRefused", inn.avvist.get());
                tall.put("intakeRefusedByStatus", new java.util.TreeMap<>(inn.avvistEtterStatus));
            }
            tall.put("wallSeconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
            tall.put("kills", drap);
            boolean bestaatt = (long) tall.get("lost") == 0 && (long) tall.get("duplicatesAtSvarUt") == 0
                    && (int) tall.get("acceptedByIntake") == n;
            Rapport.leggTil("R1 crash", parametre, tall, bestaatt);

            assertThat(tall.get("acceptedByIntake")).isEqualTo(n);
            assertThat(tall.get("lost")).isEqualTo(0L);
            assertThat(tall.get("duplicatesAtSvarUt")).isEqualTo(0L);
        }
    }

    /** Kills the instance, records where the flow stood, starts it again. */
    static Map<String, Object> drep(Plattform p, String fase, Telling telling) throws Exception {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("phase", fase);
        d.put("pid", p.pid());
        p.drep();
        d.put("lettersStored", telling.brev());
        d.put("lettersInProcessing", telling.brevIStatus("BEHANDLES"));
        d.put("lettersInLookUps", telling.iOppslag());
        d.put("recipientLettersReadyToSend", telling.klarForSending());
        d.put("recipientLettersSentToSvarUt", telling.sendtTilSvarUt());
        d.put("restartSeconds", Math.round(p.start() * 10) / 10.0);
        return d;
    }
}

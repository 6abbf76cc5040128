package no.kommune.esb.forsendelse.oppbevaring;

import no.kommune.esb.forsendelse.flyt.Mottakerstatus;
import no.kommune.esb.forsendelse.mottak.DeadLetterSendRedriver;
import no.kommune.esb.forsendelse.mottak.InnleveringMottak;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static no.kommune.esb.forsendelse.flyt.Mottakerstatus.DEAD_LETTER;
import static no.kommune.esb.forsendelse.flyt.Mottakerstatus.FEILET;
import static no.kommune.esb.forsendelse.flyt.Mottakerstatus.KLAR_FOR_SENDING;
import static no.kommune.esb.forsendelse.flyt.Mottakerstatus.LEST;
import static no.kommune.esb.forsendelse.flyt.Mottakerstatus.LEVERT;
import static no.kommune.esb.forsendelse.flyt.Mottakerstatus.MANUELL;
import static no.kommune.esb.forsendelse.flyt.Mottakerstatus.MANUELT_LOEST;
import static no.kommune.esb.forsendelse.flyt.Mottakerstatus.SENDT;
import static no.kommune.esb.forsendelse.flyt.Mottakerstatus.SENDT_PRINT;
import static no.kommune.esb.forsendelse.flyt.Mottakerstatus.STOPPET;
import static no.kommune.esb.forsendelse.flyt.Mottakerstatus.VARSLET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What may be deleted when: one table per kind of data, times counted back from a fixed now. */
class OppbevaringsregelTest {

    static final Instant NAA = Instant.parse("2026-11-22T02:30:00Z");
    static final Oppbevaringsregel REGEL = new Oppbevaringsregel(Duration.ofDays(30), Duration.ofDays(90), Duration.ofDays(14),
            Duration.ofMinutes(30), Duration.ofDays(30));

    static Instant dagerSiden(double dager) {
        return NAA.minusSeconds((long) (dager * 86_400));
    }

    @Nested
    class Dokumenter {

        static Stream<Arguments> tabell() {
            return Stream.of(
                    rad("delivered 31 days ago", "FERDIG", List.of(LEVERT), 31, true),
                    rad("read, failed, stopped and resolved by hand, the last 30 days ago exactly", "FERDIG",
                            List.of(LEST, FEILET, STOPPET, MANUELT_LOEST), 30, true),
                    rad("delivered 29 days ago", "FERDIG", List.of(LEVERT), 29, false),
                    rad("one parent's letter delivered, the other's still on its way", "SENDT", List.of(LEVERT, SENDT_PRINT), 200, false),
                    rad("notified but not delivered", "SENDT", List.of(VARSLET), 200, false),
                    rad("waiting to be sent", "BEHANDLES", List.of(KLAR_FOR_SENDING), 200, false),
                    rad("in manual handling", "MANUELL", List.of(MANUELL), 200, false),
                    rad("one recipient letter in the dead-letter store (a redrive needs the PDFs)", "FEILET",
                            List.of(LEVERT, DEAD_LETTER), 200, false),
                    rad("sent, not final", "SENDT", List.of(SENDT), 200, false),
                    rad("no recipient letters yet", "MOTTATT", List.of(), 200, false),
                    rad("final recipient letters but the letter is back in intake for a retry", "MOTTATT", List.of(LEVERT), 200, false),
                    rad("final recipient letters while the letter is being processed", "BEHANDLES", List.of(STOPPET), 200, false));
        }

        static Arguments rad(String tilfelle, String brevstatus, List<Mottakerstatus> statuser, double dager, boolean slettes) {
            return Arguments.of(tilfelle, brevstatus, statuser, dager, slettes);
        }

        @ParameterizedTest(name = "{0} -> {4}")
        @MethodSource("tabell")
        void should_empty_a_letters_documents_only_when_all_its_recipient_letters_have_been_final_long_enough(
                String tilfelle, String brevstatus, List<Mottakerstatus> statuser, double dager, boolean slettes) {
            assertThat(REGEL.dokumenterKanSlettes(brevstatus, statuser, dagerSiden(dager), NAA)).isEqualTo(slettes);
        }

        @Test
        void should_treat_as_final_exactly_the_statuses_the_lifecycle_calls_final() {
            assertThat(Oppbevaringsregel.endeligeStatuser()).containsExactlyInAnyOrderElementsOf(
                    Arrays.stream(Mottakerstatus.values()).filter(Mottakerstatus::erEndelig).map(Enum::name).toList())
                    .contains("STOPPET", "MANUELT_LOEST").doesNotContain("MANUELL", "DEAD_LETTER", "KLAR_FOR_SENDING");
        }
    }

    @Nested
    class DeadLetters {

        static Stream<Arguments> tabell() {
            return Stream.of(
                    rad("refused on JMS 91 days ago", InnleveringMottak.KILDE_JMS, 91, null, true),
                    rad("refused on SFTP 90 days ago exactly", InnleveringMottak.KILDE_SFTP, 90, null, true),
                    rad("refused on SFTP 89 days ago", InnleveringMottak.KILDE_SFTP, 89, null, false),
                    rad("send dead letter redriven 91 days ago", DeadLetterSendRedriver.KILDE, 200, 91.0, true),
                    rad("send dead letter redriven 10 days ago", DeadLetterSendRedriver.KILDE, 200, 10.0, false),
                    rad("send dead letter never redriven (a redrive needs it)", DeadLetterSendRedriver.KILDE, 200, null, false),
                    rad("event delivery never redriven", "hendelser-levering", 200, null, false),
                    rad("refused at intake long ago, redriven lately", InnleveringMottak.KILDE_JMS, 200, 1.0, false));
        }

        static Arguments rad(String tilfelle, String kilde, double opprettetDager, Double redrevetDager, boolean toemmes) {
            return Arguments.of(tilfelle, kilde, opprettetDager, redrevetDager, toemmes);
        }

        @ParameterizedTest(name = "{0} -> {4}")
        @MethodSource("tabell")
        void should_empty_a_payload_only_when_nobody_will_redrive_it_and_it_is_old_enough(
                String tilfelle, String kilde, double opprettetDager, Double redrevetDager, boolean toemmes) {
            Instant redrevet = redrevetDager == null ? null : dagerSiden(redrevetDager);
            assertThat(REGEL.deadLetterKanTommes(kilde, dagerSiden(opprettetDager), redrevet, NAA)).isEqualTo(toemmes);
        }

        @Test
        void should_know_the_intake_sources_by_the_names_the_intake_uses() {
            assertThat(Oppbevaringsregel.INNLEVERINGSKILDER).containsExactlyInAnyOrder(InnleveringMottak.KILDE_JMS, InnleveringMottak.KILDE_SFTP);
        }
    }

    @Nested
    class Sftp {

        static Stream<Arguments> mapper() {
            return Stream.of(
                    Arguments.of(15.0, true),
                    Arguments.of(14.0, true),
                    Arguments.of(13.9, false),
                    Arguments.of(0.0, false));
        }

        @ParameterizedTest(name = "kept hand-in changed {0} days ago -> deleted {1}")
        @MethodSource("mapper")
        void should_delete_a_kept_hand_in_folder_after_its_retention_time(double dager, boolean slettes) {
            assertThat(REGEL.sftpMappeKanSlettes(dagerSiden(dager), NAA)).isEqualTo(slettes);
        }

        static Stream<Arguments> manifester() {
            return Stream.of(
                    Arguments.of(Duration.ofHours(5), true),
                    Arguments.of(Duration.ofMinutes(30), true),
                    Arguments.of(Duration.ofMinutes(29), false),
                    Arguments.of(Duration.ZERO, false));
        }

        @ParameterizedTest(name = "manifest claimed {0} ago -> moved back {1}")
        @MethodSource("manifester")
        void should_move_back_only_a_manifest_claimed_longer_ago_than_any_hand_in_takes(Duration siden, boolean tilbake) {
            assertThat(REGEL.manifestSkalGjenopptas(NAA.minus(siden), NAA)).isEqualTo(tilbake);
        }
    }

    @Test
    void should_refuse_a_retention_time_that_is_zero_or_negative() {
        assertThatThrownBy(() -> new Oppbevaringsregel(Duration.ZERO, Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Oppbevaringsregel(Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(-1), Duration.ofDays(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Oppbevaringsregel(Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Oppbevaringsregel(Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1), null))
                .isInstanceOf(NullPointerException.class);
    }
}

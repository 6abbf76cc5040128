package no.kommune.esb.hendelser.flyt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which event delivery's dead letter may be redriven, one row per case: the refusal's problem type, or none (it goes). */
class RedrivevurderingTest {

    private static final String PROAKTIV = "proaktiv/doedsfall-pleie-omsorg";

    static Stream<Arguments> tabell() {
        return Stream.of(
                rad("an event message that failed for good", "FEILET", "flytting", true, false, "", true, List.of(), false, null),
                rad("a resync row (taken by every registration)", "FEILET", "resync", true, false, "", true, List.of(), false, null),
                rad("a trigger's message, whatever the registration subscribes to", "FEILET", "personErDoed", true, false, PROAKTIV, false, List.of(), false, null),
                rad("an event message to a batch-file fagsystem (goes in its next file)", "FEILET", "flytting", true, true, "", true, List.of(), false, null),
                rad("the row is gone", null, null, true, false, "", false, List.of(), false, "kan-ikke-redrives"),
                rad("a replay has queued the row again", "VENTER", "flytting", true, false, "", true, List.of(), false, "ikke-feilet"),
                rad("delivered since (a replay)", "LEVERT", "flytting", true, false, "", true, List.of(), false, "ikke-feilet"),
                rad("being made again already", "MINIMERES", "flytting", true, false, "", true, List.of(), false, "ikke-feilet"),
                rad("no stored event to make the document from", "FEILET", null, true, false, "", false, List.of(), false, "hendelse-mangler"),
                rad("registration removed", "FEILET", "flytting", false, false, "", false, List.of(), false, "fagsystem-ikke-registrert"),
                rad("registration removed, even with tross-nyere", "FEILET", "flytting", false, false, "", false, List.of(7L), true, "fagsystem-ikke-registrert"),
                rad("a trigger's message to a fagsystem now delivered by batch file", "FEILET", "personErDoed", true, true, PROAKTIV, false, List.of(), false, "batchfil"),
                rad("an event type the registration no longer takes", "FEILET", "flytting", true, false, "", false, List.of(), false, "ikke-abonnert"),
                rad("a later row of the person delivered", "FEILET", "flytting", true, false, "", true, List.of(12L), false, "nyere-levert"),
                rad("a later trigger message of the person delivered", "FEILET", "personErDoed", true, false, PROAKTIV, false, List.of(12L), false, "nyere-levert"),
                rad("a later row delivered, sent anyway as asked", "FEILET", "flytting", true, false, "", true, List.of(12L, 13L), true, null),
                rad("tross-nyere does not override a subscription", "FEILET", "flytting", true, false, "", false, List.of(12L), true, "ikke-abonnert"));
    }

    private static Arguments rad(String navn, String status, String type, boolean registrert, boolean batchfil, String melding, boolean abonnerer,
                                 List<Long> nyere, boolean trossNyere, String avslag) {
        return Arguments.of(navn, new Redrivevurdering.Tilstand(status, type, "barnevern", registrert, batchfil, melding, abonnerer, nyere, trossNyere),
                avslag);
    }

    @ParameterizedTest(name = "{0} → {2}")
    @MethodSource("tabell")
    void should_refuse_exactly_what_cannot_or_should_not_go(String navn, Redrivevurdering.Tilstand tilstand, String avslag) {
        assertThat(Redrivevurdering.vurder(tilstand).map(Redrivevurdering.Avslag::type)).isEqualTo(Optional.ofNullable(avslag));
    }

    @Test
    void should_name_the_later_delivered_rows_by_sequence_number_up_to_five_and_tell_how_to_send_anyway() {
        Redrivevurdering.Tilstand t = new Redrivevurdering.Tilstand("FEILET", "flytting", "barnevern", true, false, "", true,
                List.of(11L, 12L, 13L, 14L, 15L, 16L), false);
        String detalj = Redrivevurdering.vurder(t).orElseThrow().detalj();
        assertThat(detalj).startsWith("6 senere melding(er)").contains("sekvensnummer 11, 12, 13, 14, 15, …").doesNotContain("16")
                .contains("tross-nyere=true");
    }

    @Test
    void should_read_the_reference_of_every_kind_of_row() {
        assertThat(LeveringRedriver.Referanse.les("42/barnevern")).contains(new LeveringRedriver.Referanse(42, "barnevern", ""));
        assertThat(LeveringRedriver.Referanse.les("-7/skole")).contains(new LeveringRedriver.Referanse(-7, "skole", ""));
        assertThat(LeveringRedriver.Referanse.les("42/pleie-omsorg/" + PROAKTIV))
                .contains(new LeveringRedriver.Referanse(42, "pleie-omsorg", PROAKTIV));
        assertThat(LeveringRedriver.Referanse.les("42/pleie-omsorg/" + PROAKTIV).orElseThrow()).hasToString("42/pleie-omsorg/" + PROAKTIV);
        assertThat(LeveringRedriver.Referanse.les("x/barnevern")).isEmpty();
        assertThat(LeveringRedriver.Referanse.les("42")).isEmpty();
        assertThat(LeveringRedriver.Referanse.les(null)).isEmpty();
    }
}

package no.kommune.esb.oppslag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RevisjonsloggTest {

    @ParameterizedTest(name = "[{0}] → [{1}]")
    @CsvSource(value = {"NULL|NULL", "''|NULL", "'   '|NULL", "skoleplass|skoleplass", "'  BV-1 '|BV-1"}, delimiter = '|', nullValues = "NULL")
    void should_keep_the_callers_free_text_stripped_and_blank_as_nothing_when_a_row_is_written(String inn, String ut) {
        assertThat(Revisjonslogg.fritekst(inn)).isEqualTo(ut);
    }

    // the case reference and the purpose were kept in clear until session 27: only the end user was masked, so a
    // saksreferanse holding a number put it in the table (beside the keyed hash) and in the innsyn handed to a citizen
    @ParameterizedTest(name = "[{0}] → [{1}]")
    @CsvSource(value = {
            "sak 02013299997|sak 020132*****",
            "BV-2026/02013299997-3|BV-2026/020132*****-3",
            "02013299997|020132*****",
            "0201329999702013299997|020132****************",
            "2026/1234|2026/1234",
            "4E90F02C38BF533-00000000000001AE|4E90F02C38BF533-00000000000001AE"}, delimiter = '|')
    void should_mask_every_identity_number_in_the_callers_free_text_when_a_row_is_written(String inn, String ut) {
        assertThat(Revisjonslogg.fritekst(inn)).isEqualTo(ut);
    }

    // a NUL failed the row's insert (PostgreSQL text cannot hold it), which answered the look-up 500 (until session 29)
    @Test
    void should_keep_a_control_character_in_the_callers_free_text_as_a_replacement_character() {
        assertThat(Revisjonslogg.fritekst("BV-1\u0000x")).isEqualTo("BV-1\uFFFDx");
        assertThat(Revisjonslogg.fritekst("a\u0001b\tc\u007Fd\u009Fe")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe");
        assertThat(Revisjonslogg.fritekst("sak æøå 😀")).isEqualTo("sak æøå 😀");
    }

    @Test
    void should_mask_a_number_the_200_character_cut_would_leave_in_part() {
        // masked before the cut: the first 10 of its digits would otherwise stay, unmasked, at the end
        String ut = Revisjonslogg.fritekst("x".repeat(190) + "02013299997");
        assertThat(ut).hasSize(200).endsWith("020132****").doesNotContain("0201329999");
    }

    @Test
    void should_cut_the_callers_free_text_at_200_characters_when_it_is_longer() {
        assertThat(Revisjonslogg.fritekst("x".repeat(201))).hasSize(200);
        assertThat(Revisjonslogg.fritekst("x".repeat(200))).hasSize(200);
    }
}

package no.kommune.esb.uttrekk.vask;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of an SFTP wash file's claim that need no database: when its attempts are used up, and its copy's name. */
class VaskKravRegelTest {

    @ParameterizedTest(name = "attempt {0} of a round after {1}, at most {2} → {3}")
    @CsvSource(textBlock = """
            # forsoek | forsoek_fra | vask.krav-maks-forsoek | taken as
            1,          0,            24,                      TATT
            2,          0,            24,                      TATT_IGJEN
            24,         0,            24,                      TATT_IGJEN
            25,         0,            24,                      GI_OPP
            # a give-up whose note could not be written is taken to give up again
            26,         0,            24,                      GI_OPP
            # the very same file sent again after its answer starts a round of its own (VaskKrav.taPaaNytt)
            26,         25,           24,                      TATT
            49,         25,           24,                      TATT_IGJEN
            50,         25,           24,                      GI_OPP
            1,          0,            1,                       TATT
            2,          0,            1,                       GI_OPP
            """)
    void should_give_a_wash_file_up_only_once_its_rounds_attempts_are_used_up(int forsoek, int fra, int maks, VaskKrav.Utfall forventet) {
        assertThat(VaskKrav.utfall(forsoek, fra, maks)).isEqualTo(forventet);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(textBlock = """
            vask.csv,                 vask-20261207-151000123-1a2b3c4d.csv
            kunder.2026.xml,          kunder.2026-20261207-151000123-1a2b3c4d.xml
            vask-01019012345.csv,     vask-01019012345-20261207-151000123-1a2b3c4d.csv
            """)
    void should_name_each_copy_moved_aside_by_its_claims_answer_part(String navn, String forventet) {
        assertThat(VaskLaas.flyttetNavn(navn, "20261207-151000123-1a2b3c4d")).isEqualTo(forventet);
    }
}

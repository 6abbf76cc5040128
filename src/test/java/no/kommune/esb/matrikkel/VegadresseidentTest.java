package no.kommune.esb.matrikkel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Folkeregisteret's adressekode (a string in its contract) as Matrikkelen's {@code xs:int}, one reading for the whole
 * platform (the look-up API and the fan-out both read it here): surrounding blanks are stripped, as XML Schema collapses
 * them in an {@code xs:int} and as the platform strips them from every other number of an address and every look-up
 * parameter; a blank inside, a sign, a letter or too many digits is unreadable. Before, the look-up API refused
 * {@code " 123"} (a 502) while the fan-out read it as 123.
 */
class VegadresseidentTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(nullValues = "null", value = {
            "4123,        4123",
            "01234,       1234",
            "' 123',      123",
            "'123 ',      123",
            "'\t123\n',   123",
            "'1 23',      null",
            "'',          null",
            "'   ',       null",
            "+123,        null",
            "-123,        null",
            "12A4,        null",
            "1234567890,  null",
            "null,        null",
    })
    void should_read_an_adressekode_with_surrounding_blanks_stripped(String adressekode, Integer ventet) {
        assertThat(Vegadresseident.lesbarAdressekode(adressekode)).isEqualTo(ventet != null);
        if (ventet != null) {
            assertThat(Vegadresseident.av("3301", adressekode, 5, null)).isEqualTo(new Vegadresseident("3301", ventet, 5, null));
        }
    }
}

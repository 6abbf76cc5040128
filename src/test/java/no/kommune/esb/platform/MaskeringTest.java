package no.kommune.esb.platform;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MaskeringTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # text shown on a page                              | as the console shows it
            svar om 01019012345 kom ikke                         | svar om 010190***** kom ikke
            to ola.nordmann+krr@example.no and back              | to ***@*** and back
            errorId=974c5ba6-ffc9-432a-89a9-d5df18afbb29 (HTTP 500) | errorId=974c5ba6-ffc9-432a-89a9-d5df18afbb29 (HTTP 500)
            forsøk 3 av 3, sekvensnummer 1234567                 | forsøk 3 av 3, sekvensnummer 1234567
            IllegalStateException: webhook answered HTTP 500    | IllegalState-feil: webhook answered HTTP 500
            kan ikke behandles i steget oppslag: java.net.ConnectException | kan ikke behandles i steget oppslag: Connect-feil
            StackOverflowError / Throwable                       | StackOverflow-feil / feil
            a RuntimeException's message                         | a Runtime-feil's message
            Exceptional weather, ErrorCode 7                     | Exceptional weather, ErrorCode 7
            """)
    void should_mask_identity_numbers_email_addresses_and_exception_names_and_leave_other_text_alone(String tekst, String vist) {
        assertThat(Maskering.tekst(tekst)).isEqualTo(vist);
    }
}

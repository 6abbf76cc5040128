package no.kommune.esb.platform.logg;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LoggmaskeringTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a log line                                                                   | as the log writes it
            Rollback file strategy: ... for file: RemoteFile[lonn/vask/inn/vask-01819004060.csv] | Rollback file strategy: ... for file: RemoteFile[lonn/vask/inn/vask-018190*****.csv]
            File already exist: lonn/vask/ut/vask-01019012345-svar-20261206-101010123-1a2b3c4d.csv | File already exist: lonn/vask/ut/vask-010190*****-svar-20261206-101010123-1a2b3c4d.csv
            a D-nummer 41019012345 and an invalid number 01019012346                       | a D-nummer 410190***** and an invalid number 010190*****
            stuck to letters: vaskb01019012345x.csv                                        | stuck to letters: vaskb010190*****x.csv
            errorId=974c5ba6-ffc9-432a-89a9-123456789012 (HTTP 500)                        | errorId=974c5ba6-ffc9-432a-89a9-123456789012 (HTTP 500)
            uuid with an 11-digit run: 974c5ba6-ffc9-432a-89a9-a12345678901               | uuid with an 11-digit run: 974c5ba6-ffc9-432a-89a9-a12345678901
            Failed delivery for (MessageId: 4E90F02C38BF533-000000000000016C on ExchangeId: 12345678901ABCD-000000000000016C) | Failed delivery for (MessageId: 4E90F02C38BF533-000000000000016C on ExchangeId: 12345678901ABCD-000000000000016C)
            sekvensnummer 1234567, offset 9876543210, at 1764000000000 ms                  | sekvensnummer 1234567, offset 9876543210, at 1764000000000 ms
            a 12-digit number 123456789012 and a 10-digit one 1234567890                    | a 12-digit number 123456789012 and a 10-digit one 1234567890
            two in one line: 01019012345/02029012345                                       | two in one line: 010190*****/020290*****
            a replacement-like $1 and \\ stays 01019012345                                 | a replacement-like $1 and \\ stays 010190*****
            """)
    void should_mask_every_11_digit_number_and_leave_ids_sequence_numbers_and_other_digit_runs_alone(String linje, String skrevet) {
        assertThat(Loggmaskering.maskert(linje)).isEqualTo(skrevet);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no digits at all
            ten digits 1234567890 only
            """)
    void should_return_a_line_without_an_11_digit_run_as_it_is(String linje) {
        assertThat(Loggmaskering.maskert(linje)).isSameAs(linje);
    }
}

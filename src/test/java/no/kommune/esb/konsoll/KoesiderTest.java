package no.kommune.esb.konsoll;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which ids in the path of a resolve, redrive or close the console acts on and writes to the audit trail: a UUID as
 * written, nothing else. {@link UUID#fromString} alone takes {@code 01019012345-1-1-1-1}; before session 31 that was
 * acted on and written to the trail as typed, the identity number in clear.
 */
class KoesiderTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "a UUID as written                           | 3f2b8c1e-6a4d-4e8f-9b7a-1c2d3e4f5a6b | 3f2b8c1e-6a4d-4e8f-9b7a-1c2d3e4f5a6b",
            "a UUID in capitals: the same id, written small | 3F2B8C1E-6A4D-4E8F-9B7A-1C2D3E4F5A6B | 3f2b8c1e-6a4d-4e8f-9b7a-1c2d3e4f5a6b",
            "an identity number                          | 01019012345                          | null",
            "an identity number as the first of five groups | 01019012345-1-1-1-1               | null",
            "short groups                                | 0-0-0-0-0                            | null",
            "a UUID with a space                         | ' 3f2b8c1e-6a4d-4e8f-9b7a-1c2d3e4f5a6b' | null",
            "a UUID with a number after it               | 3f2b8c1e-6a4d-4e8f-9b7a-1c2d3e4f5a6b01019012345 | null",
            "the row's number                            | 42                                   | null",
    })
    void should_take_a_uuid_as_written_and_nothing_else(String tilfelle, String sti, String forventet) {
        Optional<UUID> id = Koesider.uuid(sti);

        assertThat(id.map(UUID::toString)).isEqualTo(Optional.ofNullable(forventet));
    }
}

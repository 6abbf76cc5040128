package no.kommune.esb;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UuiderTest {

    @Test
    void should_take_out_a_uuid_whose_last_group_holds_eleven_digits_and_leave_an_identity_number() {
        String tekst = "/konsoll/brev/e701aeb1-a27a-498b-bc47-b71070963327 og 02013299997";

        assertThat(Uuider.utenUuider(tekst)).isEqualTo("/konsoll/brev/<uuid> og 02013299997");
    }
}

package no.kommune.esb.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class OppstartsvaktTest {

    private final Oppstartsvakt vakt = new Oppstartsvakt();

    @Test
    void should_answer_a_letter_hand_in_with_503_and_retry_after_when_the_application_is_not_ready_yet() throws Exception {
        // before: the web server took the call before Camel's REST routes existed and answered 404 (reliability R1)
        MockHttpServletResponse svar = kall("/api/forsendelser");

        assertThat(svar.getStatus()).isEqualTo(503);
        assertThat(svar.getHeader("Retry-After")).isEqualTo("5");
        assertThat(svar.getContentType()).startsWith("application/problem+json");
        assertThat(svar.getContentAsString()).contains("urn:kommune-esb:problem:starter");
    }

    @Test
    void should_let_every_api_call_through_when_the_application_is_ready() throws Exception {
        vakt.klar();

        MockHttpServletResponse svar = kall("/api/forsendelser");

        assertThat(svar.getStatus()).isEqualTo(200);
    }

    @Test
    void should_let_health_and_the_simulators_through_when_the_application_is_not_ready_yet() throws Exception {
        assertThat(kall("/actuator/health").getStatus()).isEqualTo(200);
        assertThat(kall("/sim/idp/token").getStatus()).isEqualTo(200);
    }

    private MockHttpServletResponse kall(String sti) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", sti);
        MockHttpServletResponse response = new MockHttpServletResponse();
        vakt.doFilter(request, response, new MockFilterChain());
        return response;
    }
}

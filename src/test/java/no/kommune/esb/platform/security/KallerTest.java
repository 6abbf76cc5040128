package no.kommune.esb.platform.security;

import no.kommune.esb.forsendelse.mottak.ForsendelseApi;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller an authorisation decision reads is the one {@link FagsystemFilter} stored on the servlet request, never a
 * Camel header: Camel's HTTP binding makes headers of what the caller sends (query parameters, form and multipart
 * fields), so a header of the filter's names proves nothing about who called.
 */
class KallerTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void should_read_the_caller_the_filter_stored_on_the_request_and_ignore_headers_claiming_another() {
        Exchange exchange = over(new Kaller("skole", false));
        exchange.getIn().setHeader(FagsystemFilter.ADMIN, "true");
        exchange.getIn().setHeader(FagsystemFilter.FAGSYSTEM, "barnevern");

        assertThat(Kaller.fra(exchange)).isEqualTo(new Kaller("skole", false));
        assertThat(ForsendelseApi.tilhoererKaller(exchange, "barnevern")).isFalse();
        assertThat(ForsendelseApi.tilhoererKaller(exchange, "skole")).isTrue();
    }

    @Test
    void should_see_nobody_on_a_request_the_filter_did_not_pass_whatever_its_headers_say() {
        Exchange exchange = over(null);
        exchange.getIn().setHeader(FagsystemFilter.ADMIN, "true");
        exchange.getIn().setHeader(FagsystemFilter.FAGSYSTEM, "skole");

        assertThat(Kaller.fra(exchange)).isEqualTo(Kaller.INGEN);
        assertThat(ForsendelseApi.tilhoererKaller(exchange, "skole")).isFalse();
    }

    @Test
    void should_see_nobody_on_an_exchange_without_a_request_unless_java_code_handed_the_caller_on_as_a_property() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setHeader(FagsystemFilter.ADMIN, "true");
        assertThat(Kaller.fra(exchange)).isEqualTo(Kaller.INGEN);

        exchange.setProperty(Kaller.ATTRIBUTT, new Kaller(null, true));
        assertThat(Kaller.fra(exchange).admin()).isTrue();
        assertThat(Kaller.fra(exchange).navnEllerStrek()).isEqualTo("-");
    }

    @Test
    void should_let_the_integration_team_see_every_senders_letters() {
        assertThat(ForsendelseApi.tilhoererKaller(over(new Kaller("integrasjon", true)), "barnevern")).isTrue();
    }

    /** An exchange as Camel's REST DSL makes it for a request on which the filter stored {@code kaller} (null: none). */
    private Exchange over(Kaller kaller) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/forsendelser");
        if (kaller != null) {
            request.setAttribute(Kaller.ATTRIBUTT, kaller);
        }
        Exchange exchange = new DefaultExchange(camel);
        exchange.setIn(new PlatformHttpMessage(request, new MockHttpServletResponse(), exchange, null, true));
        return exchange;
    }
}

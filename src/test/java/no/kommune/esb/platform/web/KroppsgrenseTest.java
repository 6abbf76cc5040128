package no.kommune.esb.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The body limit filter on its own: a charset it cannot decode by, and a chunked body it read, let go once read. */
class KroppsgrenseTest {

    private final Kroppsgrense filter = new Kroppsgrense(DataSize.ofMegabytes(1), DataSize.ofMegabytes(1), DataSize.ofKilobytes(64));

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "-                                   | -",
            "application/json                    | -",
            "application/json; charset=UTF-8     | -",
            "text/csv;charset=utf-8              | -",
            "text/csv; CHARSET=\"ISO-8859-1\"     | -",
            "application/json; charset=x-bogus   | x-bogus",
            "text/csv; charset=utf-99; x=y       | utf-99",
            "text/csv; charset=ut f8             | ut f8",
            "text/csv; charset=ünicode           | ünicode",
            "text/csv; charset=                  | ''"})
    void should_tell_a_charset_it_cannot_decode_by(String contentType, String ukjent) {
        assertThat(Kroppsgrense.ukjentTegnsett(contentType)).isEqualTo(ukjent);
    }

    /**
     * A body whose charset the platform does not know is answered 415 with why before anything reads it: before session 32
     * the filter's own reader (Charset.forName) threw on it, a 500, where Spring Boot's encoding filter had not put UTF-8
     * in its place; behind that filter, Spring MVC answered a bare 415 "Unsupported Media Type" for the REST routes
     * (KroppsgrenseEndToEndTest).
     */
    @ParameterizedTest(name = "{0}, chunked {1}")
    @CsvSource({"/api/dead-letters/1/avslutt, false", "/api/forsendelser/bunker, true", "/api/vask, true"})
    void should_refuse_a_body_with_an_unknown_charset_with_415_before_it_is_read(String sti, boolean chunked) throws Exception {
        MockHttpServletRequest request = foresporsel(sti, "application/json; charset=x-bogus", "{\"begrunnelse\":\"x\"}", chunked);
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<HttpServletRequest> videre = new AtomicReference<>();

        filter.doFilter(request, response, (req, res) -> {
            videre.set((HttpServletRequest) req);
            // what a route does first: read the body as text in its charset
            ((HttpServletRequest) req).getReader().readLine();
        });

        assertThat(response.getStatus()).isEqualTo(415);
        assertThat(videre.get()).as("nothing reads the body").isNull();
        var problem = new ObjectMapper().readTree(response.getContentAsString(StandardCharsets.UTF_8));
        assertThat(problem.path("type").asText()).isEqualTo(Problemsvar.TYPE_BASE + "ukjent-tegnsett");
        assertThat(problem.path("detail").asText()).contains("charset").contains("UTF-8").doesNotContain("x-bogus");
    }

    @Test
    void should_let_a_body_with_a_known_charset_through_and_decode_it_by_that_charset() throws Exception {
        MockHttpServletRequest request = foresporsel("/api/vask", "text/csv; charset=ISO-8859-1", null, true);
        request.setContent("Ærlig\n".getBytes(StandardCharsets.ISO_8859_1));
        AtomicReference<String> lest = new AtomicReference<>();

        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> lest.set(((HttpServletRequest) req).getReader().readLine()));

        assertThat(lest.get()).isEqualTo("Ærlig");
    }

    /**
     * A chunked body under the limit is read here into memory; once the route has read it to its end (into its own copy)
     * the filter lets go of its bytes, so a large batch is not held twice while it is worked on. Before session 32 the
     * wrapper kept them until the request ended.
     */
    @Test
    void should_let_go_of_a_chunked_body_once_the_route_has_read_it_to_its_end() throws Exception {
        byte[] kropp = "x".repeat(500_000).getBytes(StandardCharsets.US_ASCII);
        MockHttpServletRequest request = foresporsel("/api/forsendelser/bunker", "application/json", null, true);
        request.setContent(kropp);
        AtomicReference<Kroppsgrense.Lest> videre = new AtomicReference<>();
        AtomicReference<Integer> foer = new AtomicReference<>();
        AtomicReference<byte[]> lest = new AtomicReference<>();

        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            Kroppsgrense.Lest l = (Kroppsgrense.Lest) req;
            videre.set(l);
            foer.set(l.holdt());
            assertThat(l.getContentLengthLong()).isEqualTo(kropp.length);
            lest.set(l.getInputStream().readAllBytes());
        });

        assertThat(foer.get()).isEqualTo(kropp.length);
        assertThat(lest.get()).isEqualTo(kropp);
        assertThat(videre.get().holdt()).as("bytes still held by the filter after the route read them").isZero();
        assertThat(videre.get().getContentLengthLong()).isEqualTo(kropp.length);
    }

    /** A request as Tomcat hands it on; chunked: without Content-Length (the filter then reads it itself). */
    private static MockHttpServletRequest foresporsel(String sti, String contentType, String kropp, boolean chunked) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", sti) {
            @Override
            public long getContentLengthLong() {
                return chunked ? -1 : super.getContentLengthLong();
            }

            @Override
            public int getContentLength() {
                return chunked ? -1 : super.getContentLength();
            }
        };
        request.setContentType(contentType);
        if (kropp != null) {
            request.setContent(kropp.getBytes(StandardCharsets.UTF_8));
        }
        return request;
    }
}

package no.kommune.esb.konsoll;

import no.kommune.esb.platform.konfig.Konfigfil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.ConnectException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Which watched file a route's page names: the route's own file by its whole path, never one that only ends alike; and
 * how a failed stop or start is worded on the page and in the audit trail.
 */
class RutesiderTest {

    static final List<Konfigfil> FILER = Stream.of("/srv/esb/routes/brev/brev.camel.yaml", "/srv/esb/routes/skole/brev.camel.yaml",
                    "/srv/esb/routes/brev/ekstrabrev.camel.yaml", "routes/hendelser/feed.camel.yaml")
            .map(sti -> new Konfigfil(sti, "abc", null, Konfigfil.LIVE, List.of())).toList();

    static Stream<Arguments> tilfeller() {
        return Stream.of(
                Arguments.of("a file of the same name in another folder", "/srv/esb/routes/skole/brev.camel.yaml", "/srv/esb/routes/skole/brev.camel.yaml"),
                Arguments.of("the first of two of the same name", "/srv/esb/routes/brev/brev.camel.yaml", "/srv/esb/routes/brev/brev.camel.yaml"),
                Arguments.of("a name that ends with another's", "/srv/esb/routes/brev/ekstrabrev.camel.yaml", "/srv/esb/routes/brev/ekstrabrev.camel.yaml"),
                Arguments.of("the same file written with ..", "/srv/esb/routes/skole/../brev/brev.camel.yaml", "/srv/esb/routes/brev/brev.camel.yaml"),
                Arguments.of("a relative path as configured, the route's absolute",
                        Path.of("routes/hendelser/feed.camel.yaml").toAbsolutePath().toString(), "routes/hendelser/feed.camel.yaml"),
                Arguments.of("a file of that name in a folder nobody watches", "/tmp/brev.camel.yaml", null),
                Arguments.of("the file's name alone", "brev.camel.yaml", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tilfeller")
    void should_name_the_route_file_by_its_whole_path(String tilfelle, String kilde, String forventet) {
        assertThat(Rutesider.fil(FILER, Path.of(kilde)).map(Konfigfil::sti).orElse(null)).isEqualTo(forventet);
    }

    static Stream<Arguments> feil() {
        return Stream.of(
                Arguments.of("stopp", new org.apache.camel.FailedToStartRouteException("feed", "route feed could not stop: timeout"),
                        "feilet: uventet feil (konsollet (rute feed), feil-id "),
                Arguments.of("start", new org.apache.camel.FailedToStartRouteException("feed", "failed",
                        new ConnectException("Connection refused: sftp://esb:hemmelig@sftp.intern")), "feilet: mottakeren svarer ikke (forbindelsen ble avvist)"),
                Arguments.of("stopp", new NullPointerException("Cannot invoke \"org.apache.camel.Route.getId()\""),
                        "feilet: uventet feil (konsollet (rute feed), feil-id "),
                // before session 32 "feilet: ugyldig tilstand: Kari Nordmann …": an IllegalStateException's message was kept
                Arguments.of("start", new IllegalStateException("route feed: Kari Nordmann, Hemmeligveien 7, tlf 912 34 567"),
                        "feilet: ugyldig tilstand (konsollet (rute feed), feil-id "));
    }

    /**
     * A stop or start that fails is shown and written in words (platform.Feilaarsak), never by the exception's class name
     * or message; before session 31 it was "feilet: FailedToStartRouteException", which docs/konsoll.md says the console
     * never shows. A kind whose words say too little ends with the component and the error id of its log line (the
     * expected text here ends before the id, which is new each time).
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("feil")
    void should_word_a_failed_stop_or_start_without_the_exceptions_name_or_message(String handling, Exception e, String forventet) throws Exception {
        Rutemodell ruter = mock(Rutemodell.class);
        Handlingslogg logg = mock(Handlingslogg.class);
        when(ruter.rute("feed")).thenReturn(java.util.Optional.of(new Rutemodell.Rute("feed", "timer:feed", null, "Started", null,
                new Rutemodell.Tall(0, 0, 0, 0))));
        if ("start".equals(handling)) {
            doThrow(e).when(ruter).start("feed");
        } else {
            doThrow(e).when(ruter).stopp("feed");
        }
        org.springframework.web.servlet.mvc.support.RedirectAttributesModelMap svar = new org.springframework.web.servlet.mvc.support.RedirectAttributesModelMap();

        new Rutesider(ruter, logg, null, null).utfoer("feed", handling, null, svar);

        String vist = (String) svar.getFlashAttributes().get("feilmelding");
        assertThat(vist).startsWith("Ruten feed: " + forventet).doesNotContain("Kari", "Hemmeligveien", "912", "hemmelig", "Exception");
        String utfall = forventet.endsWith("feil-id ") ? vist.substring("Ruten feed: ".length(), vist.length() - 1) : forventet;
        assertThat(utfall).matches(forventet.endsWith("feil-id ") ? java.util.regex.Pattern.quote(forventet) + "[0-9a-f]{8}\\)" : java.util.regex.Pattern.quote(forventet));
        verify(logg).skriv(eq("ukjent"), eq("start".equals(handling) ? "RUTE_START" : "RUTE_STOPP"), eq("feed"), eq(utfall));
    }
}

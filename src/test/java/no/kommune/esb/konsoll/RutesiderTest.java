package no.kommune.esb.konsoll;

import no.kommune.esb.platform.konfig.Konfigfil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which watched file a route's page names: the route's own file by its whole path, never one that only ends alike. */
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
}

package no.kommune.esb.platform.web;

import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.FileSizeLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.SizeLimitExceededException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

import java.util.stream.Stream;

import static no.kommune.esb.platform.web.MultipartProblemer.Grense;
import static org.assertj.core.api.Assertions.assertThat;

class MultipartProblemerTest {

    final MultipartProblemer problemer = new MultipartProblemer(DataSize.ofMegabytes(400), DataSize.ofMegabytes(400), 50, DataSize.ofMegabytes(2), DataSize.ofKilobytes(2));

    /** As Spring wraps what Tomcat raised while parsing the parts (StandardMultipartHttpServletRequest). */
    static Stream<Arguments> feil() {
        return Stream.of(
                Arguments.of(new MaxUploadSizeExceededException(-1, new IllegalStateException(new FileSizeLimitExceededException("x", 2, 1))),
                        Grense.DEL, "en del (et dokument) kan være høyst 400 MB"),
                Arguments.of(new MaxUploadSizeExceededException(-1, new IllegalStateException(new SizeLimitExceededException("x", 2, 1))),
                        Grense.FORESPORSEL, "forespørselen kan være høyst 400 MB i alt"),
                // Tomcat names the part-header limit with the same exception as the whole body's
                Arguments.of(new MaxUploadSizeExceededException(-1, new IllegalStateException(new SizeLimitExceededException("x", 2049, 2048))),
                        Grense.DELHODE, "hodet til en del (Content-Disposition med filnavnet og Content-Type) kan være høyst 2 KB"),
                Arguments.of(new MultipartException("Failed to parse multipart servlet request", new IllegalStateException(new FileCountLimitExceededException("attachment", 50))),
                        Grense.ANTALL_DELER, "forespørselen kan ha høyst 50 deler: metadata og høyst 49 dokumenter"),
                // Tomcat's maxPostSize refusal has no class of its own
                Arguments.of(new MaxUploadSizeExceededException(-1, new IllegalStateException("… exceeded the limit for maxPostSize …")),
                        Grense.SKJEMADATA, "metadata (delene uten filnavn) kan være høyst 2 MB til sammen"),
                Arguments.of(new MultipartException("Failed to parse multipart servlet request", new IllegalStateException("Stream ended unexpectedly")),
                        Grense.UGYLDIG, null));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("feil")
    void should_name_the_limit_a_refused_multipart_body_broke(MultipartException feil, Grense grense, String detalj) {
        assertThat(Grense.av(feil, 2048)).isEqualTo(grense);
        if (detalj != null) {
            assertThat(problemer.detalj(grense)).isEqualTo(detalj);
        }
    }

    @ParameterizedTest
    @MethodSource("storrelser")
    void should_write_a_limit_in_the_largest_whole_unit(DataSize storrelse, String tekst) {
        assertThat(MultipartProblemer.tekst(storrelse)).isEqualTo(tekst);
    }

    static Stream<Arguments> storrelser() {
        return Stream.of(Arguments.of(DataSize.ofMegabytes(400), "400 MB"), Arguments.of(DataSize.ofKilobytes(512), "512 KB"),
                Arguments.of(DataSize.ofBytes(1000), "1000 byte"));
    }
}

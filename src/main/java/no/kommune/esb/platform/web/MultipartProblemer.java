package no.kommune.esb.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.FileSizeLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.SizeLimitExceededException;
import no.kommune.esb.model.Identitetsnummer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

import java.io.IOException;

/**
 * A multipart body the web server refuses before any route sees it (Spring resolves multipart requests up front):
 * over one of the limits → 413, not readable (no boundary, cut short, a broken part header) → 400, both as a problem
 * document naming the limit, and a WARN line with method and path only. Without this Spring answers 413 with an empty
 * body, or 500 with a stack trace in the log. The limits are in config/application.yaml and docs/forsendelse-intake.md.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class MultipartProblemer {

    private static final Logger log = LoggerFactory.getLogger(MultipartProblemer.class);

    /** Which limit a refused multipart body broke. */
    enum Grense {
        /** One uploaded file over {@code spring.servlet.multipart.max-file-size}. */
        DEL,
        /** The whole body over {@code spring.servlet.multipart.max-request-size}. */
        FORESPORSEL,
        /** More parts than {@code server.tomcat.max-part-count}. */
        ANTALL_DELER,
        /** One part's headers (its file name) over {@code server.tomcat.max-part-header-size}. */
        DELHODE,
        /** Parts without a file name (the metadata) over {@code server.tomcat.max-http-form-post-size} together. */
        SKJEMADATA,
        /** No limit: the body cannot be read as multipart. */
        UGYLDIG;

        /**
         * Read from the exception Tomcat raised while Spring parsed the parts; Tomcat raises the same exception for the
         * whole body and for one part's headers, told apart by the limit it names ({@code maksDelhode}).
         */
        static Grense av(Throwable feil, long maksDelhode) {
            for (Throwable t = feil; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof FileSizeLimitExceededException) {
                    return DEL;
                }
                if (t instanceof SizeLimitExceededException s) {
                    return s.getPermittedSize() == maksDelhode ? DELHODE : FORESPORSEL;
                }
                if (t instanceof FileCountLimitExceededException) {
                    return ANTALL_DELER;
                }
            }
            // Tomcat's maxPostSize refusal is a plain IllegalStateException; Spring names every size refusal this way
            return feil instanceof MaxUploadSizeExceededException ? SKJEMADATA : UGYLDIG;
        }
    }

    private final DataSize maksDel;
    private final DataSize maksForesporsel;
    private final int maksDeler;
    private final DataSize maksSkjemadata;
    private final DataSize maksDelhode;

    public MultipartProblemer(@Value("${spring.servlet.multipart.max-file-size}") DataSize maksDel,
                              @Value("${spring.servlet.multipart.max-request-size}") DataSize maksForesporsel,
                              @Value("${server.tomcat.max-part-count}") int maksDeler,
                              @Value("${server.tomcat.max-http-form-post-size}") DataSize maksSkjemadata,
                              @Value("${server.tomcat.max-part-header-size}") DataSize maksDelhode) {
        this.maksDel = maksDel;
        this.maksForesporsel = maksForesporsel;
        this.maksDeler = maksDeler;
        this.maksSkjemadata = maksSkjemadata;
        this.maksDelhode = maksDelhode;
    }

    @ExceptionHandler(MultipartException.class)
    public void avvis(MultipartException feil, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Grense grense = Grense.av(feil, maksDelhode.toBytes());
        int status = grense == Grense.UGYLDIG ? 400 : 413;
        // the client's mistake, not the platform's: no stack trace, and nothing from the body
        log.warn("Multipart request refused ({}, {}): {} {}", status, grense, request.getMethod(), Identitetsnummer.maskIn(request.getRequestURI()));
        if (grense == Grense.UGYLDIG) {
            Problemsvar.skriv(response, 400, "ugyldig-multipart", "Ugyldig multipart-forespørsel",
                    "kroppen kunne ikke leses som multipart/form-data: boundary mangler i Content-Type, kroppen er avkortet eller en delheader er ugyldig");
        } else {
            Problemsvar.skriv(response, 413, "for-stor", "For stor forespørsel", detalj(grense));
        }
    }

    String detalj(Grense grense) {
        return switch (grense) {
            case DEL -> "en del (et dokument) kan være høyst " + tekst(maksDel);
            case FORESPORSEL -> "forespørselen kan være høyst " + tekst(maksForesporsel) + " i alt";
            case ANTALL_DELER -> "forespørselen kan ha høyst " + maksDeler + " deler: metadata og høyst " + (maksDeler - 1) + " dokumenter";
            case SKJEMADATA -> "metadata (delene uten filnavn) kan være høyst " + tekst(maksSkjemadata) + " til sammen";
            case DELHODE -> "hodet til en del (Content-Disposition med filnavnet og Content-Type) kan være høyst " + tekst(maksDelhode);
            case UGYLDIG -> throw new IllegalArgumentException("not a limit");
        };
    }

    /** 400 MB, 2 MB, 512 KB or a number of bytes. */
    static String tekst(DataSize s) {
        long b = s.toBytes();
        if (b >= 1024 * 1024 && b % (1024 * 1024) == 0) {
            return b / (1024 * 1024) + " MB";
        }
        return b >= 1024 && b % 1024 == 0 ? b / 1024 + " KB" : b + " byte";
    }
}

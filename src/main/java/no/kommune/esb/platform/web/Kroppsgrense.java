package no.kommune.esb.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import no.kommune.esb.model.Identitetsnummer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The size limit of an API request's body, checked before anything reads it: Camel's platform-http reads the whole body
 * into memory (its stream cache) before a route's bean runs, so a limit a bean checks protects nothing. In the API's
 * security chain, after authentication: a {@code POST}/{@code PUT}/{@code PATCH} to {@code /api/**} whose
 * {@code Content-Length} is over its limit is answered 413 ({@code for-stor} problem document) unread; a body without
 * one (chunked) is read here up to one byte past the limit, answered 413 when it passes it, and otherwise handed on from
 * memory (at most the limit). Every such body's text reader decodes leniently ({@link Lest}). Limits: the batch hand-in {@code forsendelse.bunke.maks-storrelse}, the wash
 * {@code vask.maks-storrelse}, every other body {@code platform.api.maks-kropp}; the single hand-in (multipart) keeps
 * Tomcat's multipart limits ({@code spring.servlet.multipart.*}), which it enforces while it reads.
 */
public class Kroppsgrense extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(Kroppsgrense.class);

    static final String BUNKE = "/api/forsendelser/bunker";
    static final String VASK = "/api/vask";
    static final String ENKEL = "/api/forsendelser";

    private final DataSize bunke;
    private final DataSize vask;
    private final DataSize annet;

    public Kroppsgrense(DataSize bunke, DataSize vask, DataSize annet) {
        this.bunke = bunke;
        this.vask = vask;
        this.annet = annet;
    }

    /** The limit of a request's body, or null when this filter sets none (no body expected, multipart, not the API). */
    DataSize grense(String metode, String sti) {
        String m = metode == null ? "" : metode.toUpperCase(Locale.ROOT);
        if (sti == null || !sti.startsWith("/api/") || !(m.equals("POST") || m.equals("PUT") || m.equals("PATCH"))) {
            return null;
        }
        String s = sti.endsWith("/") ? sti.substring(0, sti.length() - 1) : sti;
        return switch (s) {
            case BUNKE -> bunke;
            case VASK -> vask;
            case ENKEL -> null;
            default -> annet;
        };
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        DataSize maks = grense(request.getMethod(), request.getRequestURI());
        if (maks == null) {
            chain.doFilter(request, response);
            return;
        }
        long lengde = request.getContentLengthLong();
        if (lengde > maks.toBytes()) {
            log.warn("API request refused unread (413): {} {}, Content-Length {} over {} bytes", request.getMethod(),
                    Identitetsnummer.maskIn(request.getRequestURI()), lengde, maks.toBytes());
            avvis(response, maks);
            return;
        }
        if (lengde >= 0) {
            // Tomcat reads no more than the declared length
            chain.doFilter(new Lest(request, null), response);
            return;
        }
        byte[] kropp = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maks.toBytes() + 1));
        if (kropp.length > maks.toBytes()) {
            log.warn("API request refused (413): {} {}, body without Content-Length over {} bytes", request.getMethod(),
                    Identitetsnummer.maskIn(request.getRequestURI()), maks.toBytes());
            avvis(response, maks);
            return;
        }
        chain.doFilter(new Lest(request, kropp), response);
    }

    /** 413 {@code for-stor} naming the limit. */
    static void avvis(HttpServletResponse response, DataSize maks) throws IOException {
        // the rest of the body is never read: close the connection after the answer, and send the answer now, so a client
        // still sending gets it instead of waiting for the server to swallow the rest
        response.setHeader("Connection", "close");
        Problemsvar.skriv(response, 413, "for-stor", "For stor forespørsel",
                "kroppen kan være høyst " + MultipartProblemer.tekst(maks) + "; del den i flere forespørsler");
        response.flushBuffer();
    }

    /**
     * The request as the routes read it: a body sent without Content-Length that this filter has read is served from
     * memory, with its length ({@code kropp}; null: the container's stream). The text reader decodes leniently: a byte
     * that is not valid in the body's charset becomes U+FFFD, which the bean can refuse naming its line (the wash:
     * {@code Vaskefil.kanLeses}); Tomcat's own reader fails on it, Camel swallows that when it first reads the body and
     * closes the reader, and the bean's read then failed with "Stream closed" (500, empty body).
     */
    private static final class Lest extends HttpServletRequestWrapper {
        private final byte[] kropp;
        private ServletInputStream inn;
        private BufferedReader leser;

        Lest(HttpServletRequest request, byte[] kropp) {
            super(request);
            this.kropp = kropp;
        }

        @Override
        public int getContentLength() {
            return kropp == null ? super.getContentLength() : kropp.length;
        }

        @Override
        public long getContentLengthLong() {
            return kropp == null ? super.getContentLengthLong() : kropp.length;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (inn == null) {
                inn = kropp == null ? super.getInputStream() : new Minne(new ByteArrayInputStream(kropp));
            }
            return inn;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (leser == null) {
                String tegnsett = getCharacterEncoding();
                Charset c = tegnsett == null ? StandardCharsets.ISO_8859_1 : Charset.forName(tegnsett);
                leser = new BufferedReader(new InputStreamReader(getInputStream(), c));
            }
            return leser;
        }
    }

    private static final class Minne extends ServletInputStream {
        private final ByteArrayInputStream inn;

        Minne(ByteArrayInputStream inn) {
            this.inn = inn;
        }

        @Override
        public int read() {
            return inn.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return inn.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
            return inn.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("not asynchronous");
        }
    }
}

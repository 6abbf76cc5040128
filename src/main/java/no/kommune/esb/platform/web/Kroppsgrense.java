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
 * memory (at most the limit), which is let go once the route has read it to its end, so the body is not held twice
 * while the route works on its own copy (before session 32 it was, until the request ended). Every such body's text
 * reader decodes leniently ({@link Lest}). A {@code charset} in the Content-Type of any {@code POST}/{@code PUT}/{@code PATCH}
 * to {@code /api/**} that this JVM does not know (or that is no charset name) is answered 415 {@code ukjent-tegnsett}
 * unread, saying why: before session 32 this filter's text reader failed on it (a 500) where the request's encoding
 * held it, and otherwise Spring MVC answered a bare 415. Limits: the batch hand-in {@code forsendelse.bunke.maks-storrelse}, the wash
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
        if (!harKropp(metode, sti)) {
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

    /** Whether a request sends a body this filter looks at: a {@code POST}/{@code PUT}/{@code PATCH} to {@code /api/**}. */
    static boolean harKropp(String metode, String sti) {
        String m = metode == null ? "" : metode.toUpperCase(Locale.ROOT);
        return sti != null && sti.startsWith("/api/") && (m.equals("POST") || m.equals("PUT") || m.equals("PATCH"));
    }

    /**
     * The {@code charset} of a Content-Type header when this JVM cannot decode by it (unknown, or no charset name), else
     * null (none given, or one it knows). Read from the header itself: the request's character encoding may already be
     * Spring Boot's forced UTF-8 ({@code server.servlet.encoding}), while Camel and Spring MVC read the header's charset.
     */
    static String ukjentTegnsett(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String del : contentType.split(";")) {
            String d = del.trim();
            if (d.regionMatches(true, 0, "charset=", 0, 8)) {
                String tegnsett = d.substring(8).trim();
                if (tegnsett.length() >= 2 && tegnsett.startsWith("\"") && tegnsett.endsWith("\"")) {
                    tegnsett = tegnsett.substring(1, tegnsett.length() - 1);
                }
                try {
                    return Charset.isSupported(tegnsett) ? null : tegnsett;
                } catch (IllegalArgumentException e) {
                    // IllegalCharsetNameException (not even a charset's name, or empty)
                    return tegnsett;
                }
            }
        }
        return null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        if (harKropp(request.getMethod(), request.getRequestURI()) && ukjentTegnsett(request.getHeader("Content-Type")) != null) {
            // the caller's header value is not echoed or logged: it may be anything
            log.warn("API request refused unread (415): {} {}, a charset in Content-Type this platform does not know", request.getMethod(),
                    Identitetsnummer.maskIn(request.getRequestURI()));
            response.setHeader("Connection", "close");
            Problemsvar.skriv(response, 415, "ukjent-tegnsett", "Ukjent tegnsett",
                    "tegnsettet (charset) i Content-Type er ukjent eller ugyldig; send kroppen som UTF-8 med Content-Type: …; charset=UTF-8, eller uten charset");
            response.flushBuffer();
            return;
        }
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
    static final class Lest extends HttpServletRequestWrapper {
        /** The body read here, until its stream is made ({@link Minne} holds it then, until it is read to its end). */
        private byte[] kropp;
        /** Its length; -1: the container's stream. */
        private final int lengde;
        private ServletInputStream inn;
        private BufferedReader leser;

        Lest(HttpServletRequest request, byte[] kropp) {
            super(request);
            this.kropp = kropp;
            this.lengde = kropp == null ? -1 : kropp.length;
        }

        @Override
        public int getContentLength() {
            return lengde < 0 ? super.getContentLength() : lengde;
        }

        @Override
        public long getContentLengthLong() {
            return lengde < 0 ? super.getContentLengthLong() : lengde;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (inn == null) {
                inn = lengde < 0 ? super.getInputStream() : new Minne(kropp);
                kropp = null;
            }
            return inn;
        }

        /** How many bytes of the body this request still holds in memory (0 once the route has read them all). */
        int holdt() {
            return kropp != null ? kropp.length : inn instanceof Minne m ? m.holdt() : 0;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (leser == null) {
                String tegnsett = getCharacterEncoding();
                // an unknown charset never gets here: refused 415 before the chain
                Charset c = tegnsett == null ? StandardCharsets.ISO_8859_1 : Charset.forName(tegnsett.trim());
                leser = new BufferedReader(new InputStreamReader(getInputStream(), c));
            }
            return leser;
        }
    }

    /** The body from memory; the bytes are let go once it is read to its end (the route keeps its own copy). */
    private static final class Minne extends ServletInputStream {
        private byte[] kropp;
        private int pos;

        Minne(byte[] kropp) {
            this.kropp = kropp;
        }

        @Override
        public int read() {
            if (kropp == null || pos >= kropp.length) {
                kropp = null;
                return -1;
            }
            int b = kropp[pos++] & 0xff;
            if (pos == kropp.length) {
                kropp = null;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (kropp == null || pos >= kropp.length) {
                kropp = null;
                return -1;
            }
            int n = Math.min(len, kropp.length - pos);
            System.arraycopy(kropp, pos, b, off, n);
            pos += n;
            if (pos == kropp.length) {
                kropp = null;
            }
            return n;
        }

        @Override
        public int available() {
            return kropp == null ? 0 : kropp.length - pos;
        }

        int holdt() {
            return kropp == null ? 0 : kropp.length;
        }

        @Override
        public boolean isFinished() {
            return kropp == null || pos >= kropp.length;
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

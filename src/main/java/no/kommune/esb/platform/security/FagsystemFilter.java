package no.kommune.esb.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hands the authenticated caller to the routes: as the request attribute {@link Kaller#ATTRIBUTT}, which every
 * authorisation decision reads ({@link Kaller#fra}), and as request headers for display, so Camel beans can check
 * ownership without touching Spring Security: {@value #FAGSYSTEM} = the token's {@code client_id} (or {@code azp}, else {@code sub}) or the
 * fagsystem a registered client certificate stands for, {@value #ADMIN} = "true" when the caller holds the admin
 * scope. Headers of these names sent by the caller are dropped, so they cannot be forged; and since Camel's HTTP
 * binding copies query and form parameters into message headers too, a request that names either as a parameter is
 * refused with 400 before it reaches a route, and the request the routes see has no such parameter.
 */
public class FagsystemFilter extends OncePerRequestFilter {

    public static final String FAGSYSTEM = "X-Esb-Fagsystem";
    public static final String ADMIN = "X-Esb-Admin";

    /** RFC 9457 problem body of the refusal of a request that names the platform's own headers as parameters. */
    private static final String EGEN_PARAMETER = "{\"type\":\"urn:kommune-esb:problem:ugyldig-parameter\",\"title\":\"Ugyldig parameter\","
            + "\"status\":400,\"detail\":\"" + FAGSYSTEM + " og " + ADMIN + " settes av plattformen fra kallerens token; en forespørsel kan ikke oppgi dem\"}";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        if (skjemaTilApi(request)) {
            avvis(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, SKJEMA_TIL_API);
            return;
        }
        if (nevnerEgne(request)) {
            avvis(response, HttpServletResponse.SC_BAD_REQUEST, EGEN_PARAMETER);
            return;
        }
        String fagsystem = null;
        boolean admin = false;
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth instanceof JwtAuthenticationToken || auth instanceof ClientCertificateAuthentication) {
            fagsystem = caller(auth);
            admin = auth.getAuthorities().stream().anyMatch(a -> ("SCOPE_" + SecurityConfiguration.ADMIN).equals(a.getAuthority()));
        }
        // the routes' beans read the caller from this attribute (Kaller.fra), which no request can set; the headers stay
        // for log lines and routes that only show the caller
        request.setAttribute(Kaller.ATTRIBUTT, new Kaller(fagsystem, admin));
        chain.doFilter(new Wrapped(request, fagsystem, admin), response);
    }

    /** RFC 9457 problem body of the refusal of a form body to the API. */
    private static final String SKJEMA_TIL_API = "{\"type\":\"urn:kommune-esb:problem:ustoettet-innholdstype\",\"title\":\"Ustøttet innholdstype\","
            + "\"status\":415,\"detail\":\"API-et tar ikke imot skjemadata (application/x-www-form-urlencoded); send JSON, multipart eller tekst\"}";

    /**
     * True for a form body ({@code application/x-www-form-urlencoded}, or any type that merely contains it): Camel's
     * HTTP binding parses a POST body whose type starts so itself, whatever the container did (a variant type, a body
     * over the container's limit), and makes a message header of every pair in it — {@value #ADMIN} too. This filter
     * runs in the API's security chain (the API and the actuator; the console's and the simulators' chains, whose
     * forms are Spring MVC, have no such filter), and no API route takes form data: refused outright.
     */
    static boolean skjemaTilApi(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).contains("x-www-form-urlencoded");
    }

    /**
     * True when the query string names {@value #FAGSYSTEM} or {@value #ADMIN}: Camel would make a header of it, in the
     * caller's favour (a form body never gets this far: {@link #skjemaTilApi}).
     */
    static boolean nevnerEgne(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null) {
            return false;
        }
        for (String par : query.split("&")) {
            String navn = par.contains("=") ? par.substring(0, par.indexOf('=')) : par;
            try {
                navn = URLDecoder.decode(navn, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // not decodable: compared as sent
            }
            if (Wrapped.isOwn(navn.trim())) {
                return true;
            }
        }
        return false;
    }

    private static void avvis(HttpServletResponse response, int status, String problem) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(problem);
    }

    /** The fagsystem id of a token or certificate caller; null for anyone else. */
    static String caller(Object auth) {
        if (auth instanceof JwtAuthenticationToken jwt) {
            return firstNonBlank(jwt.getToken().getClaimAsString("client_id"), jwt.getToken().getClaimAsString("azp"), jwt.getToken().getSubject());
        }
        return auth instanceof ClientCertificateAuthentication certificate ? certificate.fagsystem() : null;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static final class Wrapped extends HttpServletRequestWrapper {
        private final String fagsystem;
        private final String admin;

        Wrapped(HttpServletRequest request, String fagsystem, boolean admin) {
            super(request);
            this.fagsystem = fagsystem;
            this.admin = admin ? "true" : null;
        }

        private String own(String name) {
            if (FAGSYSTEM.equalsIgnoreCase(name)) {
                return fagsystem;
            }
            return ADMIN.equalsIgnoreCase(name) ? admin : null;
        }

        private static boolean isOwn(String name) {
            return FAGSYSTEM.equalsIgnoreCase(name) || ADMIN.equalsIgnoreCase(name);
        }

        @Override
        public String getHeader(String name) {
            return isOwn(name) ? own(name) : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (isOwn(name)) {
                String v = own(name);
                return Collections.enumeration(v == null ? List.of() : List.of(v));
            }
            return super.getHeaders(name);
        }

        // parameters of the headers' names are hidden too: Camel copies the request's parameters into headers, and
        // those include a multipart request's text fields, which no check above sees
        @Override
        public String getParameter(String name) {
            return isOwn(name) ? null : super.getParameter(name);
        }

        @Override
        public String[] getParameterValues(String name) {
            return isOwn(name) ? null : super.getParameterValues(name);
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            Map<String, String[]> utenEgne = new LinkedHashMap<>(super.getParameterMap());
            utenEgne.keySet().removeIf(Wrapped::isOwn);
            return Collections.unmodifiableMap(utenEgne);
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(getParameterMap().keySet());
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
                String n = e.nextElement();
                if (!isOwn(n)) {
                    names.add(n);
                }
            }
            if (fagsystem != null) {
                names.add(FAGSYSTEM);
            }
            if (admin != null) {
                names.add(ADMIN);
            }
            return Collections.enumeration(names);
        }
    }
}

package no.kommune.esb.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Authenticates a request that came in over the mutual-TLS connector by its client certificate. The TLS handshake
 * has already proved the caller holds the key of a certificate issued by a trusted CA; this filter looks the
 * certificate up in {@link ClientCertificates}. A registered certificate becomes a
 * {@link ClientCertificateAuthentication}; an unregistered one is refused with 403 and a WARN naming its subject.
 * A request that already carries a valid bearer token (runs after the token filter) is left to the token: the token
 * names the caller, the certificate only opened the connection.
 */
public class ClientCertificateFilter extends OncePerRequestFilter {

    /** Where the servlet container puts the client's certificate chain (Servlet specification). */
    static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    /** RFC 9457 problem body of the refusal; it says no more than that the certificate is unknown. */
    private static final String NOT_REGISTERED = "{\"type\":\"urn:kommune-esb:problem:klientsertifikat-ikke-registrert\",\"title\":\"Forbidden\","
            + "\"status\":403,\"detail\":\"the client certificate is not registered for any fagsystem\"}";

    private static final Logger log = LoggerFactory.getLogger(ClientCertificateFilter.class);

    private final ClientCertificates clients;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    public ClientCertificateFilter(ClientCertificates clients) {
        this.clients = clients;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        X509Certificate certificate = clientCertificate(request);
        if (certificate == null || contexts.getContext().getAuthentication() != null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ClientCertificates.Registration> registration = clients.find(certificate);
        if (registration.isEmpty()) {
            log.warn("API request refused (403, client certificate not registered): {} {} with subject {}", request.getMethod(),
                    SecurityConfiguration.masked(request.getRequestURI()), certificate.getSubjectX500Principal().getName());
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("application/problem+json");
            response.getWriter().write(NOT_REGISTERED);
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new ClientCertificateAuthentication(registration.get()));
        contexts.setContext(context);
        chain.doFilter(request, response);
    }

    private static X509Certificate clientCertificate(HttpServletRequest request) {
        return request.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain && chain.length > 0 ? chain[0] : null;
    }
}

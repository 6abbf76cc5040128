package no.kommune.esb.platform.security;

import javax.security.auth.x500.X500Principal;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which client certificate is which caller: each registration names a certificate subject, optionally the issuing
 * CA, and the fagsystem and scope it stands for. Names are compared as X.500 names (order of attributes matters,
 * spacing and case do not), so {@code CN=skole,O=Bergen kommune} matches a certificate showing
 * {@code CN=skole, O=Bergen kommune}. A registration without issuer accepts the subject from any CA in the
 * truststore; with an issuer, only from that CA.
 */
public final class ClientCertificates {

    private static final String ANY = "*";

    private final List<Registration> registrations;

    private ClientCertificates(List<Registration> registrations) {
        this.registrations = List.copyOf(registrations);
    }

    /**
     * Checks and holds the registrations. Refuses an unknown scope, a blank fagsystem, a name that is not an X.500
     * name and two registrations that could both match one certificate (same subject, same or absent issuer).
     */
    public static ClientCertificates of(List<Registration> registrations) {
        Map<String, Set<String>> issuersBySubject = new HashMap<>();
        for (Registration r : registrations) {
            Set<String> issuers = issuersBySubject.computeIfAbsent(canonical(r.subject()), s -> new HashSet<>());
            String issuer = r.issuer() == null ? ANY : canonical(r.issuer());
            if (issuers.contains(issuer) || issuers.contains(ANY) || (issuer.equals(ANY) && !issuers.isEmpty())) {
                throw new IllegalArgumentException("client certificate subject " + r.subject().getName() + " is registered twice (fagsystem " + r.fagsystem() + ")");
            }
            issuers.add(issuer);
        }
        return new ClientCertificates(registrations);
    }

    /** The registration for this certificate's subject and issuer, if any. */
    public Optional<Registration> find(X509Certificate certificate) {
        String subject = canonical(certificate.getSubjectX500Principal());
        String issuer = canonical(certificate.getIssuerX500Principal());
        return registrations.stream()
                .filter(r -> canonical(r.subject()).equals(subject) && (r.issuer() == null || canonical(r.issuer()).equals(issuer)))
                .findFirst();
    }

    public List<Registration> registrations() {
        return registrations;
    }

    private static String canonical(X500Principal name) {
        return name.getName(X500Principal.CANONICAL);
    }

    /**
     * One caller known by its certificate.
     *
     * @param subject   the certificate's subject
     * @param issuer    the issuing CA's subject; null = any CA the truststore trusts
     * @param fagsystem the fagsystem id the caller acts as (like a token's {@code client_id})
     * @param scope     {@value SecurityConfiguration#FORSENDELSE} or {@value SecurityConfiguration#ADMIN}
     */
    public record Registration(X500Principal subject, X500Principal issuer, String fagsystem, String scope) {

        public Registration {
            if (subject == null) {
                throw new IllegalArgumentException("a client certificate registration needs a subject");
            }
            if (fagsystem == null || fagsystem.isBlank()) {
                throw new IllegalArgumentException("client certificate " + subject.getName() + " has no fagsystem");
            }
            if (!SecurityConfiguration.FORSENDELSE.equals(scope) && !SecurityConfiguration.ADMIN.equals(scope)) {
                throw new IllegalArgumentException("client certificate " + subject.getName() + " has scope '" + scope + "'; allowed are "
                        + SecurityConfiguration.FORSENDELSE + " and " + SecurityConfiguration.ADMIN);
            }
        }

        /** From configuration text; a blank issuer means any trusted CA, a blank scope a sender system. */
        public static Registration parse(String subject, String issuer, String fagsystem, String scope) {
            if (subject == null || subject.isBlank()) {
                throw new IllegalArgumentException("a client certificate registration (fagsystem " + fagsystem + ") needs a subject");
            }
            return new Registration(name(subject, fagsystem), issuer == null || issuer.isBlank() ? null : name(issuer, fagsystem), fagsystem,
                    scope == null || scope.isBlank() ? SecurityConfiguration.FORSENDELSE : scope);
        }

        public boolean admin() {
            return SecurityConfiguration.ADMIN.equals(scope);
        }

        private static X500Principal name(String text, String fagsystem) {
            try {
                return new X500Principal(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' (client certificate of " + fagsystem + ") is not an X.500 name", e);
            }
        }
    }
}

package no.kommune.esb.platform.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/**
 * A caller authenticated by a registered client certificate: named by its fagsystem and holding the registration's
 * scope as the same {@code SCOPE_…} authority a token would carry, so the API's rules treat both alike.
 */
public final class ClientCertificateAuthentication extends AbstractAuthenticationToken {

    private final ClientCertificates.Registration registration;

    public ClientCertificateAuthentication(ClientCertificates.Registration registration) {
        super(List.of(new SimpleGrantedAuthority("SCOPE_" + registration.scope())));
        this.registration = registration;
        setAuthenticated(true);
    }

    /** The fagsystem id. */
    @Override
    public Object getPrincipal() {
        return registration.fagsystem();
    }

    /** The certificate was checked in the TLS handshake; nothing is kept here. */
    @Override
    public Object getCredentials() {
        return null;
    }

    public String fagsystem() {
        return registration.fagsystem();
    }
}

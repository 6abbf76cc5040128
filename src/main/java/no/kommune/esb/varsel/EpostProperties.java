package no.kommune.esb.varsel;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code varsel.epost.*}: the SMTP server service messages are sent through. The sender exists only when
 * {@code host} is set (non-empty).
 *
 * @param host     SMTP host (the municipality's mail relay or an e-mail service)
 * @param port     SMTP port (587 with STARTTLS is usual)
 * @param username SMTP login; empty = no authentication (a relay that trusts the platform's address)
 * @param password SMTP password; secret, from the environment only
 * @param starttls require STARTTLS before anything is sent (always in production)
 * @param fra      From address, e.g. {@code ikke-svar@kommune.no}
 * @param domene   right-hand side of each Message-ID ({@code <mottakerbrevId@domene>})
 * @param timeout  connect, read and write timeout of the SMTP connection
 */
@ConfigurationProperties("varsel.epost")
public record EpostProperties(String host, Integer port, String username, String password, Boolean starttls, String fra,
                              String domene, Duration timeout) {

    public EpostProperties {
        port = port == null ? 587 : port;
        starttls = starttls == null || starttls;
        domene = domene == null || domene.isBlank() ? "kommune-esb" : domene;
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }

    /** Throws naming the first missing key. */
    public EpostProperties requireComplete() {
        if (host == null || host.isBlank()) {
            throw new IllegalStateException("varsel.epost.host must be set");
        }
        if (fra == null || fra.isBlank()) {
            throw new IllegalStateException("varsel.epost.fra must be set (VARSEL_EPOST_FRA)");
        }
        if (username != null && !username.isBlank() && (password == null || password.isBlank())) {
            throw new IllegalStateException("varsel.epost.password must be set when varsel.epost.username is (VARSEL_SMTP_PASSWORD)");
        }
        return this;
    }

    @Override
    public String toString() {
        return "EpostProperties[host=" + host + ", port=" + port + ", username=" + username + ", password="
                + (password == null ? "null" : "***") + ", starttls=" + starttls + ", fra=" + fra + "]";
    }
}

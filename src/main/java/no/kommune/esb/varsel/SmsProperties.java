package no.kommune.esb.varsel;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * {@code varsel.sms.*}: the SMS gateway. The client bean exists only when {@code base-url} is set (non-empty).
 *
 * @param baseUrl        gateway root; the client appends {@code /v1/messages}
 * @param apiKey         the platform's API key at the gateway (bearer); secret, from the environment only
 * @param avsender       sender shown on the phone: an alphanumeric sender id (at most 11 characters) or a number
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout timeout of one call
 */
@ConfigurationProperties("varsel.sms")
public record SmsProperties(URI baseUrl, String apiKey, String avsender, Duration connectTimeout, Duration requestTimeout) {

    public SmsProperties {
        avsender = avsender == null || avsender.isBlank() ? "Kommunen" : avsender;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(15) : requestTimeout;
    }

    /** Throws naming the first missing or wrong key. */
    public SmsProperties requireComplete() {
        if (baseUrl == null) {
            throw new IllegalStateException("varsel.sms.base-url must be set");
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalStateException("varsel.sms.api-key must be set (VARSEL_SMS_API_KEY)");
        }
        if (avsender.matches(".*[^0-9+].*") && avsender.length() > 11) {
            throw new IllegalStateException("varsel.sms.avsender: an alphanumeric sender id has at most 11 characters");
        }
        return this;
    }

    @Override
    public String toString() {
        return "SmsProperties[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "null" : "***") + ", avsender=" + avsender + "]";
    }
}

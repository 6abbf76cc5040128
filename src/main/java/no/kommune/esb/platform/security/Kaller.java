package no.kommune.esb.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/**
 * Who made an API request, as {@link FagsystemFilter} found it from the token or client certificate: {@code fagsystem}
 * (null when neither names one) and whether the caller holds the admin scope. Carried as an attribute of the servlet
 * request, which a caller cannot set, so an authorisation decision never rests on a Camel message header — Camel's
 * HTTP binding makes headers of the caller's own query parameters, form fields and multipart text fields.
 */
public record Kaller(String fagsystem, boolean admin) {

    /** The request attribute {@link FagsystemFilter} sets. */
    public static final String ATTRIBUTT = Kaller.class.getName();

    /** Nobody: no fagsystem, no admin scope (what a request without the filter's attribute is). */
    public static final Kaller INGEN = new Kaller(null, false);

    /**
     * The caller of the HTTP request behind {@code exchange}: from its servlet request (Camel's REST DSL), or from the
     * exchange property {@link #ATTRIBUTT} that Java code building an exchange for a request set from that request
     * ({@code OppslagController}; Camel never makes a property of request data). {@link #INGEN} for an exchange with
     * neither, so a mistake fails closed.
     */
    public static Kaller fra(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage http) {
            return fra(http.getRequest());
        }
        return exchange.getProperty(ATTRIBUTT) instanceof Kaller k ? k : INGEN;
    }

    /** The caller the filter stored on {@code request}; {@link #INGEN} when it stored none. */
    public static Kaller fra(HttpServletRequest request) {
        return request != null && request.getAttribute(ATTRIBUTT) instanceof Kaller k ? k : INGEN;
    }

    /** The fagsystem, or "-" for a log line or audit row of a caller without one. */
    public String navnEllerStrek() {
        return fagsystem == null ? "-" : fagsystem;
    }
}

package no.kommune.esb.platform;

import no.kommune.esb.platform.logg.FastOrdlyd;

/**
 * The platform's configuration does not let it do what it was asked (an environment variable a fagsystem's delivery
 * names is not set). Its message is the platform's own words naming settings and environment variables only, never
 * a value, a URL or anything from a message or a person, since {@link Feilaarsak} keeps it as the reason the console,
 * the API and a dead letter show ("feil i konfigurasjonen: …"), where any other exception's message is left out.
 */
public class Konfigurasjonsfeil extends IllegalStateException implements FastOrdlyd {

    public Konfigurasjonsfeil(String melding) {
        super(melding);
    }
}

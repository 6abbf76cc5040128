package no.kommune.esb.nhn;

import java.time.Duration;

/** Shared shape of the FLR and AR settings: the WSHttpBinding endpoint URL and the Basic login NHN issues. */
public interface NhnSoapProperties {

    String baseUrl();

    String username();

    String password();

    Duration connectTimeout();

    Duration requestTimeout();
}

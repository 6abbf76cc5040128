package no.kommune.esb.platform.web;

import no.kommune.esb.platform.logg.FastOrdlyd;

/**
 * A refusal of an API request in the platform's own words: which parameter or field, and what is wrong with it
 * ("query parameter dryRun must be true or false"), never a value read from stored data (a caller's own input at most,
 * identity numbers masked). The shared REST error handling answers it 400 with this message as detail
 * ({@link ApiFeilsvar#ugyldig}); any other {@link IllegalArgumentException} is answered with fixed words and an error id,
 * since its message may quote a person.
 */
public class UgyldigForespoersel extends IllegalArgumentException implements FastOrdlyd {

    public UgyldigForespoersel(String melding) {
        super(melding);
    }
}

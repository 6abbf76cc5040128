package no.kommune.esb.konsoll;

import no.kommune.esb.platform.Maskering;
import org.springframework.stereotype.Component;

/**
 * {@link Maskering#tekst} for the console's templates ({@code ${@maskering.tekst(...)}}): a letter's title, reference
 * and file names are the fagsystem's free text, and may hold an identity number or an e-mail address that the console
 * must not show in clear.
 */
@Component("maskering")
public class KonsollMaskering {

    public String tekst(String tekst) {
        return Maskering.tekst(tekst);
    }
}

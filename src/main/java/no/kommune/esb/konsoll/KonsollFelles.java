package no.kommune.esb.konsoll;

import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page shows: who is logged in. */
@ControllerAdvice(basePackageClasses = KonsollFelles.class)
public class KonsollFelles {

    @ModelAttribute
    void felles(Authentication innlogget, Model model) {
        model.addAttribute("bruker", bruker(innlogget));
    }

    /** The logged-in user's name from the identity provider (user-name-attribute), as written to the audit trail. */
    static String bruker(Authentication innlogget) {
        return innlogget == null ? "ukjent" : innlogget.getName();
    }

    /** A confirm page (konsoll/bekreft.html): what will happen, the button that does it, and where "back" goes. */
    static String bekreft(Model model, String side, String tittel, String tekst, String handling, String knapp, String tilbake) {
        model.addAttribute("side", side);
        model.addAttribute("overskrift", tittel);
        model.addAttribute("tekst", tekst);
        model.addAttribute("handling", handling);
        model.addAttribute("knapp", knapp);
        model.addAttribute("tilbake", tilbake);
        return "konsoll/bekreft";
    }
}

package no.kommune.esb.simulator.idp;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The simulated identity provider's login page ({@code /sim/idp/authorize}, authorization code flow with PKCE S256):
 * shows a login form for a registered browser client and redirect URI, and on a correct user name and password sends
 * the browser back with a one-time code. A wrong request (unknown client, unregistered redirect URI, no PKCE) is
 * answered here and never redirected, as a real IdP does.
 */
@Controller
public class IdpInnlogging {

    private final SimulatedIdp idp;

    public IdpInnlogging(SimulatedIdp idp) {
        this.idp = idp;
    }

    @GetMapping("/sim/idp/authorize")
    public String skjema(@RequestParam(value = "client_id", required = false) String clientId,
                         @RequestParam(value = "redirect_uri", required = false) String redirectUri,
                         @RequestParam(value = "response_type", required = false) String responseType,
                         @RequestParam(value = "code_challenge", required = false) String utfordring,
                         @RequestParam(value = "code_challenge_method", required = false) String metode,
                         Model model) {
        Optional<String> feil = ugyldig(clientId, redirectUri, responseType, utfordring, metode);
        model.addAttribute("klient", clientId);
        model.addAttribute("feil", feil.orElse(null));
        return "sim/idp-innlogging";
    }

    @PostMapping("/sim/idp/authorize")
    public String loggInn(@RequestParam(value = "client_id", required = false) String clientId,
                          @RequestParam(value = "redirect_uri", required = false) String redirectUri,
                          @RequestParam(value = "response_type", required = false) String responseType,
                          @RequestParam(value = "code_challenge", required = false) String utfordring,
                          @RequestParam(value = "code_challenge_method", required = false) String metode,
                          @RequestParam(value = "state", required = false) String state,
                          @RequestParam(value = "brukernavn", required = false) String brukernavn,
                          @RequestParam(value = "passord", required = false) String passord,
                          Model model) {
        Optional<String> feil = ugyldig(clientId, redirectUri, responseType, utfordring, metode);
        model.addAttribute("klient", clientId);
        if (feil.isPresent()) {
            model.addAttribute("feil", feil.get());
            return "sim/idp-innlogging";
        }
        Optional<SimulatedIdp.Bruker> bruker = idp.properties().brukere().stream()
                .filter(b -> b.brukernavn().equals(brukernavn) && passord != null
                        && MessageDigest.isEqual(b.passord().getBytes(StandardCharsets.UTF_8), passord.getBytes(StandardCharsets.UTF_8)))
                .findFirst();
        if (bruker.isEmpty()) {
            model.addAttribute("feil", "Feil brukernavn eller passord.");
            model.addAttribute("brukernavn", brukernavn);
            return "sim/idp-innlogging";
        }
        String kode = idp.innlogginger().nyKode(bruker.get(), clientId, redirectUri, utfordring);
        UriComponentsBuilder tilbake = UriComponentsBuilder.fromUriString(redirectUri).queryParam("code", kode);
        if (state != null) {
            tilbake.queryParam("state", state);
        }
        return "redirect:" + tilbake.encode().build().toUriString();
    }

    /** Why the request cannot get a login form, or empty when it can. */
    private Optional<String> ugyldig(String clientId, String redirectUri, String responseType, String utfordring, String metode) {
        Optional<SimulatedIdp.Client> klient = idp.properties().clients().stream()
                .filter(c -> c.clientId().equals(clientId) && c.nettleser()).findFirst();
        if (klient.isEmpty()) {
            return Optional.of("Ukjent klient.");
        }
        if (redirectUri == null || !klient.get().redirectUris().contains(redirectUri)) {
            return Optional.of("Adressen å sende tilbake til er ikke registrert for klienten.");
        }
        if (!"code".equals(responseType)) {
            return Optional.of("Bare response_type=code støttes.");
        }
        if (utfordring == null || !"S256".equals(metode)) {
            return Optional.of("PKCE (code_challenge med S256) kreves.");
        }
        return Optional.empty();
    }
}

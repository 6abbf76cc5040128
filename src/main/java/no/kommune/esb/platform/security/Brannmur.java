package no.kommune.esb.platform.security;

import org.springframework.security.web.firewall.StrictHttpFirewall;

import java.util.function.Predicate;

/**
 * Spring Security's {@link StrictHttpFirewall} with its own rules, only cheaper to check. Its default allows header
 * names and parameter names of assigned Unicode characters that are not control characters
 * ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}) and header values of the same plus the tab
 * ({@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}), checked by regular expressions on every header of every request
 * (~3 % of a look-up's CPU, docs/benchmarks.md "Session 10"). Here the same rules are checked by a loop over the
 * characters; parameter values stay unrestricted and every other rule of the firewall (encoded slashes, path
 * traversal, methods, host names) is the default's. {@code BrannmurTest} holds the loop to the default's expressions.
 */
final class Brannmur {

    /** Header and parameter names: every character assigned in Unicode and not a control character (category Cc). */
    static final Predicate<String> NAVN = tekst -> tillatt(tekst, false);
    /** Header values: as {@link #NAVN}, and the tab. */
    static final Predicate<String> HEADERVERDI = tekst -> tillatt(tekst, true);

    private Brannmur() {
    }

    static StrictHttpFirewall streng() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(NAVN);
        firewall.setAllowedHeaderValues(HEADERVERDI);
        firewall.setAllowedParameterNames(NAVN);
        return firewall;
    }

    private static boolean tillatt(String tekst, boolean tabulator) {
        for (int i = 0; i < tekst.length(); ) {
            // code points as the regular expression walks them: a pair is one, a lone surrogate is category Cs (assigned)
            int tegn = tekst.codePointAt(i);
            i += Character.charCount(tegn);
            int type = Character.getType(tegn);
            if (type == Character.UNASSIGNED || type == Character.CONTROL && !(tabulator && tegn == '\t')) {
                return false;
            }
        }
        return true;
    }
}

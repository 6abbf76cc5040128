package no.kommune.esb.platform.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class BrannmurTest {

    /** The expressions of Spring Security's StrictHttpFirewall (6.5) the loop must agree with. */
    private static final Pattern NAVN = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern HEADERVERDI = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain ASCII                  | Bearer eyJhbGciOi.abc-_x   | true  | true
            empty                        | ''                         | true  | true
            Norwegian letters            | Ærlig Øst Åsen             | true  | true
            tab                          | a\\tb                       | false | true
            newline (header splitting)   | a\\nSet-Cookie: x           | false | false
            carriage return              | a\\rb                       | false | false
            NUL                          | a\\u0000b                   | false | false
            DEL                          | a\\u007fb                   | false | false
            C1 control                   | a\\u0085b                   | false | false
            unassigned code point        | a\\u0378b                   | false | false
            emoji (a surrogate pair)     | 😀 ok                      | true  | true
            lone high surrogate          | a\\ud800                    | true  | true
            lone low surrogate           | \\udc00a                    | true  | true
            private use                  | \\ue000                     | true  | true
            """)
    void should_allow_and_refuse_what_the_default_firewall_does(String tilfelle, String raa, boolean navn, boolean verdi) {
        String tekst = unescape(raa);
        assertThat(Brannmur.NAVN.test(tekst)).as("name: " + tilfelle).isEqualTo(navn).isEqualTo(NAVN.matcher(tekst).matches());
        assertThat(Brannmur.HEADERVERDI.test(tekst)).as("value: " + tilfelle).isEqualTo(verdi).isEqualTo(HEADERVERDI.matcher(tekst).matches());
    }

    @Test
    void should_agree_with_the_default_expressions_on_random_text_across_all_of_unicode() {
        Random random = new Random(20261205);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder tekst = new StringBuilder();
            for (int i = random.nextInt(4); i >= 0; i--) {
                // mostly the first planes, where headers live, sometimes anywhere (including lone surrogates)
                tekst.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : (char) random.nextInt(0x3000));
                if (random.nextInt(16) == 0) {
                    tekst.appendCodePoint(0x10000 + random.nextInt(0x100000));
                }
            }
            String s = tekst.toString();
            assertThat(Brannmur.NAVN.test(s)).as("name %s", s.codePoints().boxed().toList()).isEqualTo(NAVN.matcher(s).matches());
            assertThat(Brannmur.HEADERVERDI.test(s)).as("value %s", s.codePoints().boxed().toList()).isEqualTo(HEADERVERDI.matcher(s).matches());
        }
    }

    private static String unescape(String raa) {
        StringBuilder ut = new StringBuilder();
        for (int i = 0; i < raa.length(); i++) {
            char c = raa.charAt(i);
            if (c == '\\' && i + 1 < raa.length()) {
                char neste = raa.charAt(++i);
                switch (neste) {
                    case 't' -> ut.append('\t');
                    case 'n' -> ut.append('\n');
                    case 'r' -> ut.append('\r');
                    case 'u' -> {
                        ut.append((char) Integer.parseInt(raa.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> ut.append(neste);
                }
            } else {
                ut.append(c);
            }
        }
        return ut.toString();
    }
}

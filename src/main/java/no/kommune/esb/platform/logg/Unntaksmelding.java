package no.kommune.esb.platform.logg;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which exception messages a log line may carry, the rule of the log's safety net ({@link MaskertMelding},
 * {@link MaskertUnntak}): an exception's message may quote its input (a register client's or a mapping's exception, a
 * JSON parser's "Unrecognized token 'Kari'", a JDBC driver's row), so it is left out, {@value #UTELATT} in its place,
 * and the class name stays; kept are only the messages of the platform's exceptions marked {@link FastOrdlyd} and of a
 * few JDK transport exceptions whose words are the network's ({@link #TRANSPORTENS_ORD}). A library's line that quotes
 * an exception in its text (Camel's error handler: "… caught: java.lang.IllegalStateException: …", Tomcat's
 * "Servlet.service() … threw exception [Request processing failed: …]", Spring MVC's "Resolved […]") is cut after the
 * first such class name; what follows Camel's "caught: " is an exception's text even without a class name (its
 * transaction error handler writes the message alone). Pure; no logback, no Spring.
 */
public final class Unntaksmelding {

    /** What stands where a message was left out. */
    public static final String UTELATT = "[melding utelatt]";

    /** JDK exceptions whose message is the network's or the HTTP client's own words ("Connection refused", a host name). */
    static final Set<String> TRANSPORTENS_ORD = Set.of("java.net.ConnectException", "java.net.SocketTimeoutException",
            "java.net.NoRouteToHostException", "java.net.UnknownHostException", "java.net.http.HttpTimeoutException",
            "java.net.http.HttpConnectTimeoutException");

    /** A message this short is not looked for in the text: it would replace parts of unrelated words. */
    private static final int KORTESTE_MELDING = 3;
    /** Class names remembered; past this a name is looked up each time (a log full of invented names cannot fill memory). */
    private static final int MAKS_KJENTE_NAVN = 10_000;
    private static final String FANGET = " caught: ";

    private enum Art { IKKE_UNNTAK, UNNTAK, VISES }

    private static final Map<String, Art> ARTER = new ConcurrentHashMap<>();

    /** An exception of a log event: its class name and message, as logback's proxy has them. */
    public record Unntak(String klassenavn, String melding) {
    }

    private Unntaksmelding() {
    }

    /** Whether the message of an exception of class {@code klassenavn} may be logged. */
    public static boolean kanVises(String klassenavn) {
        return art(klassenavn) == Art.VISES;
    }

    /**
     * {@code tekst} (a log line's message) without exception messages: first each message of {@code kjente} (the event's
     * exceptions and their causes) that may not be shown is replaced where the text quotes it, then the text is cut
     * after the first quoted exception class whose message may not be shown, and after Camel's "caught: " when no
     * exception class follows it.
     */
    public static String renset(String tekst, List<Unntak> kjente) {
        if (tekst == null || tekst.isEmpty()) {
            return tekst;
        }
        String t = tekst;
        if (!kjente.isEmpty()) {
            List<String> skjult = new ArrayList<>();
            for (Unntak u : kjente) {
                if (u.melding() != null && u.melding().length() >= KORTESTE_MELDING && !kanVises(u.klassenavn())) {
                    skjult.add(u.melding());
                }
            }
            // longest first: a wrapper's message often holds its cause's
            skjult.sort(Comparator.comparingInt(String::length).reversed());
            for (String m : skjult) {
                t = t.replace(m, UTELATT);
            }
        }
        return kuttet(t);
    }

    /** The text cut after the first exception class quoted with a message that may not be shown. */
    static String kuttet(String t) {
        for (int p = t.indexOf(':'); p >= 0; p = t.indexOf(':', p + 1)) {
            boolean kolon = p + 1 < t.length() && t.charAt(p + 1) == ' ';
            if (!kolon) {
                continue;
            }
            if (p >= FANGET.length() - 2 && t.startsWith(FANGET, p - (FANGET.length() - 2))) {
                String etter = navnFra(t, p + 2);
                if (art(etter) == Art.IKKE_UNNTAK) {
                    return t.substring(0, p + 2) + UTELATT;
                }
                continue;
            }
            String navn = navnTil(t, p);
            if (art(navn) == Art.UNNTAK) {
                return t.substring(0, p + 2) + UTELATT;
            }
        }
        // Camel's "Caused by: [org.x.SomeException - message]"
        for (int p = t.indexOf(" - "); p >= 0; p = t.indexOf(" - ", p + 1)) {
            if (art(navnTil(t, p)) == Art.UNNTAK) {
                return t.substring(0, p + 3) + UTELATT;
            }
        }
        return t;
    }

    private static boolean navnetegn(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '$';
    }

    /** The run of class-name characters that ends just before {@code slutt}. */
    private static String navnTil(String t, int slutt) {
        int s = slutt;
        while (s > 0 && navnetegn(t.charAt(s - 1))) {
            s--;
        }
        return t.substring(s, slutt);
    }

    /** The run of class-name characters that starts at {@code start}. */
    private static String navnFra(String t, int start) {
        int e = start;
        while (e < t.length() && navnetegn(t.charAt(e))) {
            e++;
        }
        return t.substring(start, e);
    }

    /** Whether {@code navn} is written as a fully qualified class name: {@code a.b.C}, {@code a.b.C$D}. */
    static boolean kvalifisertKlassenavn(String navn) {
        int sistePunkt = navn.lastIndexOf('.');
        return sistePunkt > 0 && sistePunkt < navn.length() - 1 && Character.isLowerCase(navn.charAt(0))
                && Character.isUpperCase(navn.charAt(sistePunkt + 1)) && !navn.contains("..");
    }

    private static Art art(String navn) {
        if (navn == null || !kvalifisertKlassenavn(navn)) {
            return Art.IKKE_UNNTAK;
        }
        Art art = ARTER.get(navn);
        if (art == null) {
            art = finnArt(navn);
            if (ARTER.size() < MAKS_KJENTE_NAVN) {
                ARTER.put(navn, art);
            }
        }
        return art;
    }

    private static Art finnArt(String navn) {
        try {
            Class<?> klasse = Class.forName(navn, false, Unntaksmelding.class.getClassLoader());
            if (!Throwable.class.isAssignableFrom(klasse)) {
                return Art.IKKE_UNNTAK;
            }
            return TRANSPORTENS_ORD.contains(navn) || FastOrdlyd.class.isAssignableFrom(klasse) ? Art.VISES : Art.UNNTAK;
        } catch (ClassNotFoundException | LinkageError e) {
            // a class this JVM does not have (another service's, quoted in its answer): its name alone tells
            String enkelt = navn.substring(Math.max(navn.lastIndexOf('.'), navn.lastIndexOf('$')) + 1);
            return enkelt.endsWith("Exception") || enkelt.endsWith("Error") || enkelt.endsWith("Throwable") ? Art.UNNTAK : Art.IKKE_UNNTAK;
        }
    }
}

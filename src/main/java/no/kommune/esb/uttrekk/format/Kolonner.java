package no.kommune.esb.uttrekk.format;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The columns of a table format (XLSX, the wash answer's CSV): each with a machine key (CSV header), a heading for
 * people (XLSX), whether it is a date, and how it is read from a row document. A withheld address leaves the address
 * columns empty and {@code adresseSperret} = "ja". The wash columns come first when the row is a wash answer: they
 * read the document's {@code vask} object ({@code linje}, {@code etterspurt}, {@code status}, {@code merknad}).
 * Pure: no I/O, no Spring.
 */
public final class Kolonner {

    /** A column; {@code dato} columns hold an ISO date (or "") that XLSX writes as a real date cell. */
    public record Kolonne(String noekkel, String overskrift, boolean dato, int bredde, Function<JsonNode, String> verdi) {
    }

    private Kolonner() {
    }

    /** The person's columns, with the wash columns first when {@code vask}. */
    public static List<Kolonne> av(boolean vask) {
        List<Kolonne> k = new ArrayList<>();
        if (vask) {
            k.add(new Kolonne("linje", "Linje", false, 7, d -> Persondokument.tekst(d.path("vask"), "linje")));
            k.add(new Kolonne("etterspurt", "Etterspurt", false, 14, d -> Persondokument.tekst(d.path("vask"), "etterspurt")));
            k.add(new Kolonne("status", "Status", false, 13, d -> Persondokument.tekst(d.path("vask"), "status")));
            k.add(new Kolonne("merknad", "Merknad", false, 34, d -> Persondokument.tekst(d.path("vask"), "merknad")));
        }
        k.add(new Kolonne("identitetsnummer", "Identitetsnummer", false, 14, d -> Persondokument.tekst(p(d), "identitetsnummer")));
        k.add(new Kolonne("fornavn", "Fornavn", false, 16, d -> Persondokument.tekst(p(d).path("navn"), "fornavn")));
        k.add(new Kolonne("mellomnavn", "Mellomnavn", false, 12, d -> Persondokument.tekst(p(d).path("navn"), "mellomnavn")));
        k.add(new Kolonne("etternavn", "Etternavn", false, 16, d -> Persondokument.tekst(p(d).path("navn"), "etternavn")));
        k.add(new Kolonne("foedselsdato", "Fødselsdato", true, 12, d -> Persondokument.tekst(p(d), "foedselsdato")));
        k.add(new Kolonne("personstatus", "Personstatus", false, 12, Kolonner::personstatus));
        k.add(new Kolonne("doedsdato", "Dødsdato", true, 12, d -> Persondokument.tekst(p(d), "doedsdato")));
        k.add(new Kolonne("adresse", "Adresse", false, 30, d -> gate(p(d))));
        k.add(new Kolonne("postnummer", "Postnr.", false, 8, d -> bosted(p(d), "postnummer")));
        k.add(new Kolonne("poststed", "Poststed", false, 16, d -> bosted(p(d), "poststed")));
        k.add(new Kolonne("kommunenummer", "Kommunenr.", false, 11, d -> Persondokument.tekst(p(d), "kommunenummer")));
        k.add(new Kolonne("adresseSperret", "Adresse sperret", false, 10, d -> Persondokument.sperret(p(d)) ? "ja" : ""));
        k.add(new Kolonne("deltBosted", "Delt bosted", false, 30, d -> String.join(" / ",
                Persondokument.deltBosted(p(d)).stream().map(l -> String.join(", ", l)).toList())));
        k.add(new Kolonne("foresatte", "Foresatte (foreldreansvar)", false, 45, Kolonner::foresatte));
        return k;
    }

    /** The register's status; "doed" for a person the row marks deceased even when the registration has no status (rule 6). */
    private static String personstatus(JsonNode d) {
        String status = Persondokument.tekst(p(d), "status").toLowerCase(Locale.ROOT);
        return status.isEmpty() && Persondokument.doed(p(d)) ? "doed" : status;
    }

    private static JsonNode p(JsonNode d) {
        return d.path("person");
    }

    /**
     * The residence's lines before postcode and place, or "" when absent or withheld; an address the register gave with
     * a value that cannot be read says so after what could be read ({@link Persondokument#UFULLSTENDIG}).
     */
    private static String gate(JsonNode person) {
        List<String> l = Persondokument.bosted(person);
        String gate = l.size() < 2 ? "" : String.join(", ", l.subList(0, l.size() - 1));
        return Persondokument.bostedUfullstendig(person) ? (gate + " (" + Persondokument.UFULLSTENDIG + ")").strip() : gate;
    }

    private static String bosted(JsonNode person, String felt) {
        return Persondokument.sperret(person) ? "" : Persondokument.tekst(person.get("bostedsadresse"), felt);
    }

    /**
     * "Name (role), address" per parent with foreldreansvar; no addresses for a child whose own is withheld; "Name
     * (role), død" for a deceased parent the register still names; "kan ikke leses fra Folkeregisteret (role)" for one
     * whose document cannot be read ({@link Persondokument#ULESBAR}).
     */
    private static String foresatte(JsonNode d) {
        boolean barnSperret = Persondokument.sperret(p(d));
        List<String> ut = new ArrayList<>();
        for (JsonNode r : d.path("relaterte")) {
            if (!r.path("foreldreansvar").asBoolean(false)) {
                continue;
            }
            // a holder whose document cannot be read: said so in place of the name, never an empty name (rule 7)
            String s = (Persondokument.ulesbar(r) ? Persondokument.ULESBAR : Persondokument.navn(r))
                    + " (" + Persondokument.tekst(r, "relasjon").toLowerCase(Locale.ROOT) + ")";
            if (Persondokument.ulesbar(r)) {
                ut.add(s);
                continue;
            }
            if (Persondokument.doed(r)) {
                // rule 6: reported as deceased, never with an address
                s += ", " + Persondokument.DOED;
            } else if (!barnSperret) {
                List<String> a = Persondokument.bosted(r);
                s += Persondokument.sperret(r) ? ", " + Persondokument.SPERRET : a.isEmpty() ? "" : ", " + String.join(" ", a)
                        + (Persondokument.bostedUfullstendig(r) ? " (" + Persondokument.UFULLSTENDIG + ")" : "");
            }
            ut.add(s);
        }
        return String.join("; ", ut);
    }
}

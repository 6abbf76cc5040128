package no.kommune.esb.oppslag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A citizen's "who looked at my data": the audit rows about one person grouped per fagsystem and purpose, with the
 * dates, as JSON or as a CSV file to hand over. Only calls that disclosed something count as looked at: {@code OK}
 * (the fields in {@code felter}) and {@code UTVANDRET} (a look-up or wash that told a fagsystem the person emigrated
 * from its kommune: the status and nothing else, audited without a field, shown as {@link #UTVANDRET} in
 * {@code felter}). Refused calls and answers that told nothing about the person ({@code IKKE_FUNNET},
 * {@code UTENFOR_POPULASJON}: the body of an unknown number) stay in the audit trail for the integration team but are
 * not a look-up of the citizen's data. Pure.
 */
public final class Innsyn {

    /**
     * The audit outcome of an answer that disclosed the person's emigrated status only, and how the innsyn names what it
     * disclosed (the row itself has no field: no register field went out).
     */
    public static final String UTVANDRET = "UTVANDRET";

    /** One fagsystem and purpose: how many look-ups, first and last, and each one. */
    public record Gruppe(String fagsystem, String formaal, int antall, Instant foerste, Instant siste, List<Oppslag> oppslag) {
    }

    public record Oppslag(Instant tidspunkt, String operasjon, String saksreferanse, String sluttbruker, List<String> felter) {
    }

    private Innsyn() {
    }

    public static List<Gruppe> grupper(List<Revisjonslogg.Innslag> innslag) {
        Map<String, List<Revisjonslogg.Innslag>> per = new LinkedHashMap<>();
        for (Revisjonslogg.Innslag i : innslag) {
            if ("OK".equals(i.utfall()) || UTVANDRET.equals(i.utfall())) {
                per.computeIfAbsent(i.fagsystem() + "\u0000" + i.formaal(), k -> new ArrayList<>()).add(i);
            }
        }
        List<Gruppe> ut = new ArrayList<>();
        per.values().forEach(liste -> {
            Revisjonslogg.Innslag f = liste.get(0);
            ut.add(new Gruppe(f.fagsystem(), f.formaal(), liste.size(), f.tidspunkt(), liste.get(liste.size() - 1).tidspunkt(),
                    liste.stream().map(i -> new Oppslag(i.tidspunkt(), i.operasjon(), i.saksreferanse(), i.sluttbruker(), utlevert(i))).toList()));
        });
        ut.sort((a, b) -> (a.fagsystem() + a.formaal()).compareTo(b.fagsystem() + b.formaal()));
        return ut;
    }

    /** What the call disclosed: the audited fields, or for an emigrant the emigrated status ({@link #UTVANDRET}). */
    private static List<String> utlevert(Revisjonslogg.Innslag i) {
        if (UTVANDRET.equals(i.utfall())) {
            return List.of(UTVANDRET);
        }
        return i.felter() == null || i.felter().isEmpty() ? List.of() : List.of(i.felter().split(","));
    }

    /** One line per look-up: tidspunkt;fagsystem;formaal;operasjon;saksreferanse;sluttbruker;felter (RFC 4180 quoting, ';'). */
    public static String csv(List<Gruppe> grupper) {
        StringBuilder sb = new StringBuilder("tidspunkt;fagsystem;formaal;operasjon;saksreferanse;sluttbruker;felter\r\n");
        for (Gruppe g : grupper) {
            for (Oppslag o : g.oppslag()) {
                sb.append(String.join(";", felt(o.tidspunkt().toString()), felt(g.fagsystem()), felt(g.formaal()), felt(o.operasjon()),
                        felt(o.saksreferanse()), felt(o.sluttbruker()), felt(String.join(",", o.felter())))).append("\r\n");
            }
        }
        return sb.toString();
    }

    private static String felt(String v) {
        if (v == null) {
            return "";
        }
        // a leading = + - @ would be read as a formula by a spreadsheet
        String t = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        return t.contains(";") || t.contains("\"") || t.contains("\n") || t.contains("\r") || t.contains(",")
                ? "\"" + t.replace("\"", "\"\"") + "\"" : t;
    }
}

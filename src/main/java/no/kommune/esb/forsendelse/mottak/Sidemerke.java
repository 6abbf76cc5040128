package no.kommune.esb.forsendelse.mottak;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of a list sorted by a time and then its id ends (or begins): that row's time and id, for keyset paging
 * ({@code ?etter=…} the rows after it, {@code ?foer=…} the rows before it). Unlike an offset it names a row, so rows
 * added to or taken out of the list meanwhile make no row come twice or never (the manual queue, the dead letters). As
 * text {@code <microseconds since 1970>_<id>}: the database keeps times to the microsecond, and the text needs no
 * escaping in a URL. Callers take it from a page's link and never build it.
 */
public record Sidemerke(Instant tid, UUID id) {

    private static final Pattern FORM = Pattern.compile("(-?\\d{1,17})_([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");

    public Sidemerke {
        if (tid == null || id == null) {
            throw new IllegalArgumentException("a page mark needs a time and an id");
        }
    }

    /** The mark as a URL parameter's value. */
    public String tekst() {
        long mikro = Math.addExact(Math.multiplyExact(tid.getEpochSecond(), 1_000_000L), tid.getNano() / 1_000);
        return mikro + "_" + id;
    }

    /** The mark {@link #tekst()} wrote; empty for anything else (then the caller answers 400). */
    public static Optional<Sidemerke> les(String tekst) {
        if (tekst == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(tekst);
        if (!m.matches()) {
            return Optional.empty();
        }
        long mikro = Long.parseLong(m.group(1));
        Instant tid = Instant.ofEpochSecond(Math.floorDiv(mikro, 1_000_000L), Math.floorMod(mikro, 1_000_000L) * 1_000L);
        return Optional.of(new Sidemerke(tid, UUID.fromString(m.group(2))));
    }
}

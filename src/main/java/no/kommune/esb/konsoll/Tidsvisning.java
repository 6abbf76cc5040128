package no.kommune.esb.konsoll;

import no.kommune.esb.platform.Norsktid;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Times on the console's pages, in Norwegian local time ({@code ${@tid.vis(t)}} in the templates). */
@Component("tid")
public class Tidsvisning {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss").withZone(Norsktid.SONE);

    public String vis(Instant t) {
        return t == null ? "–" : FORMAT.format(t);
    }

    public String vis(java.sql.Timestamp t) {
        return t == null ? "–" : vis(t.toInstant());
    }

    /** How long ago, roughly: "12 s", "5 min", "3 t", "2 d". */
    public String siden(Instant t) {
        if (t == null) {
            return "–";
        }
        long s = Math.max(0, Duration.between(t, Instant.now()).getSeconds());
        return s < 60 ? s + " s" : s < 3600 ? s / 60 + " min" : s < 86400 ? s / 3600 + " t" : s / 86400 + " d";
    }
}

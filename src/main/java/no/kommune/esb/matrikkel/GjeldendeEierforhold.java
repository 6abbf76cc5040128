package no.kommune.esb.matrikkel;

import no.kommune.esb.platform.Norsktid;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * Whether an ownership ({@code Eierforhold}) Matrikkelen gives is current, by its start and the two ends the contract
 * gives it (matrikkelenhet.xsd, basistyper.xsd): {@code datoFra} (a LocalDate, on a TinglystEierforhold and an
 * IkkeTinglystEierforhold: the day the ownership begins), {@code sluttdato} (a Timestamp, on every Eierforhold as a
 * MatrikkelComponentWithHistory: the end of that version; "Hvis et objekt ikke har noen sluttdato satt er datoen satt til
 * nåtid", the artificial {@code 9999-01-01}, Matrikkelapi.txt) and {@code datoTil} (a LocalDate, on an
 * IkkeTinglystEierforhold). Current means it has begun (a datoFra of today or before, in Norwegian time) and each end
 * given lies in the future: a version lives up to its sluttdato exclusive, and a datoTil of today has ended (only
 * "absent or in the future" counts). A time without an offset is read in Norwegian time. No Camel, no Spring, no XML:
 * the client reads the three texts and asks. Until this was fixed (closing notes) the start was not read, and an
 * ownership that begins next month counted as current: the buyer was told to the fee system as owner before the day.
 */
final class GjeldendeEierforhold {

    static final ZoneId NORGE = Norsktid.SONE;

    private GjeldendeEierforhold() {
    }

    /**
     * @param datoFra   the {@code datoFra/date} text (xs:date, an offset allowed), null when absent (begun)
     * @param sluttdato the {@code sluttdato/timestamp} text (xs:dateTime), null when absent
     * @param datoTil   the {@code datoTil/date} text (xs:date, an offset allowed), null when absent
     * @param naa       now
     * @throws DateTimeParseException when a start or end given cannot be read as its type (the client makes it a BAD_RESPONSE)
     */
    static boolean gjeldende(String datoFra, String sluttdato, String datoTil, Instant naa) {
        LocalDate idag = LocalDate.ofInstant(naa, NORGE);
        if (datoFra != null && dato(datoFra).isAfter(idag)) {
            return false;
        }
        if (sluttdato != null && !tidspunkt(sluttdato).isAfter(naa)) {
            return false;
        }
        return datoTil == null || dato(datoTil).isAfter(idag);
    }

    private static Instant tidspunkt(String tekst) {
        TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(tekst.strip(), OffsetDateTime::from, LocalDateTime::from);
        return t instanceof OffsetDateTime o ? o.toInstant() : ZonedDateTime.of((LocalDateTime) t, NORGE).toInstant();
    }

    private static LocalDate dato(String tekst) {
        return LocalDate.from(DateTimeFormatter.ISO_DATE.parse(tekst.strip()));
    }
}

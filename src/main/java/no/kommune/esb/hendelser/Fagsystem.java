package no.kommune.esb.hendelser;

import no.kommune.esb.folkeregister.Hendelsestype;
import no.kommune.esb.mapping.Innlesing;
import no.kommune.esb.mapping.MappingFormat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Set;

/**
 * A validated fagsystem registration, read from {@code config/fagsystemer/<id>.yaml} (see docs/hendelser.md).
 *
 * @param hendelsestyper event types the fagsystem receives
 * @param data           what it may see of the person
 * @param relaterte      which related persons come with each event, and what it may see of them
 * @param kilde          the registration file
 * @param oppslag        the purposes it may look persons up for through {@code /api/oppslag} (docs/oppslag.md)
 * @param vask           how its wash files are read (docs/uttrekk-formater-og-vask.md)
 */
public record Fagsystem(String id,
                        String navn,
                        Tjenesteomraade tjenesteomraade,
                        Set<Hendelsestype> hendelsestyper,
                        Populasjon populasjon,
                        Datatilgang data,
                        RelatertePersoner relaterte,
                        MappingRef mapping,
                        Levering levering,
                        RetryPolicy retry,
                        Path kilde,
                        Oppslag oppslag,
                        Vask vask) {

    public Fagsystem {
        hendelsestyper = Set.copyOf(hendelsestyper);
        oppslag = oppslag == null ? Oppslag.INGEN : oppslag;
        vask = vask == null ? Vask.STANDARD : vask;
    }

    /** True when events of this type go to this fagsystem. */
    public boolean abonnererPaa(Hendelsestype type) {
        return hendelsestyper.contains(type);
    }

    /** Whose events the fagsystem receives. */
    public sealed interface Populasjon permits Kommune, Portefolje {
    }

    /**
     * Residents of the municipality, including persons moving in and persons moving out; with {@code alder}, only
     * those whose age in whole years is within it (e.g. a school system: children only).
     */
    public record Kommune(String kommunenummer, Alder alder) implements Populasjon {
        public Kommune(String kommunenummer) {
            this(kommunenummer, null);
        }

        /** True when the person's age allows it (always, without an age range). */
        public boolean alderTillater(LocalDate foedselsdato, LocalDate idag) {
            return alder == null || alder.omfatter(foedselsdato, idag);
        }
    }

    /** An age range in whole years, both ends included; an unknown birth date is outside every range. */
    public record Alder(int fra, int til) {
        public boolean omfatter(LocalDate foedselsdato, LocalDate idag) {
            if (foedselsdato == null) {
                return false;
            }
            int aar = Period.between(foedselsdato, idag).getYears();
            return aar >= fra && aar <= til;
        }
    }

    /** Only persons the fagsystem has registered through the API. */
    public record Portefolje() implements Populasjon {
    }

    /**
     * @param felter             fields of the main person the fagsystem may see
     * @param beskyttedeAdresser true lets fortrolig and klientadresse addresses through; strengt fortrolig never passes
     */
    public record Datatilgang(Set<Felt> felter, boolean beskyttedeAdresser) {
        public Datatilgang {
            felter = Set.copyOf(felter);
        }

        public boolean tillater(Felt felt) {
            return felter.contains(felt);
        }
    }

    /** @param felter fields of each related person (a subset of {@link Felt#FOR_RELATERTE}) */
    public record RelatertePersoner(Set<Relasjon> roller, Set<Felt> felter) {
        public static final RelatertePersoner INGEN = new RelatertePersoner(Set.of(), Set.of());

        public RelatertePersoner {
            roller = Set.copyOf(roller);
            felter = Set.copyOf(felter);
        }
    }

    /**
     * Look-ups through {@code /api/oppslag}: the purposes (formål) a call may name. Empty: no look-ups at all.
     * What the answer holds is {@link #data()} and {@link #relaterte()}, the same as for events.
     *
     * @param utenforPopulasjonen true lets look-ups and washes reach persons outside the registration's population;
     *                            otherwise only interne tjenester may ({@link Populasjonsregel#gjelderOppslag})
     */
    public record Oppslag(List<String> formaal, boolean utenforPopulasjonen) {
        public static final Oppslag INGEN = new Oppslag(List.of(), false);

        public Oppslag {
            formaal = List.copyOf(formaal);
        }

        public boolean tillater(String formaal) {
            return formaal != null && this.formaal.contains(formaal);
        }
    }

    /**
     * How the fagsystem's wash files are read.
     *
     * @param innlesing the input layout that reads its own format into the values {@link #IDENTITETSNUMMER} (required),
     *                  {@link #ADRESSE} and {@link #POSTNUMMER}; null: the platform's simple CSV
     * @param formaal   the purpose of a file dropped over SFTP that does not name one itself (one of {@link #oppslag()}'s); may be null
     */
    public record Vask(Innlesing innlesing, String formaal) {
        public static final Vask STANDARD = new Vask(null, null);
        public static final String IDENTITETSNUMMER = "identitetsnummer";
        public static final String ADRESSE = "adresse";
        public static final String POSTNUMMER = "postnummer";
        /** The values a wash layout may name. */
        public static final List<String> FELTER = List.of(IDENTITETSNUMMER, ADRESSE, POSTNUMMER);
    }

    /** @param file the mapping file, resolved against the mappings folder */
    public record MappingRef(Path file, MappingFormat format) {
    }

    /** How the payload reaches the fagsystem. */
    public sealed interface Levering permits Kafka, Jms, Sftp, Http {
    }

    public record Kafka(String topic) implements Levering {
    }

    /** An Artemis queue. */
    public record Jms(String queue) implements Levering {
    }

    /**
     * A batch file on the platform's SFTP server.
     *
     * @param folder   folder under the SFTP root
     * @param schedule Spring cron expression (six fields: second minute hour day month weekday)
     * @param filename Camel file-language pattern, e.g. {@code elever-${date:now:yyyyMMdd}.csv}; the platform adds each
     *                 file's number ({@link #filnavnMedNummer})
     */
    public record Sftp(String folder, String schedule, String filename) implements Levering {

        /** The header that carries a batch file's number (zero-padded) into {@link #filnavnMedNummer}. */
        public static final String NUMMER_HEADER = "esbBatchfilnummer";

        /**
         * The file name Camel writes: the registered name with {@code -<the file's number>} before its extension (the
         * last '.' after the last {@code ${…}}), or at its end when it has none. Every file thus gets a name of its
         * own, also under a name with no time or a time that repeats within a second, and the names of one fagsystem
         * sort in the order its files were written.
         */
        public String filnavnMedNummer() {
            return settInnFoerEndelsen(filename, "-${header." + NUMMER_HEADER + "}");
        }

        static String settInnFoerEndelsen(String navn, String tillegg) {
            int punktum = navn.lastIndexOf('.');
            return punktum < 0 || punktum < navn.lastIndexOf('}') ? navn + tillegg
                    : navn.substring(0, punktum) + tillegg + navn.substring(punktum);
        }
    }

    public record Http(String url, Auth auth) implements Levering {
    }

    /**
     * HTTP authentication; secrets are read from the named environment variables at delivery time.
     */
    public record Auth(AuthType type, String usernameEnv, String passwordEnv, String tokenEnv) {
        public static final Auth NONE = new Auth(AuthType.NONE, null, null, null);
    }

    public enum AuthType { NONE, BASIC, BEARER }

    /** Delivery attempts: the first plus retries, delay growing by {@code multiplier} up to {@code maxDelay}. */
    public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {
        public static final RetryPolicy STANDARD = new RetryPolicy(5, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(10));

        /** Delay before attempt number {@code attempt} (2 = first retry). */
        public Duration delayBefore(int attempt) {
            if (attempt <= 1) {
                return Duration.ZERO;
            }
            double millis = initialDelay.toMillis() * Math.pow(multiplier, attempt - 2);
            return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
        }

        /** {@link #delayBefore(int)}, at most {@code maks} when that is given (the platform's cap, hendelser.levering.maks-vent). */
        public Duration delayBefore(int attempt, Duration maks) {
            Duration delay = delayBefore(attempt);
            return maks != null && delay.compareTo(maks) > 0 ? maks : delay;
        }
    }
}

package no.kommune.esb.uttrekk;

import com.fasterxml.jackson.core.JsonProcessingException;
import no.kommune.esb.mapping.MappingException;
import no.kommune.esb.uttrekk.format.ForStortUttrekkException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * Why a run stopped, in plain words for the status API ({@code GET /api/uttrekk/{id}}, {@code feil}): the step it was
 * in and the kind of failure, never an exception's message (a broker, the SFTP server or a parser may echo data from the
 * file) and never Java's class names. Only the platform's own refusals, written without personal data, are passed on:
 * a PDF too large ({@link ForStortUttrekkException}), a file name taken in the folder by another file ({@link
 * UttrekkLeverer.FilnavnOpptattException}) and a mapping that failed ({@link MappingException}: file and
 * reason, never the input). Pure.
 */
public final class Feilgrunn {

    /** The step of a run. */
    public enum Steg {
        /** Ordering and reading batches, looking persons up, appending rows to the work file. */
        HENTE,
        /** Writing the work file out in the order's format. */
        SKRIVE,
        /** Delivering to the fagsystem's SFTP folder. */
        LEVERE_SFTP,
        /** Delivering to a Kafka topic. */
        LEVERE_KAFKA,
        /** Recording the delivery and cleaning up. */
        AVSLUTTE
    }

    private Feilgrunn() {
    }

    /**
     * Why a run was given up before it began: the order stored for it no longer reads (a platform upgrade, an edited row).
     * The field by its key where the check names one; never the check's message, which may quote the order's values
     * (a parser's "Cannot deserialize value … from String \"…\"").
     */
    public static String bestillingUlesbar(IllegalArgumentException e) {
        return e instanceof Uttrekksbestilling.UgyldigBestillingException u && !u.ukjentNoekkel() && u.sti() != null
                ? "den lagrede bestillingen kan ikke leses (" + u.sti() + ")" : "den lagrede bestillingen kan ikke leses";
    }

    /**
     * Why a run was given up before it began: its order no longer fits the registration now live. The platform's check
     * against the settings ({@link Uttrekksregister#valider}: a role no longer in the registration, another fagsystem's
     * folder or topic, a format's mapping) by its words, which name settings only; anything else (an unknown fagsystem
     * or format, or an {@link IllegalArgumentException} from deeper down) in fixed words. Before session 33 any such
     * message was stored and shown.
     */
    public static String passerIkkeRegistreringen(IllegalArgumentException e) {
        return e instanceof Uttrekksbestilling.UgyldigBestillingException
                ? "bestillingen passer ikke lenger med registreringen: " + e.getMessage()
                : "bestillingens fagsystem eller format er ikke registrert nå";
    }

    public static String av(Steg steg, Throwable e) {
        if (e instanceof ForStortUttrekkException || e instanceof UttrekkLeverer.FilnavnOpptattException) {
            return e.getMessage();
        }
        if (e instanceof MappingException m) {
            return "mappingen " + m.file().getFileName() + " feilet: " + m.reason();
        }
        return switch (steg) {
            case HENTE -> e instanceof IOException ? "skrivefeil i arbeidsfilen" : "uventet feil under henting fra Folkeregisteret";
            case SKRIVE -> e instanceof NoSuchFileException ? "arbeidsfilen mangler"
                    : e instanceof JsonProcessingException ? "lesefeil i arbeidsfilen"
                    : e instanceof IOException ? "lese- eller skrivefeil i arbeidsmappen" : "uventet feil da filen ble skrevet i formatet";
            case LEVERE_SFTP -> "SFTP-levering feilet";
            case LEVERE_KAFKA -> "Kafka-levering feilet";
            case AVSLUTTE -> "uventet feil etter levering";
        };
    }
}

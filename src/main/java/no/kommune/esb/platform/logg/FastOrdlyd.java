package no.kommune.esb.platform.logg;

/**
 * Marks an exception of the platform whose message is its own fixed wording, without personal data (no identity
 * number, name, address, phone number or e-mail; settings, ids and counts only): the log's safety net keeps such a
 * message ({@link Unntaksmelding}), where it leaves every other exception's message out. Put it only on a class whose
 * every constructor call was read for that, and keep it so.
 */
public interface FastOrdlyd {
}

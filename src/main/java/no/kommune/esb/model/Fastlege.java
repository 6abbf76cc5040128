package no.kommune.esb.model;

/**
 * A patient's GP (fastlege) from Fastlegeregisteret: the GP contract's HER-id, the doctor's name when the
 * register gives it, and the office (legekontor) with its organisation number. Public professional data only.
 */
public record Fastlege(Integer herId, String navn, String legekontor, String legekontorOrganisasjonsnummer, Long fastlegeavtaleId) {
}

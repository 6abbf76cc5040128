package no.kommune.esb.model;

/**
 * An owner of a property unit: a person (with identity number) or an organisation (with organisasjonsnummer).
 * Exactly one of {@code person} and {@code organisasjonsnummer} is set; {@code toString} masks the person.
 */
public record Eier(Identitetsnummer person, String organisasjonsnummer, String navn) {

    public static Eier person(Identitetsnummer id, String navn) {
        return new Eier(id, null, navn);
    }

    public static Eier organisasjon(String organisasjonsnummer, String navn) {
        return new Eier(null, organisasjonsnummer, navn);
    }

    public boolean erOrganisasjon() {
        return organisasjonsnummer != null;
    }

    @Override
    public String toString() {
        return erOrganisasjon() ? "Eier[org " + organisasjonsnummer + "]" : "Eier[person " + (person == null ? "ukjent" : person.masked()) + "]";
    }
}

package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Person;

/** Which Folkeregister address the postal lines were taken from (rule 4). */
public enum Adressekilde {
    POSTADRESSE, POSTADRESSE_I_UTLANDET, BOSTEDSADRESSE, INGEN;

    /** That address of the person; null for {@link #INGEN}. */
    Adresse av(Person p) {
        return switch (this) {
            case POSTADRESSE -> p.postadresse();
            case POSTADRESSE_I_UTLANDET -> p.postadresseIUtlandet();
            case BOSTEDSADRESSE -> p.bostedsadresse();
            case INGEN -> null;
        };
    }
}

package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Identitetsnummer;

import java.util.Objects;

/** Whom the fagsystem addressed the letter to: a person (looked up in Folkeregisteret and KRR) or an organisation. */
public sealed interface Brevmottaker permits Brevmottaker.Privatperson, Brevmottaker.Virksomhet {

    record Privatperson(Identitetsnummer id) implements Brevmottaker {
        public Privatperson {
            Objects.requireNonNull(id, "id");
        }
    }

    /** An organisation: SvarUt delivers by organisation number; the name comes from the fagsystem (SvarUt requires one). */
    record Virksomhet(Organisasjonsnummer orgnr, String navn) implements Brevmottaker {
        public Virksomhet {
            Objects.requireNonNull(orgnr, "orgnr");
            if (navn == null || navn.isBlank()) {
                throw new IllegalArgumentException("an organisation recipient needs a name (SvarUt mottaker.navn)");
            }
        }
    }
}

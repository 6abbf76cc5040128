package no.kommune.esb.nhn;

import no.kommune.esb.EndToEndTest;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The local profile wires Persontjenesten with HelseID tokens from the simulated HelseID. */
class PersontjenestenHelseIdEndToEndTest extends EndToEndTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    SyntheticPopulation population;

    @Test
    void should_look_up_a_population_person_in_persontjenesten_through_helseid() {
        PersontjenestenClient client = context.getBean("persontjenestenClient", PersontjenestenClient.class);
        assertThat(context.getBean("helseIdAccessTokenProvider")).isInstanceOf(HelseIdClient.class);
        String nin = population.find(Kind.VANLIG_VOKSEN).id();

        Person person = client.person(Identitetsnummer.of(nin)).orElseThrow();

        assertThat(person.id().value()).isEqualTo(nin);
        assertThat(person.status()).isEqualTo(no.kommune.esb.model.Personstatus.BOSATT);
    }

    @Test
    void should_report_a_deceased_person_and_a_strictly_confidential_one_as_the_population_has_them() {
        PersontjenestenClient client = context.getBean("persontjenestenClient", PersontjenestenClient.class);

        Person doed = client.person(Identitetsnummer.of(population.find(Kind.DOED).id())).orElseThrow();
        Person beskyttet = client.person(Identitetsnummer.of(population.find(Kind.STRENGT_FORTROLIG).id())).orElseThrow();

        assertThat(doed.status()).isEqualTo(no.kommune.esb.model.Personstatus.DOED);
        assertThat(beskyttet.gradering()).isEqualTo(no.kommune.esb.model.Gradering.STRENGT_FORTROLIG);
        assertThat(beskyttet.bostedsadresse()).as("a strictly confidential address is not handed out").isNull();
    }
}

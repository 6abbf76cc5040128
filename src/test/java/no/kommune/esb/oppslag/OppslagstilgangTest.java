package no.kommune.esb.oppslag;

import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.oppslag.Oppslagstilgang.Avgjoerelse;
import no.kommune.esb.oppslag.Oppslagstilgang.Avslag;
import no.kommune.esb.oppslag.Oppslagstilgang.Tillatt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class OppslagstilgangTest {

    /** The shipped registrations: skole, barnevern, pleie-omsorg, eiendomsskatt, lonn; sak-arkiv has none. */
    private static final FagsystemRegistry REGISTRERINGER = FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings"));

    // caller | admin | fagsystem parameter | formaal | expected: OK:<fagsystem> or <status>:<type>
    @ParameterizedTest(name = "{0} admin={1} fagsystem={2} formaal={3} → {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "skole       | false | -              | skoleplass        | OK:skole",
            "skole       | false | skole          | skoleskyss        | OK:skole",
            "skole       | false | barnevern      | barnevernssak     | 403:annet-fagsystem",
            "skole       | false | -              | pasientbehandling | 403:formaal-ikke-registrert",
            "skole       | false | -              | -                 | 400:formaal-mangler",
            "skole       | false | -              | '  '              | 400:formaal-mangler",
            "sak-arkiv   | false | -              | arkivering        | 403:ingen-registrering",
            "-           | false | -              | skoleplass        | 403:ingen-registrering",
            "integrasjon | true  | -              | skoleplass        | 400:fagsystem-mangler",
            "integrasjon | true  | pleie-omsorg   | pasientbehandling | OK:pleie-omsorg",
            "integrasjon | true  | ukjent         | skoleplass        | 403:ingen-registrering",
            "integrasjon | true  | eiendomsskatt  | skoleplass        | 403:formaal-ikke-registrert",
    })
    void should_decide_registration_and_purpose(String kaller, boolean admin, String fagsystem, String formaal, String forventet) {
        Avgjoerelse a = Oppslagstilgang.avgjoer(kaller, admin, fagsystem, formaal, REGISTRERINGER::finn);

        String faktisk = a instanceof Tillatt t ? "OK:" + t.fagsystem() : ((Avslag) a).status() + ":" + ((Avslag) a).type();
        assertThat(faktisk).isEqualTo(forventet);
    }

    @Test
    void should_name_the_registered_purposes_when_the_purpose_is_missing() {
        Avslag a = (Avslag) Oppslagstilgang.avgjoer("skole", false, null, null, REGISTRERINGER::finn);

        assertThat(a.detalj()).contains("skoleplass", "skoleskyss", "foreldrekontakt");
    }

    @Test
    void should_allow_family_only_to_registrations_with_related_persons() {
        assertThat(Oppslagstilgang.familieTillatt(REGISTRERINGER.finn("skole").orElseThrow())).isTrue();
        assertThat(Oppslagstilgang.familieTillatt(REGISTRERINGER.finn("lonn").orElseThrow())).isFalse();
    }
}

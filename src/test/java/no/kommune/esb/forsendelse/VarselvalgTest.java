package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.KrrKontakt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static no.kommune.esb.forsendelse.TestData.FERSK;
import static no.kommune.esb.forsendelse.TestData.T0;
import static no.kommune.esb.forsendelse.TestData.UTGAATT;
import static no.kommune.esb.forsendelse.Varslingskanal.EPOST;
import static no.kommune.esb.forsendelse.Varslingskanal.SMS;
import static org.assertj.core.api.Assertions.assertThat;

class VarselvalgTest {

    static final Identitetsnummer ID = TestData.syntetisk(LocalDate.of(1980, 5, 17), 100);
    static final Set<Varslingskanal> BEGGE = Set.of(SMS, EPOST);

    static Stream<Arguments> tilfeller() {
        return Stream.of(
                // situation, allowed by the decision, fresh KRR answer at send time, gateways set up, expected channel
                Arguments.of("reserved, both channels fresh: SMS preferred", BEGGE, TestData.krrReservert(ID, FERSK, FERSK), BEGGE, SMS),
                Arguments.of("reserved, only e-mail fresh", Set.of(EPOST), TestData.krrReservert(ID, UTGAATT, FERSK), BEGGE, EPOST),
                Arguments.of("reserved, only the mobile number registered", Set.of(SMS), TestData.krrReservert(ID, FERSK, null), BEGGE, SMS),
                Arguments.of("not reserved, KAN_VARSLES, mobile only", Set.of(SMS), TestData.krrVarselUtenPostkasse(ID), BEGGE, SMS),
                Arguments.of("both allowed but only an SMTP server set up", BEGGE, TestData.krrReservert(ID, FERSK, FERSK), Set.of(EPOST), EPOST),
                Arguments.of("decision allowed SMS, the mobile number was removed since", Set.of(SMS), TestData.krrReservert(ID, null, FERSK), BEGGE, null),
                Arguments.of("decision allowed SMS, KRR now says it is older than 18 months", Set.of(SMS), TestData.krrReservert(ID, UTGAATT, null), BEGGE, null),
                Arguments.of("not reserved but KAN_IKKE_VARSLES now (rule 2)", BEGGE, TestData.krrUtgaatt(ID), BEGGE, null),
                Arguments.of("deleted from KRR since the decision", BEGGE, TestData.krrStatus(ID, KrrKontakt.Status.SLETTET), BEGGE, null),
                Arguments.of("no answer from KRR for the person", BEGGE, null, BEGGE, null),
                Arguments.of("no gateway set up at all", BEGGE, TestData.krrReservert(ID, FERSK, FERSK), Set.of(), null),
                Arguments.of("only SMS allowed, only e-mail set up", Set.of(SMS), TestData.krrReservert(ID, FERSK, FERSK), Set.of(EPOST), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tilfeller")
    void should_choose_the_channel_the_decision_the_fresh_krr_answer_and_the_gateways_all_allow(
            String tilfelle, Set<Varslingskanal> besluttet, KrrKontakt fersk, Set<Varslingskanal> tilgjengelige, Varslingskanal forventet) {
        assertThat(Varselvalg.velg(besluttet, fersk, T0, tilgjengelige)).isEqualTo(Optional.ofNullable(forventet));
    }

    @Test
    void should_say_whether_any_allowed_channel_has_a_gateway() {
        assertThat(Varselvalg.kanSendes(Set.of(SMS), Set.of(SMS, EPOST))).isTrue();
        assertThat(Varselvalg.kanSendes(BEGGE, Set.of(EPOST))).isTrue();
        assertThat(Varselvalg.kanSendes(Set.of(SMS), Set.of(EPOST))).isFalse();
        assertThat(Varselvalg.kanSendes(BEGGE, Set.of())).isFalse();
    }
}

package no.kommune.esb.forsendelse.flyt;

import no.kommune.esb.forsendelse.Brev;
import no.kommune.esb.forsendelse.Brevtype;
import no.kommune.esb.forsendelse.Kanal;
import no.kommune.esb.forsendelse.Mottakerbeslutning;
import no.kommune.esb.forsendelse.Mottakerrolle;
import no.kommune.esb.forsendelse.Regel;
import no.kommune.esb.forsendelse.Varslingskanal;
import no.kommune.esb.krr.KrrClient;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.varsel.EpostSender;
import no.kommune.esb.varsel.SmsClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.ObjectProvider;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class VarselSenderTest {

    // KRR no longer allows the decided channel (no contact data in the fresh look-up): nothing is sent and the failure goes
    // through Forsoksregel. When the letter was taken over meanwhile (OVERTATT, nothing recorded) it is counted overtatt,
    // as every other taken-over case; before, nothing was counted. The other outcomes are not send attempts and stay
    // uncounted, as before.
    @ParameterizedTest(name = "{0}")
    @CsvSource({"overtatt, 1", "nytt_forsoek, 0", "dead_letter, 0"})
    @SuppressWarnings("unchecked")
    void should_count_a_taken_over_letter_when_krr_changed_since_the_decision(String utfall, int telt) {
        BehandlingRepository repository = mock(BehandlingRepository.class);
        KrrClient krr = mock(KrrClient.class);
        when(krr.personer(any())).thenReturn(List.of());
        ObjectProvider<SmsClient> sms = mock(ObjectProvider.class);
        when(sms.getIfAvailable()).thenReturn(mock(SmsClient.class));
        ObjectProvider<EpostSender> epost = mock(ObjectProvider.class);
        ForsendelseMetrikker metrikker = mock(ForsendelseMetrikker.class);
        Forsoksregel forsoksregel = mock(Forsoksregel.class);
        when(forsoksregel.feilet(any(), any(), any(), anyInt(), anyBoolean(), any(), any())).thenReturn(utfall);
        VarselSender sender = new VarselSender(repository, krr, sms, epost, metrikker, forsoksregel);

        Identitetsnummer mottaker = Identitetsnummer.of("12859020044");
        UUID krav = UUID.randomUUID();
        BehandlingRepository.Brevrad brev = new BehandlingRepository.Brevrad(UUID.randomUUID(),
                Brev.tilPerson("teknisk", "REF-V", "Vannet stenges", mottaker, Brevtype.TJENESTEMELDING, false), krav);
        BehandlingRepository.Mottakerrad rad = new BehandlingRepository.Mottakerrad(UUID.randomUUID(), Mottakerstatus.KLAR_FOR_SENDING,
                5, null, null, null);
        Mottakerbeslutning b = new Mottakerbeslutning("REF", mottaker, mottaker, null, Mottakerrolle.MOTTAKER, Kanal.VARSEL_SMS_EPOST,
                Regel.R3_VARSEL, null, false, Set.of(Varslingskanal.SMS), null, false, null, null);

        sender.sendAlle(List.of(new VarselSender.Varsel(brev, rad, b)));

        verify(forsoksregel).feilet(eq(brev.id()), eq(rad.id()), eq(krav), eq(5), eq(true), any(), any());
        verify(metrikker, times(telt)).sending("varsel", ForsendelseBehandler.OVERTATT);
        verify(metrikker, never()).sending(anyString(), eq("sendt"));
        verify(repository, never()).varselBegynner(any(), any(), any());
    }
}

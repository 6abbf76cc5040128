package no.kommune.esb.proaktiv;

import java.util.List;

/** A trigger file as written, before validation; unknown keys are found on the YAML tree (YamlPosisjoner). */
record Utloeserfil(List<String> hendelsestyper, Datoregel datoregel, Betingelser betingelser, String mottaker, Mal mal, Melding melding,
                   String avsenderSystem, String brevtype, Boolean aktiv) {

    record Datoregel(Integer fyllerAar, String foer, String kilde) {
    }

    record Betingelser(String kommune, Alder alder, Boolean flyttetInn) {
    }

    record Alder(Integer fra, Integer til) {
    }

    record Mal(String tittel, String tekst, String varseltekst) {
    }

    record Melding(String fagsystem, String mapping) {
    }
}

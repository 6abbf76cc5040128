package no.kommune.esb.svarut;

import java.time.OffsetDateTime;

/** One entry in a forsendelse's history ({@code Hendelse} in forsendelse-hendelser-api-v2.json): when and what. */
public record SvarUtHendelse(OffsetDateTime tidspunkt, String hendelse) {
}

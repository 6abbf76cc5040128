package no.kommune.esb.hendelser;

import no.kommune.esb.mapping.Mapping;

import java.util.Optional;

/**
 * The mappings of deliveries that are not a registration's own event message ({@code levering.melding} not empty,
 * e.g. a proactive trigger's message, docs/proaktiv.md). The delivery maps such a row with this mapping instead of the
 * registration's, at each attempt, so a retry uses the mapping live then.
 */
public interface Meldingsmappinger {

    /** The compiled mapping of the message kind {@code melding}; empty when no loaded configuration has it (any more). */
    Optional<Mapping> mapping(String melding);
}

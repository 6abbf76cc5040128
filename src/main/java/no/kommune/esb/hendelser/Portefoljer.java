package no.kommune.esb.hendelser;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The portfolios of portfolio registrations (table {@code portefolje}, filled through {@code PUT /api/fagsystemer/{fagsystem}/portefolje/{ident}}). */
@Component
public class Portefoljer implements Populasjonsregel.Portefolje {

    private final JdbcTemplate jdbc;

    public Portefoljer(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<String> iPortefoljen(String fagsystem, List<String> identitetsnumre) {
        if (identitetsnumre.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList("select identifikator from portefolje where fagsystem = ? and identifikator = any(?)",
                String.class, fagsystem, identitetsnumre.toArray(String[]::new)));
    }
}
